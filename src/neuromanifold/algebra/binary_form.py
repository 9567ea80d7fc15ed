r"""Real roots of binary forms: counts with multiplicity, roots at infinity, real factorizations.

A real binary form of degree :math:`d` is :math:`F(x, y) = \sum_{i=0}^{d} c_i x^i y^{d-i}`, given
by its coefficients :math:`c_0, \dots, c_d` (lowest degree of :math:`x` first) and its *formal*
degree :math:`d`. Its projective roots are the roots of :math:`F(x, 1) = \sum_i c_i x^i` and the
point at infinity :math:`(1 : 0)` with multiplicity :math:`d - \deg F(x, 1)` (the number of
vanishing top coefficients). Every univariate polynomial is the form of its own degree.

Three routes, one per need:

- **Certified** (:func:`real_roots`, :func:`root_structure`): factor over :math:`\mathbb{Q}`
  (FLINT), isolate the roots of each irreducible factor in Arb balls; a root is real iff Arb
  returns it with imaginary part exactly zero, which Arb guarantees for squarefree integer
  polynomials. Multiplicities are those of the factorization: exact.
- **Counts by Sturm** (:func:`real_root_count`, :func:`root_counts`): the squarefree
  decomposition over :math:`\mathbb{Z}` and Sturm's theorem; exact, without root isolation
  (fast: used to classify many filters).
- **Float model** (:func:`root_structure` with ``tol``, :func:`root_counts_batch`): a root
  :math:`z` counts as real when :math:`|\operatorname{Im} z| \le \text{tol}\max(1, |z|)`, real
  roots closer than :math:`\text{tol}\max(1, |z|)` merge into one of higher multiplicity, and (in
  :func:`root_structure`) roots with :math:`|z| > 1/\text{tol}` count as infinite. The tolerance
  is a *root-space* tolerance; callers with a coefficient tolerance :math:`\delta` pass
  :math:`\sqrt\delta` (a double root splits by :math:`O(\sqrt\delta)`).

The factor units (:class:`FactorUnit`, :func:`exact_units`, :func:`real_units`) and
:func:`distribute` split a form into real factors of prescribed degrees: the witnesses of
factorization problems such as :math:`F = F_1 \cdots F_L` with :math:`\deg F_l = d_l`.

Reference: Basu–Pollack–Roy, *Algorithms in Real Algebraic Geometry*, §2.2 (Sturm sequences);
Johansson, *Arb* (certified root isolation); Kohn–Merkh–Montúfar–Trager 2022 (binary forms as the
function space of stride-one convolutional networks).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import flint
import numpy as np

from neuromanifold.algebra.rational import to_fmpq

__all__ = [
    "WORKING_PRECISION",
    "FactorUnit",
    "RealRoot",
    "RootStructure",
    "distribute",
    "exact_units",
    "isolated_roots",
    "multiply_units",
    "q_factors",
    "real_root_count",
    "real_roots",
    "real_units",
    "root_counts",
    "root_counts_batch",
    "root_structure",
]

#: Bits of working precision of the certified real roots' balls (:func:`real_roots`).
WORKING_PRECISION = 256


# --------------------------------------------------------------------------------------------
# certified: factor over Q, isolate with Arb
# --------------------------------------------------------------------------------------------
def q_factors(poly: flint.fmpq_poly) -> list[tuple[flint.fmpz_poly, int]]:
    """Irreducible factors over ℚ (primitive integer polynomials) with multiplicities.

    Example:
        >>> q_factors(flint.fmpq_poly([1, 2, 1]))   # (x + 1)^2
        [(x + 1, 2)]
    """
    if poly.degree() <= 0:
        return []
    _, factors = poly.numer().factor()
    return [(g, m) for g, m in factors if g.degree() > 0]


def isolated_roots(g: flint.fmpz_poly) -> tuple[list[flint.acb], list[flint.acb]]:
    """Real roots and upper-half-plane roots of a squarefree integer polynomial, certified by Arb.

    Arb's ``complex_roots`` isolates all roots in disjoint balls and returns the real ones with
    imaginary part exactly zero; the others come in conjugate pairs.

    Example:
        >>> real, upper = isolated_roots(flint.fmpz_poly([-2, 0, 1]) * flint.fmpz_poly([1, 0, 1]))
        >>> len(real), len(upper)
        (2, 1)
    """
    real, upper = [], []
    for root in g.complex_roots():
        z = root[0]  # pyright: ignore[reportIndexIssue]
        if z.imag == 0:
            real.append(z)
        elif z.imag > 0:
            upper.append(z)
    return real, upper


@dataclass(frozen=True)
class RealRoot:
    """One real root of an integer polynomial: a certified ball, and the exact value if rational.

    Attributes:
        ball: an arb ball containing the root and no other root.
        multiplicity: the multiplicity of the root.
        exact: the root as a ``Fraction`` if it is rational, else ``None``.
    """

    ball: flint.arb
    multiplicity: int
    exact: Fraction | None

    def __float__(self) -> float:
        return float(self.exact) if self.exact is not None else float(self.ball.mid())


def real_roots(poly: flint.fmpz_poly) -> tuple[RealRoot, ...]:
    r"""The real roots of $p \in \mathbb{Z}[t]$, certified, sorted ascending.

    Each irreducible factor is isolated separately (so multiplicities are exact); linear factors
    $a t + b$ give the exact rational root $-b/a$.

    Args:
        poly: a nonzero ``fmpz_poly``.

    Returns:
        The real roots, ascending, each with its multiplicity.

    Example:
        >>> [float(r) for r in real_roots(flint.fmpz_poly([-2, 0, 1]) * flint.fmpz_poly([1, 2]))]
        [-1.414..., -0.5, 1.414...]
    """
    if poly.is_zero():
        raise ValueError("real_roots of the zero polynomial: every number is a root")
    out: list[RealRoot] = []
    _, factors = poly.factor()
    with flint.ctx.workprec(WORKING_PRECISION):
        for factor, mult in factors:
            if factor.degree() == 1:
                b, a = factor.coeffs()
                q = Fraction(-int(b), int(a))
                ball = flint.arb(flint.fmpq(q.numerator, q.denominator))
                out.append(RealRoot(ball, int(mult), q))
                continue
            real, _ = isolated_roots(factor)
            out.extend(RealRoot(root.real, int(mult), None) for root in real)
    return tuple(sorted(out, key=lambda r: float(r)))


@dataclass(frozen=True)
class RootStructure:
    r"""The real projective roots of a nonzero real binary form of degree :math:`d`, with multiplicity.

    For :math:`F(x, y) = \sum_i c_i x^i y^{d-i}` the roots are those of :math:`F(x, 1)` and the
    point at infinity with multiplicity :math:`d - \deg F(x, 1)` (leading coefficients zero).

    Attributes:
        degree: the formal degree :math:`d`.
        real_multiplicities: one multiplicity per distinct real projective root (infinity included,
            listed last when present).
        n_pairs: number of non-real conjugate pairs, with multiplicity.
        separation: the smallest distance between two distinct finite roots, or between a
            non-real root and its conjugate divided by two (that is, its :math:`|\operatorname{Im}|`);
            ``None`` with fewer than two roots. A root-space measure of how far the form is from
            acquiring a new repeated real root.
        certified: True when computed by exact factorization over :math:`\mathbb{Q}` and Arb
            root isolation (real roots have imaginary part exactly zero), False for the float
            tolerance model.

    Example:
        >>> rs = root_structure([1, 2, 1], 2)          # (x + 1)^2
        >>> rs.n_real, rs.n_odd
        (2, 0)
    """

    degree: int
    real_multiplicities: tuple[int, ...]
    n_pairs: int
    separation: float | None
    certified: bool

    @property
    def n_real(self) -> int:
        """Number of real projective roots counted with multiplicity."""
        return sum(self.real_multiplicities)

    @property
    def n_odd(self) -> int:
        """Number of distinct real roots of odd multiplicity: the real roots that survive every
        small perturbation (a root of even multiplicity can turn into conjugate pairs)."""
        return sum(1 for m in self.real_multiplicities if m % 2)

    @property
    def even_part_degree(self) -> int:
        r"""Largest degree of a real divisor that small perturbations can make root-free:
        :math:`2 \cdot \text{pairs} + \sum_a 2 \lfloor m_a / 2 \rfloor`."""
        return 2 * self.n_pairs + sum(2 * (m // 2) for m in self.real_multiplicities)


def root_structure(
    coefficients: Sequence[object], degree: int, *, tol: float | None = None
) -> RootStructure:
    r"""Real-root structure of the binary form with ``coefficients`` (lowest degree first).

    Without ``tol`` (certified): factor over :math:`\mathbb{Q}` (FLINT), isolate the roots of each
    irreducible factor with Arb balls; a root is real iff Arb returns it with zero imaginary part.
    No floating-point root finder decides anything. With ``tol`` (the float model of the module
    docstring, on the exact binary value of float coefficients): real roots within
    :math:`\text{tol}\max(1, |z|)` merge, near-real pairs count as two real roots and roots beyond
    :math:`1/\text{tol}` as infinite.

    Args:
        coefficients: :math:`c_0, \dots, c_d` as ints / ``Fraction`` / ``fmpq`` / floats (taken
            at their exact binary value), not all zero.
        degree: the formal degree :math:`d` (``len(coefficients) - 1`` usually).
        tol: the root-space tolerance of the float model, or ``None`` (certified).

    Returns:
        A :class:`RootStructure` (``certified`` is ``tol is None``).

    Example:
        >>> root_structure([0, 1, 0], 2).real_multiplicities   # x·y: roots 0 and ∞
        (1, 1)
        >>> root_structure([1, -2, 1 + 1e-12], 2).n_pairs       # a pair 1e-6 off the real line
        1
        >>> root_structure([1, -2, 1 + 1e-12], 2, tol=1e-4).real_multiplicities
        (2,)
    """
    poly = flint.fmpq_poly([to_fmpq(c, "coefficients", allow_float=True) for c in coefficients])
    if poly.is_zero():
        raise ValueError("root_structure: the zero form has no root structure")
    if tol is not None:
        return _tolerant_structure(real_units(poly, degree, tol), degree, tol)
    mults: list[int] = []
    pairs = 0
    finite: list[complex] = []
    for g, m in q_factors(poly):
        real, upper = isolated_roots(g)
        mults.extend([m] * len(real))
        pairs += m * len(upper)
        finite.extend(complex(float(z.real.mid()), 0.0) for z in real)
        finite.extend(complex(float(z.real.mid()), float(z.imag.mid())) for z in upper)
    at_infinity = degree - poly.degree()
    if at_infinity > 0:
        mults.append(at_infinity)
    return RootStructure(degree, tuple(mults), pairs, _separation(finite), True)


def _separation(roots: Sequence[complex]) -> float | None:
    """Smallest distance between distinct roots (conjugates included implicitly via |Im|)."""
    values = [abs(z.imag) for z in roots if z.imag != 0]
    reals = sorted(z.real for z in roots if z.imag == 0)
    values.extend(b - a for a, b in itertools.pairwise(reals))
    return min(values) if values else None


# --------------------------------------------------------------------------------------------
# exact counts by Sturm's theorem
# --------------------------------------------------------------------------------------------
def real_root_count(g: flint.fmpz_poly) -> int:
    r"""Number of distinct real roots of a squarefree integer polynomial, by Sturm's theorem.

    The Sturm sequence :math:`g_0 = g,\ g_1 = g',\ g_{i+1} = -\operatorname{rem}(g_{i-1}, g_i)`,
    each term scaled by a positive rational (signs, hence sign changes, are unchanged), is
    computed over ℤ: with :math:`\ell = \operatorname{lc}(g_i)` and
    :math:`k = \deg g_{i-1} - \deg g_i + 1`, the pseudo-remainder
    :math:`r = \ell^k g_{i-1} \bmod g_i` is an integer polynomial (the division of
    :math:`\ell^k g_{i-1}` by :math:`g_i` is exact over ℤ) equal to :math:`\ell^k
    \operatorname{rem}(g_{i-1}, g_i)`, so :math:`g_{i+1} = -\operatorname{sign}(\ell)^k r /
    \operatorname{content}(r)`. The count is :math:`V(-\infty) - V(+\infty)`, read off the
    leading coefficients and degrees. Exact.

    Example:
        >>> real_root_count(flint.fmpz_poly([-2, 0, 1])), real_root_count(flint.fmpz_poly([1, 0, 1]))
        (2, 0)
    """
    d = g.degree()
    if d <= 0:
        return 0
    a, b = g, g.derivative()
    plus = 1 if g[d] > 0 else -1  # sign of the last term at +∞ and at -∞
    minus = plus if d % 2 == 0 else -plus
    count = 0  # V(-∞) - V(+∞)
    while True:
        db = b.degree()
        lead = b[db]
        s = 1 if lead > 0 else -1
        t = s if db % 2 == 0 else -s
        count += (t != minus) - (s != plus)
        plus, minus = s, t
        if db == 0:
            return count
        k = a.degree() - db + 1
        r = (a * lead**k) % b  # exact over ℤ: the pseudo-remainder
        if r.is_zero():
            return count
        if s > 0 or k % 2 == 0:
            r = -r
        c = r.content()
        a, b = b, (r if c == 1 else r / c)


def root_counts(poly: flint.fmpz_poly, degree: int) -> tuple[int, int]:
    r"""Real projective roots of a nonzero integer binary form: with multiplicity, and odd ones.

    Squarefree decomposition :math:`F(x, 1) = \prod_m g_m^m` over ℤ, the distinct real roots of
    each :math:`g_m` by :func:`real_root_count`, and the root at infinity of multiplicity
    :math:`d - \deg F(x, 1)`. Exact; no root isolation.

    Args:
        poly: :math:`F(x, 1)` as a nonzero ``fmpz_poly``.
        degree: the formal degree :math:`d \ge \deg F(x, 1)`.

    Returns:
        ``(n_real, n_odd)``: the number of real projective roots counted with multiplicity, and
        the number of distinct ones of odd multiplicity (as :class:`RootStructure` counts them).

    Example:
        >>> root_counts(flint.fmpz_poly([1, -2, 1]) * flint.fmpz_poly([1, 0, 1]), 4)  # (x-1)²(x²+1)
        (2, 0)
        >>> root_counts(flint.fmpz_poly([1, 1]), 3)      # (x + y) y²: -1 and a double ∞
        (3, 1)
    """
    at_infinity = degree - poly.degree()
    n_real, n_odd = at_infinity, at_infinity % 2
    for g, m in poly.factor_squarefree()[1]:
        n = real_root_count(g)
        n_real += n * m
        n_odd += n if m % 2 else 0
    return n_real, n_odd


# --------------------------------------------------------------------------------------------
# float model, batched
# --------------------------------------------------------------------------------------------
#: The angle of the fixed rotation of the projective line in :func:`root_counts_batch`.
ROTATION_ANGLE = 0.6180339887


@cache
def _rotation(degree: int, angle: float) -> np.ndarray:
    """Matrix mapping coefficients of F(x, y) to those of F(cx − sy, sx + cy) (lowest first)."""
    c, s = math.cos(angle), math.sin(angle)
    out = np.zeros((degree + 1, degree + 1))
    for i in range(degree + 1):
        # x^i y^(d-i) with x = cX - sY, y = sX + cY; coefficient of X^j Y^(d-j) in column i
        px = np.polynomial.polynomial.polypow([-s, c], i)  # in X with Y = 1
        py = np.polynomial.polynomial.polypow([c, s], degree - i)
        out[:, i] = np.polynomial.polynomial.polymul(px, py)[: degree + 1]
    return out


def root_counts_batch(coefficients: np.ndarray, tol: float) -> tuple[np.ndarray, ...]:
    r"""Real projective roots of a batch of binary forms, with multiplicity, in the float model.

    The forms are first rotated by a fixed angle of the projective line (so roots at infinity
    become finite), then their roots are the eigenvalues of batched companion matrices. A root
    :math:`z` is real when :math:`|\operatorname{Im} z| \le \text{tol}\max(1, |z|)`; sorted real
    roots closer than :math:`\text{tol}\max(1, |z|)` merge. Not certified: for decisions use
    :func:`root_structure` or :func:`root_counts`.

    Args:
        coefficients: (batch, d + 1), lowest degree first; the formal degree is d.
        tol: the root tolerance.

    Returns:
        ``(n_real, n_odd, repeated)``: real roots counted with multiplicity, distinct real roots of
        odd multiplicity, and whether some real root is repeated (each shape (batch,)).

    Example:
        >>> root_counts_batch(np.array([[1.0, 2, 1], [-1, 0, 1], [1, 0, 1]]), 1e-6)
        (array([2, 2, 0]), array([0, 2, 0]), array([ True, False, False]))
    """
    c = np.asarray(coefficients, dtype=np.float64)
    batch, d = c.shape[0], c.shape[1] - 1
    if d == 0:
        z = np.zeros(batch, dtype=np.int64)
        return z, z, np.zeros(batch, dtype=bool)
    rot = c @ _rotation(d, ROTATION_ANGLE).T
    rot = rot / np.max(np.abs(rot), axis=1, keepdims=True)
    companion = np.zeros((batch, d, d))
    companion[:, 1:, :-1] = np.eye(d - 1)
    companion[:, :, -1] = -rot[:, :-1] / rot[:, -1:]
    roots = np.linalg.eigvals(companion)
    scale = np.maximum(1.0, np.abs(roots))
    is_real = np.abs(roots.imag) <= tol * scale
    reals = np.sort(np.where(is_real, roots.real, np.nan), axis=1)
    n_real = is_real.sum(axis=1)
    n_odd = np.zeros(batch, dtype=np.int64)
    repeated = np.zeros(batch, dtype=bool)
    size = np.ones(batch, dtype=np.int64)
    for i in range(d):
        valid = i < n_real
        if i + 1 < d:
            nxt = reals[:, i + 1]
            merge = np.abs(nxt - reals[:, i]) <= tol * np.maximum(1.0, np.abs(nxt))
            merge &= (i + 1) < n_real
        else:
            merge = np.zeros(batch, dtype=bool)
        ends = valid & ~merge
        n_odd += ends & (size % 2 == 1)
        repeated |= ends & (size >= 2)
        size = np.where(merge, size + 1, 1)
    return n_real, n_odd, repeated


# --------------------------------------------------------------------------------------------
# factors and their distribution over prescribed degrees
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FactorUnit:
    """A factor of a binary form: coefficients of its dehomogenization, and its formal degree.

    The root at infinity is the unit ``(1,)`` of degree 1 (the factor :math:`y`).
    """

    coeffs: tuple  # fmpq (exact) or float, lowest degree first
    degree: int


def assign_degrees(degrees: Sequence[int], capacities: Sequence[int]) -> list[int] | None:
    """Put items of the given degrees into bins of exactly the given capacities (backtracking).

    Returns the bin of each item, or ``None`` when no assignment fills every bin exactly.

    Example:
        >>> assign_degrees([2, 1, 1], [1, 3]), assign_degrees([2, 2], [1, 3])
        ([1, 0, 1], None)
    """
    order = sorted(range(len(degrees)), key=lambda i: -degrees[i])
    if sum(degrees) != sum(capacities):
        return None
    failed: set[tuple[int, tuple[int, ...]]] = set()
    where = [0] * len(degrees)

    def go(pos: int, left: list[int]) -> bool:
        if pos == len(order):
            return True
        key = (pos, tuple(sorted(left)))
        if key in failed:
            return False
        d = degrees[order[pos]]
        tried = set()
        for b, cap in enumerate(left):
            if cap >= d and cap not in tried:
                tried.add(cap)
                left[b] -= d
                where[order[pos]] = b
                if go(pos + 1, left):
                    return True
                left[b] += d
        failed.add(key)
        return False

    return where if go(0, list(capacities)) else None


def multiply_units(units: Sequence[FactorUnit], length: int, one: Any) -> list:
    """The product of ``units`` as ``length`` coefficients (lowest first, zero-padded or cut).

    Example:
        >>> multiply_units([FactorUnit((-1, 1), 1), FactorUnit((1,), 1)], 3, 1)   # (x - y)·y
        [-1, 1, 0]
    """
    out = [one]
    for u in units:
        prod = [one * 0] * (len(out) + len(u.coeffs) - 1)
        for i, a in enumerate(out):
            for j, b in enumerate(u.coeffs):
                prod[i + j] = prod[i + j] + a * b
        out = prod
    out = out[:length] if len(out) > length else out
    return out + [one * 0] * (length - len(out))


def exact_units(poly: flint.fmpq_poly, degree: int) -> list[FactorUnit]:
    """Monic irreducible factors over ℚ (with multiplicity) and the roots at infinity, as units.

    Example:
        >>> [u.coeffs for u in exact_units(flint.fmpq_poly([-1, 0, 1]), 3)]
        [(-1, 1), (1, 1), (1,)]
    """
    units = []
    for g, m in q_factors(poly):
        lead = flint.fmpq(g[g.degree()])
        coeffs = tuple(flint.fmpq(c) / lead for c in g.coeffs())
        units.extend([FactorUnit(coeffs, g.degree())] * m)
    units.extend([FactorUnit((flint.fmpq(1),), 1)] * (degree - max(poly.degree(), 0)))
    return units


def real_units(poly: flint.fmpq_poly, degree: int, tol: float | None) -> list[FactorUnit]:
    """Real-irreducible factors (linear and quadratic, floats from 200-bit Arb roots).

    With ``tol`` (float model), near-real pairs become two real roots and huge roots infinity.

    Example:
        >>> [u.degree for u in real_units(flint.fmpq_poly([2, 0, -1, 0, 1]) * 1, 4, None)]
        [2, 2]
    """
    units = []
    infinite = degree - poly.degree()
    with flint.ctx.workprec(200):
        for g, m in q_factors(poly):
            real, upper = isolated_roots(g)
            for z in real:
                a = float(z.real.mid())
                if tol is not None and abs(a) > 1 / tol:
                    infinite += m
                    continue
                units.extend([FactorUnit((-a, 1.0), 1)] * m)
            for z in upper:
                x, y = float(z.real.mid()), float(z.imag.mid())
                if tol is not None and abs(complex(x, y)) > 1 / tol:
                    infinite += 2 * m
                elif tol is not None and y <= tol * max(1.0, abs(complex(x, y))):
                    units.extend([FactorUnit((-x, 1.0), 1)] * (2 * m))
                else:
                    units.extend([FactorUnit((x * x + y * y, -2 * x, 1.0), 2)] * m)
    units.extend([FactorUnit((1.0,), 1)] * infinite)
    return units


def _tolerant_structure(units: list[FactorUnit], degree: int, tol: float) -> RootStructure:
    """Root structure in the float model: real roots within tol merge."""
    roots = sorted(-u.coeffs[0] for u in units if u.degree == 1 and len(u.coeffs) == 2)
    mults: list[int] = []
    last = None
    for a in roots:
        if last is not None and abs(a - last) <= tol * max(1.0, abs(a)):
            mults[-1] += 1
        else:
            mults.append(1)
        last = a
    infinite = sum(1 for u in units if len(u.coeffs) == 1)
    if infinite:
        mults.append(infinite)
    pairs = sum(1 for u in units if u.degree == 2)
    gaps = [b - a for a, b in itertools.pairwise(roots) if b - a > 0]
    imag = [math.sqrt(max(u.coeffs[0] - u.coeffs[1] ** 2 / 4, 0.0)) for u in units if u.degree == 2]
    sep = min(gaps + imag) if gaps + imag else None
    return RootStructure(degree, tuple(mults), pairs, sep, False)


def distribute(
    units: list[FactorUnit], capacities: Sequence[int], sizes: Sequence[int], one: Any
) -> list[list] | None:
    """Group ``units`` into factors of degrees ``capacities``, each as ``sizes[l]`` coefficients.

    Returns ``None`` when the units cannot fill the degrees exactly.

    Example:
        >>> units = exact_units(flint.fmpq_poly([-1, 0, 1]), 2)          # x² − 1
        >>> [[str(c) for c in p] for p in distribute(units, [1, 1], [2, 2], flint.fmpq(1))]
        [['-1', '1'], ['1', '1']]
    """
    where = assign_degrees([u.degree for u in units], capacities)
    if where is None:
        return None
    return [
        multiply_units([u for u, b in zip(units, where, strict=True) if b == layer], size, one)
        for layer, size in enumerate(sizes)
    ]
