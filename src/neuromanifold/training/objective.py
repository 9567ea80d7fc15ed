r"""The training objective :math:`L(\theta) = \ell(\mu(\theta))` and its gradient, batched.

Gradients are vector–Jacobian products :math:`\nabla L(\theta) = d\mu(\theta)^\top \nabla\ell(f)`
derived by hand for each family, never by forming the Jacobian:

- **FC** (backpropagation through matrix products): with :math:`\Gamma = \nabla\ell(W)` reshaped
  to :math:`d_L \times d_0`, :math:`B_i = W_{i-1}\cdots W_1` and :math:`A_i = W_L \cdots W_{i+1}`,
  :math:`\nabla_{W_i} L = A_i^\top \Gamma B_i^\top`.
- **LCN** (correlations): with :math:`\pi = \prod_l p_l(x^{t_l})` and :math:`q_l = \prod_{m\ne l}
  p_m(x^{t_m})` (prefix times suffix product), :math:`\partial L / \partial w_{l,j} = \sum_i
  g_{i + j t_l}\, (q_l)_i`: the correlation of the residual gradient :math:`g = \nabla\ell(f)`
  with the other layers' product at dilation :math:`t_l`.
- any other architecture: :math:`d\mu(\theta)^\top g` from the batched Jacobian of
  :mod:`neuromanifold.parametrization`.

Reference: Kohn–Merkh–Montúfar–Trager 2022 (LCN parametrization); SPEC §2.
"""

from __future__ import annotations

import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.parametrization import parametrization

__all__ = ["Objective", "forward"]


def _polymul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched polynomial product of coefficient arrays ``(batch, la)`` and ``(batch, lb)``."""
    if a.shape[1] < b.shape[1]:
        a, b = b, a
    out = np.zeros((a.shape[0], a.shape[1] + b.shape[1] - 1))
    for j in range(b.shape[1]):
        out[:, j : j + a.shape[1]] += b[:, j, None] * a
    return out


def _dilate(w: np.ndarray, t: int) -> np.ndarray:
    """Coefficients of :math:`p(x^t)` from those of :math:`p(x)` (batched)."""
    if t == 1 or w.shape[1] == 1:
        return w
    out = np.zeros((w.shape[0], (w.shape[1] - 1) * t + 1))
    out[:, ::t] = w
    return out


def _split(arch: Architecture, theta: np.ndarray) -> list[np.ndarray]:
    out, start = [], 0
    for shape, size in zip(arch.layer_shapes, arch.layer_sizes, strict=True):
        out.append(theta[:, start : start + size].reshape((theta.shape[0], *shape)))
        start += size
    return out


def forward(architecture: Architecture | str, theta: np.ndarray) -> np.ndarray:
    """μ(θ) flattened, for a batch ``theta`` of shape (batch, N) → (batch, D).

    Example:
        >>> forward("lcn:k=2,2:s=2,1", np.array([[1.0, 2, 3, 4]]))   # (1 + 2x)(3 + 4x²)
        array([[3., 6., 4., 8.]])
    """
    arch = parse_architecture(architecture)
    layers = _split(arch, theta)
    if isinstance(arch, FullyConnected):
        out = layers[0]
        for w in layers[1:]:
            out = np.matmul(w, out)
        return out.reshape(theta.shape[0], -1)
    if isinstance(arch, LinearConvNetwork):
        out = layers[0]
        for w, t in zip(layers[1:], arch.dilations[1:], strict=True):
            out = _polymul(out, _dilate(w, t))
        return out
    return np.asarray(parametrization(arch)(theta)).reshape(theta.shape[0], -1)


class Objective:
    r"""The batched objective :math:`L_b(\theta_b) = \ell_b(\mu(\theta_b))` for a batch of losses.

    Args:
        architecture: the network (or its text form).
        loss: a :class:`~neuromanifold.losses.batch.QuadraticLossBatch` with one loss per run.

    Example:
        >>> from neuromanifold.losses.batch import QuadraticLossBatch
        >>> obj = Objective("fc:1,1,1", QuadraticLossBatch.from_target(np.array([[2.0]])))
        >>> value, grad, f = obj.value_and_grad(np.array([[1.0, 1.0]]))
        >>> value, grad                      # (1·1 − 2)², gradient 2(ab − 2)(b, a)
        (array([1.]), array([[-2., -2.]]))
    """

    def __init__(self, architecture: Architecture | str, loss: QuadraticLossBatch) -> None:
        self.architecture = parse_architecture(architecture)
        self.loss = loss

    def take(self, index: np.ndarray) -> Objective:
        """The objective of a sub-batch of runs."""
        return Objective(self.architecture, self.loss.take(index))

    def value(self, theta: np.ndarray) -> np.ndarray:
        """:math:`L(\\theta)` for each run (batch,)."""
        return self.loss.value(forward(self.architecture, theta))

    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:math:`L(\\theta)`, :math:`\\nabla L(\\theta)` (batch, N) and :math:`f = \\mu(\\theta)` (batch, D)."""
        arch = self.architecture
        if isinstance(arch, FullyConnected):
            return self._fc(arch, theta)
        if isinstance(arch, LinearConvNetwork):
            return self._lcn(arch, theta)
        f = forward(arch, theta)
        value, g = self.loss.value_and_grad(f)
        jac = parametrization(arch).jacobian(theta)
        return value, np.einsum("bdn,bd->bn", jac, g), f

    def _fc(
        self, arch: FullyConnected, theta: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        layers = _split(arch, theta)
        batch = theta.shape[0]
        before = [layers[0]]  # W_i ⋯ W_1
        for w in layers[1:]:
            before.append(np.matmul(w, before[-1]))
        f = before[-1].reshape(batch, -1)
        value, g = self.loss.value_and_grad(f)
        delta = g.reshape(before[-1].shape)  # A_i^T Γ, starting at i = L
        grads: list[np.ndarray] = [np.empty(0)] * len(layers)
        for i in range(len(layers) - 1, -1, -1):
            if i == 0:
                grads[0] = delta
            else:
                grads[i] = np.matmul(delta, np.swapaxes(before[i - 1], 1, 2))
                delta = np.matmul(np.swapaxes(layers[i], 1, 2), delta)
        return value, np.concatenate([gr.reshape(batch, -1) for gr in grads], axis=1), f

    def _lcn(
        self, arch: LinearConvNetwork, theta: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        layers = [_dilate(w, t) for w, t in zip(_split(arch, theta), arch.dilations, strict=True)]
        batch = theta.shape[0]
        n = len(layers)
        ones = np.ones((batch, 1))
        prefix = [ones]
        for w in layers[:-1]:
            prefix.append(_polymul(prefix[-1], w))
        suffix = [ones]
        for w in reversed(layers[1:]):
            suffix.append(_polymul(suffix[-1], w))
        suffix.reverse()
        f = _polymul(prefix[-1], layers[-1])
        value, g = self.loss.value_and_grad(f)
        parts = []
        for li in range(n):
            others = _polymul(prefix[li], suffix[li])
            t, k, m = arch.dilations[li], arch.filter_sizes[li], others.shape[1]
            cols = [np.einsum("bi,bi->b", g[:, j * t : j * t + m], others) for j in range(k)]
            parts.append(np.stack(cols, axis=1))
        return value, np.concatenate(parts, axis=1), f
