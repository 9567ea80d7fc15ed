"""Exact linear algebra over prime fields F_p: random primes and matrix rank.

Arrays hold integers in [0, p) as float64 (exact below 2^53), so matrix products run on BLAS:
with p < 2^20 an inner dimension up to 2^12 = 4096 keeps every partial sum exact. The rank is
computed the same way, by blocked Gaussian elimination whose rank updates are BLAS products
(:func:`square_rank_mod_p`); FLINT's ``nmod_mat`` is the reference (:func:`flint_rank_mod_p`).
"""

from __future__ import annotations

import os

import flint
import numpy as np

__all__ = [
    "MAX_BLAS_PRIME",
    "MAX_EXACT_INNER",
    "PRIME_BITS",
    "flint_rank_mod_p",
    "matmul_mod",
    "random_prime",
    "random_residues",
    "rank_mod_p",
    "reduce_mod",
    "sketch_rank_mod_p",
    "square_rank_mod_p",
]

#: Primes are drawn from [2^(PRIME_BITS-1), 2^PRIME_BITS).
PRIME_BITS = 20
#: Largest inner dimension for which a float64 product of residues mod p < 2^20 stays exact.
MAX_EXACT_INNER = 2 ** (53 - 2 * PRIME_BITS) - 1
#: Primes below this bound get their rank by blocked elimination in float64 (above: FLINT).
MAX_BLAS_PRIME = 2**26
#: Column panel of the blocked elimination (one BLAS rank update of the trailing matrix each).
_PANEL = 256
#: Column group inside a panel (one small elimination, then a BLAS update of the panel each).
_GROUP = 64
#: Matrices with at most this many entries go to FLINT whole (faster below ~128 × 128).
_SMALL = 128 * 128


def random_prime(rng: np.random.Generator) -> int:
    """A random prime p with 2^19 ≤ p < 2^20 (there are about 38,000 of them)."""
    while True:
        candidate = int(rng.integers(2 ** (PRIME_BITS - 1), 2**PRIME_BITS)) | 1
        if flint.fmpz(candidate).is_prime():
            return candidate


def random_residues(rng: np.random.Generator, p: int, shape: tuple[int, ...]) -> np.ndarray:
    """Random residues in [0, p) as float64: ⌊U·p⌋ for U uniform on the multiples of 2^−53.

    Each residue has probability within a factor 1 ± p/2^53 (below 1 ± 2^−33 for p < 2^20) of
    1/p, so Schwartz–Zippel bounds hold up to that factor; drawing doubles directly is several
    times faster than integers converted to float64.

    Example:
        >>> x = random_residues(np.random.default_rng(0), 7, (1000,))
        >>> bool(x.min() >= 0 and x.max() <= 6 and np.all(x == np.floor(x)))
        True
    """
    out = rng.random(shape)
    out *= p
    return np.floor(out, out=out)


