"""Numbers theorems give about a neuromanifold: expected dimension, degree, identifiability.

Each family registers its formulas with ``@expected_dimension.register``, ``@degree.register``
and ``@identifiability.register`` in its module of this package (beside its facts).
"""

from __future__ import annotations

from dataclasses import dataclass

from neuromanifold.architectures import Architecture
from neuromanifold.dispatch import family_dispatch

__all__ = [
    "Identifiability",
    "degree",
    "dimension_bound",
    "expected_dimension",
    "generic_ed_degree",
    "identifiability",
]


@dataclass(frozen=True)
class Identifiability:
    """Whether a generic function determines its parameters, up to the symmetries of μ.

    ``value`` is ``"globally"`` (one orbit of the symmetry group), ``"finitely"`` (finitely many
    orbits), ``"no"`` (positive-dimensional families beyond the symmetries) or ``"unknown"``.
    """

    value: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {"value": self.value, "reason": self.reason}


@family_dispatch("neuromanifold.function_space")
def expected_dimension(architecture: Architecture) -> tuple[int, str] | None:
    """The dimension a parameter count (or a theorem) predicts, with its reason; ``None`` if none.

    The defect of the neuromanifold is this minus the computed dimension.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> expected_dimension(parse_architecture("fc:3,1,2"))[0]
        4
    """
    return None


@family_dispatch("neuromanifold.function_space")
def dimension_bound(architecture: Architecture) -> int | None:
    """A proven upper bound on dim M (``None`` if none): the expected dimension by default.

    Families whose expected dimension is not a theorem's bound must register another (or
    ``None``); families with a sharper bound register it. The exact dimension stops as soon as
    a rank mod p reaches it (:func:`~neuromanifold.function_space.dimension.generic_rank`).

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> dimension_bound(parse_architecture("fc:3,1,2"))
        4
    """
    expected = expected_dimension(architecture)
    return None if expected is None else expected[0]


@family_dispatch("neuromanifold.function_space")
def degree(architecture: Architecture) -> tuple[int, str] | None:
    """The degree of the neurovariety (the Zariski closure of M) where a formula gives it.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> degree(parse_architecture("fc:2,1,2"))[0]
        2
    """
    return None


@family_dispatch("neuromanifold.function_space")
def generic_ed_degree(architecture: Architecture) -> tuple[int, str] | None:
    """The generic ED degree of the neurovariety where a formula gives it (generic weights).

    It is the number of complex critical points of a generic weighted squared distance on the
    smooth part of the neurovariety (Draisma et al. 2016), the count ``ed-degree --weights
    generic`` computes; pcnn registers the Segre–Veronese Chern-class formula.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> generic_ed_degree(parse_architecture("pcnn:k=2,2:r=2"))[0]
        14
    """
    return None


@family_dispatch("neuromanifold.function_space")
def identifiability(architecture: Architecture, dim: int) -> Identifiability:
    """Identifiability of the parameters of ``architecture`` given the computed dimension ``dim``.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> identifiability(parse_architecture("lcn:k=2,2"), 3).value
        'finitely'
    """
    return Identifiability("unknown", "no theorem registered for this family")
