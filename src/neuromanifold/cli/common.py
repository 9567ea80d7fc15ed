"""What every command shares: the error boundary, option types, budgets and JSON output.

No traceback reaches a user: :func:`friendly_errors` turns every exception into one line on
stderr and exit code 2 (``NEUROMANIFOLD_DEBUG=1`` re-raises, for a traceback). Option types
check their values when the command line is read, before any work: seeds in [0, 2^63),
timeouts and tolerances finite and positive, output files in an existing folder. The options
that mean the same in every command (``--json``, ``--seed``, ``--weights``, ``--data``,
``--quiet``, ``--timeout``, ``--max-memory``) are defined once here.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from neuromanifold.budget import (
    DEFAULT_MAX_DEGREE,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PATHS,
    DEFAULT_MAX_TERMS,
    budget,
    check_deadline,
    format_bytes,
    parse_bytes,
)
from neuromanifold.errors import DeadlineError, NeuromanifoldError
from neuromanifold.losses.distribution import DATA_HELP

__all__ = [
    "SEED",
    "TIMEOUT",
    "MemorySize",
    "OneLineErrors",
    "OutputFile",
    "PositiveFloat",
    "Seed",
    "budget_option",
    "data_option",
    "default_option",
    "emit",
    "error_boundary",
    "friendly_errors",
    "json_option",
    "long_solve",
    "memory_option",
    "paths_option",
    "polynomial_budget_options",
    "quiet_option",
    "seed_option",
    "timeout_option",
    "weights_option",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Where to report an unexpected error.
REPORT = "please report it to the maintainers with the command line and `neuromanifold --version`"


def _one_line(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 2000 else line[:2000] + "…"


def _fail(message: str) -> NoReturn:
    click.echo(f"neuromanifold: error: {_one_line(message)}", err=True)
    sys.exit(2)


@contextmanager
def error_boundary() -> Iterator[None]:
    """Map every exception raised inside to one line on stderr and exit code 2.

    Known errors (the library's :class:`~neuromanifold.errors.NeuromanifoldError`, click's
    errors, ``MemoryError``, ``RecursionError``, ``KeyboardInterrupt``, ``OSError``) say what
    went wrong and what to do; anything else is reported with its type as an internal error.
    ``SystemExit`` passes through. With ``NEUROMANIFOLD_DEBUG=1`` the exception propagates.
    """
    try:
        yield
    except (SystemExit, click.exceptions.Exit):
        raise
    except BaseException as err:  # the one boundary: nothing passes as a traceback
        if os.environ.get("NEUROMANIFOLD_DEBUG", "") not in ("", "0"):
            raise
        _fail(_describe(err))


def _describe(err: BaseException) -> str:
    if isinstance(err, NeuromanifoldError):
        return str(err)
    if isinstance(err, click.ClickException):
        return err.format_message()
    if isinstance(err, click.Abort | KeyboardInterrupt):
        return "interrupted"
    if isinstance(err, MemoryError):
        detail = f" ({err})" if str(err) else ""
        return (
            f"out of memory{detail}; try a smaller architecture or fewer runs, or lower "
            "--max-memory so the estimate refuses it before the work starts"
        )
    if isinstance(err, RecursionError):
        return "the input is nested too deeply to process; simplify it"
    if isinstance(err, OSError):
        where = f" {err.filename!r}" if err.filename else ""
        return f"cannot access{where}: {err.strerror or err}"
    return (
        f"internal error {type(err).__name__}: {_one_line(err)[:300]}; this is a bug, {REPORT} "
        "(NEUROMANIFOLD_DEBUG=1 shows the traceback)"
    )


def friendly_errors(func: F) -> F:
    """Run a command inside :func:`error_boundary`: one-line errors, exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with error_boundary():
            return func(*args, **kwargs)

    wrapper.error_boundary = True  # type: ignore[attr-defined]  # tests check every command
    return wrapper  # type: ignore[return-value]


