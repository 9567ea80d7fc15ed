r"""The training objective :math:`L(\theta) = \ell(\mu(\theta))` and its gradient, batched.

Gradients are vector–Jacobian products :math:`\nabla L(\theta) = d\mu(\theta)^\top \nabla\ell(f)`
from :meth:`Parametrization.vjp <neuromanifold.parametrization.Parametrization.vjp>`, which each
family derives by hand, never forming the Jacobian: backpropagation through matrix products (FC),
correlations with the other layers' filter product (LCN).

Reference: Kohn–Merkh–Montúfar–Trager 2022 (LCN parametrization); SPEC §2.
"""

from __future__ import annotations

import numpy as np

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.losses.batch import QuadraticLossBatch
from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.ring import FLOAT

__all__ = ["Objective"]


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
        self.parametrization = parametrization(self.architecture)

    def take(self, index: np.ndarray) -> Objective:
        """The objective of a sub-batch of runs."""
        return Objective(self.architecture, self.loss.take(index))

    def value(self, theta: np.ndarray) -> np.ndarray:
        """:math:`L(\\theta)` for each run (batch,)."""
        f = self.parametrization.evaluate(theta, FLOAT)
        return self.loss.value(f.reshape(theta.shape[0], -1))

    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:math:`L(\\theta)`, :math:`\\nabla L(\\theta)` (batch, N) and :math:`f = \\mu(\\theta)` (batch, D)."""
        f, pullback = self.parametrization.vjp(theta)
        f = f.reshape(theta.shape[0], -1)
        value, g = self.loss.value_and_grad(f)
        return value, pullback(g), f
