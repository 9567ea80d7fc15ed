r"""The data model: what ``target``, ``weighted``, ``regression:N`` and ``FILE.npz`` mean, and the
one distribution their random data are drawn from.

The text form is the ``--data`` option of ``critical-points`` and ``train`` and the ``data`` list
of a sweep; :func:`parse_data` reads it (without ``eval``) into a :class:`DataModel`. Random data
come from ``numpy.random.default_rng(seed)`` with an explicit seed, recorded by the caller. Every
random number is a standard normal draw :math:`z` rounded to the grid :math:`\frac{1}{64}\mathbb{Z}`
(:data:`GRID`); write :math:`[x] = \operatorname{round}(64 x) / 64`:

- ``target``: a target :math:`u \in \mathbb{R}^D`, :math:`u_i = [z_i]` i.i.d., unit weights:
  :math:`\ell(f) = \|f - u\|^2`.
- ``weighted``: a target as above and weights :math:`\lambda_i = [\tfrac12 + \tfrac32 \Phi(z'_i)]`,
  i.e. uniform on :math:`[1/2, 2]` (:math:`\Phi` the normal CDF), rounded:
  :math:`\ell(f) = \sum_i \lambda_i (f_i - u_i)^2`.
- ``regression:N`` (:math:`1 \le N \le` :data:`MAX_SAMPLES`): inputs :math:`X` and outputs
  :math:`Y` of :math:`N` samples, entries :math:`[z]` i.i.d.:
  :math:`\ell = \|\text{net}_f(X) - Y\|^2`. FC: :math:`X \in \mathbb{R}^{d_0 \times N}`,
  :math:`Y \in \mathbb{R}^{d_L \times N}`; 1D LCN with end-to-end filter size :math:`k`, stride
  :math:`S` and ``out_len`` outputs (1 by default): input signals of length
  :math:`k + S(\text{out\_len} - 1)`, :math:`Y \in \mathbb{R}^{\text{out\_len} \times N}`.
- ``FILE.npz``: fixed data, no randomness: arrays ``X`` and ``Y`` (shapes as above), or a target
  ``u`` (any shape, :math:`D` entries) with optional positive ``weights`` (same size); finite
  real numbers, read exactly at their binary value.

Draws are run-major: run :math:`r` takes the :math:`r`-th block of the generator's stream (its
:math:`u`, then its :math:`z'`; or its :math:`X`, then its :math:`Y`), so a run's data do not
depend on how many runs are drawn.

Why the grid: its numbers are exact binary fractions of small height, so the float batch a
training run sees (:class:`~neuromanifold.losses.batch.QuadraticLossBatch`, :func:`draw_losses`)
and the exact loss over ℚ the critical points are computed for
(:class:`~neuromanifold.losses.quadratic.QuadraticLoss`, :func:`exact_loss`) hold *the same data*,
and exact real solving stays fast; the rounding moves a draw by at most 1/128, and a coordinate
is exactly 0 with probability about 0.6 %. The exact loss with seed ``s`` is the first loss
:func:`draw_losses` draws from ``default_rng(s)``: ``critical-points A --data D --seed s`` studies
the data of the first run of ``train A --data D --seed s``.

Reference: SPEC §3 ("generic data" ⇒ a generic positive-definite inner product).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.errors import InputError
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.losses.distribution import (
    DATA_HELP,
    GRID,
    MAX_DRAW,
    MAX_SAMPLES,
    WEIGHT_INTERVAL,
)
from neuromanifold.losses.quadratic import QuadraticLoss

__all__ = [
    "DATA_HELP",
    "GRID",
    "MAX_DRAW",
    "MAX_SAMPLES",
    "DataModel",
    "draw_losses",
    "exact_loss",
    "load_npz",
    "parse_data",
]

_HINT = (
    f"'target', 'weighted', 'regression:N' (1 ≤ N ≤ {MAX_SAMPLES}, e.g. regression:8) or FILE.npz"
)
_REGRESSION = re.compile(r"regression:([0-9]+)")
_FILE_KEYS = ({"X", "Y"}, {"u"}, {"u", "weights"})

Kind = Literal["target", "weighted", "regression", "file", "given"]


@dataclass(frozen=True)
class DataModel:
    """A named distribution of data (or a fixed data file), read from text by :func:`parse_data`.

    Attributes:
        kind: ``"target"``, ``"weighted"``, ``"regression"``, ``"file"``, or ``"given"`` (losses
            supplied by the caller, see :func:`~neuromanifold.training.trainer.optimize`).
        n_samples: number of input samples for regression (``None`` otherwise).
        out_len: output signal length of an LCN under regression (1 by default).
        path: the .npz file of ``kind="file"`` (``None`` otherwise).

    Example:
        >>> parse_data("regression:8").text
        'regression:8'
    """

    kind: Kind
    n_samples: int | None = None
    out_len: int = 1
    path: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("target", "weighted", "regression", "file", "given"):
            raise InputError(f"data: unknown data model {self.kind!r}; expected {_HINT}")
        if self.kind == "regression":
            n = self.n_samples
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise InputError(
                    f"data: regression needs N ≥ 1 samples, got {n!r}; expected {_HINT}"
                )
            if n > MAX_SAMPLES:
                raise InputError(
                    f"data: regression:{n} exceeds the budget of {MAX_SAMPLES} samples; use fewer "
                    "(a few times the number of function coordinates is generic already)"
                )
        if isinstance(self.out_len, bool) or not isinstance(self.out_len, int) or self.out_len < 1:
            raise InputError(f"out_len: expected a positive integer, got {self.out_len!r}")
        if self.kind == "file":
            if self.path is None:
                raise InputError("data: a file data model needs its path")
            if self.out_len != 1:
                raise InputError(
                    f"out_len: applies to random regression data; {self.path!r} fixes the output "
                    "length by its array Y"
                )

    @property
    def text(self) -> str:
        """The text form read back by :func:`parse_data` (``out_len`` is kept apart)."""
        if self.kind == "regression":
            return f"regression:{self.n_samples}"
        return self.path if self.kind == "file" and self.path is not None else self.kind

    @property
    def random(self) -> bool:
        """Whether the data are drawn from the seed (``False`` for a file or given losses)."""
        return self.kind in ("target", "weighted", "regression")


def parse_data(text: str | DataModel, out_len: int = 1) -> DataModel:
    """Read a data model from its text form: ``target``, ``weighted``, ``regression:N``, ``FILE.npz``.

    Keywords are read case-insensitively, N in ASCII digits only (``regression:²`` is refused),
    and a file is checked at once: it must exist and hold the arrays the module docstring lists.
    The distribution of the random data is the module's (:mod:`neuromanifold.losses.data`).

    Args:
        text: the text form (or a :class:`DataModel`, returned as is).
        out_len: LCN output length under regression data.

    Raises:
        InputError: naming ``data``, for anything else.

    Example:
        >>> parse_data("target")
        DataModel(kind='target', n_samples=None, out_len=1, path=None)
        >>> parse_data(" Regression:08 ").text
        'regression:8'
    """
    if isinstance(text, DataModel):
        return text
    if not isinstance(text, str):
        raise InputError(f"data: expected text, got {type(text).__name__}; expected {_HINT}")
    raw = text.strip()
    key = raw.lower()
    if key in ("target", "weighted"):
        return DataModel(key, None, out_len)
    if key.startswith("regression"):
        match = _REGRESSION.fullmatch(key)
        if match is None:
            raise InputError(
                f"data: {text!r}: write regression:N with N a positive integer in digits 0-9; "
                f"expected {_HINT}"
            )
        digits = match.group(1).lstrip("0") or "0"
        if len(digits) > len(str(MAX_SAMPLES)):  # no int() of a huge string
            raise InputError(
                f"data: {text!r} exceeds the budget of {MAX_SAMPLES} samples; use fewer"
            )
        return DataModel("regression", int(digits), out_len)
    if raw.lower().endswith(".npz"):
        load_npz(raw)  # every error now, before any work
        return DataModel("file", None, out_len, raw)
    raise InputError(f"data: unknown data model {text!r}; expected {_HINT}")


def load_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Read and check the arrays of a data file: ``X`` and ``Y``, or ``u`` (and ``weights``).

    Arrays must be real numbers (integers or floats, no objects, no complex numbers), finite;
    ``X`` and ``Y`` two-dimensional (features × samples) with the same number of samples
    (1 ≤ N ≤ :data:`MAX_SAMPLES`); ``weights`` positive, one per entry of ``u``. Shapes against an
    architecture are checked when a loss is built.

    Raises:
        InputError: naming ``data`` and the file, for a missing or unreadable file, missing,
            unknown or ill-shaped arrays.

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "u.npz")
        >>> np.savez(path, u=[1, 2, 3])
        >>> load_npz(path)["u"].tolist()
        [1, 2, 3]
    """
    p = Path(path)
    where = f"data: {str(path)!r}"
    if not p.is_file():
        raise InputError(f"{where}: no such file")
    arrays: dict[str, np.ndarray] = {}
    try:
        with np.load(p, allow_pickle=False) as npz:
            if not isinstance(npz, np.lib.npyio.NpzFile):
                raise InputError(f"{where}: not an .npz archive (save the arrays with np.savez)")
            for name in npz.files:
                try:
                    arrays[name] = npz[name]
                except ValueError:
                    raise InputError(
                        f"{where}: array {name!r} holds Python objects; save numeric arrays"
                    ) from None
    except InputError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{where}: cannot read it as .npz ({reason})") from None
    keys = set(arrays)
    if keys not in _FILE_KEYS:
        raise InputError(
            f"{where}: expected arrays X and Y (data), or u with optional weights (a target); "
            f"found {sorted(keys)}"
        )
    for name, arr in arrays.items():
        if arr.dtype == np.bool_ or not (
            np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
        ):
            raise InputError(
                f"{where}: array {name!r} has dtype {arr.dtype}; expected real numbers"
            )
        if arr.size == 0:
            raise InputError(f"{where}: array {name!r} is empty")
        if not np.all(np.isfinite(arr)):
            raise InputError(f"{where}: array {name!r} has entries that are not finite numbers")
    if "X" in arrays:
        X, Y = arrays["X"], arrays["Y"]
        if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
            raise InputError(
                f"{where}: X and Y must be 2D (features × samples, outputs × samples) with the same "
                f"number of samples; got shapes {X.shape} and {Y.shape}"
            )
        if X.shape[1] > MAX_SAMPLES:
            raise InputError(
                f"{where}: {X.shape[1]} samples exceed the budget of {MAX_SAMPLES}; use fewer"
            )
    elif "weights" in arrays:
        u, w = arrays["u"], arrays["weights"]
        if w.size != u.size or np.any(w <= 0):
            raise InputError(
                f"{where}: weights must be {u.size} positive numbers, one per entry of u; got "
                f"shape {w.shape}"
            )
    return arrays


