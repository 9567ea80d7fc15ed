r"""Monodromy solving: all solutions of a generic instance without a start system.

For a family $F(x; p) = 0$ whose parameters enter affinely, a random $x_0$ and a parameter
$p_0$ solving the (linear) equations $F(x_0; p) = 0$ give one solution of a generic instance.
Loops $p_0 \to p_1 \to p_2 \to p_0$ through random complex parameters permute the solutions
(the monodromy group of the irreducible incidence variety acts transitively), so tracking the
known solutions around fresh loops finds new ones until the count is stable. Completeness is
supported by a count stable over several loops and, when known, by the match with an exact
count (e.g. msolve modulo primes). References: Duff, Hill, Jensen, Lee, Leykin, Sommars,
*Solving polynomial systems via homotopy continuation and monodromy*, IMA J. Numer. Anal. 39
(2019); Breiding–Timme, HomotopyContinuation.jl ``monodromy_solve``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.homotopy.homotopies import ParameterHomotopy
from neuromanifold.algebra.homotopy.result import HomotopyResult
from neuromanifold.algebra.homotopy.tracker import PathStatus, TrackerOptions, track
from neuromanifold.algebra.system import PolynomialSystem
from neuromanifold.errors import InputError, NeuromanifoldError

__all__ = ["MonodromyError", "monodromy_solve", "start_pair"]

Complex = NDArray[np.complex128]


class MonodromyError(NeuromanifoldError):
    """Monodromy could not start or did not reach the expected count."""


def _affine_in_parameters(system: PolynomialSystem) -> bool:
    n = system.nvars
    return all(sum(int(e) for e in m[n:]) <= 1 for f in system.equations for m in f.monoms())


def start_pair(
    system: PolynomialSystem,
    *,
    seed: int = 0,
    x0: Complex | None = None,
    evaluator: CompiledSystem | None = None,
) -> tuple[Complex, Complex]:
    r"""A point $(x_0, p_0)$ with $F(x_0; p_0) = 0$, $p_0$ generic: solve for the parameters.

    $F$ must be affine in $p$: $F(x_0; p) = A(x_0)\,p + b(x_0)$; then
    $p_0 = -A^{+} b + N c$ with $N$ a basis of $\ker A$ and $c$ random complex.

    Args:
        system: the family, with parameters entering affinely.
        seed: seeds $x_0$ (if not given) and $c$.
        x0: a given point (e.g. on a variety when some equations do not involve $p$).
        evaluator: a compiled evaluator of the system.

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
    if not _affine_in_parameters(system):
        raise InputError(
            "the parameters do not enter affinely, so a start pair cannot be solved for; pass "
            "start=(x0, p0) with F(x0; p0) = 0"
        )
    rng = np.random.default_rng(seed)
    ev = evaluator or CompiledSystem.from_system(system)
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
    p, *_ = np.linalg.lstsq(a, -b, rcond=None)
    _, sv, vh = np.linalg.svd(a)
    rank = int(np.sum(sv > 1e-10 * max(sv.max(initial=0.0), 1.0)))
    kernel = vh[rank:].conj().T
    if kernel.shape[1]:
        c = rng.normal(size=kernel.shape[1]) + 1j * rng.normal(size=kernel.shape[1])
        p = p + kernel @ c * (1 + np.linalg.norm(p)) / np.sqrt(kernel.shape[1])
    magnitude = np.maximum(rows_a * np.abs(p).max(initial=1.0) + np.abs(f[0]), size) + 1e-300
    res = float(np.max(np.abs(ev.evaluate(x[None, :], p)[0][0]) / magnitude, initial=0.0))
    if res > 1e-8:
        raise MonodromyError(
            f"no parameter value makes the start point a solution (residual {res:.1e}); the "
            "equations without parameters must vanish at x0 — pass x0 on the variety"
        )
    return x, p


