r"""Data models for training: batches of quadratic losses on the end-to-end function.

Every loss the trainer sees is a quadratic function of the end-to-end function :math:`f = \mu(\theta)`
(its coordinates flattened row-major, :math:`D` = ambient dimension):

.. math:: \ell(f) = f^\top G f - 2\, b^\top f + c, \qquad \nabla \ell(f) = 2 (G f - b).

- **target** (``"target"``): a target :math:`u \in \mathbb{R}^D` with i.i.d. standard normal
  coordinates, unit weights: :math:`\ell(f) = \|f - u\|^2` (:math:`G = I`, :math:`b = u`).
- **weighted** (``"weighted"``): the same target with generic weights :math:`\lambda_i` i.i.d.
  uniform on :math:`[1/2, 2]`: :math:`\ell(f) = \sum_i \lambda_i (f_i - u_i)^2`.
- **regression** (``"regression:N"``): :math:`N` input samples :math:`X` i.i.d. standard normal and
  outputs :math:`Y` likewise, :math:`\ell = \|\mu(\theta) X - Y\|^2`. For FC
  (:math:`X \in \mathbb{R}^{d_0 \times N}`) :math:`G = I_{d_L} \otimes XX^\top`, :math:`b =
  \operatorname{vec}(YX^\top)`. For a 1D LCN with end-to-end filter size :math:`k`, stride
  :math:`S` and ``out_len`` outputs the input signals have length :math:`k + S(\text{out\_len} - 1)`
  and :math:`G = \sum_{i, n} x_{i,n} x_{i,n}^\top` over the windows :math:`x_{i,n}` of sample
  :math:`n` at output position :math:`i` (SPEC §3: a generic inner product when out_len = 1).

A fresh draw per run. Data are drawn from a :class:`numpy.random.Generator`; the seed is recorded by
the caller (:class:`~neuromanifold.training.trainer.TrainingResult`).

Reference: SPEC §3; Kohn–Merkh–Montúfar–Trager 2022 (loss of an LCN as a quadratic form of the
end-to-end filter).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.errors import InputError

__all__ = ["DataModel", "QuadraticLoss", "draw_losses", "parse_data"]

_DATA_HINT = "'target', 'weighted' or 'regression:N' (N ≥ 1 samples), e.g. regression:8"


@dataclass(frozen=True)
class DataModel:
    """A named distribution of training data.

    Attributes:
        kind: ``"target"``, ``"weighted"``, ``"regression"``, or ``"given"`` (losses supplied
            by the caller, see :func:`~neuromanifold.training.trainer.optimize`).
        n_samples: number of input samples for regression (``None`` otherwise).
        out_len: output signal length of an LCN under regression (1 by default).

    Example:
        >>> parse_data("regression:8").text
        'regression:8'
    """

    kind: str
    n_samples: int | None = None
    out_len: int = 1

    def __post_init__(self) -> None:
        if self.kind not in ("target", "weighted", "regression", "given"):
            raise InputError(f"data: unknown data model {self.kind!r}; expected {_DATA_HINT}")
        if self.kind == "regression" and (self.n_samples is None or self.n_samples < 1):
            raise InputError(f"data: regression needs N ≥ 1 samples; expected {_DATA_HINT}")
        if self.out_len < 1:
            raise InputError(f"out_len: expected a positive integer, got {self.out_len}")

    @property
    def text(self) -> str:
        """The text form read back by :func:`parse_data` (``out_len`` is kept apart)."""
        return f"regression:{self.n_samples}" if self.kind == "regression" else self.kind


def parse_data(text: str | DataModel, out_len: int = 1) -> DataModel:
    """Read a data model from its text form (``target``, ``weighted``, ``regression:N``).

    Example:
        >>> parse_data("target")
        DataModel(kind='target', n_samples=None, out_len=1)
    """
    if isinstance(text, DataModel):
        return text
    if not isinstance(text, str):
        raise InputError(f"data: expected text, got {type(text).__name__}; expected {_DATA_HINT}")
    raw = text.strip().lower()
    if raw in ("target", "weighted"):
        return DataModel(raw, None, out_len)
    if raw.startswith("regression:"):
        tail = raw.split(":", 1)[1]
        if not (tail.isascii() and tail.isdigit()) or len(tail) > 18:
            raise InputError(f"data: {text!r}: N must be a positive integer; expected {_DATA_HINT}")
        return DataModel("regression", int(tail), out_len)
    raise InputError(f"data: unknown data model {text!r}; expected {_DATA_HINT}")


@dataclass(frozen=True, eq=False)
class QuadraticLoss:
    r"""A batch of quadratic losses :math:`\ell_b(f) = f^\top G_b f - 2 b_b^\top f + c_b`.

    Attributes:
        gram: :math:`G`, shape ``(batch, D, D)``, or ``None`` for the identity.
        linear: :math:`b`, shape ``(batch, D)``.
        const: :math:`c`, shape ``(batch,)``.
        right_gram: for FC only, :math:`S` with :math:`G = I \otimes S` (row-major coordinates):
            the loss is :math:`\operatorname{tr}(W S W^\top) - 2\langle W, B\rangle + c`; enables
            Eckart–Young. ``None`` when :math:`G` has no such structure.

    Example:
        >>> loss = QuadraticLoss.from_target(np.array([[1.0, 2.0]]))
        >>> loss.value(np.array([[1.0, 0.0]]))
        array([4.])
    """

    gram: np.ndarray | None
    linear: np.ndarray
    const: np.ndarray
    right_gram: np.ndarray | None = None

    @classmethod
    def from_target(cls, u: np.ndarray, weights: np.ndarray | None = None) -> QuadraticLoss:
        r""":math:`\sum_i \lambda_i (f_i - u_i)^2` for targets ``u`` (batch, D); unit weights by default."""
        u = np.asarray(u, dtype=np.float64)
        if weights is None:
            return cls(None, u, np.einsum("bi,bi->b", u, u))
        lam = np.asarray(weights, dtype=np.float64)
        gram = np.zeros((*u.shape, u.shape[1]))
        idx = np.arange(u.shape[1])
        gram[:, idx, idx] = lam
        return cls(gram, lam * u, np.einsum("bi,bi,bi->b", lam, u, u))

    @property
    def batch(self) -> int:
        """Number of losses."""
        return self.linear.shape[0]

    def take(self, index: np.ndarray) -> QuadraticLoss:
        """The sub-batch at ``index`` (an integer or boolean index array)."""
        return QuadraticLoss(
            None if self.gram is None else self.gram[index],
            self.linear[index],
            self.const[index],
            None if self.right_gram is None else self.right_gram[index],
        )

    def apply_gram(self, f: np.ndarray) -> np.ndarray:
        """:math:`G f` for flat functions ``f`` (batch, D)."""
        if self.gram is None:
            return f
        return np.einsum("bij,bj->bi", self.gram, f)

    def value(self, f: np.ndarray) -> np.ndarray:
        """:math:`\\ell(f)` for flat functions ``f`` (batch, D)."""
        gf = self.apply_gram(f)
        return np.einsum("bi,bi->b", f, gf - 2 * self.linear) + self.const

    def value_and_grad(self, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:math:`\\ell(f)` and :math:`\\nabla\\ell(f) = 2(Gf - b)` (batched)."""
        gf = self.apply_gram(f)
        return np.einsum("bi,bi->b", f, gf - 2 * self.linear) + self.const, 2 * (gf - self.linear)

    def unconstrained_minimum(self) -> np.ndarray:
        """:math:`\\min_f \\ell(f) = c - b^\\top G^{-1} b` (the minimum over the ambient space)."""
        if self.gram is None:
            return self.const - np.einsum("bi,bi->b", self.linear, self.linear)
        sol = np.linalg.solve(self.gram, self.linear[..., None])[..., 0]
        return self.const - np.einsum("bi,bi->b", self.linear, sol)


