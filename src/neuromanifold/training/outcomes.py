r"""Where did each run end? Stratum, pure or spurious, global minimum, repeated real roots.

For every run's end point :math:`\theta` with image :math:`f = \mu(\theta)`:

- **stratum** of :math:`f` in :math:`M` (``"interior"``, ``"boundary"``, ``"singular"``), with the
  definitions of :mod:`neuromanifold.function_space.strata`, vectorized here:

  - FC: numerical rank of :math:`f` by SVD: :math:`\sigma_i` counts as zero when
    :math:`\sigma_i \le` ``rank_tol``·max(1, ‖f‖_F); singular iff rank < r = min widths and
    :math:`M` is not the whole space (no boundary).
  - LCN with all strides one: the roots of the binary form of :math:`f` in the batched float
    model of :func:`neuromanifold.algebra.binary_form.root_counts_batch` (a fixed rotation of the
    projective line, so roots at infinity become finite; companion-matrix eigenvalues); a root is
    real when :math:`|\operatorname{Im} z| \le` ``root_tol``·max(1, |z|); real roots closer than
    ``root_tol``·max(1, |z|) merge (root separation). With :math:`o` =
    :attr:`~neuromanifold.architectures.LinearConvNetwork.n_odd_degree_layers`, :math:`f` is a
    boundary point iff fewer than :math:`o` distinct real roots have odd multiplicity
    (Kohn–Merkh–Montúfar–Trager 2022); filling nets (:math:`o \le 1`) have none.
    ``repeated_root`` says whether some real root has multiplicity ≥ 2.
  - pcnn: the cone over the smooth Segre–Veronese variety is singular only at its vertex:
    singular iff ‖f‖ ≤ ``rank_tol`` (Shahverdi–Marchetti–Kohn 2025); pnn that fill their
    ambient space: interior (rank drops of dμ are spurious, not singular).
  - other architectures (strides > 1, 2D, attention, non-filling pnn): the float model of
    :mod:`~neuromanifold.function_space.membership` for strides: singular iff :math:`d\mu(\theta)`
    drops rank at the end point (numerical; other singular points, several preimage orbits
    without a rank drop, are not detected; boundary not decided).

- **spurious**: the numerical rank of :math:`d\mu(\theta)` (singular values above
  ``jac_tol``·σ_max) is below :math:`\dim M`: :math:`\theta` can be critical because the
  parametrization degenerates rather than because :math:`f` is critical on :math:`M`
  (Trager–Kohn–Bruna 2020). At singular points of :math:`M` (lower-rank FC matrices) the rank drop
  is forced; read the flag together with the stratum.
- **global minimum**: loss within ``gap_tol``·max(1, |ref|) of a reference value, taken from, in
  order: Eckart–Young for FC losses :math:`\operatorname{tr}(WSW^\top) - 2\langle W, B\rangle + c`
  (:math:`S = XX^\top \succeq 0`): :math:`\min = c - \sum_{i \le r} \sigma_i(B (S^{1/2})^+)^2`;
  the unconstrained minimum :math:`c - b^\top G^{-1} b` when :math:`M` is the whole space, or
  (stride-one LCN) when the unconstrained minimizer :math:`G^{-1}b` lies in :math:`M`;
  Eckart–Young again for ``pcnn:k=k0,k1:r=1`` (rank-one matrices) with unit-weight targets; with
  ``reference="critical-points"``, the least loss over all real critical points of :math:`\ell`
  on :math:`M` from :func:`neuromanifold.critical_points.critical_points` (exact counts, about a
  second per data draw: for small experiments); the best run on the same data when there are
  restarts; otherwise unknown.

Why the default tolerances are loose: near a boundary limit of a stride-one LCN the loss is flat
in the direction that separates the shared root (its curvature is proportional to the distance
of the data to :math:`M`), so a run stopped at :math:`\|\nabla L\| \le 10^{-6}` can still have
a root gap of :math:`10^{-3}` and a Jacobian singular value just as small. With ``root_tol`` = 1e-2
and ``jac_tol`` = 1e-3, on ``lcn:k=2,2`` every run whose target lies outside :math:`M` is classified
as boundary and every run whose target lies inside as interior (2000 runs, three seeds).

Each family registers its strata (:func:`end_strata`) and its closed-form minima
(:func:`closed_form_reference`); no verb tests the architecture's class.

Reference: Trager–Kohn–Bruna 2020 (pure and spurious critical points); Kohn–Merkh–Montúfar–Trager
2022 (stride-one LCNs); Eckart–Young (SPEC §2.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import singledispatch
from typing import TYPE_CHECKING, Any

import numpy as np

from neuromanifold.algebra.binary_form import root_counts_batch
from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    PolynomialConvNetwork,
    PolynomialNetwork,
)
from neuromanifold.errors import InputError
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.parametrization import parametrization

if TYPE_CHECKING:
    from neuromanifold.training.trainer import TrainingResult

__all__ = [
    "CLASSES",
    "Outcomes",
    "Tolerances",
    "classify",
    "closed_form_reference",
    "end_strata",
]

#: The classes counted by the statistics (a run can be in several: a stratum plus flags).
CLASSES = ("interior", "boundary", "singular", "spurious", "global_min", "repeated_root")


@dataclass(frozen=True)
class Tolerances:
    """Tolerances of the classification (defaults in brackets).

    Attributes:
        rank_tol: FC numerical rank, relative to max(1, ‖f‖_F) [1e-3].
        root_tol: stride-one LCN root realness and separation, relative to max(1, |z|) [1e-2].
        jac_tol: Jacobian numerical rank, relative to its largest singular value [1e-3].
        gap_tol: global minimum when loss ≤ ref + gap_tol·max(1, |ref|) [1e-6].

    Example:
        >>> Tolerances().root_tol
        0.01
    """

    rank_tol: float = 1e-3
    root_tol: float = 1e-2
    jac_tol: float = 1e-3
    gap_tol: float = 1e-6

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            if not (isinstance(value, int | float) and 0 < value < 1):
                raise InputError(f"{name}: expected a number in (0, 1), got {value!r}")

    def to_dict(self) -> dict[str, float]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)


@dataclass(frozen=True, eq=False)
class Outcomes:
    """The classification of every run's end point (arrays indexed by run).

    Attributes:
        converged: the run stopped by the gradient or stall criterion.
        stratum: ``"interior"``, ``"boundary"`` or ``"singular"`` per run.
        spurious: dμ(θ) has numerical rank below dim M.
        jacobian_rank: numerical rank of dμ(θ).
        dim: dim M.
        global_min: loss within the gap tolerance of the reference (False where unknown).
        global_min_known: a reference value exists.
        reference: the reference loss (NaN where unknown).
        reference_kind: per run, ``"eckart-young"``, ``"unconstrained"`` (the minimum over the
            ambient space, attained in M), ``"critical-points"``, ``"best-run"`` or
            ``"unknown"``.
        repeated_root: a repeated real root (stride-one LCN; False elsewhere).
        tolerances: the tolerances used.
    """

    converged: np.ndarray
    stratum: np.ndarray
    spurious: np.ndarray
    jacobian_rank: np.ndarray
    dim: int
    global_min: np.ndarray
    global_min_known: np.ndarray
    reference: np.ndarray
    reference_kind: np.ndarray
    repeated_root: np.ndarray
    tolerances: Tolerances = field(default_factory=Tolerances)

    @property
    def runs(self) -> int:
        """Number of runs."""
        return self.converged.shape[0]

    def mask(self, name: str) -> np.ndarray:
        """Boolean mask of the runs in class ``name`` (one of :data:`CLASSES`, or ``converged``)."""
        if name in ("interior", "boundary", "singular"):
            return self.stratum == name
        if name in ("spurious", "global_min", "repeated_root", "converged"):
            return np.asarray(getattr(self, name), dtype=bool)
        raise InputError(f"class: unknown class {name!r}; expected one of {CLASSES}")

    def label(self, i: int) -> str:
        """One word for run ``i``: its stratum, or ``not_converged``."""
        return str(self.stratum[i]) if self.converged[i] else "not_converged"


def _jacobian_rank(result: TrainingResult, tol: float) -> np.ndarray:
    mu = parametrization(result.architecture)
    ranks = np.empty(result.runs, dtype=np.int64)
    for start in range(0, result.runs, 2048):
        jac = mu.jacobian(result.theta[start : start + 2048])
        sv = np.linalg.svd(jac, compute_uv=False)
        top = np.maximum(sv[:, :1], np.finfo(float).tiny)
        ranks[start : start + 2048] = np.sum(sv > tol * top, axis=1)
    return ranks


def _best_run(result: TrainingResult) -> np.ndarray:
    if result.restarts == 1:
        return np.full(result.runs, np.nan)
    loss = np.where(np.isfinite(result.loss), result.loss, np.inf)
    return np.repeat(loss.reshape(-1, result.restarts).min(axis=1), result.restarts)


def _rational_grid(values: np.ndarray) -> Any:
    """Round to the grid 10^-4 ℤ, as exact rationals (``fmpq``; nested tuples like the input)."""
    import flint

    arr = np.asarray(values)
    if arr.ndim == 0:
        return flint.fmpq(int(np.rint(arr * 1e4)), 10_000)
    return tuple(_rational_grid(v) for v in arr)


def _critical_point_minima(result: TrainingResult, todo: np.ndarray) -> np.ndarray:
    """ℓ at the global minimum over M from the exact critical points, for the runs in ``todo``."""
    from neuromanifold.critical_points import critical_points
    from neuromanifold.losses import QuadraticLoss as ExactLoss

    losses = result.losses
    out = np.full(result.runs, np.nan)
    dim = losses.linear.shape[1]
    for d in np.unique(result.data_index[todo]):
        i = int(np.flatnonzero(result.data_index == d)[0])
        gram = np.eye(dim) if losses.gram is None else (losses.gram[i] + losses.gram[i].T) / 2
        center = np.linalg.solve(gram, losses.linear[i])
        # rationals with denominator 10^4: floats' exact binary values make msolve's output huge;
        # ℓ is then evaluated at the exact minimizer (error second order in the rounding)
        exact = ExactLoss(_rational_grid(gram), _rational_grid(center), 0)
        best = critical_points(result.architecture, exact, seed=0).global_minimum
        if best is not None:
            f = np.asarray(best.function, dtype=np.float64)[None, :]
            out[result.data_index == d] = losses.take(np.array([i])).value(f)[0]
    return out


@singledispatch
def closed_form_reference(
    arch: Architecture, losses: QuadraticLossBatch, filling: bool, root_tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """The global minimum over M in closed form where a theorem gives it, per run, and its kind.

    Registered per family (``@closed_form_reference.register``); the default knows only the
    filling case (the unconstrained minimum). NaN and ``"unknown"`` where no closed form applies.
    """
    runs = losses.const.shape[0]
    if filling:
        return losses.unconstrained_minimum(), np.full(runs, "unconstrained", dtype=object)
    return np.full(runs, np.nan), np.full(runs, "unknown", dtype=object)


def _eckart_young(target: np.ndarray, const: np.ndarray, rank: int) -> np.ndarray:
    """c − Σ_{i ≤ rank} σ_i(B)² for a batch of matrices B (the minimum over rank ≤ r)."""
    sv = np.linalg.svd(target, compute_uv=False)
    return const - np.sum(sv[:, :rank] ** 2, axis=1)


@closed_form_reference.register
def _fc_reference(
    arch: FullyConnected, losses: QuadraticLossBatch, filling: bool, root_tol: float
) -> tuple[np.ndarray, np.ndarray]:
    if losses.right_gram is None:
        return closed_form_reference.dispatch(object)(arch, losses, filling, root_tol)
    # ℓ(W) = ‖(W − B S⁺) S^{1/2}‖² + const: Eckart–Young on B (S^{1/2})⁺ (S = XXᵀ may be singular)
    eig, vec = np.linalg.eigh(losses.right_gram)
    cutoff = 1e-12 * np.maximum(1.0, eig[:, -1:])
    inv_sqrt = np.where(eig > cutoff, 1.0 / np.sqrt(np.where(eig > cutoff, eig, 1.0)), 0.0)
    d_out, d_in = arch.ambient_shape
    bmat = losses.linear.reshape(-1, d_out, d_in)
    target = np.einsum("boi,bij,bj,bkj->bok", bmat, vec, inv_sqrt, vec)
    ref = _eckart_young(target, losses.const, arch.bottleneck)
    return ref, np.full(ref.shape[0], "eckart-young", dtype=object)


@closed_form_reference.register
def _lcn_reference(
    arch: LinearConvNetwork, losses: QuadraticLossBatch, filling: bool, root_tol: float
) -> tuple[np.ndarray, np.ndarray]:
    ref, kind = closed_form_reference.dispatch(object)(arch, losses, filling, root_tol)
    if filling or not arch.is_stride_one:
        return ref, kind
    # the unconstrained minimizer f* = G⁻¹b is the answer when it lies in M
    fstar = (
        losses.linear
        if losses.gram is None
        else np.linalg.solve(losses.gram, losses.linear[..., None])[..., 0]
    )
    n_real, _, _ = root_counts_batch(fstar, root_tol)
    inside = n_real >= arch.n_odd_degree_layers
    ref[inside] = losses.unconstrained_minimum()[inside]
    kind[inside] = "unconstrained"
    return ref, kind


@closed_form_reference.register
def _pcnn_reference(
    arch: PolynomialConvNetwork, losses: QuadraticLossBatch, filling: bool, root_tol: float
) -> tuple[np.ndarray, np.ndarray]:
    # two filters with r = 1 parametrize the k_0 × k_1 matrices of rank ≤ 1: Eckart–Young
    # for unit-weight targets (G = I), ℓ = ‖f‖² − 2⟨b, f⟩ + c
    if filling or arch.n_layers != 2 or set(arch.exponents) != {1} or losses.gram is not None:
        return closed_form_reference.dispatch(object)(arch, losses, filling, root_tol)
    ref = _eckart_young(losses.linear.reshape(-1, *arch.ambient_shape), losses.const, 1)
    return ref, np.full(ref.shape[0], "eckart-young", dtype=object)


def _reference(
    result: TrainingResult, filling: bool, root_tol: float, reference: str
) -> tuple[np.ndarray, np.ndarray]:
    """Reference minimum and its kind, per run."""
    ref, kind = closed_form_reference(result.architecture, result.losses, filling, root_tol)
    ref, kind = np.asarray(ref, dtype=float).copy(), np.asarray(kind, dtype=object).copy()
    if reference == "critical-points" and (kind == "unknown").any():
        todo = kind == "unknown"
        exact = _critical_point_minima(result, todo)
        found = todo & np.isfinite(exact)
        ref[found], kind[found] = exact[found], "critical-points"
    best = _best_run(result)
    use = (kind == "unknown") & np.isfinite(best)
    ref[use], kind[use] = best[use], "best-run"
    return ref, kind.astype(str)


@singledispatch
def end_strata(
    arch: Architecture, f: np.ndarray, spurious: np.ndarray, filling: bool, tol: Tolerances
) -> tuple[np.ndarray, np.ndarray]:
    """The stratum of each run's end function and whether it has a repeated real root.

    Registered per family (``@end_strata.register``). The default (strided and 2D LCNs,
    attention): singular iff dμ drops rank at the end point (numerical; other singular points
    are not detected; boundary not decided); no repeated roots.
    """
    stratum = np.full(f.shape[0], "interior", dtype=object)
    stratum[spurious] = "singular"
    return stratum, np.zeros(f.shape[0], dtype=bool)


@end_strata.register
def _fc_strata(
    arch: FullyConnected, f: np.ndarray, spurious: np.ndarray, filling: bool, tol: Tolerances
) -> tuple[np.ndarray, np.ndarray]:
    runs = f.shape[0]
    d_out, d_in = arch.ambient_shape
    sv = np.linalg.svd(f.reshape(runs, d_out, d_in), compute_uv=False)
    scale = np.maximum(1.0, np.sqrt(np.sum(sv**2, axis=1)))
    rank = np.sum(sv > tol.rank_tol * scale[:, None], axis=1)
    singular = (rank < arch.bottleneck) & (not filling)
    return np.where(singular, "singular", "interior").astype(object), np.zeros(runs, dtype=bool)


@end_strata.register
def _lcn_strata(
    arch: LinearConvNetwork, f: np.ndarray, spurious: np.ndarray, filling: bool, tol: Tolerances
) -> tuple[np.ndarray, np.ndarray]:
    if not arch.is_stride_one:
        return end_strata.dispatch(object)(arch, f, spurious, filling, tol)
    scale = np.maximum(np.max(np.abs(f), axis=1, keepdims=True), 1e-300)
    _, n_odd, repeated = root_counts_batch(f / scale, tol.root_tol)
    stratum = np.full(f.shape[0], "interior", dtype=object)
    if not arch.filling:
        stratum[n_odd < arch.n_odd_degree_layers] = "boundary"
    return stratum, np.asarray(repeated, dtype=bool)


@end_strata.register
def _pnn_strata(
    arch: PolynomialNetwork, f: np.ndarray, spurious: np.ndarray, filling: bool, tol: Tolerances
) -> tuple[np.ndarray, np.ndarray]:
    """A filling network: the closure is the ambient space, smooth everywhere (rank drops of dμ
    are spurious, not singular; boundary not decided); otherwise the default."""
    if filling:
        return np.full(f.shape[0], "interior", dtype=object), np.zeros(f.shape[0], dtype=bool)
    return end_strata.dispatch(object)(arch, f, spurious, filling, tol)


@end_strata.register
def _pcnn_strata(
    arch: PolynomialConvNetwork,
    f: np.ndarray,
    spurious: np.ndarray,
    filling: bool,
    tol: Tolerances,
) -> tuple[np.ndarray, np.ndarray]:
    # the cone over the smooth Segre–Veronese variety is singular only at its vertex f = 0
    # (Shahverdi–Marchetti–Kohn 2025); every real point of it is in M (closed, no boundary)
    stratum = np.full(f.shape[0], "interior", dtype=object)
    if arch.n_layers >= 2 and not filling:
        stratum[np.linalg.norm(f, axis=1) <= tol.rank_tol] = "singular"
    return stratum, np.zeros(f.shape[0], dtype=bool)


def classify(
    result: TrainingResult, tolerances: Tolerances | None = None, reference: str = "auto"
) -> Outcomes:
    """Classify every run's end point: stratum, spurious, global minimum, repeated real root.

    Args:
        result: a :class:`~neuromanifold.training.trainer.TrainingResult`.
        tolerances: the tolerances (:class:`Tolerances` defaults when ``None``).
        reference: ``"auto"`` (closed forms, else the best run on the same data) or
            ``"critical-points"`` (closed forms, else all critical points; fc and 1D lcn only).

    Returns:
        An :class:`Outcomes`.

    Example:
        >>> from neuromanifold.training import train
        >>> out = train("lcn:k=2,2", 40, seed=0).classify()
        >>> sorted(set(out.stratum.tolist()))
        ['boundary', 'interior']
    """
    from neuromanifold.function_space import Neuromanifold

    tol = tolerances if tolerances is not None else Tolerances()
    if reference not in ("auto", "critical-points"):
        raise InputError(f"reference: expected 'auto' or 'critical-points', got {reference!r}")
    arch = result.architecture
    runs = result.runs
    M = Neuromanifold(arch)
    dim = M.dim
    filling = bool(M.filling)
    jac_rank = _jacobian_rank(result, tol.jac_tol)
    spurious = jac_rank < dim
    stratum, repeated = end_strata(arch, result.f.reshape(runs, -1), spurious, filling, tol)
    reference_loss, kind = _reference(result, filling, tol.root_tol, reference)
    known = np.isfinite(reference_loss)
    gap = result.loss - reference_loss
    scale = np.maximum(1.0, np.abs(np.nan_to_num(reference_loss)))
    global_min = known & (gap <= tol.gap_tol * scale)
    return Outcomes(
        result.converged, stratum.astype(str), spurious, jac_rank, dim, global_min, known,
        reference_loss, kind, repeated, tol,
    )  # fmt: skip
