"""The seed's claims about the neuromanifold itself (SPEC §7): dimension, filling, composition,
strata (C1, C6–C10), one check each.

Each ``check_*(seed)`` returns :class:`~neuromanifold.reproduce.claim.ClaimResult` rows.
"""

from __future__ import annotations

import numpy as np

from neuromanifold.architectures import LinearConvNetwork
from neuromanifold.function_space import Neuromanifold
from neuromanifold.parametrization import convolution_matrix, convolve, parametrization
from neuromanifold.reproduce.claim import ClaimResult, over_cases

__all__ = [
    "check_composition",
    "check_fig1",
    "check_fig4",
    "check_strata",
    "check_stride_one",
    "check_strided_dimension",
]

#: Stride-one LCNs with zero to three even filter sizes (C9: filling iff at most one).
STRIDE_ONE = ("lcn:k=3,3", "lcn:k=2,3", "lcn:k=2,2", "lcn:k=3,2,2", "lcn:k=4,3,3", "lcn:k=4,2,3")
STRIDE_ONE_CLAIM = "all strides 1: full-dimensional; filling iff at most one even filter size"
STRIDE_ONE_EXPECTED = "dim = ambient; filling only for ≤ 1 even k_l"
#: LCNs with strides > 1 (C10: dimension below the ambient dimension).
STRIDED = ("lcn:k=3,2:s=2,1", "lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1", "lcn:k=3,3,3:s=3,3,1")
STRIDED_CLAIM = "all strides > 1: dimension below the ambient dimension"
STRIDED_EXPECTED = "dim = Σk_l − (L−1) < ambient"


def check_fig1(seed: int) -> list[ClaimResult]:
    """C1: the linear net 3 → 1 → 2 parametrizes rank ≤ 1 maps R³ → R², dimension 4 in R⁶."""
    M = Neuromanifold("fc:3,1,2", seed=seed)
    rng = np.random.default_rng(seed)
    ranks = {
        int(np.linalg.matrix_rank(W)) for W in M.parametrization(rng.standard_normal((200, 5)))
    }
    observed = f"dim {M.dim} in R^{M.ambient_dim}; rank of 200 random μ(θ): {sorted(ranks)}"
    return [
        ClaimResult(
            "C1",
            "Fig. 1: fc:3,1,2 parametrizes the rank ≤ 1 maps R³ → R², dimension 4 in R⁶",
            "dim 4 in R^6; rank 1",
            observed,
            M.dim == 4 and M.ambient_dim == 6 and ranks == {1},
        )
    ]


def check_fig4(seed: int) -> list[ClaimResult]:
    """C8: the filter (a, b, c) with stride 2 is a linear map R⁷ → R³ (the seed's Fig. 4)."""
    rng = np.random.default_rng(seed)
    a, b, c = rng.standard_normal(3)
    matrix = convolution_matrix(np.array([a, b, c]), 2, 7)
    pattern = np.array(
        [[a, b, c, 0, 0, 0, 0], [0, 0, a, b, c, 0, 0], [0, 0, 0, 0, a, b, c]], dtype=float
    )
    x = rng.standard_normal(7)
    ok = matrix.shape == (3, 7) and np.array_equal(matrix, pattern)
    ok = ok and np.allclose(matrix @ x, convolve(np.array([a, b, c]), 2, x))
    return [
        ClaimResult(
            "C8",
            "Fig. 4: filter (a,b,c), stride 2 is a linear map R⁷ → R³",
            "rows (a b c 0 0 0 0), (0 0 a b c 0 0), (0 0 0 0 a b c)",
            f"matrix {matrix.shape[0]}×{matrix.shape[1]}, pattern {'matches' if ok else 'differs'}",
            ok,
        )
    ]


@over_cases("C9", STRIDE_ONE, STRIDE_ONE_CLAIM, STRIDE_ONE_EXPECTED)
def check_stride_one(text: str, seed: int) -> tuple[bool, str]:
    """C9 (dimension part): stride-1 LCNs are full-dimensional; filling iff ≤ 1 even filter size."""
    M = Neuromanifold(text, seed=seed)
    arch = M.architecture
    assert isinstance(arch, LinearConvNetwork)
    even = sum(k % 2 == 0 for k in arch.filter_sizes)
    good = M.full_dimensional and M.filling == (even <= 1)
    return good, f"{text}: dim {M.dim}/{M.ambient_dim}, filling {M.filling}"


@over_cases("C10", STRIDED, STRIDED_CLAIM, STRIDED_EXPECTED)
def check_strided_dimension(text: str, seed: int) -> tuple[bool, str]:
    """C10 (dimension part): strides > 1 give dim M = Σk_l − (L−1) < ambient dimension."""
    M = Neuromanifold(text, seed=seed)
    arch = M.architecture
    assert isinstance(arch, LinearConvNetwork)
    expected = sum(arch.filter_sizes) - (arch.n_layers - 1)
    return M.dim == expected < M.ambient_dim, f"{text}: dim {M.dim} < {M.ambient_dim}"


