"""The command line: JSON contracts, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from neuromanifold.cli import main
from tests.reproduce.helpers import assert_claims_hold


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_describe_json():
    result = run("describe", "fc:3,1,2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["architecture"] == "fc:3,1,2"
    assert (data["n_params"], data["ambient_dim"], data["dim"], data["fiber_dim"]) == (5, 6, 4, 1)
    assert data["full_dimensional"] is False and data["filling"] is False


def test_describe_text_normalizes():
    result = run("describe", "lcn:k=3,2:s=1,1")
    assert result.exit_code == 0
    assert "lcn:k=3,2" in result.output and "dimension" in result.output


@pytest.mark.parametrize(
    "bad", ["", "fc:3,0,2", "fc:a,b", "conv:3", "lcn:k=3,2:s=2", "fc:99999,99999"]
)
def test_describe_bad_input(bad):
    result = run("describe", bad)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuromanifold: error:")


def test_reproduce_json(tmp_path):
    result = run("reproduce", "--json", "--figures", str(tmp_path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    claims = data["claims"]
    assert {c["id"] for c in claims} == {f"C{k}" for k in range(1, 13)}
    assert [int(c["id"][1:]) for c in claims] == sorted(int(c["id"][1:]) for c in claims)
    # every claim holds, C6 and C12 as the seed states them (singular points, the census)
    assert_claims_hold(claims)
    beyond = data["beyond"]  # B1–B4, apart from the seed's claims
    assert [c["id"] for c in beyond] == ["B1", "B2", "B3", "B4"]
    assert all(c["ok"] is True and c["observed"] for c in beyond)
    assert data["seed"] == 0
    assert sorted(Path(p).name for p in data["figures"]) == [
        f"{name}.{fmt}"
        for name in ("fig1", "fig2a", "fig2b", "fig3", "fig4")
        for fmt in ("png", "svg")
    ]


def test_ed_degree_variety_json():
    result = run("ed-degree", "--variety", "y^2 - x^3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ed_degree"] == 4 and data["certified"] is True
    assert data["backend"] == "msolve" and data["seed"] == 0
    assert (
        isinstance(data["n_real"], int) and data["n_real"] % 2 == 0
    )  # real solutions pair up with 4


def test_ed_degree_architecture_json():
    result = run("ed-degree", "lcn:k=2,3:s=2,1", "--weights", "generic", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ed_degree"] == 10


@pytest.mark.parametrize(
    "args",
    [
        ["ed-degree"],
        ["ed-degree", "fc:3,1,2", "--variety", "x"],
        ["ed-degree", "--variety", "y^2 - x^3 +"],
    ],
)
def test_ed_degree_bad_input(args):
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_equations_json():
    result = run("equations", "lcn:k=2,2:s=2,1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["equations"] in (["c1*c2 - c0*c3"], ["c0*c3 - c1*c2"])
    assert data["degree"] == 2 and data["dim"] == 3


def test_contains_json():
    result = run("contains", "lcn:k=2,2", "--function", "-1,0,1", "--json")
    data = json.loads(result.output)
    assert data["member"] is True and data["stratum"] == "interior"
    assert data["in_zariski_closure"] is True and len(data["witness"]) == 2
    result = run("contains", "fc:3,1,2", "--function", "1,2,3;2,4,6", "--json")
    assert json.loads(result.output)["stratum"] == "interior"
    result = run("contains", "lcn:k=2,2", "--function", "1,0,1", "--json")
    assert json.loads(result.output)["member"] is False


@pytest.mark.parametrize("fn", ["1,2", "1,x,3", "1,nan,2", "", "1,2,3,4"])
def test_contains_bad_input(fn):
    result = run("contains", "lcn:k=2,2", "--function", fn)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1


def test_voronoi_json(tmp_path):
    out = tmp_path / "cusp.png"
    result = run("voronoi", "--curve", "y^2 - x^3", "--point", "0,0", "--plot", str(out), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["area"] > 1.0 and data["area_error"] < 1e-6 and data["unique"] is True
    assert "u" in data["boundary"] and out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--curve", "y^2 - x^3", "--point", "1,0"],
        ["--curve", "y^2 - x^3 - z", "--point", "0,0"],
        ["--curve", "y^2 - x^3", "--point", "0,0", "--box", "1,1,0,1"],
        ["--curve", "y^^2", "--point", "0,0"],
    ],
)
def test_voronoi_bad_input(args):
    result = run("voronoi", *args)
    assert result.exit_code == 2, result.output


def test_ed_degree_homotopy_backend_agrees_with_msolve():
    exact = json.loads(run("ed-degree", "--variety", "y - x^2", "--json").output)
    result = run("ed-degree", "--variety", "y - x^2", "--backend", "homotopy", "--json")
    assert result.exit_code == 0, result.output
    ours = json.loads(result.output)
    assert ours["backend"] == "homotopy" and exact["backend"] == "msolve"
    assert ours["ed_degree"] == exact["ed_degree"] == 3
    assert ours["n_real"] == exact["n_real"]
    assert ours["certified"] is False  # a numerical count is evidence, not a certificate
