"""Plots draw without error and save files (matplotlib's Agg backend)."""

from __future__ import annotations

from pathlib import Path

import pytest

from neuromanifold.training import train


def test_plots(tmp_path: Path):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from neuromanifold.training.plots import (
        ClassFractionsDisplay,
        OutcomeDisplay,
        TrajectoryDisplay,
    )

    r = train("lcn:k=2,2", 40, seed=0, record_every=20)
    assert OutcomeDisplay.from_result(r).save(tmp_path / "out.png").stat().st_size > 0
    ax = TrajectoryDisplay.from_result(r, coordinates=(0, 2)).plot()
    assert ax.get_xlabel() == "f[0]"
    ClassFractionsDisplay.from_results([r, train("fc:2,1,2", 10, seed=0)]).plot()
    plt.close("all")
