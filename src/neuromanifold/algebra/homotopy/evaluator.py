r"""A batched complex evaluator of $F(x; p)$ with its derivatives in $x$ and in $p$.

All monomials of $F$, $\partial F/\partial x_j$ and $\partial F/\partial p_l$ are collected once
from the exact equations; an evaluation is one power table per variable, one product per monomial
and a single matrix product with the stacked coefficient matrix. This is the numeric half of
the split *exact statement → compiled evaluator* (HomotopyContinuation.jl, ``CompiledSystem``).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy.kernel import EDSparse, SparseSystem
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError

__all__ = ["CompiledSystem"]

Complex = NDArray[np.complex128]


@functools.cache
def _key_weights(width: int) -> NDArray[np.int64]:
    """Fixed random integers keying rows of ``width`` entries (drawing them costs 50 us)."""
    weights = np.random.default_rng(0).integers(1, 2**62, size=width)
    weights.setflags(write=False)
    return weights


def _unique_rows(a: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The distinct rows of ``a`` and the index of each row among them (in some fixed order).

    Rows are keyed by a dot product with fixed random integers (wrapping around), the keys
    made unique, and the rows checked to equal their key's representative (a collision falls
    back to ``np.unique(axis=0)``, several times slower on the exponents of an ED system).
    """
    weights = _key_weights(a.shape[1])
    with np.errstate(over="ignore"):
        keys = a @ weights
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rows = a[first]
    if np.array_equal(rows[inverse], a):
        return rows, inverse.reshape(-1)
    rows, inverse = np.unique(a, axis=0, return_inverse=True)
    return rows, inverse.reshape(-1)


