"""A claim of the seed article checked by a computation: one row of ``neuromanifold reproduce``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ClaimResult"]


@dataclass(frozen=True)
class ClaimResult:
    """One row of the reproduction table: a seed claim, what it predicts and what we observed.

    ``id`` is the claim id of SPEC §7 (``C1`` … ``C12``).
    """

    id: str
    claim: str
    expected: str
    observed: str
    ok: bool

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary with keys id, claim, expected, observed, ok."""
        return {
            "id": self.id,
            "claim": self.claim,
            "expected": self.expected,
            "observed": self.observed,
            "ok": self.ok,
        }
