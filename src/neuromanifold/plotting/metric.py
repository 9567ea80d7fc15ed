"""Display objects for metric pictures (Voronoi cells, nearest points): compute once, draw many.

Each display holds computed arrays; ``plot(ax=None)`` draws them and returns the matplotlib Axes.
matplotlib (the optional ``plot`` extra) is imported inside the drawing code only. The seed's
Figs. 2a, 2b and 3 are assembled from these displays in :mod:`neuromanifold.reproduce.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.algebra.parsing import parse_polynomial
from neuromanifold.metric.sampling import GridClassification, classify_grid, sample_curve
from neuromanifold.metric.voronoi import VoronoiCell

__all__ = ["DiskDisplay", "NearestPointDisplay", "VoronoiDisplay"]

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


def _finish(ax: Any, box: tuple[float, float, float, float], title: str, legend: str) -> Any:
    """Limit a plane picture to ``box`` at equal scale, title it, place the legend."""
    ax.set_xlim(*box[:2])
    ax.set_ylim(*box[2:])
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=9)
    ax.legend(loc=legend, fontsize=7)
    return ax


def _evaluate(text: str, names: tuple[str, str], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    poly = parse_polynomial(text, list(names))
    total = np.zeros_like(x, dtype=float)
    for (i, j), c in poly.to_dict().items():
        total += float(c) * x ** int(i) * y ** int(j)
    return total


def _segment(cell: VoronoiCell) -> np.ndarray | None:
    """The segment of the normal line that is a smooth point's cell, clipped near its box."""
    if cell.normal is None or cell.extent is None:
        return None
    a, b = cell.box[:2]
    lo, hi = (float(np.clip(t, -10 * (b - a), 10 * (b - a))) for t in cell.extent)
    p, normal = np.array([float(t) for t in cell.point]), np.array(cell.normal)
    return np.array([p + lo * normal, p + hi * normal])


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
    def from_cell(
        cls,
        cell: VoronoiCell,
        grid: int | GridClassification = 200,
        *,
        smooth: VoronoiCell | None = None,
        data: np.ndarray | None = None,
        title: str | None = None,
    ) -> VoronoiDisplay:
        """Build from any `VoronoiCell`: the curve, the cell (brute-force grid) and its boundary.

        Args:
            cell: the cell to draw.
            grid: the grid size per axis, or a classification of ``cell`` already computed.
            smooth: the cell of a smooth point drawn beside it (its point and segment), if any.
            data: ``(n, 2)`` data points, marked by whether ``cell`` contains them.
            title: the plot title (default: the cell's point, curve and area).

        Example:
            >>> from neuromanifold.metric import voronoi_cell
            >>> VoronoiDisplay.from_cell(voronoi_cell("y - x^2", (0, 0)), grid=20).inside.shape
            (20, 20)
        """
        a, b, c, d = cell.box
        pad = 0.05 * max(b - a, d - c)
        samples = sample_curve(cell.curve, (a - pad, b + pad, c - pad, d + pad), 1500)
        if not isinstance(grid, GridClassification):
            grid = classify_grid(cell.curve, cell.point, cell.box, n=grid, n_lines=1000)
        gx, gy = np.meshgrid(grid.xs, grid.ys)
        values = None if cell.boundary is None else _evaluate(cell.boundary, ("u", "v"), gx, gy)
        segment = _segment(cell if smooth is None else smooth)
        data = np.zeros((0, 2)) if data is None else np.asarray(data, dtype=float)
        at = np.array([cell.contains((u, v)) for u, v in data], dtype=bool)
        return cls(
            (a, b, c, d),
            samples,
            grid.xs,
            grid.ys,
            grid.inside,
            values,
            (float(cell.point[0]), float(cell.point[1])),
            None if smooth is None else (float(smooth.point[0]), float(smooth.point[1])),
            segment,
            data,
            at,
            title
            or f"Voronoi cell of ({cell.point[0]}, {cell.point[1]}) on {cell.curve.text} = 0 "
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
        return _finish(ax, self.box, self.title, "lower right")


@dataclass(frozen=True)
class NearestPointDisplay:
    """A full-dimensional closed set in the plane with data and their nearest points (Fig. 2a).

    Attributes:
        window: the plotted box; xs, ys, member: the set on a grid.
        boundary: points of the boundary curve.
        data, nearest, inside: the data, their nearest points, membership.
        title: the plot title.
        axis_labels: the names of the two coordinates; boundary_label: the boundary's legend.

    Example:
        >>> from matplotlib.figure import Figure
        >>> t = np.linspace(-2, 2, 50)
        >>> disk = np.hypot(*np.meshgrid(t, t)) <= 1
        >>> circle = np.column_stack([np.cos(4 * t), np.sin(4 * t)])
        >>> data, nearest = np.array([[0.5, 0.0], [2.0, 0.0]]), np.array([[0.5, 0.0], [1.0, 0.0]])
        >>> d = NearestPointDisplay((-2, 2, -2, 2), t, t, disk, circle, data, nearest,
        ...                         np.array([True, False]), "the unit disk")
        >>> ax = Figure().add_subplot()
        >>> d.plot(ax) is ax, ax.get_title()
        (True, 'the unit disk')
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
    axis_labels: tuple[str, str] = ("x", "y")
    boundary_label: str = "boundary"

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
            label=self.boundary_label,
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
        ax.set_xlabel(self.axis_labels[0])
        ax.set_ylabel(self.axis_labels[1])
        return _finish(ax, self.window, self.title, "lower left")


@dataclass(frozen=True)
class DiskDisplay:
    """The closed unit disk in $z = 0$ of $\\mathbb{R}^3$, the cylinder over it, data and their
    nearest points (Fig. 2b).

    Attributes:
        data, nearest, interior: the data, nearest points, whether the minimum is interior.
        title: the plot title.

    Example:
        >>> from matplotlib.figure import Figure
        >>> data, nearest = np.array([[0.5, 0, 1], [2, 0, 0]]), np.array([[0.5, 0, 0], [1, 0, 0]])
        >>> d = DiskDisplay(data, nearest, np.array([True, False]), "the unit disk")
        >>> ax = Figure().add_subplot(projection="3d")
        >>> d.plot(ax) is ax
        True
    """

    data: np.ndarray
    nearest: np.ndarray
    interior: np.ndarray
    title: str

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
