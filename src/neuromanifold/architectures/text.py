"""The text form of architectures: ``fc:3,1,2``, ``lcn:k=3,2:s=2,1``, ``lcn2d:k=2x2,3x3:s=1x1,2x2``.

A text form is ``FAMILY:BODY``. Each family registers the reader of its body with
:func:`register_text` (in the family's own module, named in the package's family table:
:func:`~neuromanifold.dispatch.declare_family_modules`; it loads when its first text is read), so a new
family plugs in without editing :func:`parse_architecture`. Parsed by hand (no ``eval``); every error points at the offending part
and shows a valid example.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from neuromanifold.architectures.base import Architecture
from neuromanifold.dispatch import declared_families, load_family
from neuromanifold.errors import ArchitectureError

__all__ = ["EXAMPLES", "TextForm", "parse_architecture", "register_text"]

_READERS: dict[str, Callable[[TextForm], Architecture]] = {}
_EXAMPLES: dict[str, str] = {}
#: The package whose family table (`~neuromanifold.dispatch.declare_family_modules`, in its
#: ``__init__``) names the module registering each family's reader.
_PACKAGE = "neuromanifold.architectures"


def _load(family: str | None = None) -> None:
    """Import the module registering ``family``'s reader (every declared family's if None)."""
    for name in declared_families(_PACKAGE) if family is None else (family,):
        load_family(_PACKAGE, name)


class _Examples(Mapping[str, str]):
    """The registered examples, read after every declared family's reader was loaded."""

    def __getitem__(self, family: str) -> str:
        _load(family)
        return _EXAMPLES[family]

    def __iter__(self) -> Iterator[str]:
        _load()
        return iter(dict(_EXAMPLES))

    def __len__(self) -> int:
        _load()
        return len(_EXAMPLES)


#: One valid text form per family (read-only; families add theirs by registering).
EXAMPLES: Mapping[str, str] = _Examples()
_MAX_DIGITS = 9

R = TypeVar("R", bound=Callable[["TextForm"], Architecture])


def register_text(family: str, example: str) -> Callable[[R], R]:
    """Register the reader of ``FAMILY:BODY`` text forms (a function of a :class:`TextForm`).

    Example:
        >>> sorted(EXAMPLES)
        ['attn', 'fc', 'lcn', 'lcn2d', 'pcnn', 'pnn']
    """

    def decorate(reader: R) -> R:
        if family in _READERS:
            raise ValueError(f"family {family!r} is registered twice")
        _READERS[family] = reader
        _EXAMPLES[family] = example
        return reader

    return decorate


def _fail(text: str, start: int, message: str, family: str | None) -> ArchitectureError:
    example = EXAMPLES.get(family or "", ", ".join(EXAMPLES.values()))
    return ArchitectureError(
        f"cannot read architecture {text!r} at position {start} ({text[start : start + 8]!r}): "
        f"{message}; example: {example}"
    )


