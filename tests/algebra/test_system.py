"""Exact polynomial systems, substitution, and the numeric evaluator against exact values."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest

from neuromanifold.algebra import PolynomialSystem, to_fmpq
from neuromanifold.errors import InputError


def _exact_value(f: flint.fmpq_mpoly, point: list[Fraction]) -> Fraction:
    value = f.compose(*[f.context().constant(to_fmpq(c)) for c in point])
    q = value.leading_coefficient() if not value.is_zero() else flint.fmpq(0)
    return Fraction(int(q.p), int(q.q))


def test_substitute_returns_new_system():
    s = PolynomialSystem.from_text("x^2 + y^2 - r; x - u*y", ["x", "y"], parameters=["r", "u"])
    t = s.substitute({"r": 4, "u": Fraction(1, 2)})
    assert s.parameters == ("r", "u") and t.parameters == ()
    assert t.variables == ("x", "y")
    x, y = t.context.gens()
    assert t.equations == (x**2 + y**2 - 4, x - y / 2)
    assert t.domain == "QQ" and t.over(7).domain == "GF(7)"


def test_validation():
    with pytest.raises(InputError, match="characteristic"):
        PolynomialSystem.from_text("x", characteristic=6)
    with pytest.raises(InputError, match="exact input"):
        PolynomialSystem.from_text("x - u", ["x"], parameters=["u"]).substitute({"u": 0.5})
    with pytest.raises(InputError, match="cannot substitute"):
        PolynomialSystem.from_text("x").substitute({"z": 1})


def test_from_polynomials_moves_rings():
    ctx = flint.fmpz_mpoly_ctx.get(("b", "a"), "lex")
    b, a = ctx.gens()
    s = PolynomialSystem.from_polynomials([a * b - 1, 2 * a])
    assert s.variables == ("a", "b")
    x, y = s.context.gens()
    assert s.equations == (x * y - 1, 2 * x)


def test_integer_equations_are_primitive():
    s = PolynomialSystem.from_text("x/2 - 1/3; -4*x + 6*y")
    f, g = s.integer_equations()
    assert str(f) == "3*x - 2"
    assert str(g) == "2*x - 3*y"


@pytest.mark.parametrize("dtype", [float, complex])
def test_evaluator_matches_exact_values_and_jacobian(dtype):
    s = PolynomialSystem.from_text(
        "x^3*y - 3/2*z^2 + 7; x*y*z - 1; y^4 + x - 2/3*z", ["x", "y", "z"]
    )
    ev = s.compile()
    rng = np.random.default_rng(0)
    ints = rng.integers(-5, 6, size=(20, 3))
    values = ev.values(ints.astype(dtype))
    jac = ev.jacobian(ints.astype(dtype))
    exact_jac = s.jacobian_matrix()
    for p, point in enumerate(ints.tolist()):
        point_q = [Fraction(c) for c in point]
        for i, f in enumerate(s.equations):
            assert values[p, i] == pytest.approx(float(_exact_value(f, point_q)), abs=1e-9)
            for j in range(3):
                exact = float(_exact_value(exact_jac[i][j], point_q))
                assert jac[p, i, j] == pytest.approx(exact, abs=1e-9)
    if dtype is complex:
        z = rng.normal(size=(5, 3)) + 1j * rng.normal(size=(5, 3))
        h = 1e-6
        for j in range(3):
            dz = np.zeros(3, dtype=complex)
            dz[j] = h
            fd = (ev.values(z + dz) - ev.values(z - dz)) / (2 * h)
            np.testing.assert_allclose(ev.jacobian(z)[:, :, j], fd, rtol=1e-6, atol=1e-6)


def test_evaluator_with_parameters():
    s = PolynomialSystem.from_text("x^2 - u", ["x"], parameters=["u"])
    ev = s.compile()
    assert ev.values(np.array([[3.0]]), parameters=[9.0]).tolist() == [[0.0]]
    assert ev.jacobian(np.array([[3.0]]), parameters=[9.0]).tolist() == [[[6.0]]]
    with pytest.raises(InputError, match="parameters"):
        ev.values(np.array([[3.0]]))
    with pytest.raises(InputError, match="shape"):
        ev.values(np.zeros((2, 2)), parameters=[1.0])
