r"""Batched training: gradient descent and gradient flow for thousands of runs at once.

All runs advance together as arrays (a loop over iterations, none over runs); a run leaves the
batch when it stops. Methods, on :math:`L(\theta) = \ell(\mu(\theta))`:

- ``"gd"``: fixed step, :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)`.
- ``"backtracking"``: Armijo backtracking per run: try :math:`\eta`, halve until
  :math:`L(\theta - \eta g) \le L(\theta) - c\,\eta \|g\|^2` (:math:`c = 10^{-4}`), then let the
  next trial step grow by 1.5 (capped at ``max_step``).
- ``"adam"``: Adam (Kingma–Ba 2015) with step :math:`\eta`, :math:`\beta = (0.9, 0.999)`,
  :math:`\epsilon = 10^{-8}` and bias correction:
  :math:`\theta \leftarrow \theta - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)`.
- ``"flow"``: gradient flow :math:`\dot\theta = -\nabla L(\theta)` by the adaptive Dormand–Prince
  5(4) pair with per-run step control (``rtol``, ``atol``).

Stopping (recorded per run as ``stop_reason``): ``"gradient"`` when :math:`\|\nabla L\| \le`
``gtol``; ``"stall"`` when the loss decreased by at most ``stall_rtol``·max(1, L) over the last
``stall_window`` iterations and :math:`\|\nabla L\| \le` ``stall_gtol`` (progress below float
resolution near a critical point); ``"unstable"`` when the loss stopped decreasing while the
gradient is larger (a fixed step too large: oscillation); ``"diverged"`` when the loss is not
finite or exceeds ``diverge``; ``"max_iter"`` otherwise. Runs stopped by ``gradient`` or ``stall``
are *converged*.

The loop runs in an *engine* (:mod:`neuromanifold.training.engine`): ``"numpy"`` here, built in;
``"torch"`` in :mod:`neuromanifold.torch.training`. Every engine applies these rules.

Reference: Nguegnang–Rauhut–Terstiege 2021 (convergence of gradient descent for deep linear
networks); Kohn–Merkh–Montúfar–Trager 2022 (LCNs).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.budget import require_memory
from neuromanifold.errors import InputError
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.losses.data import DataModel, draw_losses, parse_data
from neuromanifold.training.engine import (
    Engine,
    EngineRun,
    TrainingJob,
    engine,
    register_engine,
)
from neuromanifold.training.initialization import Initialization, parse_initialization
from neuromanifold.training.objective import Objective

if TYPE_CHECKING:
    from neuromanifold.training.outcomes import Outcomes, Tolerances
    from neuromanifold.training.progress import Progress

__all__ = [
    "METHODS",
    "TrainingOptions",
    "TrainingResult",
    "optimize",
    "train",
    "training_bytes",
]

METHODS = ("gd", "backtracking", "adam", "flow")
#: Adam's moment decay rates and denominator guard (Kingma–Ba 2015 defaults).
ADAM = (0.9, 0.999, 1e-8)
STOP_REASONS = ("gradient", "stall", "max_iter", "unstable", "diverged")


@dataclass(frozen=True)
class TrainingOptions:
    """Options of the optimizer and its stopping rules (defaults documented per field).

    Attributes:
        method: ``"gd"``, ``"backtracking"`` (default), ``"adam"`` or ``"flow"``.
        step: fixed step (gd, adam), first trial step (backtracking), first step (flow).
            Default 0.05.
        max_step: largest backtracking step. Default 1.0.
        max_iter: iterations (gd, backtracking) or accepted steps (flow). Default 20000.
        gtol: converged when ‖∇L(θ)‖ ≤ gtol. Default 1e-6.
        stall_window: iterations between stall checks. Default 500.
        stall_rtol: stalled when L fell by ≤ stall_rtol·max(1, L) over a window. Default 1e-14.
        stall_gtol: a stalled run counts as converged only if ‖∇L‖ ≤ stall_gtol. Default 1e-4.
        diverge: diverged when L > diverge (or not finite). Default 1e12.
        rtol: relative error per flow step. Default 1e-8.
        atol: absolute error per flow step. Default 1e-12 (looser tolerances let the step grow to
            the stability limit near convergence, where the flow then stalls).

    Example:
        >>> TrainingOptions(method="gd", step=0.01).method
        'gd'
    """

    method: str = "backtracking"
    step: float = 0.05
    max_step: float = 1.0
    max_iter: int = 20000
    gtol: float = 1e-6
    stall_window: int = 500
    stall_rtol: float = 1e-14
    stall_gtol: float = 1e-4
    diverge: float = 1e12
    rtol: float = 1e-8
    atol: float = 1e-12

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"method: unknown method {self.method!r}; expected one of {METHODS}")
        for name in ("step", "max_step", "gtol", "stall_gtol", "diverge", "rtol", "atol"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and value > 0):
                raise InputError(f"{name}: expected a positive number, got {value!r}")
        for name in ("max_iter", "stall_window"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{name}: expected a positive integer, got {value!r}")
        if self.stall_rtol < 0:
            raise InputError(f"stall_rtol: expected a number ≥ 0, got {self.stall_rtol!r}")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)


@dataclass(frozen=True, eq=False, kw_only=True)
class TrainingResult(EngineRun):
    """Where every run ended: parameters, function, loss, gradient norm, and why it stopped.

    The arrays of the engine's :class:`~neuromanifold.training.engine.EngineRun` (theta … trajectory),
    with the experiment that produced them.

    Attributes:
        architecture: the network.
        data: the data model.
        init: the initialization.
        options: optimizer options.
        seed: the seed of the generator that drew data then initializations.
        restarts: initializations per data draw (run ``i`` uses data draw ``i // restarts``).
        theta: final parameters (runs, N).
        f: final end-to-end functions, flat (runs, D).
        loss: final losses (runs,).
        grad_norm: final ‖∇L(θ)‖ (runs,).
        iterations: iterations (or accepted flow steps) per run.
        stop_reason: ``"gradient"``, ``"stall"``, ``"max_iter"`` or ``"diverged"`` per run.
        losses: the quadratic losses, one per run (data repeated over restarts).
        seconds: wall time of the optimization.
        trajectory: functions f at every ``record_every`` iterations (T, runs, D), or ``None``.
        engine: the engine that ran the optimizer (:mod:`neuromanifold.training.engine`).
    """

    architecture: Architecture
    data: DataModel
    init: Initialization
    options: TrainingOptions
    seed: int
    restarts: int
    losses: QuadraticLossBatch = field(repr=False)
    seconds: float = 0.0
    engine: str = "numpy"

    @property
    def runs(self) -> int:
        """Number of runs."""
        return self.theta.shape[0]

    @property
    def converged(self) -> np.ndarray:
        """Runs stopped by the gradient or the stall criterion."""
        return np.isin(self.stop_reason, ("gradient", "stall"))

    @property
    def data_index(self) -> np.ndarray:
        """The data draw of every run (runs sharing it differ only in initialization)."""
        return np.arange(self.runs) // self.restarts

    def classify(self, tolerances: Tolerances | None = None, reference: str = "auto") -> Outcomes:
        """Classify every run's end point (see :func:`~neuromanifold.training.outcomes.classify`)."""
        from neuromanifold.training.outcomes import classify

        return classify(self, tolerances, reference)

    @cached_property
    def outcomes(self) -> Outcomes:
        """:meth:`classify` with the default tolerances (computed once)."""
        return self.classify()

    def __str__(self) -> str:
        reasons = ", ".join(f"{r}: {int(np.sum(self.stop_reason == r))}" for r in STOP_REASONS)
        return (
            f"{self.runs} runs of {self.options.method} ({self.engine}) on {self.architecture.text}, data "
            f"{self.data.text}, init {self.init.text}, seed {self.seed}\n"
            f"  converged {int(self.converged.sum())} ({reasons}); median loss "
            f"{float(np.median(self.loss)):.4g}; {self.seconds:.2f} s"
        )


class _Run:
    """Mutable bookkeeping of the optimizer loop (private)."""

    def __init__(self, objective: Objective, theta: np.ndarray, record_every: int) -> None:
        runs = theta.shape[0]
        self.objective = objective
        self.theta = theta.copy()
        self.active = np.arange(runs)
        self.loss = np.full(runs, np.nan)
        self.grad_norm = np.full(runs, np.nan)
        self.iterations = np.zeros(runs, dtype=np.int64)
        self.reason = np.full(runs, "max_iter", dtype=object)
        self.f = np.zeros((runs, objective.loss.linear.shape[1]))
        self.record_every = record_every
        self.frames: list[np.ndarray] = []
        self.checkpoint = np.full(runs, np.inf)

    def finish(self, local: np.ndarray, reason: str, it: int, value, gnorm, f) -> None:
        idx = self.active[local]
        self.reason[idx] = reason
        self.iterations[idx] = it
        self.loss[idx], self.grad_norm[idx], self.f[idx] = value[local], gnorm[local], f[local]

    def keep(self, mask: np.ndarray) -> None:
        self.active = self.active[mask]
        self.objective = self.objective.take(mask)

    def record(self, it: int, f_active: np.ndarray) -> None:
        if self.record_every and it % self.record_every == 0:
            frame = self.f.copy()
            frame[self.active] = f_active
            self.frames.append(frame)


def _stop_checks(
    run: _Run,
    opts: TrainingOptions,
    it: int,
    value: np.ndarray,
    gnorm: np.ndarray,
    f: np.ndarray,
    check_stall: bool = True,
) -> np.ndarray:
    """Finish runs meeting a stopping rule; return the mask of runs that go on."""
    go = np.ones(value.shape[0], dtype=bool)
    bad = ~np.isfinite(value) | (value > opts.diverge) | ~np.isfinite(gnorm)
    good = (gnorm <= opts.gtol) & ~bad
    stall = unstable = np.zeros_like(go)
    if check_stall and it > 0 and it % opts.stall_window == 0:
        prev = run.checkpoint[run.active]
        flat = (prev - value <= opts.stall_rtol * np.maximum(1.0, np.abs(value))) & ~good & ~bad
        stall = flat & (gnorm <= opts.stall_gtol)
        unstable = flat & ~stall
        run.checkpoint[run.active] = value
    for mask, reason in (
        (good, "gradient"),
        (stall, "stall"),
        (unstable, "unstable"),
        (bad, "diverged"),
    ):
        if mask.any():
            run.finish(np.flatnonzero(mask), reason, it, value, gnorm, f)
            go &= ~mask
    return go


def _descent(run: _Run, opts: TrainingOptions, progress: Progress | None) -> None:
    theta = run.theta[run.active]
    step = np.full(theta.shape[0], opts.step)
    armijo = 1e-4
    beta1, beta2, eps = ADAM
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    value, grad, f = run.objective.value_and_grad(theta)
    for it in range(opts.max_iter + 1):
        gnorm = np.sqrt(np.einsum("bn,bn->b", grad, grad))
        run.record(it, f)
        go = _stop_checks(run, opts, it, value, gnorm, f)
        if it == opts.max_iter:
            run.finish(np.flatnonzero(go), "max_iter", it, value, gnorm, f)
            go[:] = False
        if not go.all():
            if progress is not None:
                progress.update(int((~go).sum()))
            run.theta[run.active] = theta
            run.keep(go)
            theta, grad, value, step, f = theta[go], grad[go], value[go], step[go], f[go]
            gnorm, m, v = gnorm[go], m[go], v[go]
            if theta.shape[0] == 0:
                return
        if opts.method == "gd":
            theta = theta - opts.step * grad
            value, grad, f = run.objective.value_and_grad(theta)
            continue
        if opts.method == "adam":
            m = beta1 * m + (1 - beta1) * grad
            v = beta2 * v + (1 - beta2) * grad**2
            m_hat, v_hat = m / (1 - beta1 ** (it + 1)), v / (1 - beta2 ** (it + 1))
            theta = theta - opts.step * m_hat / (np.sqrt(v_hat) + eps)
            value, grad, f = run.objective.value_and_grad(theta)
            continue
        # Armijo backtracking, vectorized over the runs still searching
        gg = gnorm
        trial = theta - step[:, None] * grad
        new_value = run.objective.value(trial)
        todo = ~(new_value <= value - armijo * step * gg**2)
        for _ in range(60):
            if not todo.any():
                break
            idx = np.flatnonzero(todo)
            step[idx] *= 0.5
            trial[idx] = theta[idx] - step[idx, None] * grad[idx]
            new_value[idx] = run.objective.take(idx).value(trial[idx])
            todo[idx] = ~(new_value[idx] <= value[idx] - armijo * step[idx] * gg[idx] ** 2)
        theta = trial
        step = np.minimum(step * 1.5, opts.max_step)
        value, grad, f = run.objective.value_and_grad(theta)


# Dormand–Prince 5(4) tableau
_A = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
]
_B5 = np.array([35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0])
_B4 = np.array([5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40])


