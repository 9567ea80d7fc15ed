"""Results: one critical point, one locus' count, and the filterable collection of both spaces."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from neuromanifold.html_table import summary_html
from neuromanifold.losses import QuadraticLoss

__all__ = ["CriticalPoint", "CriticalPoints", "LocusCount"]


@dataclass(frozen=True)
class CriticalPoint:
    """A real critical point, in function space (of ℓ on a locus) or parameter space (of L).

    Attributes:
        space: ``"function"`` or ``"parameter"``.
        locus: the locus (function space: ``"smooth locus"``, ``"rank 1"``, ``"Δ(2)"``,
            ``"ambient"``, ``"zero"``) or how it was found (parameter space: ``"chart"`` for the
            gauge-chart system, ``"lifted"`` for a constructed preimage, ``"zero"``).
        function: the function f (flat, floats).
        parameters: the locus' or network's parameters (floats), ``None`` for point loci.
        loss: ℓ(f).
        stratum: stratum of f in M (``"interior"``, ``"boundary"``, ``"singular"``), ``None``
            when f is not in M.
        kind: ``"minimum"``, ``"saddle"``, ``"maximum"``, ``"degenerate"`` (Hessian on the locus,
            resp. in parameter space modulo symmetry) or ``"point"`` (a one-point locus).
        index: number of negative Hessian eigenvalues.
        pure: parameter space: pure (True) or spurious (False); ``None`` in function space, and
            undecided (``None``) for an interior point when the top locus' real points are
            incomplete (its real isolation timed out).
        jacobian_rank: parameter space: rank of dμ(θ) (``None`` in function space).
        gradient_norm: |∇| at the float point (a check: ≈ 0).
        certified: found in a certified box (msolve over ℚ) on which the interval gradient
            contains 0; False for float-only points (lifted).
        local_min: a local minimum of ℓ on M (function space,
            :func:`~neuromanifold.critical_points.classify.is_local_min_on_M`) or of L
            (parameter space: ``kind == "minimum"``).
    """

    space: str
    locus: str
    function: tuple[float, ...]
    parameters: tuple[float, ...] | None
    loss: float
    stratum: str | None
    kind: str
    index: int
    pure: bool | None = None
    jacobian_rank: int | None = None
    gradient_norm: float = 0.0
    certified: bool = False
    local_min: bool = False

    @property
    def in_M(self) -> bool:
        """Whether f lies in the neuromanifold."""
        return self.stratum is not None

    @property
    def spurious(self) -> bool:
        """Parameter space: critical only because dμ(θ) drops rank (not pure)."""
        return self.pure is False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary of all fields."""
        return {
            "space": self.space,
            "locus": self.locus,
            "function": list(self.function),
            "parameters": None if self.parameters is None else list(self.parameters),
            "loss": self.loss,
            "stratum": self.stratum,
            "kind": self.kind,
            "index": self.index,
            "pure": self.pure,
            "jacobian_rank": self.jacobian_rank,
            "gradient_norm": self.gradient_norm,
            "certified": self.certified,
            "local_min": self.local_min,
        }


@dataclass(frozen=True)
class LocusCount:
    """Complex count of the critical points of one system (a locus, or the parameter chart).

    Attributes:
        locus: its name (``"parameters"`` for the parameter-space chart system).
        role: ``"top"``, ``"lower"`` or ``"parameters"``.
        n_complex: number of complex critical points (divided by the generic fiber), ``None``
            when the critical set is positive-dimensional.
        counts: ``(prime, count)`` per prime (raw, before dividing by the fiber).
        dimension: dimension of the critical set when positive-dimensional, else 0.
        n_real: real critical points found, ``None`` when real isolation was skipped / timed out.
        note: what was skipped and how to get it.
        route: the engine that counted: ``"msolve"`` (counts mod primes) or ``"homotopy"``
            (Krawczyk-proved points; ``counts`` is then ``(("homotopy", n),)``).
        n_real_certified: ``n_real`` is proved (every real point in a certified box and the set
            complete: msolve's isolation over ℚ, or a homotopy set of the exact size).
    """

    locus: str
    role: str
    n_complex: int | None
    counts: tuple[tuple[int | str, int], ...] = ()
    dimension: int = 0
    n_real: int | None = None
    note: str = ""
    route: str = "msolve"
    n_real_certified: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "locus": self.locus,
            "role": self.role,
            "n_complex": self.n_complex,
            "counts": [list(c) for c in self.counts],
            "dimension": self.dimension,
            "n_real": self.n_real,
            "note": self.note,
            "route": self.route,
            "n_real_certified": self.n_real_certified,
        }


