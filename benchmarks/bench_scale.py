"""Algebra at scale (issue 17): a ladder of ED problems from 3 to 2385 solutions, one run, ratios.

Each rung is answered by the default command's verb, `ed_degree(arch, weights=..., real=True)`
with ``backend="auto"`` (which route ran is printed), and checked against its closed form
(Eckart–Young C(min(m,n), r) for unit weights; the Segre Chern-class formula, directly or by
duality, for generic weights and strided LCNs). In the same run, on the same critical equations
(the `neuromanifold.algebra.homotopy.EDProblem` of the verb's own `DistanceProblem`: same seed,
weights, data and charts):

- msolve's count mod p of the saturated system (``t * det - 1`` added), and msolve's real solve
  over Q (`real_solutions`, ``-P 1``) whose real count cross-checks ours;
- ``phc -b`` (PHCpack's blackbox solver) on the critical equations at the data
  (`bench_homotopy.phc_instance`); ``--setup`` installs the Debian package ``phcpack``.

Times past a limit print as ``>limit`` (lower bounds); ratios are baseline / ours. Rungs above
``--max-solutions`` (default 300) are skipped: ``--max-solutions 3000`` runs the whole ladder.

    python benchmarks/bench_scale.py [--setup] [--max-solutions N] [--no-phc] [--no-msolve]
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_homotopy import phc_instance, run_phc, seconds, timed_count, timed_solve
from neuromanifold.algebra.distance import DistanceProblem, ParametrizedVariety
from neuromanifold.algebra.homotopy import ed_problem
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space.neurovariety import gauge
from neuromanifold.metric.ed_degree import ed_degree, known_count
from neuromanifold.parametrization import symbolic_map

#: (architecture, weights): the ladder, smallest first.
LADDER = (
    ("fc:3,1,3", "unit"),
    ("fc:4,2,5", "unit"),
    ("fc:5,2,5", "unit"),
    ("lcn:k=2,2:s=2,1", "generic"),
    ("lcn:k=2,2,2:s=2,2,1", "generic"),
    ("fc:3,1,3", "generic"),
    ("fc:4,1,3", "generic"),
    ("fc:3,2,4", "generic"),
    ("fc:4,1,4", "generic"),
    ("fc:5,1,5", "generic"),
    ("lcn:k=3,3,3:s=3,3,1", "generic"),
)


def statement(text: str, weights: str, seed: int) -> DistanceProblem:
    """The verb's own problem for an architecture (same variety, charts, draws)."""
    arch = parse_architecture(text).minimal()
    phi, names = symbolic_map(arch)
    variety = ParametrizedVariety(tuple(phi), tuple(names), constraints=gauge(arch, seed=seed))
    return DistanceProblem(variety, weights, None, seed, subject=text)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true", help="apt-get install -y phcpack first")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-solutions", type=int, default=300, help="skip larger rungs")
    parser.add_argument("--timeout", type=float, default=60.0, help="our verb, per msolve call")
    parser.add_argument("--phc-timeout", type=float, default=300.0)
    parser.add_argument("--skip", nargs="*", default=[], help="architectures to leave out")
    parser.add_argument("--no-phc", action="store_true")
    parser.add_argument("--no-msolve", action="store_true", help="skip the msolve baselines")
    parser.add_argument("--msolve-timeout", type=float, default=120.0, help="count mod p")
    parser.add_argument("--solve-timeout", type=float, default=120.0, help="real solve over Q")
    args = parser.parse_args()
    if args.setup and shutil.which("phc") is None:
        subprocess.run(["apt-get", "install", "-y", "phcpack"], check=False)
    t0 = time.perf_counter()
    ed_degree("fc:2,1,2", weights="generic", backend="homotopy")  # loads the compiled kernel
    print(f"kernel load (once per session, not in t_ours): {time.perf_counter() - t0:.2f} s")
    print(
        f"{'rung':<28}{'exact':>6}{'ours':>6}{'cert':>6}{'real':>6}{'rcert':>6}{'route':>10}"
        f"{'t_ours':>8}{'t_mscount':>10}{'cnt/ours':>9}{'t_msQ':>8}{'Q/ours':>8}{'msQ_real':>9}"
        f"{'t_phc':>8}{'phc/ours':>9}"
    )
    for text, weights in LADDER:
        if text in args.skip:
            print(f"{text + ' ' + weights:<28}  skipped (--skip)")
            continue
        problem = statement(text, weights, args.seed)
        exact, source = known_count(problem, parse_architecture(text).minimal())
        name = f"{text} {weights}"
        if exact is not None and exact > args.max_solutions:
            print(f"{name:<28}{exact:>6}  skipped (above --max-solutions)")
            continue
        t0 = time.perf_counter()
        try:
            ours = ed_degree(text, weights=weights, seed=args.seed, real=True, timeout=args.timeout)
        except Exception as exc:  # a rung that fails is a row, not the end of the ladder
            print(f"{name:<28}{exact or '-':>6}  FAILED: {type(exc).__name__}: {exc}"[:200])
            continue
        t_ours = time.perf_counter() - t0
        family = ed_problem(problem)
        saturated = family.saturated_system()
        _count, t_count = timed_count(saturated, args)
        _n, real_q, t_q = timed_solve(saturated, args)
        if args.no_phc:
            t_phc = float("nan")
        else:
            t_phc, _n_phc, _ = run_phc(phc_instance(family), args.phc_timeout)
        flag = ""
        if exact is not None and ours.ed_degree != exact:
            flag += " COUNT≠CLOSED-FORM"
        if real_q is not None and ours.n_real is not None and real_q != ours.n_real:
            flag += " REAL≠msolve-Q"
        route = "hom" if ours.backend == "homotopy" else ours.backend
        print(
            f"{name:<28}{exact if exact is not None else '-':>6}{ours.ed_degree:>6}"
            f"{ours.certainty[:5]:>6}{ours.n_real if ours.n_real is not None else '-':>6}"
            f"{'yes' if ours.real_certified else 'no':>6}{route:>10}{t_ours:>8.2f}"
            f"{seconds(t_count):>10}{seconds(t_count / t_ours):>9}{seconds(t_q):>8}"
            f"{seconds(t_q / t_ours):>8}{real_q if real_q is not None else '-':>9}"
            f"{seconds(t_phc):>8}{seconds(t_phc / t_ours):>9}{flag}"
        )
        if not math.isnan(t_ours):
            print(f"  {source or 'no closed form'}; {ours.completeness or ours.route[:120]}")


if __name__ == "__main__":
    main()
