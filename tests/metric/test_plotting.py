"""Display objects draw onto given axes and write PNG/SVG files."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from neuromanifold.metric import fig2a, fig2b, fig3
from neuromanifold.plotting import (
    DiskDisplay,
    NearestPointDisplay,
    VoronoiDisplay,
    write_seed_figures,
)


def test_displays_compute_once_and_draw_many():
    from matplotlib.figure import Figure

    displays = [
        (VoronoiDisplay.from_fig3(fig3(grid=50, n_random=10), n_data=20), None),
        (NearestPointDisplay.from_fig2a(fig2a(n=20)), None),
        (DiskDisplay.from_fig2b(fig2b(n=20)), "3d"),
    ]
    for display, projection in displays:
        for _ in range(2):
            fig = Figure()
            ax = fig.add_subplot(projection=projection)
            assert display.plot(ax) is ax


def test_write_seed_figures(tmp_path):
    paths = write_seed_figures(tmp_path, seed=0)
    assert set(paths) == {"fig2a", "fig2b", "fig3"}
    for files in paths.values():
        assert [p.suffix for p in files] == [".png", ".svg"]
        assert all(p.stat().st_size > 1000 for p in files)
