r"""The ED degree of a variety, a neurovariety or a plane curve: one verb, several backends.

The (weighted) Euclidean distance degree of $X \subset \mathbb{C}^n$ is the number of complex
critical points of $d_u(x) = \sum_i \lambda_i (x_i - u_i)^2$ on the smooth part of $X$ for
generic data $u$ (Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016). `ed_degree` states the
problem once (`neuromanifold.algebra.distance.DistanceProblem`: the variety, the weights, the
data, the seed) for any subject — an architecture (its neurovariety, through μ with the gauge
fixed by random charts), polynomial text or a system (an implicit variety), a
`neuromanifold.algebra.distance.ParametrizedVariety`, or a `PlaneCurve` — and hands it to a
backend chosen by `choose_backend`:

- ``"msolve"``: exact counts modulo two primes (`neuromanifold.algebra.ed_degree.count_with_msolve`);
- ``"homotopy"``: monodromy, parameter homotopy and Krawczyk certification of every point
  (`neuromanifold.algebra.homotopy.count_with_homotopy`);
- ``"resultant"``: for a plane curve with unit weights, exact resultants over $\mathbb{Z}$ for two
  data points and both projections (`PlaneCurve.ed_degree_counts`) — an independent cross-check
  of the other two.

``"auto"`` (the default) estimates each registered route's cost before running it
(`neuromanifold.algebra.cost`): the number of solutions comes from a theorem when one applies
(`known_count`: Chern classes of a Segre variety, duality, Eckart–Young), else from msolve's
count modulo one prime within `PROBE_SECONDS`; the cheapest route that certifies the count — and,
when real points are asked, the real count — runs. The homotopy's real count is certified when
its Krawczyk-proved set has the exact count's size (``real_certified``, ``completeness``). A new
formulation joins ``auto`` as one more `Route` (`register_route`).

An architecture whose structure gives a smaller system (`structural_formulation`, e.g. a fully
connected net with unit weights: Eckart–Young through invariant subspaces,
`neuromanifold.metric.low_rank_approximation`) is answered by it under ``"auto"`` and
``"homotopy"`` before any route is priced; its path count is known, and announced, before
tracking.

Every backend returns the one result, `neuromanifold.algebra.ed_degree.EDDegree`, which records
the backend that ran and why (``route_reason``, with every route's estimate).

References: Draisma, Horobeț, Ottaviani, Sturmfels, Thomas, *The Euclidean distance degree of an
algebraic variety*, Found. Comput. Math. 16 (2016); Breiding, Kohn, Sturmfels, *Metric Algebraic
Geometry* (2024), Ch. 2; Shahverdi 2024 (strided LCNs and Segre varieties).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import TYPE_CHECKING, NamedTuple

from neuromanifold.algebra.cost import (
    RouteEstimate,
    choose_route,
    homotopy_seconds,
    msolve_count_seconds,
    msolve_real_seconds,
    resultant_seconds,
)
from neuromanifold.algebra.distance import (
    DistanceProblem,
    ImplicitVariety,
    ParametrizedVariety,
    WeightKind,
)
from neuromanifold.algebra.ed_degree import EDDegree, count_with_msolve
from neuromanifold.algebra.msolve import (
    MsolveNotFoundError,
    MsolveTimeoutError,
    find_msolve,
    shared_runs,
)
from neuromanifold.algebra.segre import segre_generic_ed_degree
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError
from neuromanifold.metric.formulation import structural_formulation
from neuromanifold.metric.plane_curve import PlaneCurve

if TYPE_CHECKING:
    from neuromanifold.algebra.homotopy.tracker import TrackerOptions
    from neuromanifold.architectures import Architecture

__all__ = [
    "BACKENDS",
    "ROUTES",
    "BackendChoice",
    "Route",
    "RouteContext",
    "choose_backend",
    "ed_degree",
    "known_count",
    "register_route",
]

BACKENDS: tuple[str, ...] = ("auto", "msolve", "homotopy", "resultant")
"""The backends `ed_degree` accepts (``"auto"`` lets `choose_backend` decide)."""

PROBE_SECONDS = 10.0
"""Budget of the probe count mod one prime, when no theorem gives the number of solutions."""


@dataclass(frozen=True)
class BackendChoice:
    """The backend that will run, the reason it was chosen, and the count the choice rests on.

    Attributes:
        backend: the engine (``"msolve"``, ``"homotopy"``, ``"resultant"``, or a registered one).
        reason: why (for ``auto``: every route's estimate).
        expected: the number of solutions a theorem gives (or a probe counted), if known.
        expected_from: where ``expected`` comes from (``"Chern-class formula (Segre P^2×P^2×P^2)"``,
            ``"msolve count mod 1073741789"``, …).
        route: the chosen route's name (``"homotopy + msolve count"`` runs msolve's count mod two
            primes first, to certify the homotopy's set).
        estimates: every candidate's estimate (`RouteEstimate`), for the record.
    """

    backend: str
    reason: str
    expected: int | None = None
    expected_from: str = ""
    route: str = ""
    estimates: tuple[RouteEstimate, ...] = ()


@dataclass(frozen=True)
class RouteContext:
    """What a route's estimate sees: the problem, its architecture, the known count, the ask.

    Attributes:
        problem: the stated ED problem.
        architecture: the architecture it came from (minimal), or None.
        expected: the number of solutions, when a theorem gives it (closed form) or a probe
            counted it; None when unknown.
        expected_from: the source of ``expected`` (``"probe"`` sources start with ``"msolve"``).
        real: real critical points are asked for.
        msolve: msolve is installed (without it the routes that run msolve cannot).
    """

    problem: DistanceProblem
    architecture: Architecture | None
    expected: int | None
    expected_from: str
    real: bool
    msolve: bool = True

    @property
    def closed_form(self) -> bool:
        """``expected`` comes from a theorem (not from a count mod p)."""
        return self.expected is not None and not self.expected_from.startswith("msolve")


@dataclass(frozen=True)
class Route:
    """A candidate route for ``backend="auto"``: an engine and its cost estimate.

    Attributes:
        name: the route's name (in ``route_reason``).
        backend: the engine it runs.
        estimate: `RouteContext` → `RouteEstimate` (``why_not`` set when it does not apply).
    """

    name: str
    backend: str
    estimate: Callable[[RouteContext], RouteEstimate]


ROUTES: list[Route] = []
"""The registered routes `choose_backend` compares (`register_route` adds one)."""


def register_route(route: Route) -> Route:
    """Add a candidate route to ``auto`` (e.g. a cheaper formulation of one family)."""
    ROUTES.append(route)
    return route


_NO_MSOLVE = "msolve is not installed"


def _msolve_estimate(ctx: RouteContext) -> RouteEstimate:
    if not ctx.msolve:
        return RouteEstimate("msolve", "msolve", math.inf, True, ctx.real, "", why_not=_NO_MSOLVE)
    d = ctx.expected
    if d is None:
        return RouteEstimate(
            "msolve",
            "msolve",
            PROBE_SECONDS * 10,
            True,
            ctx.real,
            f"its count mod one prime exceeded the {PROBE_SECONDS:g} s probe",
        )
    seconds = msolve_count_seconds(d)
    basis = f"{d} solutions ({ctx.expected_from}), count mod 2 primes"
    if ctx.real:
        seconds += msolve_real_seconds(d)
        basis += " + real isolation over Q"
    return RouteEstimate("msolve", "msolve", seconds, True, ctx.real, basis)


def _homotopy_estimate(ctx: RouteContext) -> RouteEstimate:
    weights = ctx.problem.weights
    if weights == "unit" or (not isinstance(weights, str) and len(set(weights)) == 1):
        return RouteEstimate(
            "homotopy",
            "homotopy",
            math.inf,
            False,
            False,
            "",
            why_not="its monodromy runs at generic weights, whose larger solution set the unit "
            "weights' count does not close (issue 17 §3: a unit-weight formulation instead)",
        )
    d = ctx.expected
    if d is None:  # monodromy with the trace test: its evidence is numerical
        return RouteEstimate(
            "homotopy", "homotopy", homotopy_seconds(1000), False, True, "monodromy, count unknown"
        )
    if ctx.closed_form:
        basis = f"{d} paths, the count from a {ctx.expected_from}"
        return RouteEstimate("homotopy", "homotopy", homotopy_seconds(d), True, True, basis)
    seconds = homotopy_seconds(d) + msolve_count_seconds(d)
    basis = f"{d} paths ({ctx.expected_from}) + count mod 2 primes to certify the set"
    return RouteEstimate("homotopy + msolve count", "homotopy", seconds, True, True, basis)


def _resultant_estimate(ctx: RouteContext) -> RouteEstimate:
    why_not = _plane_curve_question(ctx.problem)
    variety = ctx.problem.variety
    if why_not is not None or not isinstance(variety, ImplicitVariety):
        why_not = why_not or "not a plane curve"
        return RouteEstimate("resultant", "resultant", math.inf, True, False, "", why_not=why_not)
    degree = variety.system.degrees()[0]
    basis = f"a plane curve of degree {degree}, 4 resultants over Z"
    return RouteEstimate("resultant", "resultant", resultant_seconds(degree), True, False, basis)


register_route(Route("msolve", "msolve", _msolve_estimate))
register_route(Route("homotopy", "homotopy", _homotopy_estimate))
register_route(Route("resultant", "resultant", _resultant_estimate))


def known_count(
    problem: DistanceProblem, architecture: Architecture | None = None
) -> tuple[int | None, str]:
    r"""The number of critical points when a theorem gives it, and the theorem; else (None, "").

    - μ the Segre map in coordinates, generic weights (strided LCNs with strides ≥ the filters
      below, ``fc:m,1,n``): the Chern-class formula of $\mathbb{P}^{n_1} \times \cdots$
      (`segre_generic_ed_degree`; Draisma et al. 2016, Thm. 5.8);
    - ``fc:m,r,n``, generic weights, $r = \min(m, n) - 1$: duality (Draisma et al. 2016,
      Thm. 5.2: $X$ and its dual have the same generic ED degree; the dual of rank $\le r$ is
      rank $\le \min(m,n) - r$, here the Segre $\mathbb{P}^{m-1} \times \mathbb{P}^{n-1}$);
    - ``fc:m,r,n``, unit weights: $\binom{\min(m, n)}{r}$ (Eckart–Young; the critical points
      are the sums of r of the singular-value terms);
    - a family's registered formula (`generic_ed_degree`; pcnn: the Chern-class formula of its
      Segre–Veronese variety, Shahverdi–Marchetti–Kohn 2025), generic weights.

    Each is the count for generic data and weights, and at any data and weights an upper bound
    on the isolated nonsingular critical points (in a parameter family their number is at most
    the generic one; Sommese–Wampler 2005, Thm. 7.1.1): so as many proved distinct points are
    all of them. Explicit weights read as generic unless all equal (a special choice only makes
    monodromy run out of loops, and the count stays uncertified).

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> arch = parse_architecture("fc:3,2,4")  # an FC count reads the architecture only
        >>> known_count(DistanceProblem(ImplicitVariety.of("x - y"), "generic"), arch)
        (83, 'Chern-class formula of P^3×P^2 by duality (rank ≤ 2 ↔ rank ≤ 1)')
    """
    arch = architecture
    if arch is None:
        return None, ""
    from neuromanifold.architectures import FullyConnected
    from neuromanifold.function_space.invariants import generic_ed_degree
    from neuromanifold.function_space.neurovariety import segre_in_coordinates
    from neuromanifold.parametrization import parameter_names

    weights = problem.weights
    if not isinstance(weights, str):  # explicit: equal ones are unit, others read as generic
        weights = "unit" if len(set(weights)) == 1 else "generic"
    if isinstance(arch, FullyConnected):
        m, n = arch.ambient_shape
        r = arch.bottleneck
        if r >= min(m, n):
            return None, ""
        if weights == "unit":
            return math.comb(min(m, n), r), f"Eckart–Young count C({min(m, n)},{r})"
        if weights == "generic" and r in (1, min(m, n) - 1):
            dual = "" if r == 1 else f" by duality (rank ≤ {r} ↔ rank ≤ 1)"
            return segre_generic_ed_degree((m - 1, n - 1)), (
                f"Chern-class formula of P^{m - 1}×P^{n - 1}{dual}"
            )
        return None, ""
    registered = generic_ed_degree(arch) if weights == "generic" else None
    if registered is not None:  # the family's formula (pcnn: the Segre–Veronese variety)
        return registered
    if weights == "generic" and isinstance(problem.variety, ParametrizedVariety):
        dims = segre_in_coordinates(
            list(problem.variety.phi), list(problem.variety.names), parameter_names(arch)
        )
        if dims:
            factors = "×".join(f"P^{d}" for d in dims)
            return segre_generic_ed_degree(dims), f"Chern-class formula of {factors}"
    return None, ""


def _probe(problem: DistanceProblem, timeout: float) -> tuple[int | None, str]:
    """msolve's count within the probe budget (per call): (count, source) or (None, "").

    The count modulo the two random primes the certified msolve count draws from the seed:
    within `ed_degree` (a `shared_runs` block) the route that then needs it (msolve, or the
    homotopy certified by msolve's count) reads these runs instead of counting again.
    """
    budget = min(PROBE_SECONDS, timeout)
    try:
        result = count_with_msolve(problem, timeout=budget)
    except (MsolveTimeoutError, MsolveNotFoundError):
        return None, ""
    primes = ", ".join(str(p) for p, _ in result.counts)
    return result.ed_degree, f"msolve count mod {primes}"


def _plane_curve_question(problem: DistanceProblem) -> str | None:
    """Why the resultant backend cannot answer ``problem`` (None: it can)."""
    variety = problem.variety
    if not isinstance(variety, ImplicitVariety):
        return "the variety is given by a parametrization, not by one equation in two variables"
    if variety.system.nvars != 2 or len(variety.system.equations) != 1:
        return (
            f"the variety has {len(variety.system.equations)} equation(s) in "
            f"{variety.system.nvars} variables, not one equation in two (a plane curve)"
        )
    if problem.weights != "unit" or problem.data is not None:
        return "it counts for unit weights and draws its own data points (leave both unset)"
    return None


def _msolve_installed() -> bool:
    try:
        find_msolve()
    except MsolveNotFoundError:
        return False
    return True


def choose_backend(
    problem: DistanceProblem,
    backend: str = "auto",
    *,
    architecture: Architecture | None = None,
    real: bool = False,
    timeout: float = 120.0,
) -> BackendChoice:
    """Decide which engine answers ``problem``, and say why.

    ``"auto"`` estimates the cost of every registered route (`ROUTES`; `neuromanifold.algebra.cost`)
    from the number of solutions — the closed form when a theorem gives one (`known_count`),
    else msolve's count modulo one prime within `PROBE_SECONDS` — and takes the cheapest route
    that certifies the count (and the real count when ``real``), `choose_route`. Without msolve
    the routes that run it are out (no probe either): a plane curve goes to the resultants, a
    problem with a closed form to the homotopy; with neither, monodromy answers uncertified. A
    named backend is checked against the problem and runs as asked.

    Args:
        problem: the stated ED problem.
        backend: one of `BACKENDS` (or a registered route's backend).
        architecture: the architecture the problem states (closed forms, formulations).
        real: the real critical points are asked for.
        timeout: the caller's time limit (bounds the probe).

    Returns:
        A `BackendChoice` (with the count the choice rests on).

    Raises:
        InputError: an unknown backend, or the resultant backend for a non-plane-curve problem.

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> choose_backend(DistanceProblem(ImplicitVariety.of("y - x^2")), "resultant").backend
        'resultant'
        >>> choose_backend(DistanceProblem(ImplicitVariety.of("y - x^2"))).backend  # 3 solutions
        'msolve'
    """
    known = {r.backend for r in ROUTES} | set(BACKENDS)
    if backend not in known:
        raise InputError(
            f"backend: {backend!r} is not one of {', '.join(map(repr, sorted(known)))}"
        )
    if backend == "resultant":
        why_not = _plane_curve_question(problem)
        if why_not is not None:
            raise InputError(f"backend 'resultant' is for plane curves: {why_not}")
    expected, source = known_count(problem, architecture)
    if backend != "auto":
        return BackendChoice(
            backend, f"backend={backend!r} was requested", expected, source, route=backend
        )
    have_msolve = _msolve_installed()
    if expected is None and have_msolve:
        expected, source = _probe(problem, timeout)
    ctx = RouteContext(problem, architecture, expected, source, real, have_msolve)
    estimates = tuple(route.estimate(ctx) for route in ROUTES)
    try:
        chosen, reason = choose_route(estimates, real=real)
    except InputError:
        if have_msolve:
            raise
        # no route certifies without msolve: monodromy still finds the points (uncertified)
        reason = "auto: msolve is not installed and no other route applies, so monodromy"
        return BackendChoice("homotopy", reason, expected, source, "homotopy", estimates)
    return BackendChoice(chosen.backend, reason, expected, source, chosen.name, estimates)


class _Stated(NamedTuple):
    """A subject read as a variety, its text, and the architecture it came from (if any)."""

    variety: ImplicitVariety | ParametrizedVariety
    text: str
    architecture: Architecture | None = None


@singledispatch
def _state(
    subject: object, variables: Sequence[str] | None, codim: int | None, seed: int
) -> _Stated:
    if isinstance(subject, Sequence):  # flint polynomials
        variety = ImplicitVariety.of(list(subject), variables, codim=codim)
        return _Stated(variety, str(variety))
    if getattr(type(subject), "family", None) is not None:  # an Architecture (loaded lazily)
        return _state_of_architecture(subject, seed)  # type: ignore[arg-type]
    raise InputError(
        f"cannot compute the ED degree of a {type(subject).__name__}; give an architecture, "
        "polynomial text, a PolynomialSystem, a ParametrizedVariety or a PlaneCurve"
    )


@_state.register
def _(subject: str, variables: Sequence[str] | None, codim: int | None, seed: int) -> _Stated:
    if ":" in subject:  # architecture text such as lcn:k=2,2:s=2,1 (never a polynomial)
        from neuromanifold.architectures import parse_architecture

        return _state_of_architecture(parse_architecture(subject), seed)
    return _Stated(ImplicitVariety.of(subject, variables, codim=codim), subject.strip())


@_state.register
def _(
    subject: PolynomialSystem, variables: Sequence[str] | None, codim: int | None, seed: int
) -> _Stated:
    variety = ImplicitVariety.of(subject, codim=codim)
    return _Stated(variety, str(variety))


@_state.register(ImplicitVariety)
@_state.register(ParametrizedVariety)
def _(
    subject: ImplicitVariety | ParametrizedVariety,
    variables: Sequence[str] | None,
    codim: int | None,
    seed: int,
) -> _Stated:
    return _Stated(subject, str(subject))


@_state.register
def _(
    subject: PlaneCurve, variables: Sequence[str] | None, codim: int | None, seed: int
) -> _Stated:
    system = PolynomialSystem.from_polynomials([subject.polynomial], ["x", "y"])
    return _Stated(ImplicitVariety(system, codim), subject.text)


def _state_of_architecture(subject: Architecture, seed: int) -> _Stated:
    """An architecture's neurovariety as the ED verb states it (the architecture and function
    space layers load here, not for a polynomial subject)."""
    from neuromanifold.function_space.neurovariety import distance_variety

    arch = subject.minimal()
    variety = distance_variety(arch, seed=seed)  # registered per family (implicit if needed)
    if isinstance(variety, ImplicitVariety):
        return _Stated(variety, subject.text)
    return _Stated(variety, subject.text, arch)


@shared_runs()  # each distinct msolve run once per call (the probe's counts are the answer's)
def ed_degree(
    subject: object,
    variables: Sequence[str] | None = None,
    *,
    weights: WeightKind | Sequence[int] = "unit",
    backend: str = "auto",
    seed: int = 0,
    data: Sequence[int] | None = None,
    codim: int | None = None,
    real: bool = False,
    timeout: float = 120.0,
    primes: Sequence[int] | None = None,
    threads: int = 1,
    expected: int | None = None,
    stable_loops: int = 10,
    options: TrackerOptions | None = None,
    processes: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    announce: Callable[[str], None] | None = None,
) -> EDDegree:
    r"""The (weighted) ED degree of an architecture's neurovariety, a variety or a plane curve.

    Counts the complex critical points of $\sum_i \lambda_i (x_i - u_i)^2$ on the smooth part of
    $X$ for a random integer data point $u$ (or the given one):

    - an architecture (or its text, e.g. ``"lcn:k=2,2:s=2,1"``): $X = \overline{M}$ through
      μ, its gauge fixed by random charts (`neuromanifold.parametrization.gauge`), spurious
      points (where dμ drops rank, including the zero function) removed by saturation. A deep
      FC net is counted as ``fc:d0,r,dL`` (the same neuromanifold). When μ is generically
      k-to-1 modulo the gauge (stride-one LCNs: the factors can be permuted), the count is
      divided by k and ``route`` says so. Under ``"auto"`` and ``"homotopy"``, a structure
      registered with `structural_formulation` is used instead (a fully connected net with
      unit weights: the invariant subspaces of its data's Gram matrix, C(min(m, n), r) paths);
    - polynomial text ``"f1; f2"``, flint polynomials, a `PolynomialSystem` or an
      `ImplicitVariety`: $X = V(f)$, the $f$ generating its radical ideal;
    - a `ParametrizedVariety`: $X = \overline{\varphi(\mathbb{C}^m)}$ (φ generically one-to-one
      on its charts);
    - a `PlaneCurve` (unit weights: the ``"resultant"`` backend also applies).

    Args:
        subject: see above.
        variables: ambient coordinates of polynomial text, in order (``None``: sorted names).
        weights: ``"unit"`` ($\lambda = 1$), ``"generic"`` (random integers in
            $[1, 1000]$) or explicit positive integers.
        backend: ``"auto"`` (`choose_backend`), ``"msolve"``, ``"homotopy"`` or ``"resultant"``.
        seed: seeds weights, data, combinations, charts and saturation.
        data: the data point $u$ (integers); ``None``: random in $[-10^6, 10^6]^n$.
        codim: expected codimension of an implicit variety (checked by msolve).
        real: the real critical points are asked for: ``auto`` then takes a route that
            certifies ``n_real`` too; msolve isolates them over ℚ (slow beyond small cases);
            the homotopy always decides realness (certified with a complete set).
        timeout: seconds per msolve call (also the fiber count of an architecture); the
            homotopy stops past it (`neuromanifold.errors.TimeLimitError`).
        primes: msolve: the primes to count over (all counts must agree); ``None``: drawn at
            random from the seed (see `count_with_msolve`).
        threads: msolve threads.
        expected: homotopy: a known exact count (closes monodromy, certifies the count and the
            real count). By default the closed form a theorem gives (`known_count`), else
            msolve's count modulo two random primes when ``auto`` chose to certify that way.
        stable_loops: homotopy: loops without a new solution before monodromy stops.
        options: homotopy: tracker settings.
        processes: homotopy: certification workers (default: all cores).
        progress: homotopy: called as ``progress(solutions found, expected or None)`` while
            monodromy runs (e.g. a progress bar).
        announce: called with one line (the path count) before a structural formulation
            tracks.

    Returns:
        An `EDDegree` recording the backend that ran and ``route_reason``.

    Example:
        >>> ed_degree("x^2 + y^2 - 1").ed_degree
        2
        >>> ed_degree("lcn:k=2,2:s=2,1", weights="generic").ed_degree   # Segre P¹×P¹
        6
        >>> ed_degree("y^2 - x^3", backend="resultant").ed_degree
        4

    References:
        Draisma et al. 2016, eq. (2.1) and §2; Breiding–Kohn–Sturmfels 2024, Ch. 2;
        Trager–Kohn–Bruna, ICLR 2020 (spurious critical points); Shahverdi 2024.
    """
    start = time.perf_counter()
    stated = _state(subject, variables, codim, seed)
    problem = DistanceProblem(stated.variety, weights, data, seed, subject=stated.text)
    arch = stated.architecture
    structured = structural_formulation(arch, problem) if arch is not None else None
    if structured is not None and backend in ("auto", "homotopy"):
        why = "auto" if backend == "auto" else f"backend={backend!r} was requested"
        result = structured.run(options=options, progress=announce)
        return dataclasses.replace(
            result,
            route_reason=f"{why}: {structured.reason}",
            seconds=time.perf_counter() - start,
        )
    choice = choose_backend(problem, backend, architecture=arch, real=real, timeout=timeout)
    if expected is None and choice.expected is not None and choice.backend == "homotopy":
        expected, source = choice.expected, choice.expected_from
    else:
        source = "the given count" if expected is not None else ""
    if choice.backend == "msolve":
        result = count_with_msolve(
            problem, primes=primes, real=real, timeout=timeout, threads=threads
        )
    elif choice.backend == "homotopy":
        from neuromanifold.algebra.homotopy import count_with_homotopy

        exact = None
        if choice.route == "homotopy + msolve count" or (
            expected is not None and source.startswith("msolve")
        ):  # certify the set: the count modulo two random primes
            exact = count_with_msolve(problem, primes=primes, timeout=timeout, threads=threads)
            expected = exact.ed_degree
            source = "msolve count mod " + ", ".join(str(p) for p, _ in exact.counts)
        result = count_with_homotopy(
            problem,
            expected=expected,
            expected_from=source,
            stable_loops=stable_loops,
            options=options,
            processes=processes,
            progress=progress,
            deadline=start + timeout,
        )
        if (
            not result.certified
            and backend == "auto"
            and expected is not None
            and _msolve_installed()
        ):
            # the homotopy fell short of the exact count (msolve's or a closed form's): msolve
            # answers (its real isolation too, if asked), the partial set only in the reason
            short = f"; the homotopy proved {result.ed_degree} of {expected}, so msolve answered"
            result = count_with_msolve(
                problem, primes=primes, real=real, timeout=timeout, threads=threads
            )
            choice = dataclasses.replace(choice, reason=choice.reason + short)
    else:
        result = _count_with_resultants(problem)
    if arch is not None:
        result = _per_function(result, arch, seed=seed, timeout=timeout)
    return dataclasses.replace(
        result, route_reason=choice.reason, seconds=time.perf_counter() - start
    )


def _per_function(result: EDDegree, arch: Architecture, *, seed: int, timeout: float) -> EDDegree:
    """Divide a count through μ by the generic number of preimages of a function (mod gauge):
    1 without a solve when a theorem says so (`fiber_count_theorem`), else counted by msolve."""
    from neuromanifold.function_space.neurovariety import fiber_count_theorem, generic_fiber_count

    known = fiber_count_theorem(arch)
    k = known[0] if known is not None else generic_fiber_count(arch, seed=seed, timeout=timeout)
    if k == 1:
        return result
    if result.ed_degree % k:
        raise ArithmeticError(f"{k} preimages do not divide {result.ed_degree} critical points")
    return dataclasses.replace(
        result,
        ed_degree=result.ed_degree // k,
        n_real=None,
        real_certified=False,
        route=f"{result.route}, divided by {k} preimages per function",
    )


def _count_with_resultants(problem: DistanceProblem) -> EDDegree:
    """The resultant backend: `PlaneCurve.ed_degree_counts` of a plane curve, unit weights."""
    start = time.perf_counter()
    variety = problem.variety
    assert isinstance(variety, ImplicitVariety)
    (f,) = variety.system.equations
    curve = PlaneCurve.from_polynomial(f, text=problem.subject)
    counts = curve.ed_degree_counts(problem.seed)
    return EDDegree(
        ed_degree=counts[0][2],
        n_real=None,
        certified=True,
        backend="resultant",
        seed=problem.seed,
        weights="unit",
        route="plane curve (resultants, two data points, both projections)",
        counts=counts,
        weight_values=(1, 1),
        data=(),
        ambient_dimension=2,
        codimension=1,
        nvars=2,
        seconds=time.perf_counter() - start,
    )
