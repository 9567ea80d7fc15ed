r"""Integer polynomials in $x, y$: the ring $\mathbb{Z}[x, y]$ of plane curves, evaluated exactly.

Every exact routine on plane curves (`neuromanifold.metric.plane_curve`, `.voronoi`, `.sampling`)
works in the one ring `XY` = $\mathbb{Z}[x, y]$ (lex order) and evaluates its polynomials at
rational points exactly (``Fraction``) or at real balls with certified error bounds (``arb``).
"""

from __future__ import annotations

from fractions import Fraction

import flint

__all__ = ["XY", "arb_of", "evaluate_arb", "evaluate_fraction", "terms"]

XY = flint.fmpz_mpoly_ctx.get(("x", "y"), "lex")
"""The ring $\\mathbb{Z}[x, y]$ of plane curves."""


def terms(poly: flint.fmpz_mpoly) -> list[tuple[int, int, int]]:
    r"""The terms $c\,x^i y^j$ of a polynomial of `XY` as triples $(i, j, c)$.

    Example:
        >>> x, y = XY.gens()
        >>> sorted(terms(y**2 - x**3))
        [(0, 2, 1), (3, 0, -1)]
    """
    return [(int(i), int(j), int(c)) for (i, j), c in poly.to_dict().items()]


def evaluate_arb(poly: flint.fmpz_mpoly, x: flint.arb, y: flint.arb) -> flint.arb:
    """The value at a point of real balls: a ball containing every value on the box.

    Example:
        >>> x, y = XY.gens()
        >>> evaluate_arb(x * y - 1, flint.arb(2), flint.arb(0.5)).contains(0)
        True
    """
    total = flint.arb(0)
    for i, j, c in terms(poly):
        total += c * x**i * y**j
    return total


def evaluate_fraction(poly: flint.fmpz_mpoly, x: Fraction, y: Fraction) -> Fraction:
    """The exact value at a rational point.

    Example:
        >>> x, y = XY.gens()
        >>> evaluate_fraction(x**2 + y**2 - 1, Fraction(3, 5), Fraction(4, 5))
        Fraction(0, 1)
    """
    return sum((Fraction(c) * x**i * y**j for i, j, c in terms(poly)), Fraction(0))


def arb_of(q: Fraction) -> flint.arb:
    """A rational number as a real ball (exact when the denominator is a power of two).

    Example:
        >>> arb_of(Fraction(1, 4))
        0.250000000000000
    """
    return flint.arb(flint.fmpq(q.numerator, q.denominator))