@dataclass(frozen=True, kw_only=True)
class CriticalPoints:
    """All critical points of a loss on an architecture, in function and parameter space.

    Filter with :meth:`real` (all listed points are real), :meth:`function_space`,
    :meth:`parameter_space`, :meth:`minima`, :meth:`spurious`, :meth:`pure`,
    :meth:`on_stratum`; each returns a new ``CriticalPoints`` with the same counts and options.

    Attributes:
        architecture: the architecture's text form.
        loss: the :class:`~neuromanifold.losses.QuadraticLoss`.
        points: the real critical points (both spaces).
        parameter_count: the :class:`LocusCount` of the parameter-space chart system.
        function_loci: one :class:`LocusCount` per locus of the neurovariety.
        seed: seed of charts and random matrices (and of the data, via ``loss.seed``).
        backend: ``"msolve"``.
        options: the options used (primes, real_timeout).
        seconds: wall time; ``msolve_seconds``: time inside msolve.
    """

    architecture: str
    loss: QuadraticLoss
    points: tuple[CriticalPoint, ...]
    parameter_count: LocusCount
    function_loci: tuple[LocusCount, ...]
    seed: int
    backend: str = "msolve"
    options: Mapping[str, object] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )
    seconds: float = 0.0
    msolve_seconds: float = 0.0

    # ----- collection ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[CriticalPoint]:
        return iter(self.points)

    def _keep(self, pred) -> CriticalPoints:
        return replace(self, points=tuple(p for p in self.points if pred(p)))

    def real(self) -> CriticalPoints:
        """The real critical points (every listed point is real; complex ones are counted)."""
        return self

    def function_space(self) -> CriticalPoints:
        """Only the function-space points."""
        return self._keep(lambda p: p.space == "function")

    def parameter_space(self) -> CriticalPoints:
        """Only the parameter-space points."""
        return self._keep(lambda p: p.space == "parameter")

    def minima(self) -> CriticalPoints:
        """Local minima: of ℓ restricted to M (function space), of L (parameter space)."""
        return self._keep(lambda p: p.local_min)

    def spurious(self) -> CriticalPoints:
        """Spurious parameter-space points."""
        return self._keep(lambda p: p.spurious)

    def pure(self) -> CriticalPoints:
        """Pure parameter-space points."""
        return self._keep(lambda p: p.pure is True)

    def nonzero(self) -> CriticalPoints:
        """Points whose function is not the zero function."""
        return self._keep(lambda p: any(abs(v) > 1e-12 for v in p.function))

    def on_stratum(self, stratum: str | None) -> CriticalPoints:
        """Points whose function lies on ``stratum`` (``None``: outside M)."""
        return self._keep(lambda p: p.stratum == stratum)

    def in_M(self) -> CriticalPoints:
        """Points whose function lies in M."""
        return self._keep(lambda p: p.in_M)

    # ----- summaries -------------------------------------------------------------------------
    @property
    def n_complex(self) -> int | None:
        """Complex critical points of ℓ over all loci (None if a count is missing)."""
        counts = [c.n_complex for c in self.function_loci]
        return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)

    @property
    def positive_dimensional(self) -> bool:
        """The parameter-space critical set (modulo the charted symmetries) is infinite."""
        pc = self.parameter_count
        return pc.n_complex is None and pc.dimension != 0

    def by_stratum(self) -> dict[str, int]:
        """Real function-space critical points counted by stratum (``"outside"``: not in M)."""
        c = Counter(p.stratum or "outside" for p in self.points if p.space == "function")
        return dict(sorted(c.items()))

    @property
    def global_minimum(self) -> CriticalPoint | None:
        """The function-space point of least loss among those in M: the minimum of ℓ over M."""
        cands = [p for p in self.points if p.space == "function" and p.in_M]
        return min(cands, key=lambda p: p.loss) if cands else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``function_space``, ``parameter_space``, ``global_min`` and provenance."""
        fs, ps = self.function_space(), self.parameter_space()
        gm = self.global_minimum
        n_real_known = all(c.n_real is not None for c in self.function_loci)
        return {
            "architecture": self.architecture,
            "function_space": {
                "n_complex": self.n_complex,
                "n_real": len(fs) if n_real_known else None,
                "n_minima": len(fs.minima()),
                "by_stratum": fs.by_stratum(),
                "loci": [c.to_dict() for c in self.function_loci],
            },
            "parameter_space": {
                "n_complex": self.parameter_count.n_complex,
                "n_complex_scope": "points in the random gauge chart; n_real also lists θ = 0 "
                "and critical points outside the chart (rank-deficient FC factors)",
                "n_real": len(ps),
                "n_spurious": len(ps.spurious()),
                "n_spurious_nonzero": len(ps.spurious().nonzero()),
                "n_minima": len(ps.minima()),
                "positive_dimensional": self.positive_dimensional,
                "dimension": self.parameter_count.dimension,
                "note": self.parameter_count.note,
            },
            "global_min": None
            if gm is None
            else {"loss": gm.loss, "stratum": gm.stratum, "function": list(gm.function)},
            "points": [p.to_dict() for p in self.points],
            "loss": self.loss.to_dict(),
            "seed": self.seed,
            "backend": self.backend,
            "options": dict(self.options),
            "seconds": round(self.seconds, 3),
            "msolve_seconds": round(self.msolve_seconds, 3),
        }

    def __str__(self) -> str:
        fs, ps = self.function_space(), self.parameter_space()
        lines = [
            f"critical points of {self.loss.source} loss on {self.architecture} "
            f"(seed {self.seed}, {self.backend}, {self.seconds:.2f} s)",
            "  function space (ℓ on the loci of the neurovariety):",
        ]
        for c in self.function_loci:
            n_real = "?" if c.n_real is None else str(c.n_real)
            lines.append(
                f"    {c.locus:<14} {c.n_complex if c.n_complex is not None else 'inf':>5} complex"
                f"  {n_real:>4} real" + (f"  ({c.note})" if c.note else "")
            )
        lines.append(
            f"    real by stratum {fs.by_stratum()}; local minima in M: {len(fs.minima())}"
        )
        pc = self.parameter_count
        cnt = (
            f"{pc.n_complex} complex"
            if pc.n_complex is not None
            else (f"positive-dimensional (dim {pc.dimension})" if pc.dimension else "not counted")
        )
        kinds = Counter(p.kind for p in ps)
        lines += [
            f"  parameter space (L = ℓ∘μ, gauge charts): {cnt}, {len(ps)} real",
            f"    pure {len(ps.pure())}, spurious {len(ps.spurious())} "
            f"(nonzero {len(ps.spurious().nonzero())}); "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
        ]
        if pc.note:
            lines.append(f"    note: {pc.note}")
        gm = self.global_minimum
        if gm is not None:
            lines.append(f"  global minimum over M: loss {gm.loss:.6g} on the {gm.stratum} stratum")
        return "\n".join(lines)

    _repr_html_ = summary_html  # notebooks show the summary as a table
