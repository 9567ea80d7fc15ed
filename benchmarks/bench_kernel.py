"""The compiled path-tracking kernel per step (issue 17), against the numpy tracker.

Records every `track` call that ``ed_degree(arch, weights="generic", backend="homotopy")`` makes
(monodromy loops, the parameter homotopy, retracks), then replays the same calls - same
homotopies, start points and options - through the compiled kernel
(`neuromanifold.algebra.homotopy.kernel`, one thread: ``SERIAL_BELOW`` raised for the replay,
so the figures are per core) and through the numpy tracker (``compiled=False``: the same
predictor-corrector, vectorized across paths), median process time of ``--repeat`` runs, with
the load average. Printed per rung: paths, steps, steps per path, the share of steps spent in
paths that stopped at their step limit (``max_steps``; for a monodromy loop path also the
stall check at `monodromy._STALL_CHECK` steps, after which a path past the middle of its
segment goes on as a second recorded path), µs per step of the kernel, the numpy tracker's
time and the ratio, and whether both reached t = 1 on the same paths.

    python benchmarks/bench_kernel.py [--repeat K] [--no-numpy] [ARCH ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import time

import numpy as np

import neuromanifold.algebra.homotopy.ed_problem as ed_problem_module
import neuromanifold.algebra.homotopy.monodromy as monodromy_module
import neuromanifold.algebra.homotopy.solve as solve_module
from neuromanifold import ed_degree
from neuromanifold.algebra.homotopy import kernel, tracker

LADDER = ("lcn:k=2,2:s=2,1", "lcn:k=2,2,2:s=2,2,1", "fc:3,1,3", "fc:4,1,3", "fc:3,2,4", "fc:4,1,4")
_MODULES = (ed_problem_module, monodromy_module, solve_module)


def record(arch: str) -> list[tuple]:
    """The (homotopy, start, options, paths) of every track call of one homotopy solve."""
    calls: list[tuple] = []
    original = tracker.track

    def recording(homotopy, start, options=None, paths=None):
        calls.append((homotopy, np.array(start), options or tracker.TrackerOptions(), paths))
        return original(homotopy, start, options, paths)

    for module in _MODULES:
        module.track = recording  # type: ignore[attr-defined]
    try:
        result = ed_degree(arch, weights="generic", seed=0, real=True, backend="homotopy")
    finally:
        for module in _MODULES:
            module.track = original  # type: ignore[attr-defined]
    print(f"{arch}: {result.ed_degree} solutions, certified {result.certified}")
    return calls


def replay(calls: list[tuple], compiled: bool, repeat: int) -> tuple[float, list]:
    """Median process time of tracking every recorded call, and the last run's outputs."""
    times, outs = [], []
    for _ in range(repeat):
        start = time.process_time()
        outs = [
            tracker.track(hom, x, dataclasses.replace(opts, compiled=compiled), paths)
            for hom, x, opts, paths in calls
        ]
        times.append(time.process_time() - start)
    return statistics.median(times), outs


def main() -> None:
    parser = argparse.ArgumentParser(description="The compiled tracking kernel per step.")
    parser.add_argument("arch", nargs="*", default=list(LADDER))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-numpy", action="store_true", help="skip the numpy tracker")
    args = parser.parse_args()
    if not kernel.AVAILABLE:
        raise SystemExit("numba is not installed: pip install 'neuromanifold[homotopy]'")
    ed_degree("fc:2,1,2", weights="generic", backend="homotopy")  # compile / load the kernel
    serial_below = kernel.SERIAL_BELOW  # production batches recorded; one thread for the replay
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    header = "arch                   paths  steps  /path  stuck  kernel s  us/step  numpy s   ratio  same"
    print(header)
    for arch in args.arch:
        calls = record(arch)
        kernel.SERIAL_BELOW = 1 << 30
        try:
            t_kernel, fast = replay(calls, True, args.repeat)
        finally:
            kernel.SERIAL_BELOW = serial_below
        t_numpy, slow = replay(calls, False, 1) if not args.no_numpy else (np.nan, fast)
        steps = np.concatenate([out.steps for out in fast])
        status = np.concatenate([out.status for out in fast])
        stuck = steps[status == tracker.PathStatus.MAX_STEPS].sum() / steps.sum()
        same = (
            "n/a"
            if args.no_numpy
            else all(
                np.array_equal(
                    a.status == tracker.PathStatus.SUCCESS, b.status == tracker.PathStatus.SUCCESS
                )
                for a, b in zip(fast, slow, strict=True)
            )
        )
        print(
            f"{arch:22} {steps.size:5} {steps.sum():6} {steps.mean():6.1f} {stuck:6.0%} "
            f"{t_kernel:9.3f} {1e6 * t_kernel / steps.sum():8.2f} {t_numpy:8.2f} "
            f"{t_numpy / t_kernel:7.1f}  {same}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
