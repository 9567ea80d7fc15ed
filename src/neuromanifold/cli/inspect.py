"""The ``inspect`` command: read a torch state_dict → where the trained model ended up."""

from __future__ import annotations

import atexit
import contextvars
import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

import neuromanifold.cli.common as common

# concurrent.futures (and logging with it) only when inspect runs: other commands start sooner
if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["inspect_command"]

T = TypeVar("T")


def in_background(fn: Callable[[], T], name: str) -> Future[T]:
    """Run ``fn`` in a daemon thread, in a copy of this context (the command's budget); its Future.

    Daemon: a command that fails meanwhile (a refused weights file) exits at once instead of
    waiting for it; its msolve children die with their thread
    (:func:`~neuromanifold.processes.die_with_parent`).
    """
    from concurrent.futures import Future

    future: Future[T] = Future()
    context = contextvars.copy_context()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            result = context.run(fn)
        except BaseException as exc:  # handed to the caller's future.result()
            future.set_exception(exc)
        else:
            future.set_result(result)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


def quick_torch_import() -> None:
    """Import torch with the cyclic garbage collector paused, and skip its walk at exit.

    torch's import creates ~1.7·10⁵ tracked objects; the collector, running as they are made,
    walks them again and again (~0.2 s), and the interpreter's last collection at exit walks
    them once more (~0.3 s). Reference counting still frees everything acyclic meanwhile; the
    freeze registered with ``atexit`` runs when the process ends (before that collection), so an
    in-process caller (a test's ``CliRunner``) keeps its collector as it was. A missing torch
    raises as before (``TorchMissingError``).
    """
    atexit.unregister(gc.freeze)  # registered once however often the command runs
    atexit.register(gc.freeze)
    enabled = gc.isenabled()
    gc.disable()
    try:
        import neuromanifold.torch  # noqa: F401
    finally:
        if enabled:
            gc.enable()


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
    from neuromanifold.losses import exact_loss

    arch = parse_architecture(architecture)  # bad input before torch is imported
    loss = exact_loss(arch, data, seed=seed)
    points: Future | bool = False
    if not no_critical_points:
        # they need the architecture and the data, not the weights: solved (mostly waiting on
        # msolve, which runs on the other core) while torch imports, the longest step
        from neuromanifold.algebra.msolve import find_msolve
        from neuromanifold.critical_points import critical_points

        find_msolve()  # its lazy imports happen here, not beside torch's
        points = in_background(
            lambda: critical_points(arch, loss, seed=seed, timeout=timeout, real_timeout=timeout),
            "critical-points",
        )
    quick_torch_import()
    from neuromanifold.torch.inspection import inspect, read_state_dict

    state = read_state_dict(weights)
    report = inspect(
        state, data, architecture, seed=seed, tol=tol, critical_points=points, timeout=timeout
    )
    if as_json:
        common.emit(report.to_dict())
    else:
        click.echo(str(report))
