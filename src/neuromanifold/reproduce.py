"""The seed article's claims (SPEC §7), each checked by a computation: the main job.

Each check is a function returning :class:`ClaimResult` rows; :func:`reproduce` runs them all.
Later capabilities add their checks to :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable

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

    from neuromanifold.function_space.neurovariety import neurovariety_ed_degree

    cases = ["fc:3,1,3", "fc:2,1,3", "fc:3,2,4", "fc:4,1,2,4"]
    rows, ok = [], True
    for text in cases:
        arch = Neuromanifold(text).architecture
        assert isinstance(arch, FullyConnected)
        m, n = arch.ambient_shape
        expected = comb(min(m, n), arch.bottleneck)
        result = neurovariety_ed_degree(text, "unit", seed=seed, real=True)
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
    from neuromanifold.function_space.neurovariety import neurovariety_ed_degree

    cases = ["lcn:k=2,2:s=2,1", "lcn:k=2,3:s=2,1", "lcn:k=3,3:s=2,1", "lcn:k=2,2,2:s=2,2,1"]
    rows, ok = [], True
    for text in cases:
        arch = Neuromanifold(text).architecture
        assert isinstance(arch, LinearConvNetwork)
        formula = segre_generic_ed_degree([k - 1 for k in arch.filter_sizes])
        result = neurovariety_ed_degree(text, "generic", seed=seed)
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


#: The checks run by :func:`reproduce`, in claim order.
CHECKS: list[Callable[[int], list[ClaimResult]]] = [
    check_fig1,
    check_stride_one,
    check_composition,
    check_fig4,
    check_strided_dimension,
    check_eckart_young,
    check_strided_count,
]


def reproduce(seed: int = 0) -> list[ClaimResult]:
    """Run every check of the seed's claims on small defaults.

    Args:
        seed: seed passed to every check.

    Returns:
        The rows, sorted by claim id.

    Example:
        >>> all(row.ok for row in reproduce())
        True
    """
    rows = [row for check in CHECKS for row in check(seed)]
    return sorted(rows, key=lambda r: int(r.id[1:]))
