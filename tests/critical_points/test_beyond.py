"""Critical points on pcnn, pnn and attn, against closed forms (SPEC §2.3, §6).

pcnn: the critical points of a generic weighted squared error on the smooth locus are as many
as the generic ED degree of the Segre–Veronese variety (Chern classes); pnn:2,1,1:r=3 is the
cone over the twisted cubic (3d − 2 = 7); attn:d=1,a=1,l=1 is a line (1).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from neuromanifold.architectures import parse_architecture
from neuromanifold.cli import main
from neuromanifold.critical_points import critical_points
from neuromanifold.function_space import generic_ed_degree
from neuromanifold.function_space.membership import NotSupportedError
from neuromanifold.losses import exact_loss


def _count(cp, locus):
    return next(c.n_complex for c in cp.function_loci if c.locus == locus)


def test_pcnn_critical_points_are_the_segre_veronese_ed_degree():
    cp = critical_points("pcnn:k=2,2:r=2", seed=0)
    assert (
        _count(cp, "smooth locus")
        == 14
        == generic_ed_degree(parse_architecture("pcnn:k=2,2:r=2"))[0]
    )
    assert cp.parameter_count.n_complex == 14  # μ is birational: no spurious points off f = 0
    real = cp.function_space().nonzero()
    assert all(p.stratum == "interior" for p in real)
    assert not cp.parameter_space().spurious().nonzero().points
    assert cp.global_minimum is not None and cp.global_minimum.stratum == "interior"


def test_pcnn_parameter_space_adds_the_spurious_points_at_zero():
    """(3,2), r = 2: 79 on the smooth locus; in the chart ℓ(w0) = 1 with w1 = 0 the gradient in
    w1 vanishes on two conics in w0, 2·2 = 4 more points (all with f = 0)."""
    cp = critical_points("pcnn:k=3,2:r=2", seed=0, real=False)
    assert (
        _count(cp, "smooth locus")
        == 79
        == generic_ed_degree(parse_architecture("pcnn:k=3,2:r=2"))[0]
    )
    assert cp.parameter_count.n_complex == 79 + 4


def test_pnn_twisted_cubic_and_filling():
    cp = critical_points("pnn:2,1,1:r=3", seed=0, real=False)
    assert _count(cp, "smooth locus") == 7
    cp = critical_points("pnn:2,2,1:r=2", seed=0)
    assert [c.locus for c in cp.function_loci] == ["ambient"]
    assert cp.global_minimum.loss == pytest.approx(0.0, abs=1e-12)  # every binary quadric is in M


def test_attention_line_has_one_critical_point():
    cp = critical_points("attn:d=1,a=1,l=1:t=2", seed=0)
    assert _count(cp, "smooth locus") == 1


def test_defective_pnn_is_refused_with_the_reason():
    with pytest.raises(NotSupportedError, match="defective"):
        critical_points("pnn:3,2,1:r=2", seed=0)


def test_critical_points_cli_on_pcnn():
    res = CliRunner().invoke(main, ["critical-points", "pcnn:k=2,2:r=1", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["architecture"] == "pcnn:k=2,2:r=1"
    # r = 1: rank-one 2×2 matrices with unit weights (the CLI's default target): Eckart–Young, 2
    cp = critical_points("pcnn:k=2,2:r=1", exact_loss("pcnn:k=2,2:r=1", "target"), seed=0)
    assert _count(cp, "smooth locus") == 2
