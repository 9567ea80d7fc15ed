"""The seed's figures are written in every format asked for."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from neuromanifold.reproduce.figures import write_figures, write_seed_figures


def test_write_seed_figures(tmp_path):
    paths = write_seed_figures(tmp_path, seed=0)
    assert set(paths) == {"fig1", "fig2a", "fig2b", "fig3", "fig4"}
    for files in paths.values():
        assert [p.suffix for p in files] == [".png", ".svg"]
        assert all(p.stat().st_size > 1000 for p in files)


def test_write_figures_lists_every_file(tmp_path):
    written = write_figures(tmp_path / "new", seed=1)
    assert [p.name for p in written] == [
        f"{name}.{fmt}"
        for name in ("fig1", "fig2a", "fig2b", "fig3", "fig4")
        for fmt in ("png", "svg")
    ]
