"""Membership: known cases, exact witnesses, property tests, the tolerance model, bad input."""

from __future__ import annotations

import json
from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuromanifold.architectures import LinearConvNetwork
from neuromanifold.errors import InputError
from neuromanifold.function_space.membership import (
    NotSupportedError,
    membership,
    parse_function,
)
from neuromanifold.parametrization import parametrization
from tests.conftest import fc_architectures, lcn_architectures
from tests.function_space.helpers import (
    check_exact_witness,
    check_witness,
    real_roots_with_multiplicity,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- known cases (SPEC §2.1, §2.2 and the issue) ------------------------------------------------
def test_x2_minus_1_is_interior_of_lcn_2_2():
    r = membership("lcn:k=2,2", [-1, 0, 1])
    assert (r.member, r.stratum, r.exact, r.boundary) == (True, "interior", True, False)
    check_exact_witness("lcn:k=2,2", r, [-1, 0, 1])


def test_x2_plus_1_is_not_in_lcn_2_2():
    r = membership("lcn:k=2,2", [1, 0, 1])
    assert (r.member, r.stratum, r.witness, r.in_zariski_closure) == (False, None, None, True)


def test_square_is_boundary_of_lcn_2_2():
    r = membership("lcn:k=2,2", [1, 2, 1])
    assert (r.member, r.stratum, r.boundary) == (True, "boundary", True)
    check_exact_witness("lcn:k=2,2", r, [1, 2, 1])


def test_degree_drop_counts_roots_at_infinity():
    # x + 1 as a quadratic form (x + y) y: roots -1 and ∞, both simple: interior
    r = membership("lcn:k=2,2", [1, 1, 0])
    assert (r.member, r.stratum) == (True, "interior")
    check_exact_witness("lcn:k=2,2", r, [1, 1, 0])
    # the constant 1 = y^2: a double root at infinity: boundary
    r = membership("lcn:k=2,2", [1, 0, 0])
    assert (r.member, r.stratum) == (True, "boundary")
    check_exact_witness("lcn:k=2,2", r, [1, 0, 0])


def test_irrational_roots_give_a_float_witness():
    r = membership("lcn:k=2,2", [-2, 0, 1])
    assert r.member and r.stratum == "interior" and not r.witness_exact
    theta = np.array(r.theta, dtype=float)
    assert np.allclose(parametrization("lcn:k=2,2")(theta), [-2, 0, 1], atol=1e-12)


def test_four_real_roots_boundary_beyond_o_plus_1():
    # (x-1)^2 (x-2)^2 for degrees (1, 1, 2): 4 = o + 2 real roots, none of odd multiplicity
    f = [4, -12, 13, -6, 1]
    r = membership("lcn:k=2,2,3", f)
    assert r.stratum == "boundary"
    check_exact_witness("lcn:k=2,2,3", r, f)


@FAST
@given(
    st.lists(
        st.fractions(min_value=-100, max_value=100, max_denominator=50), min_size=5, max_size=5
    )
)
def test_every_quartic_is_in_lcn_3_3(coeffs):
    r = membership("lcn:k=3,3", coeffs)
    assert r.member and r.stratum == "interior"
    check_witness("lcn:k=3,3", r, coeffs)


@FAST
@given(st.lists(st.integers(-20, 20), min_size=4, max_size=4))
def test_rank_one_matrices_are_interior_of_fc_3_1_2(values):
    u, v = values[:2], [*values[2:], 1]
    f = [a * b for a in u for b in v]
    r = membership("fc:3,1,2", f)
    assert r.member
    expected = "singular" if not any(f) else "interior"
    assert r.stratum == expected
    check_exact_witness("fc:3,1,2", r, f)


def test_zero_matrix_is_singular_and_rank_two_is_not_member():
    assert membership("fc:3,1,2", [0] * 6).stratum == "singular"
    r = membership("fc:3,1,2", "1,0,0;0,1,0")
    assert (r.member, r.in_zariski_closure) == (False, False)


def test_fc_filling_and_deep_witness():
    r = membership("fc:2,3,2", [[1, 2], [3, 4]])
    assert (r.member, r.stratum) == (True, "interior")
    check_exact_witness("fc:2,3,2", r, [1, 2, 3, 4])
    f = [Fraction(1, 3), 2, -1, 5, 0, 7, 1, 1, 1]
    for text in ("fc:3,2,4,3", "fc:3,3", "fc:3,2,2,3"):
        r = membership(text, f)
        assert r.member == (text != "fc:3,2,2,3" and text != "fc:3,2,4,3")
    r = membership("fc:3,2,4,3", [1, 2, 3, 2, 4, 6, 0, 1, 1])
    assert r.member and r.stratum == "interior"
    check_exact_witness("fc:3,2,4,3", r, [1, 2, 3, 2, 4, 6, 0, 1, 1])


def test_x4_plus_1_in_closure_not_in_m():
    r = membership("lcn:k=3,2:s=2,1", [1, 0, 0, 0, 1])
    assert (r.member, r.in_zariski_closure) == (False, True)


@FAST
@given(st.lists(st.integers(-4, 4), min_size=4, max_size=4))
def test_lcn_22_s21_image_is_the_quadric(c):
    r = membership("lcn:k=2,2:s=2,1", c)
    on_quadric = c[0] * c[3] == c[1] * c[2]
    assert r.member == on_quadric == r.in_zariski_closure
    if r.member:
        check_exact_witness("lcn:k=2,2:s=2,1", r, c)
        assert r.stratum == ("singular" if not any(c) else "interior")


def _cubic(c):
    return c[1] * c[2] * c[3] - c[0] * c[3] ** 2 - c[1] ** 2 * c[4]


def _cubic_gradient(c):
    return [
        -(c[3] ** 2),
        c[2] * c[3] - 2 * c[1] * c[4],
        c[1] * c[3],
        c[1] * c[2] - 2 * c[0] * c[3],
        -(c[1] ** 2),
    ]


@FAST
@given(st.lists(st.integers(-5, 5), min_size=5, max_size=5), st.booleans())
def test_lcn_32_s21_closure_is_the_cubic_and_singular_is_its_singular_locus(theta, on):
    arch = "lcn:k=3,2:s=2,1"
    c = [int(v) for v in parametrization(arch).exact(theta)] if on else theta
    r = membership(arch, c)
    assert r.in_zariski_closure == (_cubic(c) == 0)
    if on:
        assert r.member
        check_exact_witness(arch, r, c)
        assert (r.stratum == "singular") == all(g == 0 for g in _cubic_gradient(c))


def test_lcn_32_s21_real_roots_of_the_hyperroot_part():
    # (x^2 - 1)(x^2 - 2) = 2 - 3x^2 + x^4: polynomial in x^2 with real roots: member, singular
    r = membership("lcn:k=3,2:s=2,1", [2, 0, -3, 0, 1])
    assert (r.member, r.stratum, r.boundary) == (True, "singular", False)
    check_exact_witness("lcn:k=3,2:s=2,1", r, [2, 0, -3, 0, 1])
    # (x^2 - 1)^2: double hyperroot, boundary (perturb to (x^2-1)^2 + eps)
    r = membership("lcn:k=3,2:s=2,1", [1, 0, -2, 0, 1])
    assert (r.member, r.stratum, r.boundary) == (True, "singular", True)
    eps = Fraction(1, 10**7)
    assert not membership("lcn:k=3,2:s=2,1", [1 + eps, 0, -2, 0, 1]).member


def test_stride_k1_le_s_and_size_one_layers():
    r = membership("lcn:k=2,3:s=3,1", [1, 2, 0, 3, 6, 0, 5, 10])
    assert r.member
    check_exact_witness("lcn:k=2,3:s=3,1", r, [1, 2, 0, 3, 6, 0, 5, 10])
    assert not membership("lcn:k=2,3:s=3,1", [1, 2, 1, 3, 6, 0, 5, 10]).member
    r = membership("lcn:k=1,3:s=2,1", [1, 0, 2, 0, 3])
    assert r.member and r.stratum == "interior"
    assert not membership("lcn:k=1,3:s=2,1", [1, 1, 2, 0, 3]).member


def test_three_strided_layers():
    arch = "lcn:k=2,2,2:s=2,2,1"
    f = [int(v) for v in parametrization(arch).exact([1, 2, 3, -1, 1, 5])]
    r = membership(arch, f)
    assert r.member and r.stratum == "interior"
    check_exact_witness(arch, r, f)
    assert not membership(arch, [1, 2, 3, 6, 1, 2, 3, 7]).member


# --- property tests -----------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(fc_architectures(max_layers=3, max_width=4), lcn_architectures(max_layers=3)),
    st.data(),
)
def test_image_of_rational_parameters_is_a_member(arch, data):
    theta = data.draw(st.lists(st.integers(-6, 6), min_size=arch.n_params, max_size=arch.n_params))
    f = list(parametrization(arch).exact(theta).reshape(-1))
    r = membership(arch, f)
    assert r.member and r.in_zariski_closure and r.stratum is not None
    check_witness(arch, r, f)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        fc_architectures(max_layers=3, max_width=4), lcn_architectures(max_layers=2, max_k=3)
    ),
    st.integers(0, 2**32 - 1),
)
def test_image_of_real_parameters_is_a_member_within_tolerance(arch, seed):
    theta = np.random.default_rng(seed).standard_normal(arch.n_params)
    f = parametrization(arch)(theta)
    r = membership(arch, f, tol=1e-7)
    assert r.member
    value = parametrization(arch)(np.array(r.theta, dtype=float))
    assert np.allclose(value, f, atol=1e-6 * max(1, np.linalg.norm(f)))


