"""The reproduction as one self-contained HTML page: every claim, its evidence, the figures inline.

:func:`render_page` writes the rows of :func:`~neuromanifold.reproduce.table.run_checks` (claim,
expected, observed, ✓/✗, and the command that reruns the check), grouped in one section per claim
letter (``C``: the seed's claims; ``B``: beyond the seed; any other letter gets a section of its
own), the seed's figures inline as SVG beside the claim they illustrate, and the seed and the
versions used. The page loads nothing: no network, no external CSS or script, no image files;
its style sheet is inline and has print rules. Built with the standard library only
(:func:`html.escape`, :class:`string.Template`); matplotlib only turns figures into SVG text.
"""

from __future__ import annotations

import datetime
import html
import importlib.metadata
import io
import platform
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from string import Template
from typing import Any

from neuromanifold.reproduce.claim import ClaimResult
from neuromanifold.reproduce.figures import FIGURE_CLAIMS
from neuromanifold.reproduce.table import claim_order

__all__ = ["SECTIONS", "figure_svg", "render_page", "rerun_command", "versions", "write_page"]

#: Section titles by claim letter; a letter not listed gets "Claims X…".
SECTIONS = {
    "C": "The seed's claims (C1–C12)",
    "B": "Beyond the seed: polynomial networks, filling, attention",
}

