"""The training side of the seed's claims (SPEC §7): C2, C9, C10 and C12, shown by gradient descent.

Each check trains a few hundred runs per architecture (seeded; a few seconds on two cores) and
returns :class:`~neuromanifold.reproduce.claim.ClaimResult` rows whose ``observed`` field carries
the fractions with 95 % Wilson intervals.
"""

from __future__ import annotations

from neuromanifold.reproduce.claim import ClaimResult
from neuromanifold.training.outcomes import Outcomes
from neuromanifold.training.statistics import Fraction
from neuromanifold.training.trainer import TrainingOptions, train

__all__ = [
    "FC",
    "FC_SINGULAR",
    "STRIDED",
    "STRIDE_ONE",
    "check_c2_training",
    "check_c9_training",
    "check_c10_c12_training",
]

#: Architectures of comparable size (6 parameters each) for the side-by-side comparison, and
#: ``fc:3,2,3`` (12 parameters), the FC net whose spurious and singular critical points the C12
#: census finds (all saddles).
FC_SINGULAR = "fc:3,2,3"
FC, STRIDE_ONE, STRIDED = (
    "fc:3,1,3",
    ("lcn:k=3,3", "lcn:k=2,2,2"),
    (
        "lcn:k=3,3:s=2,1",
        "lcn:k=2,2,2:s=2,2,1",
    ),
)
#: Generic data: regression with 10 samples (a generic positive-definite form; SPEC §3).
DATA = "regression:10"
#: Iteration cap of the claim checks (the rare slower runs count as not converged).
OPTIONS = TrainingOptions(max_iter=5000)


def _good(out: Outcomes) -> Fraction:
    """Converged runs ending at a smooth interior, non-spurious point (among all runs)."""
    good = out.converged & (out.stratum == "interior") & ~out.spurious
    return Fraction.of(int(good.sum()), out.runs)


def check_c2_training(seed: int, runs: int = 400) -> list[ClaimResult]:
    """C2 on ``lcn:k=2,2``: GD reaches targets inside M; from targets outside it ends on ∂M.

    M = {b² ≥ 4ac} for ax² + bx + c is full-dimensional and closed; a target inside is its own
    minimum (loss 0, interior), a target outside has its minimum on the boundary (a double root).

    Example:
        >>> check_c2_training(0, runs=200)[0].ok
        True
    """
    result = train("lcn:k=2,2", runs, seed=seed, options=OPTIONS)
    out = result.classify()
    u = result.losses.linear
    inside = u[:, 1] ** 2 - 4 * u[:, 0] * u[:, 2] >= 0
    conv = out.converged
    hit = conv & inside & (out.stratum == "interior") & (result.loss < 1e-8)
    edge = conv & ~inside & (out.stratum == "boundary")
    f_in = Fraction.of(int(hit.sum()), int(inside.sum()))
    f_out = Fraction.of(int(edge.sum()), int((~inside).sum()))
    ok = f_in.low > 0.9 and f_out.low > 0.9
    return [
        ClaimResult(
            "C2",
            "Fig. 2a (training): on lcn:k=2,2 data inside M is reached; from data outside, "
            "gradient descent ends on the boundary",
            "≈ all runs: target inside → loss 0 at an interior point; outside → boundary point",
            f"{runs} runs (seed {seed}): inside → interior, loss 0: {f_in}; "
            f"outside → boundary: {f_out}",
            ok,
        )
    ]


