"""Display objects for the seed's metric pictures (Figs. 2a, 2b, 3): compute once, draw many.

Each display holds computed arrays; ``plot(ax=None)`` draws them and returns the matplotlib Axes.
matplotlib (the optional ``plot`` extra) is imported inside the drawing code only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.algebra.parsing import parse_polynomial
from neuromanifold.metric.nearest_stratum import (
    Fig2aResult,
    Fig2bResult,
    Fig3Result,
    fig2a,
    fig2b,
    fig3,
)
from neuromanifold.metric.sampling import classify_grid, sample_curve
from neuromanifold.metric.voronoi import VoronoiCell

__all__ = ["DiskDisplay", "NearestPointDisplay", "VoronoiDisplay", "write_seed_figures"]

CURVE = "#7b3294"  # purple, as in the seed's Fig. 3
CELL = "#f4a6c6"  # pink
POINT = "#d7191c"  # red
SMOOTH = "#1b9e9e"  # teal
INSIDE = "#1a9641"
OUTSIDE = "#e66101"


def _new_axes(ax: Any, projection: str | None = None) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(5, 5))
    return fig.add_subplot(projection=projection)


def _evaluate(text: str, names: tuple[str, str], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    poly = parse_polynomial(text, list(names))
    total = np.zeros_like(x, dtype=float)
    for (i, j), c in poly.to_dict().items():
        total += float(c) * x ** int(i) * y ** int(j)
    return total


@dataclass(frozen=True)
class VoronoiDisplay:
    """The curve, a point's Voronoi cell, its algebraic boundary and classified data (Fig. 3).

    Attributes:
        box: the plotted box.
        curve_points: dense samples of the curve.
        xs, ys, inside: the brute-force grid and the cell's mask on it.
        boundary_values: the boundary equation evaluated on the grid (its zero set is drawn).
        point: the cell's point; smooth_point and smooth_segment: a smooth point and its cell.
        data, data_at_point: random data and whether their exact nearest point is ``point``.
        title: the plot title.
    """

    box: tuple[float, float, float, float]
    curve_points: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    inside: np.ndarray
    boundary_values: np.ndarray | None
    point: tuple[float, float]
    smooth_point: tuple[float, float] | None
    smooth_segment: np.ndarray | None
    data: np.ndarray
    data_at_point: np.ndarray
    title: str

    @classmethod
    def from_fig3(cls, result: Fig3Result, n_data: int = 150) -> VoronoiDisplay:
        """Build from a `Fig3Result` (the data are its first seeded random points, solved exactly).

        Example:
            >>> from neuromanifold.metric import fig3
            >>> d = VoronoiDisplay.from_fig3(fig3(grid=40, n_random=10), n_data=10)
            >>> d.inside.shape, int(d.data_at_point.sum()) <= 10
            ((40, 40), True)
        """
        cell, smooth = result.cusp, result.smooth
        a, b, c, d = cell.box
        curve = cell.curve
        pad = 0.05 * max(b - a, d - c)
        samples = sample_curve(curve, (a - pad, b + pad, c - pad, d + pad), 1500)
        gx, gy = np.meshgrid(result.grid.xs, result.grid.ys)
        values = None if cell.boundary is None else _evaluate(cell.boundary, ("u", "v"), gx, gy)
        segment = None
        if smooth.normal is not None and smooth.extent is not None:
            lo, hi = (float(np.clip(t, -10 * (b - a), 10 * (b - a))) for t in smooth.extent)
            p = np.array([float(t) for t in smooth.point])
            segment = np.array([p + lo * np.array(smooth.normal), p + hi * np.array(smooth.normal)])
        rng = np.random.default_rng(result.seed)
        data = np.column_stack([rng.uniform(a, b, n_data), rng.uniform(c, d, n_data)])
        at = np.array([cell.contains((u, v)) for u, v in data], dtype=bool)
        return cls(
            (a, b, c, d),
            samples,
            result.grid.xs,
            result.grid.ys,
            result.grid.inside,
            values,
            (float(cell.point[0]), float(cell.point[1])),
            (float(smooth.point[0]), float(smooth.point[1])),
            segment,
            data,
            at,
            f"Voronoi cell of the cusp of {curve.text} = 0 (area {cell.area:.6f})",
        )

    @classmethod
    def from_cell(cls, cell: VoronoiCell, grid: int = 200) -> VoronoiDisplay:
        """Build from any `VoronoiCell`: the curve, the cell (brute-force grid) and its boundary.

        Example:
            >>> from neuromanifold.metric import voronoi_cell
            >>> VoronoiDisplay.from_cell(voronoi_cell("y - x^2", (0, 0)), grid=20).inside.shape
            (20, 20)
        """
        a, b, c, d = cell.box
        pad = 0.05 * max(b - a, d - c)
        samples = sample_curve(cell.curve, (a - pad, b + pad, c - pad, d + pad), 1500)
        g = classify_grid(cell.curve, cell.point, cell.box, n=grid, n_lines=1000)
        gx, gy = np.meshgrid(g.xs, g.ys)
        values = None if cell.boundary is None else _evaluate(cell.boundary, ("u", "v"), gx, gy)
        segment = None
        p = np.array([float(t) for t in cell.point])
        if cell.normal is not None and cell.extent is not None:
            lo, hi = (float(np.clip(t, -10 * (b - a), 10 * (b - a))) for t in cell.extent)
            segment = np.array([p + lo * np.array(cell.normal), p + hi * np.array(cell.normal)])
        return cls(
            (a, b, c, d),
            samples,
            g.xs,
            g.ys,
            g.inside,
            values,
            (float(p[0]), float(p[1])),
            None,
            segment,
            np.zeros((0, 2)),
            np.zeros(0, dtype=bool),
            f"Voronoi cell of ({cell.point[0]}, {cell.point[1]}) on {cell.curve.text} = 0 "
            f"(area {cell.area:.6f})",
        )

    def save(self, path: str | Path) -> Path:
        """Draw on a new figure and write it to ``path`` (format from the suffix)."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        ax = self.plot()
        out = Path(path)
        ax.figure.savefig(out, dpi=150, bbox_inches="tight")
        plt.close(ax.figure)
        return out

    def plot(self, ax: Any = None) -> Any:
        """Draw onto ``ax`` (a new figure when ``None``) and return the Axes."""
        ax = _new_axes(ax)
        a, b, c, d = self.box
        ax.contourf(self.xs, self.ys, self.inside.astype(float), levels=[0.5, 1.5], colors=[CELL])
        if self.boundary_values is not None:
            ax.contour(
                self.xs, self.ys, self.boundary_values, levels=[0.0], colors=["k"], linewidths=1.0
            )
        pts = self.curve_points
        ax.plot(pts[:, 0], pts[:, 1], ".", color=CURVE, markersize=1.0, label="curve")
        if self.smooth_segment is not None:
            s = self.smooth_segment
            ax.plot(
                s[:, 0], s[:, 1], "-", color=SMOOTH, linewidth=1.5, label="cell of a smooth point"
            )
        if self.smooth_point is not None:
            ax.plot(*self.smooth_point, "o", color=SMOOTH, markersize=5)
        at = self.data_at_point
        ax.plot(
            self.data[at, 0], self.data[at, 1], "x", color=POINT, markersize=4, label="data → cusp"
        )
        ax.plot(
            self.data[~at, 0],
            self.data[~at, 1],
            "x",
            color="0.4",
            markersize=4,
            label="data → elsewhere",
        )
        ax.plot(*self.point, "o", color=POINT, markersize=6, label="cusp")
        ax.set_xlim(a, b)
        ax.set_ylim(c, d)
        ax.set_aspect("equal")
        ax.set_title(self.title, fontsize=9)
        ax.legend(loc="lower right", fontsize=7)
        return ax


