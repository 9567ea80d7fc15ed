"""The ``inspect`` command: read a torch state_dict → where the trained model ended up."""

from __future__ import annotations

import click

import neuromanifold.cli.common as common

__all__ = ["inspect_command"]


@click.command("inspect")
@click.argument("weights", type=click.Path(dir_okay=False))
@click.option(
    "--arch",
    "architecture",
    required=True,
    help="The model's architecture, e.g. lcn:k=3,3:s=2,1 (the state_dict keys 0.weight, 1.weight, "
    "... of its nn.Sequential).",
)
@common.data_option
@common.seed_option("Seed of random data (the data of the first run of train --seed).")
@common.default_option(
    "--tol",
    1e-4,
    "Tolerance of the membership decision (stride-one LCN: roots compared at √tol).",
    type=common.PositiveFloat("a tolerance"),
)
@common.default_option(
    "--timeout",
    60.0,
    "Seconds for the critical points (global-minimum gap, nearest critical point).",
    type=common.PositiveFloat("a time"),
)
@click.option(
    "--no-critical-points", is_flag=True, help="Skip the critical points (gap and nearest class)."
)
@common.json_option
@common.memory_option
@common.friendly_errors
def inspect_command(
    weights: str,
    architecture: str,
    data: str,
    seed: int,
    tol: float,
    timeout: float,
    no_critical_points: bool,
    as_json: bool,
) -> None:
    """Where did the model in WEIGHTS (a torch state_dict) end up: stratum, rank, index, gap.

    The file is read with torch.load(weights_only=True): tensors only, never code; anything else
    is refused. Needs the torch extra (pip install 'neuromanifold[torch]').
    """
    from neuromanifold.architectures import parse_architecture

    parse_architecture(architecture)  # bad input before torch is imported
    from neuromanifold.torch.inspection import inspect, read_state_dict

    state = read_state_dict(weights)
    report = inspect(
        state, data, architecture, seed=seed, tol=tol, critical_points=not no_critical_points,
        timeout=timeout,
    )  # fmt: skip
    if as_json:
        common.emit(report.to_dict())
    else:
        click.echo(str(report))
