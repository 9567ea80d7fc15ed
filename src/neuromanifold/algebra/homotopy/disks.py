r"""Complex disk arithmetic in doubles, batched over points: the Krawczyk test for many at once.

A *disk* $\langle m, r\rangle = \{z \in \mathbb{C} : |z - m| \le r\}$ is a float centre and a
float radius. Each operation returns a disk containing every result of its operands' members:
the centre is computed in floating point and the radius bounds both the spread of the operands
and the rounding of the centre. The bounds assume IEEE binary64 with rounding to nearest (numpy's
arithmetic): a computed $\hat x$ of a real operation satisfies $|\hat x - x| \le u|\hat x| +
\eta$, $u = 2^{-53}$, $\eta = 2^{-1075}$, and a sum of $d$ products, in any order, is within
$\gamma_d \sum |a_i b_i|$, $\gamma_d = d u / (1 - d u)$ (Higham 2002, §3.1, Thm. 3.4 and eq.
3.5); a radius, computed from nonnegative floats in at most $d$ roundings, is then enlarged by
the factor $1 + 4(d + 16)u$ and by $10^{-300}$, which covers its own rounding and underflow.
Non-finite results never pass a test.

`disk_krawczyk` runs the Krawczyk test
$$K(X) = y - Y f(y) + (I - Y J_f(X))(X - y) \subset \operatorname{int} X$$
on a product of disks $X = \prod_i \langle y_i, r_i\rangle$ around each of many points at once
(numpy, no per-point Python loop). For a convex $X$ the mean value form and Brouwer's theorem
give a root in $X$ when the inclusion holds, and, since $K_i$ then has radius at least
$((|I - Y J| + \operatorname{rad}) r)_i < r_i$, every matrix of $Y J_f(X)$ is nonsingular
(Perron–Frobenius), so the root is unique and nonsingular (Krawczyk 1969; Rump 1983; Rump,
*Verification methods*, Acta Numerica 2010, Thm. 8.1 and §10.6 for disks). It is the batched
first attempt of `neuromanifold.algebra.homotopy.certify`, which falls back to arb balls for
the points it does not prove. The coefficients are the exact rationals of the equations,
enclosed in disks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import flint
import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy.monomial_chain import MonomialChain

__all__ = ["DiskKrawczyk", "DiskPolynomials", "disk_krawczyk"]

Complex = NDArray[np.complex128]
Real = NDArray[np.float64]

U = 2.0**-53
"""The unit roundoff of binary64 with rounding to nearest."""

TINY = 1e-300
"""Added to every radius: covers underflow ($\\eta = 2^{-1075}$ per operation) many times over."""


def _up(r: Real, d: int) -> Real:
    """A radius computed in at most ``d`` roundings of nonnegative floats, rounded safely up."""
    return r * (1.0 + 4.0 * (d + 16) * U) + TINY


def _norm1(z: Complex) -> Real:
    """$|\\operatorname{Re} z| + |\\operatorname{Im} z| \\ge |z|$ (one rounding, no hypot)."""
    return np.abs(z.real) + np.abs(z.imag)


def _product(a: Complex, ra: Real, b: Complex, rb: Real) -> tuple[Complex, Real]:
    r"""Disk product (elementwise): centre $\widehat{ab}$, radius $|a| r_b + r_a|b| + r_a r_b$
    plus the centre's rounding, at most $3u\,|a|_1 |b|_1$ (two products and a sum per part)."""
    m = a * b
    na, nb = _norm1(a), _norm1(b)
    return m, _up(na * rb + ra * nb + ra * rb + 3.0 * U * (na * nb), 12)


def _matmul(a: Complex, ra: Real, b: Complex, rb: Real) -> tuple[Complex, Real]:
    r"""Disk matrix product over the last two axes: centre $\widehat{AB}$, radius $|A| R_B +
    R_A |B| + R_A R_B$ plus the centre's rounding, a complex dot product of length $d$ in real
    parts: at most $\gamma_{2d}$ times $|A|_1 |B|_1$."""
    d = a.shape[-1]
    m = a @ b
    na, nb = _norm1(a), _norm1(b)
    spread = na @ rb + ra @ (nb + rb)
    rounding = (2.0 * d + 2.0) * U / (1.0 - (2.0 * d + 2.0) * U) * (na @ nb)
    return m, _up(spread + rounding, 2 * d + 8)


