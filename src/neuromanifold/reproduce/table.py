"""The reproduction table: every check of the seed's claims (SPEC §7), run in claim order.

Each check is a function ``seed → list[ClaimResult]``; :func:`reproduce` runs them all and sorts
the rows by claim id. Later capabilities add their checks to :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable

from neuromanifold.reproduce import census, critical_points, geometry, metric, singular, training
from neuromanifold.reproduce.claim import ClaimResult

__all__ = ["CHECKS", "reproduce"]

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


def reproduce(seed: int = 0, *, draws: int | None = None) -> list[ClaimResult]:
    """Run every check of the seed's claims on small defaults.

    Args:
        seed: seed passed to every check.
        draws: data draws of the census checks (C6 singular points, C12 critical points);
            ``None``: their small defaults. The claims are stated for ``draws=200``.

    Returns:
        The rows, sorted by claim id.

    Example:
        >>> rows = reproduce()
        >>> rows[0].id, rows[0].ok
        ('C1', True)
    """
    rows = [
        row
        for check in CHECKS
        for row in (
            check(seed) if draws is None or check not in SIZED else SIZED[check](seed, draws)
        )
    ]
    return sorted(rows, key=lambda r: int(r.id[1:]))
