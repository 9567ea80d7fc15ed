"""Polynomial systems: an exact statement over Q or F_p, and its compiled numeric evaluator.

A `PolynomialSystem` holds exact ``fmpq_mpoly`` equations in named variables and (optionally)
named parameters such as data ``u`` or weights ``λ``; substituting parameter values returns a new
system. `PolynomialSystem.compile` turns it into a `NumericEvaluator` that evaluates the values and
the Jacobian at many (real or complex) points at once from an exponent matrix and a coefficient
matrix. The exact statement never depends on the evaluator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import flint
import numpy as np
from numpy.typing import ArrayLike, NDArray

from neuromanifold.algebra.parsing import parse_polynomials, polynomial_context
from neuromanifold.algebra.rational import to_fmpq
from neuromanifold.errors import InputError

__all__ = ["NumericEvaluator", "PolynomialSystem", "Rational", "fresh_name", "to_fmpq"]

Rational = int | Fraction | flint.fmpq | flint.fmpz
"""Exact scalar accepted as a parameter value."""


def fresh_name(base: str, taken: set[str]) -> str:
    """A variable name not in ``taken`` (``base`` with leading underscores), then added to it.

    For the auxiliary unknowns of a derived system (multipliers ``mu0``, the saturating ``t``)
    whose names must not collide with the user's variables.

    Example:
        >>> taken = {"t", "x"}
        >>> fresh_name("t", taken), fresh_name("mu0", taken), sorted(taken)
        ('_t', 'mu0', ['_t', 'mu0', 't', 'x'])
    """
    name = base
    while name in taken:
        name = "_" + name
    taken.add(name)
    return name


@dataclass(frozen=True)
class PolynomialSystem:
    r"""An exact polynomial system $f_1 = \dots = f_k = 0$ in variables $x$ with parameters $p$.

    The equations live in $K[x_1,\dots,x_n,p_1,\dots,p_m]$ with ground field
    $K = \mathbb{Q}$ (``characteristic == 0``) or $K = \mathbb{F}_p$ (the rational coefficients
    are then read modulo $p$; their denominators must be prime to $p$). Solving is over the
    algebraic closure of $K$ in the variables, for fixed parameter values.

    Args:
        equations: ``fmpq_mpoly`` in the ring with generators ``variables + parameters``.
        variables: the unknowns, in order.
        parameters: names that are not unknowns (data, weights); substitute them to solve.
        characteristic: 0 for Q, or a prime p for F_p.

    Example:
        >>> s = PolynomialSystem.from_text("x^2 + y^2 - r", ["x", "y"], parameters=["r"])
        >>> str(s.substitute({"r": 4}))
        'PolynomialSystem over QQ in (x, y): [x^2 + y^2 - 4]'

    References:
        The split between the exact system and its compiled evaluator follows
        HomotopyContinuation.jl (``System`` vs. compiled ``CompiledSystem``).
    """

    equations: tuple[flint.fmpq_mpoly, ...]
    variables: tuple[str, ...]
    parameters: tuple[str, ...] = ()
    characteristic: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "equations", tuple(self.equations))
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        names = self.variables + self.parameters
        ctx = polynomial_context(names)
        for i, f in enumerate(self.equations):
            if not isinstance(f, flint.fmpq_mpoly):
                raise InputError(
                    f"equation {i} is a {type(f).__name__}, expected fmpq_mpoly; build systems "
                    "with PolynomialSystem.from_text or from_polynomials"
                )
            if f.context().names() != names:
                raise InputError(
                    f"equation {i} lives in variables {f.context().names()}, expected {names}; "
                    "use from_polynomials to move polynomials into the system's ring"
                )
        del ctx
        p = self.characteristic
        if p != 0 and not (isinstance(p, int) and p > 1 and flint.fmpz(p).is_prime()):
            raise InputError(f"characteristic must be 0 or a prime, got {p!r}")

    # ----- named constructors -------------------------------------------------------------
    @classmethod
    def from_text(
        cls,
        text: str,
        variables: Sequence[str] | None = None,
        *,
        parameters: Sequence[str] = (),
        characteristic: int = 0,
    ) -> PolynomialSystem:
        """Parse ``"f1; f2; ..."`` (see `neuromanifold.algebra.parsing`).

        Args:
            text: the equations separated by ``;``.
            variables: unknowns in order; ``None``: the sorted names in the text that are not
                parameters.
            parameters: names treated as parameters.
            characteristic: 0 (Q) or a prime.

        Example:
            >>> PolynomialSystem.from_text("y^2 - x^3").variables
            ('x', 'y')
        """
        parameters = tuple(parameters)
        if variables is None:
            _, found = parse_polynomials(text)
            variables = tuple(n for n in found.names() if n not in parameters)
        names = tuple(variables) + parameters
        polys, _ = parse_polynomials(text, names)
        return cls(polys, tuple(variables), parameters, characteristic)

    @classmethod
    def from_polynomials(
        cls,
        polynomials: Sequence[flint.fmpq_mpoly | flint.fmpz_mpoly],
        variables: Sequence[str] | None = None,
        *,
        parameters: Sequence[str] = (),
        characteristic: int = 0,
    ) -> PolynomialSystem:
        """Move flint polynomials (possibly from different rings) into one system ring.

        Args:
            polynomials: ``fmpq_mpoly`` or ``fmpz_mpoly``; their generator names must be among
                ``variables + parameters``.
            variables: unknowns; ``None``: sorted names of all generators, minus parameters.
            parameters: parameter names.
            characteristic: 0 (Q) or a prime.

        Example:
            >>> ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
            >>> a, b = ctx.gens()
            >>> PolynomialSystem.from_polynomials([a * b - 1]).variables
            ('a', 'b')
        """
        parameters = tuple(parameters)
        if variables is None:
            found = sorted({n for f in polynomials for n in f.context().names()})
            variables = tuple(n for n in found if n not in parameters)
        names = tuple(variables) + parameters
        ctx = polynomial_context(names)
        out = []
        for f in polynomials:
            fnames = f.context().names()
            unknown = [n for n in fnames if n not in names]
            if unknown:
                raise InputError(
                    f"polynomial {f} uses {unknown}, not among variables {names}; "
                    "add them to variables or parameters"
                )
            index = [names.index(n) for n in fnames]
            terms = {}
            for monom, coeff in f.terms():
                exps = [0] * len(names)
                for j, e in zip(index, monom, strict=True):
                    exps[j] = e
                terms[tuple(exps)] = flint.fmpq(coeff)
            out.append(ctx.from_dict(terms))
        return cls(tuple(out), tuple(variables), parameters, characteristic)

    # ----- derived values -----------------------------------------------------------------
    @property
    def context(self) -> flint.fmpq_mpoly_ctx:
        """The ring ``Q[variables, parameters]`` of the equations."""
        return polynomial_context(self.variables + self.parameters)

    @property
    def domain(self) -> str:
        """``"QQ"`` or ``"GF(p)"``: the ground field of the statement."""
        return "QQ" if self.characteristic == 0 else f"GF({self.characteristic})"

    @property
    def nvars(self) -> int:
        """Number of unknowns."""
        return len(self.variables)

    def __len__(self) -> int:
        return len(self.equations)

    def __str__(self) -> str:
        eqs = ", ".join(str(f) for f in self.equations)
        params = f" with parameters ({', '.join(self.parameters)})" if self.parameters else ""
        return (
            f"PolynomialSystem over {self.domain} in ({', '.join(self.variables)}){params}: [{eqs}]"
        )

    def gens(self) -> dict[str, flint.fmpq_mpoly]:
        """The generators of the system's ring, by name (variables and parameters)."""
        return dict(zip(self.variables + self.parameters, self.context.gens(), strict=True))

    def degrees(self) -> tuple[int, ...]:
        """Total degree of each equation."""
        return tuple(int(f.total_degree()) for f in self.equations)

    # ----- new systems --------------------------------------------------------------------
    def with_equations(self, equations: Sequence[flint.fmpq_mpoly]) -> PolynomialSystem:
        """The same variables, parameters and field with other equations (appended or new)."""
        return PolynomialSystem(
            tuple(equations), self.variables, self.parameters, self.characteristic
        )

    def over(self, characteristic: int) -> PolynomialSystem:
        """The same equations read over another ground field (0 for Q, or a prime)."""
        return PolynomialSystem(self.equations, self.variables, self.parameters, characteristic)

    def substitute(self, values: Mapping[str, object]) -> PolynomialSystem:
        r"""Fix some parameters (or variables) to exact values: a new, smaller system.

        $f(x, p) \mapsto f(x, p_0)$. Substituted names leave the ring.

        Args:
            values: name → exact number (int, Fraction, fmpq or ``"3/2"``).

        Returns:
            A new `PolynomialSystem` without the substituted names.

        Example:
            >>> s = PolynomialSystem.from_text("x - u", ["x"], parameters=["u"])
            >>> s.substitute({"u": "1/3"}).equations[0]
            x - 1/3
        """
        names = self.variables + self.parameters
        unknown = [n for n in values if n not in names]
        if unknown:
            raise InputError(f"cannot substitute {unknown}: the system's names are {names}")
        fixed = {n: to_fmpq(v) for n, v in values.items()}
        new_vars = tuple(n for n in self.variables if n not in fixed)
        new_params = tuple(n for n in self.parameters if n not in fixed)
        ctx = polynomial_context(new_vars + new_params)
        new_gens = dict(zip(new_vars + new_params, ctx.gens(), strict=True))
        images = [ctx.constant(fixed[n]) if n in fixed else new_gens[n] for n in names]
        eqs = tuple(f.compose(*images, ctx=ctx) for f in self.equations)
        return PolynomialSystem(eqs, new_vars, new_params, self.characteristic)

    def integer_equations(self) -> tuple[flint.fmpz_mpoly, ...]:
        """Each equation times the lcm of its denominators, as primitive ``fmpz_mpoly``.

        Example:
            >>> PolynomialSystem.from_text("x/2 - 1/3").integer_equations()[0]
            3*x - 2
        """
        ctx = flint.fmpz_mpoly_ctx.get(self.variables + self.parameters, "degrevlex")
        out = []
        for f in self.equations:
            den = flint.fmpz(1)
            for c in f.coeffs():
                den = den.lcm(c.q)
            terms = {m: (c * den).p for m, c in f.terms()}
            g = ctx.from_dict(terms)
            if not g.is_zero():
                content = flint.fmpz(0)
                for c in g.coeffs():
                    content = content.gcd(c)
                sign = -1 if g.leading_coefficient() < 0 else 1
                g = ctx.from_dict({m: c // (content * sign) for m, c in g.terms()})
            out.append(g)
        return tuple(out)

    def jacobian_matrix(self) -> tuple[tuple[flint.fmpq_mpoly, ...], ...]:
        r"""The exact Jacobian $(\partial f_i / \partial x_j)$ with respect to the variables."""
        return tuple(tuple(f.derivative(v) for v in self.variables) for f in self.equations)

    def compile(self) -> NumericEvaluator:
        """Compile to a batched floating-point evaluator (see `NumericEvaluator`)."""
        return NumericEvaluator.from_system(self)


@dataclass(frozen=True, eq=False)
class NumericEvaluator:
    r"""Batched values and Jacobians of a polynomial system, from exponents and coefficients.

    $f_i(z) = \sum_m C_{m i} z^{E_m}$ where $E$ (monomials × (variables + parameters)) is the
    exponent matrix and $C$ (monomials × equations) the float coefficient matrix;
    $\partial f_i/\partial z_j = \sum_m C_{m i} E_{m j} z^{E_m - e_j}$.

    Args:
        exponents: integer array (monomials, nvars + nparams).
        coefficients: float array (monomials, nequations).
        nvars: number of leading columns that are variables; the rest are parameters.

    Example:
        >>> ev = PolynomialSystem.from_text("x^2 + y^2 - 1; x - y").compile()
        >>> ev.values(np.array([[1.0, 0.0]])).tolist()
        [[0.0, 1.0]]
    """

    exponents: NDArray[np.int64]
    coefficients: NDArray[np.float64]
    nvars: int

    @classmethod
    def from_system(cls, system: PolynomialSystem) -> NumericEvaluator:
        """Collect the monomials of all equations into one exponent and coefficient matrix."""
        index: dict[tuple[int, ...], int] = {}
        entries: list[tuple[int, int, float]] = []
        for i, f in enumerate(system.equations):
            for monom, coeff in f.terms():
                m = index.setdefault(tuple(int(e) for e in monom), len(index))
                entries.append((m, i, float(Fraction(int(coeff.p), int(coeff.q)))))
        nnames = len(system.variables) + len(system.parameters)
        exps = np.zeros((len(index), nnames), dtype=np.int64)
        for monom, m in index.items():
            exps[m] = monom
        coeffs = np.zeros((len(index), len(system.equations)), dtype=np.float64)
        for m, i, c in entries:
            coeffs[m, i] += c
        exps.setflags(write=False)
        coeffs.setflags(write=False)
        return cls(exps, coeffs, system.nvars)

    @property
    def nparams(self) -> int:
        """Number of parameter columns."""
        return self.exponents.shape[1] - self.nvars

    def _inputs(self, points: ArrayLike, parameters: ArrayLike | None) -> NDArray:
        z = np.asarray(points)
        if z.ndim == 1:
            z = z[None, :]
        if z.ndim != 2 or z.shape[1] != self.nvars:
            raise InputError(
                f"points must have shape (npoints, {self.nvars}), got {np.shape(points)}"
            )
        if self.nparams:
            if parameters is None:
                raise InputError(
                    f"this system has {self.nparams} parameters: pass parameters= of shape "
                    f"({self.nparams},) or (npoints, {self.nparams}), or substitute them first"
                )
            p = np.broadcast_to(np.asarray(parameters), (z.shape[0], self.nparams))
            z = np.concatenate([z, p], axis=1)
        return z

    def _monomials(self, z: NDArray, exps: NDArray) -> NDArray:
        return np.prod(z[:, None, :] ** exps[None, :, :], axis=2)

    def values(self, points: ArrayLike, parameters: ArrayLike | None = None) -> NDArray:
        """Values $f(z)$ at points of shape (npoints, nvars) → array (npoints, nequations)."""
        z = self._inputs(points, parameters)
        return self._monomials(z, self.exponents) @ self.coefficients

    def jacobian(self, points: ArrayLike, parameters: ArrayLike | None = None) -> NDArray:
        """Jacobian w.r.t. the variables → array (npoints, nequations, nvars)."""
        z = self._inputs(points, parameters)
        out = []
        for j in range(self.nvars):
            e = self.exponents[:, j]
            shifted = self.exponents.copy()
            shifted[:, j] = np.maximum(e - 1, 0)
            out.append(self._monomials(z, shifted) @ (e[:, None] * self.coefficients))
        if not out:
            return np.zeros((z.shape[0], self.coefficients.shape[1], 0))
        return np.stack(out, axis=2)
