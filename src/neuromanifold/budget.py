"""Budgets checked before work: memory, time, the size of polynomials read from text, homotopy
paths.

A command estimates what it is about to do (bytes of the matrices it will allocate, terms and
degree of an expanded polynomial) and refuses past the budget with a
:class:`~neuromanifold.errors.BudgetError` that names the option raising it, instead of
running away with memory or time. The budget in force is a context value, like
``decimal.localcontext``: the CLI sets it from ``--max-memory``, ``--max-terms``,
``--max-degree``, ``--max-paths`` and ``--timeout``; a notebook uses ``with budget(max_memory=...)``.

Time is a deadline, not an estimate: ``budget(timeout=s)`` fixes the moment the work must end;
programs started on the way (msolve) get at most the time left (:func:`seconds_left`), and long
loops call :func:`check_deadline`. The command line also arms a timer signal (see
``neuromanifold.cli.common.timeout_option``), so in-process work that never checks stops too.

Example:
    >>> with budget(max_memory=parse_bytes("8G")):
    ...     current_budget().max_memory == 8 * 2**30
    True
    >>> require_memory(10 * 2**30, "a 10 GiB matrix")
    Traceback (most recent call last):
    ...
    neuromanifold.errors.BudgetError: a 10 GiB matrix needs about 10.0 GiB, above the memory budget of 2.0 GiB; raise it with --max-memory (e.g. --max-memory 16G) if the machine has the memory
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from neuromanifold.errors import BudgetError, DeadlineError, InputError

__all__ = [
    "DEFAULT_MAX_DEGREE",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_MAX_PARAMS",
    "DEFAULT_MAX_PATHS",
    "DEFAULT_MAX_TERMS",
    "Budget",
    "budget",
    "check_deadline",
    "current_budget",
    "format_bytes",
    "parse_bytes",
    "require_memory",
    "require_paths",
    "seconds_left",
]

#: Default memory budget: 2 GiB of arrays a computation may allocate.
DEFAULT_MAX_MEMORY = 2 * 2**30
#: Default bound on the number of terms of a polynomial expanded from text.
DEFAULT_MAX_TERMS = 100_000
#: Default bound on the total degree of a polynomial read from text.
DEFAULT_MAX_DEGREE = 50
#: Default bound on the parameters (and function coordinates) of exact critical points and ED
#: degrees of an architecture (``--max-params``): the counts are exact eliminations in that many
#: unknowns, and the exact loss costs O(D^4) to check.
DEFAULT_MAX_PARAMS = 64
#: Default bound on the number of homotopy paths one solve may track (counted before tracking).
DEFAULT_MAX_PATHS = 100_000


@dataclass(frozen=True)
class Budget:
    """The limits a computation checks before it starts.

    Attributes:
        max_memory: bytes of arrays one computation may allocate (``--max-memory``).
        max_terms: terms of a polynomial expanded from text (``--max-terms``).
        max_degree: total degree of a polynomial read from text (``--max-degree``).
        max_paths: homotopy paths one solve may track (``--max-paths``).
        deadline: the ``time.monotonic()`` by which the work must end, or None (``--timeout``).
        timeout: the seconds the deadline was set from (for messages), or None.
    """

    max_memory: int = DEFAULT_MAX_MEMORY
    max_terms: int = DEFAULT_MAX_TERMS
    max_degree: int = DEFAULT_MAX_DEGREE
    max_paths: int = DEFAULT_MAX_PATHS
    deadline: float | None = None
    timeout: float | None = None

    def __post_init__(self) -> None:
        for name in ("max_memory", "max_terms", "max_degree", "max_paths"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{name}: expected a positive integer, got {value!r}")


_DEFAULT = Budget()
_CURRENT: ContextVar[Budget | None] = ContextVar("neuromanifold_budget", default=None)


def current_budget() -> Budget:
    """The budget in force (the defaults unless a :func:`budget` block changed it)."""
    return _CURRENT.get() or _DEFAULT


@contextmanager
def budget(
    *,
    max_memory: int | None = None,
    max_terms: int | None = None,
    max_degree: int | None = None,
    max_paths: int | None = None,
    timeout: float | None = None,
) -> Iterator[Budget]:
    """Run a block under a changed budget; the fields not given keep their current value.

    Args:
        max_memory: bytes (see :func:`parse_bytes` for text like ``"8G"``).
        max_terms: terms of an expanded polynomial.
        max_degree: total degree of a polynomial read from text.
        max_paths: homotopy paths one solve may track.
        timeout: seconds from now by which the block's work must end; an enclosing, earlier
            deadline stays in force.

    Yields:
        The budget in force inside the block.
    """
    changes: dict[str, object] = {
        k: v
        for k, v in (
            ("max_memory", max_memory),
            ("max_terms", max_terms),
            ("max_degree", max_degree),
            ("max_paths", max_paths),
        )
        if v is not None
    }
    if timeout is not None:
        if isinstance(timeout, bool) or not (
            isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0
        ):
            raise InputError(f"timeout: expected positive finite seconds, got {timeout!r}")
        deadline = time.monotonic() + float(timeout)
        outer = current_budget().deadline
        if outer is None or deadline < outer:
            changes.update(deadline=deadline, timeout=float(timeout))
    inside = replace(current_budget(), **changes)
    token = _CURRENT.set(inside)
    try:
        yield inside
    finally:
        _CURRENT.reset(token)


def _late(what: str, limit: Budget) -> DeadlineError:
    return DeadlineError(
        f"{what} did not finish within the time budget of {limit.timeout:g} s; raise it with "
        "--timeout (e.g. --timeout "
        f"{max(60, int(4 * (limit.timeout or 0)))})"
    )


def seconds_left(default: float, what: str = "the computation") -> float:
    """The seconds a step may take: ``default``, or less when the deadline comes first.

    Args:
        default: the step's own limit (e.g. an msolve call's timeout).
        what: the work, for the message when no time is left.

    Returns:
        ``min(default, deadline - now)``.

    Raises:
        DeadlineError: the deadline has passed.

    Example:
        >>> seconds_left(60.0)
        60.0
    """
    limit = current_budget()
    if limit.deadline is None:
        return default
    left = limit.deadline - time.monotonic()
    if left <= 0:
        raise _late(what, limit)
    return min(default, left)


def check_deadline(what: str = "the computation") -> None:
    """Raise :class:`~neuromanifold.errors.DeadlineError` when the time budget has run out.

    Cheap (one clock read); long loops call it once per round.
    """
    limit = current_budget()
    if limit.deadline is not None and time.monotonic() >= limit.deadline:
        raise _late(what, limit)


def format_bytes(n: float) -> str:
    """``n`` bytes in the largest binary unit below it, e.g. ``'589.0 TiB'``."""
    if n >= 2**70:
        return f"about 2^{int(n).bit_length() - 1} B"
    n = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # pragma: no cover


_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_BYTES = re.compile(r"([0-9]{1,6}(?:\.[0-9]{1,3})?)\s*([KMGT]?)(?:I?B)?", re.IGNORECASE | re.ASCII)


def parse_bytes(text: str, name: str = "--max-memory") -> int:
    """Read a memory size: ``2G``, ``500M``, ``1.5GiB``, ``4096`` (bytes); binary units.

    Example:
        >>> parse_bytes("1.5G") == 3 * 2**29
        True
    """
    m = _BYTES.fullmatch(str(text).strip())
    value = float(m.group(1)) * _UNITS[m.group(2).upper()] if m else 0.0
    if not m or not math.isfinite(value) or value < 1:
        raise InputError(
            f"{name}: {text!r} is not a memory size; write e.g. 2G, 500M or 16GiB "
            "(at most 6 digits and a unit K, M, G or T)"
        )
    return int(value)


def require_memory(nbytes: int, what: str) -> None:
    """Refuse, before allocating, a computation estimated to need more than the memory budget.

    Args:
        nbytes: the estimate (an upper bound is best: refusing is cheap, swapping is not).
        what: what would be allocated, for the message, e.g. ``"the Jacobian of fc:200,200"``.

    Raises:
        BudgetError: the estimate exceeds ``current_budget().max_memory``.
    """
    limit = current_budget().max_memory
    if nbytes > limit:
        suggest = 2 ** max(31, math.ceil(math.log2(max(nbytes, 1))))
        example = f" (e.g. --max-memory {suggest // 2**30}G)" if suggest <= 2**50 else ""
        raise BudgetError(
            f"{what} needs about {format_bytes(nbytes)}, above the memory budget of "
            f"{format_bytes(limit)}; raise it with --max-memory{example} if the machine has "
            "the memory"
        )


def require_paths(paths: int, what: str) -> None:
    """Refuse, before tracking, a homotopy with more paths than the path budget.

    Args:
        paths: the number of paths the formulation will track (known before tracking).
        what: the formulation, for the message, e.g. ``"the Riccati equations of Gr(2, 40)"``.

    Raises:
        BudgetError: ``paths`` exceeds ``current_budget().max_paths``.

    Example:
        >>> with budget(max_paths=10):
        ...     require_paths(16, "a total-degree homotopy")
        Traceback (most recent call last):
        ...
        neuromanifold.errors.BudgetError: a total-degree homotopy tracks 16 paths, above the path budget of 10; raise it with --max-paths (e.g. --max-paths 16) if the time is there
    """
    limit = current_budget().max_paths
    if paths > limit:
        raise BudgetError(
            f"{what} tracks {paths} paths, above the path budget of {limit}; raise it with "
            f"--max-paths (e.g. --max-paths {paths}) if the time is there"
        )
