r"""Find all critical points of a quadratic loss, in function space and in parameter space.

The verb :func:`critical_points` builds the exact systems of
:mod:`~neuromanifold.critical_points.equations`, counts their complex solutions with msolve
modulo two random primes (the counts must agree), isolates the real ones over ℚ in certified boxes
(with a time limit), and classifies each real point
(:mod:`~neuromanifold.critical_points.classify`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import flint
import numpy as np

from neuromanifold.algebra import (
    MsolveTimeoutError,
    PolynomialSystem,
    PositiveDimensionalError,
    count_modulo_primes,
    real_solutions,
)
from neuromanifold.algebra.distance import DistanceProblem, ParametrizedVariety, parametric_setup
from neuromanifold.algebra.modular_count import CountDisagreementError
from neuromanifold.algebra.proximity import nearest_within, representatives
from neuromanifold.algebra.system import NumericEvaluator
from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    parse_architecture,
)
from neuromanifold.budget import DEFAULT_MAX_PARAMS
from neuromanifold.critical_points.classify import (
    balance,
    balance_scalings,
    encloses_zero,
    hessian_kind,
    is_local_min_on_M,
    lift_fc,
    numerical_rank,
    reduced_hessian,
    scaling_directions,
    stratum_of,
    symmetry_directions,
)
from neuromanifold.critical_points.equations import (
    CriticalSystem,
    Locus,
    critical_system,
    loci,
    parameter_gauge,
)
from neuromanifold.critical_points.result import CriticalPoint, CriticalPoints, LocusCount
from neuromanifold.errors import BudgetError, InputError, NeuromanifoldError
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.membership import membership
from neuromanifold.losses import PulledBackLoss, QuadraticLoss, exact_loss
from neuromanifold.metric.ed_degree import choose_backend
from neuromanifold.parametrization import parametrization, symbolic_map

__all__ = [
    "MAX_PARAMS",
    "CriticalPointsError",
    "check_size",
    "critical_points",
    "distinct_functions",
    "function_keys",
    "known_functions",
]

#: Largest number of parameters (and of function coordinates) attempted by default
#: (`neuromanifold.budget.DEFAULT_MAX_PARAMS`).
MAX_PARAMS = DEFAULT_MAX_PARAMS

MATCH_TOL = 1e-6
"""Relative tolerance for 'the same function' (dedupe, pure check)."""


class CriticalPointsError(NeuromanifoldError):
    """A count could not be trusted (primes disagree); rerun with another seed or primes."""


@dataclass
class _Clock:
    seconds: float = 0.0
    calls: list[str] = field(default_factory=list)

    def run(self, what: str, fn, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls.append(what)


def _count(
    system: PolynomialSystem,
    primes: Sequence[int] | None,
    seed: int,
    timeout: float,
    clock: _Clock,
) -> tuple[int | None, tuple[tuple[int, int], ...], int, str]:
    try:
        res = clock.run(
            "count", count_modulo_primes, system, seed=seed, primes=primes, timeout=timeout
        )
    except PositiveDimensionalError as exc:
        dim = exc.dimension if exc.dimension is not None else -1
        return None, (), dim, f"positive-dimensional critical set (dim {dim})"
    except CountDisagreementError as exc:
        raise CriticalPointsError(
            f"critical-point {exc}: a prime is unlucky or the data are special"
        ) from None
    return res.n_solutions, res.counts, 0, ""


def function_keys(functions: np.ndarray) -> np.ndarray:
    r"""Rows for the near-point search of `~neuromanifold.algebra.proximity`.

    Each function f (a row) is padded with the coordinate $10^{10}\max(1, \|f\|_\infty)$.
    `~neuromanifold.algebra.proximity.relative_gap` weighs coordinate i of y by
    $|y_i| + 10^{-10}\|y\|_\infty$; with the pad that floor is $s_y = \max(1, \|y\|_\infty)$,
    so the gap of two functions is $\max_i |f_i - g_i| / (|g_i| + s_g)$, between
    $\|f - g\|_\infty / 2s_g$ and $\|f - g\|_\infty / s_g$ (the pads differ by at most
    $10^{10}\|f - g\|_\infty$, within the same bound): "the same function" up to a relative
    tolerance at the function's own scale, absolute below 1. A coordinate that is zero in truth
    and only rounding in a computed f thus cannot split one function into two.

    Example:
        >>> function_keys(np.array([[0.5, 0.0], [3.0, -4.0]])).real[:, 2].tolist()
        [10000000000.0, 40000000000.0]
    """
    f = np.atleast_2d(np.asarray(functions, dtype=float))
    scale = np.maximum(1.0, np.abs(f).max(axis=1, initial=0.0))
    return np.concatenate([f, 1e10 * scale[:, None]], axis=1).astype(np.complex128)


def distinct_functions(functions: np.ndarray, tol: float = MATCH_TOL) -> np.ndarray:
    r"""For each row, the first earlier kept row that is the same function (`function_keys`).

    The rule "keep f unless a kept g is the same function" in the order given, in
    $O(n \log n)$ time and $O(n)$ memory
    (`~neuromanifold.algebra.proximity.representatives`): no pairwise array.

    Example:
        >>> distinct_functions(np.array([[1.0, 2.0], [3.0, 0.0], [1.0, 2.0 + 1e-9]])).tolist()
        [0, 1, 0]
    """
    return representatives(function_keys(functions), tol)


def known_functions(known: np.ndarray, functions: np.ndarray, tol: float = MATCH_TOL) -> np.ndarray:
    """Whether each row of ``functions`` is the same function as some row of ``known``.

    Example:
        >>> known_functions(np.array([[1.0, 2.0]]), np.array([[1.0, 2.0 + 1e-9], [1.0, 3.0]]))
        array([ True, False])
    """
    if len(known) == 0:
        return np.zeros(np.atleast_2d(functions).shape[0], dtype=bool)
    return nearest_within(function_keys(known), function_keys(functions), tol) >= 0


def _real_points(
    cs: CriticalSystem, timeout: float, clock: _Clock
) -> tuple[list[tuple[np.ndarray, tuple]], str]:
    try:
        sols = clock.run("real", real_solutions, cs.system, timeout=timeout)
    except MsolveTimeoutError:
        return [], f"real isolation over Q exceeded {timeout:g} s (raise real_timeout)"
    return [
        (np.array(m, dtype=float), box) for m, box in zip(sols.midpoints(), sols.boxes, strict=True)
    ], ""


def _grad_norm(cs: CriticalSystem, s: np.ndarray) -> float:
    return float(np.linalg.norm(cs.chart_gradient(s)))


def _locus_index(locus: Locus, evaluator, theta: np.ndarray) -> tuple[str, int]:
    """Index of ℓ∘φ at θ modulo the locus' symmetries, at a balanced representative."""
    if locus.network is not None:
        th = balance(locus.network, theta)
        T = symmetry_directions(locus.network, th)
    else:
        th = balance_scalings(theta, locus.scalings)
        T = scaling_directions(th, locus.scalings)
    H = evaluator.jacobian(th[None, :])[0]
    return hessian_kind(reduced_hessian(H, T))


