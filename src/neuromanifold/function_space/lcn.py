"""The neuromanifold of 1D linear convolutional networks: its facts and samples.

Reference: Kohn–Merkh–Montúfar–Trager 2022; Kohn–Montúfar–Shahverdi–Trager 2024; SPEC §2.2.
"""

from __future__ import annotations

import flint
import numpy as np

from neuromanifold.architectures import LinearConvNetwork, LinearConvNetwork2D
from neuromanifold.errors import InputError, NotSupportedError
from neuromanifold.function_space import invariants
from neuromanifold.function_space.facts import CONE, KMMT22, KMST24, Fact, Facts, facts
from neuromanifold.function_space.sampling import draw
from neuromanifold.parametrization import parametrization

__all__: list[str] = []


@facts.register
def _facts(arch: LinearConvNetwork, full_dimensional: bool) -> Facts:
    closed = Fact(True, f"{CONE}; {KMMT22}")
    if arch.is_stride_one:
        if not full_dimensional:
            raise AssertionError(f"{arch.text}: stride one but not full-dimensional")
        odd = arch.n_odd_degree_layers
        filling = arch.filling
        rule = (
            f"stride one with {odd} even filter size(s): f ∈ M iff π(f) has ≥ {odd} real roots; "
            f"filling iff at most one ({KMMT22})"
        )
        return Facts(
            filling=Fact(filling, rule),
            closed=closed,
            algebraic=Fact(
                filling,
                "M is the whole space"
                if filling
                else "M is full-dimensional with non-empty boundary: semi-algebraic, not algebraic",
            ),
            has_boundary=Fact(
                not filling,
                "polynomials with repeated real roots that the odd-degree factors need"
                if not filling
                else "M is the whole space",
            ),
            has_singular_points=Fact(
                False, f"stride one: M is full-dimensional, no singular points ({KMMT22})"
            ),
            symmetries=parametrization(arch).symmetries,
        )
    ks, ss = arch.filter_sizes, arch.stride_tuple
    two = [k for k in ks if k > 1]
    closure_is_m = arch.n_layers == 2 and (ks[0] <= ss[0] or ks[1] % 2 == 1)
    why = (
        "k_1 ≤ s_1"
        if arch.n_layers == 2 and ks[0] <= ss[0]
        else "k_2 − 1 even (no real root needed)"
    )
    return Facts(
        filling=Fact(False, f"strides > 1: dim M < ambient dimension ({KMST24}; computed)"),
        closed=closed,
        algebraic=Fact(
            True if closure_is_m else None,
            f"two layers with {why}: the real common factor of the polyphase components always "
            f"exists, so M is the real points of its Zariski closure (KMST 2024 for k_1 ≤ s_1; "
            f"derived in function_space.membership)"
            if closure_is_m
            else f"semi-algebraic; equal to the real points of its Zariski closure only without "
            f"hyperroot obstructions ({KMST24}); decided pointwise by membership",
        ),
        has_boundary=Fact(
            False if closure_is_m else None,
            f"M = V(ℝ) ({why}), so no relative boundary"
            if closure_is_m
            else f"typically yes for strides > 1 ({KMST24}); decided pointwise by membership",
        ),
        has_singular_points=_cone_vertex(arch, len(two)),
        symmetries=parametrization(arch).symmetries,
    )


def _reachable(arch: LinearConvNetwork) -> bool:
    """Whether every end-to-end coefficient position is a sum of one tap per layer."""
    reach = {0}
    for k, t in zip(arch.filter_sizes, arch.dilations, strict=True):
        reach = {r + j * t for r in reach for j in range(k)}
    return len(reach) == arch.end_to_end_size


def _cone_vertex(arch: LinearConvNetwork, nontrivial: int) -> Fact:
    if nontrivial >= 2 and _reachable(arch):
        return Fact(
            True,
            "the zero function: M is a cone spanning the ambient space with dim M < ambient, so "
            "its Zariski closure is not a linear space and its vertex is singular",
        )
    return Fact(None, f"typically yes for strides > 1 ({KMST24}); decided pointwise by membership")


def _ints(rng: np.random.Generator, size: int, scale: int, nonzero: bool = False) -> list[int]:
    values = rng.integers(-scale, scale + 1, size=size)
    if nonzero:
        values[values == 0] = 1
    return [int(v) for v in values]


def _poly(coeffs: list) -> flint.fmpq_poly:
    return flint.fmpq_poly([flint.fmpq(c) for c in coeffs])


def _padded(poly: flint.fmpq_poly, size: int) -> tuple[flint.fmpq, ...]:
    coeffs = [flint.fmpq(c) for c in poly.coeffs()]
    return tuple(coeffs + [flint.fmpq(0)] * (size - len(coeffs)))


def _root_free(rng: np.random.Generator, scale: int) -> flint.fmpq_poly:
    c, e = _ints(rng, 2, scale, nonzero=True)
    return _poly([c * c + e * e, -2 * c, 1])


@draw.register
def _draw(arch: LinearConvNetwork, stratum: str, rng: np.random.Generator, scale: int) -> tuple:
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


@invariants.expected_dimension.register(LinearConvNetwork)
@invariants.expected_dimension.register(LinearConvNetwork2D)
def _expected(arch: LinearConvNetwork | LinearConvNetwork2D) -> tuple[int, str]:
    count = arch.n_params - (arch.n_layers - 1)
    return min(arch.ambient_dim, count), "Σ k_l − (L − 1): parameters minus the filter rescalings"


@invariants.identifiability.register(LinearConvNetwork)
@invariants.identifiability.register(LinearConvNetwork2D)
def _identifiability(
    arch: LinearConvNetwork | LinearConvNetwork2D, dim: int
) -> invariants.Identifiability:
    value = "finitely" if arch.n_params - dim == arch.n_layers - 1 else "no"
    return invariants.Identifiability(
        value,
        "μ multiplies the filters' polynomials; unique factorization leaves finitely many ways "
        "up to the rescalings (KMMT 2022)"
        if value == "finitely"
        else "the generic fiber is larger than the rescalings (computed)",
    )
