"""The path tracker and the total-degree / parameter homotopies, on cases with known endpoints."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.homotopy import (
    CompiledSystem,
    ParameterHomotopy,
    PathStatus,
    TotalDegreeHomotopy,
    solve_parameter_homotopy,
    solve_total_degree,
    track,
)


def test_evaluator_matches_exact_values_and_derivatives():
    s = PolynomialSystem.from_text("x^2*y - u*y^3 + 2; x*u^2 - y", ["x", "y"], parameters=["u"])
    ev = CompiledSystem.from_system(s)
    z = np.array([[1.5 + 0.5j, -0.25 + 1j]])
    p = np.array([0.75 - 0.1j])
    f, jx, jp = ev.evaluate(z, p)
    x, y, u = z[0, 0], z[0, 1], p[0]
    assert np.allclose(f[0], [x**2 * y - u * y**3 + 2, x * u**2 - y])
    assert np.allclose(jx[0], [[2 * x * y, x**2 - 3 * u * y**2], [u**2, -1]])
    assert np.allclose(jp[0, :, 0], [-(y**3), 2 * x * u])
    # Taylor test of the Jacobian
    dz = 1e-6 * np.array([[0.3 - 0.2j, 0.1 + 0.4j]])
    f2, _, _ = ev.evaluate(z + dz, p)
    assert np.linalg.norm(f2 - f - jx[0] @ dz[0]) < 1e-10


def test_total_degree_counts_and_statuses():
    r = solve_total_degree(PolynomialSystem.from_text("x^2 + y^2 - 1; x - y"))
    assert r.n_solutions == 2 and r.n_real == 2
    assert r.certification is not None and r.certification.complete
    assert np.allclose(np.sort(r.real()[:, 0]), [-np.sqrt(0.5), np.sqrt(0.5)])


def test_solutions_at_infinity_are_reported_not_counted():
    # Bezout number 4, two finite solutions: x = ±sqrt 2, y = 1/x
    r = solve_total_degree(PolynomialSystem.from_text("x*y - 1; x^2 - 2"))
    assert r.n_solutions == 2
    assert r.status_counts == {"SUCCESS": 2, "AT_INFINITY": 2}
    assert r.failures == 0
    assert "infinity" in PathStatus.AT_INFINITY.message


def test_parallel_lines_have_only_a_solution_at_infinity():
    r = solve_total_degree(PolynomialSystem.from_text("x + y - 1; x + y - 2"))
    assert r.n_solutions == 0
    assert r.status_counts == {"AT_INFINITY": 1}


def test_singular_endpoint_is_reported():
    r = solve_total_degree(PolynomialSystem.from_text("x^2; y - 1"))
    assert r.n_solutions == 0
    assert r.status_counts == {"SINGULAR": 2}
    assert np.allclose(r.singular, [[0, 1], [0, 1]], atol=1e-4)
    assert "singular" in str(r)


def test_path_through_a_near_singular_region():
    # x^2 = p with p moving from 1 to -1 passing within 1e-6 of the branch point p = 0
    s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
    hom = ParameterHomotopy(CompiledSystem.from_system(s), np.array([1.0]), np.array([-1 + 2e-6j]))
    out = track(hom, np.array([[1.0 + 0j], [-1.0 + 0j]]))
    assert out.status.tolist() == [PathStatus.SUCCESS, PathStatus.SUCCESS]
    ends = out.endpoints[:, 0]
    assert np.allclose(np.abs(ends), 1.0, atol=1e-6)
    assert abs(ends[0] - ends[1]) > 1.9  # no path jumping: the two branches stay apart


def test_paths_failing_at_a_branch_point_are_recovered_around_it():
    # x^2 = p, p from -1 to 1 passing 1e-14 above the branch point p = 0 (t = 1/2 - 5e-15 i):
    # both paths fail at t = 1/2 in double precision; the reroute goes around in the complex
    # t-plane. Above (the straight segment's side) x continues as sqrt(p): i -> 1; below, the
    # branch point swaps the two branches: i -> -1.
    from neuromanifold.algebra.homotopy.solve import _around

    s = PolynomialSystem.from_text("x^2 - p; y - x*p - 1", ["x", "y"], parameters=["p"])
    ev = CompiledSystem.from_system(s)
    p0, p1 = np.array([-1 + 1e-14j]), np.array([1 + 1e-14j])
    x0 = np.sqrt(p0[0]) * np.array([1.0, -1.0])
    start = np.stack([x0, x0 * p0[0] + 1], axis=1)
    out = track(ParameterHomotopy(ev, p0, p1), start)
    assert (out.status != PathStatus.SUCCESS).all() and np.allclose(out.t, 0.5, atol=1e-3)
    for side, expected in ((1.0, [1.0, -1.0]), (-1.0, [-1.0, 1.0])):
        ends, ok, cond = _around(ev, p0, p1, start, out.t, side, 0.01, None)
        assert ok.all() and np.isfinite(cond).all()
        assert np.allclose(ends[:, 0], expected, atol=1e-10)
        assert np.allclose(ends[:, 1], ends[:, 0] * p1[0] + 1, atol=1e-10)
    r = solve_parameter_homotopy(s, start, p0, [1 + 1e-14j], certify=False)
    assert r.status_counts == {"SUCCESS": 2}
    assert np.allclose(sorted(r.solutions[:, 0].real), [-1.0, 1.0], atol=1e-10)


def test_parameter_homotopy_moves_all_solutions():
    s = PolynomialSystem.from_text("x^3 - p*x - q", ["x"], parameters=["p", "q"])
    p0 = np.array([1.0 + 2j, -0.5 + 1j])
    start = np.roots([1, 0, -p0[0], -p0[1]])[:, None]
    r = solve_parameter_homotopy(s, start, p0, [7, 6])  # roots -2, -1, 3
    assert sorted(np.round(r.real()[:, 0], 8).tolist()) == [-2.0, -1.0, 3.0]
    assert r.certification is not None and r.certification.complete


def test_same_seed_same_result():
    s = PolynomialSystem.from_text("x^3 + y^2 - 2*x*y - 1; x*y^2 - x + 3")
    a = solve_total_degree(s, seed=5, certify=False)
    b = solve_total_degree(s, seed=5, certify=False)
    assert a.statuses == b.statuses
    assert np.array_equal(a.solutions, b.solutions)
    c = solve_total_degree(s, seed=6, certify=False)
    assert c.n_solutions == a.n_solutions


@pytest.mark.parametrize("text", ["x^2 - 1", "x^5 - 3*x + 1"])
def test_total_degree_homotopy_start_solutions_solve_start_system(text):
    hom = TotalDegreeHomotopy.from_system(PolynomialSystem.from_text(text), seed=1)
    x = hom.start_solutions()
    h, _, _ = hom.evaluate(x, np.zeros(x.shape[0]))
    assert np.abs(h).max() < 1e-12


def test_colliding_endpoints_are_retracked_then_flagged_as_jumped():
    from neuromanifold.algebra.homotopy.solve import track_with_retracking

    s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
    hom = ParameterHomotopy(CompiledSystem.from_system(s), np.array([1.0 + 1j]), np.array([4.0]))
    start = np.sqrt(1.0 + 1j) * np.array([[1.0], [1.0], [-1.0]])  # two paths share a start
    out = track_with_retracking(hom, start)
    assert sorted(PathStatus(int(v)).name for v in out.status) == [
        "PATH_JUMPED",
        "SUCCESS",
        "SUCCESS",
    ]
    assert "jumped" in PathStatus.PATH_JUMPED.message


def test_compiled_kernel_and_numpy_tracker_agree():
    """The same algorithm in two execution models: same statuses, same endpoints."""
    from neuromanifold.algebra.homotopy import TrackerOptions, kernel

    if not kernel.AVAILABLE:
        pytest.skip("numba not installed")
    ev, p0, p1, start = _two_curves_fiber(0)
    hom = ParameterHomotopy(ev, p0, p1)
    fast = track(hom, start, TrackerOptions(compiled=True))
    slow = track(hom, start, TrackerOptions(compiled=False))
    assert start.shape[0] == 6
    assert np.array_equal(fast.status, slow.status)
    assert np.all(fast.status == PathStatus.SUCCESS)
    assert np.allclose(fast.endpoints, slow.endpoints, rtol=1e-9, atol=1e-12)
    f, _, _ = ev.evaluate(fast.endpoints, p1)
    assert np.abs(f).max() < 1e-9


def _two_curves_fiber(seed):
    """x^3 - a x y + b = y^2 - a x + b y - 1 = 0: evaluator, random p0, p1 and the 6 points at p0."""
    s = PolynomialSystem.from_text(
        "x^3 - a*x*y + b; y^2 - a*x + b*y - 1", ["x", "y"], parameters=["a", "b"]
    )
    rng = np.random.default_rng(seed)
    p0 = rng.normal(size=2) + 1j * rng.normal(size=2)
    p1 = rng.normal(size=2) + 1j * rng.normal(size=2)
    start = solve_parameter_homotopy(s, *_generic_fiber(s, p0), p0, certify=False).solutions
    return CompiledSystem.from_system(s), p0, p1, start


def _generic_fiber(s, p0):
    """All solutions at the dyadic rational point nearest p0 (real parts), by total degree."""
    from fractions import Fraction

    q = [Fraction(round(v.real * 64), 64) for v in p0]
    exact = s.substitute(dict(zip(s.parameters, q, strict=True)))
    sols = solve_total_degree(exact, certify=False).solutions
    return sols, np.array([float(v) for v in q], dtype=complex)


def test_kernel_condition_numbers_match_svd_within_the_norm_factor():
    """The kernel's endpoint condition numbers (infinity norm, equilibrated, from its LU) lie
    within a factor n of the 2-norm condition numbers numpy computes by SVD."""
    from neuromanifold.algebra.homotopy import TrackerOptions, kernel
    from neuromanifold.algebra.homotopy.tracker import _equilibrate

    if not kernel.AVAILABLE:
        pytest.skip("numba not installed")
    ev, p0, p1, start = _two_curves_fiber(1)
    out = track(ParameterHomotopy(ev, p0, p1), start, TrackerOptions(compiled=True))
    _, jx, _ = ev.evaluate(out.endpoints, p1)
    svd = np.linalg.cond(_equilibrate(jx))
    n = jx.shape[1]
    assert np.all(out.status == PathStatus.SUCCESS)
    assert np.all((out.cond <= 2 * n * svd) & (svd <= 2 * n * out.cond))


def test_step_control_needs_few_steps_on_a_smooth_path():
    """x^2 = p from p = 1 to p = 4 (x = sqrt p, analytic far from the branch point 0): the
    step chosen from the corrections grows at once; doubling from 0.02 would need at least
    7 steps to reach t = 1 with steps of at most 0.25."""
    s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
    hom = ParameterHomotopy(CompiledSystem.from_system(s), np.array([1.0]), np.array([4.0]))
    from neuromanifold.algebra.homotopy import TrackerOptions

    for compiled in (True, False):
        out = track(hom, np.array([[1.0 + 0j], [-1.0 + 0j]]), TrackerOptions(compiled=compiled))
        assert np.allclose(out.endpoints.ravel(), [2.0, -2.0])
        assert np.all(out.steps <= 6), out.steps
