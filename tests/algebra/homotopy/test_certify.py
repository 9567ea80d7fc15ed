"""Krawczyk certification: proofs of existence, uniqueness, realness and distinctness."""

from __future__ import annotations

import numpy as np

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.homotopy import certify


def test_real_and_nonreal_solutions_are_told_apart():
    s = PolynomialSystem.from_text("x^2 + y^2 - 1; x^2 - y^2 - 3")  # x^2 = 2, y^2 = -1
    r2 = np.sqrt(2.0)
    sols = np.array([[r2, 1j], [r2, -1j], [-r2, 1j], [-r2, -1j]])
    c = certify(s, sols)
    assert c.certified == (True,) * 4 and c.distinct
    assert c.real == (False,) * 4
    c = certify(PolynomialSystem.from_text("x^2 - 2; y - x"), np.array([[r2, r2]]))
    assert c.real == (True,) and c.complete


def test_a_point_that_is_not_near_a_solution_is_not_certified():
    s = PolynomialSystem.from_text("x^2 - 2; y - 1")
    c = certify(s, np.array([[1.3, 1.0], [np.sqrt(2.0), 1.0]]))
    assert c.certified == (False, True)
    assert not c.complete


def test_duplicates_are_not_proved_distinct():
    s = PolynomialSystem.from_text("x^2 - 2; y - 1")
    p = np.sqrt(2.0)
    c = certify(s, np.array([[p, 1.0], [p * (1 + 1e-14), 1.0]]))
    assert all(c.certified) and not c.distinct


def test_singular_solution_is_not_certified():
    c = certify(PolynomialSystem.from_text("x^2; y"), np.array([[1e-9, 0.0]]))
    assert c.certified == (False,)


def test_nonvanishing_determinant_excludes_points():
    s = PolynomialSystem.from_text("x^2 - 1; y")
    x, _ = s.gens()["x"], s.gens()["y"]
    c = certify(s, np.array([[1.0, 0.0]]), nonvanishing=[[x - 1]])
    assert c.certified == (False,)
    c = certify(s, np.array([[1.0, 0.0]]), nonvanishing=[[x + 2]])
    assert c.certified == (True,)


def test_float_newton_runs_only_for_the_points_the_approximations_do_not_prove(monkeypatch):
    # accurate approximations (a tracker's refined endpoints) are proved around themselves;
    # a rough one (3e-8 off: outside both disk radii) gets a float-Newton centre first
    import importlib

    module = importlib.import_module("neuromanifold.algebra.homotopy.certify")

    calls = []
    newton = module._float_newton

    def counted(system, sols):
        calls.append(sols.shape[0])
        return newton(system, sols)

    monkeypatch.setattr(module, "_float_newton", counted)
    s = PolynomialSystem.from_text("x^2 - 2; x*y - 3")
    r2 = np.sqrt(2.0)
    exact = np.array([[r2, 3 / r2], [-r2, -3 / r2]], dtype=complex)
    c = certify(s, exact)
    assert all(c.certified) and c.real == (True, True) and calls == []
    rough = exact * np.array([[1.0, 1.0], [1 + 3e-8, 1.0]])
    c = certify(s, rough)
    assert all(c.certified) and c.real == (True, True) and calls == [1]
    assert np.abs(c.points - exact).max() < 1e-14
