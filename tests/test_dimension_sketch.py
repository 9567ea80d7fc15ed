"""The rank sketches behind the exact dimension (issue 18, Speed): each equals its definition.

``rank_sketch_mod_p`` is E·dμ(θ)·R with E invertible: for fc it is dμ·R for an R drawn in the
layout of the layers (rebuilt here), for pnn the gradients at points are V·dμ (V the monomial
values); for every family the sketch has the rank of dμ, and the dimension certificate stops
at a proven upper bound only.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuromanifold.algebra.modular import (
    flint_rank_mod_p,
    matmul_mod,
    random_residues,
    square_rank_mod_p,
)
from neuromanifold.architectures import EXAMPLES
from neuromanifold.function_space import Neuromanifold, generic_rank
from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.polynomial import (
    lattice_points,
    monomial_values_mod_p,
    monomials,
)

P = 1048573
CASES = [
    *EXAMPLES.values(),
    "fc:5,3,4,2",
    "fc:6,2,3",
    "pnn:2,3,2,3,4:r=2",
    "pnn:3,2,2:r=3",
    "pnn:2,3,2,1:r=2,3",
    "pnn:3,5,1:r=4",
    "lcn:k=3,2,2:s=2,1,1",
]


@pytest.mark.parametrize("text", CASES)
def test_sketch_has_the_rank_of_the_jacobian(text):
    mu = parametrization(text)
    arch = mu.architecture
    rng = np.random.default_rng(1)
    theta = rng.integers(0, P, size=arch.n_params)
    rank = square_rank_mod_p(mu.jacobian_mod_p(theta, P), P)
    for columns in {min(arch.n_params, arch.ambient_dim), max(rank, 1)}:
        sketch = mu.rank_sketch_mod_p(theta, P, rng, columns)
        assert sketch.shape[1] == min(arch.n_params, columns)
        assert square_rank_mod_p(sketch, P) == rank


@pytest.mark.parametrize("text", ["fc:5,3,4,2", "fc:2,3,1,2", "fc:6,2,3"])
def test_fc_sketch_is_the_jacobian_times_its_random_matrix(text):
    mu = parametrization(text)
    arch = mu.architecture
    theta = np.random.default_rng(2).integers(0, P, size=arch.n_params)
    columns = arch.ambient_dim - 1
    sketch = mu.rank_sketch_mod_p(theta, P, np.random.default_rng(5), columns)
    replay = np.random.default_rng(5)  # R as the method draws it: layer by layer (rows, cols, c)
    r = np.concatenate(
        [
            random_residues(replay, P, (rows, cols, columns)).reshape(rows * cols, columns)
            for rows, cols in arch.layer_shapes
        ]
    )
    np.testing.assert_array_equal(sketch, matmul_mod(mu.jacobian_mod_p(theta, P), r, P))


@settings(max_examples=150, deadline=None)
@given(
    widths=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    p=st.sampled_from([2, 3, 5, 7, P]),
    zeros=st.floats(0, 0.7),
    seed=st.integers(0, 2**32 - 1),
)
def test_fc_rank_from_partial_products_is_the_jacobian_rank(widths, p, zeros, seed):
    """At every θ (tiny primes and zeroed weights make rank drops common), the flag count
    Σ (u_i − u_{i−1}) v_i equals FLINT's rank of the whole Jacobian dμ(θ) mod p."""
    mu = parametrization("fc:" + ",".join(map(str, widths)))
    rng = np.random.default_rng(seed)
    theta = rng.integers(0, p, size=mu.architecture.n_params)
    theta[rng.random(theta.size) < zeros] = 0
    expected = flint_rank_mod_p(mu.jacobian_mod_p(theta, p), p)
    assert mu.structural_rank_mod_p(theta, p) == expected


@pytest.mark.parametrize("text", ["fc:5,3,4,2", "fc:6,2,3", "fc:8,5,6,7"])
def test_fc_certificate_is_the_sketch_routes(text, monkeypatch):
    # the structure replaces the sketch, not the certificate: same primes, seed, ranks, bound
    mu = parametrization(text)
    bound = Neuromanifold(text).dimension_certificate.upper_bound
    fast = generic_rank(mu, seed=7, upper_bound=bound)
    monkeypatch.setattr(type(mu), "structural_rank_mod_p", lambda self, theta, p: None)
    assert generic_rank(mu, seed=7, upper_bound=bound) == fast
    assert fast.exact and fast.dim == bound


@pytest.mark.parametrize("widths", [(60, 40, 30, 50), (7, 9, 3, 8, 5), (4, 6, 5)])
def test_fc_rank_at_a_random_point_is_the_determinantal_dimension(widths):
    # M = {rank ≤ r}, r the narrowest width: dimension r(d_0 + d_L − r) (SPEC §2.1)
    mu = parametrization("fc:" + ",".join(map(str, widths)))
    rng = np.random.default_rng(3)
    theta = rng.integers(0, P, size=mu.architecture.n_params)
    r = min(widths)
    rank = mu.structural_rank_mod_p(theta, P)
    assert rank == r * (widths[0] + widths[-1] - r)


@pytest.mark.parametrize("text", ["pnn:2,3,2,3,4:r=2", "pnn:3,2,2,2:r=2,3", "pnn:1,1,1:r=2"])
def test_pnn_gradients_at_points_are_monomial_values_times_jacobian(text):
    """Backprop at points x equals V·dμ, V[x, m] = x^m: the coefficients' Jacobian evaluated."""
    mu = parametrization(text)
    arch = mu.architecture
    rng = np.random.default_rng(4)
    theta = rng.integers(0, P, size=arch.n_params)
    points = rng.integers(0, P, size=(7, arch.widths[0]))
    jac = mu.jacobian_mod_p(theta, P)
    values = monomial_values_mod_p(points, arch.degree, P)
    count = arch.ambient_shape[1]
    expected = np.concatenate(
        [matmul_mod(values, jac[j * count : (j + 1) * count], P) for j in range(arch.widths[-1])]
    )
    np.testing.assert_array_equal(mu.jacobian_at_points_mod_p(theta, points, P), expected)


def test_upper_bound_stops_early_and_only_when_met():
    # fills: one point, exact; defective (AH): two points and a failure bound
    fills = Neuromanifold("pnn:2,2,2:r=2").dimension_certificate
    assert fills.ranks == (6,) and fills.exact and fills.failure_bound == 0
    defective = Neuromanifold("pnn:3,2,1:r=2").dimension_certificate
    assert defective.dim == 5 and len(defective.ranks) == 2 and not defective.exact
    assert 0 < defective.failure_bound < 1e-6
    with pytest.raises(AssertionError, match="exceeds the proven upper bound"):
        generic_rank(parametrization("fc:3,1,2"), upper_bound=3)


@pytest.mark.parametrize(("variables", "degree"), [(1, 5), (2, 1), (2, 6), (3, 4), (4, 3), (5, 2)])
def test_lattice_points_determine_forms(variables, degree):
    """The monomial values at the principal lattice are invertible mod every prime above D
    (the smallest one included), and one-dimensional exactly when they should be."""
    points = lattice_points(variables, degree)
    count = len(monomials(variables, degree))
    assert points.shape == (count, variables)
    smallest = next(q for q in range(degree + 1, 100) if all(q % d for d in range(2, q)))
    for p in (smallest, 101, P):
        assert square_rank_mod_p(monomial_values_mod_p(points, degree, p), p) == count
