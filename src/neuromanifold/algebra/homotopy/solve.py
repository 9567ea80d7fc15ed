r"""Solving with a homotopy: total degree (the fallback) and parameter homotopies (the workhorse).

`solve_total_degree` tracks the $\prod_i d_i$ paths of a `TotalDegreeHomotopy`;
`solve_parameter_homotopy` moves the solutions of a solved generic instance $F(x; p_0) = 0$ to
new parameters $p_1$ ("solve once, move many times"; Morgan–Sommese 1989). Both re-track paths
that collide at the same nonsingular endpoint with tighter settings (path jumping) and may
certify the result (`certify`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import NamedTuple

import flint
import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy import kernel
from neuromanifold.algebra.homotopy.certify import certify as certify_solutions
from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.homotopy.homotopies import (
    Homotopy,
    ParameterHomotopy,
    TotalDegreeHomotopy,
)
from neuromanifold.algebra.homotopy.result import Certification, HomotopyResult
from neuromanifold.algebra.homotopy.tracker import PathStatus, TrackedPaths, TrackerOptions, track
from neuromanifold.algebra.proximity import (
    has_near,
    nearest,
    nearest_within,
    representatives,
)
from neuromanifold.algebra.system import PolynomialSystem, to_fmpq
from neuromanifold.errors import InputError
from neuromanifold.processes import worker_pool

__all__ = ["solve_parameter_homotopy", "solve_total_degree"]

Complex = NDArray[np.complex128]

FIRST_PASS_STEPS = 3000
"""Step budget of a parameter homotopy's first pass (typical paths take 10 to 100 steps)."""


def _first_pass(options: TrackerOptions) -> TrackerOptions:
    """``options`` with at most `FIRST_PASS_STEPS` steps per path."""
    return dataclasses.replace(options, max_steps=min(options.max_steps, FIRST_PASS_STEPS))


def _unheld(held: Complex, ends: Complex, tol: float = 1e-7) -> NDArray[np.int64]:
    """The endpoints to accept, in order: each unless a held one or an accepted one is near it.

    Endpoint a is accepted when no held row and no earlier accepted endpoint is within ``tol``
    of it (`relative_gap` at its scale): the sequential rule, without its quadratic cost.
    """
    free = np.flatnonzero(nearest_within(held, ends, tol) < 0)
    return free[representatives(ends[free], tol) == np.arange(free.size)]


def _track_parallel(
    homotopy: Homotopy, start: Complex, options: TrackerOptions, processes: int
) -> TrackedPaths:
    compiled = kernel.AVAILABLE and options.compiled and hasattr(homotopy, "segments")
    if processes <= 1 or start.shape[0] < 64 or compiled:  # the kernel already uses all cores
        return track(homotopy, start, options)
    chunks = np.array_split(start, processes)
    ids = np.array_split(np.arange(start.shape[0]), processes)
    with worker_pool(processes) as pool:  # workers die with this process
        parts = list(pool.map(track, [homotopy] * processes, chunks, [options] * processes, ids))
    return TrackedPaths(
        np.concatenate([p.endpoints for p in parts]),
        np.concatenate([p.status for p in parts]),
        np.concatenate([p.cond for p in parts]),
        np.concatenate([p.steps for p in parts]),
        np.concatenate([p.t for p in parts]),
    )


