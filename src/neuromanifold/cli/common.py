"""What every command shares: one-line errors with exit code 2, and JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from neuromanifold.errors import NeuromanifoldError

__all__ = ["emit", "friendly_errors"]

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
