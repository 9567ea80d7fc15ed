"""Metric algebraic geometry: the ED degree (the one verb `ed_degree`, for every subject and
backend), closest points, Voronoi cells, the stratum holding a nearest point
(Breiding–Kohn–Sturmfels 2024; Brandt–Weinstein 2024).

The varieties (`PlaneCurve`, an architecture's neurovariety, polynomial equations) are kept apart
from the questions asked with the Euclidean metric (`ed_degree`, `PlaneCurve.closest_points`,
`voronoi_cell`). The seed's Figures 2a, 2b and 3 built from them are in
:mod:`neuromanifold.reproduce`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from neuromanifold.algebra.binary_form import RealRoot, real_roots
from neuromanifold.algebra.ed_degree import EDDegree
from neuromanifold.dispatch import declare_family_modules
from neuromanifold.metric.ed_degree import BACKENDS, BackendChoice, choose_backend, ed_degree
from neuromanifold.metric.formulation import Formulation, structural_formulation
from neuromanifold.metric.nearest_stratum import NearestStratum, nearest_stratum
from neuromanifold.metric.plane_curve import ClosestPoints, CurvePoint, PlaneCurve
from neuromanifold.verbs import lazy_exports

if TYPE_CHECKING:
    from neuromanifold.metric.low_rank_approximation import (
        LowRankCriticalPoints,
        low_rank_critical_points,
        low_rank_path_count,
    )
    from neuromanifold.metric.sampling import GridClassification, classify_grid, sample_curve
    from neuromanifold.metric.voronoi import VoronoiCell, cusp_boundary, voronoi_cell

#: The structural formulations of a family (`structural_formulation`), imported with its first
#: architecture: fc's unit-weight ED problem is the Eckart–Young one of `low_rank_approximation`.
declare_family_modules(__name__, {"fc": ("low_rank_approximation",)})

#: Loaded on first use (the ED verb on a polynomial needs none of them). Names that are also a
#: submodule's (``ed_degree``, ``nearest_stratum``) stay eager above: importing the submodule
#: would otherwise bind the package attribute to the module, not the function.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "LowRankCriticalPoints": "neuromanifold.metric.low_rank_approximation",
        "low_rank_critical_points": "neuromanifold.metric.low_rank_approximation",
        "low_rank_path_count": "neuromanifold.metric.low_rank_approximation",
        "GridClassification": "neuromanifold.metric.sampling",
        "classify_grid": "neuromanifold.metric.sampling",
        "sample_curve": "neuromanifold.metric.sampling",
        "VoronoiCell": "neuromanifold.metric.voronoi",
        "cusp_boundary": "neuromanifold.metric.voronoi",
        "voronoi_cell": "neuromanifold.metric.voronoi",
    },
)

__all__ = [
    "BACKENDS",
    "BackendChoice",
    "ClosestPoints",
    "CurvePoint",
    "EDDegree",
    "Formulation",
    "GridClassification",
    "LowRankCriticalPoints",
    "NearestStratum",
    "PlaneCurve",
    "RealRoot",
    "VoronoiCell",
    "choose_backend",
    "classify_grid",
    "cusp_boundary",
    "ed_degree",
    "low_rank_critical_points",
    "low_rank_path_count",
    "nearest_stratum",
    "real_roots",
    "sample_curve",
    "structural_formulation",
    "voronoi_cell",
]