def reduce_mod(a: np.ndarray, p: int) -> np.ndarray:
    """Residues in [0, p) of a float64 array of integers below 2^53 in absolute value.

    Subtracts p·floor(a/p) with the quotient taken through the rounded 1/p (off by less than
    1/p, so the floor is off by at most one), then fixes the remainders in [−p, 0) and [p, 2p) in
    place (``np.fmod`` is an order of magnitude slower on large quotients).
    """
    q = np.multiply(a, 1.0 / p)
    np.floor(q, out=q)
    q *= p
    r = np.subtract(a, q, out=q)
    np.add(r, p, out=r, where=r < 0)
    np.subtract(r, p, out=r, where=r >= p)
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
    The square rank is computed exactly by :func:`square_rank_mod_p`.

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
    r"""The exact rank over F_p of a matrix of residues (any shape), by blocked elimination on BLAS.

    Residues are held centred, :math:`|x| \le h = \lfloor p/2 \rfloor + 2`, in float64, so a
    sum of k products stays an exact integer while :math:`h + k h^2 \le 2^{52}` (k up to
    :math:`2^{14}` for :math:`p < 2^{20}`; products with a longer inner dimension are reduced
    after every k terms). Columns are eliminated in panels of 256: inside a panel, groups of 64
    columns are reduced by Gauss–Jordan on a few rows at a time (rows already in the span cost one
    BLAS product), each group updating the rest of the panel by a BLAS product; the trailing
    matrix gets one rank-s update per panel, :math:`T' = T_{\text{rest}} + A\,Y` (A the
    multipliers, Y the pivot rows as they stood), and is reduced only when the next update could
    leave the exact range (the panels and Y are reduced before use). It uses
    :math:`\operatorname{rank}\begin{pmatrix} P & Y \\ XP & Z \end{pmatrix}
    = \operatorname{rank} P + \operatorname{rank}(Z - XY)` for P of full row rank, so the
    result is exact and deterministic: the same as FLINT's ``nmod_mat.rank``
    (:func:`flint_rank_mod_p`), which primes :math:`p \ge 2^{26}` use, and matrices of at most
    128² entries (where the elimination's Python overhead would dominate).

    Args:
        a: 2D array of integers (any integer or float dtype; float entries below 2^53).
        p: a prime.

    Returns:
        The rank of ``a`` mod p.

    Example:
        >>> square_rank_mod_p(np.array([[1, 2, 3], [2, 4, 6], [0, 0, 7]]), 7)
        1

    Reference: blocked elimination as in Dumas, Giorgi, Pernet, "Dense linear algebra over
    word-size prime fields: the FFLAS and FFPACK packages", ACM TOMS 35 (2008).
    """
    a = np.asarray(a)
    if a.ndim != 2:
        raise ValueError(f"square_rank_mod_p: need a 2D matrix, got shape {a.shape}")
    if a.size == 0:
        return 0
    if p >= MAX_BLAS_PRIME:
        return flint_rank_mod_p(a, p)
    if a.size <= _SMALL:  # the elimination's Python overhead would dominate: FLINT, one thread
        residues = (a % p if a.dtype.kind in "iu" else np.mod(a, p)).astype(np.int64)
        return int(flint.nmod_mat(residues.tolist(), p).rank())
    field = _Field(p)
    t = np.asarray(a % p if a.dtype.kind in "iu" else a, dtype=np.float64)
    t = t - np.rint(t * field.inv_p) * p
    size = field.bound  # |entries of t| ≤ size: the trailing matrix is reduced only when needed
    rank = 0
    while t.shape[0] and t.shape[1]:
        s, rows, multipliers, pivots_now = _eliminate_panel(t, field)
        rank += s
        width = min(_PANEL, t.shape[1])
        if rows.size == 0 or t.shape[1] == width:
            break
        t = t[rows, width:]
        # T_rest + A·Y (Y: the pivot rows' trailing parts as they stood when used), reducing T
        # only when the next terms could leave the exact range
        for start in range(0, s, field.inner):
            stop = min(s, start + field.inner)
            if size + (stop - start) * field.bound**2 > 2**52:
                t = field.reduce(t)
                size = field.bound
            t += multipliers[:, start:stop] @ pivots_now[start:stop]
            size += (stop - start) * field.bound**2
    return rank


def sketch_rank_mod_p(
    sketch: np.ndarray, p: int, rng: np.random.Generator, enough: int | None = None
) -> int:
    """The rank of a sketch mod p; a large tall one first through a random square row block.

    The block (as many random rows as columns) has a rank at most the sketch's; when it has
    full rank, or reaches ``enough`` (a proven upper bound), that is the answer; otherwise the
    whole matrix is eliminated (:func:`square_rank_mod_p`). A bound that is wrong still shows
    when the block's rank passes it, as it does for a random block of rows of a sketch of higher
    rank, generically.

    Args:
        sketch: residues mod p (2D).
        p: a prime.
        rng: the generator of the row block.
        enough: a proven upper bound on the rank, or ``None``.

    Returns:
        The exact rank of ``sketch`` mod p.

    Example:
        >>> sketch_rank_mod_p(np.array([[1, 2], [2, 4], [0, 1]]), 7, np.random.default_rng(0))
        2
    """
    rows, cols = sketch.shape
    if rows >= cols + cols // 8 and cols >= 256:  # worth it on large, clearly tall sketches
        block = np.sort(rng.choice(rows, cols, replace=False))
        rank = square_rank_mod_p(sketch[block], p)
        if rank == cols or (enough is not None and rank >= enough):
            return rank
    return square_rank_mod_p(sketch, p)


def flint_rank_mod_p(a: np.ndarray, p: int) -> int:
    """The exact rank over F_p of a matrix of residues in [0, p) (FLINT ``nmod_mat.rank``).

    The reference for :func:`square_rank_mod_p` (whose results it equals), slower on large
    matrices: entries go through Python integers.

    Example:
        >>> flint_rank_mod_p(np.array([[1, 2], [2, 4]]), 1048573)
        1
    """
    if a.size == 0:
        return 0
    matrix = flint.nmod_mat(np.asarray(a).astype(np.int64).tolist(), p)
    threads = flint.ctx.threads
    try:
        flint.ctx.threads = max(1, os.cpu_count() or 1)
        return int(matrix.rank())
    finally:
        flint.ctx.threads = threads