@FAST
@given(st.lists(st.integers(-9, 9), min_size=5, max_size=5).filter(any))
def test_stride_one_count_agrees_with_sturm(c):
    # lcn:k=2,2,2,2? degree 4 with o = 4: member iff all 4 projective roots real
    arch = LinearConvNetwork((2, 2, 2, 2))
    r = membership(arch, c)
    assert r.member == (real_roots_with_multiplicity(c, 4) >= 4)
    if r.member:
        check_witness(arch, r, c)


# --- tolerance model ----------------------------------------------------------------------------
def test_fc_tolerance_model_and_distance():
    f = np.outer([1.0, 2.0], [1.0, 2.0, 3.0])
    near = f + 1e-12 * np.array([[0, 0, 1], [0, 0, 0]])
    r = membership("fc:3,1,2", near)
    assert r.member and not r.exact and r.tol == 1e-9
    far = f + 1e-3 * np.array([[0, 0, 1], [0, 0, 0]])
    r = membership("fc:3,1,2", far)
    assert not r.member
    assert r.distance == pytest.approx(np.linalg.svd(far, compute_uv=False)[1])
    assert membership("fc:3,1,2", np.zeros((2, 3)) + 1e-13).stratum == "singular"


def test_stride_one_tolerance_model():
    assert membership("lcn:k=2,2", [1.0, 2.0, 1.0 + 1e-13]).stratum == "boundary"
    assert not membership("lcn:k=2,2", [1.0, 2.0, 1.0 + 1e-3]).member
    assert membership("lcn:k=2,2", [1.0, 2.0, 1.0 - 1e-3]).stratum == "interior"


