r"""Euclidean distance degrees, counted exactly with msolve over two prime fields.

The (weighted) ED degree of a variety $X \subset \mathbb{C}^n$ is the number of complex critical
points of $d_u(x) = \sum_i \lambda_i (x_i - u_i)^2$ on the smooth part $X_{\mathrm{reg}}$, for
generic data $u$ (Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016; Breiding–Kohn–Sturmfels 2024,
Ch. 2). Two formulations:

- **implicit** (`ed_degree`): $X = V(f_1, \dots, f_k)$ of codimension $c$. With $c$ random
  combinations $g = A f$ (or $g = f$ if $k = c$), the Lagrange system
  $f = 0,\ \Lambda(x - u) = \sum_{j \le c} \mu_j \nabla g_j,\ t \cdot h(x) - 1 = 0$ where
  $h = \det(J_g(x) R)$ for a random $n \times c$ matrix $R$, a random combination of the maximal
  minors of $J_g$ (Cauchy–Binet); the last equation saturates away the singular locus.
- **parametric** (`ed_degree_parametric`): $X = \overline{\varphi(\mathbb{C}^m)}$. Gauge
  symmetries are fixed by random affine-linear charts, then the critical points of
  $\theta \mapsto \sum_i \lambda_i(\varphi_i(\theta) - u_i)^2$ with $t \cdot \det(R^\top
  d\varphi(\theta)) = 1$ (removing the spurious points where $d\varphi$ drops rank) are counted.
  This equals the ED degree of $X$ when $\varphi$ restricted to the charts is generically
  one-to-one onto $X$.

Counts are taken over $\mathbb{F}_p$ for two primes (`neuromanifold.algebra.msolve`), which must
agree; real critical points are optionally isolated over $\mathbb{Q}$.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import flint
import numpy as np

from neuromanifold.algebra.msolve import (
    DEFAULT_PRIMES,
    PositiveDimensionalError,
    RealSolutions,
    count_solutions,
    dimension,
    real_solutions,
)
from neuromanifold.algebra.parsing import parse_polynomials, polynomial_context
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError, NeuromanifoldError

__all__ = [
    "EDDegree",
    "EDDegreeError",
    "determinant",
    "ed_degree",
    "ed_degree_parametric",
    "general_linear_chart",
    "scaling_charts",
]

WeightKind = Literal["unit", "generic"]

WEIGHT_RANGE = (1, 1000)
"""Generic weights are uniform random integers in this closed range."""
DATA_RANGE = 10**6
"""Generic data coordinates are uniform random integers in [-DATA_RANGE, DATA_RANGE]."""
COMBINATION_RANGE = 10**4
"""Random combination / chart coefficients are nonzero integers in [-COMBINATION_RANGE, ...]."""


class EDDegreeError(NeuromanifoldError):
    """The ED degree could not be determined reliably (e.g. the two primes disagree)."""


@dataclass(frozen=True)
class EDDegree:
    r"""The result of an ED degree computation: the count, how it was obtained, and its inputs.

    ``certified`` is True only when the count comes from exact Gröbner-basis computations
    (msolve) modulo two different primes that agree and find only simple solutions. This
    certifies the count for the sampled data $u$ and weights $\lambda$ up to the usual
    unlucky-prime caveat (only finitely many primes can differ from characteristic 0); that the
    sample is generic is the (probability-one) assumption, checked in tests with a second seed.

    Attributes:
        ed_degree: number of complex critical points.
        n_real: number of real critical points for the sampled data, or None if not computed.
        certified: see above.
        backend: ``"msolve"``.
        seed: seed of the random weights, data, combinations and charts.
        weights: ``"unit"``, ``"generic"`` or ``"given"``.
        route: ``"implicit"`` or ``"parametric"``.
        counts: ``(prime, count)`` for each prime used.
        weight_values: the $\lambda_i$ used.
        data: the data point $u$ used.
        ambient_dimension: $n$.
        codimension: codimension of $X$ (implicit route) or None.
        nvars: unknowns in the counted system.
        seconds: wall time.
        real: certified real solutions (boxes) when computed.
    """

    ed_degree: int
    n_real: int | None
    certified: bool
    backend: str
    seed: int
    weights: str
    route: str
    counts: tuple[tuple[int, int], ...]
    weight_values: tuple[int, ...]
    data: tuple[int, ...]
    ambient_dimension: int
    codimension: int | None
    nvars: int
    seconds: float
    real: RealSolutions | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready summary (keys ``ed_degree, n_real, certified, backend, seed``, and more)."""
        return {
            "ed_degree": self.ed_degree,
            "n_real": self.n_real,
            "certified": self.certified,
            "backend": self.backend,
            "seed": self.seed,
            "weights": self.weights,
            "route": self.route,
            "counts": [list(c) for c in self.counts],
            "weight_values": list(self.weight_values),
            "data": list(self.data),
            "ambient_dimension": self.ambient_dimension,
            "codimension": self.codimension,
            "nvars": self.nvars,
            "seconds": round(self.seconds, 3),
        }

    def __str__(self) -> str:
        counts = ", ".join(f"{c} mod {p}" for p, c in self.counts)
        real = "not computed" if self.n_real is None else str(self.n_real)
        lines = [
            f"ED degree {self.ed_degree} ({'certified' if self.certified else 'NOT certified'})",
            f"  route        {self.route}, backend {self.backend}, {self.nvars} unknowns",
            f"  weights      {self.weights}, seed {self.seed}",
            f"  counts       {counts}",
            f"  real         {real} (for the sampled data point)",
            f"  ambient      C^{self.ambient_dimension}"
            + ("" if self.codimension is None else f", codimension {self.codimension}"),
            f"  time         {self.seconds:.2f} s",
        ]
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# small exact helpers


