"""filling-search (issue 18 item 4): minimal filling polynomial networks, against SPEC §6.

The oracle list (Dao–Rodriguez), each answer and each predecessor checked by a second method
(the rank mod other primes, and the float SVD rank of the Jacobian where the coefficients stay
well-conditioned); the pruning checked against an unpruned brute-force search, and the
Dao–Rodriguez bound against published and computed dimensions; the CLI's JSON; resuming.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from click.testing import CliRunner

from neuromanifold.architectures import PolynomialNetwork
from neuromanifold.cli import main
from neuromanifold.errors import BudgetError
from neuromanifold.experiments.filling import candidate_count, filling_search
from neuromanifold.experiments.store import ResultStore
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.function_space.polynomial import dimension_upper_bound, useful_widths
from neuromanifold.parametrization import parametrization

ORACLE = [(2, 2, 1), (2, 2, 2, 1), (2, 3, 3, 2, 1), (2, 3, 3, 3, 2, 1), (2, 3, 3, 4, 4, 2, 1)]


def _dim(widths: tuple[int, ...], r: int = 2, seed: int = 7) -> int:
    """The dimension by the rank mod primes other than the search's (seed 7), no upper bound."""
    return generic_rank(parametrization(PolynomialNetwork(widths, (r,))), seed=seed).dim


def _float_rank(widths: tuple[int, ...], r: int = 2) -> int:
    mu = parametrization(PolynomialNetwork(widths, (r,)))
    theta = np.random.default_rng(3).standard_normal(mu.architecture.n_params)
    return int(np.linalg.matrix_rank(mu.jacobian(theta)))


@pytest.fixture(scope="module")
def depth_six():
    return filling_search(2, 1, 2, 6)


def test_oracle_list(depth_six):
    """SPEC §6: d0 = 2, dL = 1, r = 2, depth ≤ 6 (one minimal architecture per depth)."""
    assert [a.widths for a in depth_six.architectures] == ORACLE
    for a in depth_six.architectures:
        assert a.dim == a.ambient_dim == a.widths[-1] * (2 ** (a.depth - 1) + 1)
        assert a.certificate.exact and a.certificate.failure_bound == 0
        assert len(a.predecessors) == a.depth - 1
        assert not any(v.fills for v in a.predecessors)


@pytest.mark.parametrize("widths", ORACLE)
def test_oracle_second_method(widths):
    """Each answer fills and each one-step predecessor does not: ranks mod other primes, and
    the float SVD rank where the forms have degree ≤ 8."""
    ambient = PolynomialNetwork(widths, (2,)).ambient_dim
    assert _dim(widths) == ambient
    if len(widths) <= 5:
        assert _float_rank(widths) == ambient
    for i in range(1, len(widths) - 1):
        lower = list(widths)
        lower[i] -= 1
        if lower[i] == 0:
            continue
        dim = _dim(tuple(lower))
        assert dim < ambient
        assert dim <= dimension_upper_bound(tuple(lower), 2)
        if len(widths) <= 5:
            assert _float_rank(tuple(lower)) == dim


def _brute_force(d0: int, d_out: int, r: int, depth: int) -> list[tuple[int, ...]]:
    """Minimal filling widths, every vector of a larger box decided by its rank alone.

    The box bounds each hidden width by the dimension of the forms of its degree only (a
    width above it is redundant), not by the search's second bound nor by any dimension bound.
    """
    tops = [
        PolynomialNetwork((d0, 1, 1), (r**layer,)).ambient_shape[1] for layer in range(1, depth)
    ]
    fills = {}
    for hidden in itertools.product(*(range(1, t + 1) for t in tops)):
        widths = (d0, *hidden, d_out)
        fills[hidden] = _dim(widths, r, seed=5) == PolynomialNetwork(widths, (r,)).ambient_dim
    filling = [h for h, f in fills.items() if f]
    minimal = [
        h
        for h in filling
        if not any(g != h and all(a <= b for a, b in zip(g, h, strict=True)) for g in filling)
    ]
    return sorted((d0, *h, d_out) for h in minimal)


