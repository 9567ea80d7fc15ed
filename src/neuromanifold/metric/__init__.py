"""Metric algebraic geometry of plane curves and of the seed's pictures: closest points, ED degree,
Voronoi cells, the stratum holding a nearest point (Breiding–Kohn–Sturmfels 2024; Brandt–Weinstein
2024). The seed's Figures 2a, 2b and 3 built from them are in :mod:`neuromanifold.reproduce`.

The curve (`PlaneCurve`) is kept apart from the questions asked with the Euclidean metric
(`PlaneCurve.closest_points`, `PlaneCurve.ed_degree`, `voronoi_cell`).
"""

from __future__ import annotations

from neuromanifold.metric.nearest_stratum import NearestStratum, nearest_stratum
from neuromanifold.metric.plane_curve import ClosestPoints, CurvePoint, EDDegree, PlaneCurve
from neuromanifold.metric.real_roots import RealRoot, real_roots
from neuromanifold.metric.sampling import GridClassification, classify_grid, sample_curve
from neuromanifold.metric.voronoi import VoronoiCell, cusp_boundary, voronoi_cell

__all__ = [
    "ClosestPoints",
    "CurvePoint",
    "EDDegree",
    "GridClassification",
    "NearestStratum",
    "PlaneCurve",
    "RealRoot",
    "VoronoiCell",
    "classify_grid",
    "cusp_boundary",
    "nearest_stratum",
    "real_roots",
    "sample_curve",
    "voronoi_cell",
]
