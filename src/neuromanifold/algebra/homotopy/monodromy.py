r"""Monodromy solving: all solutions of a generic instance without a start system.

For a family $F(x; p) = 0$ whose parameters enter affinely, a random $x_0$ and a parameter
$p_0$ solving the (linear) equations $F(x_0; p) = 0$ give one solution of a generic instance.
Loops through random complex parameters permute the solutions (the monodromy group of an
irreducible incidence variety acts transitively), so tracking known solutions around loops finds
new ones. The loops live in a graph (Duff et al. 2019): nodes are random parameter points, edges
straight segments; every solution at a node is tracked once along every edge, and the endpoint
pairs are remembered (an edge's reverse is never tracked), until nothing is left to track.

Completeness evidence, strongest first: the count equals a known exact count; the **trace
test** — for a coordinate function whose sum over a complete fiber is affine-linear along a
line of parameters, the sum over the found set is checked to be so at three points of a random
line (a proper subset of a transitive fiber fails it; Sommese–Verschelde–Wampler 2002,
Leykin–Rodriguez–Sottile 2018); a count stable over extra loops. References: Duff, Hill, Jensen,
Lee, Leykin, Sommars, *Solving polynomial systems via homotopy continuation and monodromy*, IMA
J. Numer. Anal. 39 (2019); Breiding–Timme, HomotopyContinuation.jl ``monodromy_solve``.
"""

from __future__ import annotations

import dataclasses
import heapq
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy import kernel
from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.homotopy.homotopies import ParameterHomotopy
from neuromanifold.algebra.homotopy.result import HomotopyResult
from neuromanifold.algebra.homotopy.tracker import PathStatus, TrackerOptions, track
from neuromanifold.algebra.proximity import SMALL_PAIRS, nearest_within, representatives
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError, NeuromanifoldError

__all__ = ["MonodromyError", "TraceTest", "monodromy_solve", "start_pair", "trace_test"]

Complex = NDArray[np.complex128]


_LOOP_CORRECTOR_TOL = 1e-3
"""Loop paths only have to reach a solution of the next node (refined there): a looser
corrector than a move's 1e-7 (1e-4 before; 1e-3 measured 3-4% fewer steps per loop path)."""


# status codes as plain ints, and flatnonzero without its Python wrapper: comparing an array
# with an IntEnum member costs 5 us more, np.flatnonzero 2 us more, per call (per batch)
_SUCCESS, _MAX_STEPS = int(PathStatus.SUCCESS), int(PathStatus.MAX_STEPS)


def _nonzero(mask: NDArray[np.bool_]) -> NDArray[np.int64]:
    return mask.nonzero()[0]


_STALL_CHECK = (100, 0.5)
"""(steps, t): a loop path that has not reached t after this many steps goes no further.
Most loop paths take 10 to 30 steps; the few still going after 100 (passing near parameters
where a solution is huge, norms 1e3 to 1e6) took 12 to 40 % of all loop steps, and most
stopped at ``loop_max_steps`` anyway: those past the middle go on (at their pace they arrive
within the limit), the others are set aside like a path over the limit."""


