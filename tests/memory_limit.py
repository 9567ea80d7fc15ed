"""Run a script in a child process with 1 GiB of address space (everything included)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ONE_GIB_PRELUDE = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"


def run_in_one_gib(script: str, folder: Path) -> list[str]:
    """The words the script prints, run under a 1 GiB limit with ``folder`` importable.

    BLAS is kept to one thread (its per-thread buffers would count against the limit)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(folder), *sys.path])
    run = subprocess.run(
        [sys.executable, "-c", ONE_GIB_PRELUDE + script],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout.split()
