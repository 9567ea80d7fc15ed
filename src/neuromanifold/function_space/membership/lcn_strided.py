r"""Membership for 1D convolutional networks with strides: common factors of polyphase components.

**Derivations** (checked by tests, including perturbation tests).

*Two layers with stride* :math:`s` (Kohn–Montúfar–Shahverdi–Trager 2024). With
:math:`a = k_1 - 1`, :math:`m = k_2 - 1` write :math:`f(x) = \sum_{r<s} x^r f_r(x^s)` and
:math:`p(x) = \sum_{r<s} x^r p_r(x^s)`. Then :math:`f = p(x) q(x^s)` iff :math:`f_r = p_r q` for
all :math:`r`. Degree bookkeeping makes this projective: :math:`f_r` is a form of degree
:math:`e_r = \lfloor (a - r)/s \rfloor + m` for :math:`r \le a` and must vanish for :math:`r > a`
(possible only when :math:`k_1 < s`). So :math:`f \in V` iff the forms :math:`F_r` have a common
factor of degree :math:`\ge m`: :math:`\deg G \ge m` for :math:`G = \gcd_r F_r` (an exact gcd over
:math:`\mathbb{Q}`, infinity included), and :math:`f \in M` iff moreover :math:`G` has a *real*
divisor of degree :math:`m`: :math:`m` even, or :math:`G` has a real projective root. When
:math:`k_1 \le s` every nonzero :math:`F_r` has degree :math:`m`, so :math:`G` is real of degree
:math:`m` and :math:`M = V(\mathbb{R})`. Example: ``lcn:k=3,2:s=2,1``, :math:`x^4 + 1`:
:math:`F_0 = y^2 + 1`, :math:`F_1 = 0`, :math:`G = y^2+1` has degree 2 ≥ 1 but no real root.

*Strata with strides.* If :math:`\deg G = m` the divisor :math:`Q = G` is unique up to scale
(hence real), the fiber is one rescaling orbit and :math:`d\mu` has full rank there
(:math:`\gcd(G/Q, Q) = 1`: no shared hyperroot), so :math:`f` is a smooth interior point (constant
rank theorem plus properness of the cone map). If :math:`\deg G > m` the fiber has several orbits
(branches of :math:`M`) or :math:`d\mu` drops rank on it (a hyperroot :math:`\gcd(G/Q, Q) \ne 1`);
we classify such points as **singular** — a definition-based classification, not a theorem of
the cited papers; tests check it against the implicit equations of ``lcn:k=2,2:s=2,1``
(:math:`c_0c_3 = c_1c_2`) and ``lcn:k=3,2:s=2,1`` (the cubic) where it agrees with
:math:`\operatorname{Sing} V`. Boundary: near a smooth point :math:`V(\mathbb{R}) = M`; a singular
point is on the boundary when :math:`m` is odd, :math:`k_1 > s` and :math:`G` can be perturbed to
have no real roots (:math:`n_{odd}(G) = 0`: replace :math:`F_r` by :math:`(F_r/G)\,G'`); it is not
when no real divisor of :math:`G` of degree :math:`> m` can lose all its real roots; otherwise
``boundary`` is ``None`` (undecided). :math:`f = 0` is singular (vertex of a non-linear cone).

*More than two layers with strides*: the last layer is split off as above and the rest decided
recursively; candidate divisors are products of the rational irreducible factors of :math:`G`,
which is complete when every such factor is linear or a quadratic without real roots; otherwise
a :class:`~neuromanifold.function_space.membership.base.NotSupportedError` says so.

Float input is decided exactly on the floats' binary values when that value is a member;
otherwise :func:`~neuromanifold.function_space.membership.witness.fit_float` fits :math:`\mu(\theta) \approx f` numerically (not certified).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import flint
import numpy as np

from neuromanifold.algebra.binary_form import (
    distribute,
    exact_units,
    multiply_units,
    q_factors,
    real_units,
    root_structure,
)
from neuromanifold.architectures import LinearConvNetwork
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.function_space.membership.base import (
    KMST24,
    Decision,
    NotSupportedError,
)
from neuromanifold.function_space.membership.lcn_stride_one import stride_one
from neuromanifold.parametrization import parametrization

__all__ = ["check_rank", "strided"]


def _polyphase(
    g: Sequence[flint.fmpq], a: int, s: int, m: int
) -> tuple[list[tuple[int, flint.fmpq_poly, int]], list[int]]:
    """Polyphase components f_r as forms (r, poly, formal degree e_r), and the r > a that must vanish."""
    forms, forced = [], []
    for r in range(s):
        comp = flint.fmpq_poly(list(g[r::s]))
        if r > a:
            if not comp.is_zero():
                forced.append(r)
            continue
        forms.append((r, comp, (a - r) // s + m))
    return forms, forced


def _common_factor(
    forms: list[tuple[int, flint.fmpq_poly, int]],
) -> tuple[flint.fmpq_poly, int] | None:
    """gcd G of the nonzero forms: (finite part, multiplicity at infinity); None if all vanish."""
    nonzero = [(p, e) for _, p, e in forms if not p.is_zero()]
    if not nonzero:
        return None
    gcd = nonzero[0][0]
    for p, _ in nonzero[1:]:
        gcd = gcd.gcd(p)
    gcd = gcd / gcd[gcd.degree()]
    return gcd, min(e - p.degree() for p, e in nonzero)


def _rebuild(
    forms: list[tuple[int, flint.fmpq_poly, int]], q: Sequence, k1: int, s: int, exact: bool
) -> list:
    """p with polyphase components f_r / q."""
    zero = flint.fmpq(0) if exact else 0.0
    p: list = [zero] * k1
    qq = [c for c in q]
    while len(qq) > 1 and qq[-1] == 0:
        qq.pop()
    for r, comp, _ in forms:
        if comp.is_zero():
            continue
        if exact:
            divisor = flint.fmpq_poly(qq)
            quo, rem = comp // divisor, comp % divisor
            assert rem.is_zero(), "internal error: q does not divide a polyphase component"
            coeffs = list(quo.coeffs())
        else:
            num = np.array([float(c) for c in comp.coeffs()])
            quotient = np.polynomial.polynomial.polydiv(num, np.array(qq, dtype=float))[0]  # pyright: ignore[reportIndexIssue]
            coeffs = [float(c) for c in quotient]
        for j, c in enumerate(coeffs):
            if r + j * s < k1:
                p[r + j * s] = c
    return p


def strided(layers: list[tuple[int, int]], g: list) -> Decision:
    if len(layers) == 2:
        return _two_layers(layers, g)
    return _many_layers(layers, g)


def _two_layers(layers: list[tuple[int, int]], g: list) -> Decision:
    (k1, _), (k2, s) = layers
    a, m = k1 - 1, k2 - 1
    forms, forced = _polyphase(g, a, s, m)
    if forced:
        return Decision(
            False, False, None, None, None, False,
            f"polyphase component f_{forced[0]} ≠ 0 although k_1 = {k1} ≤ {forced[0]} < s = {s}",
        )  # fmt: skip
    common = _common_factor(forms)
    singular_cone = True
    if common is None:
        filters = [[flint.fmpq(0)] * k1, [flint.fmpq(0)] * k2]
        boundary = m % 2 == 1 and k1 > s
        return Decision(
            True, True, "singular" if singular_cone else "interior", boundary, filters, True,
            "f = 0: the vertex of the cone M, which is not a linear space",
        )  # fmt: skip
    gcd, infinite = common
    deg_g = gcd.degree() + infinite
    if deg_g < m:
        return Decision(
            False, False, None, None, None, False,
            f"the polyphase components' common factor G has degree {deg_g} < k_2 − 1 = {m} "
            f"({KMST24})",
        )  # fmt: skip
    rs = root_structure(list(gcd.coeffs()), deg_g)
    if m % 2 == 1 and rs.n_real == 0:
        return Decision(
            False, True, None, None, None, False,
            f"f is on the neurovariety (common factor G of degree {deg_g} ≥ {m}) but G has no "
            f"real root, so no real factor q of odd degree {m} exists ({KMST24}: hyperroots)",
        )  # fmt: skip
    sizes = [m + 1, deg_g - m + 1]
    parts = distribute(exact_units(gcd, deg_g), [m, deg_g - m], sizes, flint.fmpq(1))
    exact = parts is not None
    if parts is None:
        parts = distribute(real_units(gcd, deg_g, None), [m, deg_g - m], sizes, 1.0)
        assert parts is not None, "internal error: no real divisor found"
    q = parts[0]
    p = _rebuild(forms, q, k1, s, exact)
    if deg_g == m:
        stratum, boundary = "interior", False
        why = "unique common factor of degree k_2 − 1: one rescaling orbit, dμ of full rank"
    else:
        stratum = "singular"
        if m % 2 == 0 or k1 <= s:
            boundary = False
        elif rs.n_odd == 0:
            boundary = True
        elif rs.even_part_degree < m + 1:
            boundary = False
        else:
            boundary = None
        why = (
            f"common factor G of degree {deg_g} > k_2 − 1 = {m}: several preimage orbits or a "
            f"shared hyperroot (definition-based classification)"
        )
    return Decision(
        True, True, stratum, boundary, [p, q], exact, f"{why} ({KMST24})", rs.separation
    )


def check_rank(arch: LinearConvNetwork, filters: list[list], ans: Decision) -> Decision:
    """Demote an 'interior' answer to 'singular' when dμ drops rank at the (exact) witness."""
    mu = parametrization(arch)
    theta = [v for flt in filters for v in flt]
    if not all(isinstance(v, flint.fmpq) for v in theta):
        return ans
    rank = mu.jacobian_exact(theta).rank()
    dim = generic_rank(mu).dim
    if rank < dim:
        return replace(ans, stratum="singular", reason=ans.reason + f"; dμ has rank {rank} < {dim}")
    return ans


def _complete(gcd: flint.fmpq_poly) -> bool:
    """Every real divisor of G is a product of its rational irreducible factors."""
    for h, _ in q_factors(gcd):
        if h.degree() == 1:
            continue
        if h.degree() == 2 and h[1] ** 2 - 4 * h[0] * h[2] < 0:
            continue
        return False
    return True


def _many_layers(layers: list[tuple[int, int]], g: list) -> Decision:
    """Three or more nontrivial layers: split off the last one over rational divisors."""
    if all(t == 1 for _, t in layers):
        return stride_one(layers, g, None)
    if len(layers) == 2:
        return _two_layers(layers, g)
    if len(layers) == 1:
        return Decision(True, True, "interior", False, [list(g)], True, "one layer")
    *head, (k_last, s) = layers
    m = k_last - 1
    a = sum((k - 1) * t for k, t in head)
    forms, forced = _polyphase(g, a, s, m)
    if forced:
        return Decision(False, False, None, None, None, False, f"f_{forced[0]} must vanish")
    common = _common_factor(forms)
    if common is None:
        zeros = [[flint.fmpq(0)] * k for k, _ in layers]
        return Decision(True, True, "singular", None, zeros, True, "f = 0: vertex of the cone")
    gcd, infinite = common
    deg_g = gcd.degree() + infinite
    if deg_g < m:
        return Decision(
            False, False, None, None, None, False,
            f"common factor of the polyphase components has degree {deg_g} < {m}",
        )  # fmt: skip
    units = exact_units(gcd, deg_g)
    seen: set[tuple] = set()
    found: list[Decision] = []
    head_size = a + 1
    for r_count in range(len(units) + 1):
        for combo in itertools.combinations(range(len(units)), r_count):
            chosen = [units[i] for i in combo]
            if sum(u.degree for u in chosen) != m:
                continue
            key = tuple(sorted((u.coeffs, u.degree) for u in chosen))
            if key in seen:
                continue
            seen.add(key)
            q = multiply_units(chosen, m + 1, flint.fmpq(1))
            rest = _rebuild(forms, q, head_size, s, True)
            sub = _many_layers(head, rest)
            if sub.member:
                assert sub.filters is not None
                found.append(replace(sub, filters=[*sub.filters, q]))
    if found:
        best = found[0]
        unique = len(found) == 1 and best.stratum == "interior"
        return replace(
            best,
            stratum="interior" if unique else "singular",
            boundary=None,
            reason=f"{len(found)} rational preimage orbit(s) found by splitting off the last "
            f"layer; stratum from the definition (several orbits or a singular sub-answer ⇒ "
            f"singular); boundary not decided for ≥ 3 strided layers ({KMST24})",
        )
    if not _complete(gcd):
        raise NotSupportedError(
            "membership: for three or more strided layers only rational divisors of the "
            "polyphase components' common factor are tried, and this f needs an irrational "
            "real divisor (an irreducible factor over Q of degree ≥ 3 or with real roots); "
            "exact arithmetic over real algebraic numbers is not implemented yet"
        )
    return Decision(
        False, None, None, None, None, False,
        "no real divisor of the polyphase components' common factor leads to a factorization "
        f"(all real divisors are rational here, so the search is complete; {KMST24})",
    )  # fmt: skip
