"""Executors: where a sweep's jobs run. Local processes by default, a Dask cluster on request.

An executor maps a picklable top-level function over jobs and yields the results as they finish
(in any order); the sweep writes each to the store at once. Local workers die with the sweep's
process, whatever ends it, and are killed at once when the sweep stops early (an error, ``Ctrl-C``,
``SIGTERM``): see :mod:`neuromanifold.processes`. Text forms (``--executor``):

- ``local`` (default): one process per CPU core (``local:N`` for N processes);
- ``serial``: in this process, one job after another;
- ``dask://HOST:PORT``: the scheduler of a running Dask cluster (needs ``distributed``, an
  optional dependency: ``pip install 'neuromanifold[dask]'``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import as_completed
from typing import Any, Protocol

from neuromanifold.errors import InputError
from neuromanifold.processes import worker_pool

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "parse_executor"]

_HINT = "'local', 'local:N', 'serial' or 'dask://HOST:PORT'"


class Executor(Protocol):
    """Runs ``fn`` on every item and yields results as they finish."""

    name: str

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Local processes (``workers > 1``) or this process (``workers == 1``).

    Example:
        >>> ex = LocalExecutor(1)
        >>> sorted(ex.map_unordered(abs, [-2, 1]))
        [1, 2]
    """

    def __init__(self, workers: int | None = None) -> None:
        n = (os.cpu_count() or 1) if workers is None else workers
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InputError(f"executor: the number of local workers must be ≥ 1, got {workers!r}")
        self.workers = n
        self.name = "serial" if n == 1 else f"local:{n}"

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(item)`` for every item, as each finishes."""
        items = list(items)
        if self.workers == 1 or len(items) <= 1:
            for item in items:
                yield fn(item)
            return
        with worker_pool(min(self.workers, len(items))) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for fut in as_completed(futures):
                yield fut.result()

    def close(self) -> None:
        """Nothing to release."""


class DaskExecutor:
    """Jobs on a Dask cluster, given its scheduler address ``HOST:PORT``.

    Args:
        address: ``HOST:PORT`` or ``tcp://HOST:PORT`` of the scheduler.
    """

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                "executor: Dask needs the optional dependency 'distributed'; "
                "pip install 'neuromanifold[dask]'"
            ) from None
        target = address if "://" in address else f"tcp://{address}"
        try:
            self._client = Client(target, timeout=10)
        except OSError as err:
            raise InputError(
                f"executor: cannot reach the Dask scheduler at {target} ({err})"
            ) from None
        self.name = f"dask://{address.split('://')[-1]}"

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Submit every item and yield results as they finish."""
        from distributed import as_completed as dask_completed

        futures = self._client.map(fn, list(items), pure=False)
        for fut in dask_completed(futures):
            yield fut.result()

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster keeps running)."""
        self._client.close()


def parse_executor(text: str | None) -> LocalExecutor | DaskExecutor:
    """An executor from its text form (``local``, ``local:N``, ``serial``, ``dask://HOST:PORT``).

    Example:
        >>> parse_executor("serial").name
        'serial'
    """
    raw = (text or "local").strip()
    if raw == "local":
        return LocalExecutor(None)
    if raw == "serial":
        return LocalExecutor(1)
    if raw.startswith("local:"):
        tail = raw.split(":", 1)[1]
        if not tail.isdigit() or int(tail) < 1:
            raise InputError(f"executor: {text!r}: N must be a positive integer; expected {_HINT}")
        return LocalExecutor(int(tail))
    if raw.startswith("dask://"):
        hostport = raw[len("dask://") :]
        host, _, port = hostport.rpartition(":")
        if not host or not port.isdigit():
            raise InputError(f"executor: {text!r} needs a host and a port; expected {_HINT}")
        return DaskExecutor(hostport)
    raise InputError(f"executor: unknown executor {text!r}; expected {_HINT}")
