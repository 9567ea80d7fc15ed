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

from neuromanifold.algebra import general_linear_chart, scaling_charts
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

    def _symmetry_directions(self, layers: list[np.ndarray]) -> list[list[np.ndarray]]:
        """The Lie algebra of :attr:`symmetries` at θ: X ∈ gl(a) on (Q, K), the rescaling of
        (Q, V), and Y ∈ gl(d) between layers, each as layer-shaped tangents."""
        arch = self.architecture
        out: list[list[np.ndarray]] = []

        def blank() -> list[np.ndarray]:
            return [np.zeros_like(w) for w in layers]

        for i in range(arch.l):
            q, k, v = layers[3 * i : 3 * i + 3]
            for a, b in np.ndindex(arch.a, arch.a):  # (Q, K) ↦ (gQ, g^{−T}K), g = 1 + tE_ab
                e = np.zeros((arch.a, arch.a))
                e[a, b] = 1.0
                d = blank()
                d[3 * i], d[3 * i + 1] = e @ q, -e.T @ k
                out.append(d)
            d = blank()  # (Q, V) ↦ (cQ, c⁻¹V)
            d[3 * i], d[3 * i + 2] = q.copy(), -v
            out.append(d)
            if i + 1 < arch.l:  # V_i ↦ gV_i, layer i+1 ↦ (·)g⁻¹
                nq, nk, nv = layers[3 * i + 3 : 3 * i + 6]
                for a, b in np.ndindex(arch.d, arch.d):
                    e = np.zeros((arch.d, arch.d))
                    e[a, b] = 1.0
                    d = blank()
                    d[3 * i + 2] = e @ v
                    d[3 * i + 3], d[3 * i + 4], d[3 * i + 5] = -nq @ e, -nk @ e, -nv @ e
                    out.append(d)
        return out

    def _balance(self, layers: list[np.ndarray]) -> list[np.ndarray]:
        """The scalar parts of the symmetries, swept until Q, K, V of each layer have equal norms:
        (Q, K) ↦ (sQ, K/s), (Q, V) ↦ (cQ, V/c), and V_i ↦ tV_i with layer i + 1 divided by t."""
        out = [w.copy() for w in layers]

        def norm(w: np.ndarray) -> float:
            return float(np.linalg.norm(w))

        for _ in range(20):
            for i in range(0, len(out), 3):
                q, k, v = out[i : i + 3]
                if min(norm(q), norm(k), norm(v)) == 0:
                    return layers
                s = np.sqrt(norm(k) / norm(q))
                q, k = q * s, k / s
                c = np.sqrt(norm(v) / norm(q))
                out[i : i + 3] = [q * c, k, v / c]
                if i + 3 < len(out):  # V_i ↦ tV_i, layer i + 1 ↦ /t: V_i to the next layer's scale
                    nxt = norm(out[i + 3]) * norm(out[i + 4]) * norm(out[i + 5])
                    t = (nxt / norm(out[i + 2]) ** 3) ** 0.25 if nxt > 0 else 1.0
                    out[i + 2] = out[i + 2] * t
                    out[i + 3 : i + 6] = [w / t for w in out[i + 3 : i + 6]]
        return out

    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        r"""Random affine charts fixing every symmetry (la² + l + (l − 1)d² conditions, a ≤ d).

        Per layer i: a :math:`GL_a` chart on :math:`K_i^\top` (:math:`K \mapsto A^{-\top}K`);
        between layers a :math:`GL_d` chart on :math:`V_i^\top` (:math:`V_i \mapsto gV_i`) and
        a scaling chart on :math:`Q_i` for the rescaling; in the last layer the scaling chart is
        on :math:`V_l`. Each chart fixes its group given the ones before it (the later layers'
        groups act on the earlier charts' matrices only through the groups already fixed), so
        the charts meet a generic orbit once. For a > d no :math:`GL_a` chart is made (outside
        the theorem of Henry–Marchetti–Kohn 2025).

        Example:
            >>> len(AttentionMap(LightningAttention(3, 2, 2)).gauge_charts())   # 2·4 + 2 + 9
            19
        """
        arch = self.architecture
        groups = self.parameter_names()
        names = [n for group in groups for n in group]
        out: list[flint.fmpq_mpoly] = []
        for i in range(arch.l):
            q, k, v = groups[3 * i : 3 * i + 3]
            if arch.a <= arch.d:  # K is a × d row-major; Kᵀ is d × a
                kt = [[k[r * arch.d + c] for r in range(arch.a)] for c in range(arch.d)]
                out.extend(general_linear_chart(kt, names, seed=seed + 3 * i))
            if i + 1 < arch.l:
                vt = [[v[r * arch.d + c] for r in range(arch.d)] for c in range(arch.d)]
                out.extend(general_linear_chart(vt, names, seed=seed + 3 * i + 1))
                out.extend(scaling_charts([q], names, seed=seed + 3 * i + 2))
            else:
                out.extend(scaling_charts([v], names, seed=seed + 3 * i + 2))
        return tuple(out)

    def coordinate_names(self) -> list[str]:
        """``y{s}_{c}_{i}``: entry c of output token i on sample input s."""
        return [f"y{s}_{c}_{i}" for s, c, i in np.ndindex(*self.architecture.ambient_shape)]
