"""The function space (neuromanifold) of an architecture: dimension, facts, membership, strata.

Per-family theorems (facts) and samplers live in one module per family (``fc``, ``lcn``,
``lcn2d``, ``polynomial`` for pnn and pcnn, ``attention``), registered on the verbs' dispatchers when this package is imported.
"""

from neuromanifold.function_space import (  # noqa: F401  (registrations)
    attention,
    fc,
    lcn,
    lcn2d,
    polynomial,
)
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
