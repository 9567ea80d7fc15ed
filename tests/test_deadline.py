"""Time and memory budgets (issue 16): ``--timeout`` on long commands, budgets reaching sweep
workers, and counts modulo random primes in every verb that counts."""

from __future__ import annotations

import sys
import time

import click
import pytest
from click.testing import CliRunner

from neuromanifold.algebra import PolynomialSystem, count_solutions
from neuromanifold.algebra.modular_count import count_modulo_primes, failure_bound_mod_primes
from neuromanifold.algebra.msolve import DEFAULT_PRIMES, PRIME_POOL
from neuromanifold.budget import budget, check_deadline, current_budget, seconds_left
from neuromanifold.cli import main
from neuromanifold.cli.common import friendly_errors, timeout_option
from neuromanifold.errors import DeadlineError
from neuromanifold.experiments import ResultStore, run_sweep
from neuromanifold.experiments.spec import parse_spec


def test_deadline_runs_out_and_names_the_option() -> None:
    with budget(timeout=0.05):
        assert 0 < seconds_left(10.0) <= 0.05
        check_deadline()
        time.sleep(0.08)
        with pytest.raises(DeadlineError, match="--timeout"):
            check_deadline("the loop")
        with pytest.raises(DeadlineError):
            seconds_left(10.0)
    assert current_budget().deadline is None
    assert seconds_left(7.0) == 7.0


def test_inner_budget_cannot_extend_the_outer_deadline() -> None:
    with budget(timeout=0.5) as outer, budget(timeout=100.0) as inner:
        assert inner.deadline == outer.deadline
        assert seconds_left(60.0) <= 0.5
    with budget(timeout=100.0) as outer, budget(timeout=0.5) as inner:
        assert outer.deadline is not None and inner.deadline is not None
        assert inner.deadline < outer.deadline


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), True, "5"])
def test_timeout_must_be_positive_finite_seconds(bad: object) -> None:
    with pytest.raises(ValueError, match="timeout"), budget(timeout=bad):  # type: ignore[arg-type]
        pass


def test_msolve_is_cut_short_by_the_deadline() -> None:
    """A count that takes seconds stops at the deadline with the budget's error, not msolve's."""
    # 10 dense random quadrics in 10 variables: 1024 solutions, seconds for msolve (9: 1.6 s here)
    import numpy as np

    rng = np.random.default_rng(0)
    names = [f"x{i}" for i in range(10)]
    polys = []
    for _ in range(10):
        terms = [f"{int(rng.integers(1, 10**6))}*{a}*{b}" for a in names for b in names if a <= b]
        polys.append(" + ".join(terms) + f" + {int(rng.integers(1, 10**6))}")
    system = PolynomialSystem.from_text("; ".join(polys))
    start = time.monotonic()
    with pytest.raises(DeadlineError), budget(timeout=0.2):
        count_solutions(system, prime=DEFAULT_PRIMES[0], timeout=600)
    assert time.monotonic() - start < 10


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="needs SIGALRM")
def test_timeout_option_stops_work_that_never_checks() -> None:
    """The timer signal stops in-process work (a pure-Python loop) with a one-line error."""

    @click.command()
    @timeout_option(30.0)
    @friendly_errors
    def spin() -> None:
        while True:
            pass

    start = time.monotonic()
    result = CliRunner().invoke(spin, ["--timeout", "0.3"])
    assert time.monotonic() - start < 5
    assert result.exit_code == 2
    assert "--timeout" in result.output and "Traceback" not in result.output
    assert current_budget().deadline is None  # the deadline does not leak past the command


def test_every_long_command_takes_timeout() -> None:
    for command in (
        "describe", "equations", "contains", "voronoi", "ed-degree", "critical-points", "train",
        "sweep", "filling-search", "reproduce", "inspect",
    ):  # fmt: skip
        result = CliRunner().invoke(main, [command, "--help"])
        assert "--timeout" in result.output, command


def test_sweep_refuses_a_job_past_the_memory_budget_before_any_work(tmp_path) -> None:
    spec = parse_spec(
        {"architectures": ["fc:2,1,2", "fc:30,30,30"], "seeds": 1, "runs": 20000, "name": "big"}
    )
    store = tmp_path / "runs.sqlite"
    with pytest.raises(ValueError, match="--max-memory"), budget(max_memory=50 * 2**20):
        run_sweep(spec, store, "serial")
    with ResultStore(store) as db:
        assert db.done("big") == set()  # the small job did not run first


def test_sweep_command_takes_max_memory(tmp_path) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text('name = "s"\narchitectures = ["fc:30,30,30"]\nseeds = 1\nruns = 20000\n')
    result = CliRunner().invoke(
        main, ["sweep", str(spec), "--executor", "serial", "--quiet", "--max-memory", "50M"]
    )
    assert result.exit_code == 2 and "--max-memory" in result.output


def test_counts_use_random_primes_from_the_seed() -> None:
    system = PolynomialSystem.from_text("x^2 + y^2 - 5; x*y - 2")
    a, b = count_modulo_primes(system, seed=1), count_modulo_primes(system, seed=2)
    assert a.n_solutions == b.n_solutions == 4  # (±1, ±2), (±2, ±1) with matching signs
    assert a.certified and a.failure_bound == failure_bound_mod_primes(2)
    assert set(a.primes).isdisjoint(b.primes)
    assert all(PRIME_POOL[0] <= p < PRIME_POOL[1] for p in a.primes)
    fixed = count_modulo_primes(system, primes=DEFAULT_PRIMES)
    assert fixed.n_solutions == 4 and fixed.failure_bound is None and not fixed.drawn


def test_neurovariety_degree_is_counted_modulo_random_primes() -> None:
    from neuromanifold.function_space.neurovariety import Neurovariety

    V = Neurovariety.of("lcn:k=3,3:s=2,1", seed=3)  # SPEC §6: degree 6
    assert V.degree == 6 and len(V.degree_primes) >= 2
    assert not set(V.degree_primes) & set(DEFAULT_PRIMES)
    assert V.degree_failure_bound is not None and V.degree_failure_bound < 1e-5
    assert V.to_dict()["degree_primes"] == list(V.degree_primes)


def test_critical_point_counts_use_random_primes() -> None:
    from neuromanifold.critical_points import critical_points
    from neuromanifold.losses import QuadraticLoss

    loss = QuadraticLoss.from_target([[3, 1], [1, 2]])
    cp1 = critical_points("fc:2,1,2", loss, seed=1, real=False)
    cp2 = critical_points("fc:2,1,2", loss, seed=2, real=False)
    top1 = next(c for c in cp1.function_loci if c.role == "top")
    top2 = next(c for c in cp2.function_loci if c.role == "top")
    assert top1.n_complex == top2.n_complex == 2  # Eckart–Young: C(2, 1) rank-one critical points
    p1 = {p for p, _ in top1.counts}
    p2 = {p for p, _ in top2.counts}
    assert len(p1) >= 2 and p1.isdisjoint(p2) and not p1 & set(DEFAULT_PRIMES)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
