"""Brute force, for cross-checks: dense samples of a real plane curve and grid classification of
data points by their closest sampled point.

This is the independent second method against which the exact routes of
`neuromanifold.metric.plane_curve` and `neuromanifold.metric.voronoi` are tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.metric.bivariate import terms
from neuromanifold.metric.plane_curve import PlaneCurve, as_rational_point

__all__ = ["GridClassification", "classify_grid", "sample_curve", "validate_box"]


def validate_box(box: object) -> tuple[float, float, float, float]:
    """Check ``box = (xmin, xmax, ymin, ymax)``: four finite numbers, nonempty.

    Example:
        >>> validate_box((-1, 1, -1, 1))
        (-1.0, 1.0, -1.0, 1.0)
    """
    try:
        a, b, c, d = (float(t) for t in box)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise InputError(
            f"box must be four numbers (xmin, xmax, ymin, ymax), got {box!r}"
        ) from None
    if not all(np.isfinite((a, b, c, d))) or not (a < b and c < d):
        raise InputError(
            f"box must be (xmin, xmax, ymin, ymax) with xmin < xmax and ymin < ymax, got {box!r}"
        )
    return a, b, c, d


def sample_curve(
    curve: PlaneCurve, window: tuple[float, float, float, float], n: int = 4000
) -> np.ndarray:
    r"""Dense real points of $C \cap$ ``window``: the real roots of $f(x_i, \cdot)$ on ``n``
    vertical lines and of $f(\cdot, y_j)$ on ``n`` horizontal lines (so steep and flat arcs are
    both covered), plus the real singular points.

    Args:
        curve: the curve.
        window: ``(xmin, xmax, ymin, ymax)``.
        n: lines per direction.

    Returns:
        An ``(m, 2)`` float array of points on the curve (to float accuracy).

    Example:
        >>> pts = sample_curve(PlaneCurve.from_text("x^2 + y^2 - 1"), (-2, 2, -2, 2), n=50)
        >>> bool(np.allclose((pts**2).sum(axis=1), 1))
        True
    """
    a, b, c, d = validate_box(window)
    monomials = terms(curve.polynomial)
    out = [np.array([p.xy for p in curve.singular_points]).reshape(-1, 2)]
    for var, (lo, hi), (olo, ohi) in ((0, (a, b), (c, d)), (1, (c, d), (a, b))):
        deg = max(t[1 - var] for t in monomials)
        values = np.linspace(lo, hi, n)
        coeffs = np.zeros((n, deg + 1))
        for i, j, k in monomials:
            e_fixed, e_free = (i, j) if var == 0 else (j, i)
            coeffs[:, deg - e_free] += k * values**e_fixed
        for value, row in zip(values, coeffs, strict=True):
            if not np.any(row[:-1]):
                continue
            roots = np.roots(row)
            scale = 1.0 + np.abs(roots)
            real = roots[np.abs(roots.imag) <= 1e-7 * scale].real
            real = real[(real >= olo) & (real <= ohi)]
            pts = np.column_stack([np.full(real.shape, value), real])
            out.append(pts if var == 0 else pts[:, ::-1])
    return np.concatenate(out, axis=0)


@dataclass(frozen=True)
class GridClassification:
    """Data points on a grid over a box, marked by whether ``point`` is their closest point.

    Attributes:
        xs, ys: the grid-cell centres along each axis.
        inside: boolean ``(len(ys), len(xs))`` array: ``point`` is a closest sampled point.
        area: the estimated area of the Voronoi cell inside the box.
        area_error: cells on the classification's frontier times the cell area (a bound when the
            cell is convex and each grid point is classified correctly).
        n_samples: the number of curve samples used.
    """

    xs: np.ndarray
    ys: np.ndarray
    inside: np.ndarray
    area: float
    area_error: float
    n_samples: int


def classify_grid(
    curve: PlaneCurve,
    point: object,
    box: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0),
    n: int = 400,
    n_lines: int = 4000,
) -> GridClassification:
    r"""Classify an ``n`` × ``n`` grid of data points by brute force: $u$ is in the cell of $p$
    when $\|u - p\| \le \min_q \|u - q\|$ over dense curve samples $q$ (k-d tree).

    Samples are taken in the box enlarged by the largest distance from ``point`` to the box
    (every closest point of a data point in the box lies there).

    Args:
        curve: the curve.
        point: the point $p$ of the curve.
        box: ``(xmin, xmax, ymin, ymax)``.
        n: grid size per axis.
        n_lines: sampling lines per direction (`sample_curve`).

    Returns:
        The `GridClassification`.

    Example:
        >>> g = classify_grid(PlaneCurve.from_text("y^2 - x^3"), (0, 0), n=40, n_lines=400)
        >>> 1.6 < g.area < 1.9
        True
    """
    from scipy.spatial import KDTree

    a, b, c, d = validate_box(box)
    px, py = (float(t) for t in as_rational_point(point))
    reach = max(np.hypot(x - px, y - py) for x in (a, b) for y in (c, d)) * 1.01 + 1e-9
    window = (min(a, px) - reach, max(b, px) + reach, min(c, py) - reach, max(d, py) + reach)
    samples = np.concatenate([sample_curve(curve, window, n_lines), [[px, py]]])
    tree = KDTree(samples)
    xs = a + (np.arange(n) + 0.5) * (b - a) / n
    ys = c + (np.arange(n) + 0.5) * (d - c) / n
    gx, gy = np.meshgrid(xs, ys)
    data = np.column_stack([gx.ravel(), gy.ravel()])
    nearest, _ = tree.query(data)
    to_p = np.hypot(data[:, 0] - px, data[:, 1] - py)
    inside = (to_p <= nearest * (1 + 1e-9) + 1e-12).reshape(n, n)
    frontier = np.zeros_like(inside)
    frontier[:, 1:] |= inside[:, 1:] != inside[:, :-1]
    frontier[:, :-1] |= inside[:, 1:] != inside[:, :-1]
    frontier[1:, :] |= inside[1:, :] != inside[:-1, :]
    frontier[:-1, :] |= inside[1:, :] != inside[:-1, :]
    cell = (b - a) * (d - c) / n**2
    return GridClassification(
        xs, ys, inside, float(inside.sum() * cell), float(frontier.sum() * cell), len(samples)
    )
