"""Training at scale: batched gradient descent and flow, where runs end, and how often.

Example:
    >>> from neuromanifold.training import train, summarize
    >>> result = train("lcn:k=2,2", 100, seed=0)
    >>> summary = summarize(result.classify(), "lcn:k=2,2")
    >>> 0.2 < summary.fractions()["boundary"] < 0.5
    True
"""

from neuromanifold.losses.data import DataModel, draw_losses, parse_data
from neuromanifold.training.engine import (
    ENGINES,
    EngineRun,
    TrainingJob,
    engine,
    register_engine,
)
from neuromanifold.training.initialization import Initialization, parse_initialization
from neuromanifold.training.objective import Objective
from neuromanifold.training.outcomes import CLASSES, Outcomes, Tolerances, classify
from neuromanifold.training.statistics import (
    Fraction,
    OutcomeSummary,
    comparison_table,
    summarize,
    wilson_interval,
)
from neuromanifold.training.trainer import (
    METHODS,
    TrainingOptions,
    TrainingResult,
    optimize,
    train,
    training_bytes,
)

__all__ = [
    "CLASSES",
    "ENGINES",
    "METHODS",
    "DataModel",
    "EngineRun",
    "Fraction",
    "Initialization",
    "Objective",
    "OutcomeSummary",
    "Outcomes",
    "Tolerances",
    "TrainingJob",
    "TrainingOptions",
    "TrainingResult",
    "classify",
    "comparison_table",
    "draw_losses",
    "engine",
    "optimize",
    "parse_data",
    "parse_initialization",
    "register_engine",
    "summarize",
    "train",
    "training_bytes",
    "wilson_interval",
]
