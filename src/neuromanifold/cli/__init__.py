"""The command line: parse → library call → print a summary or JSON. Nothing else lives here."""

from __future__ import annotations

import sys

import click

from neuromanifold.cli.common import (
    SEED,
    TIMEOUT,
    OneLineErrors,
    OutputFile,
    PositiveFloat,
    default_option,
    json_option,
    memory_option,
    polynomial_budget_options,
    seed_option,
    timeout_option,
    weights_option,
)
from neuromanifold.cli.common import emit as _emit
from neuromanifold.cli.common import friendly_errors as _friendly_errors


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="neuromanifold")
def main() -> None:
    """The geometry of neural networks' function spaces.

    Architectures are written fc:3,1,2 (widths, input first), lcn:k=3,2:s=2,1 (filter sizes,
    strides) or lcn2d:k=2x2,3x3:s=1x1,2x2.
    """
    from neuromanifold.processes import exit_on_termination

    # SIGTERM/SIGHUP end the command like Ctrl-C: temporary files removed, children killed.
    click.get_current_context().call_on_close(exit_on_termination())


@main.command()
@click.argument("architecture")
@seed_option("Seed of the random primes and points.")
@json_option
@memory_option
@timeout_option(600.0)
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
@weights_option()
@seed_option()
@click.option(
    "--real/--no-real", default=True, show_default=True, help="Also count real critical points."
)
@click.option(
    "--real-timeout",
    type=TIMEOUT,
    default=20.0,
    show_default=True,
    help="Seconds for the real root isolation; past it n_real is null.",
)
@click.option(
    "--backend",
    type=click.Choice(["auto", "msolve", "homotopy", "resultant"]),
    default="auto",
    show_default=True,
    help="auto: msolve when installed; msolve: exact counts mod two primes; homotopy: "
    "numerical monodromy, certified points; resultant: plane curves, unit weights (a cross-check).",
)
@json_option
@polynomial_budget_options
@_friendly_errors
def ed_degree_command(
    architecture: str | None,
    variety: str | None,
    weights: str,
    seed: int,
    real: bool,
    real_timeout: float,
    backend: str,
    as_json: bool,
) -> None:
    """ED degree of ARCHITECTURE's neurovariety, or of a --variety given as text."""
    from neuromanifold.algebra import ImplicitVariety, MsolveTimeoutError
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.errors import InputError
    from neuromanifold.metric.ed_degree import ed_degree

    if (architecture is None) == (variety is None):
        raise InputError("give either ARCHITECTURE or --variety TEXT (exactly one)")
    if variety is not None:
        subject: object = ImplicitVariety.of(variety)
    else:
        assert architecture is not None
        subject = parse_architecture(architecture)
        subject.require("ed-degree")
    kind = "generic" if weights == "generic" else "unit"

    def solve(with_real: bool, timeout: float):
        return ed_degree(
            subject, weights=kind, seed=seed, backend=backend, real=with_real, timeout=timeout
        )

    # msolve's counts may take long (600 s); the homotopy uses msolve only for side counts
    result = solve(False, 600.0 if backend in ("auto", "msolve") else 120.0)
    note = None
    if real and result.backend == "msolve":
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
@seed_option("Seed of the degree computation.")
@json_option
@timeout_option(600.0)
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
@click.argument("architecture")
@click.option(
    "--function",
    "function",
    required=True,
    help="Coordinates: filter c0,c1,... (lowest degree first) or a matrix row-major, rows "
    "separated by ';' (e.g. 1,2,3;2,4,6); rationals like 1/3 allowed.",
)
@default_option("--tol", 1e-9, "Tolerance for float input.", type=PositiveFloat("a tolerance"))
@json_option
@timeout_option(600.0)
@_friendly_errors
def contains(architecture: str, function: str, tol: float, as_json: bool) -> None:
    """Is a function in ARCHITECTURE's neuromanifold, and on which stratum?"""
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.function_space.membership import membership

    parse_architecture(architecture).require("contains")
    result = membership(architecture, function, tol=tol)
    if as_json:
        _emit(result.to_dict())
    else:
        click.echo(str(result))


