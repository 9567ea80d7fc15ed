r"""Classification of a real critical point: stratum, pure or spurious, Hessian index.

**Pure and spurious** (Trager–Kohn–Bruna 2020, "Pure and spurious critical points: a geometric
study of linear networks", ICLR 2020, Definition of pure/spurious critical points; SPEC §1). The
definition implemented: a critical point θ of :math:`L = \ell\circ\mu` is **pure** when
:math:`f = \mu(\theta)` is a smooth interior point of :math:`M` (stratum ``"interior"``) and a
critical point of ℓ restricted to the smooth locus of :math:`M`, i.e. :math:`\nabla \ell(f) \perp
T_f M`; operationally, :math:`f` coincides (to 1e-6, relative) with one of the real critical
points computed on the top locus (saturated system, :mod:`~neuromanifold.critical_points.equations`)
whose stratum is ``"interior"``. Otherwise θ is **spurious**: θ is critical only because
:math:`d\mu(\theta)` has rank below :math:`\dim M` (its image misses the normal component of
:math:`\nabla\ell(f)`); the result records that rank drop. Critical points mapping to the
boundary or to singular points are spurious under this definition.

**Index modulo symmetry.** :math:`L` is constant on the orbits of the symmetry group
(:math:`w_l \mapsto c_l w_l`, :math:`\prod c_l = 1` for LCNs; :math:`W_{i+1} \mapsto W_{i+1} g^{-1}`,
:math:`W_i \mapsto g W_i` for FC), so at a critical point the Hessian vanishes on the orbit's
tangent space :math:`T`. The index is that of the Hessian restricted to :math:`T^\perp`:
``minimum`` (positive definite), ``maximum``, ``saddle``, or ``degenerate`` (an eigenvalue within
``tol`` of zero relative to the largest — e.g. a larger stabilizer, or a flat valley).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import singledispatch

import flint
import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
)
from neuromanifold.function_space.membership import NotSupportedError, membership
from neuromanifold.parametrization import parametrization

__all__ = [
    "HESSIAN_TOL",
    "balance",
    "balance_scalings",
    "encloses_zero",
    "hessian_kind",
    "is_local_min_on_M",
    "lift_fc",
    "reduced_hessian",
    "scaling_directions",
    "stratum_by_rank",
    "stratum_of",
    "symmetry_directions",
]

HESSIAN_TOL = 1e-7
"""Eigenvalues with |λ| ≤ HESSIAN_TOL · max|λ| count as zero (degenerate)."""
RANK_TOL = 1e-8
"""Singular values ≤ RANK_TOL · σ_max count as zero in numerical ranks of dμ."""


def hessian_kind(H: np.ndarray, tol: float = HESSIAN_TOL) -> tuple[str, int]:
    """``(kind, index)`` of a symmetric matrix: kind ∈ minimum/maximum/saddle/degenerate.

    The index is the number of negative eigenvalues.

    Example:
        >>> hessian_kind(np.diag([2.0, -1.0]))
        ('saddle', 1)
    """
    if H.size == 0:
        return "point", 0
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    scale = max(1.0, float(np.max(np.abs(eig))))
    neg = int(np.sum(eig < -tol * scale))
    zero = int(np.sum(np.abs(eig) <= tol * scale))
    if zero:
        return "degenerate", neg
    if neg == 0:
        return "minimum", 0
    if neg == len(eig):
        return "maximum", neg
    return "saddle", neg


def symmetry_directions(arch: Architecture, theta: np.ndarray) -> np.ndarray:
    """Tangent vectors of the symmetry orbit through θ (columns, shape ``(N, g)``).

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> symmetry_directions(parse_architecture("lcn:k=2,2"), np.array([1., 2, 3, 4])).T
        array([[ 1.,  2., -3., -4.]])
    """
    theta = np.asarray(theta, dtype=float)
    mu = parametrization(arch)
    layers = [x[0] for x in mu.split(theta[None, :])]
    cols = []
    sizes = arch.layer_sizes
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    if isinstance(arch, LinearConvNetwork | LinearConvNetwork2D):  # rescale filter i against i+1
        for i in range(len(layers) - 1):
            v = np.zeros(arch.n_params)
            v[offsets[i] : offsets[i + 1]] = layers[i].reshape(-1)
            v[offsets[i + 1] : offsets[i + 2]] = -layers[i + 1].reshape(-1)
            cols.append(v)
    elif isinstance(arch, FullyConnected):
        for i in range(len(layers) - 1):  # hidden layer between W_i = layers[i], W_{i+1}
            d = arch.widths[i + 1]
            for a in range(d):
                for b in range(d):
                    X = np.zeros((d, d))
                    X[a, b] = 1.0
                    v = np.zeros(arch.n_params)
                    v[offsets[i] : offsets[i + 1]] = (X @ layers[i]).reshape(-1)
                    v[offsets[i + 1] : offsets[i + 2]] = (-layers[i + 1] @ X).reshape(-1)
                    cols.append(v)
    else:  # the family's own orbit tangents (pnn, pcnn, attention), if it gives them
        given = mu.symmetry_directions(theta)
        if given is not None:
            return given
    if not cols:
        return np.zeros((arch.n_params, 0))
    return np.stack(cols, axis=1)


def reduced_hessian(H: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """The Hessian restricted to the orthogonal complement of ``directions``."""
    n = H.shape[0]
    if directions.shape[1] == 0:
        return H
    u, s, _ = np.linalg.svd(directions, full_matrices=True)
    rank = int(np.sum(s > RANK_TOL * max(1.0, float(s[0]) if s.size else 1.0)))
    Q = u[:, rank:] if rank < n else np.zeros((n, 0))
    return Q.T @ H @ Q


def numerical_rank(J: np.ndarray) -> int:
    """Numerical rank with relative threshold RANK_TOL."""
    s = np.linalg.svd(J, compute_uv=False)
    if s.size == 0 or s[0] == 0:
        return 0
    return int(np.sum(s > RANK_TOL * s[0]))


@singledispatch
def stratum_by_rank(arch: Architecture) -> bool:
    """Whether :func:`stratum_of` reads the stratum from the rank of dμ at a preimage (registered
    per family) rather than from the membership test of the function."""
    return True


@stratum_by_rank.register
def _(arch: FullyConnected) -> bool:
    return False


@stratum_by_rank.register
def _(arch: LinearConvNetwork) -> bool:
    return not arch.is_stride_one


def stratum_of(
    arch: Architecture, f: Sequence[float] | np.ndarray, theta: np.ndarray | None, dim: int
) -> str | None:
    """Stratum of a real function (``None``: not in M), float model.

    FC and stride-one LCNs use :func:`~neuromanifold.function_space.membership.membership`
    (tolerance model). Strided LCNs (and pnn, pcnn, attention: :func:`stratum_by_rank`) need
    a real preimage θ: ``"interior"`` when dμ(θ) has rank
    dim M and f ≠ 0, else ``"singular"`` (the membership classification, see its module
    docstring: rank drops only where the polyphase gcd exceeds the last filter's degree).
    """
    arr = np.asarray(f, dtype=float)
    if not np.any(arr):
        return membership(arch, [0] * arr.size).stratum
    if stratum_by_rank(arch):
        if theta is None:
            raise NotSupportedError(f"stratum of a float point of {arch.text} needs a preimage")
        J = parametrization(arch).jacobian(np.asarray(theta, dtype=float))
        return "interior" if numerical_rank(J) == dim else "singular"
    return membership(arch, arr.reshape(arch.ambient_shape).tolist(), tol=1e-9).stratum


def encloses_zero(
    polys: Sequence[flint.fmpq_mpoly], box: Sequence[tuple[Fraction, Fraction]]
) -> bool:
    """Whether the interval evaluation (Arb) of every polynomial on the box contains zero.

    A necessary condition that the certified box of a solution really solves these equations.
    """
    balls = []
    for a, b in box:
        lo = flint.arb(flint.fmpq(a.numerator, a.denominator))
        hi = flint.arb(flint.fmpq(b.numerator, b.denominator))
        balls.append(lo.union(hi))
    for f in polys:
        total = flint.arb(0)
        for monom, coeff in f.terms():
            term = flint.arb(coeff)
            for x, e in zip(balls, monom, strict=False):
                if e:
                    term *= x**e
            total += term
        if not total.contains(0):
            return False
    return True


def lift_fc(arch: FullyConnected, f: np.ndarray) -> np.ndarray:
    r"""A parameter θ with μ(θ) = f for a matrix of rank e ≤ r, padded with zeros.

    :math:`f = A B^\top` (SVD, balanced), :math:`W_1 = [B^\top; 0]`, middle layers
    :math:`\begin{psmallmatrix} I_e & 0 \\ 0 & 0\end{psmallmatrix}`, :math:`W_L = [A, 0]`. If f
    is a critical point of ℓ on the rank-e stratum then θ is a critical point of L: every
    partial gradient is a block of :math:`A^\top R`, :math:`R B` or :math:`A^\top R B`, which
    vanish by the normal-space condition (Trager–Kohn–Bruna 2020; Baldi–Hornik 1989).

    Example:
        >>> lift_fc(FullyConnected((2, 2, 2)), np.diag([4.0, 0.0]))
        array([2., 0., 0., 0., 2., 0., 0., 0.])
    """
    d_out, d_in = arch.ambient_shape
    F = np.asarray(f, dtype=float).reshape(d_out, d_in)
    U, s, Vt = np.linalg.svd(F)
    e = int(np.sum(s > RANK_TOL * max(float(s[0]) if s.size else 0.0, 1e-300)))
    A = U[:, :e] * np.sqrt(s[:e])
    B = Vt[:e].T * np.sqrt(s[:e])
    layers = []
    widths = arch.widths
    for i, (rows, cols) in enumerate(arch.layer_shapes):
        W = np.zeros((rows, cols))
        if i == 0 and i == len(widths) - 2:
            W = F.copy()
        elif i == 0:
            W[:e, :] = B.T
        elif i == len(widths) - 2:
            W[:, :e] = A
        else:
            W[:e, :e] = np.eye(e)
        layers.append(W.reshape(-1))
    return np.concatenate(layers)


def _sqrtm(M: np.ndarray) -> np.ndarray:
    w, V = np.linalg.eigh((M + M.T) / 2)
    return (V * np.sqrt(np.clip(w, 0, None))) @ V.T


def balance(arch: Architecture, theta: np.ndarray) -> np.ndarray:
    r"""A point of the symmetry orbit of θ with balanced layers (same μ, same L, same index).

    LCN: every filter rescaled to the geometric mean of the norms. FC with full-rank factors,
    each adjacent pair (sweeps until balanced): :math:`W_1 \mapsto g W_1`, :math:`W_2 \mapsto W_2 g^{-1}` with
    :math:`g^\top g = P`, :math:`P M_1 P = M_2` (:math:`M_1 = W_1 W_1^\top`,
    :math:`M_2 = W_2^\top W_2`), so that :math:`W_1 W_1^\top = W_2^\top W_2`. Other cases are
    returned unchanged. Balancing keeps the Hessian index and makes its scale meaningful.

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> balance(parse_architecture("lcn:k=2,2"), np.array([4., 0, 1, 0]))
        array([2., 0., 2., 0.])
    """
    theta = np.asarray(theta, dtype=float)
    mu = parametrization(arch)
    layers = [x[0] for x in mu.split(theta[None, :])]
    if isinstance(arch, LinearConvNetwork):
        norms = [float(np.linalg.norm(w)) for w in layers]
        if min(norms) == 0:
            return theta
        g = float(np.exp(np.mean(np.log(norms))))
        return np.concatenate(
            [(w * (g / n)).reshape(-1) for w, n in zip(layers, norms, strict=True)]
        )
    if isinstance(arch, FullyConnected):
        layers = [w.copy() for w in layers]
        for _ in range(1 if len(layers) == 2 else 60):
            for i in range(len(layers) - 1):
                pair = _balance_pair(layers[i], layers[i + 1])
                if pair is None:
                    return theta
                layers[i], layers[i + 1] = pair
        return np.concatenate([w.reshape(-1) for w in layers])
    return mu.balanced(theta)  # the family's own balancing (pnn, pcnn, attention), if any


def _balance_pair(W1: np.ndarray, W2: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(g W1, W2 g⁻¹) with (gW1)(gW1)ᵀ = (W2g⁻¹)ᵀ(W2g⁻¹); None when a factor is rank-deficient."""
    M1, M2 = W1 @ W1.T, W2.T @ W2
    for M in (M1, M2):
        w = np.linalg.eigvalsh(M)
        if w.min() <= 1e-12 * max(float(w.max()), 1e-300):
            return None
    R = _sqrtm(M1)
    Ri = np.linalg.inv(R)
    P = Ri @ _sqrtm(R @ M2 @ R) @ Ri
    g = _sqrtm(P)
    return g @ W1, W2 @ np.linalg.inv(g)


def balance_scalings(
    theta: np.ndarray, scalings: Sequence[tuple[tuple[int, ...], int]]
) -> np.ndarray:
    """Rescale groups of coordinates to unit norm, the last group absorbing the factors.

    ``scalings`` lists ``(indices, exponent)``: the map is invariant under scaling group a by
    :math:`c` and the last group by :math:`c^{-e_a/e_{last}}`.
    """
    out = np.asarray(theta, dtype=float).copy()
    *others, (last, e_last) = scalings
    for idx, e in others:
        n = float(np.linalg.norm(out[list(idx)]))
        if n > 0:
            out[list(idx)] /= n
            out[list(last)] *= n ** (e / e_last)
    return out


def scaling_directions(
    theta: np.ndarray, scalings: Sequence[tuple[tuple[int, ...], int]]
) -> np.ndarray:
    """Tangent vectors of the scaling symmetries described by ``scalings`` (columns)."""
    theta = np.asarray(theta, dtype=float)
    *others, (last, e_last) = scalings
    cols = []
    for idx, e in others:
        v = np.zeros(theta.size)
        v[list(idx)] = theta[list(idx)]
        v[list(last)] = -(e / e_last) * theta[list(last)]
        cols.append(v)
    return np.stack(cols, axis=1) if cols else np.zeros((theta.size, 0))


def is_local_min_on_M(
    arch: Architecture,
    gradient: np.ndarray,
    f: np.ndarray,
    stratum: str | None,
    kind: str,
    top: bool,
) -> bool:
    r"""Whether a function-space critical point f is a local minimum of ℓ restricted to M.

    ``kind`` is its type as a critical point of ℓ on its locus. Rules (each an argument, not a
    heuristic, except the boundary test): outside M → no; :math:`\nabla\ell(f) = 0` → iff a
    minimum; on the top locus at an interior point → iff a minimum on the locus (M is locally
    that manifold); interior points of lower loci with :math:`\nabla\ell \neq 0` → no (a
    neighbourhood in M is open in the ambient space only if M is full-dimensional, where
    :math:`-\nabla\ell` descends; otherwise the point is not interior on a lower locus);
    singular points and 0 → no (M contains :math:`f + t\,ab^\top` for FC, and the cone
    :math:`\pm M` spans the ambient space, so some direction descends); boundary points → iff a
    minimum on the locus and :math:`f - \varepsilon\nabla\ell(f) \notin M` for a small
    ε (the gradient points into M; float membership).
    """
    if stratum is None:
        return False
    g = np.asarray(gradient, dtype=float)
    scale = max(1.0, float(np.linalg.norm(f)))
    if np.linalg.norm(g) <= 1e-9 * scale:
        return kind == "minimum"
    if stratum == "interior":
        return top and kind == "minimum"
    if stratum == "singular" or not np.any(f):
        return False
    if kind != "minimum":
        return False
    step = 1e-4 * scale / float(np.linalg.norm(g))
    probe = (np.asarray(f, dtype=float) - step * g).reshape(arch.ambient_shape).tolist()
    return not membership(arch, probe, tol=1e-9).member
