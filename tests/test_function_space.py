"""Dimensions and facts, against the closed forms of SPEC §6 and an independent float rank."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from neuromanifold.function_space import Neuromanifold
from tests.conftest import any_architecture, fc_architectures, lcn_architectures


def _float_rank(M: Neuromanifold, seed: int = 1) -> int:
    theta = np.random.default_rng(seed).standard_normal(M.n_params)
    return int(np.linalg.matrix_rank(M.parametrization.jacobian(theta)))


@settings(max_examples=40, deadline=None)
@given(fc_architectures(max_layers=4, max_width=6))
def test_fc_dimension_is_determinantal(arch):
    M = Neuromanifold(arch)
    r = min(arch.widths)
    m, n = arch.ambient_shape
    assert M.dim == r * (m + n - r)
    assert M.filling == (r == min(m, n)) == M.full_dimensional
    assert M.facts.has_singular_points.value == (r < min(m, n))
    assert M.facts.has_boundary.value is False


@settings(max_examples=60, deadline=None)
@given(lcn_architectures(max_layers=4, max_k=4))
def test_lcn_dimension_closed_form(arch):
    M = Neuromanifold(arch)
    assert M.dim == sum(arch.filter_sizes) - (arch.n_layers - 1)
    assert M.fiber_dim == arch.n_layers - 1
    assert M.full_dimensional == arch.is_stride_one
    if arch.is_stride_one:
        even = sum(k % 2 == 0 for k in arch.filter_sizes)
        assert M.filling == (even <= 1)
    else:
        assert M.filling is False


@pytest.mark.parametrize(
    ("text", "filling"),
    [
        ("lcn:k=3,3", True),
        ("lcn:k=2,3", True),
        ("lcn:k=2,2", False),
        ("lcn:k=3,2,2", False),
        ("lcn:k=4,3,5,3", True),
        ("lcn:k=2,2,2,3", False),
        ("lcn:k=3,2:s=1,5", True),
    ],
)
def test_stride_one_filling_rule(text, filling):
    M = Neuromanifold(text)
    assert M.full_dimensional
    assert M.filling is filling
    assert M.facts.has_singular_points.value is False
    assert M.facts.has_boundary.value is (not filling)


@settings(max_examples=40, deadline=None)
@given(any_architecture)
def test_jacobian_rank_equals_dim(arch):
    """The exact (mod p) rank and the float SVD rank at an unrelated random point agree."""
    M = Neuromanifold(arch)
    assert _float_rank(M) == M.dim
    cert = M.dimension_certificate
    assert max(cert.ranks) == M.dim
    # one point when the rank meets the proven upper bound (then exact), else two
    assert len(cert.ranks) == (1 if cert.exact else 2)
    assert cert.exact is (M.dim == M.expected_dim)
    assert cert.failure_bound < 1e-6 and (cert.failure_bound == 0) is cert.exact


@pytest.mark.parametrize(
    ("text", "dim"),
    [
        ("lcn2d:k=2x2,2x2", 7),  # two bivariate factors of bidegree (1,1): 4 + 4 − 1
        ("lcn2d:k=2x2,3x3:s=1x1,2x2", 12),
        ("lcn2d:k=2x1,1x2", 3),  # (a + bx)(c + dy): rank-one 2×2 coefficient matrices
        ("lcn2d:k=3x3", 9),
    ],
)
def test_lcn2d_dimensions(text, dim):
    M = Neuromanifold(text)
    assert M.dim == dim == _float_rank(M)


def test_fig1_and_fibers():
    M = Neuromanifold("fc:3,1,2")
    assert (M.dim, M.ambient_dim, M.fiber_dim) == (4, 6, 1)
    # GL(3) on the hidden layer of fc:2,3,2 acts with positive-dimensional stabilizers:
    M2 = Neuromanifold("fc:2,3,2")
    assert (M2.dim, M2.fiber_dim) == (4, 8)


def test_seed_is_recorded_and_results_reproducible():
    a = Neuromanifold("lcn:k=3,3:s=2,1", seed=7).dimension_certificate
    b = Neuromanifold("lcn:k=3,3:s=2,1", seed=7).dimension_certificate
    assert a == b and a.seed == 7


def test_to_dict_keys():
    d = Neuromanifold("lcn:k=2,2").to_dict()
    for key in (
        "architecture",
        "n_params",
        "ambient_dim",
        "dim",
        "full_dimensional",
        "filling",
        "fiber_dim",
    ):
        assert key in d
    assert d["filling"] is False and d["full_dimensional"] is True
