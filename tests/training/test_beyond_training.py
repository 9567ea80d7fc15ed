"""Gradient descent on pnn, pcnn and attn: convergence and the registered outcome classes.

Oracles: for a filling network M is the ambient space, so a run whose dμ has full rank is
critical only at the center (global minimum): every converged run is global or spurious;
``pcnn:k=2,2:r=1`` is the cone of rank-one 2×2 matrices, whose minimum is Eckart–Young's.
"""

from __future__ import annotations

import json

import numpy as np
from click.testing import CliRunner

from neuromanifold.cli import main
from neuromanifold.training import train


def test_filling_pnn_converges_to_global_minima_or_spurious_points():
    result = train("pnn:2,2,1:r=2", 40, seed=0)
    out = result.classify()
    assert result.converged.all()
    assert set(out.reference_kind.tolist()) == {"unconstrained"}
    assert set(out.stratum.tolist()) == {"interior"}  # M is the whole space: nothing singular
    # at W_1 ≈ 0 (f ≈ 0) dμ vanishes uniformly, which a relative rank cannot see: those runs
    # sit at the spurious critical point W_1 = 0 with loss ℓ(0)
    at_zero = np.linalg.norm(result.f.reshape(40, -1), axis=1) < 1e-6
    assert (out.global_min | out.spurious | at_zero).all()
    assert np.allclose(result.loss[at_zero], result.losses.const[at_zero])
    assert out.global_min.mean() > 0.2  # and some runs do find the target


def test_pcnn_degree_one_is_eckart_young():
    result = train("pcnn:k=2,2:r=1", 40, seed=1)
    out = result.classify()
    assert result.converged.all()
    assert set(out.reference_kind.tolist()) == {"eckart-young"}
    assert np.all(result.loss >= out.reference - 1e-8 * np.maximum(1, abs(out.reference)))
    assert out.global_min.mean() >= 0.9


def test_pcnn_strata_are_interior_off_the_vertex():
    result = train("pcnn:k=2,2:r=2", 30, seed=2)
    out = result.classify()
    assert result.converged.all()
    far = np.linalg.norm(result.f.reshape(30, -1), axis=1) > 1e-3
    assert (out.stratum[far] == "interior").all()


def test_attention_small_case_converges():
    result = train("attn:d=1,a=1,l=1:t=2", 16, seed=0)
    assert result.converged.all()
    assert len(result.classify().stratum) == 16


def test_train_cli_on_the_families():
    res = CliRunner().invoke(main, ["train", "pnn:2,2,1:r=2", "--runs", "8", "--quiet", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["runs"] == 8