@dataclass(frozen=True)
class NearestPointDisplay:
    """A full-dimensional closed set in the plane with data and their nearest points (Fig. 2a).

    Attributes:
        window: the plotted box; xs, ys, member: the set on a grid.
        boundary: points of the boundary curve.
        data, nearest, inside: the data, their nearest points, membership.
        title: the plot title.
    """

    window: tuple[float, float, float, float]
    xs: np.ndarray
    ys: np.ndarray
    member: np.ndarray
    boundary: np.ndarray
    data: np.ndarray
    nearest: np.ndarray
    inside: np.ndarray
    title: str

    @classmethod
    def from_fig2a(cls, result: Fig2aResult) -> NearestPointDisplay:
        """Build from a `Fig2aResult`.

        Example:
            >>> from neuromanifold.metric import fig2a
            >>> NearestPointDisplay.from_fig2a(fig2a(n=10)).member.shape
            (300, 300)
        """
        window = (-2.5, 2.5, -2.5, 2.5)
        xs = np.linspace(window[0], window[1], 300)
        ys = np.linspace(window[2], window[3], 300)
        gx, gy = np.meshgrid(xs, ys)
        t = np.linspace(window[2], window[3], 400)
        return cls(
            window,
            xs,
            ys,
            gy**2 - 4 * gx >= 0,
            np.column_stack([t**2 / 4, t]),
            result.data,
            result.nearest,
            result.inside,
            f"lcn:k=2,2 slice c2 = 1: {result.n_inside}/{len(result.data)} data inside "
            f"(seed {result.seed})",
        )

    def plot(self, ax: Any = None) -> Any:
        """Draw onto ``ax`` (a new figure when ``None``) and return the Axes."""
        ax = _new_axes(ax)
        ax.contourf(
            self.xs, self.ys, self.member.astype(float), levels=[0.5, 1.5], colors=["#cfe8f3"]
        )
        ax.plot(
            self.boundary[:, 0],
            self.boundary[:, 1],
            "-",
            color="#2c7bb6",
            linewidth=1.5,
            label="boundary c1² = 4c0",
        )
        ins = self.inside
        ax.plot(
            self.data[ins, 0],
            self.data[ins, 1],
            "o",
            color=INSIDE,
            markersize=3,
            label="inside: its own minimum",
        )
        for (x0, y0), (x1, y1) in zip(self.data[~ins], self.nearest[~ins], strict=True):
            ax.plot([x0, x1], [y0, y1], "-", color=OUTSIDE, linewidth=0.6)
        ax.plot(
            self.data[~ins, 0],
            self.data[~ins, 1],
            "o",
            color=OUTSIDE,
            markersize=3,
            label="outside → boundary",
        )
        ax.set_xlim(*self.window[:2])
        ax.set_ylim(*self.window[2:])
        ax.set_xlabel("c0")
        ax.set_ylabel("c1")
        ax.set_aspect("equal")
        ax.set_title(self.title, fontsize=9)
        ax.legend(loc="lower left", fontsize=7)
        return ax


