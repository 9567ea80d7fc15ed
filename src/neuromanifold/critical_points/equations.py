r"""The critical equations: loci of the neurovariety, their parametrizations, and the systems.

A *locus* is an irreducible piece of the Zariski closure :math:`V = \overline{M}` on which the
loss can have critical points, given by a polynomial parametrization :math:`\varphi` and affine
gauge charts making :math:`\varphi` generically finite:

- FC, :math:`M = \{\operatorname{rank} \le r\}`: the rank strata :math:`\{\operatorname{rank}
  \le e\}`, :math:`e = 1, \dots, r`, parametrized by ``fc:d0,e,dL`` with a random :math:`GL_e`
  chart; :math:`e = r` is the smooth locus of :math:`V`, :math:`e < r` its singular strata
  (Eckart–Young: ``C(min(d0, dL), e)`` critical points on each for the Frobenius loss). When
  :math:`e = \min(d_0, d_L)` the locus is the ambient space.
- LCN, all strides one: :math:`V` is the ambient space (one critical point, the center
  :math:`u`); the boundary of :math:`M` lies in the discriminant, stratified by the multiple-root
  loci :math:`\Delta_\lambda` (binary forms with root multiplicities :math:`\lambda`), each
  parametrized by :math:`f = c \prod_m h_m^m` with :math:`\deg h_m = \#\{i : \lambda_i = m\}`
  (charts on the :math:`h_m` with :math:`m \ge 2`; the scalar :math:`c` only when no simple root
  exists), generically one-to-one (Kohn–Merkh–Montúfar–Trager 2022, §6; SPEC §6 for unit ED
  degrees of :math:`\Delta_\lambda`).
- LCN with strides: the smooth locus through μ itself with scaling charts (Shahverdi 2024).
- Every architecture: the vertex :math:`f = 0`, a one-point stratum.

For a locus with free chart coordinates :math:`s` the *function-space* system is

.. math::

    \nabla_s\, \big(\varphi^\top G \varphi - 2 b^\top \varphi\big)(s) = 0, \qquad
    t \cdot \det\big(R^\top d_s\varphi(s)\big) = 1,

(:math:`b = Gu`, :math:`R` a random integer matrix): critical points of ℓ on the smooth part of
the locus where :math:`\varphi` is an immersion (Draisma et al. 2016, §2, parametric ED
problems). The *parameter-space* system is the first block alone for :math:`\varphi = \mu`:
critical points of :math:`L = \ell\circ\mu` in the gauge chart, spurious ones included
(Trager–Kohn–Bruna 2020). Both are exact over ℚ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, singledispatch

import flint
import numpy as np

from neuromanifold.algebra import PolynomialSystem, determinant, polynomial_context
from neuromanifold.algebra.charts import eliminate_affine, scaling_charts
from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LightningAttention,
    LinearConvNetwork,
    PolynomialConvNetwork,
    PolynomialNetwork,
)
from neuromanifold.errors import InputError
from neuromanifold.function_space.membership import NotSupportedError
from neuromanifold.losses import QuadraticLoss
from neuromanifold.parametrization import parametrization, symbolic_map

__all__ = [
    "CriticalSystem",
    "Locus",
    "critical_system",
    "loci",
    "mu_loci",
    "parameter_gauge",
    "partitions",
]

SATURATION_RANGE = 10**3
"""Entries of the random matrix R of the saturation are nonzero integers up to this size."""


@dataclass(frozen=True)
class Locus:
    r"""An irreducible piece of :math:`\overline{M}` with a generically finite parametrization.

    Attributes:
        name: e.g. ``"smooth locus"``, ``"rank 1"``, ``"Δ(2,1)"``, ``"ambient"``, ``"zero"``.
        role: ``"top"`` (the smooth locus of :math:`\overline{M}`, or the ambient space when
            :math:`M` is full-dimensional) or ``"lower"`` (singular or boundary strata).
        phi: one polynomial per ambient coordinate in ``names`` (empty for point loci).
        names: the parameters of ``phi``.
        gauge: affine-linear charts fixing the symmetries of ``phi``.
        fiber: generic number of chart points over one function (counts are divided by it).
        point: for one-point loci (``"ambient"``: the center; ``"zero"``) the point itself.
        is_mu: ``phi`` is the network's own μ (parameters are network parameters).
        network: the architecture whose μ ``phi`` is (the network, or ``fc:d0,e,dL`` for a
            rank stratum), ``None`` for multiple-root loci.
        scalings: for multiple-root loci, ``(parameter indices, exponent)`` per factor; the map
            is invariant under rescaling factor a by :math:`c` and the last by
            :math:`c^{-e_a/e_{last}}`.
    """

    name: str
    role: str
    phi: tuple[flint.fmpq_mpoly, ...] = ()
    names: tuple[str, ...] = ()
    gauge: tuple[flint.fmpq_mpoly, ...] = ()
    fiber: int = 1
    point: tuple[flint.fmpq, ...] | None = None
    is_mu: bool = False
    network: Architecture | None = None
    scalings: tuple[tuple[tuple[int, ...], int], ...] = ()


def partitions(n: int, largest: int | None = None) -> list[tuple[int, ...]]:
    """Integer partitions of n, parts non-increasing.

    Example:
        >>> partitions(4)
        [(4,), (3, 1), (2, 2), (2, 1, 1), (1, 1, 1, 1)]
    """
    largest = n if largest is None else largest
    if n == 0:
        return [()]
    out = []
    for first in range(min(n, largest), 0, -1):
        out.extend((first, *rest) for rest in partitions(n - first, first))
    return out


def _poly_mul(a: list, b: list) -> list:
    out = [a[0] * 0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] = out[i + j] + x * y
    return out


def _multiple_root_locus(lam: tuple[int, ...], seed: int) -> Locus:
    """Δ_λ ⊂ binary forms of degree Σλ: f = c ∏_m h_m^m, deg h_m = #{i: λ_i = m}."""
    counts = {m: lam.count(m) for m in sorted(set(lam))}
    names: list[str] = []
    groups: dict[int, list[str]] = {}
    for m, n_m in counts.items():
        groups[m] = [f"h{m}_{j}" for j in range(n_m + 1)]
        names.extend(groups[m])
    scalar = scalable = 1 not in counts
    if scalar:
        names.append("c")
    ctx = polynomial_context(names)
    gens = dict(zip(names, ctx.gens(), strict=True))
    f = [ctx.constant(1)]
    for m, group in groups.items():
        h = [gens[v] for v in group]
        for _ in range(m):
            f = _poly_mul(f, h)
    if scalar:
        f = [gens["c"] * c for c in f]
    charted = [group for m, group in groups.items() if m >= 2]
    gauge = scaling_charts(charted, names, seed=seed) if charted else ()
    label = "Δ(" + ",".join(map(str, lam)) + ")"
    index = {v: i for i, v in enumerate(names)}
    scalings = [(tuple(index[v] for v in g), m) for m, g in groups.items() if m >= 2]
    absorb = [index["c"]] if scalable else [index[v] for v in groups[1]]
    scalings.append((tuple(absorb), 1))
    return Locus(label, "lower", tuple(f), tuple(names), tuple(gauge), scalings=tuple(scalings))