def _flow(run: _Run, opts: TrainingOptions, progress: Progress | None) -> None:
    theta = run.theta[run.active]
    h = np.full(theta.shape[0], opts.step)
    value, grad, f = run.objective.value_and_grad(theta)
    accepted = np.zeros(theta.shape[0], dtype=np.int64)
    last_it = -1
    for _ in range(50 * opts.max_iter):
        it = int(accepted.min()) if accepted.size else 0
        gnorm = np.sqrt(np.einsum("bn,bn->b", grad, grad))
        fresh = it != last_it
        if fresh:
            run.record(it, f)
            last_it = it
        go = _stop_checks(run, opts, it, value, gnorm, f, check_stall=fresh)
        limit = go & (accepted >= opts.max_iter)
        if limit.any():
            run.finish(np.flatnonzero(limit), "max_iter", opts.max_iter, value, gnorm, f)
            go &= ~limit
        if not go.all():
            if progress is not None:
                progress.update(int((~go).sum()))
            run.theta[run.active] = theta
            run.keep(go)
            theta, grad, value, f, h, accepted = (
                theta[go], grad[go], value[go], f[go], h[go], accepted[go],
            )  # fmt: skip
            if theta.shape[0] == 0:
                return
        ks = [-grad]
        for i in range(1, 7):
            y = theta + h[:, None] * sum(a * k for a, k in zip(_A[i], ks, strict=False))
            _, g_i, _ = run.objective.value_and_grad(y)
            ks.append(-g_i)
        y5 = theta + h[:, None] * sum(b * k for b, k in zip(_B5, ks, strict=True))
        y4 = theta + h[:, None] * sum(b * k for b, k in zip(_B4, ks, strict=True))
        scale = opts.atol + opts.rtol * np.maximum(np.abs(theta), np.abs(y5))
        err = np.sqrt(np.mean(((y5 - y4) / scale) ** 2, axis=1))
        ok = err <= 1.0
        factor = np.clip(0.9 * np.where(err > 0, err, 1e-10) ** -0.2, 0.2, 5.0)
        if ok.any():
            idx = np.flatnonzero(ok)
            theta = theta.copy()
            theta[idx] = y5[idx]
            v_new, g_new, f_new = run.objective.take(idx).value_and_grad(theta[idx])
            value, grad, f = value.copy(), grad.copy(), f.copy()
            value[idx], grad[idx], f[idx] = v_new, g_new, f_new
            accepted[idx] += 1
        h = h * factor