_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 1180px; margin: 0 auto; padding: 1.2em 1.6em; background: #fff; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.3em; border-bottom: 2px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.mark { font-size: 1.2em; text-align: center; width: 2em; }
tr.ok td.mark { color: #1a7f37; }
tr.fail td.mark { color: #c62828; }
tr.fail { background: #fff4f4; }
code { font: 0.85em ui-monospace, "DejaVu Sans Mono", monospace; background: #f5f5f5;
       padding: 1px 3px; overflow-wrap: anywhere; }
.summary { font-size: 1.1em; padding: 0.5em 0.8em; border-left: 4px solid #1a7f37;
           background: #f2fbf4; }
.summary.fail { border-color: #c62828; background: #fff4f4; }
figure { margin: 0.8em 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #555; }
.meta td, .meta th { border: 0; padding: 1px 10px 1px 0; width: auto; }
.meta { width: auto; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  code { background: none; }
  figure svg { max-height: 18cm; }
}
"""

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$style</style>
</head>
<body>
<h1>$title</h1>
<p class="$summary_class">$summary</p>
<table class="meta">
$meta
</table>
$sections
</body>
</html>
""")


def versions() -> dict[str, str]:
    """The versions that produced a page: package, Python, numpy, python-flint, matplotlib, msolve.

    A package not installed reads ``"not installed"``; msolve's version is what ``msolve -V``
    prints (``"not found"`` without a binary).

    Example:
        >>> sorted(versions())
        ['matplotlib', 'msolve', 'neuromanifold', 'numpy', 'python', 'python-flint']
    """
    out = {"neuromanifold": _version("neuromanifold"), "python": platform.python_version()}
    for name in ("numpy", "python-flint", "matplotlib"):
        out[name] = _version(name)
    out["msolve"] = _msolve_version()
    return out


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _msolve_version() -> str:
    from neuromanifold.algebra.msolve import MsolveNotFoundError, find_msolve

    try:
        binary = find_msolve()
    except MsolveNotFoundError:
        return "not found"
    try:
        done = subprocess.run(
            [str(binary), "-V"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return f"unknown ({binary.name} did not answer -V)"
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "unknown"


def figure_svg(figure: Any) -> str:
    """A matplotlib figure as inline SVG markup (text kept as text, no XML prologue).

    Example:
        >>> from matplotlib.figure import Figure
        >>> fig = Figure(figsize=(1, 1))
        >>> _ = fig.add_subplot().plot([0, 1], [0, 1])
        >>> figure_svg(fig).startswith("<svg")
        True
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "neuromanifold"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def rerun_command(check: str, seed: int) -> str:
    """The command that reruns one check alone (no figures written).

    Example:
        >>> rerun_command("geometry.check_fig1", 0)
        "neuromanifold reproduce --seed 0 --check geometry.check_fig1 --figures ''"
    """
    return f"neuromanifold reproduce --seed {seed} --check {check} --figures ''"


def render_page(
    rows: Sequence[tuple[str, ClaimResult]],
    seed: int,
    figures: Mapping[str, str] | None = None,
    versions_used: Mapping[str, str] | None = None,
    title: str = "The geometry of the neuromanifold, reproduced",
    note: str | None = None,
) -> str:
    """The page's HTML: one section per claim letter, one table per claim id, figures inline.

    Args:
        rows: ``(check name, row)`` pairs, as :func:`~neuromanifold.reproduce.table.run_checks`
            returns them.
        seed: the seed the checks ran with.
        figures: ``{figure name: SVG markup}`` (see :func:`figure_svg`); each is placed after
            the claim :data:`~neuromanifold.reproduce.figures.FIGURE_CLAIMS` names, the others
            at the end.
        versions_used: shown under the title (default: :func:`versions`).
        title: the page title.
        note: a line shown under the summary (e.g. why figures are missing).

    Example:
        >>> row = ClaimResult("C8", "Fig. 4 <matrix>", "3×7", "3×7", True)
        >>> page = render_page([("geometry.check_fig4", row)], 0, versions_used={"numpy": "2"})
        >>> "1 of 1 checks ✓" in page, "Fig. 4 &lt;matrix&gt;" in page, "<script" in page
        (True, True, False)
    """
    figures = dict(figures or {})
    versions_used = versions() if versions_used is None else versions_used
    ordered = sorted(rows, key=lambda pair: claim_order(pair[1].id))
    n_ok = sum(row.ok for _, row in ordered)
    failed = [row.id for _, row in ordered if not row.ok]
    summary = f"{n_ok} of {len(ordered)} checks ✓ (seed {seed})"
    if failed:
        summary += (
            " — ✗ rows are measured refutations or failures, reported as observed: "
            + ", ".join(dict.fromkeys(failed))
        )
    meta_rows = [("seed", str(seed))]
    meta_rows += [(name, value) for name, value in versions_used.items()]
    meta_rows.append(
        ("generated", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    )
    meta_rows.append(
        ("rerun everything", f"neuromanifold reproduce --seed {seed} --html PAGE.html")
    )
    meta = "\n".join(
        f"<tr><th>{html.escape(k)}</th><td>{_code(v) if k.startswith('rerun') else html.escape(v)}"
        "</td></tr>"
        for k, v in meta_rows
    )
    sections = _sections(ordered, seed, figures)
    body_summary = html.escape(summary) + (
        f"<br><small>{html.escape(note)}</small>" if note else ""
    )
    return _PAGE.substitute(
        title=html.escape(title),
        style=_STYLE,
        summary_class="summary fail" if failed else "summary",
        summary=body_summary,
        meta=meta,
        sections=sections,
    )


def _code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def _sections(rows: Sequence[tuple[str, ClaimResult]], seed: int, figures: dict[str, str]) -> str:
    by_letter: dict[str, dict[str, list[tuple[str, ClaimResult]]]] = {}
    for name, row in rows:
        by_letter.setdefault(row.id[:1], {}).setdefault(row.id, []).append((name, row))
    placed: set[str] = set()
    parts = []
    for letter, claims in by_letter.items():
        heading = SECTIONS.get(letter, f"Claims {letter}…")
        parts.append(f'<section id="section-{html.escape(letter)}"><h2>{html.escape(heading)}</h2>')
        for claim_id, pairs in claims.items():
            marks = "✓" if all(r.ok for _, r in pairs) else "✗"
            parts.append(
                f'<h3 id="{html.escape(claim_id)}">{marks} {html.escape(claim_id)} — '
                f"{html.escape(pairs[0][1].claim)}</h3>"
            )
            parts.append(
                "<table><tr><th></th><th>claim</th><th>expected</th><th>observed</th>"
                "<th>rerun</th></tr>"
            )
            for name, row in pairs:
                parts.append(
                    f'<tr class="{"ok" if row.ok else "fail"}">'
                    f'<td class="mark">{"✓" if row.ok else "✗"}</td>'
                    f"<td>{html.escape(row.claim)}</td><td>{html.escape(row.expected)}</td>"
                    f"<td>{html.escape(row.observed)}</td>"
                    f"<td>{_code(rerun_command(name, seed))}</td></tr>"
                )
            parts.append("</table>")
            for fig_name, fig_claim in FIGURE_CLAIMS.items():
                if fig_claim == claim_id and fig_name in figures:
                    parts.append(_figure(fig_name, figures[fig_name]))
                    placed.add(fig_name)
        parts.append("</section>")
    rest = [name for name in figures if name not in placed]
    if rest:
        parts.append('<section id="figures"><h2>Figures</h2>')
        parts.extend(_figure(name, figures[name]) for name in rest)
        parts.append("</section>")
    return "\n".join(parts)


def _figure(name: str, svg: str) -> str:
    label = name.replace("fig", "Fig. ")
    claim = FIGURE_CLAIMS.get(name)
    caption = f"Seed {label}" + (f", drawn from the computation of {claim}" if claim else "")
    return (
        f'<figure id="{html.escape(name)}">{svg}<figcaption>{html.escape(caption)}'
        "</figcaption></figure>"
    )


def write_page(
    path: str | Path,
    rows: Sequence[tuple[str, ClaimResult]],
    seed: int,
    figures: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> Path:
    """Render the page (matplotlib ``figures`` turned into inline SVG) and write it to ``path``.

    Example:
        >>> import tempfile, pathlib
        >>> row = ClaimResult("C1", "claim", "4", "4", True)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = write_page(pathlib.Path(tmp) / "page.html", [("geometry.check_fig1", row)], 0)
        ...     out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        True
    """
    svgs = {name: figure_svg(fig) for name, fig in (figures or {}).items()}
    out = Path(path)
    if out.parent != Path():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(rows, seed, svgs, note=note), encoding="utf-8")
    return out
