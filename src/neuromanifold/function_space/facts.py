"""Facts about a neuromanifold that theorems decide: closed, algebraic, boundary, singular points."""

from __future__ import annotations

from dataclasses import dataclass

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
)

__all__ = ["Fact", "Facts", "facts"]

KMMT22 = "Kohn–Merkh–Montúfar–Trager 2022"
KMST24 = "Kohn–Montúfar–Shahverdi–Trager 2024"
CONE = (
    "μ is multihomogeneous and vanishes only where a layer does, so M is the cone over the "
    "compact image of a product of unit spheres"
)
DETERMINANTAL = "M = {W : rank W ≤ r}, a determinantal variety"


@dataclass(frozen=True)
class Fact:
    """A yes/no property with its justification; ``value`` is ``None`` when no theorem decides it."""

    value: bool | None
    reason: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {"value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        word = {True: "yes", False: "no", None: "unknown"}[self.value]
        return f"{word} ({self.reason})"


@dataclass(frozen=True)
class Facts:
    """What theorems say about the neuromanifold of one architecture."""

    filling: Fact
    closed: Fact
    algebraic: Fact
    has_boundary: Fact
    has_singular_points: Fact
    symmetries: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "filling": self.filling.to_dict(),
            "closed": self.closed.to_dict(),
            "algebraic": self.algebraic.to_dict(),
            "has_boundary": self.has_boundary.to_dict(),
            "has_singular_points": self.has_singular_points.to_dict(),
            "symmetries": list(self.symmetries),
        }


def _fc(arch: FullyConnected, full_dimensional: bool) -> Facts:
    r = arch.bottleneck
    m, n = arch.ambient_shape
    everything = r >= min(m, n)
    if everything != full_dimensional:
        raise AssertionError(f"{arch.text}: computed dimension contradicts rank ≤ {r}")
    hidden = arch.widths[1:-1]
    return Facts(
        filling=Fact(
            everything, f"{DETERMINANTAL}; filling iff r = {r} ≥ min(d_0, d_L) = {min(m, n)}"
        ),
        closed=Fact(True, DETERMINANTAL + ", Zariski closed"),
        algebraic=Fact(True, DETERMINANTAL),
        has_boundary=Fact(False, "an algebraic variety has no relative boundary"),
        has_singular_points=Fact(
            not everything,
            f"Sing(rank ≤ {r}) = (rank ≤ {r - 1}) when {r} < min(d_0, d_L)"
            if not everything
            else "M is the whole space",
        ),
        symmetries=tuple(
            f"GL({d}) on hidden layer {i + 1}: (W_{i + 1}, W_{i + 2}) ↦ (g W_{i + 1}, W_{i + 2} g⁻¹)"
            for i, d in enumerate(hidden)
        ),
    )


def _rescalings(n_layers: int) -> tuple[str, ...]:
    if n_layers == 1:
        return ()
    return (f"rescalings w_l ↦ c_l w_l with ∏ c_l = 1 (dimension {n_layers - 1})",)


