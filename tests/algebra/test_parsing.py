"""Polynomial text → exact flint polynomials, and the errors for bad text."""

from __future__ import annotations

import flint
import pytest

from neuromanifold.algebra import (
    PolynomialParseError,
    parse_polynomial,
    parse_polynomials,
    variables_in_text,
)
from neuromanifold.errors import InputError


def test_cusp_and_sorted_variables():
    (f,), ctx = parse_polynomials("y^2 - x^3")
    assert ctx.names() == ("x", "y")
    x, y = ctx.gens()
    assert f == y**2 - x**3


def test_several_equations_rationals_powers_parentheses():
    (f, g, h), ctx = parse_polynomials("3/2*x - (y + 1)**2; -x^2; 0.25*(x - y)^3\n", ["x", "y"])
    x, y = ctx.gens()
    assert f == flint.fmpq(3, 2) * x - (y + 1) ** 2
    assert g == -(x**2)
    assert h == flint.fmpq(1, 4) * (x - y) ** 3


def test_unary_minus_binds_looser_than_power():
    assert parse_polynomial("-x^2", ["x"]) == -(parse_polynomial("x", ["x"]) ** 2)
    assert parse_polynomial("--x", ["x"]) == parse_polynomial("x", ["x"])


def test_division_by_constants_only():
    x = parse_polynomial("x", ["x"])
    assert parse_polynomial("x/(2*3)", ["x"]) == x / 6
    with pytest.raises(PolynomialParseError, match="non-constant"):
        parse_polynomial("1/x", ["x"])
    with pytest.raises(PolynomialParseError, match="division by zero"):
        parse_polynomial("x/(1-1)", ["x"])


def test_explicit_variable_order_is_kept():
    (f,), ctx = parse_polynomials("a*b", ["b", "a"])
    assert ctx.names() == ("b", "a")
    assert f.degrees() == (1, 1)


@pytest.mark.parametrize(
    ("text", "position", "char"),
    [
        ("x^2 + @y", 6, "'@'"),
        ("2x + 1", 1, "'x'"),
        ("x + * y", 4, "'*'"),
        ("(x + y", 6, "end of text"),
        ("x^y", 2, "'y'"),
        ("x^1.5", 2, "'1'"),
    ],
)
def test_errors_name_position_and_character(text, position, char):
    with pytest.raises(PolynomialParseError) as info:
        parse_polynomials(text)
    message = str(info.value)
    assert f"position {position}" in message
    assert char in message
    assert "\n" not in message
    assert isinstance(info.value, InputError)


def test_implicit_multiplication_says_how_to_fix():
    with pytest.raises(PolynomialParseError, match=r"write 2\*x"):
        parse_polynomial("2x")


def test_unknown_variable_is_named():
    with pytest.raises(PolynomialParseError, match=r"unknown variable 'z'.*x, y"):
        parse_polynomials("x + z", ["x", "y"])


def test_empty_text_and_bad_variable_names():
    with pytest.raises(PolynomialParseError, match="no polynomial"):
        parse_polynomials(" ; ")
    with pytest.raises(InputError, match="distinct"):
        parse_polynomials("x", ["x", "x"])
    with pytest.raises(InputError, match="not allowed"):
        parse_polynomials("x", ["x", "2y"])


def test_variables_in_text():
    assert variables_in_text("u_1*x + y0^2; x") == ("u_1", "x", "y0")
