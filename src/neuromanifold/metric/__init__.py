"""Metric algebraic geometry of plane curves and of the seed's pictures: closest points, ED degree,
Voronoi cells (Breiding–Kohn–Sturmfels 2024; Brandt–Weinstein 2024).

The curve (`PlaneCurve`) is kept apart from the questions asked with the Euclidean metric
(`PlaneCurve.closest_points`, `PlaneCurve.ed_degree`, `voronoi_cell`).
"""

from __future__ import annotations

from neuromanifold.algebra.binary_form import RealRoot, real_roots
from neuromanifold.metric.nearest_stratum import (
    Fig2aResult,
    Fig2bResult,
    Fig3Result,
    fig2a,
    fig2b,
    fig3,
)
from neuromanifold.metric.plane_curve import ClosestPoints, CurvePoint, EDDegree, PlaneCurve
from neuromanifold.metric.sampling import GridClassification, classify_grid, sample_curve
from neuromanifold.metric.voronoi import VoronoiCell, cusp_boundary, voronoi_cell

__all__ = [
    "ClosestPoints",
    "CurvePoint",
    "EDDegree",
    "Fig2aResult",
    "Fig2bResult",
    "Fig3Result",
    "GridClassification",
    "PlaneCurve",
    "RealRoot",
    "VoronoiCell",
    "classify_grid",
    "cusp_boundary",
    "fig2a",
    "fig2b",
    "fig3",
    "real_roots",
    "sample_curve",
    "voronoi_cell",
]
