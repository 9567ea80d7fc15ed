"""The training claim checks: small and fast here, at their defaults under -m slow."""

from __future__ import annotations

import time

import pytest

from neuromanifold.reproduce.training import (
    check_c2_training,
    check_c9_training,
    check_c10_c12_training,
)
from tests.reproduce.helpers import assert_claims_hold, is_fc_evidence


def test_claim_rows_small():
    rows = check_c2_training(1, runs=200) + check_c9_training(1, runs=60)
    assert [r.id for r in rows] == ["C2", "C9", "C9"]
    assert all(r.ok for r in rows), [r.observed for r in rows if not r.ok]
    rows = check_c10_c12_training(1, runs=40)
    assert [r.id for r in rows] == ["C10", "C12", "C12"]
    assert "lcn:k=3,3:s=2,1" in rows[0].observed
    assert [is_fc_evidence(r.to_dict()) for r in rows] == [False, False, True]
    assert "fc:3,2,3" in rows[2].observed and "Nguegnang" in rows[2].claim


@pytest.mark.slow
@pytest.mark.parametrize("check", [check_c2_training, check_c9_training, check_c10_c12_training])
def test_claims_at_defaults(check):
    start = time.perf_counter()
    rows = check(0)
    assert time.perf_counter() - start < 30
    assert_claims_hold([r.to_dict() for r in rows])


@pytest.mark.slow
def test_ten_thousand_runs_under_a_minute():
    from neuromanifold.training import TrainingOptions, train

    for arch, step in (("lcn:k=3,3,3", 0.02), ("fc:4,2,4", 0.05)):
        r = train(arch, 10_000, seed=0, options=TrainingOptions(method="gd", step=step))
        assert r.seconds < 60 and r.converged.mean() > 0.9
