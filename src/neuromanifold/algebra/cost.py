r"""The cost of a route: estimated seconds of each engine before it runs, and the cheapest choice.

A *route* is an engine (msolve over prime fields, msolve's real isolation over ℚ, homotopy
continuation with Krawczyk certificates) applied to one formulation of a problem. Its cost is
estimated from the size of the answer $D$ (the number of solutions: a closed form when a theorem
gives one, else a count modulo one prime within a probe budget) and of the system:

- msolve counts modulo $p$ by a Gröbner basis and FGLM, $O(D^3)$ arithmetic operations in the
  number of solutions (Faugère–Gianni–Lazard–Mora 1993), so $t \approx c_1 D^3$ per prime;
- msolve's real isolation over $\mathbb{Q}$ lifts a rational parametrization of all $D$
  solutions, whose coefficients grow with $D$ (Berthomieu–Eder–Safey El Din 2021): $t \approx
  c_2 D^2$, and a few seconds already at $D \approx 40$;
- a plane curve of degree $d$ (unit weights) is counted by four resultants over $\mathbb{Z}$ of
  bivariate polynomials of degree $\le d$ and the factorization of eliminants of degree
  $O(d^2)$: $t \approx c_4 d^4$ (measured: $d = 8$ in 0.11 s, $d = 16$ in 2.0 s);
- the homotopy tracks a number of paths proportional to $D$ (monodromy loops stop when the
  exact count is reached; one parameter homotopy moves them; Krawczyk certifies each), each
  path's cost growing with the unknowns: $t \approx c_3 D^{1.4}$ with loop overheads.

The constants were measured on the reference machine (2 cores): msolve counts 284 solutions in
≈ 0.35 s per prime and 2205 in minutes; its ℚ isolation of 83 solutions ≈ 20 s; the homotopy
≈ 2 s for 284 and ≈ 35 s for 2205 (issue 17). Estimates decide between routes whose costs
differ by orders of magnitude; they are not promises, and the result records them.

`choose_route` takes the cheapest candidate that can deliver what is asked (a certified count;
and, when real points are asked, a certified real count), and says why, with the estimates.

Reference: Faugère, Gianni, Lazard, Mora, *Efficient computation of zero-dimensional Gröbner
bases by change of ordering*, J. Symb. Comput. 16 (1993); Berthomieu, Eder, Safey El Din,
*msolve*, ISSAC 2021; Duff et al., *Solving polynomial systems via homotopy continuation and
monodromy*, IMA J. Numer. Anal. 39 (2019).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from neuromanifold.errors import InputError

__all__ = [
    "RouteEstimate",
    "choose_route",
    "homotopy_seconds",
    "msolve_count_seconds",
    "msolve_real_seconds",
    "resultant_seconds",
]

MSOLVE_COUNT_PER_CUBE = 1.5e-8
"""Seconds per $D^3$ of one msolve count mod p (284 solutions: ≈ 0.35 s)."""

MSOLVE_REAL_PER_SQUARE = 3e-3
"""Seconds per $D^2$ of msolve's real isolation over ℚ (83 solutions: ≈ 20 s)."""

HOMOTOPY_PER_PATH = 7.5e-4
"""Seconds per $D^{1.4}$ of monodromy + parameter homotopy + Krawczyk (284: ≈ 2 s).

A compromise between families (measured at stop 17, kernel loaded): FC and strided LCNs run
at ≈ 2e-4 (fc:4,1,4, 284 points: 0.57 s; lcn:k=3,3,3:s=3,3,1, 2385: 10 s), pcnn at ≈ 1.3e-3
(pcnn:k=2,2,2, 404: 5.6 s, where msolve counts in 2 s). The path count alone does not tell
them apart; a per-family price (from the size of the compiled system) would."""

HOMOTOPY_START = 1.0
"""Seconds of setup of the homotopy (the family, a start point, the compiled kernel loaded)."""

RESULTANT_PER_DEGREE4 = 3e-5
"""Seconds per $d^4$ of the plane-curve resultant route (degree 12: ≈ 0.6 s)."""

RESULTANT_START = 0.01
"""Seconds of setup of the resultant route (the curve in a generic chart)."""


def msolve_count_seconds(solutions: int, primes: int = 2) -> float:
    r"""Estimated seconds of msolve counting $D$ solutions modulo ``primes`` primes: $c_1 D^3$ each.

    Example:
        >>> round(msolve_count_seconds(284), 1)
        0.7
    """
    return primes * MSOLVE_COUNT_PER_CUBE * float(solutions) ** 3