# --- results and input --------------------------------------------------------------------------
def test_to_dict_is_json_ready():
    d = membership("lcn:k=2,2", ["1/3", 0, -3]).to_dict()
    json.dumps(d)
    assert {"member", "stratum", "in_zariski_closure", "witness"} <= set(d)
    witness = d["witness"]
    assert isinstance(witness, list)
    assert all(isinstance(v, str) for layer in witness for v in layer)
    d = membership("lcn:k=2,2", [-2.0, 0.0, 1.0]).to_dict()
    json.dumps(d)
    witness = d["witness"]
    assert isinstance(witness, list)
    assert all(isinstance(v, float) for layer in witness for v in layer)
    assert "member" in str(membership("fc:3,1,2", [0] * 6))


def test_inputs_in_several_forms_agree():
    a = membership("fc:3,1,2", [[1, 2, 3], [2, 4, 6]])
    b = membership("fc:3,1,2", np.array([1, 2, 3, 2, 4, 6]))
    c = membership("fc:3,1,2", [flint.fmpq(1), Fraction(2), "3", 2, 4, 6])
    assert a.witness == b.witness == c.witness


def test_parse_function():
    assert parse_function("fc:3,1,2", "1,2,3;2,4,6") == tuple(
        flint.fmpq(v) for v in (1, 2, 3, 2, 4, 6)
    )
    assert parse_function("lcn:k=3,2:s=2,1", "1, 1/3, 0.5, 0, -1")[1] == flint.fmpq(1, 3)


