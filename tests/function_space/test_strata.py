"""Strata by perturbation: boundary points have members and non-members arbitrarily close,
interior points only members, singular points drop the Jacobian's rank."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuromanifold.algebra.binary_form import root_structure
from neuromanifold.architectures import LinearConvNetwork, parse_architecture
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.membership import membership
from neuromanifold.function_space.sampling import sample
from neuromanifold.function_space.strata import stratum
from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.ring import to_fmpq
from tests.function_space.helpers import real_roots_with_multiplicity

EPS = flint.fmpq(1, 10**12)
STRIDE_ONE_NOT_FILLING = ["lcn:k=2,2", "lcn:k=2,2,3", "lcn:k=2,2,2", "lcn:k=2,4,3", "lcn:k=2,2,2,2"]
STRIDED_WITH_BOUNDARY = ["lcn:k=3,2:s=2,1", "lcn:k=5,4:s=2,1", "lcn:k=4,4:s=3,1"]


def _poly(f) -> flint.fmpq_poly:
    return flint.fmpq_poly([to_fmpq(c) for c in f])


def _root_free_perturbation(g: flint.fmpq_poly, eps: flint.fmpq) -> flint.fmpq_poly:
    """Replace every h^m (m even, h with real roots) by (h^2 + eps)^(m/2): no real root left there."""
    content, factors = g.numer().factor()
    out = flint.fmpq_poly([flint.fmpq(content)]) / g.denom()
    for h, m in factors:
        hq = flint.fmpq_poly([flint.fmpq(c) for c in h.coeffs()])
        if m % 2 == 0 and root_structure(list(hq.coeffs()), h.degree()).n_real > 0:
            out *= (hq * hq + flint.fmpq_poly([eps])) ** (m // 2)
        else:
            out *= hq**m
    return out


def _coeffs(p: flint.fmpq_poly, size: int) -> list[flint.fmpq]:
    c = [flint.fmpq(v) for v in p.coeffs()]
    return c + [flint.fmpq(0)] * (size - len(c))


def _max_diff(a, b) -> float:
    return max(abs(float(to_fmpq(x) - to_fmpq(y))) for x, y in zip(a, b, strict=True))


def _nearby_image_point(arch: str, theta, seed: int):
    """μ(θ + η) with a tiny rational η: a member arbitrarily close to μ(θ)."""
    rng = np.random.default_rng(seed)
    eta = [flint.fmpq(int(v), 10**13) for v in rng.integers(-9, 10, size=len(theta))]
    return list(
        parametrization(arch).exact([to_fmpq(t) + e for t, e in zip(theta, eta, strict=True)])
    )


@pytest.mark.parametrize("arch", STRIDE_ONE_NOT_FILLING)
@pytest.mark.parametrize("seed", range(3))
def test_stride_one_boundary_points_have_non_members_and_members_close(arch, seed):
    (f,) = sample(arch, "boundary", seed=seed)
    r = membership(arch, f)
    assert (r.member, r.stratum, r.boundary) == (True, "boundary", True)
    size = len(f)
    out = _coeffs(_root_free_perturbation(_poly(f), EPS), size)
    assert 0 < _max_diff(out, f) <= 1e-6
    assert not membership(arch, out).member
    inside = _nearby_image_point(arch, r.theta, seed)
    assert 0 < _max_diff(inside, f) <= 1e-6
    assert membership(arch, inside).member


@pytest.mark.parametrize("arch", [*STRIDE_ONE_NOT_FILLING, "lcn:k=3,2", "fc:3,2,3"])
@pytest.mark.parametrize("seed", range(3))
def test_interior_points_stay_members_under_small_perturbations(arch, seed):
    (f,) = sample(arch, "interior", seed=seed)
    assert membership(arch, f).stratum == "interior"
    rng = np.random.default_rng(seed)
    if arch.startswith("fc"):
        return  # fc interior = rank r, perturbations leave M unless filling: checked by rank tests
    for _ in range(5):
        g = [
            to_fmpq(c) + flint.fmpq(int(v), 10**9)
            for c, v in zip(f, rng.integers(-9, 10, len(f)), strict=True)
        ]
        assert membership(arch, g).member


def _polyphase_perturbation(arch_text: str, f, eps):
    """f'_r = (F_r / G) · G' with G' = G made root-free: leaves M, stays on V (two strided layers)."""
    arch = parse_architecture(arch_text)
    assert isinstance(arch, LinearConvNetwork)
    s = arch.stride_tuple[0]
    comps = [_poly(list(f)[r::s]) for r in range(s)]
    nonzero = [c for c in comps if not c.is_zero()]
    g = nonzero[0]
    for c in nonzero[1:]:
        g = g.gcd(c)
    g2 = _root_free_perturbation(g, eps)
    assert g2.degree() == g.degree()
    out = [flint.fmpq(0)] * len(f)
    for r, c in enumerate(comps):
        if c.is_zero():
            continue
        new = (c // g) * g2
        for j, v in enumerate(_coeffs(new, len(list(f)[r::s]))):
            out[r + j * s] = v
    return out


@pytest.mark.parametrize("arch", STRIDED_WITH_BOUNDARY)
@pytest.mark.parametrize("seed", range(3))
def test_strided_boundary_points(arch, seed):
    (f,) = sample(arch, "boundary", seed=seed)
    r = membership(arch, f)
    assert (r.member, r.stratum, r.boundary) == (True, "singular", True)
    out = _polyphase_perturbation(arch, f, EPS)
    assert 0 < _max_diff(out, f) <= 1e-6
    answer = membership(arch, out)
    assert not answer.member and answer.in_zariski_closure
    inside = _nearby_image_point(arch, r.theta, seed)
    assert 0 < _max_diff(inside, f) <= 1e-6
    assert membership(arch, inside).member


def _jacobian_rank(arch: str, theta) -> int:
    return parametrization(arch).jacobian_exact(list(theta)).rank()


@pytest.mark.parametrize("arch", ["fc:3,1,2", "fc:3,2,3", "fc:4,2,2,3", "fc:2,1,1,2"])
@pytest.mark.parametrize("seed", range(3))
def test_fc_singular_samples_drop_jacobian_rank(arch, seed):
    (f,) = sample(arch, "singular", seed=seed)
    r = membership(arch, f)
    assert r.stratum == "singular"
    assert _jacobian_rank(arch, r.theta) < Neuromanifold(arch).dim
    (g,) = sample(arch, "interior", seed=seed)
    assert _jacobian_rank(arch, membership(arch, g).theta) == Neuromanifold(arch).dim


@pytest.mark.parametrize("arch", [*STRIDED_WITH_BOUNDARY, "lcn:k=2,2:s=2,1", "lcn:k=4,3:s=2,1"])
@pytest.mark.parametrize("seed", range(3))
def test_strided_singular_samples(arch, seed):
    (f,) = sample(arch, "singular", seed=seed)
    r = membership(arch, f)
    assert r.stratum == "singular" and r.member
    if any(f):
        # the sampler plants a shared hyperroot: rank drop at the witness, or several orbits
        assert _jacobian_rank(arch, r.theta) <= Neuromanifold(arch).dim
    else:
        assert _jacobian_rank(arch, [0] * parse_architecture(arch).n_params) == 0


@pytest.mark.parametrize("arch", STRIDED_WITH_BOUNDARY)
@pytest.mark.parametrize("seed", range(3))
def test_strided_boundary_samples_drop_jacobian_rank(arch, seed):
    # q = (y - a)·(root-free), p = (x^s - a)·p': every real divisor of G of odd degree k_2 - 1
    # contains y - a, so each preimage shares the hyperroot: dμ drops rank
    (f,) = sample(arch, "boundary", seed=seed)
    r = membership(arch, f)
    assert _jacobian_rank(arch, r.theta) < Neuromanifold(arch).dim


@pytest.mark.parametrize("seed", range(3))
def test_lcn_22_interior_smooth_jacobian(seed):
    (f,) = sample("lcn:k=2,2", "interior", seed=seed)
    assert _jacobian_rank("lcn:k=2,2", membership("lcn:k=2,2", f).theta) == 3


def test_stride_one_boundary_has_rank_drop_but_no_singular_stratum():
    r = membership("lcn:k=2,2", [1, 2, 1])
    assert _jacobian_rank("lcn:k=2,2", r.theta) < 3
    assert r.stratum == "boundary"


def test_stratum_shortcut_and_root_structure():
    assert stratum("lcn:k=2,2", [1, 0, 1]) is None
    assert stratum("fc:3,1,2", [0] * 6) == "singular"
    rs = root_structure([Fraction(1), 0, -3, 0, 2], 4)  # (x^2 - 1)(2x^2 - 1)... no: 1 - 3x^2 + 2x^4
    assert rs.n_real == real_roots_with_multiplicity([1, 0, -3, 0, 2], 4) == 4
    assert root_structure([1, 0, 0], 2).real_multiplicities == (2,)
    with pytest.raises(ValueError):
        root_structure([0, 0], 1)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["lcn:k=2,2", "lcn:k=2,2,3", "lcn:k=2,2,2,2", "lcn:k=4,2", "lcn:k=3,3"]),
    st.data(),
)
def test_classify_filters_agrees_with_membership(arch, data):
    """The fast batch route and the witness-building route decide the same strata."""
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.function_space.strata import classify_filters

    size = parse_architecture(arch).end_to_end_size
    f = data.draw(st.lists(st.integers(-4, 4), min_size=size, max_size=size))
    assert classify_filters(arch, [f]) == [membership(arch, f).stratum]


@pytest.mark.parametrize(
    ("text", "odd"),
    [("lcn:k=2,2", 2), ("lcn:k=3,3", 0), ("lcn:k=2,3", 1), ("lcn:k=2,2,3", 2), ("lcn:k=4,2,2", 3)],
)
def test_filling_iff_the_fewest_real_roots_are_enough(text, odd):
    """Closed form: M = R^k iff the form with the fewest real roots, (x² + 1)^⌊d/2⌋ · x^(d mod 2),
    is a member; that happens iff at most one layer polynomial has odd degree."""
    arch = parse_architecture(text)
    assert isinstance(arch, LinearConvNetwork)
    assert arch.n_odd_degree_layers == odd
    d = arch.end_to_end_size - 1
    fewest = flint.fmpq_poly([1, 0, 1]) ** (d // 2) * flint.fmpq_poly([0, 1]) ** (d % 2)
    coeffs = [int(c) for c in fewest.coeffs()]
    assert membership(arch, coeffs).member == arch.filling == (odd <= 1)
    assert Neuromanifold(arch).filling == arch.filling