def msolve_real_seconds(solutions: int) -> float:
    r"""Estimated seconds of msolve's real isolation over ℚ of $D$ solutions: $c_2 D^2$.

    Example:
        >>> msolve_real_seconds(83) > 10
        True
    """
    return MSOLVE_REAL_PER_SQUARE * float(solutions) ** 2


def homotopy_seconds(paths: int) -> float:
    r"""Estimated seconds of the homotopy engine for $D$ solutions: $1 + c_3 D^{1.4}$.

    Example:
        >>> round(homotopy_seconds(284), 1)
        3.0
    """
    return HOMOTOPY_START + HOMOTOPY_PER_PATH * float(paths) ** 1.4


def resultant_seconds(degree: int) -> float:
    r"""Estimated seconds of the resultant route for a plane curve of degree $d$: $c_4 d^4$.

    Example:
        >>> round(resultant_seconds(3), 3), round(resultant_seconds(16), 1)
        (0.012, 2.0)
    """
    return RESULTANT_START + RESULTANT_PER_DEGREE4 * float(degree) ** 4


@dataclass(frozen=True)
class RouteEstimate:
    """A candidate route and what it would cost and deliver, estimated before it runs.

    Attributes:
        name: the route (``"msolve"``, ``"homotopy"``, ``"homotopy + msolve count"``, …).
        backend: the engine that runs (``"msolve"`` or ``"homotopy"``, or another registered one).
        seconds: estimated wall time (``inf``: it cannot run here).
        certifies: it delivers a certified count.
        real: it delivers a certified number of real solutions.
        basis: what the estimate rests on, e.g. ``"2385 paths (Chern-class count)"``.
        why_not: why the route cannot run (empty when it can).
    """

    name: str
    backend: str
    seconds: float
    certifies: bool
    real: bool
    basis: str
    why_not: str = ""

    def __post_init__(self) -> None:
        if math.isnan(self.seconds) or self.seconds < 0:
            raise InputError(f"seconds: expected a non-negative estimate, got {self.seconds!r}")

    def __str__(self) -> str:
        if self.why_not:
            return f"{self.name}: not applicable ({self.why_not})"
        sure = "certified" if self.certifies else "not certified"
        real = ", real certified" if self.real else ""
        return f"{self.name} ~{_seconds(self.seconds)} ({self.basis}; {sure}{real})"


def _seconds(t: float) -> str:
    if math.isinf(t):
        return "∞"
    return f"{t:.2g} s" if t < 100 else f"{t:.0f} s"


def choose_route(
    estimates: Sequence[RouteEstimate], *, real: bool = False
) -> tuple[RouteEstimate, str]:
    """The cheapest route that delivers a certified count (and certified real count if asked).

    Preference, each time the cheapest first: routes delivering everything asked; else routes
    certifying the count; else any route that can run.

    Args:
        estimates: the candidates (at least one that can run).
        real: real solutions are asked for.

    Returns:
        ``(chosen, reason)``: the reason lists every estimate.

    Raises:
        InputError: no candidate can run.

    Example:
        >>> a = RouteEstimate("msolve", "msolve", 0.7, True, False, "284 solutions")
        >>> b = RouteEstimate("homotopy", "homotopy", 3.0, True, True, "284 paths")
        >>> choose_route([a, b])[0].name, choose_route([a, b], real=True)[0].name
        ('msolve', 'homotopy')
    """
    runnable = [e for e in estimates if not e.why_not and not math.isinf(e.seconds)]
    if not runnable:
        raise InputError(
            "no route can answer: " + "; ".join(str(e) for e in estimates)
            if estimates
            else "no route is registered for this problem"
        )
    tiers = [
        ([e for e in runnable if e.certifies and (e.real or not real)], "cheapest certified"),
        ([e for e in runnable if e.certifies], "cheapest certified count"),
        (runnable, "cheapest (no route certifies)"),
    ]
    pool, why = next((t, w) for t, w in tiers if t)
    chosen = min(pool, key=lambda e: e.seconds)
    asked = "count and real count" if real else "count"
    others = "; ".join(str(e) for e in estimates if e is not chosen)
    reason = f"auto: {chosen.name}, the {why} route for the {asked}: {chosen}"
    return chosen, reason + (f" — vs {others}" if others else "")
