"""LCNs: multiple-root loci and spurious minima (stride one); Segre counts (strides)."""

from __future__ import annotations

import numpy as np
import pytest

from neuromanifold.critical_points import critical_points
from neuromanifold.critical_points.equations import partitions
from neuromanifold.losses import PulledBackLoss, QuadraticLoss
from neuromanifold.reproduce.critical_points import (
    OUTSIDE_TARGET,
    SPURIOUS_MINIMUM_TARGET,
    segre_counts,
)

#: SPEC §6: unit-metric ED degrees of the multiple-root loci Δ_λ.
DELTA_ED = {"Δ(2)": 4, "Δ(3)": 7, "Δ(2,1)": 7, "Δ(4)": 10, "Δ(3,1)": 12, "Δ(2,2)": 13}


@pytest.mark.parametrize(("arch", "seed"), [("lcn:k=2,2", 0), ("lcn:k=2,3", 1), ("lcn:k=3,3", 2)])
def test_multiple_root_loci_unit_ed_degrees(arch, seed):
    k = sum(int(v) for v in arch[6:].split(",")) - 1
    u = np.random.default_rng(seed).integers(-999, 1000, size=k)
    cp = critical_points(arch, QuadraticLoss.from_target(u), real=False)
    for c in cp.function_loci:
        if c.locus in DELTA_ED:
            assert c.n_complex == DELTA_ED[c.locus], c.locus


def test_partitions():
    assert len(partitions(5)) == 7


def test_boundary_minimum_reached_by_repeated_filters():
    cp = critical_points("lcn:k=2,2", QuadraticLoss.from_target(OUTSIDE_TARGET))
    gm = cp.global_minimum
    assert gm.stratum == "boundary" and gm.loss == pytest.approx(1.0)
    fs = cp.function_space()
    assert fs.on_stratum(None).points[0].locus == "ambient"  # the target is outside M
    assert "singular" not in fs.by_stratum()
    minima = cp.parameter_space().minima()
    assert len(minima) >= 1
    for p in minima:
        w1, w2 = np.array(p.parameters[:2]), np.array(p.parameters[2:])
        assert abs(w1[0] * w2[1] - w1[1] * w2[0]) < 1e-8 * (w1 @ w1 + w2 @ w2)  # p ∝ q
        assert p.spurious and p.loss == pytest.approx(gm.loss)


def test_spurious_local_minimum_filling():
    cp = critical_points("lcn:k=3,2", QuadraticLoss.from_target(SPURIOUS_MINIMUM_TARGET))
    ps = cp.parameter_space()
    assert cp.global_minimum.loss == pytest.approx(0.0)  # filling: the target is in M
    assert len(ps.pure()) == 1 and ps.pure().points[0].kind == "minimum"
    spur = ps.spurious().minima()
    assert len(spur) >= 1
    for p in spur:
        w1, w2 = np.array(p.parameters[:3]), np.array(p.parameters[3:])
        root = -w2[0] / w2[1]
        assert abs(np.polyval(w1[::-1], root)) < 1e-6 * np.linalg.norm(w1)  # shared root
        assert p.jacobian_rank < 4 and p.loss > 0


def test_every_point_has_vanishing_gradient_and_certified_boxes():
    loss = QuadraticLoss.from_target(SPURIOUS_MINIMUM_TARGET, "generic", seed=2)
    cp = critical_points("lcn:k=3,2", loss)
    L = PulledBackLoss("lcn:k=3,2", loss)
    for p in cp:
        assert p.certified
        if p.space == "parameter":
            assert np.linalg.norm(L.gradient(np.array(p.parameters))) < 1e-8
    # rational points exactly: θ = 0 and the center u (pure global minimum's image)
    zero = [0] * 5
    assert all(g == 0 for g in L.gradient_exact(zero))
    assert loss.gradient(np.array([float(v) for v in loss.center])) == pytest.approx(0)
    assert L.value_exact(zero) == loss.value_exact([0] * 4) == 8 * 16 + 3 * 4 + 3 * 9  # Σ λ_i u_i²


@pytest.mark.parametrize(
    ("arch", "seed"),
    [
        ("lcn:k=2,2:s=2,1", 0),
        ("lcn:k=3,2:s=2,1", 1),
        ("lcn:k=2,3:s=2,1", 2),
        ("lcn:k=3,3:s=2,1", 3),
    ],
)
def test_strided_count_is_segre_two_routes(arch, seed):
    route1, route2, segre = segre_counts(arch, seed)
    assert route1 == route2 == segre


@pytest.mark.slow
def test_strided_count_three_layers():
    assert len(set(segre_counts("lcn:k=2,2,2:s=2,2,1", 5))) == 1


@pytest.mark.parametrize("arch", ["lcn:k=2,2:s=2,1", "lcn:k=3,2:s=2,1", "lcn:k=3,3:s=2,1"])
@pytest.mark.parametrize("seed", [0, 1])
def test_strided_no_nonzero_spurious_and_interior(arch, seed):
    cp = critical_points(arch, seed=seed)
    nz = cp.nonzero()
    assert len(cp.parameter_space().spurious().nonzero()) == 0
    assert {p.stratum for p in nz} == {"interior"}
    assert len(nz.function_space()) == len(nz.parameter_space())
    assert cp.parameter_count.n_complex >= cp.function_loci[0].n_complex  # + points mapping to 0
    gm = cp.global_minimum
    assert gm.stratum == "interior" and gm.loss <= min(p.loss for p in cp) + 1e-9


def test_hyperroots_make_a_positive_dimensional_critical_set():
    """k_1 > s_1: p and q(x²) can share x² − a; reported as positive-dimensional, not counted."""
    cp = critical_points("lcn:k=4,2:s=2,1", seed=1)
    assert cp.positive_dimensional and cp.parameter_count.dimension >= 1
    assert cp.function_loci[0].n_complex == 14  # Segre P³ × P¹ (function space still finite)


def test_top_locus_timeout_leaves_purity_undecided(monkeypatch):
    """When the top locus' real isolation is cut short, an unmatched interior point of L is
    undecided (None), never called spurious (the census would count false spurious points)."""
    from neuromanifold.critical_points import solve

    real = solve._real_points
    calls = []

    def first_times_out(cs, timeout, clock):
        calls.append(1)
        if len(calls) == 1:  # the top locus comes first
            return [], "real isolation over Q exceeded 1 s (raise real_timeout)"
        return real(cs, timeout, clock)

    monkeypatch.setattr(solve, "_real_points", first_times_out)
    cp = critical_points("lcn:k=2,2:s=2,1", seed=0, backend="msolve")
    assert cp.function_loci[0].role == "top" and cp.function_loci[0].n_real is None
    interior = [p for p in cp.parameter_space().nonzero() if p.stratum == "interior"]
    assert interior and all(p.pure is None for p in interior)
    assert len(cp.parameter_space().spurious().nonzero()) == 0
    complete = critical_points("lcn:k=2,2:s=2,1", seed=0, backend="msolve")
    assert all(p.pure is True for p in complete.parameter_space().nonzero())
