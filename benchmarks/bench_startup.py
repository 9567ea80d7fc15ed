"""Command start-up: this tree against a git revision of it, side by side, runs interleaved.

Run: python benchmarks/bench_startup.py [--baseline REV] [--runs N]

Issue 15 asked that the consolidation leave every path as fast as before; the short commands are
dominated by imports, so this measures them end to end (a fresh interpreter per run, bytecode
cached for both trees in their own cache directory, the first run of each discarded). The
baseline's sources come from ``git worktree add --detach`` of ``REV`` into a temporary directory
(removed afterwards); both trees run on this interpreter, so only the package's code differs.
Runs of the two trees alternate, which spreads a drifting machine load over both; the figures
are medians of ``--runs`` wall times and of CPU times (user + system of the child, less
sensitive to other processes on the machine), and the ratios are baseline / ours (above 1: ours
starts faster). The number of the package's modules each command imports is printed too
(exact, load-independent).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Commands timed (arguments of ``python -m neuromanifold.cli``).
COMMANDS = (
    ("--help",),
    ("describe", "fc:3,2,3"),
    ("describe", "lcn:k=3,2:s=2,1"),
    ("ed-degree", "--variety", "y^2 - x^3"),
    ("contains", "lcn:k=2,2", "--function", "1,2,1"),
)


def run(
    src: Path, args: tuple[str, ...], cache: str, *, count: bool = False
) -> tuple[float, float, int]:
    """Wall and CPU seconds of one command from a fresh interpreter, and (``count``: in a run
    under ``-X importtime``, whose bookkeeping grows with the imports, so not a timed one) the
    package modules it imported."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    flags = ["-X", "importtime"] if count else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, *flags, "-m", "neuromanifold.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    ours = sum(
        1
        for line in out.stderr.splitlines()
        if line.startswith("import time:") and "neuromanifold" in line
    )
    return seconds, cpu, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="fa05d42", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), args.baseline],
            check=True,
        )
        try:
            trees = {
                "ours": (ROOT / "src", f"{tmp}/pyc-ours"),
                "base": (base / "src", f"{tmp}/pyc-base"),
            }
            load = os.getloadavg()[0]
            print(f"baseline {args.baseline}; {args.runs} interleaved runs each; load {load:.2f}")
            print(
                f"{'command':<40}{'wall: ours':>11}{'base':>7}{'base/ours':>10}"
                f"{'CPU: ours':>10}{'base':>7}{'base/ours':>10}{'modules':>9}"
            )
            for command in COMMANDS:
                wall: dict[str, list[float]] = {"ours": [], "base": []}
                cpu: dict[str, list[float]] = {"ours": [], "base": []}
                modules: dict[str, int] = {}
                for i in range(args.runs + 1):
                    for name, (src, cache) in trees.items():
                        # the first run of each fills its bytecode cache and counts modules
                        seconds, used, count = run(src, command, cache, count=not i)
                        if i:
                            wall[name].append(seconds)
                            cpu[name].append(used)
                        else:
                            modules[name] = count
                w = {k: statistics.median(v) for k, v in wall.items()}
                c = {k: statistics.median(v) for k, v in cpu.items()}
                print(
                    f"{' '.join(command):<40}{w['ours']:>11.3f}{w['base']:>7.3f}"
                    f"{w['base'] / w['ours']:>10.2f}{c['ours']:>10.3f}{c['base']:>7.3f}"
                    f"{c['base'] / c['ours']:>10.2f}{modules['ours']:>5}/{modules['base']}"
                )
            print(f"load after {os.getloadavg()[0]:.2f}")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False
            )


if __name__ == "__main__":
    main()