def _distance_problem(
    loss: QuadraticLoss, locus: Locus, seed: int
) -> tuple[DistanceProblem, flint.fmpq] | str:
    r"""The locus' critical points as a weighted ED problem, or why they are not one.

    A loss with diagonal $G = \operatorname{diag}(\lambda)$ is $\sum_i \lambda_i (f_i -
    u_i)^2$ (up to a constant): the ED problem of the locus with weights $\lambda$ and data $u$.
    Weights are scaled to integers (the critical points do not change); on a cone (φ
    homogeneous, every locus here) the data are scaled to integers by $N$, whose critical
    points are $N$ times the loss's. Returns ``(problem, N)``.
    """
    n = loss.dim
    if any(loss.gram[i][j] != 0 for i in range(n) for j in range(n) if i != j):
        return "its loss is not a weighted distance (the Gram matrix is not diagonal)"
    degrees = {sum(int(e) for e in m) for f in locus.phi for m in f.monoms()}
    if len(degrees) != 1:
        return "the locus is not a cone (its parametrization is not homogeneous)"
    lam = [flint.fmpq(loss.gram[i][i]) for i in range(n)]
    scale = math.lcm(*(int(v.q) for v in lam))
    weights = [int(v * scale) for v in lam]
    weights_arg: str | list[int] = "unit" if len(set(weights)) == 1 else weights
    big = math.lcm(*(int(flint.fmpq(v).q) for v in loss.center))
    data = [int(flint.fmpq(v) * big) for v in loss.center]
    variety = ParametrizedVariety(locus.phi, locus.names, constraints=locus.gauge)
    problem = DistanceProblem(variety, weights_arg, data, seed, subject=locus.name)
    return problem, flint.fmpq(big)