def _batch_cap(expected: int | None) -> int:
    """Paths per batch when the count is known (checked after each batch, so the last round
    stops soon after the count is reached): a quarter of it when that fills the compiled
    kernel's parallel batches (`kernel.SERIAL_BELOW` paths and more), else an eighth, at least
    eight. Smaller batches waste fewer paths after the count is reached, and their paths set
    off from solutions found in the batch before: measured over seeds 0-3 on the ladder rungs
    with 6, 34, 39 and 83 solutions, 9.3, 9.0, 10.0 and 10.7 paths per solution where batches
    of 32 tracked 11.4, 10.3, 11.0 and 10.9 (each batch costs some bookkeeping, so not fewer).
    """
    if expected is None:
        return 2**62
    if expected // 4 >= kernel.SERIAL_BELOW:
        return expected // 4
    return max(8, expected // 8)


class MonodromyError(NeuromanifoldError):
    """Monodromy could not start or did not reach the expected count."""


def _affine_in_parameters(evaluator: CompiledSystem) -> bool:
    exps, _ = evaluator.terms()
    return bool(np.all(exps[:, evaluator.nvars :].sum(axis=1) <= 1))


def start_pair(
    system: PolynomialSystem,
    *,
    seed: int = 0,
    x0: Complex | None = None,
    evaluator: CompiledSystem | None = None,
    fixed: NDArray[np.complex128] | None = None,
) -> tuple[Complex, Complex]:
    r"""A point $(x_0, p_0)$ with $F(x_0; p_0) = 0$, $p_0$ generic: solve for the parameters.

    $F$ must be affine in $p$: $F(x_0; p) = A(x_0)\,p + b(x_0)$; then
    $p_0 = -A^{+} b + N c$ with $N$ a basis of $\ker A$ and $c$ random complex.

    Args:
        system: the family, with parameters entering affinely.
        seed: seeds $x_0$ (if not given) and $c$.
        x0: a given point (e.g. on a variety when some equations do not involve $p$).
        evaluator: a compiled evaluator of the system.
        fixed: values for some parameters (NaN for those to solve for), e.g. given weights.

    Returns:
        ``(x0, p0)`` complex arrays.

    Example:
        >>> s = PolynomialSystem.from_text("x^2 - p", ["x"], parameters=["p"])
        >>> x0, p0 = start_pair(s, seed=1)
        >>> bool(abs(x0[0] ** 2 - p0[0]) < 1e-12)
        True
    """
    if not system.parameters:
        raise InputError("monodromy needs a family with parameters")
    ev = evaluator or CompiledSystem.from_system(system)
    if not _affine_in_parameters(ev):
        raise InputError(
            "the parameters do not enter affinely, so a start pair cannot be solved for; pass "
            "start=(x0, p0) with F(x0; p0) = 0"
        )
    rng = np.random.default_rng(seed)
    m = len(system.parameters)
    x = (
        rng.normal(size=system.nvars) + 1j * rng.normal(size=system.nvars)
        if x0 is None
        else np.asarray(x0, dtype=np.complex128)
    )
    f, jx, jp = ev.evaluate(x[None, :], np.zeros(m, dtype=np.complex128))
    size = np.abs(jx[0]).max(axis=1, initial=0.0) * (1 + np.abs(x).max()) + np.abs(f[0])
    rows_a = np.abs(jp[0]).max(axis=1, initial=0.0)
    rows = np.where(rows_a > 0, rows_a, np.where(size > 0, size, 1.0))
    a, b = jp[0] / rows[:, None], f[0] / rows  # row equilibration: equations differ in scale
    known = np.zeros(m, dtype=bool)
    if fixed is not None:
        given = np.asarray(fixed, dtype=np.complex128)
        if given.shape != (m,):
            raise InputError(f"fixed must hold {m} parameter values (NaN: free), got {given.shape}")
        known = ~np.isnan(given)
        b = b + a[:, known] @ given[known]
        a = a[:, ~known]
    q, *_ = np.linalg.lstsq(a, -b, rcond=None)
    _, sv, vh = np.linalg.svd(a)
    rank = int(np.sum(sv > 1e-10 * max(sv.max(initial=0.0), 1.0)))
    kernel = vh[rank:].conj().T
    if kernel.shape[1]:
        c = rng.normal(size=kernel.shape[1]) + 1j * rng.normal(size=kernel.shape[1])
        q = q + kernel @ c * (1 + np.linalg.norm(q)) / np.sqrt(kernel.shape[1])
    p = np.zeros(m, dtype=np.complex128)
    p[~known] = q
    if fixed is not None:
        p[known] = np.asarray(fixed, dtype=np.complex128)[known]
    magnitude = np.maximum(rows_a * np.abs(p).max(initial=1.0) + np.abs(f[0]), size) + 1e-300
    # F(x0; p) = F(x0; 0) + F_p(x0) p exactly (affine in p): no second evaluation
    res = float(np.max(np.abs(f[0] + jp[0] @ p) / magnitude, initial=0.0))
    if res > 1e-8:
        raise MonodromyError(
            f"no parameter value makes the start point a solution (residual {res:.1e}); the "
            "equations without parameters must vanish at x0 — pass x0 on the variety"
            + ("" if fixed is None else " — or fix fewer parameters")
        )
    return x, p


_Job = tuple[int, int, int]
"""(edge, side, solution): move solution ``solution`` of the edge's node ``side`` across it."""


class _Graph:
    """Monodromy's graph: nodes (parameter points and the solutions known there) joined by
    edges (straight segments), and the jobs whose image is not known yet, in two queues — into
    the base node (node 0) first, so that its count is checked sooner.

    A job is known once tracked or once a path from the other side reached its solution (the
    reverse path is the same segment, never tracked); each is queued once, when its solution
    or its edge appears, and skipped when it is known by the time it comes up. Each queue is
    taken in the order (edge, side, solution): an edge's jobs together.

    The solutions of all nodes are rows of one array (``owner`` the node of each row,
    ``members[v]`` node v's rows in the order found), so that the endpoints of a batch are
    matched against all their nodes at once (`add`).
    """

    def __init__(self, p0: Complex, x0: Complex, tol: float) -> None:
        self.n, self.tol = x0.shape[0], tol
        self.points: list[Complex] = []
        self.members: list[list[int]] = []
        self.rows = np.zeros((64, self.n), dtype=np.complex128)
        self.owner = np.zeros(64, dtype=np.int64)
        self.local = np.zeros(64, dtype=np.int64)
        self.count = 0
        self.edges: list[tuple[int, int]] = []
        self.incident: list[list[tuple[int, int]]] = []
        self.known: list[tuple[set[int], set[int]]] = []
        self.queues: tuple[list[_Job], list[_Job]] = ([], [])  # heaps
        self.add_node(p0, [])
        self.add(np.zeros(1, dtype=np.int64), x0[None, :])

    def found(self, v: int) -> int:
        """The number of solutions known at node v."""
        return len(self.members[v])

    def solutions(self, v: int) -> Complex:
        return self.rows[self.members[v]]

    def loops(self) -> int:
        """Independent loops: edges minus nodes plus one (the graph is connected)."""
        return len(self.edges) - len(self.points) + 1

    def add_node(self, p: Complex, neighbours: list[int]) -> None:
        v = len(self.points)
        self.points.append(p)
        self.members.append([])
        self.incident.append([])
        for a in neighbours:
            k = len(self.edges)
            self.edges.append((a, v))
            self.known.append((set(), set()))
            self.incident[a].append((k, 0))
            self.incident[v].append((k, 1))
            for i in range(self.found(a)):
                self._queue((k, 0, i))

    def _queue(self, job: _Job) -> None:
        k, side, _ = job
        heapq.heappush(self.queues[0 if self.edges[k][1 - side] == 0 else 1], job)

    def batch(self, cap: int) -> list[_Job]:
        """Up to ``cap`` jobs not known yet, into the base node first."""
        jobs: list[_Job] = []
        for queue in self.queues:
            while queue and len(jobs) < cap:
                job = heapq.heappop(queue)
                if job[2] not in self.known[job[0]][job[1]]:
                    jobs.append(job)
        return jobs

    def segments(self, jobs: list[_Job]) -> tuple[Complex, Complex, Complex, list[int]]:
        """Start points, start and end parameters, and target nodes of the jobs."""
        here = [self.edges[k][side] for k, side, _ in jobs]
        there = [self.edges[k][1 - side] for k, side, _ in jobs]
        start = self.rows[[self.members[v][i] for v, (_, _, i) in zip(here, jobs, strict=True)]]
        points = np.array(self.points)
        return start, points[here], points[there], there

    def add(self, targets: NDArray[np.int64], y: Complex) -> NDArray[np.int64]:
        """Add each row of y to its target node unless known there; its index at the node.

        Row a is known when the nearest solution of its node (`relative_gap` at a's scale; ties
        to the earliest found) is within ``tol``; the others are kept in order unless an
        earlier kept one for the same node is within ``tol`` (the rules of `nearest_within`
        and `representatives`, which a large batch goes through node by node).
        """
        q, total = y.shape[0], self.count
        if total * q * self.n > SMALL_PAIRS:
            out = np.empty(q, dtype=np.int64)
            for v in np.unique(targets).tolist():
                sel = np.flatnonzero(targets == v)
                out[sel] = self._add_large(v, y[sel])
            return out
        w = np.abs(y)
        w += 1e-10 * w.max(axis=1, keepdims=True) + 1e-300  # `gap_weights`
        where = np.full(q, -1, dtype=np.int64)  # a row of the store
        if total:
            known, owner = self.rows[:total], self.owner[:total]
            if total * q * self.n <= 4096:  # a few pairs: all of them
                gaps = (np.abs(known[None, :, :] - y[:, None, :]) / w[:, None, :]).max(axis=2)
                gaps[owner[None, :] != targets[:, None]] = np.inf
                best = gaps.argmin(axis=1)  # rows are in the order found: ties to the earliest
                where = np.where(gaps[np.arange(q), best] <= self.tol, best, -1)
            else:  # pairs near in the first coordinate (necessary), then all coordinates
                qi, ki = np.nonzero(
                    (np.abs(known[None, :, 0] - y[:, None, 0]) / w[:, None, 0] <= self.tol)
                    & (owner[None, :] == targets[:, None])
                )
                gaps = (np.abs(known[ki] - y[qi]) / w[qi]).max(axis=1, initial=0.0)
                near = gaps <= self.tol
                qi, ki, gaps = qi[near], ki[near], gaps[near]
                order = np.lexsort((ki, gaps, qi))  # by query, then gap, then row
                qi, ki = qi[order], ki[order]
                first = np.ones(qi.size, dtype=bool)
                first[1:] = qi[1:] != qi[:-1]
                where[qi[first]] = ki[first]
        new = _nonzero(where < 0)
        rep = np.arange(new.size)  # each new row: the first earlier kept row near it, or itself
        if new.size > 1:  # (of the same node)
            fresh = y[new]
            near = (np.abs(fresh[None, :, :] - fresh[:, None, :]) / w[new, None, :]).max(axis=2)
            near = (near <= self.tol) & (targets[new][None, :] == targets[new][:, None])
            if np.count_nonzero(near) > new.size:  # some pair besides the diagonal
                for a in np.flatnonzero(np.tril(near, -1).any(axis=1)).tolist():
                    for b in np.flatnonzero(near[a, :a]).tolist():
                        if rep[b] == b:
                            rep[a] = b
                            break
        kept = new[rep == np.arange(new.size)]
        where[kept] = self._append(targets[kept], y[kept])
        where[new] = where[new[rep]]
        return self.local[where]

    def _append(self, targets: NDArray[np.int64], y: Complex) -> NDArray[np.int64]:
        """Store the rows of y as new solutions of their target nodes; their rows."""
        start, stop = self.count, self.count + y.shape[0]
        if stop > self.rows.shape[0]:
            grow = stop + self.rows.shape[0]
            self.rows = np.concatenate([self.rows, np.zeros((grow, self.n), dtype=np.complex128)])
            self.owner = np.concatenate([self.owner, np.zeros(grow, dtype=np.int64)])
            self.local = np.concatenate([self.local, np.zeros(grow, dtype=np.int64)])
        self.rows[start:stop], self.owner[start:stop] = y, targets
        for r, v in enumerate(targets.tolist(), start):
            self.local[r] = len(self.members[v])
            self.members[v].append(r)
        self.count = stop
        return np.arange(start, stop)

    def _add_large(self, v: int, y: Complex) -> NDArray[np.int64]:
        """`add` for one node's rows by the sorted windows of `nearest_within`."""
        where = nearest_within(self.solutions(v), y, self.tol)
        new = _nonzero(where < 0)
        rep = representatives(y[new], self.tol)  # each new row: the first earlier kept near it
        kept = new[rep == np.arange(new.size)]
        rows = self._append(np.full(kept.size, v, dtype=np.int64), y[kept])
        where[kept] = self.local[rows]  # read after `_append`: it may replace the arrays
        where[new] = where[new[rep]]
        return where

    def record(self, jobs: list[_Job], there: list[int], ends: Complex, ok: NDArray) -> None:
        """The jobs are known; add the endpoints of the successful ones to their nodes, queue
        the new solutions on the other edges of their nodes."""
        for k, side, i in jobs:
            self.known[k][side].add(i)
        sel = _nonzero(ok)
        if not sel.size:
            return
        before = [self.found(v) for v in range(len(self.points))]
        targets = np.array(there, dtype=np.int64)[sel]
        for r, j in zip(sel.tolist(), self.add(targets, ends[sel]).tolist(), strict=True):
            k, side, _ = jobs[r]
            self.known[k][1 - side].add(j)
        for v, old in enumerate(before):
            for j in range(old, self.found(v)):
                for k, side in self.incident[v]:
                    if j not in self.known[k][side]:
                        self._queue((k, side, j))


@dataclasses.dataclass(frozen=True)
class TraceTest:
    r"""Outcome of the linear trace test on a solution set.

    Attributes:
        passed: the trace is affine-linear along the test line within ``tolerance``.
        residual: $|T(s_2) - T(0) - \tfrac{s_2}{s_1}(T(s_1) - T(0))|$ relative to the size of
            the summands (near $10^{-12}$ for a complete fiber, order one for a proper subset).
        tolerance: the threshold used.
        tracked: whether every solution made it along the test line (otherwise inconclusive).
    """

    passed: bool
    residual: float
    tolerance: float
    tracked: bool

    def __str__(self) -> str:
        if not self.tracked:
            return "trace test inconclusive (a path failed along the test line)"
        verdict = "passed" if self.passed else "FAILED"
        return f"trace test {verdict} (relative residual {self.residual:.1e})"


def trace_test(
    system: PolynomialSystem,
    solutions: Complex,
    parameters: Complex,
    trace: Callable[[Complex], Complex],
    *,
    seed: int = 0,
    tolerance: float = 1e-10,
    directions: NDArray[np.bool_] | None = None,
    options: TrackerOptions | None = None,
    evaluator: CompiledSystem | None = None,
) -> TraceTest:
    r"""Is the found set a complete fiber? Check that $\sum_i \tau(x_i(s))$ is affine in $s$.

    The solutions are moved along the random line $p(s) = p_0 + s\,v$ to $s_1$ and $s_2$
    (straight parameter homotopies, a bijection of nonsingular fibers), and the traces
    $T(s) = \sum_i \tau(x_i(s))$ compared. For a complete fiber of a family proper over the
    line (e.g. ED critical points of a cone, $\tau$ the point $\varphi(\theta)$ in the ambient
    space: then $T$ is a polynomial of degree one, homogeneous in the data) the test passes;
    for a proper subset of a fiber on which monodromy acts transitively $T$ is not a
    polynomial, and the test fails for a random line with probability one.

    Args:
        system: the family.
        solutions: the found set at ``parameters``.
        parameters: $p_0$.
        trace: maps points (N, n) to coordinates $\tau$ (N, r).
        seed: seeds $v$, $s_1$, $s_2$.
        tolerance: relative residual below which the trace counts as linear.
        directions: which parameters the line moves (default all): those the trace is
            linear in (e.g. the data, not the weights, of an ED problem).
        options: tracker settings; evaluator: a compiled evaluator.

    Returns:
        A `TraceTest`.

    Example:
        >>> s = PolynomialSystem.from_text("x^3 - p*x - q", ["x"], parameters=["p", "q"])
        >>> r = monodromy_solve(s, seed=0)
        >>> trace_test(s, r.solutions, r.parameters, lambda x: x).passed
        True
        >>> trace_test(s, r.solutions[:2], r.parameters, lambda x: x).passed
        False
    """
    ev = evaluator or CompiledSystem.from_system(system)
    rng = np.random.default_rng([seed, 23])
    p0 = np.asarray(parameters, dtype=np.complex128)
    m = p0.shape[0]
    mask = np.ones(m, dtype=bool) if directions is None else np.asarray(directions, dtype=bool)
    if mask.shape != (m,) or not mask.any():
        raise InputError(f"directions must be {m} booleans, at least one True")
    size = np.linalg.norm(p0[mask]) / np.sqrt(2 * mask.sum())
    v = (rng.normal(size=m) + 1j * rng.normal(size=m)) * size * mask
    s1, s2 = np.exp(2j * np.pi * rng.random(2)) * np.array([1.0, 2.0])
    x = np.asarray(solutions, dtype=np.complex128)
    # both legs in one batch (per-path segments): a long path on one overlaps the other
    k = x.shape[0]
    xx = np.concatenate([x, x])
    pb = np.concatenate([np.tile(p0 + s1 * v, (k, 1)), np.tile(p0 + s2 * v, (k, 1))])
    pa = np.tile(p0, (2 * k, 1))
    out = track(ParameterHomotopy(ev, pa, pb), xx, options)
    ends, status = out.endpoints.copy(), out.status.copy()
    # failed paths once more with tighter settings (4x the steps); a path that fails twice
    # makes the test inconclusive (a third try cost up to 40 000 steps, serially)
    bad = np.flatnonzero(status != PathStatus.SUCCESS)
    if bad.size:
        again = track(
            ParameterHomotopy(ev, pa[bad], pb[bad]),
            xx[bad],
            (options or TrackerOptions()).tighter(),
        )
        ends[bad], status[bad] = again.endpoints, again.status
    tracked = bool(np.all(status == PathStatus.SUCCESS))
    taus = [trace(x), trace(ends[:k]), trace(ends[k:])]
    sums = [tau.sum(axis=0) for tau in taus]
    sizes = [np.abs(tau).sum(axis=0) for tau in taus]
    size = float(np.max(np.sum(sizes, axis=0), initial=0.0)) + 1e-300
    defect = sums[2] - sums[0] - (s2 / s1) * (sums[1] - sums[0])
    residual = float(np.max(np.abs(defect), initial=0.0)) / size
    return TraceTest(tracked and residual < tolerance, residual, tolerance, tracked)


def monodromy_solve(
    system: PolynomialSystem,
    *,
    seed: int = 0,
    start: tuple[Complex, Complex] | None = None,
    expected: int | None = None,
    trace: Callable[[Complex], Complex] | None = None,
    trace_directions: NDArray[np.bool_] | None = None,
    stable_loops: int = 5,
    max_loops: int = 60,
    options: TrackerOptions | None = None,
    loop_max_steps: int = 200,
    retry_failed: bool = False,
    loops_per_round: int = 3,
    spread: tuple[float, float] = (-1.0, 1.5),
    nonvanishing: NDArray[np.bool_] | None = None,
    jitter_size: tuple[float, float] = (0.25, 0.5),
    evaluator: CompiledSystem | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> HomotopyResult:
    r"""All solutions of $F(x; p_0) = 0$ for a generic complex $p_0$, by monodromy loops.

    A complete graph on four random parameter nodes (three independent loops) is saturated:
    every solution known at a node is tracked along every edge, all pending paths in one
    batch (with ``expected``, batches of `_batch_cap` paths, those into the base node first,
    and the count checked after each). When nothing is left to track, the count at $p_0$ is checked (see the module):
    against ``expected``, else by the trace test if ``trace`` is given, else by adding nodes
    joined to two others (one more loop each) until ``stable_loops`` loops gave nothing new.
    A count below ``expected``, or a failed trace test, also adds loops, up to ``max_loops``.

    Args:
        system: a square family with parameters (affine in them unless ``start`` is given).
        seed: seeds the start pair and every node.
        start: ``(x0, p0)`` with $F(x_0; p_0) = 0$; default `start_pair`.
        expected: a known exact count; stop when it is reached.
        trace: coordinates whose sum over a complete fiber is affine-linear in the parameters
            (see `trace_test`); enables the trace test.
        trace_directions: the parameters the trace is linear in (`trace_test` directions).
        stable_loops: without ``expected`` or a passing trace test, the number of extra loops
            that must find nothing new.
        max_loops: limit on the number of independent loops of the graph.
        options: tracker settings.
        loop_max_steps: a path needing more steps is set aside (paths take 10–30 steps; the
            few that need hundreds ran serially after the rest, a quarter of the time on small
            problems), and so is one that has not reached the middle of its segment after
            `_STALL_CHECK` steps. Set-aside paths are tracked again, with tighter settings and
            4x the steps, only when the completeness check fails, before new loops are added.
        retry_failed: retry failed loop paths at once instead (the behaviour before).
        spread: new nodes have the magnitudes of $p_0$ times $10^{U(spread)}$: triangles of
            several sizes (pass (0, 0) for a family homogeneous in the parameters, where the
            size of a triangle does not matter).
        nonvanishing: parameters that must stay away from zero (e.g. weights: a weight near
            zero makes the problem degenerate and the paths long); nodes perturb them
            multiplicatively around $p_0$.
        jitter_size: that perturbation is $p_0 e^{a + i b}$ with $a$ normal of this standard
            deviation and $b$ uniform in plus or minus the second entry (a segment between two
            nodes passes near zero only when their phases differ by nearly a half-turn).
        loops_per_round: loops added at once when the graph is saturated (each a new node
            joined to two random nodes); more per round means fewer trace tests.
        evaluator: a precompiled evaluator.
        progress: called as ``progress(loops, solutions)`` after each round.

    Returns:
        A `HomotopyResult` (``method == "monodromy"``) with the solutions at
        ``result.parameters`` $= p_0$ and the completeness evidence in ``completeness``.

    Example:
        >>> s = PolynomialSystem.from_text("x^3 - p*x - q", ["x"], parameters=["p", "q"])
        >>> monodromy_solve(s, seed=0).n_solutions
        3
    """
    start_time = time.perf_counter()
    ev = evaluator or CompiledSystem.from_system(system)
    loop_options = dataclasses.replace(
        options or TrackerOptions(), max_steps=loop_max_steps, corrector_tol=_LOOP_CORRECTOR_TOL
    )
    retry_options = dataclasses.replace(loop_options.tighter(), max_steps=4 * loop_max_steps)
    check = min(_STALL_CHECK[0], loop_max_steps)
    check_options = dataclasses.replace(loop_options, max_steps=check)
    rest_options = dataclasses.replace(loop_options, max_steps=max(loop_max_steps - check, 1))
    x0, p0 = start if start is not None else start_pair(system, seed=seed, evaluator=ev)
    p0 = np.asarray(p0, dtype=np.complex128)
    rng = np.random.default_rng([seed, 1])
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    m = p0.shape[0]
    tol = 1e-6

    # each parameter at its own scale (weights and data differ by orders of magnitude)
    scales = np.maximum(np.abs(p0), 1e-3 * scale)

    def new_point() -> Complex:
        # magnitudes spread over a decade and more: for a family that is not homogeneous in
        # the parameters, small triangles around p0 may enclose no branch point at all
        size = scales * 10 ** rng.uniform(*spread)
        point = size * (rng.normal(size=m) + 1j * rng.normal(size=m)) / np.sqrt(2)
        if nonvanishing is not None:  # p0 times exp(complex normal): segments avoid p_j = 0
            jitter = rng.normal(size=m) * jitter_size[0] + 1j * rng.uniform(
                -jitter_size[1], jitter_size[1], size=m
            )
            point = np.where(nonvanishing, p0 * np.exp(jitter), point)
        return point

    graph = _Graph(p0, np.asarray(x0, dtype=np.complex128), tol)
    statuses: list[PathStatus] = []
    failures = 0
    cap = _batch_cap(expected)
    abandoned: list[_Job] = []  # loop paths over loop_max_steps, not retried
    status_of = {int(s): s for s in PathStatus}

    def saturate(retry: list[_Job] | None = None) -> None:
        """Track the jobs not known yet, a batch at a time, until none is left (first
        ``retry``, with the tighter, longer settings)."""
        nonlocal failures
        while True:
            jobs = graph.batch(cap) if retry is None else retry
            if not jobs:
                return
            src, pa, pb, there = graph.segments(jobs)
            out = track(
                ParameterHomotopy(ev, pa, pb),
                src,
                check_options if retry is None else retry_options,
            )
            ends, status = out.endpoints.copy(), out.status.copy()
            going = _nonzero((status == _MAX_STEPS) & (out.t >= _STALL_CHECK[1]))
            if retry is None and going.size and loop_max_steps > _STALL_CHECK[0]:
                at = pa[going] + out.t[going, None] * (pb[going] - pa[going])  # from where they are
                more = track(ParameterHomotopy(ev, at, pb[going]), ends[going], rest_options)
                ends[going], status[going] = more.endpoints, more.status
            bad = _nonzero(status != _SUCCESS)
            if bad.size and retry_failed and retry is None:  # a lost image may be a lost solution
                again = track(ParameterHomotopy(ev, pa[bad], pb[bad]), src[bad], retry_options)
                ends[bad], status[bad] = again.endpoints, again.status
            statuses.extend(status_of[s] for s in status.tolist())
            ok = status == _SUCCESS
            failures += int(np.sum(~ok))
            if retry is None:
                abandoned.extend(jobs[r] for r in _nonzero(status == _MAX_STEPS))
            retry = None
            graph.record(jobs, there, ends, ok)
            if progress is not None:
                progress(graph.loops(), graph.found(0))
            if expected is not None and graph.found(0) >= expected:
                return

    for _ in range(3):  # a complete graph on four nodes: three independent loops
        graph.add_node(new_point(), list(range(len(graph.points))))
    saturate()
    test: TraceTest | None = None
    stable = 0
    lines = 0
    while True:
        count = graph.found(0)
        if expected is not None and count >= expected:
            break
        # a trace test costs 2 N paths, a round of loops 2 N per loop: test after every round
        if expected is None and trace is not None:
            # a failed path makes the test inconclusive: up to two other lines (a line costs
            # 2 N paths, a round of loops 6 N; an incomplete set usually fails conclusively)
            for _ in range(3):
                lines += 1
                test = trace_test(
                    system,
                    graph.solutions(0),
                    p0,
                    trace,
                    seed=seed + 1000 * lines,
                    directions=trace_directions,
                    options=dataclasses.replace(loop_options, max_steps=20 * loop_max_steps),
                    evaluator=ev,
                )
                if test.tracked:
                    break
            if test is not None and test.passed:
                break
        elif expected is None and trace is None and stable >= stable_loops:
            break
        if graph.loops() >= max_loops:
            break
        if abandoned and stable:  # stalled: the long paths may lead to the missing ones
            waiting = list(abandoned)
            abandoned.clear()
            saturate(waiting)
            stable = stable + 1 if graph.found(0) == count else 0
            continue
        for _ in range(loops_per_round):
            neighbours = rng.choice(len(graph.points), size=2, replace=False)
            graph.add_node(new_point(), [int(v) for v in neighbours])
        saturate()
        stable = stable + 1 if graph.found(0) == count else 0
    count = graph.found(0)
    k = graph.loops()
    if expected is not None and count == expected:
        evidence = f"monodromy: {count} solutions = the expected (exact) count, {k} loops"
    elif expected is not None:
        evidence = (
            f"monodromy: {count} solutions but {expected} expected after {k} loops — "
            "INCOMPLETE or the expected count is wrong; raise max_loops"
        )
    elif test is not None and test.passed:
        evidence = f"monodromy: {count} solutions, {k} loops; {test}"
    elif test is not None:
        evidence = (
            f"monodromy: {count} solutions after {k} loops; {test} — INCOMPLETE, or the trace "
            "is not linear for this family"
        )
    else:
        evidence = (
            f"monodromy: count {count} stable over {stable} extra loops of {k} "
            "(numerical evidence, not a proof)"
        )
    return HomotopyResult(
        solutions=graph.solutions(0),
        variables=system.variables,
        statuses=tuple(statuses),
        method="monodromy",
        seed=seed,
        paths=len(statuses),
        seconds=time.perf_counter() - start_time,
        certification=None,
        completeness=evidence
        + (f"; {failures} loop paths abandoned (harmless for monodromy)" if failures else ""),
        parameters=p0,
    )
