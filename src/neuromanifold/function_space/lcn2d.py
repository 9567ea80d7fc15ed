"""The neuromanifold of 2D linear convolutional networks: the facts theorems decide.

Reference: Kohn–Merkh–Montúfar–Trager 2022 (higher-dimensional convolutions); SPEC §2.2.
"""

from __future__ import annotations

from neuromanifold.architectures import LinearConvNetwork2D
from neuromanifold.function_space.facts import (
    CONE,
    Fact,
    Facts,
    Identifiability,
    expected_dimension,
    facts,
    identifiability,
)
from neuromanifold.parametrization import parametrization

__all__: list[str] = []


@facts.register
def _facts(arch: LinearConvNetwork2D, full_dimensional: bool) -> Facts:
    nontrivial = [k for k in arch.filter_shapes if k != (1, 1)]
    if not full_dimensional:
        filling = Fact(False, "dim M < ambient dimension (computed)")
    elif len(nontrivial) <= 1:
        filling = Fact(True, "at most one layer has a filter larger than 1×1")
    else:
        filling = Fact(None, "full-dimensional; no theorem decides filling for this 2D case")
    return Facts(
        filling=filling,
        closed=Fact(True, CONE),
        algebraic=Fact(None, "semi-algebraic (Tarski–Seidenberg); algebraic unknown"),
        has_boundary=Fact(None, "no theorem covers 2D convolutions"),
        has_singular_points=Fact(None, "no theorem covers 2D convolutions"),
        symmetries=parametrization(arch).symmetries,
    )


@expected_dimension.register
def _expected(arch: LinearConvNetwork2D) -> tuple[int, str]:
    count = arch.n_params - (arch.n_layers - 1)
    return min(arch.ambient_dim, count), "Σ k_l − (L − 1): parameters minus the filter rescalings"


@identifiability.register
def _identifiability(arch: LinearConvNetwork2D, dim: int) -> Identifiability:
    value = "finitely" if arch.n_params - dim == arch.n_layers - 1 else "no"
    return Identifiability(
        value,
        "μ multiplies the filters' polynomials; unique factorization leaves finitely many ways "
        "up to the rescalings (KMMT 2022)"
        if value == "finitely"
        else "the generic fiber is larger than the rescalings (computed)",
    )
