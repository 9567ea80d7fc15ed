"""Critical points of the loss: all of them, in function and parameter space, classified.

``critical_points(arch, loss)`` returns a :class:`CriticalPoints` result; the systems live in
:mod:`~neuromanifold.critical_points.equations`, the classification (stratum, pure/spurious,
Hessian index) in :mod:`~neuromanifold.critical_points.classify`. The seed's claims about
critical points (C5, C6, C9, C10, C11) are checked in :mod:`neuromanifold.reproduce`.
"""

from neuromanifold.critical_points.equations import CriticalSystem, Locus, critical_system, loci
from neuromanifold.critical_points.result import CriticalPoint, CriticalPoints, LocusCount
from neuromanifold.critical_points.solve import CriticalPointsError, critical_points
from neuromanifold.verbs import make_callable

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


make_callable(__name__, critical_points)  # nm.critical_points(...) calls the verb, not the package
