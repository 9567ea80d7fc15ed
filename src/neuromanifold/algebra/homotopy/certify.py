r"""Certification of approximate solutions by the Krawczyk test in arb/acb ball arithmetic.

For a box $X \ni y$ and $Y \approx J_f(y)^{-1}$, the Krawczyk operator
$$K(X) = y - Y f(y) + (I - Y J_f(X))(X - y)$$
is evaluated in ball arithmetic (python-flint's ``acb``) on the exact equations. If
$K(X) \subset \operatorname{int} X$ then $X$ contains exactly one solution of $f = 0$, and it is
nonsingular (Krawczyk 1969; Moore 1977; Rump 1983; Breiding–Rose–Timme, *Certifying zeros of
polynomial systems using interval arithmetic*, ACM TOMS 2023). Realness: for real coefficients
and a box invariant under conjugation (real centre), the unique solution equals its conjugate,
so it is real; more generally the root is real when the conjugate of its Krawczyk image lies
in the box (`conjugation_realness`); a certified box whose imaginary part excludes 0 in some
coordinate proves a non-real solution. Disjoint certified boxes prove the solutions distinct.
"""

from __future__ import annotations

from collections.abc import Sequence

import flint
import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy.disks import DiskPolynomials, disk_krawczyk
from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.homotopy.monomial_chain import MonomialChain
from neuromanifold.algebra.homotopy.result import Certification
from neuromanifold.algebra.parsing import polynomial_context
from neuromanifold.algebra.proximity import boxes_overlap
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError
from neuromanifold.processes import worker_pool

__all__ = ["certify", "conjugation_realness"]

RADII = (1e-12, 1e-11, 1e-10, 1e-8, 1e-6, 1e-4, 1e-14, 1e-13)
"""Relative box radii tried in turn (ε-inflation)."""


class _BallEvaluator:
    """Exact polynomials (one ring, n variables) evaluated on acb vectors, batched via acb_mat."""

    def __init__(self, polys: Sequence[flint.fmpq_mpoly], n: int) -> None:
        chain = MonomialChain.of(polys, n)
        self.n = n
        self.plan = [(smaller, j) for smaller, j, _ in chain.steps]  # (factor's position, variable)
        self.rows = list(chain.positions)
        rows = [[flint.acb(0)] * len(polys) for _ in self.rows]
        for row, col, c in chain.entries:
            rows[row][col] = flint.acb(flint.arb(c))
        self.npolys = len(polys)
        self.coeffs = flint.acb_mat(rows) if rows else None

    def __call__(self, points: Sequence[Sequence[flint.acb]]) -> list[list[flint.acb]]:
        if self.coeffs is None:
            return [[flint.acb(0)] * self.npolys for _ in points]
        table = []
        for z in points:
            values = [flint.acb(1)]
            for smaller, j in self.plan:
                values.append(values[smaller] * z[j])
            table.append([values[r] for r in self.rows])
        product = flint.acb_mat(table) * self.coeffs
        return [[product[i, j] for j in range(self.npolys)] for i in range(len(points))]


def _box(y: NDArray[np.complex128], r: NDArray[np.float64]) -> list[flint.acb]:
    return [
        flint.acb(flint.arb(float(v.real), float(ri)), flint.arb(float(v.imag), float(ri)))
        for v, ri in zip(y, r, strict=True)
    ]


def _point(y: NDArray[np.complex128]) -> list[flint.acb]:
    return [flint.acb(float(v.real), float(v.imag)) for v in y]


def _to_acb_mat(a: NDArray[np.complex128]) -> flint.acb_mat:
    return flint.acb_mat([[flint.acb(float(v.real), float(v.imag)) for v in row] for row in a])