def parameter_gauge(arch: Architecture, names: Sequence[str], seed: int) -> tuple:
    r"""Random affine charts fixing the symmetries of μ where a chart exists.

    These are μ's own charts, :meth:`~neuromanifold.parametrization.Parametrization.gauge_charts`
    (``names`` are μ's parameter names). LCN: one scaling chart per layer but the last. FC: for
    each hidden layer of width :math:`d_i` a :math:`GL_{d_i}` chart on :math:`W_{i+1}` (when
    :math:`d_{i+1} \ge d_i`) or on :math:`W_i^\top` (when :math:`d_{i-1} \ge d_i`), each weight
    matrix used once at most; hidden layers without a chart leave their symmetry unfixed
    (critical sets then have positive dimension, which is reported).

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> arch = parse_architecture("fc:3,1,2")
        >>> len(parameter_gauge(arch, symbolic_map(arch)[1], 0))
        1
    """
    return parametrization(arch).gauge_charts(seed)


@singledispatch
def loci(arch: Architecture, *, seed: int = 0, loss: QuadraticLoss | None = None) -> list[Locus]:
    """The loci of :math:`\\overline{M}` that carry critical points (module docstring), top first.

    Registered per family (``@loci.register``).

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> [l.name for l in loci(parse_architecture("fc:3,2,3"))]
        ['smooth locus', 'rank 1', 'zero']
        >>> [l.name for l in loci(parse_architecture("lcn:k=2,3"))]
        ['ambient', 'Δ(3)', 'Δ(2,1)', 'zero']
    """
    raise NotSupportedError(
        f"critical points: {arch.family} architectures are not supported yet; use fc, lcn, "
        "pnn, pcnn or attn"
    )


def _zero(arch: Architecture) -> Locus:
    return Locus("zero", "lower", point=tuple(flint.fmpq(0) for _ in range(arch.ambient_dim)))


