"""Cusp Voronoi cell of y^2 = x^3 on [-1, 1]^2: exact route vs brute-force 400x400 grid.

Run: python benchmarks/bench_voronoi.py
"""

from __future__ import annotations

import time

from neuromanifold.metric import PlaneCurve, classify_grid, voronoi_cell


def _best_of(fn, repeats: int = 5) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    curve = PlaneCurve.from_text("y^2 - x^3")
    box = (-1.0, 1.0, -1.0, 1.0)
    t_exact, exact = _best_of(lambda: voronoi_cell(curve, (0, 0), box))
    t_grid, grid = _best_of(lambda: classify_grid(curve, (0, 0), box, n=400), repeats=3)
    print(f"exact  : area {exact.area:.12f} ± {exact.area_error:.1e}   {t_exact * 1e3:8.2f} ms")  # type: ignore[union-attr]
    print(f"grid   : area {grid.area:.6f} ± {grid.area_error:.4f}         {t_grid * 1e3:8.2f} ms")  # type: ignore[union-attr]
    print(f"ratio  : brute force / exact = {t_grid / t_exact:.0f}x")


if __name__ == "__main__":
    main()
