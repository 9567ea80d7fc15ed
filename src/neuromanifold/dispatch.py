"""Per-family dispatch whose implementations load with the first architecture of their family.

Each package that holds per-family implementations of a verb (``parametrization``,
``function_space``, ``function_space.membership``) declares, in its ``__init__``, which of its
modules implement each architecture family (:func:`declare_family_modules`), and defines its
verbs with :func:`family_dispatch` instead of :func:`functools.singledispatch`. The first call
with an architecture of a family not seen yet imports that family's modules of the package —
whose ``@verb.register`` decorators then add its implementations — and dispatches again. So
``describe fc:3,2,3`` never imports the polynomial or attention families' theorems, and a new
family still plugs in by adding modules, without editing the verbs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from functools import singledispatch, update_wrapper
from threading import RLock, local
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from functools import _SingleDispatchCallable

__all__ = [
    "declare_family_modules",
    "declared_families",
    "default_of",
    "family_dispatch",
    "load_family",
]

R = TypeVar("R")

#: (package, family) → the package's modules implementing that family, in import order.
_MODULES: dict[tuple[str, str], tuple[str, ...]] = {}
_LOADED: set[tuple[str, str]] = set()
_LOCK = RLock()  # two threads dispatching the same family import its modules once
_ACTIVE = local()  # per thread: (dispatcher, class) pairs being dispatched again
_DEFAULTS: dict[Callable[..., Any], Callable[..., Any]] = {}  # dispatcher → its default


def declare_family_modules(package: str, modules: Mapping[str, Sequence[str]]) -> None:
    """Declare, for ``package``, the modules (relative to it) that implement each family.

    Args:
        package: the dotted package name (``__name__`` of its ``__init__``).
        modules: an architecture family's name (``Architecture.family``: ``"fc"``, ``"lcn"``,
            ``"lcn2d"``, ``"pnn"``, ``"pcnn"``, ``"attn"``) → module names inside the package.

    Example:
        >>> declare_family_modules("json", {"demo": ("decoder",)})
        >>> load_family("json", "demo")
        True
    """
    for family, names in modules.items():
        _MODULES[(package, family)] = tuple(f"{package}.{name}" for name in names)


def declared_families(package: str) -> tuple[str, ...]:
    """The families ``package`` declared modules for, in the order declared.

    Example:
        >>> import neuromanifold.architectures
        >>> declared_families("neuromanifold.architectures")
        ('fc', 'lcn', 'lcn2d', 'pnn', 'pcnn', 'attn')
    """
    return tuple(family for pkg, family in _MODULES if pkg == package)


def load_family(package: str, family: str | None) -> bool:
    """Import ``package``'s modules for ``family`` unless done already; whether it imported any.

    Example:
        >>> load_family("json", "no such family")
        False
    """
    if family is None:
        return False
    key = (package, family)
    if key in _LOADED:
        return False
    with _LOCK:
        if key in _LOADED:
            return False
        names = _MODULES.get(key, ())
        for name in names:
            importlib.import_module(name)
        _LOADED.add(key)
    return bool(names)


def default_of(verb: Callable[..., R]) -> Callable[..., R]:
    """The default of a :func:`family_dispatch` verb, for an implementation that reuses it
    (``verb.dispatch(object)`` is the loader, which dispatches to the family again).

    Example:
        >>> @family_dispatch("json")
        ... def kind(x: object) -> str:
        ...     return "any"
        >>> default_of(kind)(1.5)
        'any'
    """
    return _DEFAULTS[verb]


def family_dispatch(package: str) -> Callable[[Callable[..., R]], _SingleDispatchCallable[R]]:
    """Like :func:`functools.singledispatch` on the first argument's class, but the family's
    implementations in ``package`` are imported on first use (:func:`declare_family_modules`).

    The decorated function is the default, run for a class with no implementation after its
    family's modules were loaded.

    Example:
        >>> @family_dispatch("json")
        ... def size(x: object) -> int:
        ...     return 0
        >>> @size.register
        ... def _(x: str) -> int:
        ...     return len(x)
        >>> size("abc"), size(1.5)
        (3, 0)
    """

    def decorate(default: Callable[..., R]) -> _SingleDispatchCallable[R]:
        def fallback(*args: Any, **kwargs: Any) -> R:
            if args:
                cls = type(args[0])
                load_family(package, getattr(cls, "family", None))
                # loaded now, by this call or by another thread (which may have finished
                # while this one waited): dispatch again if the family registered its own —
                # once (an implementation calling ``verb.dispatch(object)`` instead of
                # `default_of` comes back here: it gets the default, not a loop)
                key = (id(dispatcher), cls)
                active: set[tuple[int, type]] = _ACTIVE.__dict__.setdefault("keys", set())
                if key not in active and dispatcher.dispatch(cls) is not fallback:
                    active.add(key)
                    try:
                        return dispatcher(*args, **kwargs)
                    finally:
                        active.discard(key)
            return default(*args, **kwargs)

        dispatcher = singledispatch(update_wrapper(fallback, default))
        _DEFAULTS[dispatcher] = default
        return dispatcher

    return decorate
