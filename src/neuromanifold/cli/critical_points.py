"""``neuromanifold critical-points``: all critical points of a loss, both spaces, as a summary or JSON."""

from __future__ import annotations

from functools import partial

import click

from neuromanifold.budget import DEFAULT_MAX_PARAMS as MAX_PARAMS
from neuromanifold.cli.common import (
    TIMEOUT,
    data_option,
    default_option,
    emit,
    friendly_errors,
    json_option,
    long_solve,
    memory_option,
    quiet_option,
    seed_option,
    timeout_option,
    weights_option,
)

__all__ = ["critical_points_command"]


@click.command("critical-points")
@click.argument("architecture")
@data_option
@weights_option(
    "Weights of a target loss Σ λ_i (f_i − u_i)²: unit, or generic (as --data weighted: λ uniform "
    "on [1/2, 2], rounded to 1/64)."
)
@seed_option("Seed of data, weights and charts (the data of the first run of train --seed).")
@default_option(
    "--real-timeout", 60.0, "Seconds for each real root isolation over Q.", type=TIMEOUT
)
@default_option(
    "--max-params",
    MAX_PARAMS,
    "Refuse architectures with more parameters or function coordinates.",
    type=click.IntRange(1, None),
)
@default_option(
    "--backend",
    "auto",
    "auto: per locus the cheapest route that certifies its count and real points (thousands "
    "of points: homotopy); msolve: counts mod primes, real isolation over Q; homotopy: "
    "certified homotopy on every locus (weighted-distance losses).",
    choices=("auto", "msolve", "homotopy"),
)
@timeout_option()
@quiet_option
@json_option
@memory_option
@friendly_errors
def critical_points_command(
    architecture: str,
    data: str,
    weights: str,
    seed: int,
    real_timeout: float,
    max_params: int,
    backend: str,
    timeout: float,
    quiet: bool,
    as_json: bool,
) -> None:
    """All critical points of the loss on ARCHITECTURE: function space, parameter space, classes."""
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.critical_points import critical_points
    from neuromanifold.critical_points.solve import check_size
    from neuromanifold.losses import exact_loss

    parse_architecture(architecture).require("critical-points")
    check_size(architecture, max_params)  # before the exact loss is built
    kind = "generic" if weights == "generic" else "unit"
    loss = exact_loss(architecture, data, seed=seed, weights=kind)
    solve = partial(critical_points, architecture, loss, seed=seed, real_timeout=real_timeout)
    with long_solve(quiet or as_json, timeout) as bar:
        result = solve(max_params=max_params, backend=backend, timeout=timeout, progress=bar)
    if as_json:
        emit(result.to_dict())
    else:
        click.echo(str(result))
