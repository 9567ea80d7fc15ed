"""Binary forms: real-root structure against closed forms, and the three routes against each other."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuromanifold.algebra.binary_form import (
    distribute,
    exact_units,
    real_root_count,
    real_roots,
    real_units,
    root_counts,
    root_counts_batch,
    root_structure,
)


def _coeffs(poly: flint.fmpz_poly, degree: int) -> list[int]:
    """Coefficients of ``poly`` as a form of formal degree ``degree`` (top ones zero: roots at ∞)."""
    c = [int(v) for v in poly.coeffs()]
    return c + [0] * (degree + 1 - len(c))


# --- closed forms ----------------------------------------------------------------------------
def test_double_root_and_a_conjugate_pair():
    # (x − 1)²(x² + 1): one real root of multiplicity 2, one conjugate pair
    p = flint.fmpz_poly([1, -1]) ** 2 * flint.fmpz_poly([1, 0, 1])
    rs = root_structure(_coeffs(p, 4), 4)
    assert (rs.real_multiplicities, rs.n_pairs, rs.n_real, rs.n_odd) == ((2,), 1, 2, 0)
    assert rs.certified and rs.even_part_degree == 4
    assert rs.separation == pytest.approx(1.0)  # |Im ±i|
    assert root_counts(p, 4) == (2, 0)
    roots = real_roots(p)
    assert [(r.exact, r.multiplicity) for r in roots] == [(Fraction(1), 2)]
    n_real, n_odd, repeated = root_counts_batch(np.array([_coeffs(p, 4)], dtype=float), 1e-4)
    assert (n_real[0], n_odd[0], repeated[0]) == (2, 0, True)


def test_roots_at_infinity_from_the_formal_degree():
    # x·y² as a cubic form: 0 simple, ∞ double
    rs = root_structure([0, 1, 0, 0], 3)
    assert rs.real_multiplicities == (1, 2)
    assert (rs.n_real, rs.n_odd) == (3, 1)
    assert root_counts(flint.fmpz_poly([0, 1]), 3) == (3, 1)
    n_real, n_odd, repeated = root_counts_batch(np.array([[0.0, 1, 0, 0]]), 1e-6)
    assert (n_real[0], n_odd[0], repeated[0]) == (3, 1, True)
    # the constant 1 as a quadratic form is y²: a double root at infinity only
    assert root_structure([1, 0, 0], 2).real_multiplicities == (2,)
    # (x + y) y: -1 and ∞, both simple
    assert root_structure([1, 1, 0], 2).real_multiplicities == (1, 1)


def test_real_roots_sorted_with_exact_rationals_and_multiplicities():
    # (x − 1)²(2x + 4)(x² − 2): −2, −√2, 1 (double), √2
    p = flint.fmpz_poly([1, -1]) ** 2 * flint.fmpz_poly([4, 2]) * flint.fmpz_poly([-2, 0, 1])
    roots = real_roots(p)
    assert [float(r) for r in roots] == pytest.approx([-2, -(2**0.5), 1, 2**0.5])
    assert [r.multiplicity for r in roots] == [1, 1, 2, 1]
    assert [r.exact for r in roots] == [Fraction(-2), None, Fraction(1), None]
    assert roots[3].ball.overlaps(flint.arb(2).sqrt())


def test_no_real_roots_and_the_zero_form():
    assert root_structure([1, 0, 1], 2).real_multiplicities == ()
    assert root_counts(flint.fmpz_poly([1, 0, 1]), 2) == (0, 0)
    assert real_root_count(flint.fmpz_poly([1, 0, 1])) == 0
    with pytest.raises(ValueError, match="zero form"):
        root_structure([0, 0], 1)
    with pytest.raises(ValueError, match="zero polynomial"):
        real_roots(flint.fmpz_poly([0]))


def test_float_model_merges_near_roots_at_its_tolerance():
    # (x − 1)(x − 1 − 1e-6): two roots certified, one double root at root tolerance 1e-4
    c = [1 + 1e-6, -(2 + 1e-6), 1.0]
    assert root_structure(c, 2).real_multiplicities == (1, 1)
    assert root_structure(c, 2, tol=1e-4).real_multiplicities == (2,)
    assert not root_structure(c, 2, tol=1e-4).certified


def test_distribute_multiplies_back():
    # x³ − x = x (x − 1)(x + 1) into a linear and a quadratic factor, exactly
    poly = flint.fmpq_poly([0, -1, 0, 1])
    parts = distribute(exact_units(poly, 3), [1, 2], [2, 3], flint.fmpq(1))
    assert parts is not None
    product = flint.fmpq_poly(parts[0]) * flint.fmpq_poly(parts[1])
    assert product == poly
    # x² + 1 has no real linear factor
    assert distribute(real_units(flint.fmpq_poly([1, 0, 1]), 2, None), [1, 1], [2, 2], 1.0) is None


# --- cross-checks on random integer forms ---------------------------------------------------
@st.composite
def planted_forms(draw) -> tuple[flint.fmpz_poly, int]:
    """A product of planted real roots (multiplicity ≤ 3, integers ≥ 1 apart), irreducible
    quadratics and a power of y (roots at infinity), with its formal degree."""
    p = flint.fmpz_poly([draw(st.integers(1, 3)) * draw(st.sampled_from([-1, 1]))])
    roots = draw(st.lists(st.integers(-4, 4), max_size=3, unique=True))
    for r in roots:
        p *= flint.fmpz_poly([-r, 1]) ** draw(st.integers(1, 3))
    for _ in range(draw(st.integers(0, 2))):
        b, c = draw(st.integers(-2, 2)), draw(st.integers(1, 4))
        p *= flint.fmpz_poly([b * b + c, -2 * b, 1])  # (x − b)² + c: no real root
    return p, p.degree() + draw(st.integers(0, 2))


@settings(max_examples=60, deadline=None)
@given(planted_forms())
def test_certified_sturm_and_float_routes_agree(form):
    poly, degree = form
    rs = root_structure(_coeffs(poly, degree), degree)
    assert root_counts(poly, degree) == (rs.n_real, rs.n_odd)
    assert rs.n_real + 2 * rs.n_pairs == degree
    tolerant = root_structure([float(c) for c in _coeffs(poly, degree)], degree, tol=1e-4)
    assert sorted(tolerant.real_multiplicities) == sorted(rs.real_multiplicities)
    if degree > 0:
        n_real, n_odd, repeated = root_counts_batch(np.array([_coeffs(poly, degree)], float), 1e-3)
        assert (n_real[0], n_odd[0]) == (rs.n_real, rs.n_odd)
        assert repeated[0] == any(m >= 2 for m in rs.real_multiplicities)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-30, 30), min_size=2, max_size=12))
def test_sturm_count_matches_arb_isolation(coeffs):
    p = flint.fmpz_poly(coeffs)
    if p.degree() < 1:
        return
    for g, _ in p.factor()[1]:
        arb_count = sum(1 for z, _ in g.complex_roots() if z.imag == 0)
        assert real_root_count(g) == arb_count