@dataclass(frozen=True, eq=False)
class CompiledSystem:
    r"""Values and Jacobians of a square or overdetermined system $F(x; p)$ at many points.

    $F_i(x;p) = \sum_m C_{mi}\, z^{E_m}$ with $z = (x, p)$; the coefficient matrix stacks
    $F$, $\partial_x F$ and $\partial_p F$ so one product gives all three.

    Args:
        exponents: (monomials, n + m) integers.
        coefficients: (monomials, k (1 + n + m)) floats.
        nvars: n; nparams: m; nequations: k.
        structured: an equivalent structured form for the compiled kernel (`EDSparse`), used
            instead of the monomials when set; `evaluate` always uses the monomials.

    Example:
        >>> s = PolynomialSystem.from_text("x^2 - u", ["x"], parameters=["u"])
        >>> f, jx, jp = CompiledSystem.from_system(s).evaluate(np.array([[2.0]]), np.array([[3.0]]))
        >>> f.real.tolist(), jx.real.tolist(), jp.real.tolist()
        ([[1.0]], [[[4.0]]], [[[-1.0]]])
    """

    exponents: NDArray[np.int64]
    coefficients: NDArray[np.float64]
    nvars: int
    nparams: int
    nequations: int
    structured: EDSparse | None = None

    @classmethod
    def from_system(cls, system: PolynomialSystem) -> CompiledSystem:
        """Compile a `PolynomialSystem` (over Q; parameters become the $p$ block)."""
        if system.characteristic != 0:
            raise InputError("homotopy continuation works over Q; pass system.over(0)")
        n, m, k = system.nvars, len(system.parameters), len(system.equations)
        # the terms of every F_i, then the derivatives' terms from them (d/dz_j of c z^e is
        # e_j c z^(e - 1_j)): no symbolic derivative, one unique over all exponent rows
        monoms = [f.monoms() for f in system.equations]
        sizes = [len(ms) for ms in monoms]
        base = np.fromiter(
            itertools.chain.from_iterable(itertools.chain.from_iterable(monoms)),
            dtype=np.int64,
            count=sum(sizes) * (n + m),
        ).reshape(-1, n + m)
        vals = np.array(
            [int(c.p) / int(c.q) for f in system.equations for c in f.coeffs()], dtype=float
        )
        eqs = np.repeat(np.arange(k, dtype=np.int64), sizes)
        term, var = np.nonzero(base > 0)  # every (term, variable) with a nonzero derivative
        lowered = base[term].copy()
        lowered[np.arange(term.size), var] -= 1
        every = np.concatenate([base, lowered])
        cols = np.concatenate([eqs, (1 + var) * k + eqs[term]])
        coef = np.concatenate([vals, vals[term] * base[term, var]])
        if every.shape[0]:
            exps, row = _unique_rows(every)
        else:
            exps, row = np.zeros((1, n + m), dtype=np.int64), np.zeros(0, dtype=np.int64)
        exps = np.ascontiguousarray(exps, dtype=np.int64)
        coeffs = np.zeros((exps.shape[0], k * (1 + n + m)))
        np.add.at(coeffs, (row.reshape(-1), cols), coef)
        exps.setflags(write=False)
        coeffs.setflags(write=False)
        return cls(exps, coeffs, n, m, k)

    def __post_init__(self) -> None:
        plan = []
        tops = self.exponents.max(axis=0, initial=0).tolist()
        for j, top in enumerate(tops):
            e = self.exponents[:, j]
            if top == 1:
                plan.append((j, 1, np.flatnonzero(e)))
            elif top > 1:
                plan.append((j, top, e))
        object.__setattr__(self, "_plan", tuple(plan))

    def terms(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The terms of $F$: their exponents (terms, n + m) and the equation of each.

        Example:
            >>> s = PolynomialSystem.from_text("x^2 - u; x", ["x"], parameters=["u"])
            >>> exps, eq = CompiledSystem.from_system(s).terms()
            >>> sorted(zip(eq.tolist(), map(tuple, exps.tolist())))
            [(0, (0, 1)), (0, (2, 0)), (1, (1, 0))]
        """
        rows, eq = np.nonzero(self.coefficients[:, : self.nequations])
        return self.exponents[rows], eq

    @property
    def sparse(self) -> SparseSystem | EDSparse:
        """The form the compiled tracking kernel reads (built once)."""
        if self.structured is not None:
            return self.structured
        cached = self.__dict__.get("_sparse")
        if cached is None:
            cached = SparseSystem(
                self.exponents, self.coefficients, self.nvars, self.nparams, self.nequations
            )
            object.__setattr__(self, "_sparse", cached)
        return cached

    def _monomials(self, z: Complex) -> Complex:
        mon = np.ones((z.shape[0], self.exponents.shape[0]), dtype=np.complex128)
        for j, top, e in self._plan:  # type: ignore[attr-defined]
            if top == 1:  # multilinear variable: multiply the columns where it occurs
                mon[:, e] *= z[:, j : j + 1]
                continue
            powers = np.empty((top + 1, z.shape[0]), dtype=np.complex128)
            powers[0] = 1.0
            for d in range(1, top + 1):
                powers[d] = powers[d - 1] * z[:, j]
            mon *= powers[e].T
        return mon

    def evaluate(
        self, x: Complex, p: Complex | None = None, *, parameter_derivative: bool = True
    ) -> tuple[Complex, Complex, Complex]:
        r"""$F$, $\partial_x F$, $\partial_p F$ at points x (N, n) and parameters p (N, m) or (m,).

        Returns:
            Arrays of shapes (N, k), (N, k, n), (N, k, m).
        """
        x = np.asarray(x, dtype=np.complex128)
        n, m, k = self.nvars, self.nparams, self.nequations
        if m:
            if p is None:
                raise InputError(f"the system has {m} parameters: pass p")
            pp = np.broadcast_to(np.asarray(p, dtype=np.complex128), (x.shape[0], m))
            z = np.concatenate([x, pp], axis=1)
        else:
            z = x
        cols = k * (1 + n + (m if parameter_derivative else 0))
        mon = self._monomials(z)
        npts = mon.shape[0]
        # one real matmul on stacked real and imaginary parts: much faster than zgemm or the
        # mixed complex @ float loop for these small, wide products
        both = np.concatenate([mon.real, mon.imag]) @ self.coefficients[:, :cols]
        out = both[:npts] + 1j * both[npts:]
        f = out[:, :k]
        jx = out[:, k : k * (1 + n)].reshape(-1, n, k).transpose(0, 2, 1)
        if parameter_derivative and m:
            jp = out[:, k * (1 + n) :].reshape(-1, m, k).transpose(0, 2, 1)
        else:
            jp = np.zeros((x.shape[0], k, m), dtype=np.complex128)
        return f, jx, jp
