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

The real-root analysis of binary forms that the LCN strata rest on lives in
:mod:`neuromanifold.algebra.binary_form`. This module holds :func:`stratum`, a shortcut for
``contains(arch, f).stratum``, and :func:`classify_filters`, the fast route for many filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import flint

from neuromanifold.algebra.rational import to_fmpq
from neuromanifold.architectures import LinearConvNetwork, parse_architecture
from neuromanifold.errors import InputError

if TYPE_CHECKING:
    from neuromanifold.architectures import Architecture

__all__ = ["STRATA", "classify_filters", "stratum"]

#: The possible strata of a member, in order of precedence (a singular boundary point is "singular").
STRATA = ("singular", "boundary", "interior")


def stratum(architecture: Architecture | str, f: object) -> str | None:
    """The stratum of ``f`` in the neuromanifold: ``"interior"``, ``"boundary"``, ``"singular"``,
    or ``None`` when ``f`` is not a member. Shortcut for ``contains(architecture, f).stratum``.

    Example:
        >>> stratum("lcn:k=2,2", [1, 2, 1])      # (x + 1)^2: a double real root
        'boundary'
    """
    from neuromanifold.function_space.membership import contains  # the families' deciders

    return contains(architecture, f).stratum


def classify_filters(
    architecture: Architecture | str, filters: Sequence[Sequence[object]]
) -> list[str | None]:
    r"""Strata of many exact end-to-end filters of a stride-one LCN, without witnesses (fast).

    For each filter, take the squarefree decomposition of :math:`\pi(f)` over ℤ, count the real
    roots of every squarefree part by Sturm's theorem and the root at infinity (degree drop), as
    :func:`~neuromanifold.algebra.binary_form.root_counts` does; with
    o = :attr:`~neuromanifold.architectures.LinearConvNetwork.n_odd_degree_layers`: f ∈ M iff the
    real projective roots, counted with multiplicity, number at least o; f is interior iff M is
    filling or at least o distinct real roots have odd multiplicity; otherwise boundary (the rule
    of :func:`~neuromanifold.function_space.membership.contains`, which also returns witnesses).
    Kohn–Merkh–Montúfar–Trager 2022.

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
        raise InputError(f"architecture: {arch.text} is not a stride-one LCN; use contains()")
    d = arch.end_to_end_size - 1
    o = arch.n_odd_degree_layers
    filling = arch.filling
    zero = "interior" if filling else "boundary"  # the stratum of the zero filter
    out: list[str | None] = []
    from neuromanifold.algebra import binary_form  # here: fc's commands never need it

    for i, f in enumerate(filters):
        if len(f) != d + 1:
            raise InputError(f"filters[{i}]: expected {d + 1} coefficients, got {len(f)}")
        if all(type(c) is int for c in f):  # integer fast path (bool is not int here)
            poly = flint.fmpz_poly(list(f))  # type: ignore[arg-type]  # ints (checked above)
        else:
            exact = flint.fmpq_poly([to_fmpq(c, f"filters[{i}]", allow_float=True) for c in f])
            poly = exact.numer()
        if poly.is_zero():
            out.append(zero)
            continue
        n_real, n_odd = binary_form.root_counts(poly, d)
        if n_real < o:
            out.append(None)
        else:
            out.append("interior" if filling or n_odd >= o else "boundary")
    return out
