r"""The compiled path-tracking kernel: one path per thread, machine code via numba.

The same predictor–corrector as the numpy tracker (`neuromanifold.algebra.homotopy.tracker`):
an RK4 step of the Davidenko equation $H_x \dot x = -H_t$, two Newton corrections (a third when
they contract but are not yet within the tolerance) accepted when they contract quadratically,
and the next step chosen from the corrections (on the paths of three ED problems: 32% fewer
steps than doubling on success and halving on rejection, and fewer failures). Each path runs
its own loop in compiled code (no per-step Python overhead), and the paths are spread over all
cores with ``numba.prange`` (batches below `SERIAL_BELOW` paths stay in the calling thread).
Two savings the vectorized tracker does not make: the first RK4 stage depends only on
$(x, t)$, so it is kept across a rejected step, and after an accepted step it is solved with
the corrector's factorization of $H_x$ (taken at the predicted point, within the accepted
first correction, at most ``max_first_correction``, of the new one: the slope's relative error
is of that size, a small shift of the prediction that the corrector removes), its $H_t$ taken
from the corrector's last evaluation (mode 4: $F$ and $H_t$ share the monomials), within the
last correction ($<$ ``corrector_tol``) of the new point. Refined endpoints get their condition
numbers here too (`_condition`). The homotopy is a parameter path
$H(x, t) = F(x;\ p_0 + t\,\Delta p)$ with one segment per path; $F$ is a `SparseSystem`
(monomials with coefficients per equation, Jacobian entry and parameter) or the structured ED
form `EDSparse` (the critical equations through the parametrization's gradients and Hessians
and the chart, several times fewer terms than the expanded system).

Either form is compiled once into a program of flat term lists (`_spec`): every part of an
evaluation is one loop ``out[dest] += operands * coefficient`` over terms ordered so that
consecutive terms update different outputs, all indices in one unsigned array and all
coefficients in another. What a step costs on this 2-core machine (AMD EPYC, one core;
process time over every kernel call of the ED problems' homotopy solves, recorded and
replayed; the former per-monomial layout → this one, one run, ±10% between runs here):
lcn:k=2,2,2:s=2,2,1 (4 unknowns) 16.3 → 6.1 µs, fc:3,1,3 (5) 15.4 → 6.0 µs, fc:4,1,3 (6)
19.9 → 8.9 µs, fc:3,2,4 (10) 33.9 → 16.7 µs, fc:4,1,4 (7, batches of 71 paths in two
threads, whose idle waiting counts) 22.3 → 14.2 µs; the step counts are unchanged (±0.1%).
Of a step of fc:4,1,4 (serial ~11 µs): four evaluations with $F_x$ ~1.05 µs each,
four LU factorizations ~0.65 µs each, an evaluation of $F$ and $H_t$ ~0.75 µs, six solves
~0.2 µs each. What made the difference, measured: numba increments and decrements an array's
reference count atomically for every array a compiled function touches, per call (with ~35
separate arrays that cost ~0.5 µs per evaluation: hence two flat arrays); signed indices
carry a wraparound test on every load (unsigned ones: evaluations ~35% faster); hypot in
``abs`` and the complex division in the solves (a square root and reciprocal pivots instead).
Tried and dropped: a cubic Hermite predictor through the last two points and slopes (no
Jacobian beyond the corrector's) took 3x the steps, no less time, and lost paths (12 to 202
per problem) - RK4 stays; splitting the LU into real and imaginary planes gained nothing.

numba is an optional dependency (``pip install "neuromanifold[homotopy]"``); without it the
numpy tracker runs the same algorithm, vectorized across paths.
"""

from __future__ import annotations

