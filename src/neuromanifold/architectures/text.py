"""The text form of architectures: ``fc:3,1,2``, ``lcn:k=3,2:s=2,1``, ``lcn2d:k=2x2,3x3:s=1x1,2x2``.

Parsed by hand (no ``eval``); every error points at the offending part and shows a valid example.
"""

from __future__ import annotations

import re

from neuromanifold.architectures.base import Architecture
from neuromanifold.architectures.fc import FullyConnected
from neuromanifold.architectures.lcn import LinearConvNetwork
from neuromanifold.architectures.lcn2d import LinearConvNetwork2D
from neuromanifold.errors import ArchitectureError

__all__ = ["EXAMPLES", "parse_architecture"]

#: One valid text form per family.
EXAMPLES = {
    "fc": "fc:3,1,2",
    "lcn": "lcn:k=3,2:s=2,1",
    "lcn2d": "lcn2d:k=2x2,3x3:s=1x1,2x2",
}
_MAX_DIGITS = 9


def _fail(text: str, start: int, message: str, family: str | None) -> ArchitectureError:
    example = EXAMPLES.get(family or "", ", ".join(EXAMPLES.values()))
    return ArchitectureError(
        f"cannot read architecture {text!r} at position {start} ({text[start : start + 8]!r}): "
        f"{message}; example: {example}"
    )


def _int_list(text: str, start: int, body: str, family: str, sep: str | None) -> list:
    """Parse ``body`` (starting at offset ``start`` of ``text``) as comma-separated ints or pairs."""
    if not body:
        raise _fail(text, start, "expected a comma-separated list, found nothing", family)
    out: list = []
    pos = start
    for item in body.split(","):
        parts = item.split(sep) if sep else [item]
        if sep and len(parts) != 2:
            raise _fail(text, pos, f"{item!r} is not of the form AxB", family)
        values = []
        ppos = pos
        for part in parts:
            if not re.fullmatch(r"[0-9]+", part):
                what = "nothing" if not part else repr(part)
                raise _fail(text, ppos, f"expected a positive integer, found {what}", family)
            if len(part) > _MAX_DIGITS:
                raise _fail(text, ppos, f"{part} is too large", family)
            value = int(part)
            if value < 1:
                raise _fail(text, ppos, f"{part} is not positive", family)
            values.append(value)
            ppos += len(part) + 1
        out.append(tuple(values) if sep else values[0])
        pos += len(item) + 1
    return out


def parse_architecture(text: str | Architecture) -> Architecture:
    """Read an architecture from its text form (an :class:`Architecture` is returned unchanged).

    Forms: ``fc:d0,d1,...,dL`` (widths, input first); ``lcn:k=k1,...,kL[:s=s1,...,sL]``
    (filter sizes and strides, strides default to 1); ``lcn2d:k=AxB,...[:s=AxB,...]``
    (filter shape and stride per axis). Spaces are ignored.

    Args:
        text: the architecture's text form.

    Returns:
        A validated :class:`FullyConnected`, :class:`LinearConvNetwork` or
        :class:`LinearConvNetwork2D`.

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
    if family not in EXAMPLES:
        raise _fail(raw, 0, f"unknown family {family!r} (known: fc, lcn, lcn2d)", None)
    if not colon:
        raise _fail(raw, len(raw), "missing ':' after the family name", family)
    offset = len(family) + 1
    if family == "fc":
        widths = _int_list(raw, offset, rest, family, None)
        if len(widths) < 2:
            raise _fail(raw, offset, "need at least two widths (input and output)", family)
        return FullyConnected(tuple(widths))
    sep = "x" if family == "lcn2d" else None
    fields: dict[str, list] = {}
    pos = offset
    for field in rest.split(":"):
        key, eq, body = field.partition("=")
        if key not in ("k", "s") or not eq:
            raise _fail(raw, pos, f"expected 'k=...' or 's=...', found {field!r}", family)
        if key in fields:
            raise _fail(raw, pos, f"'{key}=' given twice", family)
        fields[key] = _int_list(raw, pos + 2, body, family, sep)
        pos += len(field) + 1
    if "k" not in fields:
        raise _fail(raw, offset, "missing the filter sizes 'k=...'", family)
    ks, ss = fields["k"], fields.get("s")
    if ss is not None and len(ss) != len(ks):
        where = raw.index(":s=") + 3 if ":s=" in raw else offset
        raise _fail(raw, where, f"{len(ss)} strides for {len(ks)} filters", family)
    if family == "lcn":
        return LinearConvNetwork(tuple(ks), None if ss is None else tuple(ss))
    return LinearConvNetwork2D(tuple(ks), None if ss is None else tuple(ss))
