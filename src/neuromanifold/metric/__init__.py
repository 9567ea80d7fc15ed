"""Metric algebraic geometry: ED degrees, closest points, Voronoi cells, the seed's pictures
(Breiding–Kohn–Sturmfels 2024; Brandt–Weinstein 2024).

The varieties (`PlaneCurve`, an architecture's neurovariety, polynomial equations) are kept apart
from the questions asked with the Euclidean metric (`ed_degree` — the one ED verb, for every
subject and backend —, `PlaneCurve.closest_points`, `voronoi_cell`).
"""

from __future__ import annotations

from neuromanifold.algebra.binary_form import RealRoot, real_roots
from neuromanifold.algebra.ed_degree import EDDegree
from neuromanifold.metric.ed_degree import BACKENDS, BackendChoice, choose_backend, ed_degree
from neuromanifold.metric.nearest_stratum import (
    Fig2aResult,
    Fig2bResult,
    Fig3Result,
    fig2a,
    fig2b,
    fig3,
)
from neuromanifold.metric.plane_curve import ClosestPoints, CurvePoint, PlaneCurve
from neuromanifold.metric.sampling import GridClassification, classify_grid, sample_curve
from neuromanifold.metric.voronoi import VoronoiCell, cusp_boundary, voronoi_cell

__all__ = [
    "BACKENDS",
    "BackendChoice",
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
    "choose_backend",
    "classify_grid",
    "cusp_boundary",
    "ed_degree",
    "fig2a",
    "fig2b",
    "fig3",
    "real_roots",
    "sample_curve",
    "voronoi_cell",
]