# ----- drawing --------------------------------------------------------------------------------
def _grid(values: np.ndarray) -> np.ndarray:
    """Round to the grid ``1/GRID ℤ`` (exact binary fractions)."""
    return np.rint(values * GRID) / GRID


def _shapes(arch: Architecture, out_len: int) -> tuple[int, int]:
    """Rows of X and of Y for regression data."""
    if isinstance(arch, FullyConnected):
        d_out, d_in = arch.ambient_shape
        return d_in, d_out
    if isinstance(arch, LinearConvNetwork):
        return arch.end_to_end_size + arch.end_to_end_stride * (out_len - 1), out_len
    raise InputError(
        f"data: regression data is implemented for fc and lcn architectures, not {arch.text}; "
        "use --data target"
    )


def _file_data(arch: Architecture, model: DataModel) -> dict[str, np.ndarray]:
    """The arrays of a data file, checked against the architecture."""
    assert model.path is not None
    arrays = load_npz(model.path)
    where = f"data: {model.path!r}"
    if "u" in arrays:
        if arrays["u"].size != arch.ambient_dim:
            raise InputError(
                f"{where}: u has {arrays['u'].size} entries but {arch.text} has "
                f"{arch.ambient_dim} function coordinates"
            )
        return arrays
    X, Y = arrays["X"], arrays["Y"]
    if isinstance(arch, LinearConvNetwork):
        k, s = arch.end_to_end_size, arch.end_to_end_stride
        n_out = (X.shape[0] - k) // s + 1 if X.shape[0] >= k else 0
        need = k + s * (Y.shape[0] - 1)
        if X.shape[0] != need or Y.shape[0] != n_out:
            raise InputError(
                f"{where}: {arch.text} (end-to-end filter size {k}, stride {s}) with {Y.shape[0]} "
                f"output(s) per sample takes X with {need} rows; got X {X.shape}, Y {Y.shape}"
            )
    else:
        d_in, d_out = _shapes(arch, 1)
        if X.shape[0] != d_in or Y.shape[0] != d_out:
            raise InputError(
                f"{where}: {arch.text} takes X with {d_in} rows and Y with {d_out} rows; got X "
                f"{X.shape}, Y {Y.shape}"
            )
    return arrays


