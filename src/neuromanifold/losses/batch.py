r"""A batch of quadratic losses in floats: one loss per training run, evaluated all at once.

Every loss the trainer sees is a quadratic function of the end-to-end function :math:`f = \mu(\theta)`
(its coordinates flattened row-major, :math:`D` = ambient dimension):

.. math:: \ell_b(f) = f^\top G_b f - 2\, b_b^\top f + c_b, \qquad \nabla \ell_b(f) = 2 (G_b f - b_b).

- A target :math:`u` with weights :math:`\lambda`: :math:`G = \operatorname{diag}(\lambda)`,
  :math:`b = \lambda \odot u`, :math:`c = \sum_i \lambda_i u_i^2` (unit weights: :math:`G = I`).
- Data :math:`(X, Y)`, :math:`\ell = \|\text{net}_f(X) - Y\|^2`. For FC
  (:math:`X \in \mathbb{R}^{d_0 \times N}`) :math:`G = I_{d_L} \otimes XX^\top`, :math:`b =
  \operatorname{vec}(YX^\top)`. For a 1D LCN with end-to-end filter size :math:`k`, stride
  :math:`S` and ``out_len`` outputs the input signals have length :math:`k + S(\text{out\_len} - 1)`
  and :math:`G = \sum_{i, n} x_{i,n} x_{i,n}^\top` over the windows :math:`x_{i,n}` of sample
  :math:`n` at output position :math:`i` (:func:`lcn_windows`; SPEC §3: a generic inner product
  when out_len = 1).

It is the float companion of the exact :class:`~neuromanifold.losses.quadratic.QuadraticLoss`
(which holds :math:`G`, the minimizer :math:`u = G^{-1}b` and the constant over ℚ, one loss at a
time); both are built from the same draws by :mod:`neuromanifold.losses.data`.

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

__all__ = ["QuadraticLossBatch", "lcn_windows"]


@dataclass(frozen=True, eq=False)
class QuadraticLossBatch:
    r"""A batch of quadratic losses :math:`\ell_b(f) = f^\top G_b f - 2 b_b^\top f + c_b`, in floats.

    Attributes:
        gram: :math:`G`, shape ``(batch, D, D)``, or ``None`` for the identity.
        linear: :math:`b`, shape ``(batch, D)``.
        const: :math:`c`, shape ``(batch,)``.
        right_gram: for FC only, :math:`S` with :math:`G = I \otimes S` (row-major coordinates):
            the loss is :math:`\operatorname{tr}(W S W^\top) - 2\langle W, B\rangle + c`; enables
            Eckart–Young. ``None`` when :math:`G` has no such structure.

    Example:
        >>> loss = QuadraticLossBatch.from_target(np.array([[1.0, 2.0]]))
        >>> loss.value(np.array([[1.0, 0.0]]))
        array([4.])
    """

    gram: np.ndarray | None
    linear: np.ndarray
    const: np.ndarray
    right_gram: np.ndarray | None = None

    @classmethod
    def from_target(cls, u: np.ndarray, weights: np.ndarray | None = None) -> QuadraticLossBatch:
        r""":math:`\sum_i \lambda_i (f_i - u_i)^2` for targets ``u`` (batch, D); unit weights by default."""
        u = np.asarray(u, dtype=np.float64)
        if weights is None:
            return cls(None, u, np.einsum("bi,bi->b", u, u))
        lam = np.asarray(weights, dtype=np.float64)
        gram = np.zeros((*u.shape, u.shape[1]))
        idx = np.arange(u.shape[1])
        gram[:, idx, idx] = lam
        return cls(gram, lam * u, np.einsum("bi,bi,bi->b", lam, u, u))

    @classmethod
    def from_data(
        cls, architecture: Architecture | str, x: np.ndarray, y: np.ndarray
    ) -> QuadraticLossBatch:
        r"""The squared errors :math:`\|\text{net}_f(X_b) - Y_b\|^2` as quadratic forms in :math:`f`.

        Args:
            architecture: ``fc`` or 1D ``lcn``.
            x: inputs, shape ``(batch, d_0, N)`` (FC) or ``(batch, n_in, N)`` (LCN).
            y: outputs, shape ``(batch, d_L, N)`` (FC) or ``(batch, out_len, N)`` (LCN) with
                ``n_in = k + S (out_len − 1)``.

        Example:
            >>> x = np.array([[[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]])
            >>> loss = QuadraticLossBatch.from_data("fc:2,1,1", x, np.array([[[1.0, 2.0, 3.0]]]))
            >>> loss.value(np.array([[1.0, 2.0]]))
            array([0.])
        """
        arch = parse_architecture(architecture)
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        runs = x.shape[0]
        if isinstance(arch, FullyConnected):
            d_out, d_in = arch.ambient_shape
            if x.shape[1:2] != (d_in,) or y.shape[:2] != (runs, d_out) or y.shape[2] != x.shape[2]:
                raise InputError(
                    f"data: {arch.text} takes X of shape (batch, {d_in}, N) and Y of shape "
                    f"(batch, {d_out}, N); got {x.shape} and {y.shape}"
                )
            s = np.einsum("bin,bjn->bij", x, x)
            bmat = np.einsum("bin,bjn->bij", y, x)
            dim = d_out * d_in
            gram = np.einsum("ac,bij->baicj", np.eye(d_out), s).reshape(runs, dim, dim)
            return cls(gram, bmat.reshape(runs, dim), np.einsum("bin,bin->b", y, y), s)
        if isinstance(arch, LinearConvNetwork):
            out_len = y.shape[1]
            n_in = arch.end_to_end_size + arch.end_to_end_stride * (out_len - 1)
            if x.shape[1] != n_in or y.shape[0] != runs or y.shape[2] != x.shape[2]:
                raise InputError(
                    f"data: {arch.text} with {out_len} outputs takes X of shape (batch, {n_in}, N) "
                    f"and Y of shape (batch, {out_len}, N); got {x.shape} and {y.shape}"
                )
            win = lcn_windows(arch, x, out_len)
            gram = np.einsum("bonj,bonl->bjl", win, win)
            lin = np.einsum("bon,bonj->bj", y, win)
            return cls(gram, lin, np.einsum("bon,bon->b", y, y))
        raise InputError(
            f"data: regression data is implemented for fc and lcn architectures, not {arch.text}; "
            "use --data target"
        )

    @property
    def batch(self) -> int:
        """Number of losses."""
        return self.linear.shape[0]

    def take(self, index: np.ndarray) -> QuadraticLossBatch:
        """The sub-batch at ``index`` (an integer or boolean index array)."""
        return QuadraticLossBatch(
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


def lcn_windows(arch: LinearConvNetwork, x: np.ndarray, out_len: int) -> np.ndarray:
    r"""Windows ``(batch, out_len, N, k)`` of signals ``x`` (batch, n_in, N) seen by each output.

    Output :math:`i` of sample :math:`n` is :math:`\langle c, x_{iS:iS+k,\,n}\rangle` for the
    end-to-end filter :math:`c` of size :math:`k` and stride :math:`S`.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> x = np.arange(5.0).reshape(1, 5, 1)
        >>> lcn_windows(parse_architecture("lcn:k=3:s=2"), x, 2)[0, :, 0].tolist()
        [[0.0, 1.0, 2.0], [2.0, 3.0, 4.0]]
    """
    k, s = arch.end_to_end_size, arch.end_to_end_stride
    idx = np.arange(out_len)[:, None] * s + np.arange(k)[None, :]  # (out_len, k)
    return np.transpose(x[:, idx, :], (0, 1, 3, 2))
