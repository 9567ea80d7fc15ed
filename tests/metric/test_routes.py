"""backend="auto" by cost: closed forms, the cheapest certified route, certified real counts."""

from __future__ import annotations

import math
import time

import pytest

from neuromanifold.algebra.cost import resultant_seconds
from neuromanifold.algebra.distance import DistanceProblem, ImplicitVariety
from neuromanifold.algebra.segre import segre_generic_ed_degree
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space.invariants import generic_ed_degree
from neuromanifold.metric import choose_backend, ed_degree
from neuromanifold.metric.ed_degree import ROUTES, RouteContext, known_count

ANY = ImplicitVariety.of("x - y")  # FC closed forms read the architecture only


@pytest.mark.parametrize(
    ("text", "weights", "expected"),
    [
        ("fc:3,1,3", "unit", math.comb(3, 1)),
        ("fc:2,1,3", "unit", math.comb(2, 1)),
        ("fc:3,2,3", "generic", segre_generic_ed_degree((2, 2))),  # by duality: 39
        ("fc:4,1,3", "generic", segre_generic_ed_degree((3, 2))),  # 83
    ],
)
def test_known_counts_are_the_counts(text, weights, expected):
    """The closed form each route is checked against equals msolve's exact count."""
    arch = parse_architecture(text)
    count, source = known_count(DistanceProblem(ANY, weights), arch)
    assert count == expected and source
    assert ed_degree(text, weights=weights, backend="msolve").ed_degree == expected


def test_segre_in_coordinates_is_the_chern_class_count():
    arch = parse_architecture("lcn:k=2,2,2:s=2,2,1")
    result = ed_degree(arch, weights="generic", real=False)
    assert result.ed_degree == segre_generic_ed_degree((1, 1, 1)) == 34
    assert "Chern-class formula of P^1×P^1×P^1" in result.route_reason
    assert known_count(DistanceProblem(ANY, "generic"), parse_architecture("lcn:k=3,3:s=2,1")) == (
        None,
        "",
    )


def test_auto_takes_the_cheap_route_and_says_why():
    """Counting 39 points mod p costs milliseconds; isolating real ones over Q costs seconds,
    where the homotopy certifies them in about one: the choice follows what is asked."""
    count_only = ed_degree("fc:3,1,3", weights="generic", real=False)
    assert count_only.backend == "msolve" and count_only.certified
    assert count_only.route_reason.startswith("auto: msolve")
    assert "homotopy ~" in count_only.route_reason  # the other estimate, for the record
    plane = choose_backend(DistanceProblem(ImplicitVariety.of("y - x^2")))
    assert plane.backend == "msolve" and "resultant ~" in plane.reason and plane.expected == 3
    assert plane.expected_from.startswith("msolve count mod")
    assert {r.name for r in ROUTES} >= {"msolve", "homotopy", "resultant"}


def test_auto_certifies_real_counts_by_the_homotopy_when_isolation_is_dear():
    problem = DistanceProblem(ImplicitVariety.of("x - y"), "generic")
    choice = choose_backend(problem, real=True, architecture=parse_architecture("fc:3,1,3"))
    assert (choice.backend, choice.expected) == ("homotopy", 39)
    assert "real isolation over Q" in choice.reason  # msolve's estimate, turned down


@pytest.mark.parametrize(
    "text",
    [
        "lcn:k=2,2:s=2,1",  # P^1×P^1: 6 critical points
        pytest.param("fc:3,1,3", marks=pytest.mark.slow),  # P^2×P^2: 39, ~20 s of msolve over Q
    ],
)
def test_certified_real_count_agrees_with_msolve_isolation_over_q(text):
    """Generic weights: the homotopy's boxes closed under conjugation give the real critical
    points, certified because the set has the Chern-class count's size."""
    ours = ed_degree(text, weights="generic", real=True, backend="homotopy")
    assert ours.certified and ours.real_certified and "Chern-class" in ours.completeness
    exact = ed_degree(text, weights="generic", real=True, backend="msolve")
    assert exact.real_certified and exact.n_real == ours.n_real
    assert exact.ed_degree == ours.ed_degree and exact.data == ours.data  # the same problem
    assert ours.to_dict()["n_real_certified"] is True


def test_forced_backend_is_obeyed():
    forced = choose_backend(DistanceProblem(ImplicitVariety.of("y - x^2")), "homotopy")
    assert forced.backend == "homotopy" and "requested" in forced.reason


