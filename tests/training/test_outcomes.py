"""Outcome classification against the strata module, closed forms and the seed's claims."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.algebra.binary_form import root_counts_batch, root_structure
from neuromanifold.function_space.membership import membership
from neuromanifold.training import Tolerances, summarize, train, wilson_interval


def test_real_roots_match_certified_root_structure():
    """Planted roots (some repeated, some complex, one at infinity) against FLINT/Arb."""
    rng = np.random.default_rng(0)
    degree = 4
    rows = []
    for _ in range(60):
        # roots of multiplicity ≤ 2 (higher ones split by ε^(1/m), beyond the float model)
        p = np.array([1.0])
        n_pairs = int(rng.integers(0, 3))
        for _ in range(n_pairs):
            p = np.convolve(p, [float(rng.integers(1, 4)), float(rng.integers(-2, 3)), 1.0])
        pool = rng.permutation(np.arange(-3, 4))
        reals = []
        while len(reals) < degree - 2 * n_pairs:
            r = int(pool[len(set(reals))])
            reals += [r] * min(int(rng.integers(1, 3)), degree - 2 * n_pairs - len(reals))
        at_infinity = int(rng.integers(0, 2)) if reals else 0
        for r in reals[at_infinity:]:
            p = np.convolve(p, [-float(r), 1.0])
        rows.append(np.pad(p, (0, degree + 1 - len(p))))  # zero top coefficient: a root at ∞
    padded = np.array(rows)
    n_real, n_odd, repeated = root_counts_batch(padded, 1e-6)
    for i, p in enumerate(padded):
        rs = root_structure([round(float(c)) for c in p], degree)
        assert n_real[i] == rs.n_real
        assert n_odd[i] == rs.n_odd
        assert repeated[i] == any(m >= 2 for m in rs.real_multiplicities)


def test_lcn_k22_boundary_iff_target_outside(tmp_path):
    """C2 on lcn:k=2,2: targets inside M are reached (loss 0, interior), outside end on ∂M."""
    r = train("lcn:k=2,2", 300, seed=2)
    out = r.classify()
    u = r.losses.linear
    inside = u[:, 1] ** 2 - 4 * u[:, 0] * u[:, 2] >= 0
    conv = out.converged
    assert np.all(out.stratum[conv & inside] == "interior")
    assert np.all(r.loss[conv & inside] < 1e-8)
    assert np.mean(out.stratum[conv & ~inside] == "boundary") > 0.98
    # the float model of the strata module, at the same root tolerance ρ = √tol, agrees
    rho = out.tolerances.root_tol
    for i in np.flatnonzero(conv)[:40]:
        assert membership("lcn:k=2,2", r.f[i], tol=rho**2).stratum == out.stratum[i]


def test_fc_strata_and_spurious():
    """FC ends at rank r (interior, non-spurious) from generic starts; planted low rank is singular."""
    r = train("fc:3,2,3", 100, seed=1)
    out = r.classify()
    assert (out.stratum == "interior").all() and not out.spurious.any()
    from neuromanifold.training import optimize

    theta = r.theta.copy()
    theta[:, 3:6] = 0.0  # second row of W1 = 0: rank ≤ 1, a singular point of rank ≤ 2
    theta[:, 7:12:2] = 0.0  # and the matching (second) column of W2
    stuck = optimize("fc:3,2,3", r.losses, theta, options=r.options)
    out2 = stuck.classify()
    assert (out2.stratum == "singular").all() and out2.spurious.all()


def test_stride_one_spurious_minima_exist():
    """lcn:k=3,2 (filling): some runs end at a shared real root (spurious, repeated root)."""
    out = train("lcn:k=3,2", 300, seed=0).classify()
    assert set(out.stratum) == {"interior"}
    frac = out.spurious[out.converged].mean()
    assert 0.1 < frac < 0.6
    assert (
        np.array_equal(out.spurious, out.repeated_root)
        or np.mean(out.spurious == out.repeated_root) > 0.97
    )
    assert not out.global_min[out.spurious].any()


def test_strided_interior_non_spurious():
    out = train("lcn:k=3,3:s=2,1", 200, seed=0, restarts=4).classify()
    assert (out.stratum[out.converged] == "interior").all()
    assert not out.spurious.any()
    assert set(out.reference_kind) == {"best-run"}


def test_wilson_interval_known_values():
    lo, hi = wilson_interval(5, 10)
    assert round(lo, 4) == 0.2366 and round(hi, 4) == 0.7634
    assert wilson_interval(10, 10)[1] == 1.0


def test_summary_denominators():
    s = summarize(train("lcn:k=2,2", 100, seed=0).classify(), "x")
    total = sum(s.classes[k].count for k in ("interior", "boundary", "singular"))
    assert total == s.converged.count
    assert set(s.fractions()) >= {"interior", "boundary", "singular", "spurious", "global_min"}


def test_bad_tolerances():
    from neuromanifold.errors import InputError

    with pytest.raises(InputError, match="root_tol"):
        Tolerances(root_tol=2.0)


def test_end_points_are_critical_points_and_exact_reference():
    """Strided net, one data draw, 24 starts: every converged run ends at a real critical value of
    ℓ on M (all critical points from :mod:`neuromanifold.critical_points`), and the exact global
    minimum is never above the best run (here GD has several local minima; restarts can miss the
    global one, which is why ``reference="critical-points"`` exists)."""
    pytest.importorskip("neuromanifold.critical_points")
    from neuromanifold.critical_points import critical_points
    from neuromanifold.losses import QuadraticLoss as ExactLoss
    from neuromanifold.training.outcomes import _rational_grid

    r = train("lcn:k=3,3:s=2,1", 24, seed=4, data="regression:8", restarts=24)
    exact = r.classify(reference="critical-points")
    assert set(exact.reference_kind) == {"critical-points"}
    best = r.classify()
    assert np.all(exact.reference <= best.reference + 1e-6 * np.abs(best.reference))
    loss = r.losses
    assert loss.gram is not None
    gram = (loss.gram[0] + loss.gram[0].T) / 2
    center = np.linalg.solve(gram, loss.linear[0])
    cp = critical_points(r.architecture, ExactLoss(_rational_grid(gram), _rational_grid(center), 0))
    values = np.array(
        [loss.take(np.array([0])).value(np.array([p.function]))[0] for p in cp.points
         if p.space == "function" and p.in_M]
    )  # fmt: skip
    for v in r.loss[exact.converged]:
        assert np.min(np.abs(values - v)) < 1e-6 * max(1.0, abs(v))
