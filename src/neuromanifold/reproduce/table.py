"""The reproduction table: every check of the seed's claims (SPEC §7), run in claim order.

Each check is a function ``seed → list[ClaimResult]``; :func:`reproduce` runs them all and sorts
the rows by claim id. Later capabilities add their checks to :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable

from neuromanifold.reproduce import critical_points, geometry, metric, training
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
    critical_points.check_c9,
    critical_points.check_c10,
    critical_points.check_c11,
    training.check_c2_training,
    training.check_c9_training,
    training.check_c10_c12_training,
]


def reproduce(seed: int = 0) -> list[ClaimResult]:
    """Run every check of the seed's claims on small defaults.

    Args:
        seed: seed passed to every check.

    Returns:
        The rows, sorted by claim id.

    Example:
        >>> rows = reproduce()
        >>> rows[0].id, rows[0].ok
        ('C1', True)
    """
    rows = [row for check in CHECKS for row in check(seed)]
    return sorted(rows, key=lambda r: int(r.id[1:]))
