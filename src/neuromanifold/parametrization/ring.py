"""The three coefficient rings the parametrization is evaluated over.

One implementation of μ and its Jacobian serves floats (batched numpy), residues modulo a prime
(exact, for ranks) and rationals (exact, python-flint ``fmpq`` in object arrays). A ring only says
how to reduce after additions and how to multiply matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

import flint
import numpy as np

from neuromanifold.algebra.modular import matmul_mod, reduce_mod
from neuromanifold.algebra.rational import to_fmpq

__all__ = ["FLOAT", "RATIONAL", "Modular", "Ring", "to_fmpq"]  # to_fmpq re-exported


@dataclass(frozen=True)
class Ring:
    """Floating-point (real or complex) arithmetic: numpy arrays, nothing to reduce."""

    name: str = "float"

    def zeros(self, shape: tuple[int, ...], like: np.ndarray) -> np.ndarray:
        """An array of zeros of ``shape``, of the dtype the ring keeps (as ``like``)."""
        return np.zeros(shape, dtype=like.dtype)

    def reduce(self, a: np.ndarray) -> np.ndarray:
        """Normalize an array after sums of products (identity here)."""
        return a

    def matmul(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Batched matrix product."""
        return a @ b


@dataclass(frozen=True)
class Modular(Ring):
    """Residues modulo a prime p < 2^20, held exactly in float64 so products run on BLAS."""

    name: str = "modular"
    p: int = 1048573

    def zeros(self, shape: tuple[int, ...], like: np.ndarray) -> np.ndarray:
        return np.zeros(shape, dtype=np.float64)

    def reduce(self, a: np.ndarray) -> np.ndarray:
        return reduce_mod(a, self.p)

    def matmul(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return matmul_mod(a, b, self.p)


@dataclass(frozen=True)
class _Rational(Ring):
    """Exact rationals: numpy object arrays of python-flint ``fmpq``."""

    name: str = "rational"

    def zeros(self, shape: tuple[int, ...], like: np.ndarray) -> np.ndarray:
        out = np.empty(shape, dtype=object)
        out.fill(flint.fmpq(0))
        return out


FLOAT = Ring()
RATIONAL = _Rational()
