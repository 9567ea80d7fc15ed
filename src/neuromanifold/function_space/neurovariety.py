"""The neurovariety: the Zariski closure of the neuromanifold, its equations and degree.

Its ED degree is `neuromanifold.metric.ed_degree` of the architecture.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import flint
import numpy as np

from neuromanifold.algebra import (
    ImplicitVariety,
    ParametrizedVariety,
    PolynomialSystem,
    groebner_basis,
    polynomial_context,
)
from neuromanifold.algebra.modular_count import ModularCount, count_modulo_primes
from neuromanifold.algebra.msolve import coefficient_integers, random_primes
from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.dispatch import family_dispatch
from neuromanifold.errors import BudgetError, InputError
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.parametrization import (
    coordinate_names,
    parameter_names,
    parametrization,
    symbolic_map,
)

__all__ = [
    "MAX_UNKNOWNS",
    "Neurovariety",
    "check_elimination_size",
    "distance_variety",
    "equations",
    "fiber_count_theorem",
    "gauge",
    "generic_fiber_count",
    "implicit_variety",
    "neurovariety_equations",
    "rational_reconstruction",
]


def segre_in_coordinates(
    phi: list[flint.fmpq_mpoly], names: list[str], groups: list[list[str]]
) -> tuple[int, ...] | None:
    r"""The dims :math:`(k_1 - 1, \dots)` if μ is the Segre map in coordinates, else None.

    That is: every coordinate of μ is one product :math:`\theta^{(1)}_{j_1} \cdots
    \theta^{(L)}_{j_L}` (coefficient 1, one parameter per layer) or 0, and every such product
    occurs once, so the neurovariety is the cone over :math:`\mathbb{P}^{k_1 - 1} \times
    \cdots` (times the origin of the zero coordinates; e.g. strided LCNs whose strides are at
    least the filter sizes below them).

    Example:
        >>> from neuromanifold.parametrization import parameter_names
        >>> arch = parse_architecture("lcn:k=2,2:s=2,1")
        >>> phi, names = symbolic_map(arch)
        >>> segre_in_coordinates(phi, names, parameter_names(arch))
        (1, 1)
        >>> arch = parse_architecture("lcn:k=3,3:s=2,1")
        >>> phi, names = symbolic_map(arch)
        >>> segre_in_coordinates(phi, names, parameter_names(arch)) is None
        True
    """
    layer_of = {name: g for g, group in enumerate(groups) for name in group}
    seen: set[tuple[int, ...]] = set()
    nonzero = [f for f in phi if not f.is_zero()]  # coordinates fixed at 0 change nothing
    for f in nonzero:
        terms = list(f.terms())
        if len(terms) != 1 or terms[0][1] != 1:
            return None
        monom = tuple(int(e) for e in terms[0][0])
        used = [names[j] for j, e in enumerate(monom) if e]
        if any(e > 1 for e in monom) or sorted(layer_of[v] for v in used) != list(
            range(len(groups))
        ):
            return None
        seen.add(monom)
    sizes = [len(group) for group in groups]
    if len(seen) != len(nonzero) or len(nonzero) != int(np.prod(sizes)):
        return None
    return tuple(k - 1 for k in sizes)


def gauge(architecture: Architecture, *, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
    """Random affine charts fixing the symmetries of μ (:meth:`Parametrization.gauge_charts`).

    Raises:
        InputError: a fully connected net that fills its ambient space (its ED degree is 1).
    """
    mu = parametrization(architecture)
    if isinstance(architecture, FullyConnected):
        if architecture.bottleneck >= min(architecture.ambient_shape):
            raise InputError(
                f"architecture: {architecture.text} fills its ambient space; its ED degree is 1"
            )
        return mu.gauge_charts(seed - 1)  # the GL_r chart seeded `seed`, as it always was
    return mu.gauge_charts(seed)


@family_dispatch("neuromanifold.function_space")
def distance_variety(
    architecture: Architecture, *, seed: int = 0, timeout: float = 120.0
) -> ImplicitVariety | ParametrizedVariety:
    r"""The neurovariety as the ED verb states it: μ with its gauge fixed by random charts.

    The default, for families whose μ is generically finite on the charts (FC, LCN, pcnn,
    attention); a family whose charts leave positive-dimensional fibers (defective polynomial
    networks) registers another statement, e.g. its implicit equations (:func:`neurovariety_equations`).

    Example:
        >>> distance_variety(parse_architecture("lcn:k=2,2:s=2,1")).ambient_dimension
        4
    """
    arch = architecture.minimal()
    phi, names = symbolic_map(arch)
    return ParametrizedVariety(tuple(phi), tuple(names), constraints=gauge(arch, seed=seed))


def implicit_variety(
    architecture: Architecture, dim: int, *, timeout: float = 120.0
) -> ImplicitVariety:
    """The neurovariety by its implicit equations (elimination, verified over ℚ), codim given.

    Raises:
        ArithmeticError: a lifted equation does not vanish on μ over ℚ.
    """
    eqs, coords, verified = neurovariety_equations(architecture, timeout=timeout)
    if not verified:
        raise ArithmeticError(f"the equations of {architecture.text} did not verify over Q")
    return ImplicitVariety.of(eqs, coords, codim=len(coords) - dim)


def generic_fiber_count(
    architecture: Architecture | str, *, seed: int = 0, timeout: float = 60.0
) -> int:
    r"""Number of complex preimages :math:`\#\mu^{-1}(\mu(	heta_0))` of a generic function, modulo the gauge.

    Solves :math:`\mu(	heta) = \mu(	heta_0)` for a random integer :math:`	heta_0` with the
    gauge charts added; counted mod p by msolve. It is 1 when μ is birational onto its image up
    to the symmetries (e.g. strided LCNs, FC nets), and e.g. 2 for ``lcn:k=2,2`` (the two linear
    factors can be swapped).

    Example:
        >>> generic_fiber_count("lcn:k=2,2"), generic_fiber_count("lcn:k=2,2:s=2,1")
        (2, 1)
    """
    arch = parse_architecture(architecture).minimal()
    phi, names = symbolic_map(arch)
    rng = np.random.default_rng(seed + 1)
    theta0 = [int(v) for v in rng.integers(-50, 51, size=len(names))]
    values = parametrization(arch).exact(theta0).reshape(-1)
    equations = [f - v for f, v in zip(phi, values, strict=True)]
    system = PolynomialSystem.from_polynomials([*equations, *gauge(arch, seed=seed)], names)
    return count_modulo_primes(system, seed=seed, timeout=timeout).n_solutions


@family_dispatch("neuromanifold.function_space")
def fiber_count_theorem(architecture: Architecture) -> tuple[int, str] | None:
    r"""The generic fiber count modulo the gauge when a theorem gives it, and the theorem; else None.

    What :func:`generic_fiber_count` counts with msolve, known without a solve for:

    - ``fc:d0,r,dL`` (minimal), :math:`r < \min(d_0, d_L)`: a rank-r matrix factors as
      :math:`W_2 W_1` uniquely up to :math:`GL_r` (:math:`W_1 \mapsto g W_1`, :math:`W_2 \mapsto
      W_2 g^{-1}`), and the :math:`GL_r` chart, :math:`r^2` affine-linear conditions on one
      factor, is linear in g: one solution on a generic orbit. The count is 1.
    - an LCN whose μ is the Segre map in coordinates (`segre_in_coordinates`: strides at least
      the filter sizes below them): the Segre map is an embedding of
      :math:`\mathbb{P}^{k_1-1} \times \cdots \times \mathbb{P}^{k_L-1}`, so a generic fiber is
      one orbit of the rescalings :math:`(t_1 w_1, \dots, t_L w_L)`, :math:`\prod t_l = 1`; the
      charts :math:`\ell_l(w_l) = 1`, one per layer but the last, fix :math:`t_l = 1/\ell_l(w_l)`.
      The count is 1.

    Other families: None (count with :func:`generic_fiber_count`).

    Example:
        >>> fiber_count_theorem(parse_architecture("lcn:k=2,2:s=2,1"))[0]
        1
        >>> fiber_count_theorem(parse_architecture("lcn:k=2,2")) is None   # 2 (factors swap)
        True

    Reference: Harris, *Algebraic Geometry*, Ex. 2.11 (the Segre embedding); Shahverdi 2024.
    """
    return None


@fiber_count_theorem.register
def _(architecture: FullyConnected) -> tuple[int, str] | None:
    arch = architecture.minimal()
    assert isinstance(arch, FullyConnected)
    if len(arch.widths) != 3 or arch.bottleneck >= min(arch.ambient_shape):
        return None
    return 1, "rank factorization unique up to GL_r, one point on its chart"


@fiber_count_theorem.register
def _(architecture: LinearConvNetwork) -> tuple[int, str] | None:
    arch = architecture.minimal()
    phi, names = symbolic_map(arch)
    if segre_in_coordinates(phi, names, parameter_names(arch)) is None:
        return None
    return 1, "the Segre map is an embedding; one point of a rescaling orbit on the charts"


#: Default budget of :func:`check_elimination_size`: parameters + coordinates (the variables
#: of the elimination; pcnn:k=2,2,2 with 36 takes seconds, beyond ~40 it is hours or more).
MAX_UNKNOWNS = 40


def check_elimination_size(architecture: Architecture, max_unknowns: int = MAX_UNKNOWNS) -> None:
    """Refuse, before any work, an elimination in more than ``max_unknowns`` variables.

    Raises:
        BudgetError: N + ambient dimension exceeds the budget; the message names
            ``--max-unknowns``.

    Example:
        >>> check_elimination_size(parse_architecture("pcnn:k=2,2:r=2"))
    """
    size = architecture.n_params + architecture.ambient_dim
    if size > max_unknowns:
        raise BudgetError(
            f"equations of {architecture.text}: elimination in {architecture.n_params} "
            f"parameters + {architecture.ambient_dim} coordinates = {size} variables, above the "
            f"budget of {max_unknowns}; raise it with --max-unknowns (expect hours past ~40)"
        )


def _lift(coefficient: int, p: int) -> int:
    return coefficient - p if coefficient > p // 2 else coefficient


def rational_reconstruction(c: int, p: int) -> flint.fmpq | None:
    """The fraction a/b ≡ c (mod p) with |a|, b ≤ √(p/2) (Wang's half-extended Euclid), or None.

    Example:
        >>> p = 1_000_003
        >>> rational_reconstruction(2 * pow(3, -1, p) % p, p)
        2/3
    """
    bound = int((p // 2) ** 0.5)
    r0, r1, t0, t1 = p, c % p, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, t0, t1 = r1, r0 - q * r1, t1, t0 - q * t1
    if t1 == 0 or abs(t1) > bound:
        return None
    return flint.fmpq(r1, t1) if t1 > 0 else flint.fmpq(-r1, -t1)


def _lift_polynomial(
    g: flint.nmod_mpoly,
    prime: int,
    cctx: flint.fmpq_mpoly_ctx,
    rational: bool,
) -> flint.fmpq_mpoly | None:
    """Lift a basis element mod p to ℚ: symmetric integers, or fractions cleared to integers."""
    terms = {}
    for exp, coef in g.to_dict().items():
        if not rational:
            terms[exp] = _lift(int(coef), prime)
            continue
        q = rational_reconstruction(int(coef), prime)
        if q is None:
            return None
        terms[exp] = q
    poly = cctx.from_dict(terms)
    if rational and not poly.is_zero():
        denominators = [int(c.q) for c in poly.coeffs()]
        lcm = 1
        for d in denominators:
            lcm = lcm * d // gcd(lcm, d)
        poly = poly * lcm
    return poly


def neurovariety_equations(
    architecture: Architecture | str, *, seed: int = 0, timeout: float = 120.0
) -> tuple[list[flint.fmpq_mpoly], list[str], bool]:
    r"""Implicit equations of the neurovariety by elimination: :math:`I = (c - \mu(\theta)) \cap \mathbb{Q}[c]`.

    msolve computes the elimination ideal's reduced Gröbner basis over :math:`\mathbb{F}_p`
    (p < 2^30 drawn at random from ``seed``, not dividing a coefficient); coefficients are lifted
    to the symmetric range (or, when that does not verify, to fractions by rational
    reconstruction, denominators cleared) and every lifted equation is
    checked to vanish identically on μ over ℚ (so each is a true equation of the image); the
    basis generates the ideal mod p (generically the same as over ℚ).

    Returns:
        ``(equations, coordinate names, verified)``; ``verified`` is True when every lifted
        equation vanishes on μ over ℚ.

    Example:
        >>> eqs, names, ok = neurovariety_equations("lcn:k=2,2:s=2,1")
        >>> [str(e) for e in eqs], ok
        (['c1*c2 - c0*c3'], True)
    """
    arch = parse_architecture(architecture).minimal()
    phi, theta_names = symbolic_map(arch)
    coords = coordinate_names(arch)
    ctx = polynomial_context([*theta_names, *coords])
    gens = ctx.gens()
    theta_gens = gens[: len(theta_names)]
    equations = []
    for c, f in zip(gens[len(theta_names) :], phi, strict=True):
        equations.append(c - f.compose(*theta_gens, ctx=ctx))
    system = PolynomialSystem.from_polynomials(equations, [*theta_names, *coords])
    prime = random_primes(1, seed, coefficient_integers(system))[0]
    basis = groebner_basis(system, prime=prime, eliminate=len(theta_names), timeout=timeout)
    cctx = polynomial_context(coords)
    pctx = phi[0].context() if phi else cctx
    lifted: list = []
    verified = False
    # symmetric integers first, then fractions (rational reconstruction: monic bases of
    # images with rational equations, e.g. linear spans); each verified over ℚ
    for rational in (False, True):
        candidate = [_lift_polynomial(g, prime, cctx, rational) for g in basis.polynomials]
        if any(e is None for e in candidate):
            continue
        lifted = candidate
        # verify: each equation composed with μ is identically zero over Q
        verified = all(e.compose(*phi, ctx=pctx) == 0 for e in lifted)
        if verified:
            break
    lifted.sort(key=lambda f: (f.total_degree(), str(f)))
    return lifted, coords, verified


@dataclass(frozen=True)
class Neurovariety:
    """The Zariski closure of a neuromanifold: equations, dimension and degree.

    Attributes:
        architecture: the network.
        equations: generators of its ideal (lifted from F_p, each verified over ℚ).
        coordinates: the names of the ambient coordinates.
        dim: its dimension (the generic Jacobian rank of μ).
        degree: its degree, counted as the points on a random linear section modulo random
            primes (exact with probability ≥ 1 − ``degree_failure_bound``).
        verified: every equation vanishes identically on μ over ℚ.
        degree_primes: the primes of the degree count (empty: the variety fills its space).
        degree_failure_bound: ε of the degree count (None: proved, or not certified).
    """

    architecture: Architecture
    equations: tuple[flint.fmpq_mpoly, ...]
    coordinates: tuple[str, ...]
    dim: int
    degree: int
    verified: bool
    degree_primes: tuple[int, ...] = ()
    degree_failure_bound: float | None = None

    @classmethod
    def of(
        cls,
        architecture: Architecture | str,
        *,
        seed: int = 0,
        timeout: float = 120.0,
        max_unknowns: int | None = None,
    ) -> Neurovariety:
        """Compute the neurovariety of an architecture (small architectures: elimination).

        When dim M (the generic rank of dμ) is the ambient dimension, M is Zariski dense: its
        closure is the whole space, its ideal (0), its degree 1, and nothing is eliminated.

        Args:
            architecture: the network.
            seed: seeds the prime, the rank and the degree count.
            timeout: seconds per msolve call.
            max_unknowns: refuse an elimination in more variables (`check_elimination_size`;
                None: no limit). A filling net needs none.

        Example:
            >>> V = Neurovariety.of("lcn:k=3,3:s=2,1")
            >>> V.dim, V.degree, [e.total_degree() for e in V.equations]
            (5, 6, [3, 3, 3, 3])
            >>> V = Neurovariety.of("fc:30,30,30")  # fills R^900: no elimination
            >>> V.dim, V.degree, V.equations
            (900, 1, ())
        """
        arch = parse_architecture(architecture)
        coords = coordinate_names(arch)
        over: BudgetError | None = None
        if max_unknowns is not None:
            try:
                check_elimination_size(arch.minimal(), max_unknowns)
            except BudgetError as refused:  # refused, unless it fills (nothing to eliminate)
                over = refused
        try:
            dim = generic_rank(parametrization(arch), seed=seed).dim
        except BudgetError:
            if over is not None:
                raise over from None
            raise
        if over is not None and dim < len(coords):
            raise over
        if dim == len(coords):
            return cls(arch, (), tuple(coords), dim, 1, True)
        eqs, coords, verified = neurovariety_equations(arch, seed=seed, timeout=timeout)
        count = _degree(eqs, coords, dim, seed=seed, timeout=timeout)
        if count is None:
            return cls(arch, tuple(eqs), tuple(coords), dim, 1, verified)
        return cls(
            arch, tuple(eqs), tuple(coords), dim, count.n_solutions, verified, count.primes,
            count.failure_bound,
        )  # fmt: skip

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: keys ``equations`` (strings), ``coordinates``, ``degree``, ``dim``."""
        return {
            "architecture": self.architecture.text,
            "equations": [str(e) for e in self.equations],
            "coordinates": list(self.coordinates),
            "degree": self.degree,
            "dim": self.dim,
            "verified": self.verified,
            "degree_primes": list(self.degree_primes),
            "degree_failure_bound": self.degree_failure_bound,
        }

    def __str__(self) -> str:
        lines = [
            f"neurovariety of {self.architecture.text}: dimension {self.dim}, degree {self.degree}, "
            f"{len(self.equations)} equation(s) in {', '.join(self.coordinates)}"
            + ("" if self.verified else "  (NOT verified over Q)"),
        ]
        lines += [f"  {e} = 0" for e in self.equations]
        return "\n".join(lines)


def _degree(
    equations: list[flint.fmpq_mpoly], coords: list[str], dim: int, *, seed: int, timeout: float
) -> ModularCount | None:
    """Degree of the (conical) variety: points on dim − 1 random hyperplanes and one affine one
    (None: the variety is the whole space, of degree 1)."""
    n = len(coords)
    if dim == n:
        return None
    rng = np.random.default_rng(seed)
    ctx = polynomial_context(coords)
    gens = ctx.gens()
    extra = []
    for i in range(dim):
        coeffs = rng.integers(-9999, 10000, size=n)
        form = sum((int(a) * g for a, g in zip(coeffs, gens, strict=True)), ctx.from_dict({}))
        extra.append(form - 1 if i == 0 else form)
    system = PolynomialSystem.from_polynomials([*equations, *extra], coords)
    return count_modulo_primes(system, seed=seed, timeout=timeout)


def equations(
    architecture: Architecture | str, *, seed: int = 0, timeout: float = 120.0
) -> Neurovariety:
    r"""The neurovariety :math:`\overline{M}` of ``architecture``: its equations, dimension, degree.

    The verb behind ``neuromanifold equations`` (:meth:`Neurovariety.of`): elimination with
    msolve mod p, lifted to ℚ and verified to vanish on μ (SPEC §2.2, polyphase components).

    Example:
        >>> [str(f) for f in equations("lcn:k=2,2:s=2,1").equations]
        ['c1*c2 - c0*c3']
    """
    return Neurovariety.of(architecture, seed=seed, timeout=timeout)
