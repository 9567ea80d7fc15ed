"""The C12 critical-point census, against the mathematics of FC nets and a planted classification."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.critical_points import CriticalPoint
from neuromanifold.reproduce import census as cen
from neuromanifold.reproduce.table import CHECKS, SIZED


def _point(kind: str, index: int) -> CriticalPoint:
    return CriticalPoint("parameter", "chart", (1.0,), (1.0,), 0.0, "boundary", kind, index)


def test_tally_planted():
    # a saddle is any point with a negative eigenvalue, even with zero ones ("degenerate", 1)
    draws = [[_point("minimum", 0), _point("saddle", 2)], [], [_point("degenerate", 1)]]
    t = cen.Tally.of(draws)
    assert (t.total, t.minima, t.saddles, t.degenerate, t.draws) == (3, 1, 2, 0, 2)
    t = cen.Tally.of([[_point("degenerate", 0)]])
    assert (t.minima, t.saddles, t.degenerate) == (0, 0, 1)
    assert str(cen.Tally()) == "0"


def test_fc_width_one_has_neither_kind():
    # r = 1: Sing M = {0}, and a nonzero spurious point would need 0 < rank μ(θ) < 1
    c = cen.census("fc:3,1,3", draws=2, seed=3)
    assert c.draws == 2 and c.failed == 0 and c.clean


def test_fc_census_is_eckart_young():
    # regression data with XXᵀ invertible reduce to the Frobenius case: per draw the C(3,1) = 3
    # rank-1 critical points of ℓ lift to nonzero critical points of L, all spurious, all on the
    # singular stratum and all saddles; the C(3,2) = 3 rank-2 ones are pure, one of them a minimum
    c = cen.census("fc:3,2,3", draws=2, seed=5)
    assert c.draws == 2
    assert c.spurious.total == c.singular.total == 3 * 2
    assert c.spurious.saddles == c.spurious.total and c.spurious.draws == 2
    assert c.pure_minima == 2
    for i in range(2):
        ps = cen.solved("fc:3,2,3", 5 + i).parameter_space().nonzero()
        ranks = sorted(np.linalg.matrix_rank(np.reshape(p.function, (3, 3)), tol=1e-8) for p in ps)
        assert ranks == [1, 1, 1, 2, 2, 2]
        assert all(p.pure == (p.stratum == "interior") for p in ps)


def test_strided_clean_stride_one_not():
    strided = cen.census("lcn:k=2,2:s=2,1", draws=2, seed=0)
    assert strided.clean and strided.draws == 2
    # M = {b² ≥ 4ac}: the spurious points of lcn:k=2,2 have proportional filters (a double root)
    # and lie on the boundary
    one = cen.census("lcn:k=2,2", draws=2, seed=0)
    assert one.spurious.total > 0 and one.spurious.total == one.singular.total


def test_claim_row():
    rows = cen.check_c12_census(0)
    assert [r.id for r in rows] == ["C12"] and rows[0].ok, rows[0].observed
    for arch in (*cen.FC, *cen.STRIDE_ONE, *cen.STRIDED):
        assert arch in rows[0].observed
    assert "Nguegnang" in rows[0].observed


def test_sized_checks_are_in_the_table():
    assert set(SIZED) <= set(CHECKS)


@pytest.mark.slow
def test_claim_at_200_draws():
    rows = cen.check_c12_census(0, draws=200)
    assert rows[0].ok, rows[0].observed
