r"""The compiled path-tracking kernel: one path per thread, machine code via numba.

The same predictor–corrector as the numpy tracker (`neuromanifold.algebra.homotopy.tracker`):
an RK4 step of the Davidenko equation $H_x \dot x = -H_t$, two Newton corrections (a third when
they contract but are not yet within the tolerance) accepted when they contract quadratically,
and the next step chosen from the corrections (on the paths of three ED problems: 32% fewer
steps than doubling on success and halving on rejection, and fewer failures). Each path runs
its own loop in compiled code (no per-step Python overhead), and the paths are spread over all
cores with ``numba.prange`` (batches below `SERIAL_BELOW` paths stay in the calling thread). Two savings the vectorized tracker does not make: the first RK4
stage depends only on $(x, t)$, so it is kept across a rejected step, and after an accepted
step it is solved with the corrector's factorization of $H_x$ (taken at the predicted point,
within the accepted first correction, at most ``max_first_correction``, of the new one: the
slope's relative error is of that size, a small shift of the prediction that the corrector
removes). The ED form (`EDSparse`) loops over the gradients' and Hessians' stored entries
(`_ed_structure`, found once) and applies the chart through its sparse rows; refined endpoints
get their condition numbers here too (`_condition`). The homotopy is a parameter path
$H(x, t) = F(x;\ p_0 + t\,\Delta p)$ with one segment per path; $F$ is the sparse form of a
`CompiledSystem` (monomials as (variable, exponent) lists, coefficients as (monomial, block,
equation) triples), so a step costs a few microseconds for the systems of this library
(3x4 rank 1, 6 unknowns: about 10 µs per step on one core of this machine, of which four
evaluations with the Jacobian take 7).

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

__all__ = ["AVAILABLE", "EDSparse", "SparseSystem", "track_compiled"]

AVAILABLE = numba is not None
"""Whether numba is installed (then `track` uses the compiled kernel)."""

Complex = NDArray[np.complex128]

# status codes (must match tracker.PathStatus)
_TRACKING, _SUCCESS, _SINGULAR, _AT_INFINITY, _STEP_SMALL, _MAX_STEPS = 0, 1, 2, 3, 4, 5
_ROUNDOFF = 1e-10
_REFINE_ITERATIONS = 6
# step-size control (see `_track_one`): accepted corrections must contract by this factor;
# the step aims at this fraction of the largest prediction error the corrector accepts,
# assuming the error grows like h^STEP_ORDER; it grows at most STEP_GROWTH-fold per step
CONTRACTION = 0.1
STEP_TARGET = 0.3
STEP_ORDER = 8.0
STEP_GROWTH = 4.0
# a batch of fewer paths runs in the calling thread (`_track_serial`): waking the thread pool
# costs milliseconds on a loaded machine, more than tracking a few dozen short paths (on a
# shared 2-core machine, lcn:k=2,2:s=2,1, 6 paths per batch: 10 ms per call in parallel)
SERIAL_BELOW = 64


class SparseSystem:
    r"""A `CompiledSystem` as the sparse arrays the kernel reads (built once, cached on it).

    Per monomial (CSR pointers): its (variable, exponent) factors, and its coefficients split by
    destination — $F_i$ (equation), $\partial F_i / \partial x_j$ (flat index $i n + j$) and
    $\partial F_i / \partial p_l$ (equation, parameter) — so evaluation has no branches.
    """

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
        nmon = exponents.shape[0]

        def csr(block: NDArray[np.float64]) -> tuple[NDArray[np.int64], ...]:
            r, c = np.nonzero(block)
            ptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=nmon))])
            return ptr.astype(np.int64), c.astype(np.int64), block[r, c].astype(np.float64)  # type: ignore[return-value]

        self.f_ptr, self.f_eq, self.f_val = csr(coefficients[:, :k])
        # column k + j k + i of the stacked matrix is dF_i/dx_j: store it at flat index i n + j
        jx = coefficients[:, k : k * (1 + n)].reshape(nmon, n, k).transpose(0, 2, 1)
        self.j_ptr, self.j_idx, self.j_val = csr(jx.reshape(nmon, k * n))
        jp = coefficients[:, k * (1 + n) : k * (1 + n + m)].reshape(nmon, m, k).transpose(0, 2, 1)
        self.q_ptr, q_flat, self.q_val = csr(jp.reshape(nmon, k * m))
        self.q_eq, self.q_par = (
            (q_flat // max(m, 1)).astype(np.int64),
            (q_flat % max(m, 1)).astype(np.int64),
        )
        self.max_exp = int(exponents.max(initial=0))
        self.n, self.m, self.k = n, m, k

    def arrays(self) -> tuple[object, ...]:
        """The tuple the kernel takes."""
        return (
            self.mon_ptr,
            self.mon_var,
            self.mon_exp,
            self.f_ptr,
            self.f_eq,
            self.f_val,
            self.j_ptr,
            self.j_idx,
            self.j_val,
            self.q_ptr,
            self.q_eq,
            self.q_par,
            self.q_val,
            self.max_exp,
        )


class EDSparse:
    r"""ED critical equations evaluated through the parametrization (the structured form).

    For $F(s; \lambda, w) = A^\top J_\varphi(\theta)^\top (\lambda \circ \varphi(\theta) - w)$
    with $\theta = A s + b$ (an affine gauge chart): $F_s = A^\top (J^\top \mathrm{diag}(\lambda)
    J + \sum_i r_i \nabla^2 \varphi_i) A$ and $H_t = A^\top J^\top (\dot\lambda \circ \varphi -
    \dot w)$, from $\varphi$, $J$ and the Hessians (a `SparseSystem` of $[\varphi_i,
    \partial_a \varphi_i]$). The expanded system in $s$ has many more monomials (the chart's
    substitution multiplies them out), so this is several times cheaper per step.

    Args:
        A, b: the chart $\theta = A s + b$, shapes (m_theta, k) and (m_theta,).
        q: `SparseSystem` of $[\varphi_1, \dots, \varphi_n, \partial_1 \varphi_1, \dots]$ in
            $\theta$ (row $n + i\,m_\theta + a$ is $\partial_a \varphi_i$), no parameters.
        n: the number of coordinates of $\varphi$.
    """

    def __init__(
        self, A: NDArray[np.float64], b: NDArray[np.float64], q: SparseSystem, n: int
    ) -> None:
        self.A = np.ascontiguousarray(A, dtype=np.float64)
        self.b = np.ascontiguousarray(b, dtype=np.float64)
        self.q = q
        self.n = n

    def arrays(self) -> tuple[object, ...]:
        """The tuple the kernel takes."""
        return (self.A, self.b, self.q.arrays(), self.n)


def _empty_sparse() -> SparseSystem:
    return SparseSystem(np.zeros((0, 0), dtype=np.int64), np.zeros((0, 0)), 0, 0, 1)


def _spec(form: SparseSystem | EDSparse) -> tuple[object, ...]:
    """Flat (kind, 14 monomial-form entries, A, b, 14 entries of Q, n, A in CSR, the ED
    sparsity `_ed_structure`): the unused form empty, so one compilation serves both (numba's
    parallel loops take flat tuples only). Built once per form (monodromy tracks hundreds of
    batches of one system)."""
    cached = form.__dict__.get("_kernel_spec")
    if cached is None:
        cached = form.__dict__["_kernel_spec"] = _build_spec(form)
    return cached


def _build_spec(form: SparseSystem | EDSparse) -> tuple[object, ...]:
    if isinstance(form, EDSparse):
        rows, cols = np.nonzero(form.A)  # the chart in CSR: a few entries per row
        ptr = np.searchsorted(rows, np.arange(form.A.shape[0] + 1)).astype(np.int64)
        csr = (ptr, cols.astype(np.int64), np.ascontiguousarray(form.A[rows, cols]))
        return (
            1,
            *_empty_sparse().arrays(),
            form.A,
            form.b,
            *form.q.arrays(),
            form.n,
            *csr,
            *_ed_structure(form),
        )
    empty = _empty_sparse()
    none = (np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    no_structure = (np.zeros(1, dtype=np.int64), *(np.zeros(0, dtype=np.int64),) * 5, np.zeros(0))
    return (
        0,
        *form.arrays(),
        np.zeros((0, 0)),
        np.zeros(0),
        *empty.arrays(),
        0,
        *none,
        *no_structure,
    )


def _ed_structure(form: EDSparse) -> tuple[NDArray[np.int64] | NDArray[np.float64], ...]:
    """The sparsity the ED evaluation loops over, found once: for each $\\varphi_i$ the
    coordinates $a$ with $\\partial_a \\varphi_i \\ne 0$ (CSR pointers, columns), and the stored
    Hessian entries $\\partial_c \\partial_a \\varphi_i$ as (monomial, i, a, c, coefficient)."""
    q, namb, mth = form.q, form.n, form.A.shape[0]
    grad_rows = np.unique(q.f_eq[q.f_eq >= namb]) - namb
    counts = np.bincount(grad_rows // mth, minlength=namb)
    g_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    g_col = (grad_rows % mth).astype(np.int64)
    mon = np.repeat(np.arange(q.j_ptr.shape[0] - 1), np.diff(q.j_ptr))
    row, col = q.j_idx // mth, q.j_idx % mth
    keep = row >= namb
    i, a = np.divmod(row[keep] - namb, mth)
    return (
        g_ptr,
        g_col,
        mon[keep].astype(np.int64),
        i.astype(np.int64),
        a.astype(np.int64),
        col[keep].astype(np.int64),
        np.ascontiguousarray(q.j_val[keep], dtype=np.float64),
    )


if numba is not None:
    _jit = numba.njit(cache=True, nogil=True)
    # the evaluators are inlined into the tracking loop: a call otherwise unpacks the tuples
    # of arrays (reference counting every array), about 0.6 us of a 1.2–1.9 us evaluation;
    # inlined, a step costs ~30% less, the first compilation ~50 s instead of ~35 s (cached)
    _inline = numba.njit(cache=True, nogil=True, inline="always")
    _prange = numba.prange

    @_inline
    def _evaluate(x, p, dp, sp, mode, f, jx, ht, pw):  # pragma: no cover - compiled
        """F (mode 0); F and F_x (mode 1); F_x and H_t = F_p dp (mode 2); H_t alone (mode 3)."""
        (
            mon_ptr,
            mon_var,
            mon_exp,
            f_ptr,
            f_eq,
            f_val,
            j_ptr,
            j_idx,
            j_val,
            q_ptr,
            q_eq,
            q_par,
            q_val,
            max_exp,
        ) = sp
        n = x.shape[0]
        m = p.shape[0]
        f[:] = 0.0
        jflat = jx.reshape(-1)
        jac = mode == 1 or mode == 2
        if jac:
            jflat[:] = 0.0
        if mode >= 2:
            ht[:] = 0.0
        for j in range(n + m):
            v = x[j] if j < n else p[j - n]
            pw[j, 0] = 1.0
            for d in range(1, max_exp + 1):
                pw[j, d] = pw[j, d - 1] * v
        for mon in range(mon_ptr.shape[0] - 1):
            v = 1.0 + 0.0j
            for q in range(mon_ptr[mon], mon_ptr[mon + 1]):
                v *= pw[mon_var[q], mon_exp[q]]
            if mode < 2:
                for q in range(f_ptr[mon], f_ptr[mon + 1]):
                    f[f_eq[q]] += v * f_val[q]
            if jac:
                for q in range(j_ptr[mon], j_ptr[mon + 1]):
                    jflat[j_idx[q]] += v * j_val[q]
            if mode >= 2:
                for q in range(q_ptr[mon], q_ptr[mon + 1]):
                    ht[q_eq[q]] += v * (q_val[q] * dp[q_par[q]])

    @_inline
    def _evaluate_ed(x, p, dp, ed, mode, f, jx, ht, ws):  # pragma: no cover - compiled
        """`EDSparse` evaluation, same modes as `_evaluate`; ed = (A, b, Q's 14 entries, n,
        A's CSR pointers, columns, values, the 7 arrays of `_ed_structure`)."""
        A = ed[0]
        b = ed[1]
        qsp = ed[2:16]
        namb = ed[16]
        a_ptr = ed[17]
        a_col = ed[18]
        a_val = ed[19]
        g_ptr = ed[20]
        g_col = ed[21]
        h_mon = ed[22]
        h_i = ed[23]
        h_a = ed[24]
        h_c = ed[25]
        h_val = ed[26]
        theta, qf, qj, qht, qpw, hth, g, tmp = ws
        mth = A.shape[0]
        k = A.shape[1]
        for a in range(mth):
            v = b[a] + 0.0j
            for e in range(a_ptr[a], a_ptr[a + 1]):
                v += a_val[e] * x[a_col[e]]
            theta[a] = v
        empty = qht[:0]
        jac = mode == 1 or mode == 2
        # phi and its gradient (the Hessians' contraction with r comes after, sparsely)
        _evaluate(theta, empty, empty, qsp, 0, qf, qj, qht, qpw)
        g[:] = 0.0
        if jac:
            hth[:, :] = 0.0
        rr = qht  # r_i = lambda_i phi_i - w_i (qht is free: the inner system has no parameters)
        for i in range(namb):
            r = p[i] * qf[i] - p[namb + i]
            rr[i] = r
            base = namb + i * mth
            d = dp[i] * qf[i] - dp[namb + i] if mode >= 2 else 0.0j
            for e in range(g_ptr[i], g_ptr[i + 1]):  # over the gradient's support
                a = g_col[e]
                ja = qf[base + a]
                g[a] += (d if mode >= 2 else r) * ja
                if jac:  # lambda_i grad phi_i grad phi_i^T
                    lja = p[i] * ja
                    for e2 in range(g_ptr[i], g_ptr[i + 1]):
                        c = g_col[e2]
                        hth[a, c] += lja * qf[base + c]
        if jac:  # sum_i r_i Hess phi_i, over the Hessians' stored entries only
            mon_ptr, mon_var, mon_exp = qsp[0], qsp[1], qsp[2]
            last = -1
            v = 1.0 + 0.0j
            for e in range(h_mon.shape[0]):  # entries sorted by monomial
                mon = h_mon[e]
                if mon != last:
                    last = mon
                    v = 1.0 + 0.0j
                    for q in range(mon_ptr[mon], mon_ptr[mon + 1]):
                        v *= qpw[mon_var[q], mon_exp[q]]
                hth[h_a[e], h_c[e]] += rr[h_i[e]] * v * h_val[e]
        out = ht if mode >= 2 else f
        out[:] = 0.0
        for a in range(mth):  # A^T g over A's entries
            for e in range(a_ptr[a], a_ptr[a + 1]):
                out[a_col[e]] += a_val[e] * g[a]
        if jac:  # jx = A^T (H A), two small products over A's entries
            tmp[:, :] = 0.0
            for a in range(mth):
                for c in range(mth):
                    hac = hth[a, c]
                    if hac != 0.0:
                        for e in range(a_ptr[c], a_ptr[c + 1]):
                            tmp[a, a_col[e]] += hac * a_val[e]
            jx[:, :] = 0.0
            for a in range(mth):
                for e in range(a_ptr[a], a_ptr[a + 1]):
                    c1 = a_col[e]
                    va = a_val[e]
                    for c2 in range(k):
                        jx[c1, c2] += va * tmp[a, c2]

    @_inline
    def _eval(x, p, dp, spec, mode, f, jx, ht, pw, ws):  # pragma: no cover - compiled
        if spec[0] == 0:
            _evaluate(x, p, dp, spec[1:15], mode, f, jx, ht, pw)
        else:
            _evaluate_ed(x, p, dp, spec[15:42], mode, f, jx, ht, ws)

    @_jit
    def _size(z):  # pragma: no cover - compiled
        return abs(z.real) + abs(z.imag)

    @_jit
    def _factor(a, lu, perm, row, col):  # pragma: no cover - compiled
        """LU with row/column equilibration and partial pivoting; False if singular.

        Sizes are |re| + |im| (within a factor sqrt 2 of the modulus, and no square roots).
        """
        n = a.shape[0]
        for i in range(n):
            s = 0.0
            for j in range(n):
                s = max(s, _size(a[i, j]))
            row[i] = 1.0 / s if s > 1e-300 else 1.0
        for j in range(n):
            s = 0.0
            for i in range(n):
                s = max(s, _size(a[i, j]) * row[i])
            col[j] = 1.0 / s if s > 1e-300 else 1.0
        for i in range(n):
            perm[i] = i
            for j in range(n):
                lu[i, j] = a[i, j] * row[i] * col[j]
        for c in range(n):
            piv = c
            best = _size(lu[c, c])
            for r in range(c + 1, n):
                size = _size(lu[r, c])
                if size > best:
                    best = size
                    piv = r
            if best == 0.0 or not np.isfinite(best):
                return False
            if piv != c:
                for j in range(n):
                    tmp = lu[c, j]
                    lu[c, j] = lu[piv, j]
                    lu[piv, j] = tmp
                tp = perm[c]
                perm[c] = perm[piv]
                perm[piv] = tp
            inv = 1.0 / lu[c, c]
            for r in range(c + 1, n):
                lu[r, c] *= inv
                fac = lu[r, c]
                if fac != 0.0:
                    for j in range(c + 1, n):
                        lu[r, j] -= fac * lu[c, j]
        return True

    @_jit
    def _lusolve(lu, perm, row, col, rhs, out, work):  # pragma: no cover - compiled
        """out = A^{-1} rhs from `_factor`."""
        n = lu.shape[0]
        for i in range(n):
            work[i] = rhs[perm[i]] * row[perm[i]]
        for i in range(n):
            s = work[i]
            for j in range(i):
                s -= lu[i, j] * work[j]
            work[i] = s
        for i in range(n - 1, -1, -1):
            s = work[i]
            for j in range(i + 1, n):
                s -= lu[i, j] * work[j]
            work[i] = s / lu[i, i]
        for i in range(n):
            out[i] = work[i] * col[i]

    @_jit
    def _condition(a, lu, perm, row, col, unit, z, work):  # pragma: no cover - compiled
        """$\\|B\\|_\\infty \\|B^{-1}\\|_\\infty$ of the equilibrated $B = D_r A D_c$ from `_factor`'s
        LU of $A$ (within a factor $n$ of the 2-norm condition number `tracker._classify`
        computes by SVD without the kernel)."""
        n = a.shape[0]
        norm = 0.0
        for i in range(n):
            s = 0.0
            for j in range(n):
                s += abs(a[i, j]) * row[i] * col[j]
            norm = max(norm, s)
        sums = np.zeros(n)
        for k in range(n):  # column k of A^{-1}; B^{-1} = D_c^{-1} A^{-1} D_r^{-1}
            for i in range(n):
                unit[i] = 1.0 if i == k else 0.0
            _lusolve(lu, perm, row, col, unit, z, work)
            for i in range(n):
                sums[i] += abs(z[i]) / (col[i] * row[k])
        inv = 0.0
        for i in range(n):
            inv = max(inv, sums[i])
        return norm * inv if np.isfinite(inv) else np.inf

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
    def _track_one(x, p0, dp, sp, opts, out_x, out_info, out_jac):  # pragma: no cover - compiled
        """Track one path; writes the endpoint, (t, status, steps, refinement error) and, for
        a path that reached t = 1, the Jacobian there (after Newton refinement)."""
        (
            initial_step,
            max_step,
            min_step,
            max_steps,
            corrector_tol,
            max_first,
            inf_norm,
            zone,
            final_tol,
        ) = opts
        max_exp = sp[14]
        n = x.shape[0]
        m = p0.shape[0]
        A = sp[15]
        mth = A.shape[0]
        namb = sp[31]
        nq = namb + namb * mth
        ws = (
            np.empty(mth, dtype=np.complex128),
            np.empty(nq, dtype=np.complex128),
            np.empty((nq, mth), dtype=np.complex128),
            np.empty(nq, dtype=np.complex128),
            np.empty((mth, sp[30] + 1), dtype=np.complex128),
            np.empty((mth, mth), dtype=np.complex128),
            np.empty(mth, dtype=np.complex128),
            np.empty((mth, n), dtype=np.complex128),
        )
        f = np.empty(n, dtype=np.complex128)
        jx = np.empty((n, n), dtype=np.complex128)
        ht = np.empty(n, dtype=np.complex128)
        ks = np.empty((4, n), dtype=np.complex128)
        d1 = np.empty(n, dtype=np.complex128)
        d2 = np.empty(n, dtype=np.complex128)
        y = np.empty(n, dtype=np.complex128)
        x2 = np.empty(n, dtype=np.complex128)
        p = np.empty(m, dtype=np.complex128)
        pw = np.empty((n + m, max_exp + 1), dtype=np.complex128)
        lu = np.empty((n, n), dtype=np.complex128)
        perm = np.empty(n, dtype=np.int64)
        row = np.empty(n)
        col = np.empty(n)
        work = np.empty(n, dtype=np.complex128)
        xc = x.copy()
        scale = np.abs(xc)
        t = 0.0
        h = initial_step
        status = _TRACKING
        steps = 0
        have_k1 = False
        while status == _TRACKING:
            if steps >= max_steps:
                status = _MAX_STEPS
                break
            steps += 1
            ha = min(h, 1.0 - t)
            tn = 1.0 if ha >= 1.0 - t else t + ha
            ok = True
            # RK4 predictor on the Davidenko equation H_x x' = -H_t; the first stage depends
            # only on (x, t): kept across rejected steps, and after an accepted step computed
            # with the corrector's factorization (see below)
            for stage in range(0 if not have_k1 else 1, 4):
                c = 0.0 if stage == 0 else (0.5 if stage < 3 else 1.0)
                tt = tn if stage == 3 else t + c * ha
                for i in range(n):
                    y[i] = xc[i] + (c * ha * ks[stage - 1, i] if stage > 0 else 0.0)
                for j in range(m):
                    p[j] = p0[j] + tt * dp[j]
                _eval(y, p, dp, sp, 2, f, jx, ht, pw, ws)
                if not _factor(jx, lu, perm, row, col):
                    ok = False
                    break
                for i in range(n):
                    ht[i] = -ht[i]
                _lusolve(lu, perm, row, col, ht, ks[stage], work)
                if stage == 0:
                    have_k1 = True
            r1 = np.inf
            r2 = np.inf
            if ok:
                for i in range(n):
                    y[i] = xc[i] + ha / 6.0 * (
                        ks[0, i] + 2.0 * ks[1, i] + 2.0 * ks[2, i] + ks[3, i]
                    )
                for j in range(m):
                    p[j] = p0[j] + tn * dp[j]
                # Newton, then a simplified Newton step reusing the factorization
                _eval(y, p, dp, sp, 1, f, jx, ht, pw, ws)
                if _factor(jx, lu, perm, row, col):
                    for i in range(n):
                        f[i] = -f[i]
                    _lusolve(lu, perm, row, col, f, d1, work)
                    for i in range(n):
                        y[i] += d1[i]
                    _eval(y, p, dp, sp, 0, f, jx, ht, pw, ws)
                    for i in range(n):
                        f[i] = -f[i]
                    _lusolve(lu, perm, row, col, f, d2, work)
                    for i in range(n):
                        x2[i] = y[i] + d2[i]
                    r1 = _rel(d1, x2, scale)
                    r2 = _rel(d2, x2, scale)
            accept = (
                np.isfinite(r2)
                and r1 < max_first
                and (r2 <= CONTRACTION * r1 or r2 < _ROUNDOFF)
                and r2 < corrector_tol
            )
            if not accept and np.isfinite(r2) and r1 < max_first and r2 <= CONTRACTION * r1:
                # contracting, not yet within the tolerance: a third (simplified) Newton step
                # lets the prediction err ~(tol / c^2)^(1/3) instead of ~(tol / c)^(1/2)
                # (0.01 instead of 0.003 for a loop, 1e-3 instead of 1e-4 for a move): fewer
                # steps (measured: -15% on the paths of three ED problems) for one evaluation
                _eval(x2, p, dp, sp, 0, f, jx, ht, pw, ws)
                for i in range(n):
                    f[i] = -f[i]
                _lusolve(lu, perm, row, col, f, d1, work)
                for i in range(n):
                    x2[i] += d1[i]
                r3 = _rel(d1, x2, scale)
                accept = (
                    np.isfinite(r3)
                    and (r3 <= CONTRACTION * r2 or r3 < _ROUNDOFF)
                    and r3 < corrector_tol
                )
            # The next step from the corrections: r2 ~ c r1^2 (Newton), r3 ~ c r1 r2, so every
            # acceptance condition is a bound on the prediction error r1 ~ h^q; aim at a
            # fraction of the tightest. q is taken large (8, not RK4's 5): the factor then
            # moves little per step, which measured fewest steps (the error is not yet in its
            # asymptotic regime at these step sizes).
            factor = 0.5
            if np.isfinite(r2) and r1 > 0.0:
                bound = max_first
                if r2 > 100.0 * _ROUNDOFF:
                    c_newton = r2 / (r1 * r1)
                    bound = min(
                        bound,
                        CONTRACTION / c_newton,
                        (corrector_tol / (c_newton * c_newton)) ** (1.0 / 3.0),
                    )
                factor = (STEP_TARGET * bound / r1) ** (1.0 / STEP_ORDER)
            elif r1 == 0.0:
                factor = STEP_GROWTH
            if accept:
                norm = 0.0
                for i in range(n):
                    xc[i] = x2[i]
                    scale[i] = max(abs(xc[i]), 0.9 * scale[i])
                    norm += abs(xc[i]) ** 2
                t = tn
                h = min(ha * min(max(factor, 0.5), STEP_GROWTH), max_step)
                # the next first stage: H_t at the new point, solved with the corrector's
                # factorization of F_x at the predicted point, within r1 < max_first of the
                # new one (the slope's relative error; the corrector removes the shift)
                have_k1 = False
                if t < 1.0:
                    for j in range(m):
                        p[j] = p0[j] + t * dp[j]
                    _eval(xc, p, dp, sp, 3, f, jx, ht, pw, ws)
                    for i in range(n):
                        ht[i] = -ht[i]
                    _lusolve(lu, perm, row, col, ht, ks[0], work)
                    have_k1 = True
                if np.sqrt(norm) > inf_norm:
                    status = _AT_INFINITY
                elif t >= 1.0:
                    status = _SUCCESS
            else:
                h = ha * min(max(factor, 0.1), 0.5)
                if h < min_step:
                    status = _SINGULAR if 1.0 - t < zone else _STEP_SMALL
        err = np.inf
        if status == _SUCCESS:  # Newton at t = 1 (tracker._refine, without its Python loop)
            for j in range(m):
                p[j] = p0[j] + dp[j]
            for i in range(n):
                scale[i] = 0.0
            for _ in range(_REFINE_ITERATIONS):
                _eval(xc, p, dp, sp, 1, f, jx, ht, pw, ws)
                for i in range(n):
                    for j in range(n):
                        out_jac[i, j] = jx[i, j]
                if not _factor(jx, lu, perm, row, col):
                    err = np.inf
                    break
                for i in range(n):
                    f[i] = -f[i]
                _lusolve(lu, perm, row, col, f, d1, work)
                finite = True
                for i in range(n):
                    finite = finite and np.isfinite(d1[i].real) and np.isfinite(d1[i].imag)
                if not finite:
                    err = np.inf
                    break
                for i in range(n):
                    xc[i] += d1[i]
                err = _rel(d1, xc, scale)
                if err < final_tol:
                    break
        cond = np.inf
        if status == _SUCCESS and np.isfinite(err):
            cond = _condition(out_jac, lu, perm, row, col, d1, d2, work)
        out_info[4] = cond
        for i in range(n):
            out_x[i] = xc[i]
        out_info[0] = t
        out_info[1] = status
        out_info[2] = steps
        out_info[3] = err

    @numba.njit(cache=True, parallel=True)
    def _track_all(x, p0, dp, sp, opts, out_x, out_info, out_jac):  # pragma: no cover - compiled
        for i in _prange(x.shape[0]):
            _track_one(x[i], p0[i], dp[i], sp, opts, out_x[i], out_info[i], out_jac[i])

    @numba.njit(cache=True)
    def _track_serial(x, p0, dp, sp, opts, out_x, out_info, out_jac):  # pragma: no cover - compiled
        """`_track_all` in the calling thread (small batches, `SERIAL_BELOW`)."""
        for i in range(x.shape[0]):
            _track_one(x[i], p0[i], dp[i], sp, opts, out_x[i], out_info[i], out_jac[i])


def track_compiled(
    sparse: SparseSystem | EDSparse,
    start: Complex,
    p0: Complex,
    dp: Complex,
    options: tuple[float, float, float, int, float, float, float, float, float],
) -> tuple[
    Complex,
    NDArray[np.float64],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.float64],
    NDArray[np.float64],
]:
    r"""Track every path of $F(x;\ p_0 + t\,\Delta p)$ from $t = 0$ to $1$ in compiled code.

    Paths that reach $t = 1$ are refined there by up to six Newton steps (until the relative
    correction is below ``final_tol``), as `neuromanifold.algebra.homotopy.tracker` does.

    Args:
        sparse: the system (`SparseSystem`, or the structured `EDSparse`).
        start: (paths, n) start points; p0, dp: (paths, m) per-path segments.
        options: (initial_step, max_step, min_step, max_steps, corrector_tol,
            max_first_correction, infinity_norm, endgame_zone, final_tol) as in
            `TrackerOptions`.

    Returns:
        endpoints (paths, n), t reached, raw status codes, step counts, the relative size of
        the last refining Newton step (inf where not refined) and the condition numbers of
        the equilibrated Jacobians $F_x$ there (`_condition`; inf where not refined).
    """
    if numba is None:  # pragma: no cover
        raise RuntimeError("numba is not installed: pip install 'neuromanifold[homotopy]'")
    npaths, n = start.shape
    out_x = np.empty((npaths, n), dtype=np.complex128)
    info = np.zeros((npaths, 5))
    jac = np.zeros((npaths, n, n), dtype=np.complex128)  # scratch: the endpoint Jacobians
    if npaths:
        sp = _spec(sparse)
        opts = (
            float(options[0]),
            float(options[1]),
            float(options[2]),
            int(options[3]),
            float(options[4]),
            float(options[5]),
            float(options[6]),
            float(options[7]),
            float(options[8]),
        )
        # fresh writable copies: a read-only array (np.broadcast_to) is another numba type,
        # and each type is a separate compilation of ~25 s
        run = _track_all if npaths >= SERIAL_BELOW else _track_serial
        run(
            np.array(start, dtype=np.complex128, order="C"),
            np.array(p0, dtype=np.complex128, order="C"),
            np.array(dp, dtype=np.complex128, order="C"),
            sp,
            opts,
            out_x,
            info,
            jac,
        )
    return (
        out_x,
        info[:, 0].copy(),
        info[:, 1].astype(np.int64),
        info[:, 2].astype(np.int64),
        info[:, 3].copy(),
        info[:, 4].copy(),
    )
