r"""The compiled training kernel: one run per loop, its parameters in registers, via numba.

The same optimizer and stopping rules as the batched numpy engine
(:mod:`neuromanifold.training.trainer`), for the linear families, whose objective
:math:`L(\theta) = \ell(\mu(\theta))` costs ~100 flops per iteration, so that the numpy
engine's per-iteration overhead (array bookkeeping, one small kernel launch per operation)
dominates: fully connected networks (``fc``, :math:`\mu = W_L \cdots W_1`) and 1D convolutional
networks with any strides (``lcn``, :math:`\mu` = the product of the dilated filter polynomials
:math:`p_1(x)\, p_2(x^{t_2}) \cdots p_L(x^{t_L})`).

For each architecture :func:`kernel_source` writes the run's loop out as straight-line code
over scalar locals (the layer sizes are constants): parameters, function and gradient stay in
registers, no array is touched inside the loop (target data). Per iteration, without forming a
Jacobian:

- FC: forward products :math:`B_i = W_i \cdots W_1`, :math:`f = B_L`; backpropagation of
  :math:`\Gamma = \nabla\ell(f)`: :math:`\nabla_{W_i} = A_i^\top \Gamma B_{i-1}^\top`, with
  :math:`A_i^\top \Gamma` updated layer by layer (as :class:`MatrixProduct.vjp
  <neuromanifold.parametrization.fc.MatrixProduct>`).
- LCN: prefix products :math:`P_l = \prod_{m<l} p_m(x^{t_m})`, suffix products
  :math:`S_l = \prod_{m>l} p_m(x^{t_m})`, :math:`f = P_{L+1}`, and the correlations
  :math:`\partial L/\partial w_{l,j} = \sum_i \Gamma_{i + j t_l}\,(P_l S_l)_i` (as
  :class:`FilterProduct.vjp <neuromanifold.parametrization.convolution.FilterProduct>`).
- the quadratic loss :math:`\ell(f) = f^\top G f - 2 b^\top f + c`,
  :math:`\nabla\ell = 2(Gf - b)` (:class:`~neuromanifold.losses.batch.QuadraticLossBatch`).

Methods ``"gd"`` and ``"backtracking"`` (Armijo, up to 60 halvings, growth 1.5 capped at
``max_step``) with the stopping rules ``gradient``, ``stall``, ``unstable``, ``diverged`` and
``max_iter`` of :class:`~neuromanifold.training.trainer.TrainingOptions`, checked in the same
order at the same iterations; each run stops on its own rule. ``"flow"`` is refused
(:func:`refusal`): the numpy engine checks a flow run's stall rule at the batch's smallest
accepted-step count, a coupling across runs that a per-run kernel cannot reproduce;
trajectories (``record_every``) are refused too. The runs are spread over the cores with
``numba.prange``.

**Agreement with the numpy engine.** Every operation is the numpy engine's, in its order: the
filter products as ``_dilated_product`` loops (zeros, then one shifted multiply-add per tap),
the inner products in numpy ``einsum``'s order (its x86-64 baseline SIMD: two lanes, blocks of
eight), the matrix products as fused multiply-add chains (OpenBLAS's small-matrix kernel, via
LLVM's ``fma``). So on x86-64 with OpenBLAS the results are **bit for bit** the numpy engine's
on target data (``target``, ``weighted``) for ``lcn`` and for ``fc`` networks without a
one-row matrix product (a width-1 output layer takes BLAS's matrix–vector path). Elsewhere —
regression data (numpy's order for :math:`Gf` depends on the Gram array's memory layout, which
changes as runs leave the batch), a width-1 output, another CPU or BLAS — each step agrees to a
few units in the last place, and the runs agree as gradient descent's conditioning allows:
converged functions within :data:`AGREEMENT`, the same outcome classes except for runs whose
step is at the edge of stability (chaotic: any rounding changes where they go; see the tests).

numba is an optional dependency (``pip install "neuromanifold[homotopy]"``); without it, or for
what the kernel refuses, the numpy engine runs. The generated source is written to a cache
directory (:func:`_cache_dir`) and compiled with ``cache=True``: the one-off compilation (about
5 s per architecture on an idle core) is paid once per machine.

Example:
    >>> from neuromanifold.architectures import parse_architecture
    >>> refusal(parse_architecture("lcn:k=2,2"), "flow", 0) is not None
    True

Reference: Nguegnang–Rauhut–Terstiege 2021 (gradient descent on deep linear networks);
Kohn–Merkh–Montúfar–Trager 2022 (the LCN parametrization).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.errors import InputError
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.training.engine import EngineRun, TrainingJob, register_engine

if TYPE_CHECKING:
    from neuromanifold.training.options import TrainingOptions

try:  # optional: the compiled kernel
    import numba  # pyright: ignore[reportMissingImports]
except ImportError:  # pragma: no cover - exercised when the extra is missing
    numba = None

__all__ = [
    "AGREEMENT",
    "AVAILABLE",
    "REASONS",
    "compile_seconds",
    "descend",
    "kernel_source",
    "numba_engine",
    "refusal",
]

AVAILABLE = numba is not None
"""Whether numba is installed (then ``engine="auto"`` trains with this kernel)."""

AGREEMENT = 1e-6
"""Tolerance of the functions f = μ(θ) against the numpy engine's where the arithmetic differs."""