def determinant(matrix: Sequence[Sequence[flint.fmpq_mpoly]]) -> flint.fmpq_mpoly:
    """Determinant of a square matrix of polynomials, by fraction-free Bareiss elimination.

    Example:
        >>> ctx = polynomial_context(["a", "b"])
        >>> a, b = ctx.gens()
        >>> determinant([[a, b], [b, a]])
        a^2 - b^2
    """
    m = [list(row) for row in matrix]
    n = len(m)
    if any(len(row) != n for row in m):
        raise InputError("determinant needs a square matrix")
    if n == 0:
        raise InputError("determinant of an empty matrix")
    sign = 1
    prev = None
    for k in range(n - 1):
        if m[k][k].is_zero():
            swap = next((i for i in range(k + 1, n) if not m[i][k].is_zero()), None)
            if swap is None:
                return m[0][0] * 0
            m[k], m[swap] = m[swap], m[k]
            sign = -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                num = m[i][j] * m[k][k] - m[i][k] * m[k][j]
                m[i][j] = num if prev is None else num / prev
        prev = m[k][k]
    return m[n - 1][n - 1] * sign


def _random_nonzero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    values = rng.integers(1, COMBINATION_RANGE, size=shape, endpoint=True)
    signs = rng.choice(np.array([-1, 1]), size=shape)
    return values * signs


def _sample_weights(
    weights: WeightKind | Sequence[int], n: int, rng: np.random.Generator
) -> tuple[str, tuple[int, ...]]:
    if isinstance(weights, str):
        if weights == "unit":
            return "unit", (1,) * n
        if weights == "generic":
            lo, hi = WEIGHT_RANGE
            return "generic", tuple(int(w) for w in rng.integers(lo, hi, size=n, endpoint=True))
        raise InputError(f"weights must be 'unit', 'generic' or a sequence, got {weights!r}")
    values = tuple(int(w) for w in weights)
    if len(values) != n or any(w <= 0 for w in values):
        raise InputError(f"weights must be {n} positive integers, got {weights!r}")
    return "given", values


def _sample_data(data: Sequence[int] | None, n: int, rng: np.random.Generator) -> tuple[int, ...]:
    if data is None:
        return tuple(int(v) for v in rng.integers(-DATA_RANGE, DATA_RANGE, size=n, endpoint=True))
    values = tuple(int(v) for v in data)
    if len(values) != n:
        raise InputError(f"data must have {n} integer coordinates, got {len(values)}")
    return values


