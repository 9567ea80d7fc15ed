"""The parametrization map μ of each architecture family: exact and batched numeric, with Jacobian."""

from __future__ import annotations

from functools import singledispatch

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
    parse_architecture,
)
from neuromanifold.parametrization.base import Parametrization
from neuromanifold.parametrization.convolution import (
    FilterProduct,
    convolution_matrix,
    convolve,
    output_shape,
)
from neuromanifold.parametrization.fc import MatrixProduct

__all__ = [
    "FilterProduct",
    "MatrixProduct",
    "Parametrization",
    "convolution_matrix",
    "convolve",
    "output_shape",
    "parametrization",
]


@singledispatch
def _make(architecture: Architecture) -> Parametrization:
    raise TypeError(f"no parametrization for {type(architecture).__name__}")


@_make.register
def _(architecture: FullyConnected) -> Parametrization:
    return MatrixProduct(architecture)


@_make.register(LinearConvNetwork)
@_make.register(LinearConvNetwork2D)
def _(architecture: LinearConvNetwork | LinearConvNetwork2D) -> Parametrization:
    return FilterProduct(architecture)


def parametrization(architecture: Architecture | str) -> Parametrization:
    """The parametrization map μ of an architecture (or of its text form).

    Example:
        >>> parametrization("fc:3,1,2").architecture.n_params
        5
    """
    return _make(parse_architecture(architecture))
