"""Homotopy backend vs msolve vs PHCpack on generic-weight ED problems (one run, ratios printed).

For each case the critical system of $\\sum_i \\lambda_i(\\mu_i(\\theta) - u_i)^2$ (generic
weights, random data, gauge fixed by charts) is solved

- by our homotopy: monodromy in the weights and weighted data (no expected count given; the
  trace test decides completeness), a staged move to a generic point of the data's magnitude,
  a parameter homotopy to the integer data and Krawczyk certification of every solution;
- by msolve: `count_solutions` (mod p) on the saturated system (``t * det - 1`` added);
- by ``phc -b`` (PHCpack's blackbox solver, polyhedral homotopy) on the critical equations at
  the data *without* the saturation variable (the system our homotopy tracks), if ``phc`` is on
  the PATH (``--setup`` installs the Debian package ``phcpack``); its count of regular
  solutions is printed beside its time;

and the re-solve for new data (parameter homotopy from the solved instance + certification)
is compared with a fresh msolve count for that data. ``--big`` adds
``lcn:k=3,3,3:s=3,3,1`` (the Segre P²×P²×P²: 2385 points by the Chern-class formula).

Run: ``python benchmarks/bench_homotopy.py [--setup] [--cases fc:3,1,3 ...] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from neuromanifold.algebra import PolynomialSystem, count_solutions
from neuromanifold.algebra.homotopy import ed_problem_parametric
from neuromanifold.algebra.msolve import MsolveTimeoutError
from neuromanifold.architectures import FullyConnected, parse_architecture
from neuromanifold.function_space.neurovariety import _gauge, _reduced_fc, symbolic_map

CASES = {
    "3x3 rank 1": ("fc:3,1,3", 39),
    "3x3 rank 2": ("fc:3,2,3", 39),
    "3x4 rank 1": ("fc:4,1,3", 83),
    "4x4 rank 1": ("fc:4,1,4", 284),
    "lcn:k=3,3:s=2,1": ("lcn:k=3,3:s=2,1", 39),
}
BIG = {"lcn:k=3,3,3:s=3,3,1": ("lcn:k=3,3,3:s=3,3,1", 2385)}


def phc_text(system: PolynomialSystem) -> str:
    """The system in PHCpack's input format (integer coefficients, ``*`` and ``^``)."""
    eqs = system.integer_equations()
    lines = [f"{len(eqs)} {system.nvars}"]
    for f in eqs:
        lines.append(str(f).replace("**", "^") + ";")
    return "\n".join(lines) + "\n"


def run_phc(system: PolynomialSystem, timeout: float) -> tuple[float, int | None, str]:
    phc = shutil.which("phc")
    if phc is None:
        return float("nan"), None, "phc not installed (run with --setup)"
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.phc", Path(tmp) / "out.phc"
        src.write_text(phc_text(system))
        start = time.perf_counter()
        try:
            subprocess.run(
                [phc, "-b", str(src), str(out)], capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return -timeout, None, f"timeout {timeout:.0f} s"  # negative: a lower bound
        seconds = time.perf_counter() - start
        text = out.read_text() if out.exists() else ""
        found = re.findall(r"Number of regular solutions\s*:\s*(\d+)", text)
        count = int(found[-1]) if found else None
        return seconds, count, ""


def timed_count(system: PolynomialSystem, fallback: int, args) -> tuple[int | None, float]:
    """msolve's count and seconds; on its time limit (None, -limit): a lower bound on its time."""
    if args.no_msolve:
        return fallback, float("nan")
    t0 = time.perf_counter()
    try:
        return count_solutions(system, timeout=args.msolve_timeout).n_solutions, (
            time.perf_counter() - t0
        )
    except MsolveTimeoutError:
        return None, -args.msolve_timeout


def seconds(t: float) -> str:
    """A time or ratio; negative values are lower bounds (a time limit was hit)."""
    if np.isnan(t):
        return "-"
    return f">{-t:.1f}" if t < 0 else f"{t:.2f}"


def problem_for(text: str, seed: int):
    arch = parse_architecture(text)
    if isinstance(arch, FullyConnected):
        arch = _reduced_fc(arch)
    phi, names = symbolic_map(arch)
    return ed_problem_parametric(
        phi, names, constraints=_gauge(arch, names, seed), weights="generic", seed=seed
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true", help="apt-get install -y phcpack first")
    parser.add_argument("--cases", nargs="*", default=list(CASES), help="case names")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--phc-timeout", type=float, default=600.0)
    parser.add_argument("--no-phc", action="store_true")
    parser.add_argument("--no-msolve", action="store_true", help="skip msolve (slow when big)")
    parser.add_argument("--msolve-timeout", type=float, default=600.0)
    parser.add_argument("--big", action="store_true", help="add the 2385-point Segre case")
    args = parser.parse_args()
    cases = dict(CASES, **BIG)
    names = list(args.cases) + ([*BIG] if args.big else [])
    if args.setup and shutil.which("phc") is None:
        subprocess.run(["apt-get", "install", "-y", "phcpack"], check=False)
    header = (
        f"{'case':<20}{'exp':>5}{'ours':>6}{'cert':>6}{'fail':>5}{'t_ours':>8}{'t_msolve':>9}"
        f"{'phc':>6}{'t_phc':>8}{'phc/ours':>9}{'t_move':>8}{'t_msolve2':>10}{'ms2/move':>9}"
    )
    print(header)
    for name in names:
        text, expected = cases[name]
        problem = problem_for(text, args.seed)
        t0 = time.perf_counter()
        generic = problem.generic_solutions()
        result = problem.solve(generic)
        t_ours = time.perf_counter() - t0
        cert = result.certification
        n_cert = 0 if cert is None else cert.n_certified
        saturated = problem.saturated_system()
        t0 = time.perf_counter()
        exact, t_msolve = timed_count(saturated, expected, args)
        if args.no_phc:
            t_phc, n_phc = float("nan"), None
        else:
            plain = problem.system.substitute(
                dict(zip(problem.system.parameters, problem.target(), strict=True))
            )
            t_phc, n_phc, _ = run_phc(plain, args.phc_timeout)
        rng = np.random.default_rng([args.seed, 99])
        data = [int(v) for v in rng.integers(-(10**6), 10**6, size=len(problem.data))]
        t0 = time.perf_counter()
        moved = problem.solve(generic, data)
        t_move = time.perf_counter() - t0
        sat2 = problem.saturated_system(data)
        t0 = time.perf_counter()
        exact2, t_ms2 = timed_count(sat2, moved.n_solutions, args)
        fails = result.failures + moved.failures
        flag = (
            ""
            if result.n_solutions == expected
            and exact in (None, expected)
            and exact2 in (None, moved.n_solutions)
            else " MISMATCH"
        )
        print(
            f"{name:<20}{expected:>5}{result.n_solutions:>6}{n_cert:>6}{fails:>5}{t_ours:>8.2f}"
            f"{seconds(t_msolve):>9}{n_phc if n_phc is not None else '-':>6}{seconds(t_phc):>8}"
            f"{seconds(t_phc / t_ours):>9}{t_move:>8.2f}{seconds(t_ms2):>10}"
            f"{seconds(t_ms2 / t_move):>9}{flag}"
        )
        print(
            f"  real {result.n_real}; moved: {moved.n_solutions} ({exact2} msolve), "
            f"{moved.certification}; evidence: {result.completeness}"
        )


if __name__ == "__main__":
    main()
