"""What every row of the reproduction table must satisfy."""

from __future__ import annotations

import re

from neuromanifold.reproduce.training import FC, FC_SINGULAR, STRIDE_ONE, STRIDED

#: A fraction with its 95 % Wilson interval as printed: ``0.973 [0.95, 0.99]``.
FRACTION = r"\d\.\d{3} \[\d\.\d{2}, \d\.\d{2}\]"

#: The keys every row has (a row may carry further, optional keys).
KEYS = {"id", "claim", "expected", "observed", "ok"}


def is_fc_evidence(row: dict[str, object]) -> bool:
    """The training row beside the C12 census: gradient descent on FC nets escapes their saddles."""
    return row["id"] == "C12" and "FC nets" in str(row["claim"]) and "training" in str(row["claim"])


def assert_claims_hold(rows: list[dict[str, object]]) -> None:
    """Every row holds; the FC training evidence carries the fractions of every net trained."""
    assert rows
    for row in rows:
        assert set(row) >= KEYS, row
        assert isinstance(row["ok"], bool) and row["observed"], row
        assert row["ok"] is True, row
        if is_fc_evidence(row):
            observed = str(row["observed"])
            for arch in (FC, FC_SINGULAR, *STRIDE_ONE, *STRIDED):
                assert re.search(f"{re.escape(arch)}: {FRACTION}", observed), (arch, observed)
