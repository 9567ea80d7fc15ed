r"""Beyond the seed: the claims B1–B4 of SPEC §7 about the families of §2.3, one check each.

Polynomial networks (defects that depend on the degree, filling architectures that are not
unimodal), polynomial convolutions (dimension, degree and generic ED degree of their
Segre–Veronese variety) and lightning self-attention (its dimension formula). Each
``check_*(seed)`` returns :class:`~neuromanifold.reproduce.claim.ClaimResult` rows with ids
``B1`` … ``B4``; :func:`reproduce_beyond` runs them, reported apart from the seed's C1–C12.
Every dimension is the exact Jacobian rank modulo random primes
(:func:`~neuromanifold.function_space.generic_rank`), checked against a closed form or a
published table; the whole section takes a few seconds.

Example:
    >>> [row.id for row in reproduce_beyond()]
    ['B1', 'B2', 'B3', 'B4']
"""

from __future__ import annotations

from neuromanifold.architectures import parse_architecture
from neuromanifold.critical_points import critical_points
from neuromanifold.function_space import (
    degree,
    expected_dimension,
    generic_ed_degree,
    generic_rank,
)
from neuromanifold.function_space.neurovariety import equations
from neuromanifold.metric.ed_degree import ed_degree
from neuromanifold.parametrization import parametrization
from neuromanifold.reproduce.claim import ClaimResult, over_cases

__all__ = [
    "BEYOND",
    "DAO_RODRIGUEZ",
    "check_attention_dimension",
    "check_defect",
    "check_non_unimodal_filling",
    "check_polynomial_convolutions",
    "reproduce_beyond",
]

#: Dao–Rodriguez 2026: a minimal filling architecture that is not unimodal, and the dimensions
#: of its six one-step predecessors (SPEC §6), r = 2.
DAO_RODRIGUEZ = (2, 3, 4, 5, 4, 6, 4, 1)
PREDECESSORS = {
    (2, 3, 4, 5, 4, 6, 3, 1): 59,
    (2, 3, 4, 5, 4, 5, 4, 1): 61,
    (2, 3, 4, 4, 4, 6, 4, 1): 62,
    (2, 3, 3, 5, 4, 6, 4, 1): 60,
    (2, 3, 4, 5, 3, 6, 4, 1): 39,
    (2, 2, 4, 5, 4, 6, 4, 1): 35,
}


def _dim(text: str, seed: int) -> tuple[int, float]:
    """Exact dimension (rank mod random primes) and its failure bound."""
    cert = generic_rank(parametrization(text), seed=seed)
    return cert.dim, cert.failure_bound


def _pnn(widths: tuple[int, ...], r: int = 2) -> str:
    return f"pnn:{','.join(map(str, widths))}:r={r}"


@over_cases(
    "B1",
    [("pnn:3,2,1:r=2", 5, True), ("pnn:5,5,3,1:r=2", 32, True), ("pnn:5,5,3,1:r=3", 35, False)],
    "polynomial networks can be defective, and the defect depends on the activation degree",
    "(3,2,1) r=2: dim 5 < 6; (5,5,3,1): 32 < 35 at r = 2, 35 = 35 at r = 3",
)
def check_defect(case: tuple[str, int, bool], seed: int) -> tuple[bool, str]:
    """B1: dim < expected dim (defective) exactly in the published cases."""
    text, oracle, defective = case
    dim, _ = _dim(text, seed)
    edim = expected_dimension(parse_architecture(text))
    assert edim is not None
    holds = dim == oracle and (dim < edim[0]) == defective
    return holds, f"{text}: dim {dim}, expected {edim[0]}"


