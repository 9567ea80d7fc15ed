r"""The seed's Figures 2a, 2b and 3 (claims C2, C3, C4): which stratum holds the nearest point.

* Fig. 2a (claim C2): a full-dimensional closed set $M \subset \mathbb{R}^n$ — data inside is its
  own nearest point; data outside has its nearest point on $\partial M$.
* Fig. 2b (claim C3): a closed disk in $\mathbb{R}^3$ — the nearest point is in the relative
  interior exactly for data in the open cylinder over the disk.
* Fig. 3 (claim C4): the cusp of $y^2 = x^3$ is the nearest point for data of positive area; a
  fixed smooth point for data of measure zero.

Each result stores its seed and answers ``ok``. Nearest points come from exact elimination
(`~neuromanifold.metric.nearest_stratum`, `PlaneCurve.closest_points`, `voronoi_cell`); brute
force (dense samples) is the independent cross-check.

Reference: Kohn, *The geometry of the neuromanifold* (seed article), Figs. 2–3; Breiding, Kohn,
Sturmfels, *Metric Algebraic Geometry* (2024); Brandt, Weinstein (2024).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from neuromanifold.metric.nearest_stratum import nearest_stratum
from neuromanifold.metric.plane_curve import PlaneCurve
from neuromanifold.metric.sampling import GridClassification, classify_grid
from neuromanifold.metric.voronoi import VoronoiCell, voronoi_cell
from neuromanifold.reproduce.claim import ClaimResult

__all__ = ["Fig2aResult", "Fig2bResult", "Fig3Result", "check_metric", "fig2a", "fig2b", "fig3"]

FIG2A_BOUNDARY = "y^2 - 4*x"  # c1^2 - 4 c0 c2 = 0 on the slice c2 = 1, (x, y) = (c0, c1)
DISK_BOUNDARY = "x^2 + y^2 - 1"


def _rational_data(rng: np.random.Generator, n: int, dim: int, half: int) -> list[list[Fraction]]:
    raw = rng.integers(-half * 1000, half * 1000 + 1, size=(n, dim))
    return [[Fraction(int(k), 1000) for k in row] for row in raw]


def _summary(claim: str, region: str, seed: int, n: int) -> dict[str, object]:
    """The keys every nearest-point figure's summary starts with."""
    return {"claim": claim, "set": region, "seed": seed, "n_data": n}


def _brute_gap(samples: np.ndarray, data: list[list[Fraction]], distance: np.ndarray) -> float:
    """The largest |exact − brute-force| distance: nearest of dense ``samples`` of the set."""
    from scipy.spatial import KDTree

    brute, _ = KDTree(samples).query(np.array(data, dtype=float))
    return float(np.max(np.abs(brute - distance)))


