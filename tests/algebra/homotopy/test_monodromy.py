"""Monodromy solving: start pairs, loops, stopping rules and evidence."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.homotopy import CompiledSystem, monodromy_solve, start_pair
from neuromanifold.algebra.homotopy.monodromy import MonodromyError
from neuromanifold.algebra.homotopy.tracker import track
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


def test_a_start_point_off_the_equations_without_parameters_is_refused():
    # y - 1 = 0 has no parameter: no p makes (x0, y0) with y0 != 1 a solution
    s = PolynomialSystem.from_text("x^2 - p; y - 1", ["x", "y"], parameters=["p"])
    with pytest.raises(MonodromyError, match="no parameter value"):
        start_pair(s, x0=np.array([2.0, 3.0]))
    _, p0 = start_pair(s, x0=np.array([2.0, 1.0]))
    assert abs(p0[0] - 4.0) < 1e-12


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


def test_loop_paths_past_the_stall_check_go_on_from_where_they_are(monkeypatch):
    # every loop path still going after 2 steps is continued from its point and parameters:
    # the roots found must still be roots of the quartic at p0 (a wrong restart lands elsewhere)
    from neuromanifold.algebra.homotopy import monodromy

    budgets = []

    def counted(hom, start, options=None, paths=None):
        budgets.append(options.max_steps if options is not None else None)
        return track(hom, start, options, paths)

    monkeypatch.setattr(monodromy, "_STALL_CHECK", (2, 0.0))
    monkeypatch.setattr(monodromy, "track", counted)
    s = PolynomialSystem.from_text("x^4 + a*x^2 + b*x + c", ["x"], parameters=["a", "b", "c"])
    r = monodromy_solve(s, seed=2, expected=4, loop_max_steps=50)
    assert r.n_solutions == 4 and 48 in budgets  # continued with the rest of the budget
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


@pytest.mark.parametrize("known", [5, 60])
def test_graph_matches_endpoints_by_the_rules_of_nearest_within(known):
    """Endpoints of a batch, matched against all their nodes at once (all pairs, or pairs
    near in one coordinate first), get the indices that `nearest_within` and
    `representatives` give node by node."""
    from neuromanifold.algebra.homotopy.monodromy import _Graph
    from neuromanifold.algebra.proximity import nearest_within, representatives

    rng = np.random.default_rng(known)
    n, tol = 4, 1e-6
    graph = _Graph(np.zeros(2, dtype=complex), np.ones(n, dtype=complex), tol)
    for v in (1, 2):
        graph.add_node(np.full(2, v, dtype=complex), [0])
    stored = {0: [np.ones(n, dtype=complex)], 1: [], 2: []}
    for _ in range(3):  # batches: near copies of known points, of each other, and new points
        if known == 60:  # enough known points for the candidate path
            for v in range(3):
                for row in rng.normal(size=(20, n)) + 0j:
                    graph.add(np.array([v]), row[None, :])
                    stored[v].append(row)
        targets = rng.integers(0, 3, size=12)
        y = rng.normal(size=(12, n)) + 1j * rng.normal(size=(12, n))
        for r, v in enumerate(targets.tolist()):
            if stored[v] and rng.random() < 0.5:
                y[r] = stored[v][rng.integers(len(stored[v]))] * (1 + 1e-9 * rng.normal())
        y[5] = y[4] * (1 + 1e-9)  # two new rows near each other
        targets[5] = targets[4]
        expect = np.empty(12, dtype=np.int64)
        for v in range(3):
            sel = np.flatnonzero(targets == v)
            old = np.array(stored[v]).reshape(-1, n)
            where = nearest_within(old, y[sel], tol)
            new = np.flatnonzero(where < 0)
            rep = representatives(y[sel][new], tol)
            kept = rep == np.arange(new.size)
            where[new] = len(stored[v]) + (np.cumsum(kept) - 1)[rep]
            stored[v].extend(y[sel][new[kept]])
            expect[sel] = where
        assert graph.add(targets, y).tolist() == expect.tolist()
        for v in range(3):
            assert np.array_equal(graph.solutions(v), np.array(stored[v]).reshape(-1, n))


def test_graph_store_grows_under_large_batches():
    """Batches past `SMALL_PAIRS` go node by node through `nearest_within`; their new rows
    must land at the right indices when the store grows meanwhile (a stale array once gave an
    IndexError at 2818 points: lcn:k=3,3,3:s=3,3,1)."""
    from neuromanifold.algebra.homotopy.monodromy import _Graph

    rng = np.random.default_rng(7)
    n, tol = 4, 1e-6
    graph = _Graph(np.zeros(2, dtype=complex), np.ones(n, dtype=complex), tol)
    graph.add_node(np.full(2, 1, dtype=complex), [0])
    rows = {0: [np.ones(n, dtype=complex)], 1: []}
    for size in (300, 900, 2700):
        y = rng.normal(size=(size, n)) + 1j * rng.normal(size=(size, n))
        targets = rng.integers(0, 2, size=size)
        y[-1] = y[0]  # one repeat inside the batch: the earlier row's index
        targets[-1] = targets[0]
        where = graph.add(targets, y)
        for v in (0, 1):
            sel = np.flatnonzero(targets == v)
            fresh = sel[sel != size - 1] if v == targets[0] else sel
            expect = np.arange(len(rows[v]), len(rows[v]) + fresh.size)
            assert where[fresh].tolist() == expect.tolist()
            rows[v].extend(y[fresh])
        assert where[-1] == where[0]
        for v in (0, 1):
            assert np.array_equal(graph.solutions(v), np.array(rows[v]))