@loci.register
def _fc_loci(
    arch: FullyConnected, *, seed: int = 0, loss: QuadraticLoss | None = None
) -> list[Locus]:
    center = loss.center if loss is not None else None
    d0, dl, r = arch.widths[0], arch.widths[-1], arch.bottleneck
    out = []
    for e in range(r, 0, -1):
        role = "top" if e == r else "lower"
        name = "smooth locus" if e == r else f"rank {e}"
        if e == min(d0, dl):
            out.append(Locus("ambient", role, point=center))
            continue
        sub = FullyConnected((d0, e, dl))
        phi, names = symbolic_map(sub)
        gauge = parameter_gauge(sub, names, seed)
        out.append(Locus(name, role, tuple(phi), tuple(names), gauge, network=sub))
    out.append(_zero(arch))
    return out


@loci.register
def _lcn_loci(
    arch: LinearConvNetwork, *, seed: int = 0, loss: QuadraticLoss | None = None
) -> list[Locus]:
    center = loss.center if loss is not None else None
    if arch.is_stride_one:
        d = arch.end_to_end_size - 1
        out = [Locus("ambient", "top", point=center)]
        for lam in partitions(d):
            if lam and lam[0] >= 2:
                out.append(_multiple_root_locus(lam, seed))
        out.append(_zero(arch))
        return out
    return mu_loci(arch, seed=seed)


def mu_loci(arch: Architecture, *, seed: int = 0) -> list[Locus]:
    """The smooth locus through μ itself in its gauge charts (counts divided by the generic
    fiber, :func:`~neuromanifold.function_space.neurovariety.generic_fiber_count`), and 0.

    For families whose charts leave μ generically finite: strided LCNs (Shahverdi 2024), pcnn
    (the Segre–Veronese variety, Shahverdi–Marchetti–Kohn 2025), non-defective pnn, attention.
    """
    from neuromanifold.function_space.neurovariety import generic_fiber_count

    phi, names = symbolic_map(arch)
    gauge = parameter_gauge(arch, names, seed)
    fiber = generic_fiber_count(arch, seed=seed)
    top = Locus(
        "smooth locus", "top", tuple(phi), tuple(names), gauge, fiber, is_mu=True, network=arch
    )
    return [top, _zero(arch)]


@loci.register
def _pcnn_loci(
    arch: PolynomialConvNetwork, *, seed: int = 0, loss: QuadraticLoss | None = None
) -> list[Locus]:
    if arch.n_layers == 1:
        return [Locus("ambient", "top", point=loss.center if loss is not None else None)]
    return mu_loci(arch, seed=seed)


@loci.register
def _attention_loci(
    arch: LightningAttention, *, seed: int = 0, loss: QuadraticLoss | None = None
) -> list[Locus]:
    return mu_loci(arch, seed=seed)


@loci.register
def _pnn_loci(
    arch: PolynomialNetwork, *, seed: int = 0, loss: QuadraticLoss | None = None
) -> list[Locus]:
    from neuromanifold.function_space.dimension import generic_rank

    dim = generic_rank(parametrization(arch), seed=seed).dim
    if dim == arch.ambient_dim:  # the closure is the ambient space (its boundary: not known)
        return [Locus("ambient", "top", point=loss.center if loss is not None else None)]
    if dim != arch.n_params - sum(arch.hidden):
        raise NotSupportedError(
            f"critical points: {arch.text} is defective (dim {dim} < {arch.n_params} − "
            f"{sum(arch.hidden)}): μ has positive-dimensional fibers in its charts; its ED "
            "degree goes through the implicit equations (ed-degree)"
        )
    return mu_loci(arch, seed=seed)


@dataclass(frozen=True)
class CriticalSystem:
    """An exact critical-point system in chart coordinates, and how to map its points back.

    Attributes:
        system: the polynomial system over ℚ in ``free`` (+ ``t`` when saturated).
        free: the free chart coordinates.
        names: all parameters of the locus.
        images: each parameter as an affine polynomial in ``free`` (the chart).
        phi: the locus' parametrization in ``names``.
        saturated: the system has the factor ``t·det(Rᵀ dφ) = 1``.
    """

    system: PolynomialSystem
    free: tuple[str, ...]
    names: tuple[str, ...]
    images: tuple[flint.fmpq_mpoly, ...]
    phi: tuple[flint.fmpq_mpoly, ...]
    saturated: bool

    @cached_property
    def _chart(self):
        return PolynomialSystem.from_polynomials(list(self.images), self.free).compile()

    @cached_property
    def _phi(self):
        return PolynomialSystem.from_polynomials(list(self.phi), self.names).compile()

    @cached_property
    def _grad(self):
        n = len(self.free)
        return PolynomialSystem.from_polynomials(
            list(self.system.equations[:n]), self.system.variables
        ).compile()

    def vanishing_function(self) -> PolynomialSystem:
        """The system with φ = 0 added: the critical points in the chart with image 0."""
        ctx = self.system.context
        s = ctx.gens()[: len(self.free)]
        into = [im.compose(*s, ctx=ctx) for im in self.images]
        extra = [f.compose(*into, ctx=ctx) for f in self.phi]
        return self.system.with_equations([*self.system.equations, *extra])

    def parameters(self, points: np.ndarray) -> np.ndarray:
        """Chart points (rows: values of the system's variables) → full parameter vectors."""
        pts = np.atleast_2d(np.asarray(points, dtype=float))[:, : len(self.free)]
        return self._chart.values(pts)

    def functions(self, parameters: np.ndarray) -> np.ndarray:
        """Parameter vectors → function coordinates φ(θ)."""
        return self._phi.values(np.atleast_2d(parameters))

    def chart_gradient(self, point: np.ndarray) -> np.ndarray:
        """Gradient of the loss in the chart coordinates at one chart point (floats).

        ``point`` holds the values of the system's variables (only the free ones are read).
        """
        z = np.zeros(len(self.system.variables))
        z[: len(self.free)] = np.asarray(point, dtype=float)[: len(self.free)]
        return self._grad.values(z[None, :])[0]

    def chart_hessian(self, point: np.ndarray) -> np.ndarray:
        """Hessian of the loss in the chart coordinates at one chart point (floats)."""
        z = np.zeros(len(self.system.variables))
        z[: len(self.free)] = np.asarray(point, dtype=float)[: len(self.free)]
        jac = self._grad.jacobian(z[None, :])[0]
        return jac[:, : len(self.free)]


