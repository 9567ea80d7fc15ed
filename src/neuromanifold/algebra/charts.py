r"""Random affine charts: affine-linear slices that fix a group of symmetries of a parametrization.

A polynomial map $\varphi:\mathbb{C}^m \to \mathbb{C}^n$ that is invariant under a group $G$
acting on the parameters has positive-dimensional fibers; intersecting the parameter space with an
affine-linear space $\{\ell(\theta) = 0\}$ meeting every generic orbit in finitely many points
makes it generically finite. The two groups that occur for linear networks are the rescalings of
the factors of a multilinear map ($(\mathbb{C}^*)^{L-1}$, `scaling_charts`) and the $GL_r$ of a
product $W_2 W_1$ (`general_linear_chart`). The coefficients are random nonzero integers: a fixed
chart such as $a_0 = 1$ misses the orbits inside $a_0 = 0$ (SPEC §8). `eliminate_affine` solves
the charts for pivot parameters, leaving the free chart coordinates $s$ and $\theta = \theta(s)$.

The charts know no architecture: which group an architecture has, and hence which charts fix it,
is `neuromanifold.parametrization.gauge`.

Reference: Trager, Kohn, Bruna, *Pure and spurious critical points: a geometric study of linear
networks*, ICLR 2020 (the symmetry groups); Draisma et al. 2016, §2 (parametric ED problems).
"""

from __future__ import annotations

from collections.abc import Sequence

import flint
import numpy as np

from neuromanifold.algebra.parsing import polynomial_context
from neuromanifold.errors import InputError

__all__ = [
    "COMBINATION_RANGE",
    "eliminate_affine",
    "factor_scaling_charts",
    "general_linear_chart",
    "random_nonzero",
    "scaling_charts",
]

COMBINATION_RANGE = 10**4
"""Random combination / chart coefficients are nonzero integers in [-COMBINATION_RANGE, ...]."""


