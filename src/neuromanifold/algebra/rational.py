"""Exact rational numbers from user input: the one place where values become ``flint.fmpq``."""

from __future__ import annotations

from fractions import Fraction
from numbers import Integral, Rational

import flint
import numpy as np

from neuromanifold.errors import InputError

__all__ = ["to_fmpq"]


def to_fmpq(value: object, name: str = "value", *, allow_float: bool = False) -> flint.fmpq:
    """Convert an exact scalar (int, Fraction, fmpz/fmpq, text like ``"-3/4"`` or ``"0.25"``) to ``fmpq``.

    Args:
        value: the number.
        name: the argument's name, used in error messages.
        allow_float: also accept finite floats, read exactly as binary fractions. Exact
            routines refuse floats by default (wrap them in ``Fraction(x)`` deliberately).

    Returns:
        The exact rational.

    Raises:
        InputError: a bool, a non-number, NaN or infinity, or a float when not allowed.

    Example:
        >>> to_fmpq("3/2"), to_fmpq(0.5, allow_float=True)
        (3/2, 1/2)
    """
    if isinstance(value, flint.fmpq):
        return value
    if isinstance(value, flint.fmpz):
        return flint.fmpq(value)
    if isinstance(value, bool | np.bool_):
        raise InputError(f"{name}: {value!r} is a bool, expected a number")
    if isinstance(value, Integral):
        return flint.fmpq(int(value))
    if isinstance(value, Rational):
        return flint.fmpq(int(value.numerator), int(value.denominator))
    if isinstance(value, float | np.floating):
        if not allow_float:
            raise InputError(
                f"{name}: {value!r} is a float; exact routines need exact input "
                "(pass an int, a Fraction or text like '3/2')"
            )
        if not np.isfinite(value):
            raise InputError(f"{name}: {value!r} is not a finite number")
        f = Fraction(float(value))
        return flint.fmpq(f.numerator, f.denominator)
    if isinstance(value, str):
        try:
            f = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise InputError(
                f"{name}: {value!r} is not a rational number; write e.g. 3, -2/5 or 0.25"
            ) from None
        return flint.fmpq(f.numerator, f.denominator)
    raise InputError(f"{name}: {value!r} ({type(value).__name__}) is not a rational number")