def critical_system(
    loss: QuadraticLoss,
    phi: Sequence[flint.fmpq_mpoly],
    names: Sequence[str],
    gauge: Sequence[flint.fmpq_mpoly] = (),
    *,
    saturate: bool = True,
    seed: int = 0,
) -> CriticalSystem:
    r"""The exact system of critical points of ℓ∘φ in a gauge chart (module docstring).

    Args:
        loss: the quadratic loss (exact G and b = G u).
        phi: the parametrization, one polynomial per ambient coordinate, in ``names``.
        names: its parameters.
        gauge: affine-linear charts (eliminated: the system lives on the free coordinates).
        saturate: add :math:`t\det(R^\top d\varphi) = 1` (function space: the smooth points
            where φ is an immersion) or not (parameter space: all critical points of ℓ∘φ).
        seed: seeds :math:`R`.

    Returns:
        A :class:`CriticalSystem`.

    Example:
        >>> from neuromanifold.algebra import count_solutions
        >>> phi, names = symbolic_map(FullyConnected((2, 1, 2)))
        >>> loss = QuadraticLoss.from_target([[3, 0], [0, 1]])
        >>> gauge = parameter_gauge(FullyConnected((2, 1, 2)), names, seed=0)
        >>> cs = critical_system(loss, phi, names, gauge)
        >>> count_solutions(cs.system).n_solutions    # Eckart–Young: C(2, 1)
        2
    """
    names = tuple(names)
    if len(phi) != loss.dim:
        raise InputError(f"phi: expected {loss.dim} coordinates, got {len(phi)}")
    free, images, _ = eliminate_affine(list(gauge), names)
    m = len(free)
    if m == 0:
        raise InputError("the gauge charts fix every parameter; remove some")
    unknowns = (*free, "t") if saturate else tuple(free)
    ctx = polynomial_context(unknowns)
    s = ctx.gens()[:m]
    into = [im.compose(*s, ctx=ctx) for im in images]
    phis = [f.compose(*into, ctx=ctx) for f in phi]
    zero = ctx.constant(0)
    b = loss.linear
    # P = φᵀ G φ − 2 bᵀ φ
    P = zero
    for i in range(loss.dim):
        gi = sum((loss.gram[i][j] * phis[j] for j in range(loss.dim) if loss.gram[i][j]), zero)
        P += phis[i] * gi - 2 * b[i] * phis[i]
    gradient = [P.derivative(k) for k in range(m)]
    equations = list(gradient)
    if saturate:
        rng = np.random.default_rng(seed + 7919)
        r = rng.integers(1, SATURATION_RANGE, size=(loss.dim, m), endpoint=True)
        r *= rng.choice(np.array([-1, 1]), size=(loss.dim, m))
        jac = [[f.derivative(k) for k in range(m)] for f in phis]
        reduced = [
            [sum((int(r[i, a]) * jac[i][k] for i in range(loss.dim)), zero) for k in range(m)]
            for a in range(m)
        ]
        h = determinant(reduced)
        if h.is_zero():
            raise InputError(
                f"dφ has rank < {m} everywhere in the chart: the charts do not fix every symmetry"
            )
        equations.append(ctx.gens()[-1] * h - 1)
    system = PolynomialSystem.from_polynomials(equations, unknowns)
    chart_images = tuple(images)
    return CriticalSystem(system, tuple(free), names, chart_images, tuple(phi), saturate)
