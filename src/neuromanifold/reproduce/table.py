"""The reproduction table: every check of the seed's claims (SPEC §7), run in claim order.

Each check is a function ``seed → list[ClaimResult]``; :func:`reproduce` runs them all and sorts
the rows by claim id. Later capabilities add their checks to :data:`CHECKS`. A check is named
``module.function`` (:func:`check_name`, e.g. ``geometry.check_fig1``): ``neuromanifold reproduce
--check NAME`` reruns that check alone, and :func:`run_checks` says which check gave each row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from neuromanifold.errors import InputError
from neuromanifold.reproduce import census, critical_points, geometry, metric, singular, training
from neuromanifold.reproduce.beyond import BEYOND
from neuromanifold.reproduce.claim import ClaimResult

__all__ = ["CHECKS", "check_name", "claim_order", "reproduce", "run_checks", "select_checks"]

#: The checks run by :func:`reproduce`, in claim order.
CHECKS: list[Callable[[int], list[ClaimResult]]] = [
    geometry.check_fig1,
    geometry.check_stride_one,
    geometry.check_composition,
    geometry.check_fig4,
    geometry.check_strided_dimension,
    critical_points.check_eckart_young,
    critical_points.check_strided_count,
    geometry.check_strata,
    metric.check_metric,
    critical_points.check_c5,
    critical_points.check_c6,
    singular.check_c6_singular,
    critical_points.check_c9,
    critical_points.check_c10,
    critical_points.check_c11,
    census.check_c12_census,
    training.check_c2_training,
    training.check_c9_training,
    training.check_c10_c12_training,
]


#: Checks whose size is a number of data draws: ``(seed, draws) → rows`` at full size.
SIZED: dict[Callable[[int], list[ClaimResult]], Callable[[int, int], list[ClaimResult]]] = {
    census.check_c12_census: lambda seed, n: census.check_c12_census(seed, draws=n),
    singular.check_c6_singular: lambda seed, n: singular.check_c6_singular(seed, draws=(n, n)),
}


def check_name(check: Callable[[int], list[ClaimResult]]) -> str:
    """The name of a check: its module inside ``reproduce`` and its function.

    Example:
        >>> check_name(CHECKS[0])
        'geometry.check_fig1'
    """
    return f"{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"


def select_checks(names: Sequence[str] | None = None) -> list[Callable[[int], list[ClaimResult]]]:
    """The checks called ``names`` (see :func:`check_name`), in the order given; all when ``None``.

    Example:
        >>> [check_name(c) for c in select_checks(["geometry.check_fig4"])]
        ['geometry.check_fig4']
    """
    if names is None:
        return list(CHECKS)
    by_name = {check_name(c): c for c in (*CHECKS, *BEYOND)}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise InputError(f"unknown check {unknown[0]!r}; the checks are: {', '.join(by_name)}")
    return [by_name[n] for n in names]


def claim_order(claim_id: str) -> tuple[int, str, int]:
    """Sort key of a claim id: the seed's claims C1, C2, … first, then other letters (B1, …).

    Example:
        >>> sorted(["B2", "C10", "C2", "B1"], key=claim_order)
        ['C2', 'C10', 'B1', 'B2']
    """
    letter, number = claim_id[:1], claim_id[1:]
    return (letter != "C", letter, int(number) if number.isdigit() else 0)


def run_checks(
    seed: int = 0,
    names: Sequence[str] | None = None,
    *,
    draws: int | None = None,
    beyond: bool = False,
) -> list[tuple[str, ClaimResult]]:
    """Run the checks (all, or those called ``names``): ``(check name, row)`` in claim order.

    ``draws`` sizes the census checks (:data:`SIZED`; None: their small defaults); ``beyond``
    adds the section "beyond the seed" (B1–B4) when no names are given.

    Example:
        >>> [(name, row.id, row.ok) for name, row in run_checks(0, ["geometry.check_fig4"])]
        [('geometry.check_fig4', 'C8', True)]
    """
    checks = select_checks(names) + (list(BEYOND) if beyond and names is None else [])
    pairs = [
        (check_name(c), row)
        for c in checks
        for row in (c(seed) if draws is None or c not in SIZED else SIZED[c](seed, draws))
    ]
    return sorted(pairs, key=lambda pair: claim_order(pair[1].id))


def reproduce(
    seed: int = 0, checks: Sequence[str] | None = None, *, draws: int | None = None
) -> list[ClaimResult]:
    """Run every check of the seed's claims on small defaults.

    Args:
        seed: seed passed to every check.
        checks: run only the checks of these names (see :func:`check_name`); all when ``None``.
        draws: data draws of the census checks (C6 singular points, C12 critical points);
            ``None``: their small defaults. The claims are stated for ``draws=200``.

    Returns:
        The rows, sorted by claim id.

    Example:
        >>> rows = reproduce(checks=["geometry.check_fig1"])  # all of them: reproduce()
        >>> rows[0].id, rows[0].ok
        ('C1', True)
    """
    return [row for _, row in run_checks(seed, checks, draws=draws)]
