"""Child processes that end with this one: msolve and pool workers never outlive the command.

A command killed by any signal must leave no process and no temporary folder behind. Three
mechanisms do it:

- **The kernel kills the child.** On Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` in the child asks
  the kernel to send it ``SIGKILL`` when its parent ends, even when the parent itself is killed
  with ``SIGKILL`` (:func:`die_with_parent`, the initializer of a pool worker; for a program,
  :func:`guarded_command` runs it through util-linux's ``setpriv --pdeathsig KILL``, which
  keeps the fast ``vfork`` start — a ``preexec_fn`` forces a full ``fork`` of this process,
  ~10 ms per child — and falls back to ``preexec_fn`` where ``setpriv`` is missing). Elsewhere a pool worker runs a watchdog thread that exits when its parent's
  pid changes (it is re-parented); a program started with ``exec`` gets no such guard there.
- **Leaving a pool by an exception kills its workers at once** (:func:`worker_pool`), instead of
  waiting for the jobs they are running, so ``Ctrl-C`` ends a sweep within a second.
- **SIGTERM and SIGHUP become** ``SystemExit`` in the command line (:func:`exit_on_termination`),
  so ``finally`` blocks and context managers run: temporary folders are removed and children
  killed, as on ``Ctrl-C`` (``KeyboardInterrupt``).

References:
    prctl(2), ``PR_SET_PDEATHSIG``; Python's :mod:`concurrent.futures` (process pools).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded by worker_pool: multiprocessing costs start-up time
    from concurrent.futures import ProcessPoolExecutor

__all__ = [
    "bind_worker",
    "die_with_parent",
    "exit_on_termination",
    "guarded_command",
    "prepare",
    "terminate_pool",
    "worker_pool",
]

_PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, resolved in the parent (a forked child only calls it), or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: ~1 ms of every command's start-up otherwise

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return None


def die_with_parent(parent: int) -> bool:
    """In a child process: be killed (``SIGKILL``) when the parent ``parent`` ends.

    Safe as a subprocess's ``preexec_fn`` (no thread, no allocation beyond the call); resolve
    the function first in the parent with :func:`prepare`. When the parent has already ended
    (it died between the fork and this call), the child kills itself.

    Args:
        parent: the pid of the parent, read before the child was created (``os.getpid()``).

    Returns:
        True when the kernel will kill this process with its parent (Linux), False when this
        platform has no such mechanism.

    Example:
        >>> import subprocess, sys, os, functools
        >>> guard = functools.partial(die_with_parent, prepare())
        >>> subprocess.run([sys.executable, "-c", "pass"], preexec_fn=guard).returncode
        0
    """
    prctl = _prctl()
    supported = prctl is not None and prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return supported


def prepare() -> int:
    """In the parent, before creating a child: resolve ``prctl`` and return this process's pid.

    Example:
        >>> prepare() == os.getpid()
        True
    """
    _prctl()
    return os.getpid()


#: Run by ``setpriv`` after it set the parent-death signal: go on only if the parent that
#: started us (``$0``) is still our parent, i.e. it did not end before the signal was armed.
_CHECK_PARENT = '[ "$PPID" = "$0" ] && exec "$@"; exit 137'


@functools.cache
def _setpriv() -> str | None:
    """util-linux's ``setpriv`` if it sets the parent-death signal here (Linux), else None."""
    path = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    sh = shutil.which("sh")
    if path is None or sh is None:
        return None
    try:
        done = subprocess.run(
            [path, "--pdeathsig", "KILL", "--", sh, "-c", "exit 0"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # pragma: no cover - a broken setpriv
        return None
    return path if done.returncode == 0 else None


def guarded_command(cmd: Sequence[str]) -> tuple[list[str], Callable[[], object] | None]:
    """A command and a ``preexec_fn`` such that the program dies with this process.

    With ``setpriv`` (Linux, util-linux ≥ 2.33): ``setpriv --pdeathsig KILL -- sh -c CHECK pid
    cmd…``, where ``CHECK`` execs ``cmd`` only if ``pid`` (this process) is still the parent —
    it closes the window in which the parent could end before the signal is armed, as
    :func:`die_with_parent` does — and no ``preexec_fn`` (the child starts by ``vfork``). The
    program keeps the child's pid (each step is an ``exec``). Else the command unchanged and
    :func:`die_with_parent` as ``preexec_fn``.

    Example:
        >>> cmd, pre = guarded_command([sys.executable, "-c", "pass"])
        >>> subprocess.run(cmd, preexec_fn=pre).returncode
        0
    """
    setpriv = _setpriv()
    if setpriv is None:
        return list(cmd), functools.partial(die_with_parent, prepare())
    sh = shutil.which("sh") or "/bin/sh"
    prefix = [setpriv, "--pdeathsig", "KILL", "--", sh, "-c", _CHECK_PARENT, str(os.getpid())]
    return [*prefix, *cmd], None


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def bind_worker(parent: int) -> None:
    """Initializer of a pool worker: die with the parent, leave signals to the parent.

    The worker ignores ``SIGINT`` (a ``Ctrl-C`` reaches the whole process group; the parent
    decides and stops the workers) and takes the default action on ``SIGTERM`` (a handler
    inherited through ``fork`` would turn it into an exception the pool reports as a job's).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not die_with_parent(parent):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def terminate_pool(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's workers now, cancel its queued jobs and release it (no waiting for jobs).

    Example:
        >>> from concurrent.futures import ProcessPoolExecutor
        >>> pool = ProcessPoolExecutor(1)
        >>> pool.submit(abs, -1).result()
        1
        >>> terminate_pool(pool)
    """
    # Python 3.14 has ProcessPoolExecutor.kill_workers(); before it, the pool's own table.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(timeout=5)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers die with this process.

    Left normally, it waits for its jobs (as ``with ProcessPoolExecutor(...)``); left by an
    exception (``KeyboardInterrupt``, ``SystemExit`` from :func:`exit_on_termination`, a failed
    job, a closed generator), it kills the workers at once and re-raises.

    Example:
        >>> with worker_pool(2) as pool:
        ...     sorted(pool.map(abs, [-2, 1]))
        [1, 2]
    """
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, initializer=bind_worker, initargs=(prepare(),))
    try:
        yield pool
    except BaseException:
        terminate_pool(pool)
        raise
    pool.shutdown(wait=True)


def _exit(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def exit_on_termination() -> Callable[[], None]:
    """Turn ``SIGTERM`` and ``SIGHUP`` into ``SystemExit(128 + signal)`` in the main thread.

    Returns:
        A function that restores the previous handlers (a no-op outside the main thread, where
        handlers cannot be installed).

    Example:
        >>> restore = exit_on_termination()
        >>> signal.getsignal(signal.SIGTERM) is _exit
        True
        >>> restore()
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {s: signal.signal(s, _exit) for s in wanted}

    def restore() -> None:
        for s, handler in previous.items():
            signal.signal(s, handler)

    return restore