from typing import Any

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
# assuming the error grows like h^STEP_ORDER; it grows at most STEP_GROWTH-fold per step.
# Re-measured on the kernel calls of five ED problems (lcn:k=2,2,2:s=2,2,1 to fc:4,1,4):
# STEP_TARGET 0.2-0.5, STEP_ORDER 6-12, STEP_GROWTH 2-8, CONTRACTION 0.05-0.2 all move the
# total step count by less than 4% (the loosest contraction saves 1.5% and guards less).
CONTRACTION = 0.1
STEP_TARGET = 0.3
STEP_ORDER = 8.0
STEP_GROWTH = 4.0
# a batch of fewer paths runs in the calling thread (`_track_serial`): waking the thread pool
# costs milliseconds on a loaded machine, more than tracking a few dozen short paths (on a
# shared 2-core machine, lcn:k=2,2:s=2,1, 6 paths per batch: 10 ms per call in parallel).
# Re-measured: with the second core idle, two threads halve the wall time even of batches
# of 6-32 paths; with it busy (another process), they double it (fc:4,1,3: 0.34 s against
# 0.14 s serial) - kept for the shared machine.
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


# The program the kernel reads. Every part of an evaluation is one flat loop over a list of
# terms, out[dest] += (product of operands) * coefficient, the outputs zeroed first: on this
# library's systems (a few terms per output) nested loops with short trip counts cost more in
# mispredicted branches than the arithmetic; each list is ordered by (rank among the terms of
# its destination, destination), so consecutive terms update different outputs (no chain of
# dependent read-modify-writes through memory). All index lists share one int64 array and all
# coefficients one float64 array, located by a header: numba reference-counts (atomically)
# every array a compiled function touches, per call. The indices are unsigned: numba then
# skips the wraparound of negative indices (a third of an indexed load's instructions).
_INT_ARRAYS = (
    "mon_dest",  # factors: mv[mon_dest] *= z[mon_var] (an exponent e repeats the factor e times)
    "mon_var",
    "f_dest",  # monomial form: F, F_x (flat i n + j) and H_t = F_p dp
    "f_mon",
    "j_dest",
    "j_mon",
    "q_dest",
    "q_mon",
    "q_par",
    "a_dest",  # ED form: the chart theta = A s + b
    "a_col",
    "u_dest",  # slots: phi_i, then the stored gradient entries d_a phi_i
    "u_mon",
    "u_i",  # the i of each gradient slot
    "e_dest",  # F and H_t: r_i u_(i,a) A_(a,kappa)
    "e_slot",
    "e_i",
    "g_dest",  # F_s, upper triangle: (lambda_i u_e1) u_e2 A A
    "g_s1",
    "g_s2",
    "h_dest",  # F_s, upper triangle: r_i mon d_c d_a phi_i A A
    "h_i",
    "h_mon",
)
_FLOAT_ARRAYS = ("f_val", "j_val", "q_val", "a_val", "b", "u_val", "e_coef", "g_coef", "h_coef")
# header: kind (0 monomial form, 1 ED form), n of the ED form, the workspace's layout (the
# variables z, the monomials, the slots, the slots times lambda_i, the residuals, total), then
# the offset of each array in its flat array, then the end of the int64 array
_KIND, _NAMB, _WS_MON, _WS_U, _WS_W, _WS_RHO, _WS_SIZE = range(7)
_INT_START = 7
_FLOAT_START = _INT_START + len(_INT_ARRAYS) + 1
_HEADER = _FLOAT_START + len(_FLOAT_ARRAYS)
(
    _MON_DEST,
    _MON_VAR,
    _F_DEST,
    _F_MON,
    _J_DEST,
    _J_MON,
    _Q_DEST,
    _Q_MON,
    _Q_PAR,
    _A_DEST,
    _A_COL,
    _U_DEST,
    _U_MON,
    _U_I,
    _E_DEST,
    _E_SLOT,
    _E_I,
    _G_DEST,
    _G_S1,
    _G_S2,
    _H_DEST,
    _H_I,
    _H_MON,
) = range(_INT_START, _INT_START + len(_INT_ARRAYS))
_F_VAL, _J_VAL, _Q_VAL, _A_VAL, _B, _U_VAL, _E_COEF, _G_COEF, _H_COEF = range(_FLOAT_START, _HEADER)

