"""The results store: an embedded SQLite database, one row per run, written job by job.

Each finished job is committed in one transaction together with its entry in the ``jobs`` table,
so a sweep killed at any moment leaves only whole jobs behind; rerunning it skips every job whose
key is present (:meth:`ResultStore.done`). The primary key (job key, run index) makes duplicates
impossible. Columns of ``runs``: see :data:`COLUMNS`.

Export: :meth:`ResultStore.to_csv` (standard library), :meth:`ResultStore.to_pandas` and
:meth:`ResultStore.to_parquet` (optional: ``pandas``, ``pyarrow``).
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from neuromanifold.errors import InputError

__all__ = ["COLUMNS", "ResultStore"]

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
            self._db = sqlite3.connect(self.path, timeout=60)
        except sqlite3.Error as err:
            raise InputError(f"store: cannot open {self.path} ({err})") from None
        cols = ", ".join(f"{n} {t}" for n, t in COLUMNS)
        with self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS runs ({cols}, PRIMARY KEY (job_key, run_index))"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS jobs (job_key TEXT PRIMARY KEY, sweep TEXT, "
                "n_runs INTEGER, seconds REAL, finished REAL)"
            )

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
            cur = self._db.execute("SELECT job_key FROM jobs")
        else:
            cur = self._db.execute("SELECT job_key FROM jobs WHERE sweep = ?", (sweep,))
        return {row[0] for row in cur}

    def write(
        self, job_key: str, sweep: str, rows: Sequence[dict[str, Any]], seconds: float
    ) -> int:
        """Commit a finished job's rows and its job entry in one transaction.

        Returns:
            The number of rows inserted (0 when the job was already stored).
        """
        placeholders = ", ".join("?" for _ in NAMES)
        with self._db:
            if self._db.execute("SELECT 1 FROM jobs WHERE job_key = ?", (job_key,)).fetchone():
                return 0
            self._db.executemany(
                f"INSERT INTO runs ({', '.join(NAMES)}) VALUES ({placeholders})",
                [tuple(row.get(n) for n in NAMES) for row in rows],
            )
            self._db.execute(
                "INSERT INTO jobs VALUES (?, ?, ?, ?, ?)",
                (job_key, sweep, len(rows), seconds, time.time()),
            )
        return len(rows)

    def count(self, sweep: str | None = None) -> int:
        """Number of stored runs."""
        if sweep is None:
            return int(self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
        return int(
            self._db.execute("SELECT COUNT(*) FROM runs WHERE sweep = ?", (sweep,)).fetchone()[0]
        )

    def rows(self, sweep: str | None = None) -> list[dict[str, Any]]:
        """All runs as dictionaries, ordered by job key and run index."""
        where, args = ("WHERE sweep = ?", (sweep,)) if sweep is not None else ("", ())
        cur = self._db.execute(
            f"SELECT {', '.join(NAMES)} FROM runs {where} ORDER BY job_key, run_index", args
        )
        return [dict(zip(NAMES, r, strict=True)) for r in cur]

    def to_csv(self, path: str | Path, sweep: str | None = None) -> Path:
        """Write the runs to a CSV file (header = column names)."""
        out = Path(path)
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(NAMES))
            writer.writeheader()
            writer.writerows(self.rows(sweep))
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
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(
                "to_parquet: pyarrow is not installed; pip install 'neuromanifold[experiments]'"
            ) from None
        self.to_pandas(sweep).to_parquet(path, index=False)
        return Path(path)

    def export(self, path: str | Path, sweep: str | None = None) -> Path:
        """Write CSV or Parquet, chosen by the file's suffix (``.csv``, ``.parquet``)."""
        suffix = Path(path).suffix.lower()
        if suffix == ".csv":
            return self.to_csv(path, sweep)
        if suffix in (".parquet", ".pq"):
            return self.to_parquet(path, sweep)
        raise InputError(f"export: unknown format {suffix!r}; use a .csv or .parquet file name")


def group_rows(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Rows grouped by (architecture, data), in first-seen order."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault((row["architecture"], row["data"]), []).append(row)
    return out