@dataclass(frozen=True, eq=False)
class DiskPolynomials:
    r"""Exact polynomials (one ring, n variables) evaluated on disk vectors, batched over points.

    Each monomial is a smaller one times a variable (one disk product per monomial, for all
    points at once); the values are then one disk matrix product with the coefficients, each
    exact rational enclosed in a disk around its nearest double.

    Example:
        >>> ctx = flint.fmpq_mpoly_ctx.get(("x",), "lex")
        >>> (x,) = ctx.gens()
        >>> ev = DiskPolynomials.of([x**2 - flint.fmpq(1, 3)], 1)
        >>> m, r = ev(np.array([[2.0 + 0j]]), np.zeros((1, 1)))
        >>> bool(abs(m[0, 0] - 11 / 3) <= r[0, 0] < 1e-14)
        True
    """

    levels: tuple[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]], ...]
    size: int
    rows: NDArray[np.int64]
    coefficients: Complex
    radii: Real

    @classmethod
    def of(cls, polys: Sequence[flint.fmpq_mpoly], n: int) -> DiskPolynomials:
        """Collect the monomials of ``polys`` (variables ``0..n-1``) and enclose the coefficients."""
        chain = MonomialChain.of(polys, n)
        rows = np.array(chain.positions, dtype=np.int64)
        # one vectorized disk product per degree: a monomial needs only the degree below
        steps = np.array(chain.steps, dtype=np.int64).reshape(-1, 3)
        levels = tuple(
            (
                1 + np.flatnonzero(steps[:, 2] == d),
                steps[steps[:, 2] == d, 0],
                steps[steps[:, 2] == d, 1],
            )
            for d in range(1, int(steps[:, 2].max(initial=0)) + 1)
        )
        mids, gaps = [], []
        for _, _, c in chain.entries:
            p, q = int(c.p), int(c.q)
            mid = p / q
            a, b = mid.as_integer_ratio()
            mids.append(mid)
            # the exact distance |p/q - a/b| from the rational to its double, rounded up
            # (Python's int / int is correctly rounded); zero when it is a double
            gap = abs(p * b - a * q)
            gaps.append(math.nextafter(gap / (q * b), math.inf) if gap else 0.0)
        at = np.array([(row, col) for row, col, _ in chain.entries], dtype=np.int64).reshape(-1, 2)
        coeffs = np.zeros((len(rows), len(polys)))
        radii = np.zeros((len(rows), len(polys)))
        coeffs[at[:, 0], at[:, 1]] = mids
        radii[at[:, 0], at[:, 1]] = gaps
        return cls(levels, len(chain.steps) + 1, rows, coeffs.astype(np.complex128), radii)

    def __call__(self, z: Complex, rz: Real) -> tuple[Complex, Real]:
        """Enclosures (centres, radii), shape (points, polys), at disks z ± rz (points, n)."""
        npts = z.shape[0]
        mon = np.empty((npts, self.size), dtype=np.complex128)
        rad = np.empty((npts, self.size))
        mon[:, 0], rad[:, 0] = 1.0, 0.0
        for at, smaller, var in self.levels:
            mon[:, at], rad[:, at] = _product(
                mon[:, smaller], rad[:, smaller], z[:, var], rz[:, var]
            )
        return _matmul(mon[:, self.rows], rad[:, self.rows], self.coefficients, self.radii)


@dataclass(frozen=True)
class DiskKrawczyk:
    """Outcome of `disk_krawczyk` per point.

    Attributes:
        proved: the Krawczyk inclusion held (and the nonvanishing matrix is nonsingular on
            the doubled disks): one nonsingular root in the disks.
        real: True (proved real), False (proved non-real), None (undecided or not proved).
    """

    proved: NDArray[np.bool_]
    real: tuple[bool | None, ...]


def _nonsingular(ev: DiskPolynomials, size: int, y: Complex, r: Real) -> NDArray[np.bool_]:
    r"""Every matrix of the disk matrix $D(X)$ is nonsingular: $\| |I - Z D_m| + |Z| R \|_\infty
    < 1$ for $Z \approx D_m^{-1}$ (then $Z D$ is within distance < 1 of $I$), after scaling
    rows and columns by powers of two."""
    dm, dr = ev(y, r)
    dm = dm.reshape(-1, size, size)
    dr = dr.reshape(-1, size, size)
    # equilibrated by powers of two (exact, up to underflow, which the radius absorbs):
    # D is nonsingular iff diag(s) D diag(t) is, and Z is then an accurate inverse
    for axis in (1, 2):
        top = np.max(_norm1(dm), axis=axis, keepdims=True)
        power = np.where(top > 0, 2.0 ** -np.round(np.log2(np.where(top > 0, top, 1.0))), 1.0)
        dm, dr = dm * power, _up(dr * power, 1)
    with np.errstate(all="ignore"):
        try:
            z = np.asarray(np.linalg.inv(dm), dtype=np.complex128)
        except np.linalg.LinAlgError:
            return np.zeros(y.shape[0], dtype=bool)
    zd, rzd = _matmul(z, np.zeros(z.shape), dm, dr)
    eye = np.eye(size)
    defect = _up(_norm1(eye - zd) + U * _norm1(eye - zd) + rzd, 4)
    row = _up(defect.sum(axis=2), size + 2)
    ok = np.all(row < 1.0, axis=1)
    return ok & np.all(np.isfinite(row), axis=1)


