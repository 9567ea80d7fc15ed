"""Algebra at scale (issue 17): a ladder of ED problems from 3 to 2385 solutions, one run, ratios.

Each rung is answered by the default command's verb, `ed_degree(arch, weights=..., real=True)`
with ``backend="auto"`` (which route ran is printed), and by the homotopy route itself
(``backend="homotopy"``, timed even where auto picks msolve), each checked against its closed form
(Eckart–Young C(min(m,n), r) for unit weights; the Segre Chern-class formula, directly or by
duality, for generic weights and strided LCNs). In the same run, on the same critical equations
(the `neuromanifold.algebra.homotopy.EDProblem` of the verb's own `DistanceProblem`: same seed,
weights, data and charts):

- msolve's count mod p of the saturated system (``t * det - 1`` added), and msolve's real solve
  over Q (`real_solutions`, ``-P 1``) whose real count cross-checks ours;
- ``phc -b`` (PHCpack's blackbox solver) on the critical equations at the data
  (`bench_homotopy.phc_instance`); ``--setup`` installs the Debian package ``phcpack``.

What is timed: ours (``t_auto``, ``t_hom``) is the in-process call of the verb, from the
architecture's text to the certified result (stating the problem, the fiber count, monodromy,
the parameter homotopy, Krawczyk certification), after the compiled kernel was loaded once for
the session (reported apart); ``t_phc`` is the wall time of the whole ``phc -b`` run (a
subprocess: its start, reading the system, root counting, tracking, writing the solutions) on
the same critical equations; ``phc_reg/sing`` are the numbers of regular and singular solutions
it reports (phc calls solutions of these badly scaled systems singular). Rungs up
to ``--repeat-max`` solutions run ``--repeat`` times (the homotopy and phc; the medians are
printed, the machine being shared), with the load average before and after.

Times past a limit print as ``>limit`` (lower bounds); ratios are baseline / ours. Rungs above
``--max-solutions`` (default 300) are skipped: ``--max-solutions 3000`` runs the whole ladder.

    python benchmarks/bench_scale.py [--setup] [--max-solutions N] [--no-phc] [--no-msolve]
        [--repeat K] [--repeat-max N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from functools import partial
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
    parser.add_argument("--repeat", type=int, default=5, help="runs of the small rungs (median)")
    parser.add_argument("--repeat-max", type=int, default=100, help="a small rung's solutions")
    args = parser.parse_args()
    if args.setup and shutil.which("phc") is None:
        subprocess.run(["apt-get", "install", "-y", "phcpack"], check=False)
    t0 = time.perf_counter()
    ed_degree("fc:2,1,2", weights="generic", backend="homotopy")  # loads the compiled kernel
    print(
        f"kernel load (once per session, not in t_auto or t_hom): {time.perf_counter() - t0:.2f} s"
    )
    print(f"load average before: {load()}")
    print(
        f"{'rung':<28}{'exact':>6}{'ours':>6}{'cert':>6}{'real':>6}{'rcert':>6}{'route':>10}"
        f"{'t_auto':>8}{'t_hom':>8}{'hom':>5}{'t_mscount':>10}{'t_msQ':>8}{'Q/hom':>8}"
        f"{'msQ_real':>9}{'t_phc':>8}{'phc_reg/sing':>13}{'phc/hom':>8}{'phc/auto':>9}"
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
        runs = args.repeat if exact is not None and exact <= args.repeat_max else 1
        try:
            call = partial(
                ed_degree, text, weights=weights, seed=args.seed, real=True, timeout=args.timeout
            )
            t_ours, ours = timed(call, 1)
            t_hom, hom = timed(partial(call, backend="homotopy"), runs)
        except Exception as exc:  # a rung that fails is a row, not the end of the ladder
            print(f"{name:<28}{exact or '-':>6}  FAILED: {type(exc).__name__}: {exc}"[:200])
            continue
        family = ed_problem(problem)
        saturated = family.saturated_system()
        _count, t_count = timed_count(saturated, args)
        _n, real_q, t_q = timed_solve(saturated, args)
        t_phc, n_phc = float("nan"), None
        if not args.no_phc:
            instance = phc_instance(family)
            phc_runs = [run_phc(instance, args.phc_timeout)]
            while len(phc_runs) < runs and phc_runs[0][0] >= 0:  # no repeats past the limit
                phc_runs.append(run_phc(instance, args.phc_timeout))
            t_phc = statistics.median(t for t, _, _ in phc_runs)
            n_phc = phc_count(phc_runs[0][2])
        flag = ""
        for result in (ours, hom):
            if exact is not None and result.ed_degree != exact:
                flag += f" {result.backend}: COUNT≠CLOSED-FORM"
            if real_q is not None and result.n_real is not None and real_q != result.n_real:
                flag += f" {result.backend}: REAL≠msolve-Q"
        if hom.backend != "homotopy":
            flag += f" (backend=homotopy ran {hom.backend})"
        route = "hom" if ours.backend == "homotopy" else ours.backend
        print(
            f"{name:<28}{exact if exact is not None else '-':>6}{ours.ed_degree:>6}"
            f"{ours.certainty[:5]:>6}{ours.n_real if ours.n_real is not None else '-':>6}"
            f"{'yes' if ours.real_certified else 'no':>6}{route:>10}{t_ours:>8.3f}"
            f"{t_hom:>8.3f}{hom.ed_degree:>5}{seconds(t_count):>10}{seconds(t_q):>8}"
            f"{seconds(t_q / t_hom):>8}{real_q if real_q is not None else '-':>9}"
            f"{seconds(t_phc):>8}{n_phc if n_phc is not None else '-':>13}"
            f"{seconds(t_phc / t_hom):>8}{seconds(t_phc / t_ours):>9}{flag}"
        )
        median = f" (median of {runs} runs of the homotopy and of phc)" if runs > 1 else ""
        print(f"  {source or 'no closed form'}; {ours.completeness or ours.route[:120]}{median}")
    print(f"load average after: {load()}")


def phc_count(report: str) -> str:
    """phc's regular/singular solution counts (``-`` when it printed none)."""
    found = [re.findall(rf"Number of {kind} solutions\s*:\s*(\d+)", report) for kind in KINDS]
    return "/".join(f[-1] if f else "-" for f in found)


KINDS = ("regular", "singular")


def timed(run, repeat: int):
    """The median wall time of ``repeat`` calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def load() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared)."""
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
