"""The parametrization map μ of each architecture family: exact and batched numeric, with Jacobian.

The one home of μ. Each family registers its :class:`Parametrization` subclass with
:func:`register_parametrization` in its own module here (``fc.py``: :class:`MatrixProduct`,
``convolution.py``: :class:`FilterProduct`, ``polynomial.py``, ``attention.py``) and names it in
the table below; the functions below dispatch on the architecture, importing a family's module
with its first architecture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import flint

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.dispatch import declare_family_modules
from neuromanifold.parametrization.base import (
    Parametrization,
    Pullback,
    parametrization_of,
    register_parametrization,
)
from neuromanifold.parametrization.convolution import (
    FilterProduct,
    convolution_matrix,
    convolve,
    output_shape,
)
from neuromanifold.parametrization.fc import MatrixProduct
from neuromanifold.verbs import lazy_exports, make_callable

if TYPE_CHECKING:
    from neuromanifold.parametrization.attention import AttentionMap
    from neuromanifold.parametrization.polynomial import ConvolutionalPowerMap, PolynomialNetworkMap

__all__ = [
    "AttentionMap",
    "ConvolutionalPowerMap",
    "FilterProduct",
    "MatrixProduct",
    "Parametrization",
    "PolynomialNetworkMap",
    "Pullback",
    "convolution_matrix",
    "convolve",
    "coordinate_names",
    "output_shape",
    "parameter_names",
    "parametrization",
    "register_parametrization",
    "symbolic_map",
]


#: Each family's μ, imported with the first architecture of the family (`parametrization_of`).
declare_family_modules(
    __name__,
    {
        "fc": ("fc",),
        "lcn": ("convolution",),
        "lcn2d": ("convolution",),
        "pnn": ("polynomial",),
        "pcnn": ("polynomial",),
        "attn": ("attention",),
    },
)

#: The families' classes that only their own commands need, loaded on first use.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AttentionMap": "neuromanifold.parametrization.attention",
        "ConvolutionalPowerMap": "neuromanifold.parametrization.polynomial",
        "PolynomialNetworkMap": "neuromanifold.parametrization.polynomial",
    },
)


def parametrization(architecture: Architecture | str) -> Parametrization:
    """The parametrization map μ of an architecture (or of its text form).

    Example:
        >>> parametrization("fc:3,1,2").architecture.n_params
        5
    """
    return parametrization_of(parse_architecture(architecture))


def symbolic_map(architecture: Architecture | str) -> tuple[list[flint.fmpq_mpoly], list[str]]:
    """μ as polynomials with rational coefficients in the parameter names.

    See :meth:`Parametrization.symbolic`.

    Example:
        >>> phi, names = symbolic_map("lcn:k=2,2:s=2,1")
        >>> [str(f) for f in phi]
        ['w1_0*w2_0', 'w1_1*w2_0', 'w1_0*w2_1', 'w1_1*w2_1']
    """
    return parametrization(architecture).symbolic()


def parameter_names(architecture: Architecture | str) -> list[list[str]]:
    """Names of the parameters, grouped by layer: ``w1_0, …`` (LCN) or ``w1_00, …`` (FC, 2D).

    Example:
        >>> parameter_names("fc:2,1,1")
        [['w1_00', 'w1_01'], ['w2_00']]
    """
    return parametrization(architecture).parameter_names()


def coordinate_names(architecture: Architecture | str) -> list[str]:
    """Names of the ambient coordinates: ``c0, c1, …`` (LCN), ``w_ij`` (FC), ``c_ij`` (2D).

    Example:
        >>> coordinate_names("fc:2,1,2")
        ['w00', 'w01', 'w10', 'w11']
    """
    return parametrization(architecture).coordinate_names()


make_callable(__name__, parametrization)  # nm.parametrization(...) is the function, not the package
