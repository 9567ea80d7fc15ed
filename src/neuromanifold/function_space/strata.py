r"""Strata of a neuromanifold: smooth interior, relative boundary and singular points.

The stratum of a member :math:`f \in M` is one of

- ``"interior"``: :math:`M` is, near :math:`f`, a manifold of dimension :math:`\dim M` without
  boundary (a smooth point of the neurovariety :math:`V = \overline{M}^{\mathrm{Zar}}` around which
  :math:`M` and :math:`V(\mathbb{R})` agree);
- ``"boundary"``: a relative boundary point: arbitrarily close to :math:`f` there are points of
  :math:`V(\mathbb{R})` that are not in :math:`M`;
- ``"singular"``: a singular point of :math:`V` lying in :math:`M` (it may also be a boundary
  point; :attr:`~neuromanifold.function_space.membership.Membership.boundary` says so).

Families (derivations in :mod:`neuromanifold.function_space.membership`):

- FC: :math:`M = \{\operatorname{rank} \le r\}`; singular iff rank :math:`< r` when :math:`M` is
  not the whole space; no boundary.
- LCN, stride one: :math:`M` is full-dimensional, :math:`V = \mathbb{R}^k`; no singular points;
  boundary iff fewer than :math:`o` distinct real roots of odd multiplicity (see
  :class:`RootStructure`).
- LCN with strides: singular/boundary from the common factor of the polyphase components.

This module holds the certified real-root analysis of binary forms that the LCN strata rest on,
the distribution of a form's factors over the layers (used for witnesses),
and :func:`stratum`, a shortcut for ``membership(arch, f).stratum``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import flint

from neuromanifold.algebra.rational import to_fmpq
from neuromanifold.architectures import LinearConvNetwork, parse_architecture
from neuromanifold.errors import InputError

if TYPE_CHECKING:
    from neuromanifold.architectures import Architecture

__all__ = [
    "STRATA",
    "RootStructure",
    "classify_filters",
    "real_root_count",
    "root_structure",
    "stratum",
]

#: The possible strata of a member, in order of precedence (a singular boundary point is "singular").
STRATA = ("singular", "boundary", "interior")


@dataclass(frozen=True)
class RootStructure:
    r"""The real projective roots of a nonzero real binary form of degree :math:`d`, with multiplicity.

    For :math:`F(x, y) = \sum_i c_i x^i y^{d-i}` the roots are those of :math:`F(x, 1)` and the
    point at infinity with multiplicity :math:`d - \deg F(x, 1)` (leading coefficients zero).

    Attributes:
        degree: the formal degree :math:`d`.
        real_multiplicities: one multiplicity per distinct real projective root (infinity included,
            listed last when present).
        n_pairs: number of non-real conjugate pairs, with multiplicity.
        separation: the smallest distance between two distinct finite roots, or between a
            non-real root and its conjugate divided by two (that is, its :math:`|\operatorname{Im}|`);
            ``None`` with fewer than two roots. A root-space measure of how far the form is from
            acquiring a new repeated real root.
        certified: True when computed by exact factorization over :math:`\mathbb{Q}` and Arb
            root isolation (real roots have imaginary part exactly zero), False for the float
            tolerance model.

    Example:
        >>> rs = root_structure([1, 2, 1], 2)          # (x + 1)^2
        >>> rs.n_real, rs.n_odd
        (2, 0)
    """

    degree: int
    real_multiplicities: tuple[int, ...]
    n_pairs: int
    separation: float | None
    certified: bool

    @property
    def n_real(self) -> int:
        """Number of real projective roots counted with multiplicity."""
        return sum(self.real_multiplicities)

    @property
    def n_odd(self) -> int:
        """Number of distinct real roots of odd multiplicity: the real roots that survive every
        small perturbation (a root of even multiplicity can turn into conjugate pairs)."""
        return sum(1 for m in self.real_multiplicities if m % 2)

    @property
    def even_part_degree(self) -> int:
        r"""Largest degree of a real divisor that small perturbations can make root-free:
        :math:`2 \cdot \text{pairs} + \sum_a 2 \lfloor m_a / 2 \rfloor`."""
        return 2 * self.n_pairs + sum(2 * (m // 2) for m in self.real_multiplicities)


def _poly(coefficients: Sequence[object]) -> flint.fmpq_poly:
    return flint.fmpq_poly([to_fmpq(c, "coefficients", allow_float=True) for c in coefficients])


def q_factors(poly: flint.fmpq_poly) -> list[tuple[flint.fmpz_poly, int]]:
    """Irreducible factors over ℚ (primitive integer polynomials) with multiplicities."""
    if poly.degree() <= 0:
        return []
    _, factors = poly.numer().factor()
    return [(g, m) for g, m in factors if g.degree() > 0]


def isolated_roots(g: flint.fmpz_poly) -> tuple[list[flint.acb], list[flint.acb]]:
    """Real roots and upper-half-plane roots of a squarefree integer polynomial, certified by Arb.

    Arb's ``complex_roots`` isolates all roots in disjoint balls and returns the real ones with
    imaginary part exactly zero; the others come in conjugate pairs.
    """
    real, upper = [], []
    for root in g.complex_roots():
        z = root[0]  # pyright: ignore[reportIndexIssue]
        if z.imag == 0:
            real.append(z)
        elif z.imag > 0:
            upper.append(z)
    return real, upper


def root_structure(coefficients: Sequence[object], degree: int) -> RootStructure:
    r"""Certified real-root structure of the binary form with ``coefficients`` (lowest degree first).

    Exact: factor over :math:`\mathbb{Q}` (FLINT), isolate the roots of each irreducible factor
    with Arb balls; a root is real iff Arb returns it with zero imaginary part (Arb guarantees
    this for squarefree integer polynomials). No floating-point root finder decides anything.

    Args:
        coefficients: :math:`c_0, \dots, c_d` as ints / ``fmpq``, not all zero.
        degree: the formal degree :math:`d` (``len(coefficients) - 1`` usually).

    Returns:
        A :class:`RootStructure`.

    Example:
        >>> root_structure([0, 1, 0], 2).real_multiplicities   # x·y: roots 0 and ∞
        (1, 1)
    """
    poly = _poly(coefficients)
    if poly.is_zero():
        raise ValueError("root_structure: the zero form has no root structure")
    mults: list[int] = []
    pairs = 0
    finite: list[complex] = []
    for g, m in q_factors(poly):
        real, upper = isolated_roots(g)
        mults.extend([m] * len(real))
        pairs += m * len(upper)
        finite.extend(complex(float(z.real.mid()), 0.0) for z in real)
        finite.extend(complex(float(z.real.mid()), float(z.imag.mid())) for z in upper)
    at_infinity = degree - poly.degree()
    if at_infinity > 0:
        mults.append(at_infinity)
    return RootStructure(degree, tuple(mults), pairs, _separation(finite), True)


def _separation(roots: Sequence[complex]) -> float | None:
    """Smallest distance between distinct roots (conjugates included implicitly via |Im|)."""
    values = [abs(z.imag) for z in roots if z.imag != 0]
    reals = sorted(z.real for z in roots if z.imag == 0)
    values.extend(b - a for a, b in itertools.pairwise(reals))
    return min(values) if values else None


# --------------------------------------------------------------------------------------------
# factors of binary forms and their distribution over layers (used by membership)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FactorUnit:
    """A factor of a binary form: coefficients of its dehomogenization, and its formal degree."""

    coeffs: tuple  # fmpq (exact) or float, lowest degree first
    degree: int


def assign_degrees(degrees: Sequence[int], capacities: Sequence[int]) -> list[int] | None:
    """Put items of the given degrees into bins of exactly the given capacities (backtracking)."""
    order = sorted(range(len(degrees)), key=lambda i: -degrees[i])
    if sum(degrees) != sum(capacities):
        return None
    failed: set[tuple[int, tuple[int, ...]]] = set()
    where = [0] * len(degrees)

    def go(pos: int, left: list[int]) -> bool:
        if pos == len(order):
            return True
        key = (pos, tuple(sorted(left)))
        if key in failed:
            return False
        d = degrees[order[pos]]
        tried = set()
        for b, cap in enumerate(left):
            if cap >= d and cap not in tried:
                tried.add(cap)
                left[b] -= d
                where[order[pos]] = b
                if go(pos + 1, left):
                    return True
                left[b] += d
        failed.add(key)
        return False

    return where if go(0, list(capacities)) else None


def multiply_units(units: Sequence[FactorUnit], length: int, one: Any) -> list:
    out = [one]
    for u in units:
        prod = [one * 0] * (len(out) + len(u.coeffs) - 1)
        for i, a in enumerate(out):
            for j, b in enumerate(u.coeffs):
                prod[i + j] = prod[i + j] + a * b
        out = prod
    out = out[:length] if len(out) > length else out
    return out + [one * 0] * (length - len(out))


def exact_units(poly: flint.fmpq_poly, degree: int) -> list[FactorUnit]:
    """Monic irreducible factors over Q (with multiplicity) and the roots at infinity, as units."""
    units = []
    for g, m in q_factors(poly):
        lead = flint.fmpq(g[g.degree()])
        coeffs = tuple(flint.fmpq(c) / lead for c in g.coeffs())
        units.extend([FactorUnit(coeffs, g.degree())] * m)
    units.extend([FactorUnit((flint.fmpq(1),), 1)] * (degree - max(poly.degree(), 0)))
    return units


def real_units(poly: flint.fmpq_poly, degree: int, tol: float | None) -> list[FactorUnit]:
    """Real-irreducible factors (linear and quadratic, floats from 200-bit Arb roots).

    With ``tol`` (float model), near-real pairs become two real roots and huge roots infinity.
    """
    units = []
    infinite = degree - poly.degree()
    with flint.ctx.workprec(200):
        for g, m in q_factors(poly):
            real, upper = isolated_roots(g)
            for z in real:
                a = float(z.real.mid())
                if tol is not None and abs(a) > 1 / tol:
                    infinite += m
                    continue
                units.extend([FactorUnit((-a, 1.0), 1)] * m)
            for z in upper:
                x, y = float(z.real.mid()), float(z.imag.mid())
                if tol is not None and abs(complex(x, y)) > 1 / tol:
                    infinite += 2 * m
                elif tol is not None and y <= tol * max(1.0, abs(complex(x, y))):
                    units.extend([FactorUnit((-x, 1.0), 1)] * (2 * m))
                else:
                    units.extend([FactorUnit((x * x + y * y, -2 * x, 1.0), 2)] * m)
    units.extend([FactorUnit((1.0,), 1)] * infinite)
    return units


def tolerant_structure(units: list[FactorUnit], degree: int, tol: float) -> RootStructure:
    """Root structure in the float model: real roots within tol merge."""
    roots = sorted(-u.coeffs[0] for u in units if u.degree == 1 and len(u.coeffs) == 2)
    mults: list[int] = []
    last = None
    for a in roots:
        if last is not None and abs(a - last) <= tol * max(1.0, abs(a)):
            mults[-1] += 1
        else:
            mults.append(1)
        last = a
    infinite = sum(1 for u in units if len(u.coeffs) == 1)
    if infinite:
        mults.append(infinite)
    pairs = sum(1 for u in units if u.degree == 2)
    gaps = [b - a for a, b in itertools.pairwise(roots) if b - a > 0]
    imag = [math.sqrt(max(u.coeffs[0] - u.coeffs[1] ** 2 / 4, 0.0)) for u in units if u.degree == 2]
    sep = min(gaps + imag) if gaps + imag else None
    return RootStructure(degree, tuple(mults), pairs, sep, False)


def distribute(
    units: list[FactorUnit], capacities: Sequence[int], sizes: Sequence[int], one: Any
) -> list[list] | None:
    where = assign_degrees([u.degree for u in units], capacities)
    if where is None:
        return None
    return [
        multiply_units([u for u, b in zip(units, where, strict=True) if b == layer], size, one)
        for layer, size in enumerate(sizes)
    ]


def stratum(architecture: Architecture | str, f: object) -> str | None:
    """The stratum of ``f`` in the neuromanifold: ``"interior"``, ``"boundary"``, ``"singular"``,
    or ``None`` when ``f`` is not a member. Shortcut for ``membership(architecture, f).stratum``.

    Example:
        >>> stratum("lcn:k=2,2", [1, 2, 1])      # (x + 1)^2: a double real root
        'boundary'
    """
    from neuromanifold.function_space.membership import membership

    return membership(architecture, f).stratum


def real_root_count(g: flint.fmpz_poly) -> int:
    r"""Number of distinct real roots of a squarefree integer polynomial, by Sturm's theorem.

    The Sturm sequence :math:`g_0 = g,\ g_1 = g',\ g_{i+1} = -\operatorname{rem}(g_{i-1}, g_i)` is
    computed over ℚ and each term scaled by a positive rational to a primitive integer polynomial
    (signs, hence sign changes, are unchanged). The count is
    :math:`V(-\infty) - V(+\infty)`, read off the leading coefficients and degrees. Exact.

    Example:
        >>> real_root_count(flint.fmpz_poly([-2, 0, 1])), real_root_count(flint.fmpz_poly([1, 0, 1]))
        (2, 0)
    """
    if g.degree() <= 0:
        return 0
    seq = [flint.fmpq_poly(g), flint.fmpq_poly(g.derivative())]
    while seq[-1].degree() > 0:
        r = -(seq[-2] % seq[-1])
        if r.is_zero():
            break
        seq.append(flint.fmpq_poly(r.numer()) / abs(r.numer().content()))
    plus = [1 if q[q.degree()] > 0 else -1 for q in seq]
    minus = [s if q.degree() % 2 == 0 else -s for s, q in zip(plus, seq, strict=True)]

    def changes(signs: list[int]) -> int:
        return sum(1 for a, b in itertools.pairwise(signs) if a != b)

    return changes(minus) - changes(plus)


def classify_filters(
    architecture: Architecture | str, filters: Sequence[Sequence[object]]
) -> list[str | None]:
    r"""Strata of many exact end-to-end filters of a stride-one LCN, without witnesses (fast).

    For each filter, take the squarefree decomposition of :math:`\pi(f)` over ℤ, count the real
    roots of every squarefree part (Sturm, :func:`real_root_count`) and the root at infinity (degree drop); with o the number of
    odd-degree layers: f ∈ M iff the real projective roots, counted with multiplicity, number at
    least o; f is interior iff M is filling or at least o distinct real roots have odd
    multiplicity; otherwise boundary (the rule of :func:`~neuromanifold.function_space.membership.membership`,
    which also returns witnesses). Kohn–Merkh–Montúfar–Trager 2022.

    Args:
        architecture: a stride-one LCN.
        filters: end-to-end filters (lowest degree first), exact numbers.

    Returns:
        One of ``"interior"``, ``"boundary"`` or ``None`` (not a member) per filter.

    Example:
        >>> classify_filters("lcn:k=2,2", [[-1, 0, 1], [1, 0, 1], [1, 2, 1]])
        ['interior', None, 'boundary']
    """
    arch = parse_architecture(architecture)
    if not isinstance(arch, LinearConvNetwork) or not arch.is_stride_one:
        raise InputError(f"architecture: {arch.text} is not a stride-one LCN; use membership()")
    d = arch.end_to_end_size - 1
    o = sum(1 for k in arch.filter_sizes if k % 2 == 0)
    out: list[str | None] = []
    for i, f in enumerate(filters):
        if len(f) != d + 1:
            raise InputError(f"filters[{i}]: expected {d + 1} coefficients, got {len(f)}")
        if all(isinstance(c, int) and not isinstance(c, bool) for c in f):
            poly = flint.fmpz_poly([int(c) for c in f])  # type: ignore[arg-type]  # integer fast path
        else:
            exact = flint.fmpq_poly([to_fmpq(c, f"filters[{i}]", allow_float=True) for c in f])
            poly = exact.numer()
        if poly.is_zero():
            out.append("boundary" if o >= 2 else "interior")
            continue
        at_infinity = d - poly.degree()
        n_real, n_odd = at_infinity, at_infinity % 2
        # squarefree decomposition: real roots of each squarefree part, with its multiplicity
        for g, m in poly.factor_squarefree()[1]:
            n = real_root_count(g)
            n_real += n * m
            n_odd += n if m % 2 else 0
        if n_real < o:
            out.append(None)
        else:
            out.append("interior" if o <= 1 or n_odd >= o else "boundary")
    return out