def check_c9_training(seed: int, runs: int = 300) -> list[ClaimResult]:
    """C9: stride-one LCNs often end at boundary points and at spurious critical points.

    ``lcn:k=2,2,2`` (three odd-degree factors: M has a boundary) and ``lcn:k=3,3,3`` (filling,
    yet spurious minima where layers share a root; Kohn–Merkh–Montúfar–Trager 2022).

    Example:
        >>> [r.id for r in check_c9_training(0, runs=30)]
        ['C9', 'C9']
    """
    rows = []
    a = train("lcn:k=2,2,2", runs, seed=seed, options=OPTIONS).classify()
    conv = a.converged
    boundary = Fraction.of(int((conv & (a.stratum == "boundary")).sum()), int(conv.sum()))
    spur_a = Fraction.of(int((conv & a.spurious).sum()), int(conv.sum()))
    rows.append(
        ClaimResult(
            "C9",
            "stride 1 (lcn:k=2,2,2, training): boundary points are frequent end points",
            "a large fraction (> 10 %) of converged runs end on the boundary",
            f"{runs} runs (seed {seed}): boundary {boundary}; spurious {spur_a}",
            boundary.low > 0.1,
        )
    )
    b = train("lcn:k=3,3,3", runs, seed=seed, options=OPTIONS).classify()
    conv = b.converged
    spur = Fraction.of(int((conv & b.spurious).sum()), int(conv.sum()))
    miss = Fraction.of(int((conv & b.spurious & ~b.global_min).sum()), int(conv.sum()))
    rows.append(
        ClaimResult(
            "C9",
            "stride 1 (lcn:k=3,3,3, filling, training): spurious critical points are frequent",
            "a large fraction (> 10 %) of converged runs end at spurious points (not the minimum)",
            f"{runs} runs (seed {seed}): spurious {spur}; spurious and not the global minimum "
            f"{miss}",
            spur.low > 0.1 and miss.low > 0.1,
        )
    )
    return rows


def check_c10_c12_training(seed: int, runs: int = 300) -> list[ClaimResult]:
    """C10 and C12 side by side: strided LCNs vs stride-one LCNs and an FC net of equal size.

    All nets have 6 parameters, except ``fc:3,2,3`` (12), and are trained on generic regression
    data (10 samples). A run is *good* when it converged to a smooth interior, non-spurious point.
    The FC row is the evidence beside the C12 census
    (:func:`~neuromanifold.reproduce.census.check_c12_census`): FC nets have spurious and singular
    critical points, but they are saddles, and descent escapes them (Nguegnang–Rauhut–Terstiege
    2021).

    Example:
        >>> [r.id for r in check_c10_c12_training(0, runs=20)]
        ['C10', 'C12', 'C12']
    """
    good: dict[str, Fraction] = {}
    for k, arch in enumerate((FC, *STRIDE_ONE, *STRIDED, FC_SINGULAR)):
        out = train(arch, runs, data=DATA, seed=seed + 1000 * k, options=OPTIONS).classify()
        good[arch] = _good(out)
    table = "; ".join(f"{a}: {f}" for a, f in good.items())
    strided_low = min(good[a].low for a in STRIDED)
    stride_one_high = max(good[a].high for a in STRIDE_ONE)
    fc_high = min(good[FC].high, good[FC_SINGULAR].high)
    return [
        ClaimResult(
            "C10",
            "strides > 1 (training, generic data): runs end at smooth interior, non-spurious points",
            "≈ all runs of lcn:k=3,3:s=2,1 and lcn:k=2,2,2:s=2,2,1 are good",
            f"good fraction, {runs} runs each (seed {seed}): "
            + "; ".join(f"{a}: {good[a]}" for a in STRIDED),
            strided_low > 0.9,
        ),
        ClaimResult(
            "C12",
            "strides > 1 behave better under gradient descent than stride-1 nets of equal size",
            "good fraction of strided nets above that of lcn:k=3,3 and lcn:k=2,2,2 (95 % CIs apart)",
            table,
            strided_low > stride_one_high,
        ),
        ClaimResult(
            "C12",
            "beside the census (training): gradient descent on FC nets escapes their spurious and "
            "singular critical points, which are saddles (Nguegnang–Rauhut–Terstiege 2021)",
            f"good fraction of {FC} and {FC_SINGULAR} not below that of the strided nets (95 % CIs "
            "overlap or FC above): on FC the seed's 'can get stuck' does not happen",
            table
            + (
                " — FC is as good as strided: gradient descent on deep linear FC nets converges to "
                "a global minimum for almost all starts"
                if fc_high >= strided_low
                else f" — FC below strided: descent stopped short on {FC} or {FC_SINGULAR}"
            ),
            fc_high >= strided_low,
        ),
    ]