def _homotopy_points(
    problem: DistanceProblem,
    scale: flint.fmpq,
    expected: int | None,
    *,
    progress: Callable[[int, int | None], None] | None,
    deadline: float | None,
) -> tuple[int, bool, list[tuple[np.ndarray, bool]], str]:
    """The locus' critical points by homotopy: (count, certified, real θ with certificates, note).

    The real points are returned as parameter vectors θ of the loss's own data (the scaled
    data's points divided by ``scale`` through the homogeneity of φ).
    """
    # imported here: the homotopy's compiled kernels (numba) load only when a locus takes it
    from neuromanifold.algebra.homotopy import solve_distance_problem

    _family, result = solve_distance_problem(
        problem, expected=expected, progress=progress, deadline=deadline
    )
    cert = result.certification
    proved = bool(cert is not None and cert.complete and result.failures == 0)
    certified = proved and expected is not None and result.n_solutions == expected
    setup = parametric_setup(problem)
    chart = PolynomialSystem(tuple(setup.images), setup.free).compile()
    mask = result.real_mask()
    s = result.solutions[mask].real
    theta = chart.values(s) if s.shape[0] else np.zeros((0, len(setup.names)))
    degree = max(sum(int(e) for e in m) for f in setup.phi for m in f.monoms())
    theta = theta * float(scale) ** (-1.0 / degree)
    real_cert = [True] * int(mask.sum()) if proved else [False] * int(mask.sum())
    note = "" if certified else f"homotopy count not certified: {result.completeness}"
    return result.n_solutions, certified, list(zip(theta, real_cert, strict=True)), note


def check_size(
    architecture: Architecture | str, max_params: int = MAX_PARAMS, what: str = "critical points"
) -> Architecture:
    """Refuse, before any work, an architecture too large for exact critical points (or ED degrees).

    Args:
        architecture: the network (or its text form).
        max_params: the budget on the number N of parameters and on the ambient dimension.
        what: the computation refused, for the message (``"critical points"``, ``"ED degree"``).

    Returns:
        The parsed architecture.

    Raises:
        BudgetError: N or the ambient dimension exceeds ``max_params``; the message names
            ``--max-params``.

    Example:
        >>> check_size("fc:3,2,3").n_params
        12
    """
    arch = parse_architecture(architecture)
    size = max(arch.n_params, arch.ambient_dim)
    if size > max_params:
        raise BudgetError(
            f"{what} of {arch.text}: {arch.n_params} parameters and "
            f"{arch.ambient_dim} function coordinates, above the budget of {max_params} unknowns "
            "for exact counts; raise it with --max-params (expect hours or more past ~30)"
        )
    return arch


