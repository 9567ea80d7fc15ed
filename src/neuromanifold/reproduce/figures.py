"""The seed's Figures 1, 2a, 2b, 3 and 4, drawn from computed objects and written as PNG and SVG.

Each ``fig*_display`` turns a computed object into a display of :mod:`neuromanifold.plotting`
(compute once, draw many): Fig. 1 the network ``fc:3,1,2`` (read off its parametrization) beside
two affine slices of its neuromanifold; Figs. 2a, 2b, 3 the results of
:mod:`neuromanifold.reproduce.metric`; Fig. 4 the matrix built by ``convolution_matrix``.
:func:`seed_figures` draws them all, :func:`write_seed_figures` writes them. :data:`FIGURE_CLAIMS`
names the claim each figure illustrates. matplotlib (the optional ``plot`` extra) is imported
inside the drawing code only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.plotting.convolution import ConvolutionMatrixDisplay
from neuromanifold.plotting.metric import DiskDisplay, NearestPointDisplay, VoronoiDisplay
from neuromanifold.plotting.network import NetworkDisplay
from neuromanifold.plotting.slice import RankOneSliceDisplay
from neuromanifold.reproduce.metric import Fig2aResult, Fig2bResult, Fig3Result, fig2a, fig2b, fig3

__all__ = [
    "FIGURE_CLAIMS",
    "fig1_displays",
    "fig2a_display",
    "fig2b_display",
    "fig3_display",
    "fig4_display",
    "seed_figures",
    "write_figures",
    "write_seed_figures",
]

#: The claim (SPEC §7) each of the seed's figures illustrates.
FIGURE_CLAIMS = {"fig1": "C1", "fig2a": "C2", "fig2b": "C3", "fig3": "C4", "fig4": "C8"}


def fig1_displays(seed: int = 0) -> tuple[NetworkDisplay, RankOneSliceDisplay]:
    """Fig. 1: the network 3 → 1 → 2 as a graph of neurons, and slices of its neuromanifold.

    Example:
        >>> net, cut = fig1_displays(0)
        >>> net.widths, cut.architecture
        ((3, 1, 2), 'fc:3,1,2')
    """
    return NetworkDisplay.of("fc:3,1,2"), RankOneSliceDisplay.of("fc:3,1,2", seed=seed)


def fig4_display() -> ConvolutionMatrixDisplay:
    """Fig. 4: the filter (a, b, c) with stride 2 on R⁷, the 3 × 7 matrix of ``convolution_matrix``.

    Example:
        >>> fig4_display().matrix.shape
        (3, 7)
    """
    return ConvolutionMatrixDisplay.of(("a", "b", "c"), stride=2, n_inputs=7)


def fig2a_display(result: Fig2aResult) -> NearestPointDisplay:
    """Fig. 2a: the slice $c_2 = 1$ of ``lcn:k=2,2``, $\\{c_1^2 \\ge 4c_0\\}$, data, nearest points.

    Example:
        >>> from neuromanifold.reproduce.metric import fig2a
        >>> fig2a_display(fig2a(n=10)).member.shape
        (300, 300)
    """
    window = (-2.5, 2.5, -2.5, 2.5)
    xs = np.linspace(window[0], window[1], 300)
    ys = np.linspace(window[2], window[3], 300)
    gx, gy = np.meshgrid(xs, ys)
    t = np.linspace(window[2], window[3], 400)
    return NearestPointDisplay(
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
        axis_labels=("c0", "c1"),
        boundary_label="boundary c1² = 4c0",
    )


def fig2b_display(result: Fig2bResult, n_data: int = 60) -> DiskDisplay:
    """Fig. 2b: the unit disk in $\\mathbb{R}^3$ and the first ``n_data`` data with nearest points.

    Example:
        >>> from neuromanifold.reproduce.metric import fig2b
        >>> fig2b_display(fig2b(n=10)).data.shape
        (10, 3)
    """
    k = min(n_data, len(result.data))
    return DiskDisplay(
        result.data[:k],
        result.nearest[:k],
        result.interior_minimum[:k],
        f"unit disk in R³: interior minimum ⇔ data in the cylinder (seed {result.seed})",
    )


def fig3_display(result: Fig3Result, n_data: int = 150) -> VoronoiDisplay:
    """Fig. 3: the cusp's Voronoi cell, a smooth point's cell and seeded data classified exactly.

    Example:
        >>> from neuromanifold.reproduce.metric import fig3
        >>> d = fig3_display(fig3(grid=40, n_random=10), n_data=10)
        >>> d.inside.shape, int(d.data_at_point.sum()) <= 10
        ((40, 40), True)
    """
    cell = result.cusp
    a, b, c, d = cell.box
    rng = np.random.default_rng(result.seed)
    data = np.column_stack([rng.uniform(a, b, n_data), rng.uniform(c, d, n_data)])
    return VoronoiDisplay.from_cell(
        cell,
        result.grid,
        smooth=result.smooth,
        data=data,
        title=f"Voronoi cell of the cusp of {cell.curve.text} = 0 (area {cell.area:.6f})",
    )


def seed_figures(seed: int = 0, names: Collection[str] | None = None) -> dict[str, Any]:
    """Compute and draw the seed's Figs. 1, 2a, 2b, 3, 4 (or those in ``names``).

    Returns:
        ``{name: matplotlib Figure}`` in the order fig1, fig2a, fig2b, fig3, fig4.

    Example:
        >>> sorted(seed_figures(0, names={"fig1", "fig4"}))
        ['fig1', 'fig4']
    """
    from matplotlib.figure import Figure

    wanted = set(FIGURE_CLAIMS) if names is None else set(names)
    unknown = wanted - set(FIGURE_CLAIMS)
    if unknown:
        raise InputError(
            f"unknown figure {sorted(unknown)[0]!r}; the figures: {list(FIGURE_CLAIMS)}"
        )

    def fig1(fig: Any) -> None:
        network, cut = fig1_displays(seed)
        network.plot(fig.add_subplot(1, 2, 1))
        cut.plot(fig.add_subplot(1, 2, 2, projection="3d"))

    drawers: dict[str, tuple[tuple[float, float], Callable[[Any], Any]]] = {
        "fig1": ((10, 4.5), fig1),
        "fig2a": (
            (5.5, 5.5),
            lambda f: fig2a_display(fig2a(seed=seed, n=120)).plot(f.add_subplot()),
        ),
        "fig2b": (
            (5.5, 5.5),
            lambda f: fig2b_display(fig2b(seed=seed, n=60)).plot(f.add_subplot(projection="3d")),
        ),
        "fig3": (
            (5.5, 5.5),
            lambda f: fig3_display(fig3(seed=seed, grid=200, n_random=60)).plot(f.add_subplot()),
        ),
        "fig4": ((7, 2.6), lambda f: fig4_display().plot(f.add_subplot())),
    }
    figures: dict[str, Any] = {}
    for name, (size, draw) in drawers.items():
        if name in wanted:
            fig = Figure(figsize=size)
            draw(fig)
            figures[name] = fig
    return figures


def write_seed_figures(
    folder: str | Path,
    seed: int = 0,
    formats: tuple[str, ...] = ("png", "svg"),
    figures: dict[str, Any] | None = None,
) -> dict[str, tuple[Path, ...]]:
    """Compute the seed's Figs. 1, 2a, 2b, 3, 4 and write each in every format to ``folder``.

    Args:
        folder: the output folder (created if missing).
        seed: the seed of the data (recorded in the titles).
        formats: file formats understood by matplotlib.
        figures: figures already drawn by :func:`seed_figures` (default: draw them).

    Returns:
        ``{"fig1": (paths...), "fig2a": ..., ...}``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     paths = write_seed_figures(tmp, formats=("png",))
        ...     sorted(p.name for ps in paths.values() for p in ps)
        ['fig1.png', 'fig2a.png', 'fig2b.png', 'fig3.png', 'fig4.png']
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, ...]] = {}
    for name, fig in (figures if figures is not None else seed_figures(seed)).items():
        paths = []
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            fig.savefig(path, dpi=150, bbox_inches="tight")
            paths.append(path)
        written[name] = tuple(paths)
    return written


def write_figures(
    folder: str | Path, seed: int = 0, figures: dict[str, Any] | None = None
) -> list[Path]:
    """Write the seed's figures (Figs. 1, 2a, 2b, 3, 4) as PNG and SVG into ``folder``."""
    written = write_seed_figures(folder, seed=seed, figures=figures)
    return [p for paths in written.values() for p in paths]
