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

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import flint

from neuromanifold.algebra.charts import random_nonzero
from neuromanifold.algebra.distance import (
    DistanceProblem,
    ImplicitVariety,
    lagrange_draws,
    parametric_setup,
)
from neuromanifold.algebra.modular_count import (
    CountDisagreementError,
    count_modulo_primes,
)
from neuromanifold.algebra.msolve import (
    PositiveDimensionalError,
    RealSolutions,
    coefficient_integers,
    dimension,
    random_primes,
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

    How sure the number is (``certainty``): ``"proved"`` (exact resultants; Krawczyk-proved
    points whose number equals an exact count), ``"probable"`` (counts modulo random primes that
    agree: exact with probability at least ``1 - failure_bound``, see `neuromanifold.algebra.modular_count.failure_bound_mod_primes`)
    or ``"numerical"`` (not certified).

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
        certainty: ``"proved"``, ``"probable"`` or ``"numerical"`` (see above; derived from
            ``certified`` and ``backend`` when not given).
        failure_bound: for ``"probable"``, the bound ε on the probability that the count is wrong.
        components: for a variety with components of different dimensions, the ED degree of each
            (their sum is ``ed_degree``); empty otherwise.
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
    certainty: str = ""
    failure_bound: float | None = None
    components: tuple[tuple[int, int], ...] = ()
    real: RealSolutions | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.certainty:
            word = "numerical"
            if self.certified:
                word = "probable" if self.backend == "msolve" else "proved"
            object.__setattr__(self, "certainty", word)

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
            "certainty": self.certainty,
            "failure_bound": self.failure_bound,
            "components": [{"dimension": d, "ed_degree": e} for d, e in self.components],
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
        sure = {
            "proved": "proved",
            "probable": f"exact with probability ≥ 1 − {self.failure_bound:.1e}"
            if self.failure_bound is not None
            else "probable",
            "numerical": "numerical, NOT certified",
        }.get(self.certainty, self.certainty)
        if self.components:
            rows["components"] = ", ".join(f"dimension {d}: {e}" for d, e in self.components)
        head = f"ED degree {self.ed_degree} ({sure})"
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


def _count_mod_primes(
    system: PolynomialSystem,
    primes: Sequence[int] | None,
    seed: int,
    timeout: float,
    threads: int,
) -> tuple[int, tuple[tuple[int, int], ...], bool, float | None]:
    """`count_modulo_primes` with the ED degree's messages.

    Returns:
        ``(count, (prime, count) pairs, certified, ε)``.
    """
    try:
        c = count_modulo_primes(system, seed=seed, primes=primes, timeout=timeout, threads=threads)
    except PositiveDimensionalError as exc:
        raise PositiveDimensionalError(
            f"the critical points form a set of dimension {exc.dimension}, so there is no "
            "finite count: the data point or weights are not generic (e.g. the centre of a "
            "circle), or a symmetry is not fixed; use random data (data=None) or add charts",
            exc.dimension,
        ) from None
    except CountDisagreementError as exc:
        raise EDDegreeError(str(exc)) from None
    return c.n_solutions, c.counts, c.certified, c.failure_bound


def _solve(
    system: PolynomialSystem,
    route: str,
    primes: Sequence[int] | None,
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
    count, counts, certified, eps = _count_mod_primes(
        system, primes, problem.seed, timeout, threads
    )
    if count == 0:
        _no_critical_point(problem)
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
        failure_bound=eps,
        real=sols,
    )


def _no_critical_point(problem: DistanceProblem) -> None:
    """A count of 0: the ED degree of a hypersurface (squarefree) or a refusal with the reason."""
    variety = problem.variety
    if isinstance(variety, ImplicitVariety) and len(variety.system.equations) == 1:
        return  # V(f), f squarefree: the Lagrange system is exact, so 0 is the ED degree
    raise EDDegreeError(
        "no critical point was found: the ED degree is 0 (e.g. a variety inside the isotropic "
        "quadric x_1^2 + ... + x_n^2 = 0) or the equations do not generate a radical ideal (the "
        "Jacobian has rank below the codimension on a whole component); pass generators of "
        "the radical ideal to decide"
    )


def count_with_msolve(
    problem: DistanceProblem,
    *,
    primes: Sequence[int] | None = None,
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
        primes: the primes to count over (all counts must agree); ``None``: two primes drawn
            from `PRIME_POOL` by the problem's seed, avoiding the divisors of the coefficients,
            and a third when they disagree.
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
        variety = problem.variety
        prime = primes[0] if primes else random_primes(1, problem.seed, coefficient_integers(variety.system))[0]  # fmt: skip
        parts = top_components(variety, prime, timeout, threads)
        if len(parts) > 1:  # components of different dimensions: the ED degree of each, summed
            results = [
                count_with_msolve(
                    replace(problem, variety=part), primes=primes, timeout=timeout, threads=threads
                )
                for part in parts
            ]
            n = variety.ambient_dimension
            first = results[0]
            return replace(
                first,
                ed_degree=sum(r.ed_degree for r in results),
                n_real=None,
                certified=all(r.certified for r in results),
                certainty="" if all(r.certified for r in results) else "numerical",
                failure_bound=None
                if any(r.failure_bound is None for r in results)
                else sum(r.failure_bound or 0.0 for r in results),
                route="implicit, summed over the components of different dimensions",
                counts=tuple(c for r in results for c in r.counts),
                codimension=None,
                components=tuple((n - (r.codimension or 0), r.ed_degree) for r in results),
                seconds=time.perf_counter() - start,
            )
        system, route, draws, codim = _implicit_system(problem, prime, timeout, threads)
    else:
        system, route, draws, codim = _parametric_system(problem)
    kind, lam, u = draws
    return _solve(
        system, route, primes, timeout, threads, real,
        problem=problem, weights=kind, weight_values=lam, data=u, codimension=codim, start=start,
    )  # fmt: skip


Draws = tuple[str, tuple[int, ...], tuple[int, ...]]

#: Most branches (choices of one irreducible factor per equation) examined for components of
#: different dimensions; past it the variety is taken as given (its top-dimensional part).
MAX_BRANCHES = 64


def top_components(
    variety: ImplicitVariety, prime: int, timeout: float = 120.0, threads: int = 1
) -> list[ImplicitVariety]:
    r"""The parts of $X = V(f_1, \dots, f_k)$ of different dimensions, or $[X]$ if there is one.

    $V(f) = \bigcup_\beta V(f_{1,\beta_1}, \dots, f_{k,\beta_k})$ over the choices $\beta$ of
    one irreducible factor of each equation (a *branch*). A branch of lower dimension that lies
    in a top-dimensional branch (every generator of that branch vanishes on it: the
    Rabinowitsch system is empty) is no component of its own. If every lower branch lies in a top
    one, $X$ has one dimension and ``[variety]`` is returned; else the maximal branches, one per
    dimension class, whose ED degrees add up to that of $X$ (Draisma et al. 2016, the ED degree
    of a union of varieties with no common component is the sum). Dimensions are computed by
    msolve modulo ``prime``.

    Raises:
        EDDegreeError: two maximal branches share a component (the sum would count it twice).

    Example:
        >>> parts = top_components(ImplicitVariety.of("x*y; x*z"), 1073741789)
        >>> [str(p) for p in parts]
        ['V(x)', 'V(y, z)']
    """
    eqs = variety.system.equations
    if len(eqs) < 2:
        return [variety]
    factors = [[g for g, _ in f.factor()[1]] or [f] for f in eqs]
    if math.prod(len(fs) for fs in factors) > MAX_BRANCHES:
        return [variety]
    system = variety.system

    def dim(polys: Sequence[flint.fmpq_mpoly]) -> int:
        return dimension(system.with_equations(list(polys)), prime=prime, timeout=timeout, threads=threads)  # fmt: skip

    branches: list[tuple[flint.fmpq_mpoly, ...]] = []
    for choice in itertools.product(*factors):
        unique = tuple(g for i, g in enumerate(choice) if not any(g == h for h in choice[:i]))
        if not any(
            len(unique) == len(b) and all(g == h for g, h in zip(unique, b, strict=True))
            for b in branches
        ):
            branches.append(unique)
    dims = [dim(b) for b in branches]
    live = [(d, b) for d, b in zip(dims, branches, strict=True) if d >= 0]
    if len({d for d, _ in live}) <= 1:
        return [variety]

    def inside(low: tuple, high: tuple) -> bool:
        """V(low) ⊆ V(high): every generator g of high vanishes on V(low) (V(low, 1 - t g) = ∅)."""
        names = system.variables
        taken = set(names)
        t = fresh_name("t", taken)
        ctx = polynomial_context((*names, t))
        gens = ctx.gens()
        lift = [f.compose(*gens[:-1], ctx=ctx) for f in low]
        sat = PolynomialSystem.from_polynomials
        return all(
            dimension(
                sat([*lift, 1 - gens[-1] * g.compose(*gens[:-1], ctx=ctx)], (*names, t)),
                prime=prime,
                timeout=timeout,
                threads=threads,
            )
            < 0
            for g in high
        )

    maximal: list[tuple[int, tuple]] = []
    for d, b in sorted(live, key=lambda db: -db[0]):
        if not any(inside(b, other) for _, other in maximal):
            maximal.append((d, b))
    if len({d for d, _ in maximal}) <= 1:
        return [variety]
    for (d1, b1), (d2, b2) in itertools.combinations(maximal, 2):
        if dim((*b1, *b2)) >= min(d1, d2):
            raise EDDegreeError(
                f"{variety} has components of dimensions {sorted({d for d, _ in maximal})} "
                "that could not be separated (two branches share a component); pass the "
                "components one at a time"
            )
    return [ImplicitVariety(system.with_equations(list(b))) for _, b in maximal]


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
