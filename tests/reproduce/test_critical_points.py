"""The critical-point claim checks (C5, C6, C9, C10, C11) and the counts of C6 and C11."""

from __future__ import annotations

import pytest

from neuromanifold.reproduce import critical_points as claims
from tests.reproduce.helpers import assert_claims_hold


@pytest.mark.parametrize(
    "check",
    [
        claims.check_c5,
        claims.check_c6,
        claims.check_c9,
        claims.check_c10,
        claims.check_c11,
        claims.check_eckart_young,
        claims.check_strided_count,
    ],
)
def test_claims_hold(check):
    rows = check(0)
    assert_claims_hold([r.to_dict() for r in rows])
