"""ED degrees by homotopy agree with the msolve backend on the project's oracles (SPEC §6)."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.algebra import ParametrizedVariety, count_solutions
from neuromanifold.algebra.homotopy import ed_problem_parametric
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space.neurovariety import gauge
from neuromanifold.metric import ed_degree
from neuromanifold.parametrization import symbolic_map


def ed_degree_homotopy(subject, **kwargs):
    """The verb with the homotopy backend."""
    return ed_degree(subject, backend="homotopy", **kwargs)


def parametric(phi, names=None, *, charts=(), constraints=(), backend="msolve", **kwargs):
    """The verb on the image of φ (random charts on ``charts``, and ``constraints``)."""
    variety = ParametrizedVariety.of(phi, names, charts=charts, constraints=constraints)
    return ed_degree(variety, backend=backend, **kwargs)


def parametric_homotopy(phi, names=None, **kwargs):
    return parametric(phi, names, backend="homotopy", **kwargs)


def rank_one(m: int, n: int) -> tuple[str, list[list[str]]]:
    text = "; ".join(f"a{i}*b{j}" for i in range(m) for j in range(n))
    return text, [[f"a{i}" for i in range(m)]]


def architecture_map(text: str):
    arch = parse_architecture(text).minimal()
    phi, names = symbolic_map(arch)
    return phi, names, gauge(arch, seed=0)


@pytest.mark.parametrize(
    ("curve", "expected"),
    [("x^2 + y^2 - 1", 2), ("y - x^2", 3), ("y^2 - x^3", 4), ("y^2 - x^2*(x + 1)", 5)],
)
def test_plane_curves_match_msolve(curve, expected):
    ours = ed_degree_homotopy(curve, seed=1)
    exact = ed_degree(curve, backend="msolve", seed=1, real=True)
    assert ours.ed_degree == exact.ed_degree == expected
    assert ours.n_real == exact.n_real
    # every point is proved, but the count is only evidence without a known exact count
    assert not ours.certified and ours.backend == "homotopy"
    assert ours.data == exact.data and ours.weight_values == exact.weight_values


@pytest.mark.parametrize(("m", "n", "expected"), [(2, 2, 6), (2, 3, 10)])
def test_rank_one_generic_weights_match_msolve(m, n, expected):
    text, charts = rank_one(m, n)
    ours = parametric_homotopy(text, charts=charts, weights="generic", seed=2)
    exact = parametric(text, charts=charts, weights="generic", seed=2, real=True)
    assert ours.ed_degree == exact.ed_degree == expected
    assert ours.n_real == exact.n_real
    assert not ours.certified
    matched = parametric_homotopy(
        text, charts=charts, weights="generic", seed=2, expected=exact.ed_degree
    )
    assert matched.certified and matched.ed_degree == expected


def test_segre_p1_p1_through_a_strided_lcn():
    phi, names, gauge = architecture_map("lcn:k=2,2:s=2,1")
    ours = parametric_homotopy(phi, names, constraints=gauge, weights="generic", seed=0)
    assert ours.ed_degree == 6 and not ours.certified


def test_same_system_as_msolve_and_resolve_for_new_data():
    text, charts = rank_one(2, 2)
    problem = ed_problem_parametric(text, charts=charts, weights="generic", seed=3)
    generic = problem.generic_solutions()
    assert generic.n_solutions == 6
    assert count_solutions(problem.saturated_system()).n_solutions == 6
    rng = np.random.default_rng(0)
    for _ in range(2):
        data = [int(v) for v in rng.integers(-1000, 1000, size=4)]
        moved = problem.solve(generic, data)
        assert moved.n_solutions == 6 and moved.certification is not None
        assert moved.certification.complete
        exact = count_solutions(problem.saturated_system(data))
        assert exact.n_solutions == moved.n_solutions


def test_seed_determines_the_result():
    a = ed_degree_homotopy("y^2 - x^3", seed=4)
    b = ed_degree_homotopy("y^2 - x^3", seed=4)
    assert (a.ed_degree, a.n_real, a.data, a.route) == (b.ed_degree, b.n_real, b.data, b.route)


@pytest.mark.parametrize(
    ("text", "seed"),
    [("lcn:k=2,2:s=2,1", 0), ("lcn:k=2,2:s=2,1", 1), ("fc:2,1,3", 0), ("lcn:k=3,2:s=2,1", 0)],
)
def test_small_architectures_agree_with_msolve(text, seed):
    """Same count and real count as msolve on the same draws; every point proved; trace test."""
    phi, names, gauge = architecture_map(text)
    ours = parametric_homotopy(phi, names, constraints=gauge, weights="generic", seed=seed)
    exact = parametric(phi, names, constraints=gauge, weights="generic", seed=seed, real=True)
    assert ours.ed_degree == exact.ed_degree
    assert ours.n_real == exact.n_real
    assert "trace test passed" in ours.route


def test_data_scaling_is_an_exact_symmetry_of_the_critical_equations():
    """F(c^d x; λ, c w) = 0 whenever F(x; λ, w) = 0: the free layer carries the data's scale."""
    from neuromanifold.algebra.homotopy import CompiledSystem
    from neuromanifold.algebra.homotopy.ed_problem import data_scaling

    phi, names, gauge = architecture_map("lcn:k=3,3:s=2,1")
    problem = ed_problem_parametric(phi, names, constraints=gauge, weights="generic", seed=2)
    mask = problem._data_directions()
    degrees = data_scaling(problem.system, mask)
    assert degrees is not None
    free_layer = [v.startswith("w2") for v in problem.system.variables]
    assert degrees.tolist() == [1.0 if f else 0.0 for f in free_layer]
    generic = problem.generic_solutions()
    assert generic.n_solutions == 39
    ev = CompiledSystem.from_system(problem.system)
    for c in (1e-3, 7.0, 1e5):
        p = np.where(mask, c, 1.0) * generic.parameters
        f, jx, _ = ev.evaluate(generic.solutions * c**degrees, p)
        size = np.abs(jx).max(axis=2) * np.abs(generic.solutions * c**degrees).max(axis=1)[:, None]
        assert np.max(np.abs(f) / size) < 1e-10
    # no such symmetry when a constant breaks the grading
    from neuromanifold.algebra import PolynomialSystem

    s = PolynomialSystem.from_text("a*b - w; a + b - 1", ["a", "b"], parameters=["w"])
    assert data_scaling(s, np.array([True])) is None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_monodromy_with_set_aside_paths_is_complete(seed):
    """Loop paths over 200 steps are set aside (retracked only if the count stalls): the
    result is still complete — the Chern-class count 39 of lcn:k=3,3:s=2,1 (P2 x P2) — and
    the trace test says so."""
    phi, names, gauge = architecture_map("lcn:k=3,3:s=2,1")
    problem = ed_problem_parametric(phi, names, constraints=gauge, weights="generic", seed=seed)
    generic = problem.generic_solutions()
    assert generic.n_solutions == 39
    assert "trace test passed" in generic.completeness


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [("fc:3,1,3", 39), ("fc:3,2,3", 39)])
def test_three_by_three_generic_weights(text, expected):
    phi, names, gauge = architecture_map(text)
    ours = parametric_homotopy(
        phi, names, constraints=gauge, weights="generic", seed=0, expected=expected
    )
    assert ours.ed_degree == expected and ours.certified


