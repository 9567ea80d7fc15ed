"""Exact dimension of a neuromanifold: the generic rank of the Jacobian of μ, computed over F_p."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuromanifold.algebra.modular import random_prime
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
            of dμ over F_p (all points unlucky at once), by Schwartz–Zippel; 0 when ``dim``
            reached ``upper_bound`` (then it is exact, whatever the random draws).
        upper_bound: a proven upper bound on :math:`\dim M` the ranks were compared with
            (the family's expected dimension), or ``None``.
    """

    dim: int
    ranks: tuple[int, ...]
    primes: tuple[int, ...]
    seed: int
    failure_bound: float
    upper_bound: int | None = None

    @property
    def exact(self) -> bool:
        """Whether the lower bound met the proven upper bound (no probability involved)."""
        return self.upper_bound is not None and self.dim == self.upper_bound

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DimensionCertificate:
        """The certificate :meth:`to_dict` wrote (e.g. read back from a store).

        Example:
            >>> cert = DimensionCertificate(4, (4,), (970261,), 0, 0.0, 4)
            >>> DimensionCertificate.from_dict(cert.to_dict()) == cert
            True
        """
        bound = data.get("upper_bound")
        return cls(
            dim=int(data["dim"]),
            ranks=tuple(int(r) for r in data["ranks"]),
            primes=tuple(int(p) for p in data["primes"]),
            seed=int(data["seed"]),
            failure_bound=float(data["failure_bound"]),
            upper_bound=None if bound is None else int(bound),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "dim": self.dim,
            "ranks": list(self.ranks),
            "primes": list(self.primes),
            "seed": self.seed,
            "failure_bound": self.failure_bound,
            "upper_bound": self.upper_bound,
            "exact": self.exact,
        }


def generic_rank(
    mu: Parametrization, seed: int = 0, points: int = 2, upper_bound: int | None = None
) -> DimensionCertificate:
    r"""The generic rank of the Jacobian of μ, i.e. :math:`\dim \overline{\mu(\mathbb{R}^N)}`.

    For each of ``points`` independent trials, draw a random prime :math:`2^{19} < p < 2^{20}` and a
    uniformly random :math:`\theta \in \mathbb{F}_p^N`, evaluate a sketch
    :math:`E\,d\mu(\theta)\,R` exactly over :math:`\mathbb{F}_p`
    (:meth:`~neuromanifold.parametrization.Parametrization.rank_sketch_mod_p`: E an invertible
    change of ambient coordinates, R a random N × k matrix with k = min(N, ambient, bound)
    columns) and take its rank (exact: blocked elimination mod p on BLAS, `square_rank_mod_p`;
    a tall sketch is first tried on k random rows, whose full rank k proves the rank). That is
    :meth:`~neuromanifold.parametrization.Parametrization.jacobian_rank_mod_p`; a family whose
    Jacobian has a structure gives the rank of dμ(θ) itself instead
    (:meth:`~neuromanifold.parametrization.Parametrization.structural_rank_mod_p`: ``fc`` from
    the ranks of its partial products, no sketch, no compression; ``fc:60,40,30,50`` in
    milliseconds instead of an elimination of size 2400).
    Every such rank is a lower bound on the rank over :math:`\mathbb{Q}` (a minor nonzero mod p
    is a nonzero integer polynomial), hence on :math:`\dim M`; the answer is the largest.

    With a proven ``upper_bound`` (a parameter count minus the symmetries, or a theorem), the
    trials stop as soon as a rank reaches it: the dimension is then exact with certainty
    (``failure_bound`` 0), and the sketch needs only one column more (a rank above the bound
    would show the bound wrong: ``AssertionError``).

    Failure probability otherwise: the entries of dμ have degree :math:`\le L-1` in θ, so an
    :math:`r \times r` minor has degree :math:`\le r(L-1)` and vanishes at a random point with
    probability :math:`\le r(L-1)/p` (Schwartz–Zippel); the compression R loses rank with
    probability :math:`\le r/p`. Each trial fails with probability :math:`\le rL/p`; all fail
    with probability at most :math:`\prod_i rL/p_i`, reported as ``failure_bound``. (This bounds
    the gap to the generic rank over :math:`\mathbb{F}_p`; that equals the rank over ℚ unless p
    divides every maximal minor of the integer polynomial matrix dμ, which the random choice of p
    makes unlikely too.)

    Args:
        mu: the parametrization.
        seed: seed of the random primes, points and compressions (recorded in the result).
        points: the largest number of independent random points (at least 1).
        upper_bound: a proven upper bound on dim M, or ``None``.

    Returns:
        A :class:`DimensionCertificate`.

    Raises:
        BudgetError: the matrices would pass the memory budget (:mod:`neuromanifold.budget`).

    Example:
        >>> from neuromanifold.parametrization import parametrization
        >>> cert = generic_rank(parametrization("fc:3,1,2"), upper_bound=4)
        >>> cert.dim, cert.ranks, cert.exact
        (4, (4,), True)

    Reference: the fiber-dimension theorem: dim of the image = generic rank of the Jacobian.
    """
    if points < 1:
        raise ValueError(f"points: need at least 1 random point, got {points}")
    arch = mu.architecture
    n, m = arch.n_params, arch.ambient_dim
    # one column beyond the bound: a rank above it (a wrong bound) shows instead of hiding
    columns = min(n, m) if upper_bound is None else min(n, m, upper_bound + 1)
    # peak: the sketch (or dμ), the random compression and a copy (8 bytes each)
    require_memory(
        8 * (2 * m * columns + n * columns + m * n), f"the exact Jacobian rank of {arch.text}"
    )
    rng = np.random.default_rng(seed)
    ranks, primes = [], []
    for _ in range(points):
        p = random_prime(rng)
        theta = rng.integers(0, p, size=arch.n_params)
        ranks.append(mu.jacobian_rank_mod_p(theta, p, rng, columns, upper_bound))
        primes.append(p)
        if upper_bound is not None and ranks[-1] >= upper_bound:
            break
    dim = max(ranks)
    if upper_bound is not None and dim > upper_bound:
        raise AssertionError(
            f"{arch.text}: a rank mod p ({dim}) exceeds the proven upper bound {upper_bound}"
        )
    bound = 0.0 if upper_bound is not None and dim == upper_bound else 1.0
    for p in primes if bound else ():
        bound *= min(1.0, max(dim, 1) * arch.n_layers / p)
    return DimensionCertificate(dim, tuple(ranks), tuple(primes), seed, bound, upper_bound)
