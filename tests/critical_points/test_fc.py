"""FC: Eckart–Young in function space, spurious lower-rank critical points in parameter space."""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest

from neuromanifold.critical_points import critical_points
from neuromanifold.losses import PulledBackLoss, QuadraticLoss


def _whitened(d_out, d_in, seed):
    Y = np.random.default_rng(seed).integers(-9, 10, size=(d_out, d_in))
    return QuadraticLoss.from_data(f"fc:{d_in},1,{d_out}", np.eye(d_in, dtype=int), Y), Y


@pytest.mark.parametrize(("widths", "seed"), [((3, 2, 4), 0), ((4, 1, 3), 1), ((3, 2, 3), 2)])
def test_eckart_young(widths, seed):
    d_in, r, d_out = widths
    loss, Y = _whitened(d_out, d_in, seed)
    arch = f"fc:{d_in},{r},{d_out}"
    cp = critical_points(arch, loss, seed=seed)
    m = min(d_in, d_out)
    counts = {c.locus: c.n_complex for c in cp.function_loci}
    assert counts["smooth locus"] == comb(m, r)
    for e in range(1, r):
        assert counts[f"rank {e}"] == comb(m, e)
    U, s, Vt = np.linalg.svd(Y.astype(float))
    fs = cp.function_space()
    for e in range(1, r + 1):
        locus = "smooth locus" if e == r else f"rank {e}"
        found = [np.array(p.function).reshape(d_out, d_in) for p in fs if p.locus == locus]
        truncations = [
            sum(s[i] * np.outer(U[:, i], Vt[i]) for i in idx)
            for idx in itertools.combinations(range(m), e)
        ]
        assert len(found) == comb(m, e)  # all real
        for T in truncations:
            assert sum(np.allclose(F, T, atol=1e-8) for F in found) == 1
        expected = "interior" if e == r else "singular"
        assert {p.stratum for p in fs if p.locus == locus} == {expected}
    # the global minimum is the best rank-r truncation, unique minimum on M
    best = sum(s[i] * np.outer(U[:, i], Vt[i]) for i in range(r))
    assert np.allclose(np.array(cp.global_minimum.function).reshape(d_out, d_in), best)
    assert len(fs.minima()) == 1
    assert "boundary" not in fs.by_stratum()


def test_spurious_lower_rank_parameters():
    loss, _ = _whitened(3, 3, 4)
    cp = critical_points("fc:3,2,3", loss)
    ps = cp.parameter_space()
    L = PulledBackLoss("fc:3,2,3", loss)
    for p in ps:
        theta = np.array(p.parameters)
        assert np.linalg.norm(L.gradient(theta)) < 1e-8 * (1 + np.linalg.norm(theta)) ** 3
    assert len(ps.pure()) == 3 and all(p.jacobian_rank == 8 for p in ps.pure())
    spur = ps.spurious().nonzero()
    assert len(spur) == 3 and all(p.jacobian_rank < 8 and p.stratum == "singular" for p in spur)
    assert len(ps.minima()) == 1 and ps.minima().points[0].pure


def test_positive_dimensional_is_reported_not_counted():
    cp = critical_points("fc:1,2,1", QuadraticLoss.from_target([[3]]))
    assert cp.positive_dimensional and cp.parameter_count.dimension > 0
    assert cp.parameter_count.n_complex is None
    assert cp.to_dict()["parameter_space"]["positive_dimensional"] is True


def test_generic_weights_count_more_than_eckart_young():
    loss = QuadraticLoss.from_target(np.arange(1, 7).reshape(2, 3) ** 2, "generic", seed=0)
    cp = critical_points("fc:3,1,2", loss, real=False)
    assert cp.function_loci[0].n_complex == 10  # SPEC §6: weighted 2×3 rank ≤ 1
