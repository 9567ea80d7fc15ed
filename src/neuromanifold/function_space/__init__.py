"""The function space (neuromanifold) of an architecture: dimension, facts, membership, strata.

Per-family theorems (facts) and samplers live in one module per family (``fc``, ``lcn``,
``lcn2d``, ``polynomial`` for pnn and pcnn, ``attention``), registered on the verbs' dispatchers
when the first architecture of that family is dispatched (the table below:
:func:`~neuromanifold.dispatch.declare_family_modules`), so a command about one family does not
load the others' theorems.
"""

from neuromanifold.dispatch import declare_family_modules
from neuromanifold.function_space.dimension import DimensionCertificate, generic_rank
from neuromanifold.function_space.facts import Fact, Facts, facts
from neuromanifold.function_space.invariants import (
    Identifiability,
    degree,
    dimension_bound,
    expected_dimension,
    generic_ed_degree,
    identifiability,
)
from neuromanifold.function_space.neuromanifold import Neuromanifold

declare_family_modules(
    __name__,
    {
        "fc": ("fc",),
        "lcn": ("lcn",),
        "lcn2d": ("lcn", "lcn2d"),  # lcn registers the invariants of both convolutions
        "pnn": ("polynomial",),
        "pcnn": ("polynomial",),
        "attn": ("attention",),
    },
)

__all__ = [
    "DimensionCertificate",
    "Fact",
    "Facts",
    "Identifiability",
    "Neuromanifold",
    "degree",
    "dimension_bound",
    "expected_dimension",
    "facts",
    "generic_ed_degree",
    "generic_rank",
    "identifiability",
]
