r"""Sweep specifications: architectures × data models × seeds, read from TOML and validated up front.

A spec file::

    name = "strides"                       # optional; default: the file's stem
    architectures = ["fc:4,2,4", "lcn:k=3,3,3", "lcn:k=3,3:s=2,1"]
    data = ["target", "regression:8"]      # optional; default ["target"]
    seeds = [0, 1, 2]                      # a list, or a count n meaning 0, …, n − 1
    runs = 200                             # runs per (architecture, data, seed) job
    restarts = 1                           # optional: initializations per data draw
    init = "lecun"                         # optional
    out_len = 1                            # optional: LCN output length under regression
    reference = "auto"                     # optional: or "critical-points" (global minimum)

    [training]                             # optional: TrainingOptions fields
    method = "backtracking"
    max_iter = 20000

    [tolerances]                           # optional: Tolerances fields
    root_tol = 1e-4

Every field is checked before any work starts (each architecture can be trained on each data
model; with ``reference = "critical-points"`` each is within the exact counts' budget and has a
locus decomposition, e.g. polynomial networks that are not defective); errors are :class:`SweepSpecError` (an
:class:`~neuromanifold.errors.InputError`) with a one-line message naming the file and the field.
One *job* is one (architecture, data, seed): ``runs`` runs trained as one batch by
:func:`~neuromanifold.training.train` with that seed, so a job is reproducible on any machine.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.architectures import parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.experiments.store import KEY_SWEEP
from neuromanifold.losses.data import draw_losses, parse_data
from neuromanifold.training.initialization import parse_initialization
from neuromanifold.training.options import TrainingOptions
from neuromanifold.training.outcomes import Tolerances

__all__ = ["Job", "SweepSpec", "SweepSpecError", "load_spec", "parse_spec"]

_KEYS = {
    "name", "architectures", "data", "seeds", "runs", "restarts", "init", "out_len",
    "reference", "training", "tolerances",
}  # fmt: skip
_MAX_JOBS = 1_000_000


class SweepSpecError(InputError):
    """A sweep specification is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Job:
    """One unit of work: ``runs`` runs of one architecture on one data model with one seed.

    Attributes:
        sweep: the sweep's name.
        architecture: text form of the architecture (normalized).
        data: text form of the data model.
        seed: the seed of :func:`~neuromanifold.training.train`.
        runs: number of runs.
        restarts: initializations per data draw.
        init: text form of the initialization.
        out_len: LCN output length under regression.
        options: optimizer options.
        tolerances: classification tolerances.
        reference: how global minima are decided (``"auto"`` or ``"critical-points"``).
    """

    sweep: str
    architecture: str
    data: str
    seed: int
    runs: int
    restarts: int
    init: str
    out_len: int
    options: TrainingOptions
    tolerances: Tolerances
    reference: str = "auto"

    @property
    def key(self) -> str:
        """A stable identifier: everything that determines the job's results, and its sweep.

        ``ARCHITECTURE|DATA|seed=S|runs=N|DIGEST|sweep=NAME``, the digest covering the optimizer
        options, tolerances, initialization, restarts, output length and reference. The sweep's
        name comes last (:data:`~neuromanifold.experiments.store.KEY_SWEEP`), so a job shared by
        two sweeps is stored for each and a store never drops a sweep's rows.

        Example:
            >>> job = parse_spec({"architectures": ["fc:2,1,2"], "seeds": 1, "runs": 5}).jobs[0]
            >>> job.key.startswith("fc:2,1,2|target|seed=0|runs=5|"), job.key.endswith("|sweep=sweep")
            (True, True)
        """
        settings = json.dumps(
            [self.options.to_dict(), self.tolerances.to_dict(), self.init, self.restarts,
             self.out_len] + ([self.reference] if self.reference != "auto" else []),
            sort_keys=True,
        )  # fmt: skip
        digest = hashlib.sha256(settings.encode()).hexdigest()[:12]
        settled = f"{self.architecture}|{self.data}|seed={self.seed}|runs={self.runs}|{digest}"
        return f"{settled}{KEY_SWEEP}{self.sweep}"


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: its name and its jobs (architectures × data × seeds, in that order).

    Example:
        >>> spec = parse_spec({"architectures": ["fc:2,1,2", "lcn:k=2,2"], "seeds": 3, "runs": 10})
        >>> len(spec.jobs), spec.total_runs
        (6, 60)
    """

    name: str
    architectures: tuple[str, ...]
    data: tuple[str, ...]
    seeds: tuple[int, ...]
    jobs: tuple[Job, ...]

    @property
    def total_runs(self) -> int:
        """Runs over all jobs."""
        return sum(j.runs for j in self.jobs)


def _fail(where: str, message: str) -> SweepSpecError:
    return SweepSpecError(f"{where}: {message}")


def _positive_int(where: str, name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(where, f"'{name}' must be a positive integer, got {value!r}")
    return value


def _section(where: str, name: str, raw: object, cls: type) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(where, f"[{name}] must be a table of settings")
    allowed = {f.name for f in fields(cls)}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _fail(where, f"[{name}] has unknown key(s) {unknown}; allowed: {sorted(allowed)}")
    return dict(raw)


def parse_spec(raw: dict[str, object], name: str = "sweep", where: str = "sweep spec") -> SweepSpec:
    """Validate a spec given as a dictionary (the parsed TOML) and expand it into jobs.

    Args:
        raw: the spec's fields (see the module docstring).
        name: the default name when the spec has none.
        where: how to name the spec in error messages (a file path).

    Raises:
        SweepSpecError: unknown or missing fields, bad values, unknown architectures or data.
    """
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise _fail(where, f"unknown field(s) {unknown}; allowed: {sorted(_KEYS)}")
    for required in ("architectures", "seeds", "runs"):
        if required not in raw:
            raise _fail(where, f"missing field '{required}' (example: {_example(required)})")
    archs_raw = raw["architectures"]
    if isinstance(archs_raw, str):
        archs_raw = [archs_raw]
    if not isinstance(archs_raw, list) or not archs_raw:
        raise _fail(where, "'architectures' must be a non-empty list, e.g. [\"fc:4,2,4\"]")
    archs = []
    for text in archs_raw:
        try:
            archs.append(parse_architecture(str(text)).text)
        except InputError as err:
            raise _fail(where, f"architectures: {' '.join(str(err).split())}") from None
    data_raw = raw.get("data", ["target"])
    if isinstance(data_raw, str):
        data_raw = [data_raw]
    if not isinstance(data_raw, list) or not data_raw:
        raise _fail(where, '\'data\' must be a non-empty list, e.g. ["target", "regression:8"]')
    out_len = _positive_int(where, "out_len", raw.get("out_len", 1))
    data = []
    for text in data_raw:
        try:
            data.append(parse_data(str(text), out_len).text)
        except InputError as err:  # its message names 'data' already
            raise _fail(where, " ".join(str(err).split())) from None
    seeds_raw = raw["seeds"]
    if isinstance(seeds_raw, int) and not isinstance(seeds_raw, bool):
        n_seeds = _positive_int(where, "seeds", seeds_raw)
        _check_job_count(where, len(archs) * len(data) * n_seeds)  # before allocating the seeds
        seeds = tuple(range(n_seeds))
    elif isinstance(seeds_raw, list) and seeds_raw:
        if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in seeds_raw):
            raise _fail(where, f"'seeds' must be integers ≥ 0, got {seeds_raw!r}")
        if len(set(seeds_raw)) != len(seeds_raw):
            raise _fail(where, f"'seeds' has duplicates: {seeds_raw!r}")
        seeds = tuple(int(s) for s in seeds_raw)
    else:
        raise _fail(where, f"'seeds' must be a count or a non-empty list, got {seeds_raw!r}")
    runs = _positive_int(where, "runs", raw["runs"])
    restarts = _positive_int(where, "restarts", raw.get("restarts", 1))
    if runs % restarts:
        raise _fail(where, f"'runs' = {runs} is not a multiple of 'restarts' = {restarts}")
    try:
        init = parse_initialization(str(raw.get("init", "lecun"))).text
        options = TrainingOptions(
            **_section(where, "training", raw.get("training"), TrainingOptions)
        )
        tolerances = Tolerances(**_section(where, "tolerances", raw.get("tolerances"), Tolerances))
    except SweepSpecError:
        raise
    except (InputError, TypeError) as err:
        raise _fail(where, " ".join(str(err).split())) from None
    reference = raw.get("reference", "auto")
    if reference not in ("auto", "critical-points"):
        raise _fail(where, f'\'reference\' must be "auto" or "critical-points", got {reference!r}')
    sweep = str(raw.get("name", name))
    _check_job_count(where, len(archs) * len(data) * len(seeds))
    for a in archs:
        for d in data:
            _check_pair(where, a, d, out_len)
        if reference == "critical-points":
            _check_exact_reference(where, a)
    jobs = tuple(
        Job(sweep, a, d, s, runs, restarts, init, out_len, options, tolerances, reference)
        for a in archs
        for d in data
        for s in seeds
    )
    return SweepSpec(sweep, tuple(archs), tuple(data), seeds, jobs)


def _check_pair(where: str, architecture: str, data: str, out_len: int) -> None:
    """Refuse up front what would fail in the middle of a sweep: a family that cannot be trained
    yet, or a data model the family has no loss for (e.g. regression data beyond fc and lcn)."""
    arch = parse_architecture(architecture)
    try:
        arch.require("train")
        draw_losses(arch, parse_data(data, out_len), 1, np.random.default_rng(0))
    except InputError as err:
        raise _fail(where, f"{architecture} × {data}: {' '.join(str(err).split())}") from None


def _check_exact_reference(where: str, architecture: str) -> None:
    """With ``reference = "critical-points"``: the exact counts' budget (critical points'
    ``MAX_PARAMS``, not raised by sweeps) and a locus decomposition for the family (e.g. not a
    defective pnn)."""
    from neuromanifold.critical_points.equations import loci
    from neuromanifold.critical_points.solve import MAX_PARAMS
    from neuromanifold.errors import NeuromanifoldError

    arch = parse_architecture(architecture)
    prefix = f'reference = "critical-points" on {architecture}'
    if max(arch.n_params, arch.ambient_dim) > MAX_PARAMS:
        raise _fail(
            where,
            f"{prefix}: {arch.n_params} parameters and {arch.ambient_dim} coordinates exceed the "
            f'exact counts\' budget of {MAX_PARAMS}; use reference = "auto"',
        )
    try:
        loci(arch, seed=0)
    except NeuromanifoldError as err:
        raise _fail(where, f"{prefix}: {' '.join(str(err).split())}") from None


def _check_job_count(where: str, n_jobs: int) -> None:
    if n_jobs > _MAX_JOBS:
        raise _fail(where, f"{n_jobs} jobs; at most {_MAX_JOBS} are supported")


def _example(field: str) -> str:
    return {
        "architectures": 'architectures = ["fc:4,2,4", "lcn:k=3,3:s=2,1"]',
        "seeds": "seeds = 3",
        "runs": "runs = 200",
    }[field]


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec from a TOML file.

    Raises:
        SweepSpecError: the file is missing, not UTF-8, not TOML, or a field is wrong (one line).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise _fail(str(p), f"cannot read the spec ({err.strerror})") from None
    except UnicodeDecodeError as err:
        raise _fail(
            str(p), f"not UTF-8 text (byte 0x{err.object[err.start]:02x} at offset {err.start})"
        ) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _fail(str(p), f"not valid TOML ({err})") from None
    return parse_spec(raw, name=p.stem, where=str(p))
