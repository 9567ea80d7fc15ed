r"""Membership for fully connected linear networks: :math:`M = \{\operatorname{rank} \le r\}`.

With :math:`r` the smallest width, :math:`\mu(W_1, \dots, W_L) = W_L \cdots W_1` has image the
determinantal variety of :math:`d_L \times d_0` matrices of rank at most :math:`r`: closed,
algebraic, without relative boundary; its singular locus is :math:`\{\operatorname{rank} \le r-1\}`
when :math:`r < \min(d_0, d_L)` (otherwise :math:`M` is the whole space). Exact input: the rank by
fraction-free elimination over :math:`\mathbb{Q}` and the witness from the rank factorization
:math:`f = C R`. Float input: the Frobenius distances to the rank strata (Eckart–Young).

Reference: Eckart–Young; determinantal varieties (SPEC §2.1).
"""

from __future__ import annotations

from typing import Any

import flint
import numpy as np

from neuromanifold.architectures import FullyConnected
from neuromanifold.function_space.membership.base import Membership, Query, check_witness, decide

__all__: list[str] = []


def _fc_layers(arch: FullyConnected, c: list[list], r: list[list], rho: int, zero: Any) -> list:
    """Distribute f = C R (C: m×ρ, R: ρ×n) over the layers: W_1 = [R; 0], W_i = [I_ρ 0; 0 0],
    W_L = [C 0]."""
    widths = arch.widths
    if len(widths) == 2:
        m, n = arch.ambient_shape
        return [
            [sum((c[i][t] * r[t][j] for t in range(rho)), zero) for i in range(m) for j in range(n)]
        ]
    one = zero + 1
    layers = []
    for li in range(len(widths) - 1):
        rows, cols = widths[li + 1], widths[li]
        layer = []
        for i in range(rows):
            for j in range(cols):
                if li == 0:
                    layer.append(r[i][j] if i < rho else zero)
                elif li == len(widths) - 2:
                    layer.append(c[i][j] if j < rho else zero)
                else:
                    layer.append(one if i == j < rho else zero)
        layers.append(layer)
    return layers


@decide.register
def _fc(arch: FullyConnected, query: Query) -> Membership:
    f, floats, tol = query.exact, query.floats, query.tol  # no preimage: singular values decide
    m, n = arch.ambient_shape
    r = arch.bottleneck
    filling = r >= min(m, n)
    if floats is not None:
        return _fc_float(arch, floats.reshape(m, n), tol, filling)
    mat = flint.fmpq_mat(m, n, list(f))
    rref, rho = mat.rref()
    pivots = []
    for i in range(rho):
        pivots.append(next(j for j in range(n) if rref[i, j] != 0))
    member = rho <= r
    if not member:
        return Membership.outside(
            arch.text,
            f"rank {rho} > r = min widths = {r}: M = {{rank ≤ {r}}} (determinantal variety)",
            closure=False,
            exact=True,
        )
    cmat = [[mat[i, pivots[t]] for t in range(rho)] for i in range(m)]
    rmat = [[rref[t, j] for j in range(n)] for t in range(rho)]
    layers = _fc_layers(arch, cmat, rmat, rho, flint.fmpq(0))
    ok = check_witness(arch, layers, f)
    assert ok, "internal error: rank factorization does not multiply back"
    singular = (not filling) and rho < r
    what = "M is the whole space" if filling else f"rank {rho} {'<' if singular else '='} r = {r}"
    return Membership(
        arch.text, True, "singular" if singular else "interior", True,
        tuple(tuple(layer) for layer in layers), True, ok,
        f"{what}; M = {{rank ≤ {r}}} is closed and algebraic, Sing M = {{rank ≤ {r - 1}}} when "
        f"r < min(d_0, d_L); witness: rank factorization f = C·R over Q",
        boundary=False,
    )  # fmt: skip


def _fc_float(arch: FullyConnected, f: np.ndarray, tol: float, filling: bool) -> Membership:
    r = arch.bottleneck
    u, sigma, vt = np.linalg.svd(f)
    tau = tol * max(1.0, float(np.linalg.norm(f)))
    to_m = float(np.sqrt(np.sum(sigma[r:] ** 2)))
    to_sing = float(np.sqrt(np.sum(sigma[r - 1 :] ** 2))) if r >= 1 else 0.0
    if to_m > tau:
        return Membership.outside(
            arch.text,
            f"Frobenius distance {to_m:.3g} to {{rank ≤ {r}}} exceeds tol·max(1, ‖f‖) = {tau:.3g}",
            closure=False,
            exact=False,
            distance=to_m,
            tol=tol,
        )
    singular = (not filling) and to_sing <= tau
    rho = min(int(np.sum(sigma > tau)), r)
    cmat = (u[:, :rho] * sigma[:rho]).tolist()
    rmat = vt[:rho, :].tolist()
    layers = _fc_layers(arch, cmat, rmat, rho, 0.0)
    return Membership(
        arch.text, True, "singular" if singular else "interior", True,
        tuple(tuple(float(v) for v in layer) for layer in layers), False, False,
        f"numerical rank {rho} (singular values above {tau:.3g}); M = {{rank ≤ {r}}}",
        boundary=False, distance=to_sing if not filling else None, tol=tol,
    )  # fmt: skip
