r"""Voronoi cells of points on a real plane curve: the data whose closest point is a given point.

$\operatorname{Vor}(p) = \{u \in \mathbb{R}^2 : \|u - p\| \le \|u - q\| \ \forall q \in C(\mathbb{R})\}$,
an intersection of half-planes, hence convex. At a smooth point it lies on the normal line (area 0);
at a cusp it can have positive area (Brandt–Weinstein 2024; seed Fig. 3).

Reference: Brandt, Weinstein, *Voronoi cells in metric algebraic geometry of plane curves*,
Math. Scand. 130(1) (2024); Breiding, Kohn, Sturmfels, *Metric Algebraic Geometry* (2024), Ch. 5.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction

import flint
import numpy as np

from neuromanifold.algebra.binary_form import WORKING_PRECISION, real_roots
from neuromanifold.algebra.rational import to_fmpq
from neuromanifold.errors import InputError
from neuromanifold.metric.bivariate import XY, arb_of, evaluate_fraction, terms
from neuromanifold.metric.plane_curve import PlaneCurve, as_rational_point
from neuromanifold.metric.sampling import classify_grid, validate_box

__all__ = ["VoronoiCell", "cusp_boundary", "voronoi_cell"]

_UV = flint.fmpz_mpoly_ctx.get(("s", "u", "v"), "lex")


@dataclass(frozen=True)
class VoronoiCell:
    """The Voronoi cell of a point of a real plane curve, computed once (see `voronoi_cell`).

    Attributes:
        curve: the curve.
        point: the point $p$ (exact).
        box: the box ``(xmin, xmax, ymin, ymax)`` in which the area is measured.
        kind: ``"smooth"`` or ``"singular"``.
        method: ``"normal-line"`` (smooth, exact), ``"cusp-discriminant"`` (exact boundary, area a
            certified ball) or ``"grid"`` (brute-force classification; area error heuristic).
        area: the area of the cell inside the box.
        area_error: a bound on ``|area - true area|``.
        boundary: the implicit equation of the cell's boundary curve in the data coordinates
            ``(u, v)`` (``... = 0``), or ``None`` when not computed.
        parametrization: ``(u(s), v(s))`` of the boundary, as text, where one is known.
        unique: $p$ is the unique closest point for data in the cell's relative interior.
        normal: the unit normal at a smooth $p$, pointing to the centre of curvature (along the
            gradient when the curvature is 0), else ``None``.
        extent: a smooth cell is $\\{p + s\\,n : s \\in [lo, hi]\\}$; ``(lo, hi)`` (may be infinite).
        extent_reasons: why each end stops: ``"curvature"`` (centre of curvature),
            ``"tangency"`` (tie with another point), ``"singular"`` or ``"unbounded"``.
        length_in_box: the length of a smooth cell inside the box.
        notes: remarks (e.g. isolated real points of the boundary equation).
    """

    curve: PlaneCurve
    point: tuple[Fraction, Fraction]
    box: tuple[float, float, float, float]
    kind: str
    method: str
    area: float
    area_error: float
    boundary: str | None
    unique: bool
    parametrization: tuple[str, str] | None = None
    normal: tuple[float, float] | None = None
    extent: tuple[float, float] | None = None
    extent_reasons: tuple[str, str] | None = None
    length_in_box: float | None = None
    notes: tuple[str, ...] = field(default=())

    def contains(self, data: object) -> bool:
        """Whether ``point`` is a closest point of the curve to ``data`` (exact route).

        Example:
            >>> voronoi_cell("y^2 - x^3", (0, 0)).contains((-0.5, 0.1))
            True
        """
        closest = self.curve.closest_points(data).closest
        p = self.point
        return any(
            q.exact == p
            or (
                q.exact is None
                and q.x_ball.contains(arb_of(p[0]))
                and q.y_ball.contains(arb_of(p[1]))
            )
            for q in closest
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (keys ``area``, ``area_error``, ``boundary``, ``unique``, ...)."""
        return {
            "curve": self.curve.text,
            "point": [str(self.point[0]), str(self.point[1])],
            "box": list(self.box),
            "kind": self.kind,
            "method": self.method,
            "area": self.area,
            "area_error": self.area_error,
            "boundary": self.boundary,
            "boundary_variables": ["u", "v"],
            "parametrization": list(self.parametrization) if self.parametrization else None,
            "unique": self.unique,
            "normal": list(self.normal) if self.normal else None,
            "extent": [t if math.isfinite(t) else None for t in self.extent]
            if self.extent
            else None,
            "extent_reasons": list(self.extent_reasons) if self.extent_reasons else None,
            "length_in_box": self.length_in_box,
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        p = f"({self.point[0]}, {self.point[1]})"
        lines = [
            f"Voronoi cell of {p} on {self.curve.text} = 0 ({self.kind} point, {self.method})",
            f"  area in box {self.box}: {self.area:.10g} ± {self.area_error:.3g}",
            f"  unique closest point in the interior: {self.unique}",
        ]
        if self.extent is not None:
            lines.append(
                f"  on the normal line: s in [{self.extent[0]:.6g}, {self.extent[1]:.6g}] "
                f"({self.extent_reasons[0]}, {self.extent_reasons[1]})"  # type: ignore[index]
            )
        if self.boundary:
            lines.append(f"  boundary: {self.boundary} = 0  (in u, v)")
        if self.parametrization:
            lines.append(
                f"  boundary parametrized: u = {self.parametrization[0]}, "
                f"v = {self.parametrization[1]}"
            )
        return "\n".join(lines)


# -------------------------------------------------------------------- smooth points
def _on_line(
    poly: flint.fmpz_mpoly, p: tuple[Fraction, Fraction], m: tuple[Fraction, Fraction]
) -> flint.fmpz_poly:
    """$s \\mapsto$ poly$(p + s\\,m)$, with denominators cleared."""
    q = to_fmpq
    lx = flint.fmpq_poly([q(p[0]), q(m[0])])
    ly = flint.fmpq_poly([q(p[1]), q(m[1])])
    total = flint.fmpq_poly([0])
    for i, j, c in terms(poly):
        total += c * lx**i * ly**j
    den = math.lcm(*(int(k.denom()) for k in total.coeffs())) if total.coeffs() else 1
    return flint.fmpz_poly([int(k * den) for k in total.coeffs()])


def _smooth_extent(
    curve: PlaneCurve, p: tuple[Fraction, Fraction]
) -> tuple[tuple[float, float], tuple[str, str], tuple[float, float]]:
    r"""$[lo, hi]$ with $\operatorname{Vor}(p) = \{p + s\,\hat n\}$: for $t > 0$,
    $p + t n \in \operatorname{Vor}(p)$ iff $t \le \varphi(q) = \|q-p\|^2 / (2 n\cdot(q-p))$ for all
    $q$ with $n \cdot (q - p) > 0$; the infimum of $\varphi$ is at the centre of curvature, at a
    tangency ($\nabla\varphi \parallel \nabla f$) or at a singular point."""
    n = curve.gradient(p)
    fxx, fxy, fyy = curve.hessian(p)
    nn = n[0] ** 2 + n[1] ** 2
    quad = n[1] ** 2 * fxx - 2 * n[0] * n[1] * fxy + n[0] ** 2 * fyy
    hi: list[tuple[flint.arb, str]] = []
    lo: list[tuple[flint.arb, str]] = []
    with flint.ctx.workprec(WORKING_PRECISION):
        if quad < 0:
            hi.append((arb_of(-nn / quad), "curvature"))
        elif quad > 0:
            lo.append((arb_of(-nn / quad), "curvature"))
        a, b, N, big = curve._chart
        P = curve._to_chart(*p)
        M = ((a * n[0] + b * n[1]) / N, (-b * n[0] + a * n[1]) / N)
        den = math.lcm(*(t.denominator for t in (*P, *M)))
        Pi = [int(t * den) for t in P]
        Mi = [int(t * den) for t in M]
        x, y = XY.gens()
        fx, fy = big.derivative("x"), big.derivative("y")
        dx, dy = den * x - Pi[0], den * y - Pi[1]
        w = Mi[0] * dx + Mi[1] * dy
        h = 2 * w * (dx * fy - dy * fx) - (dx**2 + dy**2) * (Mi[0] * fy - Mi[1] * fx)
        found = [(q.x_ball, q.y_ball, q.exact, "singular") for q in curve.singular_points]
        common = big.gcd(h) if not h.is_zero() else big
        rest, h_rest = big, h
        if not common.is_constant():
            # a component all of whose points are tangencies: a circle centred on the normal line;
            # it meets the normal line q = p + s n at s != 0 with phi = s / 2
            uni = _on_line(common, P, M)
            for r in real_roots(uni) if not uni.is_zero() else ():
                if r.exact == 0:
                    continue
                (hi if float(r) > 0 else lo).append((r.ball / 2, "tangency"))
            rest, h_rest = big / common, (h / common if not h.is_zero() else h)
        if not rest.is_constant() and not h_rest.is_zero():
            for xb, yb, ex in curve._real_common_zeros([rest, h_rest]):
                if ex == P:
                    continue
                found.append((xb, yb, ex, "tangency"))
        for xb, yb, ex, why in found:
            if ex is not None and why == "singular":
                xb, yb = arb_of(curve._to_chart(*ex)[0]), arb_of(curve._to_chart(*ex)[1])
            elif why == "singular":
                xb, yb = (a * xb + b * yb) / N, (-b * xb + a * yb) / N
            qx, qy = xb - arb_of(P[0]), yb - arb_of(P[1])
            wq = arb_of(M[0]) * qx + arb_of(M[1]) * qy
            if wq.contains(0):
                continue
            t = (qx**2 + qy**2) / (2 * wq)
            (hi if wq > 0 else lo).append((t, why))
        norm = math.sqrt(float(nn))
        top = min(hi, key=lambda z: float(z[0].mid()), default=None)
        bottom = max(lo, key=lambda z: float(z[0].mid()), default=None)
    extent = (
        -math.inf if bottom is None else float(bottom[0].mid()) * norm,
        math.inf if top is None else float(top[0].mid()) * norm,
    )
    reasons = ("unbounded" if bottom is None else bottom[1], "unbounded" if top is None else top[1])
    unit = (float(n[0]) / norm, float(n[1]) / norm)
    if quad > 0:  # orient the normal towards the centre of curvature
        return (-extent[1], -extent[0]), (reasons[1], reasons[0]), (-unit[0], -unit[1])
    return extent, reasons, unit


def _segment_in_box(
    p: tuple[float, float], d: tuple[float, float], lo: float, hi: float, box: tuple[float, ...]
) -> float:
    """Length of $\\{p + s d : s \\in [lo, hi]\\} \\cap$ box (Liang–Barsky clipping)."""
    a, b, c, e = box
    for start, step, low, high in ((p[0], d[0], a, b), (p[1], d[1], c, e)):
        if step == 0:
            if not low <= start <= high:
                return 0.0
            continue
        s1, s2 = sorted(((low - start) / step, (high - start) / step))
        lo, hi = max(lo, s1), min(hi, s2)
    return max(0.0, hi - lo)


# -------------------------------------------------------------------- the cusp y^2 = c x^3
def _cusp_constant(curve: PlaneCurve, p: tuple[Fraction, Fraction]) -> Fraction | None:
    """$c$ when the curve is $y^2 = c x^3$ and $p$ is the origin, else ``None``."""
    if p != (0, 0):
        return None
    coefficient = {(i, j): k for i, j, k in terms(curve.polynomial)}
    if set(coefficient) != {(0, 2), (3, 0)}:
        return None
    return Fraction(-coefficient[(3, 0)], coefficient[(0, 2)])


def cusp_boundary(c: Fraction | int = 1) -> tuple[str, tuple[str, str]]:
    r"""The boundary of the Voronoi cell of the cusp of $y^2 = c\,x^3$, by elimination.

    Parametrize the curve by $(s^2/c, s^3/c)$. For data $(u, v)$,
    $\|(s^2/c, s^3/c) - (u, v)\|^2 - \|(u, v)\|^2 = \tfrac{s^2}{c^2}\,G(s)$ with
    $G(s) = s^4 + s^2 - 2cv\,s - 2cu$, so $(u, v) \in \operatorname{Vor}(0)$ iff $G \ge 0$ on
    $\mathbb{R}$. The boundary is $\min_s G = 0$: a real double root, i.e.
    $\operatorname{disc}_s G = 0$ (computed by python-flint), with real branch
    $u = -(3s^4 + s^2)/(2c)$, $v = (2s^3 + s)/c$ (from $G = G' = 0$; there
    $G = (t - s)^2 (t^2 + 2st + 3s^2 + 1) \ge 0$, so the double root is the minimum). The
    discriminant also has the isolated real point $(-1/(8c), 0)$ (complex double roots $\pm i/\sqrt2$),
    which lies inside the cell and is not on its boundary.

    Args:
        c: the nonzero rational $c$.

    Returns:
        ``(equation, (u(s), v(s)))`` as text in $u, v$ (the equation is ``... = 0``).

    Example:
        >>> cusp_boundary(1)[0]
        '128*u^3 + 32*u^2 + 72*u*v^2 + 2*u + 27*v^4 + v^2'
    """
    c = Fraction(c)
    if c == 0:
        raise InputError("c must be nonzero for the cusp y^2 = c x^3")
    s, u, v = _UV.gens()
    num, den = c.numerator, c.denominator
    g = den * s**4 + den * s**2 - 2 * num * v * s - 2 * num * u
    disc = g.discriminant("s").primitive()[1]
    if disc.leading_coefficient() < 0:
        disc = -disc
    ctx = flint.fmpz_mpoly_ctx.get(("u", "v"), "lex")
    eq = ctx.from_dict({(e[1], e[2]): k for e, k in disc.to_dict().items()})

    def mono(k: Fraction, power: int, first: bool) -> str:
        body = ("" if abs(k) == 1 else f"{abs(k)}*") + f"s^{power}".replace("^1", "")
        sign = ("-" if k < 0 else "") if first else (" - " if k < 0 else " + ")
        return sign + body

    k1, k2 = -3 / (2 * c), -1 / (2 * c)
    return str(eq), (
        mono(k1, 4, True) + mono(k2, 2, False),
        mono(2 / c, 3, True) + mono(1 / c, 1, False),
    )


def _eval_q(coeffs: list[Fraction], x: flint.arb) -> flint.arb:
    total = flint.arb(0)
    for k in reversed(coeffs):
        total = total * x + arb_of(k)
    return total


def _odd_root(num: int, den: int) -> flint.arb:
    """The real root of $2s^3 + s = num/den$ (unique: the map is increasing)."""
    (root,) = real_roots(flint.fmpz_poly([-num, den, 0, 2 * den]))
    return root.ball


def _cusp_area_unit(box: tuple[Fraction, Fraction, Fraction, Fraction]) -> flint.arb:
    r"""Area of $\{u \le B(v)\} \cap$ box for $c = 1$, $B = -(3s^4+s^2)/2$ at $v = 2s^3 + s$:
    $\int \operatorname{clamp}(B - a, 0, b - a)\,dv$ with $dv = (6s^2 + 1)\,ds$, piecewise
    polynomial in $s$ between certified breakpoints."""
    a, b, c, d = box
    t_lo = _odd_root(c.numerator, c.denominator)
    t_hi = _odd_root(d.numerator, d.denominator)
    cuts = [t_lo, t_hi]
    for level in (a, b):
        # B(s) = level  <=>  3 s^4 + s^2 + 2 level = 0
        poly = flint.fmpz_poly(
            [2 * level.numerator, 0, level.denominator, 0, 3 * level.denominator]
        )
        for r in real_roots(poly):
            if r.ball > t_lo and r.ball < t_hi:
                cuts.append(r.ball)
    cuts.sort(key=lambda z: float(z.mid()))
    dv = [Fraction(1), Fraction(0), Fraction(6)]
    bpoly = [Fraction(0), Fraction(0), Fraction(-1, 2), Fraction(0), Fraction(-3, 2)]
    total = flint.arb(0)
    for left, right in itertools.pairwise(cuts):
        mid = (left + right) / 2
        value = _eval_q(bpoly, mid)
        if value < arb_of(a):
            continue
        if value > arb_of(b):
            integrand = [(b - a) * k for k in dv]
        else:
            shifted = [bpoly[0] - a, *bpoly[1:]]
            integrand = [Fraction(0)] * (len(shifted) + len(dv) - 1)
            for i, x in enumerate(shifted):
                for j, y in enumerate(dv):
                    integrand[i + j] += x * y
        anti = [Fraction(0)] + [k / (i + 1) for i, k in enumerate(integrand)]
        total += _eval_q(anti, right) - _eval_q(anti, left)
    return total


def _cusp_cell(
    curve: PlaneCurve, p: tuple[Fraction, Fraction], c: Fraction, box: tuple[float, ...]
) -> VoronoiCell:
    exact_box = [Fraction(t) for t in box]
    # (u, v) in Vor for c  <=>  (c u, c v) in Vor for c = 1: scale the box, divide area by c^2
    us = sorted((c * exact_box[0], c * exact_box[1]))
    vs = sorted((c * exact_box[2], c * exact_box[3]))
    with flint.ctx.workprec(WORKING_PRECISION):
        area = _cusp_area_unit((us[0], us[1], vs[0], vs[1])) / arb_of(c * c)
        value, error = float(area.mid()), float(area.rad()) + 1e-15 * abs(float(area.mid()))
    equation, param = cusp_boundary(c)
    return VoronoiCell(
        curve=curve,
        point=p,
        box=box,  # type: ignore[arg-type]
        kind="singular",
        method="cusp-discriminant",
        area=value,
        area_error=error,
        boundary=equation,
        unique=True,
        parametrization=param,
        notes=(
            f"the boundary equation has an isolated real point ({-1 / (8 * c)}, 0) inside the cell",
            "ties (several closest points) occur only on the boundary curve, a set of measure 0",
        ),
    )


# -------------------------------------------------------------------- public entry point
def voronoi_cell(
    curve_text: str | PlaneCurve,
    point: object,
    box: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0),
    grid: int = 400,
) -> VoronoiCell:
    r"""The Voronoi cell of ``point`` on the real plane curve ``curve_text``, measured in ``box``.

    * Smooth $p$: the cell is a segment or ray of the normal line $p + s\,\hat n$ (area 0); its
      ends are found exactly: centre of curvature, tangency of the circle centred on the normal
      line through $p$ with the curve elsewhere (eliminated with resultants), or a singular point.
    * The cusp of $y^2 = c\,x^3$: exact boundary (`cusp_boundary`) and the area inside the box
      as a certified arb ball (piecewise polynomial integral between certified breakpoints).
    * Other singular points: brute-force classification of a ``grid`` × ``grid`` data grid
      (`classify_grid`); the error is the frontier-cell area (heuristic), no boundary equation.

    Args:
        curve_text: polynomial text in x, y (e.g. ``"y^2 - x^3"``) or a `PlaneCurve`.
        point: a rational point of the curve (ints, ``"3/5"``, or floats read exactly).
        box: ``(xmin, xmax, ymin, ymax)`` in which the area is measured.
        grid: grid size of the brute-force route (other singular points only).

    Returns:
        The `VoronoiCell`; the boundary equation is in the data coordinates ``(u, v)``.

    Raises:
        InputError: unparsable or non-planar text, a point not on the curve, an empty box.

    Example:
        >>> cell = voronoi_cell("y^2 - x^3", (0, 0))
        >>> round(cell.area, 10), cell.area_error < 1e-12, cell.unique
        (1.7393991338, True, True)
        >>> voronoi_cell("y - 2*x^2", (0, 0)).extent
        (-inf, 0.25)
    """
    curve = curve_text if isinstance(curve_text, PlaneCurve) else PlaneCurve.from_text(curve_text)
    checked_box = validate_box(box)
    p = as_rational_point(point)
    value = evaluate_fraction(curve.polynomial, *p)
    if value != 0:
        raise InputError(
            f"point ({p[0]}, {p[1]}) is not on the curve {curve.text} = 0 (f(point) = {value}); "
            "give exact coordinates of a curve point, e.g. '3/5'"
        )
    grad = curve.gradient(p)
    if grad != (0, 0):
        extent, reasons, normal = _smooth_extent(curve, p)
        pf = (float(p[0]), float(p[1]))
        length = _segment_in_box(pf, normal, extent[0], extent[1], checked_box)
        uv = flint.fmpq_mpoly_ctx.get(("u", "v"), "lex")
        u, v = uv.gens()
        q = to_fmpq
        line = str(q(grad[1]) * (u - q(p[0])) - q(grad[0]) * (v - q(p[1])))
        return VoronoiCell(
            curve=curve,
            point=p,
            box=checked_box,
            kind="smooth",
            method="normal-line",
            area=0.0,
            area_error=0.0,
            boundary=line,
            unique=True,
            normal=normal,
            extent=extent,
            extent_reasons=reasons,
            length_in_box=length,
            notes=("a smooth point's cell lies on its normal line: measure zero",),
        )
    c = _cusp_constant(curve, p)
    if c is not None:
        return _cusp_cell(curve, p, c, checked_box)
    g = classify_grid(curve, p, checked_box, n=grid)
    inner = g.inside.copy()
    inner[1:-1, 1:-1] &= (
        g.inside[:-2, 1:-1] & g.inside[2:, 1:-1] & g.inside[1:-1, :-2] & g.inside[1:-1, 2:]
    )
    rows, cols = np.nonzero(inner[1:-1, 1:-1])
    unique = True
    for k in range(0, len(rows), max(1, len(rows) // 5))[:5]:
        data = (g.xs[cols[k] + 1], g.ys[rows[k] + 1])
        unique &= curve.closest_points(data).unique
    return VoronoiCell(
        curve=curve,
        point=p,
        box=checked_box,
        kind="singular",
        method="grid",
        area=g.area,
        area_error=g.area_error,
        boundary=None,
        unique=bool(unique),
        notes=(f"brute force on a {grid}x{grid} grid with {g.n_samples} curve samples",),
    )
