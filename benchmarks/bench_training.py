"""Benchmark: batched gradient descent vs the compiled kernel vs a per-run PyTorch loop.

For each architecture (``lcn:k=3,3,3`` and ``fc:4,2,4``) and 10,000 runs (target data,
``‖μ(θ) − u‖²``, LeCun initialization, seed 0), fixed-step gradient descent runs until
``‖∇L‖ ≤ 1e-6`` or 20,000 iterations:

- **batched**: :func:`neuromanifold.training.train` with ``engine="numpy"`` (all runs as arrays,
  hand-derived gradients);
- **numba**: the same call with ``engine="numba"``, the compiled per-run kernel
  (:mod:`neuromanifold.training.kernel`): each run a loop of its own over scalar locals, spread
  over the cores with ``prange``. Its one-off compilation (cached on disk) is done and timed
  before, and reported apart (``compile s``: compilation, or loading from the cache when it is
  there already); ``same`` says whether every final parameter equals the batched engine's bit
  for bit (then every outcome is the same too);
- **torch loop**: one run after another in PyTorch (autograd, ``torch.no_grad`` updates), same
  data, same initializations, same step and stopping rules (gradient, divergence, and the
  stall/unstable check every 500 iterations). It is measured on the first
  ``--torch-runs`` runs (default 100) and *extrapolated* linearly to all runs (the subset has the
  same distribution as the rest: runs are i.i.d.).

Run: ``python benchmarks/bench_training.py`` (``--runs``, ``--torch-runs``, ``--seed``). Without
numba the numba columns are skipped (``pip install "neuromanifold[homotopy]"``), without PyTorch
the torch column (``pip install torch==2.13.0``, the CPU wheel). ``--arch`` runs one case. On a
shared machine the wall times depend on the load: ``numba cpu`` is the kernel's CPU time summed
over its threads (the wall time it would take alone on one core).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from neuromanifold.training import TrainingOptions, kernel, train

CASES = (("lcn:k=3,3,3", 0.02), ("fc:4,2,4", 0.05))
GTOL, MAX_ITER = 1e-6, 20000


def torch_loop(
    arch: str, step: float, theta0: np.ndarray, targets: np.ndarray
) -> tuple[float, int]:
    """Seconds and converged count of a per-run PyTorch GD loop over the given runs."""
    import torch
    import torch.nn.functional as F

    from neuromanifold import parse_architecture

    a = parse_architecture(arch)
    shapes, sizes = a.layer_shapes, a.layer_sizes
    cuts = np.cumsum((0, *sizes))

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


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Batched GD vs the compiled kernel vs a per-run PyTorch loop."
    )
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
        header += f"{'compile s':>10}{'numba s':>9}{'numba cpu':>11}{'runs/s':>9}{'conv %':>8}{'same':>6}{'speed-up':>9}"
    if have_torch:
        header += f"{'torch runs/s':>14}{'torch s (extrap.)':>19}{'ratio':>8}"
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
                f"{compile_s:>10.2f}{fast_s:>9.3f}{fast_cpu:>11.3f}{args.runs / fast_s:>9.0f}"
                f"{100 * fast.converged.mean():>8.1f}{'yes' if same else 'no':>6}"
                f"{seconds / fast_s:>8.1f}×"
            )
        if have_torch:
            rng = np.random.default_rng(args.seed)  # the same draws as train(): data, then init
            from neuromanifold.training import draw_losses, parse_initialization

            targets = draw_losses(arch, "target", args.runs, rng).linear
            theta0 = parse_initialization("lecun").draw(arch, args.runs, rng)
            n = min(args.torch_runs, args.runs)
            t_torch, _ = torch_loop(arch, step, theta0[:n], targets[:n])
            rate = n / t_torch
            line += f"{rate:>14.1f}{args.runs / rate:>19.0f}{(args.runs / seconds) / rate:>8.0f}×"
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
