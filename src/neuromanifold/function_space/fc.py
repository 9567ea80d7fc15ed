"""The neuromanifold of fully connected linear networks: {rank ≤ r}, its facts and samples.

Reference: seed article, Fig. 1; Trager–Kohn–Bruna 2020; SPEC §2.1.
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import flint
import numpy as np

from neuromanifold.architectures import FullyConnected
from neuromanifold.errors import InputError
from neuromanifold.function_space import invariants
from neuromanifold.function_space.facts import DETERMINANTAL, Fact, Facts, facts
from neuromanifold.function_space.sampling import draw
from neuromanifold.parametrization import parametrization

__all__: list[str] = []


@facts.register
def _facts(arch: FullyConnected, full_dimensional: bool) -> Facts:
    r = arch.bottleneck
    m, n = arch.ambient_shape
    everything = r >= min(m, n)
    if everything != full_dimensional:
        raise AssertionError(f"{arch.text}: computed dimension contradicts rank ≤ {r}")
    return Facts(
        filling=Fact(
            everything, f"{DETERMINANTAL}; filling iff r = {r} ≥ min(d_0, d_L) = {min(m, n)}"
        ),
        closed=Fact(True, DETERMINANTAL + ", Zariski closed"),
        algebraic=Fact(True, DETERMINANTAL),
        has_boundary=Fact(False, "an algebraic variety has no relative boundary"),
        has_singular_points=Fact(
            not everything,
            f"Sing(rank ≤ {r}) = (rank ≤ {r - 1}) when {r} < min(d_0, d_L)"
            if not everything
            else "M is the whole space",
        ),
        symmetries=parametrization(arch).symmetries,
    )


@invariants.expected_dimension.register
def _expected(arch: FullyConnected) -> tuple[int, str]:
    m, n = arch.ambient_shape
    r = min(arch.bottleneck, m, n)
    return r * (m + n - r), f"dim{{rank ≤ {r}}} = r(m + n − r) ({DETERMINANTAL})"


@invariants.degree.register
def _degree(arch: FullyConnected) -> tuple[int, str]:
    m, n = arch.ambient_shape
    m, n = max(m, n), min(m, n)
    r = min(arch.bottleneck, n)
    out = Fraction(1)
    for i in range(n - r):
        out *= Fraction(factorial(m + i) * factorial(i), factorial(r + i) * factorial(m - r + i))
    return int(out), "∏_{i<n−r} (m+i)! i! / ((r+i)! (m−r+i)!) (Harris, Algebraic Geometry, 19.10)"


@invariants.identifiability.register
def _identifiability(arch: FullyConnected, dim: int) -> invariants.Identifiability:
    if arch.n_layers == 1:
        return invariants.Identifiability("globally", "one layer: μ is the identity")
    return invariants.Identifiability(
        "no" if arch.n_params - dim > sum(d * d for d in arch.widths[1:-1]) else "unknown",
        "the fibers contain the GL orbits of the hidden layers; not decided further here",
    )


def _product(c: np.ndarray, r: np.ndarray) -> tuple[flint.fmpq, ...]:
    m = c @ r
    return tuple(flint.fmpq(int(v)) for v in m.reshape(-1))


@draw.register
def _draw(arch: FullyConnected, stratum: str, rng: np.random.Generator, scale: int) -> tuple:
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
