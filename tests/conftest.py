"""Shared strategies: random architectures of every family, small enough for exact checks."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

from neuromanifold.architectures import FullyConnected, LinearConvNetwork, LinearConvNetwork2D


@st.composite
def fc_architectures(draw: st.DrawFn, max_layers: int = 4, max_width: int = 5) -> FullyConnected:
    n = draw(st.integers(2, max_layers + 1))
    return FullyConnected(tuple(draw(st.integers(1, max_width)) for _ in range(n)))


@st.composite
def lcn_architectures(draw: st.DrawFn, max_layers: int = 4, max_k: int = 4) -> LinearConvNetwork:
    n = draw(st.integers(1, max_layers))
    ks = tuple(draw(st.integers(1, max_k)) for _ in range(n))
    ss = tuple(draw(st.integers(1, 3)) for _ in range(n))
    return LinearConvNetwork(ks, ss)


@st.composite
def lcn2d_architectures(draw: st.DrawFn, max_layers: int = 3) -> LinearConvNetwork2D:
    n = draw(st.integers(1, max_layers))
    ks = tuple((draw(st.integers(1, 3)), draw(st.integers(1, 3))) for _ in range(n))
    ss = tuple((draw(st.integers(1, 2)), draw(st.integers(1, 2))) for _ in range(n))
    return LinearConvNetwork2D(ks, ss)


any_architecture = st.one_of(fc_architectures(), lcn_architectures(), lcn2d_architectures())

# Reproducible property tests: the same examples on every run and machine (CI included).
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")