def track_with_retracking(
    homotopy: Homotopy,
    start: Complex,
    options: TrackerOptions | None = None,
    *,
    processes: int = 1,
    finite: slice = slice(None),
    collisions: bool = True,
    retrack_long: bool = True,
) -> TrackedPaths:
    """Track, then re-track with `TrackerOptions.tighter` the paths that failed or collided.

    Colliding nonsingular endpoints mean a path jumped; those still colliding after two
    re-tracks are marked `PathStatus.PATH_JUMPED` (all but one of each cluster). Pass
    ``collisions=False`` when the paths belong to different homotopies (monodromy loops), and
    ``retrack_long=False`` to leave paths that ran out of steps to the caller (tighter settings
    only make them longer).
    """
    opts = options or TrackerOptions()
    out = _track_parallel(homotopy, start, opts, processes)
    x, status, cond = out.endpoints.copy(), out.status.copy(), out.cond.copy()
    for _ in range(2):
        ok = np.flatnonzero(status == PathStatus.SUCCESS)
        dup = ok[has_near(x[ok][:, finite], 1e-7)] if collisions else ok[:0]
        bad = np.flatnonzero(
            (status == PathStatus.STEP_SIZE_TOO_SMALL)
            | (retrack_long & (status == PathStatus.MAX_STEPS))
        )
        redo = np.union1d(dup, bad)
        if redo.size == 0:
            break
        opts = opts.tighter()
        again = track(homotopy, start[redo], opts, paths=redo)
        x[redo], status[redo], cond[redo] = again.endpoints, again.status, again.cond
    ok = np.flatnonzero(status == PathStatus.SUCCESS)
    dup = has_near(x[ok][:, finite], 1e-7) if collisions else np.zeros(ok.size, dtype=bool)
    if dup.any():  # all but the first of each cluster jumped
        rows = ok[dup]
        status[rows[representatives(x[rows], 1e-7) != np.arange(rows.size)]] = (
            PathStatus.PATH_JUMPED
        )
    return TrackedPaths(x, status, cond, out.steps, out.t)


def _around(
    ev: CompiledSystem,
    p0: Complex,
    p1: Complex,
    x: Complex,
    t_fail: NDArray[np.float64],
    side: float,
    radius: float,
    options: TrackerOptions | None,
) -> tuple[Complex, NDArray[np.bool_], NDArray[np.float64]]:
    r"""Track $t: 0 \to 1$ along $p_0 + t(p_1 - p_0)$, around each path's failure point.

    The detour leaves the segment at $t_f - r$, passes $t_f \pm i r$ and rejoins it at
    $t_f + r$ (complex $t$ is a complex parameter point: the same family). A later failure on
    the way to $t = 1$ gets its own detour (up to three). Returns endpoints, success, cond.
    """
    k = x.shape[0]
    ends, ok, cond = x.copy(), np.zeros(k, dtype=bool), np.full(k, np.inf)
    live, cur_t, cur_x, tf = np.arange(k), np.zeros(k), x.copy(), t_fail.astype(float)
    dp = p1 - p0
    for _ in range(3):
        a = np.clip(tf - radius, cur_t, 1.0)
        b = np.clip(tf + radius, a, 1.0)
        y, alive = cur_x.copy(), np.ones(live.size, dtype=bool)
        for u, v in ((cur_t, a), (a, tf + side * 1j * radius), (tf + side * 1j * radius, b)):
            if not alive.any():
                break
            pu, pv = p0 + u[alive, None] * dp, p0 + v[alive, None] * dp
            leg = track(ParameterHomotopy(ev, pu, pv), y[alive], options)
            y[alive] = leg.endpoints
            alive[alive] = leg.status == PathStatus.SUCCESS
        idx = np.flatnonzero(alive)
        if idx.size == 0:
            break
        pb = p0 + b[idx, None] * dp
        tail = track(ParameterHomotopy(ev, pb, np.tile(p1, (idx.size, 1))), y[idx], options)
        done = tail.status == PathStatus.SUCCESS
        ends[live[idx[done]]] = tail.endpoints[done]
        ok[live[idx[done]]] = True
        cond[live[idx[done]]] = tail.cond[done]
        later = ~done & (tail.t < 1.0)  # failed further on: another detour from b
        again = idx[later]
        tf = b[again] + tail.t[later] * (1.0 - b[again])
        live, cur_t, cur_x = live[again], b[again], y[again]
        if live.size == 0:
            break
    return ends, ok, cond