Program = tuple[NDArray[np.uint64], NDArray[np.float64]]


def _interleaved(dest: NDArray[Any], *columns: NDArray[Any]) -> list[NDArray[Any]]:
    """The terms (dest, columns...) ordered by (rank among the terms of their destination,
    destination)."""
    dest = np.asarray(dest, dtype=np.int64)
    by_dest = np.argsort(dest, kind="stable")
    sorted_dest = dest[by_dest]
    rank = np.arange(dest.size) - np.searchsorted(sorted_dest, sorted_dest)
    order = by_dest[np.lexsort((sorted_dest, rank))]
    return [dest[order], *(np.asarray(c)[order] for c in columns)]


def _spec(form: SparseSystem | EDSparse) -> Program:
    """The (int64, float64) program the kernel reads (`_pack`); built once per form (monodromy
    tracks hundreds of batches of one system)."""
    cached = form.__dict__.get("_kernel_spec")
    if cached is None:
        cached = form.__dict__["_kernel_spec"] = (
            _ed_program(form) if isinstance(form, EDSparse) else _monomial_program(form)
        )
    return cached


def _pack(
    kind: int, namb: int, sizes: tuple[int, int, int], arrays: dict[str, NDArray[Any]]
) -> Program:
    r"""Concatenate the named arrays (absent ones empty) behind the header. The workspace
    holds the variables $z$ the monomials read, the monomials' values, the ED slots, the slots
    times $\lambda_i$ and the residuals with their t-derivatives; sizes = (len z, monomials,
    slots)."""
    ints = [np.asarray(arrays.get(k, []), dtype=np.int64) for k in _INT_ARRAYS]
    floats = [np.asarray(arrays.get(k, []), dtype=np.float64) for k in _FLOAT_ARRAYS]
    nz, nmon, nslot = sizes
    ws = np.cumsum([nz, nmon, nslot, nslot, 2 * namb])
    int_off = _HEADER + np.concatenate([[0], np.cumsum([a.size for a in ints])])
    float_off = np.concatenate([[0], np.cumsum([a.size for a in floats])[:-1]])
    header = np.array([kind, namb, *ws, *int_off, *float_off], dtype=np.int64)
    program = np.concatenate([header, *ints]).astype(np.uint64)
    return program, np.concatenate([np.zeros(0), *floats])


def _factors(s: SparseSystem) -> dict[str, NDArray[Any]]:
    """The monomials of s as factor terms (exponents as repetitions)."""
    mon = np.repeat(_per_monomial(s.mon_ptr), s.mon_exp)
    var = np.repeat(s.mon_var, s.mon_exp)
    mon_dest, mon_var = _interleaved(mon, var)
    return {"mon_dest": mon_dest, "mon_var": mon_var}


def _per_monomial(ptr: NDArray[np.int64]) -> NDArray[np.int64]:
    return np.repeat(np.arange(ptr.shape[0] - 1, dtype=np.int64), np.diff(ptr))


def _monomial_program(s: SparseSystem) -> Program:
    r"""The terms of a `SparseSystem` ($F_i$, $\partial F_i/\partial x_j$ at flat index $i n + j$,
    $H_{t,i}$), its monomials read from $z = (x, p)$."""
    arrays = _factors(s)
    for keys, entries in (
        (("f_dest", "f_mon", "f_val"), _interleaved(s.f_eq, _per_monomial(s.f_ptr), s.f_val)),
        (("j_dest", "j_mon", "j_val"), _interleaved(s.j_idx, _per_monomial(s.j_ptr), s.j_val)),
        (
            ("q_dest", "q_mon", "q_par", "q_val"),
            _interleaved(s.q_eq, _per_monomial(s.q_ptr), s.q_par, s.q_val),
        ),
    ):
        arrays.update(zip(keys, entries, strict=True))
    return _pack(0, 0, (s.n + s.m, s.mon_ptr.shape[0] - 1, 0), arrays)


