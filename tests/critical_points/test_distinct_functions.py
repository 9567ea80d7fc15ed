"""'The same function' among critical points: planted twins found, O(n log n), 10^5 in 1 GiB."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from neuromanifold.critical_points.solve import MATCH_TOL, distinct_functions, known_functions
from tests.memory_limit import run_in_one_gib

NEAR = (0.0, 1e-15, 1e-12, 1e-9, 1e-7)  # ‖f − g‖∞ / max(1, ‖g‖∞): the same function
FAR = (1e-5, 1e-4, 1e-2)  # at least 5 MATCH_TOL apart: different functions


def planted(rng: np.random.Generator, n: int, dim: int):
    """n well-separated functions (scales 10^-3 … 10^6, a third of the coordinates exactly 0),
    each of the first n/2 (in a random order) with one twin at a planted normwise distance;
    a zero coordinate of a near twin only carries rounding (10^-16 of the scale).

    Returns the functions in a random order and, per row, the row of its base (itself for a
    base) and whether the twin is near."""
    base = rng.normal(size=(n, dim)) * 10.0 ** rng.uniform(-3, 6, size=(n, 1))
    zero = rng.random((n, dim)) < 0.3
    zero[np.arange(n), rng.integers(0, dim, n)] = False  # no base is the zero function
    base[zero] = 0.0
    scale = np.maximum(1.0, np.abs(base).max(axis=1))
    of = rng.choice(n, size=n // 2, replace=False)
    eps = rng.choice(NEAR + FAR, size=of.size)
    shift = rng.uniform(-1, 1, size=(of.size, dim))
    shift[np.arange(of.size), rng.integers(0, dim, of.size)] = rng.choice([-1.0, 1.0], of.size)
    twin = base[of] + (eps * scale[of])[:, None] * shift  # ‖twin − base‖∞ = eps · scale
    rounding = 1e-16 * scale[of][:, None] * rng.uniform(-1, 1, size=twin.shape)
    twin = np.where(zero[of] & (eps[:, None] <= 1e-7), rounding, twin)
    x = np.concatenate([base, twin])
    src = np.concatenate([np.arange(n), of])
    near = np.concatenate([np.zeros(n, dtype=bool), eps <= 1e-7])
    order = rng.permutation(x.shape[0])
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    return x[order], position[src[order]], near[order]


def expected_representatives(base_row: np.ndarray, near: np.ndarray) -> np.ndarray:
    """A near twin and its base are one function, kept at the earlier row; all else distinct."""
    rep = np.arange(base_row.size)
    for row in np.flatnonzero(near):
        b = base_row[row]
        first, second = min(b, row), max(b, row)
        rep[second] = first
    return rep


def test_planted_twins_are_merged_exactly_and_far_ones_kept():
    rng = np.random.default_rng(0)
    for dim in (2, 3, 12):
        x, base_row, near = planted(rng, 400, dim)
        assert near.any() and (~near & (base_row != np.arange(near.size))).any()
        assert np.array_equal(distinct_functions(x), expected_representatives(base_row, near))
        # each twin recognized among the bases alone, the far ones not
        is_twin = base_row != np.arange(near.size)
        bases = x[~is_twin]
        assert np.array_equal(known_functions(bases, x[is_twin]), near[is_twin])


def test_the_rule_is_normwise_at_the_functions_scale():
    """Within MATCH_TOL/2 of max(1, ‖g‖∞) in ∞-norm: same; beyond MATCH_TOL: different."""
    g = np.array([[3e4, 0.0, -2.0], [1e-3, 2e-3, 0.0]])
    s = np.array([3e4, 1.0])
    step = np.array([0.0, 1.0, 0.0])
    for factor, same in ((0.49, True), (1.01, False)):
        f = g + factor * MATCH_TOL * s[:, None] * step
        assert known_functions(g, f).tolist() == [same, same]
    assert known_functions(np.zeros((0, 3)), g).tolist() == [False, False]
    # a zero coordinate that only carries rounding does not split a function
    assert known_functions(g, g + 1e-16 * s[:, None] * step).all()


SCALE_CHECK = """
import time, tracemalloc
import numpy as np
from test_distinct_functions import expected_representatives, planted
from neuromanifold.critical_points.solve import distinct_functions, known_functions
x, base_row, near = planted(np.random.default_rng(5), 66_667, 12)  # 100_000 functions
t0 = time.process_time()
rep = distinct_functions(x)
is_twin = base_row != np.arange(near.size)
hit = known_functions(x[~is_twin], x[is_twin])
elapsed = time.process_time() - t0
tracemalloc.start()
distinct_functions(x)
peak = tracemalloc.get_traced_memory()[1]
ok = np.array_equal(rep, expected_representatives(base_row, near))
print(x.shape[0], elapsed, peak, int(ok), int(np.array_equal(hit, near[is_twin])),
      int(near.sum()), int((rep == np.arange(rep.size)).sum()))
"""


def test_a_hundred_thousand_functions_in_little_memory_and_time():
    """Pairwise, 10^5 functions of 13 keys would need 10^10 x 13 x 16 B = 2 TB."""
    n, elapsed, peak, ok, hit_ok, n_near, kept = run_in_one_gib(SCALE_CHECK, Path(__file__).parent)
    assert int(n) == 100_000
    assert ok == "1" and hit_ok == "1"
    assert 10_000 < int(n_near) < 30_000 and int(kept) == 100_000 - int(n_near)
    assert float(elapsed) < 20, f"{float(elapsed):.1f} s"
    assert int(peak) < 300 * 2**20, f"peak {int(peak) / 2**20:.0f} MiB"
