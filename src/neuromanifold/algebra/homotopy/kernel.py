r"""The compiled path-tracking kernel: one path per thread, machine code via numba.

The same predictor–corrector as the numpy tracker (`neuromanifold.algebra.homotopy.tracker`):
an RK4 step of the Davidenko equation $H_x \dot x = -H_t$, two Newton corrections accepted when
they contract quadratically, step doubling on success and halving on rejection. Here each path
runs its own loop in compiled code (no per-step Python overhead), and the paths are spread over
all cores with ``numba.prange``. The homotopy is a parameter path
$H(x, t) = F(x;\ p_0 + t\,\Delta p)$ with one segment per path; $F$ is the sparse form of a
`CompiledSystem` (monomials as (variable, exponent) lists, coefficients as (monomial, block,
equation) triples), so a step costs a few microseconds for the systems of this library.

numba is an optional dependency (``pip install "neuromanifold[homotopy]"``); without it the
numpy tracker runs the same algorithm, vectorized across paths.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

try:  # optional: the compiled kernel
    import numba  # pyright: ignore[reportMissingImports]
except ImportError:  # pragma: no cover - exercised when the extra is missing
    numba = None

__all__ = ["AVAILABLE", "SparseSystem", "track_compiled"]

AVAILABLE = numba is not None
"""Whether numba is installed (then `track` uses the compiled kernel)."""

Complex = NDArray[np.complex128]

# status codes (must match tracker.PathStatus)
_TRACKING, _SUCCESS, _SINGULAR, _AT_INFINITY, _STEP_SMALL, _MAX_STEPS = 0, 1, 2, 3, 4, 5
_ROUNDOFF = 1e-10


class SparseSystem:
    """A `CompiledSystem` in the sparse arrays the kernel reads (built once, cached on it)."""

    def __init__(
        self,
        exponents: NDArray[np.int64],
        coefficients: NDArray[np.float64],
        n: int,
        m: int,
        k: int,
    ) -> None:
        nz = exponents != 0
        self.mon_ptr = np.concatenate([[0], np.cumsum(nz.sum(axis=1))]).astype(np.int64)
        rows, cols = np.nonzero(nz)
        self.mon_var = cols.astype(np.int64)
        self.mon_exp = exponents[rows, cols].astype(np.int64)
        crow, ccol = np.nonzero(coefficients)
        self.coef_ptr = np.concatenate(
            [[0], np.cumsum(np.bincount(crow, minlength=coefficients.shape[0]))]
        ).astype(np.int64)
        self.coef_block = (ccol // k).astype(np.int64)
        self.coef_eq = (ccol % k).astype(np.int64)
        self.coef_val = coefficients[crow, ccol].astype(np.float64)
        self.max_exp = int(exponents.max(initial=0))
        self.n, self.m, self.k = n, m, k


if numba is not None:
    _jit = numba.njit(cache=True, fastmath=False, nogil=True)
    _prange = numba.prange

    @_jit
    def _evaluate(
        x,
        p,
        dp,
        mon_ptr,
        mon_var,
        mon_exp,
        coef_ptr,
        coef_block,
        coef_eq,
        coef_val,
        max_exp,
        f,
        jx,
        ht,
    ):  # pragma: no cover - compiled
        n = x.shape[0]
        m = p.shape[0]
        f[:] = 0.0
        jx[:, :] = 0.0
        ht[:] = 0.0
        nz = n + m
        pw = np.empty((nz, max_exp + 1), dtype=np.complex128)
        for j in range(nz):
            v = x[j] if j < n else p[j - n]
            pw[j, 0] = 1.0
            for d in range(1, max_exp + 1):
                pw[j, d] = pw[j, d - 1] * v
        for mon in range(mon_ptr.shape[0] - 1):
            v = 1.0 + 0.0j
            for q in range(mon_ptr[mon], mon_ptr[mon + 1]):
                v *= pw[mon_var[q], mon_exp[q]]
            for q in range(coef_ptr[mon], coef_ptr[mon + 1]):
                b = coef_block[q]
                c = v * coef_val[q]
                i = coef_eq[q]
                if b == 0:
                    f[i] += c
                elif b <= n:
                    jx[i, b - 1] += c
                else:
                    ht[i] += c * dp[b - 1 - n]

    @_jit
    def _solve(a, rhs, out):  # pragma: no cover - compiled
        """out = a^{-1} rhs by Gaussian elimination with row/column scaling and partial pivoting.

        Returns False when a pivot vanishes.
        """
        n = a.shape[0]
        lu = a.copy()
        b = rhs.copy()
        col = np.empty(n)
        for i in range(n):
            s = 0.0
            for j in range(n):
                s = max(s, abs(lu[i, j]))
            s = 1.0 / s if s > 1e-300 else 1.0
            for j in range(n):
                lu[i, j] *= s
            b[i] *= s
        for j in range(n):
            s = 0.0
            for i in range(n):
                s = max(s, abs(lu[i, j]))
            col[j] = 1.0 / s if s > 1e-300 else 1.0
            for i in range(n):
                lu[i, j] *= col[j]
        for c in range(n):
            piv = c
            best = abs(lu[c, c])
            for r in range(c + 1, n):
                if abs(lu[r, c]) > best:
                    best = abs(lu[r, c])
                    piv = r
            if best == 0.0 or not np.isfinite(best):
                return False
            if piv != c:
                for j in range(n):
                    tmp = lu[c, j]
                    lu[c, j] = lu[piv, j]
                    lu[piv, j] = tmp
                tmp = b[c]
                b[c] = b[piv]
                b[piv] = tmp
            inv = 1.0 / lu[c, c]
            for r in range(c + 1, n):
                fac = lu[r, c] * inv
                if fac != 0.0:
                    for j in range(c + 1, n):
                        lu[r, j] -= fac * lu[c, j]
                    b[r] -= fac * b[c]
        for r in range(n - 1, -1, -1):
            s = b[r]
            for j in range(r + 1, n):
                s -= lu[r, j] * out[j]
            out[r] = s / lu[r, r]
        for j in range(n):
            out[j] *= col[j]
        return True

    @_jit
    def _rel(dx, x, scale):  # pragma: no cover - compiled
        """Weighted size max_i |dx_i| / w_i(x) (tracker._weights)."""
        top = 0.0
        for i in range(x.shape[0]):
            top = max(top, abs(x[i]))
        r = 0.0
        for i in range(x.shape[0]):
            w = max(abs(x[i]), 1e-12 * top) + 1e-300
            w = max(w, 1e-3 * scale[i])
            r = max(r, abs(dx[i]) / w)
        return r

    @_jit
    def _track_one(
        x,
        p0,
        dp,
        sp,
        opts,
        out_x,
        out_info,
    ):  # pragma: no cover - compiled
        """Track one path; writes the endpoint and (t, status, steps)."""
        mon_ptr, mon_var, mon_exp, coef_ptr, coef_block, coef_eq, coef_val, max_exp = sp
        initial_step, max_step, min_step, max_steps, corrector_tol, max_first, inf_norm, zone = opts
        n = x.shape[0]
        k = n
        f = np.empty(k, dtype=np.complex128)
        jx = np.empty((k, n), dtype=np.complex128)
        ht = np.empty(k, dtype=np.complex128)
        k1 = np.empty(n, dtype=np.complex128)
        k2 = np.empty(n, dtype=np.complex128)
        k3 = np.empty(n, dtype=np.complex128)
        k4 = np.empty(n, dtype=np.complex128)
        d1 = np.empty(n, dtype=np.complex128)
        d2 = np.empty(n, dtype=np.complex128)
        y = np.empty(n, dtype=np.complex128)
        p = np.empty(p0.shape[0], dtype=np.complex128)
        xc = x.copy()
        scale = np.abs(xc)
        t = 0.0
        h = initial_step
        status = _TRACKING
        steps = 0
        while status == _TRACKING:
            if steps >= max_steps:
                status = _MAX_STEPS
                break
            steps += 1
            ha = min(h, 1.0 - t)
            tn = 1.0 if ha >= 1.0 - t else t + ha
            ok = True
            # RK4 predictor
            for stage in range(4):
                if stage == 0:
                    tt = t
                    for i in range(n):
                        y[i] = xc[i]
                elif stage == 1:
                    tt = t + 0.5 * ha
                    for i in range(n):
                        y[i] = xc[i] + 0.5 * ha * k1[i]
                elif stage == 2:
                    tt = t + 0.5 * ha
                    for i in range(n):
                        y[i] = xc[i] + 0.5 * ha * k2[i]
                else:
                    tt = tn
                    for i in range(n):
                        y[i] = xc[i] + ha * k3[i]
                for j in range(p.shape[0]):
                    p[j] = p0[j] + tt * dp[j]
                _evaluate(
                    y,
                    p,
                    dp,
                    mon_ptr,
                    mon_var,
                    mon_exp,
                    coef_ptr,
                    coef_block,
                    coef_eq,
                    coef_val,
                    max_exp,
                    f,
                    jx,
                    ht,
                )
                for i in range(n):
                    ht[i] = -ht[i]
                kk = k1 if stage == 0 else (k2 if stage == 1 else (k3 if stage == 2 else k4))
                if not _solve(jx, ht, kk):
                    ok = False
                    break
            r1 = np.inf
            r2 = np.inf
            if ok:
                for i in range(n):
                    y[i] = xc[i] + ha / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
                for j in range(p.shape[0]):
                    p[j] = p0[j] + tn * dp[j]
                _evaluate(
                    y,
                    p,
                    dp,
                    mon_ptr,
                    mon_var,
                    mon_exp,
                    coef_ptr,
                    coef_block,
                    coef_eq,
                    coef_val,
                    max_exp,
                    f,
                    jx,
                    ht,
                )
                for i in range(n):
                    f[i] = -f[i]
                if _solve(jx, f, d1):
                    for i in range(n):
                        y[i] += d1[i]
                    _evaluate(
                        y,
                        p,
                        dp,
                        mon_ptr,
                        mon_var,
                        mon_exp,
                        coef_ptr,
                        coef_block,
                        coef_eq,
                        coef_val,
                        max_exp,
                        f,
                        jx,
                        ht,
                    )
                    for i in range(n):
                        f[i] = -f[i]
                    if _solve(jx, f, d2):
                        # weights from the corrected point, as in the numpy tracker
                        for i in range(n):
                            k4[i] = y[i] + d2[i]
                        r1 = _rel(d1, k4, scale)
                        r2 = _rel(d2, k4, scale)
            accept = (
                np.isfinite(r2)
                and r1 < max_first
                and (r2 <= 0.1 * r1 or r2 < _ROUNDOFF)
                and r2 < corrector_tol
            )
            if accept:
                for i in range(n):
                    xc[i] = k4[i]
                    scale[i] = max(abs(xc[i]), 0.9 * scale[i])
                t = tn
                h = min(ha * 2.0, max_step)
                norm = 0.0
                for i in range(n):
                    norm += abs(xc[i]) ** 2
                if np.sqrt(norm) > inf_norm:
                    status = _AT_INFINITY
                elif t >= 1.0:
                    status = _SUCCESS
            else:
                h = ha * 0.5
                if h < min_step:
                    status = _SINGULAR if 1.0 - t < zone else _STEP_SMALL
        for i in range(n):
            out_x[i] = xc[i]
        out_info[0] = t
        out_info[1] = status
        out_info[2] = steps

    @numba.njit(cache=True, parallel=True)
    def _track_all(x, p0, dp, sp, opts, out_x, out_info):  # pragma: no cover - compiled
        for i in _prange(x.shape[0]):
            _track_one(x[i], p0[i], dp[i], sp, opts, out_x[i], out_info[i])


def track_compiled(
    sparse: SparseSystem,
    start: Complex,
    p0: Complex,
    dp: Complex,
    options: tuple[float, float, float, int, float, float, float, float],
) -> tuple[Complex, NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    r"""Track every path of $F(x;\ p_0 + t\,\Delta p)$ from $t = 0$ to $1$ in compiled code.

    Args:
        sparse: the system (`SparseSystem`).
        start: (paths, n) start points; p0, dp: (paths, m) per-path segments.
        options: (initial_step, max_step, min_step, max_steps, corrector_tol,
            max_first_correction, infinity_norm, endgame_zone) as in `TrackerOptions`.

    Returns:
        endpoints (paths, n), t reached, raw status codes and step counts.
    """
    if numba is None:  # pragma: no cover
        raise RuntimeError("numba is not installed: pip install 'neuromanifold[homotopy]'")
    npaths, n = start.shape
    out_x = np.empty((npaths, n), dtype=np.complex128)
    info = np.zeros((npaths, 3))
    if npaths:
        sp = (
            sparse.mon_ptr,
            sparse.mon_var,
            sparse.mon_exp,
            sparse.coef_ptr,
            sparse.coef_block,
            sparse.coef_eq,
            sparse.coef_val,
            sparse.max_exp,
        )
        opts = (
            float(options[0]),
            float(options[1]),
            float(options[2]),
            int(options[3]),
            float(options[4]),
            float(options[5]),
            float(options[6]),
            float(options[7]),
        )
        _track_all(
            np.ascontiguousarray(start, dtype=np.complex128),
            np.ascontiguousarray(p0, dtype=np.complex128),
            np.ascontiguousarray(dp, dtype=np.complex128),
            sp,
            opts,
            out_x,
            info,
        )
    return out_x, info[:, 0].copy(), info[:, 1].astype(np.int64), info[:, 2].astype(np.int64)
