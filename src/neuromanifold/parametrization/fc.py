"""The parametrization of fully connected linear networks: matrix multiplication."""

from __future__ import annotations

import numpy as np

from neuromanifold.architectures.fc import FullyConnected
from neuromanifold.parametrization.base import Parametrization
from neuromanifold.parametrization.ring import Ring

__all__ = ["MatrixProduct"]


class MatrixProduct(Parametrization[FullyConnected]):
    r"""μ(W_1, …, W_L) = W_L ⋯ W_1 for a fully connected linear network.

    The Jacobian's block for layer i is :math:`A_i \otimes B_i^{\top}` in row-major coordinates,
    with :math:`A_i = W_L \cdots W_{i+1}` and :math:`B_i = W_{i-1} \cdots W_1`, since
    :math:`d\mu = \sum_i A_i\, dW_i\, B_i`.

    Example:
        >>> mu = MatrixProduct(FullyConnected((3, 1, 2)))
        >>> mu(np.array([1., 2, 3, 4, 5]))   # W1 = [1 2 3], W2 = [4 5]^T
        array([[ 4.,  8., 12.],
               [ 5., 10., 15.]])

    Reference: SPEC §2.1; seed article, Fig. 1.
    """

    def _identity(self, batch: int, d: int, like: np.ndarray, ring: Ring) -> np.ndarray:
        eye = ring.zeros((batch, d, d), like)
        idx = np.arange(d)
        eye[:, idx, idx] = like.flat[0] ** 0 if like.dtype == object else 1
        return eye

    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        out = layers[0]
        for w in layers[1:]:
            out = ring.matmul(w, out)
        return out

    def _products(self, layers: list[np.ndarray], ring: Ring) -> tuple[list, list]:
        """B_i = W_{i-1}⋯W_1 and A_i = W_L⋯W_{i+1} for every layer i (batched)."""
        batch = layers[0].shape[0]
        widths = self.architecture.widths
        before = [self._identity(batch, widths[0], layers[0], ring)]
        for w in layers[:-1]:
            before.append(ring.matmul(w, before[-1]))
        after = [self._identity(batch, widths[-1], layers[0], ring)]
        for w in reversed(layers[1:]):
            after.append(ring.matmul(after[-1], w))
        after.reverse()
        return after, before

    def _jvp(self, layers: list[np.ndarray], tangents: np.ndarray, ring: Ring) -> np.ndarray:
        # dμ·V = Σ_i A_i V_i B_i for every column of V, as two large 2D products per layer.
        after, before = self._products(layers, ring)
        c = tangents.shape[1]
        d_out, d_in = self.architecture.ambient_shape
        out = None
        start = 0
        for (rows, cols), a, b in zip(self.architecture.layer_shapes, after, before, strict=True):
            v = tangents[start : start + rows * cols].reshape(rows, cols, c)
            start += rows * cols
            av = ring.matmul(a[0], v.reshape(rows, cols * c))  # (d_out, cols·c)
            av = av.reshape(d_out, cols, c).transpose(0, 2, 1).reshape(d_out * c, cols)
            term = ring.matmul(av, b[0]).reshape(d_out, c, d_in)
            out = term if out is None else ring.reduce(out + term)
        assert out is not None
        return out.transpose(0, 2, 1).reshape(d_out * d_in, c)

    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        batch = layers[0].shape[0]
        widths = self.architecture.widths
        after, before = self._products(layers, ring)
        blocks = []
        d_out, d_in = widths[-1], widths[0]
        for a, b in zip(after, before, strict=True):
            # J[(r, c), (i, j)] = A[r, i] · B[j, c]
            block = a[:, :, None, :, None] * np.swapaxes(b, 1, 2)[:, None, :, None, :]
            blocks.append(ring.reduce(block.reshape(batch, d_out * d_in, -1)))
        return np.concatenate(blocks, axis=2)
