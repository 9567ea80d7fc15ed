"""The neurovariety: the Zariski closure of the neuromanifold, its equations and degree.

Its ED degree is `neuromanifold.metric.ed_degree` of the architecture.
"""

from __future__ import annotations

from dataclasses import dataclass

import flint
import numpy as np

from neuromanifold.algebra import (
    PolynomialSystem,
    groebner_basis,
    polynomial_context,
)
from neuromanifold.algebra.modular_count import ModularCount, count_modulo_primes
from neuromanifold.algebra.msolve import coefficient_integers, random_primes
from neuromanifold.architectures import Architecture, FullyConnected, parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.parametrization import (
    coordinate_names,
    parametrization,
    symbolic_map,
)

__all__ = [
    "Neurovariety",
    "equations",
    "gauge",
    "generic_fiber_count",
    "neurovariety_equations",
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


def _lift(coefficient: int, p: int) -> int:
    return coefficient - p if coefficient > p // 2 else coefficient


def neurovariety_equations(
    architecture: Architecture | str, *, seed: int = 0, timeout: float = 120.0
) -> tuple[list[flint.fmpq_mpoly], list[str], bool]:
    r"""Implicit equations of the neurovariety by elimination: :math:`I = (c - \mu(\theta)) \cap \mathbb{Q}[c]`.

    msolve computes the elimination ideal's reduced Gröbner basis over :math:`\mathbb{F}_p`
    (p < 2^30 drawn at random from ``seed``, not dividing a coefficient); coefficients are lifted to the symmetric range and every lifted equation is
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
    lifted = []
    for g in basis.polynomials:
        terms = {exp: _lift(int(coef), prime) for exp, coef in g.to_dict().items()}
        poly = cctx.from_dict(terms)
        lifted.append(poly)
    # verify: each equation composed with μ is identically zero over Q
    pctx = phi[0].context() if phi else cctx
    verified = all(e.compose(*phi, ctx=pctx) == 0 for e in lifted)
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
        cls, architecture: Architecture | str, *, seed: int = 0, timeout: float = 120.0
    ) -> Neurovariety:
        """Compute the neurovariety of an architecture (small architectures: elimination).

        Example:
            >>> V = Neurovariety.of("lcn:k=3,3:s=2,1")
            >>> V.dim, V.degree, [e.total_degree() for e in V.equations]
            (5, 6, [3, 3, 3, 3])
        """
        arch = parse_architecture(architecture)
        eqs, coords, verified = neurovariety_equations(arch, seed=seed, timeout=timeout)
        dim = generic_rank(parametrization(arch), seed=seed).dim
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
