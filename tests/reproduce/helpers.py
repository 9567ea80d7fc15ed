"""What every row of the reproduction table must satisfy, and the one known refutation."""

from __future__ import annotations

import re

from neuromanifold.reproduce.training import FC, STRIDE_ONE, STRIDED

#: A fraction with its 95 % Wilson interval as printed: ``0.973 [0.95, 0.99]``.
FRACTION = r"\d\.\d{3} \[\d\.\d{2}, \d\.\d{2}\]"


def is_known_refutation(row: dict[str, object]) -> bool:
    """C12 against FC nets: measured, GD on fc:3,1,3 is as good as on strided LCNs (✗)."""
    return row["id"] == "C12" and "FC nets" in str(row["claim"])


def assert_claims_hold(rows: list[dict[str, object]]) -> None:
    """Every row holds, except the known refutation, which must carry its measured numbers."""
    assert rows
    for row in rows:
        assert set(row) == {"id", "claim", "expected", "observed", "ok"}, row
        assert isinstance(row["ok"], bool) and row["observed"], row
        if not is_known_refutation(row):
            assert row["ok"] is True, row
            continue
        observed = str(row["observed"])
        for arch in (FC, *STRIDE_ONE, *STRIDED):
            assert re.search(f"{re.escape(arch)}: {FRACTION}", observed), (arch, observed)
        if row["ok"] is False:  # a refutation says why
            assert f"{FC} is as good" in observed, observed
