r"""Membership for stride-one 1D convolutional networks: binary forms with enough real roots.

**Derivation** (Kohn–Merkh–Montúfar–Trager 2022; checked by tests, including perturbation
tests). Homogenize: :math:`F(x,y) = \sum c_i x^i y^{d-i}`,
:math:`d = \sum_l (k_l - 1)`; a filter whose top coefficients vanish is a form divisible by
:math:`y`, i.e. it has roots at infinity, and :math:`\mu` multiplies forms of degrees
:math:`d_l = k_l - 1`. A real form factors into real forms of degrees :math:`d_l` iff its
projective real roots, counted with multiplicity, number at least :math:`o =
\#\{l : d_l \text{ odd}\}`: each odd factor needs a real root; the remaining real roots are
:math:`R - o \equiv d - o \equiv 0 \pmod 2` in number and pair up like conjugate pairs, filling
the even remainders. Under a small perturbation a real root of multiplicity :math:`m` keeps
:math:`m \bmod 2` real roots at least, and exactly that many for a suitable perturbation (perturb
each :math:`(x-a)^m` separately), so the fewest real roots near :math:`f` is
:math:`n_{odd}` = number of distinct real roots of odd multiplicity. Hence :math:`f` is interior
iff :math:`n_{odd} \ge o`, and a member with :math:`n_{odd} < o \le R` is a boundary point. (The
SPEC's "real-root count o or o + 1" is a special case: :math:`(x-1)^2(x-2)^2` for degrees
:math:`(1,1,2)` has :math:`R = 4 = o + 2` and is a boundary point.) :math:`f = 0` is a member, on
the boundary iff :math:`o \ge 2`. :math:`V = \mathbb{R}^k`: no singular points.

Real roots are counted by :mod:`neuromanifold.algebra.binary_form` (certified for exact input,
its float model at the root-space tolerance :math:`\sqrt{\text{tol}}` for floats); the rule
:math:`o` = :attr:`~neuromanifold.architectures.LinearConvNetwork.n_odd_degree_layers` has its one
home on the architecture.
"""

from __future__ import annotations

import functools
import math

import flint
import numpy as np

from neuromanifold.algebra.binary_form import distribute, exact_units, real_units, root_structure
from neuromanifold.architectures import LinearConvNetwork
from neuromanifold.function_space.membership.base import KMMT22, Decision

__all__ = ["stride_one"]


def stride_one(layers: list[tuple[int, int]], g: list, tol: float | None) -> Decision:
    r"""Decide :math:`g \in M` for the nontrivial layers ``(k_l, 1)`` of a stride-one network.

    Args:
        layers: ``(filter size, dilation 1)`` per layer of size > 1.
        g: the end-to-end filter, exact (``fmpq``), lowest degree first.
        tol: the float model's coefficient tolerance, or ``None`` (exact input).

    Returns:
        A :class:`~neuromanifold.function_space.membership.base.Decision` with one filter per layer.
    """
    sizes = [k for k, _ in layers]
    degrees = [k - 1 for k in sizes]
    d = sum(degrees)
    net = LinearConvNetwork(tuple(sizes))
    o = net.n_odd_degree_layers
    poly = flint.fmpq_poly(g)
    if poly.is_zero():
        filters = [[flint.fmpq(0)] * k for k in sizes]
        shape = "R^k" if net.filling else "a proper cone"
        return Decision(
            True, True, "interior" if net.filling else "boundary", not net.filling, filters, True,
            f"f = 0; with o = {o} odd-degree factor(s) M is {shape}",
        )  # fmt: skip
    lead = poly[poly.degree()]
    rs = root_structure(g, d, tol=None if tol is None else math.sqrt(tol))
    member = rs.n_real >= o
    counts = (
        f"{rs.n_real} real projective root(s) with multiplicity, {rs.n_odd} distinct of odd "
        f"multiplicity, o = {o} odd-degree layer(s)"
    )
    if not member:
        return Decision(
            False, True, None, None, None, False,
            f"{counts}: each odd-degree factor needs a real root ({KMMT22})", rs.separation,
        )  # fmt: skip
    boundary = rs.n_odd < o
    filters = None
    exact_witness = False
    if tol is None:
        filters = distribute(exact_units(poly, d), degrees, sizes, flint.fmpq(1))
        exact_witness = filters is not None
    if filters is None:
        filters = distribute(
            real_units(poly, d, None if tol is None else math.sqrt(tol)), degrees, sizes, 1.0
        )
        assert filters is not None, "internal error: real factors do not fit the layers"
        lead = _scale(filters, g)
    filters[0] = [v * lead for v in filters[0]]
    return Decision(
        True, True, "boundary" if boundary else "interior", boundary, filters, exact_witness,
        f"{counts}: member; "
        + (
            "a small perturbation can turn repeated real roots into complex pairs and leave M"
            if boundary
            else "every small perturbation keeps enough real roots"
        )
        + f" ({KMMT22})",
        rs.separation,
    )  # fmt: skip


def _scale(filters: list[list], g: list) -> float:
    r"""The scalar c minimizing :math:`\|c\,P - g\|` for the product P of float ``filters``.

    The float model's factors are monic in x, except the roots it counts as infinite (a huge root,
    or a pair of huge complex roots), which become the factor y (filter ``[1, 0, …]``). P then has
    a lower degree than g, so g's top coefficient is not the scalar: for
    :math:`1 + 10^{-3}x + 10^{-6}x^2` at tol 1e-4 both roots (|z| = 1000) are at infinity, P = 1,
    and the top coefficient 1e-6 would give the witness μ = 1e-6. The least-squares scalar
    :math:`\langle P, g\rangle / \langle P, P\rangle` is g's top coefficient when the roots are
    exact, and the nearest multiple of P otherwise.
    """
    product = functools.reduce(np.convolve, [np.asarray(f, dtype=float) for f in filters])
    target = np.array([float(v) for v in g])
    # in units of the largest entries: the inner products of coefficients near 1e±300 would
    # overflow (a scalar of 0 or nan) where the quotient itself is representable
    p_top, g_top = np.abs(product).max(), np.abs(target).max()
    if p_top == 0 or g_top == 0:
        return 0.0
    p, t = product / p_top, target / g_top
    return float((p @ t / (p @ p)) * (g_top / p_top))
