"""Realness from Krawczyk boxes: conj(K(X)) ⊆ X proves a real root, K(X) ∩ conj(K(X)) = ∅ a non-real one."""

from __future__ import annotations

import flint
import numpy as np

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.homotopy import certify
from neuromanifold.algebra.homotopy.certify import conjugation_realness


def ball(re: float, im: float, r: float) -> flint.acb:
    return flint.acb(flint.arb(re, r), flint.arb(im, r))


def test_the_rule_on_boxes():
    # X off the real axis by less than its radius, K(X) straddling it: conj(K) ⊂ X, real
    box = [ball(1.0, 2e-4, 1e-3), ball(-2.0, -3e-4, 1e-3)]
    assert conjugation_realness(box, [ball(1.0, 0.0, 1e-6), ball(-2.0, 0.0, 1e-6)]) is True
    # K(X) in the upper half plane in one coordinate: its conjugate is another root, non-real
    assert conjugation_realness(box, [ball(1.0, 1e-4, 1e-6), ball(-2.0, 0.0, 1e-6)]) is False
    # K(X) meets the real axis but its conjugate leaves X: undecided
    thin = [ball(1.0, 9e-4, 1e-3)]
    assert conjugation_realness(thin, [ball(1.0, 5e-4, 6e-4)]) is None


def test_certified_roots_of_real_systems_are_classified():
    """x² = 2 (two real roots) and x² = −1 (±i), the approximations slightly off the axis."""
    real = certify(PolynomialSystem.from_text("x^2 - 2"), np.array([[1.4142 + 1e-7j], [-1.4142]]))
    assert real.certified == (True, True) and real.real == (True, True)
    imaginary = certify(PolynomialSystem.from_text("x^2 + 1"), np.array([[1e-7 + 1.0j], [-1.0j]]))
    assert imaginary.certified == (True, True) and imaginary.real == (False, False)
    mixed = certify(
        PolynomialSystem.from_text("x^2 + y^2 - 5; x*y - 2"),
        np.array([[1.0, 2.0], [2.0 + 1e-9j, 1.0], [-1.0, -2.0], [-2.0, -1.0]]),
    )
    assert mixed.n_real == 4 and mixed.complete
