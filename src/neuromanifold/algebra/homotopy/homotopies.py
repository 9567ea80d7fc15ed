r"""Homotopies $H(x, t)$, $t: 0 \to 1$: total degree (with the gamma trick) and parameter paths.

Both give ``evaluate(x, t) -> (H, H_x, H_t)`` on batches: x of shape (paths, n), t of shape
(paths,). The total-degree homotopy works on a random affine patch of projective space so that
paths going to infinity stay bounded (Sommese–Wampler 2005, §3.7; Bates et al., *Numerically
Solving Polynomial Systems with Bertini*, 2013, §2.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.parsing import polynomial_context
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError

__all__ = ["Homotopy", "ParameterHomotopy", "TotalDegreeHomotopy", "homogenize"]

Complex = NDArray[np.complex128]


class Homotopy(Protocol):
    """What the tracker needs: the number of unknowns and batched values and derivatives."""

    @property
    def nvars(self) -> int: ...

    def evaluate(
        self, x: Complex, t: NDArray[np.float64], idx: NDArray[np.int64] | None = None
    ) -> tuple[Complex, Complex, Complex]:
        """$H$, $H_x$, $H_t$ at points x (N, n) and times t (N,); idx: which paths they are."""
        ...

    def is_projective(self) -> bool: ...


@dataclass(frozen=True, eq=False)
class ParameterHomotopy:
    r"""$H(x, t) = F(x;\ (1-t)\,p_0 + t\,p_1)$: move the parameters along a straight segment.

    With $p_0$ a generic complex point, the segment to any $p_1$ avoids the discriminant for
    $t < 1$ with probability one (the complex gamma trick in parameter space; Morgan–Sommese
    1989, *Coefficient-parameter polynomial continuation*). ``start`` and ``target`` may be one
    parameter point (m,) or one per path (paths, m): many segments are tracked in one batch.

    Example:
        >>> s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
        >>> hom = ParameterHomotopy(CompiledSystem.from_system(s), np.array([1.0]), np.array([4.0]))
        >>> h, hx, ht = hom.evaluate(np.array([[1.0]]), np.array([0.0]))
        >>> h.real.tolist(), ht.real.tolist()
        ([[0.0]], [[-3.0]])
    """

    system: CompiledSystem
    start: Complex
    target: Complex

    @property
    def nvars(self) -> int:
        return self.system.nvars

    def is_projective(self) -> bool:
        return False

    def segments(self, idx: NDArray[np.int64], npaths: int) -> tuple[Complex, Complex]:
        r"""Per-path start points $p_0$ and directions $\Delta p$ (paths, m) for ``idx``."""
        p0 = np.asarray(self.start, dtype=np.complex128)
        dp = np.asarray(self.target, dtype=np.complex128) - p0  # 2-D if either end is
        if dp.ndim == 1:  # one segment for every path
            return p0[None, :].repeat(npaths, axis=0), dp[None, :].repeat(npaths, axis=0)
        if p0.ndim == 1:
            p0 = p0[None, :].repeat(dp.shape[0], axis=0)
        return p0[idx], dp[idx]  # (np.broadcast_to costs 10 us a call, a batch's overhead)

    def evaluate(
        self, x: Complex, t: NDArray[np.float64], idx: NDArray[np.int64] | None = None
    ) -> tuple[Complex, Complex, Complex]:
        p0 = np.asarray(self.start, dtype=np.complex128)
        dp = np.asarray(self.target, dtype=np.complex128) - p0
        if p0.ndim == 2 or dp.ndim == 2:
            p0 = np.broadcast_to(
                p0,
                (
                    max(p0.shape[0] if p0.ndim == 2 else 1, dp.shape[0] if dp.ndim == 2 else 1),
                    p0.shape[-1],
                ),
            )
            dp = np.broadcast_to(dp, p0.shape)
            if idx is not None:
                p0, dp = p0[idx], dp[idx]
        else:
            p0, dp = p0[None, :], dp[None, :]
        p = p0 + t[:, None] * dp
        f, jx, jp = self.system.evaluate(x, p)
        return f, jx, np.einsum("nkm,nm->nk", jp, np.broadcast_to(dp, p.shape))


def homogenize(system: PolynomialSystem, name: str = "h0") -> PolynomialSystem:
    r"""$f_i \mapsto x_0^{d_i} f_i(x / x_0)$ with the new variable $x_0$ first.

    Example:
        >>> str(homogenize(PolynomialSystem.from_text("x*y - 1")).equations[0])
        '-h0^2 + x*y'
    """
    if system.parameters:
        raise InputError("substitute the parameters before a total-degree homotopy")
    names = (name, *system.variables)
    ctx = polynomial_context(names)
    out = []
    for f in system.equations:
        d = int(f.total_degree())
        terms = {(d - sum(int(e) for e in m), *(int(e) for e in m)): c for m, c in f.terms()}
        out.append(ctx.from_dict(terms))
    return PolynomialSystem(tuple(out), names)


@dataclass(frozen=True, eq=False)
class TotalDegreeHomotopy:
    r"""$H(X, t) = \big((1-t)\,\gamma\, g(X) + t\, \hat f(X),\ a\cdot X - 1\big)$ on a patch of $\mathbb{P}^n$.

    $\hat f$ is $f$ homogenized with $X_0$, $g_i = X_i^{d_i} - X_0^{d_i}$ the start system with
    the $\prod d_i$ start solutions (roots of unity), $\gamma$ a random unit complex number (the
    gamma trick: with probability one no path meets a singular point for $t < 1$), $a$ a random
    complex patch. Endpoints with $X_0 = 0$ are solutions at infinity.

    Args:
        system: a square system without parameters.
        seed: seeds $\gamma$ and $a$.

    Example:
        >>> hom = TotalDegreeHomotopy.from_system(PolynomialSystem.from_text("x^2 - 1"), seed=0)
        >>> hom.start_solutions().shape
        (2, 2)
    """

    target: CompiledSystem
    degrees: tuple[int, ...]
    gamma: complex
    patch: Complex = field(repr=False)

    @classmethod
    def from_system(cls, system: PolynomialSystem, *, seed: int = 0) -> TotalDegreeHomotopy:
        """Homogenize a square system and draw the gamma and the patch from ``seed``."""
        if len(system.equations) != system.nvars:
            raise InputError(
                f"a total-degree homotopy needs a square system, got {len(system.equations)} "
                f"equations in {system.nvars} unknowns; take random combinations first"
            )
        if any(f.is_zero() for f in system.equations):
            raise InputError("an equation is zero: the system is not zero-dimensional")
        rng = np.random.default_rng(seed)
        gamma = complex(np.exp(2j * np.pi * rng.random()))
        patch = rng.normal(size=system.nvars + 1) + 1j * rng.normal(size=system.nvars + 1)
        return cls(CompiledSystem.from_system(homogenize(system)), system.degrees(), gamma, patch)

    @property
    def nvars(self) -> int:
        return len(self.degrees) + 1

    @property
    def bezout_number(self) -> int:
        """$\\prod_i d_i$: the number of paths."""
        return int(np.prod(self.degrees))

    def is_projective(self) -> bool:
        return True

    def start_solutions(self) -> Complex:
        """All $\\prod d_i$ start points $(1, \\omega_1, \\dots, \\omega_n)$ scaled onto the patch."""
        grids = np.meshgrid(*[np.arange(d) for d in self.degrees], indexing="ij")
        roots = [
            np.exp(2j * np.pi * g.reshape(-1) / d) for g, d in zip(grids, self.degrees, strict=True)
        ]
        pts = np.stack([np.ones_like(roots[0]), *roots], axis=1) if roots else np.ones((1, 1))
        return pts / (pts @ self.patch)[:, None]

    def evaluate(
        self, x: Complex, t: NDArray[np.float64], idx: NDArray[np.int64] | None = None
    ) -> tuple[Complex, Complex, Complex]:
        n = len(self.degrees)
        f, jf, _ = self.target.evaluate(x, parameter_derivative=False)
        d = np.asarray(self.degrees)
        x0 = x[:, :1]
        g = x[:, 1:] ** d - x0**d
        jg = np.zeros((x.shape[0], n, n + 1), dtype=np.complex128)
        jg[:, np.arange(n), np.arange(1, n + 1)] = d * x[:, 1:] ** (d - 1)
        jg[:, :, 0] = -d * x0 ** (d - 1)
        tt = t[:, None]
        h = np.concatenate([(1 - tt) * self.gamma * g + tt * f, (x @ self.patch - 1)[:, None]], 1)
        jh = (1 - tt[:, :, None]) * self.gamma * jg + tt[:, :, None] * jf
        jh = np.concatenate([jh, np.broadcast_to(self.patch, (x.shape[0], 1, n + 1))], axis=1)
        ht = np.concatenate([f - self.gamma * g, np.zeros((x.shape[0], 1), complex)], axis=1)
        return h, jh, ht
