r"""The ED degree: its result type, and its exact count with msolve over two prime fields.

The (weighted) ED degree of a variety $X \subset \mathbb{C}^n$ is the number of complex critical
points of $d_u(x) = \sum_i \lambda_i (x_i - u_i)^2$ on the smooth part $X_{\mathrm{reg}}$, for
generic data $u$ (Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016; Breiding–Kohn–Sturmfels 2024,
Ch. 2). `EDDegree` is the one result every route returns (the verb is
`neuromanifold.metric.ed_degree`); this module is also the msolve engine, `count_with_msolve`,
of a `neuromanifold.algebra.distance.DistanceProblem`, in two formulations:

- **implicit**: $X = V(f_1, \dots, f_k)$ of codimension $c$. With $c$ random
  combinations $g = A f$ (or $g = f$ if $k = c$), the Lagrange system
  $f = 0,\ \Lambda(x - u) = \sum_{j \le c} \mu_j \nabla g_j,\ t \cdot h(x) - 1 = 0$ where
  $h = \det(J_g(x) R)$ for a random $n \times c$ matrix $R$, a random combination of the maximal
  minors of $J_g$ (Cauchy–Binet); the last equation saturates away the singular locus.
- **parametric**: $X = \overline{\varphi(\mathbb{C}^m)}$. Gauge
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

import flint

from neuromanifold.algebra.charts import random_nonzero
from neuromanifold.algebra.distance import (
    DistanceProblem,
    ImplicitVariety,
    lagrange_draws,
    parametric_setup,
)
from neuromanifold.algebra.msolve import (
    DEFAULT_PRIMES,
    PositiveDimensionalError,
    RealSolutions,
    count_solutions,
    dimension,
    real_solutions,
)
from neuromanifold.algebra.parsing import polynomial_context
from neuromanifold.algebra.system import PolynomialSystem, fresh_name
from neuromanifold.errors import InputError, NeuromanifoldError

__all__ = ["EDDegree", "EDDegreeError", "count_with_msolve", "determinant"]


class EDDegreeError(NeuromanifoldError):
    """The ED degree could not be determined reliably (e.g. the two primes disagree)."""


@dataclass(frozen=True)
class EDDegree:
    r"""The result of an ED degree computation: the count, how it was obtained, and its inputs.

    The one result of every route (`neuromanifold.metric.ed_degree`). ``certified`` means that
    the COUNT is certified for the sampled data $u$ and weights $\lambda$: by exact Gröbner-basis
    computations (msolve) modulo two different primes that agree and find only simple
    solutions, up to the usual unlucky-prime caveat; by exact resultants over $\mathbb{Z}$ whose
    four counts agree (``"resultant"``); for the homotopy, only when every point is proved by
    Krawczyk and their number equals a known exact count. That the sample is generic is the
    (probability-one) assumption, checked in tests with a second seed.

    Attributes:
        ed_degree: number of complex critical points.
        n_real: number of real critical points for the sampled data, or None if not computed.
        certified: see above.
        backend: the engine that ran: ``"msolve"``, ``"homotopy"`` or ``"resultant"``.
        seed: seed of the random weights, data, combinations and charts.
        weights: ``"unit"``, ``"generic"`` or ``"given"``.
        route: ``"implicit"``, ``"parametric"`` or ``"plane curve"`` (and the evidence).
        counts: the independent counts: ``(prime, count)`` for each prime (msolve),
            ``(seed, axis, count)`` for each data point and projection (resultant).
        weight_values: the $\lambda_i$ used.
        data: the data point $u$ used (empty when the engine draws its own, rational, data).
        ambient_dimension: $n$.
        codimension: codimension of $X$ (implicit route) or None.
        nvars: unknowns in the counted system.
        seconds: wall time.
        route_reason: why this backend ran (`neuromanifold.metric.choose_backend`).
        real: certified real solutions (boxes) when computed.
    """

    ed_degree: int
    n_real: int | None
    certified: bool
    backend: str
    seed: int
    weights: str
    route: str
    counts: tuple[tuple[int | str, ...], ...]
    weight_values: tuple[int, ...]
    data: tuple[int, ...]
    ambient_dimension: int
    codimension: int | None
    nvars: int
    seconds: float
    route_reason: str = ""
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
            "route_reason": self.route_reason,
        }

    def __str__(self) -> str:
        counts = ", ".join(
            f"{c[1]} mod {c[0]}" if len(c) == 2 else f"{c[-1]} (seed {c[0]}, axis {c[1]})"
            for c in self.counts
        )
        ambient = f"C^{self.ambient_dimension}" + (
            "" if self.codimension is None else f", codimension {self.codimension}"
        )
        rows = {
            "route": f"{self.route}, backend {self.backend}, {self.nvars} unknowns",
            "why": self.route_reason,
            "weights": f"{self.weights}, seed {self.seed}",
            "counts": counts,
            "real": ("not computed" if self.n_real is None else str(self.n_real))
            + " (for the sampled data point)",
            "ambient": ambient,
            "time": f"{self.seconds:.2f} s",
        }
        head = f"ED degree {self.ed_degree} ({'certified' if self.certified else 'NOT certified'})"
        return "\n".join([head] + [f"  {k:<12} {v}" for k, v in rows.items() if v])


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
    problem: DistanceProblem,
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
        seed=problem.seed,
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


def count_with_msolve(
    problem: DistanceProblem,
    *,
    primes: Sequence[int] = DEFAULT_PRIMES,
    real: bool = False,
    timeout: float = 120.0,
    threads: int = 1,
) -> EDDegree:
    r"""The msolve engine: count the critical points of a `DistanceProblem` modulo two primes.

    Implicit variety $V(f)$: the solutions $(x, \mu, t)$ of
    $$f(x) = 0,\quad \lambda_i (x_i - u_i) = \sum_{j=1}^{c} \mu_j \,\partial_i g_j(x),\quad
    t\,\det(J_g(x) R) = 1,$$
    $g = A f$ ($c$ random combinations; $g = f$ when $k = c$). Assumes $f$ generates the
    (radical) ideal of $X$ and $X$ is equidimensional of codimension $c$ (checked against the
    one msolve computes, when the variety states it); the saturation removes the singular locus.

    Parametrized variety: after fixing the gauge with its affine-linear charts, solved for pivot
    parameters so $\theta = \theta(s)$, the solutions $(s, t)$ of
    $$\nabla_s \sum_i \lambda_i (\varphi_i(\theta(s)) - u_i)^2 = 0,\qquad
    t \cdot \det\big(R^\top\, d_s\varphi(\theta(s))\big) = 1,$$
    with $R$ a random integer matrix; the second equation discards parameter points where
    $d\varphi$ is rank-deficient (spurious critical points, Trager–Kohn–Bruna 2020). The count
    equals the ED degree of $X$ when the gauge-fixed $\varphi$ is generically one-to-one onto $X$.

    Args:
        problem: the variety, weights, data and seed.
        primes: the primes to count over (all counts must agree).
        real: also isolate the real critical points over Q (slower) for ``n_real``.
        timeout: seconds per msolve call.
        threads: msolve threads.

    Returns:
        An `EDDegree` with ``backend == "msolve"`` and ``route`` ``"implicit"`` or
        ``"parametric"``.

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> count_with_msolve(DistanceProblem(ImplicitVariety.of("x^2 + y^2 - 1"))).ed_degree
        2

    References:
        Draisma, Horobeț, Ottaviani, Sturmfels, Thomas, *The Euclidean distance degree of an
        algebraic variety*, Found. Comput. Math. 16 (2016), eq. (2.1) and §2;
        Breiding, Kohn, Sturmfels, *Metric Algebraic Geometry* (2024), Ch. 2; Trager, Kohn,
        Bruna, *Pure and spurious critical points: a geometric study of linear networks*, ICLR
        2020.
    """
    start = time.perf_counter()
    if isinstance(problem.variety, ImplicitVariety):
        system, route, draws, codim = _implicit_system(problem, primes[0], timeout, threads)
    else:
        system, route, draws, codim = _parametric_system(problem)
    kind, lam, u = draws
    return _solve(
        system, route, primes, timeout, threads, real,
        problem=problem, weights=kind, weight_values=lam, data=u, codimension=codim, start=start,
    )  # fmt: skip


Draws = tuple[str, tuple[int, ...], tuple[int, ...]]


def _implicit_system(
    problem: DistanceProblem, prime: int, timeout: float, threads: int
) -> tuple[PolynomialSystem, str, Draws, int]:
    """The saturated Lagrange system of an implicit variety (see `count_with_msolve`)."""
    variety = problem.variety
    assert isinstance(variety, ImplicitVariety)
    base = variety.system
    n = base.nvars
    eqs = list(base.equations)
    dim = dimension(base, prime=prime, timeout=timeout, threads=threads)
    if dim < 0:
        raise InputError(f"the equations {base} have no common zero: the variety is empty")
    codim = variety.codim
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
    kind, lam, u, g, r = lagrange_draws(problem, codim)

    taken = set(base.variables)
    mu_names = tuple(fresh_name(f"mu{j}", taken) for j in range(codim))
    t_name = fresh_name("t", taken)
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
    lifted = [f.compose(*x, ctx=ctx) for f in eqs]
    system = PolynomialSystem.from_polynomials([*lifted, *lagrange, t * h - 1], unknowns)
    return system, "implicit", (kind, lam, u), codim


def _parametric_system(
    problem: DistanceProblem,
) -> tuple[PolynomialSystem, str, Draws, None]:
    """The saturated gradient system of a parametrized variety (see `count_with_msolve`)."""
    phi, _names, _gauge, kind, lam, u, free, images, rng = parametric_setup(problem)
    n, mfree = len(phi), len(free)
    t_name = fresh_name("t", set(free))
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
    r = random_nonzero(rng, (n, mfree))
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
    return system, "parametric", (kind, lam, u), None
