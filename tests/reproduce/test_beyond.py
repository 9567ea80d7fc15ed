"""The section "beyond the seed" of ``reproduce``: claims B1–B4 (SPEC §7), against SPEC §6."""

from __future__ import annotations

import re

from neuromanifold.reproduce import BEYOND, CHECKS, reproduce_beyond
from neuromanifold.reproduce.beyond import (
    DAO_RODRIGUEZ,
    PREDECESSORS,
    check_non_unimodal_filling,
)


def test_rows_hold_and_are_apart_from_the_seed():
    rows = reproduce_beyond(seed=0)
    assert [r.id for r in rows] == ["B1", "B2", "B3", "B4"] and len(BEYOND) == 4
    assert all(r.ok for r in rows), [r for r in rows if not r.ok]
    assert not set(BEYOND) & set(CHECKS)  # the seed's table (C1–C12) is unchanged
    assert all(set(r.to_dict()) == {"id", "claim", "expected", "observed", "ok"} for r in rows)


def test_b2_reports_every_predecessor_with_its_published_dimension():
    (row,) = check_non_unimodal_filling(seed=3)
    assert row.ok and "dim 65 of 65" in row.observed
    for widths, dim in PREDECESSORS.items():
        assert f"{','.join(map(str, widths))}: {dim}" in row.observed
    # each predecessor lowers exactly one hidden width of (2,3,4,5,4,6,4,1) by one
    assert len(PREDECESSORS) == 6
    for widths in PREDECESSORS:
        diff = [a - b for a, b in zip(DAO_RODRIGUEZ, widths, strict=True)]
        assert sorted(diff) == [0] * 7 + [1] and diff[0] == diff[-1] == 0
    assert re.search(r"failure bound ≤ \d\.\de-\d+", row.observed)


def test_b3_counts_agree_with_the_oracles():
    row = reproduce_beyond(seed=1)[2]
    assert "generic ED 14 (count 14, critical points of the loss 14)" in row.observed
    assert "generic ED 22 (count 22, critical points of the loss 22)" in row.observed
    assert "degree 12 (elimination 12)" in row.observed
