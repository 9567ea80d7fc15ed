"""The neuromanifold of lightning self-attention networks: expected dimension, identifiability.

Reference: Henry–Marchetti–Kohn, ICLR 2025 (HMK25); SPEC §2.3.
"""

from __future__ import annotations

from neuromanifold.architectures import LightningAttention
from neuromanifold.function_space import invariants
from neuromanifold.function_space.facts import Fact, Facts, facts
from neuromanifold.parametrization import parametrization

__all__: list[str] = []

HMK25 = "Henry–Marchetti–Kohn 2025"


@invariants.expected_dimension.register
def _expected(arch: LightningAttention) -> tuple[int, str] | None:
    d, a, l = arch.d, arch.a, arch.l  # noqa: E741
    if a > d:
        return None
    value = l * (a * (2 * d - a) + d * d) - (l - 1) * d * d - l
    return value, f"l(a(2d − a) + d²) − (l − 1)d² − l for a ≤ d: the generic fibers ({HMK25})"


@invariants.identifiability.register
def _identifiability(arch: LightningAttention, dim: int) -> invariants.Identifiability:
    expected = _expected(arch)
    if expected is None:
        return invariants.Identifiability("unknown", f"a > d: outside the theorem of {HMK25}")
    if dim != expected[0]:
        return invariants.Identifiability(
            "unknown", f"computed dimension {dim} ≠ {expected[0]}: outside the generic case"
        )
    return invariants.Identifiability(
        "finitely",
        f"the generic fibers are the orbits of the symmetries, up to finitely many ({HMK25})",
    )


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