def lagrange_draws(
    eqs: Sequence[flint.fmpq_mpoly],
    n: int,
    codim: int,
    weights: WeightKind | Sequence[int],
    data: Sequence[int] | None,
    seed: int,
) -> tuple[str, tuple[int, ...], tuple[int, ...], list[flint.fmpq_mpoly], np.ndarray]:
    r"""The seeded random choices of the implicit route, shared by every backend.

    From ``np.random.default_rng(seed)``, in this order: the weights λ, the data u, the
    :math:`c` random combinations :math:`g = A f` of the equations (``f`` itself when there are
    exactly c) and the :math:`n \times c` matrix R of the saturation :math:`\det(J_g R)`.

    Returns:
        ``(weight kind, λ, u, g, R)``.
    """
    rng = np.random.default_rng(seed)
    kind, lam = _sample_weights(weights, n, rng)
    u = _sample_data(data, n, rng)
    if codim == len(eqs):
        g = list(eqs)
    else:
        a = _random_nonzero(rng, (codim, len(eqs)))
        g = [
            sum((int(a[j, k]) * eqs[k] for k in range(len(eqs))), eqs[0] * 0) for j in range(codim)
        ]
    return kind, lam, u, g, _random_nonzero(rng, (n, codim))


def _fresh(base: str, taken: set[str]) -> str:
    name = base
    while name in taken:
        name = "_" + name
    taken.add(name)
    return name


def _as_system(
    equations: str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly] | PolynomialSystem,
    variables: Sequence[str] | None,
) -> PolynomialSystem:
    if isinstance(equations, PolynomialSystem):
        if equations.parameters:
            raise InputError(
                f"substitute the parameters {equations.parameters} before computing an ED degree"
            )
        return equations
    if isinstance(equations, str):
        return PolynomialSystem.from_text(equations, variables)
    return PolynomialSystem.from_polynomials(list(equations), variables)


def _count_two_primes(
    system: PolynomialSystem, primes: Sequence[int], timeout: float, threads: int
) -> tuple[int, tuple[tuple[int, int], ...], bool]:
    if len(primes) < 1 or len(set(primes)) != len(primes):
        raise InputError(f"primes must be distinct, got {primes!r}")
    try:
        results = [
            count_solutions(system, prime=p, timeout=timeout, threads=threads) for p in primes
        ]
    except PositiveDimensionalError as exc:
        raise PositiveDimensionalError(
            f"the critical points form a set of dimension {exc.dimension}, so there is no finite "
            "count: the data point or weights are not generic (e.g. the centre of a circle), or "
            "a symmetry is not fixed; use random data (data=None) or add charts",
            exc.dimension,
        ) from None
    counts = tuple((r.prime, r.n_solutions) for r in results)
    if all(c == 0 for _, c in counts):
        raise EDDegreeError(
            "no critical point was found, but a nonempty variety has ED degree ≥ 1: the "
            "equations are probably not radical (a repeated factor such as (x^2 + y^2 - 1)^2) "
            "or do not generate the ideal of the variety; pass the squarefree / radical "
            "equations (flint's factor_squarefree helps)"
        )
    if len({c for _, c in counts}) != 1:
        raise EDDegreeError(
            f"the counts mod different primes disagree ({counts}); a prime is unlucky or the "
            "random data is not generic: rerun with another seed or other primes"
        )
    simple = all(r.radical for r in results)
    return results[0].n_solutions, counts, simple and len(primes) >= 2


def _solve(
    system: PolynomialSystem,
    route: str,
    primes: Sequence[int],
    timeout: float,
    threads: int,
    real: bool,
    *,
    seed: int,
    weights: str,
    weight_values: tuple[int, ...],
    data: tuple[int, ...],
    codimension: int | None,
    start: float,
) -> EDDegree:
    """Count the critical system mod two primes (and its real points if asked): the result."""
    count, counts, certified = _count_two_primes(system, primes, timeout, threads)
    sols = real_solutions(system, timeout=timeout, threads=threads) if real else None
    return EDDegree(
        ed_degree=count,
        n_real=None if sols is None else sols.n_real,
        certified=certified,
        backend="msolve",
        seed=seed,
        weights=weights,
        route=route,
        counts=counts,
        weight_values=weight_values,
        data=data,
        ambient_dimension=len(data),
        codimension=codimension,
        nvars=system.nvars,
        seconds=time.perf_counter() - start,
        real=sols,
    )


def _critical_system(
    base: PolynomialSystem,
    lagrange: list[flint.fmpq_mpoly],
    saturating: flint.fmpq_mpoly,
    unknowns: tuple[str, ...],
) -> PolynomialSystem:
    return PolynomialSystem.from_polynomials([*base.equations, *lagrange, saturating], unknowns)


