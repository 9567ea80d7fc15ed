"""Benchmark (issue 3): generic-weight ED problems, our route vs msolve by hand vs phc -b / Macaulay2.

Cases: rank ≤ 1 and rank ≤ 2 in 3×3 matrices (39 each, implicit route on the minors) and the
neurovariety of lcn:k=3,3:s=2,1 (39, parametric route). For each case:
  * ours: the library call end to end (system construction, two primes, checks), warm process;
  * msolve by hand: the very system our route counts, written once to a file and solved by one
    `msolve -P 1` call over one prime (what a user would run by hand);
  * phc -b (PHCpack) on the same system, where installed (`--setup` installs Debian's phcpack);
  * Macaulay2, where installed (optional; not installed by --setup: a large package).
Also: `neuromanifold ed-degree --variety` on a plane curve end to end (CLI start-up included).

Run: python benchmarks/bench_ed_degree.py [--setup]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from neuromanifold.algebra import DEFAULT_PRIMES, find_msolve
from neuromanifold.algebra import msolve as msolve_module
from neuromanifold.metric import ed_degree


def minors(m: int, n: int, r: int) -> tuple[str, list[str]]:
    from itertools import combinations

    names = [f"w{i}{j}" for i in range(m) for j in range(n)]
    import sympy

    mat = sympy.Matrix(m, n, sympy.symbols(names))
    eqs = [
        str(mat.extract(list(rows), list(cols)).det()).replace("**", "^")
        for rows in combinations(range(m), r + 1)
        for cols in combinations(range(n), r + 1)
    ]
    return "; ".join(eqs), names


def capture(call):
    """Run ``call`` and return (result, seconds, the first system it counted, counting calls)."""
    seen: list = []
    original = msolve_module.count_solutions

    def spy(system, **kwargs):
        seen.append(system)
        return original(system, **kwargs)

    # every module that bound msolve's count_solutions (the engine, the counts mod primes)
    bound = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("neuromanifold") and getattr(module, "count_solutions", None) is original
    ]
    for module in bound:
        module.count_solutions = spy
    try:
        start = time.perf_counter()
        result = call()
        return result, time.perf_counter() - start, seen[0], len(seen)
    finally:
        for module in bound:
            module.count_solutions = original


def by_hand(system) -> tuple[float, str]:
    text = msolve_module._serialize(system, DEFAULT_PRIMES[0])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.ms"
        path.write_text(text)
        start = time.perf_counter()
        subprocess.run(
            [str(find_msolve()), "-f", str(path), "-o", str(Path(tmp) / "out"), "-P", "1"],
            check=True,
        )
        return time.perf_counter() - start, text


def phc(system) -> tuple[float, str] | None:
    """Time ``phc -b`` on the same system (each equation scaled to max |coefficient| 1)."""
    exe = shutil.which("phc")
    if exe is None or len(system.equations) != system.nvars:
        return None  # phc -b wants a square system
    polys = []
    for f in system.integer_equations():
        top = max(abs(int(c)) for c in f.coeffs())
        terms = []
        for monom, c in f.terms():
            mono = "*".join(f"x{j}^{e}" for j, e in enumerate(monom) if e)
            terms.append(f"{int(c) / top:+.17e}" + (f"*{mono}" if mono else ""))
        polys.append(" ".join(terms) + ";")
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.phc"
        inp.write_text(f"{len(polys)} {system.nvars}\n" + "\n".join(polys) + "\n")
        start = time.perf_counter()
        subprocess.run(
            [exe, "-b", str(inp), str(Path(tmp) / "out.phc")],
            check=False,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=600,
        )
        seconds = time.perf_counter() - start
        out = (Path(tmp) / "out.phc").read_text(errors="replace")
    found = {
        key: (re.findall(rf"Number of {key}\s*:\s*(\d+)", out) or ["?"])[-1]
        for key in ("regular solutions", "singular solutions", "solutions at infinity")
    }
    return seconds, "/".join(found.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="apt-get install phcpack first")
    args = parser.parse_args()
    if args.setup and shutil.which("phc") is None:
        subprocess.run(["apt-get", "install", "-y", "phcpack"], check=False)
    cases = [
        (
            f"{label} (param.)",
            lambda text=text: ed_degree(text, weights="generic", backend="msolve"),
        )
        for label, text in [
            ("3×3 rank ≤ 1", "fc:3,1,3"),
            ("3×3 rank ≤ 2", "fc:3,2,3"),
            ("lcn:k=3,3:s=2,1", "lcn:k=3,3:s=2,1"),
        ]
    ]
    text, names = minors(3, 3, 1)
    cases.append(
        (
            "3×3 rank ≤ 1 (impl.)",
            lambda: ed_degree(text, names, weights="generic", backend="msolve"),
        )
    )
    print(
        f"{'case':<24} {'count':>5} {'ours s':>8} {'msolve s':>9} {'ours/msolve':>12} {'phc -b s':>9} {'phc/ours':>9}"
    )
    for name, call in cases:
        result, ours, system, calls = capture(call)
        raw, _ = by_hand(system)
        ph = phc(system)
        ph_text = "      n/a" if ph is None else f"{ph[0]:9.2f}"
        ratio = "" if ph is None else f"{ph[0] / ours:8.1f}x  (regular/singular/infinity: {ph[1]})"
        print(
            f"{name:<24} {result.ed_degree:>5} {ours:8.3f} {raw:9.3f} {ours / raw:6.2f}x/{ours / (raw * calls):.2f}x {ph_text} {ratio}"
        )
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "neuromanifold.cli",
            "ed-degree",
            "--variety",
            "y^2 - x^3",
            "--json",
        ],
        check=True,
        capture_output=True,
    )
    print(f"CLI `ed-degree --variety 'y^2 - x^3'` end to end: {time.perf_counter() - start:.2f} s")
    print(
        "ours/msolve: total vs one by-hand call / per counting call (ours counts over two primes;"
        " the parametric route also counts the generic fiber, not included in the per-call figure)."
    )
    print(
        "phc -b: the saturation variable t = 1/det(...) sends PHCpack's paths to infinity on these"
        " systems; its time is shown, but it does not find the 39 points (see its counts)."
    )


if __name__ == "__main__":
    main()
