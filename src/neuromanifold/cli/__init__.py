"""The command line: parse → library call → print a summary or JSON. Nothing else lives here."""

from __future__ import annotations

import sys

import click

from neuromanifold.cli.common import emit as _emit
from neuromanifold.cli.common import friendly_errors as _friendly_errors


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


@main.command("ed-degree")
@click.argument("architecture", required=False)
@click.option("--variety", help='A variety as polynomial text instead, e.g. "y^2 - x^3".')
@click.option(
    "--weights",
    type=click.Choice(["unit", "generic"]),
    default="unit",
    show_default=True,
    help="unit: Σ(f_i − u_i)²; generic: Σ λ_i (f_i − u_i)² with random λ_i > 0.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of data, weights and charts.")
@click.option(
    "--real/--no-real", default=True, show_default=True, help="Also count real critical points."
)
@click.option(
    "--real-timeout",
    default=20.0,
    show_default=True,
    help="Seconds for the real root isolation; past it n_real is null.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@_friendly_errors
def ed_degree_command(
    architecture: str | None,
    variety: str | None,
    weights: str,
    seed: int,
    real: bool,
    real_timeout: float,
    as_json: bool,
) -> None:
    """ED degree of ARCHITECTURE's neurovariety, or of a --variety given as text."""
    from neuromanifold.algebra import MsolveTimeoutError, ed_degree
    from neuromanifold.algebra.ed_degree import WeightKind
    from neuromanifold.errors import InputError
    from neuromanifold.function_space.neurovariety import neurovariety_ed_degree

    kind: WeightKind = "generic" if weights == "generic" else "unit"
    if (architecture is None) == (variety is None):
        raise InputError("give either ARCHITECTURE or --variety TEXT (exactly one)")

    def solve(with_real: bool, timeout: float):
        if variety is not None:
            return ed_degree(variety, weights=kind, seed=seed, real=with_real, timeout=timeout)
        assert architecture is not None
        return neurovariety_ed_degree(
            architecture, kind, seed=seed, real=with_real, timeout=timeout
        )

    result = solve(False, 600.0)
    note = None
    if real:
        try:
            result = solve(True, real_timeout)
        except MsolveTimeoutError:
            note = f"real root isolation exceeded {real_timeout} s (use --real-timeout)"
    data = result.to_dict()
    data["subject"] = variety if variety is not None else architecture
    if note:
        data["n_real_note"] = note
    if as_json:
        _emit(data)
    else:
        click.echo(str(result))
        if note:
            click.echo(f"  n_real: {note}")


@main.command()
@click.argument("architecture")
@click.option("--seed", default=0, show_default=True, help="Seed of the degree computation.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@_friendly_errors
def equations(architecture: str, seed: int, as_json: bool) -> None:
    """Implicit equations, dimension and degree of ARCHITECTURE's neurovariety (elimination)."""
    from neuromanifold.function_space.neurovariety import Neurovariety

    V = Neurovariety.of(architecture, seed=seed)
    if as_json:
        _emit(V.to_dict())
    else:
        click.echo(str(V))


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
