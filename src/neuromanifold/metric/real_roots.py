"""Certified real roots of univariate integer polynomials, as arb balls.

Arb's ``fmpz_poly.complex_roots`` isolates every complex root in a ball and writes the real roots
with an imaginary part that is *exactly* zero: realness is certified, not guessed. Rational roots
are recognised exactly from the linear factors over $\\mathbb{Z}$.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import flint

__all__ = ["RealRoot", "real_roots"]

WORKING_PRECISION = 256


@dataclass(frozen=True)
class RealRoot:
    """One real root of an integer polynomial: a certified ball, and the exact value if rational.

    Attributes:
        ball: an arb ball containing the root and no other root.
        multiplicity: the multiplicity of the root.
        exact: the root as a ``Fraction`` if it is rational, else ``None``.
    """

    ball: flint.arb
    multiplicity: int
    exact: Fraction | None

    def __float__(self) -> float:
        return float(self.exact) if self.exact is not None else float(self.ball.mid())


def real_roots(poly: flint.fmpz_poly) -> tuple[RealRoot, ...]:
    r"""The real roots of $p \in \mathbb{Z}[t]$, certified, sorted ascending.

    Each irreducible factor is isolated separately (so multiplicities are exact); linear factors
    $a t + b$ give the exact rational root $-b/a$.

    Args:
        poly: a nonzero ``fmpz_poly``.

    Returns:
        The real roots, ascending, each with its multiplicity.

    Example:
        >>> [float(r) for r in real_roots(flint.fmpz_poly([-2, 0, 1]) * flint.fmpz_poly([1, 2]))]
        [-1.414..., -0.5, 1.414...]
    """
    if poly.is_zero():
        raise ValueError("real_roots of the zero polynomial: every number is a root")
    out: list[RealRoot] = []
    _, factors = poly.factor()
    with flint.ctx.workprec(WORKING_PRECISION):
        for factor, mult in factors:
            if factor.degree() == 1:
                b, a = factor.coeffs()
                q = Fraction(-int(b), int(a))
                ball = flint.arb(flint.fmpq(q.numerator, q.denominator))
                out.append(RealRoot(ball, int(mult), q))
                continue
            isolated: list[tuple[flint.acb, int]] = factor.complex_roots()  # type: ignore[assignment]
            for root, _m in isolated:
                if root.imag.is_exact() and root.imag.is_zero():
                    out.append(RealRoot(root.real, int(mult), None))
    return tuple(sorted(out, key=lambda r: float(r)))
