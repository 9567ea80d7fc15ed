"""Run a sweep: every job of a spec not yet in the store, on an executor, written as it finishes.

Killing a sweep and running it again resumes it: finished jobs are skipped (their keys are in
the store), unfinished ones run from the start with the same seed, so the final rows equal those of
an uninterrupted run. Two sweeps may run on one store at once; a job both run is stored once. When
the sweep ends, every job of the spec is checked to be in the store with all its runs.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.budget import Budget, budget, current_budget, require_memory
from neuromanifold.errors import NeuromanifoldError
from neuromanifold.experiments.executors import DaskExecutor, LocalExecutor, parse_executor
from neuromanifold.experiments.spec import Job, SweepSpec, load_spec
from neuromanifold.experiments.store import ResultStore, group_rows
from neuromanifold.training.outcomes import CLASSES
from neuromanifold.training.progress import Progress
from neuromanifold.training.statistics import Fraction, OutcomeSummary, comparison_table

__all__ = [
    "SweepReport",
    "check_job_memory",
    "execute_job",
    "run_sweep",
    "summaries_from_rows",
]


def _version() -> str:
    try:
        return version("neuromanifold")  # the one source: pyproject.toml
    except PackageNotFoundError:  # pragma: no cover - source checkout without metadata
        return "unknown"


def check_job_memory(jobs: Sequence[Job]) -> None:
    """Refuse, before the first job runs, a sweep with a job estimated to need more memory than
    the budget (``--max-memory``): a worker would only find out after the others ran.

    Raises:
        BudgetError: naming the job and ``--max-memory``.
    """
    from neuromanifold.training import training_bytes

    for job in jobs:
        need = training_bytes(
            job.architecture, job.runs, data=job.data, out_len=job.out_len, options=job.options
        )
        require_memory(need, f"job {job.key} ({job.runs} runs of {job.architecture})")


def _execute_within(limits: Budget, job: Job) -> tuple[Job, list[dict[str, Any]], float]:
    """`execute_job` under the sweep's memory and polynomial budgets (a worker process does not
    share the parent's context; the deadline stays with the parent, which stops the pool)."""
    with budget(
        max_memory=limits.max_memory, max_terms=limits.max_terms, max_degree=limits.max_degree
    ):
        return execute_job(job)


def execute_job(job: Job) -> tuple[Job, list[dict[str, Any]], float]:
    """Train and classify one job's runs; return the job, its rows and the seconds it took.

    Example:
        >>> from neuromanifold.experiments.spec import parse_spec
        >>> job = parse_spec({"architectures": ["fc:2,1,2"], "seeds": 1, "runs": 4}).jobs[0]
        >>> _, rows, _ = execute_job(job)
        >>> len(rows), rows[0]["outcome"]
        (4, 'interior')
    """
    from neuromanifold.training import train

    start = time.perf_counter()
    result = train(
        job.architecture, job.runs, data=job.data, init=job.init, seed=job.seed,
        options=job.options, restarts=job.restarts, out_len=job.out_len,
    )  # fmt: skip
    out = result.classify(job.tolerances, job.reference)
    pkg = _version()
    rows = []
    for i in range(result.runs):
        known = bool(out.global_min_known[i])
        rows.append(
            {
                "job_key": job.key,
                "run_index": i,
                "sweep": job.sweep,
                "architecture": job.architecture,
                "data": job.data,
                "init": job.init,
                "method": job.options.method,
                "seed": job.seed,
                "restarts": job.restarts,
                "data_index": i // job.restarts,
                "converged": int(out.converged[i]),
                "stop_reason": str(result.stop_reason[i]),
                "iterations": int(result.iterations[i]),
                "loss": _num(result.loss[i]),
                "grad_norm": _num(result.grad_norm[i]),
                "outcome": out.label(i),
                "stratum": str(out.stratum[i]),
                "spurious": int(out.spurious[i]),
                "global_min": int(out.global_min[i]) if known else None,
                "reference_loss": _num(out.reference[i]) if known else None,
                "reference_kind": str(out.reference_kind[i]),
                "repeated_root": int(out.repeated_root[i]),
                "jacobian_rank": int(out.jacobian_rank[i]),
                "dim": int(out.dim),
                "version": pkg,
            }
        )
    return job, rows, time.perf_counter() - start


def _num(x: float) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def summaries_from_rows(rows: Sequence[dict[str, Any]]) -> list[OutcomeSummary]:
    """One :class:`~neuromanifold.training.statistics.OutcomeSummary` per (architecture, data).

    Denominators as in :mod:`neuromanifold.training.statistics`.
    """
    out = []
    for (arch, data), group in group_rows(rows).items():
        conv = [r for r in group if r["converged"]]
        classes: dict[str, Fraction] = {}
        for name in CLASSES:
            if name in ("interior", "boundary", "singular"):
                k = sum(1 for r in conv if r["stratum"] == name)
                classes[name] = Fraction.of(k, len(conv))
            elif name == "global_min":
                known = [r for r in conv if r["global_min"] is not None]
                classes[name] = Fraction.of(sum(r["global_min"] for r in known), len(known))
            else:
                classes[name] = Fraction.of(sum(1 for r in conv if r[name]), len(conv))
        out.append(
            OutcomeSummary(
                f"{arch} {data}", len(group), Fraction.of(len(conv), len(group)), classes
            )
        )
    return out