@dataclass(frozen=True)
class DiskDisplay:
    """The closed unit disk in $z = 0$ of $\\mathbb{R}^3$, the cylinder over it, data and their
    nearest points (Fig. 2b).

    Attributes:
        data, nearest, interior: the data, nearest points, whether the minimum is interior.
        title: the plot title.
    """

    data: np.ndarray
    nearest: np.ndarray
    interior: np.ndarray
    title: str

    @classmethod
    def from_fig2b(cls, result: Fig2bResult, n_data: int = 60) -> DiskDisplay:
        """Build from a `Fig2bResult` (its first ``n_data`` points).

        Example:
            >>> from neuromanifold.metric import fig2b
            >>> DiskDisplay.from_fig2b(fig2b(n=10)).data.shape
            (10, 3)
        """
        k = min(n_data, len(result.data))
        return cls(
            result.data[:k],
            result.nearest[:k],
            result.interior_minimum[:k],
            f"unit disk in R³: interior minimum ⇔ data in the cylinder (seed {result.seed})",
        )

    def plot(self, ax: Any = None) -> Any:
        """Draw onto a 3D ``ax`` (a new figure when ``None``) and return the Axes."""
        ax = _new_axes(ax, projection="3d")
        r, t = np.meshgrid(np.linspace(0, 1, 20), np.linspace(0, 2 * np.pi, 60))
        ax.plot_surface(r * np.cos(t), r * np.sin(t), 0 * r, color="#cfe8f3", alpha=0.8)
        z, t2 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(0, 2 * np.pi, 60))
        ax.plot_wireframe(np.cos(t2), np.sin(t2), z, color="0.6", linewidth=0.4)
        for inside, color, label in (
            (True, INSIDE, "interior minimum"),
            (False, OUTSIDE, "boundary minimum"),
        ):
            sel = self.interior == inside
            ax.scatter(*self.data[sel].T, color=color, s=8, label=label)
            for p, q in zip(self.data[sel], self.nearest[sel], strict=True):
                ax.plot(*np.array([p, q]).T, color=color, linewidth=0.5)
        ax.set_title(self.title, fontsize=9)
        ax.legend(loc="upper left", fontsize=7)
        return ax


def write_seed_figures(
    folder: str | Path, seed: int = 0, formats: tuple[str, ...] = ("png", "svg")
) -> dict[str, tuple[Path, ...]]:
    """Compute the seed's Figs. 2a, 2b, 3 and write each in every format to ``folder``.

    Args:
        folder: the output folder (created if missing).
        seed: the seed of the data (recorded in the titles).
        formats: file formats understood by matplotlib.

    Returns:
        ``{"fig2a": (paths...), "fig2b": ..., "fig3": ...}``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     paths = write_seed_figures(tmp, formats=("png",))
        ...     sorted(p.name for ps in paths.values() for p in ps)
        ['fig2a.png', 'fig2b.png', 'fig3.png']
    """
    from matplotlib.figure import Figure

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    displays: dict[str, tuple[Any, str | None]] = {
        "fig2a": (NearestPointDisplay.from_fig2a(fig2a(seed=seed, n=120)), None),
        "fig2b": (DiskDisplay.from_fig2b(fig2b(seed=seed, n=60)), "3d"),
        "fig3": (VoronoiDisplay.from_fig3(fig3(seed=seed, grid=200, n_random=60)), None),
    }
    written: dict[str, tuple[Path, ...]] = {}
    for name, (display, projection) in displays.items():
        fig = Figure(figsize=(5.5, 5.5))
        display.plot(fig.add_subplot(projection=projection))
        paths = []
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            fig.savefig(path, dpi=150, bbox_inches="tight")
            paths.append(path)
        written[name] = tuple(paths)
    return written