def train(
    architecture: Architecture | str,
    runs: int,
    *,
    data: DataModel | str = "target",
    init: Initialization | str = "lecun",
    seed: int = 0,
    options: TrainingOptions | None = None,
    restarts: int = 1,
    out_len: int = 1,
    record_every: int = 0,
    progress: Progress | None = None,
    engine: str = "numpy",
) -> TrainingResult:
    r"""Train ``runs`` networks at once on fresh random data and initializations.

    One generator ``numpy.random.default_rng(seed)`` draws first ``runs // restarts`` losses from
    the data model (:func:`~neuromanifold.losses.data.draw_losses`), then ``runs``
    initializations; run :math:`i` uses data draw :math:`\lfloor i / \text{restarts} \rfloor`.

    Args:
        architecture: the network (or its text form).
        runs: number of runs (a multiple of ``restarts``).
        data: data model, ``"target"`` (default), ``"weighted"``, ``"regression:N"`` or
            ``"FILE.npz"`` (:func:`~neuromanifold.losses.data.parse_data`; one distribution).
        init: initialization, ``"lecun"`` (default) or ``"normal:S"``.
        seed: seed of data and initializations (recorded in the result).
        options: optimizer and stopping rules (:class:`TrainingOptions`).
        restarts: initializations per data draw (for "best run on the same data" comparisons).
        out_len: output length of an LCN under regression data.
        record_every: record the functions every this many iterations (0: no trajectory).
        progress: a progress bar updated as runs stop, or ``None``.
        engine: ``"numpy"`` (default) or another engine of
            :mod:`neuromanifold.training.engine` (``"torch"``: the optional extra).

    Returns:
        A :class:`TrainingResult`.

    Example:
        >>> r = train("fc:2,1,2", 50, seed=1)
        >>> r.runs, bool(r.converged.all())
        (50, True)

    Reference: Nguegnang–Rauhut–Terstiege 2021; SPEC §5.5.
    """
    arch = parse_architecture(architecture)
    opts = options if options is not None else TrainingOptions()
    model = parse_data(data, out_len)
    if model.out_len != out_len and out_len != 1:
        model = replace(model, out_len=out_len)
    initialization = parse_initialization(init)
    _engine(engine)  # every input error before any work
    for name, value in (("runs", runs), ("restarts", restarts)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise InputError(f"{name}: expected a positive integer, got {value!r}")
    if runs % restarts:
        raise InputError(f"runs: {runs} is not a multiple of restarts = {restarts}")
    require_memory(
        training_bytes(arch, runs, data=model, options=opts, record_every=record_every),
        f"training {runs} runs of {arch.text} on {model.text} data",
    )
    rng = np.random.default_rng(seed)
    base = draw_losses(arch, model, runs // restarts, rng)
    losses = base.take(np.arange(runs) // restarts) if restarts > 1 else base
    theta0 = initialization.draw(arch, runs, rng)
    return optimize(
        arch, losses, theta0, options=opts, record_every=record_every, progress=progress,
        data=model, init=initialization, seed=int(seed), restarts=int(restarts), engine=engine,
    )  # fmt: skip


def training_bytes(
    architecture: Architecture | str,
    runs: int,
    *,
    data: str | DataModel = "target",
    out_len: int = 1,
    options: TrainingOptions | None = None,
    record_every: int = 0,
) -> int:
    """An upper estimate of the bytes :func:`train` allocates for ``runs`` runs (checked against
    the memory budget before any work; a sweep checks every job this way before the first).

    Example:
        >>> training_bytes("fc:2,1,2", 1000) < 2**30
        True
    """
    arch = parse_architecture(architecture)
    model = data if isinstance(data, DataModel) else parse_data(data, out_len)
    opts = options if options is not None else TrainingOptions()
    return runs * _bytes_per_run(arch, model, opts, record_every)


def _bytes_per_run(
    arch: Architecture, model: DataModel, opts: TrainingOptions, record_every: int
) -> int:
    """An upper estimate of the float64 arrays one run keeps: iterates, gradients, function values
    and the flow's stages (24 copies of N + D), regression data and its Gram matrix, frames."""
    n, d = arch.n_params, arch.ambient_dim
    floats = 24 * (n + d)
    if arch.family not in ("fc", "lcn"):  # the batched objective forms dμ (objective.py)
        floats += 3 * n * d
    if model.kind == "regression" and model.n_samples is not None:
        floats += d * d + model.n_samples * (model.out_len * (d + 2) + d + sum(arch.ambient_shape))
    if record_every > 0:
        floats += (opts.max_iter // record_every + 2) * d
    return 8 * floats


def optimize(
    architecture: Architecture | str,
    losses: QuadraticLossBatch,
    theta0: np.ndarray,
    *,
    options: TrainingOptions | None = None,
    record_every: int = 0,
    progress: Progress | None = None,
    data: DataModel | None = None,
    init: Initialization | None = None,
    seed: int = -1,
    restarts: int = 1,
    engine: str = "numpy",
) -> TrainingResult:
    r"""Run the optimizer from given starting points on given losses (the engine of :func:`train`).

    Args:
        architecture: the network (or its text form).
        losses: one :class:`~neuromanifold.losses.batch.QuadraticLossBatch` per run.
        theta0: starting parameters (runs, N).
        options: optimizer and stopping rules.
        record_every: record the functions every this many iterations (0: no trajectory).
        progress: a progress bar updated as runs stop, or ``None``.
        data, init, seed, restarts: provenance recorded in the result (defaults: ``given``
            data, ``lecun`` init, seed −1 = not drawn from a seed, one restart).
        engine: the engine that runs the loop (:mod:`neuromanifold.training.engine`).

    Returns:
        A :class:`TrainingResult`.

    Example:
        >>> from neuromanifold.losses import QuadraticLossBatch
        >>> loss = QuadraticLossBatch.from_target(np.array([[3.0, 0.0, 0.0, 1.0]]))  # diag(3, 1)
        >>> r = optimize("fc:2,1,2", loss, np.array([[1.0, 0.1, 1.0, 0.1]]))
        >>> np.round(r.f, 6)                                                  # σ₁u₁v₁ᵀ
        array([[3., 0., 0., 0.]])
    """
    arch = parse_architecture(architecture)
    opts = options if options is not None else TrainingOptions()
    theta = np.asarray(theta0, dtype=np.float64)
    if theta.ndim != 2 or theta.shape != (losses.batch, arch.n_params):
        raise InputError(
            f"theta0: expected shape ({losses.batch}, {arch.n_params}) (one row per loss), "
            f"got {theta.shape}"
        )
    if losses.linear.shape[1] != arch.ambient_dim:
        raise InputError(
            f"losses: functions of {arch.text} have {arch.ambient_dim} coordinates, the losses "
            f"{losses.linear.shape[1]}"
        )
    if isinstance(record_every, bool) or not isinstance(record_every, int) or record_every < 0:
        raise InputError(f"record_every: expected an integer ≥ 0, got {record_every!r}")
    run_engine = _engine(engine)
    start = time.perf_counter()
    out = run_engine(TrainingJob(arch, losses, theta, opts, record_every, progress))
    seconds = time.perf_counter() - start
    return TrainingResult(
        out.theta, out.f, out.loss, out.grad_norm, out.iterations, out.stop_reason.astype(str),
        out.trajectory, architecture=arch, data=data if data is not None else DataModel("given"),
        init=init if init is not None else Initialization(), options=opts, seed=seed,
        restarts=restarts, losses=losses, seconds=seconds, engine=engine,
    )  # fmt: skip


def _engine(name: object) -> Engine:
    """The engine of that name (an :class:`InputError` for anything else)."""
    if not isinstance(name, str):
        raise InputError(f"engine: expected an engine name, got {name!r}")
    return engine(name)


def numpy_engine(job: TrainingJob) -> EngineRun:
    """The NumPy engine: all runs batched as arrays, hand-derived vector–Jacobian products."""
    run = _Run(Objective(job.architecture, job.losses), job.theta0, job.record_every)
    if job.options.method == "flow":
        _flow(run, job.options, job.progress)
    else:
        _descent(run, job.options, job.progress)
    trajectory = np.stack(run.frames) if run.frames else None
    return EngineRun(
        run.theta, run.f, run.loss, run.grad_norm, run.iterations, run.reason.astype(str),
        trajectory,
    )  # fmt: skip


register_engine("numpy", numpy_engine)
