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
        'architectures = ["fc:2,1,2"]\nseeds = 1\nruns = 5\n[training]\nmethod = "newton"',
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


def test_specs_naming_the_new_families_are_validated_up_front():
    """pnn, pcnn, attn train on targets; regression data, and exact references past the
    budget or on defective pnn, are refused before any job runs (one line, naming the pair)."""
    from neuromanifold.experiments.spec import SweepSpecError, parse_spec

    ok = {"architectures": ["pnn:2,2,1:r=2", "pcnn:k=2,2:r=2", "attn:d=2,a=1,l=1"]}
    assert len(parse_spec({**ok, "seeds": 2, "runs": 5}).jobs) == 6
    exact = {"architectures": ["pcnn:k=2,2:r=2"], "reference": "critical-points"}
    assert len(parse_spec({**exact, "seeds": 1, "runs": 5}).jobs) == 1
    bad = [
        ({"architectures": ["pnn:2,2,1:r=2"], "data": ["regression:8"]}, "regression"),
        ({"architectures": ["pnn:3,2,1:r=2"], "reference": "critical-points"}, "defective"),
        ({"architectures": ["attn:d=2,a=2,l=2"], "reference": "critical-points"}, "budget"),
    ]
    for raw, word in bad:
        with pytest.raises(SweepSpecError, match=word) as err:
            parse_spec({**raw, "seeds": 1, "runs": 5})
        assert len(str(err.value).splitlines()) == 1
