"""The rank sketches behind the exact dimension (issue 18, Speed): each equals its definition.

``rank_sketch_mod_p`` is E·dμ(θ)·R with E invertible: for fc it is dμ·R for an R drawn in the
layout of the layers (rebuilt here), for pnn the gradients at points are V·dμ (V the monomial
values); for every family the sketch has the rank of dμ, and the dimension certificate stops
at a proven upper bound only.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.algebra.modular import matmul_mod, random_residues, square_rank_mod_p
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
