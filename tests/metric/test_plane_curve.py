"""PlaneCurve: singular points, closest points (vs dense sampling) and ED degrees (SPEC §6)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuromanifold.errors import InputError
from neuromanifold.metric import PlaneCurve, ed_degree, real_roots, sample_curve

# SPEC §6: unit-weight ED degrees of plane curves
ED_ORACLES = {
    "x^2 + y^2 - 1": 2,  # circle
    "x^2 + 4*y^2 - 1": 4,  # ellipse
    "y - x^2": 3,  # parabola
    "y^2 - x^3": 4,  # cuspidal cubic
    "y^2 - x^2*(x + 1)": 5,  # nodal cubic
    "(x^2 + y^2 + x)^2 - (x^2 + y^2)": 3,  # cardioid
}


@pytest.mark.parametrize(("text", "expected"), ED_ORACLES.items())
def test_ed_degree_oracles(text, expected):
    result = ed_degree(PlaneCurve.from_text(text), backend="resultant", seed=3)
    assert result.ed_degree == expected
    assert len(result.counts) == 4 and {c for _, _, c in result.counts} == {expected}


def test_general_curve_has_ed_degree_d_squared():
    # a general conic and a general cubic: d^2 (BKS 2024, Ex. 2.7)
    conic = PlaneCurve.from_text("3*x^2 + x*y - 2*y^2 + 5*x - y + 7/3")
    assert ed_degree(conic, backend="resultant").ed_degree == 4
    cubic = "x^3 - 2*x^2*y + 3*y^3 + x*y - 5*x + 7*y - 11/5 + 2*y^2"
    assert ed_degree(PlaneCurve.from_text(cubic), backend="resultant").ed_degree == 9


def test_hyperbola_needs_a_rotated_chart():
    curve = PlaneCurve.from_text("x*y - 1")
    assert curve._chart[:3] != (1, 0, 1)
    assert ed_degree(curve, backend="resultant").ed_degree == 4
    closest = curve.closest_points((0, 0))
    got = sorted(p.xy for p in closest.closest)
    assert np.allclose(got, [(-1, -1), (1, 1)], atol=1e-30)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("y^2 - x^3", [(0, 0)]),
        ("y^2 - x^2*(x + 1)", [(0, 0)]),
        ("(x^2 + y^2 + x)^2 - (x^2 + y^2)", [(0, 0)]),
        ("x^2 + y^2 - 1", []),
        ("(x^2 - 1)*(y^2 - 4)", [(-1, -2), (-1, 2), (1, -2), (1, 2)]),
    ],
)
def test_singular_points_are_exact(text, points):
    curve = PlaneCurve.from_text(text)
    found = sorted(p.exact for p in curve.singular_points)  # type: ignore[type-var]
    assert found == sorted((Fraction(a), Fraction(b)) for a, b in points)
    for p in curve.singular_points:
        assert p.singular and curve.gradient(p.exact) == (0, 0)


def test_irrational_singular_points_are_certified_balls():
    # nodes at x = ±sqrt(2): (y^2 - (x^2 - 2)^2) has singular points (±√2, 0)
    curve = PlaneCurve.from_text("y^2 - (x^2 - 2)^2")
    xs = sorted(p.xy[0] for p in curve.singular_points)
    assert xs == pytest.approx([-np.sqrt(2), np.sqrt(2)], abs=1e-30)
    assert all(p.exact is None for p in curve.singular_points)


def test_closest_point_oracles():
    circle = PlaneCurve.from_text("x^2 + y^2 - 1")
    c = circle.closest_points(("3", "4"))
    assert c.unique and c.closest[0].exact == (Fraction(3, 5), Fraction(4, 5))
    assert c.distance == pytest.approx(4.0)
    centre = circle.closest_points((0, 0))  # every point is closest: a tie
    assert not centre.unique and centre.distance == pytest.approx(1.0)
    cusp = PlaneCurve.from_text("y^2 - x^3")
    assert cusp.closest_points((-1, 0)).closest[0].exact == (0, 0)
    parabola = PlaneCurve.from_text("y - x^2")
    tie = parabola.closest_points((0, 1))
    assert not tie.unique
    got = sorted(p.xy for p in tie.closest)
    assert np.allclose(got, [(-(0.5**0.5), 0.5), (0.5**0.5, 0.5)], atol=1e-15)


CURVES = [
    "y^2 - x^3",
    "x^2 + 4*y^2 - 1",
    "y^2 - x^2*(x + 1)",
    "(x^2 + y^2 + x)^2 - (x^2 + y^2)",
    "x^3 + y^3 - 3*x*y",
]
_SAMPLES = {t: sample_curve(PlaneCurve.from_text(t), (-7, 7, -7, 7), n=3000) for t in CURVES}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(CURVES),
    st.integers(-2000, 2000),
    st.integers(-2000, 2000),
)
def test_closest_points_agree_with_dense_sampling(text, a, b):
    curve = PlaneCurve.from_text(text)
    data = (Fraction(a, 1000), Fraction(b, 1000))
    exact = curve.closest_points(data)
    samples = _SAMPLES[text]
    brute = np.min(np.hypot(samples[:, 0] - a / 1000, samples[:, 1] - b / 1000))
    # samples lie on the curve: never closer than the true minimum; spacing < 0.005
    assert exact.distance <= brute + 1e-9
    assert brute - exact.distance < 5e-3
    for p in exact.closest:
        x, y = p.xy
        assert np.hypot(x - a / 1000, y - b / 1000) == pytest.approx(exact.distance, abs=1e-12)


def test_real_roots_are_certified_and_exact_when_rational():
    import flint

    roots = real_roots(flint.fmpz_poly([-2, 0, 1]) * flint.fmpz_poly([1, 2]) ** 2)
    assert [r.multiplicity for r in roots] == [1, 2, 1]
    assert roots[1].exact == Fraction(-1, 2)
    assert roots[2].ball.overlaps(flint.arb(2).sqrt()) and roots[2].ball.rad() < 1e-60


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x^2 + y^2 + z^2 - 1", "only the variables x and y"),
        ("x^2 +* y", "position"),
        ("3", "nonconstant"),
        ("", "no polynomial"),
    ],
)
def test_bad_curves_raise_input_errors(text, fragment):
    with pytest.raises(InputError, match=fragment) as info:
        PlaneCurve.from_text(text)
    assert "\n" not in str(info.value)


def test_curve_without_real_points_has_no_closest_point():
    with pytest.raises(InputError, match="no real points"):
        PlaneCurve.from_text("x^2 + y^2 + 1").closest_points((0, 0))


def test_squarefree_part_is_stored():
    assert (
        PlaneCurve.from_text("(y^2 - x^3)^2").polynomial
        == PlaneCurve.from_text("y^2 - x^3").polynomial
    )
