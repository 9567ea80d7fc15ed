r"""The ED problem: a variety, a weighted squared Euclidean distance, a data point, a seed.

For $X \subset \mathbb{C}^n$, weights $\lambda \in \mathbb{Z}_{>0}^n$ and data
$u \in \mathbb{Z}^n$ the problem is to find the critical points of
$$d_u(x) = \sum_{i=1}^n \lambda_i (x_i - u_i)^2$$
on the smooth part of $X$; their number for generic $u$ is the (weighted) ED degree
(Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016). A `DistanceProblem` states it once, as an
immutable value, for every engine: the variety is given implicitly (`ImplicitVariety`,
$X = V(f_1, \dots, f_k)$) or as the closure of the image of a polynomial map
(`ParametrizedVariety`, $X = \overline{\varphi(\mathbb{C}^m)}$, with affine charts fixing its
symmetries). Unset weights and data are drawn from ``np.random.default_rng(seed)``: first the
weights, then the data, then whatever the engine needs (`lagrange_draws`, `parametric_setup`),
so that every engine counts the same system for the same seed.

Reference: Draisma, Horobeț, Ottaviani, Sturmfels, Thomas, *The Euclidean distance degree of an
algebraic variety*, Found. Comput. Math. 16 (2016); Breiding, Kohn, Sturmfels, *Metric Algebraic
Geometry* (2024), Ch. 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import flint
import numpy as np

from neuromanifold.algebra.charts import eliminate_affine, random_nonzero, scaling_charts
from neuromanifold.algebra.parsing import parse_polynomials
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError

__all__ = [
    "DATA_RANGE",
    "WEIGHT_RANGE",
    "DistanceProblem",
    "ImplicitVariety",
    "ParametricSetup",
    "ParametrizedVariety",
    "WeightKind",
    "lagrange_draws",
    "parametric_setup",
    "squarefree_part",
]

WeightKind = Literal["unit", "generic"]

WEIGHT_RANGE = (1, 1000)
"""Generic weights are uniform random integers in this closed range."""
DATA_RANGE = 10**6
"""Generic data coordinates are uniform random integers in [-DATA_RANGE, DATA_RANGE]."""

Polynomials = str | Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly]


def squarefree_part(f: flint.fmpq_mpoly) -> flint.fmpq_mpoly:
    r"""The product of the distinct irreducible factors of $f$ over $\mathbb{Q}$ (primitive).

    $V(f) = V(\mathrm{sqf}(f))$ and $(\mathrm{sqf}(f))$ is the radical of $(f)$.

    Example:
        >>> from neuromanifold.algebra.parsing import parse_polynomial
        >>> str(squarefree_part(parse_polynomial("(x^2 + y^2 - 1)^2*(2*x - 6)")))
        'x^3 + x*y^2 - 3*x^2 - 3*y^2 - x + 3'
    """
    _content, factors = f.factor()
    if not factors:
        return f
    out = factors[0][0]
    for g, _ in factors[1:]:
        out *= g
    return out


@dataclass(frozen=True)
class ImplicitVariety:
    r"""$X = V(f_1, \dots, f_k) \subset \mathbb{C}^n$, the $f_i$ generating its (radical) ideal.

    Each $f_i$ is replaced by its squarefree part (`squarefree_part`: the same zero set; for a
    hypersurface, the generator of its radical ideal).

    Attributes:
        system: the nonzero equations in the ambient coordinates (no parameters).
        codim: the expected codimension $c$ of $X$, or None (computed by the engine).

    Example:
        >>> X = ImplicitVariety.of("x^2 + y^2 - 1")
        >>> X.system.variables, X.ambient_dimension
        (('x', 'y'), 2)
    """

    system: PolynomialSystem
    codim: int | None = None

    def __post_init__(self) -> None:
        if self.system.parameters:
            raise InputError(
                f"substitute the parameters {self.system.parameters} before computing an ED degree"
            )
        eqs = [f for f in self.system.equations if not f.is_zero()]
        if not eqs:
            raise InputError("no nonzero equation: the variety is the whole space (ED degree 1)")
        reduced: list[flint.fmpq_mpoly] = []
        for f in eqs:
            g = squarefree_part(f)
            if not any(g == h for h in reduced):
                reduced.append(g)
        if any(f.is_constant() for f in reduced):
            raise InputError(f"the equation {eqs[0]} has no zero: the variety is empty")
        object.__setattr__(self, "system", self.system.with_equations(reduced))

    @classmethod
    def of(
        cls,
        equations: Polynomials | PolynomialSystem,
        variables: Sequence[str] | None = None,
        *,
        codim: int | None = None,
    ) -> ImplicitVariety:
        """From polynomial text ``"f1; f2"``, flint polynomials or a `PolynomialSystem`.

        ``variables``: the ambient coordinates in order (``None``: the sorted names found).
        """
        if isinstance(equations, PolynomialSystem):
            return cls(equations, codim)
        if isinstance(equations, str):
            return cls(PolynomialSystem.from_text(equations, variables), codim)
        return cls(PolynomialSystem.from_polynomials(list(equations), variables), codim)

    @property
    def ambient_dimension(self) -> int:
        """$n$."""
        return self.system.nvars

    def __str__(self) -> str:
        return "V(" + ", ".join(str(f) for f in self.system.equations) + ")"


@dataclass(frozen=True)
class ParametrizedVariety:
    r"""$X = \overline{\varphi(\mathbb{C}^m)}$, with affine charts fixing the symmetries of φ.

    Attributes:
        phi: one polynomial per ambient coordinate, in ``Q[names]``.
        names: the parameters $\theta$.
        charts: groups of parameter names, each fixed by a random chart $\ell_g = 1$
            (`neuromanifold.algebra.charts.scaling_charts`; all factors but one of a
            multilinear map).
        constraints: further affine-linear gauge conditions in ``Q[names]`` (e.g. a random
            chart of $GL_r$, `neuromanifold.algebra.charts.general_linear_chart`).

    Example:
        >>> X = ParametrizedVariety.of("a0*b0; a0*b1; a1*b0; a1*b1", charts=[["a0", "a1"]])
        >>> X.names, X.ambient_dimension
        (('a0', 'a1', 'b0', 'b1'), 4)
    """

    phi: tuple[flint.fmpq_mpoly, ...]
    names: tuple[str, ...]
    charts: tuple[tuple[str, ...], ...] = ()
    constraints: tuple[flint.fmpq_mpoly, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "phi", tuple(self.phi))
        object.__setattr__(self, "names", tuple(self.names))
        object.__setattr__(self, "charts", tuple(tuple(g) for g in self.charts))
        object.__setattr__(self, "constraints", tuple(self.constraints))
        if not self.phi:
            raise InputError("the parametrization has no coordinate; give one polynomial each")
        for f in (*self.phi, *self.constraints):
            if f.context().names() != self.names:
                raise InputError(
                    f"{f} lives in {f.context().names()}, expected the parameters {self.names}; "
                    "use ParametrizedVariety.of"
                )

    @classmethod
    def of(
        cls,
        parametrization: Polynomials,
        parameters: Sequence[str] | None = None,
        *,
        charts: Sequence[Sequence[str]] = (),
        constraints: Polynomials = (),
    ) -> ParametrizedVariety:
        """From text ``"a0*b0; a0*b1; ..."`` or flint polynomials, one per ambient coordinate.

        ``parameters``: the parameter names in order (``None``: the sorted names found);
        ``constraints``: text separated by ``;`` or polynomials in those names.
        """
        if isinstance(parametrization, str):
            phi, pctx = parse_polynomials(parametrization, parameters)
            names = tuple(pctx.names())
        else:
            system = PolynomialSystem.from_polynomials(list(parametrization), parameters)
            phi, names = list(system.equations), system.variables
        if isinstance(constraints, str):
            gauge = list(parse_polynomials(constraints, names)[0]) if constraints.strip() else []
        elif constraints:
            gauge = list(PolynomialSystem.from_polynomials(list(constraints), names).equations)
        else:
            gauge = []
        return cls(tuple(phi), names, tuple(tuple(g) for g in charts), tuple(gauge))

    @property
    def ambient_dimension(self) -> int:
        """$n$, the number of coordinates of φ."""
        return len(self.phi)

    def __str__(self) -> str:
        return "image of (" + ", ".join(str(f) for f in self.phi) + ")"


Variety = ImplicitVariety | ParametrizedVariety


@dataclass(frozen=True)
class DistanceProblem:
    r"""Critical points of $\sum_i \lambda_i (x_i - u_i)^2$ on a variety: the one ED statement.

    Attributes:
        variety: an `ImplicitVariety` or a `ParametrizedVariety`.
        weights: ``"unit"`` ($\lambda = 1$), ``"generic"`` (random integers in `WEIGHT_RANGE`)
            or $n$ explicit positive integers.
        data: the data point $u$ ($n$ integers), or None: random in $[-10^6, 10^6]^n$.
        seed: seeds every random choice (weights, data, combinations, charts, saturation).
        subject: what the problem was stated about (text for summaries), e.g. an architecture.

    Example:
        >>> p = DistanceProblem(ImplicitVariety.of("y^2 - x^3"), weights=[1, 2])
        >>> p.weights, p.draws(np.random.default_rng(0))[:2]
        ((1, 2), ('given', (1, 2)))
    """

    variety: Variety
    weights: WeightKind | Sequence[int] = "unit"
    data: Sequence[int] | None = None
    seed: int = 0
    subject: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.variety, ImplicitVariety | ParametrizedVariety):
            raise InputError(
                f"variety must be an ImplicitVariety or a ParametrizedVariety, got "
                f"{type(self.variety).__name__}"
            )
        n = self.variety.ambient_dimension
        weights = self.weights
        if isinstance(weights, str):
            if weights not in ("unit", "generic"):
                raise InputError(
                    f"weights must be 'unit', 'generic' or a sequence, got {weights!r}"
                )
        else:
            values = tuple(int(w) for w in weights)
            if len(values) != n or any(w <= 0 for w in values):
                raise InputError(f"weights must be {n} positive integers, got {weights!r}")
            object.__setattr__(self, "weights", values)
        if self.data is not None:
            values = tuple(int(v) for v in self.data)
            if len(values) != n:
                raise InputError(f"data must have {n} integer coordinates, got {len(values)}")
            object.__setattr__(self, "data", values)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int | np.integer):
            raise InputError(f"seed must be an integer, got {self.seed!r}")
        object.__setattr__(self, "seed", int(self.seed))
        if not self.subject:
            object.__setattr__(self, "subject", str(self.variety))

    @property
    def ambient_dimension(self) -> int:
        """$n$."""
        return self.variety.ambient_dimension

    def draws(self, rng: np.random.Generator) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
        r"""The weight kind, $\lambda$ and $u$: the first draws from ``rng`` (weights, then data).

        The kind is ``"unit"``, ``"generic"`` or ``"given"``.
        """
        n = self.ambient_dimension
        if self.weights == "unit":
            kind, lam = "unit", (1,) * n
        elif self.weights == "generic":
            lo, hi = WEIGHT_RANGE
            kind = "generic"
            lam = tuple(int(w) for w in rng.integers(lo, hi, size=n, endpoint=True))
        else:
            kind, lam = "given", tuple(int(w) for w in self.weights)
        if self.data is None:
            u = tuple(int(v) for v in rng.integers(-DATA_RANGE, DATA_RANGE, size=n, endpoint=True))
        else:
            u = tuple(int(v) for v in self.data)
        return kind, lam, u


def lagrange_draws(
    problem: DistanceProblem, codim: int
) -> tuple[str, tuple[int, ...], tuple[int, ...], list[flint.fmpq_mpoly], np.ndarray]:
    r"""The seeded random choices of the implicit route, shared by every engine.

    From ``np.random.default_rng(seed)``, in this order: the weights λ, the data u, the
    :math:`c` random combinations :math:`g = A f` of the equations (``f`` itself when there are
    exactly c) and the :math:`n \times c` matrix R of the saturation :math:`\det(J_g R)`.

    Returns:
        ``(weight kind, λ, u, g, R)``.
    """
    variety = problem.variety
    if not isinstance(variety, ImplicitVariety):
        raise InputError("lagrange_draws needs an implicitly given variety")
    eqs = list(variety.system.equations)
    n = variety.ambient_dimension
    rng = np.random.default_rng(problem.seed)
    kind, lam, u = problem.draws(rng)
    if codim == len(eqs):
        g = eqs
    else:
        a = random_nonzero(rng, (codim, len(eqs)))
        g = [
            sum((int(a[j, k]) * eqs[k] for k in range(len(eqs))), eqs[0] * 0) for j in range(codim)
        ]
    return kind, lam, u, g, random_nonzero(rng, (n, codim))


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


def parametric_setup(problem: DistanceProblem) -> ParametricSetup:
    r"""The parametric route's seeded draws and gauge elimination, shared by every engine.

    Draws (in this order, from ``np.random.default_rng(seed)``) the weights λ, the data u and
    the seed of the random charts, and eliminates the affine gauge conditions exactly
    (`neuromanifold.algebra.charts.eliminate_affine`).

    Returns:
        A `ParametricSetup`; its ``rng`` continues the same stream (the next draw is R).

    Raises:
        InputError: the gauge conditions fix every parameter.
    """
    variety = problem.variety
    if not isinstance(variety, ParametrizedVariety):
        raise InputError("parametric_setup needs a parametrized variety")
    names = variety.names
    rng = np.random.default_rng(problem.seed)
    kind, lam, u = problem.draws(rng)
    chart_seed = int(rng.integers(0, 2**31))
    gauge = list(scaling_charts(variety.charts, names, seed=chart_seed)) if variety.charts else []
    gauge += list(variety.constraints)
    free, images, _ = eliminate_affine(gauge, names)
    if not free:
        raise InputError("the gauge constraints fix every parameter; remove some")
    return ParametricSetup(variety.phi, names, tuple(gauge), kind, lam, u, free, images, rng)
