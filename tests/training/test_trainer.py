"""The batched trainer: Eckart–Young limits on FC nets, methods agree, seeds reproduce."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from neuromanifold.errors import InputError
from neuromanifold.losses import QuadraticLossBatch
from neuromanifold.training import TrainingOptions, optimize, train


def _whitened_fc_problem(runs: int, d_in: int, d_out: int, n: int, rng: np.random.Generator):
    """Regression data with XXᵀ = I: the loss is ‖W − YXᵀ‖² + const (Frobenius case)."""
    x = np.linalg.qr(rng.standard_normal((runs, n, d_in)))[0].transpose(0, 2, 1)  # rows orthonormal
    y = rng.standard_normal((runs, d_out, n))
    s = np.einsum("bin,bjn->bij", x, x)
    assert np.allclose(s, np.eye(d_in))
    b = np.einsum("bin,bjn->bij", y, x)
    gram = np.einsum("ac,bij->baicj", np.eye(d_out), s).reshape(runs, d_out * d_in, -1)
    const = np.einsum("bin,bin->b", y, y)
    return QuadraticLossBatch(gram, b.reshape(runs, -1), const, s), b


@pytest.mark.parametrize("method", ["gd", "backtracking", "flow"])
def test_fc_whitened_limits_are_eckart_young_points(method):
    """Converged runs on fc:3,2,3 end at Σ_{i∈I} σ_i u_i v_iᵀ, |I| = 2 (SPEC §2.1)."""
    rng = np.random.default_rng(11)
    runs = 60
    loss, b = _whitened_fc_problem(runs, 3, 3, 6, rng)
    theta0 = rng.standard_normal((runs, 12)) * 0.5
    opts = TrainingOptions(method=method, step=0.05, gtol=1e-8, max_iter=20000)
    result = optimize("fc:3,2,3", loss, theta0, options=opts)
    conv = result.converged
    assert conv.mean() > 0.9
    u, sig, vt = np.linalg.svd(b)
    for i in np.flatnonzero(conv):
        w = result.f[i].reshape(3, 3)
        points = [
            sum(sig[i, j] * np.outer(u[i, :, j], vt[i, j]) for j in subset)
            for subset in itertools.combinations(range(3), 2)
        ]
        dists = [np.linalg.norm(w - p) for p in points]
        assert min(dists) < 1e-5 * max(1.0, np.linalg.norm(w)), dists
    # and (generically) the global one: the top two singular values
    outcomes = result.classify()
    assert outcomes.global_min[conv].mean() > 0.9
    assert set(outcomes.reference_kind) == {"eckart-young"}


def test_methods_agree_on_limits():
    """GD, backtracking and flow from the same start reach the same global minimum on fc:2,1,2."""
    ends = [
        train("fc:2,1,2", 30, seed=5, options=TrainingOptions(method=m, gtol=1e-9)).f
        for m in ("gd", "backtracking", "flow")
    ]
    assert np.allclose(ends[0], ends[1], atol=1e-6)
    assert np.allclose(ends[0], ends[2], atol=1e-6)


def test_seed_reproduces_and_is_recorded():
    a = train("lcn:k=2,2", 50, seed=3)
    b = train("lcn:k=2,2", 50, seed=3)
    c = train("lcn:k=2,2", 50, seed=4)
    assert a.seed == 3
    assert np.array_equal(a.theta, b.theta) and np.array_equal(a.loss, b.loss)
    assert not np.allclose(a.loss, c.loss)


def test_restarts_share_data():
    r = train("lcn:k=3,3:s=2,1", 12, seed=0, restarts=3)
    assert np.array_equal(r.data_index, np.repeat(np.arange(4), 3))
    assert np.array_equal(r.losses.linear[0], r.losses.linear[2])
    assert not np.array_equal(r.losses.linear[0], r.losses.linear[3])


def test_fixed_step_too_large_is_not_converged():
    r = train("lcn:k=3,3,3", 100, seed=0, init="normal:2", options=TrainingOptions("gd", step=0.5))
    assert not r.converged.all()
    assert set(r.stop_reason) <= {"gradient", "stall", "diverged", "unstable", "max_iter"}
    assert {"diverged", "unstable"} & set(r.stop_reason)


def test_trajectory_recorded():
    r = train("fc:1,1,2", 5, seed=0, record_every=10)
    assert r.trajectory is not None and r.trajectory.shape[1:] == (5, 2)
    assert np.allclose(r.trajectory[-1], r.f, atol=1e-3)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"runs": 0},
        {"runs": 10, "restarts": 3},
        {"runs": 10, "data": "regression:0"},
        {"runs": 10, "init": "uniform"},
    ],
)
def test_bad_arguments(kwargs):
    with pytest.raises(InputError):
        train("fc:2,1,2", **kwargs)


def test_bad_options():
    with pytest.raises(InputError, match="method"):
        TrainingOptions(method="newton")
    with pytest.raises(InputError, match="step"):
        TrainingOptions(step=-1)


def test_adam_first_step_is_a_signed_step():
    """Adam's first bias-corrected step is η·g/(|g| + ε): η·sign(g) per coordinate (Kingma–Ba)."""
    from neuromanifold.training.objective import Objective

    rng = np.random.default_rng(3)
    loss = QuadraticLossBatch.from_target(rng.standard_normal((5, 4)))
    theta0 = rng.standard_normal((5, 4))
    _, grad, _ = Objective("fc:2,1,2", loss).value_and_grad(theta0)
    opts = TrainingOptions(method="adam", step=0.01, max_iter=1)
    result = optimize("fc:2,1,2", loss, theta0, options=opts)
    assert np.allclose(result.theta, theta0 - 0.01 * np.sign(grad), rtol=0, atol=1e-8)
    assert list(result.stop_reason) == ["max_iter"] * 5


def test_unknown_engine_is_refused_before_any_work():
    with pytest.raises(InputError, match="engine: unknown engine 'fortran'"):
        train("fc:2,1,2", 4, engine="fortran")
