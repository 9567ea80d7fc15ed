"""Exact rational numbers from user input: the one place where values become ``flint.fmpq``."""

from __future__ import annotations

import re
from fractions import Fraction
from numbers import Integral, Rational

import flint
import numpy as np

from neuromanifold.errors import InputError

__all__ = ["MAX_DECIMAL_EXPONENT", "MAX_DIGITS", "parse_rational", "to_fmpq"]

#: Most characters in a number read from text (digits, sign, point, exponent).
MAX_DIGITS = 1000
#: Largest |e| in a decimal exponent ``1e-5``: text numbers lie in 10^±(1000 + digits).
MAX_DECIMAL_EXPONENT = 1000

_RATIONAL = re.compile(
    r"(?P<sign>[-+]?)(?:(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)"
    r"|(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<exp>[-+]?[0-9]+))?)",
    re.ASCII,
)


def parse_rational(text: str, name: str = "value") -> Fraction:
    """Read a rational number from text, exactly and within bounds.

    Accepted: integers ``-3``, fractions ``2/5``, decimals ``0.25`` and ``1.5e-3`` (read exactly);
    ASCII digits only, at most :data:`MAX_DIGITS` characters, decimal exponents in
    ``[-MAX_DECIMAL_EXPONENT, MAX_DECIMAL_EXPONENT]``, so a short text cannot ask for a number
    of millions of digits (``1e99999999``).

    Args:
        text: the number.
        name: the argument's name, used in error messages.

    Returns:
        The exact ``Fraction``.

    Raises:
        InputError: not a number, out of the bounds (the message states them), or ``n/0``.

    Example:
        >>> parse_rational("-3/4"), parse_rational("1.5e-3")
        (Fraction(-3, 4), Fraction(3, 2000))
    """
    raw = text.strip()
    if len(raw) > MAX_DIGITS:
        raise InputError(
            f"{name}: a number of {len(raw)} characters; at most {MAX_DIGITS} are allowed"
        )
    m = _RATIONAL.fullmatch(raw)
    if not m or (m.group("num") is None and not (m.group("int") or m.group("frac"))):
        raise InputError(
            f"{name}: {text!r} is not a rational number; write e.g. 3, -2/5, 0.25 or 1e-3"
        )
    sign = -1 if m.group("sign") == "-" else 1
    if m.group("num") is not None:
        den = int(m.group("den"))
        if den == 0:
            raise InputError(f"{name}: {text!r} divides by zero")
        return Fraction(sign * int(m.group("num")), den)
    digits, frac = m.group("int") or "", m.group("frac") or ""
    exp_text = m.group("exp") or "0"
    exp = int(exp_text) if len(exp_text.lstrip("+-0")) <= 6 else MAX_DECIMAL_EXPONENT + 1
    if abs(exp) > MAX_DECIMAL_EXPONENT:
        raise InputError(
            f"{name}: {text!r} is out of range; decimal exponents must lie in "
            f"[-{MAX_DECIMAL_EXPONENT}, {MAX_DECIMAL_EXPONENT}] (numbers have at most "
            f"{MAX_DIGITS} characters)"
        )
    mantissa = sign * int(digits + frac or "0")
    shift = exp - len(frac)
    return Fraction(mantissa * 10**shift) if shift >= 0 else Fraction(mantissa, 10**-shift)


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
        f = parse_rational(value, name)
        return flint.fmpq(f.numerator, f.denominator)
    raise InputError(f"{name}: {value!r} ({type(value).__name__}) is not a rational number")
