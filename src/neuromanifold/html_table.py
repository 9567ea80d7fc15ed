"""A compact HTML table: how results show themselves in a notebook (``_repr_html_``).

Results print a one-screen text summary (``__str__``): a title line, then indented
``label   value`` lines (two or more spaces between label and value), nested by indentation.
:func:`summary_table` turns such a summary into an HTML table row by row, so that the notebook
shows exactly what ``print`` shows, aligned; :func:`html_table` is the table itself. Every value
is escaped (:func:`html.escape`); the markup uses inline styles only, no CSS or script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["html_table", "summary_html", "summary_table"]

_CELL = "padding:1px 8px;text-align:left;vertical-align:top;border:0"
_GAP = re.compile(r"\s{2,}")


def html_table(rows: Iterable[tuple[str, object]], title: str | None = None) -> str:
    """An HTML table of ``(label, value)`` rows under a bold ``title``; values shown by ``str``.

    A row whose label is empty spans both columns (a note or a heading inside the table).

    Example:
        >>> t = html_table([("dimension", 4), ("ambient", "R^6 <x>")], title="fc:3,1,2")
        >>> t.count("<tr>"), ">dimension</th>" in t, "R^6 &lt;x&gt;" in t
        (2, True, True)
    """
    import html  # here: notebooks need it, a command's start-up does not (~2 ms)

    parts = ['<table style="border-collapse:collapse;font-size:90%">']
    if title:
        parts.append(
            '<caption style="text-align:left;font-weight:bold;padding:2px 8px">'
            f"{html.escape(title)}</caption>"
        )
    for label, value in rows:
        text = html.escape(str(value))
        if label:
            parts.append(
                f'<tr><th style="{_CELL}">{html.escape(label)}</th>'
                f'<td style="{_CELL}">{text}</td></tr>'
            )
        else:
            parts.append(f'<tr><td colspan="2" style="{_CELL}">{text}</td></tr>')
    return "\n".join(parts) + "</table>"


def summary_table(summary: str) -> str:
    """The HTML table of a text summary: first line the title, then one row per line.

    A line ``"  label   value"`` (two or more spaces inside) becomes the row (label, value); a
    line without such a gap spans the table; deeper indentation indents the label (non-breaking
    spaces), so nested summaries keep their outline.

    Example:
        >>> t = summary_table("ED degree 6\\n  route     msolve\\n  note: exact")
        >>> t.count("<tr>"), "ED degree 6" in t, ">route</th>" in t, ">note: exact</td>" in t
        (2, True, True, True)
    """
    lines = summary.splitlines()
    if not lines:
        return html_table([])
    base = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()), default=0)
    rows: list[tuple[str, object]] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip()) - base
        pieces = _GAP.split(line.strip(), maxsplit=1)
        if len(pieces) == 2:
            rows.append(("\u00a0" * depth + pieces[0], pieces[1]))
        else:
            rows.append(("", "\u00a0" * depth + line.strip()))
    return html_table(rows, title=lines[0].strip())


def summary_html(result: object) -> str:
    """``summary_table(str(result))``: assign it as a result class's ``_repr_html_``.

    Example:
        >>> class Count:
        ...     _repr_html_ = summary_html
        ...     def __str__(self):
        ...         return "count\\n  value   3"
        >>> ">value</th>" in Count()._repr_html_()
        True
    """
    return summary_table(str(result))
