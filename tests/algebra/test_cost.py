"""Route costs: the estimates grow as their models say, and the choice takes the cheapest that certifies."""

from __future__ import annotations

import math

import pytest

from neuromanifold.algebra.cost import (
    RouteEstimate,
    choose_route,
    homotopy_seconds,
    msolve_count_seconds,
    msolve_real_seconds,
)
from neuromanifold.errors import InputError


def test_models_grow_as_stated():
    # FGLM is cubic in the number of solutions: doubling it multiplies a count by 8
    assert msolve_count_seconds(200) == pytest.approx(8 * msolve_count_seconds(100))
    assert msolve_real_seconds(200) == pytest.approx(4 * msolve_real_seconds(100))
    # the homotopy grows slower than msolve's count: msolve wins small, the homotopy large
    assert msolve_count_seconds(40) < homotopy_seconds(40)
    assert msolve_count_seconds(2385) > 5 * homotopy_seconds(2385)


def test_choice_prefers_what_certifies_then_the_cheapest():
    fast_uncertified = RouteEstimate("guess", "homotopy", 0.01, False, False, "trace test")
    count_only = RouteEstimate("msolve", "msolve", 1.0, True, False, "39 solutions")
    both = RouteEstimate("homotopy", "homotopy", 3.0, True, True, "39 paths")
    chosen, reason = choose_route([fast_uncertified, count_only, both])
    assert chosen is count_only and reason.startswith("auto: msolve")
    assert "homotopy ~3" in reason and "guess" in reason  # every estimate is in the reason
    assert choose_route([fast_uncertified, count_only, both], real=True)[0] is both
    assert choose_route([fast_uncertified])[0] is fast_uncertified


def test_no_runnable_route_is_refused():
    never = RouteEstimate("resultant", "resultant", math.inf, True, False, "", why_not="no curve")
    with pytest.raises(InputError, match=r"no route can answer.*no curve"):
        choose_route([never])
    with pytest.raises(InputError, match="seconds"):
        RouteEstimate("x", "x", -1.0, True, True, "")
