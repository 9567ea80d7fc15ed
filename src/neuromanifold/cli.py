"""The command line: parse → library call → print a summary or JSON. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from neuromanifold.errors import NeuromanifoldError

F = TypeVar("F", bound=Callable[..., Any])


def _friendly_errors(func: F) -> F:
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


def _emit(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="neuromanifold")
def main() -> None:
    """The geometry of neural networks' function spaces.

    Architectures are written fc:3,1,2 (widths, input first), lcn:k=3,2:s=2,1 (filter sizes,
    strides) or lcn2d:k=2x2,3x3:s=1x1,2x2.
    """


@main.command()
@click.argument("architecture")
@click.option("--seed", default=0, show_default=True, help="Seed of the random primes and points.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@_friendly_errors
def describe(architecture: str, seed: int, as_json: bool) -> None:
    """Describe the neuromanifold of ARCHITECTURE: dimension, filling, closed, strata."""
    from neuromanifold.function_space import Neuromanifold

    M = Neuromanifold(architecture, seed=seed)
    if as_json:
        _emit(M.to_dict())
    else:
        click.echo(str(M))


@main.command()
@click.option("--seed", default=0, show_default=True, help="Seed passed to every check.")
@click.option("--json", "as_json", is_flag=True, help="Print {'claims': [...]} as JSON.")
@_friendly_errors
def reproduce(seed: int, as_json: bool) -> None:
    """Check the seed article's claims (SPEC §7) and print claim, expected, observed, ✓/✗."""
    from neuromanifold.reproduce import reproduce as run

    rows = run(seed=seed)
    if as_json:
        _emit({"claims": [r.to_dict() for r in rows], "seed": seed})
    else:
        for r in rows:
            mark = "✓" if r.ok else "✗"
            click.echo(f"{mark} {r.id:<4} {r.claim}")
            click.echo(f"       expected: {r.expected}")
            click.echo(f"       observed: {r.observed}")
        n_ok = sum(r.ok for r in rows)
        click.echo(f"\n{n_ok} of {len(rows)} claims reproduced (seed {seed})")
    if not all(r.ok for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