def random_nonzero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random nonzero integers of absolute value at most `COMBINATION_RANGE`, of a given shape.

    The coefficients of every random chart, combination of equations and saturating matrix
    (generic: they avoid the proper Zariski-closed set of bad choices with probability one).

    Example:
        >>> a = random_nonzero(np.random.default_rng(0), (2, 3))
        >>> a.shape, bool((a != 0).all()), bool((abs(a) <= COMBINATION_RANGE).all())
        ((2, 3), True, True)
    """
    values = rng.integers(1, COMBINATION_RANGE, size=shape, endpoint=True)
    signs = rng.choice(np.array([-1, 1]), size=shape)
    return values * signs


def scaling_charts(
    groups: Sequence[Sequence[str]], names: Sequence[str], *, seed: int = 0
) -> tuple[flint.fmpq_mpoly, ...]:
    r"""Random affine charts $\ell_g(\theta_g) = 1$, one per group of parameters.

    For a multilinear map with factors $\theta_1, \dots, \theta_L$ the scalings
    $\theta_l \mapsto c_l \theta_l$, $\prod c_l = 1$, are fixed by one chart on each of $L-1$
    factors; random coefficients keep the chart generic (SPEC §8: fixed charts such as
    $a_0 = 1$ miss solutions). The chart is $\sum_i c_i \theta_i / \sum_i |c_i| = 1$: it meets
    an orbit where the factor has entries of order one. (With $\sum_i c_i \theta_i = 1$ and
    $|c_i| \sim 10^4$ the factor would be $\sim 10^{-4}$ and, under weighted rescalings
    $\prod c_l^{a_l} = 1$ such as a polynomial CNN's $a = (r^{L-1}, \dots, r, 1)$, another
    $\sim 10^{24}$ for ``pcnn:k=2,2,2``: no path reaches that point.)

    Args:
        groups: each a list of parameter names.
        names: all parameter names (the ring of the returned polynomials).
        seed: seeds the random coefficients (nonzero integers up to $10^4$ in size).

    Returns:
        Affine-linear polynomials $\ell_g - 1$ in ``Q[names]``.

    Example:
        >>> [f.total_degree() for f in scaling_charts([["a0", "a1"]], ["a0", "a1", "b0"])]
        [1]
    """
    ctx = polynomial_context(names)
    gens = dict(zip(tuple(names), ctx.gens(), strict=True))
    rng = np.random.default_rng(seed)
    out = []
    for group in groups:
        missing = [v for v in group if v not in gens]
        if missing or not group:
            raise InputError(f"chart group {group!r} must be nonempty names among {names}")
        coeffs = random_nonzero(rng, (len(group),))
        scale = flint.fmpq(1, int(np.abs(coeffs).sum()))
        linear = sum(
            (int(c) * gens[v] for c, v in zip(coeffs, group, strict=True)), ctx.constant(0)
        )
        out.append(linear * scale - 1)
    return tuple(out)


def factor_scaling_charts(
    groups: Sequence[Sequence[str]], *, seed: int = 0
) -> tuple[flint.fmpq_mpoly, ...]:
    r"""`scaling_charts` on every factor of a multilinear map but the last, in all its parameters.

    The scalings $\theta_l \mapsto c_l \theta_l$ with $\prod_l c_l^{a_l} = 1$ of $L$ factors form
    a torus of dimension $L - 1$; a random affine chart on each of the first $L - 1$ factors
    leaves finitely many points of each orbit (none is needed for one factor).

    Args:
        groups: the parameter names of each factor, in order.
        seed: seeds the random coefficients.

    Returns:
        $L - 1$ affine-linear polynomials in ``Q[all names]``.

    Example:
        >>> len(factor_scaling_charts([["a0", "a1"], ["b0", "b1"], ["c0"]]))
        2
    """
    if len(groups) <= 1:
        return ()
    names = [n for group in groups for n in group]
    return scaling_charts(groups[:-1], names, seed=seed)


def general_linear_chart(
    factor: Sequence[Sequence[str]], names: Sequence[str], *, seed: int = 0
) -> tuple[flint.fmpq_mpoly, ...]:
    r"""A random affine chart of the $GL_r$ gauge of a product $W_2 W_1$: $(P A)_{[:r, :]} = I_r$.

    For $A$ an $m \times r$ matrix of parameters (a factor of rank $r$) and a random integer
    $m \times m$ matrix $P$, the $r^2$ affine-linear conditions that the first $r$ rows of $PA$
    form the identity fix $A \mapsto A G$, $G \in GL_r$, on a dense open set.

    Args:
        factor: the matrix of parameter names, ``m`` rows of ``r`` names.
        names: all parameter names (the ring of the returned polynomials).
        seed: seeds $P$.

    Returns:
        $r^2$ affine-linear polynomials in ``Q[names]``.

    Example:
        >>> len(general_linear_chart([["a", "b"], ["c", "d"], ["e", "f"]], "abcdef"))
        4
    """
    ctx = polynomial_context(names)
    gens = dict(zip(tuple(names), ctx.gens(), strict=True))
    m = len(factor)
    r = len(factor[0]) if m else 0
    if r == 0 or r > m or any(len(row) != r for row in factor):
        raise InputError(f"factor must be an m x r matrix of names with r <= m, got {factor!r}")
    missing = [v for row in factor for v in row if v not in gens]
    if missing:
        raise InputError(f"names {missing} of the factor are not among {tuple(names)}")
    p = random_nonzero(np.random.default_rng(seed), (r, m))
    out = []
    for i in range(r):
        for j in range(r):
            entry = sum((int(p[i, k]) * gens[factor[k][j]] for k in range(m)), ctx.constant(0))
            out.append(entry - (1 if i == j else 0))
    return tuple(out)


def eliminate_affine(
    constraints: Sequence[flint.fmpq_mpoly], names: tuple[str, ...]
) -> tuple[tuple[str, ...], list[flint.fmpq_mpoly], flint.fmpq_mpoly_ctx]:
    r"""Solve affine-linear charts for pivot parameters: $\theta = \theta(s)$ on the chart.

    Gaussian elimination over $\mathbb{Q}$ (reduced row echelon form) of the constraints
    $\ell_j(\theta) = 0$; the parameters that are not pivots are the free chart coordinates $s$.

    Args:
        constraints: affine-linear polynomials in ``Q[names]`` (none: every parameter is free).
        names: the parameter names.

    Returns:
        ``(free names, images, ring)``: one polynomial in the free names per original parameter
        (its value on the chart), and the ring ``Q[free]`` they live in.

    Raises:
        InputError: a constraint is not affine-linear, or they are inconsistent.

    Example:
        >>> ctx = polynomial_context(["a", "b"])
        >>> a, b = ctx.gens()
        >>> free, images, _ = eliminate_affine([a + 2 * b - 1], ("a", "b"))
        >>> free, [str(f) for f in images]
        (('b',), ['-2*b + 1', 'b'])
    """
    m = len(names)
    rows = []
    for f in constraints:
        if f.total_degree() > 1:
            raise InputError(f"gauge constraint {f} is not affine-linear")
        row = [flint.fmpq(0)] * (m + 1)
        for monom, c in f.terms():
            if sum(monom) == 0:
                row[m] = -c
            else:
                row[list(monom).index(1)] = c
        rows.append(row)
    if not rows:
        ctx = polynomial_context(names)
        return names, list(ctx.gens()), ctx
    reduced, rank = flint.fmpq_mat(rows).rref()
    pivots: list[int] = []
    for i in range(rank):
        col = next(j for j in range(m + 1) if reduced[i, j] != 0)
        if col == m:
            raise InputError("the gauge constraints are inconsistent (no parameter satisfies them)")
        pivots.append(col)
    free = tuple(names[j] for j in range(m) if j not in pivots)
    ctx = polynomial_context(free)
    fg = dict(zip(free, ctx.gens(), strict=True))
    images: list[flint.fmpq_mpoly] = []
    for j, name in enumerate(names):
        if j in pivots:
            i = pivots.index(j)
            expr = ctx.constant(reduced[i, m])
            for k, other in enumerate(names):
                if other in fg and reduced[i, k] != 0:
                    expr = expr - reduced[i, k] * fg[other]
            images.append(expr)
        else:
            images.append(fg[name])
    return free, images, ctx
