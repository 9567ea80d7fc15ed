"""Float witnesses: a caller's preimage replaces the fit; roots the float model puts at infinity."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.errors import InputError
from neuromanifold.function_space.membership import contains, witness
from neuromanifold.parametrization import parametrization

STRIDED = "lcn:k=3,3:s=2,1"


def _residual(arch: str, theta, f) -> float:
    mu = parametrization(arch)
    return float(np.max(np.abs(mu(np.array([float(v) for v in theta])).reshape(-1) - f)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_preimage_is_the_witness_and_agrees_with_the_fit(seed, monkeypatch):
    """μ(θ) = f by construction: θ is the witness, no fit runs, and the decision is the fit's."""
    theta = np.random.default_rng(seed).standard_normal(6)
    f = parametrization(STRIDED)(theta).reshape(-1)
    fitted = contains(STRIDED, f.tolist(), tol=1e-4)  # the seeded fit (two independent routes)

    def no_fit(*args, **kwargs):
        raise AssertionError("the fit ran although the preimage reproduces f")

    monkeypatch.setattr(witness, "fit", no_fit)
    given = contains(STRIDED, f.tolist(), tol=1e-4, preimage=theta)
    assert given.theta == tuple(theta)
    assert "given preimage" in given.reason and "numerical fit" in fitted.reason
    assert (given.member, given.stratum) == (fitted.member, fitted.stratum) == (True, "interior")
    assert _residual(STRIDED, given.theta, f) <= 1e-15 * max(1.0, float(np.abs(f).max()))


def test_a_preimage_that_misses_f_falls_back_to_the_fit():
    theta = np.random.default_rng(3).standard_normal(6)  # f's binary value: not a member
    f = parametrization(STRIDED)(theta).reshape(-1)
    r = contains(STRIDED, f.tolist(), tol=1e-4, preimage=theta + 0.1)
    assert r.member and "numerical fit" in r.reason
    assert _residual(STRIDED, r.theta, f) <= 1e-4 * max(1.0, float(np.linalg.norm(f)))


def test_a_preimage_never_changes_an_exact_decision():
    """x² + 1 is outside M(lcn:k=2,2) whatever θ is offered (no fit decides it)."""
    r = contains("lcn:k=2,2", [1.0, 0.0, 1.0], tol=1e-4, preimage=[1.0, 0.0, 1.0, 0.0])
    assert not r.member


@pytest.mark.parametrize(
    ("preimage", "message"),
    [
        ([1.0, 2.0], "preimage: .* has 6 parameters"),
        ([1, 2, 3, 4, 5, float("nan")], "preimage: .*NaN"),
    ],
)
def test_a_bad_preimage_is_refused(preimage, message):
    with pytest.raises(InputError, match=message):
        contains(STRIDED, [1.0] * 7, tol=1e-4, preimage=preimage)


# --- roots the float model counts as infinite (|z| > 1/√tol) -----------------------------------
@pytest.mark.parametrize(
    "f",
    [
        [1.0, 1e-3, 1e-6],  # a complex pair of modulus 1000: a double root at infinity
        [-2.0, 1.0 + 2e-4, -1e-4],  # (x − 2)(1 − x/10⁴)·(−1): one finite root, one at infinity
        [3.0, -6e-3, 3e-6],  # 3(1 − x/1000)²: a double real root at 1000
    ],
)
def test_roots_at_infinity_give_a_witness_that_reproduces_f(f):
    """At tol 1e-4 (ρ = 1e-2) these roots count as infinite; the witness still multiplies back to
    f within √tol·max(1, max|f_i|): the scalar is fitted, not g's tiny top coefficient."""
    tol = 1e-4
    r = contains("lcn:k=2,2", f, tol=tol)
    assert r.member
    bound = np.sqrt(tol) * max(1.0, max(abs(v) for v in f))
    assert _residual("lcn:k=2,2", r.theta, np.array(f)) <= bound


def test_roots_at_infinity_in_the_mirror_image_are_at_zero():
    """x² f(1/x) of the first case has its roots near 0: finite, witness exact to rounding."""
    f = [1e-6, 1e-3, 1.0]
    r = contains("lcn:k=2,2", f, tol=1e-4)
    assert r.member and _residual("lcn:k=2,2", r.theta, np.array(f)) <= 1e-4


def test_least_squares_scalar_of_the_witness_survives_coefficients_near_the_float_range():
    """c = <P, g>/<P, P> in units of the largest entries: P = x + 1e200, g = 1e100 P gives
    c = 1e100 (the raw inner products overflow to inf/inf = nan); P = 1e-30 (x + 1),
    g = 1e-300 (x + 1) gives 1e-270 (the raw <P, g> underflows to 0)."""
    from neuromanifold.function_space.membership.lcn_stride_one import _scale

    assert _scale([[1.0, 1e200]], [1e100, 1e300]) == pytest.approx(1e100, rel=1e-12)
    assert _scale([[1e-30, 1e-30]], [1e-300, 1e-300]) == pytest.approx(1e-270, rel=1e-12)
    assert _scale([[1.0, 2.0]], [0.0, 0.0]) == 0.0