def _lcn_windows(arch: LinearConvNetwork, x: np.ndarray, out_len: int) -> np.ndarray:
    """Windows ``(batch, out_len, n, k)`` of signals ``x`` (batch, n_in, n) seen by each output."""
    k, s = arch.end_to_end_size, arch.end_to_end_stride
    idx = np.arange(out_len)[:, None] * s + np.arange(k)[None, :]  # (out_len, k)
    return np.transpose(x[:, idx, :], (0, 1, 3, 2))


def draw_losses(
    architecture: Architecture | str, data: DataModel | str, runs: int, rng: np.random.Generator
) -> QuadraticLoss:
    """Draw ``runs`` independent losses from a data model (one fresh draw per run).

    Args:
        architecture: the network (or its text form).
        data: a :class:`DataModel` or its text form.
        runs: number of draws.
        rng: the random generator (its seed is recorded by the caller).

    Returns:
        A :class:`QuadraticLoss` of batch ``runs``.

    Example:
        >>> loss = draw_losses("fc:2,1,2", "regression:5", 3, np.random.default_rng(0))
        >>> loss.right_gram.shape, loss.linear.shape
        ((3, 2, 2), (3, 4))
    """
    arch = parse_architecture(architecture)
    model = parse_data(data)
    dim = arch.ambient_dim
    if model.kind == "given":
        raise InputError("data: 'given' losses cannot be drawn; pass them to optimize()")
    if model.kind in ("target", "weighted"):
        u = rng.standard_normal((runs, dim))
        if model.kind == "target":
            loss = QuadraticLoss.from_target(u)
            if isinstance(arch, FullyConnected):
                eye = np.broadcast_to(
                    np.eye(arch.widths[0]), (runs, arch.widths[0], arch.widths[0])
                )
                return QuadraticLoss(None, loss.linear, loss.const, eye)
            return loss
        return QuadraticLoss.from_target(u, rng.uniform(0.5, 2.0, (runs, dim)))
    n = model.n_samples
    assert n is not None
    if isinstance(arch, FullyConnected):
        d_out, d_in = arch.ambient_shape
        x = rng.standard_normal((runs, d_in, n))
        y = rng.standard_normal((runs, d_out, n))
        s = np.einsum("bin,bjn->bij", x, x)
        bmat = np.einsum("bin,bjn->bij", y, x)
        gram = np.einsum("ac,bij->baicj", np.eye(d_out), s).reshape(runs, dim, dim)
        return QuadraticLoss(gram, bmat.reshape(runs, dim), np.einsum("bin,bin->b", y, y), s)
    if isinstance(arch, LinearConvNetwork):
        n_in = arch.end_to_end_size + arch.end_to_end_stride * (model.out_len - 1)
        x = rng.standard_normal((runs, n_in, n))
        y = rng.standard_normal((runs, model.out_len, n))
        win = _lcn_windows(arch, x, model.out_len)
        gram = np.einsum("bonj,bonl->bjl", win, win)
        lin = np.einsum("bon,bonj->bj", y, win)
        return QuadraticLoss(gram, lin, np.einsum("bon,bon->b", y, y))
    raise InputError(
        f"data: regression data is implemented for fc and lcn architectures, not {arch.text}; "
        "use --data target"
    )