class _Field:
    """F_p on centred float64 residues: reduction and exact products (helpers of the rank)."""

    def __init__(self, p: int) -> None:
        self.p = p
        self.inv_p = 1.0 / p
        #: bound on a reduced residue (the rounding of x/p is off by less than 1/p)
        self.bound = p // 2 + 2
        self.inner = max(1, 2**52 // self.bound**2)

    def reduce(self, a: np.ndarray) -> np.ndarray:
        """a − p·rint(a/p) in place (|a| < 2^53): a residue of absolute value ≤ p/2 + 1."""
        q = a * self.inv_p
        np.rint(q, out=q)
        q *= self.p
        a -= q
        return a

    def sub_product(self, c: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """c − x·y reduced, in place on c; the inner dimension is cut to stay exact."""
        for start in range(0, x.shape[1], self.inner):
            stop = start + self.inner
            c -= x[:, start:stop] @ y[start:stop]
            self.reduce(c)
        return c

    def inverse(self, x: float) -> int:
        return pow(int(x) % self.p, -1, self.p)


def _eliminate_panel(
    t: np.ndarray, field: _Field
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Eliminate the first panel of columns of t.

    Returns (s, rows, A, Y): the panel's rank s, the rows of t outside the pivots, their
    multipliers A (len(rows) × s) and the pivot rows' trailing parts Y (s × rest) as they stood
    when used, so that the Schur complement of the panel is t[rows, panel:] + A·Y.
    """
    n_rows, n_cols = t.shape
    width = min(_PANEL, n_cols)
    panel = field.reduce(np.array(t[:, :width]))
    rows = np.arange(n_rows)
    multipliers = np.zeros((n_rows, 0))
    pivots_now = np.zeros((0, n_cols - width))
    s = 0
    for start in range(0, width, _GROUP):
        w = min(_GROUP, width - start)
        slab = panel[:, :w]
        piv, cols, g = _row_basis(slab, field)
        if not cols:
            panel = panel[:, w:]
            continue
        # free row r becomes r − r[cols]·G·slab[piv]: multiplier −r[cols]·G on the pivot rows
        coef = field.sub_product(np.zeros((len(rows), len(cols))), slab[:, cols], g)
        if n_cols > width:
            y = field.reduce(t[rows[piv], width:])
            if s:
                y = field.sub_product(y, -multipliers[piv], pivots_now)
            pivots_now = np.concatenate([pivots_now, y])
        keep = np.ones(len(rows), dtype=bool)
        keep[piv] = False
        used = panel[piv, w:]
        panel = panel[keep, w:]
        if panel.shape[1]:
            field.sub_product(panel, -coef[keep], used)
        multipliers = np.concatenate([multipliers[keep], coef[keep]], axis=1)
        rows = rows[keep]
        s += len(cols)
        if rows.size == 0:
            break
    return s, rows, multipliers, pivots_now


def _row_basis(slab: np.ndarray, field: _Field) -> tuple[np.ndarray, list[int], np.ndarray]:
    """Pivot rows, pivot columns and G with E = G·slab[piv] reduced (E[:, cols] = identity).

    Gauss–Jordan on a chunk of rows at a time, carrying each row's coefficients on the pivot
    rows; a later chunk is first reduced by the basis found so far (one BLAS product), and only
    its rows outside the span go through the elimination.
    """
    n_rows, b = slab.shape
    piv = np.empty(0, dtype=np.intp)
    cols: list[int] = []
    basis = np.zeros((0, b))
    coef = np.zeros((0, 0))
    for start in range(0, n_rows, b):
        if len(cols) == b:
            break
        chunk = np.arange(start, min(n_rows, start + b))
        x = slab[chunk]
        s = len(cols)
        lead = x[:, cols]
        if s:
            x = field.sub_product(x, lead, basis)
        nonzero = np.flatnonzero(np.any(x != 0, axis=1))
        if nonzero.size == 0:
            continue
        chunk, x, lead = chunk[nonzero], x[nonzero], lead[nonzero]
        k = len(chunk)
        # rows: the basis, then the chunk; columns: slab, coefficients on old pivots, on the chunk
        w = np.zeros((s + k, b + s + k))
        w[:s, :b] = basis
        w[:s, b : b + s] = coef
        w[s:, :b] = x
        if s:
            w[s:, b : b + s] = field.sub_product(np.zeros((k, s)), lead, coef)
        w[np.arange(s, s + k), np.arange(b + s, b + s + k)] = 1.0
        free = np.zeros(s + k, dtype=bool)
        free[s:] = True
        new: list[int] = []
        taken = set(cols)
        # w is reduced lazily: each update adds at most h² to an entry (|factor|, |row| ≤ h),
        # at most b updates here, so only the column and the row used are reduced per pivot
        for j in range(b):
            if j in taken:
                continue
            column = w[:, j]
            field.reduce(column)
            candidates = np.flatnonzero((column != 0) & free)
            if candidates.size == 0:
                continue
            i = int(candidates[0])
            row = field.reduce(w[i, j:].copy())
            row *= field.inverse(row[0])
            w[i, j:] = field.reduce(row)
            factor = column.copy()
            factor[i] = 0.0
            w[:, j:] -= np.multiply.outer(factor, row)
            free[i] = False
            new.append(i)
            cols.append(j)
            if len(cols) == b:
                break
        field.reduce(w)
        order = list(range(s)) + new
        basis = w[order, :b]
        coef = w[np.ix_(order, [*range(b, b + s), *(b + i for i in new)])]
        piv = np.concatenate([piv, chunk[np.asarray(new, dtype=np.intp) - s]])
    return piv, cols, coef
