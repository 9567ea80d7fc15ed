"""Packages that are also verbs: ``neuromanifold.critical_points(...)`` calls the verb of the
package of that name, whichever of the two an import bound to the attribute."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_exports", "make_callable"]


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


def lazy_exports(
    package: str, homes: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` (PEP 562): each public name loads on first use.

    ``homes`` maps a public name to the module defining it (the same name there), so importing
    the package — which every import of one of its modules does first — loads nothing more.

    Example:
        >>> getattr_, dir_ = lazy_exports("json", {"dumps": "json"})
        >>> getattr_("dumps")([1])
        '[1]'
    """
    namespace = vars(sys.modules[package])

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(homes[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(homes))

    return __getattr__, __dir__