def certify(
    system: PolynomialSystem,
    solutions: NDArray[np.complex128],
    *,
    nonvanishing: Sequence[Sequence[flint.fmpq_mpoly]] | None = None,
    precision: int = 106,
    processes: int = 1,
) -> Certification:
    r"""Prove that each approximate solution has a unique nonsingular solution nearby.

    Args:
        system: a square system over Q without parameters.
        solutions: approximate solutions (count, n).
        nonvanishing: optionally a square matrix of polynomials in the same variables whose
            determinant is proved nonzero on each certified box (e.g. the saturating minor of a
            critical system: a certified box then holds a point of the saturated system).
        precision: working precision in bits (doubled, then doubled again, for failures).
        processes: worker processes (each certifies a share of the solutions; worth it from a
            few hundred solutions on).

    Returns:
        A `Certification` (certified, real / non-real, pairwise distinct); its ``points`` are
        the centres of the proved boxes (the approximation itself where its own box proved it,
        else its refinement), each within its box's radius of the solution.

    Example:
        >>> s = PolynomialSystem.from_text("x^2 + y^2 - 2; x - y")
        >>> c = certify(s, np.array([[1.0 + 0j, 1.0], [-1.0, -1.0]]))
        >>> c.certified, c.real, c.distinct
        ((True, True), (True, True), True)

    References:
        R. Krawczyk, *Newton-Algorithmen zur Bestimmung von Nullstellen mit Fehlerschranken*,
        Computing 4 (1969); Breiding, Rose, Timme, ACM TOMS 49 (2023).
    """
    if system.parameters or len(system.equations) != system.nvars:
        raise InputError("certify needs a square system without parameters (substitute them)")
    sols = np.atleast_2d(np.asarray(solutions, dtype=np.complex128))
    n = system.nvars
    jac = [f.derivative(j) for f in system.equations for j in range(n)]
    disks = _disk_polynomials(system, jac, nonvanishing)
    # the approximations themselves first (a tracker's endpoints are refined already), then
    # the float-Newton centres for the points they did not prove (compiling the substituted
    # system costs more than the disks on a handful of points)
    certified, real, radii, points, _ = _certify_disks(disks, sols, sols)
    refined = sols.copy()
    left = np.array([not ok for ok in certified], dtype=bool)
    tried = np.zeros(len(certified), dtype=bool)
    if left.any():
        refined[left] = _float_newton(system, sols[left])
        again = _certify_disks(disks, sols[left], refined[left])
        for k, i in enumerate(np.flatnonzero(left).tolist()):
            certified[i], real[i], radii[i] = again[0][k], again[1][k], again[2][k]
            points[i], tried[i] = again[3][k], again[4][k]
    rest = [i for i, ok in enumerate(certified) if not ok]
    if processes > 1 and len(rest) >= 64 * processes:  # the arb balls, in worker processes
        part = _certify_parallel(system, sols[rest], nonvanishing, precision, processes)
        assert part.points is not None
        for k, i in enumerate(rest):
            certified[i], real[i], radii[i] = part.certified[k], part.real[k], part.radii[k]
            points[i] = part.points[k]
        rest = []
    if not rest:
        distinct = _disjoint(points, np.array(radii), np.array(certified))
        return Certification(tuple(certified), tuple(real), distinct, tuple(radii), points)
    old = flint.ctx.prec
    flint.ctx.prec = 4 * precision  # rational coefficients enclosed at the highest precision used
    try:
        ev = _BallEvaluator([*system.equations, *jac], n)
        det_ev = None
        if nonvanishing is not None:
            mat = [list(row) for row in nonvanishing]
            det_ev = _BallEvaluator([p for row in mat for p in row], n), len(mat)
    finally:
        flint.ctx.prec = old
    try:
        for i in rest:
            y = sols[i]
            flint.ctx.prec = precision
            quick = _certify_quick(ev, det_ev, y, refined[i], n, tried=tried[i])
            if quick is not None:  # the common case: float Newton was enough for a centre
                certified[i], real[i], radii[i], points[i] = True, quick[0], quick[1], quick[2]
                continue
            # badly scaled solutions (|x_i| from 1e-6 to 1e12) need more bits: retry at 2x, 4x
            for prec in (precision, 2 * precision, 4 * precision):
                flint.ctx.prec = prec
                ok, is_real, used, centre = _certify_one(ev, det_ev, y, n)
                if ok:
                    points[i] = centre
                    break
            certified[i], real[i], radii[i] = ok, is_real, used
    finally:
        flint.ctx.prec = old
    distinct = _disjoint(points, np.array(radii), np.array(certified))
    return Certification(tuple(certified), tuple(real), distinct, tuple(radii), points)


