r"""Critical points of the distance to the matrices of rank at most r, through invariant subspaces.

For data $U \in \mathbb{R}^{m \times n}$ with distinct nonzero singular values
$\sigma_1 > \dots > \sigma_p$, $p = \min(m, n)$, singular vectors $u_i, v_i$, the critical points
of $d_U(X) = \lVert U - X \rVert_F^2$ on the smooth part of $M_r = \{X : \operatorname{rank} X
\le r\}$ (the matrices of rank exactly $r$) are the $\binom{p}{r}$ sums of $r$ singular triples
$X_I = \sum_{i \in I} \sigma_i u_i v_i^\top$, $|I| = r$ (Eckart–Young; Draisma–Horobeț–Ottaviani–
Sturmfels–Thomas 2016, Example 2.3): the unit ED degree of $M_r$ is $\binom{p}{r}$.
They are in bijection with the $r$-dimensional invariant subspaces $L$ of the smaller Gram
matrix — $S = U^\top U$ when $n \le m$ ($L = \operatorname{span}\{v_i\}_{i \in I}$, $X_I = U P_L$),
$S = U U^\top$ otherwise ($L = \operatorname{span}\{u_i\}_{i \in I}$, $X_I = P_L U$) — with
$P_L = B (B^\top B)^{-1} B^\top$ for a basis $B$ of $L$ (the orthogonal projection; the bilinear
form, so the formula is algebraic). Those subspaces are found, proved and counted by
`neuromanifold.algebra.homotopy.invariant_subspace` ($\binom{p}{r}$ paths of a Riccati parameter
homotopy, a certified count: $S$ has distinct eigenvalues, decided exactly).

The fully connected linear network ``fc:d0,...,dL`` parametrizes exactly $M_r \subset
\mathbb{R}^{d_L \times d_0}$, $r = \min_i d_i$ (its neurovariety is this determinantal variety:
Trager–Kohn–Bruna, ICLR 2020, §4), and unit weights on its coordinates are the Frobenius
distance; so its unit ED problem is this one (`structural_formulation` registered for
`FullyConnected`), and the count reported is of critical points on $M_r$ itself.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import flint
import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.distance import DistanceProblem
from neuromanifold.algebra.ed_degree import EDDegree
from neuromanifold.architectures import FullyConnected
from neuromanifold.errors import InputError
from neuromanifold.metric.formulation import Formulation, structural_formulation

if TYPE_CHECKING:
    from neuromanifold.algebra.homotopy.invariant_subspace import InvariantSubspaces
    from neuromanifold.algebra.homotopy.tracker import TrackerOptions

__all__ = ["LowRankCriticalPoints", "low_rank_critical_points", "low_rank_path_count"]

Complex = NDArray[np.complex128]

THEOREM = (
    "Eckart–Young: the critical points are the sums of r singular triples, one per "
    "r-dimensional invariant subspace of the Gram matrix; C(min(m, n), r) of them "
    "(Draisma et al. 2016, Example 2.3)"
)


def low_rank_path_count(shape: Sequence[int], r: int) -> int:
    r"""Paths the invariant-subspace formulation tracks for rank ≤ r in $m \times n$: $\binom{\min(m,n)}{r}$.

    Example:
        >>> low_rank_path_count((5, 4), 2), low_rank_path_count((5, 5), 2)
        (6, 10)
    """
    m, n = (int(v) for v in shape)
    p = min(m, n)
    if not 0 < r < p:
        raise InputError(f"r: rank ≤ {r} in {m}x{n} matrices needs 0 < r < {p}")
    return math.comb(p, r)


@dataclass(frozen=True, eq=False)
class LowRankCriticalPoints:
    r"""The critical points of $\lVert U - X \rVert_F^2$ on rank-$r$ matrices, each proved.

    Attributes:
        data: $U$ (integers, $m \times n$).
        r: the rank.
        points: (count, m, n) the critical points $X_I$ (floats from the proved subspaces).
        subspaces: the proved invariant subspaces of the Gram matrix they come from.
        gram: ``"UᵀU"`` (subspaces of $\mathbb{C}^n$) or ``"UUᵀ"`` (of $\mathbb{C}^m$).
        seconds: wall time.
    """

    data: NDArray[np.int64] = field(repr=False)
    r: int
    points: Complex = field(repr=False)
    subspaces: InvariantSubspaces = field(repr=False)
    gram: str
    seconds: float

    @property
    def count(self) -> int:
        """Critical points proved (one per proved invariant subspace)."""
        return self.subspaces.count

    @property
    def expected(self) -> int:
        r"""$\binom{\min(m, n)}{r}$: the unit ED degree of $M_r$."""
        return self.subspaces.expected

    @property
    def complete(self) -> bool:
        """All of them, proved (see `InvariantSubspaces.complete`)."""
        return self.subspaces.complete

    @property
    def n_real(self) -> int | None:
        """Critical points proved real (None if undecided for some)."""
        return self.subspaces.n_real

    def distances(self) -> NDArray[np.float64]:
        r"""$\lVert U - X_I \rVert_F^2$ for each critical point (real parts)."""
        diff = self.data[None].astype(float) - self.points.real
        return np.einsum("kij,kij->k", diff, diff)

    def __str__(self) -> str:
        m, n = self.data.shape
        real = "undecided" if self.n_real is None else str(self.n_real)
        return "\n".join(
            [
                f"LowRankCriticalPoints: {self.count} critical points of rank {self.r} in "
                f"{m}x{n}, {real} real",
                f"  via       invariant subspaces of {self.gram}: {self.subspaces.evidence}",
                f"  theorem   {THEOREM}",
                f"  time      {self.seconds:.2f} s",
            ]
        )


def _integer_matrix(data: object) -> NDArray[np.int64]:
    arr = np.asarray(data)
    if arr.ndim != 2 or arr.size == 0:
        raise InputError(f"data: expected an m x n matrix, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise InputError("data: give integer entries (the count is proved on exact equations)")
    return arr.astype(np.int64)


def low_rank_critical_points(
    data: object,
    r: int,
    *,
    seed: int = 0,
    options: TrackerOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> LowRankCriticalPoints:
    r"""All critical points of $\lVert U - X \rVert_F^2$ on the $m \times n$ matrices of rank $r$.

    Args:
        data: $U$, an integer matrix with distinct nonzero singular values (generic).
        r: the rank, $0 < r < \min(m, n)$.
        seed: seeds the chart and the start system of the homotopy.
        options: tracker settings.
        progress: hears the path count before tracking (e.g. ``print``).

    Returns:
        `LowRankCriticalPoints`: ``count`` proved, ``complete`` when all $\binom{p}{r}$.

    Raises:
        InputError: $U$ has a repeated or a zero singular value (the critical points are then
            not isolated, or some have rank below r: not generic data).

    Example:
        >>> crit = low_rank_critical_points([[3, 1, 0], [1, 2, 1], [0, 1, 5], [2, 0, 1]], 1)
        >>> crit.count, crit.complete, crit.n_real
        (3, True, 3)
        >>> s = np.linalg.svd(np.array(crit.data, float), compute_uv=False)
        >>> bool(np.allclose(np.sort(crit.distances()), np.sort(np.sum(s**2) - s**2)))
        True

    References:
        Eckart–Young 1936; Draisma–Horobeț–Ottaviani–Sturmfels–Thomas, Found. Comput. Math. 16
        (2016), Example 2.3.
    """
    from neuromanifold.algebra.homotopy.invariant_subspace import invariant_subspaces

    begin = time.perf_counter()
    u = _integer_matrix(data)
    m, n = u.shape
    low_rank_path_count((m, n), r)
    exact = flint.fmpz_mat([[int(v) for v in row] for row in u])
    rows = m < n
    gram = exact * exact.transpose() if rows else exact.transpose() * exact
    if gram.det() == 0:
        raise InputError(
            "data: U has a zero singular value, so some critical points have rank below r "
            "(not generic data); use random data"
        )
    subs = invariant_subspaces(gram, r, seed=seed, options=options, progress=progress)
    if not subs.distinct_eigenvalues:
        raise InputError(
            "data: U has a repeated singular value, so its critical points on the rank-r "
            "matrices are not isolated (not generic data); use random data"
        )
    b = subs.bases
    proj = b @ np.linalg.solve(np.swapaxes(b, 1, 2) @ b, np.swapaxes(b, 1, 2))
    uc = u.astype(np.complex128)
    points = proj @ uc if rows else uc @ proj
    return LowRankCriticalPoints(
        data=u,
        r=r,
        points=points,
        subspaces=subs,
        gram="UUᵀ" if rows else "UᵀU",
        seconds=time.perf_counter() - begin,
    )


@structural_formulation.register
def _(subject: FullyConnected, problem: DistanceProblem) -> Formulation | None:
    """Unit weights: the neurovariety is M_r (Trager–Kohn–Bruna 2020), Frobenius distance."""
    if problem.weights != "unit":
        return None
    m, n = subject.ambient_shape
    r = subject.bottleneck
    p = min(m, n)
    if r >= p:
        return None  # filling: the ED degree is 1
    paths = low_rank_path_count((m, n), r)
    gram = "UUᵀ" if m < n else "UᵀU"
    name = f"invariant subspaces of {gram} (Riccati equations on Gr({r}, {p}))"
    theorem = (
        f"the neurovariety of {subject.text} is the rank ≤ {r} matrices in C^{m}x{n} "
        f"(Trager–Kohn–Bruna 2020); its critical points are the sums of {r} singular triples "
        f"of the data, one per {r}-dimensional invariant subspace of {gram}, C({p}, {r}) of them "
        "(Eckart–Young; Draisma et al. 2016, Example 2.3)"
    )

    def solve(options: TrackerOptions | None, progress: Callable[[str], None] | None) -> EDDegree:
        begin = time.perf_counter()
        _kind, _lam, u = problem.draws(np.random.default_rng(problem.seed))
        crit = low_rank_critical_points(
            np.array(u, dtype=np.int64).reshape(m, n),
            r,
            seed=problem.seed,
            options=options,
            progress=progress,
        )
        return EDDegree(
            ed_degree=crit.count,
            n_real=crit.n_real,
            certified=crit.complete,
            backend="homotopy",
            seed=problem.seed,
            weights="unit",
            route=f"{name}, {paths} paths; {crit.subspaces.evidence}",
            counts=(),
            weight_values=(1,) * (m * n),
            data=tuple(u),
            ambient_dimension=m * n,
            codimension=(m - r) * (n - r),
            nvars=r * (p - r),
            seconds=time.perf_counter() - begin,
            real_certified=crit.complete and crit.n_real is not None,
            completeness=crit.subspaces.evidence,
        )

    return Formulation(
        name=name,
        backend="homotopy",
        path_count=paths,
        certifies=True,
        real=True,
        theorem=theorem,
        solve=solve,
    )
