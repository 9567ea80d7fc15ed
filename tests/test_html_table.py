"""Results show in notebooks as the table of their printed summary: every line, every value."""

from __future__ import annotations

import html
import re

import pytest

import neuromanifold as nm
from neuromanifold.html_table import html_table, summary_table


def _cells(table: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table)]


def test_summary_table_keeps_every_line_in_order():
    text = "title <T>\n  first    1 & 2\n    nested   x  y\n  a note without gap\n\n  last  z"
    table = summary_table(text)
    assert "<caption" in table and "title &lt;T&gt;" in table
    assert _cells(table) == [
        "first",
        "1 & 2",
        "\u00a0\u00a0nested",
        "x  y",
        "a note without gap",
        "last",
        "z",
    ]
    assert 'colspan="2"' in table  # the note spans the row


def test_html_table_escapes_and_spans():
    table = html_table([("<b>", "<i>"), ("", "all")])
    assert "&lt;b&gt;" in table and "&lt;i&gt;" in table and "<b>" not in table
    assert table.count("<tr>") == 2 and "<caption" not in table


def _results():
    yield nm.describe("fc:3,1,2")
    yield nm.contains("lcn:k=2,2", [1, 2, 1])
    yield nm.contains("fc:3,1,2", "1,0,0;0,1,0")
    yield nm.ed_degree("y^2 - x^3")
    yield nm.critical_points("fc:2,1,2", seed=0)
    yield nm.train("lcn:k=2,2", 4, seed=0)


@pytest.mark.parametrize("result", list(_results()), ids=lambda r: type(r).__name__)
def test_results_show_their_summary_as_a_table(result):
    table = result._repr_html_()
    lines = str(result).splitlines()
    assert html.escape(lines[0].strip()) in table
    cells = " | ".join(_cells(table))
    for line in lines[1:]:
        for piece in re.split(r"\s{2,}", line.strip()):
            assert piece in cells, (piece, cells)
