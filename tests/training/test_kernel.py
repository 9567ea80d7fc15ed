"""The compiled training kernel against the numpy engine: the same runs, stopped the same way."""

from __future__ import annotations

import platform

import numpy as np
import pytest

from neuromanifold.architectures import parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.training import TrainingOptions, kernel, train
from neuromanifold.training.trainer import AUTO_RUNS

pytestmark = pytest.mark.skipif(not kernel.AVAILABLE, reason="numba not installed")

# bit for bit where numpy's loops are the x86-64 baseline ones (see the kernel's docstring)
EXACT = platform.machine() in ("x86_64", "AMD64")
OPTIONS = {
    "gd": TrainingOptions("gd", step=0.05, max_iter=3000),
    "backtracking": TrainingOptions("backtracking", max_iter=3000),
}


def _both(arch, runs, **kwargs):
    a = train(arch, runs, engine="numpy", **kwargs)
    b = train(arch, runs, engine="numba", **kwargs)
    assert (a.engine, b.engine) == ("numpy", "numba")
    return a, b


def _same_classes(a, b):
    ca, cb = a.outcomes, b.outcomes
    for field in ("converged", "stratum", "spurious", "global_min"):
        assert np.unique(getattr(ca, field), return_counts=True)[1].tolist() == (
            np.unique(getattr(cb, field), return_counts=True)[1].tolist()
        ), field


@pytest.mark.parametrize("arch", ["lcn:k=2,2", "lcn:k=2,2:s=2,1", "fc:2,2,2"])
@pytest.mark.parametrize("method", ["gd", "backtracking"])
def test_target_data_runs_equal_the_numpy_engine(arch, method):
    """Same draws, same steps, same stopping iterations: every final number equal (x86-64)."""
    a, b = _both(arch, 200, seed=3, options=OPTIONS[method])
    assert np.array_equal(a.stop_reason, b.stop_reason)
    assert np.array_equal(a.iterations, b.iterations)
    if EXACT:
        for name in ("theta", "f", "loss", "grad_norm"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.allclose(a.f, b.f, rtol=0, atol=kernel.AGREEMENT)
    _same_classes(a, b)


def test_regression_data_within_the_stated_tolerance():
    """Regression data: numpy's order for Gf varies with the Gram array's layout, so not bit
    for bit; the functions agree within AGREEMENT, stops and outcome counts are the same."""
    arch, opts = "lcn:k=2,2:s=2,1", OPTIONS["backtracking"]
    a, b = _both(arch, 200, seed=5, data="regression:6", options=opts)
    assert (a.stop_reason == b.stop_reason).mean() > 0.97
    both = (a.stop_reason == "gradient") & (b.stop_reason == "gradient")
    assert both.mean() > 0.9
    assert np.abs(a.f[both] - b.f[both]).max() < kernel.AGREEMENT
    assert np.abs(a.loss[both] - b.loss[both]).max() < kernel.AGREEMENT
    _same_classes(a, b)


def test_unstable_and_diverged_runs_stop_alike():
    """A step too large: the unstable and diverged stops at the numpy engine's iterations."""
    opts = TrainingOptions("gd", step=0.3, max_iter=3000)
    a, b = _both("lcn:k=2,2", 100, seed=0, options=opts)
    assert {"diverged", "unstable", "gradient"} <= set(a.stop_reason)
    assert np.array_equal(a.stop_reason, b.stop_reason)
    assert np.array_equal(a.iterations, b.iterations)


def test_each_run_stops_at_its_own_iteration():
    """A run stopped by the gradient rule at iteration k had not converged at k − 1."""
    r = train("lcn:k=2,2", 50, seed=1, options=OPTIONS["gd"], engine="numba")
    k, conv = r.iterations, r.stop_reason == "gradient"
    assert conv.mean() > 0.8 and len(set(k[conv].tolist())) > 10
    assert np.all(r.grad_norm[conv] <= 1e-6)
    for i in np.flatnonzero(conv)[np.argsort(k[conv])[:3]]:
        short = TrainingOptions("gd", step=0.05, max_iter=int(k[i]) - 1)
        s = train("lcn:k=2,2", 50, seed=1, options=short, engine="numba")
        assert s.stop_reason[i] == "max_iter" and s.grad_norm[i] > 1e-6


def test_seed_recorded_and_reproduced():
    a = train("lcn:k=2,2", 30, seed=7, engine="numba")
    b = train("lcn:k=2,2", 30, seed=7, engine="numba")
    c = train("lcn:k=2,2", 30, seed=8, engine="numba")
    assert a.seed == 7 and a.engine == "numba"
    assert np.array_equal(a.theta, b.theta)
    assert not np.allclose(a.loss, c.loss)


def test_refused_work_runs_on_numpy_with_the_reason():
    with pytest.warns(UserWarning, match="flow"):
        r = train("lcn:k=2,2", 5, options=TrainingOptions("flow"), engine="numba")
    assert r.engine == "numpy"
    with pytest.warns(UserWarning, match="trajectory"):
        r = train("lcn:k=2,2", 5, record_every=10, engine="numba")
    assert r.engine == "numpy" and r.trajectory is not None
    with pytest.warns(UserWarning, match="lcn2d"):
        assert train("lcn2d:k=2x2,2x2", 3, engine="numba").engine == "numpy"
    assert train("lcn:k=2,2", 5).engine == "numpy"  # auto: a small batch is not compiled
    with pytest.raises(InputError, match="engine"):
        train("lcn:k=2,2", 5, engine="fortran")


def test_auto_compiles_large_batches_only(monkeypatch):
    calls = []
    real = kernel.descend
    monkeypatch.setattr(kernel, "descend", lambda *a: calls.append(a[2].shape[0]) or real(*a))
    opts = TrainingOptions("gd", max_iter=5)
    assert train("lcn:k=2,2", 20, options=opts, engine="auto").engine == "numpy"
    assert calls == []
    big = train("lcn:k=2,2", AUTO_RUNS, options=opts, engine="auto")
    assert calls == [AUTO_RUNS] and big.engine == "numba"
    with pytest.warns(UserWarning, match="adam"):
        r = train("lcn:k=2,2", 5, options=TrainingOptions("adam", max_iter=50), engine="numba")
    assert r.engine == "numpy"


def test_numba_missing_falls_back_to_numpy(monkeypatch):
    monkeypatch.setattr(kernel, "numba", None)
    assert "not installed" in (kernel.refusal(parse_architecture("fc:2,1,2"), "gd", 0) or "")
    a = train("lcn:k=2,2", 2000, seed=0, options=TrainingOptions("gd", max_iter=5))
    assert a.engine == "numpy"  # auto
    with pytest.warns(UserWarning, match="numba is not installed"):
        b = train("lcn:k=2,2", 20, seed=0, engine="numba")
    assert b.engine == "numpy"
