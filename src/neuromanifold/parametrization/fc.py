"""The parametrization of fully connected linear networks: matrix multiplication."""

from __future__ import annotations

import flint
import numpy as np

from neuromanifold.algebra import general_linear_chart
from neuromanifold.algebra.modular import random_residues, reduce_mod, square_rank_mod_p
from neuromanifold.architectures.fc import FullyConnected
from neuromanifold.parametrization.base import Parametrization, Pullback, register_parametrization
from neuromanifold.parametrization.ring import Modular, Ring

__all__ = ["MatrixProduct"]


@register_parametrization(FullyConnected)
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

    Its VJP is backpropagation: with :math:`\Gamma` the cotangent reshaped to
    :math:`d_L \times d_0`, :math:`\nabla_{W_i} = A_i^\top \Gamma B_i^\top`.

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

    def _jacobian_times(
        self, layers: list[np.ndarray], tangents: np.ndarray, ring: Ring
    ) -> np.ndarray:
        # dμ·V = Σ_i A_i V_i B_i for every column of V, as two large 2D products per layer
        # (one for the first and the last layer, where B_1 and A_L are identities).
        after, before = self._products(layers, ring)
        c = tangents.shape[1]
        d_out, d_in = self.architecture.ambient_shape
        last = len(after) - 1
        out = None
        start = 0
        for i, ((rows, cols), a, b) in enumerate(
            zip(self.architecture.layer_shapes, after, before, strict=True)
        ):
            v = tangents[start : start + rows * cols].reshape(rows, cols * c)
            start += rows * cols
            av = v if i == last else ring.matmul(a[0], v)  # (d_out, cols·c)
            av = av.reshape(d_out, cols, c).transpose(0, 2, 1).reshape(d_out * c, cols)
            term = (av if i == 0 else ring.matmul(av, b[0])).reshape(d_out, c, d_in)
            out = term if out is None else ring.reduce(out + term)
        assert out is not None
        return out.transpose(0, 2, 1).reshape(d_out * d_in, c)

    def rank_sketch_mod_p(
        self, theta: np.ndarray, p: int, rng: np.random.Generator, columns: int
    ) -> np.ndarray:
        r"""dμ(θ)·R for a random R, column c being :math:`\sum_i A_i R_{i,c} B_i` (see the base).

        R is drawn layer by layer in the layout the products want (R's rows are the parameters
        in any fixed order, so the sketch is as random): :math:`G = A_i R_i` is one GEMM over
        all columns, reduced once, then :math:`B_i^\top G` one more GEMM over all output rows
        and columns (a batched product per output row costs ~3× more); the inner dimensions are
        widths, so the sum over layers stays exact below 2^52 and is reduced once.
        """
        arch = self.architecture
        if arch.n_params <= columns:
            return super().rank_sketch_mod_p(theta, p, rng, columns)
        ring = Modular(p=p)
        layers = self.split(np.asarray(theta, dtype=np.float64).reshape(1, -1))
        after, before = self._products(layers, ring)
        d_out, d_in = arch.ambient_shape
        widest = max(arch.widths)
        if len(layers) * widest * (p - 1) ** 2 >= 2**52:  # pragma: no cover - huge widths
            return super().rank_sketch_mod_p(theta, p, rng, columns)
        out = np.zeros((d_out, d_in, columns))
        last = len(layers) - 1
        for i, ((rows, cols), a, b) in enumerate(
            zip(arch.layer_shapes, after, before, strict=True)
        ):
            r = random_residues(rng, p, (rows, cols, columns))
            g = r if i == last else reduce_mod(a[0] @ r.reshape(rows, -1), p)
            g = g.reshape(d_out, cols, columns)
            if i == 0:
                out += g
                continue
            # B_i^T G for every output row at once: (d_in × cols) · (cols × d_out·columns)
            term = b[0].T @ np.swapaxes(g, 0, 1).reshape(cols, d_out * columns)
            out += np.swapaxes(term.reshape(d_in, d_out, columns), 0, 1)
        return reduce_mod(out, p).reshape(d_out * d_in, columns)

    def structural_rank_mod_p(self, theta: np.ndarray, p: int) -> int:
        r"""The exact rank of dμ(θ) over F_p, from the ranks of the partial products.

        The image of :math:`d\mu(\theta)` is :math:`\sum_i \{A_i X B_i\} = \sum_i U_i \otimes V_i`
        with :math:`U_i` the column space of :math:`A_i = W_L \cdots W_{i+1}` and :math:`V_i` the
        row space of :math:`B_i = W_{i-1} \cdots W_1` (``{A X B}`` is every matrix with columns
        in U and rows in V). Since :math:`A_i = A_{i+1} W_{i+1}` and :math:`B_{i+1} = W_i B_i`,
        the :math:`U_i` increase and the :math:`V_i` decrease. In bases adapted to both flags
        the sum is spanned by the :math:`e_a \otimes f_b` with :math:`a \le u_j`,
        :math:`b \le v_j` for some j (:math:`u_j = \dim U_j`, :math:`v_j = \dim V_j`), so

        .. math:: \operatorname{rank} d\mu(\theta) = \sum_{i=1}^{L} (u_i - u_{i-1})\, v_i,
           \qquad u_0 = 0,

        over any field and at every θ (not only generic ones). It costs the ranks of 2L matrices
        of at most :math:`\max_i d_i` rows and columns, instead of an elimination of a sketch
        of size rank × rank; no random matrix is drawn, so the rank is dμ(θ)'s, with no
        compression to be unlucky.

        Example:
            >>> mu = MatrixProduct(FullyConnected((3, 1, 2)))   # W1 = [1 2 3], W2 = [4 5]^T
            >>> mu.structural_rank_mod_p(np.array([1, 2, 3, 4, 5]), 7)
            4

        Reference: the proof above; cf. Trager, Kohn, Bruna, "Pure and spurious critical points:
        a geometric study of linear networks", ICLR 2020, on the image of dμ of a linear network.
        """
        ring = Modular(p=p)
        layers = self.split(np.asarray(theta, dtype=np.float64).reshape(1, -1))
        after, before = self._products(layers, ring)
        rank, previous = 0, 0
        for a, b in zip(after, before, strict=True):
            u = square_rank_mod_p(a[0], p)
            rank += (u - previous) * square_rank_mod_p(b[0], p)
            previous = u
        return rank

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

    def _jvp(
        self, layers: list[np.ndarray], tangents: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        # forward mode: out_i = W_i out_{i-1}, d out_i = V_i out_{i-1} + W_i d out_{i-1}
        out, dout = layers[0], tangents[0]
        for w, v in zip(layers[1:], tangents[1:], strict=True):
            out, dout = np.matmul(w, out), np.matmul(v, out) + np.matmul(w, dout)
        return out, dout

    def _vjp(self, layers: list[np.ndarray]) -> tuple[np.ndarray, Pullback]:
        batch = layers[0].shape[0]
        before = [layers[0]]  # W_i ⋯ W_1
        for w in layers[1:]:
            before.append(np.matmul(w, before[-1]))

        def pullback(g: np.ndarray) -> np.ndarray:
            delta = g.reshape(before[-1].shape)  # A_i^T Γ, starting at i = L
            grads: list[np.ndarray] = [np.empty(0)] * len(layers)
            for i in range(len(layers) - 1, -1, -1):
                if i == 0:
                    grads[0] = delta
                else:
                    grads[i] = np.matmul(delta, np.swapaxes(before[i - 1], 1, 2))
                    delta = np.matmul(np.swapaxes(layers[i], 1, 2), delta)
            return np.concatenate([gr.reshape(batch, -1) for gr in grads], axis=1)

        return before[-1], pullback

    @property
    def symmetries(self) -> tuple[str, ...]:
        """GL(d_i) on each hidden layer i, acting by (W_i, W_{i+1}) ↦ (g W_i, W_{i+1} g⁻¹)."""
        hidden = self.architecture.widths[1:-1]
        return tuple(
            f"GL({d}) on hidden layer {i + 1}: (W_{i + 1}, W_{i + 2}) ↦ (g W_{i + 1}, W_{i + 2} g⁻¹)"
            for i, d in enumerate(hidden)
        )

    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        r"""Random :math:`GL_{d_i}` charts, one per hidden layer where a weight matrix allows.

        For hidden layer i of width :math:`d_i`: a chart on :math:`W_{i+1}` (when
        :math:`d_{i+1} \ge d_i`) or on :math:`W_i^\top` (when :math:`d_{i-1} \ge d_i`), each weight
        matrix used once at most, seeded ``seed + i``; hidden layers without a chart leave
        their symmetry unfixed. See :func:`~neuromanifold.algebra.general_linear_chart`.

        Example:
            >>> len(MatrixProduct(FullyConnected((3, 1, 2))).gauge_charts())
            1
        """
        groups = self.parameter_names()
        names = [n for group in groups for n in group]
        w = self.architecture.widths
        used: set[int] = set()
        out: list = []
        for i in range(1, len(w) - 1):  # hidden layer i sits between W_i (index i-1) and W_{i+1}
            d = w[i]
            if w[i + 1] >= d and i not in used:
                rows = [groups[i][a * d : (a + 1) * d] for a in range(w[i + 1])]  # W_{i+1}
                used.add(i)
            elif w[i - 1] >= d and (i - 1) not in used:
                mat = groups[i - 1]  # W_i: d × w[i-1], row-major
                rows = [[mat[a * w[i - 1] + c] for a in range(d)] for c in range(w[i - 1])]
                used.add(i - 1)
            else:
                continue
            out.extend(general_linear_chart(rows, names, seed=seed + i))
        return tuple(out)

    def coordinate_names(self) -> list[str]:
        """``w00, w01, …`` (``w0_0, …`` beyond ten rows or columns): the end-to-end matrix."""
        shape = self.architecture.ambient_shape
        wide = max(shape) > 10
        return [f"w{i}_{j}" if wide else f"w{i}{j}" for i, j in np.ndindex(*shape)]
