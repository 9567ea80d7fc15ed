"""Pictures of training outcomes: final losses, fractions per class, trajectories in function space.

Display objects compute once and draw many: ``from_*`` constructors collect the numbers, ``plot(ax)``
draws them (matplotlib is imported inside the drawing code only; install ``neuromanifold[plot]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.training.outcomes import CLASSES, Outcomes
from neuromanifold.training.statistics import OutcomeSummary, summarize
from neuromanifold.training.trainer import TrainingResult

__all__ = ["ClassFractionsDisplay", "LossHistogramDisplay", "OutcomeDisplay", "TrajectoryDisplay"]


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(5, 4)).add_subplot()


def _save(fig: Any, path: str | Path) -> Path:
    out = Path(path)
    fig.savefig(out, dpi=120, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return out


@dataclass(frozen=True, eq=False)
class LossHistogramDisplay:
    """Histogram of the final losses (log scale), split by stratum of the end point.

    Example:
        >>> from neuromanifold.training import train
        >>> d = LossHistogramDisplay.from_result(train("lcn:k=2,2", 30, seed=0))
        >>> sorted(d.losses)
        ['boundary', 'interior']
    """

    title: str
    losses: dict[str, np.ndarray]

    @classmethod
    def from_result(
        cls, result: TrainingResult, outcomes: Outcomes | None = None
    ) -> LossHistogramDisplay:
        """Collect the converged runs' final losses per stratum."""
        out = outcomes if outcomes is not None else result.outcomes
        losses = {
            name: result.loss[out.converged & (out.stratum == name)]
            for name in ("interior", "boundary", "singular")
        }
        return cls(
            f"{result.architecture.text}, {result.data.text}: final loss",
            {k: v for k, v in losses.items() if v.size},
        )

    def plot(self, ax: Any = None) -> Any:
        """Draw on ``ax`` (a new figure when ``None``); return the axes."""
        ax = _axes(ax)
        values = np.concatenate(list(self.losses.values())) if self.losses else np.ones(1)
        floor = max(float(np.min(values[values > 0])) if np.any(values > 0) else 1e-16, 1e-16)
        bins = np.logspace(np.log10(floor), np.log10(max(float(values.max()), floor * 10)), 40)
        for name, loss in self.losses.items():
            ax.hist(np.maximum(loss, floor), bins=bins, alpha=0.6, label=name)
        ax.set_xscale("log")
        ax.set_xlabel("final loss")
        ax.set_ylabel("runs")
        ax.set_title(self.title)
        ax.legend()
        return ax


@dataclass(frozen=True, eq=False)
class ClassFractionsDisplay:
    """Bars of the fraction of runs per class with 95 % Wilson intervals, one group per summary.

    Example:
        >>> from neuromanifold.training import train
        >>> d = ClassFractionsDisplay.from_results([train("fc:2,1,2", 10, seed=0)])
        >>> d.summaries[0].label
        'fc:2,1,2 target'
    """

    summaries: tuple[OutcomeSummary, ...]

    @classmethod
    def from_results(cls, results: Sequence[TrainingResult]) -> ClassFractionsDisplay:
        """Summaries of several training results (one per architecture)."""
        return cls(
            tuple(summarize(r.outcomes, f"{r.architecture.text} {r.data.text}") for r in results)
        )

    def plot(self, ax: Any = None) -> Any:
        """Draw grouped bars on ``ax``; return the axes."""
        ax = _axes(ax)
        n = max(len(self.summaries), 1)
        width = 0.8 / n
        x = np.arange(len(CLASSES))
        for i, s in enumerate(self.summaries):
            vals = np.array([s.classes[c].value or 0.0 for c in CLASSES])
            lo = np.array([s.classes[c].low for c in CLASSES])
            hi = np.array([s.classes[c].high for c in CLASSES])
            err = np.vstack([np.maximum(vals - lo, 0), np.maximum(hi - vals, 0)])
            ax.bar(x + i * width, vals, width, yerr=err, capsize=2, label=s.label)
        ax.set_xticks(x + 0.4 - width / 2, CLASSES, rotation=30)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("fraction of converged runs")
        ax.legend(fontsize="small")
        return ax


@dataclass(frozen=True, eq=False)
class TrajectoryDisplay:
    """Trajectories μ(θ_t) of a few runs in two coordinates of function space, over M.

    For a 2-dimensional function space the picture is exact; otherwise it is the projection to
    ``coordinates``. End points are marked by stratum.

    Example:
        >>> from neuromanifold.training import train
        >>> r = train("fc:1,1,2", 5, seed=0, record_every=5)
        >>> TrajectoryDisplay.from_result(r).paths.shape[1:]
        (5, 2)
    """

    title: str
    paths: np.ndarray  # (T, runs, 2)
    strata: np.ndarray
    labels: tuple[str, str]

    @classmethod
    def from_result(
        cls, result: TrainingResult, coordinates: tuple[int, int] = (0, 1), max_runs: int = 50
    ) -> TrajectoryDisplay:
        """Take the recorded trajectory (train with ``record_every > 0``)."""
        if result.trajectory is None:
            raise InputError("trajectory: train with record_every > 0 to record trajectories")
        i, j = coordinates
        dim = result.architecture.ambient_dim
        if not (0 <= i < dim and 0 <= j < dim and i != j):
            raise InputError(f"coordinates: two distinct indices in [0, {dim}), got {coordinates}")
        paths = result.trajectory[:, :max_runs][:, :, [i, j]]
        return cls(
            f"{result.architecture.text}: gradient descent in function space",
            paths,
            result.outcomes.stratum[:max_runs],
            (f"f[{i}]", f"f[{j}]"),
        )

    def plot(self, ax: Any = None) -> Any:
        """Draw the paths and their end points on ``ax``; return the axes."""
        ax = _axes(ax)
        for r in range(self.paths.shape[1]):
            ax.plot(self.paths[:, r, 0], self.paths[:, r, 1], lw=0.7, color="0.5")
        colors = {"interior": "tab:blue", "boundary": "tab:red", "singular": "tab:purple"}
        for name, color in colors.items():
            m = self.strata == name
            if m.any():
                ax.scatter(self.paths[-1, m, 0], self.paths[-1, m, 1], s=12, c=color, label=name)
        ax.set_xlabel(self.labels[0])
        ax.set_ylabel(self.labels[1])
        ax.set_title(self.title)
        ax.legend(fontsize="small")
        return ax


@dataclass(frozen=True, eq=False)
class OutcomeDisplay:
    """Loss histogram and class fractions of one training result, side by side."""

    histogram: LossHistogramDisplay
    fractions: ClassFractionsDisplay

    @classmethod
    def from_result(cls, result: TrainingResult) -> OutcomeDisplay:
        """Compute both panels."""
        return cls(
            LossHistogramDisplay.from_result(result), ClassFractionsDisplay.from_results([result])
        )

    def plot(self, fig: Any = None) -> Any:
        """Draw both panels on a (new) figure; return the figure."""
        import matplotlib.pyplot as plt

        fig = fig if fig is not None else plt.figure(figsize=(10, 4))
        a, b = fig.subplots(1, 2)
        self.histogram.plot(a)
        self.fractions.plot(b)
        return fig

    def save(self, path: str | Path) -> Path:
        """Draw and write an image file (format from the suffix)."""
        return _save(self.plot(), path)
