"""Identifiability of lightning attention against sampled fibres μ⁻¹(μ(θ)).

Points of a fibre are found by Levenberg–Marquardt from random starts; for one layer, two of
them lie in the same orbit of the symmetries iff they have the same invariant
vec(QᵀK) ⊗ vec(V) (GL(a) fixes QᵀK, the rescaling c maps it to c·QᵀK and V to V/c).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import least_squares

from neuromanifold.function_space import Neuromanifold
from neuromanifold.parametrization import parametrization


def fibre(text: str, starts: int, seed: int = 0):
    """θ and the points of μ⁻¹(μ(θ)) found from ``starts`` random starts."""
    mu = parametrization(text)
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(mu.architecture.n_params)
    f = np.asarray(mu(theta)).reshape(-1)
    found = []
    for _ in range(starts):
        fit = least_squares(
            lambda x: np.asarray(mu(x)).reshape(-1) - f,
            rng.standard_normal(theta.size),
            jac=lambda x: np.asarray(mu.jacobian(x)).reshape(f.size, -1),  # pyright: ignore[reportArgumentType]
            method="lm",
            xtol=1e-15,
            ftol=1e-15,
            gtol=1e-15,
            max_nfev=2000,
        )
        if np.linalg.norm(fit.fun) <= 1e-9 * np.linalg.norm(f):
            found.append(fit.x)
    return mu, theta, found


def one_layer_orbits(mu, points) -> list[np.ndarray]:
    """The distinct orbit invariants vec(QᵀK) ⊗ vec(V) among the points (one layer)."""
    classes: list[np.ndarray] = []
    for x in points:
        q, k, v = (w[0] for w in mu.split(x[None, :]))
        z = np.outer((q.T @ k).ravel(), v.ravel()).ravel()
        if not any(np.linalg.norm(z - c) <= 1e-6 * np.linalg.norm(c) for c in classes):
            classes.append(z)
    return classes


def orbit_dim(mu, x) -> int:
    tangents = mu.symmetry_directions(x)
    assert tangents is not None
    return int(np.linalg.matrix_rank(tangents))


def nullity(mu, x) -> int:
    s = np.linalg.svd(np.asarray(mu.jacobian(x)).reshape(-1, x.size), compute_uv=False)
    return int(x.size - np.sum(s > 1e-9 * s[0]))


@pytest.mark.parametrize("text", ["attn:d=2,a=1,l=1:t=3", "attn:d=2,a=2,l=1:t=2"])
def test_one_layer_with_two_tokens_is_one_orbit(text):
    M = Neuromanifold(text)
    assert M.identifiability.value == "globally"
    mu, theta, found = fibre(text, starts=10)
    assert len(found) >= 5
    assert len(one_layer_orbits(mu, [theta, *found])) == 1
    orbit = orbit_dim(mu, found[0])
    assert nullity(mu, found[0]) == orbit == M.fiber_dim


def test_one_token_sees_only_the_symmetric_part_two_orbits():
    """t = 1: out = ⟨Qx, Kx⟩Vx; for a = 1, swapping Q and K is a second orbit."""
    text = "attn:d=2,a=1,l=1:t=1"
    assert Neuromanifold(text).identifiability.value == "finitely"
    mu, theta, found = fibre(text, starts=30)
    assert len(one_layer_orbits(mu, [theta, *found])) == 2
    q, k, v = (w.copy() for w in mu.split(theta[None, :]))
    swapped = np.concatenate([k.ravel(), q.ravel(), v.ravel()])
    assert np.allclose(np.asarray(mu(swapped)), np.asarray(mu(theta)))


def test_one_token_with_a_equal_d_is_not_identifiable():
    """t = 1, a = d = 2: any skew part of QᵀK is invisible, a family beyond the symmetries."""
    text = "attn:d=2,a=2,l=1:t=1"
    M = Neuromanifold(text)
    assert M.identifiability.value == "no" and M.fiber_dim == 6 > 5  # dim G = a² + 1
    mu, _theta, found = fibre(text, starts=8)
    assert len(found) >= 4
    assert len(one_layer_orbits(mu, found)) == len(found)  # every sample in its own orbit


def test_deep_fibres_are_orbits_locally():
    """Two layers: at every sampled point of a fibre, its tangent space is the orbit's."""
    text = "attn:d=2,a=1,l=2:t=3"
    M = Neuromanifold(text)
    assert M.identifiability.value == "finitely"
    mu, _theta, found = fibre(text, starts=4)
    assert found
    for x in found:
        assert nullity(mu, x) == orbit_dim(mu, x) == M.fiber_dim