@pytest.mark.parametrize(
    ("d0", "d_out", "r", "depth"), [(2, 1, 2, 4), (2, 2, 2, 3), (3, 1, 2, 3), (2, 1, 3, 3)]
)
def test_pruned_search_equals_unpruned(d0, d_out, r, depth):
    """The box, the monotonicity and the bound lose nothing: the same minimal elements."""
    found = filling_search(d0, d_out, r, depth)
    by_depth = sorted(a.widths for a in found.architectures if a.depth == depth)
    assert by_depth == _brute_force(d0, d_out, r, depth)


def test_bound_is_sound_and_sharp():
    """dimension_upper_bound ≥ the dimension (published and computed), and often equal."""
    published = {  # SPEC §6, Dao–Rodriguez and KTB rows
        (2, 3, 4, 5, 4, 6, 4, 1): 65,
        (2, 3, 4, 5, 4, 6, 3, 1): 59,
        (2, 3, 4, 5, 4, 5, 4, 1): 61,
        (2, 3, 4, 4, 4, 6, 4, 1): 62,
        (2, 3, 3, 5, 4, 6, 4, 1): 60,
        (2, 3, 4, 5, 3, 6, 4, 1): 39,
        (2, 2, 4, 5, 4, 6, 4, 1): 35,
        (3, 2, 1): 5,
        (5, 5, 3, 1): 32,
        (2, 3, 2, 3, 4): 16,
    }
    for widths, dim in published.items():
        assert dimension_upper_bound(widths, 2) >= dim
    # the recursive bound is what sees these defects (parameters minus rescalings do not)
    assert dimension_upper_bound((2, 3, 4, 5, 3, 6, 4, 1), 2) == 39
    assert dimension_upper_bound((2, 2, 4, 5, 4, 6, 4, 1), 2) == 35
    rng = np.random.default_rng(0)
    for _ in range(30):
        depth = int(rng.integers(2, 5))
        widths = tuple(int(w) for w in rng.integers(1, 5, size=depth + 1))
        widths = (min(widths[0], 3), *widths[1:])
        assert dimension_upper_bound(widths, 2) >= _dim(widths)
        assert _dim(useful_widths(widths, 2)) == _dim(widths)  # the same image


def test_candidate_budget():
    assert candidate_count(2, 6, 2) == 6669
    with pytest.raises(BudgetError, match="--max-candidates"):
        filling_search(2, 1, 2, 6, max_candidates=1000)


def test_cli_json():
    out = CliRunner().invoke(
        main, ["filling-search", "--d0", "2", "--dL", "1", "--r", "2", "--max-depth", "4", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    arch = data["architectures"]
    assert [a["widths"] for a in arch] == [list(w) for w in ORACLE[:3]]
    for a in arch:
        assert a["dim"] == a["ambient_dim"]
        assert {"primes", "seed", "ranks", "exact"} <= set(a["certificate"])
    refused = CliRunner().invoke(
        main, ["filling-search", "--d0", "2", "--dL", "1", "--max-candidates", "10"]
    )
    assert refused.exit_code == 2 and "--max-candidates" in refused.output


class _Interrupt:
    """A progress bar that presses Ctrl-C after some candidates."""

    def __init__(self, after: int) -> None:
        self.left = after

    def update(self, n: int = 1) -> None:
        self.left -= n
        if self.left == 0:
            raise KeyboardInterrupt

    def close(self) -> None:
        pass


def test_resume_after_interrupt(tmp_path):
    """Interrupted after depth 3, a rerun on the store reuses the stored ranks, same answer."""
    fresh = filling_search(2, 1, 2, 4)
    path = tmp_path / "filling.sqlite"
    after = candidate_count(2, 2, 2) + candidate_count(2, 3, 2) + 1
    with pytest.raises(KeyboardInterrupt):
        filling_search(2, 1, 2, 4, store=path, progress=_Interrupt(after))
    with ResultStore(path) as db:
        stored = db.dimensions(0)
    assert {"pnn:2,2,1:r=2", "pnn:2,2,2,1:r=2"} <= set(stored)
    resumed = filling_search(2, 1, 2, 4, store=path)
    assert [a.widths for a in resumed.architectures] == [a.widths for a in fresh.architectures]
    assert resumed.by_rank == fresh.by_rank
    assert resumed.computed == fresh.computed - len(stored)
    again = filling_search(2, 1, 2, 4, store=path)
    assert again.computed == 0 and again.to_dict()["reused"] == fresh.by_rank
    assert [a.certificate for a in again.architectures] == [
        a.certificate for a in fresh.architectures
    ]