def test_structured_kernel_form_equals_the_monomial_system():
    """The ED equations evaluated through the parametrization (EDSparse) track the same paths."""
    import dataclasses

    from neuromanifold.algebra.homotopy import ParameterHomotopy, track
    from neuromanifold.algebra.homotopy import kernel as kernel_module

    if not kernel_module.AVAILABLE:
        pytest.skip("numba not installed")
    phi, names, gauge = architecture_map("lcn:k=3,3:s=2,1")
    problem = ed_problem_parametric(phi, names, constraints=gauge, weights="generic", seed=1)
    assert problem.structured is not None
    generic = problem.generic_solutions()
    p0 = generic.parameters
    rng = np.random.default_rng(2)
    p1 = p0 * np.exp(0.3 * (rng.normal(size=p0.size) + 1j * rng.normal(size=p0.size)))
    structured = track(ParameterHomotopy(problem.evaluator, p0, p1), generic.solutions)
    plain = dataclasses.replace(problem.evaluator, structured=None)
    monomial = track(ParameterHomotopy(plain, p0, p1), generic.solutions)
    assert np.array_equal(structured.status, monomial.status)
    assert np.allclose(structured.endpoints, monomial.endpoints, rtol=1e-10, atol=0)
    # the endpoints solve the monomial system: a Newton step moves them by < 1e-10 relative
    f, jx, _ = plain.evaluate(structured.endpoints, p1)
    step = np.linalg.solve(jx, -f[..., None])[..., 0]
    assert np.max(np.abs(step) / np.abs(structured.endpoints)) < 1e-10


