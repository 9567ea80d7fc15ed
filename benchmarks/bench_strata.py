"""Benchmark (issue 4): classify 10,000 random filters of lcn:k=3,3,3,3 (degree-8 polynomials).

Our route: `classify_filters` (exact: FLINT squarefree decomposition, Sturm real-root counts), checked
against `membership` (which also builds witnesses) on a subset.
Baseline: a sympy factorization route (factor over Q, count real roots of each factor with
`sympy.Poly.count_roots`, decide membership and stratum by the same rule), measured on a subset
of the same filters and extrapolated (said in the output). The two routes must agree.

lcn:k=3,3,3,3 has only even-degree factors (o = 0), so every filter is a member; the question is
its stratum, which is decided from the real-root structure all the same.
Run: python benchmarks/bench_strata.py [--n 10000] [--sympy-n 300]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from neuromanifold.function_space.membership import membership
from neuromanifold.function_space.strata import classify_filters

ARCH = "lcn:k=3,3,3,3"


def sympy_stratum(coeffs: list[int], odd_layers: int) -> str | None:
    import sympy

    x = sympy.Symbol("x")
    poly = sympy.Poly(list(reversed(coeffs)), x)
    _, factors = sympy.factor_list(poly)
    real = 0
    simple_odd = 0
    for factor, mult in factors:
        n = sympy.Poly(factor, x).count_roots()
        real += n * mult
        if mult % 2 == 1:
            simple_odd += n
    real += len(coeffs) - 1 - poly.degree()  # roots at infinity
    if real < odd_layers:
        return None
    return "interior" if simple_odd >= odd_layers else "boundary"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--sympy-n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    filters = rng.integers(-20, 21, size=(args.n, 9)).tolist()

    start = time.perf_counter()
    ours = classify_filters(ARCH, filters)
    t_ours = time.perf_counter() - start
    witnessed = [membership(ARCH, f).stratum for f in filters[: args.sympy_n]]
    assert witnessed == ours[: args.sympy_n], "classify_filters disagrees with membership"

    subset = filters[: args.sympy_n]
    start = time.perf_counter()
    theirs = [sympy_stratum(f, 0) for f in subset]
    t_sympy = (time.perf_counter() - start) * args.n / len(subset)
    agree = sum(a == b for a, b in zip(ours, theirs, strict=False))
    counts = {s: ours.count(s) for s in sorted(set(map(str, ours)))}
    print(f"{ARCH}: {args.n} random integer filters (coefficients in [-20, 20], seed {args.seed})")
    print(f"  strata: {counts}")
    print(f"  ours (exact, FLINT/Sturm):   {t_ours:8.2f} s  ({args.n / t_ours:,.0f} filters/s)")
    print(f"  sympy factorization route:   {t_sympy:8.2f} s  (extrapolated from {len(subset)})")
    print(f"  ratio sympy/ours:            {t_sympy / t_ours:8.1f}x")
    print(f"  agreement on the subset:     {agree}/{len(subset)}")


if __name__ == "__main__":
    main()
