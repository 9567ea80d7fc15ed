r"""The torch training engine: every run of an experiment in one batched tensor program.

``train(..., engine="torch")`` (CLI ``train --engine torch``) runs the optimizer of
:mod:`neuromanifold.training.trainer` with PyTorch instead of NumPy: all runs advance together as
tensors of shape ``(runs, N)`` in float64, on the GPU when one is present (CPU otherwise); the
gradient of :math:`L_b(\theta_b) = \ell_b(\mu(\theta_b))` is autograd's (one backward pass of
:math:`\sum_b L_b`, whose partial derivatives in :math:`\theta_b` are those of :math:`L_b`, the runs
being independent). The batched map μ is :func:`batched_map`: matrix products for ``fc``, and for
``lcn`` / ``lcn2d`` the end-to-end filter :math:`\prod_l p_l(x^{t_l})` as shifted multiply-adds
(one padded product per filter tap).

Methods ``gd`` (SGD with the full loss: a fixed step), ``backtracking`` (Armijo, per run) and
``adam`` are those of the NumPy engine, with the same stopping rules and ``stop_reason`` codes,
checked at every iteration; runs leave the batch when they stop. The result is classified by the
same code (:meth:`~neuromanifold.training.TrainingResult.classify`). The two engines agree to
rounding: same data, same initializations, same arithmetic up to the order of floating-point
sums; over many runs, the outcome fractions agree within their confidence intervals (tested).
Gradient flow (``flow``) is the NumPy engine's only.

Example:
    >>> from neuromanifold.training import TrainingOptions, train
    >>> r = train("fc:2,1,2", 20, seed=1, engine="torch")
    >>> r.engine, bool(r.converged.all())
    ('torch', True)
    >>> r_np = train("fc:2,1,2", 20, seed=1)
    >>> bool(np.allclose(r.f, r_np.f, atol=1e-6))
    True

Reference: Paszke et al. 2019 (PyTorch autograd); Kingma–Ba 2015 (Adam); SPEC §5.5.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import singledispatch

import numpy as np
import torch
import torch.nn.functional as F

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
)
from neuromanifold.errors import InputError
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.training.engine import EngineRun, TrainingJob, register_engine
from neuromanifold.training.trainer import ADAM

__all__ = ["batched_map", "device", "torch_engine"]

Map = Callable[[torch.Tensor], torch.Tensor]


def device() -> torch.device:
    """The GPU when torch sees one, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _split(architecture: Architecture, theta: torch.Tensor) -> list[torch.Tensor]:
    """Batched flat parameters (B, N) → per-layer tensors (B, *layer_shape), as the flat layout."""
    out, start = [], 0
    for shape, size in zip(architecture.layer_shapes, architecture.layer_sizes, strict=True):
        out.append(theta[:, start : start + size].reshape(theta.shape[0], *shape))
        start += size
    return out


@singledispatch
def batched_map(architecture: Architecture) -> Map:
    r"""μ as a torch function: parameters (B, N) → end-to-end functions, flat (B, D), differentiable.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> mu = batched_map(parse_architecture("lcn:k=2,2:s=2,1"))
        >>> mu(torch.tensor([[1.0, 2, 3, 4]], dtype=torch.float64))   # (1 + 2x)(3 + 4x²)
        tensor([[3., 6., 4., 8.]], dtype=torch.float64)
    """
    raise InputError(
        f"engine: the torch engine trains fc, lcn and lcn2d networks, not {architecture.text}; "
        "use --engine numpy"
    )


@batched_map.register
def _(architecture: FullyConnected) -> Map:
    def mu(theta: torch.Tensor) -> torch.Tensor:
        layers = _split(architecture, theta)
        out = layers[0]
        for w in layers[1:]:
            out = w @ out
        return out.reshape(theta.shape[0], -1)

    return mu


def _dilated_product(f: torch.Tensor, w: torch.Tensor, t: tuple[int, ...]) -> torch.Tensor:
    """f(x) · w(x^t) for batched coefficient tensors (axis 0 = batch): one padded term per tap."""
    k = w.shape[1:]
    expand = (slice(None),) + (None,) * (f.ndim - 1)
    terms = []
    for idx in itertools.product(*(range(kk) for kk in k)):
        pads: list[int] = []
        for j, kk, tt in reversed(list(zip(idx, k, t, strict=True))):  # F.pad: last axis first
            pads += [j * tt, (kk - 1 - j) * tt]
        terms.append(F.pad(w[(slice(None), *idx)][expand] * f, pads))
    return torch.stack(terms).sum(0)


@batched_map.register(LinearConvNetwork)
@batched_map.register(LinearConvNetwork2D)
def _(architecture: LinearConvNetwork | LinearConvNetwork2D) -> Map:
    dilations = [t if isinstance(t, tuple) else (t,) for t in architecture.dilations]

    def mu(theta: torch.Tensor) -> torch.Tensor:
        layers = _split(architecture, theta)
        out = layers[0]
        for w, t in zip(layers[1:], dilations[1:], strict=True):
            out = _dilated_product(out, w, t)
        return out.reshape(theta.shape[0], -1)

    return mu