def _ed_program(form: EDSparse) -> Program:
    r"""The terms of an `EDSparse`, from the stored entries of $\varphi$, its gradients and
    Hessians (`SparseSystem` Q, monomials in $z = \theta$) and of the chart $A$:

    - slots $u$: $\varphi_i$ (slot $i$), then each stored gradient entry $\partial_a \varphi_i$
      (slot $n + e$, its $i$ in ``u_i``), sums of (monomial, coefficient);
    - $F_\kappa = \sum r_i\, u_{(i,a)} A_{a\kappa}$ and $H_{t,\kappa}$ the same with
      $\dot r_i = \dot\lambda_i \varphi_i - \dot w_i$: terms (i, slot, $A_{a\kappa}$);
    - $F_{s,\kappa\mu}$ for $\kappa \le \mu$ (it is symmetric: the Hessian of
      $\tfrac12 \sum_i (\lambda_i \varphi_i - w_i)^2 / \lambda_i$), as terms
      $(\lambda_i u_{e_1}) u_{e_2} A_{a_1\kappa} A_{a_2\mu}$ ($e_1 \le e_2$, coefficient) and
      $r_i\, \mu_{mon} \partial_c\partial_a\varphi_i A_{a\kappa} A_{c\mu}$ (i, monomial,
      coefficient), duplicates merged.
    """
    q, namb, amat = form.q, form.n, form.A
    mth, k = amat.shape
    f_mon, row = _per_monomial(q.f_ptr), q.f_eq
    grad_rows = np.unique(row[row >= namb])
    slot = np.where(row < namb, row, namb + np.searchsorted(grad_rows, row))
    gi, ga = np.divmod(grad_rows - namb, mth)
    a_rows: list[list[tuple[int, float]]] = [
        [(int(c), float(amat[a, c])) for c in np.flatnonzero(amat[a])] for a in range(mth)
    ]
    e_terms = [
        (kap, int(gi[e]), namb + e, v) for e in range(grad_rows.size) for kap, v in a_rows[ga[e]]
    ]
    by_i: list[list[int]] = [[] for _ in range(namb)]
    for e in range(grad_rows.size):
        by_i[gi[e]].append(e)
    g_terms: dict[tuple[int, int, int], float] = {}
    for slots in by_i:
        for e1 in slots:
            for e2 in slots:
                for k1, v1 in a_rows[ga[e1]]:
                    for k2, v2 in a_rows[ga[e2]]:
                        if k1 <= k2:
                            key = (k1 * k + k2, namb + min(e1, e2), namb + max(e1, e2))
                            g_terms[key] = g_terms.get(key, 0.0) + v1 * v2
    h_mon = _per_monomial(q.j_ptr)
    h_row, h_col = np.divmod(q.j_idx, mth)
    keep = h_row >= namb
    hi, ha = np.divmod(h_row[keep] - namb, mth)
    h_terms: dict[tuple[int, int, int], float] = {}
    for mon, i, a, c, val in zip(h_mon[keep], hi, ha, h_col[keep], q.j_val[keep], strict=True):
        for k1, v1 in a_rows[a]:
            for k2, v2 in a_rows[c]:
                if k1 <= k2:
                    key = (k1 * k + k2, int(i), int(mon))
                    h_terms[key] = h_terms.get(key, 0.0) + float(val) * v1 * v2

    def columns(terms: list[tuple[float, ...]], width: int) -> list[NDArray[Any]]:
        table = np.array(terms, dtype=np.float64).reshape(len(terms), width)
        return [table[:, c].astype(np.int64) for c in range(width - 1)] + [table[:, -1]]

    rows, cols = np.nonzero(amat)
    arrays = _factors(q)
    arrays.update(b=form.b, u_i=gi)
    e_cols = columns(e_terms, 4)  # type: ignore[arg-type]
    g_cols = columns([(*key, v) for key, v in g_terms.items()], 4)
    h_cols = columns([(*key, v) for key, v in h_terms.items()], 4)
    for keys, entries in (
        (("a_dest", "a_col", "a_val"), _interleaved(rows, cols, amat[rows, cols])),
        (("u_dest", "u_mon", "u_val"), _interleaved(slot, f_mon, q.f_val)),
        (("e_dest", "e_i", "e_slot", "e_coef"), _interleaved(*e_cols)),
        (("g_dest", "g_s1", "g_s2", "g_coef"), _interleaved(*g_cols)),
        (("h_dest", "h_i", "h_mon", "h_coef"), _interleaved(*h_cols)),
    ):
        arrays.update(zip(keys, entries, strict=True))
    return _pack(1, namb, (mth, q.mon_ptr.shape[0] - 1, namb + grad_rows.size), arrays)


