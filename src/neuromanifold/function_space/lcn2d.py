"""The neuromanifold of 2D linear convolutional networks: the facts theorems decide.

Reference: Kohn–Merkh–Montúfar–Trager 2022 (higher-dimensional convolutions); SPEC §2.2.
"""

from __future__ import annotations

from neuromanifold.architectures import LinearConvNetwork2D
from neuromanifold.function_space.facts import CONE, Fact, Facts, facts
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
