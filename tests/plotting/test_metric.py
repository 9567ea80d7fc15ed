"""Display objects draw onto given axes, again and again, and write image files."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from neuromanifold.metric import voronoi_cell
from neuromanifold.plotting import VoronoiDisplay
from neuromanifold.reproduce.figures import fig2a_display, fig2b_display, fig3_display
from neuromanifold.reproduce.metric import fig2a, fig2b, fig3


def test_displays_compute_once_and_draw_many():
    from matplotlib.figure import Figure

    displays = [
        (fig3_display(fig3(grid=50, n_random=10), n_data=20), None),
        (fig2a_display(fig2a(n=20)), None),
        (fig2b_display(fig2b(n=20)), "3d"),
        (VoronoiDisplay.from_cell(voronoi_cell("y - x^2", (1, 1)), grid=20), None),
    ]
    for display, projection in displays:
        for _ in range(2):
            fig = Figure()
            ax = fig.add_subplot(projection=projection)
            assert display.plot(ax) is ax


def test_voronoi_display_of_a_smooth_point_and_of_the_cusp(tmp_path):
    smooth = VoronoiDisplay.from_cell(voronoi_cell("y^2 - x^3", ("1/4", "1/8")), grid=20)
    assert smooth.smooth_segment is not None and smooth.smooth_point is None
    assert len(smooth.data) == 0 and not smooth.inside.any()
    cusp = fig3_display(fig3(grid=30, n_random=10), n_data=30)
    assert cusp.smooth_point == (0.25, 0.125) and cusp.smooth_segment is not None
    assert cusp.data.shape == (30, 2) and 0 < cusp.data_at_point.sum() < 30
    assert cusp.title.startswith("Voronoi cell of the cusp of y^2 - x^3")
    path = cusp.save(tmp_path / "cusp.png")
    assert path.stat().st_size > 1000
