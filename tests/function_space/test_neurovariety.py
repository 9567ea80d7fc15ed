"""Neurovariety: equations, degree and ED degree, against SPEC §6 and two independent routes."""

from __future__ import annotations

import flint
import numpy as np
import pytest

from neuromanifold.algebra.segre import segre_generic_ed_degree
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.neurovariety import (
    Neurovariety,
    fiber_count_theorem,
    generic_fiber_count,
    neurovariety_equations,
)
from neuromanifold.metric import ed_degree
from neuromanifold.parametrization import parametrization, symbolic_map


def neurovariety_ed_degree(text, weights, *, seed=0, backend="msolve"):
    """The verb on an architecture (its neurovariety)."""
    return ed_degree(text, weights=weights, seed=seed, backend=backend)


def test_spec_equations():
    eqs, _names, ok = neurovariety_equations("lcn:k=2,2:s=2,1")
    ctx = eqs[0].context()
    c0, c1, c2, c3 = ctx.gens()
    assert ok and len(eqs) == 1 and eqs[0] in (c0 * c3 - c1 * c2, c1 * c2 - c0 * c3)
    eqs, _names, ok = neurovariety_equations("lcn:k=3,2:s=2,1")
    c0, c1, c2, c3, c4 = eqs[0].context().gens()
    cubic = c1 * c2 * c3 - c0 * c3**2 - c1**2 * c4
    assert ok and len(eqs) == 1 and eqs[0] in (cubic, -cubic)


def test_spec_example_neurovariety():
    """(a0 + a1 x + a2 x²)(b0 + b1 x² + b2 x⁴): dimension 5 in R⁷, degree 6, four cubics."""
    V = Neurovariety.of("lcn:k=3,3:s=2,1")
    assert V.dim == 5 == Neuromanifold("lcn:k=3,3:s=2,1").dim
    assert V.degree == 6
    assert sorted(e.total_degree() for e in V.equations) == [3, 3, 3, 3]
    assert V.verified


@pytest.mark.parametrize("text", ["lcn:k=3,3:s=2,1", "fc:3,1,2", "lcn:k=2,2,2:s=2,2,1"])
def test_equations_vanish_on_random_rational_points(text):
    V = Neurovariety.of(text)
    mu = parametrization(text)
    rng = np.random.default_rng(3)
    for _ in range(3):
        f = mu.exact([int(v) for v in rng.integers(-9, 10, size=mu.architecture.n_params)])
        values = [flint.fmpq(x) for x in f.reshape(-1)]
        for e in V.equations:
            assert e(*values) == 0


def test_equations_cut_out_the_dimension():
    """The Jacobian of the equations has rank = codimension at a random point of the image."""
    V = Neurovariety.of("lcn:k=3,3:s=2,1")
    mu = parametrization("lcn:k=3,3:s=2,1")
    f = mu.exact([2, -1, 3, 5, 1, -2]).reshape(-1)
    jac = flint.fmpq_mat(
        [[e.derivative(i)(*f) for i in range(len(V.coordinates))] for e in V.equations]
    )
    assert jac.rank() == len(V.coordinates) - V.dim


@pytest.mark.parametrize(
    ("text", "dims"),
    [
        ("lcn:k=2,2:s=2,1", (1, 1)),
        ("lcn:k=2,3:s=2,1", (1, 2)),
        ("lcn:k=3,3:s=2,1", (2, 2)),
        ("lcn:k=2,2,2:s=2,2,1", (1, 1, 1)),
    ],
)
def test_strided_count_is_segre_generic_ed_degree(text, dims):
    """Shahverdi 2024: the count equals the generic ED degree of the Segre (Chern-class formula)."""
    result = neurovariety_ed_degree(text, "generic", seed=1)
    assert result.certified
    assert result.ed_degree == segre_generic_ed_degree(dims)


