"""The exact rank over F_p on BLAS against FLINT's ``nmod_mat`` (the reference route)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuromanifold.algebra import modular
from neuromanifold.algebra.modular import (
    flint_rank_mod_p,
    matmul_mod,
    rank_mod_p,
    square_rank_mod_p,
)

# small primes, primes of the dimension routine (2^19 < p < 2^20), and up to the float64 limit 2^26
PRIMES = [2, 3, 7, 101, 65537, 786433, 1048573, 33554393, 67108859]


def _matrix(rng: np.random.Generator, m: int, n: int, r: int, p: int) -> np.ndarray:
    """An m × n matrix of rank ≤ r over F_p (a product of random m × r and r × n)."""
    if r == 0:
        return np.zeros((m, n), dtype=np.int64)
    left = rng.integers(0, p, size=(m, r), dtype=np.int64)
    right = rng.integers(0, p, size=(r, n), dtype=np.int64)
    if p < 2**20:
        return matmul_mod(left.astype(np.float64), right.astype(np.float64), p).astype(np.int64)
    out = np.zeros((m, n), dtype=np.int64)
    for k in range(r):  # accumulate mod p: no int64 overflow for p < 2^31
        out = (out + np.outer(left[:, k], right[k]) % p) % p
    return out


@settings(max_examples=120, deadline=None)
@given(
    p=st.sampled_from(PRIMES),
    m=st.integers(0, 120),
    n=st.integers(0, 120),
    rank_fraction=st.floats(0, 1),
    zero_rows=st.floats(0, 1),
    zero_cols=st.floats(0, 0.5),
    panel=st.integers(1, 80),
    group=st.integers(1, 24),
    seed=st.integers(0, 2**32 - 1),
)
def test_blas_rank_is_flint_rank(p, m, n, rank_fraction, zero_rows, zero_cols, panel, group, seed):
    # many shapes, ranks (deficient ones included), primes, panel and group sizes
    rng = np.random.default_rng(seed)
    r = round(rank_fraction * min(m, n))
    a = _matrix(rng, m, n, r, p)
    a[rng.random(m) < zero_rows] = 0  # many zero rows
    a[:, rng.random(n) < zero_cols] = 0
    expected = flint_rank_mod_p(a, p) if a.size else 0
    saved = modular._PANEL, modular._GROUP
    try:
        modular._PANEL, modular._GROUP = panel, group
        assert square_rank_mod_p(a, p) == expected
        assert square_rank_mod_p(a.astype(np.float64), p) == expected
    finally:
        modular._PANEL, modular._GROUP = saved


@pytest.mark.parametrize(("m", "n", "r"), [(600, 600, 450), (300, 700, 300), (700, 260, 0)])
def test_blas_rank_is_flint_rank_on_large_matrices(m, n, r):
    # several panels of the default size, and the lazily reduced trailing matrix
    rng = np.random.default_rng(m + n + r)
    p = 1048573
    a = _matrix(rng, m, n, r, p)
    assert square_rank_mod_p(a, p) == flint_rank_mod_p(a, p) == r
    a[rng.random(m) < 0.3] = 0
    assert square_rank_mod_p(a, p) == flint_rank_mod_p(a, p)


def test_blas_rank_takes_unreduced_integers():
    a = np.array([[-1, 5, 12], [6, -2, 5], [3, 3, 3]])  # rows 1 and 2 agree mod 7
    assert square_rank_mod_p(a, 7) == flint_rank_mod_p(a % 7, 7) == 2
    assert square_rank_mod_p(np.zeros((3, 0)), 7) == 0


def test_compressed_rank_draws_as_before():
    # the compression of a wide matrix draws the same random numbers: same answers per seed
    rng = np.random.default_rng(5)
    a = _matrix(rng, 40, 90, 25, 1048573)
    ranks = [rank_mod_p(a, 1048573, np.random.default_rng(s)) for s in range(3)]
    assert ranks == [25, 25, 25]
