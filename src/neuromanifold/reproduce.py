"""The seed article's claims (SPEC §7), each checked by a computation: the main job.

Each check is a function returning :class:`ClaimResult` rows; :func:`reproduce` runs them all.
Later capabilities add their checks to :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from neuromanifold.architectures import FullyConnected, LinearConvNetwork
from neuromanifold.claim import ClaimResult
from neuromanifold.function_space import Neuromanifold
from neuromanifold.parametrization import convolution_matrix, convolve, parametrization

__all__ = ["CHECKS", "ClaimResult", "reproduce"]


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


def check_stride_one(seed: int) -> list[ClaimResult]:
    """C9 (dimension part): stride-1 LCNs are full-dimensional; filling iff ≤ 1 even filter size."""
    cases = ["lcn:k=3,3", "lcn:k=2,3", "lcn:k=2,2", "lcn:k=3,2,2", "lcn:k=4,3,3", "lcn:k=4,2,3"]
    rows, ok = [], True
    for text in cases:
        M = Neuromanifold(text, seed=seed)
        arch = M.architecture
        assert isinstance(arch, LinearConvNetwork)
        even = sum(k % 2 == 0 for k in arch.filter_sizes)
        good = M.full_dimensional and M.filling == (even <= 1)
        ok &= good
        rows.append(f"{text}: dim {M.dim}/{M.ambient_dim}, filling {M.filling}")
    return [
        ClaimResult(
            "C9",
            "all strides 1: full-dimensional; filling iff at most one even filter size",
            "dim = ambient; filling only for ≤ 1 even k_l",
            "; ".join(rows),
            ok,
        )
    ]


def check_strided_dimension(seed: int) -> list[ClaimResult]:
    """C10 (dimension part): strides > 1 give dim M = Σk_l − (L−1) < ambient dimension."""
    cases = ["lcn:k=3,2:s=2,1", "lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1", "lcn:k=3,3,3:s=3,3,1"]
    rows, ok = [], True
    for text in cases:
        M = Neuromanifold(text, seed=seed)
        arch = M.architecture
        assert isinstance(arch, LinearConvNetwork)
        expected = sum(arch.filter_sizes) - (arch.n_layers - 1)
        ok &= M.dim == expected < M.ambient_dim
        rows.append(f"{text}: dim {M.dim} < {M.ambient_dim}")
    return [
        ClaimResult(
            "C10",
            "all strides > 1: dimension below the ambient dimension",
            "dim = Σk_l − (L−1) < ambient",
            "; ".join(rows),
            ok,
        )
    ]


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


def check_eckart_young(seed: int) -> list[ClaimResult]:
    """C6 (count part): unit-weight critical points on {rank ≤ r} number C(min(m, n), r), all real."""
    from math import comb

    from neuromanifold.metric.ed_degree import ed_degree

    cases = ["fc:3,1,3", "fc:2,1,3", "fc:3,2,4", "fc:4,1,2,4"]
    rows, ok = [], True
    for text in cases:
        arch = Neuromanifold(text).architecture
        assert isinstance(arch, FullyConnected)
        m, n = arch.ambient_shape
        expected = comb(min(m, n), arch.bottleneck)
        result = ed_degree(text, weights="unit", backend="msolve", seed=seed, real=True)
        ok &= result.ed_degree == expected and result.n_real == expected and result.certified
        rows.append(f"{text}: {result.ed_degree} complex, {result.n_real} real (C = {expected})")
    return [
        ClaimResult(
            "C6",
            "FC: critical points of the distance to {rank ≤ r} are the Eckart–Young truncations",
            "C(min(d_0, d_L), r) critical points, all real (certified count)",
            "; ".join(rows),
            ok,
        )
    ]


def check_strided_count(seed: int) -> list[ClaimResult]:
    """C11: strided LCN critical points, counted in function space = generic ED degree of a Segre."""
    from neuromanifold.algebra.segre import segre_generic_ed_degree
    from neuromanifold.metric.ed_degree import ed_degree

    cases = ["lcn:k=2,2:s=2,1", "lcn:k=2,3:s=2,1", "lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1"]
    rows, ok = [], True
    for text in cases:
        arch = Neuromanifold(text).architecture
        assert isinstance(arch, LinearConvNetwork)
        formula = segre_generic_ed_degree([k - 1 for k in arch.filter_sizes])
        result = ed_degree(text, weights="generic", backend="msolve", seed=seed)
        ok &= result.ed_degree == formula and result.certified
        rows.append(f"{text}: {result.ed_degree} (Segre formula {formula})")
    return [
        ClaimResult(
            "C11",
            "strides > 1: critical points counted algebraically in function space",
            "count = generic ED degree of P^{k_1−1}×⋯×P^{k_L−1} (Chern-class formula)",
            "; ".join(rows),
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


def check_metric(seed: int) -> list[ClaimResult]:
    """C2, C3, C4: nearest points on a full-dimensional set, a disk in R³, and the cusp."""
    from neuromanifold.metric import fig2a, fig2b, fig3

    a, b, c = fig2a(seed=seed), fig2b(seed=seed), fig3(seed=seed)
    return [
        ClaimResult(
            "C2",
            "Fig. 2a: full-dimensional closed M: data inside is its own minimum, outside → boundary",
            "every datum inside M is its minimum; every other has its minimum on ∂M",
            str(a),
            a.ok,
        ),
        ClaimResult(
            "C3",
            "Fig. 2b: disk in R³: interior minimum exactly for data in the cylinder",
            "interior minimum ⇔ data in the cylinder over the disk",
            str(b),
            b.ok,
        ),
        ClaimResult(
            "C4",
            "Fig. 3: the cusp of y² = x³ is the closest point for data of positive area",
            "cusp cell area > 0 (exact, vs grid); a smooth point's cell has area 0",
            str(c),
            c.ok,
        ),
    ]


def _critical_point_checks() -> list[Callable[[int], list[ClaimResult]]]:
    from neuromanifold.critical_points import claims

    return [claims.check_c5, claims.check_c6, claims.check_c9, claims.check_c10, claims.check_c11]


def _training_checks() -> list[Callable[[int], list[ClaimResult]]]:
    from neuromanifold.training import claims

    return [claims.check_c2_training, claims.check_c9_training, claims.check_c10_c12_training]


#: The checks run by :func:`reproduce`, in claim order.
CHECKS: list[Callable[[int], list[ClaimResult]]] = [
    check_fig1,
    check_stride_one,
    check_composition,
    check_fig4,
    check_strided_dimension,
    check_eckart_young,
    check_strided_count,
    check_strata,
    check_metric,
    *_critical_point_checks(),
    *_training_checks(),
]


def write_figures(folder: str | Path, seed: int = 0) -> list[Path]:
    """Write the seed's figures we reproduce (Figs. 2a, 2b, 3) as PNG and SVG into ``folder``."""
    from neuromanifold.plotting import write_seed_figures

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = write_seed_figures(out, seed=seed)
    return [p for paths in written.values() for p in paths]


def reproduce(seed: int = 0) -> list[ClaimResult]:
    """Run every check of the seed's claims on small defaults.

    Args:
        seed: seed passed to every check.

    Returns:
        The rows, sorted by claim id.

    Example:
        >>> rows = reproduce()
        >>> rows[0].id, rows[0].ok
        ('C1', True)
    """
    rows = [row for check in CHECKS for row in check(seed)]
    return sorted(rows, key=lambda r: int(r.id[1:]))
