r"""Minimal filling architectures of polynomial networks: a pruned, resumable search.

For fixed input width :math:`d_0`, output width :math:`d_L`, activation degree r and depth L,
the hidden widths :math:`(d_1, \dots, d_{L-1})` whose neurovariety fills its ambient space form
an **up-set**: widening a layer keeps the old functions (zero weights), so a filling
architecture stays filling. The answer for each depth is the set of its **minimal** elements
(coordinate-wise, among filling widths of the same depth): the widths that fill while each
one-step predecessor (one hidden width lowered by one) does not. An up-set's minimal elements
are exactly these, since a smaller filling vector would make some one-step predecessor fill.

The search space is finite: a hidden width above :func:`useful_width` never changes the image
(some of its neurons span the others), so a minimal filling architecture lies in the box
:math:`1 \le d_l \le B_l(d_0, d_{l-1}, r)`, and a width vector outside it has the image of its
clipped vector (:func:`useful_widths`). The box is walked by increasing total width, so every
predecessor is decided first. A candidate is

* **filling by monotonicity** when a (clipped) predecessor fills: it is not minimal, no rank;
* **not filling by a bound** when :func:`dimension_upper_bound` (ambient dimension, parameters
  minus rescalings, and the recursive Dao–Rodriguez bound
  :math:`D(d_0..a..d_L) \le D(d_0..a) + D(a..d_L) - a`) is below the ambient dimension;
* otherwise decided by the exact Jacobian rank mod random primes
  (:func:`~neuromanifold.function_space.dimension.generic_rank` with the bound as its proven
  upper bound): filling is then certain (the rank, a lower bound, reaches the ambient
  dimension); not filling holds with probability at least one minus the certificate's failure
  bound.

Each answer carries its certificate (primes, ranks, seed) and its predecessors' verdicts. The
computed certificates are kept in a :class:`~neuromanifold.experiments.store.ResultStore`
(table ``dimensions``) when one is given, written every few seconds and when the search stops
(also on Ctrl-C), so a rerun on the same store recomputes nothing stored.

Reference: Kileel–Trager–Bruna 2019 (filling widths); Dao–Rodriguez 2026 (the recursive bound,
non-unimodal minimal filling architectures); SPEC §2.3 and §6.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from neuromanifold.architectures.polynomial import PolynomialNetwork, monomial_count
from neuromanifold.errors import BudgetError, InputError
from neuromanifold.experiments.store import ResultStore
from neuromanifold.function_space.dimension import DimensionCertificate, generic_rank
from neuromanifold.function_space.polynomial import (
    dimension_upper_bound,
    useful_width,
    useful_widths,
)
from neuromanifold.parametrization import parametrization
from neuromanifold.training.progress import Progress

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "FillingArchitecture",
    "FillingSearch",
    "Verdict",
    "candidate_count",
    "filling_search",
]

#: Width vectors (summed over the depths) a search may walk before it refuses.
DEFAULT_MAX_CANDIDATES = 1_000_000
#: Seconds between two writes of new certificates to the store.
_WRITE_EVERY = 2.0


@dataclass(frozen=True)
class Verdict:
    """Why a width vector fills or not.

    Attributes:
        widths: the width vector (input first).
        fills: whether its neurovariety fills the ambient space.
        how: ``"rank"`` (computed), ``"bound"`` (upper bound below the ambient dimension),
            ``"monotone"`` (a smaller vector fills) or ``"empty layer"`` (a hidden width 0).
        dim: the computed dimension (``"rank"``), else ``None``.
        upper_bound: :func:`dimension_upper_bound` of the widths.
        failure_bound: the certificate's failure bound (``"rank"``), else 0.
        widths_clipped: the widths actually decided (:func:`useful_widths`: same image).
    """

    widths: tuple[int, ...]
    fills: bool
    how: str
    dim: int | None
    upper_bound: int
    failure_bound: float
    widths_clipped: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "widths": list(self.widths),
            "fills": self.fills,
            "how": self.how,
            "dim": self.dim,
            "upper_bound": self.upper_bound,
            "failure_bound": self.failure_bound,
            "widths_clipped": list(self.widths_clipped),
        }


@dataclass(frozen=True)
class FillingArchitecture:
    """A minimal filling architecture, with the certificate of its dimension.

    Attributes:
        widths: ``(d_0, …, d_L)``, input first.
        r: the activation degree.
        dim: its dimension (= ``ambient_dim``).
        ambient_dim: the dimension of the space of d_L forms of degree r^(L−1).
        certificate: how ``dim`` was computed (primes, ranks, seed; exact: it met the ambient
            dimension, an upper bound).
        predecessors: the verdicts on its one-step predecessors (none fills).
    """

    widths: tuple[int, ...]
    r: int
    dim: int
    ambient_dim: int
    certificate: DimensionCertificate
    predecessors: tuple[Verdict, ...]

    @property
    def text(self) -> str:
        """The architecture's text form, e.g. ``pnn:2,2,1:r=2``."""
        return PolynomialNetwork(self.widths, (self.r,)).text

    @property
    def depth(self) -> int:
        """The number L of layers."""
        return len(self.widths) - 1

    @property
    def minimality_failure_bound(self) -> float:
        """Probability bound that a predecessor declared not filling by rank does fill."""
        return sum(v.failure_bound for v in self.predecessors)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "architecture": self.text,
            "widths": list(self.widths),
            "depth": self.depth,
            "dim": self.dim,
            "ambient_dim": self.ambient_dim,
            "certificate": self.certificate.to_dict(),
            "predecessors": [v.to_dict() for v in self.predecessors],
            "minimality_failure_bound": self.minimality_failure_bound,
        }


