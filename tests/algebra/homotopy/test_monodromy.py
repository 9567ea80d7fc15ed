"""Monodromy solving: start pairs, loops, stopping rules and evidence."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.homotopy import CompiledSystem, monodromy_solve, start_pair
from neuromanifold.errors import InputError


def test_start_pair_solves_for_the_parameters():
    s = PolynomialSystem.from_text(
        "x^2 + a*y - 1; x*y - b*x + a", ["x", "y"], parameters=["a", "b"]
    )
    x0, p0 = start_pair(s, seed=3)
    f, _, _ = CompiledSystem.from_system(s).evaluate(x0[None, :], p0)
    assert np.abs(f).max() < 1e-10


def test_start_pair_keeps_fixed_parameters_and_solves_for_the_rest():
    s = PolynomialSystem.from_text(
        "x^2 + a*y - c; x*y - b*x + a", ["x", "y"], parameters=["a", "b", "c"]
    )
    x0, p0 = start_pair(s, seed=3, fixed=np.array([np.nan, np.nan, 2.5]))
    f, _, _ = CompiledSystem.from_system(s).evaluate(x0[None, :], p0)
    assert p0[2] == 2.5 and np.abs(f).max() < 1e-10
    with pytest.raises(InputError, match="fixed must hold 3"):
        start_pair(s, fixed=np.array([1.0]))


def test_nonaffine_parameters_need_an_explicit_start():
    s = PolynomialSystem.from_text("x^2 - p^2", ["x"], parameters=["p"])
    with pytest.raises(InputError, match="affinely"):
        start_pair(s)


def test_monodromy_finds_all_roots_of_a_generic_quartic():
    s = PolynomialSystem.from_text("x^4 + a*x^2 + b*x + c", ["x"], parameters=["a", "b", "c"])
    r = monodromy_solve(s, seed=2)
    assert r.n_solutions == 4
    assert "stable" in r.completeness
    p = r.parameters
    assert np.abs(np.polyval([1, 0, p[0], p[1], p[2]], r.solutions[:, 0])).max() < 1e-8


def test_expected_count_stops_early_and_is_recorded():
    s = PolynomialSystem.from_text("x^3 - p*x - q", ["x"], parameters=["p", "q"])
    r = monodromy_solve(s, seed=0, expected=3)
    assert r.n_solutions == 3 and "expected" in r.completeness


def test_monodromy_is_deterministic():
    s = PolynomialSystem.from_text("x^2 - a*y; y^2 - b*x - 1", ["x", "y"], parameters=["a", "b"])
    r1, r2 = monodromy_solve(s, seed=4), monodromy_solve(s, seed=4)
    assert r1.n_solutions == r2.n_solutions == 4
    assert np.array_equal(r1.solutions, r2.solutions)


def test_trace_test_tells_a_complete_fiber_from_a_part():
    """Sum of the x over the 5 solutions of a generic quintic is linear in its coefficients."""
    from neuromanifold.algebra.homotopy import trace_test

    s = PolynomialSystem.from_text(
        "x^5 + a*x^3 + b*x^2 + c*x + d", ["x"], parameters=["a", "b", "c", "d"]
    )
    r = monodromy_solve(s, seed=3)
    assert r.n_solutions == 5
    full = trace_test(s, r.solutions, r.parameters, lambda x: x, seed=1)
    part = trace_test(s, r.solutions[:4], r.parameters, lambda x: x, seed=1)
    assert full.passed and full.residual < 1e-12
    assert not part.passed and part.residual > 1e-6


def test_trace_test_stops_monodromy_with_the_evidence():
    s = PolynomialSystem.from_text(
        "x^2 + y^2 - a*x - b; x*y - c*y + d", ["x", "y"], parameters=["a", "b", "c", "d"]
    )
    r = monodromy_solve(s, seed=5, trace=lambda x: x)
    assert r.n_solutions == 4  # the Bezout number: a generic member of this family
    assert "trace test passed" in r.completeness


def test_trace_directions_must_be_a_boolean_mask():
    from neuromanifold.algebra.homotopy import trace_test

    s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
    r = monodromy_solve(s, seed=0)
    with pytest.raises(InputError, match="directions"):
        trace_test(s, r.solutions, r.parameters, lambda x: x, directions=np.array([False]))