def check_non_unimodal_filling(seed: int) -> list[ClaimResult]:
    """B2: (2,3,4,5,4,6,4,1), r = 2, fills its 65-dimensional ambient space; none of its six
    one-step predecessors (one width lowered by one) does (Dao–Rodriguez 2026)."""
    text = _pnn(DAO_RODRIGUEZ)
    ambient = parse_architecture(text).ambient_dim
    dim, bound = _dim(text, seed)
    observed = [f"{text}: dim {dim} of {ambient}"]
    ok = dim == ambient
    for widths, oracle in PREDECESSORS.items():
        d, b = _dim(_pnn(widths), seed)
        bound = max(bound, b)
        ok = ok and d == oracle < ambient
        observed.append(f"{','.join(map(str, widths))}: {d}")
    observed.append(f"rank mod random primes, failure bound ≤ {bound:.1e}")
    return [
        ClaimResult(
            "B2",
            "minimal filling architectures need not be unimodal: (2,3,4,5,4,6,4,1), r = 2, "
            "fills; none of its six one-step predecessors does",
            "dim 65 = ambient; predecessors 59, 61, 62, 60, 39, 35 < 65",
            "; ".join(observed),
            ok,
        )
    ]


@over_cases(
    "B3",
    ["pcnn:k=2,2:r=2", "pcnn:k=2,2:r=3", "pcnn:k=3,2:r=2"],
    "polynomial CNNs (stride = filter size): dim Σk − L + 1, the degree formula, and as many "
    "critical points as the generic ED degree of the Segre–Veronese variety",
    "dim Σk − L + 1; degree (Σk − L)! ∏ a_j^(k_j−1)/(k_j−1)! = elimination; Chern-class formula "
    "(k=2,2: 8r − 2) = msolve ED count = critical points of a generic weighted loss",
)
def check_polynomial_convolutions(text: str, seed: int) -> tuple[bool, str]:
    """B3: dimension, degree (formula vs elimination) and generic ED degree (formula vs count)."""
    arch = parse_architecture(text)
    ks = arch.filter_sizes  # type: ignore[attr-defined]
    dim, _ = _dim(text, seed)
    formula_degree = degree(arch)
    formula_ed = generic_ed_degree(arch)
    assert formula_degree is not None and formula_ed is not None
    eliminated = equations(arch, seed=seed).degree
    counted = ed_degree(arch, weights="generic", seed=seed).ed_degree
    # the squared error with a generic weighted target: its critical points on the smooth locus
    critical = critical_points(arch, seed=seed, real=False).function_loci[0].n_complex
    holds = (
        dim == sum(ks) - len(ks) + 1
        and formula_degree[0] == eliminated
        and formula_ed[0] == counted == critical
    )
    return holds, (
        f"{text}: dim {dim}, degree {formula_degree[0]} (elimination {eliminated}), generic ED "
        f"{formula_ed[0]} (count {counted}, critical points of the loss {critical})"
    )


@over_cases(
    "B4",
    [(2, 1, 1), (3, 3, 1), (3, 2, 2)],
    "lightning self-attention: dimension l(a(2d − a) + d²) − (l − 1)d² − l",
    "(d,a,l) = (2,1,1) → 6, (3,3,1) → 17, (3,2,2) → 23",
)
def check_attention_dimension(case: tuple[int, int, int], seed: int) -> tuple[bool, str]:
    """B4: the computed dimension of attn:d,a,l (t = 3) equals the Henry–Marchetti–Kohn formula."""
    d, a, l = case  # noqa: E741
    formula = l * (a * (2 * d - a) + d * d) - (l - 1) * d * d - l
    dim, _ = _dim(f"attn:d={d},a={a},l={l}:t=3", seed)
    return dim == formula, f"({d},{a},{l}): dim {dim}, formula {formula}"


#: The checks of the section "beyond the seed", in claim order.
BEYOND = [
    check_defect,
    check_non_unimodal_filling,
    check_polynomial_convolutions,
    check_attention_dimension,
]


def reproduce_beyond(seed: int = 0) -> list[ClaimResult]:
    """Run the checks B1–B4 of the section "beyond the seed" (SPEC §7).

    Args:
        seed: seed passed to every check.

    Returns:
        The rows, in claim order.
    """
    rows = [row for check in BEYOND for row in check(seed)]
    return sorted(rows, key=lambda r: int(r.id[1:]))
