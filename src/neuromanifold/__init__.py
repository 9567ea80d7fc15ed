"""neuromanifold: the computational geometry of neural networks' function spaces."""

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
    parse_architecture,
)
from neuromanifold.errors import ArchitectureError, InputError, NeuromanifoldError

__version__ = "0.1.0"

__all__ = [
    "Architecture",
    "ArchitectureError",
    "FullyConnected",
    "InputError",
    "LinearConvNetwork",
    "LinearConvNetwork2D",
    "NeuromanifoldError",
    "__version__",
    "parse_architecture",
]
