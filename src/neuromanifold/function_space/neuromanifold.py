"""The neuromanifold M = μ(R^N): the set of functions an architecture parametrizes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.function_space.dimension import DimensionCertificate, generic_rank
from neuromanifold.function_space.facts import Facts, facts
from neuromanifold.function_space.invariants import (
    Identifiability,
    degree,
    dimension_bound,
    expected_dimension,
    identifiability,
)
from neuromanifold.html_table import summary_html
from neuromanifold.parametrization import Parametrization, parametrization

__all__ = ["Neuromanifold", "describe"]


@dataclass(frozen=True)
class Neuromanifold:
    r"""The function space :math:`M = \mu(\mathbb{R}^N)` of an architecture.

    Its dimension is computed (exact Jacobian rank over random prime fields, see
    :func:`~neuromanifold.function_space.dimension.generic_rank`); the facts that theorems decide
    (filling, closed, algebraic, boundary, singular points) are cross-checked against it.

    Args:
        architecture: an :class:`~neuromanifold.Architecture` or its text form.
        seed: seed of the random primes and points of the dimension computation.

    Example:
        >>> M = Neuromanifold("fc:3,1,2")
        >>> (M.dim, M.ambient_dim, M.filling)
        (4, 6, False)

    Reference: seed article (Kohn 2024), Fig. 1 and §"neuromanifold"; SPEC §1, §2.
    """

    architecture: Architecture
    seed: int = 0

    def __init__(self, architecture: Architecture | str, seed: int = 0) -> None:
        object.__setattr__(self, "architecture", parse_architecture(architecture))
        object.__setattr__(self, "seed", int(seed))

    @cached_property
    def parametrization(self) -> Parametrization:
        """The map μ."""
        return parametrization(self.architecture)

    @cached_property
    def dimension_certificate(self) -> DimensionCertificate:
        """How the dimension was computed (primes, ranks, seed, failure bound).

        The family's proven upper bound (:func:`dimension_bound`: parameters minus symmetries,
        or a theorem) ends the computation when a rank reaches it, exact with certainty.
        """
        bound = dimension_bound(self.architecture)
        return generic_rank(self.parametrization, seed=self.seed, upper_bound=bound)

    @property
    def n_params(self) -> int:
        """Number N of parameters."""
        return self.architecture.n_params

    @property
    def ambient_dim(self) -> int:
        """Dimension of the ambient space of functions."""
        return self.architecture.ambient_dim

    @property
    def dim(self) -> int:
        """dim M: the generic rank of dμ (exact with probability ≥ 1 − failure bound)."""
        return self.dimension_certificate.dim

    @property
    def full_dimensional(self) -> bool:
        """Whether dim M equals the ambient dimension."""
        return self.dim == self.ambient_dim

    @property
    def fiber_dim(self) -> int:
        """Dimension N − dim M of a generic fiber μ⁻¹(μ(θ)) (fiber-dimension theorem)."""
        return self.n_params - self.dim

    @cached_property
    def facts(self) -> Facts:
        """Theorem-backed facts, checked against the computed dimension."""
        return facts(self.architecture, self.full_dimensional)

    @property
    def expected_dim(self) -> int | None:
        """The dimension parameter counts or theorems predict (``None`` if the family has none)."""
        return _value(expected_dimension(self.architecture))

    @property
    def defect(self) -> int | None:
        """expected_dim − dim (``None`` without an expected dimension); positive: defective."""
        expected = self.expected_dim
        return None if expected is None else expected - self.dim

    @cached_property
    def identifiability(self) -> Identifiability:
        """Whether generic parameters are determined by the function, up to the symmetries."""
        return identifiability(self.architecture, self.dim)

    @property
    def degree(self) -> int | None:
        """The degree of the neurovariety where a formula gives it, else ``None``."""
        return _value(degree(self.architecture))

    @property
    def filling(self) -> bool | None:
        """Whether M is the whole ambient space (``None`` if no theorem decides it)."""
        return self.facts.filling.value

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description; the keys of ``neuromanifold describe --json``."""
        f = self.facts
        return {
            "architecture": self.architecture.text,
            "family": self.architecture.family,
            "n_params": self.n_params,
            "ambient_shape": list(self.architecture.ambient_shape),
            "ambient_dim": self.ambient_dim,
            "dim": self.dim,
            "full_dimensional": self.full_dimensional,
            "filling": self.filling,
            "fiber_dim": self.fiber_dim,
            "expected_dim": self.expected_dim,
            "defect": self.defect,
            "identifiable": self.identifiability.value,
            "degree": self.degree,
            "closed": f.closed.value,
            "algebraic": f.algebraic.value,
            "semi_algebraic": True,
            "has_boundary": f.has_boundary.value,
            "has_singular_points": f.has_singular_points.value,
            "symmetries": list(f.symmetries),
            "facts": {
                **f.to_dict(),
                "identifiable": self.identifiability.to_dict(),
                "expected_dim": _reason(expected_dimension(self.architecture)),
                "degree": _reason(degree(self.architecture)),
            },
            "dimension_certificate": self.dimension_certificate.to_dict(),
        }

    def __str__(self) -> str:
        f = self.facts
        cert = self.dimension_certificate
        lines = [
            f"neuromanifold of {self.architecture.text}",
            f"  parameters        N = {self.n_params}",
            f"  ambient space     R^{self.ambient_dim}  (shape {self.architecture.ambient_shape})",
            f"  dimension         {self.dim}  (exact Jacobian rank mod primes {list(cert.primes)}, "
            f"seed {cert.seed}, "
            + (
                "= the proven upper bound: exact)"
                if cert.exact
                else f"failure probability ≤ {cert.failure_bound:.1e})"
            ),
            f"  full-dimensional  {'yes' if self.full_dimensional else 'no'}",
            f"  generic fiber     dimension {self.fiber_dim}",
            f"  expected dim      {self.expected_dim}  (defect {self.defect})",
            f"  identifiable      {self.identifiability.value} ({self.identifiability.reason})",
            f"  degree            {self.degree if self.degree is not None else 'unknown'}",
            f"  filling           {f.filling}",
            f"  closed            {f.closed}",
            f"  algebraic         {f.algebraic}",
            f"  boundary points   {f.has_boundary}",
            f"  singular points   {f.has_singular_points}",
        ]
        for s in f.symmetries:
            lines.append(f"  symmetry          {s}")
        return "\n".join(lines)

    _repr_html_ = summary_html  # notebooks show the summary as a table


def _reason(known: tuple[int, str] | None) -> dict[str, object] | None:
    return None if known is None else {"value": known[0], "reason": known[1]}


def describe(architecture: Architecture | str, *, seed: int = 0) -> Neuromanifold:
    r"""Describe the neuromanifold of ``architecture``: dimension, filling, closed, strata facts.

    The verb behind ``neuromanifold describe``: the :class:`Neuromanifold`, whose dimension is
    the exact generic rank of :math:`d\mu` over random prime fields (a certified lower bound,
    exact with probability :math:`\ge 1 - \varepsilon`) and whose facts cite their theorems.

    Args:
        architecture: an architecture or its text form.
        seed: seed of the random primes and points.

    Example:
        >>> M = describe("lcn:k=2,2")
        >>> M.dim, M.filling
        (3, False)
    """
    return Neuromanifold(architecture, seed=seed)


def _value(known: tuple[int, str] | None) -> int | None:
    """The value of a (value, reason) pair a theorem gives, ``None`` if none applies."""
    return None if known is None else known[0]
