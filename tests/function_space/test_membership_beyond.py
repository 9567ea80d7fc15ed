"""contains on pcnn (exact: rank-one tensors of Veronese points), pnn and attn (witnesses)."""

from __future__ import annotations

import json

import flint
import numpy as np
import pytest
from click.testing import CliRunner

from neuromanifold.cli import main
from neuromanifold.function_space.membership import contains
from neuromanifold.parametrization import parametrization


@pytest.mark.parametrize(
    ("text", "theta"),
    [
        ("pcnn:k=2,2:r=2", [1, 2, 3, 5]),
        ("pcnn:k=2,2:r=2", [-1, 3, 2, -7]),
        ("pcnn:k=3,2:r=3", [1, -2, 4, 3, 1]),
        ("pcnn:k=2,2,2:r=2", [2, -1, 1, 3, -5, 7]),
        ("pcnn:k=2,3,2:r=2,3", [0, 1, 1, 2, -1, 3, 4]),
    ],
)
def test_pcnn_images_are_members_with_exact_witnesses(text, theta):
    mu = parametrization(text)
    f = mu.exact(theta).reshape(-1)
    r = contains(text, list(f))
    assert r.member and r.exact and r.witness_exact and r.stratum == "interior"
    assert list(mu.exact(list(r.theta)).reshape(-1)) == list(f)  # the witness is checked again


def test_pcnn_non_members_are_exact():
    # (1, 0, 1) is x² + y², not a square over C: not on the Veronese conic
    r = contains("pcnn:k=2,2:r=2", [1, 2, 0, 0, 1, 2])
    assert not r.member and r.exact and r.in_zariski_closure is False
    # not rank one
    r = contains("pcnn:k=2,2:r=2", [3, 5, 6, 10, 12, 21])
    assert not r.member and r.exact
    # zero is the vertex
    r = contains("pcnn:k=2,2:r=2", [0] * 6)
    assert r.member and r.stratum == "singular" and r.witness_exact


def test_pcnn_every_real_point_of_the_cone_is_a_member():
    """f = c·v^(2) ⊗ w with c < 0 is still in M: the last filter (degree 1) takes the sign."""
    f = [-x for x in parametrization("pcnn:k=2,2:r=2").exact([1, 2, 3, 5]).reshape(-1)]
    r = contains("pcnn:k=2,2:r=2", f)
    assert r.member and r.witness_exact


def test_pcnn_floats_near_the_cone_get_a_numerical_witness():
    mu = parametrization("pcnn:k=2,2:r=2")
    f = mu(np.array([0.3, -1.1, 0.7, 2.0])).reshape(-1) + 1e-13
    r = contains("pcnn:k=2,2:r=2", f, tol=1e-9)
    assert r.member and not r.exact and "numerical fit" in r.reason


def test_pnn_closure_by_equations_and_witness():
    # pnn:3,2,1:r=2 = quadrics of rank ≤ 2 (det of the symmetric matrix vanishes)
    r = contains("pnn:3,2,1:r=2", "1,0,0,1,0,1")  # x² + y² + z²: rank 3
    assert not r.member and r.exact and r.in_zariski_closure is False
    r = contains("pnn:3,2,1:r=2", "1,0,0,-1,0,0")  # x² − y²
    assert r.member and r.in_zariski_closure is True and not r.exact
    theta = np.array(r.theta, dtype=float)
    assert np.allclose(parametrization("pnn:3,2,1:r=2")(theta).ravel(), [1, 0, 0, -1, 0, 0])


def test_pnn_filling_and_exact_rounding():
    # pnn:2,1,1:r=2 is c(ax + by)²; x² + y² is not a square
    r = contains("pnn:2,1,1:r=2", "1,0,1")
    assert not r.member and r.exact
    r = contains("pnn:2,2,1:r=2", "1,0,1")  # fills: every binary quadric
    assert r.member and r.in_zariski_closure is True
    assert "fills its ambient space" in r.reason


def test_attention_witness_and_its_absence():
    mu = parametrization("attn:d=1,a=1,l=1:t=2")  # out_i = qkv x_i Σ_j x_j²: a line
    f = mu(np.array([1.0, 2.0, 0.5])).reshape(-1)
    r = contains("attn:d=1,a=1,l=1:t=2", f)
    assert r.member and np.allclose(mu(np.array(r.theta, dtype=float)).reshape(-1), f)
    other = np.random.default_rng(0).standard_normal(f.size)
    r = contains("attn:d=1,a=1,l=1:t=2", other)
    assert not r.member and not r.exact and "not certified" in r.reason


def test_contains_cli_on_the_families():
    res = CliRunner().invoke(
        main, ["contains", "pcnn:k=2,2:r=2", "--function", "3,5,6,10,12,20", "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["member"] is True and data["exact"] is True
    assert [[flint.fmpq(v) for v in layer] for layer in data["witness"]] == [[1, 2], [3, 5]]
