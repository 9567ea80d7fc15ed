"""The seed's Figs. 2a, 2b, 3 (claims C2, C3, C4)."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.reproduce.metric import check_metric, fig2a, fig2b, fig3
from tests.reproduce.helpers import assert_claims_hold


def test_fig2a_c2_inside_is_its_own_minimum_outside_goes_to_the_boundary():
    r = fig2a(seed=1, n=60)
    assert r.ok and r.seed == 1
    assert 0 < r.n_inside < 60
    assert np.all(r.distance[r.inside] == 0)
    outside = ~r.inside
    x, y = r.nearest[outside].T
    assert np.allclose(y**2, 4 * x)
    assert r.to_dict()["ok"] is True


def test_fig2b_c3_interior_minimum_exactly_in_the_cylinder():
    r = fig2b(seed=2, n=80)
    assert r.ok
    assert np.array_equal(r.in_cylinder, r.interior_minimum)
    assert 0 < r.in_cylinder.sum() < 80
    inner = r.interior_minimum
    assert np.allclose(r.nearest[inner, :2], r.data[inner, :2])
    assert np.allclose(np.hypot(*r.nearest[~inner, :2].T), 1)


def test_fig3_c4_cusp_positive_area_smooth_point_measure_zero():
    r = fig3(seed=0, grid=120, n_random=80)
    assert r.ok
    d = r.to_dict()
    assert d["cusp_area"] > 1.7 and d["smooth_area"] == 0 and d["hits_smooth"] == 0
    assert d["hits_cusp"] > 0


def test_seeds_are_recorded_and_results_are_deterministic():
    a, b = fig2a(seed=5, n=10), fig2a(seed=5, n=10)
    assert np.array_equal(a.data, b.data) and a.seed == 5


@pytest.mark.slow
def test_fig3_full_size_grid():
    r = fig3(seed=0, grid=400, n_random=300)
    assert r.ok and abs(r.cusp.area - r.grid.area) < 0.02


def test_check_metric_rows():
    rows = check_metric(0)
    assert [r.id for r in rows] == ["C2", "C3", "C4"]
    assert_claims_hold([r.to_dict() for r in rows])
