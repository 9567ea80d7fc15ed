"""The one distribution of random data, in numbers: the grid, the weights' interval, the budgets.

Constants only (no numpy), so the command line can state the distribution in its ``--data`` help
(``DATA_HELP``) without loading the loss machinery; the draws themselves are in
:mod:`neuromanifold.losses.data`, which documents the model in full.

Example:
    >>> GRID, WEIGHT_INTERVAL
    (64, (0.5, 2.0))
"""

from __future__ import annotations

__all__ = ["DATA_HELP", "GRID", "MAX_DRAW", "MAX_SAMPLES", "WEIGHT_INTERVAL"]

GRID = 64
"""Random entries are multiples of ``1 / GRID`` (exact in floats and small over ℚ)."""
WEIGHT_INTERVAL = (0.5, 2.0)
"""Random weights are uniform on this interval, rounded to the grid."""
MAX_SAMPLES = 100_000
"""The largest N of ``regression:N`` (and the most samples an .npz file may hold)."""
MAX_DRAW = 50_000_000
"""The most random numbers one draw of ``runs`` losses may take (about 400 MB of floats)."""

DATA_HELP = (
    "target: ‖f − u‖², u standard normal; weighted: Σ λ_i (f_i − u_i)², λ uniform on [1/2, 2]; "
    f"regression:N: ‖net(X) − Y‖², N samples, X and Y standard normal; every random number is "
    f"rounded to a multiple of 1/{GRID} and drawn from --seed; FILE.npz: fixed arrays X and Y, "
    "or u (and weights)."
)
"""The ``--data`` help of the commands: the distribution in one line."""
