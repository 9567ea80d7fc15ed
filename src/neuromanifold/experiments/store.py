"""The results store: an embedded SQLite database, one row per run, written job by job.

Each finished job is committed in one transaction together with its entry in the ``jobs`` table,
so a sweep killed at any moment leaves only whole jobs behind; rerunning it skips every job whose
key is present (:meth:`ResultStore.done`). A job's key names its sweep and everything that
determines its results (:attr:`~neuromanifold.experiments.spec.Job.key`), so two sweeps sharing
a job each store it. Columns of ``runs``: see :data:`COLUMNS`.

Several processes may write one store at once (two sweeps started together): the database is in
WAL mode, a writer waits up to a minute for another (busy timeout), and every job is written in an
``IMMEDIATE`` transaction that checks and inserts its key, so a job written by both is stored once
(``INSERT OR IGNORE``) and the result equals running the sweeps one after the other.

The schema's version is SQLite's ``user_version`` (:data:`SCHEMA_VERSION`). Stores of version 0
(job keys without the sweep's name) are migrated when opened: the name, kept in every row, is
appended to their keys. A file that is not an SQLite results store, or a store written by a newer
version, is refused with an :class:`~neuromanifold.errors.InputError` naming the file.

A third table, ``dimensions``, keeps dimension certificates by architecture and seed
(:meth:`ResultStore.dimensions`, :meth:`ResultStore.write_dimensions`): the memory of
``filling-search``, which resumes from it.

Export: :meth:`ResultStore.to_csv` (standard library), :meth:`ResultStore.to_pandas` and
:meth:`ResultStore.to_parquet` (optional: ``pandas``, ``pyarrow``); :func:`export_target` checks a
file name before any work.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from neuromanifold.errors import InputError

__all__ = ["COLUMNS", "SCHEMA_VERSION", "ResultStore", "export_target"]

SCHEMA_VERSION = 1
"""Version of the store's tables (SQLite ``user_version``); 0 is the layout before job keys
named their sweep."""

KEY_SWEEP = "|sweep="
"""What separates a job's settings from its sweep's name in a job key (see ``Job.key``)."""

#: Columns of the ``runs`` table, with their SQL types.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("job_key", "TEXT NOT NULL"),
    ("run_index", "INTEGER NOT NULL"),
    ("sweep", "TEXT"),
    ("architecture", "TEXT"),
    ("data", "TEXT"),
    ("init", "TEXT"),
    ("method", "TEXT"),
    ("seed", "INTEGER"),
    ("restarts", "INTEGER"),
    ("data_index", "INTEGER"),
    ("converged", "INTEGER"),
    ("stop_reason", "TEXT"),
    ("iterations", "INTEGER"),
    ("loss", "REAL"),
    ("grad_norm", "REAL"),
    ("outcome", "TEXT"),
    ("stratum", "TEXT"),
    ("spurious", "INTEGER"),
    ("global_min", "INTEGER"),
    ("reference_loss", "REAL"),
    ("reference_kind", "TEXT"),
    ("repeated_root", "INTEGER"),
    ("jacobian_rank", "INTEGER"),
    ("dim", "INTEGER"),
    ("version", "TEXT"),
)
NAMES = tuple(name for name, _ in COLUMNS)


class ResultStore:
    """A SQLite file of runs (one row each) and finished jobs.

    Args:
        path: the database file (created with its tables when missing).

    Example:
        >>> import tempfile, os
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     store = ResultStore(os.path.join(tmp, "runs.sqlite"))
        ...     store.count(), sorted(store.done())
        (0, [])
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        except sqlite3.Error as err:
            raise InputError(f"store: cannot open {self.path} ({err})") from None
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _failure(self, err: sqlite3.Error) -> InputError:
        """A one-line error naming the file, for any SQLite error."""
        text = str(err)
        if "not a database" in text or "malformed" in text:
            reason = "it is not an SQLite database, or it is damaged"
        elif "locked" in text or "busy" in text:
            reason = "another process kept it locked for over a minute"
        else:
            reason = text
        return InputError(
            f"store: cannot use {self.path} as a results store ({reason}); give another "
            "--store file"
        )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock at once (no upgrade deadlock)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as err:
            raise self._failure(err) from None

    def _query(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """All rows of a read (each statement reads one consistent snapshot)."""
        try:
            return self._db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as err:
            raise self._failure(err) from None

    def _prepare(self) -> None:
        """Create the tables, or check and migrate existing ones."""
        self._query("PRAGMA journal_mode=WAL")
        cols = ", ".join(f"{n} {t}" for n, t in COLUMNS)
        with self._transaction() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"store: {self.path} was written by a newer neuromanifold (store version "
                    f"{version}, this one reads up to {SCHEMA_VERSION}); upgrade neuromanifold "
                    "or give another --store file"
                )
            if tables and not {"runs", "jobs"} <= tables:
                raise InputError(
                    f"store: {self.path} is an SQLite database but not a results store (tables "
                    f"{sorted(tables)}); give another --store file"
                )
            db.execute(
                f"CREATE TABLE IF NOT EXISTS runs ({cols}, PRIMARY KEY (job_key, run_index))"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS jobs (job_key TEXT PRIMARY KEY, sweep TEXT, "
                "n_runs INTEGER, seconds REAL, finished REAL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS dimensions (architecture TEXT, seed INTEGER, "
                "certificate TEXT, PRIMARY KEY (architecture, seed))"
            )
            present = {r[1] for r in db.execute("PRAGMA table_info(runs)")}
            for name, kind in COLUMNS:
                if name not in present:  # a column added since the store was made
                    nullable = kind.replace(" NOT NULL", "")
                    db.execute(f"ALTER TABLE runs ADD COLUMN {name} {nullable}")
            if tables and version == 0:  # job keys without the sweep's name: append it
                for table in ("jobs", "runs"):
                    db.execute(
                        f"UPDATE {table} SET job_key = job_key || ? || COALESCE(sweep, '') "
                        "WHERE instr(job_key, ?) = 0",
                        (KEY_SWEEP, KEY_SWEEP),
                    )
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def done(self, sweep: str | None = None) -> set[str]:
        """Keys of the finished jobs (of one sweep, or all)."""
        if sweep is None:
            return {row[0] for row in self._query("SELECT job_key FROM jobs")}
        return {row[0] for row in self._query("SELECT job_key FROM jobs WHERE sweep = ?", [sweep])}

    def write(
        self, job_key: str, sweep: str, rows: Sequence[dict[str, Any]], seconds: float
    ) -> int:
        """Commit a finished job's rows and its job entry in one transaction.

        The job's key is checked and written under the write lock, so of two sweeps writing the
        same job at once one stores it and the other returns 0.

        Returns:
            The number of rows inserted (0 when the job was already stored).
        """
        placeholders = ", ".join("?" for _ in NAMES)
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM jobs WHERE job_key = ?", (job_key,)).fetchone():
                return 0  # written meanwhile by another sweep on this store
            db.executemany(
                f"INSERT OR IGNORE INTO runs ({', '.join(NAMES)}) VALUES ({placeholders})",
                [tuple(row.get(n) for n in NAMES) for row in rows],
            )
            db.execute(
                "INSERT OR IGNORE INTO jobs VALUES (?, ?, ?, ?, ?)",
                (job_key, sweep, len(rows), seconds, time.time()),
            )
        return len(rows)

    def dimensions(self, seed: int) -> dict[str, dict[str, Any]]:
        """The stored dimension certificates computed with a seed, by architecture text."""
        found = self._query(
            "SELECT architecture, certificate FROM dimensions WHERE seed = ?", [seed]
        )
        return {text: json.loads(cert) for text, cert in found}

    def write_dimensions(self, seed: int, certificates: dict[str, dict[str, Any]]) -> None:
        """Store dimension certificates (architecture text → ``DimensionCertificate.to_dict()``).

        One transaction; an architecture already stored with the seed keeps its first entry.
        """
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO dimensions VALUES (?, ?, ?)",
                [(text, seed, json.dumps(cert)) for text, cert in certificates.items()],
            )

    def count(self, sweep: str | None = None) -> int:
        """Number of stored runs."""
        if sweep is None:
            return int(self._query("SELECT COUNT(*) FROM runs")[0][0])
        return int(self._query("SELECT COUNT(*) FROM runs WHERE sweep = ?", [sweep])[0][0])

    def rows(self, sweep: str | None = None) -> list[dict[str, Any]]:
        """All runs as dictionaries, ordered by job key and run index."""
        where, args = ("WHERE sweep = ?", [sweep]) if sweep is not None else ("", [])
        found = self._query(
            f"SELECT {', '.join(NAMES)} FROM runs {where} ORDER BY job_key, run_index", args
        )
        return [dict(zip(NAMES, r, strict=True)) for r in found]

    def to_csv(self, path: str | Path, sweep: str | None = None) -> Path:
        """Write the runs to a CSV file (header = column names)."""
        out = export_target(path, (".csv",))
        rows = self.rows(sweep)
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(NAMES))
            writer.writeheader()
            writer.writerows(rows)
        return out

    def to_pandas(self, sweep: str | None = None) -> Any:
        """The runs as a ``pandas.DataFrame`` (requires the optional dependency pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise InputError(
                "to_pandas: pandas is not installed; pip install 'neuromanifold[experiments]'"
            ) from None
        return pd.DataFrame(self.rows(sweep), columns=list(NAMES))

    def to_parquet(self, path: str | Path, sweep: str | None = None) -> Path:
        """Write the runs to a Parquet file (requires pandas and pyarrow)."""
        out = export_target(path, (".parquet", ".pq"))
        self.to_pandas(sweep).to_parquet(out, index=False)
        return out

    def export(self, path: str | Path, sweep: str | None = None) -> Path:
        """Write CSV or Parquet, chosen by the file's suffix (``.csv``, ``.parquet``)."""
        if export_target(path).suffix.lower() == ".csv":
            return self.to_csv(path, sweep)
        return self.to_parquet(path, sweep)


