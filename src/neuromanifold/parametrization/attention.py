r"""The parametrization of lightning self-attention: values at fixed generic sample inputs.

Layer (Q, K, V) maps :math:`X \in \mathbb{R}^{d\times t}` to :math:`V X G^\top` with
:math:`G = (QX)^\top (KX)`, i.e. :math:`\mathrm{out}_i = \sum_j \langle Qx_i, Kx_j\rangle V x_j`.
The coordinates of μ(θ) are the network's outputs on S = N + 2 fixed integer inputs
:math:`X^{(1)}, \dots, X^{(S)}` (seeded, entries in [−9, 9]). Evaluation at S ≥ N generic points is
injective on any N-dimensional space of polynomial maps, in particular on the image of dμ(θ), so
the rank of this Jacobian is the rank of the coefficient map: the dimension of the neuromanifold.
The Jacobian is exact (forward-mode differentiation over the ring).
"""

from __future__ import annotations

from functools import lru_cache

import flint
import numpy as np

from neuromanifold.algebra import scaling_charts
from neuromanifold.architectures.attention import LightningAttention
from neuromanifold.parametrization.base import Parametrization, register_parametrization
from neuromanifold.parametrization.ring import Modular, Ring

__all__ = ["AttentionMap", "sample_inputs"]

#: Seed of the fixed sample inputs.
SAMPLE_SEED = 20250118


@lru_cache(maxsize=64)
def sample_inputs(samples: int, d: int, t: int) -> np.ndarray:
    """The fixed integer inputs X^(1..S), shape (S, d, t), entries in [−9, 9] (read-only).

    Example:
        >>> sample_inputs(4, 2, 3).shape
        (4, 2, 3)
    """
    out = np.random.default_rng(SAMPLE_SEED).integers(-9, 10, size=(samples, d, t))
    out.setflags(write=False)
    return out


def _in_ring(x: np.ndarray, like: np.ndarray, ring: Ring) -> np.ndarray:
    if like.dtype == object:
        return x.astype(object)
    if isinstance(ring, Modular):
        return ring.reduce(x.astype(np.float64))
    return x.astype(like.dtype)


def _t(x: np.ndarray) -> np.ndarray:
    return np.swapaxes(x, -1, -2)


@register_parametrization(LightningAttention)
class AttentionMap(Parametrization[LightningAttention]):
    r"""μ(Q_1, K_1, V_1, …) = the outputs of the l attention layers on the sample inputs.

    Parameters per layer in the order Q, K (a × d), V (d × d), row-major.

    Example:
        >>> mu = AttentionMap(LightningAttention(1, 1, 1, 2))
        >>> x = sample_inputs(5, 1, 2)[0, 0]
        >>> y = mu(np.array([1.0, 1.0, 1.0]))[0, 0]     # out_i = x_i Σ_j x_j²
        >>> bool(np.allclose(y, x * (x @ x)))
        True

    Reference: Henry–Marchetti–Kohn, ICLR 2025.
    """

    def _inputs(self, like: np.ndarray, ring: Ring) -> np.ndarray:
        arch = self.architecture
        return _in_ring(sample_inputs(arch.samples, arch.d, arch.t), like, ring)

    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        x = self._inputs(layers[0], ring)[None]  # (1, S, d, t)
        for i in range(0, len(layers), 3):
            q, k, v = (w[:, None] for w in layers[i : i + 3])
            gram = ring.matmul(_t(ring.matmul(q, x)), ring.matmul(k, x))  # (b, S, t, t)
            x = ring.matmul(ring.matmul(v, x), _t(gram))
        return x

    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        batch, n = layers[0].shape[0], self.architecture.n_params
        x = self._inputs(layers[0], ring)[None, None]  # (1, 1, S, d, t)
        dx = ring.zeros((batch, n, *x.shape[2:]), layers[0])
        one = layers[0].flat[0] ** 0 if layers[0].dtype == object else 1.0
        offset = 0
        for i in range(0, len(layers), 3):
            params, tangents = [], []
            for w in layers[i : i + 3]:
                rows, cols = w.shape[1:]
                dw = ring.zeros((batch, n, 1, rows, cols), w)
                r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
                dw[:, offset + r * cols + c, 0, r, c] = one
                offset += rows * cols
                params.append(w[:, None, None])
                tangents.append(dw)
            (q, k, v), (dq, dk, dv) = params, tangents
            qx, kx, vx = ring.matmul(q, x), ring.matmul(k, x), ring.matmul(v, x)
            dqx = ring.reduce(ring.matmul(dq, x) + ring.matmul(q, dx))
            dkx = ring.reduce(ring.matmul(dk, x) + ring.matmul(k, dx))
            dvx = ring.reduce(ring.matmul(dv, x) + ring.matmul(v, dx))
            gram = ring.matmul(_t(qx), kx)
            dgram = ring.reduce(ring.matmul(_t(dqx), kx) + ring.matmul(_t(qx), dkx))
            dx = ring.reduce(ring.matmul(dvx, _t(gram)) + ring.matmul(vx, _t(dgram)))
            x = ring.matmul(vx, _t(gram))
        return np.moveaxis(dx.reshape(batch, n, -1), 1, 2)

    @property
    def symmetries(self) -> tuple[str, ...]:
        """GL(a) on (Q, K) per layer, GL(d) between layers, one rescaling per layer."""
        arch = self.architecture
        out = []
        for i in range(1, arch.l + 1):
            out.append(f"GL({arch.a}) on layer {i}: (Q_{i}, K_{i}) ↦ (g Q_{i}, g^−T K_{i})")
            out.append(f"rescaling on layer {i}: (Q_{i}, V_{i}) ↦ (c Q_{i}, c^−1 V_{i})")
            if i < arch.l:
                out.append(
                    f"GL({arch.d}) between layers {i} and {i + 1}: V_{i} ↦ g V_{i}, "
                    f"(Q_{i + 1}, K_{i + 1}, V_{i + 1}) ↦ (Q_{i + 1} g⁻¹, K_{i + 1} g⁻¹, V_{i + 1} g⁻¹)"
                )
        return tuple(out)

    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        """One random scaling chart on V of each layer (fixing the per-layer rescaling)."""
        groups = self.parameter_names()
        names = [n for group in groups for n in group]
        return tuple(scaling_charts(groups[2::3], names, seed=seed))

    def coordinate_names(self) -> list[str]:
        """``y{s}_{c}_{i}``: entry c of output token i on sample input s."""
        return [f"y{s}_{c}_{i}" for s, c, i in np.ndindex(*self.architecture.ambient_shape)]