@dataclass(frozen=True)
class TextForm:
    """A text form split at its family name, with the readers' shared error reporting.

    Attributes:
        raw: the whole text, spaces removed.
        family: the family name (lower case).
        offset: position of the body in ``raw``.
        body: the text after ``FAMILY:``.
    """

    raw: str
    family: str
    offset: int
    body: str

    def fail(self, start: int, message: str) -> ArchitectureError:
        """An error pointing at position ``start`` of the text, with the family's example."""
        return _fail(self.raw, start, message, self.family)

    def int_list(self, start: int, body: str, sep: str | None = None) -> list:
        """Read ``body`` (at offset ``start``) as comma-separated positive ints, or ``AxB`` pairs."""
        if not body:
            raise self.fail(start, "expected a comma-separated list, found nothing")
        out: list = []
        pos = start
        for item in body.split(","):
            parts = item.split(sep) if sep else [item]
            if sep and len(parts) != 2:
                raise self.fail(pos, f"{item!r} is not of the form A{sep}B")
            values = []
            ppos = pos
            for part in parts:
                if not re.fullmatch(r"[0-9]+", part):
                    what = "nothing" if not part else repr(part)
                    raise self.fail(ppos, f"expected a positive integer, found {what}")
                if len(part) > _MAX_DIGITS:
                    raise self.fail(ppos, f"{part} is too large")
                value = int(part)
                if value < 1:
                    raise self.fail(ppos, f"{part} is not positive")
                values.append(value)
                ppos += len(part) + 1
            out.append(tuple(values) if sep else values[0])
            pos += len(item) + 1
        return out

    def fields(self, keys: tuple[str, ...], sep: str | None = None) -> dict[str, list]:
        """Read a body ``key=LIST:key=LIST...`` with keys among ``keys``, each at most once."""
        wanted = " or ".join(f"'{k}=...'" for k in keys)
        out: dict[str, list] = {}
        pos = self.offset
        for field in self.body.split(":"):
            key, eq, body = field.partition("=")
            if key not in keys or not eq:
                raise self.fail(pos, f"expected {wanted}, found {field!r}")
            if key in out:
                raise self.fail(pos, f"'{key}=' given twice")
            out[key] = self.int_list(pos + len(key) + 1, body, sep)
            pos += len(field) + 1
        return out

    def filters_and_strides(self, sep: str | None = None) -> tuple[tuple, tuple | None]:
        """Read ``k=LIST[:s=LIST]`` (convolutions): the filters and the strides, if given."""
        fields = self.fields(("k", "s"), sep)
        if "k" not in fields:
            raise self.fail(self.offset, "missing the filter sizes 'k=...'")
        ks, ss = fields["k"], fields.get("s")
        if ss is not None and len(ss) != len(ks):
            where = self.raw.index(":s=") + 3 if ":s=" in self.raw else self.offset
            raise self.fail(where, f"{len(ss)} strides for {len(ks)} filters")
        return tuple(ks), None if ss is None else tuple(ss)


def parse_architecture(text: str | Architecture) -> Architecture:
    """Read an architecture from its text form (an :class:`Architecture` is returned unchanged).

    Forms: ``fc:d0,d1,...,dL`` (widths, input first); ``lcn:k=k1,...,kL[:s=s1,...,sL]``
    (filter sizes and strides, strides default to 1); ``lcn2d:k=AxB,...[:s=AxB,...]``
    (filter shape and stride per axis); ``pnn:d0,...,dL:r=R`` (polynomial network, one degree or
    one per hidden layer); ``pcnn:k=k0,...:r=R`` (polynomial convolutions, stride = filter size);
    ``attn:d=D,a=A,l=L[:t=T]`` (lightning self-attention, T = 3 tokens by default). Spaces are
    ignored. The family name selects the reader
    registered with :func:`register_text`.

    Args:
        text: the architecture's text form.

    Returns:
        A validated architecture of the named family.

    Raises:
        ArchitectureError: naming the position of the offending part and a valid example.

    Example:
        >>> parse_architecture("lcn:k=3,2:s=2,1").text
        'lcn:k=3,2:s=2,1'
    """
    if isinstance(text, Architecture):
        return text
    if not isinstance(text, str):
        raise ArchitectureError(
            f"architecture: expected text such as {EXAMPLES['fc']!r}, got {type(text).__name__}"
        )
    raw = "".join(text.split())
    if not raw:
        raise ArchitectureError(
            "architecture: empty text; examples: " + ", ".join(EXAMPLES.values())
        )
    family, colon, rest = raw.partition(":")
    family = family.lower()
    _load(family)
    if family not in _READERS:
        known = ", ".join(EXAMPLES)
        raise _fail(raw, 0, f"unknown family {family!r} (known: {known})", None)
    if not colon:
        raise _fail(raw, len(raw), "missing ':' after the family name", family)
    return _READERS[family](TextForm(raw, family, len(family) + 1, rest))