REASONS = ("gradient", "stall", "max_iter", "unstable", "diverged")
"""The stop reasons, indexed by the kernel's codes."""

_CACHE_ENV = "NEUROMANIFOLD_KERNEL_CACHE"


def refusal(arch: Architecture, method: str, record_every: int) -> str | None:
    """Why the kernel cannot run this training (one line), or ``None`` when it can.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> refusal(parse_architecture("fc:4,2,4"), "gd", 0) is None or not AVAILABLE
        True
    """
    if numba is None:
        return "numba is not installed (pip install 'neuromanifold[homotopy]')"
    if not isinstance(arch, FullyConnected | LinearConvNetwork):
        return f"the compiled kernel trains fc and 1D lcn networks, not {arch.text}"
    if method == "flow":
        return (
            "method 'flow': the numpy engine checks a flow run's stall rule at the batch's "
            "smallest step count, a coupling a per-run kernel cannot reproduce"
        )
    if method not in ("gd", "backtracking"):
        return f"method {method!r}: the compiled kernel runs gd and backtracking only"
    if record_every:
        return "record_every: the compiled kernel records no trajectory"
    return None


class _Straight:
    """Straight-line code over scalar locals, one fresh name per intermediate (SSA)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.lines: list[str] = []
        self.count = 0

    def let(self, expr: str) -> str:
        name = f"{self.prefix}{self.count}"
        self.count += 1
        self.lines.append(f"{name} = {expr}")
        return name

    def dot(self, a: list[str], b: list[str]) -> str:
        """Σ a_i b_i in numpy einsum's order on x86-64 (its baseline SIMD: two lanes of even
        and odd terms, each summed over blocks of eight from the block's last pair down, then
        the tail; lane 0 + lane 1), rounding every product and sum."""
        m, lane0, lane1, i = len(a), "0.0", "0.0", 0
        while m - i >= 8:
            for v in (6, 4, 2, 0):
                lane0 = self.let(f"{a[i + v]} * {b[i + v]} + {lane0}")
                lane1 = self.let(f"{a[i + v + 1]} * {b[i + v + 1]} + {lane1}")
            i += 8
        while i < m:
            lane0 = self.let(f"{a[i]} * {b[i]} + {lane0}")
            if i + 1 < m:
                lane1 = self.let(f"{a[i + 1]} * {b[i + 1]} + {lane1}")
            i += 2
        return self.let(f"{lane0} + {lane1}")

    def dilated(self, f: list[str], w: list[str], t: int) -> list[str]:
        """f(x)·w(x^t) in numpy's loop order (``_dilated_product``: zeros, then one shifted
        multiply-add per tap of the shorter factor)."""
        if t == 1 and len(w) > len(f):
            f, w = w, f
        out = ["0.0"] * (len(f) + (len(w) - 1) * t)
        for j, wj in enumerate(w):
            for i, fi in enumerate(f):
                out[j * t + i] = self.let(f"{out[j * t + i]} + {wj} * {fi}")
        return out

    def product(self, a: list[str], b: list[str]) -> list[str]:
        """a·b as numpy's ``_product`` (the longer factor first)."""
        return self.dilated(b, a, 1) if len(b) > len(a) else self.dilated(a, b, 1)

    def matmul(self, a: list[list[str]], b: list[list[str]]) -> list[list[str]]:
        """a·b with each entry a chain of fused multiply-adds in order (OpenBLAS's small-matrix
        kernel on this machine; its one-row case takes another path)."""
        out = []
        for row in a:
            entries = []
            for j in range(len(b[0])):
                acc = "0.0"
                for k, x in enumerate(row):
                    acc = self.let(f"fma({x}, {b[k][j]}, {acc})")
                entries.append(acc)
            out.append(entries)
        return out


