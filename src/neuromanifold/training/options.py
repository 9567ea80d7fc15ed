"""The optimizer and its stopping rules: the options every training engine applies.

Reference: Kingma–Ba 2015 (Adam); SPEC §5.5.
"""

from __future__ import annotations

from dataclasses import dataclass

from neuromanifold.errors import InputError

__all__ = ["ADAM", "METHODS", "STOP_REASONS", "TrainingOptions"]

METHODS = ("gd", "backtracking", "adam", "flow")
#: Adam's moment decay rates and denominator guard (Kingma–Ba 2015 defaults).
ADAM = (0.9, 0.999, 1e-8)
STOP_REASONS = ("gradient", "stall", "max_iter", "unstable", "diverged")


@dataclass(frozen=True)
class TrainingOptions:
    """Options of the optimizer and its stopping rules (defaults documented per field).

    Attributes:
        method: ``"gd"``, ``"backtracking"`` (default), ``"adam"`` or ``"flow"``.
        step: fixed step (gd, adam), first trial step (backtracking), first step (flow).
            Default 0.05.
        max_step: largest backtracking step. Default 1.0.
        max_iter: iterations (gd, backtracking) or accepted steps (flow). Default 20000.
        gtol: converged when ‖∇L(θ)‖ ≤ gtol. Default 1e-6.
        stall_window: iterations between stall checks. Default 500.
        stall_rtol: stalled when L fell by ≤ stall_rtol·max(1, L) over a window. Default 1e-14.
        stall_gtol: a stalled run counts as converged only if ‖∇L‖ ≤ stall_gtol. Default 1e-4.
        diverge: diverged when L > diverge (or not finite). Default 1e12.
        rtol: relative error per flow step. Default 1e-8.
        atol: absolute error per flow step. Default 1e-12 (looser tolerances let the step grow to
            the stability limit near convergence, where the flow then stalls).

    Example:
        >>> TrainingOptions(method="gd", step=0.01).method
        'gd'
    """

    method: str = "backtracking"
    step: float = 0.05
    max_step: float = 1.0
    max_iter: int = 20000
    gtol: float = 1e-6
    stall_window: int = 500
    stall_rtol: float = 1e-14
    stall_gtol: float = 1e-4
    diverge: float = 1e12
    rtol: float = 1e-8
    atol: float = 1e-12

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"method: unknown method {self.method!r}; expected one of {METHODS}")
        for name in ("step", "max_step", "gtol", "stall_gtol", "diverge", "rtol", "atol"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and value > 0):
                raise InputError(f"{name}: expected a positive number, got {value!r}")
        for name in ("max_iter", "stall_window"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{name}: expected a positive integer, got {value!r}")
        if self.stall_rtol < 0:
            raise InputError(f"stall_rtol: expected a number ≥ 0, got {self.stall_rtol!r}")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)