_FORMATS = {".csv": (), ".parquet": ("pandas", "pyarrow"), ".pq": ("pandas", "pyarrow")}


def export_target(path: str | Path, suffixes: Sequence[str] = tuple(_FORMATS)) -> Path:
    """Check an export file name before any work: its format, its folder, the libraries it needs.

    Args:
        path: the file to write (``.csv``, ``.parquet`` or ``.pq``).
        suffixes: the suffixes allowed here.

    Raises:
        InputError: unknown suffix, a folder that does not exist or is not a folder, a path that
            is a folder, or a missing optional dependency (with the pip command).

    Example:
        >>> export_target("runs.csv").name
        'runs.csv'
        >>> export_target("no/such/folder/runs.csv")
        Traceback (most recent call last):
        ...
        neuromanifold.errors.InputError: export: the folder no/such/folder does not exist; create it first
    """
    out = Path(path)
    if out.is_dir():
        raise InputError(f"export: {out} is a folder; give a file name")
    suffix = out.suffix.lower()
    if suffix not in suffixes:
        allowed = ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 else ""
        raise InputError(
            f"export: unknown format {suffix or out.name!r}; use a file name ending in "
            f"{allowed or suffixes[0]}"
        )
    folder = out.parent
    if not folder.exists():
        raise InputError(f"export: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise InputError(f"export: {folder} is not a folder")
    for module in _FORMATS.get(suffix, ()):
        try:
            importlib.import_module(module)
        except ImportError:
            raise InputError(
                f"export: {suffix} files need {module}, which is not installed; "
                "pip install 'neuromanifold[experiments]'"
            ) from None
    return out


def group_rows(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Rows grouped by (architecture, data), in first-seen order."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault((row["architecture"], row["data"]), []).append(row)
    return out
