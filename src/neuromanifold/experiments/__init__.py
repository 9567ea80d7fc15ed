"""Experiments: sweep specs (TOML), the SQLite results store, executors (local, Dask), sweeps."""

from neuromanifold.experiments.executors import DaskExecutor, LocalExecutor, parse_executor
from neuromanifold.experiments.spec import Job, SweepSpec, SweepSpecError, load_spec, parse_spec
from neuromanifold.experiments.store import COLUMNS, ResultStore
from neuromanifold.experiments.sweep import (
    SweepReport,
    execute_job,
    run_sweep,
    summaries_from_rows,
)

__all__ = [
    "COLUMNS",
    "DaskExecutor",
    "Job",
    "LocalExecutor",
    "ResultStore",
    "SweepReport",
    "SweepSpec",
    "SweepSpecError",
    "execute_job",
    "load_spec",
    "parse_executor",
    "parse_spec",
    "run_sweep",
    "summaries_from_rows",
]
