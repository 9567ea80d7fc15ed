"""Benchmark: batched GD, the compiled kernel, batched PyTorch and a per-run PyTorch loop.

For each architecture (``lcn:k=3,3,3`` and ``fc:4,2,4``) and 10,000 runs (target data,
``‖μ(θ) − u‖²``, LeCun initialization, seed 0), fixed-step gradient descent runs until
``‖∇L‖ ≤ 1e-6`` or 20,000 iterations:

- **batched**: :func:`neuromanifold.training.train` (all runs as arrays, hand-derived gradients);
- **numba**: the same call with ``engine="numba"``, the compiled per-run kernel
  (:mod:`neuromanifold.training.kernel`): each run a loop of its own over scalar locals, spread
  over the cores with ``prange``. Its one-off compilation (cached on disk) is done and timed
  before, and reported apart (``compile s``: compilation, or loading from the cache when it is
  there already); ``numba cpu`` is its CPU time summed over threads (on a shared machine the
  wall time depends on the load); ``same`` says whether every final parameter and stop equals
  the batched engine's bit for bit (then every outcome is the same too); skipped without numba;
- **torch batched** (the fair baseline): the same workload as one PyTorch tensor program, as a
  careful user writes it: all runs' parameters in one ``(runs, N)`` float64 tensor, the
  end-to-end filter as shifted multiply-adds (matrix products for FC), autograd for the gradients,
  and the same stopping rules per run, applied as a mask (a stopped run's parameters no longer
  move; the program ends when every run has stopped). Same data, same initializations, same step;
- **torch loop**: one run after another in PyTorch (autograd, ``torch.no_grad`` updates), same
  data, same initializations, same step and stopping rules (gradient, divergence, and the
  stall/unstable check every 500 iterations). It is measured on the first
  ``--torch-runs`` runs (default 100) and *extrapolated* linearly to all runs (the subset has the
  same distribution as the rest: runs are i.i.d.).

Run: ``python benchmarks/bench_training.py`` (``--runs``, ``--torch-runs``, ``--seed``). Without
PyTorch the torch columns are skipped; install it with ``pip install torch==2.13.0`` (the CPU wheel).
Ratios are torch time / batched time (above 1: ours is faster).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from neuromanifold import Architecture, parse_architecture
from neuromanifold.training import TrainingOptions, kernel, train

CASES = (("lcn:k=3,3,3", 0.02), ("fc:4,2,4", 0.05))
GTOL, MAX_ITER = 1e-6, 20000


def layout(arch: str) -> tuple[Architecture, list[tuple[int, ...]], np.ndarray]:
    """The architecture, its layer shapes and where each layer starts in the flat θ."""
    a = parse_architecture(arch)
    return a, list(a.layer_shapes), np.cumsum((0, *a.layer_sizes))


def torch_loop(
    arch: str, step: float, theta0: np.ndarray, targets: np.ndarray
) -> tuple[float, int]:
    """Seconds and converged count of a per-run PyTorch GD loop over the given runs."""
    import torch
    import torch.nn.functional as F

    a, shapes, cuts = layout(arch)

    def model(params: list) -> torch.Tensor:
        if a.family == "fc":
            out = params[0]
            for w in params[1:]:
                out = w @ out
            return out.reshape(-1)
        out = params[0]
        for w in params[1:]:  # polynomial product = full convolution
            out = F.conv1d(
                out.view(1, 1, -1), w.flip(0).view(1, 1, -1), padding=w.numel() - 1
            ).view(-1)
        return out

    converged = 0
    start = time.perf_counter()
    for theta, u in zip(theta0, targets, strict=True):
        params = [
            torch.tensor(theta[cuts[i] : cuts[i + 1]].reshape(shapes[i]), requires_grad=True)
            for i in range(len(shapes))
        ]
        target = torch.tensor(u)
        checkpoint = np.inf
        for it in range(MAX_ITER + 1):
            loss = ((model(params) - target) ** 2).sum()
            grads = torch.autograd.grad(loss, params)
            gnorm = torch.sqrt(torch.stack([(g * g).sum() for g in grads]).sum()).item()
            value = loss.item()
            if gnorm <= GTOL:
                converged += 1
                break
            if not np.isfinite(gnorm) or value > 1e12:
                break
            if it > 0 and it % 500 == 0:  # the batched trainer's stall / unstable rule
                if checkpoint - value <= 1e-14 * max(1.0, abs(value)):
                    converged += gnorm <= 1e-4
                    break
                checkpoint = value
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p -= step * g
    return time.perf_counter() - start, converged


def torch_batched(
    arch: str, step: float, theta0: np.ndarray, targets: np.ndarray
) -> tuple[float, int]:
    """Seconds and converged count of all runs as one masked PyTorch GD program."""
    import torch

    a, shapes, cuts = layout(arch)
    dilations = getattr(a, "dilations", None)

    def model(theta: torch.Tensor) -> torch.Tensor:
        runs = theta.shape[0]
        layers = [
            theta[:, cuts[i] : cuts[i + 1]].reshape(runs, *shapes[i]) for i in range(len(shapes))
        ]
        out = layers[0]
        if a.family == "fc":
            for w in layers[1:]:
                out = w @ out
            return out.reshape(runs, -1)
        assert dilations is not None
        for w, t in zip(layers[1:], dilations[1:], strict=True):  # p(x) · w(x^t), tap by tap
            k, n = w.shape[1], out.shape[1]
            new = out.new_zeros(runs, n + (k - 1) * t)
            for j in range(k):
                new = new + torch.nn.functional.pad(w[:, j : j + 1] * out, (j * t, (k - 1 - j) * t))
            out = new
        return out

    theta = torch.tensor(theta0)
    target = torch.tensor(targets)
    runs = theta.shape[0]
    active = torch.ones(runs, dtype=torch.bool)
    converged = torch.zeros(runs, dtype=torch.bool)
    checkpoint = torch.full((runs,), float("inf"), dtype=torch.float64)
    start = time.perf_counter()
    for it in range(MAX_ITER + 1):
        th = theta.requires_grad_(True)
        loss = ((model(th) - target) ** 2).sum(1)
        (grad,) = torch.autograd.grad(loss.sum(), th)
        theta = theta.detach()
        value, gnorm = loss.detach(), grad.pow(2).sum(1).sqrt()
        good = gnorm <= GTOL
        bad = ~torch.isfinite(value + gnorm) | (value > 1e12)
        stop = good | bad
        converged |= active & good
        if it > 0 and it % 500 == 0:  # the batched trainer's stall / unstable rule
            flat = checkpoint - value <= 1e-14 * torch.clamp(value.abs(), min=1.0)
            converged |= active & flat & ~stop & (gnorm <= 1e-4)
            stop |= flat
            checkpoint = value
        active &= ~stop
        if not bool(active.any()):
            break
        theta = theta - step * grad * active[:, None]
    return time.perf_counter() - start, int(converged.sum())


def main() -> int:
    parser = argparse.ArgumentParser(description="Batched GD vs batched and per-run PyTorch.")
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--torch-runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--arch", choices=[a for a, _ in CASES], help="one case only")
    args = parser.parse_args()
    try:
        import torch

        torch.set_num_threads(1)  # tiny tensors: threads only add overhead
        have_torch = True
    except ImportError:
        have_torch = False
    print(f"{args.runs} runs of fixed-step GD to ‖∇L‖ ≤ {GTOL:g} (max {MAX_ITER} iterations), "
          f"target data, seed {args.seed}; {os.cpu_count()} CPU(s)")  # fmt: skip
    header = f"{'architecture':<14}{'batched s':>10}{'runs/s':>10}{'conv %':>8}"
    if kernel.AVAILABLE:
        header += f"{'compile s':>10}{'numba s':>9}{'numba cpu':>11}{'conv %':>8}{'same':>6}"
        header += f"{'speed-up':>9}"
    if have_torch:
        header += f"{'torch batched s':>16}{'conv %':>8}{'ratio':>8}"
        header += f"{'torch loop s (extrap.)':>23}{'ratio':>8}"
    print(header)
    for arch, step in CASES:
        if args.arch and arch != args.arch:
            continue
        opts = TrainingOptions(method="gd", step=step, gtol=GTOL, max_iter=MAX_ITER)
        t0 = time.perf_counter()
        result = train(arch, args.runs, seed=args.seed, options=opts, engine="numpy")
        seconds = time.perf_counter() - t0
        line = (
            f"{arch:<14}{seconds:>10.2f}{args.runs / seconds:>10.0f}"
            f"{100 * result.converged.mean():>8.1f}"
        )
        if kernel.AVAILABLE:
            compile_s = kernel.compile_seconds(arch)
            t0, c0 = time.perf_counter(), time.process_time()
            fast = train(arch, args.runs, seed=args.seed, options=opts, engine="numba")
            fast_s, fast_cpu = time.perf_counter() - t0, time.process_time() - c0
            same = np.array_equal(fast.theta, result.theta) and np.array_equal(
                fast.stop_reason, result.stop_reason
            )
            line += (
                f"{compile_s:>10.2f}{fast_s:>9.3f}{fast_cpu:>11.3f}"
                f"{100 * fast.converged.mean():>8.1f}{'yes' if same else 'no':>6}"
                f"{seconds / fast_s:>8.1f}×"
            )
        if have_torch:
            rng = np.random.default_rng(args.seed)  # the same draws as train(): data, then init
            from neuromanifold.training import draw_losses, parse_initialization

            targets = draw_losses(arch, "target", args.runs, rng).linear
            theta0 = parse_initialization("lecun").draw(arch, args.runs, rng)
            t_batched, n_conv = torch_batched(arch, step, theta0, targets)
            line += f"{t_batched:>16.2f}{100 * n_conv / args.runs:>8.1f}"
            line += f"{t_batched / seconds:>7.1f}×"
            n = min(args.torch_runs, args.runs)
            t_torch, _ = torch_loop(arch, step, theta0[:n], targets[:n])
            t_all = t_torch * args.runs / n
            line += f"{t_all:>23.0f}{t_all / seconds:>7.0f}×"
        print(line)
    if not kernel.AVAILABLE:
        print(
            "numba columns skipped: numba is not installed (pip install 'neuromanifold[homotopy]')"
        )
    if not have_torch:
        print("torch column skipped: PyTorch is not installed (pip install torch==2.13.0)")
    else:
        print(f"torch loop measured on the first {min(args.torch_runs, args.runs)} runs and "
              "extrapolated to all runs")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
