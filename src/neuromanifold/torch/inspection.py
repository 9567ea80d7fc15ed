r"""Where did a trained torch model end up? Stratum, membership, rank of dμ, Hessian index, gap.

:func:`inspect` reads a model (an ``nn.Module`` of the layers :func:`~neuromanifold.torch.from_torch`
reads, or a ``state_dict`` with its architecture) as :math:`(\text{architecture}, \theta)` and
reports, for the loss :math:`L = \ell\circ\mu` of a data model (:func:`~neuromanifold.losses.exact_loss`:
with seed ``s`` the data of the first run of ``train --seed s``):

- ``stratum`` and ``member`` of :math:`f = \mu(\theta)`: the decision of
  :func:`~neuromanifold.function_space.membership.contains` at tolerance ``tol`` (default
  ``1e-4``: for stride-one LCNs the root-space tolerance :math:`\sqrt{\text{tol}} = 10^{-2}` of
  training's classification, :class:`~neuromanifold.training.Tolerances`; a trained model stops
  at :math:`\|\nabla L\| \approx 10^{-6}` with a root gap of order :math:`10^{-3}` at a boundary
  point). The witness it returns is checked: ``witness_residual`` =
  :math:`\max_i |\mu(\text{witness})_i - f_i|`, and ``witness_ok`` says whether it is at most
  :math:`\sqrt{\text{tol}}\cdot\max(1, \max_i |f_i|)` (the tolerance model merges roots closer
  than :math:`\sqrt{\text{tol}}`, so its witness may differ from f at that order). θ is a
  preimage of f by construction, so it is passed as ``contains``' ``preimage``: where the
  decision would fit a numerical witness (float filters of strided LCNs that the exact test
  does not settle, polynomial networks, attention) θ is the witness, checked against the
  tolerance, and nothing is fitted. Where membership cannot decide (2D networks with several
  layers) ``stratum`` is ``null`` and θ itself is the witness (residual 0).
- ``rank_deficient``: :math:`\operatorname{rank} d\mu(\theta) < \dim M` — the spurious test
  (Trager–Kohn–Bruna 2020: a critical θ whose dμ drops rank may be critical only because μ
  degenerates). ``jacobian_rank`` is numerical (singular values above ``1e-3``·σ_max, training's
  ``jac_tol``); ``jacobian_rank_exact`` is the exact rank over ℚ at θ's binary value (small
  networks), which sees a rank drop planted exactly (a zero neuron, a zero filter).
- ``gradient_norm`` :math:`\|\nabla L(\theta)\|` and ``loss`` :math:`L(\theta)`.
- ``hessian_index``: negative eigenvalues of :math:`\nabla^2 L(\theta)` restricted to the
  orthogonal complement of the tangent space of the symmetry orbit through θ
  (:func:`~neuromanifold.critical_points.classify.symmetry_directions`: the rescalings
  :math:`w_l \mapsto c_l w_l`, :math:`\prod c_l = 1`, of an LCN; :math:`W_{i+1} \mapsto
  W_{i+1} g^{-1}`, :math:`W_i \mapsto g W_i` of FC), where :math:`L` is constant; ``hessian_kind``
  is minimum / saddle / maximum / degenerate (eigenvalues within 1e-7 relative of zero).
- where the critical points are computable within budget
  (:func:`~neuromanifold.critical_points.critical_points`; fc and 1D lcn up to
  ``max_params`` unknowns): ``global_min_gap`` :math:`= L(\theta) - \min_M \ell` and the class of
  the critical point of :math:`L` nearest in function space (``nearest_critical_point``); else
  ``null`` with ``critical_points_note`` saying why.

A weights file is read by :func:`read_state_dict` with ``torch.load(weights_only=True)``: torch's
restricted unpickler, which builds tensors and containers only and never imports or calls code; a
file holding anything but a flat mapping of names to tensors is refused.

Example:
    >>> model = to_torch("lcn:k=2,2", [1.0, 1.0, 1.0, 1.0])      # (1 + x)²: a double root
    >>> report = inspect(model, data="target", seed=0, critical_points=False)
    >>> report.architecture, report.stratum   # the factors share their root: dμ drops rank
    ('lcn:k=2,2', 'boundary')
    >>> report.jacobian_rank, report.dim, report.rank_deficient
    (2, 3, True)

Reference: Trager–Kohn–Bruna 2020 (pure and spurious critical points); Kohn–Merkh–Montúfar–Trager
2022 (LCN strata); SPEC §1, §2.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.critical_points.classify import (
    hessian_kind,
    numerical_rank,
    reduced_hessian,
    symmetry_directions,
)
from neuromanifold.critical_points.result import CriticalPoints
from neuromanifold.errors import InputError, NeuromanifoldError
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.membership import NotSupportedError, contains
from neuromanifold.losses import PulledBackLoss, exact_loss, parse_data
from neuromanifold.parametrization import parametrization
from neuromanifold.torch.conversion import from_torch, to_torch  # noqa: F401  (doctests)

__all__ = ["Inspection", "inspect", "read_state_dict"]

#: Relative threshold of the numerical rank of dμ (training's ``Tolerances.jac_tol``).
JAC_TOL = 1e-3
#: Largest N · D for which the exact rank of dμ over ℚ is computed.
EXACT_RANK_LIMIT = 4000


@dataclass(frozen=True)
class Inspection:
    """The report of :func:`inspect` (fields as in the module docstring).

    ``to_dict`` gives the JSON of ``neuromanifold inspect --json``.
    """

    architecture: str
    data: str
    seed: int
    theta: tuple[float, ...]
    function: tuple[float, ...]
    dim: int
    member: bool
    stratum: str | None
    witness_residual: float | None
    witness_ok: bool | None
    membership_reason: str
    tol: float
    jacobian_rank: int
    jacobian_rank_exact: int | None
    rank_deficient: bool
    loss: float
    gradient_norm: float
    hessian_index: int
    hessian_kind: str
    symmetry_dim: int
    global_min_gap: float | None = None
    global_min_loss: float | None = None
    nearest_critical_point: dict[str, object] | None = None
    critical_points_note: str | None = None
    seconds: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "architecture": self.architecture,
            "data": self.data,
            "seed": self.seed,
            "theta": list(self.theta),
            "function": list(self.function),
            "dim": self.dim,
            "member": self.member,
            "stratum": self.stratum,
            "witness_residual": self.witness_residual,
            "witness_ok": self.witness_ok,
            "membership_reason": self.membership_reason,
            "tol": self.tol,
            "jacobian_rank": self.jacobian_rank,
            "jacobian_rank_exact": self.jacobian_rank_exact,
            "rank_deficient": self.rank_deficient,
            "loss": self.loss,
            "gradient_norm": self.gradient_norm,
            "hessian_index": self.hessian_index,
            "hessian_kind": self.hessian_kind,
            "symmetry_dim": self.symmetry_dim,
            "global_min_gap": self.global_min_gap,
            "global_min_loss": self.global_min_loss,
            "nearest_critical_point": self.nearest_critical_point,
            "critical_points_note": self.critical_points_note,
            "seconds": self.seconds,
        }

    def __str__(self) -> str:
        exact = "" if self.jacobian_rank_exact is None else f", exact {self.jacobian_rank_exact}"
        lines = [
            f"{self.architecture} on {self.data} data (seed {self.seed}): f = μ(θ) is "
            + (
                f"a member, {self.stratum or 'stratum undecided'}"
                if self.member
                else "not a member (tolerance model)"
            ),
            f"  witness residual  {_fmt(self.witness_residual)}   (tol {self.tol:g}"
            + ("" if self.witness_ok is not False else "; the witness does NOT reproduce f")
            + ")",
            f"  rank dμ(θ)        {self.jacobian_rank}{exact} of dim M = {self.dim}"
            + ("  → rank-deficient (spurious test)" if self.rank_deficient else ""),
            f"  loss              {self.loss:.6g}",
            f"  ‖∇L(θ)‖           {self.gradient_norm:.3g}",
            f"  Hessian index     {self.hessian_index} ({self.hessian_kind}; modulo "
            f"{self.symmetry_dim} symmetry directions)",
        ]
        if self.global_min_gap is not None:
            lines.append(f"  global-min gap    {self.global_min_gap:.3g}")
        if self.nearest_critical_point is not None:
            c = self.nearest_critical_point
            purity = "" if c["pure"] is None else (", pure" if c["pure"] else ", spurious")
            lines.append(
                f"  nearest critical  {c['kind']} (index {c['index']}), {c['stratum']}"
                f"{purity}, loss {float(c['loss']):.6g}, at distance {float(c['distance']):.3g}"  # type: ignore[arg-type]
            )
        if self.critical_points_note:
            lines.append(f"  critical points   {self.critical_points_note}")
        lines.append(f"  ({self.seconds:.2f} s)")
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3g}"


def read_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """Read a ``state_dict`` file with ``torch.load(weights_only=True)``: tensors only, no code.

    Raises:
        InputError: the file is not a torch file, or holds anything but a flat mapping of
            string keys to tensors (a pickled model, code, nested containers, numbers).
    """
    where = str(path)
    try:
        obj = torch.load(where, map_location="cpu", weights_only=True)
    except OSError:
        raise
    except Exception as err:  # torch's restricted unpickler refuses with several error types
        first = " ".join(str(err).split())[:200]
        raise InputError(
            f"{where}: not a plain state_dict of tensors; torch.load(weights_only=True) refused "
            f"it ({type(err).__name__}: {first}); save one with torch.save(model.state_dict(), "
            "path)"
        ) from None
    if not isinstance(obj, Mapping) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items()
    ):
        kind = type(obj).__name__
        raise InputError(
            f"{where}: not a plain state_dict (a mapping of names to tensors) but a {kind}; save "
            "one with torch.save(model.state_dict(), path)"
        )
    return dict(obj)


def _weight_shapes(architecture: Architecture) -> dict[str, tuple[int, ...]]:
    """The state_dict of ``to_torch(architecture, θ)``: key → shape (``i.weight`` per layer; a
    convolution's weight has two leading channel axes of size 1)."""
    lead = () if architecture.family == "fc" else (1, 1)
    return {f"{i}.weight": (*lead, *shape) for i, shape in enumerate(architecture.layer_shapes)}


def _parameters(architecture: Architecture, state: Mapping[str, object]) -> np.ndarray:
    """θ (float64, our flat layout) from a state_dict, its names and shapes checked.

    The layers of ``to_torch`` hold our layers' arrays as they stand (the conventions of
    :mod:`neuromanifold.torch.conversion`), so θ is their concatenation, each flattened row-major.
    """
    expected = _weight_shapes(architecture)
    got = {
        k: tuple(v.shape) if isinstance(v, torch.Tensor) else type(v).__name__
        for k, v in state.items()
    }
    if got != expected:
        want = ", ".join(f"{k} {v}" for k, v in expected.items())
        have = ", ".join(f"{k} {v}" for k, v in got.items())
        raise InputError(
            f"state_dict: does not match {architecture.text}: expected {want}; got {have}"
        )
    parts = []
    for key in expected:
        tensor = state[key]
        assert isinstance(tensor, torch.Tensor)
        if not tensor.is_floating_point() or tensor.is_complex():
            raise InputError(f"state_dict: {key} has dtype {tensor.dtype}; expected real floats")
        parts.append(tensor.detach().to(device="cpu", dtype=torch.float64).reshape(-1).numpy())
    theta = np.concatenate(parts)
    if not np.all(np.isfinite(theta)):
        raise InputError("state_dict: contains NaN or infinity")
    return theta


def _nearest(points, f: np.ndarray) -> dict[str, object] | None:
    """The class of the critical point nearest to f in function space (parameter space first)."""
    pool = [p for p in points if p.space == "parameter"] or list(points)
    if not pool:
        return None
    dist = [float(np.linalg.norm(np.asarray(p.function) - f)) for p in pool]
    best = pool[int(np.argmin(dist))]
    return {
        "space": best.space,
        "locus": best.locus,
        "stratum": best.stratum,
        "kind": best.kind,
        "index": best.index,
        "pure": best.pure,
        "loss": best.loss,
        "distance": min(dist),
    }


def inspect(
    module_or_state_dict: nn.Module | Mapping[str, object],
    data: str = "target",
    architecture: Architecture | str | None = None,
    *,
    seed: int = 0,
    tol: float = 1e-4,
    critical_points: bool | Future[CriticalPoints] = True,
    timeout: float = 60.0,
) -> Inspection:
    r"""Report where a trained model sits: stratum, membership, rank of dμ, Hessian index, gap.

    Args:
        module_or_state_dict: an ``nn.Module`` that :func:`~neuromanifold.torch.from_torch`
            reads, or a ``state_dict`` (then ``architecture`` is required; keys and shapes are
            those of ``to_torch(architecture, θ).state_dict()``, e.g. ``0.weight``, ``1.weight``).
        data: the data model of the loss (``target``, ``weighted``, ``regression:N``,
            ``FILE.npz``; :func:`~neuromanifold.losses.data.parse_data`).
        architecture: the architecture (text or object); checked against a module's.
        seed: seed of random data (the data of the first run of ``train --seed``).
        tol: tolerance of the membership decision (see the module docstring).
        critical_points: compute all critical points for the global-minimum gap and the nearest
            critical point's class (fc and 1D lcn within budget); or a ``Future`` of them,
            started by the caller as ``critical_points(architecture, exact_loss(architecture,
            data, seed=seed), seed=seed, timeout=timeout, real_timeout=timeout)`` (they depend
            on the architecture and the data, not on θ: the command line starts them before
            torch loads); checked to be those of this architecture and loss.
        timeout: seconds allowed to the critical points' exact counts.

    Returns:
        An :class:`Inspection`.

    Example:
        >>> model = to_torch("fc:2,1,2", [1.0, 0.0, 0.0, 0.0])   # the second neuron's weights 0
        >>> r = inspect(model, critical_points=False)
        >>> r.jacobian_rank, r.dim, r.rank_deficient
        (2, 3, True)
    """
    start = time.perf_counter()
    given = None if architecture is None else parse_architecture(architecture)
    if isinstance(module_or_state_dict, nn.Module):
        arch, theta = from_torch(module_or_state_dict)
        if given is not None and given.text != arch.text:
            raise InputError(f"architecture: the model is {arch.text}, not {given.text}")
    elif isinstance(module_or_state_dict, Mapping):
        if given is None:
            raise InputError("architecture: a state_dict needs its architecture (e.g. lcn:k=3,3)")
        arch, theta = given, _parameters(given, module_or_state_dict)
    else:
        raise InputError(
            "module_or_state_dict: expected a torch.nn.Module or a state_dict, got "
            f"{type(module_or_state_dict).__name__}"
        )
    if not (isinstance(tol, float | int) and 0 < tol < 1):
        raise InputError(f"tol: expected a number in (0, 1), got {tol!r}")
    loss = exact_loss(arch, data, seed=seed)
    mu = parametrization(arch)
    f = np.asarray(mu(theta), dtype=np.float64).reshape(-1)
    dim = Neuromanifold(arch, seed=seed).dim

    try:
        decision = contains(
            arch, f.reshape(arch.ambient_shape).tolist(), tol=float(tol), preimage=theta
        )
    except NotSupportedError as err:  # f = μ(θ) is a member all the same: θ is its witness
        member, stratum, residual = True, None, 0.0
        reason = f"f = μ(θ) with θ the model's parameters; stratum undecided: {err}"
    else:
        member, stratum, reason, residual = (
            decision.member, decision.stratum, decision.reason, None,
        )  # fmt: skip
        if decision.theta is not None:
            witness = np.array([float(v) for v in decision.theta])
            residual = float(np.max(np.abs(np.asarray(mu(witness)).reshape(-1) - f)))

    ok = None
    if residual is not None:
        ok = residual <= float(np.sqrt(tol)) * max(1.0, float(np.max(np.abs(f))))
    jac = np.asarray(mu.jacobian(theta), dtype=np.float64)
    sv = np.linalg.svd(jac, compute_uv=False)
    rank = int(np.sum(sv > JAC_TOL * sv[0])) if sv.size and sv[0] > 0 else 0
    exact_rank = None
    if arch.n_params * arch.ambient_dim <= EXACT_RANK_LIMIT:
        exact_rank = int(mu.jacobian_exact(theta).rank())

    pulled = PulledBackLoss(arch, loss)
    grad = np.asarray(pulled.gradient(theta), dtype=np.float64)
    directions = symmetry_directions(arch, theta)
    H = reduced_hessian(np.asarray(pulled.hessian(theta), dtype=np.float64), directions)
    kind, index = hessian_kind(H)
    sym = numerical_rank(directions) if directions.shape[1] else 0
    value = float(loss.value(f))

    gap = best_loss = nearest = note = None
    if critical_points is not False:
        try:
            if isinstance(critical_points, Future):
                points = critical_points.result()
                if points.architecture != arch.text or points.loss != loss:
                    raise InputError(
                        "critical_points: computed for another architecture or loss "
                        f"({points.architecture}), not {arch.text} on {parse_data(data).text}"
                    )
            else:
                from neuromanifold.critical_points import critical_points as solve

                points = solve(arch, loss, seed=seed, timeout=timeout, real_timeout=timeout)
        except InputError:
            raise
        except NeuromanifoldError as err:
            note = f"not computed: {' '.join(str(err).split())[:300]}"
        else:
            best = points.global_minimum
            if best is not None:
                best_loss = float(best.loss)
                gap = value - best_loss
            nearest = _nearest(points, f)
            if best is None:
                note = "no real critical point in M was found"
    else:
        note = "not computed (critical_points=False)"
    return Inspection(
        arch.text, parse_data(data).text, int(seed), tuple(float(t) for t in theta), tuple(f.tolist()), dim,
        member, stratum, residual, ok, reason, float(tol), rank,
        exact_rank, rank < dim, value, float(np.linalg.norm(grad)), index, kind, sym, gap,
        best_loss, nearest, note, time.perf_counter() - start,
    )  # fmt: skip
