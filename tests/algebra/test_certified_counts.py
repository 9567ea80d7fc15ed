"""Counts called certified are right, or refused with the reason (issue "Answers you can trust")."""

from __future__ import annotations

import pytest

from neuromanifold.algebra.distance import ImplicitVariety, squarefree_part
from neuromanifold.algebra.ed_degree import EDDegreeError
from neuromanifold.algebra.modular_count import failure_bound_mod_primes
from neuromanifold.algebra.msolve import (
    DEFAULT_PRIMES,
    PRIME_POOL,
    coefficient_integers,
    random_primes,
)
from neuromanifold.algebra.parsing import parse_polynomial
from neuromanifold.metric import ed_degree

BAD = DEFAULT_PRIMES[0] * DEFAULT_PRIMES[1]  # the product of the primes once hard-wired


def test_primes_are_drawn_from_the_seed_and_avoid_the_coefficients():
    a, b = random_primes(2, seed=3)
    assert a != b and all(PRIME_POOL[0] <= p < PRIME_POOL[1] for p in (a, b))
    assert random_primes(2, seed=3) == (a, b)
    assert random_primes(2, seed=4) != (a, b)
    again = random_primes(2, seed=3, avoid=[a * b * 7])
    assert a not in again and b not in again


def test_coefficient_divisors_never_count():
    """The ellipse with the product of two primes as a coefficient: 4, not 2."""
    result = ed_degree(f"{BAD}*x^2 + y^2 - 1", seed=0)
    assert result.ed_degree == 4 and result.certified
    assert all(BAD % p for p, _ in result.counts)
    assert result.certainty == "probable" and 0 < result.failure_bound < 1e-5
    cross = ed_degree(f"{BAD}*x^2 + y^2 - 1", backend="resultant")
    assert cross.ed_degree == 4


def test_a_cubic_with_a_huge_coefficient_agrees_with_resultants():
    text = f"{BAD}*x^3 + y^2 - 1"
    assert ed_degree(text).ed_degree == ed_degree(text, backend="resultant").ed_degree


def test_repeated_factors_are_reduced():
    """(x² + y² − 1)²(x − 3): a circle (2) and a line (1)."""
    reduced = squarefree_part(parse_polynomial("(x - 1)^3*(y + 2)^2"))
    assert reduced == parse_polynomial("(x - 1)*(y + 2)")
    assert ed_degree("(x^2+y^2-1)^2*(x-3)").ed_degree == 3


def test_components_of_different_dimensions_add_up():
    """V(xy, xz) is the plane x = 0 (ED degree 1) and the line y = z = 0 (ED degree 1)."""
    result = ed_degree("x*y; x*z")
    assert result.ed_degree == 2
    assert sorted(result.components) == [(1, 1), (2, 1)]
    assert [str(p) for p in _parts("x*y; x*z")] == ["V(x)", "V(y, z)"]


def test_embedded_lower_branches_are_no_components():
    """V(x*y, x) = V(x): the branch V(x, y) lies inside the plane."""
    assert ed_degree("x*y; x").ed_degree == 1
    assert len(_parts("x*y; x")) == 1


def test_isotropic_conic_has_ed_degree_zero():
    """x² + y² = (x + iy)(x − iy): two isotropic lines, ED degree 0 (not "not radical")."""
    result = ed_degree("x^2 + y^2")
    assert result.ed_degree == 0 and result.certified


def test_zero_count_of_a_system_is_refused_with_the_reason():
    with pytest.raises(EDDegreeError, match=r"ED degree is 0 .* or the equations do not"):
        ed_degree("x^2 + y^2 + z^2; x")  # two isotropic lines in the plane x = 0


def test_failure_bound_shrinks_with_more_primes():
    assert failure_bound_mod_primes(3) < failure_bound_mod_primes(2) < 1e-5


def test_coefficient_integers_hold_numerators_and_denominators():
    system = ImplicitVariety.of("3/7*x^2 - 10*y").system  # stored squarefree and primitive
    assert {3, 70} <= set(coefficient_integers(system))  # the primitive form 3 x^2 - 70 y


def _parts(text: str):
    from neuromanifold.algebra.ed_degree import top_components

    return top_components(ImplicitVariety.of(text), DEFAULT_PRIMES[0])
