"""A claim of the seed article checked by a computation: one row of ``neuromanifold reproduce``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TypeVar

__all__ = ["Check", "ClaimResult", "over_cases"]

Case = TypeVar("Case")


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
        return asdict(self)


#: A claim check: ``seed → rows``.
Check = Callable[[int], list[ClaimResult]]


def over_cases(
    id: str, cases: Sequence[Case], claim: str, expected: str
) -> Callable[[Callable[[Case, int], tuple[bool, str]]], Check]:
    """Make a claim check from the check of one case: one row, ``ok`` when every case holds.

    The decorated ``(case, seed) → (holds, what was observed)`` becomes ``seed → [row]``, the
    row's ``observed`` the cases' observations joined by ``"; "`` (every case is checked).

    Example:
        >>> @over_cases("C0", [2, 3], "squares keep parity", "n² ≡ n mod 2")
        ... def check_parity(n, seed):
        ...     return n * n % 2 == n % 2, f"{n}² = {n * n}"
        >>> [(row.observed, row.ok) for row in check_parity(0)]
        [('2² = 4; 3² = 9', True)]
    """

    def decorate(check_case: Callable[[Case, int], tuple[bool, str]]) -> Check:
        def check(seed: int) -> list[ClaimResult]:
            results = [check_case(case, seed) for case in cases]
            observed = "; ".join(text for _, text in results)
            return [ClaimResult(id, claim, expected, observed, all(ok for ok, _ in results))]

        # named and documented as the case's check; its signature is ``seed → rows``
        for name in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(check, name, getattr(check_case, name))
        return check

    return decorate
