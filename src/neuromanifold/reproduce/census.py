r"""C12 as the seed states it: a census of critical points, FC vs stride-one vs strided LCNs.

The seed: strided LCNs behave more favourably "because the latter networks [FC, stride one]
commonly have nontrivial spurious and singular/boundary critical points, at which gradient
descent can get stuck". The census solves, for many seeded data draws, all real critical
points of :math:`L = \ell\circ\mu` (:func:`~neuromanifold.critical_points.critical_points`:
exact counts, certified real points, the chart points plus θ = 0 and the FC lifts) and tallies
per architecture the **nonzero** ones (:math:`\mu(\theta) \ne 0`; θ = 0 is critical for every
deep net and every loss, hence trivial) that are

- *spurious*: not pure, i.e. critical only because :math:`d\mu(\theta)` drops rank
  (Trager–Kohn–Bruna 2020; :mod:`~neuromanifold.critical_points.classify`);
- *singular/boundary*: :math:`\mu(\theta)` a singular or relative boundary point of M (all of
  these are spurious under that definition).

Each is a *local minimum* or a *saddle* of L in **parameter space, modulo the symmetry
directions** (Hessian of L restricted to the orthogonal complement of the tangent space of the
symmetry orbit; :func:`~neuromanifold.critical_points.classify.reduced_hessian`). That is the
right notion for "gradient descent can get stuck": descent runs on θ, not on f, and a critical
point that is a minimum of ℓ on a stratum of M can still be a saddle of L (and conversely a
spurious θ can be a minimum of L although μ(θ) is no minimum on M). A point with a negative
eigenvalue is a *strict saddle*, which gradient descent from a random start escapes almost surely
(Lee–Simchowitz–Jordan–Recht 2016); a positive definite reduced Hessian is a strict local
minimum, where descent stops; a singular one with no negative eigenvalue is *degenerate*
(second order undecided, reported apart).

**Sizes.** The LCNs are compared at equal filter sizes, all strides one against stride two in
every layer but the last (whose stride does not enter the end-to-end filter
:math:`p_1(x)\,p_2(x^{t_2})\cdots`, SPEC §2.2): ``lcn:k=2,2`` / ``lcn:k=2,2:s=2,1``,
``lcn:k=3,3`` / ``lcn:k=3,3:s=2,1``, ``lcn:k=2,2,2`` / ``lcn:k=2,2,2:s=2,2,1``. Each pair has the
same parameters, the same symmetry group and the same number of layers: only the strides differ. The FC nets are ``fc:3,1,3``
(6 parameters like the 6-parameter LCNs) and ``fc:3,2,3`` (12 parameters), the smallest FC net
whose neuromanifold has nonzero singular points (rank ≤ 2 in 3 × 3; for a width-1 bottleneck
the singular locus is {0}, so ``fc:3,1,3`` provably has neither kind: a nonzero spurious point
would need 0 < rank μ(θ) < r = 1).

**Data.** Draw ``i`` of a census with seed ``s`` is the regression loss of
:func:`~neuromanifold.critical_points.critical_points` (``ambient_dim + 2`` samples of small
integers) drawn with seed ``s + i``: generic data (SPEC §3). Small integers are now and then
special (e.g. a regression target of rank 2 for ``fc:3,2,3``: fewer critical points, some with a
degenerate Hessian); such draws are kept, and their degenerate points counted as such. A draw whose
exact count fails (primes disagree, or a positive-dimensional critical set) is counted apart, not
silently dropped.

**Measured** (``check_c12_census(0, draws=200)``, seeds 0–199 for every net, no failed draw):
strided ``lcn:k=2,2:s=2,1``, ``lcn:k=3,3:s=2,1``, ``lcn:k=2,2,2:s=2,2,1``: 0 nonzero spurious
and 0 singular/boundary critical points. ``fc:3,1,3``: 0 of either (as it must). ``fc:3,2,3``: 601
spurious = singular in all 200 draws, 0 minima (600 strict saddles, 1 degenerate in a draw with a
rank-2 target). ``lcn:k=2,2``: 431 spurious = boundary in 200 draws, 90 of them local minima;
``lcn:k=3,3`` (filling, no boundary): 1415 spurious in 200 draws, 156 local minima;
``lcn:k=2,2,2``: 2212 spurious = boundary in 200 draws, 500 local minima. (A real-isolation
timeout under heavy load once made pure points of the strided nets look spurious; such draws now
count as failed.)

Reference: seed article (C12); Trager–Kohn–Bruna 2020 (pure/spurious); Kohn–Merkh–Montúfar–Trager
2022 (stride one); Kohn–Montúfar–Shahverdi–Trager 2024 (strides); Nguegnang–Rauhut–Terstiege
2021 (gradient descent on deep linear FC nets converges to a global minimum of a rank stratum).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from neuromanifold.critical_points import CriticalPoint, CriticalPoints, critical_points
from neuromanifold.errors import NeuromanifoldError
from neuromanifold.reproduce.claim import ClaimResult

__all__ = [
    "CENSUS_DRAWS",
    "FC",
    "STRIDED",
    "STRIDE_ONE",
    "Census",
    "Tally",
    "census",
    "check_c12_census",
    "solved",
]

#: FC nets: 6 parameters (singular locus {0}) and the smallest with nonzero singular points.
FC = ("fc:3,1,3", "fc:3,2,3")
#: Stride-one LCNs and, position by position, the strided LCNs with the same filters.
STRIDE_ONE = ("lcn:k=2,2", "lcn:k=3,3", "lcn:k=2,2,2")
STRIDED = ("lcn:k=2,2:s=2,1", "lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1")
#: Draws per architecture of the default ``reproduce`` (fast); the claim at full size is
#: ``check_c12_census(seed, draws=200)`` (``neuromanifold reproduce --draws 200``).
CENSUS_DRAWS = 1
#: Seconds (wall clock) allowed to isolate the real points of one system over ℚ: generous, since
#: a timed-out locus would leave its points unlisted (a draw with one is counted as failed).
REAL_TIMEOUT = 900.0


@lru_cache(maxsize=64)
def solved(architecture: str, seed: int) -> CriticalPoints:
    """``critical_points(architecture, seed=seed)`` (default regression data), computed once.

    The claim checks of :mod:`~neuromanifold.reproduce.critical_points` and this census share
    it, so one ``reproduce`` solves each (architecture, draw) once.
    """
    return critical_points(architecture, seed=seed, real_timeout=REAL_TIMEOUT)


@dataclass(frozen=True)
class Tally:
    """Critical points of one kind over a census, by their type as critical points of L.

    Attributes:
        total: how many (summed over the draws).
        minima: strict local minima of L modulo symmetry (gradient descent stops there).
        saddles: strict saddles (a negative eigenvalue: descent escapes).
        degenerate: no negative eigenvalue but a zero one (second order undecided).
        draws: in how many draws at least one occurred.
    """

    total: int = 0
    minima: int = 0
    saddles: int = 0
    degenerate: int = 0
    draws: int = 0

    @classmethod
    def of(cls, per_draw: Sequence[Sequence[CriticalPoint]]) -> Tally:
        """Tally the points found in each draw.

        Example:
            >>> Tally.of([[], []])
            Tally(total=0, minima=0, saddles=0, degenerate=0, draws=0)
        """
        points = [p for draw in per_draw for p in draw]
        minima = sum(p.index == 0 and p.kind == "minimum" for p in points)
        saddles = sum(p.index > 0 for p in points)
        return cls(
            total=len(points),
            minima=minima,
            saddles=saddles,
            degenerate=len(points) - minima - saddles,
            draws=sum(bool(draw) for draw in per_draw),
        )

    def __str__(self) -> str:
        if not self.total:
            return "0"
        text = f"{self.total} ({self.minima} minima, {self.saddles} saddles"
        return text + (f", {self.degenerate} degenerate)" if self.degenerate else ")")


@dataclass(frozen=True)
class Census:
    """The nonzero spurious and singular/boundary critical points of L over many data draws.

    Attributes:
        architecture: the network.
        draws: draws solved; ``failed``: draws whose exact count failed (with ``reasons``).
        seed: draw ``i`` used seed ``seed + i``.
        spurious: nonzero spurious critical points of L.
        singular: nonzero critical points of L on the singular or boundary stratum of M.
        pure_minima: nonzero pure local minima of L (for comparison).
    """

    architecture: str
    draws: int
    failed: int
    seed: int
    spurious: Tally
    singular: Tally
    pure_minima: int
    reasons: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """Neither kind occurred in any draw."""
        return self.spurious.total == 0 and self.singular.total == 0

    def __str__(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"{self.architecture} ({self.draws} draws{failed}): spurious {self.spurious} in "
            f"{self.spurious.draws} draws; singular/boundary {self.singular} in "
            f"{self.singular.draws} draws"
        )


def census(architecture: str, draws: int, seed: int = 0) -> Census:
    """Census of the nonzero spurious and singular/boundary critical points of L.

    Args:
        architecture: ``fc`` or ``lcn`` (text form).
        draws: number of data draws (draw ``i`` has seed ``seed + i``).
        seed: first seed.

    Returns:
        A :class:`Census`.

    Example:
        >>> c = census("fc:3,2,3", draws=1)
        >>> c.spurious.total > 0, c.spurious.minima, c.singular.minima
        (True, 0, 0)
    """
    spurious: list[list[CriticalPoint]] = []
    singular: list[list[CriticalPoint]] = []
    pure_minima = 0
    reasons: list[str] = []
    for i in range(draws):
        try:
            cp = solved(architecture, seed + i)
        except NeuromanifoldError as exc:
            reasons.append(f"seed {seed + i}: {exc}")
            continue
        # every system solved completely: a timed-out top locus would make pure points look
        # spurious, a timed-out chart would hide points
        incomplete = [c for c in (*cp.function_loci, cp.parameter_count) if c.n_real is None]
        if cp.positive_dimensional or incomplete:
            reasons.append(f"seed {seed + i}: " + "; ".join(c.note for c in incomplete))
            continue
        ps = cp.parameter_space().nonzero()
        spurious.append(list(ps.spurious()))
        singular.append([p for p in ps if p.stratum in ("singular", "boundary")])
        pure_minima += sum(p.index == 0 and p.kind == "minimum" for p in ps.pure())
    return Census(
        architecture,
        len(spurious),
        len(reasons),
        seed,
        Tally.of(spurious),
        Tally.of(singular),
        pure_minima,
        tuple(reasons),
    )


def check_c12_census(seed: int, draws: int = CENSUS_DRAWS) -> list[ClaimResult]:
    """C12 as stated: strided LCNs have no nontrivial spurious or singular/boundary critical points.

    Expected: over all draws, the strided nets have none of either kind; ``fc:3,2,3`` and the
    stride-one nets have them (``fc:3,1,3`` cannot: its singular locus is {0}). The row also
    says where gradient descent can get stuck (local minima) and where it cannot (saddles).

    Example:
        >>> check_c12_census(0)[0].ok
        True
    """
    results = {a: census(a, draws, seed) for a in (*FC, *STRIDE_ONE, *STRIDED)}
    strided_clean = all(results[a].clean and results[a].draws > 0 for a in STRIDED)
    others = ("fc:3,2,3", *STRIDE_ONE)
    others_have = all(results[a].spurious.draws > 0 for a in others)
    # (singular and boundary points are spurious by definition: the spurious tally covers both)
    fc = [results[a].spurious for a in FC]
    fc_total, fc_minima = sum(t.total for t in fc), sum(t.minima for t in fc)
    fc_saddles, fc_degenerate = sum(t.saddles for t in fc), sum(t.degenerate for t in fc)
    stuck = [a for a in STRIDE_ONE if results[a].spurious.minima or results[a].singular.minima]
    note = (
        f" — FC: of its {fc_total} nonzero spurious/singular critical points {fc_minima} are local "
        f"minima ({fc_saddles} strict saddles, {fc_degenerate} degenerate: second order "
        "undecided); gradient descent escapes them (Nguegnang–Rauhut–Terstiege 2021; see the "
        "training rows). Stride-one nets with spurious or boundary local minima, where descent "
        f"can stop: {', '.join(stuck) or 'none'}"
    )
    return [
        ClaimResult(
            "C12",
            "critical-point census: strided LCNs have no nontrivial spurious or singular/boundary "
            "critical points, FC and stride-one nets of matching size commonly have them",
            f"{draws} seeded data draws per net (seed {seed}…): strided 0 nonzero spurious and 0 "
            "singular/boundary critical points of L; fc:3,2,3 and each stride-one net > 0 "
            "(fc:3,1,3: 0, its singular locus is {0}); minima/saddles by the Hessian of L "
            "modulo symmetry",
            "; ".join(str(results[a]) for a in results) + note,
            strided_clean and others_have,
        )
    ]