def _lcn(arch: LinearConvNetwork, full_dimensional: bool) -> Facts:
    closed = Fact(True, f"{CONE}; {KMMT22}")
    if arch.is_stride_one:
        if not full_dimensional:
            raise AssertionError(f"{arch.text}: stride one but not full-dimensional")
        odd = arch.n_odd_degree_layers
        filling = arch.filling
        rule = (
            f"stride one with {odd} even filter size(s): f ∈ M iff π(f) has ≥ {odd} real roots; "
            f"filling iff at most one ({KMMT22})"
        )
        return Facts(
            filling=Fact(filling, rule),
            closed=closed,
            algebraic=Fact(
                filling,
                "M is the whole space"
                if filling
                else "M is full-dimensional with non-empty boundary: semi-algebraic, not algebraic",
            ),
            has_boundary=Fact(
                not filling,
                "polynomials with repeated real roots that the odd-degree factors need"
                if not filling
                else "M is the whole space",
            ),
            has_singular_points=Fact(
                False, f"stride one: M is full-dimensional, no singular points ({KMMT22})"
            ),
            symmetries=_rescalings(arch.n_layers),
        )
    ks, ss = arch.filter_sizes, arch.stride_tuple
    two = [k for k in ks if k > 1]
    closure_is_m = arch.n_layers == 2 and (ks[0] <= ss[0] or ks[1] % 2 == 1)
    why = (
        "k_1 ≤ s_1"
        if arch.n_layers == 2 and ks[0] <= ss[0]
        else "k_2 − 1 even (no real root needed)"
    )
    return Facts(
        filling=Fact(False, f"strides > 1: dim M < ambient dimension ({KMST24}; computed)"),
        closed=closed,
        algebraic=Fact(
            True if closure_is_m else None,
            f"two layers with {why}: the real common factor of the polyphase components always "
            f"exists, so M is the real points of its Zariski closure (KMST 2024 for k_1 ≤ s_1; "
            f"derived in function_space.membership)"
            if closure_is_m
            else f"semi-algebraic; equal to the real points of its Zariski closure only without "
            f"hyperroot obstructions ({KMST24}); decided pointwise by membership",
        ),
        has_boundary=Fact(
            False if closure_is_m else None,
            f"M = V(ℝ) ({why}), so no relative boundary"
            if closure_is_m
            else f"typically yes for strides > 1 ({KMST24}); decided pointwise by membership",
        ),
        has_singular_points=_cone_vertex(arch, len(two)),
        symmetries=_rescalings(arch.n_layers),
    )


def _reachable(arch: LinearConvNetwork) -> bool:
    """Whether every end-to-end coefficient position is a sum of one tap per layer."""
    reach = {0}
    for k, t in zip(arch.filter_sizes, arch.dilations, strict=True):
        reach = {r + j * t for r in reach for j in range(k)}
    return len(reach) == arch.end_to_end_size


def _cone_vertex(arch: LinearConvNetwork, nontrivial: int) -> Fact:
    if nontrivial >= 2 and _reachable(arch):
        return Fact(
            True,
            "the zero function: M is a cone spanning the ambient space with dim M < ambient, so "
            "its Zariski closure is not a linear space and its vertex is singular",
        )
    return Fact(None, f"typically yes for strides > 1 ({KMST24}); decided pointwise by membership")


def _lcn2d(arch: LinearConvNetwork2D, full_dimensional: bool) -> Facts:
    nontrivial = [k for k in arch.filter_shapes if k != (1, 1)]
    if not full_dimensional:
        filling = Fact(False, "dim M < ambient dimension (computed)")
    elif len(nontrivial) <= 1:
        filling = Fact(True, "at most one layer has a filter larger than 1×1")
    else:
        filling = Fact(None, "full-dimensional; no theorem decides filling for this 2D case")
    return Facts(
        filling=filling,
        closed=Fact(True, CONE),
        algebraic=Fact(None, "semi-algebraic (Tarski–Seidenberg); algebraic unknown"),
        has_boundary=Fact(None, "no theorem covers 2D convolutions"),
        has_singular_points=Fact(None, "no theorem covers 2D convolutions"),
        symmetries=_rescalings(arch.n_layers),
    )


def facts(architecture: Architecture, full_dimensional: bool) -> Facts:
    """The theorem-backed facts about the neuromanifold of ``architecture``.

    Args:
        architecture: the network.
        full_dimensional: whether dim M equals the ambient dimension (computed, not assumed);
            checked against the theorems, which raise ``AssertionError`` on a contradiction.
    """
    if isinstance(architecture, FullyConnected):
        return _fc(architecture, full_dimensional)
    if isinstance(architecture, LinearConvNetwork):
        return _lcn(architecture, full_dimensional)
    if isinstance(architecture, LinearConvNetwork2D):
        return _lcn2d(architecture, full_dimensional)
    raise TypeError(f"no facts known for {type(architecture).__name__}")
