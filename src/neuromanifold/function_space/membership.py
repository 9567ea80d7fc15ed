r"""Membership: is a function :math:`f` in the neuromanifold :math:`M = \mu(\mathbb{R}^N)`, and where?

Functions are given by their coordinates: the end-to-end matrix row-major (FC) or the end-to-end
filter :math:`c_0, \dots, c_{k-1}`, lowest degree first (LCN), i.e. :math:`\pi(f) = \sum_i c_i x^i`.

**Exact model.** Rational input (ints, ``Fraction``, ``fmpq``, text such as ``"1/3"``) is decided
exactly over :math:`\mathbb{Q}`: ranks by fraction-free elimination, factorizations by FLINT,
real roots by Arb root isolation. Every positive answer carries a witness :math:`\theta` with
:math:`\mu(\theta) = f`, checked exactly when its entries are rational.

**Tolerance model** (float input, keyword ``tol``, default ``1e-9``):

- FC: singular values :math:`\sigma_1 \ge \sigma_2 \ge \dots` of :math:`f`;
  :math:`f \in M` iff :math:`(\sum_{i>r} \sigma_i^2)^{1/2} \le \tau` and :math:`f` is singular iff
  :math:`(\sum_{i\ge r}\sigma_i^2)^{1/2} \le \tau`, with :math:`\tau = \text{tol}\cdot
  \max(1, \|f\|_F)`; these are the Frobenius distances to the rank strata (Eckart–Young), reported
  as ``distance``.
- LCN, stride one: the roots of the (exact binary value of the) filter are isolated with Arb.
  A coefficient perturbation of size :math:`\delta` splits a double root by
  :math:`O(\sqrt\delta)`, so roots are compared at the root-space tolerance
  :math:`\rho = \sqrt{\text{tol}}`: a root :math:`z` counts as real when
  :math:`|\operatorname{Im} z| \le \rho\max(1,|z|)`, as infinite when :math:`|z| > 1/\rho`, and
  real roots closer than :math:`\rho\max(1,|z|)` merge into one of higher multiplicity (roots
  of multiplicity ≥ 3 split by :math:`\delta^{1/3}` and may be missed). ``distance`` is the
  root separation (see :class:`~neuromanifold.function_space.strata.RootStructure`).
- LCN with strides: floats are taken at their exact binary value and decided exactly (no tolerance
  model yet; the reason says so).

**Derivations** (checked by tests, including perturbation tests).

*Stride one* (Kohn–Merkh–Montúfar–Trager 2022). Homogenize: :math:`F(x,y) = \sum c_i x^i y^{d-i}`,
:math:`d = \sum_l (k_l - 1)`; a filter whose top coefficients vanish is a form divisible by
:math:`y`, i.e. it has roots at infinity, and :math:`\mu` multiplies forms of degrees
:math:`d_l = k_l - 1`. A real form factors into real forms of degrees :math:`d_l` iff its
projective real roots, counted with multiplicity, number at least :math:`o =
\#\{l : d_l \text{ odd}\}`: each odd factor needs a real root; the remaining real roots are
:math:`R - o \equiv d - o \equiv 0 \pmod 2` in number and pair up like conjugate pairs, filling
the even remainders. Under a small perturbation a real root of multiplicity :math:`m` keeps
:math:`m \bmod 2` real roots at least, and exactly that many for a suitable perturbation (perturb
each :math:`(x-a)^m` separately), so the fewest real roots near :math:`f` is
:math:`n_{odd}` = number of distinct real roots of odd multiplicity. Hence :math:`f` is interior
iff :math:`n_{odd} \ge o`, and a member with :math:`n_{odd} < o \le R` is a boundary point. (The
SPEC's "real-root count o or o + 1" is a special case: :math:`(x-1)^2(x-2)^2` for degrees
:math:`(1,1,2)` has :math:`R = 4 = o + 2` and is a boundary point.) :math:`f = 0` is a member, on
the boundary iff :math:`o \ge 2`. :math:`V = \mathbb{R}^k`: no singular points.

*Two layers with stride* :math:`s` (Kohn–Montúfar–Shahverdi–Trager 2024). With
:math:`a = k_1 - 1`, :math:`m = k_2 - 1` write :math:`f(x) = \sum_{r<s} x^r f_r(x^s)` and
:math:`p(x) = \sum_{r<s} x^r p_r(x^s)`. Then :math:`f = p(x) q(x^s)` iff :math:`f_r = p_r q` for
all :math:`r`. Degree bookkeeping makes this projective: :math:`f_r` is a form of degree
:math:`e_r = \lfloor (a - r)/s \rfloor + m` for :math:`r \le a` and must vanish for :math:`r > a`
(possible only when :math:`k_1 < s`). So :math:`f \in V` iff the forms :math:`F_r` have a common
factor of degree :math:`\ge m`: :math:`\deg G \ge m` for :math:`G = \gcd_r F_r` (an exact gcd over
:math:`\mathbb{Q}`, infinity included), and :math:`f \in M` iff moreover :math:`G` has a *real*
divisor of degree :math:`m`: :math:`m` even, or :math:`G` has a real projective root. When
:math:`k_1 \le s` every nonzero :math:`F_r` has degree :math:`m`, so :math:`G` is real of degree
:math:`m` and :math:`M = V(\mathbb{R})`. Example: ``lcn:k=3,2:s=2,1``, :math:`x^4 + 1`:
:math:`F_0 = y^2 + 1`, :math:`F_1 = 0`, :math:`G = y^2+1` has degree 2 ≥ 1 but no real root.

*Strata with strides.* If :math:`\deg G = m` the divisor :math:`Q = G` is unique up to scale
(hence real), the fiber is one rescaling orbit and :math:`d\mu` has full rank there
(:math:`\gcd(G/Q, Q) = 1`: no shared hyperroot), so :math:`f` is a smooth interior point (constant
rank theorem plus properness of the cone map). If :math:`\deg G > m` the fiber has several orbits
(branches of :math:`M`) or :math:`d\mu` drops rank on it (a hyperroot :math:`\gcd(G/Q, Q) \ne 1`);
we classify such points as **singular** — a definition-based classification, not a theorem of
the cited papers; tests check it against the implicit equations of ``lcn:k=2,2:s=2,1``
(:math:`c_0c_3 = c_1c_2`) and ``lcn:k=3,2:s=2,1`` (the cubic) where it agrees with
:math:`\operatorname{Sing} V`. Boundary: near a smooth point :math:`V(\mathbb{R}) = M`; a singular
point is on the boundary when :math:`m` is odd, :math:`k_1 > s` and :math:`G` can be perturbed to
have no real roots (:math:`n_{odd}(G) = 0`: replace :math:`F_r` by :math:`(F_r/G)\,G'`); it is not
when no real divisor of :math:`G` of degree :math:`> m` can lose all its real roots; otherwise
``boundary`` is ``None`` (undecided). :math:`f = 0` is singular (vertex of a non-linear cone).

*More than two layers with strides*: the last layer is split off as above and the rest decided
recursively; candidate divisors are products of the rational irreducible factors of :math:`G`,
which is complete when every such factor is linear or a quadratic without real roots; otherwise
a :class:`NotSupportedError` says so.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import flint
import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
    parse_architecture,
)
from neuromanifold.errors import InputError, NeuromanifoldError
from neuromanifold.function_space.strata import (
    distribute,
    exact_units,
    multiply_units,
    q_factors,
    real_units,
    root_structure,
    tolerant_structure,
)
from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.ring import to_fmpq

__all__ = ["DEFAULT_TOL", "Membership", "NotSupportedError", "membership", "parse_function"]

#: Default tolerance of the float model (see the module docstring).
DEFAULT_TOL = 1e-9
KMMT22 = "Kohn–Merkh–Montúfar–Trager 2022"
KMST24 = "Kohn–Montúfar–Shahverdi–Trager 2024"

Number = flint.fmpq | float


class NotSupportedError(NeuromanifoldError):
    """The question is well posed but this library cannot decide it yet; the message says what
    is missing."""


@dataclass(frozen=True)
class Membership:
    r"""Whether :math:`f \in M`, its stratum, and a witness :math:`\theta` with :math:`\mu(\theta) = f`.

    Attributes:
        architecture: the architecture's text form.
        member: :math:`f \in M`.
        stratum: ``"interior"``, ``"boundary"`` or ``"singular"`` (see
            :mod:`~neuromanifold.function_space.strata`), ``None`` when not a member.
        in_zariski_closure: :math:`f` lies on the neurovariety :math:`V`; ``None`` if undecided.
        witness: parameters per layer (each layer flattened row-major), ``fmpq`` when exact,
            floats otherwise; ``None`` when not a member.
        exact: the decision is exact (rational input, certified computation).
        witness_exact: :math:`\mu(\text{witness}) = f` holds exactly (checked).
        reason: why, in one or two sentences, with the theorem used.
        boundary: :math:`f` is a relative boundary point (``None``: undecided or not a member).
        distance: a cheap distance to the nearest place where the answer changes (Frobenius for
            FC, root separation for stride-one LCNs), ``None`` when not computed.
        tol: the tolerance used (``None`` for exact input).
    """

    architecture: str
    member: bool
    stratum: str | None
    in_zariski_closure: bool | None
    witness: tuple[tuple[Number, ...], ...] | None
    exact: bool
    witness_exact: bool
    reason: str
    boundary: bool | None = None
    distance: float | None = None
    tol: float | None = None

    @property
    def theta(self) -> tuple[Number, ...] | None:
        """The witness as one flat parameter vector (input layer first), or ``None``."""
        if self.witness is None:
            return None
        return tuple(v for layer in self.witness for v in layer)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary; witness entries are strings like ``"1/3"`` or floats."""
        witness = None
        if self.witness is not None:
            witness = [[_json_number(v) for v in layer] for layer in self.witness]
        return {
            "architecture": self.architecture,
            "member": self.member,
            "stratum": self.stratum,
            "in_zariski_closure": self.in_zariski_closure,
            "boundary": self.boundary,
            "witness": witness,
            "exact": self.exact,
            "witness_exact": self.witness_exact,
            "distance": self.distance,
            "tol": self.tol,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        where = f" ({self.stratum})" if self.member else ""
        lines = [
            f"{'member' if self.member else 'not a member'}{where} of {self.architecture}",
            f"  Zariski closure  {_word(self.in_zariski_closure)}",
            f"  decision         {'exact' if self.exact else f'tolerance {self.tol:g}'}",
            f"  reason           {self.reason}",
        ]
        if self.witness is not None:
            w = "; ".join(", ".join(str(_json_number(v)) for v in layer) for layer in self.witness)
            lines.append(f"  witness          {w}  ({'exact' if self.witness_exact else 'float'})")
        return "\n".join(lines)


def _word(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "undecided"}[value]


def _json_number(v: Number) -> str | float:
    if isinstance(v, flint.fmpq):
        return str(v)
    return float(v)


# --------------------------------------------------------------------------------------------
# input
# --------------------------------------------------------------------------------------------
def _format_hint(arch: Architecture) -> str:
    if isinstance(arch, FullyConnected | LinearConvNetwork2D):
        m, n = arch.ambient_shape
        row = ",".join(["1"] * n)
        return f"{m} rows of {n} numbers, rows separated by ';', e.g. {';'.join([row] * m)}"
    k = arch.ambient_dim
    return f"{k} comma-separated coefficients c_0,...,c_{k - 1}, lowest degree first, e.g. " + (
        ",".join(["1"] * k)
    )


def parse_function(architecture: Architecture | str, text: str) -> tuple[flint.fmpq, ...]:
    """Read a function's coordinates from text: the CLI format.

    Filters: coefficients comma-separated, lowest degree first (``1,0,-1`` is :math:`1 - x^2`).
    Matrices: row-major with ``;`` between rows (``1,2,3;2,4,6``). Entries are integers,
    fractions (``1/3``) or decimals (``0.25``, read exactly). Spaces are ignored.

    Args:
        architecture: the architecture (or its text form) whose ambient space ``f`` lives in.
        text: the coordinates.

    Returns:
        The coordinates, flattened row-major, as exact ``fmpq``.

    Raises:
        InputError: wrong count or shape, non-numbers, NaN or infinity; the message names the
            argument ``function`` and shows the expected format.

    Example:
        >>> parse_function("fc:3,1,2", "1,2,3; 2,4,6")
        (1, 2, 3, 2, 4, 6)
        >>> parse_function("lcn:k=2,2", "1, -1/3, 0")
        (1, -1/3, 0)
    """
    arch = parse_architecture(architecture)
    if not isinstance(text, str):
        raise InputError(f"function: expected text, got {type(text).__name__}")
    raw = "".join(text.split())
    if not raw:
        raise InputError(f"function: empty; expected {_format_hint(arch)}")
    rows = raw.split(";")
    if isinstance(arch, FullyConnected | LinearConvNetwork2D):
        m, n = arch.ambient_shape
        if len(rows) != m and not (len(rows) == 1 and len(rows[0].split(",")) == m * n):
            raise InputError(
                f"function: {arch.text} has {m}×{n} coordinates; got {len(rows)} rows, "
                f"expected {_format_hint(arch)}"
            )
        if len(rows) == m:
            for i, row in enumerate(rows):
                if len(row.split(",")) != n:
                    raise InputError(
                        f"function: row {i + 1} has {len(row.split(','))} entries, expected {n}; "
                        f"format: {_format_hint(arch)}"
                    )
    elif len(rows) != 1:
        raise InputError(f"function: ';' separates matrix rows; expected {_format_hint(arch)}")
    items = [item for row in rows for item in row.split(",")]
    if len(items) != arch.ambient_dim:
        raise InputError(
            f"function: {arch.text} needs {arch.ambient_dim} numbers, got {len(items)}; "
            f"expected {_format_hint(arch)}"
        )
    out = []
    for i, item in enumerate(items):
        if item.lower() in ("nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity"):
            raise InputError(f"function: entry {i + 1} is {item!r}, expected a finite number")
        out.append(to_fmpq(item, f"function: entry {i + 1}", allow_float=True))
    return tuple(out)


def _coordinates(arch: Architecture, f: object) -> tuple[tuple[flint.fmpq, ...], np.ndarray | None]:
    """Flat exact coordinates, and the float array when the input was floating point."""
    if isinstance(f, str):
        return parse_function(arch, f), None
    try:
        arr = np.asarray(f, dtype=object)
    except (ValueError, TypeError):
        raise InputError(f"function: expected {_format_hint(arch)}") from None
    if arr.shape not in (arch.ambient_shape, (arch.ambient_dim,)):
        raise InputError(
            f"function: {arch.text} has coordinates of shape {arch.ambient_shape}; got shape "
            f"{arr.shape}; expected {_format_hint(arch)}"
        )
    flat = arr.reshape(-1)
    is_float = False
    for i, v in enumerate(flat):
        if isinstance(v, complex | np.complexfloating):
            raise InputError(f"function: entry {i} is complex ({v!r}); expected real numbers")
        if isinstance(v, float | np.floating):
            if not math.isfinite(float(v)):
                raise InputError(f"function: entry {i} is {v!r}; expected a finite number")
            is_float = True
        elif isinstance(v, np.integer):
            flat[i] = int(v)
    exact = tuple(to_fmpq(v, f"function: entry {i}", allow_float=True) for i, v in enumerate(flat))
    if is_float:
        return exact, np.array([float(v) for v in flat], dtype=np.float64)
    return exact, None


# --------------------------------------------------------------------------------------------
# dispatcher
# --------------------------------------------------------------------------------------------
def membership(
    architecture: Architecture | str, f: object, *, tol: float = DEFAULT_TOL
) -> Membership:
    r"""Decide whether :math:`f \in M = \mu(\mathbb{R}^N)`, its stratum, and find :math:`\theta`.

    The decision is exact for rational input and follows the tolerance model of this module for
    floats (module docstring). Positive answers carry a witness :math:`\theta` (per layer) with
    :math:`\mu(\theta) = f`, exact over :math:`\mathbb{Q}` whenever the needed factors are
    rational (``witness_exact``), otherwise floats.

    Args:
        architecture: the network (or its text form).
        f: the function's coordinates: a matrix / filter (nested sequence or array), a flat
            sequence, or text in the CLI format (:func:`parse_function`).
        tol: tolerance of the float model; ignored for exact input.

    Returns:
        A :class:`Membership`.

    Raises:
        InputError: malformed ``f``.
        NotSupportedError: cases not decided yet (2D convolutions with several layers, some
            networks with three or more strided layers).

    Example:
        >>> membership("lcn:k=2,2", [-1, 0, 1]).stratum          # x^2 - 1
        'interior'
        >>> membership("lcn:k=2,2", [1, 0, 1]).member            # x^2 + 1
        False
        >>> r = membership("fc:3,1,2", "1,2,3;2,4,6")
        >>> r.stratum, r.to_dict()["witness"]
        ('interior', [['1', '2', '3'], ['1', '2']])

    Reference: FC: Eckart–Young / determinantal varieties (SPEC §2.1); stride-one LCN:
    Kohn–Merkh–Montúfar–Trager 2022; strided LCN: Kohn–Montúfar–Shahverdi–Trager 2024.
    """
    arch = parse_architecture(architecture)
    if not (isinstance(tol, float | int) and 0 < tol < 1):
        raise InputError(f"tol: expected a number in (0, 1), got {tol!r}")
    exact, floats = _coordinates(arch, f)
    if isinstance(arch, FullyConnected):
        return _fc(arch, exact, floats, float(tol))
    if isinstance(arch, LinearConvNetwork):
        return _lcn(arch, exact, floats, float(tol))
    if isinstance(arch, LinearConvNetwork2D):
        return _lcn2d(arch, exact)
    raise NotSupportedError(f"membership: no membership test for {type(arch).__name__}")


def _check_witness(arch: Architecture, layers: list[list[flint.fmpq]], f: Sequence) -> bool:
    value = parametrization(arch).exact([v for layer in layers for v in layer])
    return all(a == b for a, b in zip(value.reshape(-1), f, strict=True))


# --------------------------------------------------------------------------------------------
# fully connected
# --------------------------------------------------------------------------------------------
def _fc_layers(arch: FullyConnected, c: list[list], r: list[list], rho: int, zero: Any) -> list:
    """Distribute f = C R (C: m×ρ, R: ρ×n) over the layers: W_1 = [R; 0], W_i = [I_ρ 0; 0 0],
    W_L = [C 0]."""
    widths = arch.widths
    if len(widths) == 2:
        m, n = arch.ambient_shape
        return [
            [sum((c[i][t] * r[t][j] for t in range(rho)), zero) for i in range(m) for j in range(n)]
        ]
    one = zero + 1
    layers = []
    for li in range(len(widths) - 1):
        rows, cols = widths[li + 1], widths[li]
        layer = []
        for i in range(rows):
            for j in range(cols):
                if li == 0:
                    layer.append(r[i][j] if i < rho else zero)
                elif li == len(widths) - 2:
                    layer.append(c[i][j] if j < rho else zero)
                else:
                    layer.append(one if i == j < rho else zero)
        layers.append(layer)
    return layers


def _fc(
    arch: FullyConnected, f: tuple[flint.fmpq, ...], floats: np.ndarray | None, tol: float
) -> Membership:
    m, n = arch.ambient_shape
    r = arch.bottleneck
    filling = r >= min(m, n)
    if floats is not None:
        return _fc_float(arch, floats.reshape(m, n), tol, filling)
    mat = flint.fmpq_mat(m, n, list(f))
    rref, rho = mat.rref()
    pivots = []
    for i in range(rho):
        pivots.append(next(j for j in range(n) if rref[i, j] != 0))
    member = rho <= r
    if not member:
        return Membership(
            arch.text, False, None, False, None, True, False,
            f"rank {rho} > r = min widths = {r}: M = {{rank ≤ {r}}} (determinantal variety)",
            boundary=None,
        )  # fmt: skip
    cmat = [[mat[i, pivots[t]] for t in range(rho)] for i in range(m)]
    rmat = [[rref[t, j] for j in range(n)] for t in range(rho)]
    layers = _fc_layers(arch, cmat, rmat, rho, flint.fmpq(0))
    ok = _check_witness(arch, layers, f)
    assert ok, "internal error: rank factorization does not multiply back"
    singular = (not filling) and rho < r
    what = "M is the whole space" if filling else f"rank {rho} {'<' if singular else '='} r = {r}"
    return Membership(
        arch.text, True, "singular" if singular else "interior", True,
        tuple(tuple(layer) for layer in layers), True, ok,
        f"{what}; M = {{rank ≤ {r}}} is closed and algebraic, Sing M = {{rank ≤ {r - 1}}} when "
        f"r < min(d_0, d_L); witness: rank factorization f = C·R over Q",
        boundary=False,
    )  # fmt: skip


def _fc_float(arch: FullyConnected, f: np.ndarray, tol: float, filling: bool) -> Membership:
    r = arch.bottleneck
    u, sigma, vt = np.linalg.svd(f)
    tau = tol * max(1.0, float(np.linalg.norm(f)))
    to_m = float(np.sqrt(np.sum(sigma[r:] ** 2)))
    to_sing = float(np.sqrt(np.sum(sigma[r - 1 :] ** 2))) if r >= 1 else 0.0
    if to_m > tau:
        return Membership(
            arch.text, False, None, False, None, False, False,
            f"Frobenius distance {to_m:.3g} to {{rank ≤ {r}}} exceeds tol·max(1, ‖f‖) = {tau:.3g}",
            distance=to_m, tol=tol,
        )  # fmt: skip
    singular = (not filling) and to_sing <= tau
    rho = min(int(np.sum(sigma > tau)), r)
    cmat = (u[:, :rho] * sigma[:rho]).tolist()
    rmat = vt[:rho, :].tolist()
    layers = _fc_layers(arch, cmat, rmat, rho, 0.0)
    return Membership(
        arch.text, True, "singular" if singular else "interior", True,
        tuple(tuple(float(v) for v in layer) for layer in layers), False, False,
        f"numerical rank {rho} (singular values above {tau:.3g}); M = {{rank ≤ {r}}}",
        boundary=False, distance=to_sing if not filling else None, tol=tol,
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# LCN
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Answer:
    """An LCN decision on the reduced problem (nontrivial layers only)."""

    member: bool
    closure: bool | None
    stratum: str | None
    boundary: bool | None
    filters: list[list] | None  # per nontrivial layer
    exact_witness: bool
    reason: str
    distance: float | None = None


def _lcn(
    arch: LinearConvNetwork, f: tuple[flint.fmpq, ...], floats: np.ndarray | None, tol: float
) -> Membership:
    ks, ts = arch.filter_sizes, arch.dilations
    live = [i for i, k in enumerate(ks) if k > 1]
    exact = floats is None
    tol_used = None if exact else tol
    if not live:
        return Membership(
            arch.text, True, "interior", True, tuple((c,) for c in (f[0],) + (1,) * (len(ks) - 1)),
            True, True, "all filters have size 1: M = R", boundary=False, tol=tol_used,
        )  # fmt: skip
    base = ts[live[0]]
    off = [i for i, c in enumerate(f) if i % base and c != 0]
    if off:
        return Membership(
            arch.text, False, None, False, None, True, False,
            f"coefficient c_{off[0]} ≠ 0 but every member is a polynomial in x^{base} "
            f"(the first nontrivial layer has dilation {base})",
            tol=tol_used,
        )  # fmt: skip
    g = list(f[::base])
    layers = [(ks[i], ts[i] // base) for i in live]
    if len(layers) == 1:
        ans = _Answer(True, True, "interior", False, [g], True, "one nontrivial layer: M is linear")
    elif all(t == 1 for _, t in layers):
        ans = _stride_one(layers, g, None if exact else tol)
    else:
        if exact:
            ans = _strided(layers, g)
        else:
            return _strided_float(arch, g, layers, floats, tol)
    witness = None
    witness_exact = False
    if ans.member:
        assert ans.filters is not None
        filters: list[list] = [[flint.fmpq(1)] for _ in ks]
        for i, flt in zip(live, ans.filters, strict=True):
            filters[i] = list(flt)
        if ans.exact_witness:
            witness_exact = _check_witness(arch, filters, f)
            assert witness_exact, "internal error: exact LCN witness does not multiply back"
        else:
            filters = [[float(v) for v in flt] for flt in filters]
        witness = tuple(tuple(flt) for flt in filters)
        if len(layers) >= 3 and not all(t == 1 for _, t in layers) and ans.stratum == "interior":
            ans = _check_rank(arch, filters, ans)
    return Membership(
        arch.text, ans.member, ans.stratum, ans.closure, witness, exact, witness_exact,
        ans.reason, boundary=ans.boundary, distance=ans.distance, tol=tol_used,
    )  # fmt: skip


def _stride_one(layers: list[tuple[int, int]], g: list, tol: float | None) -> _Answer:
    sizes = [k for k, _ in layers]
    degrees = [k - 1 for k in sizes]
    d = sum(degrees)
    o = sum(1 for e in degrees if e % 2)
    poly = flint.fmpq_poly(g)
    if poly.is_zero():
        filters = [[flint.fmpq(0)] * k for k in sizes]
        return _Answer(
            True, True, "boundary" if o >= 2 else "interior", o >= 2, filters, True,
            f"f = 0; with o = {o} odd-degree factor(s) M is {'a proper cone' if o >= 2 else 'R^k'}",
        )  # fmt: skip
    lead = poly[poly.degree()]
    if tol is None:
        rs = root_structure(g, d)
    else:
        rho = math.sqrt(tol)
        rs = tolerant_structure(real_units(poly, d, rho), d, rho)
    member = rs.n_real >= o
    counts = (
        f"{rs.n_real} real projective root(s) with multiplicity, {rs.n_odd} distinct of odd "
        f"multiplicity, o = {o} odd-degree layer(s)"
    )
    if not member:
        return _Answer(
            False, True, None, None, None, False,
            f"{counts}: each odd-degree factor needs a real root ({KMMT22})", rs.separation,
        )  # fmt: skip
    boundary = rs.n_odd < o
    filters = None
    exact_witness = False
    if tol is None:
        filters = distribute(exact_units(poly, d), degrees, sizes, flint.fmpq(1))
        exact_witness = filters is not None
    if filters is None:
        filters = distribute(
            real_units(poly, d, None if tol is None else math.sqrt(tol)), degrees, sizes, 1.0
        )
        assert filters is not None, "internal error: real factors do not fit the layers"
        lead = float(lead)
    filters[0] = [v * lead for v in filters[0]]
    return _Answer(
        True, True, "boundary" if boundary else "interior", boundary, filters, exact_witness,
        f"{counts}: member; "
        + (
            "a small perturbation can turn repeated real roots into complex pairs and leave M"
            if boundary
            else "every small perturbation keeps enough real roots"
        )
        + f" ({KMMT22})",
        rs.separation,
    )  # fmt: skip


def _polyphase(
    g: Sequence[flint.fmpq], a: int, s: int, m: int
) -> tuple[list[tuple[int, flint.fmpq_poly, int]], list[int]]:
    """Polyphase components f_r as forms (r, poly, formal degree e_r), and the r > a that must vanish."""
    forms, forced = [], []
    for r in range(s):
        comp = flint.fmpq_poly(list(g[r::s]))
        if r > a:
            if not comp.is_zero():
                forced.append(r)
            continue
        forms.append((r, comp, (a - r) // s + m))
    return forms, forced


def _common_factor(
    forms: list[tuple[int, flint.fmpq_poly, int]],
) -> tuple[flint.fmpq_poly, int] | None:
    """gcd G of the nonzero forms: (finite part, multiplicity at infinity); None if all vanish."""
    nonzero = [(p, e) for _, p, e in forms if not p.is_zero()]
    if not nonzero:
        return None
    gcd = nonzero[0][0]
    for p, _ in nonzero[1:]:
        gcd = gcd.gcd(p)
    gcd = gcd / gcd[gcd.degree()]
    return gcd, min(e - p.degree() for p, e in nonzero)


def _rebuild(
    forms: list[tuple[int, flint.fmpq_poly, int]], q: Sequence, k1: int, s: int, exact: bool
) -> list:
    """p with polyphase components f_r / q."""
    zero = flint.fmpq(0) if exact else 0.0
    p: list = [zero] * k1
    qq = [c for c in q]
    while len(qq) > 1 and qq[-1] == 0:
        qq.pop()
    for r, comp, _ in forms:
        if comp.is_zero():
            continue
        if exact:
            divisor = flint.fmpq_poly(qq)
            quo, rem = comp // divisor, comp % divisor
            assert rem.is_zero(), "internal error: q does not divide a polyphase component"
            coeffs = list(quo.coeffs())
        else:
            num = np.array([float(c) for c in comp.coeffs()])
            quotient = np.polynomial.polynomial.polydiv(num, np.array(qq, dtype=float))[0]  # pyright: ignore[reportIndexIssue]
            coeffs = [float(c) for c in quotient]
        for j, c in enumerate(coeffs):
            if r + j * s < k1:
                p[r + j * s] = c
    return p


def _strided(layers: list[tuple[int, int]], g: list) -> _Answer:
    if len(layers) == 2:
        return _two_layers(layers, g)
    return _many_layers(layers, g)


def _two_layers(layers: list[tuple[int, int]], g: list) -> _Answer:
    (k1, _), (k2, s) = layers
    a, m = k1 - 1, k2 - 1
    forms, forced = _polyphase(g, a, s, m)
    if forced:
        return _Answer(
            False, False, None, None, None, False,
            f"polyphase component f_{forced[0]} ≠ 0 although k_1 = {k1} ≤ {forced[0]} < s = {s}",
        )  # fmt: skip
    common = _common_factor(forms)
    singular_cone = True
    if common is None:
        filters = [[flint.fmpq(0)] * k1, [flint.fmpq(0)] * k2]
        boundary = m % 2 == 1 and k1 > s
        return _Answer(
            True, True, "singular" if singular_cone else "interior", boundary, filters, True,
            "f = 0: the vertex of the cone M, which is not a linear space",
        )  # fmt: skip
    gcd, infinite = common
    deg_g = gcd.degree() + infinite
    if deg_g < m:
        return _Answer(
            False, False, None, None, None, False,
            f"the polyphase components' common factor G has degree {deg_g} < k_2 − 1 = {m} "
            f"({KMST24})",
        )  # fmt: skip
    rs = root_structure(list(gcd.coeffs()), deg_g)
    if m % 2 == 1 and rs.n_real == 0:
        return _Answer(
            False, True, None, None, None, False,
            f"f is on the neurovariety (common factor G of degree {deg_g} ≥ {m}) but G has no "
            f"real root, so no real factor q of odd degree {m} exists ({KMST24}: hyperroots)",
        )  # fmt: skip
    sizes = [m + 1, deg_g - m + 1]
    parts = distribute(exact_units(gcd, deg_g), [m, deg_g - m], sizes, flint.fmpq(1))
    exact = parts is not None
    if parts is None:
        parts = distribute(real_units(gcd, deg_g, None), [m, deg_g - m], sizes, 1.0)
        assert parts is not None, "internal error: no real divisor found"
    q = parts[0]
    p = _rebuild(forms, q, k1, s, exact)
    if deg_g == m:
        stratum, boundary = "interior", False
        why = "unique common factor of degree k_2 − 1: one rescaling orbit, dμ of full rank"
    else:
        stratum = "singular"
        if m % 2 == 0 or k1 <= s:
            boundary = False
        elif rs.n_odd == 0:
            boundary = True
        elif rs.even_part_degree < m + 1:
            boundary = False
        else:
            boundary = None
        why = (
            f"common factor G of degree {deg_g} > k_2 − 1 = {m}: several preimage orbits or a "
            f"shared hyperroot (definition-based classification)"
        )
    return _Answer(True, True, stratum, boundary, [p, q], exact, f"{why} ({KMST24})", rs.separation)


def _fit(arch: LinearConvNetwork, f: np.ndarray, tol: float, starts: int = 40) -> np.ndarray | None:
    """Least squares ‖μ(θ) − f‖² (scipy's trust-region solver) from seeded random starts.

    Returns θ with residual ≤ τ = tol·max(1, ‖f‖), or None (not a certificate of non-membership).
    """
    from scipy.optimize import least_squares

    mu = parametrization(arch)
    tau = tol * max(1.0, float(np.linalg.norm(f)))
    rng = np.random.default_rng(0)
    scale = max(float(np.linalg.norm(f)), 1e-300) ** (1.0 / arch.n_layers)
    for _ in range(starts):
        theta0 = rng.standard_normal(arch.n_params) * scale / np.sqrt(arch.n_params)
        fit = least_squares(
            lambda t: mu(t) - f,
            theta0,
            jac=lambda t: mu.jacobian(t),  # pyright: ignore[reportArgumentType]
            method="lm" if f.size >= arch.n_params else "trf",  # MINPACK needs m ≥ n
            xtol=1e-15,
            ftol=1e-15,
            gtol=1e-15,
            max_nfev=2000,
        )
        if float(np.linalg.norm(mu(fit.x) - f)) <= tau:
            return fit.x
    return None


def _check_rank(arch: LinearConvNetwork, filters: list[list], ans: _Answer) -> _Answer:
    """Demote an 'interior' answer to 'singular' when dμ drops rank at the (exact) witness."""
    from neuromanifold.function_space.dimension import generic_rank

    mu = parametrization(arch)
    theta = [v for flt in filters for v in flt]
    if not all(isinstance(v, flint.fmpq) for v in theta):
        return ans
    rank = mu.jacobian_exact(theta).rank()
    dim = generic_rank(mu).dim
    if rank < dim:
        return replace(ans, stratum="singular", reason=ans.reason + f"; dμ has rank {rank} < {dim}")
    return ans


def _strided_float(
    arch: LinearConvNetwork, g: list, layers: list[tuple[int, int]], f: np.ndarray, tol: float
) -> Membership:
    """Float model for strides: exact on the binary value, else a numerical fit within τ."""
    try:
        ans = _strided(layers, g)
    except NotSupportedError:
        ans = None
    if ans is not None and ans.member:
        full = _lcn(arch, tuple(to_fmpq(v, allow_float=True) for v in f), None, tol)
        return replace(full, reason=full.reason + "; decided exactly on the floats' binary values")
    theta = _fit(arch, f, tol)
    tau = tol * max(1.0, float(np.linalg.norm(f)))
    if theta is None:
        return Membership(
            arch.text, False, None, None if ans is None else ans.closure, None, False, False,
            f"the floats' exact binary value is not a member and Levenberg–Marquardt from 40 "
            f"seeded starts found no θ with ‖μ(θ) − f‖ ≤ {tau:.3g} (numerical, not certified)",
            tol=tol,
        )  # fmt: skip
    from neuromanifold.function_space.dimension import generic_rank

    dim = generic_rank(parametrization(arch)).dim
    sv = np.linalg.svd(parametrization(arch).jacobian(theta), compute_uv=False)
    rank = int(np.sum(sv > math.sqrt(tol) * sv[0])) if sv.size and sv[0] > 0 else 0
    layer_sizes = arch.layer_sizes
    cuts = np.cumsum((0, *layer_sizes))
    witness = tuple(
        tuple(float(v) for v in theta[cuts[i] : cuts[i + 1]]) for i in range(len(layer_sizes))
    )
    return Membership(
        arch.text, True, "singular" if rank < dim else "interior", True, witness, False, False,
        f"numerical fit ‖μ(θ) − f‖ ≤ {tau:.3g}; Jacobian rank {rank} at θ vs dim M = {dim} "
        f"(stratum numerical: a rank drop means singular; boundary not decided)",
        boundary=None, tol=tol,
    )  # fmt: skip


def _complete(gcd: flint.fmpq_poly) -> bool:
    """Every real divisor of G is a product of its rational irreducible factors."""
    for h, _ in q_factors(gcd):
        if h.degree() == 1:
            continue
        if h.degree() == 2 and h[1] ** 2 - 4 * h[0] * h[2] < 0:
            continue
        return False
    return True


def _many_layers(layers: list[tuple[int, int]], g: list) -> _Answer:
    """Three or more nontrivial layers: split off the last one over rational divisors."""
    if all(t == 1 for _, t in layers):
        return _stride_one(layers, g, None)
    if len(layers) == 2:
        return _two_layers(layers, g)
    if len(layers) == 1:
        return _Answer(True, True, "interior", False, [list(g)], True, "one layer")
    *head, (k_last, s) = layers
    m = k_last - 1
    a = sum((k - 1) * t for k, t in head)
    forms, forced = _polyphase(g, a, s, m)
    if forced:
        return _Answer(False, False, None, None, None, False, f"f_{forced[0]} must vanish")
    common = _common_factor(forms)
    if common is None:
        zeros = [[flint.fmpq(0)] * k for k, _ in layers]
        return _Answer(True, True, "singular", None, zeros, True, "f = 0: vertex of the cone")
    gcd, infinite = common
    deg_g = gcd.degree() + infinite
    if deg_g < m:
        return _Answer(
            False, False, None, None, None, False,
            f"common factor of the polyphase components has degree {deg_g} < {m}",
        )  # fmt: skip
    units = exact_units(gcd, deg_g)
    seen: set[tuple] = set()
    found: list[_Answer] = []
    head_size = a + 1
    for r_count in range(len(units) + 1):
        for combo in itertools.combinations(range(len(units)), r_count):
            chosen = [units[i] for i in combo]
            if sum(u.degree for u in chosen) != m:
                continue
            key = tuple(sorted((u.coeffs, u.degree) for u in chosen))
            if key in seen:
                continue
            seen.add(key)
            q = multiply_units(chosen, m + 1, flint.fmpq(1))
            rest = _rebuild_general(forms, q, head_size, s)
            sub = _many_layers(head, rest)
            if sub.member:
                assert sub.filters is not None
                found.append(replace(sub, filters=[*sub.filters, q]))
    if found:
        best = found[0]
        unique = len(found) == 1 and best.stratum == "interior"
        return replace(
            best,
            stratum="interior" if unique else "singular",
            boundary=None,
            reason=f"{len(found)} rational preimage orbit(s) found by splitting off the last "
            f"layer; stratum from the definition (several orbits or a singular sub-answer ⇒ "
            f"singular); boundary not decided for ≥ 3 strided layers ({KMST24})",
        )
    if not _complete(gcd):
        raise NotSupportedError(
            "membership: for three or more strided layers only rational divisors of the "
            "polyphase components' common factor are tried, and this f needs an irrational "
            "real divisor (an irreducible factor over Q of degree ≥ 3 or with real roots); "
            "exact arithmetic over real algebraic numbers is not implemented yet"
        )
    return _Answer(
        False, None, None, None, None, False,
        "no real divisor of the polyphase components' common factor leads to a factorization "
        f"(all real divisors are rational here, so the search is complete; {KMST24})",
    )  # fmt: skip


def _rebuild_general(
    forms: list[tuple[int, flint.fmpq_poly, int]], q: Sequence, size: int, s: int
) -> list:
    return _rebuild(forms, q, size, s, True)


def _lcn2d(arch: LinearConvNetwork2D, f: tuple[flint.fmpq, ...]) -> Membership:
    live = [i for i, k in enumerate(arch.filter_shapes) if k != (1, 1)]
    if len(live) > 1:
        raise NotSupportedError(
            f"membership: {arch.text} has {len(live)} layers with filters larger than 1×1; "
            "deciding membership needs factorization of bivariate real polynomials into factors "
            "of prescribed bidegrees (dilated), which is not implemented yet"
        )
    rows, cols = arch.ambient_shape
    if not live:
        layers: list[list] = [[f[0]]] + [[flint.fmpq(1)] for _ in arch.filter_shapes[1:]]
        return Membership(
            arch.text, True, "interior", True, tuple(tuple(x) for x in layers), True, True,
            "all filters are 1×1: M = R", boundary=False,
        )  # fmt: skip
    i = live[0]
    t, u = arch.dilations[i]
    kr, kc = arch.filter_shapes[i]
    grid = [[f[r * cols + c] for c in range(cols)] for r in range(rows)]
    bad = [(r, c) for r in range(rows) for c in range(cols) if (r % t or c % u) and grid[r][c]]
    if bad:
        return Membership(
            arch.text, False, None, False, None, True, False,
            f"entry {bad[0]} ≠ 0 but members are polynomials in (x^{t}, y^{u})",
        )  # fmt: skip
    layers = [[flint.fmpq(1)] for _ in arch.filter_shapes]
    layers[i] = [grid[r * t][c * u] for r in range(kr) for c in range(kc)]
    ok = _check_witness(arch, layers, f)
    return Membership(
        arch.text, True, "interior", True, tuple(tuple(x) for x in layers), True, ok,
        "one nontrivial layer: M is a linear space", boundary=False,
    )  # fmt: skip