if numba is not None:
    # fused multiply-adds ("contract": no reassociation, no assumptions about inf or nan) and
    # numpy's error model (no ZeroDivisionError branches; every division here is guarded)
    _FLAGS = {"cache": True, "error_model": "numpy", "fastmath": {"contract"}}
    _jit = numba.njit(nogil=True, **_FLAGS)
    _prange = numba.prange

    @_jit
    def _add_monomials(out, o, cw, wm, iv, fv, head, value):  # pragma: no cover - compiled
        """out[o + dest] += monomial * coefficient over the terms whose (dest, monomial) lists
        sit at header entries head, head + 1 and coefficients at header entry value."""
        od, om, ov = iv[head], iv[head + 1], iv[value]
        for q in range(iv[head + 1] - od):
            z = cw[wm + iv[om + q]]
            c = fv[ov + q]
            out[o + iv[od + q]] += complex(z.real * c, z.imag * c)

    @_jit
    def _evaluate(x, p, dp, iv, fv, mode, f, jx, ht, cw):  # pragma: no cover - compiled
        """F (mode 0); F and F_x (mode 1); F_x and H_t = F_p dp (mode 2); H_t (mode 3); F and
        H_t (mode 4). (iv, fv) is the program (`_pack`), cw the workspace; every part is a
        flat loop over its terms (`_INT_ARRAYS`)."""
        n = x.shape[0]
        jac = mode == 1 or mode == 2
        want_f = mode <= 1 or mode == 4
        want_t = mode >= 2
        kind = iv[_KIND]
        namb = iv[_NAMB]
        wm = iv[_WS_MON]
        wu = iv[_WS_U]
        ww = iv[_WS_W]
        wr = iv[_WS_RHO]
        # the variables z the monomials read: (x, p), or the chart point theta = A s + b
        if kind == 0:
            for i in range(n):
                cw[i] = x[i]
            for j in range(p.shape[0]):
                cw[n + j] = p[j]
        else:
            ob = iv[_B]
            for a in range(wm):
                cw[a] = fv[ob + a]
            od, oc, ov = iv[_A_DEST], iv[_A_COL], iv[_A_VAL]
            for q in range(iv[_A_DEST + 1] - od):
                cw[iv[od + q]] += fv[ov + q] * x[iv[oc + q]]
        for mon in range(wm, wu):
            cw[mon] = 1.0
        od, ov = iv[_MON_DEST], iv[_MON_VAR]
        for q in range(iv[_MON_DEST + 1] - od):
            cw[wm + iv[od + q]] *= cw[iv[ov + q]]
        jf = jx.reshape(n * n)
        if jac:
            for d in range(n * n):
                jf[d] = 0.0
        if want_f:
            for i in range(n):
                f[i] = 0.0
        if want_t:
            for i in range(n):
                ht[i] = 0.0
        if kind == 0:
            if want_f:
                _add_monomials(f, np.uint64(0), cw, wm, iv, fv, _F_DEST, _F_VAL)
            if jac:
                _add_monomials(jf, np.uint64(0), cw, wm, iv, fv, _J_DEST, _J_VAL)
            if want_t:
                od, om, op, ov = iv[_Q_DEST], iv[_Q_MON], iv[_Q_PAR], iv[_Q_VAL]
                for q in range(iv[_Q_DEST + 1] - od):
                    ht[iv[od + q]] += cw[wm + iv[om + q]] * (fv[ov + q] * dp[iv[op + q]])
            return
        # the ED form: the slots u, the residuals r_i = lambda_i phi_i - w_i (rho) and their
        # t-derivatives, then F and/or H_t, then F_s from (lambda_i u_e1) u_e2 and r_i mon
        for s in range(wu, ww):
            cw[s] = 0.0
        _add_monomials(cw, wu, cw, wm, iv, fv, _U_DEST, _U_VAL)
        if mode != 3:
            for r in range(namb):
                cw[wr + r] = p[r] * cw[wu + r] - p[namb + r]
        if want_t:
            for r in range(namb):
                cw[wr + namb + r] = dp[r] * cw[wu + r] - dp[namb + r]
        od, oi, os, ov = iv[_E_DEST], iv[_E_I], iv[_E_SLOT], iv[_E_COEF]
        for q in range(iv[_E_DEST + 1] - od):
            z = cw[wu + iv[os + q]]
            c = fv[ov + q]
            z = complex(z.real * c, z.imag * c)
            r = iv[oi + q]
            dst = iv[od + q]
            if want_f:
                f[dst] += cw[wr + r] * z
            if want_t:
                ht[dst] += cw[wr + namb + r] * z
        if jac:
            oi = iv[_U_I]
            for e in range(ww - wu - namb):
                cw[ww + namb + e] = p[iv[oi + e]] * cw[wu + namb + e]
            od, o1, o2, ov = iv[_G_DEST], iv[_G_S1], iv[_G_S2], iv[_G_COEF]
            for q in range(iv[_G_DEST + 1] - od):
                z = cw[ww + iv[o1 + q]] * cw[wu + iv[o2 + q]]
                c = fv[ov + q]
                jf[iv[od + q]] += complex(z.real * c, z.imag * c)
            od, oi, om, ov = iv[_H_DEST], iv[_H_I], iv[_H_MON], iv[_H_COEF]
            for q in range(iv[_H_DEST + 1] - od):
                z = cw[wr + iv[oi + q]] * cw[wm + iv[om + q]]
                c = fv[ov + q]
                jf[iv[od + q]] += complex(z.real * c, z.imag * c)
            for k1 in range(n):  # F_s is symmetric: the upper triangle, mirrored
                for k2 in range(k1 + 1, n):
                    jf[k2 * n + k1] = jf[k1 * n + k2]

    @_jit
    def _modulus(z):  # pragma: no cover - compiled
        """|z| by one square root (abs() calls hypot); hypot where the squares would over- or
        underflow."""
        v = z.real * z.real + z.imag * z.imag
        if 1e-290 < v < 1e290:
            return np.sqrt(v)
        return abs(z)

    @_jit
    def _size(z):  # pragma: no cover - compiled
        return abs(z.real) + abs(z.imag)

    @_jit
    def _factor(a, lu, dinv, perm, row, col):  # pragma: no cover - compiled
        """LU with row/column equilibration and partial pivoting; False if singular. The
        pivots' reciprocals go to dinv (the solves then multiply instead of dividing).

        Sizes are |re| + |im| (within a factor sqrt 2 of the modulus, and no square roots);
        indices unsigned (no wraparound of negative indices).
        """
        n = np.uint64(a.shape[0])
        one = np.uint64(1)
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
            ri = row[i]
            for j in range(n):
                z = a[i, j]
                sc = ri * col[j]
                lu[i, j] = complex(z.real * sc, z.imag * sc)
        for c in range(n):
            piv = c
            best = _size(lu[c, c])
            for r in range(c + one, n):
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
            dinv[c] = inv
            for r in range(c + one, n):
                fac = lu[r, c] * inv
                lu[r, c] = fac
                if fac != 0.0:
                    for j in range(c + one, n):
                        lu[r, j] -= fac * lu[c, j]
        return True

    @_jit
    def _lusolve(lu, dinv, perm, row, col, rhs, out, work):  # pragma: no cover - compiled
        """out = A^{-1} rhs from `_factor` (indices unsigned, as there)."""
        n = np.uint64(lu.shape[0])
        one = np.uint64(1)
        for i in range(n):
            pi = np.uint64(perm[i])
            s = rhs[pi] * row[pi]
            for j in range(i):
                s -= lu[i, j] * work[j]
            work[i] = s
        for k in range(n):
            i = n - one - k
            s = work[i]
            for j in range(i + one, n):
                s -= lu[i, j] * work[j]
            work[i] = s * dinv[i]
        for i in range(n):
            out[i] = work[i] * col[i]

    @_jit
    def _condition(a, lu, dinv, perm, row, col, unit, z, work):  # pragma: no cover - compiled
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
            _lusolve(lu, dinv, perm, row, col, unit, z, work)
            for i in range(n):
                sums[i] += abs(z[i]) / (col[i] * row[k])
        inv = 0.0
        for i in range(n):
            inv = max(inv, sums[i])
        return norm * inv if np.isfinite(inv) else np.inf

    @_jit
    def _weights(x, scale, w):  # pragma: no cover - compiled
        """The weights w_i(x) of `_rel` (tracker._weights), into w."""
        top = 0.0
        for i in range(x.shape[0]):
            w[i] = _modulus(x[i])
            top = max(top, w[i])
        for i in range(x.shape[0]):
            w[i] = max(max(w[i], 1e-12 * top) + 1e-300, 1e-3 * scale[i])

    @_jit
    def _rel(dx, w):  # pragma: no cover - compiled
        """Weighted size max_i |dx_i| / w_i (`_weights`)."""
        r = 0.0
        for i in range(dx.shape[0]):
            r = max(r, _modulus(dx[i]) / w[i])
        return r

    @_jit
    def _track_one(
        x, p0, dp, iv, fv, opts, out_x, out_info, out_jac
    ):  # pragma: no cover - compiled
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
        n = x.shape[0]
        m = p0.shape[0]
        cw = np.empty(np.int64(iv[_WS_SIZE]), dtype=np.complex128)  # `_evaluate`'s workspace
        f = np.empty(n, dtype=np.complex128)
        jx = np.empty((n, n), dtype=np.complex128)
        ht = np.empty(n, dtype=np.complex128)
        ks = np.empty((4, n), dtype=np.complex128)
        d1 = np.empty(n, dtype=np.complex128)
        d2 = np.empty(n, dtype=np.complex128)
        y = np.empty(n, dtype=np.complex128)
        x2 = np.empty(n, dtype=np.complex128)
        p = np.empty(m, dtype=np.complex128)
        lu = np.empty((n, n), dtype=np.complex128)
        dinv = np.empty(n, dtype=np.complex128)
        perm = np.empty(n, dtype=np.int64)
        row = np.empty(n)
        col = np.empty(n)
        work = np.empty(n, dtype=np.complex128)
        wt = np.empty(n)
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
                _evaluate(y, p, dp, iv, fv, 2, f, jx, ht, cw)
                if not _factor(jx, lu, dinv, perm, row, col):
                    ok = False
                    break
                for i in range(n):
                    ht[i] = -ht[i]
                _lusolve(lu, dinv, perm, row, col, ht, ks[stage], work)
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
                _evaluate(y, p, dp, iv, fv, 1, f, jx, ht, cw)
                if _factor(jx, lu, dinv, perm, row, col):
                    for i in range(n):
                        f[i] = -f[i]
                    _lusolve(lu, dinv, perm, row, col, f, d1, work)
                    for i in range(n):
                        y[i] += d1[i]
                    # F, and H_t for the next first stage (within |d2| of the new point)
                    _evaluate(y, p, dp, iv, fv, 4, f, jx, ht, cw)
                    for i in range(n):
                        f[i] = -f[i]
                    _lusolve(lu, dinv, perm, row, col, f, d2, work)
                    for i in range(n):
                        x2[i] = y[i] + d2[i]
                    _weights(x2, scale, wt)
                    r1 = _rel(d1, wt)
                    r2 = _rel(d2, wt)
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
                _evaluate(x2, p, dp, iv, fv, 4, f, jx, ht, cw)
                for i in range(n):
                    f[i] = -f[i]
                _lusolve(lu, dinv, perm, row, col, f, d1, work)
                for i in range(n):
                    x2[i] += d1[i]
                _weights(x2, scale, wt)
                r3 = _rel(d1, wt)
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
                    scale[i] = max(_modulus(xc[i]), 0.9 * scale[i])
                    norm += xc[i].real ** 2 + xc[i].imag ** 2
                t = tn
                h = min(ha * min(max(factor, 0.5), STEP_GROWTH), max_step)
                # the next first stage: H_t from the corrector's last evaluation (at the new
                # point but for the last correction, < corrector_tol), solved with its
                # factorization of F_x at the predicted point, within r1 < max_first of the
                # new one (the slope's relative error; the corrector removes the shift)
                have_k1 = False
                if t < 1.0:
                    for i in range(n):
                        ht[i] = -ht[i]
                    _lusolve(lu, dinv, perm, row, col, ht, ks[0], work)
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
                _evaluate(xc, p, dp, iv, fv, 1, f, jx, ht, cw)
                for i in range(n):
                    for j in range(n):
                        out_jac[i, j] = jx[i, j]
                if not _factor(jx, lu, dinv, perm, row, col):
                    err = np.inf
                    break
                for i in range(n):
                    f[i] = -f[i]
                _lusolve(lu, dinv, perm, row, col, f, d1, work)
                finite = True
                for i in range(n):
                    finite = finite and np.isfinite(d1[i].real) and np.isfinite(d1[i].imag)
                if not finite:
                    err = np.inf
                    break
                for i in range(n):
                    xc[i] += d1[i]
                _weights(xc, scale, wt)
                err = _rel(d1, wt)
                if err < final_tol:
                    break
        cond = np.inf
        if status == _SUCCESS and np.isfinite(err):
            cond = _condition(out_jac, lu, dinv, perm, row, col, d1, d2, work)
        out_info[4] = cond
        for i in range(n):
            out_x[i] = xc[i]
        out_info[0] = t
        out_info[1] = status
        out_info[2] = steps
        out_info[3] = err

    @numba.njit(parallel=True, **_FLAGS)
    def _track_all(
        x, p0, dp, iv, fv, opts, out_x, out_info, out_jac
    ):  # pragma: no cover - compiled
        for i in _prange(x.shape[0]):
            _track_one(x[i], p0[i], dp[i], iv, fv, opts, out_x[i], out_info[i], out_jac[i])

    @numba.njit(**_FLAGS)
    def _track_serial(
        x, p0, dp, iv, fv, opts, out_x, out_info, out_jac
    ):  # pragma: no cover - compiled
        """`_track_all` in the calling thread (small batches, `SERIAL_BELOW`)."""
        for i in range(x.shape[0]):
            _track_one(x[i], p0[i], dp[i], iv, fv, opts, out_x[i], out_info[i], out_jac[i])


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
        iv, fv = _spec(sparse)
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
            iv,
            fv,
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
