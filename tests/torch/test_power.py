"""The polynomial activation Power(r): x ↦ x^r as a torch layer."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from neuromanifold import InputError  # noqa: E402
from neuromanifold.torch import Power  # noqa: E402


@pytest.mark.parametrize("r", [1, 2, 3, 4, 7])
def test_power_is_the_coordinatewise_power(r):
    x = torch.from_numpy(np.random.default_rng(r).uniform(-2, 2, (4, 3, 5)))
    out = Power(r)(x)
    assert out.shape == x.shape and out.dtype == torch.float64
    np.testing.assert_allclose(out.numpy(), x.numpy() ** r, rtol=1e-15, atol=0)


def test_power_differentiates_as_r_x_to_the_r_minus_1():
    x = torch.tensor([-1.5, 0.5, 2.0], dtype=torch.float64, requires_grad=True)
    Power(3)(x).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.numpy(), 3 * x.detach().numpy() ** 2, rtol=1e-15)


def test_power_in_a_model_has_no_parameters_and_prints_its_exponent():
    model = torch.nn.Sequential(torch.nn.Linear(2, 2, bias=False), Power(2))
    assert len(list(model[1].parameters())) == 0
    assert "Power(r=2)" in str(model)
    assert Power(5).r == 5


@pytest.mark.parametrize("r", [0, -1, 2.5, True, "2", None])
def test_power_exponent_must_be_a_positive_integer(r):
    with pytest.raises(InputError, match="positive integer"):
        Power(r)