@pytest.mark.parametrize(
    ("arch", "text", "needle"),
    [
        ("lcn:k=2,2", "1,2", "needs 3 numbers"),
        ("lcn:k=2,2", "1,2,x", "entry 3"),
        ("lcn:k=2,2", "1,nan,2", "finite"),
        ("lcn:k=2,2", "1,2;3", "';'"),
        ("fc:3,1,2", "1,2;3,4", "row 1"),
        ("fc:3,1,2", "1,2,3;4,5,6;7,8,9", "rows"),
        ("lcn:k=2,2", "", "empty"),
        ("lcn:k=2,2", "1,2,1/0", "entry 3"),
    ],
)
def test_bad_text_input(arch, text, needle):
    with pytest.raises(InputError, match="function") as info:
        parse_function(arch, text)
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "f", [[1, 2], [1, 2, float("nan")], [1, 2, 1j], [[1, 2, 3]], ["a", 1, 2], [True, 1, 2]]
)
def test_bad_array_input(f):
    with pytest.raises(InputError):
        membership("lcn:k=2,2", f)


def test_bad_tolerance():
    with pytest.raises(InputError, match="tol"):
        membership("lcn:k=2,2", [1, 2, 1], tol=0)


def test_2d():
    r = membership("lcn2d:k=2x2,1x1", [1, 2, 3, 4])
    assert r.member and r.witness_exact
    r = membership("lcn2d:k=1x1,2x2:s=2x2,1x1", "1,0,2;0,0,0;3,0,4")
    assert r.member and r.witness_exact
    assert not membership("lcn2d:k=1x1,2x2:s=2x2,1x1", "1,1,2;0,0,0;3,0,4").member
    with pytest.raises(NotSupportedError, match="bivariate"):
        membership("lcn2d:k=2x2,2x2", [1] * 9)


def test_strided_roots_at_infinity_and_irrational_divisor():
    for c in ([1, 2, 0, 0], [0, 0, 1, 2], [0, 1, 0, 2]):
        r = membership("lcn:k=2,2:s=2,1", c)
        assert r.member
        check_exact_witness("lcn:k=2,2:s=2,1", r, c)
    # x^4 - 2: the common factor y^2 - 2 has irrational real roots: float witness
    r = membership("lcn:k=3,2:s=2,1", [-2, 0, 0, 0, 1])
    assert r.member and r.stratum == "singular" and not r.witness_exact
    check_witness("lcn:k=3,2:s=2,1", r, [-2, 0, 0, 0, 1])


def test_three_strided_layers_with_irrational_divisor_is_not_supported():
    # x^8 - 2 = (x^2 + 2^(1/4)) (x^2 - 2^(1/4)) (x^4 + sqrt 2): a member, but only through
    # irrational layer polynomials, which the rational divisor search cannot reach
    with pytest.raises(NotSupportedError, match="irrational"):
        membership("lcn:k=3,2,2:s=2,2,1", [-2, 0, 0, 0, 0, 0, 0, 0, 1])


def test_contains_dispatches_one_registration_per_family():
    from neuromanifold.architectures import FullyConnected, LinearConvNetwork2D
    from neuromanifold.dispatch import load_family
    from neuromanifold.function_space.membership import contains, decide

    assert contains is membership
    for cls in (FullyConnected, LinearConvNetwork, LinearConvNetwork2D):
        load_family("neuromanifold.function_space.membership", cls.family)
        assert cls in decide.registry
    assert (
        contains("lcn:k=2,2", [1, 2, 1]).to_dict() == membership("lcn:k=2,2", [1, 2, 1]).to_dict()
    )
