"""ED degree oracles (SPEC §4, §6), each by two routes or two seeds, and the error paths."""

from __future__ import annotations

import itertools
import json
from math import comb

import numpy as np
import pytest

from neuromanifold.algebra import (
    EDDegree,
    MsolveTimeoutError,
    ParametrizedVariety,
    PositiveDimensionalError,
    general_linear_chart,
    polynomial_context,
)
from neuromanifold.errors import InputError
from neuromanifold.metric import ed_degree

PLANE_CURVES = {
    "circle": ("x^2 + y^2 - 1", 2),
    "ellipse": ("x^2 + 4*y^2 - 1", 4),
    "parabola": ("y - x^2", 3),
    "cuspidal cubic": ("y^2 - x^3", 4),
    "nodal cubic": ("y^2 - x^2*(x + 1)", 5),
    "cardioid": ("(x^2 + y^2 + x)^2 - (x^2 + y^2)", 3),
}


def ed_degree_parametric(phi, names=None, *, charts=(), constraints=(), **kwargs):
    """The verb on the image of φ (random charts on ``charts``, and ``constraints``)."""
    variety = ParametrizedVariety.of(phi, names, charts=charts, constraints=constraints)
    return ed_degree(variety, backend="msolve", **kwargs)


def minors_text(m: int, n: int, r: int) -> tuple[str, list[str]]:
    """The (r+1)-minors of an m x n matrix of unknowns x{i}{j}, as text."""
    x = [[f"x{i}{j}" for j in range(n)] for i in range(m)]
    eqs = []
    for rows in itertools.combinations(range(m), r + 1):
        for cols in itertools.combinations(range(n), r + 1):
            terms = []
            for perm in itertools.permutations(range(r + 1)):
                inversions = sum(
                    perm[a] > perm[b] for a, b in itertools.combinations(range(r + 1), 2)
                )
                sign = "-" if inversions % 2 else "+"
                terms.append(sign + "*".join(x[rows[a]][cols[perm[a]]] for a in range(r + 1)))
            eqs.append("".join(terms))
    return "; ".join(eqs), [v for row in x for v in row]


def product_map(m: int, n: int, r: int):
    """W = A B with A (m x r), B (r x n), as flint polynomials, and a random GL_r chart on A."""
    a = [[f"a{i}{k}" for k in range(r)] for i in range(m)]
    b = [[f"b{k}{j}" for j in range(n)] for k in range(r)]
    names = [v for row in a for v in row] + [v for row in b for v in row]
    ctx = polynomial_context(names)
    g = dict(zip(names, ctx.gens(), strict=True))
    phi = [
        sum((g[a[i][k]] * g[b[k][j]] for k in range(r)), ctx.constant(0))
        for i in range(m)
        for j in range(n)
    ]
    return phi, names, general_linear_chart(a, names, seed=7)


def segre_text(*sizes: int) -> tuple[str, list[str], list[list[str]]]:
    factors = [[f"{chr(97 + f)}{i}" for i in range(k)] for f, k in enumerate(sizes)]
    coords = ["*".join(c) for c in itertools.product(*factors)]
    return "; ".join(coords), [v for f in factors for v in f], factors[:-1]


@pytest.mark.parametrize("name", list(PLANE_CURVES))
def test_plane_curves_unit_weights_two_seeds(name):
    text, expected = PLANE_CURVES[name]
    first = ed_degree(text, seed=0, real=True)
    second = ed_degree(text, seed=1)
    assert first.ed_degree == second.ed_degree == expected
    assert first.certified and second.certified
    assert first.n_real is not None and 1 <= first.n_real <= expected
    assert first.n_real % 2 == expected % 2  # non-real critical points come in conjugate pairs


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_general_plane_curve_has_ed_degree_d_squared(d):
    rng = np.random.default_rng(100 + d)
    terms = [
        f"{int(rng.integers(-999, 1000))}*x^{i}*y^{j}"
        for i in range(d + 1)
        for j in range(d + 1 - i)
    ]
    text = " + ".join(terms).replace("+ -", "- ")
    assert ed_degree(text, ["x", "y"], seed=d).ed_degree == d * d


@pytest.mark.parametrize(
    ("m", "n", "r", "expected"), [(2, 2, 1, 6), (2, 3, 1, 10), (3, 3, 1, 39), (3, 3, 2, 39)]
)
def test_rank_varieties_generic_weights_two_routes(m, n, r, expected):
    text, coords = minors_text(m, n, r)
    implicit = ed_degree(text, coords, weights="generic", seed=3)
    phi, names, chart = product_map(m, n, r)
    parametric = ed_degree_parametric(phi, names, constraints=chart, weights="generic", seed=4)
    assert implicit.ed_degree == parametric.ed_degree == expected
    assert implicit.codimension == (m - r) * (n - r)