@dataclass(frozen=True)
class Fig2aResult:
    """Nearest points in the slice $c_2 = 1$ of the `lcn:k=2,2` function space (seed Fig. 2a).

    Attributes:
        seed: the seed of the data.
        data: ``(n, 2)`` data $(c_0, c_1)$ (rationals with denominator 1000, in $[-2, 2]^2$).
        inside: data in $M = \\{c_1^2 - 4c_0 \\ge 0\\}$ (exact test).
        nearest: ``(n, 2)`` nearest points of $M$.
        distance: distances from the data to $M$.
        on_boundary: whether the nearest point satisfies $c_1^2 = 4 c_0$.
        brute_gap: the largest |exact − brute-force| distance over the data (dense samples of M).
        param_residual: largest $\\|\\mu(\\theta) - (c_0, c_1, 1)\\|$ over nearest points, with
            $\\theta$ read off from the real roots (the point is in the neuromanifold).
        brute_tolerance: the sample spacing of the brute force.
    """

    seed: int
    data: np.ndarray
    inside: np.ndarray
    nearest: np.ndarray
    distance: np.ndarray
    on_boundary: np.ndarray
    brute_gap: float
    param_residual: float
    brute_tolerance: float

    @property
    def n_inside(self) -> int:
        """Data points inside $M$."""
        return int(self.inside.sum())

    @property
    def ok(self) -> bool:
        """C2: inside data are their own nearest point; outside data land on the boundary."""
        inside_ok = bool(np.all(self.distance[self.inside] == 0))
        outside = ~self.inside
        outside_ok = bool(np.all(self.on_boundary[outside]) and np.all(self.distance[outside] > 0))
        return (
            inside_ok
            and outside_ok
            and self.brute_gap <= self.brute_tolerance
            and self.param_residual < 1e-9
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        n = len(self.data)
        region = "lcn:k=2,2 function space, slice c2 = 1: {c1^2 - 4 c0 >= 0} in (c0, c1)"
        return {
            **_summary("C2", region, self.seed, n),
            "n_inside": self.n_inside,
            "fraction_inside": self.n_inside / n,
            "inside_nearest_is_data": bool(np.all(self.distance[self.inside] == 0)),
            "outside_nearest_on_boundary": bool(np.all(self.on_boundary[~self.inside])),
            "brute_gap": self.brute_gap,
            "param_residual": self.param_residual,
            "ok": self.ok,
        }

    def __str__(self) -> str:
        n, k = len(self.data), self.n_inside
        return (
            f"Fig. 2a (C2) seed={self.seed}: {k}/{n} data inside M are their "
            f"own minimum; {n - k} outside have their minimum on c1^2 = 4c0 "
            f"(brute-force gap {self.brute_gap:.2g}); ok={self.ok}"
        )


def fig2a(seed: int = 0, n: int = 200) -> Fig2aResult:
    r"""Seed Fig. 2a on a real neuromanifold: $\mathcal{M}_{(2,2),(1,1)}$ = quadratics
    $c_0 + c_1 x + c_2 x^2$ with real roots $= \{c_1^2 - 4c_0c_2 \ge 0\}$ (full-dimensional, closed),
    in the plane slice $c_2 = 1$ with coordinates $(c_0, c_1)$ and the unit metric.

    Data inside $M$ are their own nearest point (distance 0). For data outside, the distance
    has no critical point in the interior (its only critical point is the data), so the minimum is
    on $\partial M = \{c_1^2 = 4c_0\}$, found exactly by
    `~neuromanifold.metric.nearest_stratum.nearest_stratum`. Cross-checks: a dense sample of $M$
    (brute force), and $\mu(\theta)$ of the ``lcn:k=2,2`` parametrization at the factorization
    $\theta$ of each nearest point.

    Args:
        seed: seed of the data (recorded), uniform rationals in $[-2, 2]^2$ with denominator 1000.
        n: number of data points.

    Returns:
        The `Fig2aResult`.

    Example:
        >>> r = fig2a(seed=0, n=20)
        >>> r.ok, r.n_inside
        (True, 15)
    """
    from neuromanifold.parametrization import parametrization

    rng = np.random.default_rng(seed)
    data = _rational_data(rng, n, 2, 2)
    near = nearest_stratum(FIG2A_BOUNDARY, data, lambda c0, c1: c1 * c1 - 4 * c0 >= 0)
    inside = np.array([c1 * c1 - 4 * c0 >= 0 for c0, c1 in data])
    x, y = near.nearest.T
    on_boundary = np.where(inside, ~near.interior, np.abs(y * y - 4 * x) < 1e-9 * (1 + np.abs(x)))
    # brute force: dense samples of M near the data window (grid points of M plus its boundary)
    spacing = 0.01
    ys = np.arange(-6, 6 + spacing / 2, spacing)
    xs = np.arange(-6, 6 + spacing / 2, spacing)
    gx, gy = np.meshgrid(xs, ys)
    member = gy**2 - 4 * gx >= 0
    pts = np.concatenate(
        [np.column_stack([gx[member], gy[member]]), np.column_stack([ys**2 / 4, ys])]
    )
    mu = parametrization("lcn:k=2,2")
    residual = 0.0
    for x, y in near.nearest:
        disc = max(y * y - 4 * x, 0.0)
        r1, r2 = (-y + np.sqrt(disc)) / 2, (-y - np.sqrt(disc)) / 2
        theta = np.array([-r1, 1.0, -r2, 1.0])
        residual = max(residual, float(np.max(np.abs(mu(theta) - np.array([x, y, 1.0])))))
    return Fig2aResult(
        seed,
        near.data,
        inside,
        near.nearest,
        near.distance,
        on_boundary,
        _brute_gap(pts, data, near.distance),
        residual,
        spacing,
    )


@dataclass(frozen=True)
class Fig2bResult:
    """Nearest points on the closed unit disk in the plane $z = 0$ of $\\mathbb{R}^3$ (Fig. 2b).

    Attributes:
        seed: the seed of the data.
        data: ``(n, 3)`` data in $[-2, 2]^3$ (rationals with denominator 1000).
        in_cylinder: $a^2 + b^2 < 1$ (exact).
        interior_minimum: the nearest point is in the open disk (computed by comparing the
            interior critical point with the nearest points on the boundary circle).
        nearest: ``(n, 3)`` nearest points; distance: the distances.
        brute_gap: the largest |exact − brute-force| distance (dense polar samples of the disk).
        brute_tolerance: the brute force's resolution.
    """

    seed: int
    data: np.ndarray
    in_cylinder: np.ndarray
    interior_minimum: np.ndarray
    nearest: np.ndarray
    distance: np.ndarray
    brute_gap: float
    brute_tolerance: float

    @property
    def ok(self) -> bool:
        """C3: interior minimum exactly for data in the cylinder (and brute force agrees)."""
        return bool(np.array_equal(self.in_cylinder, self.interior_minimum)) and (
            self.brute_gap <= self.brute_tolerance
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        region = "closed unit disk in the plane z = 0 of R^3"
        return {
            **_summary("C3", region, self.seed, len(self.data)),
            "n_in_cylinder": int(self.in_cylinder.sum()),
            "n_interior_minimum": int(self.interior_minimum.sum()),
            "fraction_in_cylinder": float(self.in_cylinder.mean()),
            "agree": bool(np.array_equal(self.in_cylinder, self.interior_minimum)),
            "brute_gap": self.brute_gap,
            "ok": self.ok,
        }

    def __str__(self) -> str:
        d = self.to_dict()
        return (
            f"Fig. 2b (C3) seed={self.seed}: {d['n_interior_minimum']}/{d['n_data']} data have "
            f"their minimum in the open disk, {d['n_in_cylinder']} lie in the cylinder; "
            f"agree={d['agree']}; ok={self.ok}"
        )


def fig2b(seed: int = 0, n: int = 200) -> Fig2bResult:
    r"""Seed Fig. 2b: nearest points on $D = \{x^2 + y^2 \le 1, z = 0\} \subset \mathbb{R}^3$.

    The strata of $D$ are the open disk and the circle $\partial D$. For data $(a, b, c)$ the
    distance restricted to the plane $z = 0$ has the single critical point $(a, b, 0)$; it is a
    candidate iff $a^2 + b^2 < 1$ (exact). On the circle, the candidates are the exact closest
    points of `PlaneCurve` ``x^2 + y^2 - 1`` to $(a, b)$ (the $z$-offset adds $c^2$ to every
    squared distance); `~neuromanifold.metric.nearest_stratum.nearest_stratum` compares them.
    The global minimum is the best candidate; the claim is that it lies in
    the open disk exactly when $(a, b, c)$ is in the open cylinder $a^2 + b^2 < 1$.

    Args:
        seed: seed of the data (recorded), uniform rationals in $[-2, 2]^3$ with denominator 1000.
        n: number of data points.

    Returns:
        The `Fig2bResult`: for each datum, whether it lies in the cylinder and whether its
        nearest point is interior, with the brute-force gap.

    Example:
        >>> r = fig2b(seed=0, n=20)
        >>> r.ok, int(r.in_cylinder.sum())
        (True, 4)
    """
    rng = np.random.default_rng(seed)
    data = _rational_data(rng, n, 3, 2)
    near = nearest_stratum(DISK_BOUNDARY, data, lambda a, b: a * a + b * b <= 1)
    in_cyl = np.array([a * a + b * b < 1 for a, b, _ in data])
    radii = np.linspace(0, 1, 401)
    angles = np.linspace(0, 2 * np.pi, 2001)[:-1]
    rr, aa = np.meshgrid(radii, angles)
    disk = np.column_stack([(rr * np.cos(aa)).ravel(), (rr * np.sin(aa)).ravel(), 0 * rr.ravel()])
    gap = _brute_gap(disk, data, near.distance)
    return Fig2bResult(
        seed, near.data, in_cyl, near.interior, near.nearest, near.distance, gap, 0.005
    )


@dataclass(frozen=True)
class Fig3Result:
    """The cusp's Voronoi cell against a smooth point's (seed Fig. 3, claim C4).

    Attributes:
        cusp: the Voronoi cell of the cusp $(0, 0)$ of $y^2 = x^3$ (exact area in the box).
        smooth: the Voronoi cell of the smooth point (area 0, a segment of the normal line).
        grid: the brute-force classification of the cusp's cell on a grid.
        seed: the seed of the Monte Carlo data.
        n_random: random data points in the box, solved exactly.
        hits_cusp, hits_smooth: how many have the cusp / the smooth point as nearest point.
    """

    cusp: VoronoiCell
    smooth: VoronoiCell
    grid: GridClassification
    seed: int
    n_random: int
    hits_cusp: int
    hits_smooth: int

    @property
    def box_area(self) -> float:
        """The area of the box."""
        a, b, c, d = self.cusp.box
        return (b - a) * (d - c)

    @property
    def grid_agrees(self) -> bool:
        """The exact area and the grid's agree within the grid's error bound."""
        return abs(self.cusp.area - self.grid.area) <= self.grid.area_error + self.cusp.area_error

    @property
    def monte_carlo_agrees(self) -> bool:
        """The cusp's hit fraction is within 5 binomial standard deviations of area / box."""
        p = self.cusp.area / self.box_area
        sd = np.sqrt(p * (1 - p) / self.n_random)
        return bool(abs(self.hits_cusp / self.n_random - p) <= 5 * sd + 1e-12)

    @property
    def ok(self) -> bool:
        """C4: positive area at the cusp, measure zero at the smooth point, cross-checks pass."""
        return bool(
            self.cusp.area - self.cusp.area_error > 0
            and self.smooth.area == 0
            and self.hits_smooth == 0
            and self.grid_agrees
            and self.monte_carlo_agrees
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "claim": "C4",
            "curve": self.cusp.curve.text,
            "box": list(self.cusp.box),
            "cusp_area": self.cusp.area,
            "cusp_area_error": self.cusp.area_error,
            "cusp_boundary": self.cusp.boundary,
            "cusp_unique": self.cusp.unique,
            "grid_area": self.grid.area,
            "grid_area_error": self.grid.area_error,
            "grid_n": len(self.grid.xs),
            "smooth_point": [str(t) for t in self.smooth.point],
            "smooth_area": self.smooth.area,
            "smooth_length_in_box": self.smooth.length_in_box,
            "seed": self.seed,
            "n_random": self.n_random,
            "hits_cusp": self.hits_cusp,
            "hits_smooth": self.hits_smooth,
            "ok": self.ok,
        }

    def __str__(self) -> str:
        return (
            f"Fig. 3 (C4): cusp cell area in {self.cusp.box} = {self.cusp.area:.10f} "
            f"± {self.cusp.area_error:.1e} (grid {len(self.grid.xs)}²: {self.grid.area:.4f} "
            f"± {self.grid.area_error:.4f}); smooth point {self.smooth.point[0]}, "
            f"{self.smooth.point[1]}: area 0 (segment of length {self.smooth.length_in_box:.4g}); "
            f"random data (seed {self.seed}): {self.hits_cusp}/{self.n_random} at the cusp, "
            f"{self.hits_smooth} at the smooth point; ok={self.ok}"
        )


def fig3(
    seed: int = 0,
    box: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0),
    grid: int = 400,
    n_random: int = 300,
    smooth_point: tuple[object, object] = ("1/4", "1/8"),
) -> Fig3Result:
    r"""Seed Fig. 3: the cusp of $y^2 = x^3$ attracts data of positive area, a smooth point none.

    The cusp's cell is computed exactly (`voronoi_cell`: boundary
    $128u^3 + 32u^2 + 72uv^2 + 2u + 27v^4 + v^2 = 0$, area a certified ball), checked against a
    ``grid`` × ``grid`` brute-force classification and against ``n_random`` seeded data points
    whose nearest points are found exactly. The smooth point's cell is a segment (area 0), and no
    random data point has it as nearest point.

    Args:
        seed: seed of the random data (recorded).
        box: the box ``(xmin, xmax, ymin, ymax)``.
        grid: brute-force grid size per axis.
        n_random: number of random data points.
        smooth_point: a rational smooth point of the curve.

    Returns:
        The `Fig3Result`.

    Example:
        >>> r = fig3(grid=60, n_random=40)
        >>> r.ok, round(r.cusp.area, 6)
        (True, 1.739399)
    """
    curve = PlaneCurve.from_text("y^2 - x^3")
    cusp = voronoi_cell(curve, (0, 0), box)
    smooth = voronoi_cell(curve, smooth_point, box)
    g = classify_grid(curve, (0, 0), cusp.box, n=grid)
    rng = np.random.default_rng(seed)
    a, b, c, d = cusp.box
    hits_cusp = hits_smooth = 0
    for _ in range(n_random):
        u = Fraction(a) + Fraction(int(rng.integers(0, 10**6)), 10**6) * Fraction(b - a)
        v = Fraction(c) + Fraction(int(rng.integers(0, 10**6)), 10**6) * Fraction(d - c)
        closest = curve.closest_points((u, v)).closest
        hits_cusp += any(q.exact == (0, 0) for q in closest)
        hits_smooth += any(q.exact == smooth.point for q in closest)
    return Fig3Result(cusp, smooth, g, seed, n_random, hits_cusp, hits_smooth)


def check_metric(seed: int) -> list[ClaimResult]:
    """C2, C3, C4: nearest points on a full-dimensional set, a disk in R³, and the cusp."""
    a, b, c = fig2a(seed=seed), fig2b(seed=seed), fig3(seed=seed)
    return [
        ClaimResult(
            "C2",
            "Fig. 2a: full-dimensional closed M: data inside is its own minimum, outside → boundary",
            "every datum inside M is its minimum; every other has its minimum on ∂M",
            str(a),
            a.ok,
        ),
        ClaimResult(
            "C3",
            "Fig. 2b: disk in R³: interior minimum exactly for data in the cylinder",
            "interior minimum ⇔ data in the cylinder over the disk",
            str(b),
            b.ok,
        ),
        ClaimResult(
            "C4",
            "Fig. 3: the cusp of y² = x³ is the closest point for data of positive area",
            "cusp cell area > 0 (exact, vs grid); a smooth point's cell has area 0",
            str(c),
            c.ok,
        ),
    ]
