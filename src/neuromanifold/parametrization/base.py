"""The parametrization map μ: θ ↦ f_θ of an architecture, its Jacobian, exact and batched numeric."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Generic, TypeVar

import flint
import numpy as np

from neuromanifold.architectures.base import Architecture
from neuromanifold.errors import InputError
from neuromanifold.parametrization.ring import FLOAT, RATIONAL, Modular, Ring, to_fmpq

__all__ = ["Parametrization"]

A = TypeVar("A", bound=Architecture)


class Parametrization(abc.ABC, Generic[A]):
    r"""The map :math:`\mu\colon \mathbb{R}^N \to \mathbb{R}^{\text{ambient}}` of an architecture.

    Parameters θ are flat vectors: the layers' arrays (weight matrices, filters), input side first,
    each flattened row-major. Functions are arrays of the architecture's ``ambient_shape``
    (the end-to-end matrix or filter). Every numeric method accepts one parameter vector of shape
    ``(N,)`` or a batch of shape ``(batch, N)`` and answers accordingly.

    Subclasses implement :meth:`_forward` and :meth:`_jacobian` once, over a :class:`Ring`, so the
    same code evaluates in floats, modulo a prime and over the rationals.
    """

    def __init__(self, architecture: A) -> None:
        self._architecture = architecture

    @property
    def architecture(self) -> A:
        """The architecture whose map this is."""
        return self._architecture

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._architecture.text!r})"

    # --- to implement -------------------------------------------------------------------------
    @abc.abstractmethod
    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        """μ on batched layers (each ``(batch, *layer_shape)``) → ``(batch, *ambient_shape)``."""

    @abc.abstractmethod
    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        """dμ on batched layers → ``(batch, ambient_dim, n_params)``."""

    def _jvp(self, layers: list[np.ndarray], tangents: np.ndarray, ring: Ring) -> np.ndarray:
        """dμ(θ)·V for one θ (batch 1) and tangents V of shape (N, c) → (ambient_dim, c).

        The default forms the Jacobian; families with structure override it.
        """
        return ring.reduce(ring.matmul(self._jacobian(layers, ring)[0], tangents))

    # --- layers -------------------------------------------------------------------------------
    def split(self, theta: np.ndarray) -> list[np.ndarray]:
        """Cut batched flat parameters ``(batch, N)`` into per-layer arrays ``(batch, *shape)``."""
        out, start = [], 0
        for shape, size in zip(
            self._architecture.layer_shapes, self._architecture.layer_sizes, strict=True
        ):
            out.append(theta[:, start : start + size].reshape((theta.shape[0], *shape)))
            start += size
        return out

    def join(self, layers: Sequence[np.ndarray]) -> np.ndarray:
        """Flatten per-layer arrays (unbatched) into one parameter vector."""
        shapes = self._architecture.layer_shapes
        if len(layers) != len(shapes):
            raise InputError(f"layers: expected {len(shapes)} layers, got {len(layers)}")
        parts = []
        for i, (layer, shape) in enumerate(zip(layers, shapes, strict=True)):
            arr = np.asarray(layer)
            if arr.shape != shape:
                raise InputError(f"layers[{i}]: expected shape {shape}, got {arr.shape}")
            parts.append(arr.reshape(-1))
        return np.concatenate(parts)

    def _numeric(self, theta: object) -> tuple[np.ndarray, bool]:
        n = self._architecture.n_params
        try:
            arr = np.asarray(theta)
        except (ValueError, TypeError):
            raise InputError(f"theta: expected an array of shape ({n},) or (batch, {n})") from None
        if arr.dtype.kind not in "biufc":
            raise InputError(f"theta: expected numbers, got an array of dtype {arr.dtype}")
        single = arr.ndim == 1
        if single:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != n:
            raise InputError(
                f"theta: {self._architecture.text} has {n} parameters; expected shape ({n},) or "
                f"(batch, {n}), got {arr.shape if not single else arr.shape[1:]}"
            )
        if not np.all(np.isfinite(arr)):
            raise InputError("theta: contains NaN or infinity")
        if arr.dtype.kind in "biu":
            arr = arr.astype(np.float64)
        return arr, single

    # --- numeric --------------------------------------------------------------------------------
    def __call__(self, theta: object) -> np.ndarray:
        r"""Evaluate :math:`\mu(\theta)` (batched; real or complex).

        Args:
            theta: shape ``(N,)`` or ``(batch, N)``.

        Returns:
            Shape ``ambient_shape`` or ``(batch, *ambient_shape)``.
        """
        arr, single = self._numeric(theta)
        out = self._forward(self.split(arr), FLOAT)
        return out[0] if single else out

    def jacobian(self, theta: object) -> np.ndarray:
        r"""The Jacobian :math:`d\mu(\theta)`, rows = ambient coordinates (row-major), columns = θ.

        Returns:
            Shape ``(ambient_dim, N)`` or ``(batch, ambient_dim, N)``.
        """
        arr, single = self._numeric(theta)
        out = self._jacobian(self.split(arr), FLOAT)
        return out[0] if single else out

    # --- exact --------------------------------------------------------------------------------
    def _rational(self, theta: object) -> np.ndarray:
        n = self._architecture.n_params
        if isinstance(theta, str):
            items: list[object] = [t for t in theta.replace(";", ",").split(",") if t.strip()]
        else:
            try:
                items = list(np.asarray(theta, dtype=object).reshape(-1))
            except (ValueError, TypeError):
                raise InputError(f"theta: expected {n} rational numbers") from None
        if len(items) != n:
            raise InputError(
                f"theta: {self._architecture.text} has {n} parameters, got {len(items)} values"
            )
        out = np.empty((1, n), dtype=object)
        for i, v in enumerate(items):
            out[0, i] = to_fmpq(v, f"theta[{i}]", allow_float=True)
        return out

    def exact(self, theta: object) -> np.ndarray:
        r"""Evaluate :math:`\mu(\theta)` exactly over :math:`\mathbb{Q}`.

        Args:
            theta: N rationals (ints, ``Fraction``, ``fmpq``, text such as ``"1/3"``).

        Returns:
            An object array of ``flint.fmpq`` of shape ``ambient_shape``.
        """
        return self._forward(self.split(self._rational(theta)), RATIONAL)[0]

    def jacobian_exact(self, theta: object) -> flint.fmpq_mat:
        """The Jacobian dμ(θ) over ℚ, as an ``fmpq_mat`` of size ambient_dim × N."""
        jac = self._jacobian(self.split(self._rational(theta)), RATIONAL)[0]
        return flint.fmpq_mat(jac.tolist())

    def jacobian_mod_p(self, theta: np.ndarray, p: int) -> np.ndarray:
        """The Jacobian dμ(θ) over F_p at integer θ (residues in [0, p), as float64).

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            p: a prime below 2^20.

        Returns:
            Residues of shape ``(ambient_dim, N)``.
        """
        arr = np.asarray(theta, dtype=np.float64).reshape(1, -1)
        return self._jacobian(self.split(arr), Modular(p=p))[0]

    def jacobian_sketch_mod_p(self, theta: np.ndarray, tangents: np.ndarray, p: int) -> np.ndarray:
        """The product dμ(θ)·V over F_p (residues), without forming dμ where the family allows.

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            tangents: integers in [0, p), shape ``(N, c)``.
            p: a prime below 2^20.

        Returns:
            Residues of shape ``(ambient_dim, c)``.
        """
        arr = np.asarray(theta, dtype=np.float64).reshape(1, -1)
        return self._jvp(self.split(arr), np.asarray(tangents, dtype=np.float64), Modular(p=p))

    def forward_mod_p(self, theta: np.ndarray, p: int) -> np.ndarray:
        """μ(θ) over F_p at integer θ (residues in [0, p)), shape ``ambient_shape``."""
        arr = np.asarray(theta, dtype=np.float64).reshape(1, -1)
        return self._forward(self.split(arr), Modular(p=p))[0]
