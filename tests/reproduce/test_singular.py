"""C6: singular critical points of fc:3,2,3, against Eckart–Young and a second method (ALS)."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.losses import QuadraticLoss
from neuromanifold.reproduce import singular as sing


def _weighted_rank_one_minimum(U: np.ndarray, lam: np.ndarray, starts: int = 40) -> float:
    """min Σ λ_ij (a_i b_j − u_ij)² by alternating weighted least squares from random starts."""
    rng = np.random.default_rng(0)
    best = np.inf
    for _ in range(starts):
        b = rng.standard_normal(U.shape[1])
        a = U @ b
        for _ in range(500):
            a = (lam * U) @ b / (lam @ (b * b))
            b = (lam * U).T @ a / (lam.T @ (a * a))
        best = min(best, float(np.sum(lam * (np.outer(a, b) - U) ** 2)))
    return best


def test_eckart_young_planted():
    # U = diag(3, 2, 1): the rank-1 critical points are σ_i e_i e_iᵀ, loss 14 − σ_i² = 5, 10, 13;
    # each lift is a strict saddle of L (add t e_j e_jᵀ through the idle hidden unit: −2t²σ_j)
    pts = sing.singular_points("fc:3,2,3", QuadraticLoss.from_target(np.diag([3, 2, 1])))
    assert sorted(round(p.loss, 9) for p in pts) == [5.0, 10.0, 13.0]
    assert all(p.rank == 1 and p.critical and p.kind == "saddle" and p.index > 0 for p in pts)
    # the slope inside M is the largest singular value of ∇ℓ(W) = 2(W − U): 2·(largest σ left)
    assert sorted(round(p.descent, 9) for p in pts) == [4.0, 6.0, 6.0]


def test_unit_weights_always_three():
    for draw in range(3):
        pts = sing.singular_points("fc:3,2,3", sing.target_loss("unit", draw), draw)
        U = np.array([float(v) for v in sing.target_loss("unit", draw).center]).reshape(3, 3)
        s = np.linalg.svd(U, compute_uv=False)
        expected = sorted(float(np.sum(s**2) - v**2) for v in s)
        assert np.allclose(sorted(p.loss for p in pts), expected)


def test_weighted_minimum_matches_alternating_least_squares():
    loss = sing.target_loss("generic", 1)
    pts = sing.singular_points("fc:3,2,3", loss, 1)
    assert 1 <= len(pts) <= 39 and all(p.critical and p.index > 0 for p in pts)
    U = np.asarray(loss.u).reshape(3, 3)
    lam = np.diag(loss.G).reshape(3, 3)
    assert min(p.loss for p in pts) == pytest.approx(_weighted_rank_one_minimum(U, lam), rel=1e-7)


def test_claim_rows():
    rows = sing.check_c6_singular(0)
    assert [r.id for r in rows] == ["C6", "C6"]
    assert all(r.ok for r in rows), [r.observed for r in rows]
    assert "unit weights: 2 of 2 draws" in rows[0].observed
    assert "0 local minima" in rows[1].observed


@pytest.mark.slow
def test_claim_at_200_draws():
    rows = sing.check_c6_singular(0, draws=(200, 200))
    assert all(r.ok for r in rows), [r.observed for r in rows]
