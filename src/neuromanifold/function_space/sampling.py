r"""Seeded random points of each stratum of a neuromanifold, with exact rational coordinates.

For tests and experiments. Each family samples a stratum where it exists:

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

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.errors import InputError
from neuromanifold.function_space.membership import NotSupportedError, membership
from neuromanifold.function_space.strata import STRATA
from neuromanifold.parametrization import parametrization

__all__ = ["sample"]

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
    arch = parse_architecture(architecture)
    if stratum not in STRATA:
        raise InputError(f"stratum: {stratum!r} is not one of {', '.join(STRATA)}")
    if n < 0:
        raise InputError(f"n: expected a non-negative number of points, got {n}")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        for _ in range(_MAX_TRIES):
            f = _draw(arch, stratum, rng, scale)
            answer = membership(arch, f)
            if answer.stratum == stratum or (stratum == "boundary" and answer.boundary):
                out.append(f)
                break
        else:  # pragma: no cover - probability ~0
            raise RuntimeError(f"sample: no {stratum} point found in {_MAX_TRIES} tries")
    return tuple(out)


def _ints(rng: np.random.Generator, size: int, scale: int, nonzero: bool = False) -> list[int]:
    values = rng.integers(-scale, scale + 1, size=size)
    if nonzero:
        values[values == 0] = 1
    return [int(v) for v in values]


def _draw(arch: Architecture, stratum: str, rng: np.random.Generator, scale: int) -> tuple:
    if isinstance(arch, FullyConnected):
        return _fc(arch, stratum, rng, scale)
    if isinstance(arch, LinearConvNetwork):
        return _lcn(arch, stratum, rng, scale)
    raise NotSupportedError(f"sample: no sampler for {arch.text} yet (only fc and lcn)")


def _product(c: np.ndarray, r: np.ndarray) -> tuple[flint.fmpq, ...]:
    m = c @ r
    return tuple(flint.fmpq(int(v)) for v in m.reshape(-1))


def _fc(arch: FullyConnected, stratum: str, rng: np.random.Generator, scale: int) -> tuple:
    m, n = arch.ambient_shape
    r = arch.bottleneck
    full = min(r, m, n)
    if stratum == "boundary":
        raise InputError(f"stratum: {arch.text} has no boundary (M is an algebraic variety)")
    if stratum == "singular":
        if r >= min(m, n):
            raise InputError(f"stratum: {arch.text} fills its ambient space: no singular points")
        rank = int(rng.integers(0, r))
    else:
        rank = full
    c = rng.integers(-scale, scale + 1, size=(m, rank))
    rr = rng.integers(-scale, scale + 1, size=(rank, n))
    return _product(c, rr)


def _poly(coeffs: list) -> flint.fmpq_poly:
    return flint.fmpq_poly([flint.fmpq(c) for c in coeffs])


def _padded(poly: flint.fmpq_poly, size: int) -> tuple[flint.fmpq, ...]:
    coeffs = [flint.fmpq(c) for c in poly.coeffs()]
    return tuple(coeffs + [flint.fmpq(0)] * (size - len(coeffs)))


def _root_free(rng: np.random.Generator, scale: int) -> flint.fmpq_poly:
    c, e = _ints(rng, 2, scale, nonzero=True)
    return _poly([c * c + e * e, -2 * c, 1])


def _lcn(arch: LinearConvNetwork, stratum: str, rng: np.random.Generator, scale: int) -> tuple:
    size = arch.end_to_end_size
    ks, ts = arch.filter_sizes, arch.dilations
    live = [i for i, k in enumerate(ks) if k > 1]
    if stratum == "interior":
        theta = _ints(rng, arch.n_params, scale, nonzero=True)
        return tuple(parametrization(arch).exact(theta).reshape(-1))
    if arch.is_stride_one:
        if stratum == "singular":
            raise InputError(
                f"stratum: {arch.text} (stride one) is full-dimensional: no singular points"
            )
        degrees = [k - 1 for k in ks]
        o = arch.n_odd_degree_layers
        if arch.filling:
            raise InputError(f"stratum: {arch.text} fills its ambient space: no boundary")
        roots = rng.choice(np.arange(-scale, scale + 1), size=o // 2 + 1, replace=False)
        f = _poly([1])
        for a in roots[: o // 2]:
            f *= _poly([-int(a), 1]) ** 2
        if o % 2:
            f *= _poly([-int(roots[-1]), 1])
        for _ in range((sum(degrees) - o) // 2):
            f *= _root_free(rng, scale)
        lead = _ints(rng, 1, scale, nonzero=True)[0]
        return _padded(f * lead, size)
    if len(live) != 2:
        if stratum == "singular":
            return (flint.fmpq(0),) * size
        raise NotSupportedError(
            f"sample: {stratum} points of {arch.text} (three or more strided layers) not yet"
        )
    (i1, i2) = live
    k1, k2 = ks[i1], ks[i2]
    base, s = ts[i1], ts[i2] // ts[i1]
    m = k2 - 1
    if k1 <= s:
        if stratum == "singular":
            return (flint.fmpq(0),) * size
        raise InputError(
            f"stratum: {arch.text} has k_1 ≤ s: M is the real points of V, no boundary"
        )
    if stratum == "boundary" and m % 2 == 0:
        raise InputError(f"stratum: {arch.text} has even k_2 − 1: M = V(R), no boundary")
    a = _ints(rng, 1, scale, nonzero=True)[0]
    hyper = _poly([-a, 1])  # y - a
    q = hyper
    for _ in range((m - 1) // 2):
        q *= _root_free(rng, scale)
    if stratum == "singular" and m % 2 == 0:
        q *= _poly(_ints(rng, 2, scale, nonzero=True))
    elif stratum == "singular" and rng.integers(0, 2):
        q = hyper * _poly([1])
        for _ in range(m - 1):
            q *= _poly(_ints(rng, 2, scale, nonzero=True))
    p_rest = _poly(_ints(rng, k1 - s, scale, nonzero=True))
    y = flint.fmpq_poly([0, 1])
    p = hyper(y**s) * p_rest
    f = p * q(y**s)
    coeffs = _padded(f, (size - 1) // base + 1)
    out = [flint.fmpq(0)] * size
    for j, c in enumerate(coeffs):
        out[j * base] = c
    return tuple(out)