def emit(data: object) -> None:
    """Print ``data`` as indented JSON (UTF-8 kept)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


# ------------------------------------------------------------------------------------------------
# option types
# ------------------------------------------------------------------------------------------------
class Seed(click.ParamType):
    """A seed: an integer in [0, 2^63) (what ``numpy.random.default_rng`` and msolve accept)."""

    name = "seed"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            seed = value
        else:
            text = str(value).strip()
            if not (text.isascii() and text.lstrip("+").isdigit() and len(text) <= 19):
                self.fail(f"{value!r}: a seed is an integer in [0, 2^63), e.g. 0 or 42", param, ctx)
            seed = int(text)
        if not 0 <= seed < 2**63:
            self.fail(f"{value!r}: a seed is an integer in [0, 2^63), e.g. 0 or 42", param, ctx)
        return seed


class PositiveFloat(click.ParamType):
    """A finite number > 0 (no ``nan``, no ``inf``): seconds, tolerances, step sizes."""

    name = "number"

    def __init__(self, what: str = "a number") -> None:
        self.what = what

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            self.fail(f"{value!r}: expected {self.what}, a finite number > 0", param, ctx)
        return number


class OutputFile(click.Path):
    """A file to write, whose folder must already exist (checked before any work)."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, writable=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        folder = Path(os.fsdecode(path)).parent
        if not folder.is_dir():
            self.fail(
                f"{os.fsdecode(path)!r}: the folder {str(folder)!r} does not exist", param, ctx
            )
        if not os.access(folder, os.W_OK):
            self.fail(
                f"{os.fsdecode(path)!r}: the folder {str(folder)!r} is not writable", param, ctx
            )
        return path


class MemorySize(click.ParamType):
    """A memory size like ``2G``, ``500M`` or ``16GiB`` (binary units), read to bytes."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_bytes(str(value))
        except NeuromanifoldError as err:
            self.fail(str(err), param, ctx)


SEED = Seed()
TIMEOUT = PositiveFloat("seconds")


def budget_option(
    flag: str, field: str, type: click.ParamType, default: object, help: str
) -> Callable[[F], F]:
    """Add one budget option (``--max-…``, the `Budget` field ``field``) and run under it."""

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with budget(**{field: kwargs.pop(field)}):
                return func(*args, **kwargs)

        option = click.option(flag, field, type=type, default=default, show_default=True, help=help)
        return option(wrapper)  # type: ignore[return-value]

    return decorate


memory_option = budget_option(
    "--max-memory",
    "max_memory",
    MemorySize(),
    format_bytes(DEFAULT_MAX_MEMORY).replace(".0 GiB", "G"),
    "Memory budget: refuse, before starting, work estimated to need more.",
)
"""Add ``--max-memory`` and run the command under that memory budget."""

paths_option = budget_option(
    "--max-paths",
    "max_paths",
    click.IntRange(1, None),
    DEFAULT_MAX_PATHS,
    "Refuse, before tracking, a homotopy with more paths (the count is known first).",
)
"""Add ``--max-paths`` and run the command under that homotopy path budget."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise `DeadlineError` in the main thread ``seconds`` from now (a stop for in-process work
    that never checks the deadline); a no-op off the main thread or where there is no SIGALRM."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        check_deadline("the command")
        raise DeadlineError(  # the clock may read a hair early; the budget's message all the same
            f"the command did not finish within the time budget of {seconds:g} s; raise it "
            f"with --timeout (e.g. --timeout {max(60, int(4 * seconds))})"
        )

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def timeout_option(default: float | None = 600.0) -> Callable[[F], F]:
    """``--timeout SECONDS``: the whole command must end by then (default ``default``; None: no
    limit). Sets the budget's deadline, which msolve calls, the homotopy and long loops respect,
    and a timer signal for work that never checks; running out is a one-line error naming
    ``--timeout``, exit 2. A command with a ``timeout`` parameter also receives the value (to
    hand to its engines)."""

    def decorate(func: F) -> F:
        wants = "timeout" in inspect.signature(func).parameters

        @wraps(func)
        def wrapper(*args: Any, timeout: float | None, **kwargs: Any) -> Any:
            if wants:
                kwargs["timeout"] = timeout
            if timeout is None:
                return func(*args, **kwargs)
            with budget(timeout=timeout), _alarm(timeout):
                return func(*args, **kwargs)

        return click.option(
            "--timeout",
            type=TIMEOUT,
            default=default,
            show_default=default is not None,
            help="Seconds the whole command may take; past them it stops with a one-line error.",
        )(wrapper)  # type: ignore[return-value]

    return decorate


