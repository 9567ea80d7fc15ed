"""Taylor tests: every family's hand-derived gradient against finite differences and dμᵀ∇ℓ."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.architectures import LinearConvNetwork, parse_architecture
from neuromanifold.losses.data import draw_losses
from neuromanifold.parametrization import parametrization
from neuromanifold.training.objective import Objective

CASES = [
    ("fc:3,2,4", "target"),
    ("fc:2,3,1,2", "regression:5"),
    ("fc:3,2,2", "weighted"),
    ("lcn:k=3,3,3", "target"),
    ("lcn:k=2,2", "regression:4"),
    ("lcn:k=3,2:s=2,1", "regression:3"),
    ("lcn:k=2,3,2:s=2,2,1", "weighted"),
    ("lcn:k=1,3,2:s=3,1,1", "target"),
    ("lcn2d:k=2x2,2x1:s=1x1,1x1", "target"),
]


@pytest.mark.parametrize(("arch", "data"), CASES)
def test_taylor(arch, data):
    """L(θ + tv) − L(θ) − t⟨∇L, v⟩ shrinks like t² (the remainder halves twice per halving of t)."""
    rng = np.random.default_rng(7)
    a = parse_architecture(arch)
    obj = Objective(a, draw_losses(a, data, 6, rng))
    theta = rng.standard_normal((6, a.n_params))
    v = rng.standard_normal((6, a.n_params))
    value, grad, _ = obj.value_and_grad(theta)
    slope = np.einsum("bn,bn->b", grad, v)
    ts = 1e-3 / 2.0 ** np.arange(5)
    rem = np.array([np.abs(obj.value(theta + t * v) - value - t * slope) for t in ts])
    order = np.log2(rem[:-1] / rem[1:])
    assert np.all(np.abs(order - 2.0) < 0.1), order


@pytest.mark.parametrize(("arch", "data"), CASES)
def test_gradient_matches_jacobian(arch, data):
    """The vector–Jacobian product equals dμ(θ)ᵀ ∇ℓ(f) from the parametrization's Jacobian."""
    rng = np.random.default_rng(3)
    a = parse_architecture(arch)
    loss = draw_losses(a, data, 4, rng)
    theta = rng.standard_normal((4, a.n_params))
    value, grad, f = Objective(a, loss).value_and_grad(theta)
    mu = parametrization(a)
    assert np.allclose(f, mu(theta).reshape(4, -1))
    assert np.allclose(f, mu.vjp(theta)[0].reshape(4, -1))
    _, g = loss.value_and_grad(f)
    assert np.allclose(grad, np.einsum("bdn,bd->bn", mu.jacobian(theta), g), atol=1e-10)
    assert np.allclose(value, loss.value(f))


def test_regression_loss_matches_definition():
    """The quadratic form of regression data equals ‖μ(θ)X − Y‖² computed directly."""
    from neuromanifold.losses.batch import lcn_windows
    from neuromanifold.losses.data import DataModel
    from neuromanifold.parametrization import convolution_matrix

    rng = np.random.default_rng(1)
    arch = LinearConvNetwork((3, 2), (2, 1))
    n_in = arch.end_to_end_size + arch.end_to_end_stride * 2
    x = rng.standard_normal((1, n_in, 4))
    y = rng.standard_normal((1, 3, 4))
    win = lcn_windows(arch, x, 3)
    theta = rng.standard_normal((1, arch.n_params))
    f = parametrization(arch)(theta)[0]
    direct = np.sum((convolution_matrix(f, arch.end_to_end_stride, n_in) @ x[0] - y[0]) ** 2)
    gram = np.einsum("bonj,bonl->bjl", win, win)
    lin = np.einsum("bon,bonj->bj", y, win)
    value = f @ gram[0] @ f - 2 * lin[0] @ f + np.sum(y**2)
    assert np.isclose(direct, value)
    assert DataModel("regression", 4, 3).text == "regression:4"
