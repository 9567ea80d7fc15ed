"""The seed article, reproduced: every claim check (SPEC §7), the seed's figures, the claim rows.

One module per topic: :mod:`~neuromanifold.reproduce.geometry` (dimension, filling, strata),
:mod:`~neuromanifold.reproduce.critical_points` (counts, spurious points, strata of critical
points), :mod:`~neuromanifold.reproduce.metric` (Figs. 2a, 2b, 3: nearest points and the cusp's
Voronoi cell), :mod:`~neuromanifold.reproduce.training` (gradient descent, side by side),
:mod:`~neuromanifold.reproduce.census` and :mod:`~neuromanifold.reproduce.singular` (the
critical-point censuses of C12 and C6), :mod:`~neuromanifold.reproduce.beyond` (claims B1–B4
about the families beyond the seed, reported apart);
:mod:`~neuromanifold.reproduce.figures` draws the figures, :mod:`~neuromanifold.reproduce.table`
runs every check and :mod:`~neuromanifold.reproduce.page` writes them as one HTML page. The
mathematics they use lives in the layers below (``metric``, ``critical_points``, ``training``);
this package only states the claims and checks them.

Example:
    >>> from neuromanifold.reproduce import CHECKS, ClaimResult
    >>> row = CHECKS[0](0)[0]
    >>> isinstance(row, ClaimResult), row.id, row.ok
    (True, 'C1', True)
"""

from __future__ import annotations

from neuromanifold.reproduce.beyond import BEYOND, reproduce_beyond
from neuromanifold.reproduce.claim import ClaimResult
from neuromanifold.reproduce.figures import write_figures, write_seed_figures
from neuromanifold.reproduce.metric import (
    Fig2aResult,
    Fig2bResult,
    Fig3Result,
    fig2a,
    fig2b,
    fig3,
)
from neuromanifold.reproduce.page import render_page, write_page
from neuromanifold.reproduce.table import CHECKS, check_name, reproduce, run_checks
from neuromanifold.verbs import make_callable

__all__ = [
    "BEYOND",
    "CHECKS",
    "ClaimResult",
    "Fig2aResult",
    "Fig2bResult",
    "Fig3Result",
    "check_name",
    "fig2a",
    "fig2b",
    "fig3",
    "render_page",
    "reproduce",
    "reproduce_beyond",
    "run_checks",
    "write_figures",
    "write_page",
    "write_seed_figures",
]


make_callable(__name__, reproduce)  # nm.reproduce(...) calls the verb, not the package
