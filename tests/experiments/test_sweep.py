"""Sweeps: resume after SIGKILL without losing or repeating runs; Dask equals local; export."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from neuromanifold.cli.training import sweep, train
from neuromanifold.experiments import ResultStore, load_spec, run_sweep

SPEC = """
name = "resume"
architectures = ["lcn:k=2,2", "fc:2,1,2", "lcn:k=2,2:s=2,1"]
seeds = 6
runs = 40

[training]
max_iter = 100
"""

# A sweep whose executor sleeps before each job, so the test can kill it midway.
SLOW_SWEEP = """
import sys, time
from neuromanifold.experiments import LocalExecutor, run_sweep
from neuromanifold.experiments.sweep import execute_job

class Slow(LocalExecutor):
    def map_unordered(self, fn, items):
        for item in items:
            time.sleep(0.15)
            yield fn(item)

run_sweep(sys.argv[1], sys.argv[2], Slow(1))
"""

VOLATILE = ("version",)


def _rows(path: Path) -> list[tuple]:
    with ResultStore(path) as db:
        return [tuple(sorted(r.items())) for r in db.rows()]


def _jobs_done(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_killed_sweep_resumes_exactly(tmp_path: Path):
    spec = tmp_path / "resume.toml"
    spec.write_text(SPEC)
    script = tmp_path / "slow.py"
    script.write_text(SLOW_SWEEP)
    killed = tmp_path / "killed.sqlite"
    proc = subprocess.Popen([sys.executable, str(script), str(spec), str(killed)])
    try:
        deadline = time.time() + 60
        while _jobs_done(killed) < 4 and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the sweep finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    n_jobs = len(load_spec(spec).jobs)
    partial = _jobs_done(killed)
    assert 4 <= partial < n_jobs
    with ResultStore(killed) as db:
        assert db.count() == 40 * partial  # only whole jobs were written
    report = run_sweep(spec, killed, "serial")
    assert report.skipped == partial and report.ran == n_jobs - partial
    clean = tmp_path / "clean.sqlite"
    run_sweep(spec, clean, "local:2")
    resumed_rows, clean_rows = _rows(killed), _rows(clean)
    assert len(resumed_rows) == len(set(resumed_rows)) == 40 * n_jobs
    assert resumed_rows == clean_rows
    again = run_sweep(spec, killed, "serial")
    assert again.ran == 0 and again.rows_written == 0 and len(_rows(killed)) == 40 * n_jobs


def test_dask_equals_local(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    spec = tmp_path / "dask.toml"
    spec.write_text(SPEC.replace("seeds = 6", "seeds = 2"))
    local = tmp_path / "local.sqlite"
    run_sweep(spec, local, "serial")
    with distributed.LocalCluster(
        host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=False,
        protocol="tcp://", dashboard_address=None,
    ) as cluster:  # fmt: skip
        address = cluster.scheduler_address  # tcp://127.0.0.1:PORT
        store = tmp_path / "dask.sqlite"
        result = CliRunner().invoke(
            sweep,
            [str(spec), "--store", str(store), "--executor", "dask://" + address.split("://")[1],
             "--quiet", "--json"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["executor"].startswith("dask://127.0.0.1:")
    assert _rows(store) == _rows(local)


def test_export_csv_and_parquet(tmp_path: Path):
    spec = tmp_path / "small.toml"
    spec.write_text(SPEC.replace("seeds = 6", "seeds = 1"))
    store = tmp_path / "small.sqlite"
    run_sweep(spec, store, "serial")
    with ResultStore(store) as db:
        csv_path = db.export(tmp_path / "runs.csv")
        assert csv_path.read_text().splitlines()[0].startswith("job_key,run_index,sweep")
        pd = pytest.importorskip("pandas")
        frame = db.to_pandas()
        assert len(frame) == 120 and set(frame["architecture"]) == {
            "lcn:k=2,2", "fc:2,1,2", "lcn:k=2,2:s=2,1"
        }  # fmt: skip
        pytest.importorskip("pyarrow")
        parquet = db.export(tmp_path / "runs.parquet")
        assert len(pd.read_parquet(parquet)) == 120


def test_cli_sweep_text_and_train_json(tmp_path: Path):
    spec = tmp_path / "small.toml"
    spec.write_text(SPEC.replace("seeds = 6", "seeds = 1"))
    out = CliRunner().invoke(sweep, [str(spec), "--executor", "serial", "--quiet"])
    assert out.exit_code == 0, out.output
    assert "lcn:k=2,2 target" in out.output and (tmp_path / "small.sqlite").exists()
    res = CliRunner().invoke(train, ["lcn:k=2,2", "--runs", "60", "--json", "--seed", "1"])
    data = json.loads(res.output)
    assert data["runs"] == 60 and data["seed"] == 1
    assert {"interior", "boundary", "singular", "spurious", "global_min"} <= set(data["fractions"])
    res = CliRunner().invoke(
        train, ["lcn:k=3,2:s=2,1", "--runs", "20", "--data", "regression:4", "--out-len", "2",
                "--json"],
    )  # fmt: skip
    assert json.loads(res.output)["out_len"] == 2
    bad = CliRunner().invoke(train, ["lcn:k=2,2", "--data", "regresion:3"])
    assert bad.exit_code == 2 and "data" in bad.output
