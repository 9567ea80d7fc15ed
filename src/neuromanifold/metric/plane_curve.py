"""Real plane curves $V(f) \\subset \\mathbb{R}^2$ with the Euclidean metric: singular points,
closest points to a data point, and the counts of the Euclidean distance (ED) degree (the
resultant backend of `neuromanifold.metric.ed_degree`), all by exact elimination.

The ground domain of every exact routine is $\\mathbb{Z}[x, y]$ (the curve's rational coefficients
are cleared); real roots are certified arb balls (`neuromanifold.algebra.binary_form.real_roots`).

Reference: Breiding, Kohn, Sturmfels, *Metric Algebraic Geometry* (2024), Ch. 2 (ED degree) and
Ch. 5 (Voronoi cells); Brandt, Weinstein, *Voronoi cells in metric algebraic geometry of plane
curves*, Math. Scand. 130(1) (2024).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from math import lcm

import flint
import numpy as np

from neuromanifold.algebra.binary_form import WORKING_PRECISION, real_roots
from neuromanifold.algebra.parsing import parse_polynomial, variables_in_text
from neuromanifold.algebra.rational import parse_rational
from neuromanifold.errors import InputError
from neuromanifold.metric.bivariate import XY, arb_of, evaluate_arb, evaluate_fraction, terms

__all__ = ["ClosestPoints", "CurvePoint", "PlaneCurve", "as_rational_point"]

# Pythagorean rotations (c, s) = ((q²-p²), 2pq) / (q²+p²), tried in order for a generic chart.
_ROTATIONS = ((0, 1), (1, 3), (2, 7), (3, 8), (5, 11), (4, 13), (7, 19), (11, 23))


def as_rational_point(point: object, name: str = "point") -> tuple[Fraction, Fraction]:
    """Read a plane point exactly: ints, ``Fraction``, strings like ``"3/5"``, floats (exactly).

    Args:
        point: a pair of coordinates.
        name: the argument name used in error messages.

    Returns:
        The pair of ``Fraction``.

    Example:
        >>> as_rational_point(("3/5", 0.5))
        (Fraction(3, 5), Fraction(1, 2))
    """
    try:
        x, y = point  # type: ignore[misc]
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a pair (x, y), got {point!r}") from None
    out = []
    for c in (x, y):
        try:
            if isinstance(c, str):
                out.append(parse_rational(c, name))
            elif isinstance(c, float | np.floating):
                if not np.isfinite(c):
                    raise ValueError
                out.append(Fraction(float(c)))
            else:
                out.append(Fraction(c))  # type: ignore[arg-type]
        except (TypeError, ValueError, ZeroDivisionError):
            raise InputError(
                f"{name} coordinates must be finite numbers or rationals like '3/5', got {c!r}"
            ) from None
    return out[0], out[1]


def _univariate(poly: flint.fmpz_mpoly, var: int) -> flint.fmpz_poly:
    """A polynomial of ``XY`` that involves only generator ``var``, as an ``fmpz_poly``."""
    coeffs: dict[int, int] = {}
    for exps, c in poly.to_dict().items():
        coeffs[int(exps[var])] = coeffs.get(int(exps[var]), 0) + int(c)
    return flint.fmpz_poly([coeffs.get(k, 0) for k in range(max(coeffs, default=0) + 1)])


def _restrict(poly: flint.fmpz_mpoly, var: int, value: Fraction) -> flint.fmpz_poly:
    """Substitute the rational ``value`` for generator ``var``; cleared of denominators."""
    other = 1 - var
    deg = poly.degrees()[var]
    coeffs: dict[int, int] = {}
    for exps, c in poly.to_dict().items():
        k, e = int(exps[other]), int(exps[var])
        term = int(c) * value.numerator**e * value.denominator ** (deg - e)
        coeffs[k] = coeffs.get(k, 0) + term
    return flint.fmpz_poly([coeffs.get(k, 0) for k in range(max(coeffs, default=0) + 1)])


def _leading_is_constant(poly: flint.fmpz_mpoly, var: int) -> bool:
    deg = poly.degrees()[var]
    return all(exps[1 - var] == 0 for exps in poly.to_dict() if exps[var] == deg)


@dataclass(frozen=True)
class CurvePoint:
    """A real point of a plane curve, as certified balls and, when rational, exactly.

    Attributes:
        x_ball, y_ball: arb balls containing the coordinates.
        exact: the coordinates as ``Fraction`` when known to be rational, else ``None``.
        singular: whether the point is a singular point of the curve.
    """

    x_ball: flint.arb
    y_ball: flint.arb
    exact: tuple[Fraction, Fraction] | None = None
    singular: bool = False

    @property
    def xy(self) -> tuple[float, float]:
        """The coordinates as floats."""
        if self.exact is not None:
            return float(self.exact[0]), float(self.exact[1])
        return float(self.x_ball.mid()), float(self.y_ball.mid())

    def overlaps(self, other: CurvePoint) -> bool:
        """Whether the two balls could be the same point."""
        return bool(self.x_ball.overlaps(other.x_ball) and self.y_ball.overlaps(other.y_ball))

    def __repr__(self) -> str:
        x, y = self.xy
        tag = ", singular" if self.singular else ""
        kind = "exact" if self.exact is not None else "certified ball"
        return f"CurvePoint({x:.12g}, {y:.12g}; {kind}{tag})"


@dataclass(frozen=True)
class ClosestPoints:
    """The closest points of a real plane curve to a data point, from all real critical points.

    Attributes:
        data: the data point (exact).
        candidates: every real critical point of the squared distance and every real singular
            point, with its squared distance (an arb ball).
        closest: the candidates whose squared distance can equal the minimum.
    """

    data: tuple[Fraction, Fraction]
    candidates: tuple[tuple[CurvePoint, flint.arb], ...]
    closest: tuple[CurvePoint, ...]

    @property
    def distance(self) -> float:
        """The Euclidean distance from the data to the curve."""
        return float(min(d.upper() for _, d in self.candidates).sqrt())

    @property
    def unique(self) -> bool:
        """Whether the closest point is unique (certified by disjoint distance balls)."""
        return len(self.closest) == 1

    @property
    def n_candidates(self) -> int:
        """The number of real candidates (critical points and singular points)."""
        return len(self.candidates)

    def __str__(self) -> str:
        pts = ", ".join(f"({x:.6g}, {y:.6g})" for x, y in (p.xy for p in self.closest))
        return (
            f"ClosestPoints(data=({float(self.data[0]):.6g}, {float(self.data[1]):.6g}), "
            f"distance={self.distance:.6g}, closest=[{pts}], unique={self.unique}, "
            f"real candidates={self.n_candidates})"
        )


@dataclass(frozen=True)
class PlaneCurve:
    r"""A real plane curve $C = V(f) \subset \mathbb{R}^2$, $f \in \mathbb{Q}[x, y]$ squarefree.

    $f$ is stored as its primitive squarefree part in $\mathbb{Z}[x, y]$. The metric is the unit
    Euclidean one (Breiding–Kohn–Sturmfels 2024, §2); the curve knows nothing else.

    Args:
        polynomial: a nonconstant ``fmpz_mpoly`` in the context ``XY`` (variables x, y).

    Example:
        >>> c = PlaneCurve.from_text("y^2 - x^3")
        >>> c.singular_points
        (CurvePoint(0, 0; exact, singular),)
        >>> c.closest_points((-1, 0)).closest
        (CurvePoint(0, 0; exact, singular),)
    """

    polynomial: flint.fmpz_mpoly
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        f = self.polynomial
        if not isinstance(f, flint.fmpz_mpoly) or f.context() is not XY:
            raise InputError("polynomial must be an fmpz_mpoly in neuromanifold.metric XY ring")
        if f.is_constant():
            raise InputError(
                f"curve must be a nonconstant polynomial in x and y, got {f}; e.g. 'y^2 - x^3'"
            )
        _, factors = f.factor_squarefree()
        reduced = XY.constant(1)
        for g, _m in factors:
            reduced *= g
        reduced = reduced.primitive()[1]
        if reduced.leading_coefficient() < 0:
            reduced = -reduced
        object.__setattr__(self, "polynomial", reduced)
        if not self.text:
            object.__setattr__(self, "text", str(reduced))

    @classmethod
    def from_text(cls, curve: str) -> PlaneCurve:
        """Read a plane curve from polynomial text in x and y, e.g. ``"y^2 - x^3"``.

        Args:
            curve: the polynomial, rational coefficients allowed (``"x^2/4 + y^2 - 1"``).

        Returns:
            The curve.

        Example:
            >>> PlaneCurve.from_text("x^2/4 + y^2 - 1").polynomial
            x^2 + 4*y^2 - 4
        """
        if not isinstance(curve, str):
            raise InputError(
                f"curve must be polynomial text in x and y, got {type(curve).__name__}"
            )
        names = variables_in_text(curve)
        extra = [n for n in names if n not in ("x", "y")]
        if extra:
            raise InputError(
                f"curve must use only the variables x and y (a plane curve), got {', '.join(names)}"
            )
        return cls.from_polynomial(parse_polynomial(curve, ["x", "y"]), text=curve.strip())

    @classmethod
    def from_polynomial(
        cls, polynomial: flint.fmpq_mpoly | flint.fmpz_mpoly, *, text: str = ""
    ) -> PlaneCurve:
        """The curve of a polynomial with rational coefficients in two variables, read as x, y.

        Args:
            polynomial: in a ring with two generators (the first is x); denominators are cleared.
            text: how the curve was written (for messages).

        Example:
            >>> ctx = flint.fmpq_mpoly_ctx.get(("a", "b"), "lex")
            >>> a, b = ctx.gens()
            >>> PlaneCurve.from_polynomial(b**2 / 2 - a**3).polynomial
            2*x^3 - y^2
        """
        if polynomial.context().nvars() != 2:
            raise InputError(
                f"a plane curve needs a polynomial in two variables, got {polynomial} in "
                f"{', '.join(polynomial.context().names())}"
            )
        coeffs = [flint.fmpq(c) for c in polynomial.coeffs()]
        d = lcm(*(int(c.q) for c in coeffs)) if coeffs else 1
        integral = XY.from_dict(
            {e: int(flint.fmpq(c) * d) for e, c in polynomial.to_dict().items()}
        )
        return cls(integral, text=text)

    # ----------------------------------------------------------------------------------------
    @property
    def degree(self) -> int:
        """The total degree of $f$."""
        return int(self.polynomial.total_degree())

    def contains(self, point: object) -> bool:
        """Whether the rational point lies on the curve ($f(p) = 0$ exactly).

        Example:
            >>> PlaneCurve.from_text("x^2 + y^2 - 1").contains(("3/5", "4/5"))
            True
        """
        x, y = as_rational_point(point)
        return evaluate_fraction(self.polynomial, x, y) == 0

    def gradient(self, point: object) -> tuple[Fraction, Fraction]:
        """The exact gradient $(f_x, f_y)$ at a rational point."""
        x, y = as_rational_point(point)
        f = self.polynomial
        return (
            evaluate_fraction(f.derivative("x"), x, y),
            evaluate_fraction(f.derivative("y"), x, y),
        )

    def hessian(self, point: object) -> tuple[Fraction, Fraction, Fraction]:
        """The exact second derivatives $(f_{xx}, f_{xy}, f_{yy})$ at a rational point."""
        x, y = as_rational_point(point)
        fx, fy = self.polynomial.derivative("x"), self.polynomial.derivative("y")
        return (
            evaluate_fraction(fx.derivative("x"), x, y),
            evaluate_fraction(fx.derivative("y"), x, y),
            evaluate_fraction(fy.derivative("y"), x, y),
        )

    # ---------------------------------------------------------------- the generic chart
    @cached_property
    def _chart(self) -> tuple[int, int, int, flint.fmpz_mpoly]:
        """A rotation $(a, b, N)$ and $F(X, Y) = N^d f((aX - bY)/N, (bX + aY)/N)$ whose leading
        coefficients in $X$ and in $Y$ are constants (no intersections at infinity)."""
        f, d = self.polynomial, self.degree
        x, y = XY.gens()
        for p, q in _ROTATIONS:
            a, b, n = q * q - p * p, 2 * p * q, q * q + p * p
            lx, ly = a * x - b * y, b * x + a * y
            big = XY.constant(0)
            for i, j, c in terms(f):
                big += c * n ** (d - i - j) * lx**i * ly**j
            big = big.primitive()[1]
            if _leading_is_constant(big, 0) and _leading_is_constant(big, 1):
                return a, b, n, big
        raise InputError(f"curve {self.text!r}: no generic chart found; is f squarefree?")

    def _to_chart(self, u: Fraction, v: Fraction) -> tuple[Fraction, Fraction]:
        a, b, n, _ = self._chart
        return (a * u + b * v) / n, (-b * u + a * v) / n

    def _point_from_chart(
        self,
        xb: flint.arb,
        yb: flint.arb,
        exact: tuple[Fraction, Fraction] | None,
        singular: bool = False,
    ) -> CurvePoint:
        a, b, n, _ = self._chart
        with flint.ctx.workprec(WORKING_PRECISION):
            wx, wy = (a * xb - b * yb) / n, (b * xb + a * yb) / n
        world = None
        if exact is not None:
            X, Y = exact
            world = ((a * X - b * Y) / n, (b * X + a * Y) / n)
            wx, wy = arb_of(world[0]), arb_of(world[1])
        return CurvePoint(wx, wy, world, singular)

    @staticmethod
    def _real_common_zeros(
        polys: Sequence[flint.fmpz_mpoly],
    ) -> list[tuple[flint.arb, flint.arb, tuple[Fraction, Fraction] | None]]:
        """Real common zeros of ``polys`` (the first has constant leading coefficients in X and Y,
        the system is zero-dimensional): project to each axis by resultants, isolate the real
        roots, and keep the pairs at which every polynomial's ball contains 0."""
        first = polys[0]
        ex = [_univariate(first.resultant(g, "y"), 0) for g in polys[1:]]
        ey = [_univariate(first.resultant(g, "x"), 1) for g in polys[1:]]
        px, py = ex[0], ey[0]
        for e in ex[1:]:
            px = px.gcd(e)
        for e in ey[1:]:
            py = py.gcd(e)
        if px.is_zero() or py.is_zero():
            raise InputError("the polynomial system is not zero-dimensional")
        if px.degree() < 1 or py.degree() < 1:
            return []
        out = []
        with flint.ctx.workprec(WORKING_PRECISION):
            rx, ry = real_roots(px), real_roots(py)
            for r in rx:
                for s in ry:
                    if r.exact is not None and s.exact is not None:
                        if all(evaluate_fraction(g, r.exact, s.exact) == 0 for g in polys):
                            out.append((r.ball, s.ball, (r.exact, s.exact)))
                        continue
                    if all(evaluate_arb(g, r.ball, s.ball).contains(0) for g in polys):
                        out.append((r.ball, s.ball, None))
        return out

    # ---------------------------------------------------------------- singular points
    @cached_property
    def singular_points(self) -> tuple[CurvePoint, ...]:
        r"""The real singular points: real solutions of $f = f_x = f_y = 0$.

        Solved exactly: resultants eliminate each coordinate in the generic chart, real roots are
        certified arb balls (exact rationals when rational), and a pair is kept when $f, f_x, f_y$
        all vanish (exactly, or with every ball containing 0 at 256 bits).

        Example:
            >>> PlaneCurve.from_text("y^2 - x^2*(x + 1)").singular_points
            (CurvePoint(0, 0; exact, singular),)
        """
        _, _, _, big = self._chart
        system = [big, big.derivative("x"), big.derivative("y")]
        return tuple(
            self._point_from_chart(xb, yb, ex, singular=True)
            for xb, yb, ex in self._real_common_zeros(system)
        )

    # ---------------------------------------------------------------- closest points
    def closest_points(self, data: object) -> ClosestPoints:
        r"""The closest point(s) of the real curve to ``data`` $= (u, v)$, by exact elimination.

        All real critical points of $d(x, y) = (x-u)^2 + (y-v)^2$ on $C$ solve
        $f = 0,\ g = (x-u) f_y - (y-v) f_x = 0$; resultants in a generic rotated chart give one
        univariate polynomial per axis, real roots are certified, pairs are verified, and the
        singular points (always candidates) are added. A component of $C$ inside $V(g)$ (a circle
        centred at the data) contributes its points on the horizontal line through the data.
        The minimum over this finite set is the global minimum — no local search.

        Args:
            data: the data point $(u, v)$ (rationals, or floats read exactly).

        Returns:
            The `ClosestPoints`, with all real candidates and their squared distances.

        Example:
            >>> PlaneCurve.from_text("y - x^2").closest_points((0, 1)).closest
            (CurvePoint(-0.707106781187, 0.5; certified ball), CurvePoint(0.707106781187, 0.5; certified ball))
        """
        u, v = as_rational_point(data, "data")
        U, V = self._to_chart(u, v)
        _, _, _, big = self._chart
        den = lcm(U.denominator, V.denominator)
        x, y = XY.gens()
        g = (den * x - int(U * den)) * big.derivative("y") - (
            den * y - int(V * den)
        ) * big.derivative("x")
        found: list[CurvePoint] = list(self.singular_points)
        common = big.gcd(g)
        rest, g_rest = big, g
        if not common.is_constant():
            rest, g_rest = big / common, g / common
            line = _restrict(common, 1, V)
            if not line.is_zero():
                for r in real_roots(line):
                    ex = (r.exact, V) if r.exact is not None else None
                    found.append(self._point_from_chart(r.ball, arb_of(V), ex))
        if not rest.is_constant():
            for xb, yb, ex in self._real_common_zeros([rest, g_rest]):
                found.append(self._point_from_chart(xb, yb, ex))
        unique_pts: list[CurvePoint] = []
        for p in found:
            if not any(p.overlaps(q) for q in unique_pts):
                unique_pts.append(p)
        if not unique_pts:
            raise InputError(
                f"curve {self.text!r} has no real points, so no closest point; use a curve with "
                "real points"
            )
        with flint.ctx.workprec(WORKING_PRECISION):
            ua, va = arb_of(u), arb_of(v)
            cands = tuple((p, (p.x_ball - ua) ** 2 + (p.y_ball - va) ** 2) for p in unique_pts)
            best = min(d.upper() for _, d in cands)
            closest = tuple(p for p, d in cands if d.lower() <= best)
        return ClosestPoints((u, v), cands, closest)

    # ---------------------------------------------------------------- ED degree
    def ed_degree_counts(self, seed: int = 0) -> tuple[tuple[int, str, int], ...]:
        r"""Four exact counts of the complex critical points of $(x-u)^2 + (y-v)^2$ on the
        smooth part of $C$: the resultant route of `neuromanifold.metric.ed_degree`.

        The eliminant $E = \operatorname{Res}_y(f, (x-u)f_y - (y-v)f_x)$ (generic chart) vanishes
        at the $x$-coordinates of the critical points and of the singular points; the count is the
        number of distinct roots of $E$ that are not roots of
        $\gcd(\operatorname{Res}_y(f, f_x), \operatorname{Res}_y(f, f_y))$. Computed for both
        projections and two random data points (seeds ``seed`` and ``seed + 1``, numerators up to
        $10^6$); all four counts must agree (the ED degree).

        Args:
            seed: seed of the random data points.

        Returns:
            ``(seed, axis, count)`` for each data point and projection.

        Raises:
            InputError: the counts disagree (a data point is not generic) or are degenerate.

        Example:
            >>> PlaneCurve.from_text("y^2 - x^3").ed_degree_counts()
            ((0, 'x', 4), (0, 'y', 4), (1, 'x', 4), (1, 'y', 4))
        """
        _, _, _, big = self._chart
        x, y = XY.gens()
        fx, fy = big.derivative("x"), big.derivative("y")
        sing = {
            0: _univariate(big.resultant(fx, "y"), 0).gcd(_univariate(big.resultant(fy, "y"), 0)),
            1: _univariate(big.resultant(fx, "x"), 1).gcd(_univariate(big.resultant(fy, "x"), 1)),
        }
        counts: list[tuple[int, str, int]] = []
        for s in (seed, seed + 1):
            rng = np.random.default_rng(s)
            un, vn = (int(k) for k in rng.integers(-(10**6), 10**6, size=2))
            ud = int(rng.integers(10**3, 10**4))
            g = (ud * x - un) * fy - (ud * y - vn) * fx
            for var, name in ((0, "x"), (1, "y")):
                other = "y" if var == 0 else "x"
                e = _univariate(big.resultant(g, other), var)
                if e.is_zero():
                    raise InputError(f"curve {self.text!r}: the critical equations are degenerate")
                sq = flint.fmpz_poly([1])
                for factor, _m in e.factor()[1]:
                    sq *= factor
                shared = sq.gcd(sing[var]) if not sing[var].is_zero() else flint.fmpz_poly([1])
                counts.append((s, name, int(sq.degree() - shared.degree())))
        if len({c for _, _, c in counts}) != 1:
            raise InputError(
                f"curve {self.text!r}: ED degree counts disagree {counts}; try another seed"
            )
        return tuple(counts)

    def __str__(self) -> str:
        return f"PlaneCurve({self.polynomial} = 0, degree {self.degree})"
