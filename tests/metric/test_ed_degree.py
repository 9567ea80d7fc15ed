"""The one ED verb: its subjects, the backend decision, and two exact backends cross-checked."""

from __future__ import annotations

import pytest

from neuromanifold.algebra import ImplicitVariety, PolynomialSystem
from neuromanifold.algebra.distance import DistanceProblem
from neuromanifold.architectures import parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.metric import PlaneCurve, choose_backend, ed_degree

# SPEC §6: unit-weight ED degrees of plane curves
SPEC_ORACLES = {
    "circle": ("x^2 + y^2 - 1", 2),
    "ellipse": ("x^2 + 4*y^2 - 1", 4),
    "parabola": ("y - x^2", 3),
    "cuspidal cubic": ("y^2 - x^3", 4),
    "nodal cubic": ("y^2 - x^2*(x + 1)", 5),
    "cardioid": ("(x^2 + y^2 + x)^2 - (x^2 + y^2)", 3),
}


@pytest.mark.parametrize("name", list(SPEC_ORACLES))
def test_plane_curve_resultant_backend_agrees_with_msolve(name):
    """The SPEC §6 oracles by two independent exact backends of the one verb."""
    text, expected = SPEC_ORACLES[name]
    exact = ed_degree(text, backend="msolve", seed=2)
    resultant = ed_degree(text, backend="resultant", seed=2)
    curve = ed_degree(PlaneCurve.from_text(text), backend="resultant", seed=5)
    assert exact.ed_degree == resultant.ed_degree == curve.ed_degree == expected
    assert (exact.backend, resultant.backend) == ("msolve", "resultant")
    assert exact.certified and resultant.certified
    assert {c for *_, c in resultant.counts} == {expected} and len(resultant.counts) == 4
    assert "requested" in resultant.route_reason


def test_auto_backend_records_its_choice():
    result = ed_degree("x^2 + y^2 - 1")
    assert result.backend == "msolve" and result.route_reason.startswith("auto")
    d = result.to_dict()
    assert d["route_reason"] == result.route_reason and d["backend"] == "msolve"
    choice = choose_backend(DistanceProblem(ImplicitVariety.of("y - x^2")))
    assert choice.backend == "msolve" and "msolve" in choice.reason


def test_every_subject_states_the_same_problem():
    """Text, a system, an implicit variety and a plane curve: one problem, one count."""
    text = "y^2 - x^2*(x + 1)"
    subjects = [
        text,
        PolynomialSystem.from_text(text),
        ImplicitVariety.of(text),
        PlaneCurve.from_text(text),
    ]
    results = [ed_degree(s, seed=4) for s in subjects]
    assert {r.ed_degree for r in results} == {5}
    assert len({r.data for r in results}) == 1  # the same seeded draws
    by_text = ed_degree("lcn:k=2,2:s=2,1", weights="generic")
    by_value = ed_degree(parse_architecture("lcn:k=2,2:s=2,1"), weights="generic")
    assert by_text.ed_degree == by_value.ed_degree == 6


def test_resultant_backend_is_for_plane_curves_only():
    with pytest.raises(InputError, match="plane curve"):
        ed_degree("x*y - z", backend="resultant")
    with pytest.raises(InputError, match="unit weights"):
        ed_degree("y - x^2", weights="generic", backend="resultant")
    with pytest.raises(InputError, match="plane curve"):
        ed_degree("lcn:k=2,2:s=2,1", backend="resultant")
    with pytest.raises(InputError, match="backend"):
        ed_degree("y - x^2", backend="bertini")
    with pytest.raises(InputError, match="cannot compute the ED degree"):
        ed_degree(3.5)
