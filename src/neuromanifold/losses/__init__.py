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

from typing import TYPE_CHECKING

from neuromanifold.verbs import lazy_exports

if TYPE_CHECKING:
    from neuromanifold.losses.batch import QuadraticLossBatch
    from neuromanifold.losses.data import DataModel, draw_losses, exact_loss, load_npz, parse_data
    from neuromanifold.losses.pullback import PulledBackLoss
    from neuromanifold.losses.quadratic import QuadraticLoss, design_matrix, regression_data

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


#: Loaded on first use, so that the command line reads ``distribution.DATA_HELP`` without numpy.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "DataModel": "neuromanifold.losses.data",
        "PulledBackLoss": "neuromanifold.losses.pullback",
        "QuadraticLoss": "neuromanifold.losses.quadratic",
        "QuadraticLossBatch": "neuromanifold.losses.batch",
        "design_matrix": "neuromanifold.losses.quadratic",
        "draw_losses": "neuromanifold.losses.data",
        "exact_loss": "neuromanifold.losses.data",
        "load_npz": "neuromanifold.losses.data",
        "parse_data": "neuromanifold.losses.data",
        "regression_data": "neuromanifold.losses.quadratic",
    },
)