_Terms = list[tuple[tuple[int, ...], int, int]]


def _terms(f: flint.fmpq_mpoly) -> _Terms:
    """A polynomial as picklable (exponents, numerator, denominator) triples."""
    return [(tuple(int(e) for e in m), int(c.p), int(c.q)) for m, c in f.terms()]


def _certify_terms(
    equations: list[_Terms],
    variables: list[str],
    nonvanishing: list[list[_Terms]] | None,
    sols: NDArray[np.complex128],
    precision: int,
) -> Certification:
    """A worker: rebuild the exact system from its terms (flint objects do not pickle)."""
    ctx = polynomial_context(tuple(variables))

    def poly(t: _Terms) -> flint.fmpq_mpoly:
        return ctx.from_dict({m: flint.fmpq(p, q) for m, p, q in t})

    system = PolynomialSystem(tuple(poly(e) for e in equations), tuple(variables))
    mat = None if nonvanishing is None else [[poly(e) for e in row] for row in nonvanishing]
    return certify(system, sols, nonvanishing=mat, precision=precision)


def _certify_parallel(
    system: PolynomialSystem,
    sols: NDArray[np.complex128],
    nonvanishing: Sequence[Sequence[flint.fmpq_mpoly]] | None,
    precision: int,
    processes: int,
) -> Certification:
    equations = [_terms(f) for f in system.equations]
    variables = list(system.variables)
    mat = None if nonvanishing is None else [[_terms(e) for e in row] for row in nonvanishing]
    chunks = np.array_split(sols, 4 * processes)
    with worker_pool(processes) as pool:  # workers die with this process
        parts = list(
            pool.map(
                _certify_terms,
                *zip(*[(equations, variables, mat, c, precision) for c in chunks], strict=True),
            )
        )
    certified = tuple(c for part in parts for c in part.certified)
    radii = tuple(r for part in parts for r in part.radii)
    points = np.concatenate([part.points for part in parts if part.points is not None])
    distinct = _disjoint(points, np.array(radii), np.array(certified))
    real = tuple(r for part in parts for r in part.real)
    return Certification(certified, real, distinct, radii, points)


def _mid(v: flint.acb) -> flint.acb:
    return flint.acb(v.real.mid(), v.imag.mid())


def _split(
    ev: _BallEvaluator, vals: list[flint.acb], n: int
) -> tuple[flint.acb_mat, flint.acb_mat]:
    f = flint.acb_mat([[v] for v in vals[:n]])
    j = flint.acb_mat([[vals[n + i * n + k] for k in range(n)] for i in range(n)])
    return f, j


def _inverse_mid(j: flint.acb_mat) -> flint.acb_mat | None:
    """The midpoint of the inverse of the midpoint matrix (an exact matrix: Krawczyk's Y)."""
    try:
        return j.mid().inv().mid()
    except (ZeroDivisionError, ValueError):
        return None


def _refined_centre(
    ev: _BallEvaluator, y: NDArray[np.complex128], n: int, real: bool
) -> list[flint.acb] | None:
    """Two Newton steps in working precision from the float point (midpoints only)."""
    return _newton_ball(ev, _point(y.real.astype(np.complex128) if real else y), n, real, steps=2)


