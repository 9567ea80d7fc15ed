"""The command line: JSON contracts, exit codes and one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from neuromanifold.cli import main


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


def test_reproduce_json():
    result = run("reproduce", "--json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    ids = [c["id"] for c in claims]
    assert {"C1", "C8", "C9", "C10"} <= set(ids)
    for c in claims:
        assert set(c) == {"id", "claim", "expected", "observed", "ok"}
        assert c["ok"] is True