@dataclass(frozen=True, kw_only=True)
class SweepReport:
    """What a sweep did and what the store now holds.

    Attributes:
        sweep: the sweep's name.
        store: path of the store.
        summaries: per (architecture, data) fractions over all stored runs of the sweep.
        executor: the executor's name.
        jobs: number of jobs in the spec.
        skipped: jobs already in the store (resumed).
        ran: jobs run now.
        rows_written: runs written now.
        seconds: wall time.
    """

    sweep: str
    store: str
    summaries: tuple[OutcomeSummary, ...]
    executor: str
    jobs: int
    skipped: int
    ran: int
    rows_written: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        out: dict[str, object] = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "summaries"
        }
        out["summaries"] = [s.to_dict() for s in self.summaries]
        return out

    def __str__(self) -> str:
        head = (
            f"sweep {self.sweep}: {self.jobs} jobs ({self.skipped} already stored, {self.ran} run "
            f"now, {self.rows_written} runs written) on {self.executor} in {self.seconds:.1f} s; "
            f"store {self.store}"
        )
        return head + "\n\n" + comparison_table(list(self.summaries))


def _check_complete(sweep: SweepSpec, db: ResultStore, rows: Sequence[dict[str, Any]]) -> None:
    """Every job of the sweep is stored with all its runs (no row is lost without a word)."""
    stored = db.done(sweep.name)
    missing = [j.key for j in sweep.jobs if j.key not in stored]
    if missing or len(rows) != sweep.total_runs:
        raise NeuromanifoldError(
            f"store {db.path}: after sweep {sweep.name!r} it holds {len(rows)} of "
            f"{sweep.total_runs} runs ({len(missing)} jobs missing, e.g. {missing[:1]}); the store "
            "was changed while the sweep ran: run the sweep again to complete it"
        )


def run_sweep(
    spec: SweepSpec | str | Path,
    store: ResultStore | str | Path,
    executor: LocalExecutor | DaskExecutor | str | None = None,
    progress: Progress | None = None,
) -> SweepReport:
    """Run the jobs of ``spec`` that the store does not hold yet; write each as it finishes.

    Args:
        spec: a :class:`~neuromanifold.experiments.spec.SweepSpec` or a TOML file.
        store: a :class:`~neuromanifold.experiments.store.ResultStore` or a database path.
        executor: an executor or its text form (default ``local``).
        progress: a progress bar over the runs still to do, or ``None``.

    Returns:
        A :class:`SweepReport`.

    Example:
        >>> import tempfile, os
        >>> from neuromanifold.experiments.spec import parse_spec
        >>> spec = parse_spec({"architectures": ["fc:2,1,2"], "seeds": 2, "runs": 5})
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = os.path.join(tmp, "runs.sqlite")
        ...     first = run_sweep(spec, path, "serial")
        ...     again = run_sweep(spec, path, "serial")
        >>> (first.ran, first.rows_written), (again.skipped, again.rows_written)
        ((2, 10), (2, 0))
    """
    sweep = spec if isinstance(spec, SweepSpec) else load_spec(spec)
    own_store = not isinstance(store, ResultStore)
    db = ResultStore(store) if not isinstance(store, ResultStore) else store
    ex = (
        executor if isinstance(executor, LocalExecutor | DaskExecutor) else parse_executor(executor)
    )
    start = time.perf_counter()
    try:
        done = db.done(sweep.name)
        pending = [j for j in sweep.jobs if j.key not in done]
        check_job_memory(pending)
        run = functools.partial(_execute_within, current_budget())
        written = 0
        for job, rows, seconds in ex.map_unordered(run, pending):
            written += db.write(job.key, job.sweep, rows, seconds)
            if progress is not None:
                progress.update(len(rows))
        order = {j.key: n for n, j in enumerate(sweep.jobs)}
        rows = sorted(
            (r for r in db.rows(sweep.name) if r["job_key"] in order),
            key=lambda r: (order[r["job_key"]], r["run_index"]),
        )
        _check_complete(sweep, db, rows)
        return SweepReport(
            sweep=sweep.name, store=str(db.path), summaries=tuple(summaries_from_rows(rows)),
            executor=ex.name, jobs=len(sweep.jobs), skipped=len(sweep.jobs) - len(pending),
            ran=len(pending), rows_written=written, seconds=time.perf_counter() - start,
        )  # fmt: skip
    finally:
        if executor is None or isinstance(executor, str):
            ex.close()
        if own_store:
            db.close()