def conjugation_realness(box: Sequence[flint.acb], image: Sequence[flint.acb]) -> bool | None:
    r"""Whether the unique root in a Krawczyk box is real, from the box and its image.

    For a system with real coefficients, a box $X$ with $K(X) \subset \operatorname{int} X$
    holds exactly one root $x$, and $x \in K(X)$. Its conjugate $\bar x$ is a root too. If
    $\overline{K(X)} \subseteq X$ then $\bar x \in X$, so $\bar x = x$ by uniqueness: $x$ is
    real (a box closed under conjugation, the real-centred boxes, is the special case). If
    $K(X) \cap \overline{K(X)} = \emptyset$ (some coordinate's imaginary part excludes 0) then
    $\bar x \ne x$: non-real. Otherwise undecided (None).

    Args:
        box: $X$, one complex ball per unknown.
        image: $K(X)$, one complex ball per unknown (inside ``box``).

    Example:
        >>> X = [flint.acb(flint.arb(1, 1e-3), flint.arb(1e-4, 1e-3))]
        >>> conjugation_realness(X, [flint.acb(flint.arb(1, 1e-6), flint.arb(0, 1e-6))])
        True
        >>> Y = [flint.acb(flint.arb(1, 1e-3), flint.arb(0.5, 1e-3))]
        >>> conjugation_realness(Y, [flint.acb(flint.arb(1, 1e-6), flint.arb(0.5, 1e-6))])
        False

    Reference: Breiding, Rose, Timme, ACM TOMS 49 (2023), §4 (certifying real solutions).
    """
    if any(not v.imag.contains(0) for v in image):
        return False
    if all(x.contains(v.conjugate()) for x, v in zip(box, image, strict=True)):
        return True
    return None


def _krawczyk(
    ev: _BallEvaluator, centre: list[flint.acb], r: NDArray[np.float64], n: int
) -> tuple[bool, list[flint.acb], list[flint.acb]]:
    box = [
        flint.acb(flint.arb(c.real, float(ri)), flint.arb(c.imag, float(ri)))
        for c, ri in zip(centre, r, strict=True)
    ]
    at_y, on_box = ev([centre, box])
    fy, jy = _split(ev, at_y, n)
    _, jx = _split(ev, on_box, n)
    ymat = _inverse_mid(jy)
    if ymat is None:
        return False, [], box
    zero = _box(np.zeros(n, dtype=np.complex128), r)
    eye = flint.acb_mat([[flint.acb(1 if i == j else 0) for j in range(n)] for i in range(n)])
    k = (eye - ymat * jx) * flint.acb_mat([[c] for c in zero]) - ymat * fy
    kvec = [centre[i] + k[i, 0] for i in range(n)]
    inside = all(
        box[i].real.contains_interior(kvec[i].real) and box[i].imag.contains_interior(kvec[i].imag)
        for i in range(n)
    )
    return inside, kvec, box


def _det_nonzero(
    det_ev: tuple[_BallEvaluator, int] | None, y: NDArray[np.complex128], r: NDArray[np.float64]
) -> bool:
    if det_ev is None:
        return True
    ev, m = det_ev
    (vals,) = ev([_box(y, r)])  # y is a float point; r covers the refined centre
    d = flint.acb_mat([[vals[i * m + j] for j in range(m)] for i in range(m)]).det()
    return not d.contains(0)


