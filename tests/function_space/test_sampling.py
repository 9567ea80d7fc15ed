"""Sampling: seeded, reproducible, each sample in the stratum it claims; missing strata refused."""

from __future__ import annotations

import pytest

from neuromanifold.errors import InputError
from neuromanifold.function_space.membership import NotSupportedError, membership
from neuromanifold.function_space.sampling import sample

CASES = [
    ("fc:3,1,2", "interior"),
    ("fc:3,1,2", "singular"),
    ("fc:4,2,3", "singular"),
    ("lcn:k=2,2", "interior"),
    ("lcn:k=2,2", "boundary"),
    ("lcn:k=2,3,2,2", "boundary"),
    ("lcn:k=3,2:s=2,1", "interior"),
    ("lcn:k=3,2:s=2,1", "singular"),
    ("lcn:k=3,2:s=2,1", "boundary"),
    ("lcn:k=2,2:s=2,1", "singular"),
    ("lcn:k=2,2,2:s=2,2,1", "singular"),
]


@pytest.mark.parametrize(("arch", "stratum"), CASES)
def test_samples_are_in_their_stratum_and_reproducible(arch, stratum):
    points = sample(arch, stratum, n=4, seed=7)
    assert points == sample(arch, stratum, n=4, seed=7)
    assert len(points) == 4
    for f in points:
        r = membership(arch, f)
        assert r.member
        assert r.stratum == stratum or (stratum == "boundary" and r.boundary)


@pytest.mark.parametrize(
    ("arch", "stratum"),
    [
        ("fc:3,1,2", "boundary"),
        ("fc:2,3,2", "singular"),
        ("lcn:k=3,3", "boundary"),
        ("lcn:k=2,2", "singular"),
        ("lcn:k=2,2:s=2,1", "boundary"),
        ("lcn:k=4,3:s=2,1", "boundary"),
        ("lcn:k=2,2", "cusp"),
    ],
)
def test_missing_strata_are_refused(arch, stratum):
    with pytest.raises(InputError, match="stratum"):
        sample(arch, stratum)


def test_unsupported_families():
    with pytest.raises(NotSupportedError):
        sample("lcn2d:k=2x2,2x2", "interior")
