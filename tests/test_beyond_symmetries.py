"""Symmetries and gauge charts of pnn, pcnn and attn, tested by the fiber dimension.

At a generic θ the orbit tangents (the Lie algebra of the symmetry group) lie in ker dμ(θ) and
have rank N − dim M; the charts are N − dim M affine conditions on which μ is generically
finite (exact Jacobian rank dim M on the chart) and, for attention, one-to-one (Henry–Marchetti–
Kohn 2025: GL(a) on (Q, K), the rescaling of (Q, V), GL(d) between layers).
"""

from __future__ import annotations

import flint
import numpy as np
import pytest

from neuromanifold.algebra.charts import eliminate_affine
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.neurovariety import generic_fiber_count
from neuromanifold.parametrization import parametrization

FAMILIES = [
    "attn:d=2,a=1,l=1",
    "attn:d=3,a=2,l=2",
    "attn:d=2,a=2,l=2",
    "attn:d=3,a=3,l=1",
    "attn:d=2,a=1,l=3",
    "pnn:3,2,1:r=3",
    "pnn:4,3,2:r=2",
    "pcnn:k=2,3,2:r=2",
]


@pytest.mark.parametrize("text", FAMILIES)
def test_orbit_tangents_span_the_fiber(text):
    mu = parametrization(text)
    n = mu.architecture.n_params
    theta = np.random.default_rng(5).standard_normal(n)
    tangents = mu.symmetry_directions(theta)
    jac = mu.jacobian(theta)
    dim = Neuromanifold(text).dim
    assert np.linalg.matrix_rank(tangents) == n - dim
    scale = np.abs(jac).max() * np.abs(tangents).max()
    assert np.abs(jac @ tangents).max() <= 1e-12 * scale


@pytest.mark.parametrize("text", FAMILIES)
def test_gauge_charts_leave_finite_fibers(text):
    mu = parametrization(text)
    dim = Neuromanifold(text).dim
    charts = mu.gauge_charts(0)
    assert len(charts) == mu.architecture.n_params - dim
    names = tuple(v for group in mu.parameter_names() for v in group)
    free, images, _ = eliminate_affine(list(charts), names)
    rng = np.random.default_rng(7)
    s = [flint.fmpq(int(v), 7) for v in rng.integers(-20, 21, size=len(free))]
    theta = [im(*s) for im in images]
    # μ restricted to the chart: dμ(θ) · d(chart) has rank dim M at a rational point
    d_chart = flint.fmpq_mat([[im.derivative(i)(*s) for i in range(len(free))] for im in images])
    assert (mu.jacobian_exact(theta) * d_chart).rank() == dim == len(free)


def test_attention_charts_meet_a_generic_orbit_once():
    assert generic_fiber_count("attn:d=2,a=1,l=1") == 1
    assert generic_fiber_count("attn:d=1,a=1,l=2:t=2") == 1


@pytest.mark.parametrize("text", ["pcnn:k=2,3,2:r=2", "pnn:3,2,2:r=3", "attn:d=2,a=1,l=2"])
def test_balancing_keeps_mu(text):
    mu = parametrization(text)
    rng = np.random.default_rng(2)
    theta = rng.standard_normal(mu.architecture.n_params) * rng.uniform(
        0.01, 100, size=mu.architecture.n_params
    )
    balanced = mu.balanced(theta)
    assert np.allclose(mu(balanced), mu(theta), rtol=1e-10, atol=1e-10 * np.abs(mu(theta)).max())
    norms = [np.linalg.norm(w) for w in mu.split(balanced[None])]
    if text.startswith("pcnn"):
        assert np.allclose(norms, norms[0])