def _float_newton(system: PolynomialSystem, sols: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """Three batched Newton steps in floats (numpy): centres for the quick Krawczyk attempt."""
    ev = CompiledSystem.from_system(system)
    x = sols.copy()
    for _ in range(3):
        f, jx, _ = ev.evaluate(x, parameter_derivative=False)
        with np.errstate(all="ignore"):
            try:
                dx = np.linalg.solve(jx, -f[..., None])[..., 0]
            except np.linalg.LinAlgError:
                break
        good = np.isfinite(dx).all(axis=1)
        x[good] += dx[good]
    return x


DISK_RADII = (1e-10, 1e-8)
"""Relative disk radii of the batched double-precision attempt (`_certify_disks`), in turn."""


_Disks = tuple["DiskPolynomials", "DiskPolynomials", "tuple[DiskPolynomials, int] | None"]


def _disk_polynomials(
    system: PolynomialSystem,
    jac: list[flint.fmpq_mpoly],
    nonvanishing: Sequence[Sequence[flint.fmpq_mpoly]] | None,
) -> _Disks:
    """The equations, their Jacobian and the saturating matrix as `DiskPolynomials`."""
    n = system.nvars
    det = None
    if nonvanishing is not None:
        mat = [list(row) for row in nonvanishing]
        det = DiskPolynomials.of([p for row in mat for p in row], n), len(mat)
    return DiskPolynomials.of(system.equations, n), DiskPolynomials.of(jac, n), det


def _certify_disks(
    disks: _Disks,
    sols: NDArray[np.complex128],
    centre_float: NDArray[np.complex128],
) -> tuple[list[bool], list[bool | None], list[float], NDArray[np.complex128], NDArray[np.bool_]]:
    """The batched first attempt: Krawczyk in double-precision disks (`disk_krawczyk`) around
    the float-Newton centres, all points at once; (certified, real, radii, points, tried) per
    point (tried: its float centre was tried, which the arb path then skips),
    the unproved ones left to the arb balls of `_certify_quick` and `_certify_one` (doubles
    cannot prove a root whose float evaluation loses more digits than its box allows).

    The centre must stay near its approximation (within 1e-6 relative, as in the arb path:
    a box about another root would not be about this one). Near-real points take the real
    centre (disks closed under conjugation prove a real root), the others the complex one.
    """
    count = sols.shape[0]
    certified: list[bool] = [False] * count
    real: list[bool | None] = [None] * count
    radii: list[float] = [float("nan")] * count
    points = sols.copy()
    with np.errstate(all="ignore"):
        scale = np.abs(sols) + 1e-12 * np.maximum(
            np.max(np.abs(sols), axis=1, keepdims=True), 1e-300
        )
        near = np.all(np.isfinite(centre_float), axis=1) & (
            np.max(np.abs(centre_float - sols) / scale, axis=1) <= 1e-6
        )
        near_real = near & (np.max(np.abs(centre_float.imag) / scale, axis=1) < 1e-6)
    if not near.any():
        return certified, real, radii, points, near
    equations, jacobian, det = disks
    # one centre per point: the real one for near-real points (disks closed under conjugation)
    centre = np.where(near_real[:, None], centre_float.real, centre_float).astype(np.complex128)
    todo = near.copy()
    for rho in DISK_RADII:
        idx = np.flatnonzero(todo)
        if idx.size == 0:
            break
        out = disk_krawczyk(equations, jacobian, centre[idx], rho * scale[idx], nonvanishing=det)
        for k in np.flatnonzero(out.proved):
            i = int(idx[k])
            certified[i], real[i], radii[i] = True, out.real[k], rho
            points[i] = centre[i]
            todo[i] = False
    return certified, real, radii, points, near


def _certify_quick(
    ev: _BallEvaluator,
    det_ev: tuple[_BallEvaluator, int] | None,
    y: NDArray[np.complex128],
    centre_float: NDArray[np.complex128],
    n: int,
    *,
    tried: bool = False,
) -> tuple[bool | None, float, NDArray[np.complex128]] | None:
    """Krawczyk around the float-Newton centre; None if that does not prove it.

    ``tried``: the float centre already failed in double-precision disks (`_certify_disks`):
    go straight to the centre refined in ball arithmetic.

    Badly scaled systems (coordinates from 1e-5 to 1e15 here) cancel massively inside the
    interval Jacobian, so its width is the radius times a huge factor: after the float centre
    fails, one Newton step in ball arithmetic gives a centre accurate far below float
    precision, and much smaller boxes are tried around it.
    """
    scale = np.abs(y) + 1e-12 * max(float(np.max(np.abs(y))), 1e-300)
    if not np.all(np.isfinite(centre_float)):
        return None
    if np.max(np.abs(centre_float - y) / scale) > 1e-6:
        return None  # Newton went elsewhere
    near_real = bool(np.max(np.abs(centre_float.imag) / scale) < 1e-6)
    candidates = [(True, centre_float.real.astype(np.complex128))] if near_real else []
    candidates.append((False, centre_float))
    for real, c in candidates:
        centre = _point(c)
        for rho in (1e-18, 1e-24) if tried else (1e-12, 1e-18, 1e-24):
            if rho == 1e-18:  # refine twice in ball arithmetic (midpoints only)
                refined = _newton_ball(ev, centre, n, real, steps=2)
                if refined is None:
                    break
                centre = refined
            ok, kvec, box = _krawczyk(ev, centre, rho * scale, n)
            rounded = np.array([complex(float(v.real.mid()), float(v.imag.mid())) for v in centre])
            if not (ok and _det_nonzero(det_ev, rounded, 2 * max(rho, 1e-15) * scale)):
                continue
            if real:
                return True, rho, rounded
            return conjugation_realness(box, kvec), rho, rounded
    return None


def _newton_ball(
    ev: _BallEvaluator, centre: list[flint.acb], n: int, real: bool, steps: int
) -> list[flint.acb] | None:
    """Newton steps at the working precision, keeping midpoints (real ones if ``real``)."""
    for _ in range(steps):
        (vals,) = ev([centre])
        f, j = _split(ev, vals, n)
        inv = _inverse_mid(j)
        if inv is None:
            return None
        step = inv * f
        centre = [_mid(centre[i] - step[i, 0]) for i in range(n)]
        if real:
            centre = [flint.acb(v.real) for v in centre]
    return centre


def _certify_one(
    ev: _BallEvaluator,
    det_ev: tuple[_BallEvaluator, int] | None,
    y: NDArray[np.complex128],
    n: int,
) -> tuple[bool, bool | None, float, NDArray[np.complex128]]:
    scale = np.abs(y) + 1e-12 * max(float(np.max(np.abs(y))), 1e-300)
    near_real = bool(np.max(np.abs(y.imag) / scale) < 1e-6)
    centres = {False: _refined_centre(ev, y, n, real=False)}
    if near_real:
        centres[True] = _refined_centre(ev, y, n, real=True)
    for rho in RADII:
        r = rho * scale
        for real in (True, False) if near_real else (False,):
            centre = centres[real]
            if centre is None:
                continue
            # the refined centre, rounded to floats: the returned approximation, always inside
            # the box (the float input may be off by more than rho in ill-scaled coordinates)
            moved = np.array([complex(float(c.real.mid()), float(c.imag.mid())) for c in centre])
            if np.max(np.abs(moved - y) / scale) > max(rho, 1e-6):
                continue  # Newton went elsewhere: this box would not be about y
            ok, kvec, box = _krawczyk(ev, centre, r, n)
            if not (ok and _det_nonzero(det_ev, moved, 2 * r)):
                continue
            if real:
                return True, True, float(rho), moved
            return True, conjugation_realness(box, kvec), float(rho), moved
    return False, None, float("nan"), y


def _disjoint(
    sols: NDArray[np.complex128], rho: NDArray[np.float64], ok: NDArray[np.bool_]
) -> bool:
    """Whether the certified boxes are pairwise disjoint (`boxes_overlap`, no pairwise arrays)."""
    idx = np.flatnonzero(ok)
    if idx.size < 2:
        return True
    y = sols[idx]
    scale = np.abs(y) + 1e-12 * np.max(np.abs(y), axis=1, keepdims=True)
    r = np.maximum(rho[idx], 1e-15)[:, None] * scale  # boxes, widened by the float rounding
    return not boxes_overlap(y, 2 * r)  # boxes are centred within r of y: 2r each way
