r"""ED critical points by homotopy: the critical equations as a family in the data $u$.

The critical equations of $d_u(x) = \sum_i \lambda_i (x_i - u_i)^2$ are affine in the
parameters $(\lambda, w)$, $w = \lambda \circ u$ (weights and weighted data), so a random point on
the variety and the $(\lambda, w)$ making it critical start monodromy (`monodromy_solve`).
Letting the weights move too matters: critical points near the isotropic cone of one $\lambda$
(huge, rarely permuted by loops in $u$ alone) are ordinary for another, so loops in $(\lambda,
w)$ mix all solutions quickly;
the generic instance so solved is then moved to any data by a parameter homotopy
(`EDProblem.solve`), and the endpoints certified on the exact equations. The random weights,
data, charts and combinations are drawn from the `neuromanifold.algebra.distance.DistanceProblem`
exactly as for the msolve engine (`neuromanifold.algebra.ed_degree.count_with_msolve`), so both
backends count the same system for the same seed.

- parametric: $\nabla_s \sum_i \lambda_i(\varphi_i(\theta(s)) - u_i)^2 = 0$ in the gauge-fixed
  parameters $s$; spurious points ($\det R^\top d\varphi = 0$) are never reached by monodromy
  from a generic start and are excluded by certification.
- implicit: $g = 0$, $\lambda_i(x_i - u_i) = \sum_j \mu_j \partial_i g_j$ with $g$ ($c$ random
  combinations of) the equations; singular points ($\det J_g R = 0$) are excluded likewise.

References: Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016; Breiding–Kohn–Sturmfels,
*Metric Algebraic Geometry*, 2024, Ch. 2; Duff et al. 2019 (monodromy).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.charts import random_nonzero
from neuromanifold.algebra.distance import (
    DistanceProblem,
    ImplicitVariety,
    ParametrizedVariety,
    WeightKind,
    lagrange_draws,
    parametric_setup,
)
from neuromanifold.algebra.ed_degree import EDDegree, determinant
from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.homotopy.homotopies import ParameterHomotopy
from neuromanifold.algebra.homotopy.kernel import EDSparse, SparseSystem
from neuromanifold.algebra.homotopy.monodromy import MonodromyError, monodromy_solve, start_pair
from neuromanifold.algebra.homotopy.result import HomotopyResult
from neuromanifold.algebra.homotopy.solve import solve_parameter_homotopy, solve_total_degree
from neuromanifold.algebra.homotopy.tracker import PathStatus, TrackerOptions, track
from neuromanifold.algebra.parsing import polynomial_context
from neuromanifold.algebra.system import PolynomialSystem, fresh_name
from neuromanifold.errors import InputError, TimeLimitError

__all__ = [
    "EDProblem",
    "count_with_homotopy",
    "data_scaling",
    "ed_problem",
    "ed_problem_implicit",
    "ed_problem_parametric",
    "solve_distance_problem",
]

Complex = NDArray[np.complex128]


@dataclass(frozen=True, eq=False)
class EDProblem:
    r"""The ED critical equations as a square family in the data $u$, ready to solve and move.

    Attributes:
        system: critical equations; ``system.parameters`` are the weights $\lambda$ then the
            weighted data $w = \lambda \circ u$ (the family is affine in them).
        nonvanishing: square matrix of polynomials in ``system.variables`` whose determinant
            must not vanish at a genuine critical point (saturation).
        route: ``"parametric"`` or ``"implicit"``.
        weights: ``"unit"``, ``"generic"`` or ``"given"``; weight_values: the $\lambda_i$.
        data: the sampled integer data point $u$.
        seed: seed of every random choice.
        ambient_dimension, codimension: of the variety.
        start: a point on the variety in the unknowns (implicit route) or None.
        point: the critical point in the ambient space as polynomials in the unknowns
            ($\varphi(\theta(s))$ on the parametric route); None means the first
            ``ambient_dimension`` unknowns (implicit route). Its sum over all critical points
            is linear in the data for a cone, which the trace test checks (`trace_test`).
    """

    system: PolynomialSystem
    nonvanishing: tuple[tuple[flint.fmpq_mpoly, ...], ...]
    route: str
    weights: str
    weight_values: tuple[int, ...]
    data: tuple[int, ...]
    seed: int
    ambient_dimension: int
    codimension: int | None
    start: Complex | None = field(default=None, repr=False)
    point: tuple[flint.fmpq_mpoly, ...] | None = field(default=None, repr=False)
    is_cone: bool = False
    structured: EDSparse | None = field(default=None, repr=False)
    evaluator: CompiledSystem = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ev = dataclasses.replace(
            CompiledSystem.from_system(self.system), structured=self.structured
        )
        object.__setattr__(self, "evaluator", ev)

    @functools.cached_property
    def _point_evaluator(self) -> CompiledSystem | None:
        """The evaluator of `point` (compiled when first needed: by the trace test only)."""
        if self.point is None:
            return None
        return CompiledSystem.from_system(
            PolynomialSystem(tuple(self.point), self.system.variables)
        )

    def ambient_point(self, solutions: Complex) -> Complex:
        """The critical points (N, ambient_dimension) in the ambient space of the data."""
        x = np.asarray(solutions, dtype=np.complex128)
        if self._point_evaluator is None:
            return x[:, : self.ambient_dimension]
        return self._point_evaluator.evaluate(x, parameter_derivative=False)[0]

    def target(self, data: Sequence[int] | None = None) -> tuple[int, ...]:
        r"""The parameters $(\lambda, \lambda \circ u)$ of integer data (default: the sampled data)."""
        u = self.data if data is None else tuple(int(v) for v in data)
        if len(u) != self.ambient_dimension:
            raise InputError(
                f"data must have {self.ambient_dimension} integer coordinates, got {len(u)}"
            )
        lam = self.weight_values
        return (*lam, *(a * b for a, b in zip(lam, u, strict=True)))

    def saturated_system(self, data: Sequence[int] | None = None) -> PolynomialSystem:
        r"""The system msolve counts: critical equations at ``data`` plus $t \det(\cdot) - 1$."""
        fixed = self.system.substitute(
            dict(zip(self.system.parameters, self.target(data), strict=True))
        )
        names = fixed.variables
        t_name = fresh_name("t", set(names))
        ctx = polynomial_context((*names, t_name))
        gens = ctx.gens()
        lift = [f.compose(*gens[:-1], ctx=ctx) for f in fixed.equations]
        h = determinant(
            [[p.compose(*gens[:-1], ctx=ctx) for p in row] for row in self.nonvanishing]
        )
        return PolynomialSystem.from_polynomials([*lift, gens[-1] * h - 1], (*names, t_name))

    def generic_solutions(
        self,
        *,
        expected: int | None = None,
        stable_loops: int = 5,
        max_loops: int = 60,
        options: TrackerOptions | None = None,
        at_weights: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> HomotopyResult:
        """All critical points for the given weights and a generic complex data point.

        Monodromy (see module) from a base point with the given weights turned by random
        phases and generic weighted data; the other nodes perturb the weights too. Completeness: ``expected`` if
        given, else the trace test on the ambient critical points when the variety is a cone
        (their sum is then linear in the data), else ``stable_loops`` extra loops without a
        new solution. The solutions are then brought to the data's magnitude: exactly, by the
        scaling symmetry `data_scaling` when there is one, else by a staircase of parameter
        homotopies.

        ``at_weights=False`` leaves the weights turned (one parameter homotopy fewer): the
        solutions are those of a generic instance near the given weights, the start `solve`
        needs (its homotopy then turns the weights back on the way to the data); what
        `count_with_homotopy` does for a single solve.
        """
        x0 = None if self.start is None else self.start
        n = self.ambient_dimension
        exact = np.asarray(self.target(), dtype=float)
        # the base node: the given weights turned by random phases within a quarter turn (only
        # the weighted data is solved for), so one short homotopy turns the solutions back to
        # the weights as given. Measured: a base with the real weights themselves had loop
        # paths twice as long (84 s vs 47 s on P2xP2xP2), one with unrelated complex weights
        # needed two or more stages to reach them.
        turn = np.random.default_rng([self.seed, 6]).uniform(-np.pi / 2, np.pi / 2, size=n)
        fixed = np.concatenate([exact[:n] * np.exp(1j * turn), np.full(n, np.nan)])
        xs, p0 = start_pair(
            self.system,
            seed=self.seed,
            x0=x0,
            evaluator=self.evaluator,
            fixed=fixed,
        )
        found = monodromy_solve(
            self.system,
            seed=self.seed,
            start=(xs, p0),
            expected=expected,
            trace=self.ambient_point if self.is_cone else None,
            trace_directions=self._data_directions(),
            spread=(0.0, 0.0) if self.is_cone else (-1.0, 1.5),
            nonvanishing=~self._data_directions(),
            stable_loops=stable_loops,
            max_loops=max_loops,
            options=options,
            evaluator=self.evaluator,
            progress=progress,
        )
        # Move to a generic complex point of the data's magnitude (later moves to data of that
        # size are short paths) along a geometric staircase p_k = p0 (p1 / p0)^(k / K): at most
        # two decades and a quarter turn per coordinate per stage. A straight segment from
        # |p| ~ 0.1 to |p| ~ 1e8 would do all its moving in t < 1e-8, and one between random
        # phases would pass a weight near zero (a degenerate problem: paths jump there).
        rng = np.random.default_rng([self.seed, 5])
        size = float(np.sqrt(np.mean(np.square(exact[n:]))))
        start = np.asarray(found.parameters, dtype=np.complex128)
        sols = found.solutions
        degrees = data_scaling(self.system, self._data_directions(), evaluator=self.evaluator)
        note = ""
        if degrees is not None:  # the data's magnitude exactly, by the scaling symmetry
            c = size / (float(np.sqrt(np.mean(np.abs(start[n:]) ** 2))) or 1.0)
            start = np.concatenate([start[:n], c * start[n:]])
            sols = sols * c**degrees
            note = f"; moved to the data's magnitude by the scaling symmetry (factor {c:.3g})"

        weights = exact[:n] if at_weights else start[:n]

        def final() -> Complex:  # the weights (given, or kept turned), the weighted data generic
            if degrees is not None:
                return np.concatenate([weights, start[n:]]).astype(np.complex128)
            w = size * (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
            return np.concatenate([weights, w]).astype(np.complex128)

        target = final()
        if np.array_equal(target, start):  # already there (the scaling symmetry did it all)
            return dataclasses.replace(
                found, solutions=sols, parameters=start, completeness=found.completeness + note
            )
        log_ratio = np.asarray(np.log(target / start), dtype=np.complex128)
        stages = max(
            1,
            int(np.ceil(np.max(np.abs(log_ratio.real), initial=0.0) / np.log(100.0))),
            int(np.ceil(np.max(np.abs(log_ratio.imag), initial=0.0) / (np.pi / 2))),
        )
        here, statuses, paths, seconds = start, [], 0, 0.0
        for k in range(1, stages + 1):
            best = None
            for attempt in range(3):
                there = start * np.exp(log_ratio * k / stages)
                if attempt and k < stages:  # paths failed: a nearby point instead
                    there = there * np.exp(
                        0.1 * (rng.normal(size=n * 2) + 1j * rng.normal(size=n * 2))
                    )
                elif attempt:  # keep the weights, another generic weighted data point
                    there = there.copy()
                    there[n:] *= np.exp(0.1 * (rng.normal(size=n) + 1j * rng.normal(size=n)))
                step = solve_parameter_homotopy(
                    self.system,
                    sols,
                    here,
                    there,
                    seed=self.seed,
                    options=options,
                    certify=False,
                    evaluator=self.evaluator,
                )
                if best is None or step.n_solutions > best[0].n_solutions:
                    best = (step, there)
                statuses += list(step.statuses)
                paths += step.paths
                seconds += step.seconds
                if step.n_solutions == sols.shape[0]:
                    break
            assert best is not None
            sols, here = best[0].solutions, best[1]
        target = here
        moved = HomotopyResult(
            solutions=sols,
            variables=found.variables,
            statuses=tuple(statuses),
            method="parameter homotopy",
            seed=self.seed,
            paths=paths,
            seconds=seconds,
            parameters=target,
        )
        lost = found.n_solutions - moved.n_solutions
        return HomotopyResult(
            solutions=moved.solutions,
            variables=found.variables,
            statuses=found.statuses + moved.statuses,
            method="monodromy",
            seed=self.seed,
            paths=found.paths + moved.paths,
            seconds=found.seconds + moved.seconds,
            completeness=found.completeness
            + note
            + (f"; {lost} LOST when moving to the data scale" if lost else ""),
            parameters=target,
        )

    def _data_directions(self) -> NDArray[np.bool_]:
        """The parameters the trace is linear in: the weighted data $w$ (weights held fixed)."""
        n = self.ambient_dimension
        return np.concatenate([np.zeros(n, dtype=bool), np.ones(n, dtype=bool)])

    def solve(
        self,
        generic: HomotopyResult,
        data: Sequence[int] | None = None,
        *,
        certify: bool = True,
        options: TrackerOptions | None = None,
        processes: int | None = None,
    ) -> HomotopyResult:
        """Move the generic solutions to integer ``data`` (default: the sampled data) and certify.

        ``processes``: certification workers for large solution sets (default: all cores).
        """
        out = solve_parameter_homotopy(
            self.system,
            generic.solutions,
            generic.parameters,
            list(self.target(data)),
            seed=self.seed,
            options=options,
            certify=certify,
            nonvanishing=self.nonvanishing,
            processes=(os.cpu_count() or 1) if processes is None else processes,
            evaluator=self.evaluator,
        )
        evidence = f"{generic.completeness}; then {out.completeness}"
        return HomotopyResult(
            solutions=out.solutions,
            variables=out.variables,
            statuses=out.statuses,
            method="monodromy + parameter homotopy",
            seed=self.seed,
            paths=out.paths,
            seconds=out.seconds,
            certification=out.certification,
            completeness=evidence,
            parameters=out.parameters,
            singular=out.singular,
        )


def ed_problem_parametric(
    parametrization: str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly],
    parameters: Sequence[str] | None = None,
    *,
    charts: Sequence[Sequence[str]] = (),
    constraints: Sequence[flint.fmpq_mpoly] | str = (),
    weights: WeightKind | Sequence[int] = "unit",
    data: Sequence[int] | None = None,
    seed: int = 0,
) -> EDProblem:
    r"""The critical equations of $\sum_i \lambda_i(\varphi_i(\theta) - u_i)^2$, $u$ symbolic.

    `ed_problem` of a `ParametrizedVariety` (same arguments as `ParametrizedVariety.of`).

    Example:
        >>> p = ed_problem_parametric("a0*b0; a0*b1; a1*b0; a1*b1", charts=[["a0", "a1"]])
        >>> p.system.variables, len(p.system.parameters)  # weights and weighted data
        (('a1', 'b0', 'b1'), 8)
    """
    variety = ParametrizedVariety.of(
        parametrization, parameters, charts=charts, constraints=constraints
    )
    return ed_problem(DistanceProblem(variety, weights, data, seed))


def ed_problem(problem: DistanceProblem) -> EDProblem:
    r"""The critical equations of a `DistanceProblem` as a family in $(\lambda, \lambda \circ u)$.

    Same random draws as the msolve engine for the same seed. Implicit variety: ``codim=None``
    is 1 for one equation, otherwise computed with msolve (`neuromanifold.algebra.dimension`);
    for $k > c$ equations the $c$ random combinations $g$ are solved, and a critical point of a
    different component of $V(g)$ would not be excluded (pass generators of a complete
    intersection to avoid this).

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> ed_problem(DistanceProblem(ImplicitVariety.of("y^2 - x^3"))).route
        'implicit'
    """
    if isinstance(problem.variety, ImplicitVariety):
        return _implicit_family(problem)
    return _parametric_family(problem)


def _parametric_family(problem: DistanceProblem) -> EDProblem:
    """See `ed_problem`: the gradient in the free chart coordinates."""
    seed = problem.seed
    setup = parametric_setup(problem)
    phi, names, gauge, kind, lam, u, free, images, rng = setup
    n, mfree = len(phi), len(free)
    taken = set(free)
    lnames = tuple(fresh_name(f"l{i}", taken) for i in range(n))
    unames = tuple(fresh_name(f"w{i}", taken | set(lnames)) for i in range(n))
    # φ(θ(s)) and its derivatives in the free coordinates alone (the images are polynomials
    # in them), then lifted to the ring with the weights and weighted data
    small = polynomial_context(free)
    into = [im if im.context() is small else im.compose(*small.gens(), ctx=small) for im in images]
    ambient = tuple(f.compose(*into, ctx=small) for f in phi)
    jac_free = [[f.derivative(k) for k in range(mfree)] for f in ambient]
    ctx = polynomial_context((*free, *lnames, *unames))
    gens = ctx.gens()
    s, ll, ww = gens[:mfree], gens[mfree : mfree + n], gens[mfree + n :]
    phis = [f.compose(*s, ctx=ctx) for f in ambient]
    jac = [[f.derivative(k) for k in range(mfree)] for f in phis]
    gradient = [
        sum(((ll[i] * phis[i] - ww[i]) * jac[i][k] for i in range(n)), ctx.constant(0))
        for k in range(mfree)
    ]
    r = random_nonzero(rng, (n, mfree))
    reduced = _random_combination(jac_free, r)  # R^T dφ
    system = PolynomialSystem(tuple(gradient), free, (*lnames, *unames))
    theta = _point_in_gauge(list(phi), list(gauge), tuple(names), seed)
    start = theta[[list(names).index(v) for v in free]]
    return EDProblem(
        system,
        reduced,
        "parametric",
        kind,
        lam,
        u,
        seed,
        n,
        None,
        start,
        point=ambient,
        is_cone=_homogeneous(list(phi), same_degree=True),
        structured=_structured(list(phi), tuple(names), images, free),
    )


def _structured(
    phi: list[flint.fmpq_mpoly],
    names: tuple[str, ...],
    images: Sequence[flint.fmpq_mpoly],
    free: Sequence[str],
) -> EDSparse:
    r"""`EDSparse` of the gradient: $\varphi$ and its derivatives in $\theta$, the chart $A s + b$."""
    k, mth = len(free), len(names)
    a = np.zeros((mth, k))
    b = np.zeros(mth)
    for j, im in enumerate(images):
        for monom, c in im.terms():
            value = float(Fraction(int(c.p), int(c.q)))
            exps = [int(e) for e in monom]
            if sum(exps) == 0:
                b[j] += value
            else:
                a[j, exps.index(1)] += value
    derivs = [f.derivative(i) for f in phi for i in range(mth)]
    q = CompiledSystem.from_system(PolynomialSystem((*phi, *derivs), names)).sparse
    assert isinstance(q, SparseSystem)
    return EDSparse(a, b, q, len(phi))


def data_scaling(
    system: PolynomialSystem,
    data: NDArray[np.bool_],
    *,
    evaluator: CompiledSystem | None = None,
) -> NDArray[np.float64] | None:
    r"""Exponents $d$ with $F(c^{d} \circ x;\ \lambda, c\,w) = c^{e} \circ F(x;\ \lambda, w)$, or None.

    A quasi-homogeneity of the family in the unknowns and the data parameters (weight one; the
    other parameters weight zero): then the solutions for data $c\,w$ are those for $w$ with
    $x_i$ multiplied by $c^{d_i}$, for every $c > 0$ — a move in the data's magnitude that costs
    nothing. For ED critical points of a multilinear map with charts on all layers but one, $d$
    is one on the free layer and zero elsewhere. Found by least squares on the exponents and
    then checked exactly on every term.

    Args:
        system: the family; data: which parameters are data (weight one).
        evaluator: the family compiled (`CompiledSystem.terms` gives the exponents).

    Returns:
        $d$ (one entry per unknown, rationals with small denominators as floats) or None.

    Example:
        >>> s = PolynomialSystem.from_text("a*b - w; a - 1", ["a", "b"], parameters=["w"])
        >>> data_scaling(s, np.array([True])).tolist()  # (1, w) solves it for every w
        [0.0, 1.0]
    """
    ev = evaluator or CompiledSystem.from_system(system)
    n = ev.nvars
    exps, eq = ev.terms()
    order = np.argsort(eq, kind="stable")
    exps, eq = exps[order], eq[order]
    first = np.ones(eq.size, dtype=bool)
    first[1:] = eq[1:] != eq[:-1]
    ref = np.flatnonzero(first)[np.cumsum(first) - 1]  # each term's equation's first term
    rest = ~first
    if not rest.any():
        return None
    pdeg = exps[:, n:] @ np.asarray(data, dtype=float)
    a = (exps[rest, :n] - exps[ref[rest], :n]).astype(float)
    b = -(pdeg[rest] - pdeg[ref[rest]])
    d, *_ = np.linalg.lstsq(a, b, rcond=None)
    exact = [Fraction(float(v)).limit_denominator(12) for v in d]
    # the exact check in integers: every degree times the common denominator
    common = math.lcm(*(v.denominator for v in exact))
    scaled = np.array([int(v * common) for v in exact], dtype=np.int64)
    mask = np.asarray(data, dtype=bool)
    value = exps[:, :n] @ scaled + common * exps[:, n:][:, mask].sum(axis=1)
    if np.any(value != value[ref]):
        return None
    return np.array([float(v) for v in exact])


def _homogeneous(polys: Sequence[flint.fmpq_mpoly], *, same_degree: bool) -> bool:
    """Every polynomial homogeneous (and, if asked, all of one degree): a cone."""
    degrees = set()
    for f in polys:
        ds = {sum(int(e) for e in mono) for mono in f.monoms()}
        if len(ds) > 1:
            return False
        degrees |= ds
    return len(degrees) <= 1 or not same_degree


def _point_in_gauge(
    phi: list[flint.fmpq_mpoly], gauge: list[flint.fmpq_mpoly], names: tuple[str, ...], seed: int
) -> Complex:
    r"""A well-scaled parameter point satisfying the (affine-linear) gauge constraints.

    A random small-integer $\tilde\theta$ is moved inside its fiber $\varphi(\theta) =
    \varphi(\tilde\theta)$ until $\ell_j(\theta) = 0$: a parameter homotopy in the constants of
    the constraints, with $m - r$ random combinations of the fiber equations. This finds the
    point of the orbit on the chart, whose scale is natural for the chart's coefficients. When
    the orbits are rescalings of blocks of parameters (`_rescaled_onto_charts`: the charts of
    a Segre-type map, or of rank one) that point is computed directly.
    """
    m, r = len(names), len(gauge)
    rng = np.random.default_rng([seed, 11])
    if r == 0:
        return (rng.normal(size=m) + 1j * rng.normal(size=m)).astype(np.complex128)
    for attempt in range(5):
        tilde = [
            int(v) * int(sg)
            for v, sg in zip(rng.integers(1, 10, size=m), rng.choice([-1, 1], size=m), strict=True)
        ]
        if attempt == 0:
            direct = _rescaled_onto_charts(phi, gauge, tilde)
            if direct is not None:
                return direct
        values = [f(*tilde) for f in phi]
        dnames = tuple(f"_d{j}" for j in range(r))
        ctx = polynomial_context((*names, *dnames))
        gens = ctx.gens()
        th, d = gens[:m], gens[m:]
        comb = rng.integers(-9, 10, size=(m - r, len(phi)))
        lifted = [f.compose(*th, ctx=ctx) - v for f, v in zip(phi, values, strict=True)]
        eqs = [
            sum((int(comb[k, i]) * lifted[i] for i in range(len(phi))), ctx.constant(0))
            for k in range(m - r)
        ]
        consts = [g.coeffs()[-1] if g.monoms()[-1] == (0,) * m else flint.fmpq(0) for g in gauge]
        linear = [g - c for g, c in zip(gauge, consts, strict=True)]
        eqs += [lin.compose(*th, ctx=ctx) - dj for lin, dj in zip(linear, d, strict=True)]
        fam = PolynomialSystem(tuple(eqs), names, dnames)
        ev = CompiledSystem.from_system(fam)
        d0 = np.array([complex(float(lin(*tilde))) for lin in linear])
        d1 = np.array([-float(c) for c in consts], dtype=np.complex128)
        mid = 0.5 * (d0 + d1) + (rng.normal(size=r) + 1j * rng.normal(size=r)) * (
            1 + np.abs(d0 - d1)
        )
        x = np.array([tilde], dtype=np.complex128)
        for a, b in ((d0, mid), (mid, d1)):
            out = track(ParameterHomotopy(ev, a, b), x)
            if out.status[0] != PathStatus.SUCCESS:
                break
            x = out.endpoints
        else:
            return x[0]
    raise MonodromyError(
        "could not move a random parameter point onto the gauge charts; the constraints may "
        "not be a slice of the symmetry orbits — pass other charts"
    )


def _rescaled_onto_charts(
    phi: list[flint.fmpq_mpoly], gauge: list[flint.fmpq_mpoly], tilde: list[int]
) -> Complex | None:
    r"""The point of $\tilde\theta$'s rescaling orbit on the charts, if the orbits are rescalings.

    Holds when each constraint is $\ell_j(\theta) + c_j$ with $\ell_j$ linear on a block $S_j$
    of the parameters (disjoint blocks) and $\varphi$ has degree exactly one in each $S_j$ and
    in the block $T$ of the parameters no constraint reads (every monomial of every
    $\varphi_i$ takes one factor from each): then $\theta_{S_j} \mapsto \sigma_j \theta_{S_j}$,
    $\theta_T \mapsto \theta_T / \prod_j \sigma_j$ keeps $\varphi$, and $\sigma_j = -c_j /
    \ell_j(\tilde\theta)$ puts the point on every chart: the point the homotopy of
    `_point_in_gauge` tracks (the orbit meets the charts once). None otherwise.
    """
    m = len(tilde)
    blocks: list[list[int]] = []
    sigma: list[float] = []
    for g in gauge:  # (plain Python: a handful of terms, numpy's per-call cost dominates)
        value, const, block = 0.0, None, []
        for mono, c in zip(g.monoms(), g.coeffs(), strict=True):
            support = [v for v, e in enumerate(mono) if e]
            if not support:
                const = float(c.p) / float(c.q)
            elif len(support) == 1 and mono[support[0]] == 1:
                block.append(support[0])
                value += float(c.p) / float(c.q) * tilde[support[0]]
            else:
                return None  # not affine-linear
        if const is None or not block or value == 0:
            return None
        blocks.append(block)
        sigma.append(-const / value)
    used = [v for block in blocks for v in block]
    rest = sorted(set(range(m)) - set(used))
    if len(set(used)) != len(used) or not rest:
        return None  # overlapping blocks, or no block left to compensate
    owner = [len(blocks)] * m  # the block of each parameter (rest: the last)
    for k, block in enumerate(blocks):
        for v in block:
            owner[v] = k
    for f in phi:  # every monomial takes exactly one factor from each block
        if f.is_zero():
            return None
        for mono in f.monoms():
            taken = [0] * (len(blocks) + 1)
            for v, e in enumerate(mono):
                taken[owner[v]] += int(e)
            if any(t != 1 for t in taken):
                return None
    theta = np.array(tilde, dtype=float)
    for block, s in zip(blocks, sigma, strict=True):
        theta[block] *= s
    theta[rest] /= math.prod(sigma)
    return theta.astype(np.complex128)


def _point_on_variety(
    eqs: list[flint.fmpq_mpoly], n: int, codim: int, seed: int, names: tuple[str, ...]
) -> Complex:
    """A nonsingular point of V(eqs) on a random integer affine c-plane (total degree)."""
    rng = np.random.default_rng([seed, 7])
    for _ in range(20):
        a = rng.integers(-3, 4, size=n)  # a random plane of moderate offset
        b = rng.integers(-9, 10, size=(n, codim))
        if np.linalg.matrix_rank(b) < codim or np.any(np.all(b == 0, axis=1)):
            continue
        snames = tuple(f"s{i}" for i in range(codim))
        sctx = polynomial_context(snames)
        sg = sctx.gens()
        line = [
            sum((int(b[i, j]) * sg[j] for j in range(codim)), sctx.constant(int(a[i])))
            for i in range(n)
        ]
        restricted = [f.compose(*line, ctx=sctx) for f in eqs]
        sub = PolynomialSystem(tuple(restricted[:codim]), snames)
        if any(f.is_zero() for f in sub.equations):
            continue
        res = solve_total_degree(sub, seed=seed, certify=False)
        for s in res.solutions:
            x = a + b @ s
            ev = CompiledSystem.from_system(PolynomialSystem.from_polynomials(eqs, names))
            f, jx, _ = ev.evaluate(x[None, :].astype(complex))
            if (
                np.linalg.norm(f) < 1e-8 * (1 + np.linalg.norm(x))
                and np.linalg.matrix_rank(jx[0], tol=1e-8) == codim
            ):
                return x.astype(np.complex128)
    raise MonodromyError("found no nonsingular point on the variety to start monodromy")


def ed_problem_implicit(
    equations: str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly] | PolynomialSystem,
    variables: Sequence[str] | None = None,
    *,
    weights: WeightKind | Sequence[int] = "unit",
    codim: int | None = None,
    data: Sequence[int] | None = None,
    seed: int = 0,
) -> EDProblem:
    r"""The Lagrange critical equations of $\sum_i \lambda_i(x_i - u_i)^2$ on $V(f)$, $u$ symbolic.

    `ed_problem` of an `ImplicitVariety` (same arguments as `ImplicitVariety.of`).

    Example:
        >>> p = ed_problem_implicit("x^2 + y^2 - 1")
        >>> p.system.variables
        ('x', 'y', 'mu0')
    """
    variety = ImplicitVariety.of(equations, variables, codim=codim)
    return ed_problem(DistanceProblem(variety, weights, data, seed))


def _implicit_family(problem: DistanceProblem) -> EDProblem:
    """See `ed_problem`: the Lagrange equations with the weights and weighted data symbolic."""
    variety = problem.variety
    assert isinstance(variety, ImplicitVariety)
    base, seed, codim = variety.system, problem.seed, variety.codim
    n = base.nvars
    eqs = list(base.equations)
    if codim is None:
        if len(eqs) == 1:
            codim = 1
        else:
            from neuromanifold.algebra.msolve import dimension

            codim = n - dimension(base)
    kind, lam, u, g, r = lagrange_draws(problem, codim)
    taken = set(base.variables)
    mu_names = tuple(fresh_name(f"mu{j}", taken) for j in range(codim))
    lnames = tuple(fresh_name(f"l{i}", taken | set(mu_names)) for i in range(n))
    unames = tuple(fresh_name(f"w{i}", taken | set(mu_names) | set(lnames)) for i in range(n))
    unknowns = (*base.variables, *mu_names)
    ctx = polynomial_context((*unknowns, *lnames, *unames))
    gens = ctx.gens()
    x, mu = gens[:n], gens[n : n + codim]
    ll, ww = gens[n + codim : 2 * n + codim], gens[2 * n + codim :]
    lift = [f.compose(*x, ctx=ctx) for f in g]
    jac = [[f.derivative(i) for i in range(n)] for f in lift]
    lagrange = [
        ll[i] * x[i] - ww[i] - sum((mu[j] * jac[j][i] for j in range(codim)), ctx.constant(0))
        for i in range(n)
    ]
    jk = [_without_parameters(row, unknowns, 2 * n) for row in jac]
    jt = tuple(zip(*jk, strict=True))
    reduced = tuple(zip(*_random_combination(jt, r), strict=True))  # J_g R
    system = PolynomialSystem((*lift, *lagrange), unknowns, (*lnames, *unames))
    x0 = _point_on_variety(list(eqs), n, codim, seed, base.variables)
    mrng = np.random.default_rng([seed, 3])
    mu0 = mrng.normal(size=codim) + 1j * mrng.normal(size=codim)
    start = np.concatenate([x0, mu0])
    return EDProblem(
        system,
        reduced,
        "implicit",
        kind,
        lam,
        u,
        seed,
        n,
        codim,
        start,
        is_cone=_homogeneous(list(eqs), same_degree=False),
    )


def _without_parameters(
    polys: Sequence[flint.fmpq_mpoly], unknowns: Sequence[str], nparams: int
) -> tuple[flint.fmpq_mpoly, ...]:
    """Polynomials in ``unknowns`` and ``nparams`` trailing parameters, at parameters 0."""
    ctx = polynomial_context(unknowns)
    gens = ctx.gens()
    zero = [ctx.constant(0)] * nparams
    return tuple(p.compose(*gens, *zero, ctx=ctx) for p in polys)


def _random_combination(
    matrix: Sequence[Sequence[flint.fmpq_mpoly]], r: np.ndarray
) -> tuple[tuple[flint.fmpq_mpoly, ...], ...]:
    r"""$R^\top M$ for an $n \times m$ matrix $M$ of polynomials and an integer $n \times m'$
    matrix $R$: the square matrix whose determinant saturates (when $m' = m$)."""
    zero = matrix[0][0].context().constant(0)
    n, m = len(matrix), len(matrix[0])
    return tuple(
        tuple(sum((int(r[i, a]) * matrix[i][k] for i in range(n)), zero) for k in range(m))
        for a in range(r.shape[1])
    )


def _to_ed_degree(
    problem: EDProblem,
    result: HomotopyResult,
    seconds: float,
    expected: int | None,
    expected_from: str = "",
) -> EDDegree:
    # ``certified`` keeps the meaning it has for msolve: the COUNT is certified. Here every
    # solution is proved by Krawczyk, but completeness is only evidence unless the count equals a
    # known exact ``expected`` count (or, numerically, a trace test passed).
    cert = result.certification
    all_proved = bool(cert is not None and cert.complete and result.failures == 0)
    exact = expected is not None and result.n_solutions == expected
    certified = all_proved and exact
    traced = "trace test passed" in result.completeness
    if exact:
        completeness = (
            f"{result.n_solutions} Krawczyk-proved distinct points = the exact count "
            f"({expected_from or 'given'})"
        )
    elif expected is None and traced:
        completeness = f"{result.n_solutions} Krawczyk-proved distinct points; trace test passed"
    else:
        completeness = ""
    return EDDegree(
        ed_degree=result.n_solutions,
        n_real=result.n_real,
        certified=certified,
        backend="homotopy",
        seed=problem.seed,
        weights=problem.weights,
        route=f"{problem.route} ({result.completeness})",
        counts=(),
        weight_values=problem.weight_values,
        data=problem.data,
        ambient_dimension=problem.ambient_dimension,
        codimension=problem.codimension,
        nvars=problem.system.nvars,
        seconds=seconds,
        real_certified=all_proved and bool(completeness),
        completeness=completeness,
    )


def solve_distance_problem(
    problem: DistanceProblem,
    *,
    expected: int | None = None,
    stable_loops: int = 10,
    options: TrackerOptions | None = None,
    processes: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    deadline: float | None = None,
) -> tuple[EDProblem, HomotopyResult]:
    r"""All critical points of a `DistanceProblem` at its data, certified: the family and result.

    Monodromy on the family (`EDProblem.generic_solutions`, closed by ``expected`` when given),
    then one parameter homotopy to the problem's weights and data and Krawczyk certification
    (`EDProblem.solve`). ``progress(found, expected)`` is called after each round of loops;
    past ``deadline`` (a `time.perf_counter` value) a `TimeLimitError` is raised.

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> family, result = solve_distance_problem(DistanceProblem(ImplicitVariety.of("y - x^2")))
        >>> result.n_solutions, family.route
        (3, 'implicit')
    """

    def report(loops: int, found: int) -> None:
        if progress is not None:
            progress(found, expected)
        if deadline is not None and time.perf_counter() > deadline:
            raise TimeLimitError(
                f"the homotopy did not finish within its time limit ({found} solutions found "
                "so far); raise timeout="
            )

    family = ed_problem(problem)
    generic = family.generic_solutions(
        expected=expected,
        stable_loops=stable_loops,
        options=options,
        at_weights=False,
        progress=report,
    )
    report(0, generic.n_solutions)
    return family, family.solve(generic, options=options, processes=processes)


def count_with_homotopy(
    problem: DistanceProblem,
    *,
    expected: int | None = None,
    expected_from: str = "",
    **solve: Any,
) -> EDDegree:
    r"""The homotopy engine: monodromy + parameter homotopy + Krawczyk on a `DistanceProblem`.

    The counterpart of `neuromanifold.algebra.ed_degree.count_with_msolve` (same random draws
    for the same seed, hence the same system). Every returned critical point is proved by
    Krawczyk (unique, nonsingular, distinct, realness decided by boxes closed under
    conjugation), so ``ed_degree`` is a proved lower bound; ``certified`` (the count itself, as
    for msolve) is True only when it equals a known exact ``expected`` count, and then
    ``n_real`` is certified too (``real_certified``; ``completeness`` names the count's
    source, ``expected_from``). Without ``expected``, completeness is the evidence stated in
    ``route`` (a stable monodromy count, or the trace test: then ``n_real`` is certified up to
    that numerical test, which ``completeness`` says).

    Args:
        problem: the variety, weights, data and seed.
        expected: a known exact count (closes monodromy and certifies the count).
        expected_from: where ``expected`` comes from (a closed formula, msolve mod primes).
        solve: the other options of `solve_distance_problem` (``stable_loops``, ``options``,
            ``processes``, ``progress``, ``deadline``).

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> r = count_with_homotopy(DistanceProblem(ImplicitVariety.of("y^2 - x^3")))
        >>> r.ed_degree, r.certified, r.backend
        (4, False, 'homotopy')
    """
    start = time.perf_counter()
    family, result = solve_distance_problem(problem, expected=expected, **solve)
    return _to_ed_degree(family, result, time.perf_counter() - start, expected, expected_from)