@main.command()
@click.option("--curve", required=True, help='A plane curve in x, y, e.g. "y^2 - x^3".')
@click.option("--point", required=True, help="A rational point of the curve, e.g. 0,0 or 1/4,1/8.")
@click.option(
    "--box",
    default="-1,1,-1,1",
    show_default=True,
    help="xmin,xmax,ymin,ymax: where the area is measured.",
)
@click.option("--plot", "plot_path", type=OutputFile(), help="Write a figure.")
@json_option
@polynomial_budget_options
@timeout_option(600.0)
@_friendly_errors
def voronoi(curve: str, point: str, box: str, plot_path: str | None, as_json: bool) -> None:
    """Voronoi cell of a point on a real plane curve: data whose closest point it is."""
    from neuromanifold.errors import InputError
    from neuromanifold.metric import voronoi_cell

    coords = [t.strip() for t in point.split(",")]
    if len(coords) != 2:
        raise InputError(f"point: expected two coordinates like 0,0, got {point!r}")
    try:
        bounds = tuple(float(t) for t in box.split(","))
    except ValueError:
        raise InputError(f"box: expected four numbers xmin,xmax,ymin,ymax, got {box!r}") from None
    if len(bounds) != 4:
        raise InputError(f"box: expected four numbers xmin,xmax,ymin,ymax, got {box!r}")
    cell = voronoi_cell(
        curve, (coords[0], coords[1]), box=(bounds[0], bounds[1], bounds[2], bounds[3])
    )
    data = cell.to_dict()
    if plot_path:
        from neuromanifold.plotting import VoronoiDisplay

        VoronoiDisplay.from_cell(cell).save(plot_path)
        data["plot"] = plot_path
    if as_json:
        _emit(data)
    else:
        click.echo(str(cell))


@main.command()
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed passed to every check.")
@click.option("--json", "as_json", is_flag=True, help="Print {'claims': [...]} as JSON.")
@click.option(
    "--figures",
    default="figures",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the seed's figures (PNG and SVG); '' to skip.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 when any check fails (✗).")
@_friendly_errors
def reproduce(seed: int, as_json: bool, figures: str, strict: bool) -> None:
    """Check the seed article's claims (SPEC §7) and print claim, expected, observed, ✓/✗."""
    from neuromanifold.reproduce import reproduce as run
    from neuromanifold.reproduce import write_figures

    rows = run(seed=seed)
    written = []
    if figures:
        try:
            written = write_figures(figures, seed=seed)
        except ImportError:
            click.echo("(figures skipped: pip install 'neuromanifold[plot]')", err=True)
    if as_json:
        _emit(
            {
                "claims": [r.to_dict() for r in rows],
                "seed": seed,
                "figures": [str(p) for p in written],
            }
        )
    else:
        for r in rows:
            mark = "✓" if r.ok else "✗"
            click.echo(f"{mark} {r.id:<4} {r.claim}")
            click.echo(f"       expected: {r.expected}")
            click.echo(f"       observed: {r.observed}")
        n_ok = sum(r.ok for r in rows)
        click.echo(f"\n{n_ok} of {len(rows)} checks passed (seed {seed})")
        failed = [r.id for r in rows if not r.ok]
        if failed:
            click.echo(
                "✗ rows are measured refutations or failures, reported as observed: "
                + ", ".join(failed)
            )
        if written:
            click.echo(f"figures: {', '.join(str(p) for p in written)}")
    if strict and not all(r.ok for r in rows):
        sys.exit(1)


def _register() -> None:
    """Commands defined next to their subject, added to the group here (the CLI is the edge)."""
    from neuromanifold.cli.critical_points import critical_points_command
    from neuromanifold.cli.inspect import inspect_command
    from neuromanifold.cli.training import sweep, train

    main.add_command(critical_points_command)
    main.add_command(inspect_command)
    main.add_command(train)
    main.add_command(sweep)


_register()


if __name__ == "__main__":
    main()
