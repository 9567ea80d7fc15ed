"""Exact dimension of a neuromanifold: the generic rank of the Jacobian of μ, computed over F_p."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neuromanifold.algebra.modular import random_prime, rank_mod_p, square_rank_mod_p
from neuromanifold.budget import require_memory
from neuromanifold.parametrization import Parametrization

__all__ = ["DimensionCertificate", "generic_rank"]


@dataclass(frozen=True)
class DimensionCertificate:
    r"""How a dimension was computed: ranks of dμ at random points over random prime fields.

    Attributes:
        dim: the largest rank found; a certified lower bound on :math:`\dim M`.
        ranks: the rank at each random point.
        primes: the prime used at each point.
        seed: the seed of the generator that drew primes, points and compressions.
        failure_bound: an upper bound on the probability that ``dim`` is below the generic rank
            of dμ over F_p (all points unlucky at once), by Schwartz–Zippel.
    """

    dim: int
    ranks: tuple[int, ...]
    primes: tuple[int, ...]
    seed: int
    failure_bound: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "dim": self.dim,
            "ranks": list(self.ranks),
            "primes": list(self.primes),
            "seed": self.seed,
            "failure_bound": self.failure_bound,
        }


def generic_rank(mu: Parametrization, seed: int = 0, points: int = 2) -> DimensionCertificate:
    r"""The generic rank of the Jacobian of μ, i.e. :math:`\dim \overline{\mu(\mathbb{R}^N)}`.

    For each of ``points`` independent trials, draw a random prime :math:`2^{19} < p < 2^{20}` and a
    uniformly random :math:`\theta \in \mathbb{F}_p^N`, evaluate :math:`d\mu(\theta)` exactly over
    :math:`\mathbb{F}_p` and take its rank (exact: blocked elimination mod p on BLAS,
    `square_rank_mod_p`). Every such rank is a lower bound on the rank over :math:`\mathbb{Q}`
    (a minor nonzero mod p is a nonzero integer polynomial), hence on :math:`\dim M`; the answer
    is the largest.

    Failure probability: the entries of dμ have degree :math:`\le L-1` in θ, so an
    :math:`r \times r` minor has degree :math:`\le r(L-1)` and vanishes at a random point with
    probability :math:`\le r(L-1)/p` (Schwartz–Zippel); the compression of a non-square Jacobian
    loses rank with probability :math:`\le r/p` (see :func:`~neuromanifold.algebra.modular.rank_mod_p`).
    Each trial fails with probability :math:`\le rL/p`; all fail with probability at most
    :math:`\prod_i rL/p_i`, reported as ``failure_bound``. (This bounds the gap to the generic rank
    over :math:`\mathbb{F}_p`; that equals the rank over ℚ unless p divides every maximal minor of
    the integer polynomial matrix dμ, which the random choice of p makes unlikely too.)

    Args:
        mu: the parametrization.
        seed: seed of the random primes, points and compressions (recorded in the result).
        points: number of independent random points (at least 1).

    Returns:
        A :class:`DimensionCertificate`.

    Raises:
        BudgetError: the matrices would pass the memory budget (:mod:`neuromanifold.budget`).

    Example:
        >>> from neuromanifold.parametrization import parametrization
        >>> generic_rank(parametrization("fc:3,1,2")).dim
        4

    Reference: the fiber-dimension theorem: dim of the image = generic rank of the Jacobian.
    """
    if points < 1:
        raise ValueError(f"points: need at least 1 random point, got {points}")
    arch = mu.architecture
    n, m = arch.n_params, arch.ambient_dim
    # peak: dμ (or its sketch), the random compression and a copy (8 bytes each), and the square
    # matrix (~44 bytes an entry when FLINT takes it as Python ints: the bound for large primes)
    require_memory(24 * n * m + 44 * min(n, m) ** 2, f"the exact Jacobian rank of {arch.text}")
    rng = np.random.default_rng(seed)
    ranks, primes = [], []
    for _ in range(points):
        p = random_prime(rng)
        theta = rng.integers(0, p, size=arch.n_params)
        if n > m:  # wide Jacobian: sketch dμ·R with a random R, never forming dμ
            sketch = mu.jacobian_sketch_mod_p(theta, rng.integers(0, p, size=(n, m)), p)
            ranks.append(square_rank_mod_p(sketch, p))
        else:
            ranks.append(rank_mod_p(mu.jacobian_mod_p(theta, p), p, rng))
        primes.append(p)
    dim = max(ranks)
    bound = 1.0
    for p in primes:
        bound *= min(1.0, max(dim, 1) * arch.n_layers / p)
    return DimensionCertificate(dim, tuple(ranks), tuple(primes), seed, bound)
