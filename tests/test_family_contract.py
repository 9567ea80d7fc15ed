"""The family contract: what every registered architecture family must satisfy.

Each family registers a text reader (``architectures``), a parametrization (``parametrization``)
and its facts (``function_space``). For every registered family, on its example and more:
μ over floats, over ℚ and mod p agree; the symbolic μ evaluates to the exact one; JVP and VJP
match the Jacobian; the Jacobian's rank at a random point is the computed dimension; the text form
round-trips; names and gauge charts have the right sizes.
"""

from __future__ import annotations

import flint
import numpy as np
import pytest

from neuromanifold.architectures import EXAMPLES, parse_architecture
from neuromanifold.function_space import Neuromanifold, facts
from neuromanifold.parametrization import Parametrization, parametrization

MORE = {
    "fc": ["fc:2,3,1,2", "fc:4,2,4"],
    "lcn": ["lcn:k=3,3,3", "lcn:k=2,3,2:s=2,2,1", "lcn:k=1,3,2:s=3,1,1"],
    "lcn2d": ["lcn2d:k=2x2,2x1:s=1x1,1x1", "lcn2d:k=2x1,1x2:s=2x1,1x1"],
    "pnn": ["pnn:2,2,2:r=2", "pnn:2,3,2,1:r=2,3", "pnn:2,2,1:r=1", "pnn:3,2,2,1:r=3"],
    "pcnn": ["pcnn:k=3,2:r=2", "pcnn:k=2,2,2:r=2", "pcnn:k=2,3:r=1", "pcnn:k=4:r=2"],
    "attn": ["attn:d=2,a=1,l=1:t=2", "attn:d=1,a=1,l=2:t=2", "attn:d=1,a=1,l=1:t=1"],
}
CASES = [text for family, example in EXAMPLES.items() for text in [example, *MORE.get(family, [])]]
PRIME = 1048573


def test_every_registered_family_is_covered():
    assert set(EXAMPLES) >= {"fc", "lcn", "lcn2d", "pnn", "pcnn", "attn"}
    for family, example in EXAMPLES.items():
        arch = parse_architecture(example)
        assert arch.family == family
        assert isinstance(parametrization(arch), Parametrization)


@pytest.mark.parametrize("text", CASES)
def test_text_form_round_trips(text):
    arch = parse_architecture(text)
    assert parse_architecture(arch.text) == arch
    assert parse_architecture(arch.text).text == arch.text


@pytest.mark.parametrize("text", CASES)
def test_mu_agrees_over_every_ring(text):
    """Floats, ℚ, F_p and the symbolic μ: one map, evaluated four ways at an integer point."""
    mu = parametrization(text)
    n = mu.architecture.n_params
    theta = np.random.default_rng(0).integers(-5, 6, size=n)
    exact = mu.exact(theta.tolist())
    assert exact.shape == mu.architecture.ambient_shape
    # exact wherever floats can be (integers below 2^53); deep polynomial maps exceed that
    assert np.allclose(mu(theta.astype(float)), exact.astype(float), rtol=1e-12, atol=0)
    residues = mu.forward_mod_p(theta % PRIME, PRIME)
    assert [int(r) for r in residues.reshape(-1)] == [int(v.p) % PRIME for v in exact.reshape(-1)]
    phi, names = mu.symbolic()
    assert len(names) == n and len(phi) == mu.architecture.ambient_dim
    point = [flint.fmpq(int(t)) for t in theta]
    assert [f(*point) for f in phi] == list(exact.reshape(-1))


@pytest.mark.parametrize("text", CASES)
def test_jvp_and_vjp_match_the_jacobian(text):
    mu = parametrization(text)
    rng = np.random.default_rng(1)
    n, d = mu.architecture.n_params, mu.architecture.ambient_dim
    theta, v = rng.standard_normal((3, n)), rng.standard_normal((3, n))
    jac = mu.jacobian(theta)
    f, df = mu.jvp(theta, v)
    assert np.allclose(f, mu(theta))
    assert np.allclose(df.reshape(3, d), np.einsum("bdn,bn->bd", jac, v))
    f2, pullback = mu.vjp(theta)
    g = rng.standard_normal((3, d))
    assert np.allclose(f2, mu(theta))
    assert np.allclose(pullback(g), np.einsum("bdn,bd->bn", jac, g))
    # unbatched forms
    f1, df1 = mu.jvp(theta[0], v[0])
    assert np.allclose(f1, f[0])
    assert np.allclose(df1, df[0])
    _, pull1 = mu.vjp(theta[0])
    assert np.allclose(pull1(g[0]), pullback(g)[0])
    # exact and modular Jacobians are the same matrix
    t = rng.integers(-4, 5, size=n)
    exact = np.array(mu.jacobian_exact(t.tolist()).tolist(), dtype=object)
    assert np.allclose(mu.jacobian(t.astype(float)), exact.astype(float), rtol=1e-12, atol=0)
    modular = mu.jacobian_mod_p(t % PRIME, PRIME)
    assert np.array_equal(modular, np.vectorize(lambda q: int(q.p) % PRIME)(exact).astype(float))


@pytest.mark.parametrize("text", CASES)
def test_jacobian_rank_is_the_dimension(text):
    M = Neuromanifold(text)
    mu = M.parametrization
    theta = np.random.default_rng(2).standard_normal(M.n_params)
    assert np.linalg.matrix_rank(mu.jacobian(theta)) == M.dim
    assert facts(M.architecture, M.full_dimensional) == M.facts


@pytest.mark.parametrize("text", CASES)
def test_names_symmetries_and_gauge(text):
    mu = parametrization(text)
    arch = mu.architecture
    groups = mu.parameter_names()
    assert [len(g) for g in groups] == list(arch.layer_sizes)
    names = mu.coordinate_names()
    assert len(names) == len(set(names)) == arch.ambient_dim
    dim = Neuromanifold(arch).dim
    charts = mu.gauge_charts(seed=0)
    # each chart fixes one dimension of a fiber: at most N − dim M of them
    assert len(charts) <= arch.n_params - dim
    assert all(c.total_degree() == 1 for c in charts)
    # a symmetry group acting on the fibers makes them positive-dimensional
    assert not mu.symmetries or arch.n_params > dim
    assert Neuromanifold(arch).facts.symmetries == mu.symmetries
