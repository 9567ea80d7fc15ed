"""Critical points of the loss: all of them, in function and parameter space, classified.

``critical_points(arch, loss)`` returns a :class:`CriticalPoints` result; the systems live in
:mod:`~neuromanifold.critical_points.equations`, the classification (stratum, pure/spurious,
Hessian index) in :mod:`~neuromanifold.critical_points.classify`. The seed's claims about
critical points (C5, C6, C9, C10, C11) are checked in :mod:`neuromanifold.reproduce`.
"""

import sys
import types
from typing import Any

from neuromanifold.critical_points.equations import CriticalSystem, Locus, critical_system, loci
from neuromanifold.critical_points.result import CriticalPoint, CriticalPoints, LocusCount
from neuromanifold.critical_points.solve import CriticalPointsError, critical_points

__all__ = [
    "CriticalPoint",
    "CriticalPoints",
    "CriticalPointsError",
    "CriticalSystem",
    "Locus",
    "LocusCount",
    "critical_points",
    "critical_system",
    "loci",
]


class _CallableModule(types.ModuleType):
    """``neuromanifold.critical_points`` is this package and the verb `critical_points` at once: calling the
    package calls the verb, so ``nm.critical_points(...)`` works whether or not the subpackage was
    imported first (an import binds the package, not the function, to that name)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return critical_points(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
