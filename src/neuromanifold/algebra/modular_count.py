r"""The number of solutions of a zero-dimensional system, counted modulo random primes.

A count over $\overline{\mathbb{F}}_p$ (msolve) equals the count over $\overline{\mathbb{Q}}$
unless $p$ is *unlucky*: it divides one nonzero integer of the computation (leading coefficients,
the discriminant of the eliminating polynomial). Primes are therefore drawn at random from a
large pool (`neuromanifold.algebra.msolve.PRIME_POOL`, seeded and recorded), avoiding every
prime that divides a coefficient; two are drawn, and a third decides when they disagree. Two
agreeing primes at which every solution is simple make the count *exact with probability
≥ 1 − ε*, with ε from `failure_bound_mod_primes`.

Reference: Arnold, *Modular algorithms for computing Gröbner bases*, J. Symbolic Comput. 35
(2003) (lucky primes); Berthomieu–Eder–Safey El Din, *msolve*, ISSAC 2021.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from neuromanifold.algebra.msolve import (
    PRIME_POOL,
    MsolveError,
    SolutionCount,
    coefficient_integers,
    count_solutions,
    random_primes,
)
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError

__all__ = [
    "UNLUCKY_BITS",
    "CountDisagreementError",
    "ModularCount",
    "count_modulo_primes",
    "failure_bound_mod_primes",
]

#: The unlucky primes of a count divide one nonzero integer of the computation (leading
#: coefficients and the discriminant of the eliminant); we assume it has at most this many bits.
UNLUCKY_BITS = 2**20


class CountDisagreementError(MsolveError):
    """Counts modulo different primes disagree beyond what a third prime can decide."""


def failure_bound_mod_primes(n_primes: int) -> float:
    r"""ε: the probability that ``n_primes`` primes drawn from `PRIME_POOL` are all unlucky.

    A count modulo a lucky prime equals the count over $\mathbb{Q}$; primes that agree give a
    wrong count only if all are unlucky. The unlucky primes divide a nonzero integer of at most
    `UNLUCKY_BITS` bits (the assumption), so at most $b = \lceil$`UNLUCKY_BITS`$/29\rceil$ of the
    $P \approx 2^{29}/\ln 2^{30}$ primes of the pool, and
    $\varepsilon \le (b/P)^{n}$. The genericity of the sampled data is the other assumption.

    Example:
        >>> failure_bound_mod_primes(2) < 1e-5
        True
    """
    lo, hi = PRIME_POOL
    pool = (hi - lo) / math.log(hi)
    bad = math.ceil(UNLUCKY_BITS / math.log2(lo))
    return (bad / pool) ** n_primes


@dataclass(frozen=True)
class ModularCount:
    r"""The number of solutions of a system over $\overline{\mathbb{Q}}$, from counts mod primes.

    Attributes:
        n_solutions: the count the agreeing primes give.
        counts: ``(prime, count)`` for every prime used, in order.
        certified: at least two primes agree and find only simple solutions.
        failure_bound: ε of `failure_bound_mod_primes` when the primes were drawn at random and
            the count is certified; None otherwise (given primes prove nothing about luck).
        drawn: the primes were drawn at random (from the seed) rather than given.
    """

    n_solutions: int
    counts: tuple[tuple[int, int], ...]
    certified: bool
    failure_bound: float | None
    drawn: bool

    @property
    def primes(self) -> tuple[int, ...]:
        """The primes used, in order."""
        return tuple(p for p, _ in self.counts)


def count_modulo_primes(
    system: PolynomialSystem,
    *,
    seed: int = 0,
    primes: Sequence[int] | None = None,
    timeout: float = 60.0,
    threads: int = 1,
) -> ModularCount:
    r"""Count the solutions of ``system`` modulo two random primes, a third on disagreement.

    Args:
        system: a zero-dimensional system with rational coefficients.
        seed: seeds the primes (reproducible; recorded in the result's ``counts``).
        primes: fixed primes instead (all must agree; no ε is claimed).
        timeout: seconds per msolve call (the command's ``--timeout`` may cut it shorter).
        threads: msolve threads.

    Returns:
        A `ModularCount`.

    Raises:
        CountDisagreementError: no count is shared by two primes (or given primes disagree).
        PositiveDimensionalError: the system has infinitely many solutions.

    Example:
        >>> c = count_modulo_primes(PolynomialSystem.from_text("x^2 - 2; y - x"), seed=1)
        >>> c.n_solutions, c.certified, len(c.primes)
        (2, True, 2)
    """
    drawn = primes is None
    avoid = coefficient_integers(system)
    chosen = random_primes(2, seed, avoid) if primes is None else tuple(primes)
    if len(chosen) < 1 or len(set(chosen)) != len(chosen):
        raise InputError(f"primes: expected distinct primes, got {primes!r}")

    def count(p: int) -> SolutionCount:
        return count_solutions(system, prime=p, timeout=timeout, threads=threads)

    results = [count(p) for p in chosen]
    values = [r.n_solutions for r in results]
    if drawn and values[0] != values[1]:  # an unlucky prime: a third one decides
        third = random_primes(1, seed + 1, avoid, exclude=chosen)[0]
        results.append(count(third))
        values.append(results[-1].n_solutions)
    counts = tuple((r.prime, r.n_solutions) for r in results)
    agreeing = max(values, key=values.count)
    if values.count(agreeing) < min(2, len(values)) or (not drawn and len(set(values)) > 1):
        raise CountDisagreementError(
            f"the counts modulo different primes disagree ({counts}): the random data is not "
            "generic or the primes are unlucky; rerun with another seed"
        )
    agree = [r for r in results if r.n_solutions == agreeing]
    certified = len(agree) >= 2 and all(r.radical for r in agree)
    eps = failure_bound_mod_primes(len(agree)) if drawn and certified else None
    return ModularCount(agreeing, counts, certified, eps, drawn)
