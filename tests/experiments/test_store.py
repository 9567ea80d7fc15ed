"""The results store and the sweep command refuse bad files early, in one line, naming the file."""

from __future__ import annotations

import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from neuromanifold.cli import main
from neuromanifold.cli.training import sweep
from neuromanifold.errors import InputError
from neuromanifold.experiments import ResultStore, SweepSpecError, load_spec, parse_spec, run_sweep
from neuromanifold.experiments.store import SCHEMA_VERSION, export_target

SPEC = """
name = "tiny"
architectures = ["fc:2,1,2"]
seeds = 2
runs = 3

[training]
max_iter = 50
"""


def _one_line_exit_2(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize(
    "content",
    [b"this is not a database, just text\n" * 40, b"SQLite format 3\x00" + b"\xff" * 2000],
    ids=["text", "truncated-header"],
)
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, content: bytes):
    path = tmp_path / "runs.sqlite"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"runs\.sqlite") as err:
        ResultStore(path)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == content  # left as it was
    spec = tmp_path / "tiny.toml"
    spec.write_text(SPEC)
    line = _one_line_exit_2(
        CliRunner().invoke(sweep, [str(spec), "--store", str(path), "--executor", "serial"])
    )
    assert "runs.sqlite" in line


def test_other_sqlite_databases_and_newer_stores_are_refused(tmp_path: Path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    db.close()
    with pytest.raises(InputError, match="not a results store"):
        ResultStore(other)
    newer = tmp_path / "newer.sqlite"
    ResultStore(newer).close()
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(InputError, match="newer neuromanifold"):
        ResultStore(newer)
    with pytest.raises(InputError, match="cannot open"):
        ResultStore(tmp_path / "no" / "such" / "folder.sqlite")
    with pytest.raises(InputError, match=re.escape(tmp_path.name)):
        ResultStore(tmp_path)  # a folder


def test_writing_a_job_twice_keeps_one_copy(tmp_path: Path):
    job = parse_spec({"architectures": ["fc:2,1,2"], "seeds": 1, "runs": 2}).jobs[0]
    rows = [{"job_key": job.key, "run_index": i, "sweep": job.sweep} for i in range(2)]
    with ResultStore(tmp_path / "s.sqlite") as a, ResultStore(tmp_path / "s.sqlite") as b:
        assert a.write(job.key, job.sweep, rows, 0.1) == 2
        assert b.write(job.key, job.sweep, rows, 0.1) == 0
        assert a.count() == b.count() == 2 and b.done(job.sweep) == {job.key}


def test_job_keys_name_their_sweep():
    raw = {"architectures": ["fc:2,1,2"], "seeds": 1, "runs": 2}
    one = parse_spec({**raw, "name": "one"}).jobs[0]
    two = parse_spec({**raw, "name": "two"}).jobs[0]
    assert one.key != two.key and one.key.endswith("|sweep=one")
    assert one.key.removesuffix("one") == two.key.removesuffix("two")


def test_export_into_a_missing_folder_fails_before_the_sweep(tmp_path: Path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(SPEC)
    start = time.perf_counter()
    line = _one_line_exit_2(
        CliRunner().invoke(  # through the command group, as a user runs it
            main,
            [
                "sweep",
                str(spec),
                "--executor",
                "serial",
                "--export",
                str(tmp_path / "no" / "runs.csv"),
            ],
        )
    )
    assert "does not exist" in line and time.perf_counter() - start < 5
    assert not (tmp_path / "tiny.sqlite").exists()  # nothing ran, no store was made
    with pytest.raises(InputError, match="unknown format"):
        export_target(tmp_path / "runs.xlsx")
    with pytest.raises(InputError, match="is a folder"):
        export_target(tmp_path)
    assert export_target(tmp_path / "runs.csv") == tmp_path / "runs.csv"


def test_export_writes_every_row_of_the_sweep(tmp_path: Path):
    spec = tmp_path / "tiny.toml"
    spec.write_text(SPEC)
    store = tmp_path / "tiny.sqlite"
    run_sweep(spec, store, "serial")
    with ResultStore(store) as db:
        out = db.export(tmp_path / "runs.csv", sweep="tiny")
    assert len(out.read_text().splitlines()) == 1 + load_spec(spec).total_runs


def test_a_huge_seed_count_fails_before_allocating(tmp_path: Path):
    spec = tmp_path / "huge.toml"
    spec.write_text('architectures = ["fc:2,1,2"]\nseeds = 9223372036854775807\nruns = 5\n')
    start = time.perf_counter()
    with pytest.raises(SweepSpecError, match="jobs; at most"):
        load_spec(spec)
    assert time.perf_counter() - start < 2
    line = _one_line_exit_2(CliRunner().invoke(sweep, [str(spec), "--executor", "serial"]))
    assert "huge.toml" in line


def test_a_spec_that_is_not_utf8_is_refused(tmp_path: Path):
    spec = tmp_path / "latin1.toml"
    spec.write_bytes('name = "café"\narchitectures = ["fc:2,1,2"]\nseeds = 1\nruns = 5\n'.encode(
        "latin-1"
    ))  # fmt: skip
    with pytest.raises(SweepSpecError, match="not UTF-8"):
        load_spec(spec)
    line = _one_line_exit_2(CliRunner().invoke(sweep, [str(spec), "--executor", "serial"]))
    assert "latin1.toml" in line and "UTF-8" in line


def test_the_cli_restores_the_signal_handlers_it_installs():
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(main, ["describe", "fc:2,1,2", "--json"])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGTERM) == before
