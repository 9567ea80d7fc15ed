r"""Experiment statistics: fractions of runs per class with Wilson confidence intervals.

The Wilson score interval for :math:`k` successes in :math:`n` trials at normal quantile :math:`z`:

.. math:: \frac{\hat p + \frac{z^2}{2n} \pm z \sqrt{\frac{\hat p (1 - \hat p)}{n} + \frac{z^2}{4n^2}}}
          {1 + \frac{z^2}{n}}, \qquad \hat p = k / n.

Denominators: ``converged`` is a fraction of all runs; the strata, ``spurious`` and
``repeated_root`` are fractions of the converged runs; ``global_min`` is a fraction of the converged
runs whose reference minimum is known (see :mod:`~neuromanifold.training.outcomes`).

Reference: Wilson 1927; Brown–Cai–DasGupta 2001 (why not the Wald interval).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.training.outcomes import CLASSES, Outcomes

__all__ = ["Fraction", "OutcomeSummary", "comparison_table", "summarize", "wilson_interval"]


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion ``k / n`` (95 % for z = 1.96).

    Example:
        >>> lo, hi = wilson_interval(0, 10)
        >>> round(lo, 3), round(hi, 3)
        (0.0, 0.278)
    """
    if n < 0 or k < 0 or k > n:
        raise InputError(f"wilson_interval: need 0 ≤ k ≤ n, got k = {k}, n = {n}")
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Fraction:
    """``count`` of ``total`` runs, with its Wilson interval.

    Example:
        >>> Fraction.of(3, 4).value
        0.75
    """

    count: int
    total: int
    low: float
    high: float

    @classmethod
    def of(cls, count: int, total: int) -> Fraction:
        """The fraction count / total with a 95 % Wilson interval."""
        lo, hi = wilson_interval(count, total)
        return cls(int(count), int(total), lo, hi)

    @property
    def value(self) -> float | None:
        """count / total (``None`` when total is 0)."""
        return self.count / self.total if self.total else None

    def __str__(self) -> str:
        if not self.total:
            return "—"
        return f"{self.value:.3f} [{self.low:.2f}, {self.high:.2f}]"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "fraction": self.value,
            "count": self.count,
            "total": self.total,
            "ci95": [self.low, self.high],
        }


@dataclass(frozen=True)
class OutcomeSummary:
    """Fractions of runs per class for one architecture and data model.

    Attributes:
        label: what was run (architecture, data).
        runs: number of runs.
        converged: fraction of all runs that converged.
        classes: class name → :class:`Fraction` (denominators in the module docstring).
    """

    label: str
    runs: int
    converged: Fraction
    classes: dict[str, Fraction]

    def fractions(self) -> dict[str, float | None]:
        """Class → fraction (the JSON ``fractions`` object)."""
        return {name: f.value for name, f in self.classes.items()}

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "label": self.label,
            "runs": self.runs,
            "converged": self.converged.count,
            "fractions": self.fractions(),
            "intervals": {name: f.to_dict() for name, f in self.classes.items()},
        }

    def __str__(self) -> str:
        lines = [f"{self.label}: {self.runs} runs, converged {self.converged}"]
        lines += [f"  {name:<14} {frac}" for name, frac in self.classes.items()]
        return "\n".join(lines)


def summarize(outcomes: Outcomes, label: str = "") -> OutcomeSummary:
    """Count every class with Wilson intervals.

    Example:
        >>> from neuromanifold.training import train
        >>> s = summarize(train("fc:2,1,2", 20, seed=0).classify(), "fc:2,1,2")
        >>> s.fractions()["global_min"]
        1.0
    """
    conv = np.asarray(outcomes.converged, dtype=bool)
    n_conv = int(conv.sum())
    classes: dict[str, Fraction] = {}
    for name in CLASSES:
        mask = outcomes.mask(name) & conv
        if name == "global_min":
            known = conv & outcomes.global_min_known
            classes[name] = Fraction.of(int((mask & known).sum()), int(known.sum()))
        else:
            classes[name] = Fraction.of(int(mask.sum()), n_conv)
    return OutcomeSummary(label, outcomes.runs, Fraction.of(n_conv, outcomes.runs), classes)


def comparison_table(summaries: Sequence[OutcomeSummary]) -> str:
    """Side-by-side table: one column per summary, one row per class (fraction and 95 % CI).

    Example:
        >>> from neuromanifold.training import train
        >>> a = summarize(train("fc:2,1,2", 10, seed=0).classify(), "fc:2,1,2")
        >>> print(comparison_table([a]).splitlines()[0].split())
        ['class', 'fc:2,1,2']
    """
    width = max([22, *(len(s.label) + 2 for s in summaries)])
    head = "class".ljust(15) + "".join(s.label.ljust(width) for s in summaries)
    rows = [head, "runs".ljust(15) + "".join(str(s.runs).ljust(width) for s in summaries)]
    rows.append("converged".ljust(15) + "".join(str(s.converged).ljust(width) for s in summaries))
    for name in CLASSES:
        rows.append(name.ljust(15) + "".join(str(s.classes[name]).ljust(width) for s in summaries))
    return "\n".join(r.rstrip() for r in rows)
