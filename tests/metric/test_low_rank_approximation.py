"""Unit-weight ED of FC nets (Eckart–Young) through invariant subspaces: counts, points, routes."""

from __future__ import annotations

import json
from itertools import combinations
from math import comb

import numpy as np
import pytest
from click.testing import CliRunner

from neuromanifold.algebra.distance import DistanceProblem, ParametrizedVariety
from neuromanifold.architectures import parse_architecture
from neuromanifold.budget import budget
from neuromanifold.cli import main
from neuromanifold.errors import BudgetError, InputError
from neuromanifold.function_space.neurovariety import gauge
from neuromanifold.metric import (
    ed_degree,
    low_rank_critical_points,
    low_rank_path_count,
    structural_formulation,
)
from neuromanifold.parametrization import symbolic_map

# the keys of `ed-degree --json` (tests/test_cli.py and the EDDegree contract)
ED_KEYS = {
    "ed_degree",
    "n_real",
    "certified",
    "backend",
    "seed",
    "weights",
    "route",
    "counts",
    "weight_values",
    "data",
    "ambient_dimension",
    "codimension",
    "nvars",
    "seconds",
    "route_reason",
    "certainty",
    "failure_bound",
    "components",
    "subject",
}


def _svd_sums(u, r):
    """Every sum of r singular triples of U (numpy's SVD: an independent method)."""
    left, s, right = np.linalg.svd(np.asarray(u, dtype=float), full_matrices=False)
    return [
        sum(s[i] * np.outer(left[:, i], right[i]) for i in idx)
        for idx in combinations(range(len(s)), r)
    ]


@pytest.mark.parametrize(("m", "n", "r"), [(5, 4, 2), (5, 5, 2), (4, 6, 1), (6, 4, 3), (3, 5, 2)])
def test_critical_points_are_the_sums_of_r_singular_triples(m, n, r):
    rng = np.random.default_rng(m * 100 + n * 10 + r)
    u = rng.integers(-1000, 1001, size=(m, n))
    crit = low_rank_critical_points(u, r, seed=1)
    assert crit.count == comb(min(m, n), r) == crit.expected and crit.complete
    assert crit.n_real == crit.count
    expected = _svd_sums(u, r)
    matched = set()
    for x in crit.points:
        gaps = [np.linalg.norm(x - y) / np.linalg.norm(u) for y in expected]
        best = int(np.argmin(gaps))
        assert gaps[best] < 1e-9 and best not in matched
        matched.add(best)
        assert np.linalg.matrix_rank(x.real, tol=1e-8 * np.linalg.norm(u)) == r
    assert len(matched) == len(expected)


@pytest.mark.parametrize(("text", "count"), [("fc:4,2,5", 6), ("fc:5,2,5", 10), ("fc:4,3,2,5", 6)])
def test_fc_unit_weights_default_route_is_certified_binomial(text, count):
    result = ed_degree(text, weights="unit")
    m, n = parse_architecture(text).ambient_shape
    assert result.ed_degree == count == comb(min(m, n), 2)
    assert result.certified and result.certainty == "proved" and result.n_real == count
    assert result.backend == "homotopy" and result.route_reason.startswith("auto")
    assert f"{count} paths" in result.route and "Eckart–Young" in result.route_reason
    assert result.nvars == 2 * (min(m, n) - 2) and result.data and len(result.data) == m * n
    forced = ed_degree(text, weights="unit", backend="homotopy", seed=1)
    assert forced.ed_degree == count and "requested" in forced.route_reason


def test_formulation_is_priced_before_it_runs_and_only_for_unit_weights():
    arch = parse_architecture("fc:4,2,5").minimal()
    phi, names = symbolic_map(arch)
    variety = ParametrizedVariety(tuple(phi), tuple(names), constraints=gauge(arch))
    unit = structural_formulation(arch, DistanceProblem(variety, "unit"))
    assert unit is not None and unit.path_count == 6 == low_rank_path_count((5, 4), 2)
    assert unit.certifies and unit.real and unit.backend == "homotopy"
    assert unit.run().ed_degree == 6 == ed_degree(arch).ed_degree
    assert structural_formulation(arch, DistanceProblem(variety, "generic")) is None
    with budget(max_paths=5), pytest.raises(BudgetError, match="--max-paths"):
        ed_degree("fc:4,2,5")


def test_msolve_counts_the_same_problem():
    """The same seeded data, two engines: msolve's exact count mod primes and ours."""
    ours = ed_degree("fc:3,1,4", seed=2)
    exact = ed_degree("fc:3,1,4", seed=2, backend="msolve")
    assert ours.ed_degree == exact.ed_degree == 3 and ours.data == exact.data


def test_degenerate_data_is_refused():
    with pytest.raises(InputError, match="repeated singular value"):
        low_rank_critical_points([[1, 0, 0], [0, 1, 0], [0, 0, 2], [0, 0, 0]], 1)
    with pytest.raises(InputError, match="zero singular value"):
        low_rank_critical_points([[1, 2, 3], [2, 4, 6], [1, 0, 1]], 1)
    with pytest.raises(InputError, match="0 < r"):
        low_rank_critical_points([[1, 2], [3, 4]], 2)


def test_cli_prints_the_path_count_keeps_the_json_keys_and_refuses_past_the_budget():
    runner = CliRunner()
    text = runner.invoke(main, ["ed-degree", "fc:4,2,5", "--weights", "unit"])
    assert text.exit_code == 0, text.output
    assert "tracking 6 paths" in text.stderr and "ED degree 6 (proved)" in text.stdout
    out = runner.invoke(main, ["ed-degree", "fc:5,2,5", "--weights", "unit", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) >= ED_KEYS and data["ed_degree"] == 10 and data["n_real"] == 10
    assert data["n_real_certified"] is True  # the Krawczyk boxes closed under conjugation
    assert data["certified"] is True and data["backend"] == "homotopy"
    refused = runner.invoke(main, ["ed-degree", "fc:5,2,5", "--max-paths", "9"])
    assert refused.exit_code == 2 and "--max-paths" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
