"""Immutable results of homotopy solves: solutions, per-path statuses, evidence, seeds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from neuromanifold.algebra.homotopy.tracker import PathStatus

__all__ = ["Certification", "HomotopyResult"]


@dataclass(frozen=True, eq=False)
class Certification:
    """Krawczyk certificates of a set of approximate solutions (see `certify`).

    Attributes:
        certified: per solution, a box was proved to contain exactly one solution.
        real: per solution, the solution is proved real (True), proved non-real (False) or
            undecided (None: not certified).
        distinct: the certified boxes are pairwise disjoint (so the solutions are distinct).
        radii: the box radius used per solution (relative to each coordinate).
        points: the centres of the certified boxes, rounded to floats — the given
            approximation where its own box proved it (a tracker's refined endpoint), else its
            float-Newton or ball-arithmetic refinement: each within its box's radius
            (``radii``, relative) of the solution the box holds; uncertified rows are the input.
    """

    certified: tuple[bool, ...]
    real: tuple[bool | None, ...]
    distinct: bool
    radii: tuple[float, ...]
    points: NDArray[np.complex128] | None = field(default=None, compare=False, repr=False)

    @property
    def n_certified(self) -> int:
        """Number of solutions with a certificate."""
        return sum(self.certified)

    @property
    def n_real(self) -> int:
        """Number of solutions certified real."""
        return sum(r is True for r in self.real)

    @property
    def complete(self) -> bool:
        """All solutions certified, pairwise distinct, realness decided for each."""
        return all(self.certified) and self.distinct and all(r is not None for r in self.real)

    def __str__(self) -> str:
        return (
            f"{self.n_certified}/{len(self.certified)} certified, "
            f"{'distinct' if self.distinct else 'NOT proved distinct'}, {self.n_real} real"
        )


@dataclass(frozen=True, eq=False)
class HomotopyResult:
    """Solutions of a polynomial system found by homotopy continuation, with the evidence.

    Attributes:
        solutions: nonsingular finite solutions (count, nvars), complex.
        variables: names of the unknowns.
        statuses: `PathStatus` of every path tracked (for monodromy: of the final move).
        method: ``"total degree"``, ``"parameter homotopy"`` or ``"monodromy"``.
        seed: the seed of every random choice.
        paths: number of paths tracked in the final run.
        seconds: wall time.
        certification: Krawczyk certificates, or None if not requested.
        completeness: how completeness is supported (e.g. all paths accounted for, a stable
            monodromy count, a match with an exact count).
        parameters: the parameter values solved for (empty without parameters).
        singular: endpoints classified singular (approximate).
    """

    solutions: NDArray[np.complex128]
    variables: tuple[str, ...]
    statuses: tuple[PathStatus, ...]
    method: str
    seed: int
    paths: int
    seconds: float
    certification: Certification | None = None
    completeness: str = ""
    parameters: NDArray[np.complex128] = field(default_factory=lambda: np.zeros(0, complex))
    singular: NDArray[np.complex128] = field(default_factory=lambda: np.zeros((0, 0), complex))

    def __post_init__(self) -> None:
        for name in ("solutions", "parameters", "singular"):
            arr = np.array(getattr(self, name), dtype=np.complex128)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def n_solutions(self) -> int:
        """Number of distinct nonsingular finite solutions."""
        return int(self.solutions.shape[0])

    def real_mask(self, tol: float = 1e-8) -> NDArray[np.bool_]:
        """Which solutions are real: certified when available, else |Im| ≤ tol (1 + |x|)."""
        if self.certification is not None and all(r is not None for r in self.certification.real):
            return np.array([bool(r) for r in self.certification.real], dtype=bool)
        scale = 1.0 + np.abs(self.solutions)
        return np.all(np.abs(self.solutions.imag) <= tol * scale, axis=1)

    @property
    def n_real(self) -> int:
        """Number of real solutions (certified if the result is certified)."""
        return int(self.real_mask().sum())

    def real(self) -> NDArray[np.float64]:
        """The real solutions as a float array."""
        return self.solutions[self.real_mask()].real

    @property
    def status_counts(self) -> dict[str, int]:
        """Number of paths per `PathStatus` name."""
        return {s.name: c for s, c in sorted(Counter(self.statuses).items())}

    @property
    def failures(self) -> int:
        """Paths that neither converged nor were explained (step size, max steps, jumps)."""
        bad = (PathStatus.STEP_SIZE_TOO_SMALL, PathStatus.MAX_STEPS, PathStatus.PATH_JUMPED)
        return sum(s in bad for s in self.statuses)

    def __str__(self) -> str:
        counts = ", ".join(f"{k.lower()} {v}" for k, v in self.status_counts.items())
        cert = "not requested" if self.certification is None else str(self.certification)
        lines = [
            f"HomotopyResult: {self.n_solutions} nonsingular solutions, {self.n_real} real",
            f"  method        {self.method}, {self.paths} paths, seed {self.seed}",
            f"  paths         {counts or 'none'}",
            f"  certification {cert}",
            f"  completeness  {self.completeness or 'no evidence recorded'}",
            f"  unknowns      {', '.join(self.variables)}",
            f"  time          {self.seconds:.2f} s",
        ]
        for s in sorted(set(self.statuses)):
            if s not in (PathStatus.SUCCESS, PathStatus.AT_INFINITY):
                lines.append(f"  note: {s.name.lower()}: {s.message}")
        return "\n".join(lines)