def _objective(arch: FullyConnected | LinearConvNetwork, t: list[str], code: _Straight, grad: bool):
    """Emit μ(θ) (and the pullback of the loss gradient) for parameters named ``t``.

    Returns the names of f, and a function emitting the gradient from the names of ∇ℓ(f).
    """
    if isinstance(arch, FullyConnected):
        layers, pos = [], 0
        for rows, cols in arch.layer_shapes:
            layers.append([t[pos + r * cols : pos + (r + 1) * cols] for r in range(rows)])
            pos += rows * cols
        before = [layers[0]]  # W_i ⋯ W_1
        for w in layers[1:]:
            before.append(code.matmul(w, before[-1]))
        f = [x for row in before[-1] for x in row]

        def fc_pullback(g: list[str]) -> list[str]:
            d0 = len(before[-1][0])
            delta = [g[r * d0 : (r + 1) * d0] for r in range(len(g) // d0)]
            grads: list[list[list[str]]] = [[] for _ in layers]
            for i in range(len(layers) - 1, 0, -1):
                grads[i] = code.matmul(
                    delta, [list(col) for col in zip(*before[i - 1], strict=True)]
                )
                delta = code.matmul([list(col) for col in zip(*layers[i], strict=True)], delta)
            grads[0] = delta
            return [x for gr in grads for row in gr for x in row]

        return f, fc_pullback
    ks, ts = arch.filter_sizes, arch.dilations
    filters, pos = [], 0
    for k in ks:
        filters.append(t[pos : pos + k])
        pos += k
    prefix = [["1.0"]]
    for w, dt in zip(filters, ts, strict=True):
        prefix.append(code.dilated(prefix[-1], w, dt))
    f = prefix.pop()

    def lcn_pullback(g: list[str]) -> list[str]:
        suffix = [["1.0"]]
        for w, dt in zip(reversed(filters[1:]), reversed(ts[1:]), strict=True):
            suffix.append(code.dilated(suffix[-1], w, dt))
        suffix.reverse()
        out = []
        for li, (k, dt) in enumerate(zip(ks, ts, strict=True)):
            others = code.product(prefix[li], suffix[li])
            m = len(others)
            out.extend(code.dot(g[j * dt : j * dt + m], others) for j in range(k))
        return out

    return f, lcn_pullback


def _loss(code: _Straight, f: list[str]) -> tuple[str, list[str]]:
    """Emit ℓ(f) = f·(Gf − 2b) + c and ∇ℓ = 2(Gf − b) as
    :class:`~neuromanifold.losses.batch.QuadraticLossBatch` computes them; G = I when
    ``identity``, else Gf by :func:`gram_times` (a loop: regression data only)."""
    d = len(f)
    gf = [f"{code.prefix}gf{i}" for i in range(d)]
    code.lines.append("if identity:")
    code.lines.extend(f"    {x} = {fi}" for x, fi in zip(gf, f, strict=True))
    code.lines.append("else:")
    code.lines.extend(f"    fv[{i}] = {fi}" for i, fi in enumerate(f))
    code.lines.append("    gram_times(gram, fv, gv)")
    code.lines.extend(f"    {x} = gv[{i}]" for i, x in enumerate(gf))
    h = [code.let(f"{x} - 2.0 * b{i}") for i, x in enumerate(gf)]
    value = code.let(f"{code.dot(f, h)} + c")
    grad = [code.let(f"2.0 * ({x} - b{i})") for i, x in enumerate(gf)]
    return value, grad


_TEMPLATE = '''"""Generated by neuromanifold.training.kernel for {text}: do not edit."""

import numba
import numpy as np

from neuromanifold.training.kernel import fused_multiply_add as fma
from neuromanifold.training.kernel import gram_times


@numba.njit(cache=True, nogil=True)
def run(theta, gram, b, c, identity, fopts, iopts, f_out, info):  # one run, in place
    step0, max_step, gtol, stall_rtol, stall_gtol, diverge = (
        fopts[0], fopts[1], fopts[2], fopts[3], fopts[4], fopts[5],
    )
    method, max_iter, window = iopts[0], iopts[1], iopts[2]
{load}
    step = step0
    checkpoint = np.inf
    it = 0
    reason = 2
    value = gnorm = 0.0
    fv = np.empty({dim})
    gv = np.empty({dim})
{zero_f}
    while True:
{evaluate}
{gnorm}
        gnorm = np.sqrt({gsq})
        bad = not (np.isfinite(value) and np.isfinite(gnorm)) or value > diverge
        if not bad and gnorm <= gtol:
            reason = 0
            break
        if it > 0 and it % window == 0:
            if not bad and checkpoint - value <= stall_rtol * max(1.0, abs(value)):
                reason = 1 if gnorm <= stall_gtol else 3
                break
            checkpoint = value
        if bad:
            reason = 4
            break
        if it == max_iter:
            break
        if method == 0:
{gd}
        else:
            drop = 1e-4 * step * (gnorm * gnorm)
            halvings = 0
            while True:
{trial}
{trial_value}
                if new <= value - drop or halvings == 60:
                    break
                step *= 0.5
                drop = 1e-4 * step * (gnorm * gnorm)
                halvings += 1
{accept}
            step = min(step * 1.5, max_step)
        it += 1
{store}
    info[0] = value
    info[1] = gnorm
    info[2] = it
    info[3] = reason


@numba.njit(cache=True, parallel=True)
def run_all(theta, gram, b, c, identity, fopts, iopts, f_out, info):
    for r in numba.prange(theta.shape[0]):
        run(theta[r], gram[0] if identity else gram[r], b[r], c[r], identity, fopts, iopts,
            f_out[r], info[r])
'''


def kernel_source(arch: FullyConnected | LinearConvNetwork) -> str:
    """The Python source of the kernel for one architecture: a run's loop over scalar locals.

    Every arithmetic operation is written out (the layer sizes are constants), so the compiler
    keeps the parameters, the function and the gradient in registers.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> "def run_all" in kernel_source(parse_architecture("lcn:k=2,2"))
        True
    """
    n, d = arch.n_params, arch.ambient_dim
    t = [f"t{i}" for i in range(n)]
    u = [f"u{i}" for i in range(n)]

    def block(lines: list[str], depth: int) -> str:
        return "\n".join(" " * (4 * depth) + line for line in lines) or " " * (4 * depth) + "pass"

    full = _Straight("v")
    f, pullback = _objective(arch, t, full, True)
    value, g = _loss(full, f)
    full.lines.append(f"value = {value}")
    full.lines.extend(f"f{i} = {x}" for i, x in enumerate(f))
    grad = pullback(g)
    full.lines.extend(f"gr{i} = {x}" for i, x in enumerate(grad))
    norm = _Straight("q")
    gsq = norm.dot([f"gr{i}" for i in range(n)], [f"gr{i}" for i in range(n)])
    trial = _Straight("w")
    f_trial, _ = _objective(arch, u, trial, False)
    new, _ = _loss(trial, f_trial)
    trial.lines.append(f"new = {new}")
    load = [f"t{i} = theta[{i}]" for i in range(n)] + [f"b{i} = b[{i}]" for i in range(d)]
    return _TEMPLATE.format(
        text=arch.text,
        dim=d,
        load=block(load, 1),
        zero_f=block([f"f{i} = 0.0" for i in range(d)], 1),
        evaluate=block(full.lines, 2),
        gnorm=block(norm.lines, 2),
        gsq=gsq,
        gd=block([f"t{i} = t{i} - step0 * gr{i}" for i in range(n)], 3),
        trial=block([f"u{i} = t{i} - step * gr{i}" for i in range(n)], 4),
        trial_value=block(trial.lines, 4),
        accept=block([f"t{i} = u{i}" for i in range(n)], 3),
        store=block(
            [f"theta[{i}] = t{i}" for i in range(n)] + [f"f_out[{i}] = f{i}" for i in range(d)],
            1,
        ),
    )


def _cache_dir() -> Path:
    """Where generated kernels (and numba's compiled code beside them) are kept:
    ``$NEUROMANIFOLD_KERNEL_CACHE``, else ``$XDG_CACHE_HOME/neuromanifold/kernels`` (``~/.cache``
    when unset); the system's temporary directory when that cannot be written."""
    if os.environ.get(_CACHE_ENV):
        return Path(os.environ[_CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "neuromanifold" / "kernels"


_LOADED: dict[str, ModuleType] = {}


def _module(arch: FullyConnected | LinearConvNetwork) -> ModuleType:
    """The generated module of an architecture, written once to the cache directory (named by
    the hash of its source, so a change of the generator makes a new file) and imported."""
    source = kernel_source(arch)
    digest = hashlib.sha256(source.encode()).hexdigest()[:20]
    if digest in _LOADED:
        return _LOADED[digest]
    name, path = f"train_{arch.family}_{digest}.py", None
    for folder in (_cache_dir(), Path(tempfile.gettempdir()) / "neuromanifold-kernels"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / name).exists():
                tmp = folder / f"{name}.{os.getpid()}.tmp"
                tmp.write_text(source)
                tmp.replace(folder / name)  # atomic: concurrent processes write the same text
        except OSError:  # a read-only cache directory: the temporary one
            continue
        path = folder / name
        break
    if path is None:
        raise OSError(f"cannot write the training kernel to {_cache_dir()} nor to the temp dir")
    spec = importlib.util.spec_from_file_location(f"neuromanifold_kernel_{digest}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # numba's cache re-imports the module by name
    spec.loader.exec_module(module)
    _LOADED[digest] = module
    return module


if numba is not None:
    from llvmlite import ir  # pyright: ignore[reportMissingImports]
    from numba import types as nbtypes  # pyright: ignore[reportMissingImports]
    from numba.extending import intrinsic  # pyright: ignore[reportMissingImports]

    @intrinsic
    def fused_multiply_add(typingctx, a, b, c):  # pragma: no cover - compiled
        """a·b + c rounded once (LLVM's fma: the hardware instruction where there is one)."""
        f64 = nbtypes.float64
        sig = f64(f64, f64, f64)

        def codegen(context, builder, signature, args):
            double = ir.DoubleType()
            fnty = ir.FunctionType(double, [double, double, double])
            return builder.call(builder.module.declare_intrinsic("llvm.fma", [double], fnty), args)

        return sig, codegen

    @numba.njit(cache=True, nogil=True)
    def gram_times(gram, f, out):  # pragma: no cover - compiled
        """out = G f, each row in numpy einsum's order (as :meth:`_Straight.dot`)."""
        m = f.shape[0]
        for r in range(m):
            lane0 = 0.0
            lane1 = 0.0
            i = 0
            while m - i >= 8:
                for v in (6, 4, 2, 0):
                    lane0 = gram[r, i + v] * f[i + v] + lane0
                    lane1 = gram[r, i + v + 1] * f[i + v + 1] + lane1
                i += 8
            while i < m:
                lane0 = gram[r, i] * f[i] + lane0
                if i + 1 < m:
                    lane1 = gram[r, i + 1] * f[i + 1] + lane1
                i += 2
            out[r] = lane0 + lane1


def _arguments(losses: QuadraticLossBatch, theta0: np.ndarray, options: TrainingOptions) -> tuple:
    runs, dim = theta0.shape[0], losses.linear.shape[1]
    identity = losses.gram is None
    gram = (
        np.zeros((1, dim, dim))
        if losses.gram is None
        else np.ascontiguousarray(losses.gram, dtype=np.float64)
    )
    o = options
    fopts = np.array(
        [o.step, o.max_step, o.gtol, o.stall_rtol, o.stall_gtol, o.diverge], dtype=np.float64
    )
    iopts = np.array([0 if o.method == "gd" else 1, o.max_iter, o.stall_window], dtype=np.int64)
    return (
        np.array(theta0, dtype=np.float64, order="C"),
        gram,
        np.ascontiguousarray(losses.linear, dtype=np.float64),
        np.ascontiguousarray(losses.const, dtype=np.float64),
        identity,
        fopts,
        iopts,
        np.zeros((runs, dim)),
        np.zeros((runs, 4)),
    )


def descend(
    arch: FullyConnected | LinearConvNetwork,
    losses: QuadraticLossBatch,
    theta0: np.ndarray,
    options: TrainingOptions,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Run every run to its stopping rule in compiled code (check :func:`refusal` first).

    Args:
        arch: an ``fc`` or 1D ``lcn`` network.
        losses: one quadratic loss per run.
        theta0: starting parameters (runs, N).
        options: the optimizer (``"gd"`` or ``"backtracking"``) and its stopping rules.

    Returns:
        Final parameters (runs, N), functions (runs, D), losses, gradient norms, iterations and
        stop reasons (strings of :data:`REASONS`), one per run: the fields of
        :class:`~neuromanifold.training.trainer.TrainingResult`.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> from neuromanifold.training import TrainingOptions
        >>> loss = QuadraticLossBatch.from_target(np.array([[1.0, 3.0, 2.0]]))  # (1 + x)(1 + 2x)
        >>> theta, f, loss, *_, reason = descend(parse_architecture("lcn:k=2,2"), loss,
        ...     np.array([[1.0, 0.5, 1.0, 1.5]]), TrainingOptions("gd"))
        >>> np.round(f, 4), reason
        (array([[1., 3., 2.]]), array(['gradient'], dtype='<U8'))
    """
    if numba is None:  # pragma: no cover
        raise RuntimeError("numba is not installed: pip install 'neuromanifold[homotopy]'")
    args = _arguments(losses, theta0, options)
    if theta0.shape[0]:
        _module(arch).run_all(*args)
    theta, f, info = args[0], args[-2], args[-1]
    reason = np.asarray(REASONS)[info[:, 3].astype(np.int64)]
    return theta, f, info[:, 0].copy(), info[:, 1].copy(), info[:, 2].astype(np.int64), reason


def compile_seconds(architecture: Architecture | str) -> float:
    """Compile the kernel of an architecture (or load it from the on-disk cache): the seconds.

    Both data kinds (G = I or a Gram matrix) and both methods share one compiled signature.
    About 3 s of CPU per architecture the first time, a fraction of a second once cached.

    Example:
        >>> compile_seconds("lcn:k=2,2") < 120  # doctest: +SKIP
        True
    """
    from neuromanifold.training.options import TrainingOptions

    arch = parse_architecture(architecture)
    why = refusal(arch, "gd", 0)
    if why is not None:
        raise InputError(f"architecture: {why}")
    assert isinstance(arch, FullyConnected | LinearConvNetwork)
    start = time.perf_counter()
    loss = QuadraticLossBatch.from_target(np.ones((1, arch.ambient_dim)))
    descend(arch, loss, np.ones((1, arch.n_params)), TrainingOptions("gd", max_iter=1))
    return time.perf_counter() - start


def numba_engine(job: TrainingJob) -> EngineRun:
    """The engine ``"numba"``: :func:`descend` on a job (:func:`refusal` checked by the caller).

    Raises:
        InputError: the kernel cannot run this job (the reason of :func:`refusal`).
    """
    arch = job.architecture
    why = refusal(arch, job.options.method, job.record_every)
    if why is not None:
        raise InputError(f"engine 'numba': {why}")
    assert isinstance(arch, FullyConnected | LinearConvNetwork)
    ends = descend(arch, job.losses, job.theta0, job.options)
    if job.progress is not None:
        job.progress.update(job.losses.batch)
    return EngineRun(*ends)


register_engine("numba", numba_engine)
