"""Contract tests every family passes: μ's shape, batching, exact vs float, Jacobians, convolutions."""

from __future__ import annotations

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuromanifold import InputError
from neuromanifold.algebra.modular import matmul_mod
from neuromanifold.architectures import LinearConvNetwork, LinearConvNetwork2D
from neuromanifold.parametrization import (
    convolution_matrix,
    convolve,
    output_shape,
    parametrization,
)
from tests.conftest import any_architecture, lcn2d_architectures, lcn_architectures

contract = settings(max_examples=40, deadline=None)


def _rational_point(rng, n):
    nums = rng.integers(-9, 10, size=n)
    dens = rng.integers(1, 5, size=n)
    return [flint.fmpq(int(a), int(b)) for a, b in zip(nums, dens, strict=True)]


@contract
@given(any_architecture, st.integers(0, 2**32 - 1))
def test_mu_shape_and_batching(arch, seed):
    mu = parametrization(arch)
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal((5, arch.n_params))
    batch = mu(theta)
    assert batch.shape == (5, *arch.ambient_shape)
    for i in range(5):
        np.testing.assert_allclose(batch[i], mu(theta[i]), rtol=1e-12, atol=1e-12)
    jac = mu.jacobian(theta)
    assert jac.shape == (5, arch.ambient_dim, arch.n_params)
    np.testing.assert_allclose(jac[2], mu.jacobian(theta[2]), rtol=1e-12, atol=1e-12)


@contract
@given(any_architecture, st.integers(0, 2**32 - 1))
def test_exact_and_float_agree(arch, seed):
    mu = parametrization(arch)
    point = _rational_point(np.random.default_rng(seed), arch.n_params)
    floats = np.array([float(x.p) / float(x.q) for x in point])
    exact = mu.exact(point)
    assert exact.shape == arch.ambient_shape
    np.testing.assert_allclose(
        np.array([float(x.p) / float(x.q) for x in exact.reshape(-1)]).reshape(arch.ambient_shape),
        mu(floats),
        rtol=1e-12,
        atol=1e-12,
    )
    jac = mu.jacobian_exact(point)
    assert (jac.nrows(), jac.ncols()) == (arch.ambient_dim, arch.n_params)
    np.testing.assert_allclose(
        np.array([[float(x.p) / float(x.q) for x in row] for row in jac.tolist()]),
        mu.jacobian(floats),
        rtol=1e-12,
        atol=1e-12,
    )


@contract
@given(any_architecture, st.integers(0, 2**32 - 1))
def test_modular_jacobian_is_the_exact_one_reduced(arch, seed):
    p = 1000003
    mu = parametrization(arch)
    theta = np.random.default_rng(seed).integers(0, 50, size=arch.n_params)
    exact = mu.jacobian_exact([int(t) for t in theta])
    expected = np.array([[int(x.p) % p for x in row] for row in exact.tolist()], dtype=float)
    np.testing.assert_array_equal(
        mu.jacobian_mod_p(theta, p), expected.reshape(arch.ambient_dim, -1)
    )


@contract
@given(any_architecture, st.integers(0, 2**32 - 1), st.integers(1, 7))
def test_modular_jacobian_sketch_is_the_jacobian_times_tangents(arch, seed, c):
    # the sketch dμ·V of the exact dimension, computed without forming dμ where a family can
    p = 1048573
    mu = parametrization(arch)
    rng = np.random.default_rng(seed)
    theta = rng.integers(0, p, size=arch.n_params)
    tangents = rng.integers(0, p, size=(arch.n_params, c))
    expected = matmul_mod(mu.jacobian_mod_p(theta, p), tangents.astype(float), p)
    np.testing.assert_array_equal(mu.jacobian_sketch_mod_p(theta, tangents, p), expected)


@contract
@given(any_architecture, st.integers(0, 2**32 - 1))
def test_jacobian_taylor(arch, seed):
    """μ(θ + tv) − μ(θ) − t dμ(θ)v = O(t²): the remainder shrinks 100× when t shrinks 10×."""
    mu = parametrization(arch)
    rng = np.random.default_rng(seed)
    theta, v = rng.standard_normal((2, arch.n_params))
    jv = mu.jacobian(theta) @ v
    errs = []
    for t in (1e-2, 1e-3):
        errs.append(np.linalg.norm((mu(theta + t * v) - mu(theta)).reshape(-1) - t * jv))
    if errs[0] > 1e-12:  # multilinear maps of degree 1 have no remainder at all
        assert errs[1] < errs[0] / 50


