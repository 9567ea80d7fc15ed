r"""Quadratic losses on function space: the exact form, the batched float form, the pull-back, and
the data they come from.

- :class:`QuadraticLoss` (:mod:`~neuromanifold.losses.quadratic`): one loss
  :math:`\ell(f) = (f - u)^\top G (f - u) + \text{const}` held exactly over ℚ, for the exact verbs
  (critical points).
- :class:`QuadraticLossBatch` (:mod:`~neuromanifold.losses.batch`): many losses
  :math:`f^\top G_b f - 2 b_b^\top f + c_b` in floats, one per training run.
- :class:`PulledBackLoss` (:mod:`~neuromanifold.losses.pullback`): :math:`L = \ell \circ \mu` on
  parameters, with gradient and Hessian.
- :class:`DataModel`, :func:`parse_data`, :func:`draw_losses`, :func:`exact_loss`
  (:mod:`~neuromanifold.losses.data`): the text ``target`` / ``weighted`` / ``regression:N`` /
  ``FILE.npz`` and the one distribution of its random data, drawn as either form.

Example:
    >>> from neuromanifold.losses import exact_loss
    >>> exact_loss("fc:2,1,2", "regression:4", seed=1).source
    'regression, 4 samples'
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from neuromanifold.losses.batch import QuadraticLossBatch
    from neuromanifold.losses.data import DataModel, draw_losses, exact_loss, load_npz, parse_data
    from neuromanifold.losses.pullback import PulledBackLoss
    from neuromanifold.losses.quadratic import QuadraticLoss, design_matrix, regression_data

#: Loaded on first use, so that the command line reads ``distribution.DATA_HELP`` without numpy.
_HOMES = {
    "DataModel": "data",
    "PulledBackLoss": "pullback",
    "QuadraticLoss": "quadratic",
    "QuadraticLossBatch": "batch",
    "design_matrix": "quadratic",
    "draw_losses": "data",
    "exact_loss": "data",
    "load_npz": "data",
    "parse_data": "data",
    "regression_data": "quadratic",
}

__all__ = [
    "DataModel",
    "PulledBackLoss",
    "QuadraticLoss",
    "QuadraticLossBatch",
    "design_matrix",
    "draw_losses",
    "exact_loss",
    "load_npz",
    "parse_data",
    "regression_data",
]


def __getattr__(name: str) -> Any:
    """The names of ``__all__`` on first use, from their modules (`_HOMES`)."""
    if name in _HOMES:
        value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