# ----------------------------------------------------------------------------------------------
# implicit route


def ed_degree(
    equations: str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly] | PolynomialSystem,
    variables: Sequence[str] | None = None,
    *,
    weights: WeightKind | Sequence[int] = "unit",
    codim: int | None = None,
    data: Sequence[int] | None = None,
    seed: int = 0,
    primes: Sequence[int] = DEFAULT_PRIMES,
    real: bool = False,
    timeout: float = 120.0,
    threads: int = 1,
) -> EDDegree:
    r"""ED degree of $X = V(f_1,\dots,f_k) \subset \mathbb{C}^n$ by Lagrange multipliers.

    Counts the solutions $(x, \mu, t)$ of
    $$f(x) = 0,\quad \lambda_i (x_i - u_i) = \sum_{j=1}^{c} \mu_j \,\partial_i g_j(x),\quad
    t\,\det(J_g(x) R) = 1,$$
    $g = A f$ ($c$ random combinations; $g = f$ when $k = c$), over $\mathbb{F}_p$ for each prime.
    Assumes $f$ generates the (radical) ideal of $X$ and $X$ is equidimensional of codimension
    $c$; the saturation removes the singular locus (where $\operatorname{rank} J_f < c$).

    Args:
        equations: polynomial text ``"f1; f2"``, flint polynomials, or a `PolynomialSystem`.
        variables: ambient coordinates in order (``None``: sorted names in the equations).
        weights: ``"unit"`` ($\lambda = 1$), ``"generic"`` (random integers in
            `WEIGHT_RANGE`), or explicit positive integers.
        codim: expected codimension $c$ of $X$, checked against the one computed with msolve
            (leading ideal mod p); ``None``: use the computed one.
        data: the data point $u$ (integers); ``None``: random in $[-10^6, 10^6]^n$.
        seed: seeds weights, data, combinations $A$ and $R$.
        primes: the primes to count over (all counts must agree).
        real: also isolate the real critical points over Q (slower) for ``n_real``.
        timeout: seconds per msolve call.
        threads: msolve threads.

    Returns:
        An `EDDegree`.

    Example:
        >>> ed_degree("x^2 + y^2 - 1").ed_degree
        2
        >>> ed_degree("y^2 - x^3", real=True).n_real in (2, 4)
        True

    References:
        Draisma, Horobeț, Ottaviani, Sturmfels, Thomas, *The Euclidean distance degree of an
        algebraic variety*, Found. Comput. Math. 16 (2016), eq. (2.1) and Ex. 1.1;
        Breiding, Kohn, Sturmfels, *Metric Algebraic Geometry* (2024), Ch. 2.
    """
    start = time.perf_counter()
    base = _as_system(equations, variables)
    n = base.nvars
    eqs = [f for f in base.equations if not f.is_zero()]
    if not eqs:
        raise InputError("no nonzero equation: the variety is the whole space (ED degree 1)")
    base = base.with_equations(eqs)
    dim = dimension(base, prime=primes[0], timeout=timeout, threads=threads)
    if dim < 0:
        raise InputError(f"the equations {base} have no common zero: the variety is empty")
    if codim is not None and codim != n - dim:
        raise InputError(
            f"codim={codim} was given but the equations define a variety of codimension "
            f"{n - dim} (dimension {dim} in C^{n}); pass codim={n - dim} or None"
        )
    codim = n - dim
    if not (isinstance(codim, int) and 1 <= codim <= min(n, len(eqs))):
        raise InputError(
            f"codim must be an integer in [1, {min(n, len(eqs))}] (≤ number of equations), "
            f"got {codim!r}"
        )
    kind, lam, u, g, r = lagrange_draws(eqs, n, codim, weights, data, seed)

    taken = set(base.variables)
    mu_names = tuple(_fresh(f"mu{j}", taken) for j in range(codim))
    t_name = _fresh("t", taken)
    unknowns = base.variables + mu_names + (t_name,)
    ctx = polynomial_context(unknowns)
    gens = ctx.gens()
    x, mu, t = gens[:n], gens[n : n + codim], gens[-1]
    lift = [f.compose(*x, ctx=ctx) for f in g]
    jac = [[f.derivative(i) for i in range(n)] for f in lift]
    lagrange = [
        lam[i] * (x[i] - u[i]) - sum((mu[j] * jac[j][i] for j in range(codim)), ctx.constant(0))
        for i in range(n)
    ]
    reduced = [
        [sum((jac[j][i] * int(r[i, k]) for i in range(n)), ctx.constant(0)) for k in range(codim)]
        for j in range(codim)
    ]
    h = determinant(reduced)
    if h.is_zero():
        raise InputError(
            "the Jacobian of the equations has rank < codim everywhere: the equations do not "
            "cut out a variety of that codimension; check codim or the equations"
        )
    lifted_base = base.from_polynomials([f.compose(*x, ctx=ctx) for f in eqs], unknowns)
    system = _critical_system(lifted_base, lagrange, t * h - 1, unknowns)
    return _solve(
        system, "implicit", primes, timeout, threads, real,
        seed=seed, weights=kind, weight_values=lam, data=u, codimension=codim, start=start,
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------
# parametric route


def scaling_charts(
    groups: Sequence[Sequence[str]], names: Sequence[str], *, seed: int = 0
) -> tuple[flint.fmpq_mpoly, ...]:
    r"""Random affine charts $\ell_g(\theta_g) = 1$, one per group of parameters.

    For a multilinear map with factors $\theta_1, \dots, \theta_L$ the scalings
    $\theta_l \mapsto c_l \theta_l$, $\prod c_l = 1$, are fixed by one chart on each of $L-1$
    factors; random coefficients keep the chart generic (SPEC §8: fixed charts such as
    $a_0 = 1$ miss solutions).

    Args:
        groups: each a list of parameter names.
        names: all parameter names (the ring of the returned polynomials).
        seed: seeds the random coefficients (nonzero integers up to $10^4$ in size).

    Returns:
        Affine-linear polynomials $\ell_g - 1$ in ``Q[names]``.

    Example:
        >>> [f.total_degree() for f in scaling_charts([["a0", "a1"]], ["a0", "a1", "b0"])]
        [1]
    """
    ctx = polynomial_context(names)
    gens = dict(zip(tuple(names), ctx.gens(), strict=True))
    rng = np.random.default_rng(seed)
    out = []
    for group in groups:
        missing = [v for v in group if v not in gens]
        if missing or not group:
            raise InputError(f"chart group {group!r} must be nonempty names among {names}")
        coeffs = _random_nonzero(rng, (len(group),))
        out.append(
            sum((int(c) * gens[v] for c, v in zip(coeffs, group, strict=True)), ctx.constant(-1))
        )
    return tuple(out)


def general_linear_chart(
    factor: Sequence[Sequence[str]], names: Sequence[str], *, seed: int = 0
) -> tuple[flint.fmpq_mpoly, ...]:
    r"""A random affine chart of the $GL_r$ gauge of a product $W_2 W_1$: $(P A)_{[:r, :]} = I_r$.

    For $A$ an $m \times r$ matrix of parameters (a factor of rank $r$) and a random integer
    $m \times m$ matrix $P$, the $r^2$ affine-linear conditions that the first $r$ rows of $PA$
    form the identity fix $A \mapsto A G$, $G \in GL_r$, on a dense open set.

    Args:
        factor: the matrix of parameter names, ``m`` rows of ``r`` names.
        names: all parameter names (the ring of the returned polynomials).
        seed: seeds $P$.

    Returns:
        $r^2$ affine-linear polynomials in ``Q[names]``.

    Example:
        >>> len(general_linear_chart([["a", "b"], ["c", "d"], ["e", "f"]], "abcdef"))
        4
    """
    ctx = polynomial_context(names)
    gens = dict(zip(tuple(names), ctx.gens(), strict=True))
    m = len(factor)
    r = len(factor[0]) if m else 0
    if r == 0 or r > m or any(len(row) != r for row in factor):
        raise InputError(f"factor must be an m x r matrix of names with r <= m, got {factor!r}")
    missing = [v for row in factor for v in row if v not in gens]
    if missing:
        raise InputError(f"names {missing} of the factor are not among {tuple(names)}")
    p = _random_nonzero(np.random.default_rng(seed), (r, m))
    out = []
    for i in range(r):
        for j in range(r):
            entry = sum((int(p[i, k]) * gens[factor[k][j]] for k in range(m)), ctx.constant(0))
            out.append(entry - (1 if i == j else 0))
    return tuple(out)


def _eliminate_affine(
    constraints: Sequence[flint.fmpq_mpoly], names: tuple[str, ...]
) -> tuple[tuple[str, ...], list[flint.fmpq_mpoly], flint.fmpq_mpoly_ctx]:
    """Solve affine-linear constraints for pivot parameters; return the free parameters and the
    substitution (one polynomial in the free parameters per original parameter)."""
    m = len(names)
    rows = []
    for f in constraints:
        if f.total_degree() > 1:
            raise InputError(f"gauge constraint {f} is not affine-linear")
        row = [flint.fmpq(0)] * (m + 1)
        for monom, c in f.terms():
            if sum(monom) == 0:
                row[m] = -c
            else:
                row[list(monom).index(1)] = c
        rows.append(row)
    if not rows:
        ctx = polynomial_context(names)
        return names, list(ctx.gens()), ctx
    reduced, rank = flint.fmpq_mat(rows).rref()
    pivots: list[int] = []
    for i in range(rank):
        col = next(j for j in range(m + 1) if reduced[i, j] != 0)
        if col == m:
            raise InputError("the gauge constraints are inconsistent (no parameter satisfies them)")
        pivots.append(col)
    free = tuple(names[j] for j in range(m) if j not in pivots)
    ctx = polynomial_context(free)
    fg = dict(zip(free, ctx.gens(), strict=True))
    images: list[flint.fmpq_mpoly] = []
    for j, name in enumerate(names):
        if j in pivots:
            i = pivots.index(j)
            expr = ctx.constant(reduced[i, m])
            for k, other in enumerate(names):
                if other in fg and reduced[i, k] != 0:
                    expr = expr - reduced[i, k] * fg[other]
            images.append(expr)
        else:
            images.append(fg[name])
    return free, images, ctx


class ParametricSetup(NamedTuple):
    """φ, the parameter names, the gauge conditions, the draws and the free parameters."""

    phi: tuple[flint.fmpq_mpoly, ...]
    names: tuple[str, ...]
    gauge: tuple[flint.fmpq_mpoly, ...]
    kind: str
    lam: tuple[int, ...]
    u: tuple[int, ...]
    free: tuple[str, ...]
    images: list[flint.fmpq_mpoly]
    rng: np.random.Generator


def parametric_setup(
    parametrization: str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly],
    parameters: Sequence[str] | None,
    charts: Sequence[Sequence[str]],
    constraints: Sequence[flint.fmpq_mpoly] | str,
    weights: WeightKind | Sequence[int],
    data: Sequence[int] | None,
    seed: int,
) -> ParametricSetup:
    r"""The parametric route's inputs and seeded draws, shared by every backend.

    Reads φ, draws (in this order, from ``np.random.default_rng(seed)``) the weights λ, the data u
    and the seed of the random charts, and eliminates the affine gauge conditions exactly.

    Returns:
        A `ParametricSetup`; its ``rng`` continues the same stream (the next draw is R).

    Raises:
        InputError: the gauge conditions fix every parameter.
    """
    if isinstance(parametrization, str):
        phi, pctx = parse_polynomials(parametrization, parameters)
        names = pctx.names()
    else:
        system = PolynomialSystem.from_polynomials(list(parametrization), parameters)
        phi, names = system.equations, system.variables
    n = len(phi)
    rng = np.random.default_rng(seed)
    kind, lam = _sample_weights(weights, n, rng)
    u = _sample_data(data, n, rng)
    chart_seed = int(rng.integers(0, 2**31))
    gauge = list(scaling_charts(charts, names, seed=chart_seed)) if charts else []
    if isinstance(constraints, str):
        gauge += list(parse_polynomials(constraints, names)[0]) if constraints.strip() else []
    elif constraints:
        gauge += list(PolynomialSystem.from_polynomials(list(constraints), names).equations)
    free, images, _ = _eliminate_affine(gauge, tuple(names))
    if not free:
        raise InputError("the gauge constraints fix every parameter; remove some")
    return ParametricSetup(
        tuple(phi), tuple(names), tuple(gauge), kind, lam, u, tuple(free), images, rng
    )


