"""The function space (neuromanifold) of an architecture: dimension, facts, membership, strata."""

from neuromanifold.function_space.dimension import DimensionCertificate, generic_rank
from neuromanifold.function_space.facts import Fact, Facts, facts
from neuromanifold.function_space.neuromanifold import Neuromanifold

__all__ = ["DimensionCertificate", "Fact", "Facts", "Neuromanifold", "facts", "generic_rank"]
