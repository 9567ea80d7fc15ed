"""The neuromanifold of lightning self-attention networks: expected dimension, identifiability.

Reference: Henry–Marchetti–Kohn, ICLR 2025 (HMK25); SPEC §2.3.
"""

from __future__ import annotations

import flint
import numpy as np

from neuromanifold.architectures import LightningAttention
from neuromanifold.function_space import invariants
from neuromanifold.function_space.facts import Fact, Facts, facts
from neuromanifold.parametrization import parametrization

__all__ = ["orbit_dim_at_integer_point", "symmetry_group_dim"]

HMK25 = "Henry–Marchetti–Kohn 2025"


@invariants.expected_dimension.register
def _expected(arch: LightningAttention) -> tuple[int, str] | None:
    d, a, l = arch.d, arch.a, arch.l  # noqa: E741
    if a > d:
        return None
    value = l * (a * (2 * d - a) + d * d) - (l - 1) * d * d - l
    return value, f"l(a(2d − a) + d²) − (l − 1)d² − l for a ≤ d: the generic fibers ({HMK25})"


def symmetry_group_dim(arch: LightningAttention) -> int:
    r"""$\dim G = l a^2 + l + (l - 1) d^2$: $GL_a$ on (Q, K) and a rescaling of (Q, V) per
    layer, $GL_d$ between layers (`AttentionMap.symmetries`), an upper bound on its orbits'.

    Example:
        >>> symmetry_group_dim(LightningAttention(3, 2, 2))  # 2·4 + 2 + 9
        19
    """
    return arch.l * arch.a**2 + arch.l + (arch.l - 1) * arch.d**2


def orbit_dim_at_integer_point(arch: LightningAttention, seed: int = 0) -> int:
    """Exact rank of the symmetry orbit's tangent vectors at a random integer θ.

    The tangents (`AttentionMap.symmetry_directions`) are products of two entries of θ, exact
    in floats for entries below 10³; their rank over ℚ is a lower bound on the generic orbit
    dimension (ranks only drop on a Zariski-closed set).

    Example:
        >>> orbit_dim_at_integer_point(LightningAttention(2, 1, 1))
        2
    """
    mu = parametrization(arch)
    theta = np.random.default_rng(seed).integers(-999, 1000, size=arch.n_params).astype(float)
    tangents = mu.symmetry_directions(theta)
    if tangents is None or tangents.size == 0:
        return 0
    return int(flint.fmpz_mat([[int(v) for v in row] for row in tangents.tolist()]).rank())


@invariants.identifiability.register
def _identifiability(arch: LightningAttention, dim: int) -> invariants.Identifiability:
    """Fibres against the symmetry group G (`symmetry_group_dim`), by dimension; one layer: one
    orbit (HMK25's single-layer fibres).

    The generic fibre has dimension N − dim. If that exceeds dim G, fibres hold families beyond
    the orbits: not identifiable. If it equals the orbit dimension (exact rank at an integer
    point, a lower bound, while orbits lie in fibres), each generic fibre is a finite union of
    orbits. One layer with a ≤ d and t ≥ 2 tokens: the terms of out_1 linear in x_1 and
    quadratic in x_2 are the rank-one maps (V x_2)(A x_2)ᵀ, A = QᵀK, which determine (A, V)
    up to (A/c, cV) for invertible V, and a rank-a factorization QᵀK is unique up to GL_a: one
    orbit. With t = 1 only the symmetric part of A is seen: for a = 1, (Q, K) ↦ (K, Q) is a
    second orbit.
    """
    fibre, group = arch.n_params - dim, symmetry_group_dim(arch)
    why = f"generic fiber dimension N − dim = {arch.n_params} − {dim} = {fibre}"
    sym = f"dim G = l·a² + l + (l − 1)·d² = {group} (the symmetries)"
    if fibre > group:
        return invariants.Identifiability(
            "no", f"{why} > {sym}: the fibers are more than finitely many orbits"
        )
    orbit = orbit_dim_at_integer_point(arch)
    if orbit != fibre:
        return invariants.Identifiability(
            "unknown", f"{why}; the orbits' dimension at an integer point is {orbit}"
        )
    why = (
        f"{why} = the dimension of the symmetry orbits (exact rank of their tangents; {sym}): "
        "a generic fiber is finitely many orbits"
    )
    if arch.l == 1 and arch.a <= arch.d and arch.t >= 2:
        return invariants.Identifiability(
            "globally",
            f"{why}, and one: with t ≥ 2 tokens f determines (QᵀK, V) up to (QᵀK/c, cV), and "
            f"QᵀK of rank a ≤ d determines (Q, K) up to GL(a) ({HMK25}, one layer)",
        )
    if arch.l == 1 and arch.t == 1:
        why += "; with one token only QᵀK + KᵀQ is seen (a = 1: (Q, K) ↦ (K, Q), two orbits)"
    return invariants.Identifiability("finitely", f"{why} ({HMK25})")


@facts.register
def _facts(arch: LightningAttention, full_dimensional: bool) -> Facts:
    unknown = Fact(None, "the image of a polynomial map: semi-algebraic; not decided here")
    return Facts(
        filling=Fact(
            full_dimensional,
            "computed, in coordinates = values at sample inputs (never fills the polynomial maps)",
        ),
        closed=unknown,
        algebraic=unknown,
        has_boundary=unknown,
        has_singular_points=unknown,
        symmetries=parametrization(arch).symmetries,
    )
