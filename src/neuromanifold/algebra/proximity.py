r"""Nearby solutions without pairwise arrays: neighbours within a tolerance, overlapping boxes.

Two numerical solutions $k, y \in \mathbb{C}^n$ are *near* when their componentwise relative gap
$$g(k; y) = \max_i \frac{|k_i - y_i|}{w_i(y)}, \qquad w_i(y) = |y_i| + 10^{-10}\|y\|_\infty,$$
is at most a tolerance (`relative_gap`). Every near pair is also near in each real key
$\operatorname{Re} y_i$, $\operatorname{Im} y_i$: $|\operatorname{Re} k_i - \operatorname{Re} y_i|
\le |k_i - y_i| \le \mathrm{tol}\, w_i(y)$. So the known points are sorted by one key and each
query compares only with those in its window (a binary search), the exact gap deciding. Each
query takes the key with the fewest points in its window (a coordinate that many solutions share,
such as a chart's, is never used; keys are tried until the candidates are about as many as the
points), so the work is $O(n \log n)$ per key tried plus the candidates, and
the memory $O(n)$ plus a bounded block of candidate pairs: never an $n \times n$ array. Results
are exactly those of the pairwise comparison (same floating-point operations on each pair).

Boxes $\prod_i [c_i \pm r_i]$ (real and imaginary parts) overlap only if their intervals overlap
in every key; `boxes_overlap` sweeps the intervals of the most selective key in sorted order
(the classical sweep-line test, Shamos–Hoey 1976).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "boxes_overlap",
    "has_near",
    "nearest",
    "nearest_within",
    "relative_gap",
    "representatives",
]

Complex = NDArray[np.complex128]

PAIR_BLOCK = 1 << 20
"""Coordinates compared at once (pairs in a block times the dimension): 16 MB per array."""

_SLACK = 1e-9
"""Relative widening of the key windows: a superset of the exact test, whatever the rounding."""


#: Up to this many (query, known, coordinate) triples every pair is compared in one numpy
#: block (64 MiB of complex differences at most), which is faster than the sorted windows.
SMALL_PAIRS = 2**22


def gap_weights(y: Complex) -> NDArray[np.float64]:
    r"""The weights $w_i(y) = |y_i| + 10^{-10}\|y\|_\infty$ (plus $10^{-300}$) of each row."""
    ay = np.abs(y)
    return ay + 1e-10 * ay.max(axis=-1, keepdims=True, initial=0.0) + 1e-300


def relative_gap(known: Complex, y: Complex) -> NDArray[np.float64]:
    r"""$\max_i |k_i - y_i| / w_i(y)$ for every known k (rows): componentwise relative distance.

    $w_i = |y_i| + 10^{-10}\|y\|_\infty$: each coordinate at its own scale, so solutions that
    differ only in tiny coordinates (a chart fixing $|a| \sim 10^{-4}$ beside $|b| \sim 10^{8}$)
    are kept apart. The result is a (queries, known) array: for a few queries only; sets of
    solutions go through `nearest_within`, `has_near` and `representatives`.

    Example:
        >>> relative_gap(np.array([[1.0 + 0j, 2.0], [1.1, 2.0]]), np.array([[1.0 + 0j, 2.0]]))
        array([[0. , 0.1]])
    """
    w = gap_weights(y)
    return np.max(np.abs(known[None, :, :] - y[:, None, :]) / w[:, None, :], axis=2, initial=0.0)


def _key(z: Complex, j: int) -> NDArray[np.float64]:
    """Real key j of each row: the real (j even) or imaginary (j odd) part of coordinate j // 2."""
    return z[:, j // 2].imag if j % 2 else z[:, j // 2].real


def _near_pairs(
    known: Complex, queries: Complex, tol: float
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]]:
    """All (query, known, gap) with ``relative_gap(known[k], queries[q]) <= tol``, in blocks."""
    n, m = known.shape[0], queries.shape[0]
    if n == 0 or m == 0:
        return
    if n * m * max(known.shape[1], 1) <= SMALL_PAIRS:  # few pairs: all at once (same gaps)
        gaps = relative_gap(known, queries)
        qi, k = np.nonzero(gaps <= tol)
        yield qi.astype(np.int64), k.astype(np.int64), gaps[qi, k]
        return
    w = gap_weights(queries)
    # window half-widths, per query and coordinate; the 1e-15 w (>= 1e-15 |key|) covers the
    # rounding of key ± half however small tol is
    half = (tol * (1 + _SLACK) + 1e-15) * w
    best = np.full(m, n, dtype=np.int64)  # candidates in the window of the best key so far
    choice = np.full(m, -1, dtype=np.int64)  # that key (-1: all known points)
    for j in range(2 * known.shape[1]):
        s, q = np.sort(_key(known, j)), _key(queries, j)
        cnt = np.searchsorted(s, q + half[:, j // 2], "right") - np.searchsorted(
            s, q - half[:, j // 2], "left"
        )
        better = cnt < best
        best[better], choice[better] = cnt[better], j
        if best.sum() <= 2 * (n + m):  # few candidates left: comparing them costs less than a key
            break
    dim = max(known.shape[1], 1)
    block = max(1, PAIR_BLOCK // dim)
    for j in np.unique(choice):
        qs = np.flatnonzero(choice == j)
        if j < 0:
            order = np.arange(n)
            lo, hi = np.zeros(qs.size, dtype=np.int64), np.full(qs.size, n, dtype=np.int64)
        else:
            col = _key(known, j)
            order = np.argsort(col, kind="stable")
            s, q = col[order], _key(queries[qs], j)
            lo = np.searchsorted(s, q - half[qs, j // 2], "left")
            hi = np.searchsorted(s, q + half[qs, j // 2], "right")
        ends = np.cumsum(np.maximum(hi - lo, 0))
        total = int(ends[-1]) if ends.size else 0
        for start in range(0, total, block):
            p = np.arange(start, min(start + block, total))
            a = np.searchsorted(ends, p, "right")  # position in qs of each pair's query
            k = order[lo[a] + p - (ends[a] - (hi[a] - lo[a]))]
            qi = qs[a]
            gap = np.max(np.abs(known[k] - queries[qi]) / w[qi], axis=1, initial=0.0)
            near = gap <= tol
            yield qi[near], k[near], gap[near]


def nearest_within(known: Complex, queries: Complex, tol: float) -> NDArray[np.int64]:
    """For each query the index of the nearest known row (`relative_gap`) if within tol, else -1.

    Ties go to the lowest index, as ``np.argmin`` over the row of `relative_gap` would.

    Example:
        >>> known = np.array([[1.0 + 0j, 2.0], [1.0, 2.0 + 1e-9], [5.0, 5.0]])
        >>> nearest_within(known, np.array([[1.0 + 0j, 2.0], [3.0, 3.0]]), 1e-7)
        array([ 0, -1])
    """
    out = np.full(queries.shape[0], -1, dtype=np.int64)
    gaps = np.full(queries.shape[0], np.inf)
    for q, k, g in _near_pairs(known, queries, tol):
        order = np.lexsort((k, g, q))  # by query, then gap, then index
        q, k, g = q[order], k[order], g[order]
        first = np.ones(q.size, dtype=bool)
        first[1:] = q[1:] != q[:-1]
        q, k, g = q[first], k[first], g[first]
        better = (g < gaps[q]) | ((g == gaps[q]) & (k < out[q]))
        out[q[better]], gaps[q[better]] = k[better], g[better]
    return out


def nearest(known: Complex, queries: Complex, tol: float = 1e-7) -> NDArray[np.int64]:
    """For each query the index of the nearest known row (`relative_gap`; ties: lowest index).

    Queries with a known row within ``tol`` are answered by `nearest_within`; the others (few,
    in practice) by comparing with all known rows, a bounded block of queries at a time.

    Example:
        >>> nearest(np.array([[1.0 + 0j], [4.0]]), np.array([[3.0 + 0j], [1.0]]))
        array([1, 0])
    """
    out = nearest_within(known, queries, tol)
    far = np.flatnonzero(out < 0)
    if far.size and known.shape[0]:
        chunk = max(1, PAIR_BLOCK // (known.shape[0] * max(known.shape[1], 1)))
        for lo in range(0, far.size, chunk):
            rows = far[lo : lo + chunk]
            out[rows] = np.argmin(relative_gap(known, queries[rows]), axis=1)
    return out


def has_near(points: Complex, tol: float) -> NDArray[np.bool_]:
    """Mark every row within ``tol`` (`relative_gap`, at its own scale) of another row.

    Example:
        >>> has_near(np.array([[1.0 + 0j], [1.0 + 1e-9], [2.0]]), 1e-7)
        array([ True,  True, False])
    """
    out = np.zeros(points.shape[0], dtype=bool)
    for q, k, _ in _near_pairs(points, points, tol):
        out[q[q != k]] = True
    return out


def representatives(points: Complex, tol: float) -> NDArray[np.int64]:
    """Greedy clustering in order: each row joins the first kept row near it, else is kept.

    Row a is kept (``rep[a] == a``) when no earlier kept row b has ``relative_gap(points[b],
    points[a]) <= tol``; otherwise ``rep[a]`` is the smallest such b. This is the loop
    "keep a point unless a kept one is within tol" over the rows, without its quadratic cost.

    Example:
        >>> representatives(np.array([[1.0 + 0j], [2.0], [1.0 + 1e-9], [2.0]]), 1e-7)
        array([0, 1, 0, 1])
    """
    n = points.shape[0]
    rep = np.arange(n, dtype=np.int64)
    qs: list[NDArray[np.int64]] = []
    ks: list[NDArray[np.int64]] = []
    for q, k, _ in _near_pairs(points, points, tol):
        earlier = k < q
        qs.append(q[earlier])
        ks.append(k[earlier])
    if not qs or sum(q.size for q in qs) == 0:
        return rep
    q, k = np.concatenate(qs), np.concatenate(ks)
    order = np.lexsort((k, q))
    q, k = q[order].tolist(), k[order].tolist()
    done = -1  # the last row whose representative is settled
    for a, b in zip(q, k, strict=True):
        if a != done and rep[b] == b:  # b < a: its own fate is already decided
            rep[a] = b
            done = a
    return rep


def boxes_overlap(centres: Complex, radii: NDArray[np.float64]) -> bool:
    r"""Whether two of the boxes $\{z : |\operatorname{Re}(z_i - c_i)|, |\operatorname{Im}(z_i -
    c_i)| \le r_i\ \forall i\}$ (rows of ``centres`` and ``radii``) meet.

    Boxes a, b are apart when $|\operatorname{Re}(c_{a,i} - c_{b,i})| > r_{a,i} + r_{b,i}$ (or the
    same for the imaginary part) in some coordinate. The intervals of the key with the fewest
    overlapping pairs are swept in sorted order; only those pairs are compared in full.

    Example:
        >>> c = np.array([[0.0 + 0j, 0.0], [1.0, 0.0], [0.5, 0.0]])
        >>> boxes_overlap(c, np.full((3, 2), 0.2)), boxes_overlap(c, np.full((3, 2), 0.3))
        (False, True)
    """
    n = centres.shape[0]
    if n < 2:
        return False
    best: tuple[int, NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None = None
    for j in range(2 * centres.shape[1]):
        col = _key(centres, j)
        reach = radii[:, j // 2] * (1 + _SLACK) + 1e-15 * np.abs(col)
        left = col - reach
        order = np.argsort(left, kind="stable")
        hi = np.searchsorted(left[order], (col + reach)[order], "right")
        lo = np.arange(1, n + 1)  # an interval's partners start after it in the sorted order
        total = int(np.maximum(hi - lo, 0).sum())
        if best is None or total < best[0]:
            best = (total, order, lo, hi)
        if total <= n:  # few candidate pairs left: comparing them costs less than a key
            break
    if best is None:  # no coordinates: all boxes are the same point
        return True
    _, order, lo, hi = best
    cnt = np.maximum(hi - lo, 0)
    ends = np.cumsum(cnt)
    block = max(1, PAIR_BLOCK // max(centres.shape[1], 1))
    for start in range(0, int(ends[-1]), block):
        p = np.arange(start, min(start + block, int(ends[-1])))
        a = np.searchsorted(ends, p, "right")
        i, k = order[a], order[lo[a] + p - (ends[a] - cnt[a])]
        reach = radii[i] + radii[k]
        ci, ck = centres[i], centres[k]
        apart = (np.abs(ci.real - ck.real) > reach) | (np.abs(ci.imag - ck.imag) > reach)
        if not np.all(np.any(apart, axis=1)):
            return True
    return False
