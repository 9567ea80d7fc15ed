"""neuromanifold: the computational geometry of neural networks' function spaces.

One import gives the verbs a notebook needs::

    >>> import neuromanifold as nm
    >>> nm.describe("fc:3,1,2").dim
    4
    >>> nm.contains("lcn:k=2,2", [1, 2, 1]).member       # (x + 1)²: a boundary point
    True
    >>> nm.ed_degree("y^2 - x^3").ed_degree               # the cusp
    4

Verbs: `describe` (dimension, filling, facts), `contains`, `equations`, `ed_degree`,
`filling_search` (minimal filling polynomial networks),
`critical_points`, `voronoi`, `train`, `sweep`, `reproduce`; the objects they build on:
`parse_architecture`, `parametrization`, `Neuromanifold`. The package's layers are described in
``docs/architecture.md``.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from neuromanifold.architectures import (
        Architecture,
        FullyConnected,
        LinearConvNetwork,
        LinearConvNetwork2D,
        parse_architecture,
    )
    from neuromanifold.critical_points import critical_points
    from neuromanifold.errors import ArchitectureError, InputError, NeuromanifoldError
    from neuromanifold.experiments import run_sweep as sweep
    from neuromanifold.experiments.filling import filling_search
    from neuromanifold.function_space import Neuromanifold
    from neuromanifold.function_space.membership import contains
    from neuromanifold.function_space.neuromanifold import describe
    from neuromanifold.function_space.neurovariety import equations
    from neuromanifold.metric import ed_degree
    from neuromanifold.metric import voronoi_cell as voronoi
    from neuromanifold.parametrization import Parametrization, parametrization
    from neuromanifold.reproduce import reproduce
    from neuromanifold.training import train

#: The public names, loaded on first use (``import neuromanifold`` and every command — each a
#: submodule import, which runs this file first — stay quick to start): name → (module,
#: attribute). ``critical_points`` and ``reproduce`` are also subpackages, whose modules are
#: callable as the verb (see their ``__init__``).
_LAZY = {
    "Architecture": ("neuromanifold.architectures", "Architecture"),
    "ArchitectureError": ("neuromanifold.errors", "ArchitectureError"),
    "FullyConnected": ("neuromanifold.architectures", "FullyConnected"),
    "InputError": ("neuromanifold.errors", "InputError"),
    "LinearConvNetwork": ("neuromanifold.architectures", "LinearConvNetwork"),
    "LinearConvNetwork2D": ("neuromanifold.architectures", "LinearConvNetwork2D"),
    "Neuromanifold": ("neuromanifold.function_space", "Neuromanifold"),
    "NeuromanifoldError": ("neuromanifold.errors", "NeuromanifoldError"),
    "Parametrization": ("neuromanifold.parametrization", "Parametrization"),
    "contains": ("neuromanifold.function_space.membership", "contains"),
    "critical_points": ("neuromanifold.critical_points", "critical_points"),
    "describe": ("neuromanifold.function_space.neuromanifold", "describe"),
    "ed_degree": ("neuromanifold.metric", "ed_degree"),
    "equations": ("neuromanifold.function_space.neurovariety", "equations"),
    "filling_search": ("neuromanifold.experiments.filling", "filling_search"),
    "parametrization": ("neuromanifold.parametrization", "parametrization"),
    "parse_architecture": ("neuromanifold.architectures", "parse_architecture"),
    "reproduce": ("neuromanifold.reproduce", "reproduce"),
    "sweep": ("neuromanifold.experiments", "run_sweep"),
    "train": ("neuromanifold.training", "train"),
    "voronoi": ("neuromanifold.metric", "voronoi_cell"),
}

#: The installed version (read lazily: importlib.metadata costs ~0.3 s at start-up).
__version__: str

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
    "contains",
    "critical_points",
    "describe",
    "ed_degree",
    "equations",
    "filling_search",
    "parametrization",
    "parse_architecture",
    "reproduce",
    "sweep",
    "train",
    "voronoi",
]


def __getattr__(name: str) -> Any:
    """The verbs of `_LAZY` on first use, and ``__version__`` (from the installed distribution)."""
    if name == "__version__":
        from importlib.metadata import version

        return version("neuromanifold")
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        if name not in ("critical_points", "reproduce", "parametrization"):  # also subpackages
            globals()[name] = value
        return value
    raise AttributeError(f"module 'neuromanifold' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
