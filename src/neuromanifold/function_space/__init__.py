"""The function space (neuromanifold) of an architecture: dimension, facts, membership, strata.

Per-family theorems (facts) and samplers live in one module per family (``fc``, ``lcn``,
``lcn2d``), registered on the verbs' dispatchers when this package is imported.
"""

from neuromanifold.function_space import fc, lcn, lcn2d  # noqa: F401  (registrations)
from neuromanifold.function_space.dimension import DimensionCertificate, generic_rank
from neuromanifold.function_space.facts import Fact, Facts, facts
from neuromanifold.function_space.neuromanifold import Neuromanifold

__all__ = ["DimensionCertificate", "Fact", "Facts", "Neuromanifold", "facts", "generic_rank"]
