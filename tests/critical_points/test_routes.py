"""critical_points by route: the homotopy's certified points are msolve's, and auto says why."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.critical_points import critical_points
from neuromanifold.errors import InputError
from neuromanifold.losses import QuadraticLoss, exact_loss


def test_homotopy_route_finds_msolves_points():
    """fc:3,1,3 with a generic weighted target: 39 critical points on the smooth locus."""
    loss = exact_loss("fc:3,1,3", "target", seed=0, weights="generic")
    ours = critical_points("fc:3,1,3", loss, backend="homotopy")
    exact = critical_points("fc:3,1,3", loss, backend="msolve")
    top, ref = ours.function_loci[0], exact.function_loci[0]
    assert (top.route, ref.route) == ("homotopy", "msolve")
    assert top.n_complex == ref.n_complex == 39 and top.n_real == ref.n_real
    assert top.n_real_certified and ref.n_real_certified
    mine = sorted(p.loss for p in ours.function_space() if p.locus == top.locus)
    theirs = sorted(p.loss for p in exact.function_space() if p.locus == ref.locus)
    assert np.allclose(mine, theirs, rtol=1e-8)
    assert ours.global_minimum is not None and exact.global_minimum is not None
    assert ours.global_minimum.loss == pytest.approx(exact.global_minimum.loss, rel=1e-9)
    assert "homotopy" in str(ours.to_dict()["backend"])
    assert ours.parameter_count.n_complex == exact.parameter_count.n_complex == 39  # msolve
    auto = critical_points("fc:3,1,3", loss)  # homotopy above: the chart is not counted
    assert auto.parameter_count.n_complex is None and not auto.positive_dimensional
    assert auto.function_loci[0].route == "homotopy" and "Chern-class" in str(
        auto.options["route_reason"]
    )


def test_homotopy_route_needs_a_weighted_distance():
    regression = QuadraticLoss.regression("fc:2,1,2", 6, seed=1)
    with pytest.raises(InputError, match="not diagonal"):
        critical_points("fc:2,1,2", regression, backend="homotopy")
    auto = critical_points("fc:2,1,2", regression)
    assert "msolve, the homotopy does not apply" in str(auto.options["route_reason"])