class _Loss:
    """The quadratic losses fᵀGf − 2bᵀf + c of the runs still going, as tensors."""

    def __init__(self, losses: QuadraticLossBatch, where: torch.device) -> None:
        def tensor(a: np.ndarray) -> torch.Tensor:
            return torch.as_tensor(a, dtype=torch.float64, device=where)

        self.gram = None if losses.gram is None else tensor(losses.gram)
        self.linear = tensor(losses.linear)
        self.const = tensor(losses.const)

    def take(self, keep: torch.Tensor) -> None:
        if self.gram is not None:
            self.gram = self.gram[keep]
        self.linear, self.const = self.linear[keep], self.const[keep]

    def __call__(self, f: torch.Tensor) -> torch.Tensor:
        gf = f if self.gram is None else torch.einsum("bij,bj->bi", self.gram, f)
        return (f * (gf - 2 * self.linear)).sum(1) + self.const


def torch_engine(job: TrainingJob) -> EngineRun:
    """The torch engine (see the module docstring); the signature of every engine."""
    opts, architecture, losses, progress = job.options, job.architecture, job.losses, job.progress
    theta0, record_every = job.theta0, job.record_every
    if opts.method == "flow":
        raise InputError("method: gradient flow runs on the numpy engine only; use --engine numpy")
    mu = batched_map(architecture)
    where = device()
    runs = theta0.shape[0]
    loss = _Loss(losses, where)
    dims = losses.linear.shape[1]

    def value(theta: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return loss(mu(theta))

    def value_and_grad(theta: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        th = theta.detach().requires_grad_(True)
        f = mu(th)
        v = loss(f)
        (g,) = torch.autograd.grad(v.sum(), th)
        return v.detach(), g, f.detach()

    # per-run results (CPU) and the state of the runs still going (device)
    out_theta = theta0.astype(np.float64, copy=True)
    out_f = np.zeros((runs, dims))
    out_loss = np.full(runs, np.nan)
    out_gnorm = np.full(runs, np.nan)
    out_iter = np.zeros(runs, dtype=np.int64)
    out_reason = np.full(runs, "max_iter", dtype=object)
    frames: list[np.ndarray] = []
    active = np.arange(runs)
    checkpoint = torch.full((runs,), float("inf"), dtype=torch.float64, device=where)
    theta = torch.as_tensor(theta0, dtype=torch.float64, device=where).clone()
    step = torch.full((runs,), opts.step, dtype=torch.float64, device=where)
    beta1, beta2, eps = ADAM
    m, v = torch.zeros_like(theta), torch.zeros_like(theta)
    armijo = 1e-4
    val, grad, f = value_and_grad(theta)
    for it in range(opts.max_iter + 1):
        gnorm = grad.pow(2).sum(1).sqrt()
        if record_every and it % record_every == 0:
            frame = out_f.copy()
            frame[active] = f.cpu().numpy()
            frames.append(frame)
        bad = ~torch.isfinite(val + gnorm) | (val > opts.diverge)  # NaN or ∞ in either
        good = (gnorm <= opts.gtol) & ~bad
        stall = unstable = torch.zeros_like(good)
        if it > 0 and it % opts.stall_window == 0:
            flat = checkpoint - val <= opts.stall_rtol * torch.clamp(val.abs(), min=1.0)
            flat &= ~good & ~bad
            stall = flat & (gnorm <= opts.stall_gtol)
            unstable = flat & ~stall
            checkpoint = val.clone()
        reason = torch.zeros(val.shape, dtype=torch.int8, device=where)  # 0: go on
        for code, mask in enumerate((good, stall, unstable, bad), start=1):
            reason[mask] = code
        if it == opts.max_iter:
            reason[reason == 0] = 5
        stopped = reason != 0
        if bool(stopped.any()):
            codes = reason.cpu().numpy()
            done = np.flatnonzero(codes)
            idx = active[done]
            names = np.array(["", "gradient", "stall", "unstable", "diverged", "max_iter"])
            out_reason[idx] = names[codes[done]]
            out_iter[idx] = it
            out_loss[idx] = val.cpu().numpy()[done]
            out_gnorm[idx] = gnorm.cpu().numpy()[done]
            out_f[idx] = f.cpu().numpy()[done]
            out_theta[idx] = theta.cpu().numpy()[done]
            if progress is not None:
                progress.update(len(done))
            keep = ~stopped
            active = active[codes == 0]
            if active.size == 0:
                break
            theta, grad, val, f, step, m, v = (
                theta[keep], grad[keep], val[keep], f[keep], step[keep], m[keep], v[keep],
            )  # fmt: skip
            gnorm, checkpoint = gnorm[keep], checkpoint[keep]
            loss.take(keep)
        if opts.method == "gd":
            theta = theta - opts.step * grad
        elif opts.method == "adam":
            m = beta1 * m + (1 - beta1) * grad
            v = beta2 * v + (1 - beta2) * grad**2
            m_hat, v_hat = m / (1 - beta1 ** (it + 1)), v / (1 - beta2 ** (it + 1))
            theta = theta - opts.step * m_hat / (v_hat.sqrt() + eps)
        else:  # Armijo backtracking, masked: runs whose step is accepted keep their trial
            gg = gnorm**2
            trial = theta - step[:, None] * grad
            new = value(trial)
            todo = ~(new <= val - armijo * step * gg)
            for _ in range(60):
                if not bool(todo.any()):
                    break
                step = torch.where(todo, step * 0.5, step)
                trial = torch.where(todo[:, None], theta - step[:, None] * grad, trial)
                new = torch.where(todo, value(trial), new)
                todo &= ~(new <= val - armijo * step * gg)
            theta = trial
            step = torch.clamp(step * 1.5, max=opts.max_step)
        val, grad, f = value_and_grad(theta)
    trajectory = np.stack(frames) if frames else None
    return EngineRun(
        out_theta, out_f, out_loss, out_gnorm, out_iter, out_reason.astype(str), trajectory
    )


register_engine("torch", torch_engine)