def ed_degree_parametric(
    parametrization: str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly],
    parameters: Sequence[str] | None = None,
    *,
    charts: Sequence[Sequence[str]] = (),
    constraints: Sequence[flint.fmpq_mpoly] | str = (),
    weights: WeightKind | Sequence[int] = "unit",
    data: Sequence[int] | None = None,
    seed: int = 0,
    primes: Sequence[int] = DEFAULT_PRIMES,
    real: bool = False,
    timeout: float = 120.0,
    threads: int = 1,
) -> EDDegree:
    r"""ED degree of the image of $\varphi:\mathbb{C}^m \to \mathbb{C}^n$ via its parameters.

    After fixing the gauge with affine-linear constraints (random ``charts`` $\ell_g = 1$ and any
    explicit ``constraints``), solved for pivot parameters so $\theta = \theta(s)$, count the
    solutions $(s, t)$ of
    $$\nabla_s \sum_i \lambda_i (\varphi_i(\theta(s)) - u_i)^2 = 0,\qquad
    t \cdot \det\big(R^\top\, d_s\varphi(\theta(s))\big) = 1,$$
    with $R$ a random $n \times m'$ integer matrix; the second equation discards parameter
    points where $d\varphi$ is rank-deficient (spurious critical points, Trager–Kohn–Bruna 2020).
    The count equals the ED degree of $X = \overline{\operatorname{im}\varphi}$ when the
    gauge-fixed $\varphi$ is generically one-to-one onto $X$.

    Args:
        parametrization: text ``"a0*b0; a0*b1; ..."`` or flint polynomials, one per ambient
            coordinate.
        parameters: parameter names in order (``None``: sorted names found).
        charts: groups of parameter names, each fixed by a random chart (e.g. all factors but one
            of a multilinear map).
        constraints: further affine-linear gauge conditions (text separated by ``;`` or
            polynomials), e.g. a random chart of $GL_r$ for $W_2 W_1$.
        weights: ``"unit"``, ``"generic"`` or explicit positive integers ($n$ of them).
        data: data point $u$; ``None``: random.
        seed: seeds weights, data, charts and $R$.
        primes: primes to count over (must agree).
        real: isolate real solutions $(s, t)$ over Q for ``n_real`` (real parameter points).
        timeout: seconds per msolve call.
        threads: msolve threads.

    Returns:
        An `EDDegree` with ``route == "parametric"``.

    Example:
        >>> r = ed_degree_parametric("a0*b0; a0*b1; a1*b0; a1*b1", charts=[["a0", "a1"]],
        ...                          weights="generic")
        >>> r.ed_degree
        6

    References:
        Draisma et al. 2016, §2 (parametric ED problems); Trager, Kohn, Bruna, *Pure and spurious
        critical points: a geometric study of linear networks*, ICLR 2020.
    """
    start = time.perf_counter()
    setup = parametric_setup(parametrization, parameters, charts, constraints, weights, data, seed)
    phi, _names, _gauge, kind, lam, u, free, images, rng = setup
    n, mfree = len(phi), len(free)
    taken = set(free)
    t_name = _fresh("t", taken)
    unknowns = (*free, t_name)
    ctx = polynomial_context(unknowns)
    s = ctx.gens()[:mfree]
    t = ctx.gens()[-1]
    into = [im.compose(*s, ctx=ctx) for im in images]
    phis = [f.compose(*into, ctx=ctx) for f in phi]
    jac = [[f.derivative(k) for k in range(mfree)] for f in phis]
    gradient = [
        sum((lam[i] * (phis[i] - u[i]) * jac[i][k] for i in range(n)), ctx.constant(0))
        for k in range(mfree)
    ]
    r = _random_nonzero(rng, (n, mfree))
    reduced = [
        [sum((int(r[i, a]) * jac[i][k] for i in range(n)), ctx.constant(0)) for k in range(mfree)]
        for a in range(mfree)
    ]
    h = determinant(reduced)
    if h.is_zero():
        raise InputError(
            f"dφ has rank < {mfree} everywhere after gauge fixing: the map has more symmetries "
            "than the charts fix; add charts or constraints (one chart per factor but one)"
        )
    system = PolynomialSystem.from_polynomials([*gradient, t * h - 1], unknowns)
    return _solve(
        system, "parametric", primes, timeout, threads, real,
        seed=seed, weights=kind, weight_values=lam, data=u, codimension=None, start=start,
    )  # fmt: skip
