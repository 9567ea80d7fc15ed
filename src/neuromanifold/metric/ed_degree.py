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

Every backend returns the one result, `neuromanifold.algebra.ed_degree.EDDegree`, which records
the backend that ran and why (``route_reason``).

References: Draisma, Horobeț, Ottaviani, Sturmfels, Thomas, *The Euclidean distance degree of an
algebraic variety*, Found. Comput. Math. 16 (2016); Breiding, Kohn, Sturmfels, *Metric Algebraic
Geometry* (2024), Ch. 2; Shahverdi 2024 (strided LCNs and Segre varieties).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import TYPE_CHECKING, NamedTuple

from neuromanifold.algebra.distance import (
    DistanceProblem,
    ImplicitVariety,
    ParametrizedVariety,
    WeightKind,
)
from neuromanifold.algebra.ed_degree import EDDegree, count_with_msolve
from neuromanifold.algebra.msolve import MsolveNotFoundError, find_msolve
from neuromanifold.algebra.segre import segre_generic_ed_degree
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.function_space.invariants import generic_ed_degree
from neuromanifold.function_space.neurovariety import (
    distance_variety,
    generic_fiber_count,
    segre_in_coordinates,
)
from neuromanifold.metric.plane_curve import PlaneCurve
from neuromanifold.parametrization import parameter_names

if TYPE_CHECKING:
    from neuromanifold.algebra.homotopy.tracker import TrackerOptions

__all__ = ["BACKENDS", "BackendChoice", "choose_backend", "ed_degree"]

BACKENDS: tuple[str, ...] = ("auto", "msolve", "homotopy", "resultant")
"""The backends `ed_degree` accepts (``"auto"`` lets `choose_backend` decide)."""


@dataclass(frozen=True)
class BackendChoice:
    """The backend that will run and the reason it was chosen."""

    backend: str
    reason: str


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


def choose_backend(problem: DistanceProblem, backend: str = "auto") -> BackendChoice:
    """Decide which engine answers ``problem``, and say why.

    ``"auto"`` picks msolve when it is installed (exact counts modulo two primes, which certify
    the count), else the homotopy (certified points; the count is evidence unless known); a
    named backend is checked against the problem.

    Args:
        problem: the stated ED problem.
        backend: one of `BACKENDS`.

    Returns:
        A `BackendChoice`.

    Raises:
        InputError: an unknown backend, or the resultant backend for a non-plane-curve problem.

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> choose_backend(DistanceProblem(ImplicitVariety.of("y - x^2")), "resultant").backend
        'resultant'
    """
    if backend not in BACKENDS:
        raise InputError(f"backend: {backend!r} is not one of {', '.join(map(repr, BACKENDS))}")
    if backend == "resultant":
        why_not = _plane_curve_question(problem)
        if why_not is not None:
            raise InputError(f"backend 'resultant' is for plane curves: {why_not}")
    if backend != "auto":
        return BackendChoice(backend, f"backend={backend!r} was requested")
    try:
        find_msolve()
    except MsolveNotFoundError:
        return BackendChoice(
            "homotopy", "auto: msolve is not installed, so monodromy with certified points"
        )
    return BackendChoice("msolve", "auto: msolve is installed; exact counts mod two primes")


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
    raise InputError(
        f"cannot compute the ED degree of a {type(subject).__name__}; give an architecture, "
        "polynomial text, a PolynomialSystem, a ParametrizedVariety or a PlaneCurve"
    )


@_state.register
def _(subject: str, variables: Sequence[str] | None, codim: int | None, seed: int) -> _Stated:
    if ":" in subject:  # architecture text such as lcn:k=2,2:s=2,1 (never a polynomial)
        return _state(parse_architecture(subject), variables, codim, seed)
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


