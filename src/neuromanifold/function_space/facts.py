"""Facts about a neuromanifold that theorems decide: closed, algebraic, boundary, singular points.

Each family registers the theorems that decide its facts with ``@facts.register`` in its module
of this package (``function_space/fc.py``, ``lcn.py``, ``lcn2d.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

from neuromanifold.architectures import Architecture

__all__ = [
    "CONE",
    "DETERMINANTAL",
    "KMMT22",
    "KMST24",
    "Fact",
    "Facts",
    "Identifiability",
    "degree",
    "expected_dimension",
    "facts",
    "identifiability",
]

KMMT22 = "Kohn–Merkh–Montúfar–Trager 2022"
KMST24 = "Kohn–Montúfar–Shahverdi–Trager 2024"
CONE = (
    "μ is multihomogeneous and vanishes only where a layer does, so M is the cone over the "
    "compact image of a product of unit spheres"
)
DETERMINANTAL = "M = {W : rank W ≤ r}, a determinantal variety"


@dataclass(frozen=True)
class Fact:
    """A yes/no property with its justification; ``value`` is ``None`` when no theorem decides it."""

    value: bool | None
    reason: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {"value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        word = {True: "yes", False: "no", None: "unknown"}[self.value]
        return f"{word} ({self.reason})"


@dataclass(frozen=True)
class Facts:
    """What theorems say about the neuromanifold of one architecture."""

    filling: Fact
    closed: Fact
    algebraic: Fact
    has_boundary: Fact
    has_singular_points: Fact
    symmetries: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "filling": self.filling.to_dict(),
            "closed": self.closed.to_dict(),
            "algebraic": self.algebraic.to_dict(),
            "has_boundary": self.has_boundary.to_dict(),
            "has_singular_points": self.has_singular_points.to_dict(),
            "symmetries": list(self.symmetries),
        }


@singledispatch
def facts(architecture: Architecture, full_dimensional: bool) -> Facts:
    """The theorem-backed facts about the neuromanifold of ``architecture``.

    Args:
        architecture: the network.
        full_dimensional: whether dim M equals the ambient dimension (computed, not assumed);
            checked against the theorems, which raise ``AssertionError`` on a contradiction.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> facts(parse_architecture("fc:3,1,2"), False).filling.value
        False
    """
    raise TypeError(f"no facts known for {type(architecture).__name__}")


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


@singledispatch
def expected_dimension(architecture: Architecture) -> tuple[int, str] | None:
    """The dimension a parameter count (or a theorem) predicts, with its reason; ``None`` if none.

    The defect of the neuromanifold is this minus the computed dimension.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> expected_dimension(parse_architecture("fc:3,1,2"))[0]
        4
    """
    return None


@singledispatch
def degree(architecture: Architecture) -> tuple[int, str] | None:
    """The degree of the neurovariety (the Zariski closure of M) where a formula gives it.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> degree(parse_architecture("fc:2,1,2"))[0]
        2
    """
    return None


@singledispatch
def identifiability(architecture: Architecture, dim: int) -> Identifiability:
    """Identifiability of the parameters of ``architecture`` given the computed dimension ``dim``.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> identifiability(parse_architecture("lcn:k=2,2"), 3).value
        'finitely'
    """
    return Identifiability("unknown", "no theorem registered for this family")