def test_two_routes_agree_on_neurovariety():
    """Parametric (through μ) and implicit (Lagrange on the eliminated equations) ED degrees."""
    for text in ["lcn:k=2,2:s=2,1", "lcn:k=3,2:s=2,1"]:
        V = Neurovariety.of(text)
        implicit = ed_degree(
            "; ".join(str(e) for e in V.equations), list(V.coordinates), weights="generic", seed=2
        )
        parametric = neurovariety_ed_degree(text, "generic", seed=2)
        assert implicit.ed_degree == parametric.ed_degree


@pytest.mark.parametrize(
    ("text", "count"), [("lcn:k=2,2", 2), ("lcn:k=3,3", 6), ("lcn:k=3,3:s=2,1", 1), ("fc:3,1,3", 1)]
)
def test_generic_fiber_count(text, count):
    """Stride one: the roots of π can be distributed over the layers in C(d, d_1) ways."""
    assert generic_fiber_count(text) == count


@pytest.mark.parametrize(
    "text",
    ["fc:3,1,3", "fc:4,2,5", "fc:4,3,2,5", "lcn:k=2,2:s=2,1", "lcn:k=2,2,2:s=2,2,1"],
)
def test_fiber_count_theorem_agrees_with_msolve(text):
    """The theorem's count (rank factorization, Segre embedding) = msolve's count mod primes,
    at two gauge seeds."""
    count, theorem = fiber_count_theorem(parse_architecture(text))
    assert theorem
    assert [generic_fiber_count(text, seed=s) for s in (0, 3)] == [count, count] == [1, 1]


@pytest.mark.parametrize("text", ["lcn:k=2,2", "lcn:k=3,3:s=2,1", "lcn:k=3,3"])
def test_fiber_count_theorem_declines_outside_its_hypotheses(text):
    """Stride one (2 or 6 preimages) and a non-Segre strided LCN: no theorem, msolve counts."""
    assert fiber_count_theorem(parse_architecture(text)) is None


def test_fc_unit_weights_eckart_young():
    from math import comb

    for text, (m, n, r) in [("fc:3,1,3", (3, 3, 1)), ("fc:4,2,3", (3, 4, 2))]:
        assert neurovariety_ed_degree(text, "unit").ed_degree == comb(min(m, n), r)


def test_symbolic_map_matches_exact_evaluation():
    phi, _names = symbolic_map(parametrization("lcn2d:k=2x2,2x1:s=1x1,1x1").architecture)
    theta = [3, -1, 2, 5, 7, -2]
    values = parametrization("lcn2d:k=2x2,2x1").exact(theta).reshape(-1)
    assert [f(*[flint.fmpq(t) for t in theta]) for f in phi] == list(values)


def test_segre_in_coordinates_is_recognised_and_certifies_the_homotopy_count():
    """Strides equal to the filter sizes below: μ is the Segre map; the Chern count closes it."""
    from neuromanifold.algebra.segre import segre_generic_ed_degree
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.function_space.neurovariety import (
        segre_in_coordinates,
    )
    from neuromanifold.parametrization import parameter_names, symbolic_map

    arch = parse_architecture("lcn:k=2,3:s=3,1")
    phi, names = symbolic_map(arch)
    assert segre_in_coordinates(phi, names, parameter_names(arch)) == (1, 2)
    r = neurovariety_ed_degree("lcn:k=2,3:s=3,1", "generic", backend="homotopy")
    assert r.ed_degree == segre_generic_ed_degree((1, 2)) == 10 and r.certified
    # not the Segre in coordinates: the homotopy count stays evidence, not certified
    r2 = neurovariety_ed_degree("lcn:k=2,2:s=1,1", "generic", backend="homotopy")
    arch2 = parse_architecture("lcn:k=2,2:s=1,1")
    phi2, names2 = symbolic_map(arch2)
    assert segre_in_coordinates(phi2, names2, parameter_names(arch2)) is None
    assert not r2.certified