@pytest.mark.parametrize("real", ["--real", "--no-real"])  # homotopy, then msolve
def test_timeout_reaches_the_engines_and_exits_2(real):
    from click.testing import CliRunner

    from neuromanifold.cli import main

    out = CliRunner().invoke(
        main, ["ed-degree", "fc:3,1,3", "--weights", "generic", real, "--timeout", "0.001"]
    )
    assert out.exit_code == 2
    lines = out.output.strip().splitlines()
    assert len(lines) == 1 and "--timeout" in lines[0] and lines[0].startswith("neuromanifold:")


def test_cli_json_names_the_route_and_the_certified_real_count():
    import json

    from click.testing import CliRunner

    from neuromanifold.cli import main

    out = CliRunner().invoke(
        main, ["ed-degree", "lcn:k=2,2:s=2,1", "--weights", "generic", "--json", "--quiet"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["ed_degree"] == 6 and data["n_real_certified"] is True
    assert data["route_reason"].startswith("auto:") and data["backend"] == "msolve"


def test_unit_weights_never_take_the_generic_weight_homotopy():
    """The homotopy's monodromy runs at generic weights (2385 points on P²×P²×P² where unit
    weights have 37): closing it at the unit count would be incomplete, so auto refuses it."""
    result = ed_degree("lcn:k=2,2,2:s=2,2,1", weights="unit", real=True)
    assert result.backend == "msolve" and result.real_certified
    assert "homotopy: not applicable (its monodromy runs at generic weights" in result.route_reason


@pytest.mark.parametrize(
    ("curve", "expected"),  # SPEC §ED degree, unit weights: the plane curves' table
    [
        ("y^2 - x^3", 4),  # cuspidal cubic
        ("y^2 - x^2*(x + 1)", 5),  # nodal cubic
        ("x^2 + y^2 - 1", 2),  # circle
        ("y - x^2", 3),  # parabola
    ],
)
def test_without_msolve_a_plane_curve_goes_to_the_resultants(
    curve, expected, monkeypatch, tmp_path
):
    """msolve hidden: auto must not fall to a minutes-long monodromy for a plane curve."""
    monkeypatch.setenv("NEUROMANIFOLD_MSOLVE", str(tmp_path / "no-msolve"))
    start = time.perf_counter()
    result = ed_degree(curve)
    assert time.perf_counter() - start < 5
    assert (result.ed_degree, result.backend, result.certified) == (expected, "resultant", True)
    assert "msolve: not applicable (msolve is not installed)" in result.route_reason


def test_the_resultant_route_is_priced_by_the_curve_degree():
    """The estimate grows like d^4 (four resultants, eliminants of degree O(d^2))."""
    for text, degree in (("y^2 - x^3", 3), ("x^6 + y^6 - x*y - 1", 6)):
        problem = DistanceProblem(ImplicitVariety.of(text))
        ctx = RouteContext(problem, None, None, "", False, msolve=False)
        (estimate,) = [r.estimate(ctx) for r in ROUTES if r.name == "resultant"]
        assert (
            estimate.seconds == resultant_seconds(degree) and f"degree {degree}" in estimate.basis
        )
    assert resultant_seconds(16) / resultant_seconds(8) > 10


def test_without_msolve_a_problem_with_no_route_still_runs_monodromy(monkeypatch, tmp_path):
    monkeypatch.setenv("NEUROMANIFOLD_MSOLVE", str(tmp_path / "no-msolve"))
    choice = choose_backend(DistanceProblem(ImplicitVariety.of("x^2 + y^2 + z^2 - 1")))
    assert choice.backend == "homotopy" and "msolve is not installed" in choice.reason


@pytest.mark.parametrize(
    "text",
    [
        "pcnn:k=2,2:r=3",  # exponents (3, 1): once 2 of 22 points, uncertified
        pytest.param("pcnn:k=2,2,2", marks=pytest.mark.slow),  # (4, 2, 1): 404, ~30 s
    ],
)
def test_the_homotopy_reaches_the_charts_of_weighted_rescalings(text):
    """A pcnn's rescalings c_j^(a_j) with a = (r^(L-1), …, 1): the charts now meet an orbit at
    entries of order one (before, ~10^-4 in one filter and ~10^24 in another), so the homotopy
    finds the Segre–Veronese Chern-class count, as msolve does."""
    arch = parse_architecture(text)
    known = generic_ed_degree(arch)
    assert known is not None
    chern, source = known
    ours = ed_degree(arch, weights="generic", backend="homotopy", real=False)
    assert ours.certified and ours.ed_degree == chern and "Chern" in source
    if chern < 100:  # msolve over prime fields, the second method
        assert ed_degree(arch, weights="generic", backend="msolve", real=False).ed_degree == chern
