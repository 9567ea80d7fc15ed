"""Network architectures: what a network is, independent of the functions it computes."""

from neuromanifold.architectures.base import Architecture
from neuromanifold.architectures.fc import FullyConnected
from neuromanifold.architectures.lcn import LinearConvNetwork
from neuromanifold.architectures.lcn2d import LinearConvNetwork2D
from neuromanifold.architectures.text import EXAMPLES, parse_architecture

__all__ = [
    "EXAMPLES",
    "Architecture",
    "FullyConnected",
    "LinearConvNetwork",
    "LinearConvNetwork2D",
    "parse_architecture",
]
