"""Benchmark (critical points): all critical points of two strided LCNs, end to end.

For ``lcn:k=3,3:s=2,1`` (Segre P²×P², 39 complex critical points) and ``lcn:k=2,2,2:s=2,2,1``
(P¹×P¹×P¹, 34) with regression data (``k + 2`` small-integer samples), time
:func:`neuromanifold.critical_points.critical_points` end to end (function space and parameter
space: counts mod two primes, certified real isolation over ℚ, classification), the total time
spent inside msolve, and one raw msolve call: the real isolation of the smooth-locus critical
system alone (the single solve a user would run by hand). The ratio end-to-end / raw solve is the
overhead of doing everything (two spaces, two primes, strata, Hessians, certification).

Run: python benchmarks/bench_critical_points.py [--seeds 0 1 2]
"""

from __future__ import annotations

import argparse
import time

from neuromanifold.algebra import real_solutions
from neuromanifold.architectures import parse_architecture
from neuromanifold.critical_points import critical_points, critical_system, loci
from neuromanifold.losses import QuadraticLoss

CASES = ["lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    print(
        f"{'architecture':<22} {'seed':>4} {'complex':>7} {'real':>5} {'end-to-end s':>12} "
        f"{'in msolve s':>11} {'raw solve s':>11} {'ratio':>6}"
    )
    for text in CASES:
        arch = parse_architecture(text)
        for seed in args.seeds:
            loss = QuadraticLoss.regression(arch, arch.ambient_dim + 2, seed=seed)
            start = time.perf_counter()
            cp = critical_points(arch, loss, seed=seed)
            total = time.perf_counter() - start
            top = loci(arch, seed=seed, loss=loss)[0]
            cs = critical_system(loss, top.phi, top.names, top.gauge, saturate=True, seed=seed)
            start = time.perf_counter()
            real_solutions(cs.system)
            raw = time.perf_counter() - start
            fs = cp.to_dict()["function_space"]
            assert isinstance(fs, dict)
            print(
                f"{text:<22} {seed:>4} {fs['n_complex']:>7} {fs['n_real']:>5} {total:>12.3f} "
                f"{cp.msolve_seconds:>11.3f} {raw:>11.3f} {total / raw:>6.1f}"
            )


if __name__ == "__main__":
    main()