def _draw(
    arch: Architecture, model: DataModel, runs: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Random data of ``runs`` losses: (u, weights, None) for targets, (X, None, Y) for regression."""
    dim = arch.ambient_dim
    if model.kind == "target":
        _budget(runs * dim, model, runs)
        return _grid(rng.standard_normal((runs, dim))), None, None
    if model.kind == "weighted":
        _budget(runs * 2 * dim, model, runs)
        z = rng.standard_normal((runs, 2, dim))  # run-major: u, then the normals of λ
        lo, hi = WEIGHT_INTERVAL
        return _grid(z[:, 0]), _grid(lo + (hi - lo) * _normal_cdf(z[:, 1])), None
    n = model.n_samples
    assert n is not None
    n_in, n_out = _shapes(arch, model.out_len)
    _budget(runs * (n_in + n_out) * n, model, runs)
    z = _grid(rng.standard_normal((runs, n_in + n_out, n)))  # run-major: X, then Y
    return z[:, :n_in], None, z[:, n_in:]


def _budget(size: int, model: DataModel, runs: int) -> None:
    if size > MAX_DRAW:
        raise InputError(
            f"data: {runs} draws of {model.text} take {size} random numbers, over the budget of "
            f"{MAX_DRAW}; use fewer runs or samples"
        )


def draw_losses(
    architecture: Architecture | str, data: DataModel | str, runs: int, rng: np.random.Generator
) -> QuadraticLossBatch:
    """Draw ``runs`` independent losses from a data model (one fresh draw per run), in floats.

    A data file gives the same loss ``runs`` times.

    Args:
        architecture: the network (or its text form).
        data: a :class:`DataModel` or its text form.
        runs: number of draws.
        rng: the random generator (its seed is recorded by the caller).

    Returns:
        A :class:`~neuromanifold.losses.batch.QuadraticLossBatch` of batch ``runs``.

    Example:
        >>> loss = draw_losses("fc:2,1,2", "regression:5", 3, np.random.default_rng(0))
        >>> loss.right_gram.shape, loss.linear.shape
        ((3, 2, 2), (3, 4))
    """
    arch = parse_architecture(architecture)
    model = parse_data(data)
    if model.kind == "given":
        raise InputError("data: 'given' losses cannot be drawn; pass them to optimize()")
    if model.kind == "file":
        arrays = _file_data(arch, model)
        if "u" in arrays:
            u = np.broadcast_to(
                arrays["u"].reshape(1, -1).astype(np.float64), (runs, arch.ambient_dim)
            )
            w = arrays.get("weights")
            lam = None if w is None else np.broadcast_to(w.reshape(1, -1), u.shape)
            return _with_right_gram(arch, QuadraticLossBatch.from_target(u, lam))
        X, Y = arrays["X"][None], arrays["Y"][None]
        one = QuadraticLossBatch.from_data(arch, X, Y)
        return one.take(np.zeros(runs, dtype=np.intp))
    first, weights, y = _draw(arch, model, runs, rng)
    if y is not None:
        return QuadraticLossBatch.from_data(arch, first, y)
    return _with_right_gram(arch, QuadraticLossBatch.from_target(first, weights))


def _with_right_gram(arch: Architecture, loss: QuadraticLossBatch) -> QuadraticLossBatch:
    """Unit-weight targets on FC: G = I ⊗ I, so Eckart–Young applies (``right_gram`` = I)."""
    if loss.gram is not None or not isinstance(arch, FullyConnected):
        return loss
    d = arch.widths[0]
    eye = np.broadcast_to(np.eye(d), (loss.batch, d, d))
    return QuadraticLossBatch(None, loss.linear, loss.const, eye)


def exact_loss(
    architecture: Architecture | str,
    data: DataModel | str,
    *,
    seed: int = 0,
    weights: Literal["unit", "generic"] = "unit",
) -> QuadraticLoss:
    """The exact loss over ℚ of a data model: the first loss :func:`draw_losses` draws.

    With seed ``s`` the data are those of the first run of ``train(..., data, seed=s)``, read
    exactly (grid values are exact binary fractions).

    Args:
        architecture: ``fc`` or ``lcn``.
        data: a :class:`DataModel` or its text form.
        seed: seed of the random data (recorded in the loss; ``None`` there for fixed data).
        weights: ``"generic"`` turns a target into a weighted one (``target`` then reads as
            ``weighted``; a file's ``u`` gets weights drawn from ``seed``); ``"unit"`` keeps the
            data model's.

    Example:
        >>> loss = exact_loss("lcn:k=2,2", "target", seed=0)
        >>> [str(v) for v in loss.center], loss.seed
        (['1/8', '-1/8', '41/64'], 0)
    """
    arch = parse_architecture(architecture)
    model = parse_data(data)
    if weights not in ("unit", "generic"):
        raise InputError(f"weights: expected 'unit' or 'generic', got {weights!r}")
    if model.kind == "given":
        raise InputError("data: 'given' losses have no exact form here; build a QuadraticLoss")
    if model.kind == "file":
        arrays = _file_data(arch, model)
        name = Path(model.path or "").name
        if "X" in arrays:
            if weights == "generic":
                raise InputError(
                    "weights: generic weights apply to a target (data target, or a file with u); "
                    f"{model.path!r} holds data X, Y"
                )
            return QuadraticLoss.from_data(arch, arrays["X"], arrays["Y"], source=f"data {name}")
        u = arrays["u"].reshape(-1)
        if "weights" in arrays:
            if weights == "generic":
                raise InputError(
                    f"weights: {model.path!r} holds its own weights; drop --weights generic"
                )
            loss = QuadraticLoss.from_target(u, arrays["weights"].reshape(-1).tolist())
            return replace(loss, source=f"target {name} (given weights)")
        if weights == "unit":
            return replace(QuadraticLoss.from_target(u), source=f"target {name} (unit weights)")
        lo, hi = WEIGHT_INTERVAL
        lam = _grid(
            lo + (hi - lo) * _normal_cdf(np.random.default_rng(seed).standard_normal(u.size))
        )
        loss = QuadraticLoss.from_target(u, lam.tolist())
        return replace(loss, source=f"target {name} (generic weights)", seed=seed)
    if weights == "generic":
        if model.kind == "regression":
            raise InputError(
                "weights: generic weights apply to a target (data target or weighted), not to "
                f"{model.text}"
            )
        model = replace(model, kind="weighted")
    first, lam, y = _draw(arch, model, 1, np.random.default_rng(seed))
    if y is not None:
        return QuadraticLoss.from_data(
            arch, first[0], y[0], source=f"regression, {model.n_samples} samples", seed=seed
        )
    kind = "unit" if lam is None else "generic"
    loss = QuadraticLoss.from_target(first[0], "unit" if lam is None else lam[0].tolist())
    return replace(loss, source=f"target ({kind} weights)", seed=seed)


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z), the standard normal distribution function (scipy loaded on first use: start-up)."""
    from scipy.special import ndtr

    return ndtr(z)
