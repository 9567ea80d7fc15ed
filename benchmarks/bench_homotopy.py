"""Homotopy backend vs msolve vs PHCpack on generic-weight ED problems (one run, ratios printed).

For each case the critical system of $\\sum_i \\lambda_i(\\mu_i(\\theta) - u_i)^2$ (generic
weights, random data, gauge fixed by random affine charts scaled so that the charted parameters
are of size one) is solved

- by our homotopy: monodromy in the weights and weighted data (no expected count given; the
  trace test decides completeness), brought to the data's magnitude by the scaling symmetry,
  one parameter homotopy to the given weights and the integer data, and Krawczyk
  certification of every solution (``generic_solutions(at_weights=False)`` + ``solve``, as
  `count_with_homotopy` does);
- by msolve: `count_solutions` (mod p) on the saturated system (``t * det - 1`` added);
- by ``phc -b`` (PHCpack's blackbox solver, polyhedral homotopy) on the critical equations
  *without* the saturation variable (the system our homotopy tracks), at the weights and data
  divided by their largest entries (the same critical points, scaled: the neurovarieties here
  are cones) with each equation divided by its largest coefficient — with the raw integers
  (coefficients up to 1e16) it reports every solution singular. Run if ``phc`` is on the PATH
  (``--setup`` installs the Debian package ``phcpack``); its regular solutions are printed;

and the re-solve for new data (parameter homotopy from the solved instance + certification)
is compared with a fresh msolve *solve* for that data (`real_solutions`: the rational
parametrization over Q and certified real roots, what msolve does to solve a system; its mod-p
count alone is printed too). ``--big`` adds ``lcn:k=3,3,3:s=3,3,1`` (the Segre P²×P²×P²: 2385
points by the Chern-class formula).

Run: ``python benchmarks/bench_homotopy.py [--setup] [--cases fc:3,1,3 ...] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import flint
import numpy as np

from neuromanifold.algebra import PolynomialSystem, count_solutions, real_solutions
from neuromanifold.algebra.homotopy import ed_problem_parametric
from neuromanifold.algebra.msolve import MsolveTimeoutError
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space.neurovariety import gauge
from neuromanifold.parametrization import symbolic_map

CASES = {
    "3x3 rank 1": ("fc:3,1,3", 39),
    "3x3 rank 2": ("fc:3,2,3", 39),
    "3x4 rank 1": ("fc:4,1,3", 83),
    "4x4 rank 1": ("fc:4,1,4", 284),
    "lcn:k=3,3:s=2,1": ("lcn:k=3,3:s=2,1", 39),
}
BIG = {"lcn:k=3,3,3:s=3,3,1": ("lcn:k=3,3,3:s=3,3,1", 2385)}


def phc_text(system: PolynomialSystem) -> str:
    """The system in PHCpack's input format, each equation divided by its largest coefficient."""
    names = system.variables
    lines = [f"{len(system.equations)} {len(names)}"]
    for f in system.equations:
        terms = [
            (m, Fraction(int(c.p), int(c.q))) for m, c in zip(f.monoms(), f.coeffs(), strict=True)
        ]
        top = max(abs(c) for _, c in terms)
        parts = []
        for mon, c in terms:
            factors = "*".join(
                f"{v}^{e}" if e > 1 else v for v, e in zip(names, mon, strict=True) if e
            )
            parts.append(f"{float(c / top):+.17e}" + (f"*{factors}" if factors else ""))
        lines.append(" ".join(parts) + ";")
    return "\n".join(lines) + "\n"


def phc_instance(problem) -> PolynomialSystem:
    """The critical equations at (λ, λ∘u) / their largest entries: same points, scaled."""
    lam, u = problem.weight_values, problem.data
    top_l, top_u = max(lam), max(abs(v) for v in u)
    values = [Fraction(v, top_l) for v in lam] + [
        Fraction(a * b, top_l * top_u) for a, b in zip(lam, u, strict=True)
    ]
    return problem.system.substitute(dict(zip(problem.system.parameters, values, strict=True)))


def balanced(charts: tuple[flint.fmpq_mpoly, ...]) -> tuple[flint.fmpq_mpoly, ...]:
    """Charts ℓ(θ) = 1 with integer coefficients up to 1e4 moved to ℓ(θ) = ±max|coeff|.

    Still random affine charts of the same gauge groups (the gauge acts by rescaling, or by
    GL_r, and the right-hand side only picks another slice), but the charted parameters are
    of size one instead of 1e-4, which the other layer would absorb as 1e4.
    """
    out = []
    for f in charts:
        linear = [abs(c) for m, c in zip(f.monoms(), f.coeffs(), strict=True) if sum(m) == 1]
        const = [c for m, c in zip(f.monoms(), f.coeffs(), strict=True) if sum(m) == 0]
        if not const:  # a homogeneous condition (off-diagonal of the GL_r chart): unchanged
            out.append(f)
            continue
        c0 = const[0]
        out.append(f - c0 + (max(linear) if c0 > 0 else -max(linear)))
    return tuple(out)


def run_phc(system: PolynomialSystem, timeout: float) -> tuple[float, int | None, str]:
    """Wall seconds of ``phc -b`` (negative: the time limit), its regular solutions, and its
    output file's text (or why it did not run)."""
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
        return seconds, count, text


