"""Result objects and the critical-points command."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from neuromanifold.cli.critical_points import critical_points_command
from neuromanifold.critical_points import critical_points
from neuromanifold.losses import QuadraticLoss


def test_result_summary_filters_and_dict():
    cp = critical_points("lcn:k=2,2", QuadraticLoss.from_target([1, 0, 1]), seed=3)
    text = str(cp)
    assert "function space" in text and "parameter space" in text and len(text.splitlines()) < 25
    assert len(cp.function_space()) + len(cp.parameter_space()) == len(cp)
    assert all(p.spurious for p in cp.spurious())
    # real() lists the real points, one per real solution counted; complex ones are only counted
    real = cp.real()
    assert all(isinstance(v, float) and math.isfinite(v) for p in real for v in p.function)
    assert len(real.function_space()) == sum(c.n_real for c in cp.function_loci) == 6
    assert len(real.parameter_space()) == cp.parameter_count.n_real == 5
    assert cp.parameter_count.n_complex == 6  # the non-real parameter point is counted, not listed
    d = cp.to_dict()
    json.dumps(d)
    assert d["seed"] == 3 and d["backend"] == "msolve" and d["options"]["primes"]


def test_cli_json_keys():
    out = CliRunner().invoke(
        critical_points_command, ["lcn:k=3,3:s=2,1", "--data", "regression:9", "--json"]
    )
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    fs, ps, gm = d["function_space"], d["parameter_space"], d["global_min"]
    assert {"n_complex", "n_real", "n_minima", "by_stratum"} <= set(fs)
    assert {"n_real", "n_spurious", "n_minima", "positive_dimensional"} <= set(ps)
    assert {"loss", "stratum"} <= set(gm)
    assert fs["n_complex"] == 40 and gm["stratum"] == "interior"


def test_cli_target_and_npz(tmp_path):
    path = tmp_path / "d.npz"
    np.savez(path, X=np.eye(3, dtype=int), Y=np.array([[1, 2, 3], [4, 5, 7]]))
    out = CliRunner().invoke(critical_points_command, ["fc:3,1,2", "--data", str(path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["function_space"]["by_stratum"] == {"interior": 2, "singular": 1}
    out = CliRunner().invoke(critical_points_command, ["fc:3,1,2", "--weights", "generic"])
    assert out.exit_code == 0 and "critical points" in out.output


@pytest.mark.parametrize(
    "args",
    [
        ["fc:3,1,2", "--data", "regression:x"],
        ["fc:3,1,2", "--data", "regression:2"],
        ["fc:3,1,2", "--data", "nofile.npz"],
        ["lcn2d:k=2x2,2x2"],
        ["fc:3,,2"],
    ],
)
def test_cli_bad_input_one_line_exit_2(args):
    out = CliRunner().invoke(critical_points_command, args)
    assert out.exit_code == 2
    assert len(out.output.strip().splitlines()) == 1 and "error" in out.output
