"""``neuromanifold critical-points``: all critical points of a loss, both spaces, as a summary or JSON."""

from __future__ import annotations

import zipfile
from pathlib import Path

import click
import numpy as np

from neuromanifold.cli.common import SEED, TIMEOUT, emit, friendly_errors, memory_option
from neuromanifold.critical_points.solve import MAX_PARAMS

__all__ = ["critical_points_command", "make_loss"]


def make_loss(architecture: str, data: str, weights: str, seed: int):
    """Build the :class:`~neuromanifold.losses.QuadraticLoss` a ``--data`` spec describes.

    ``target``: a random integer target in [-9, 9] (seeded) with ``weights``;
    ``regression:N``: N random small-integer samples (seeded); ``FILE.npz``: arrays ``X`` and
    ``Y`` (data), or ``u`` (a target) with optional ``weights``.
    """
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.budget import require_memory
    from neuromanifold.errors import InputError
    from neuromanifold.losses import QuadraticLoss

    arch = parse_architecture(architecture)
    kind = "generic" if weights == "generic" else "unit"
    if data == "target":
        rng = np.random.default_rng(seed)
        u = rng.integers(-9, 10, size=arch.ambient_dim)
        return QuadraticLoss.from_target(u, kind, seed=seed)
    if data.startswith("regression:"):
        text = data.split(":", 1)[1]
        if not (text.isascii() and text.isdigit()) or not text.strip("0"):
            raise InputError(
                f"--data: {data!r}: write regression:N with N a positive integer, e.g. "
                f"regression:{arch.ambient_dim + 2}"
            )
        n = int(text) if len(text) <= 18 else 10 ** len(text)
        require_memory(64 * n * sum(arch.ambient_shape), f"--data {data}: exact samples")
        return QuadraticLoss.regression(arch, n, seed=seed)
    path = Path(data)
    if path.suffix != ".npz":
        raise InputError(
            f"--data: {data!r} is not 'target', 'regression:N' or a .npz file with X, Y (or u)"
        )
    if not path.is_file():
        raise InputError(f"--data: no such file {data!r}")
    try:
        arrays = dict(np.load(path, allow_pickle=False))  # every array read (and checked) here
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError(f"--data: cannot read {data!r} as .npz ({exc})") from None
    if "X" in arrays and "Y" in arrays:
        return QuadraticLoss.from_data(arch, arrays["X"], arrays["Y"], source=f"data {path.name}")
    if "u" in arrays:
        w = arrays["weights"].tolist() if "weights" in arrays else kind
        return QuadraticLoss.from_target(arrays["u"], w, seed=seed)
    raise InputError(f"--data: {data!r} must hold arrays X and Y, or u; found {list(arrays)}")


@click.command("critical-points")
@click.argument("architecture")
@click.option(
    "--data",
    default="target",
    show_default=True,
    help="target (random target u), regression:N (N random samples) or FILE.npz (X, Y or u).",
)
@click.option(
    "--weights",
    type=click.Choice(["unit", "generic"]),
    default="unit",
    show_default=True,
    help="Weights of a target loss Σ λ_i (f_i − u_i)²: unit or random positive.",
)
@click.option(
    "--seed", type=SEED, default=0, show_default=True, help="Seed of data, weights and charts."
)
@click.option(
    "--real-timeout",
    type=TIMEOUT,
    default=60.0,
    show_default=True,
    help="Seconds for each real root isolation over Q.",
)
@click.option(
    "--max-params",
    type=click.IntRange(1, None),
    default=MAX_PARAMS,
    show_default=True,
    help="Refuse architectures with more parameters or function coordinates.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@memory_option
@friendly_errors
def critical_points_command(
    architecture: str,
    data: str,
    weights: str,
    seed: int,
    real_timeout: float,
    max_params: int,
    as_json: bool,
) -> None:
    """All critical points of the loss on ARCHITECTURE: function space, parameter space, classes."""
    from neuromanifold.critical_points import critical_points
    from neuromanifold.critical_points.solve import check_size

    check_size(architecture, max_params)  # before the exact loss is built
    loss = make_loss(architecture, data, weights, seed)
    result = critical_points(
        architecture, loss, seed=seed, real_timeout=real_timeout, max_params=max_params
    )
    if as_json:
        emit(result.to_dict())
    else:
        click.echo(str(result))
