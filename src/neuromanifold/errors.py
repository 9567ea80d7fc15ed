"""Errors raised for bad input: each names the argument, what was given and what is allowed."""

from __future__ import annotations

__all__ = [
    "ArchitectureError",
    "BudgetError",
    "DeadlineError",
    "InputError",
    "NeuromanifoldError",
    "NotSupportedError",
    "TimeLimitError",
]


class NeuromanifoldError(ValueError):
    """Base class of every error this library raises on purpose."""


class InputError(NeuromanifoldError):
    """An argument has the wrong shape, type or value."""


class ArchitectureError(InputError):
    """An architecture, or its text form, is malformed."""


class BudgetError(InputError):
    """A computation would exceed a budget (memory, terms, degree); the message names the option
    that raises it."""


class TimeLimitError(NeuromanifoldError):
    """A computation did not finish within its time limit (``timeout=``, ``--timeout``)."""


class DeadlineError(BudgetError, TimeLimitError):
    """A computation ran past its time budget (``--timeout``); the message names the option."""


class NotSupportedError(NeuromanifoldError):
    """The question is well posed but this library cannot decide it yet; the message says what
    is missing."""