def monodromy_solve(
    system: PolynomialSystem,
    *,
    seed: int = 0,
    start: tuple[Complex, Complex] | None = None,
    expected: int | None = None,
    stable_loops: int = 10,
    max_loops: int = 60,
    options: TrackerOptions | None = None,
    loop_max_steps: int = 200,
    evaluator: CompiledSystem | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> HomotopyResult:
    r"""All solutions of $F(x; p_0) = 0$ for a generic complex $p_0$, by monodromy loops.

    Args:
        system: a square family with parameters (affine in them unless ``start`` is given).
        seed: seeds the start pair and every loop.
        start: ``(x0, p0)`` with $F(x_0; p_0) = 0$; default `start_pair`.
        expected: a known count (e.g. from msolve); the loops stop when it is reached.
        stable_loops: stop after this many consecutive loops without a new solution.
        max_loops: hard limit on the number of loops.
        options: tracker settings.
        loop_max_steps: a loop path needing more steps (a near-singular region) is abandoned:
            monodromy needs some loops, not all, so hard paths are not worth their time; only
            loops that (nearly) all solutions went around count towards ``stable_loops``.
        evaluator: a precompiled evaluator.
        progress: called as ``progress(loops, solutions)`` after each loop.

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
        options or TrackerOptions(), max_steps=loop_max_steps, corrector_tol=1e-4
    )
    x0, p0 = start if start is not None else start_pair(system, seed=seed, evaluator=ev)
    p0 = np.asarray(p0, dtype=np.complex128)
    rng = np.random.default_rng([seed, 1])
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    m = p0.shape[0]
    sols = np.asarray(x0, dtype=np.complex128)[None, :]
    loops: list[tuple[Complex, Complex]] = []
    traversed: list[int] = []  # solutions [0, traversed[j]) have been around loop j
    stable = 0
    statuses: list[PathStatus] = []
    failures = 0

    def new_point() -> Complex:
        return scale * 10 * (rng.normal(size=m) + 1j * rng.normal(size=m)) / np.sqrt(2)

    sent: list[int] = []
    returned: list[int] = []

    def around(pairs: list[tuple[int, Complex]]) -> Complex:
        """Track every (loop, solution) pair around its loop, all in one batch per edge."""
        nonlocal failures
        loop_of = np.concatenate([np.full(x.shape[0], j) for j, x in pairs])
        x = np.concatenate([x for _, x in pairs])
        p1 = np.array([loops[j][0] for j in loop_of])
        p2 = np.array([loops[j][1] for j in loop_of])
        base = np.broadcast_to(p0, p1.shape)
        for j in loop_of:
            sent[j] += 1
        for a, b in ((base, p1), (p1, p2), (p2, base)):
            out = track(ParameterHomotopy(ev, a, b), x, loop_options)
            ok = out.status == PathStatus.SUCCESS
            failures += int(np.sum(~ok))
            statuses.extend(PathStatus(int(s)) for s in out.status)
            x, p1, p2, base, loop_of = out.endpoints[ok], p1[ok], p2[ok], base[ok], loop_of[ok]
            if x.shape[0] == 0:
                break
        for j in loop_of:
            returned[j] += 1
        return x

    def add(x: Complex) -> int:
        nonlocal sols
        added = 0
        for y in x:
            d = np.max(np.abs(sols - y) / (np.abs(y) + 1e-10 * np.abs(y).max() + 1e-300), axis=1)
            if d.min() > 1e-6:
                sols = np.vstack([sols, y])
                added += 1
        return added

    last_new = 0  # loops with index >= last_new were all added after the last new solution
    fresh = 2
    while len(loops) < max_loops:
        if expected is not None and sols.shape[0] >= expected:
            break
        before = sols.shape[0]
        for _ in range(min(fresh, max_loops - len(loops))):
            loops.append((new_point(), new_point()))
            traversed.append(0)
            sent.append(0)
            returned.append(0)
        while True:
            pairs = [
                (j, sols[traversed[j] :]) for j in range(len(loops)) if traversed[j] < sols.shape[0]
            ]
            if not pairs:
                break
            for j in range(len(loops)):
                traversed[j] = sols.shape[0]
            add(around(pairs))
            if expected is not None and sols.shape[0] >= expected:
                break
        if progress is not None:
            progress(len(loops), sols.shape[0])
        if sols.shape[0] > before:
            last_new = len(loops)
            fresh = 2
            continue
        # a loop is evidence only if (nearly) every known solution made it around
        stable = sum(returned[j] >= 0.9 * sent[j] for j in range(last_new, len(loops)))
        if stable >= stable_loops:
            break
        fresh = stable_loops - stable
    count = sols.shape[0]
    if expected is not None and count == expected:
        evidence = f"monodromy: {count} solutions = the expected (exact) count, {len(loops)} loops"
    elif expected is not None:
        evidence = (
            f"monodromy: {count} solutions but {expected} expected after {len(loops)} loops — "
            "INCOMPLETE or the expected count is wrong; raise max_loops"
        )
    else:
        evidence = (
            f"monodromy: count {count} stable over {stable} complete loops of {len(loops)} "
            "(numerical evidence, not a proof)"
        )
    return HomotopyResult(
        solutions=sols,
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
