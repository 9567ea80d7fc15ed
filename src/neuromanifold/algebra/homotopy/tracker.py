r"""A path tracker vectorized across paths: RK4 predictor, Newton corrector, adaptive steps.

Every active path advances its own $t$ with its own step size in one batched iteration:
the predictor integrates the Davidenko equation $H_x \dot x = -H_t$ with a Runge–Kutta step,
the corrector runs two Newton iterations at the new $t$ (a third when they contract but are
not yet within the tolerance) and accepts when they contract quadratically (a guard against
path jumping). The next step comes from the corrections: each acceptance condition bounds the
prediction error, and the step aims at a fraction of the tightest bound (at most 4 times
larger, at least 10 times smaller; `_step_factor`). At $t = 1$ the endpoint is refined and
classified (`PathStatus`). References: Sommese–Wampler, *The Numerical Solution of Systems of
Polynomials*, 2005, Ch. 2; Bates–Hauenstein–Sommese–Wampler, *Bertini*, 2013, Ch. 2;
Breiding–Timme, *HomotopyContinuation.jl*, ICMS 2018.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy import kernel
from neuromanifold.algebra.homotopy.homotopies import Homotopy

__all__ = ["PathStatus", "TrackedPaths", "TrackerOptions", "track"]

Complex = NDArray[np.complex128]


class PathStatus(enum.IntEnum):
    """How a path ended; ``.message`` says what it means and what to try."""

    TRACKING = 0
    SUCCESS = 1
    SINGULAR = 2
    AT_INFINITY = 3
    STEP_SIZE_TOO_SMALL = 4
    MAX_STEPS = 5
    PATH_JUMPED = 6

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    PathStatus.TRACKING: "still tracking (internal state)",
    PathStatus.SUCCESS: "reached t = 1 at a nonsingular solution (Newton converged quadratically)",
    PathStatus.SINGULAR: (
        "ended at a singular solution (ill-conditioned Jacobian, e.g. a multiple root such as "
        "x^2 = 0); not counted among isolated nonsingular solutions — deflate or use an endgame"
    ),
    PathStatus.AT_INFINITY: (
        "diverged to infinity: the system has fewer finite solutions than the paths tracked "
        "(e.g. below its Bézout number); nothing is lost"
    ),
    PathStatus.STEP_SIZE_TOO_SMALL: (
        "the step size fell below min_step before t = 1, near a (nearly) singular region; "
        "retrack with another gamma/seed or tighter TrackerOptions"
    ),
    PathStatus.MAX_STEPS: "exceeded max_steps; raise TrackerOptions.max_steps",
    PathStatus.PATH_JUMPED: (
        "two paths reached the same nonsingular endpoint, so one jumped; it was retracked with "
        "tighter settings and still collided — retrack with another seed"
    ),
}


ROUNDOFF = 1e-10
"""Componentwise relative corrections below this count as converged (floating-point floor)."""


@dataclass(frozen=True)
class TrackerOptions:
    """Settings of `track`.

    Attributes:
        initial_step: first step in t.
        max_step: largest step in t.
        min_step: a path whose step falls below this fails (or is classified, near t = 1).
        max_steps: iteration limit per path.
        corrector_tol: relative size of the second Newton correction needed to accept a step.
        max_first_correction: relative size of the first Newton correction allowed.
        final_tol: relative accuracy of the refined endpoint.
        singular_cond: condition number above which an endpoint counts as singular.
        infinity_norm: affine paths whose norm exceeds this are declared at infinity.
        endgame_zone: a stalled path with 1 - t below this is classified, not failed.
        compiled: use the compiled kernel (`neuromanifold.algebra.homotopy.kernel`) for
            parameter homotopies when numba is installed; False forces the numpy loop.
    """

    initial_step: float = 0.02
    max_step: float = 0.25
    min_step: float = 1e-13
    max_steps: int = 20_000
    corrector_tol: float = 1e-7
    max_first_correction: float = 0.05
    final_tol: float = 1e-12
    singular_cond: float = 1e9
    infinity_norm: float = 1e18
    endgame_zone: float = 1e-4
    compiled: bool = True

    def tighter(self) -> TrackerOptions:
        """Smaller steps and stricter correction, for retracking suspicious paths."""
        return TrackerOptions(
            initial_step=self.initial_step / 4,
            max_step=self.max_step / 4,
            min_step=self.min_step / 100,
            max_steps=self.max_steps * 4,
            corrector_tol=max(self.corrector_tol / 10, 10 * ROUNDOFF),
            max_first_correction=self.max_first_correction / 10,
            final_tol=self.final_tol,
            singular_cond=self.singular_cond,
            infinity_norm=self.infinity_norm,
            endgame_zone=self.endgame_zone,
            compiled=self.compiled,
        )


@dataclass(frozen=True, eq=False)
class TrackedPaths:
    """Endpoints (paths, n), their status codes, condition numbers and step counts."""

    endpoints: Complex
    status: NDArray[np.int64]
    cond: NDArray[np.float64]
    steps: NDArray[np.int64]
    t: NDArray[np.float64]


def _equilibrate(a: Complex) -> Complex:
    """Rows, then columns, scaled to unit max-norm: the condition number that matters."""
    with np.errstate(all="ignore"):
        a = a / np.maximum(np.abs(a).max(axis=2, keepdims=True), 1e-300)
        return a / np.maximum(np.abs(a).max(axis=1, keepdims=True), 1e-300)


def _solve(a: Complex, b: Complex) -> Complex:
    """Batched solve with row and column equilibration (scaling only, exact in exact arithmetic)."""
    with np.errstate(all="ignore"):
        row = 1.0 / np.maximum(np.abs(a).max(axis=2), 1e-300)
        a = a * row[:, :, None]
        col = 1.0 / np.maximum(np.abs(a).max(axis=1), 1e-300)
        a = a * col[:, None, :]
        b = b * row
    try:
        return np.linalg.solve(a, b[..., None])[..., 0] * col
    except np.linalg.LinAlgError:
        out = np.empty_like(b)
        for i in range(a.shape[0]):
            out[i] = np.linalg.lstsq(a[i], b[i], rcond=None)[0]
        return out * col


def _weights(x: Complex, scale: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    r"""Per-coordinate weights $w_i = \max(|x_i|, 10^{-3} s_i, 10^{-12}\|x\|_\infty)$.

    $s$ is a slowly decaying running maximum of $|x_i|$ along the path, so a coordinate that
    passes near zero does not force tiny steps, while coordinates of very different sizes (a
    chart fixes $|a| \sim 10^{-4}$ while $|b| \sim 10^{10}$) are each resolved.
    """
    ax = np.abs(x)
    w = np.maximum(ax, 1e-12 * ax.max(axis=1, keepdims=True)) + 1e-300
    return w if scale is None else np.maximum(w, 1e-3 * scale)


def _rel(dx: Complex, x: Complex, w: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    r"""Weighted size $\max_i |dx_i| / w_i$ (see `_weights`)."""
    return np.max(np.abs(dx) / (_weights(x) if w is None else w), axis=1, initial=0.0)


def _newton(
    hom: Homotopy, x: Complex, t: NDArray[np.float64], idx: NDArray[np.int64]
) -> tuple[Complex, Complex]:
    h, hx, _ = hom.evaluate(x, t, idx)
    return _solve(hx, -h), hx


def _refine(
    hom: Homotopy, x: Complex, idx: NDArray[np.int64], opts: TrackerOptions, iterations: int = 6
) -> tuple[Complex, NDArray[np.float64], NDArray[np.float64]]:
    t = np.ones(x.shape[0])
    err = np.full(x.shape[0], np.inf)
    hx = None
    for _ in range(iterations):
        dx, hx = _newton(hom, x, t, idx)
        good = np.asarray(np.isfinite(dx).all(axis=1))
        x = np.where(good[:, None], x + dx, x)
        err = np.where(good, _rel(dx, x), np.inf)
        if np.all(err < opts.final_tol):
            break
    assert hx is not None
    with np.errstate(all="ignore"):
        cond = np.linalg.cond(_equilibrate(hx)) if x.shape[0] else np.zeros(0)
    return x, err, np.nan_to_num(cond, nan=np.inf)


def track(
    homotopy: Homotopy,
    start: Complex,
    options: TrackerOptions | None = None,
    paths: NDArray[np.int64] | None = None,
) -> TrackedPaths:
    r"""Track all paths $x(t)$ with $H(x(t), t) = 0$ from $t = 0$ to $t = 1$ at once.

    Args:
        homotopy: a `Homotopy` (total degree or parameter).
        start: start solutions of $H(\cdot, 0) = 0$, shape (paths, n).
        options: `TrackerOptions`.
        paths: the homotopy's path indices of the start points (default ``0..paths-1``), for
            homotopies with per-path parameters.

    Returns:
        `TrackedPaths` with the endpoints and a `PathStatus` per path.

    Example:
        >>> from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
        >>> from neuromanifold.algebra.homotopy.homotopies import ParameterHomotopy
        >>> from neuromanifold.algebra.system import PolynomialSystem
        >>> s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
        >>> hom = ParameterHomotopy(CompiledSystem.from_system(s), np.array([1.0]), np.array([4.0]))
        >>> out = track(hom, np.array([[1.0 + 0j], [-1.0 + 0j]]))
        >>> np.round(out.endpoints.real, 8).ravel().tolist(), out.status.tolist()
        ([2.0, -2.0], [1, 1])
    """
    opts = options or TrackerOptions()
    x = np.array(start, dtype=np.complex128)
    ids = np.arange(x.shape[0]) if paths is None else np.asarray(paths)
    projective = homotopy.is_projective()
    segments = getattr(homotopy, "segments", None)
    if kernel.AVAILABLE and opts.compiled and segments is not None:
        p0, dp = segments(ids, x.shape[0])
        x, t, status, steps, err, cond = kernel.track_compiled(
            homotopy.system.sparse,  # type: ignore[attr-defined]
            x,
            p0,
            dp,
            (
                opts.initial_step,
                opts.max_step,
                opts.min_step,
                opts.max_steps,
                opts.corrector_tol,
                opts.max_first_correction,
                opts.infinity_norm,
                opts.endgame_zone,
                opts.final_tol,
            ),
        )
        return _classify(homotopy, x, t, status, steps, ids, opts, projective, (err, cond))
    x, t, status, steps = _advance(homotopy, x, ids, opts)
    return _classify(homotopy, x, t, status, steps, ids, opts, projective)


def _step_factor(
    r1: NDArray[np.float64], r2: NDArray[np.float64], opts: TrackerOptions
) -> NDArray[np.float64]:
    """The next step over this one, from the first two corrections (the kernel's rule): every
    acceptance condition bounds the prediction error r1 (r2 ~ c r1^2, a third step ~ c r1 r2);
    aim at `kernel.STEP_TARGET` of the tightest bound, the error taken ~ h^`kernel.STEP_ORDER`.
    """
    with np.errstate(all="ignore"):
        c = np.where(r2 > 100.0 * ROUNDOFF, r2 / (r1 * r1), 0.0)
        bound = np.full(r1.shape, opts.max_first_correction)
        hard = c > 0
        bound[hard] = np.minimum(
            bound[hard],
            np.minimum(
                kernel.CONTRACTION / c[hard], (opts.corrector_tol / c[hard] ** 2) ** (1.0 / 3.0)
            ),
        )
        factor = (kernel.STEP_TARGET * bound / r1) ** (1.0 / kernel.STEP_ORDER)
    factor = np.where(np.isfinite(r2) & (r1 > 0), factor, 0.5)
    return np.where(np.isfinite(r2) & (r1 == 0), kernel.STEP_GROWTH, factor)


def _advance(
    homotopy: Homotopy, x: Complex, ids: NDArray[np.int64], opts: TrackerOptions
) -> tuple[Complex, NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """The numpy tracking loop: all active paths advance together, each with its own step."""
    npaths = x.shape[0]
    t = np.zeros(npaths)
    h = np.full(npaths, opts.initial_step)
    status = np.zeros(npaths, dtype=np.int64)
    steps = np.zeros(npaths, dtype=np.int64)
    projective = homotopy.is_projective()
    scale = np.abs(x)

    def velocity(xx: Complex, tt: NDArray[np.float64], ii: NDArray[np.int64]) -> Complex:
        _, hx, ht = homotopy.evaluate(xx, tt, ii)
        return _solve(hx, -ht)

    for _ in range(opts.max_steps):
        idx = np.flatnonzero(status == PathStatus.TRACKING)
        if idx.size == 0:
            break
        xa, ta, ga = x[idx], t[idx], ids[idx]
        ha = np.minimum(h[idx], 1.0 - ta)
        hc = ha[:, None]
        with np.errstate(all="ignore"):
            k1 = velocity(xa, ta, ga)
            k2 = velocity(xa + 0.5 * hc * k1, ta + 0.5 * ha, ga)
            k3 = velocity(xa + 0.5 * hc * k2, ta + 0.5 * ha, ga)
            tn = np.where(ha >= 1.0 - ta, 1.0, ta + ha)
            k4 = velocity(xa + hc * k3, tn, ga)
            xp = xa + hc / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
            d1, _ = _newton(homotopy, xp, tn, ga)
            x1 = xp + d1
            d2, _ = _newton(homotopy, x1, tn, ga)
            x2 = x1 + d2
            w = _weights(x2, scale[idx])
            r1, r2 = _rel(d1, x1, w), _rel(d2, x2, w)
        first = np.isfinite(r2) & (r1 < opts.max_first_correction)
        ok = first & ((r2 <= kernel.CONTRACTION * r1) | (r2 < ROUNDOFF)) & (r2 < opts.corrector_tol)
        # contracting but not yet within the tolerance: a third Newton step (as the kernel)
        more = np.flatnonzero(~ok & first & (r2 <= kernel.CONTRACTION * r1))
        if more.size:
            with np.errstate(all="ignore"):
                d3, _ = _newton(homotopy, x2[more], tn[more], ga[more])
                x2[more] = x2[more] + d3
                r3 = _rel(d3, x2[more], w[more])
            ok[more] = (
                np.isfinite(r3)
                & ((r3 <= kernel.CONTRACTION * r2[more]) | (r3 < ROUNDOFF))
                & (r3 < opts.corrector_tol)
            )
        factor = _step_factor(r1, r2, opts)
        steps[idx] += 1
        acc, rej = idx[ok], idx[~ok]
        x[acc] = x2[ok]
        scale[acc] = np.maximum(np.abs(x2[ok]), 0.9 * scale[acc])
        t[acc] = tn[ok]
        h[acc] = np.minimum(ha[ok] * np.clip(factor[ok], 0.5, kernel.STEP_GROWTH), opts.max_step)
        h[rej] = ha[~ok] * np.clip(factor[~ok], 0.1, 0.5)
        if not projective:
            big = acc[np.linalg.norm(x[acc], axis=1) > opts.infinity_norm]
            status[big] = PathStatus.AT_INFINITY
        done = acc[(t[acc] >= 1.0) & (status[acc] == PathStatus.TRACKING)]
        status[done] = PathStatus.SUCCESS  # provisional, classified below
        small = rej[h[rej] < opts.min_step]
        near = small[1.0 - t[small] < opts.endgame_zone]
        status[near] = PathStatus.SINGULAR  # provisional, classified below
        status[np.setdiff1d(small, near)] = PathStatus.STEP_SIZE_TOO_SMALL
    status[status == PathStatus.TRACKING] = PathStatus.MAX_STEPS
    return x, t, status, steps


# the codes as plain ints: comparing an array with an IntEnum member costs 5 us more per call
_SUCCESS, _SINGULAR, _AT_INFINITY = (
    int(PathStatus.SUCCESS),
    int(PathStatus.SINGULAR),
    int(PathStatus.AT_INFINITY),
)


def _classify(
    homotopy: Homotopy,
    x: Complex,
    t: NDArray[np.float64],
    status: NDArray[np.int64],
    steps: NDArray[np.int64],
    ids: NDArray[np.int64],
    opts: TrackerOptions,
    projective: bool,
    refined: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
) -> TrackedPaths:
    """Refine the endpoints at t = 1 and decide nonsingular / singular / at infinity.

    ``refined``: (last relative Newton correction, condition number) per path when the
    compiled kernel has already refined the endpoints.
    """
    npaths = x.shape[0]

    cond = np.full(npaths, np.inf)
    ends = (status == _SUCCESS).nonzero()[0]
    if ends.size:
        if refined is None:
            xr, err, cn = _refine(homotopy, x[ends], ids[ends], opts)
            x[ends] = xr
        else:
            err, cn = refined[0][ends], refined[1][ends]
            cn = np.where(np.isnan(cn), np.inf, cn)
        cond[ends] = cn
        bad = (err > 1e3 * opts.final_tol) | (cn > opts.singular_cond)
        status[ends[bad]] = _SINGULAR
    stalled = (status == _SINGULAR).nonzero()[0]
    if projective and stalled.size:
        ratio = np.abs(x[stalled, 0]) / np.linalg.norm(x[stalled], axis=1)
        status[stalled[ratio < 1e-5]] = _AT_INFINITY
    if projective and ends.size:
        ok = ends[status[ends] == _SUCCESS]
        ratio = np.abs(x[ok, 0]) / np.linalg.norm(x[ok], axis=1)
        status[ok[ratio < 1e-10]] = _AT_INFINITY
    if not projective and stalled.size:
        status[stalled[np.linalg.norm(x[stalled], axis=1) > 1e6]] = _AT_INFINITY
    return TrackedPaths(x, status, cond, steps, t)
