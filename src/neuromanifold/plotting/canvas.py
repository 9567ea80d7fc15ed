"""Where a display draws: the Axes given, or a new figure's; and writing a display to a file.

matplotlib is imported inside these functions only (the ``plot`` extra), and figures are made with
``matplotlib.figure.Figure`` (no pyplot state, safe in scripts and servers).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["axes_or_new", "save_plot"]


def axes_or_new(ax: Any, size: tuple[float, float], projection: str | None = None) -> Any:
    """``ax`` itself, or the Axes of a new figure of ``size`` inches (3D when asked).

    Example:
        >>> axes_or_new(None, (2, 2), "3d").name
        '3d'
    """
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=size).add_subplot(projection=projection)


def save_plot(
    plot: Callable[[Any], Any],
    path: str | Path,
    size: tuple[float, float],
    projection: str | None = None,
) -> Path:
    """Draw ``plot(ax)`` on a new figure of ``size`` inches and write it to ``path``.

    The format comes from the suffix (``.png``, ``.svg``, ``.pdf``, …).

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = save_plot(lambda ax: ax.plot([0, 1]), pathlib.Path(tmp) / "a.png", (2, 2))
        ...     out.stat().st_size > 0
        True
    """
    ax = axes_or_new(None, size, projection)
    plot(ax)
    out = Path(path)
    ax.figure.savefig(out, bbox_inches="tight")
    return out
