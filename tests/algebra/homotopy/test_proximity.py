"""Near solutions and overlapping boxes without pairwise arrays, against the pairwise rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from neuromanifold.algebra import proximity
from neuromanifold.algebra.proximity import (
    boxes_overlap,
    has_near,
    nearest,
    nearest_within,
    relative_gap,
    representatives,
)
from tests.memory_limit import run_in_one_gib

TOL = 1e-7

Complex = NDArray[np.complex128]


@pytest.fixture(autouse=True, params=["windows", "all pairs"])
def route(request, monkeypatch):
    """Every test runs both routes: sorted windows (forced) and all pairs for small sets."""
    if request.param == "windows":
        monkeypatch.setattr(proximity, "SMALL_PAIRS", 0)
    return request.param


# the pairwise rules these functions replace, kept as the oracle


def reference_gap(known: Complex, y: Complex) -> np.ndarray:
    w = np.abs(y) + 1e-10 * np.abs(y).max(axis=-1, keepdims=True) + 1e-300
    return np.max(np.abs(known[None, :, :] - y[:, None, :]) / w[:, None, :], axis=2)


def reference_has_near(x: Complex, tol: float) -> np.ndarray:
    gap = reference_gap(x, x)
    np.fill_diagonal(gap, np.inf)
    return gap.min(axis=1) <= tol


def reference_nearest_within(known: Complex, y: Complex, tol: float) -> np.ndarray:
    gap = reference_gap(known, y)
    best = np.argmin(gap, axis=1)
    return np.where(gap[np.arange(best.size), best] <= tol, best, -1)


def reference_representatives(x: Complex, tol: float) -> np.ndarray:
    near = reference_gap(x, x) <= tol  # near[a, b]: row b within tol of row a
    kept: list[int] = []
    rep = np.arange(x.shape[0])
    for a in range(x.shape[0]):
        twin = next((b for b in kept if near[a, b]), None)
        if twin is None:
            kept.append(a)
        else:
            rep[a] = twin
    return rep


def reference_overlap(y: Complex, r: np.ndarray) -> bool:
    gap_re = np.abs(y.real[:, None, :] - y.real[None, :, :])
    gap_im = np.abs(y.imag[:, None, :] - y.imag[None, :, :])
    reach = r[:, None, :] + r[None, :, :]
    separated = np.any((gap_re > reach) | (gap_im > reach), axis=2)
    np.fill_diagonal(separated, True)
    return not bool(np.all(separated))


def planted(rng: np.random.Generator, n: int, dim: int) -> Complex:
    """Solutions at very different scales (a chart's constant, a zero coordinate), with twins
    planted at relative distances below, at and above the tolerance, and exact repeats."""
    base = rng.normal(size=(n, dim)) + 1j * rng.normal(size=(n, dim))
    base *= 10.0 ** rng.uniform(-4, 8, size=dim)
    if dim > 2:
        base[:, 0] = 1.0  # a chart's coordinate: the same in every solution
        base[rng.random(n) < 0.3, 1] = 0.0
    twins = rng.integers(0, n, size=n // 2)
    eps = rng.choice([1e-12, 1e-9, 5e-8, TOL, TOL * (1 - 1e-15), 1.5e-7, 1e-6, 0.0], twins.size)
    shift = rng.normal(size=(twins.size, dim)) + 1j * rng.normal(size=(twins.size, dim))
    shift /= np.abs(shift).max(axis=1, keepdims=True)
    twin = base[twins] + eps[:, None] * np.abs(base[twins]) * shift
    x = np.concatenate([base, twin])
    return x[rng.permutation(x.shape[0])]


@pytest.mark.parametrize("seed", range(6))
def test_near_points_match_the_pairwise_rules(seed: int):
    rng = np.random.default_rng(seed)
    dim = [1, 2, 3, 5, 8, 12][seed]
    x = planted(rng, 300, dim)
    known, y = x[:250], x[200:]
    assert np.array_equal(relative_gap(known, y), reference_gap(known, y))
    assert np.array_equal(has_near(x, TOL), reference_has_near(x, TOL))
    assert has_near(x, TOL).any()
    expected = reference_nearest_within(known, y, TOL)
    assert np.array_equal(nearest_within(known, y, TOL), expected)
    assert (expected >= 0).any() and (expected < 0).any()
    assert np.array_equal(nearest(known, y), np.argmin(reference_gap(known, y), axis=1))
    rep = representatives(x, TOL)
    assert np.array_equal(rep, reference_representatives(x, TOL))
    assert (rep != np.arange(x.shape[0])).any()
    for tol in (0.0, 1e-9, 1e-3):
        assert np.array_equal(representatives(x, tol), reference_representatives(x, tol))


@pytest.mark.parametrize("tol", [0.0, 1e-13, 1e-7, 1e-3])
def test_points_at_the_tolerance_are_decided_as_pairwise(tol: float):
    rng = np.random.default_rng(3)
    y = (10.0 ** rng.uniform(-5, 5, size=(400, 2))).astype(np.complex128)
    y[:, 1] *= 1e-12  # the first coordinate alone sets the weights' floor
    w = np.abs(y) + 1e-10 * np.abs(y).max(axis=1, keepdims=True) + 1e-300
    ulps = rng.integers(-6, 7, size=y.shape[0]) * np.finfo(float).eps
    k = y.copy()
    k[:, 0] += rng.choice([-1, 1], y.shape[0]) * tol * w[:, 0] * (1 + ulps)
    assert np.array_equal(nearest_within(k, y, tol), reference_nearest_within(k, y, tol))
    x = np.concatenate([y, k])
    assert np.array_equal(representatives(x, tol), reference_representatives(x, tol))


def test_empty_and_single_sets():
    none = np.zeros((0, 3), dtype=np.complex128)
    one = np.ones((1, 3), dtype=np.complex128)
    assert nearest_within(none, one, TOL).tolist() == [-1]
    assert nearest_within(one, none, TOL).size == 0
    assert has_near(one, TOL).tolist() == [False]
    assert representatives(none, TOL).size == 0
    assert not boxes_overlap(one, np.ones((1, 3)))


@pytest.mark.parametrize("seed", range(8))
def test_box_overlap_matches_the_pairwise_rule(seed: int):
    rng = np.random.default_rng(seed)
    dim = 1 + seed % 4
    y = planted(rng, 200, dim)
    rho = 10.0 ** rng.uniform(-14, -4, size=(y.shape[0], 1))
    r = 2 * rho * (np.abs(y) + 1e-12 * np.abs(y).max(axis=1, keepdims=True))
    assert boxes_overlap(y, r) == reference_overlap(y, r)
    # distinct points, boxes shrunk or grown around the closest pair's reach
    z = y[np.unique(y.round(3), axis=0, return_index=True)[1]]
    for factor in (1e-3, 0.3, 1.0, 3.0):
        s = factor * np.full(z.shape, 10.0 ** rng.uniform(-2, 1))
        assert boxes_overlap(z, s) == reference_overlap(z, s)


def test_boxes_that_touch_overlap():
    c = np.array([[0.0 + 0j, 5.0], [1.0, 5.0], [3.0, 5.0]])
    assert boxes_overlap(c, np.full((3, 2), 0.5))  # [-0.5, 0.5] and [0.5, 1.5] share 0.5
    assert not boxes_overlap(c, np.full((3, 2), 0.4999))
    apart = (c + np.array([0, 1.5j]) * np.arange(3)[:, None]).astype(np.complex128)
    # the second coordinates are 1.5 apart: no two boxes meet
    assert not boxes_overlap(apart, np.full((3, 2), 0.5))


SCALE_CHECK = """
import sys, time, tracemalloc
import numpy as np
from test_proximity import TOL, planted
from neuromanifold.algebra.proximity import (
    boxes_overlap, has_near, nearest_within, representatives,
)
x = planted(np.random.default_rng(7), 66_667, 12)  # 100_000 points, a third near twins
t0 = time.process_time()  # CPU seconds: other jobs on the machine do not count
rep = representatives(x, TOL)
dup = has_near(x, TOL)
hit = nearest_within(x[:50_000], x[50_000:], TOL)
overlap = boxes_overlap(x, 1e-12 * (np.abs(x) + 1e-12 * np.abs(x).max(axis=1, keepdims=True)))
elapsed = time.process_time() - t0
tracemalloc.start()
representatives(x, TOL)
peak = tracemalloc.get_traced_memory()[1]
print(x.shape[0], elapsed, peak, overlap, int(dup.sum()), int((hit >= 0).sum()),
      int((rep == np.arange(x.shape[0])).sum()), int(has_near(x[~dup], TOL).any()))
"""


def test_a_hundred_thousand_solutions_in_little_memory_and_time():
    """Pairwise, 10^5 points in 12 coordinates would need 10^10 x 12 x 16 B = 1.9 TB."""
    n, elapsed, peak, overlap, dup, hit, kept, lone_near = run_in_one_gib(
        SCALE_CHECK, Path(__file__).parent
    )
    assert int(n) == 100_000
    assert float(elapsed) < 20, f"{float(elapsed):.1f} s"
    assert int(peak) < 300 * 2**20, f"peak {int(peak) / 2**20:.0f} MiB"
    assert overlap == "True"  # exact repeats were planted
    assert int(dup) > 30_000 and int(hit) > 5_000 and int(kept) < 85_000
    assert lone_near == "0"
