"""Facts about a neuromanifold that theorems decide: closed, algebraic, boundary, singular points.

Each family registers the theorems that decide its facts with ``@facts.register`` in its module
of this package (``function_space/fc.py``, ``lcn.py``, ``lcn2d.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from neuromanifold.architectures import Architecture
from neuromanifold.dispatch import family_dispatch

__all__ = [
    "CONE",
    "DETERMINANTAL",
    "KMMT22",
    "KMST24",
    "Fact",
    "Facts",
    "facts",
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
        out: dict[str, object] = {
            f.name: value.to_dict()
            for f in dataclasses.fields(self)
            if isinstance(value := getattr(self, f.name), Fact)
        }
        out["symmetries"] = list(self.symmetries)
        return out


@family_dispatch("neuromanifold.function_space")
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