def _reroute_failures(
    ev: CompiledSystem,
    hom: ParameterHomotopy,
    start: Complex,
    out: TrackedPaths,
    options: TrackerOptions | None,
    seed: int,
) -> TrackedPaths:
    r"""Re-track failed paths around their trouble; keep the endpoints no other path reached.

    A path that failed twice on the straight segment, or ran over the first pass's step
    budget (`FIRST_PASS_STEPS`), met a near-singular region at some $t_f$. It is first
    re-tracked around it, on one side then the other, by a small detour in the complex
    $t$-plane ($t_f \pm i r$, $r = 0.05$, then $0.01$): nearly the same route, so nearly always
    to its own endpoint (on the wrong side of a branch point it lands on its partner's, which
    is then already taken). A path that ran out of steps and found no detour is tracked
    straight again with the full budget. What is left, and paths flagged as jumped (with their
    partners: the path that kept the endpoint may be the one that jumped), go through random
    complex detours $p_0 \to p_m \to p_1$, which avoid the discriminant with
    probability one but permute the endpoints (monodromy). Either way an endpoint counts only
    if no other path reached it: the solution *set* is what is computed, so any new solution
    of the target system recovers one that was missing.
    """
    failed = (out.status == PathStatus.STEP_SIZE_TOO_SMALL) | (out.status == PathStatus.MAX_STEPS)
    jumped = np.flatnonzero(out.status == PathStatus.PATH_JUMPED)
    kept = np.flatnonzero(out.status == PathStatus.SUCCESS)
    local = np.flatnonzero(failed & (out.t < 1.0))
    if jumped.size and kept.size:
        partners = kept[nearest(out.endpoints[kept], out.endpoints[jumped])]
        failed[jumped] = True
        failed[partners] = True
    bad = np.flatnonzero(failed)
    if bad.size == 0:
        return out
    x, status, cond = out.endpoints.copy(), out.status.copy(), out.cond.copy()
    status[bad] = PathStatus.STEP_SIZE_TOO_SMALL  # until a detour brings them home
    p0, p1 = np.asarray(hom.start, complex), np.asarray(hom.target, complex)

    def settle(paths: NDArray[np.int64], ends: Complex, conds: NDArray[np.float64]) -> None:
        """Accept each endpoint no other path holds (two detours may reach the same point)."""
        new = _unheld(x[status == PathStatus.SUCCESS], ends)
        x[paths[new]], cond[paths[new]] = ends[new], conds[new]
        status[paths[new]] = PathStatus.SUCCESS

    short = _first_pass(options or TrackerOptions())
    if p0.ndim == 1 and p1.ndim == 1:
        for radius, side in ((0.05, 1.0), (0.05, -1.0), (0.01, 1.0), (0.01, -1.0)):
            local = local[status[local] != PathStatus.SUCCESS]
            if local.size == 0:
                break
            ends, ok, conds = _around(
                ev, p0, p1, start[local].copy(), out.t[local], side, radius, short
            )
            settle(local[ok], ends[ok], conds[ok])
    long = bad[(status[bad] != PathStatus.SUCCESS) & (out.status[bad] == PathStatus.MAX_STEPS)]
    if long.size:  # out of steps and no detour helped: the straight path, with the full budget
        again = track(hom, start[long], options)
        home = again.status == PathStatus.SUCCESS
        settle(long[home], again.endpoints[home], again.cond[home])
    bad = bad[status[bad] != PathStatus.SUCCESS]
    rng = np.random.default_rng([seed, 17])
    for _ in range(5):
        if bad.size == 0:
            break
        noise = rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)
        mid = 0.5 * (p0 + p1) + 0.5 * np.abs(p1 - p0) * noise
        # parameters that do not move are jittered multiplicatively (never through zero)
        still = np.abs(p1 - p0) <= 1e-12 * np.abs(p0)
        mid = np.where(still, p0 * np.exp(0.2 * noise), mid)
        first = track(ParameterHomotopy(ev, p0, mid), start[bad], options)
        ok = first.status == PathStatus.SUCCESS
        second = track(ParameterHomotopy(ev, mid, p1), first.endpoints[ok], options)
        home = second.status == PathStatus.SUCCESS
        settle(bad[ok][home], second.endpoints[home], second.cond[home])
        bad = bad[status[bad] != PathStatus.SUCCESS]
    # no detour worked: a path that had an endpoint no one else took keeps it
    had = bad[out.status[bad] == PathStatus.SUCCESS]
    new = had[_unheld(x[status == PathStatus.SUCCESS], out.endpoints[had])]
    lost = np.isin(out.status[bad], (PathStatus.SUCCESS, PathStatus.PATH_JUMPED))
    status[bad] = np.where(lost, PathStatus.PATH_JUMPED, out.status[bad])
    x[new], status[new], cond[new] = out.endpoints[new], PathStatus.SUCCESS, out.cond[new]
    return TrackedPaths(x, status, cond, out.steps, out.t)


