"""The three coefficient rings the parametrization is evaluated over.

One implementation of μ and its Jacobian serves floats (batched numpy), residues modulo a prime
(exact, for ranks) and rationals (exact, python-flint ``fmpq`` in object arrays). A ring only says
how to reduce after additions and how to multiply matrices.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Rational

import flint
import numpy as np

from neuromanifold.algebra.modular import matmul_mod, reduce_mod
from neuromanifold.errors import InputError

__all__ = ["FLOAT", "RATIONAL", "Modular", "Ring", "to_fmpq"]


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


def to_fmpq(value: object, name: str = "value") -> flint.fmpq:
    """Convert an int, Fraction, fmpq/fmpz, finite float or text like ``"-3/4"`` to ``fmpq`` exactly."""
    if isinstance(value, flint.fmpq):
        return value
    if isinstance(value, flint.fmpz):
        return flint.fmpq(value)
    if isinstance(value, bool):
        raise InputError(f"{name}: {value!r} is a bool, expected a number")
    if isinstance(value, Integral):
        return flint.fmpq(int(value))
    if isinstance(value, Rational):
        return flint.fmpq(int(value.numerator), int(value.denominator))
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            raise InputError(f"{name}: {value!r} is not a finite number")
        f = Fraction(float(value))
        return flint.fmpq(f.numerator, f.denominator)
    if isinstance(value, str):
        text = value.strip()
        try:
            f = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise InputError(
                f"{name}: {value!r} is not a rational number; write e.g. 3, -2/5 or 0.25"
            ) from None
        return flint.fmpq(f.numerator, f.denominator)
    raise InputError(f"{name}: {value!r} ({type(value).__name__}) is not a rational number")