def critical_points(
    architecture: Architecture | str,
    loss: QuadraticLoss | None = None,
    *,
    seed: int = 0,
    real: bool = True,
    real_timeout: float = 60.0,
    timeout: float = 300.0,
    primes: Sequence[int] | None = None,
    max_params: int = MAX_PARAMS,
    backend: str = "auto",
    progress: Callable[[int, int | None], None] | None = None,
) -> CriticalPoints:
    r"""All critical points of a quadratic loss ℓ on the neuromanifold and of L = ℓ∘μ.

    **Function space.** For each locus of :math:`\overline{M}` (the smooth locus; for FC the
    lower-rank strata; for stride-one LCNs the ambient space and the multiple-root loci
    :math:`\Delta_\lambda`; the zero function), the complex critical points of ℓ on its smooth
    part are counted exactly (msolve mod two primes, divided by the generic fiber of the
    parametrization) and the real ones isolated over ℚ; each real point gets its loss, its
    stratum in M (``None`` outside M) and its index as a critical point of ℓ on the locus.

    **Parameter space.** The critical points of L in random gauge charts, counted the same way; a
    positive-dimensional critical set is reported as such (``dimension``), never as a count.
    Real ones are classified pure/spurious (Trager–Kohn–Bruna 2020; definition in
    :mod:`~neuromanifold.critical_points.classify`) with their Hessian index modulo symmetry.
    Points the charts miss are added when known in closed form: θ = 0 (critical whenever
    L ≥ 2 layers) and, for FC, zero-padded preimages of the lower-rank critical points
    (:func:`~neuromanifold.critical_points.classify.lift_fc`); these are float-checked.

    Limits: real critical points of ℓ on :math:`V(\mathbb{R}) \setminus M` whose preimages are
    all non-real (possible for strided LCNs with :math:`k_1 > s_1`) are counted among the complex
    ones but not listed; for strided LCNs the stratum of a point is decided from the rank of
    :math:`d\mu` at its real preimage (see :func:`~neuromanifold.critical_points.classify.stratum_of`).
    When :math:`k_1 > s_1` the parameter-space critical set can be positive-dimensional
    (shared "hyperroots", e.g. ``lcn:k=4,2:s=2,1``): it is then reported with its dimension.

    Args:
        architecture: ``fc`` or 1D ``lcn`` (text or object).
        loss: a :class:`~neuromanifold.losses.QuadraticLoss`; ``None``: regression data with
            ``ambient_dim + 2`` samples drawn from ``seed`` (fc, lcn), else a weighted target.
        seed: seeds charts, random matrices (and default data).
        real: isolate and classify the real critical points (else counts only).
        real_timeout: seconds per real isolation over ℚ; past it, ``n_real`` is ``None``.
        timeout: seconds per count; the homotopy stops past it in all
            (:class:`~neuromanifold.errors.TimeLimitError`).
        primes: fixed primes for the counts (all must agree); None (default): two drawn at
            random from ``seed``, a third on disagreement (recorded in ``locus_counts``).
        max_params: refuse architectures with more parameters or coordinates (:func:`check_size`).
        backend: ``"auto"`` (per locus, the cheapest certified route by
            :func:`~neuromanifold.metric.ed_degree.choose_backend`: a weighted-distance loss on
            a cone is an ED problem, and a locus with thousands of points goes to the
            homotopy), ``"msolve"`` (counts mod primes, real isolation over ℚ: the classic
            route) or ``"homotopy"`` (every locus by homotopy; refused for a loss that is not a
            weighted distance). With a homotopy locus under ``auto`` the parameter-space chart
            is not counted (its note says so); its real pure points are listed.
        progress: homotopy: ``progress(found, expected)`` while monodromy runs.

    Returns:
        A :class:`~neuromanifold.critical_points.result.CriticalPoints`.

    Example:
        >>> cp = critical_points("fc:2,1,2", QuadraticLoss.from_target([[3, 0], [0, 1]]))
        >>> cp.function_space().by_stratum(), cp.global_minimum.loss
        ({'interior': 2, 'singular': 1}, 1.0)

    Reference: Trager–Kohn–Bruna 2020; Kohn–Merkh–Montúfar–Trager 2022;
    Kohn–Montúfar–Shahverdi–Trager 2024; Shahverdi 2024; Draisma et al. 2016.
    """
    start = time.perf_counter()
    arch = check_size(architecture, max_params)
    if loss is None:
        try:
            loss = QuadraticLoss.regression(arch, arch.ambient_dim + 2, seed=seed)
        except InputError:  # no regression data for the family: a generic weighted target
            loss = exact_loss(arch, "weighted", seed=seed)
    if loss.dim != arch.ambient_dim:
        raise InputError(
            f"loss: lives on R^{loss.dim} but {arch.text} has {arch.ambient_dim} coordinates"
        )
    if backend not in ("auto", "msolve", "homotopy"):
        raise InputError(f"backend: {backend!r} is not one of 'auto', 'msolve', 'homotopy'")
    clock = _Clock()
    reasons: list[str] = []
    homotopy_loci: list[str] = []
    dim_m = Neuromanifold(arch, seed=seed).dim
    points: list[CriticalPoint] = []
    locus_counts: list[LocusCount] = []
    top_interior: list[np.ndarray] = []

    # ---------------- function space -------------------------------------------------------
    for locus in loci(arch, seed=seed, loss=loss):
        if locus.point is not None:
            f = np.array([float(v) for v in locus.point])
            st = membership(arch, list(locus.point)).stratum
            kind = "minimum" if locus.name == "ambient" else "point"
            lmin = is_local_min_on_M(arch, loss.gradient(f), f, st, kind, locus.role == "top")
            points.append(
                CriticalPoint(
                    "function",
                    locus.name,
                    tuple(f),
                    None,
                    float(loss.value(f)),
                    st,
                    kind,
                    0,
                    gradient_norm=0.0,
                    certified=True,
                    local_min=lmin,
                )
            )
            locus_counts.append(
                LocusCount(locus.name, locus.role, 1, ((0, 1),), n_real=1, n_real_certified=True)
            )
            if locus.role == "top" and st == "interior":
                top_interior.append(f)
            continue
        cs = critical_system(loss, locus.phi, locus.names, locus.gauge, saturate=True, seed=seed)
        route, stated, expected = "msolve", None, None
        n, proved, reals, note = 0, False, [], ""  # the homotopy's, when it runs
        if backend != "msolve":
            stated = _distance_problem(loss, locus, seed)
            if isinstance(stated, str):
                if backend == "homotopy":
                    raise InputError(f"backend 'homotopy': the locus {locus.name}: {stated}")
                reasons.append(f"{locus.name}: msolve, the homotopy does not apply ({stated})")
            else:
                choice = choose_backend(
                    stated[0], backend, architecture=locus.network, real=real, timeout=timeout
                )
                route = "homotopy" if choice.backend == "homotopy" else "msolve"
                reasons.append(f"{locus.name}: {choice.reason}")
                expected = choice.expected if choice.route == "homotopy" else None
        found: list[CriticalPoint] = []
        P = loss.polynomial(locus.phi)
        evaluator = PolynomialSystem.from_polynomials(
            [P.derivative(i) for i in range(len(locus.names))], locus.names
        ).compile()
        candidates: list[tuple[np.ndarray, bool, float]] = []  # (θ, certified, ‖∇‖)

        def keep(
            candidates: list[tuple[np.ndarray, bool, float]] = candidates,
            cs: CriticalSystem = cs,
            locus: Locus = locus,
            evaluator: NumericEvaluator = evaluator,
            found: list[CriticalPoint] = found,
        ) -> None:
            """The candidates' distinct functions (the first of each), classified, into found."""
            if not candidates:
                return
            fs = cs.functions(np.array([theta for theta, _, _ in candidates]))
            rep = distinct_functions(fs)
            for i in np.flatnonzero(rep == np.arange(len(candidates))):
                theta, certified, gradient_norm = candidates[i]
                f = fs[i]
                st = stratum_of(arch, f, balance(arch, theta) if locus.is_mu else None, dim_m)
                kind, idx = _locus_index(locus, evaluator, theta)
                found.append(
                    CriticalPoint(
                        "function",
                        locus.name,
                        tuple(f),
                        tuple(theta),
                        float(loss.value(f)),
                        st,
                        kind,
                        idx,
                        gradient_norm=gradient_norm,
                        certified=certified,
                        local_min=is_local_min_on_M(
                            arch, loss.gradient(f), f, st, kind, locus.role == "top"
                        ),
                    )
                )
                if locus.role == "top" and st == "interior":
                    top_interior.append(f)

        if route == "homotopy":
            assert stated is not None and not isinstance(stated, str)
            if expected is None:  # certify the set by the count modulo two primes
                expected, counts, _dim, _why = _count(cs.system, primes, seed, timeout, clock)
            n, proved, reals, note = _homotopy_points(
                stated[0],
                stated[1],
                expected,
                progress=progress,
                deadline=start + timeout,
            )
            if not proved and backend == "auto":  # short of the exact count: msolve answers
                reasons.append(f"{locus.name}: the homotopy proved {n} of {expected}; msolve")
                route = "msolve"
        if route == "homotopy":
            counts, dim = (("homotopy", n),), 0
            homotopy_loci.append(locus.name)
            if real:
                for theta, certified in reals:
                    grad = np.asarray(evaluator.values(theta[None, :]))[0]
                    candidates.append((theta, certified, float(np.linalg.norm(grad))))
                keep()
            n //= locus.fiber
            n_real = len(found) if real else None
            locus_counts.append(
                LocusCount(locus.name, locus.role, n, counts, dim, n_real, note, "homotopy", proved)
            )
            points.extend(found)
            continue
        n, counts, dim, note = _count(cs.system, primes, seed, timeout, clock)
        if n is not None and locus.fiber > 1:
            n //= locus.fiber
        if real and n is not None:
            sols, note = _real_points(cs, real_timeout, clock)
            for s, box in sols:
                candidates.append(
                    (
                        cs.parameters(s)[0],
                        encloses_zero(cs.system.equations, box),
                        _grad_norm(cs, s),
                    )
                )
            keep()
        points.extend(found)
        n_real = len(found) if (real and n is not None and not note) else None
        locus_counts.append(
            LocusCount(
                locus.name, locus.role, n, counts, dim, n_real, note, "msolve", n_real is not None
            )
        )

    # ---------------- parameter space ------------------------------------------------------
    # pure needs every real critical point of the top locus; when its real isolation was cut
    # short (timeout) or skipped, an interior point not matched is undecided (None), not spurious
    top_complete = all(c.n_real is not None for c in locus_counts if c.role == "top")
    mu = parametrization(arch)
    L = PulledBackLoss(arch, loss)

    def classify(items: list[tuple[np.ndarray, str, bool]]) -> list[CriticalPoint]:
        """Classify (θ, how, certified); pure is decided against the top locus' interior
        functions in one near-point search (`known_functions`), not pair by pair."""
        thetas = [balance(arch, theta) for theta, _, _ in items]
        fs = [np.asarray(mu(theta), dtype=float).reshape(-1) for theta in thetas]
        strata = [stratum_of(arch, f, theta, dim_m) for f, theta in zip(fs, thetas, strict=True)]
        known = known_functions(np.array(top_interior), np.array(fs)) if items else []
        out = []
        for (_, how, certified), theta, f, st, match in zip(
            items, thetas, fs, strata, known, strict=True
        ):
            matched = st == "interior" and bool(match)
            pure = True if matched else (False if st != "interior" or top_complete else None)
            H = reduced_hessian(L.hessian(theta), symmetry_directions(arch, theta))
            kind, idx = hessian_kind(H)
            out.append(
                CriticalPoint(
                    space="parameter",
                    locus=how,
                    function=tuple(f),
                    parameters=tuple(theta),
                    loss=float(loss.value(f)),
                    stratum=st,
                    kind=kind,
                    index=idx,
                    pure=pure,
                    jacobian_rank=numerical_rank(mu.jacobian(theta)),
                    gradient_norm=float(np.linalg.norm(L.gradient(theta))),
                    certified=certified,
                    local_min=kind == "minimum",
                )
            )
        return out

    if arch.n_layers >= 2 and homotopy_loci and backend == "auto":
        # the chart system holds every spurious point too, a count msolve alone can make
        note = (
            f"not counted: {', '.join(homotopy_loci)} took the homotopy route (too many points "
            "for msolve); listed: θ = 0 and the real pure points (lifts of the function-space "
            "points); --backend msolve counts the chart system exactly"
        )
        items = [(np.zeros(arch.n_params), "zero", True)] if real else []
        for p in points if real else []:
            if p.space == "function" and p.parameters is not None and p.in_M:
                items.append((np.array(p.parameters), "lifted", p.certified))
        points.extend(classify(items))
        param_count = LocusCount("parameters", "parameters", None, (), 0, None, note, "homotopy")
    elif arch.n_layers >= 2:
        phi, names = symbolic_map(arch)
        gauge = parameter_gauge(arch, names, seed)
        cs = critical_system(loss, phi, names, gauge, saturate=False, seed=seed)
        n, counts, dim, note = _count(cs.system, primes, seed, timeout, clock)
        items = []
        if real and n is not None:
            sols, note = _real_points(cs, real_timeout, clock)
            for s, box in sols:
                theta = cs.parameters(s)[0]
                items.append((theta, "chart", encloses_zero(cs.system.equations, box)))
        param_points = classify([*items, (np.zeros(arch.n_params), "zero", True)] if real else [])
        if real and isinstance(arch, FullyConnected):
            lower = [
                p for p in points if p.space == "function" and p.locus.startswith("rank") and p.in_M
            ]
            lifts = [lift_fc(arch, np.array(p.function)) for p in lower]
            for p, theta, q in zip(
                lower, lifts, classify([(t, "lifted", False) for t in lifts]), strict=True
            ):
                scale = 1.0 + float(np.linalg.norm(loss.gradient(p.function)))
                scale *= 1.0 + float(np.linalg.norm(theta))
                if q.gradient_norm <= 1e-6 * scale:
                    param_points.append(q)
        points.extend(param_points)
        n_real = len(param_points) if (real and n is not None and not note) else None
        param_count = LocusCount(
            "parameters", "parameters", n, counts, dim, n_real, note, "msolve", n_real is not None
        )
    else:
        note = "one layer: μ is linear, L = ℓ∘μ has the critical points of ℓ"
        param_count = LocusCount("parameters", "parameters", 1, (), 0, None, note)

    return CriticalPoints(
        architecture=arch.text,
        loss=loss,
        points=tuple(points),
        function_loci=tuple(locus_counts),
        parameter_count=param_count,
        seed=seed,
        backend="+".join(sorted({c.route for c in locus_counts} | {param_count.route})),
        options=MappingProxyType(
            {
                "primes": list(primes) if primes is not None else "random (see counts)",
                "real": real,
                "real_timeout": real_timeout,
                "timeout": timeout,
                "backend": backend,
                "route_reason": "; ".join(reasons),
            }
        ),
        seconds=time.perf_counter() - start,
        msolve_seconds=clock.seconds,
    )