def polynomial_budget_options(func: F) -> F:
    """Add ``--max-degree`` and ``--max-terms`` for polynomial text, and run under them."""

    @wraps(func)
    def wrapper(*args: Any, max_degree: int, max_terms: int, **kwargs: Any) -> Any:
        with budget(max_degree=max_degree, max_terms=max_terms):
            return func(*args, **kwargs)

    wrapper = click.option(
        "--max-terms",
        type=click.IntRange(1, None),
        default=DEFAULT_MAX_TERMS,
        show_default=True,
        help="Refuse polynomial text that may expand to more terms.",
    )(wrapper)
    return click.option(
        "--max-degree",
        type=click.IntRange(1, None),
        default=DEFAULT_MAX_DEGREE,
        show_default=True,
        help="Refuse polynomial text of higher total degree.",
    )(wrapper)  # type: ignore[return-value]


def default_option(
    name: str,
    default: object,
    help: str,
    *,
    choices: Sequence[str] | None = None,
    type: click.ParamType | None = None,
) -> Callable[[F], F]:
    """An option ``name`` whose default shows in ``--help``; ``choices``: its only values;
    ``type``: a checking type (`Seed`, `PositiveFloat`, ...)."""
    kind = click.Choice(list(choices)) if choices is not None else type
    return click.option(name, type=kind, default=default, show_default=True, help=help)


def json_option(func: F) -> F:
    """``--json`` (flag ``as_json``): print a JSON object instead of the summary."""
    return click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")(func)


def quiet_option(func: F) -> F:
    """``--quiet``: no progress bar."""
    return click.option("--quiet", is_flag=True, help="No progress bar.")(func)


@contextmanager
def long_solve(quiet: bool, timeout: float) -> Iterator[Callable[[int, int | None], None] | None]:
    """A long solve: a progress callback ``(found, expected)`` and the ``--timeout`` refusal.

    The callback draws a bar of solutions on stderr (None when ``quiet`` or stderr is not a
    terminal); a `TimeLimitError` inside becomes one line naming ``--timeout`` (exit 2).
    """
    from neuromanifold.errors import TimeLimitError

    state: dict[str, Any] = {"bar": None, "shown": 0}

    def report(found: int, expected: int | None) -> None:
        from neuromanifold.training.progress import progress_bar

        if state["bar"] is None:
            state["bar"] = progress_bar(expected or found, "solutions")
        if found > state["shown"] and state["bar"] is not None:
            state["bar"].update(found - state["shown"])
            state["shown"] = found

    try:
        yield None if quiet or not sys.stderr.isatty() else report
    except TimeLimitError as exc:
        why = str(exc).split("; raise")[0]
        raise TimeLimitError(
            f"no answer within --timeout {timeout:g} s ({why}); raise --timeout"
        ) from None
    finally:
        if state["bar"] is not None:
            state["bar"].close()


def seed_option(help: str = "Seed of data, weights and charts.") -> Callable[[F], F]:
    """``--seed`` (default 0), with what it seeds in this command."""
    return default_option("--seed", 0, help, type=SEED)


def weights_option(
    help: str = "unit: Σ(f_i − u_i)²; generic: Σ λ_i (f_i − u_i)² with random λ_i > 0.",
) -> Callable[[F], F]:
    """``--weights unit|generic`` (default unit): the weights of a target distance."""
    return default_option("--weights", "unit", help, choices=("unit", "generic"))


def data_option(func: F) -> F:
    """``--data`` (default ``target``): a data spec, read by :func:`~neuromanifold.losses.parse_data`.

    The help states the one distribution of the random data (``DATA_HELP``).
    """
    return default_option("--data", "target", DATA_HELP)(func)


class OneLineErrors(click.Group):
    """A command group whose usage errors (bad option values, missing arguments) are one line.

    ``neuromanifold: error: Invalid value for '--export': …`` on stderr and exit code 2, like
    every other refusal, instead of click's usage block.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        if not standalone:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"neuromanifold: error: {exc.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("neuromanifold: error: aborted", err=True)
            sys.exit(2)
        sys.exit(code if isinstance(code, int) else 0)