def check_composition(seed: int) -> list[ClaimResult]:
    """C7 (composition part): composing convolutions = multiplying sparse polynomials."""
    rng = np.random.default_rng(seed)
    net = LinearConvNetwork((3, 2, 2), (2, 3, 1))
    theta = rng.standard_normal(net.n_params)
    mu = parametrization(net)
    filt = mu(theta)
    layers = [w[0] for w in mu.split(theta[None, :])]
    x = rng.standard_normal(filt.shape[0] + 6 * net.end_to_end_stride)
    y = x
    for w, s in zip(layers, net.stride_tuple, strict=True):
        y = convolve(w, s, y)
    direct = convolve(filt, net.end_to_end_stride, x)
    n = min(len(y), len(direct))
    ok = n > 0 and bool(np.allclose(y[:n], direct[:n]))
    return [
        ClaimResult(
            "C7",
            "LCN: composition of convolutions = product of sparse polynomials p₁(x)p₂(x^t₂)⋯",
            "layer-by-layer output = end-to-end filter output",
            f"{net.text}: max difference {np.max(np.abs(y[:n] - direct[:n])):.1e} on {n} outputs",
            ok,
        )
    ]


def check_strata(seed: int) -> list[ClaimResult]:
    """C6, C7, C9, C10 (strata part): exact membership and strata on the seed's examples."""
    from neuromanifold.function_space.membership import membership
    from neuromanifold.function_space.sampling import sample

    def stratum(arch: str, f: object) -> str | None:
        result = membership(arch, f)
        return result.stratum if result.member else None

    rows = []
    # C6: FC — rank-one matrices are smooth, the zero matrix is singular, no boundary
    fc = Neuromanifold("fc:3,1,2")
    singular = sample("fc:3,1,2", "singular", n=1, seed=seed)[0]
    c6 = (
        stratum("fc:3,1,2", "1,2,3;2,4,6") == "interior"
        and stratum("fc:3,1,2", "0,0,0;0,0,0") == "singular"
        and stratum("fc:3,1,2", singular) == "singular"
        and fc.facts.has_boundary.value is False
        and membership("fc:3,1,2", "1,0,0;0,1,0").member is False
    )
    rows.append(
        ClaimResult(
            "C6",
            "FC: determinantal variety, no boundary, singular points = lower rank",
            "rank 1 interior, rank 0 singular, rank 2 not a member, no boundary (fc:3,1,2)",
            "rank 1: interior; zero: singular; rank 2: non-member; boundary: "
            f"{fc.facts.has_boundary.value}",
            c6,
        )
    )
    # C7: LCN semi-algebraic, closed, with a boundary (x² − 1 in, x² + 1 out, (x + 1)² boundary)
    m22 = Neuromanifold("lcn:k=2,2")
    inside = stratum("lcn:k=2,2", ["-1", "0", "1"])
    outside = membership("lcn:k=2,2", ["1", "0", "1"]).member
    boundary = stratum("lcn:k=2,2", ["1", "2", "1"])
    pushed_out = membership("lcn:k=2,2", ["1", "1999999/1000000", "1"]).member
    pushed_in = membership("lcn:k=2,2", ["1", "2000001/1000000", "1"]).member
    c7 = (
        inside == "interior"
        and outside is False
        and boundary == "boundary"
        and pushed_out is False
        and pushed_in is True
        and m22.facts.closed.value is True
        and m22.facts.algebraic.value is False
    )
    rows.append(
        ClaimResult(
            "C7",
            "LCN: neuromanifold semi-algebraic and closed, typically with a relative boundary",
            "x²−1 interior, x²+1 not in M, (x+1)² boundary with non-members 1e-6 away",
            f"x²−1: {inside}; x²+1 member: {outside}; (x+1)²: {boundary}; "
            f"perturbed out: member {pushed_out}, in: member {pushed_in}; closed, not algebraic",
            c7,
        )
    )
    # C9: stride 1 — no singular points; boundary points exist when ≥ 2 even filter sizes
    pts = sample("lcn:k=2,2,3", "boundary", n=3, seed=seed) + sample(
        "lcn:k=2,2,3", "interior", n=3, seed=seed
    )
    strata = sorted({str(stratum("lcn:k=2,2,3", p)) for p in pts})
    c9 = (
        strata == ["boundary", "interior"]
        and not Neuromanifold("lcn:k=2,2,3").facts.has_singular_points.value
    )
    rows.append(
        ClaimResult(
            "C9",
            "all strides 1: no singular points; boundary = repeated real roots",
            "strata of sampled points ⊂ {interior, boundary}",
            f"lcn:k=2,2,3 sampled strata: {strata}",
            c9,
        )
    )
    # C10: strides > 1 — singular points and points of the closure outside M
    sing = sample("lcn:k=3,2:s=2,1", "singular", n=1, seed=seed)[0]
    x4 = membership("lcn:k=3,2:s=2,1", ["1", "0", "0", "0", "1"])
    bnd = sample("lcn:k=3,2:s=2,1", "boundary", n=1, seed=seed)[0]
    on_boundary = membership("lcn:k=3,2:s=2,1", bnd).boundary
    c10 = (
        stratum("lcn:k=3,2:s=2,1", sing) == "singular"
        and x4.member is False
        and x4.in_zariski_closure is True
        and on_boundary is True
    )
    rows.append(
        ClaimResult(
            "C10",
            "strides > 1: singular and boundary points exist",
            "lcn:k=3,2:s=2,1 has singular points, boundary points, and x⁴+1 ∈ closure \\ M",
            f"singular sample: {stratum('lcn:k=3,2:s=2,1', sing)}; boundary sample: {on_boundary}; "
            f"x⁴+1: member {x4.member}, in closure {x4.in_zariski_closure}",
            c10,
        )
    )
    return rows
