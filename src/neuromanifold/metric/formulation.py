r"""Formulations chosen by structure: an ED problem restated so that its solutions are few paths.

The general routes of `neuromanifold.metric.ed_degree` see a variety through its equations or its
parametrization; a family whose neurovariety has a known structure can state the same critical
points as a smaller system (SPEC §8: for unit-weight ED on rank-2 4×5 matrices the rank
parametrization tracks 25921 paths, the invariant-subspace formulation 10). A `Formulation` is
such a restatement for one problem, priced before it runs (``path_count``) and saying whether
its count comes out certified, so that a chooser can weigh it against the other routes; each
family registers its own with `structural_formulation` (``None``: nothing better than the general
routes). Whatever the formulation, its result counts the critical points of the problem asked,
and its ``theorem`` names the result linking the two.

Registered: fully connected nets with unit weights (`neuromanifold.metric.low_rank_approximation`,
Eckart–Young through invariant subspaces).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from neuromanifold.algebra.distance import DistanceProblem
from neuromanifold.algebra.ed_degree import EDDegree
from neuromanifold.dispatch import family_dispatch

if TYPE_CHECKING:
    from neuromanifold.algebra.homotopy.tracker import TrackerOptions

__all__ = ["Formulation", "structural_formulation"]


@dataclass(frozen=True)
class Formulation:
    r"""A structural restatement of one ED problem: a candidate route, priced before it runs.

    Attributes:
        name: what is solved instead, e.g. ``"invariant subspaces of UᵀU"``.
        backend: the engine that runs it (``"homotopy"``).
        path_count: the paths it will track (known before tracking; checked against the budget).
        certifies: whether its count comes out proved (a closed form or exact bound closes it).
        real: whether its number of real solutions comes out proved (Krawczyk boxes closed
            under conjugation, the set complete).
        theorem: the result linking its solutions to the critical points asked for, cited.
        solve: runs it: ``solve(options, progress) -> EDDegree``.
    """

    name: str
    backend: str
    path_count: int
    certifies: bool
    real: bool
    theorem: str
    solve: Callable[[TrackerOptions | None, Callable[[str], None] | None], EDDegree] = field(
        repr=False, compare=False
    )

    @property
    def reason(self) -> str:
        """One line for ``route_reason``: what runs, at what cost, and why it answers."""
        proved = "a certified count" if self.certifies else "a numerical count"
        return f"{self.name}, {self.path_count} paths, {proved}: {self.theorem}"

    def run(
        self,
        *,
        options: TrackerOptions | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> EDDegree:
        """Solve: the `EDDegree` of the problem asked (``progress`` hears the path count first)."""
        return self.solve(options, progress)


@family_dispatch("neuromanifold.metric")
def structural_formulation(subject: object, problem: DistanceProblem) -> Formulation | None:
    """The formulation a family's structure offers for ``problem``, or None (the general routes).

    Args:
        subject: the architecture the problem was stated about (dispatch on its type).
        problem: the stated ED problem on its neurovariety (weights, data, seed).

    Example:
        >>> from neuromanifold.algebra.distance import ImplicitVariety
        >>> structural_formulation("x^2 + y^2 - 1", DistanceProblem(ImplicitVariety.of("x^2 + y^2 - 1")))
    """
    return None