def solve_total_degree(
    system: PolynomialSystem,
    *,
    seed: int = 0,
    options: TrackerOptions | None = None,
    certify: bool = True,
    processes: int = 1,
) -> HomotopyResult:
    r"""All isolated nonsingular solutions of a square system by a total-degree homotopy.

    Tracks $\prod_i \deg f_i$ paths in a random patch of $\mathbb{P}^n$ (`TotalDegreeHomotopy`);
    every path ends with a `PathStatus` (solutions at infinity and singular endpoints are
    reported, not counted). All paths accounted for is the evidence of completeness: a
    nonsingular isolated solution is the endpoint of exactly one path (Sommese–Wampler 2005,
    Thm. 8.4.1), so completeness is certain up to failed paths, which the summary counts.

    Args:
        system: square, over Q, no parameters.
        seed: seeds the gamma and the patch.
        options: tracker settings.
        certify: run the Krawczyk test on the solutions.
        processes: worker processes for large path counts.

    Returns:
        A `HomotopyResult`.

    Example:
        >>> r = solve_total_degree(PolynomialSystem.from_text("x*y - 1; x^2 - 2"))
        >>> r.n_solutions, r.n_real, r.status_counts
        (2, 2, {'SUCCESS': 2, 'AT_INFINITY': 2})
    """
    start_time = time.perf_counter()
    hom = TotalDegreeHomotopy.from_system(system, seed=seed)
    out = track_with_retracking(
        hom, hom.start_solutions(), options, processes=processes, finite=slice(None)
    )
    ok = out.status == PathStatus.SUCCESS
    sols = out.endpoints[ok]
    sols = sols[:, 1:] / sols[:, :1]
    sing = out.endpoints[out.status == PathStatus.SINGULAR]
    with np.errstate(all="ignore"):
        sing = sing[:, 1:] / sing[:, :1]
    cert = certify_solutions(system, sols) if certify and sols.shape[0] else None
    if cert is not None and cert.points is not None:
        sols = cert.points  # refined in ball arithmetic, inside their boxes
    return _paths_result(system, _TOTAL_DEGREE, out.status, sols, cert, seed, start_time, sing)


class _Method(NamedTuple):
    """A homotopy method and its evidence of completeness (formatted with total, failed)."""

    name: str
    complete: str
    incomplete: str


_TOTAL_DEGREE = _Method(
    "total degree",
    "total degree: all {total} paths accounted for",
    "total degree: {failed} of {total} paths FAILED, solutions may be missing",
)
_PARAMETER = _Method(
    "parameter homotopy",
    "parameter homotopy from {total} start solutions: all paths accounted for",
    "parameter homotopy: {failed} of {total} paths FAILED",
)


def _paths_result(
    system: PolynomialSystem,
    method: _Method,
    status: NDArray,
    solutions: Complex,
    certification: Certification | None,
    seed: int,
    start_time: float,
    singular: Complex,
) -> HomotopyResult:
    """The result of tracked paths, its evidence of completeness the count of failed paths."""
    statuses = tuple(PathStatus(int(s)) for s in status)
    result = HomotopyResult(
        solutions=solutions,
        variables=system.variables,
        statuses=statuses,
        method=method.name,
        seed=seed,
        paths=len(statuses),
        seconds=time.perf_counter() - start_time,
        certification=certification,
        singular=singular,
    )
    failed = result.failures
    template = method.complete if failed == 0 else method.incomplete
    return dataclasses.replace(
        result, completeness=template.format(total=len(statuses), failed=failed)
    )


