"""Voronoi cells: normal-line oracles, the cusp's exact cell against brute force, bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import numpy as np
import pytest

from neuromanifold.errors import InputError
from neuromanifold.metric import PlaneCurve, classify_grid, cusp_boundary, voronoi_cell


def test_circle_cell_is_the_ray_from_the_centre():
    cell = voronoi_cell("x^2 + y^2 - 1", ("3/5", "4/5"))
    assert cell.kind == "smooth" and cell.area == 0 and cell.unique
    assert cell.normal == pytest.approx((-0.6, -0.8))  # towards the centre of curvature
    assert cell.extent == (-math.inf, pytest.approx(1.0))  # outward ray, up to the centre
    assert cell.extent_reasons == ("unbounded", "curvature")
    assert cell.contains((Fraction(6, 5), Fraction(8, 5)))
    assert not cell.contains((Fraction(6, 5), Fraction(7, 5)))


@pytest.mark.parametrize("a", [Fraction(1, 2), Fraction(2), Fraction(3, 7)])
def test_parabola_vertex_cell_reaches_the_centre_of_curvature(a):
    cell = voronoi_cell(f"y - {a}*x^2", (0, 0))
    lo, hi = cell.extent  # type: ignore[misc]
    # the normal is oriented by the gradient; the bounded end is the centre of curvature
    assert cell.normal == pytest.approx((0.0, 1.0))
    assert lo == -math.inf and hi == pytest.approx(1 / (2 * float(a)))  # length 1/(2a) above p
    assert cell.extent_reasons == ("unbounded", "curvature")
    top = (0, 1 / (2 * a))
    assert cell.contains((0, top[1] - Fraction(1, 1000)))
    assert not cell.contains((0, top[1] + Fraction(1, 1000)))


def test_smooth_cell_of_the_cusp_curve_ends_at_a_tie():
    cell = voronoi_cell("y^2 - x^3", ("1/4", "1/8"))
    assert cell.area == 0 and cell.length_in_box > 0
    assert set(cell.extent_reasons) <= {"tangency", "singular", "curvature"}  # type: ignore[arg-type]
    lo, hi = cell.extent  # type: ignore[misc]
    p, n = np.array([0.25, 0.125]), np.array(cell.normal)
    curve = PlaneCurve.from_text("y^2 - x^3")
    for t in (lo, hi):
        end = p + t * n
        closest = curve.closest_points(tuple(end))
        assert closest.distance == pytest.approx(abs(t), rel=1e-9)


def test_cusp_cell_has_positive_area_and_an_algebraic_boundary():
    cell = voronoi_cell("y^2 - x^3", (0, 0))
    assert cell.kind == "singular" and cell.method == "cusp-discriminant"
    assert cell.area == pytest.approx(1.7393991338328, abs=1e-12)
    assert 0 < cell.area_error < 1e-12 and cell.unique
    assert cell.boundary == "128*u^3 + 32*u^2 + 72*u*v^2 + 2*u + 27*v^4 + v^2"
    d = cell.to_dict()
    assert {"area", "area_error", "boundary", "unique"} <= d.keys()


def test_cusp_boundary_passes_through_the_origin_and_matches_its_parametrization():
    equation, _ = cusp_boundary(1)
    ctx = flint.fmpq_mpoly_ctx.get(("u", "v"), "lex")
    from neuromanifold.algebra.parsing import parse_polynomial

    disc = parse_polynomial(equation, ["u", "v"])
    assert disc(0, 0) == 0
    s = flint.fmpq_poly([0, 1])
    u, v = -(3 * s**4 + s**2) / 2, 2 * s**3 + s
    total = flint.fmpq_poly([0])
    for (i, j), c in disc.to_dict().items():
        total += c * u**i * v**j
    assert total == 0  # the parametrization lies on the discriminant, identically
    del ctx
    # along the boundary, the cusp and a second curve point are equally close (a tie)
    curve = PlaneCurve.from_text("y^2 - x^3")
    for t in (Fraction(1, 3), Fraction(-1, 2)):
        data = (-(3 * t**4 + t**2) / 2, 2 * t**3 + t)
        closest = curve.closest_points(data)
        assert len(closest.closest) == 2
        assert any(q.exact == (0, 0) for q in closest.closest)


def test_cusp_area_agrees_with_brute_force_grid():
    curve = PlaneCurve.from_text("y^2 - x^3")
    for box in [(-1, 1, -1, 1), (-0.5, 0.25, -0.3, 0.9)]:
        exact = voronoi_cell(curve, (0, 0), box)
        grid = classify_grid(curve, (0, 0), box, n=200, n_lines=2000)
        assert abs(exact.area - grid.area) <= grid.area_error + exact.area_error


def test_scaled_cusp_cell_scales():
    # y^2 = c x^3 has cell (1/c) * cell(y^2 = x^3): area in box B = area_1(cB) / c^2
    c = Fraction(2)
    scaled = voronoi_cell("y^2 - 2*x^3", (0, 0), (-0.5, 0.5, -0.5, 0.5))
    unit = voronoi_cell("y^2 - x^3", (0, 0), (-1, 1, -1, 1))
    assert scaled.area == pytest.approx(unit.area / c**2, abs=1e-12)


def test_box_outside_the_cell_has_zero_area():
    assert voronoi_cell("y^2 - x^3", (0, 0), (0.5, 1, -1, 1)).area == pytest.approx(0, abs=1e-15)


def test_other_singular_points_use_the_grid():
    node = voronoi_cell("y^2 - x^2*(x + 1)", (0, 0), grid=100)
    assert node.method == "grid" and node.area <= node.area_error


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("x^2 + y^2 + z^2 - 1", (0, 0)), "only the variables x and y"),
        (("x^^2", (0, 0)), "position"),
        (("y^2 - x^3", (1, 2)), "not on the curve"),
        (("y^2 - x^3", (0,)), "point must be a pair"),
        (("y^2 - x^3", (0, 0), (1, 1, 0, 1)), "box"),
        (("y^2 - x^3", (0, 0), (0, 1, 0)), "box"),
        (("y^2 - x^3", ("a", 0)), "point coordinates"),
    ],
)
def test_bad_input_raises_clear_one_line_errors(args, fragment):
    with pytest.raises(InputError, match=fragment) as info:
        voronoi_cell(*args)
    assert "\n" not in str(info.value)