@pytest.mark.parametrize(("m", "n", "r"), [(2, 2, 1), (2, 3, 1), (3, 3, 1), (3, 3, 2), (3, 4, 2)])
def test_rank_varieties_unit_weights_eckart_young(m, n, r):
    text, coords = minors_text(m, n, r)
    phi, names, chart = product_map(m, n, r)
    expected = comb(min(m, n), r)
    assert ed_degree(text, coords, seed=5).ed_degree == expected
    assert ed_degree_parametric(phi, names, constraints=chart, seed=6).ed_degree == expected


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_rational_normal_curve_two_routes(d):
    # the affine cone over the rational normal curve: lambda * (1, t, ..., t^d)
    param = "; ".join(f"l*t^{i}" for i in range(d + 1))
    hankel = "; ".join(f"x{i}*x{j + 1} - x{i + 1}*x{j}" for i in range(d) for j in range(i + 1, d))
    coords = [f"x{i}" for i in range(d + 1)]
    assert ed_degree_parametric(param, ["l", "t"]).ed_degree == 3 * d - 2
    assert ed_degree(hankel, coords).ed_degree == 3 * d - 2


@pytest.mark.parametrize(("sizes", "expected"), [((2, 2), 6), ((2, 3), 10), ((3, 3), 39)])
def test_segre_generic_weights_two_seeds(sizes, expected):
    text, names, charts = segre_text(*sizes)
    counts = {
        ed_degree_parametric(text, names, charts=charts, weights="generic", seed=s).ed_degree
        for s in (0, 1)
    }
    assert counts == {expected}


def test_result_summary_and_json():
    result = ed_degree("y^2 - x^3", real=True, seed=11)
    assert isinstance(result, EDDegree)
    d = result.to_dict()
    assert {"ed_degree", "n_real", "certified", "backend", "seed"} <= set(d)
    assert d["ed_degree"] == 4 and d["backend"] == "msolve" and d["seed"] == 11
    json.dumps(d)
    text = str(result)
    assert "ED degree 4 (exact with probability ≥ 1 − " in text and len(text.splitlines()) < 25
    assert result.real is not None and result.real.sturm_count == result.n_real


def test_seed_is_reproducible():
    a = ed_degree("x11*x22 - x12*x21", weights="generic", seed=9)
    b = ed_degree("x11*x22 - x12*x21", weights="generic", seed=9)
    assert a.weight_values == b.weight_values and a.data == b.data
    assert max(a.weight_values) <= 1000 and min(a.weight_values) >= 1


def test_unfixed_gauge_is_a_clear_error():
    text, names, _ = segre_text(2, 2)
    with pytest.raises(InputError, match="rank"):
        ed_degree_parametric(text, names)


def test_wrong_codimension_is_refused():
    with pytest.raises(InputError, match="codimension 2"):
        ed_degree("x0*x2 - x1^2; x0*x3 - x1*x2; x1*x3 - x2^2", codim=1)


def test_non_reduced_equation_is_reduced_to_its_squarefree_part():
    assert ed_degree("(x^2 + y^2 - 1)^2").ed_degree == 2  # the circle


def test_positive_dimensional_critical_locus_is_an_error():
    # every point of the unit circle is critical for the distance from its centre
    with pytest.raises(PositiveDimensionalError, match=r"dimension 1.*not generic"):
        ed_degree("x^2 + y^2 - 1", data=[0, 0])


def test_bad_inputs():
    with pytest.raises(InputError, match="weights"):
        ed_degree("x^2 + y^2 - 1", weights="random")
    with pytest.raises(InputError, match="positive"):
        ed_degree("x^2 + y^2 - 1", weights=[1, -1])
    with pytest.raises(InputError, match="empty"):
        ed_degree("x - 1; x - 2")


def test_timeout():
    text, coords = minors_text(3, 3, 1)
    with pytest.raises(MsolveTimeoutError):
        ed_degree(text, coords, codim=4, weights="generic", timeout=0.001)


@pytest.mark.parametrize(("sizes", "expected"), [((4, 4), 284), ((2, 2, 2), 34)])
def test_larger_segre_counts(sizes, expected):
    # SPEC §8: 4 x 4 rank one with generic weights has 284 critical points (not 280)
    text, names, charts = segre_text(*sizes)
    result = ed_degree_parametric(text, names, charts=charts, weights="generic", seed=2)
    assert result.ed_degree == expected and result.certified


def test_cusp_real_count_against_parametrization():
    # On (t^2, t^3) the critical points are the nonzero real roots of
    # d/dt [(t^2 - u1)^2 + (t^3 - u2)^2] / (2t) = 3 t^4 + 2 t^2 - 3 u2 t - 2 u1.
    for seed in range(3):
        result = ed_degree("y^2 - x^3", seed=seed, real=True)
        u1, u2 = result.data
        roots = np.roots([3, 0, 2, -3 * u2, -2 * u1])
        n_real = int(np.sum(np.abs(roots.imag) < 1e-6 * np.maximum(1, np.abs(roots))))
        assert result.n_real == n_real


@pytest.mark.slow
def test_rank_one_3x3_real_critical_points():
    text, names, charts = segre_text(3, 3)
    result = ed_degree_parametric(text, names, charts=charts, weights="generic", real=True)
    assert result.ed_degree == 39
    assert result.n_real is not None and result.n_real % 2 == 1
