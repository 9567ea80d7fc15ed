r"""Invariant subspaces of a matrix: the matrix Riccati equations, tracked and certified.

An $r$-dimensional subspace $L \subset \mathbb{C}^n$ in the chart $L = Q \cdot
\operatorname{col}\begin{bmatrix} I_r \\ W \end{bmatrix}$, $W \in \mathbb{C}^{(n-r) \times r}$
($Q$ a random rational orthogonal matrix, `orthogonal_chart`, so that the chart is generic and
the conditioning of $S$ is kept), is invariant under $S$ iff $T = Q^\top S Q$ satisfies $T \begin{bmatrix} I \\ W \end{bmatrix} = \begin{bmatrix} I
\\ W \end{bmatrix} M$ for some $M$; then $M = T_{11} + T_{12} W$ (the top block) and eliminating
it leaves the algebraic (matrix) Riccati equation
$$R_T(W) = T_{21} + T_{22} W - W T_{11} - W T_{12} W = 0,$$
$r(n - r)$ quadrics in $r(n - r)$ unknowns. When $S$ has $n$ distinct eigenvalues its
invariant $r$-subspaces are the spans of $r$ of its eigenvectors, $\binom{n}{r}$ of them
(Gohberg–Lancaster–Rodman, *Invariant Subspaces of Matrices with Applications*, 1986, §2.5),
and each is a nonsingular solution: the Jacobian of $R_T$ at $W$ is the Sylvester operator
$E \mapsto (T_{22} - W T_{12}) E - E (T_{11} + T_{12} W)$, whose two matrices carry the
eigenvalues outside and inside $L$ — disjoint sets (Lancaster–Rodman, *Algebraic Riccati
Equations*, 1995, Thm. 7.2.2 for the correspondence; Sylvester's theorem for the Jacobian).

Homotopy: for $T_0 = V \operatorname{diag}(\lambda) V^{-1}$ with random complex $V, \lambda$ the
solutions are known, $W_I = V_{\mathrm{bot}, I} V_{\mathrm{top}, I}^{-1}$ for each $r$-subset
$I$; the parameter homotopy $T(t) = (1 - t) T_0 + t T$ moves them to the target
(coefficient-parameter theorem: Morgan–Sommese 1989; Sommese–Wampler 2005, Thm. 7.1.1): exactly
$\binom{n}{r}$ paths, none diverging, where a total-degree homotopy tracks $2^{r(n - r)}$ (16 for
$\mathrm{Gr}(2, 4)$, ten of them to infinity) — the count `path_count` gives before tracking.
The homotopy is evaluated through its matrix structure (`RiccatiHomotopy`), the endpoints are
proved by the Krawczyk test on the exact rational equations (`certify`).

Completeness is proved, not observed: if the characteristic polynomial of $S$ is squarefree
(decided exactly), $R_T$ has at most $\binom{n}{r}$ solutions, so $\binom{n}{r}$ proved distinct
ones are all of them. Realness too: for real $S$ the equations are rational, and a certified box
closed under conjugation holds a real solution (for symmetric $S$ every invariant subspace is
real, which the boxes then show rather than assume).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

import flint
import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.charts import random_nonzero
from neuromanifold.algebra.homotopy.certify import certify
from neuromanifold.algebra.homotopy.result import Certification
from neuromanifold.algebra.homotopy.solve import track_with_retracking
from neuromanifold.algebra.homotopy.tracker import PathStatus, TrackerOptions
from neuromanifold.algebra.parsing import polynomial_context
from neuromanifold.algebra.proximity import representatives
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.budget import require_paths
from neuromanifold.errors import InputError

__all__ = [
    "InvariantSubspaces",
    "RiccatiHomotopy",
    "distinct_eigenvalues",
    "invariant_subspaces",
    "orthogonal_chart",
    "path_count",
    "riccati_equations",
]

Complex = NDArray[np.complex128]
Progress = Callable[[str], None]


def path_count(n: int, r: int) -> int:
    r"""Paths the invariant-subspace homotopy tracks for $r$-subspaces of $\mathbb{C}^n$: $\binom{n}{r}$.

    Known before tracking (the budget is checked against it).

    Example:
        >>> path_count(4, 2), path_count(5, 2), 2 ** (2 * (4 - 2))   # vs total degree
        (6, 10, 16)
    """
    if not 0 < r < n:
        raise InputError(f"r: an invariant subspace of C^{n} needs 0 < r < {n}, got {r}")
    return math.comb(n, r)


def _exact_matrix(matrix: object) -> flint.fmpq_mat:
    """An exact square matrix from flint matrices or nested ints / Fractions / rational text."""
    if isinstance(matrix, flint.fmpq_mat):
        out = matrix
    elif isinstance(matrix, flint.fmpz_mat):
        out = flint.fmpq_mat(matrix)
    else:
        rows = np.asarray(matrix, dtype=object)
        if rows.ndim != 2:
            raise InputError(f"matrix: expected a square matrix, got shape {rows.shape}")
        if any(isinstance(v, float | complex | np.floating) for v in rows.flat):
            raise InputError("matrix: give exact entries (ints, Fractions), not floats")
        out = flint.fmpq_mat(
            [[flint.fmpq(Fraction(v).numerator, Fraction(v).denominator) for v in r] for r in rows]
        )
    if out.nrows() != out.ncols() or out.nrows() < 2:
        raise InputError(
            f"matrix: expected a square matrix of size ≥ 2, got {out.nrows()}x{out.ncols()}"
        )
    return out


def riccati_equations(matrix: object, r: int) -> PolynomialSystem:
    r"""The Riccati equations $T_{21} + T_{22} W - W T_{11} - W T_{12} W = 0$ of a matrix $T$, exact.

    Unknowns ``w{i}_{j}`` ($W$ row-major, $(n - r) \times r$); $\mathbb{Q}$ coefficients.

    Example:
        >>> s = riccati_equations([[1, 2], [3, 4]], 1)   # 3 + 4w - w - 2w^2
        >>> str(s.equations[0])
        '-2*w0_0^2 + 3*w0_0 + 3'
    """
    t = _exact_matrix(matrix)
    n = t.nrows()
    path_count(n, r)
    s = n - r
    names = [f"w{i}_{j}" for i in range(s) for j in range(r)]
    ctx = polynomial_context(names)
    q = len(names)

    def mono(*vs: int) -> tuple[int, ...]:
        e = [0] * q
        for v in vs:
            e[v] += 1
        return tuple(e)

    equations = []
    for i in range(s):
        for j in range(r):
            terms: dict[tuple[int, ...], flint.fmpq] = {}

            def add(key: tuple[int, ...], c: flint.fmpq, terms: dict = terms) -> None:
                terms[key] = terms.get(key, flint.fmpq(0)) + c

            add(mono(), t[r + i, j])
            for k in range(s):  # (T22 W)_ij
                add(mono(k * r + j), t[r + i, r + k])
            for k in range(r):  # -(W T11)_ij
                add(mono(i * r + k), -t[k, j])
            for k in range(r):  # -(W T12 W)_ij
                for ell in range(s):
                    add(mono(i * r + k, ell * r + j), -t[k, r + ell])
            equations.append(ctx.from_dict({k: v for k, v in terms.items() if v != 0}))
    return PolynomialSystem.from_polynomials(equations, names)


def _blocks(t: Complex, r: int) -> tuple[Complex, Complex, Complex, Complex]:
    return t[..., :r, :r], t[..., :r, r:], t[..., r:, :r], t[..., r:, r:]


@dataclass(frozen=True, eq=False)
class RiccatiHomotopy:
    r"""$H(W, t) = R_{T(t)}(W)$ along $T(t) = T_0 + t\,(T_1 - T_0)$, evaluated as matrices.

    The values, the Jacobian (the Sylvester operator $E \mapsto A E - E B$, $A = T_{22} - W
    T_{12}$, $B = T_{11} + T_{12} W$, as $A \otimes I_r - I_{n-r} \otimes B^\top$ on row-major
    $W$) and $\partial_t H = R_{\dot T}$ with the quadratic term, batched over paths; a
    `neuromanifold.algebra.homotopy.homotopies.Homotopy` for `track`.

    Example:
        >>> t0, t1 = np.diag([1.0, 2.0]).astype(complex), np.array([[1, 2], [3, 4]], complex)
        >>> h, hx, ht = RiccatiHomotopy(t0, t1, 1).evaluate(np.zeros((1, 1), complex), np.ones(1))
        >>> h.real.tolist(), hx.real.tolist(), ht.real.tolist()
        ([[3.0]], [[[3.0]]], [[3.0]])
    """

    start: Complex
    target: Complex
    r: int

    def __post_init__(self) -> None:
        start = np.asarray(self.start, dtype=np.complex128)
        target = np.asarray(self.target, dtype=np.complex128)
        if start.shape != target.shape or start.ndim != 2 or start.shape[0] != start.shape[1]:
            raise InputError(f"start and target must be n x n, got {start.shape}, {target.shape}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "target", target)

    @property
    def nvars(self) -> int:
        n = self.start.shape[0]
        return (n - self.r) * self.r

    def is_projective(self) -> bool:
        return False

    def evaluate(
        self, x: Complex, t: NDArray[np.float64], idx: NDArray[np.int64] | None = None
    ) -> tuple[Complex, Complex, Complex]:
        n, r = self.start.shape[0], self.r
        s = n - r
        w = x.reshape(-1, s, r)
        delta = self.target - self.start
        tt = self.start + np.asarray(t, dtype=np.complex128)[:, None, None] * delta
        t11, t12, t21, t22 = _blocks(tt, r)
        t12w = t12 @ w
        h = t21 + t22 @ w - w @ t11 - w @ t12w
        a = t22 - w @ t12
        b = t11 + t12w
        jac = np.einsum("nik,jl->nijkl", a, np.eye(r)) - np.einsum("ik,nlj->nijkl", np.eye(s), b)
        d11, d12, d21, d22 = _blocks(delta, r)
        ht = d21 + d22 @ w - w @ d11 - w @ (d12 @ w)
        npts = w.shape[0]
        return h.reshape(npts, s * r), jac.reshape(npts, s * r, s * r), ht.reshape(npts, s * r)


def _start(n: int, r: int, rng: np.random.Generator) -> tuple[Complex, Complex]:
    r"""A generic $T_0 = V \operatorname{diag}(\lambda) V^{-1}$ and its $\binom{n}{r}$ chart solutions."""
    v = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    lam = rng.normal(size=n) + 1j * rng.normal(size=n)
    t0 = v @ np.diag(lam) @ np.linalg.inv(v)
    sols = [
        (v[r:, list(idx)] @ np.linalg.inv(v[:r, list(idx)])).reshape(-1)
        for idx in combinations(range(n), r)
    ]
    return t0, np.array(sols, dtype=np.complex128)


def _to_float(t: flint.fmpq_mat) -> NDArray[np.float64]:
    n = t.nrows()
    return np.array(
        [[float(Fraction(int(t[i, j].p), int(t[i, j].q))) for j in range(n)] for i in range(n)]
    )


def distinct_eigenvalues(matrix: object) -> bool:
    r"""Whether the characteristic polynomial is squarefree (n distinct complex eigenvalues), exactly.

    Example:
        >>> distinct_eigenvalues([[2, 1], [1, 2]]), distinct_eigenvalues([[1, 0], [0, 1]])
        (True, False)
    """
    t = _exact_matrix(matrix)
    den = 1
    for i in range(t.nrows()):
        for j in range(t.ncols()):
            den = math.lcm(den, int(t[i, j].q))
    chi = flint.fmpz_mat(
        [[int((t[i, j] * den).p) for j in range(t.ncols())] for i in range(t.nrows())]
    ).charpoly()
    return chi.gcd(chi.derivative()).degree() == 0


@dataclass(frozen=True, eq=False)
class InvariantSubspaces:
    r"""The $r$-dimensional invariant subspaces of an exact matrix $S$, each proved.

    Attributes:
        matrix: $S$ (exact).
        r: the dimension of the subspaces.
        bases: (count, n, r) complex: a basis $Q [I; W]$ of each subspace (from the proved
            chart points, rounded to floats).
        charts: (count, n − r, r): the chart points $W$ (in the coordinates $Q$).
        coordinates: $Q$ (rounded to floats), the random orthogonal change of coordinates.
        certification: the Krawczyk certificates of the chart points on the exact equations.
        expected: $\binom{n}{r}$, the number for a matrix with distinct eigenvalues.
        distinct_eigenvalues: the characteristic polynomial of $S$ is squarefree (exact).
        paths: paths tracked (all attempts); statuses: how the paths of the last attempt ended.
        seed: the seed of $Q$ and of the start systems; seconds: wall time.
    """

    matrix: flint.fmpq_mat = field(repr=False)
    r: int
    bases: Complex = field(repr=False)
    charts: Complex = field(repr=False)
    coordinates: NDArray[np.float64] = field(repr=False)
    certification: Certification | None
    expected: int
    distinct_eigenvalues: bool
    paths: int
    statuses: tuple[PathStatus, ...] = field(repr=False)
    seed: int
    seconds: float

    @property
    def count(self) -> int:
        """Subspaces proved (Krawczyk), pairwise distinct."""
        cert = self.certification
        if cert is None or not cert.distinct:
            return 0
        return cert.n_certified

    @property
    def complete(self) -> bool:
        r"""Proved to be all of them: distinct eigenvalues and $\binom{n}{r}$ proved distinct points."""
        return self.distinct_eigenvalues and self.count == self.expected

    @property
    def n_real(self) -> int | None:
        """Subspaces proved real (None unless realness is decided for every certified point)."""
        cert = self.certification
        if cert is None or not cert.complete:
            return None
        return cert.n_real

    @property
    def evidence(self) -> str:
        """How the count is known, in words."""
        n = self.matrix.nrows()
        if self.complete:
            return (
                f"{self.count} proved distinct (Krawczyk) = C({n}, {self.r}), the number for "
                "distinct eigenvalues (characteristic polynomial squarefree): complete"
            )
        why = "" if self.distinct_eigenvalues else "; the eigenvalues are NOT distinct"
        return f"{self.count} of C({n}, {self.r}) = {self.expected} proved{why}: incomplete"

    def __str__(self) -> str:
        n = self.matrix.nrows()
        real = "undecided" if self.n_real is None else str(self.n_real)
        return "\n".join(
            [
                f"InvariantSubspaces: {self.count} of dimension {self.r} in C^{n}, {real} real",
                f"  evidence  {self.evidence}",
                f"  paths     {self.paths} (parameter homotopy of the Riccati equations)",
                f"  seed      {self.seed}",
                f"  time      {self.seconds:.2f} s",
            ]
        )


def orthogonal_chart(n: int, rng: np.random.Generator) -> flint.fmpq_mat:
    r"""A random rational orthogonal matrix: the Cayley transform $Q = (I - K)(I + K)^{-1}$.

    $K$ is skew-symmetric with random entries in $\{\pm 0.1, \dots, \pm 1\}$, so $I + K$ is
    invertible and $Q^\top Q = I$ exactly; the Cayley image is dense in $SO(n)$, so the chart
    $Q \operatorname{col}[I; W]$ is generic, and orthogonal: it keeps the conditioning of $S$.

    Example:
        >>> q = orthogonal_chart(3, np.random.default_rng(0))
        >>> q.transpose() * q == flint.fmpq_mat([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        True
    """
    k = np.triu(random_nonzero(rng, (n, n)) % 10 + 1, 1) * rng.choice([-1, 1], size=(n, n))
    skew = flint.fmpq_mat([[flint.fmpq(int(v), 10) for v in row] for row in k - k.T])
    eye = flint.fmpq_mat([[int(i == j) for j in range(n)] for i in range(n)])
    return (eye - skew) * (eye + skew).inv()


def _distinct(points: Complex, tol: float = 1e-9) -> Complex:
    """The rows that are not within ``tol`` (relative) of an earlier row."""
    if points.shape[0] < 2:
        return points
    return points[representatives(points, tol) == np.arange(points.shape[0])]


def _finite_endpoints(
    hom: RiccatiHomotopy, start: Complex, options: TrackerOptions
) -> tuple[Complex, tuple[PathStatus, ...]]:
    """Track; the endpoints that reached t = 1 (nonsingular, or ill-conditioned: certify decides)."""
    out = track_with_retracking(hom, start, options)
    ended = (out.status == PathStatus.SUCCESS) | (out.status == PathStatus.SINGULAR)
    ends = out.endpoints[ended & np.isfinite(out.endpoints).all(axis=1)]
    return ends, tuple(PathStatus(int(v)) for v in out.status)


def _proved(cert: Certification | None) -> int:
    return 0 if cert is None or not cert.distinct else cert.n_certified


def _certified_only(system: PolynomialSystem, pool: Complex) -> tuple[Complex, Certification]:
    """Certify ``pool``; keep the proved points, merged where two boxes hold one solution."""
    cert = certify(system, pool)
    keep = np.array(cert.certified, dtype=bool)
    refined = cert.points if cert.points is not None else pool
    proved = _distinct(refined[keep], 1e-10)
    if proved.shape[0] < pool.shape[0]:  # some dropped or merged: the certificate of the rest
        cert = certify(system, proved)
        refined = cert.points if cert.points is not None else proved
    return refined, cert


def invariant_subspaces(
    matrix: object,
    r: int,
    *,
    seed: int = 0,
    options: TrackerOptions | None = None,
    progress: Progress | None = None,
    attempts: int = 3,
) -> InvariantSubspaces:
    r"""All $r$-dimensional invariant subspaces of an exact matrix, by a certified homotopy.

    Tracks the $\binom{n}{r}$ paths of the Riccati parameter homotopy (see the module), after
    checking them against the path budget (`neuromanifold.budget.require_paths`), proves every
    endpoint with Krawczyk on the exact equations and decides its realness. While fewer than
    $\binom{n}{r}$ are proved (a path failed), the paths are tracked again from a new generic
    start, up to ``attempts`` times, and the new endpoints join the proved ones (a solution
    set: the same equations, so any new point is one that was missing).

    Args:
        matrix: $S$, square, exact (ints, Fractions, flint matrices).
        r: the dimension, $0 < r < n$.
        seed: seeds the chart $Q$ and the start systems.
        options: tracker settings (default: the numpy tracker, which needs no compilation).
        progress: called with one line before tracking (e.g. ``print``), or None.
        attempts: start systems to try while the count is incomplete.

    Returns:
        `InvariantSubspaces` (``complete`` when proved to be all of them).

    Raises:
        BudgetError: more paths than ``--max-paths`` allows.

    Example:
        >>> subs = invariant_subspaces([[2, 1, 0], [1, 3, 1], [0, 1, 4]], 1)
        >>> subs.count, subs.complete, subs.n_real     # the three eigenvector lines, all real
        (3, True, 3)

    References:
        Gohberg–Lancaster–Rodman 1986, §2.5; Lancaster–Rodman 1995, Ch. 7; Morgan–Sommese 1989;
        Krawczyk 1969.
    """
    begin = time.perf_counter()
    s_exact = _exact_matrix(matrix)
    n = s_exact.nrows()
    expected = path_count(n, r)
    what = f"the Riccati equations of the {r}-subspaces of C^{n} (Gr({r}, {n}))"
    require_paths(expected, what)
    if progress is not None:
        progress(
            f"tracking {expected} paths: {what}, a parameter homotopy from a generic matrix "
            f"(a total-degree homotopy would track {2 ** (r * (n - r))})"
        )
    distinct = distinct_eigenvalues(s_exact)
    rng = np.random.default_rng([seed, 17])
    q = orthogonal_chart(n, rng)
    # T = Qᵀ S Q (Q orthogonal), scaled: T / c has the same invariant subspaces, entries O(1)
    t_exact = q.transpose() * s_exact * q
    t_exact = t_exact / max(1, round(float(np.abs(_to_float(t_exact)).max())))
    system = riccati_equations(t_exact, r)
    target = _to_float(t_exact).astype(np.complex128)
    opts = options or TrackerOptions(compiled=False)
    found = np.zeros((0, r * (n - r)), dtype=np.complex128)
    cert: Certification | None = None
    tracked, statuses = 0, ()
    for _ in range(max(1, attempts)):  # each from a new generic start, the same chart
        t0, start = _start(n, r, rng)
        ends, statuses = _finite_endpoints(RiccatiHomotopy(t0, target, r), start, opts)
        tracked += expected
        pool = _distinct(np.concatenate([found, ends]))
        if pool.shape[0] > found.shape[0]:
            found, cert = _certified_only(system, pool)
        if _proved(cert) >= expected or not distinct:
            break
    charts = found.reshape(-1, n - r, r)
    top = np.broadcast_to(np.eye(r, dtype=np.complex128), (charts.shape[0], r, r))
    g = _to_float(q)
    bases = g @ np.concatenate([top, charts], axis=1)
    return InvariantSubspaces(
        matrix=s_exact,
        r=r,
        bases=bases,
        charts=charts,
        coordinates=g,
        certification=cert,
        expected=expected,
        distinct_eigenvalues=distinct,
        paths=tracked,
        statuses=statuses,
        seed=seed,
        seconds=time.perf_counter() - begin,
    )
