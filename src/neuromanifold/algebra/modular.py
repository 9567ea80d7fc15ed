"""Exact linear algebra over prime fields F_p: random primes and matrix rank.

Arrays hold integers in [0, p) as float64 (exact below 2^53), so matrix products run on BLAS:
with p < 2^20 an inner dimension up to 2^12 = 4096 keeps every partial sum exact.
"""

from __future__ import annotations

import os

import flint
import numpy as np

__all__ = [
    "MAX_EXACT_INNER",
    "PRIME_BITS",
    "matmul_mod",
    "random_prime",
    "rank_mod_p",
    "reduce_mod",
    "square_rank_mod_p",
]

#: Primes are drawn from [2^(PRIME_BITS-1), 2^PRIME_BITS).
PRIME_BITS = 20
#: Largest inner dimension for which a float64 product of residues mod p < 2^20 stays exact.
MAX_EXACT_INNER = 2 ** (53 - 2 * PRIME_BITS) - 1


def random_prime(rng: np.random.Generator) -> int:
    """A random prime p with 2^19 ≤ p < 2^20 (there are about 38,000 of them)."""
    while True:
        candidate = int(rng.integers(2 ** (PRIME_BITS - 1), 2**PRIME_BITS)) | 1
        if flint.fmpz(candidate).is_prime():
            return candidate


def reduce_mod(a: np.ndarray, p: int) -> np.ndarray:
    """Residues in [0, p) of a float64 array of integers below 2^53 in absolute value.

    Uses a floor division with an exact fix-up (``np.fmod`` is an order of magnitude slower on
    large quotients).
    """
    r = a - np.floor(a / p) * p
    r[r < 0] += p
    r[r >= p] -= p
    return r


def matmul_mod(a: np.ndarray, b: np.ndarray, p: int) -> np.ndarray:
    """The product a·b mod p of residue arrays (float64), exact for any inner dimension.

    The inner dimension is split into chunks of at most :data:`MAX_EXACT_INNER`, each summed
    exactly in float64 and reduced mod p. Works batched (``np.matmul`` broadcasting).
    """
    n = a.shape[-1]
    if n <= MAX_EXACT_INNER:
        return reduce_mod(a @ b, p)
    out = reduce_mod(a[..., :MAX_EXACT_INNER] @ b[..., :MAX_EXACT_INNER, :], p)
    for start in range(MAX_EXACT_INNER, n, MAX_EXACT_INNER):
        stop = start + MAX_EXACT_INNER
        out = reduce_mod(out + reduce_mod(a[..., start:stop] @ b[..., start:stop, :], p), p)
    return out


def rank_mod_p(matrix: np.ndarray, p: int, rng: np.random.Generator) -> int:
    r"""The rank over F_p of an integer matrix given by its residues mod p.

    A wide (or tall) matrix is first compressed by a random matrix R over F_p to a square one:
    :math:`\operatorname{rank}(A R) = \operatorname{rank} A` unless a nonzero minor of degree
    :math:`\le \operatorname{rank} A` in the entries of R vanishes, which by Schwartz–Zippel has
    probability at most :math:`\operatorname{rank}(A)/p`; the computed rank is never too large.
    The square rank is computed exactly by FLINT (``nmod_mat.rank``).

    Args:
        matrix: 2D array of integers (any integer or float dtype holding integers).
        p: a prime below 2^20.
        rng: the generator for the compression matrix.

    Returns:
        A lower bound on rank_p(matrix), equal to it with probability ≥ 1 − rank/p.

    Example:
        >>> rank_mod_p(np.array([[1, 2], [2, 4]]), 1048573, np.random.default_rng(0))
        1
    """
    a = reduce_mod(np.asarray(matrix, dtype=np.float64), p)
    m, n = a.shape
    if m == 0 or n == 0:
        return 0
    if n > m:
        a = matmul_mod(a, rng.integers(0, p, size=(n, m)).astype(np.float64), p)
    elif m > n:
        a = matmul_mod(rng.integers(0, p, size=(n, m)).astype(np.float64), a, p)
    return square_rank_mod_p(a, p)


def square_rank_mod_p(a: np.ndarray, p: int) -> int:
    """The exact rank over F_p of a matrix of residues in [0, p) (FLINT ``nmod_mat.rank``)."""
    if a.size == 0:
        return 0
    matrix = flint.nmod_mat(a.astype(np.int64).tolist(), p)
    threads = flint.ctx.threads
    try:
        flint.ctx.threads = max(1, os.cpu_count() or 1)
        return int(matrix.rank())
    finally:
        flint.ctx.threads = threads
