"""Bad sweep specs fail before any work, with one-line InputErrors naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from neuromanifold.cli.training import sweep
from neuromanifold.errors import InputError
from neuromanifold.experiments import SweepSpecError, load_spec, parse_spec

GOOD = """
name = "demo"
architectures = ["fc:2,1,2", "lcn:k=2,2"]
data = ["target", "regression:3"]
seeds = 2
runs = 8
[training]
method = "gd"
"""

BAD = {
    "unknown architecture": ('architectures = ["mlp:3"]\nseeds = 1\nruns = 5', "architectures"),
    "negative runs": ('architectures = ["fc:2,1,2"]\nseeds = 1\nruns = -5', "runs"),
    "missing runs": ('architectures = ["fc:2,1,2"]\nseeds = 1', "missing field 'runs'"),
    "missing architectures": ("seeds = 1\nruns = 5", "missing field 'architectures'"),
    "unknown field": ('architectures = ["fc:2,1,2"]\nseeds = 1\nruns = 5\nrun = 3', "unknown"),
    "bad data": ('architectures = ["fc:2,1,2"]\ndata = ["foo"]\nseeds = 1\nruns = 5', "data"),
    "bad seeds": ('architectures = ["fc:2,1,2"]\nseeds = [1, 1]\nruns = 5', "seeds"),
    "bad option": (
        'architectures = ["fc:2,1,2"]\nseeds = 1\nruns = 5\n[training]\nmethod = "adam"',
        "method",
    ),
    "unknown option": (
        'architectures = ["fc:2,1,2"]\nseeds = 1\nruns = 5\n[training]\nsteps = 3',
        "steps",
    ),
    "not toml": ("architectures = [", "TOML"),
    "restarts": ('architectures = ["fc:2,1,2"]\nseeds = 1\nruns = 5\nrestarts = 2', "multiple"),
}


def test_good_spec(tmp_path: Path):
    path = tmp_path / "demo.toml"
    path.write_text(GOOD)
    spec = load_spec(path)
    assert spec.name == "demo" and len(spec.jobs) == 8 and spec.total_runs == 64
    assert len({j.key for j in spec.jobs}) == 8
    assert spec.jobs[0].options.method == "gd"


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_spec_errors(tmp_path: Path, case: str):
    text, needle = BAD[case]
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(SweepSpecError) as info:
        load_spec(path)
    assert isinstance(info.value, InputError)
    message = str(info.value)
    assert "\n" not in message and needle in message and "bad.toml" in message


@pytest.mark.parametrize("case", ["unknown architecture", "negative runs", "missing runs"])
def test_cli_rejects_before_work(tmp_path: Path, case: str):
    path = tmp_path / "bad.toml"
    path.write_text(BAD[case][0])
    store = tmp_path / "bad.sqlite"
    result = CliRunner().invoke(sweep, [str(path), "--store", str(store), "--quiet"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "error:" in result.output
    assert not store.exists()


def test_missing_file(tmp_path: Path):
    with pytest.raises(SweepSpecError, match="cannot read"):
        load_spec(tmp_path / "nope.toml")


def test_parse_spec_dict():
    with pytest.raises(SweepSpecError, match="'runs' must be a positive integer"):
        parse_spec({"architectures": ["fc:2,1,2"], "seeds": 1, "runs": 0})
