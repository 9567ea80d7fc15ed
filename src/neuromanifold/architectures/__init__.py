"""Network architectures: what a network is, independent of the functions it computes.

**The family protocol.** A family of networks (``fc``, ``lcn``, ``lcn2d``; next ``pnn``, ``pcnn``,
``attn``) plugs in by adding one module per layer of the package and naming it in that layer's family
table (:func:`~neuromanifold.dispatch.declare_family_modules`, imported with the family's first
architecture); no verb is edited. Per-family behaviour is registered on the architecture class
(:func:`~neuromanifold.dispatch.family_dispatch`) or given by methods of the family's classes:

``architectures/<family>.py``
    A frozen, validated :class:`Architecture` subclass: ``family``, ``text``, ``layer_shapes``,
    ``ambient_shape`` (the ambient coordinates), optionally ``minimal()``; and its text reader,
    registered with :func:`~neuromanifold.architectures.text.register_text` (name + example), which
    :func:`parse_architecture` dispatches to.
``parametrization/<family>.py``
    A :class:`~neuromanifold.parametrization.Parametrization` subclass registered with
    :func:`~neuromanifold.parametrization.register_parametrization`: μ and its Jacobian once
    over a ring (floats batched, residues mod p, exact ℚ, polynomials → ``__call__``,
    ``forward_mod_p``, ``exact``, ``symbolic``, ``evaluate``), optionally structured batched
    ``jvp``/``vjp`` (training calls ``vjp``), ``symmetries`` (the group on the fibers),
    ``gauge_charts(seed)`` (affine charts fixing it, from :mod:`neuromanifold.algebra`'s
    ``scaling_charts``/``general_linear_chart``), ``parameter_names``, ``coordinate_names``.
``function_space/<family>.py``
    The theorems deciding its facts (``@facts.register``) and, where known, a sampler of its
    strata (``@sampling.draw.register``). Dimension needs nothing: it is the generic rank of
    the Jacobian, computed.

``tests/test_family_contract.py`` checks every registered family against this contract.
"""

from neuromanifold.architectures.attention import LightningAttention
from neuromanifold.architectures.base import Architecture
from neuromanifold.architectures.fc import FullyConnected
from neuromanifold.architectures.lcn import LinearConvNetwork
from neuromanifold.architectures.lcn2d import LinearConvNetwork2D
from neuromanifold.architectures.polynomial import PolynomialConvNetwork, PolynomialNetwork
from neuromanifold.architectures.text import EXAMPLES, parse_architecture

__all__ = [
    "EXAMPLES",
    "Architecture",
    "FullyConnected",
    "LightningAttention",
    "LinearConvNetwork",
    "LinearConvNetwork2D",
    "PolynomialConvNetwork",
    "PolynomialNetwork",
    "parse_architecture",
]