def timed_count(system: PolynomialSystem, args) -> tuple[int | None, float]:
    """msolve's count and seconds; on its time limit (None, -limit): a lower bound on its time;
    (None, nan) when msolve is skipped."""
    if args.no_msolve:
        return None, float("nan")
    t0 = time.perf_counter()
    try:
        return count_solutions(system, timeout=args.msolve_timeout).n_solutions, (
            time.perf_counter() - t0
        )
    except MsolveTimeoutError:
        return None, -args.msolve_timeout


def timed_solve(system: PolynomialSystem, args) -> tuple[int | None, int | None, float]:
    """msolve's solve over Q: (complex count, real count, seconds), or lower bound on timeout."""
    if args.no_msolve:
        return None, None, float("nan")
    t0 = time.perf_counter()
    try:
        sols = real_solutions(system, timeout=args.solve_timeout)
    except MsolveTimeoutError:
        return None, None, -args.solve_timeout
    return sols.n_complex, sols.n_real, time.perf_counter() - t0


def seconds(t: float) -> str:
    """A time or ratio; negative values are lower bounds (a time limit was hit)."""
    if np.isnan(t):
        return "-"
    return f">{-t:.1f}" if t < 0 else f"{t:.2f}"


def problem_for(text: str, seed: int):
    arch = parse_architecture(text).minimal()
    phi, names = symbolic_map(arch)
    return ed_problem_parametric(
        phi, names, constraints=balanced(gauge(arch, seed=seed)), weights="generic", seed=seed
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true", help="apt-get install -y phcpack first")
    parser.add_argument("--cases", nargs="*", default=list(CASES), help="case names")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--phc-timeout", type=float, default=600.0)
    parser.add_argument("--no-phc", action="store_true")
    parser.add_argument("--no-msolve", action="store_true", help="skip msolve (slow when big)")
    parser.add_argument("--msolve-timeout", type=float, default=600.0, help="count mod p")
    parser.add_argument(
        "--solve-timeout", type=float, default=120.0, help="msolve's solve over Q (4x4: ~9 min)"
    )
    parser.add_argument("--big", action="store_true", help="add the 2385-point Segre case")
    args = parser.parse_args()
    cases = dict(CASES, **BIG)
    names = list(args.cases) + ([*BIG] if args.big else [])
    if args.setup and shutil.which("phc") is None:
        subprocess.run(["apt-get", "install", "-y", "phcpack"], check=False)
    header = (
        f"{'case':<20}{'exp':>5}{'ours':>6}{'cert':>6}{'fail':>5}{'t_ours':>8}{'t_mscount':>10}"
        f"{'phc':>5}{'t_phc':>8}{'phc/ours':>9}{'t_move':>8}{'t_mscount2':>11}{'t_mssolve2':>11}"
        f"{'solve2/move':>12}"
    )
    # the compiled kernel is loaded from numba's cache on first use (compiled, ~25 s, on the
    # very first run): done once per session, like starting Julia; not part of any case
    t0 = time.perf_counter()
    warm = problem_for("fc:2,1,2", args.seed)
    warm.solve(warm.generic_solutions())
    print(f"kernel load (once per session, not in t_ours): {time.perf_counter() - t0:.2f} s")
    print(header)
    for name in names:
        text, expected = cases[name]
        problem = problem_for(text, args.seed)
        t0 = time.perf_counter()
        generic = problem.generic_solutions(at_weights=False)
        result = problem.solve(generic)
        t_ours = time.perf_counter() - t0
        cert = result.certification
        n_cert = 0 if cert is None else cert.n_certified
        exact, t_msolve = timed_count(problem.saturated_system(), args)
        if args.no_phc:
            t_phc, n_phc = float("nan"), None
        else:
            t_phc, n_phc, _ = run_phc(phc_instance(problem), args.phc_timeout)
        rng = np.random.default_rng([args.seed, 99])
        data = [int(v) for v in rng.integers(-(10**6), 10**6, size=len(problem.data))]
        t0 = time.perf_counter()
        moved = problem.solve(generic, data)
        t_move = time.perf_counter() - t0
        sat2 = problem.saturated_system(data)
        exact2, t_ms2 = timed_count(sat2, args)
        solved2, real2, t_solve2 = timed_solve(sat2, args)
        fails = result.failures + moved.failures
        flag = (
            ""
            if result.n_solutions == expected
            and exact in (None, expected)
            and exact2 in (None, moved.n_solutions)
            and solved2 in (None, moved.n_solutions)
            and real2 in (None, moved.n_real)
            else " MISMATCH"
        )
        print(
            f"{name:<20}{expected:>5}{result.n_solutions:>6}{n_cert:>6}{fails:>5}{t_ours:>8.2f}"
            f"{seconds(t_msolve):>10}{n_phc if n_phc is not None else '-':>5}{seconds(t_phc):>8}"
            f"{seconds(t_phc / t_ours):>9}{t_move:>8.2f}{seconds(t_ms2):>11}"
            f"{seconds(t_solve2):>11}{seconds(t_solve2 / t_move):>12}{flag}"
        )
        print(
            f"  real {result.n_real}; moved: {moved.n_solutions} ({moved.n_real} real; msolve "
            f"{exact2} complex, {real2} real), {moved.certification}; evidence: "
            f"{result.completeness}"
        )


if __name__ == "__main__":
    main()
