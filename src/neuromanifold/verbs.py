"""Packages that are also verbs: ``neuromanifold.critical_points(...)`` calls the verb of the
package of that name, whichever of the two an import bound to the attribute."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

__all__ = ["make_callable"]


def make_callable(module_name: str, verb: Callable[..., Any]) -> None:
    """Make the (already imported) package ``module_name`` callable as ``verb``.

    Example:
        >>> import neuromanifold.reproduce
        >>> callable(sys.modules["neuromanifold.reproduce"])
        True
    """

    class _CallableModule(types.ModuleType):
        __doc__ = verb.__doc__

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return verb(*args, **kwargs)

    sys.modules[module_name].__class__ = _CallableModule