def test_fc_closed_form_values():
    mu = parametrization("fc:3,1,2")
    # W1 = (a b c), W2 = (d e)^T: (x,y,z) ↦ (d(ax+by+cz), e(ax+by+cz))  (seed Fig. 1)
    a, b, c, d, e = 2.0, 3.0, 5.0, 7.0, 11.0
    np.testing.assert_allclose(
        mu(np.array([a, b, c, d, e])), [[d * a, d * b, d * c], [e * a, e * b, e * c]]
    )


def test_lcn_is_sparse_polynomial_product():
    # (a0 + a1 x + a2 x²)(b0 + b1 x² + b2 x⁴) for k = (3, 3), s = (2, 1)  (SPEC §6)
    mu = parametrization("lcn:k=3,3:s=2,1")
    a = flint.fmpq_poly([2, -3, 5])
    b = flint.fmpq_poly([7, 0, 1, 0, -4])
    got = mu.exact([2, -3, 5, 7, 1, -4])
    assert list(got) == (a * b).coeffs()


def test_fig4_matrix():
    """Seed Fig. 4: filter (a, b, c), stride 2, R⁷ → R³."""
    a, b, c = 2, 3, 5
    expected = np.array([[a, b, c, 0, 0, 0, 0], [0, 0, a, b, c, 0, 0], [0, 0, 0, 0, a, b, c]])
    np.testing.assert_array_equal(convolution_matrix(np.array([a, b, c]), 2, 7), expected)
    x = np.arange(1.0, 8.0)
    np.testing.assert_allclose(convolve(np.array([a, b, c]) * 1.0, 2, x), expected @ x)


@settings(max_examples=30, deadline=None)
@given(lcn_architectures(max_layers=4), st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_end_to_end_filter_is_the_composition_1d(arch: LinearConvNetwork, seed, extra):
    mu = parametrization(arch)
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(arch.n_params)
    layers = [w[0] for w in mu.split(theta[None, :])]
    # a signal long enough for every layer, with a few output samples
    n = arch.end_to_end_size + (extra - 1) * arch.end_to_end_stride
    x = rng.standard_normal(n)
    y = x
    for w, s in zip(layers, arch.stride_tuple, strict=True):
        y = convolve(w, s, y)
    direct = convolve(mu(theta), arch.end_to_end_stride, x)
    assert len(direct) == extra
    np.testing.assert_allclose(y[: len(direct)], direct, rtol=1e-10, atol=1e-10)
    # and as matrices: the product of the layer matrices is the end-to-end matrix
    shape, product = (n,), np.eye(n)
    for w, s in zip(layers, arch.stride_tuple, strict=True):
        m = convolution_matrix(w, s, shape)
        product = m @ product
        shape = output_shape(w.shape, (s,), shape)
    end = convolution_matrix(mu(theta), arch.end_to_end_stride, n)
    np.testing.assert_allclose(product[: end.shape[0]], end, rtol=1e-10, atol=1e-10)


@settings(max_examples=20, deadline=None)
@given(lcn2d_architectures(), st.integers(0, 2**32 - 1))
def test_end_to_end_filter_is_the_composition_2d(arch: LinearConvNetwork2D, seed):
    mu = parametrization(arch)
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(arch.n_params)
    layers = [w[0] for w in mu.split(theta[None, :])]
    stride = tuple(int(np.prod([s[a] for s in arch.stride_pairs])) for a in range(2))
    shape = tuple(k + 2 * s for k, s in zip(arch.ambient_shape, stride, strict=True))
    x = rng.standard_normal(shape)
    y = x
    for w, s in zip(layers, arch.stride_pairs, strict=True):
        y = convolve(w, s, y)
    direct = convolve(mu(theta), stride, x)
    assert direct.shape == (3, 3)
    np.testing.assert_allclose(y[:3, :3], direct, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(
        convolution_matrix(mu(theta), stride, shape) @ x.reshape(-1), direct.reshape(-1)
    )


@pytest.mark.parametrize(
    ("theta", "fragment"),
    [
        (np.zeros(4), "has 5 parameters"),
        (np.zeros((2, 3, 5)), "has 5 parameters"),
        (np.array([1.0, 2, np.nan, 4, 5]), "NaN"),
        (np.array(["a"] * 5), "numbers"),
    ],
)
def test_bad_theta(theta, fragment):
    with pytest.raises(InputError, match=fragment):
        parametrization("fc:3,1,2")(theta)


def test_bad_exact_theta():
    mu = parametrization("fc:3,1,2")
    with pytest.raises(InputError, match="5 parameters"):
        mu.exact([1, 2, 3])
    with pytest.raises(InputError, match=r"theta\[1\]"):
        mu.exact([1, "x", 3, 4, 5])
    assert mu.exact("1,1/2,0,2,-3")[1, 1] == flint.fmpq(-3, 2)
