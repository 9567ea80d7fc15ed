"""The reproduction page: self-contained, every row and figure on it, and it renders in Chromium
(headless) without errors into a non-blank screenshot; ``reproduce --html`` writes it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

pytest.importorskip("matplotlib")

from neuromanifold.cli import main
from neuromanifold.reproduce.claim import ClaimResult
from neuromanifold.reproduce.figures import seed_figures
from neuromanifold.reproduce.page import figure_svg, render_page, write_page
from neuromanifold.reproduce.table import run_checks

CHEAP = ["geometry.check_fig1", "geometry.check_fig4", "geometry.check_composition"]
VERSIONS = {"neuromanifold": "0.1", "numpy": "2.0", "python-flint": "0.9", "msolve": "0.10.1"}


@pytest.fixture(scope="module")
def rows():
    pairs = run_checks(0, CHEAP)
    # a section the generic renderer must show (another letter) and a refuted row
    pairs.append(("beyond.check_b1", ClaimResult("B1", "defect <depends>", "5", "5", True)))
    pairs.append(("geometry.check_x", ClaimResult("C12", "a refuted claim", "none", "3", False)))
    return pairs


@pytest.fixture(scope="module")
def figures():
    return {name: figure_svg(fig) for name, fig in seed_figures(0, {"fig1", "fig4"}).items()}


def test_page_is_self_contained_and_complete(rows, figures):
    page = render_page(rows, 0, figures, VERSIONS)
    # nothing is loaded: no script, no style sheet or image file, no URL fetched
    for pattern in (
        r"<script",
        r"<link",
        r"<img",
        r"<iframe",
        r"\ssrc=",
        r"@import",
        r"url\((?!#)",
    ):
        assert not re.search(pattern, page, re.IGNORECASE), pattern
    assert not re.search(r'href="(?!#)', page), "only in-page links"
    # every row: its id, expected, observed, mark and rerun command
    for name, row in rows:
        assert f"<td>{row.expected}</td>" in page or row.expected in page
        assert f"--check {name} --figures" in page
    assert page.count('<tr class="ok">') == 4 and page.count('<tr class="fail">') == 1
    assert "4 of 5 checks ✓ (seed 0)" in page and "C12" in page
    for heading in ("The seed&#x27;s claims", "Beyond the seed"):
        assert heading in page
    assert page.index('id="section-C"') < page.index('id="section-B"')
    assert "defect &lt;depends&gt;" in page  # escaped
    for key, value in VERSIONS.items():
        assert f"<th>{key}</th><td>{value}</td>" in page
    # the figures inline, each after its claim's table
    assert page.count("<svg") == 2
    assert page.index('id="C1"') < page.index('id="fig1"') < page.index('id="C7"')
    assert page.index('id="C8"') < page.index('id="fig4"')
    assert "@media print" in page


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    binary = shutil.which("chromium")
    assert binary is not None
    return subprocess.run(
        [binary, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


#: Injected (in a copy, for the test) before the page: records errors and what was drawn.
PROBE = """<script>
function probeRecord(msg) {
  var el = document.documentElement;
  el.setAttribute("data-errors", (el.getAttribute("data-errors") || "") + msg + "|");
}
window.addEventListener("error", function (e) {
  probeRecord(e.message || ("failed to load " + (e.target && (e.target.src || e.target.href))));
}, true);
var probeConsoleError = console.error;
console.error = function () { probeRecord(Array.from(arguments).join(" "));
  probeConsoleError.apply(console, arguments); };
window.addEventListener("load", function () {
  var svgs = Array.from(document.querySelectorAll("svg"));
  document.documentElement.setAttribute("data-drawn",
    svgs.filter(function (s) { return s.getBoundingClientRect().width > 100; }).length);
});
</script>"""


def _probe(page: Path, tmp_path: Path, name: str, *args: str) -> tuple[str, str]:
    """Load a copy of ``page`` with the probe; its ``<html>`` tag as rendered, and the log."""
    probed = tmp_path / f"{name}.html"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("<head>", "<head>" + PROBE, 1), encoding="utf-8"
    )
    done = _chromium(*args, "--dump-dom", probed.as_uri(), profile=tmp_path / f"profile-{name}")
    assert done.returncode == 0, done.stderr[-2000:]
    html_tag = re.search(r"<html[^>]*>", done.stdout)
    assert html_tag is not None, done.stdout[:500]
    return html_tag.group(0), done.stderr


def _shows_a_page(pixels: np.ndarray) -> bool:
    """Ink on over 3 % of the pixels, contrast, and many colours (text, tables, figures)."""
    flat = pixels.reshape(-1, 3).astype(int)
    ink = float(np.mean(flat.sum(axis=1) < 3 * 245))
    return ink > 0.03 and float(flat.std()) > 15 and len(np.unique(flat, axis=0)) > 100


def test_blank_images_do_not_pass_as_a_page():
    white = np.full((400, 600, 3), 255, dtype=np.uint8)
    grey = white.copy()
    grey[:200] = 128  # contrast and ink, but two colours
    assert not _shows_a_page(white) and not _shows_a_page(grey)


@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="chromium is not installed (Debian: apt-get install -y chromium; .ci/run installs it)",
)
def test_page_renders_in_chromium_without_errors(rows, tmp_path):
    pytest.importorskip("PIL", reason="Pillow (a matplotlib dependency) reads the screenshot")
    from PIL import Image

    page = write_page(tmp_path / "page.html", rows, 0, seed_figures(0, {"fig1", "fig4"}))
    shot = tmp_path / "page.png"
    tag, stderr = _probe(page, tmp_path, "page", f"--screenshot={shot}", "--window-size=1366,1600")
    assert "data-errors" not in tag, tag
    assert 'data-drawn="2"' in tag, tag  # both figures laid out at full size
    assert not re.search(r"CONSOLE|Uncaught", stderr), stderr[-2000:]
    # the screenshot shows the page: text, tables and coloured figures, not a blank canvas
    assert _shows_a_page(np.asarray(Image.open(shot).convert("RGB")))
    # the probe does catch errors: a broken script and a missing image are reported
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><head></head><body><img src='missing.png'>"
        "<script>notDefined();</script></body></html>",
        encoding="utf-8",
    )
    tag, _ = _probe(broken, tmp_path, "broken")
    assert "notDefined" in tag and "failed to load" in tag, tag


def test_cli_html_writes_the_page(tmp_path):
    out = tmp_path / "claims.html"
    result = CliRunner().invoke(
        main,
        [
            "reproduce",
            "--check",
            "geometry.check_fig4",
            "--figures",
            "",
            "--html",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["html"] == str(out) and [r["id"] for r in data["claims"]] == ["C8"]
    page = out.read_text(encoding="utf-8")
    assert "1 of 1 checks ✓" in page and 'id="fig4"' in page and page.count("<svg") == 1


def test_cli_unknown_check_is_one_line_error():
    result = CliRunner().invoke(main, ["reproduce", "--check", "nope", "--figures", ""])
    assert result.exit_code == 2
    assert "unknown check 'nope'" in result.output and "geometry.check_fig1" in result.output