@_state.register
def _(
    subject: Architecture, variables: Sequence[str] | None, codim: int | None, seed: int
) -> _Stated:
    arch = subject.minimal()
    variety = distance_variety(arch, seed=seed)  # registered per family (implicit if needed)
    if isinstance(variety, ImplicitVariety):
        return _Stated(variety, subject.text)
    return _Stated(variety, subject.text, arch)


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
) -> EDDegree:
    r"""The (weighted) ED degree of an architecture's neurovariety, a variety or a plane curve.

    Counts the complex critical points of $\sum_i \lambda_i (x_i - u_i)^2$ on the smooth part of
    $X$ for a random integer data point $u$ (or the given one):

    - an architecture (or its text, e.g. ``"lcn:k=2,2:s=2,1"``): $X = \overline{M}$ through
      μ, its gauge fixed by random charts (`neuromanifold.parametrization.gauge`), spurious
      points (where dμ drops rank, including the zero function) removed by saturation. A deep
      FC net is counted as ``fc:d0,r,dL`` (the same neuromanifold). When μ is generically
      k-to-1 modulo the gauge (stride-one LCNs: the factors can be permuted), the count is
      divided by k and ``route`` says so;
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
        real: msolve: also isolate the real critical points over ℚ for ``n_real`` (slow beyond
            small cases; the homotopy always decides realness).
        timeout: seconds per msolve call (also the fiber count of an architecture).
        primes: msolve: the primes to count over (all counts must agree); ``None``: drawn at
            random from the seed (see `count_with_msolve`).
        threads: msolve threads.
        expected: homotopy: a known exact count (closes monodromy, certifies the count). For an
            architecture whose μ is the Segre map in coordinates with generic weights it is the
            Chern-class count (`segre_in_coordinates`).
        stable_loops: homotopy: loops without a new solution before monodromy stops.
        options: homotopy: tracker settings.
        processes: homotopy: certification workers (default: all cores).

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
    choice = choose_backend(problem, backend)
    arch = stated.architecture
    if choice.backend == "msolve":
        result = count_with_msolve(
            problem, primes=primes, real=real, timeout=timeout, threads=threads
        )
    elif choice.backend == "homotopy":
        from neuromanifold.algebra.homotopy import count_with_homotopy

        if expected is None and arch is not None and weights == "generic":
            expected = _segre_count(arch, stated.variety)
        result = count_with_homotopy(
            problem,
            expected=expected,
            stable_loops=stable_loops,
            options=options,
            processes=processes,
        )
    else:
        result = _count_with_resultants(problem)
    if arch is not None:
        result = _per_function(result, arch, seed=seed, timeout=timeout)
    return dataclasses.replace(
        result, route_reason=choice.reason, seconds=time.perf_counter() - start
    )


def _segre_count(arch: Architecture, variety: ImplicitVariety | ParametrizedVariety) -> int | None:
    """The Chern-class count when μ is the Segre map in coordinates, or the family's registered
    formula (`generic_ed_degree`: pcnn's Segre–Veronese variety), for generic weights: it
    bounds the isolated nonsingular critical points at every (weights, data), so as many proved
    distinct ones are all of them (the homotopy's count is then certified)."""
    known = generic_ed_degree(arch)
    if known is not None:
        return known[0]
    assert isinstance(variety, ParametrizedVariety)
    dims = segre_in_coordinates(list(variety.phi), list(variety.names), parameter_names(arch))
    return segre_generic_ed_degree(dims) if dims else None


def _per_function(result: EDDegree, arch: Architecture, *, seed: int, timeout: float) -> EDDegree:
    """Divide a count through μ by the generic number of preimages of a function (mod gauge)."""
    k = generic_fiber_count(arch, seed=seed, timeout=timeout)
    if k == 1:
        return result
    if result.ed_degree % k:
        raise ArithmeticError(f"{k} preimages do not divide {result.ed_degree} critical points")
    return dataclasses.replace(
        result,
        ed_degree=result.ed_degree // k,
        n_real=None,
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
