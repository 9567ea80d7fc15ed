r"""Training engines: the name of an implementation of the optimizer loop → the function that runs it.

An *engine* is a function of a :class:`TrainingJob` that runs the optimizer of :class:`~neuromanifold.training.TrainingOptions` from given
starting points on given losses and reports where every run stopped, with the same stopping rules
and the same ``stop_reason`` codes (module :mod:`neuromanifold.training.trainer`), so its
:class:`~neuromanifold.training.TrainingResult` is classified by the same code. Engines differ in
how they compute, not in what:

- ``"numpy"`` (built in, :mod:`neuromanifold.training.trainer`): all runs batched as NumPy arrays,
  the gradients by the families' hand-derived vector–Jacobian products.
- ``"torch"`` (:mod:`neuromanifold.torch.training`, the optional extra ``torch``): all runs batched
  as one tensor program with autograd, on the GPU when present.
- ``"numba"`` (:mod:`neuromanifold.training.kernel`, the optional extra ``homotopy``): each run a
  compiled loop of its own over scalar locals, the runs spread over the cores (fc and 1D lcn, gd
  and backtracking; bit for bit the numpy engine's on target data). What it cannot run (another
  family or method, a trajectory, numba missing) it hands to ``"numpy"`` with a warning saying
  why.
- ``"auto"`` (same module): ``"numba"`` when numba is installed, the kernel applies and the batch
  has at least ``AUTO_RUNS`` runs (its one-off compilation per architecture then pays); else
  ``"numpy"``, silently.

An engine registers itself with :func:`register_engine` when its module is imported; the modules
of the engines this package knows are imported on first use by :func:`engine` (the core never
imports an optional dependency until asked).

Example:
    >>> sorted(ENGINES)
    ['auto', 'numba', 'numpy', 'torch']
    >>> engine("numpy").__name__
    'numpy_engine'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from neuromanifold.errors import InputError

if TYPE_CHECKING:
    from neuromanifold.architectures import Architecture
    from neuromanifold.losses.batch import QuadraticLossBatch
    from neuromanifold.training.progress import Progress
    from neuromanifold.training.trainer import TrainingOptions

__all__ = ["ENGINES", "Engine", "EngineRun", "TrainingJob", "engine", "register_engine"]

#: Engine name → the module that registers it when imported.
ENGINES: dict[str, str] = {
    "numpy": "neuromanifold.training.trainer",
    "torch": "neuromanifold.torch.training",
    "numba": "neuromanifold.training.kernel",
    "auto": "neuromanifold.training.kernel",
}

_REGISTRY: dict[str, Engine] = {}


@dataclass(frozen=True, eq=False)
class EngineRun:
    """Where an engine's runs stopped (float64 NumPy arrays, one row per run).

    Attributes:
        theta: final parameters (runs, N).
        f: final end-to-end functions, flat (runs, D).
        loss: final losses (runs,).
        grad_norm: final ‖∇L(θ)‖ (runs,).
        iterations: iterations (or accepted flow steps) per run (int64).
        stop_reason: the stopping rule that ended each run (strings of ``STOP_REASONS``).
        trajectory: functions every ``record_every`` iterations (T, runs, D), or ``None``.
    """

    theta: np.ndarray
    f: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    iterations: np.ndarray
    stop_reason: np.ndarray
    trajectory: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class TrainingJob:
    """What an engine is asked to run: the optimizer from given starting points on given losses.

    Attributes:
        architecture: the network.
        losses: one quadratic loss per run.
        theta0: starting parameters (runs, N), float64.
        options: the optimizer and its stopping rules.
        record_every: record the functions every this many iterations (0: never).
        progress: a progress bar updated as runs stop, or ``None``.
    """

    architecture: Architecture
    losses: QuadraticLossBatch
    theta0: np.ndarray
    options: TrainingOptions
    record_every: int = 0
    progress: Progress | None = None


#: An engine: a :class:`TrainingJob` → where its runs stopped.
Engine = Callable[[TrainingJob], EngineRun]


def register_engine(name: str, function: Engine) -> None:
    """Make ``function`` the engine called ``name`` (a module registers its engine on import)."""
    _REGISTRY[name] = function


def engine(name: str) -> Engine:
    """The engine called ``name``, importing its module on first use.

    Raises:
        InputError: for an unknown name, or when the engine's optional dependency is missing
            (the message says what to install).
    """
    if name not in _REGISTRY:
        if name not in ENGINES:
            raise InputError(f"engine: unknown engine {name!r}; expected one of {sorted(ENGINES)}")
        importlib.import_module(ENGINES[name])
    return _REGISTRY[name]
