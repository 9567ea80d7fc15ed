"""The verbs on the families beyond linear (pnn, pcnn, attn): ED degrees, equations, budgets.

Oracles: the Draisma–Horobeț–Ottaviani–Sturmfels–Thomas Chern-class formula against msolve
counts and the homotopy; the Veronese closed form ((2d−1)^{n+1} − (d−1)^{n+1})/d; duality of
generic ED degrees (SPEC §2.3, §6).
"""

from __future__ import annotations

import pytest

from neuromanifold.algebra.segre import segre_generic_ed_degree, segre_veronese_generic_ed_degree
from neuromanifold.architectures import parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.function_space import generic_ed_degree
from neuromanifold.function_space.neurovariety import equations
from neuromanifold.metric.ed_degree import ed_degree


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_veronese_closed_form(n, d):
    """Generic ED degree of v_d(P^n) = ((2d − 1)^{n+1} − (d − 1)^{n+1}) / d (DHOST Prop. 7.10)."""
    closed = ((2 * d - 1) ** (n + 1) - (d - 1) ** (n + 1)) // d
    assert segre_veronese_generic_ed_degree((n,), (d,)) == closed


@pytest.mark.parametrize("r", [1, 2, 3, 4, 5])
def test_pcnn_two_filters_of_two_is_8r_minus_2(r):
    """P¹ × P¹ in O(r, 1): an independent elimination gives 8r − 2 (SPEC §6)."""
    assert segre_veronese_generic_ed_degree((1, 1), (r, 1)) == 8 * r - 2
    assert generic_ed_degree(parse_architecture(f"pcnn:k=2,2:r={r}"))[0] == 8 * r - 2


def test_segre_is_the_veronese_degree_one_case():
    for dims in [(1, 1), (1, 2), (2, 2), (1, 1, 1)]:
        ones = (1,) * len(dims)
        assert segre_generic_ed_degree(dims) == segre_veronese_generic_ed_degree(dims, ones)
    with pytest.raises(ValueError, match="embedding degrees"):
        segre_veronese_generic_ed_degree((1, 1), (1,))


@pytest.mark.parametrize(
    ("text", "oracle"),
    [
        ("pcnn:k=2,2:r=1", 6),
        ("pcnn:k=2,2:r=2", 14),
        ("pcnn:k=2,2:r=3", 22),
        ("pcnn:k=3,2:r=2", None),
    ],
)
def test_pcnn_generic_ed_degree_msolve_equals_the_chern_class_formula(text, oracle):
    arch = parse_architecture(text)
    formula = generic_ed_degree(arch)[0]
    counted = ed_degree(arch, weights="generic", backend="msolve", seed=1)
    assert counted.ed_degree == formula
    if oracle is not None:
        assert formula == oracle


def test_pcnn_generic_ed_degree_homotopy_is_certified_by_the_formula():
    result = ed_degree("pcnn:k=2,2:r=2", weights="generic", backend="homotopy", seed=0)
    assert result.ed_degree == 14 and result.certified


@pytest.mark.slow
def test_pcnn_three_filters_generic_ed_degree():
    arch = parse_architecture("pcnn:k=2,2,2:r=2")
    assert ed_degree(arch, weights="generic", backend="msolve").ed_degree == 404
    assert generic_ed_degree(arch)[0] == 404


def test_pnn_defective_ed_degree_goes_through_its_equations():
    """pnn:3,2,1:r=2 = symmetric 3×3 of rank ≤ 2, dual to the Veronese v_2(P²): generic ED 13."""
    result = ed_degree("pnn:3,2,1:r=2", weights="generic", backend="msolve")
    assert result.route.startswith("implicit")
    assert result.ed_degree == segre_veronese_generic_ed_degree((2,), (2,)) == 13


def test_pnn_one_neuron_is_a_rational_normal_curve():
    """pnn:2,1,1:r=3: c·(ax + by)³, the twisted cubic cone: generic ED degree 3·3 − 2."""
    assert ed_degree("pnn:2,1,1:r=3", weights="generic", backend="msolve").ed_degree == 7


def test_pnn_filling_has_ed_degree_one():
    with pytest.raises(InputError, match="fills its ambient space; its ED degree is 1"):
        ed_degree("pnn:2,2,1:r=2", weights="generic")


def test_equations_of_the_new_families():
    """pcnn:k=2,2:r=2: the cone over P¹ × P¹ in O(2, 1), degree 4 (SMK25), 2×2 minors of a
    3×2 matrix and the Veronese conditions; pnn:3,2,1:r=2: the determinant of the symmetric
    matrix of the quadric (a cubic, dim 5)."""
    V = equations("pcnn:k=2,2:r=2")
    assert (V.dim, V.degree, V.verified) == (3, 4, True)
    W = equations("pnn:3,2,1:r=2")
    assert (W.dim, W.degree, W.verified) == (5, 3, True)
    assert [e.total_degree() for e in W.equations] == [3]
