"""What every command shares: one-line errors with exit code 2, JSON output, and the options
that mean the same in every command (``--json``, ``--seed``, ``--weights``, ``--data``, ``--quiet``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

import click

from neuromanifold.errors import NeuromanifoldError
from neuromanifold.losses.data import DATA_HELP

__all__ = [
    "data_option",
    "default_option",
    "emit",
    "friendly_errors",
    "json_option",
    "quiet_option",
    "seed_option",
    "weights_option",
]

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn the library's input errors into a one-line message and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NeuromanifoldError as err:
            message = " ".join(str(err).split())
            click.echo(f"neuromanifold: error: {message}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def emit(data: object) -> None:
    """Print ``data`` as indented JSON (UTF-8 kept)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def default_option(
    name: str, default: object, help: str, *, choices: Sequence[str] | None = None
) -> Callable[[F], F]:
    """An option ``name`` whose default shows in ``--help``; ``choices``: its only values."""
    kind = click.Choice(list(choices)) if choices is not None else None
    return click.option(name, type=kind, default=default, show_default=True, help=help)


def json_option(func: F) -> F:
    """``--json`` (flag ``as_json``): print a JSON object instead of the summary."""
    return click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")(func)


def quiet_option(func: F) -> F:
    """``--quiet``: no progress bar."""
    return click.option("--quiet", is_flag=True, help="No progress bar.")(func)


def seed_option(help: str = "Seed of data, weights and charts.") -> Callable[[F], F]:
    """``--seed`` (default 0), with what it seeds in this command."""
    return default_option("--seed", 0, help)


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
