r"""Membership for lightning self-attention: a numerical witness μ(θ) ≈ f (Henry–Marchetti–Kohn 2025).

The coordinates are the network's values on fixed sample inputs
(:mod:`~neuromanifold.parametrization.attention`); the neuromanifold never fills them, and no
implicit equations are computed here, so the Zariski closure is undecided. A θ with
‖μ(θ) − f‖ ≤ τ (:mod:`~neuromanifold.function_space.membership.witness`) decides "member"
within the tolerance (exactly when it rounds to rationals with μ(θ) = f); none found from every
seeded start is reported as evidence of non-membership, never as proof.
"""

from __future__ import annotations

from neuromanifold.architectures import LightningAttention
from neuromanifold.function_space.membership.base import Membership, Query, decide
from neuromanifold.function_space.membership.witness import witness_decision

__all__: list[str] = []


@decide.register
def _attention(arch: LightningAttention, query: Query) -> Membership:
    f, floats, tol, preimage = query.exact, query.floats, query.tol, query.preimage
    why = "the Zariski closure is not decided (no implicit equations); "
    return witness_decision(arch, f, floats, tol, why=why, preimage=preimage)
