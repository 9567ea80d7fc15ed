r"""Seeded random points of each stratum of a neuromanifold, with exact rational coordinates.

For tests and experiments. Each family registers its sampler with ``@draw.register`` in its module
of this package and samples a stratum where it exists:

- FC: ``interior`` = rank :math:`\min(r, d_0, d_L)` matrices :math:`C R`; ``singular`` = rank
  :math:`< r` (when :math:`M` is not the whole space); no boundary.
- LCN, stride one: ``interior`` = products of random real factors (simple roots); ``boundary``
  (when :math:`o \ge 2` layers have odd degree) = :math:`\prod (x - a_i)^2 \cdot (x - b)^{o \bmod 2}
  \cdot \prod ((x - c_j)^2 + e_j^2)`: the odd-degree factors pair up on double real roots;
  no singular points.
- LCN, two strided layers: ``interior`` = :math:`\mu(\theta)` for random θ; ``singular`` = a
  shared hyperroot :math:`p(x) = (x^s - a)\,p'(x)`, :math:`q(y) = (y - a)\,q'(y)` (needs
  :math:`k_1 > s`; otherwise only :math:`0`); ``boundary`` (odd :math:`k_2 - 1`, :math:`k_1 > s`)
  = the same with :math:`q'` a product of root-free quadratics, whose common factor
  :math:`(y-a)^2 q'` can lose all its real roots.

Every sample is checked with :func:`~neuromanifold.function_space.membership.membership`. A
boundary point that is also singular (strided LCNs) has ``stratum == "singular"`` and
``boundary is True``.
"""

from __future__ import annotations

import flint
import numpy as np

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.dispatch import family_dispatch
from neuromanifold.errors import InputError, NotSupportedError
from neuromanifold.function_space.strata import STRATA

__all__ = ["draw", "sample"]

_MAX_TRIES = 50


def sample(
    architecture: Architecture | str, stratum: str, *, n: int = 1, seed: int = 0, scale: int = 9
) -> tuple[tuple[flint.fmpq, ...], ...]:
    r"""``n`` random points of ``stratum`` of the neuromanifold, with exact rational coordinates.

    Args:
        architecture: the network (or its text form).
        stratum: ``"interior"``, ``"boundary"`` or ``"singular"``.
        n: number of points.
        seed: seed of the generator (reproducible).
        scale: random integers are drawn from :math:`[-\text{scale}, \text{scale}]`.

    Returns:
        ``n`` flat coordinate tuples of ``fmpq`` (matrices row-major, filters lowest degree first).

    Raises:
        InputError: unknown stratum, or a stratum this neuromanifold does not have.
        NotSupportedError: families without a sampler yet.

    Example:
        >>> from neuromanifold.function_space.membership import membership
        >>> (f,) = sample("lcn:k=2,2", "boundary", seed=1)
        >>> membership("lcn:k=2,2", f).stratum
        'boundary'
    """
    from neuromanifold.function_space.membership import membership  # the families' deciders

    arch = parse_architecture(architecture)
    if stratum not in STRATA:
        raise InputError(f"stratum: {stratum!r} is not one of {', '.join(STRATA)}")
    if n < 0:
        raise InputError(f"n: expected a non-negative number of points, got {n}")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        for _ in range(_MAX_TRIES):
            f = draw(arch, stratum, rng, scale)
            answer = membership(arch, f)
            if answer.stratum == stratum or (stratum == "boundary" and answer.boundary):
                out.append(f)
                break
        else:  # pragma: no cover - probability ~0
            raise RuntimeError(f"sample: no {stratum} point found in {_MAX_TRIES} tries")
    return tuple(out)


@family_dispatch("neuromanifold.function_space")
def draw(
    arch: Architecture, stratum: str, rng: np.random.Generator, scale: int
) -> tuple[flint.fmpq, ...]:
    """One candidate point of ``stratum`` (flat exact coordinates), checked by :func:`sample`.

    Raises:
        InputError: a stratum this neuromanifold does not have.
        NotSupportedError: families without a sampler (the default).
    """
    raise NotSupportedError(f"sample: no sampler for {arch.text} yet (only fc and lcn)")