def disk_krawczyk(
    equations: DiskPolynomials,
    jacobian: DiskPolynomials,
    y: Complex,
    r: Real,
    *,
    nonvanishing: tuple[DiskPolynomials, int] | None = None,
) -> DiskKrawczyk:
    r"""The Krawczyk test on the disks $\langle y_i, r_i\rangle$ around each row of ``y``.

    Args:
        equations: $f$ (n polynomials); jacobian: its Jacobian, row-major ($\partial_j f_i$ at
            $i n + j$).
        y: centres (points, n), exact as doubles; r: radii (points, n), positive. A row with
            a real centre has disks closed under conjugation: its proved root is real (the
            coefficients are rational).
        nonvanishing: a square matrix of polynomials (entries row-major) and its size: also
            prove it nonsingular on the disks of radius $2r$ (a root of the saturated system).

    Returns:
        A `DiskKrawczyk`.

    Example:
        >>> ctx = flint.fmpq_mpoly_ctx.get(("x",), "lex")
        >>> (x,) = ctx.gens()
        >>> f, j = DiskPolynomials.of([x**2 - 2], 1), DiskPolynomials.of([2 * x], 1)
        >>> y = np.array([[2**0.5 + 0j], [1.0 + 0j]])
        >>> out = disk_krawczyk(f, j, y, 1e-10 * np.ones((2, 1)))
        >>> out.proved.tolist(), out.real
        ([True, False], (True, None))
    """
    with np.errstate(all="ignore"):
        return _krawczyk(equations, jacobian, y, r, nonvanishing)


def _krawczyk(
    equations: DiskPolynomials,
    jacobian: DiskPolynomials,
    y: Complex,
    r: Real,
    nonvanishing: tuple[DiskPolynomials, int] | None,
) -> DiskKrawczyk:
    npts, n = y.shape
    zero = np.zeros((npts, n))
    fm, fr = equations(y, zero)
    jm, jr = jacobian(y, r)
    jy = jm  # the centres of J(X) are J(y) in floats (the same operations)
    # Y ≈ J(y)^{-1} (any matrix will do; an accurate one passes): C (R J C)^{-1} R with the
    # columns scaled like the radii and the rows equilibrated, by powers of two, so that
    # coordinates of very different sizes do not spoil the inverse
    col = _power_of_two(r)[:, None, :]
    scaled = jy.reshape(npts, n, n) * col
    row = 1.0 / _power_of_two(np.max(_norm1(scaled), axis=2))[:, :, None]
    try:
        inv = np.linalg.inv(scaled * row)
    except np.linalg.LinAlgError:  # one singular centre fails the batch: per point then
        inv = np.stack([_inverse_or_nan(a) for a in scaled * row])
    ym = np.transpose(col, (0, 2, 1)) * inv * np.transpose(row, (0, 2, 1))
    yr = np.zeros((npts, n, n))
    # Y f(y)
    yf, ryf = _matmul(ym, yr, fm[:, :, None], fr[:, :, None])
    # I - Y J(X), then times (X - y) = disks of centre 0, radius r
    yj, ryj = _matmul(ym, yr, jm.reshape(npts, n, n), jr.reshape(npts, n, n))
    cm = np.eye(n) - yj
    cr = _up(ryj + U * _norm1(cm), 4)
    spread = _up((_norm1(cm) + cr) @ r[:, :, None], n + 4)[:, :, 0]
    # K(X) = y - Y f(y) + spread: centre y - yf, radius ryf + spread + rounding of the centre
    km = y - yf[:, :, 0]
    kr = _up(ryf[:, :, 0] + spread + U * _norm1(km), 6)
    inside = _up(_norm1(km - y) + kr, 6) < r  # |K_i - y_i| + rad K_i < r_i, rounded up
    proved = np.all(inside, axis=1) & np.all(np.isfinite(kr), axis=1)
    proved &= np.all(np.isfinite(km), axis=1)
    if nonvanishing is not None and proved.any():
        ev, size = nonvanishing
        idx = np.flatnonzero(proved)
        proved[idx] = _nonsingular(ev, size, y[idx], 2.0 * r[idx])
    real_centre = np.all(y.imag == 0.0, axis=1)
    conjugate_inside = np.all(_up(_norm1(np.conj(km) - y) + kr, 6) < r, axis=1)
    off_axis = np.any(np.abs(km.imag) > kr, axis=1)
    real: list[bool | None] = []
    for i in range(npts):
        if not proved[i]:
            real.append(None)
        elif real_centre[i] or conjugate_inside[i]:
            real.append(True)  # the conjugate root lies in the disks too: it is the root
        elif off_axis[i]:
            real.append(False)  # some coordinate of the root's disk misses the real axis
        else:
            real.append(None)
    return DiskKrawczyk(proved, tuple(real))


def _power_of_two(v: Real) -> Real:
    """The power of two nearest each positive entry (1 for zero or non-finite entries)."""
    good = np.isfinite(v) & (v > 0)
    return np.where(good, 2.0 ** np.round(np.log2(np.where(good, v, 1.0))), 1.0)


def _inverse_or_nan(a: Complex) -> Complex:
    try:
        return np.asarray(np.linalg.inv(a), dtype=np.complex128)
    except np.linalg.LinAlgError:
        return np.full(a.shape, np.nan, dtype=np.complex128)