@dataclass(frozen=True)
class FillingSearch:
    """The minimal filling architectures up to a depth, and what the search did.

    Attributes:
        d0, d_out, r, max_depth, seed: the question.
        architectures: the minimal filling architectures, by depth, then widths.
        candidates: width vectors in the searched boxes (all depths).
        by_rank: candidates decided by a rank (computed now or read from the store).
        computed: ranks computed by this call (the others came from the store).
        by_bound: candidates ruled out by the upper bound, without a rank.
        by_monotonicity: candidates filling because a predecessor fills.
        seconds: wall-clock time.
        store: the store's path, or ``None``.
    """

    d0: int
    d_out: int
    r: int
    max_depth: int
    seed: int
    architectures: tuple[FillingArchitecture, ...]
    candidates: int
    by_rank: int
    computed: int
    by_bound: int
    by_monotonicity: int
    seconds: float
    store: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (``architectures``: a list, each with ``widths``, ``dim``,
        ``ambient_dim`` and ``certificate``)."""
        question = ("d0", "d_out", "r", "max_depth", "seed")
        counts = ("candidates", "by_rank", "computed")
        out: dict[str, Any] = {name: getattr(self, name) for name in question}
        out["architectures"] = [a.to_dict() for a in self.architectures]
        out.update((name, getattr(self, name)) for name in counts)
        out["reused"] = self.by_rank - self.computed
        rest = ("by_bound", "by_monotonicity", "seconds", "store")
        out.update((name, getattr(self, name)) for name in rest)
        return out

    def __str__(self) -> str:
        lines = [
            f"minimal filling architectures, d0 = {self.d0}, dL = {self.d_out}, r = {self.r}, "
            f"depth ≤ {self.max_depth}:"
        ]
        for a in self.architectures:
            cert = a.certificate
            eps = a.minimality_failure_bound
            why = "by proven bounds" if eps == 0 else f"failure probability ≤ {eps:.1e}"
            lines.append(
                f"  ({','.join(map(str, a.widths))})  dim {a.dim} = ambient "
                f"(rank mod {list(cert.primes)}, seed {cert.seed}); predecessors not filling "
                f"({why})"
            )
        if not self.architectures:
            lines.append("  none")
        lines.append(
            f"{self.candidates} candidates: {self.by_rank} by rank ({self.computed} computed, "
            f"{self.by_rank - self.computed} from the store), {self.by_bound} ruled out by the "
            f"bound, {self.by_monotonicity} filling by monotonicity; {self.seconds:.1f} s"
        )
        return "\n".join(lines)


def _check(name: str, value: int, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise InputError(f"{name}: need an integer ≥ {least}, got {value!r}")
    return value


def candidate_count(d0: int, depth: int, r: int) -> int:
    """The number of hidden width vectors of a depth in the box ``1 ≤ d_l ≤ useful_width``.

    Example:
        >>> candidate_count(2, 3, 2)    # d_1 ≤ 3, d_2 ≤ min(5, d_1(d_1 + 1)/2): 1 + 3 + 5
        9
    """

    @cache
    def count(layer: int, previous: int) -> int:
        if layer == depth:
            return 1
        top = useful_width(d0, previous, r, layer)
        return sum(count(layer + 1, w) for w in range(1, top + 1))

    return count(1, d0)


def _box(d0: int, depth: int, r: int) -> Iterator[tuple[int, ...]]:
    """The hidden width vectors of the box (see :func:`candidate_count`)."""

    def walk(layer: int, prefix: tuple[int, ...], previous: int) -> Iterator[tuple[int, ...]]:
        if layer == depth:
            yield prefix
            return
        for w in range(1, useful_width(d0, previous, r, layer) + 1):
            yield from walk(layer + 1, (*prefix, w), w)

    return walk(1, (), d0)


class _Dimensions:
    """Dimension certificates by architecture: memory, then the store, then a computation."""

    def __init__(self, store: ResultStore | None, seed: int) -> None:
        self.store, self.seed = store, seed
        stored = store.dimensions(seed) if store else {}
        self.known = {text: DimensionCertificate.from_dict(c) for text, c in stored.items()}
        self.pending: dict[str, dict[str, Any]] = {}
        self.computed = 0
        self.written = time.monotonic()

    def certificate(self, arch: PolynomialNetwork, bound: int) -> DimensionCertificate:
        cert = self.known.get(arch.text)
        if cert is None:
            cert = generic_rank(parametrization(arch), seed=self.seed, upper_bound=bound)
            self.computed += 1
            self.known[arch.text] = cert
            self.pending[arch.text] = cert.to_dict()
            if time.monotonic() - self.written > _WRITE_EVERY:
                self.flush()
        return cert

    def flush(self) -> None:
        if self.store is not None and self.pending:
            self.store.write_dimensions(self.seed, self.pending)
        self.pending = {}
        self.written = time.monotonic()


def filling_search(
    d0: int,
    d_out: int,
    r: int = 2,
    max_depth: int = 6,
    *,
    seed: int = 0,
    store: ResultStore | str | Path | None = None,
    progress: Progress | None = None,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> FillingSearch:
    r"""The minimal filling architectures ``pnn:d0,…,d_out:r=r`` of depth 2 … ``max_depth``.

    See the module's documentation for the method (the box of useful widths, monotonicity, the
    Dao–Rodriguez bound, exact ranks mod p) and what is certain: every answer fills (its rank
    mod p reaches the ambient dimension); its predecessors do not, by a proven bound or with
    probability at least one minus ``minimality_failure_bound``.

    Args:
        d0: the input width (number of variables).
        d_out: the output width d_L.
        r: the activation degree (z^r after every hidden layer), at least 2.
        max_depth: the largest number of layers L (at least 2: one hidden layer).
        seed: seed of every rank computation (recorded in the certificates).
        store: a results store or a path (created if missing) keeping the certificates, so an
            interrupted search resumes; ``None`` keeps them in memory only.
        progress: a progress bar over the candidates, or ``None``.
        max_candidates: refuse (:class:`~neuromanifold.errors.BudgetError`) when the boxes of
            all depths hold more width vectors.

    Returns:
        A :class:`FillingSearch`.

    Example:
        >>> [a.widths for a in filling_search(2, 1, 2, 4).architectures]
        [(2, 2, 1), (2, 2, 2, 1), (2, 3, 3, 2, 1)]

    Reference: Dao–Rodriguez 2026; SPEC §6 (d0 = 2, dL = 1, r = 2, depth ≤ 6).
    """
    _check("d0", d0, 1)
    _check("d_out", d_out, 1)
    _check("r", r, 2)
    _check("max_depth", max_depth, 2)
    _check("max_candidates", max_candidates, 1)
    total = 0
    for depth in range(2, max_depth + 1):
        total += candidate_count(d0, depth, r)
        if total > max_candidates:
            raise BudgetError(
                f"filling-search: more than {max_candidates:,} candidate width vectors up to "
                f"depth {depth} (the budget); raise it with --max-candidates (e.g. "
                f"--max-candidates {10 * max_candidates}) or lower --max-depth"
            )
    start = time.perf_counter()
    db = ResultStore(store) if store is not None and not isinstance(store, ResultStore) else store
    dims = _Dimensions(db, seed)
    found: list[FillingArchitecture] = []
    counts = {"rank": 0, "bound": 0, "monotone": 0}
    try:
        for depth in range(2, max_depth + 1):
            found.extend(_search_depth(d0, d_out, r, depth, dims, counts, progress))
    finally:
        dims.flush()
        if db is not None and db is not store:
            db.close()
    path = str(db.path) if db is not None else None
    return FillingSearch(
        *(d0, d_out, r, max_depth, seed, tuple(found), total, counts["rank"], dims.computed),
        *(counts["bound"], counts["monotone"], time.perf_counter() - start, path),
    )


def _search_depth(
    d0: int,
    d_out: int,
    r: int,
    depth: int,
    dims: _Dimensions,
    counts: dict[str, int],
    progress: Progress | None,
) -> list[FillingArchitecture]:
    """The minimal filling architectures of one depth (box walked by increasing total width)."""
    verdicts: dict[tuple[int, ...], Verdict] = {}
    found = []
    for hidden in sorted(_box(d0, depth, r), key=lambda h: (sum(h), h)):
        widths = (d0, *hidden, d_out)
        predecessors = []
        for i in range(len(hidden)):
            lower = list(widths)
            lower[i + 1] -= 1
            predecessors.append(_predecessor(tuple(lower), r, verdicts))
        bound = dimension_upper_bound(widths, r)
        ambient = d_out * monomial_count(d0, r ** (depth - 1))
        if any(v.fills for v in predecessors):
            verdicts[widths] = Verdict(widths, True, "monotone", None, bound, 0.0, widths)
            counts["monotone"] += 1
        elif bound < ambient:
            verdicts[widths] = Verdict(widths, False, "bound", None, bound, 0.0, widths)
            counts["bound"] += 1
        else:
            cert = dims.certificate(PolynomialNetwork(widths, (r,)), min(bound, ambient))
            counts["rank"] += 1
            fills = cert.dim == ambient
            verdicts[widths] = Verdict(
                widths, fills, "rank", cert.dim, bound, 0.0 if fills else cert.failure_bound, widths
            )
            if fills:
                found.append(
                    FillingArchitecture(widths, r, cert.dim, ambient, cert, tuple(predecessors))
                )
        if progress is not None:
            progress.update(1)
    return found


def _predecessor(
    widths: tuple[int, ...], r: int, verdicts: dict[tuple[int, ...], Verdict]
) -> Verdict:
    """The verdict on a one-step predecessor: an empty layer, or its clipped vector's verdict."""
    if min(widths) == 0:
        return Verdict(widths, False, "empty layer", 0, 0, 0.0, widths)
    clipped = useful_widths(widths, r)
    known = verdicts[clipped]  # the same image: the same verdict and bound
    return Verdict(
        widths, known.fills, known.how, known.dim, known.upper_bound, known.failure_bound, clipped
    )
