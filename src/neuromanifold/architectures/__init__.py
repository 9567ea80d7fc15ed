"""Network architectures: what a network is, independent of the functions it computes.

**The family protocol.** A family of networks (``fc``, ``lcn``, ``lcn2d``, ``pnn``, ``pcnn``,
``attn``) plugs in by adding one module per layer of the package and naming it in that layer's
family table (:func:`~neuromanifold.dispatch.declare_family_modules`, in each package's
``__init__``), whose modules are imported with the family's first architecture; no verb is
edited. Per-family behaviour is registered on the architecture class
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

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from neuromanifold.architectures.base import Architecture
from neuromanifold.architectures.fc import FullyConnected
from neuromanifold.architectures.lcn import LinearConvNetwork
from neuromanifold.architectures.lcn2d import LinearConvNetwork2D
from neuromanifold.architectures.text import EXAMPLES, parse_architecture
from neuromanifold.dispatch import declare_family_modules
from neuromanifold.verbs import lazy_exports

if TYPE_CHECKING:
    from neuromanifold.architectures.attention import LightningAttention
    from neuromanifold.architectures.polynomial import PolynomialConvNetwork, PolynomialNetwork

#: Each family's module, by the name this package gives it (``pnn`` and ``pcnn`` share
#: ``polynomial``); a package above that keeps one module per family under the same names
#: declares this table too (`function_space.membership`).
FAMILY_MODULES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "fc": ("fc",),
        "lcn": ("lcn",),
        "lcn2d": ("lcn2d",),
        "pnn": ("polynomial",),
        "pcnn": ("polynomial",),
        "attn": ("attention",),
    }
)
#: Where each family's text reader is registered (fc and the convolutions are imported above;
#: the others load when their first text is read or their class is first named).
declare_family_modules(__name__, FAMILY_MODULES)

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "LightningAttention": "neuromanifold.architectures.attention",
        "PolynomialConvNetwork": "neuromanifold.architectures.polynomial",
        "PolynomialNetwork": "neuromanifold.architectures.polynomial",
    },
)

__all__ = [
    "EXAMPLES",
    "FAMILY_MODULES",
    "Architecture",
    "FullyConnected",
    "LightningAttention",
    "LinearConvNetwork",
    "LinearConvNetwork2D",
    "PolynomialConvNetwork",
    "PolynomialNetwork",
    "parse_architecture",
]
