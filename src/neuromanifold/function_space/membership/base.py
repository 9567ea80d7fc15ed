r"""The verb :func:`contains`, its result :class:`Membership`, and the input it reads.

:func:`contains` parses the function's coordinates (exact rationals, or floats with their exact
binary values) and hands them to :func:`decide`, a per-family dispatcher
(:func:`~neuromanifold.dispatch.family_dispatch`) with one registration per architecture family
(the sibling modules of this package, imported with the first architecture of their family).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import flint
import numpy as np

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork2D,
    parse_architecture,
)
from neuromanifold.dispatch import family_dispatch
from neuromanifold.errors import InputError, NotSupportedError
from neuromanifold.html_table import summary_html
from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.ring import to_fmpq

__all__ = [
    "DEFAULT_TOL",
    "KMMT22",
    "KMST24",
    "Decision",
    "Membership",
    "NotSupportedError",
    "Query",
    "check_witness",
    "contains",
    "decide",
    "membership",
    "parse_function",
]

#: Default tolerance of the float model (see the module docstring).
DEFAULT_TOL = 1e-9
KMMT22 = "Kohn–Merkh–Montúfar–Trager 2022"
KMST24 = "Kohn–Montúfar–Shahverdi–Trager 2024"

Number = flint.fmpq | float


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

    @classmethod
    def outside(
        cls,
        architecture: str,
        reason: str,
        *,
        closure: bool | None,
        exact: bool,
        distance: float | None = None,
        tol: float | None = None,
    ) -> Membership:
        """A negative answer: not a member, so no stratum, witness or boundary.

        Example:
            >>> Membership.outside("lcn:k=2,2", "no real root", closure=True, exact=True).member
            False
        """
        return cls(
            architecture, False, None, closure, None, exact, False, reason, None, distance, tol
        )

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

    _repr_html_ = summary_html  # notebooks show the summary as a table


def _word(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "undecided"}[value]


def _json_number(v: Number) -> str | float:
    if isinstance(v, flint.fmpq):
        return str(v)
    return float(v)


@dataclass(frozen=True)
class Decision:
    """A decision on a reduced problem (for LCNs: the nontrivial layers only), before the witness
    is assembled and checked into a :class:`Membership`."""

    member: bool
    closure: bool | None
    stratum: str | None
    boundary: bool | None
    filters: list[list] | None  # per layer of the reduced problem
    exact_witness: bool
    reason: str
    distance: float | None = None


# --------------------------------------------------------------------------------------------
# input
# --------------------------------------------------------------------------------------------
def _format_hint(arch: Architecture) -> str:
    if isinstance(arch, FullyConnected | LinearConvNetwork2D):
        m, n = arch.ambient_shape
        row = ",".join(["1"] * n)
        return f"{m} rows of {n} numbers, rows separated by ';', e.g. {';'.join([row] * m)}"
    k = arch.ambient_dim
    if arch.family != "lcn":  # pnn, pcnn, attn: in the order of their coordinate names
        names = parametrization(arch).coordinate_names()
        return f"{k} comma-separated coordinates in the order {names[0]}, …, {names[-1]}"
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
# the verb, dispatched by family
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Query:
    """What :func:`contains` was asked, validated: the function and how to read it.

    Attributes:
        exact: the function's flat coordinates, exact (floats at their binary value).
        floats: the same as floats when the input was floating point, else ``None``.
        tol: the tolerance of the float model.
        preimage: a caller's θ (float64, validated) to try as the numerical witness before any
            fit (:func:`~neuromanifold.function_space.membership.witness.fit_float`); families
            that need no fit ignore it.
    """

    exact: tuple[flint.fmpq, ...]
    floats: np.ndarray | None
    tol: float
    preimage: np.ndarray | None = None


@family_dispatch("neuromanifold.function_space.membership")
def decide(arch: Architecture, query: Query) -> Membership:
    """Decide membership for one family: registered per architecture class by its module.

    Args:
        arch: the parsed architecture (dispatch is on its class).
        query: the function, its float values and tolerance, and a preimage to try.
    """
    raise NotSupportedError(f"membership: no membership test for {type(arch).__name__}")


def contains(
    architecture: Architecture | str,
    f: object,
    *,
    tol: float = DEFAULT_TOL,
    preimage: object = None,
) -> Membership:
    r"""Decide whether :math:`f \in M = \mu(\mathbb{R}^N)`, its stratum, and find :math:`\theta`.

    The decision is exact for rational input and follows the tolerance model of
    :mod:`neuromanifold.function_space.membership` for floats. Positive answers carry a witness
    :math:`\theta` (per layer) with :math:`\mu(\theta) = f`, exact over :math:`\mathbb{Q}`
    whenever the needed factors are rational (``witness_exact``), otherwise floats.

    Args:
        architecture: the network (or its text form).
        f: the function's coordinates: a matrix / filter (nested sequence or array), a flat
            sequence, or text in the CLI format (:func:`parse_function`).
        tol: tolerance of the float model; ignored for exact input.
        preimage: parameters θ (flat, ``n_params`` finite numbers) known to satisfy
            :math:`\mu(\theta) \approx f`, e.g. a trained model's own. Where the decision needs
            a numerical witness (float input the exact tests do not settle for strided LCNs;
            polynomial networks; attention), θ is that witness when
            :math:`\|\mu(\theta) - f\| \le \text{tol}\cdot\max(1, \|f\|)` and no fit runs
            (the reason says so); otherwise the seeded fit runs as without it. It replaces the
            fit only: decisions made without one never use it.

    Returns:
        A :class:`Membership`.

    Raises:
        InputError: malformed ``f``.
        NotSupportedError: cases not decided yet (2D convolutions with several layers, some
            networks with three or more strided layers).

    Example:
        >>> from neuromanifold.function_space.membership import contains
        >>> contains("lcn:k=2,2", [-1, 0, 1]).stratum          # x^2 - 1
        'interior'
        >>> contains("lcn:k=2,2", [1, 0, 1]).member            # x^2 + 1
        False
        >>> r = contains("fc:3,1,2", "1,2,3;2,4,6")
        >>> r.stratum, r.to_dict()["witness"]
        ('interior', [['1', '2', '3'], ['1', '2']])

    Reference: FC: Eckart–Young / determinantal varieties (SPEC §2.1); stride-one LCN:
    Kohn–Merkh–Montúfar–Trager 2022; strided LCN: Kohn–Montúfar–Shahverdi–Trager 2024.
    """
    arch = parse_architecture(architecture)
    if not (isinstance(tol, float | int) and 0 < tol < 1):
        raise InputError(f"tol: expected a number in (0, 1), got {tol!r}")
    exact, floats = _coordinates(arch, f)
    return decide(arch, Query(exact, floats, float(tol), _preimage(arch, preimage)))


def _preimage(arch: Architecture, theta: object) -> np.ndarray | None:
    """``contains``' ``preimage`` as a float64 vector of ``n_params`` finite entries, or None."""
    return None if theta is None else parametrization(arch).real_vector(theta, "preimage")


#: The former name of :func:`contains`, kept for existing callers.
membership = contains


def check_witness(arch: Architecture, layers: list[list[flint.fmpq]], f: Sequence) -> bool:
    r"""Whether :math:`\mu(\text{layers}) = f` holds exactly."""
    value = parametrization(arch).exact([v for layer in layers for v in layer])
    return all(a == b for a, b in zip(value.reshape(-1), f, strict=True))