def exact_parameters(values: Sequence[object]) -> tuple[flint.fmpq, ...]:
    """Exact rationals from ints, Fractions or strings (floats are refused)."""
    return tuple(to_fmpq(v) for v in values)


def solve_parameter_homotopy(
    system: PolynomialSystem,
    start_solutions: Complex,
    start_parameters: Complex,
    target_parameters: Sequence[object] | Complex,
    *,
    seed: int = 0,
    options: TrackerOptions | None = None,
    certify: bool = True,
    nonvanishing: Sequence[Sequence[flint.fmpq_mpoly]] | None = None,
    processes: int = 1,
    evaluator: CompiledSystem | None = None,
) -> HomotopyResult:
    r"""Move all solutions of $F(x; p_0) = 0$ to $F(x; p_1) = 0$ along $p(t) = (1-t)p_0 + t p_1$.

    With $p_0$ generic complex and the start solutions complete, every nonsingular isolated
    solution for $p_1$ is reached (coefficient-parameter theorem, Morgan–Sommese 1989;
    Sommese–Wampler 2005, Thm. 7.1.1). Exact targets (ints, Fractions) are certified against
    the exact system $F(x; p_1)$.

    Args:
        system: a square `PolynomialSystem` with parameters.
        start_solutions: (count, n) solutions at ``start_parameters``.
        start_parameters: $p_0$ (complex, generic).
        target_parameters: $p_1$: exact rationals (certifiable) or complex floats.
        seed: recorded (the path is determined by $p_0$).
        options: tracker settings.
        certify: Krawczyk-certify the endpoints (only for exact targets).
        nonvanishing: a matrix of polynomials whose determinant must not vanish (saturation).
        processes: worker processes.
        evaluator: a precompiled evaluator of ``system`` (saves compile time on re-solves).

    Returns:
        A `HomotopyResult` with ``method == "parameter homotopy"``.

    Example:
        >>> s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
        >>> x0 = np.sqrt(1j) * np.array([[1.0], [-1.0]])
        >>> r = solve_parameter_homotopy(s, x0, np.array([1j]), [9])
        >>> sorted(np.round(r.real().ravel(), 10).tolist()), r.certification.complete
        ([-3.0, 3.0], True)
    """
    start_time = time.perf_counter()
    m = len(system.parameters)
    exact = all(
        isinstance(v, int | str) or not isinstance(v, float | complex | np.number)
        for v in target_parameters
    )  # type: ignore[union-attr]
    target = (
        np.array([float(to_fmpq(v).p) / float(to_fmpq(v).q) for v in target_parameters], complex)  # type: ignore[arg-type]
        if exact
        else np.asarray(target_parameters, dtype=np.complex128)
    )
    if target.shape != (m,):
        raise InputError(f"target_parameters must have {m} entries, got {target.shape}")
    ev = evaluator or CompiledSystem.from_system(system)
    hom = ParameterHomotopy(ev, np.asarray(start_parameters, complex), target)
    start = np.asarray(start_solutions, complex)
    # a first pass with a step budget: the rare path that needs thousands of steps (squeezing
    # past a near-singular point, alone on one core while the others wait) goes around it
    # instead (`_reroute_failures`), with the full budget only if that fails
    opts = options or TrackerOptions()
    first = _first_pass(opts)
    out = track_with_retracking(hom, start, first, processes=processes, retrack_long=False)
    out = _reroute_failures(ev, hom, start, out, opts, seed)
    ok = out.status == PathStatus.SUCCESS
    sols = out.endpoints[ok]
    cert = None
    if certify and exact and sols.shape[0]:
        values = dict(
            zip(system.parameters, exact_parameters(list(target_parameters)), strict=True)
        )  # type: ignore[arg-type]
        cert = certify_solutions(
            system.substitute(values), sols, nonvanishing=nonvanishing, processes=processes
        )
        if cert.points is not None:
            sols = cert.points  # refined in ball arithmetic, inside their boxes
    singular = out.endpoints[out.status == PathStatus.SINGULAR]
    result = _paths_result(system, _PARAMETER, out.status, sols, cert, seed, start_time, singular)
    return dataclasses.replace(result, parameters=target)
