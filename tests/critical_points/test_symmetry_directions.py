"""The symmetry orbit's tangents lie in the kernel of dμ (so the Hessian index is taken modulo
them), for every family with a rescaling or GL symmetry."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.architectures import parse_architecture
from neuromanifold.critical_points.classify import symmetry_directions
from neuromanifold.parametrization import parametrization


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("fc:3,2,2", 4),  # GL(2) on the hidden layer
        ("lcn:k=2,3,2", 2),  # one rescaling between consecutive filters
        ("lcn:k=3,2:s=2,1", 1),
        ("lcn2d:k=2x2,2x2", 1),
        ("lcn2d:k=2x2,1x2,2x1", 2),
    ],
)
def test_orbit_tangents_are_in_the_kernel_of_dmu(text: str, count: int) -> None:
    arch = parse_architecture(text)
    theta = np.random.default_rng(1).normal(size=arch.n_params)
    V = symmetry_directions(arch, theta)
    J = parametrization(arch).jacobian(theta[None])[0].reshape(-1, arch.n_params)
    assert V.shape == (arch.n_params, count)
    assert np.linalg.matrix_rank(V) == count
    assert np.abs(J @ V).max() < 1e-12 * max(1.0, np.abs(J).max() * np.abs(V).max())
