"""The ``train`` and ``sweep`` commands: parse → library call → print a summary or JSON."""

from __future__ import annotations

import click

from neuromanifold.cli.common import (
    OutputFile,
    PositiveFloat,
    data_option,
    default_option,
    emit,
    friendly_errors,
    json_option,
    memory_option,
    quiet_option,
    seed_option,
    timeout_option,
)

__all__ = ["sweep", "train"]


@click.command()
@click.argument("architecture")
@default_option("--runs", 1000, "Number of runs (fresh data each).")
@seed_option("Seed of data and initializations.")
@data_option
@default_option("--out-len", 1, "LCN output length under regression data.")
@default_option("--init", "lecun", "lecun: N(0, 1/fan-in) per weight; normal:S: N(0, S²).")
@default_option(
    "--method",
    "backtracking",
    "Fixed-step GD, Armijo backtracking GD, Adam, or gradient flow (Dormand–Prince).",
    choices=("gd", "backtracking", "adam", "flow"),
)
@default_option(
    "--engine",
    "numpy",
    "Who runs the loop: numpy (built in), torch (all runs as one tensor program; GPU when "
    "present; needs the torch extra), numba (a compiled loop per run, fc and lcn, gd and "
    "backtracking; needs the homotopy extra) or auto (numba for large batches where it "
    "applies, else numpy). Same stopping rules, same classification.",
)
@default_option("--step", 0.05, "(First) step size.", type=PositiveFloat("a step size"))
@default_option("--max-iter", 20000, "Iterations per run.")
@default_option("--gtol", 1e-6, "Converged when ‖∇L‖ ≤ gtol.", type=PositiveFloat("a tolerance"))
@default_option(
    "--restarts",
    1,
    "Initializations per data draw (enables 'best run on the same data' comparisons).",
)
@click.option(
    "--exact-reference",
    is_flag=True,
    help="Global minimum from all critical points (neuromanifold.critical_points) where no "
    "closed form exists: about a second per data draw.",
)
@click.option("--plot", type=OutputFile(), help="Save a figure of the outcomes.")
@quiet_option
@json_option
@memory_option
@timeout_option()
@friendly_errors
def train(
    architecture: str,
    runs: int,
    seed: int,
    data: str,
    out_len: int,
    init: str,
    method: str,
    engine: str,
    step: float,
    max_iter: int,
    gtol: float,
    restarts: int,
    exact_reference: bool,
    plot: str | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Train ARCHITECTURE from many random starts and classify where each run ends."""
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.training import TrainingOptions, parse_data, parse_initialization, summarize
    from neuromanifold.training import train as run_training
    from neuromanifold.training.engine import engine as run_engine
    from neuromanifold.training.progress import progress_bar

    options = TrainingOptions(method=method, step=step, max_iter=max_iter, gtol=gtol)
    parse_architecture(architecture).require("train")  # validate before the progress bar
    parse_data(data, out_len)
    parse_initialization(init)
    run_engine(engine)  # a missing optional engine says what to install, before any work
    bar = progress_bar(runs, "runs", quiet=quiet or as_json)
    try:
        result = run_training(
            architecture, runs, data=data, init=init, seed=seed, options=options,
            restarts=restarts, out_len=out_len, progress=bar, engine=engine,
        )  # fmt: skip
    finally:
        if bar is not None:
            bar.close()
    outcomes = result.classify(reference="critical-points" if exact_reference else "auto")
    summary = summarize(outcomes, f"{result.architecture.text} {result.data.text}")
    if plot:
        from neuromanifold.training.plots import OutcomeDisplay

        OutcomeDisplay.from_result(result).save(plot)
    if as_json:
        emit(
            {
                "architecture": result.architecture.text,
                "data": result.data.text,
                "out_len": result.data.out_len,
                "init": result.init.text,
                "seed": result.seed,
                "restarts": result.restarts,
                "options": options.to_dict(),
                "engine": result.engine,
                "tolerances": outcomes.tolerances.to_dict(),
                "runs": result.runs,
                "converged": int(result.converged.sum()),
                "fractions": summary.fractions(),
                "intervals": {k: v.to_dict() for k, v in summary.classes.items()},
                "stop_reasons": {
                    r: int((result.stop_reason == r).sum()) for r in sorted(set(result.stop_reason))
                },
                "reference_kinds": {
                    k: int((outcomes.reference_kind == k).sum())
                    for k in sorted(set(outcomes.reference_kind))
                },
                "dim": outcomes.dim,
                "seconds": result.seconds,
            }
        )
    else:
        click.echo(str(result))
        click.echo(str(summary))


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False))
@click.option(
    "--store",
    type=click.Path(dir_okay=False),
    help="SQLite file of results (default: SPEC with suffix .sqlite).",
)
@default_option(
    "--executor", "local", "local, local:N, serial, or dask://HOST:PORT (a running Dask scheduler)."
)
@click.option(
    "--export",
    "export_path",
    type=OutputFile(),
    help="Also write the sweep's runs to a .csv or .parquet file.",
)
@quiet_option
@json_option
@memory_option
@timeout_option()
@friendly_errors
def sweep(
    spec: str,
    store: str | None,
    executor: str,
    export_path: str | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Run the sweep SPEC (TOML); killed and rerun, it resumes where it stopped."""
    from pathlib import Path

    from neuromanifold.experiments import ResultStore, load_spec, parse_executor, run_sweep
    from neuromanifold.experiments.store import export_target
    from neuromanifold.training.progress import progress_bar

    parsed = load_spec(spec)  # every error before any work
    ex = parse_executor(executor)
    if export_path:
        export_target(export_path)
    path = Path(store) if store else Path(spec).with_suffix(".sqlite")
    with ResultStore(path) as db:
        todo = sum(j.runs for j in parsed.jobs if j.key not in db.done())
        bar = progress_bar(todo, f"sweep {parsed.name}", quiet=quiet or as_json)
        try:
            report = run_sweep(parsed, db, ex, progress=bar)
        finally:
            if bar is not None:
                bar.close()
            ex.close()
        if export_path:
            db.export(export_path, sweep=parsed.name)
    if as_json:
        emit(report.to_dict())
    else:
        click.echo(str(report))


if __name__ == "__main__":  # pragma: no cover
    group = click.Group(commands={"train": train, "sweep": sweep})
    group()
