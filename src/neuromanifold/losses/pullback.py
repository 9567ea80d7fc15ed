r"""The loss on parameters: :math:`L = \ell \circ \mu`, with gradient and Hessian, exact and in floats.

:math:`\ell` is a :class:`~neuromanifold.losses.quadratic.QuadraticLoss` on function space and
:math:`\mu` the parametrization; :math:`L` is a polynomial in the parameters with rational
coefficients, so it is evaluated exactly over :math:`\mathbb{Q}` at rational points and compiled
to a float evaluator otherwise.

Reference: seed article §"loss"; Kohn–Merkh–Montúfar–Trager 2022 (the pulled-back loss of an LCN).
"""

from __future__ import annotations

from functools import cached_property

import flint
import numpy as np

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.rational import to_fmpq
from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.losses.quadratic import QuadraticLoss
from neuromanifold.parametrization import parametrization, symbolic_map

__all__ = ["PulledBackLoss"]


class PulledBackLoss:
    r"""The loss on parameters :math:`L = \ell \circ \mu`, with gradient and Hessian.

    :math:`\nabla L(\theta) = 2\, d\mu(\theta)^\top G (\mu(\theta) - u)`; the Hessian is
    :math:`2\, d\mu^\top G\, d\mu + 2 \sum_i (G(\mu - u))_i \nabla^2 \mu_i`. Both come from the
    exact polynomial :math:`L \in \mathbb{Q}[\theta]` (the symbolic μ composed with ℓ), evaluated
    over ℚ at rational points and compiled to a float evaluator otherwise.

    Args:
        architecture: the network.
        loss: a :class:`QuadraticLoss` on its ambient space.

    Example:
        >>> L = PulledBackLoss("lcn:k=2,2", QuadraticLoss.from_target([1, 0, -1]))
        >>> L.value([1, 1, 1, -1]), [str(v) for v in L.gradient_exact([1, 1, 1, -1])]
        (0.0, ['0', '0', '0', '0'])
    """

    def __init__(self, architecture: Architecture | str, loss: QuadraticLoss) -> None:
        self.architecture = parse_architecture(architecture)
        if loss.dim != self.architecture.ambient_dim:
            raise InputError(
                f"loss: lives on R^{loss.dim} but {self.architecture.text} has "
                f"{self.architecture.ambient_dim} function coordinates"
            )
        self.loss = loss
        self.mu = parametrization(self.architecture)
        phi, names = symbolic_map(self.architecture)
        self.names = tuple(names)
        self.polynomial = loss.polynomial(phi)
        self._grad = [self.polynomial.derivative(i) for i in range(len(names))]

    def __repr__(self) -> str:
        return f"PulledBackLoss({self.architecture.text!r}, {self.loss})"

    @cached_property
    def _evaluator(self):
        return PolynomialSystem.from_polynomials(self._grad, self.names).compile()

    def value(self, theta: object) -> float | np.ndarray:
        """L(θ) in floats (batched like μ)."""
        f = self.mu(theta)
        arr = np.asarray(f)
        if arr.ndim == len(self.architecture.ambient_shape):
            return self.loss.value(arr.reshape(-1))
        return self.loss.value(arr.reshape(arr.shape[0], -1))

    def gradient(self, theta: object) -> np.ndarray:
        """∇L(θ) in floats: shape ``(N,)`` (or ``(batch, N)``)."""
        t = np.asarray(theta, dtype=float)
        out = self._evaluator.values(t.reshape(-1, len(self.names)))
        return out[0] if t.ndim == 1 else out

    def hessian(self, theta: object) -> np.ndarray:
        """∇²L(θ) in floats: shape ``(N, N)`` (or batched)."""
        t = np.asarray(theta, dtype=float)
        out = self._evaluator.jacobian(t.reshape(-1, len(self.names)))
        return out[0] if t.ndim == 1 else out

    def _point(self, theta: object) -> list[flint.fmpq]:
        flat = np.asarray(theta, dtype=object).reshape(-1)
        vals = [to_fmpq(v, "theta", allow_float=True) for v in flat]
        if len(vals) != len(self.names):
            raise InputError(f"theta: expected {len(self.names)} numbers, got {len(vals)}")
        return vals

    def value_exact(self, theta: object) -> flint.fmpq:
        """L(θ) over ℚ."""
        return self.polynomial(*self._point(theta))

    def gradient_exact(self, theta: object) -> tuple[flint.fmpq, ...]:
        """∇L(θ) over ℚ at rational θ."""
        p = self._point(theta)
        return tuple(g(*p) for g in self._grad)

    def hessian_exact(self, theta: object) -> flint.fmpq_mat:
        """∇²L(θ) over ℚ at rational θ."""
        p = self._point(theta)
        n = len(self.names)
        return flint.fmpq_mat(
            [[self._grad[i].derivative(j)(*p) for j in range(n)] for i in range(n)]
        )