def test_turned_and_given_weight_bases_reach_the_same_certified_points():
    """at_weights=False (the base with turned weights, one homotopy fewer) and the default
    base at the given weights are two routes to the same critical points of the data."""
    phi, names, gauge = architecture_map("fc:3,1,3")
    problem = ed_problem_parametric(phi, names, constraints=gauge, weights="generic", seed=1)
    turned = problem.generic_solutions(at_weights=False)
    given = problem.generic_solutions()
    n = problem.ambient_dimension
    assert np.allclose(given.parameters[:n], problem.weight_values)
    assert not np.allclose(turned.parameters[:n], problem.weight_values)
    a, b = problem.solve(turned), problem.solve(given)
    assert a.n_solutions == b.n_solutions == 39
    assert a.certification is not None and a.certification.complete
    assert b.certification is not None and b.certification.complete
    gap = np.abs(a.solutions[:, None, :] - b.solutions[None, :, :]).max(axis=2)
    scale = np.abs(b.solutions).max(axis=1)[None, :]
    assert np.all((gap / scale).min(axis=1) < 1e-8)  # every point of one route is in the other


@pytest.mark.parametrize(
    ("text", "direct"),
    [("lcn:k=2,2,2:s=2,2,1", True), ("fc:4,1,3", True), ("fc:3,2,4", False)],
)
def test_the_rescaled_point_on_the_charts_is_the_one_the_homotopy_reaches(
    text, direct, monkeypatch
):
    # rescaling charts (Segre-type, rank one): the closed form, checked against the homotopy
    # in the constants of the charts; GL_2 charts are not rescalings (None: the homotopy)
    import importlib

    module = importlib.import_module("neuromanifold.algebra.homotopy.ed_problem")
    arch = parse_architecture(text).minimal()
    phi, names = symbolic_map(arch)
    charts = list(gauge(arch, seed=3))
    fast = module._point_in_gauge(list(phi), charts, tuple(names), 3)
    tilde = [2, -3, 5, 7, -1, 4, 3, -2, 6, 1, -5, 2, 3, 4, -6, 1][: len(names)]
    assert (module._rescaled_onto_charts(list(phi), charts, tilde) is not None) == direct
    monkeypatch.setattr(module, "_rescaled_onto_charts", lambda *args: None)
    slow = module._point_in_gauge(list(phi), charts, tuple(names), 3)
    assert np.abs(fast - slow).max() <= 1e-12 * np.abs(slow).max()
    for g in charts:  # on every chart
        value = sum(
            float(c.p) / float(c.q) * np.prod(fast ** np.array(mono, dtype=float))
            for mono, c in g.terms()
        )
        assert abs(value) < 1e-9
