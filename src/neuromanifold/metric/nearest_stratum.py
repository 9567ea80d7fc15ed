r"""Which stratum of a closed plane region holds the nearest point: its interior or its boundary.

A closed region $R \subset \mathbb{R}^2$ bounded by a real plane curve $C$ has two strata, the
interior $R^\circ = R \setminus C$ and the boundary curve $C$. Placed in the plane $z = 0$ of
$\mathbb{R}^3$ (a disk, say), $R$ is a closed set with relative interior $R^\circ$. For data
$u = (a, b, c)$ ($c = 0$ in the plane) the squared distance to $r = (x, y, 0) \in R$ is
$c^2 + (x - a)^2 + (y - b)^2$, so the candidates for the nearest point are

* $u$ itself, when $u \in R$ (distance 0);
* $(a, b, 0)$, when $(a, b) \in R^\circ$: the one critical point of the distance on the interior
  stratum, at squared distance $c^2$;
* the closest points of $C$ to $(a, b)$ (exact elimination, `PlaneCurve.closest_points`), at
  squared distance $c^2 + d_C(a, b)^2$.

The nearest point is the best candidate; no local search.

Reference: Kohn, *The geometry of the neuromanifold* (seed article), Figs. 2a–2b; Breiding, Kohn,
Sturmfels, *Metric Algebraic Geometry* (2024), §2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.metric.plane_curve import PlaneCurve, as_rational_point

__all__ = ["NearestStratum", "nearest_stratum"]


@dataclass(frozen=True)
class NearestStratum:
    """Nearest points of data on a closed plane region and the stratum holding each.

    Attributes:
        data: ``(n, d)`` data as floats (``d`` = 2 in the plane, 3 for the region in $z = 0$).
        nearest: ``(n, d)`` nearest points of the region.
        distance: ``(n,)`` distances from the data to the region.
        interior: ``(n,)`` whether the nearest point lies in the interior (else on the boundary).
    """

    data: np.ndarray
    nearest: np.ndarray
    distance: np.ndarray
    interior: np.ndarray

    @property
    def n_interior(self) -> int:
        """Data whose nearest point is in the interior."""
        return int(self.interior.sum())


def nearest_stratum(
    boundary: PlaneCurve | str,
    data: Sequence[Sequence[object]],
    region: Callable[[Fraction, Fraction], bool],
) -> NearestStratum:
    r"""Nearest points of data on the closed region $R$ bounded by ``boundary``, and their stratum.

    Data in the plane are 2-vectors; data $(a, b, c) \in \mathbb{R}^3$ are measured to $R$ placed
    in the plane $z = 0$. The candidates are $u$ itself ($u \in R$), $(a, b, 0)$ for
    $(a, b) \in R^\circ$, and the exact closest points of the curve; the best one wins.

    Args:
        boundary: the boundary curve $C = \partial R$ (a `PlaneCurve` or its text).
        data: rational points (``Fraction``, integers, or floats read exactly), all of length 2
            or all of length 3.
        region: the exact test $(x, y) \in R$ of the closed region at a rational point.

    Returns:
        The `NearestStratum`.

    Raises:
        InputError: when the data are empty, mix lengths, or are neither 2- nor 3-vectors.

    Example:
        >>> from fractions import Fraction as F
        >>> disk = lambda x, y: x * x + y * y <= 1
        >>> r = nearest_stratum("x^2 + y^2 - 1", [(F(1, 2), 0, 1), (2, 0, 0)], disk)
        >>> r.interior.tolist(), r.nearest.tolist(), r.distance.tolist()
        ([True, False], [[0.5, 0.0, 0.0], [1.0, 0.0, 0.0]], [1.0, 1.0])
    """
    curve = boundary if isinstance(boundary, PlaneCurve) else PlaneCurve.from_text(boundary)
    dims = {len(p) for p in data}
    if not data or len(dims) != 1 or not dims <= {2, 3}:
        raise InputError(
            f"data must be a nonempty list of points all of length 2 or all of length 3, got "
            f"lengths {sorted(dims)}; e.g. [(1, 2), (0, 3/4)]"
        )
    n, dim = len(data), dims.pop()
    nearest = np.zeros((n, dim))
    distance = np.zeros(n)
    interior = np.zeros(n, dtype=bool)
    exact = [_exact(point, dim) for point in data]
    for k, (a, b, c) in enumerate(exact):
        in_region = bool(region(a, b))
        interior[k] = in_region and not curve.contains((a, b))
        if in_region and c == 0:  # the datum lies in R: it is its own nearest point
            nearest[k] = [float(a), float(b), 0.0][:dim]
            continue
        closest = curve.closest_points((a, b))
        boundary_sq = float(c * c) + closest.distance**2
        interior_sq = float(c * c) if interior[k] else np.inf
        if interior_sq < boundary_sq:
            nearest[k] = [float(a), float(b), 0.0][:dim]
            distance[k] = float(abs(c))
        else:
            interior[k] = False
            nearest[k] = [*closest.closest[0].xy, 0.0][:dim]
            distance[k] = closest.distance if c == 0 else float(np.sqrt(boundary_sq))
    floats = np.array([[float(t) for t in p[:dim]] for p in exact])
    return NearestStratum(floats, nearest, distance, interior)


def _exact(point: Sequence[object], dim: int) -> tuple[Fraction, Fraction, Fraction]:
    """The point's coordinates as rationals, $c = 0$ for a point of the plane."""
    a, b = as_rational_point(point[:2], "data")
    c = as_rational_point((point[2], 0), "data")[0] if dim == 3 else Fraction(0)
    return a, b, c
