"""neuromanifold: the computational geometry of neural networks' function spaces."""

from importlib.metadata import version as _distribution_version

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

#: The installed version; its one source is ``pyproject.toml``.
__version__ = _distribution_version("neuromanifold")

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
