"""Losses: the data identity ‖net(X) − Y‖² = ℓ(f), exactness, gradient and Hessian of L = ℓ∘μ."""

from __future__ import annotations

import flint
import numpy as np
import pytest

from neuromanifold.architectures import parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.losses import PulledBackLoss, QuadraticLoss, design_matrix, regression_data
from neuromanifold.parametrization import convolution_matrix, parametrization


def _network_output(arch, f, X):
    if arch.family == "fc":
        return f.reshape(arch.ambient_shape) @ X
    T = convolution_matrix(f, arch.end_to_end_stride, X.shape[0])
    return T @ X


@pytest.mark.parametrize(
    "text", ["fc:3,2,4", "fc:2,1,1,2", "lcn:k=2,3", "lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1"]
)
def test_loss_equals_squared_error(text):
    arch = parse_architecture(text)
    X, Y = regression_data(arch, arch.ambient_dim + 3, seed=1)
    loss = QuadraticLoss.from_data(arch, X, Y)
    mu = parametrization(arch)
    rng = np.random.default_rng(0)
    for theta in rng.standard_normal((5, arch.n_params)):
        f = mu(theta).reshape(-1)
        direct = float(np.sum((_network_output(arch, f, X) - Y) ** 2))
        assert loss.value(f) == pytest.approx(direct, rel=1e-10)


def test_loss_exact_at_rational_points():
    arch = parse_architecture("lcn:k=2,2:s=2,1")
    X = np.array([[1, 0, 2, 1, 0], [0, 1, 1, -1, 2], [2, 1, 0, 1, 1], [1, 1, 1, 0, -2]])
    Y = np.array([[1, -2, 0, 3, 1]])
    loss = QuadraticLoss.from_data(arch, X, Y)
    f = [flint.fmpq(1, 3), 2, -1, flint.fmpq(5, 2)]
    out = np.array([sum(flint.fmpq(int(X[j, m])) * f[j] for j in range(4)) for m in range(5)])
    direct = sum((o - int(y)) ** 2 for o, y in zip(out, Y[0], strict=True))
    assert loss.value_exact(f) == direct


def test_whitened_fc_is_frobenius():
    Y = np.array([[1, 2, 3], [4, 5, 6]])
    loss = QuadraticLoss.from_data("fc:3,1,2", np.eye(3, dtype=int), Y)
    assert loss.weights == (1,) * 6
    assert [int(v.p) for v in loss.center] == Y.reshape(-1).tolist()


def test_generic_weights_record_seed_and_are_positive():
    loss = QuadraticLoss.from_target([1, 2, 3, 4], "generic", seed=5)
    assert loss.seed == 5 and all(w > 0 for w in loss.weights)
    assert QuadraticLoss.from_target([1, 2, 3, 4], "generic", seed=5) == loss


def test_bad_inputs_say_how_to_fix():
    with pytest.raises(InputError, match="at least 3 samples"):
        QuadraticLoss.from_data("fc:3,1,2", np.ones((3, 2)), np.ones((2, 2)))
    with pytest.raises(InputError, match="positive definite"):
        QuadraticLoss(((1, 0), (0, -1)), (0, 0))
    with pytest.raises(InputError, match="rows"):
        design_matrix("lcn:k=3,2", np.ones((2, 5)))


@pytest.mark.parametrize("text", ["fc:3,2,2", "lcn:k=3,2", "lcn:k=2,2,2:s=2,2,1"])
def test_gradient_taylor_and_exact(text):
    arch = parse_architecture(text)
    loss = QuadraticLoss.regression(arch, arch.ambient_dim + 2, seed=3)
    L = PulledBackLoss(arch, loss)
    rng = np.random.default_rng(1)
    theta, v = rng.standard_normal((2, arch.n_params))
    g, H = L.gradient(theta), L.hessian(theta)
    # Taylor test: the remainder of the first-order model is O(t²), of the second O(t³)
    for t in (1e-2, 1e-3):
        r1 = abs(L.value(theta + t * v) - L.value(theta) - t * g @ v)
        r2 = abs(L.value(theta + t * v) - L.value(theta) - t * g @ v - t * t / 2 * v @ H @ v)
        assert r1 <= 10 * t * t * (1 + abs(v @ H @ v)) and r2 <= 1e3 * t**3 * (1 + np.abs(H).max())
    assert np.allclose(H, H.T)
    q = [flint.fmpq(int(k), 7) for k in rng.integers(-9, 10, size=arch.n_params)]
    exact = L.gradient_exact(q)
    assert np.allclose([float(x) for x in exact], L.gradient(np.array([float(x) for x in q])))
    He = L.hessian_exact(q)
    assert np.allclose(
        [[float(He[i, j]) for j in range(arch.n_params)] for i in range(arch.n_params)],
        L.hessian(np.array([float(x) for x in q])),
    )
