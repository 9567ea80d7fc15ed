"""neuromanifold: the computational geometry of neural networks' function spaces."""

from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
    parse_architecture,
)
from neuromanifold.errors import ArchitectureError, InputError, NeuromanifoldError
from neuromanifold.function_space import Neuromanifold
from neuromanifold.parametrization import Parametrization, parametrization

__version__ = "0.1.0"

__all__ = [
    "Architecture",
    "ArchitectureError",
    "FullyConnected",
    "InputError",
    "LinearConvNetwork",
    "LinearConvNetwork2D",
    "Neuromanifold",
    "NeuromanifoldError",
    "Parametrization",
    "__version__",
    "parametrization",
    "parse_architecture",
]
