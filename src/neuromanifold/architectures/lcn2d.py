"""Linear convolutional networks on 2D signals, with a filter shape and a stride per axis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from neuromanifold.architectures.base import (
    Architecture,
    positive_ints,
    set_filters_and_strides,
)
from neuromanifold.architectures.text import TextForm, register_text
from neuromanifold.errors import ArchitectureError

__all__ = ["LinearConvNetwork2D", "read_lcn2d"]

_EXAMPLE = "lcn2d:k=2x2,3x3:s=1x1,2x2"


def _pairs(values: object, name: str) -> tuple[tuple[int, int], ...]:
    if isinstance(values, str | bytes):
        raise ArchitectureError(f"{name}: expected pairs of positive integers; example: {_EXAMPLE}")
    try:
        items = tuple(values)  # type: ignore[arg-type]
    except TypeError:
        raise ArchitectureError(
            f"{name}: expected pairs of positive integers, got {values!r}; example: {_EXAMPLE}"
        ) from None
    out = []
    for item in items:
        pair = positive_ints(item, name, _EXAMPLE)
        if len(pair) != 2:
            raise ArchitectureError(
                f"{name}: {item!r} is not a pair (rows, columns); example: {_EXAMPLE}"
            )
        out.append((pair[0], pair[1]))
    return tuple(out)


@dataclass(frozen=True)
class LinearConvNetwork2D(Architecture):
    r"""A 2D linear convolutional network: filters :math:`w_l \in \mathbb{R}^{k_l \times k'_l}`.

    Layer :math:`l` with strides :math:`(s_l, s'_l)` maps an image :math:`x` to
    :math:`(\alpha_l x)_{i,j} = \sum_{a<k_l,\, b<k'_l} w_{l,ab}\, x_{i s_l + a,\ j s'_l + b}`.
    The end-to-end filter is the bivariate polynomial
    :math:`\pi(\theta) = \prod_l p_l(x^{t_l}, y^{t'_l})`, :math:`p_l(x, y) = \sum_{a,b} w_{l,ab} x^a y^b`,
    with dilations per axis :math:`t_l = s_1 \cdots s_{l-1}` (and likewise :math:`t'_l`).

    Args:
        filter_shapes: ``((k_1, k'_1), ..., (k_L, k'_L))``: rows and columns of each filter.
        strides: one ``(s_l, s'_l)`` per layer; default all ``(1, 1)``.

    Example:
        >>> LinearConvNetwork2D(((2, 2), (3, 3)), ((1, 1), (2, 2))).ambient_shape
        (4, 4)

    Reference: Kohn–Merkh–Montúfar–Trager 2022 (higher-dimensional convolutions); SPEC §2.2.
    """

    family: ClassVar[str] = "lcn2d"

    filter_shapes: tuple[tuple[int, int], ...]
    strides: tuple[tuple[int, int], ...] | None = None

    def __post_init__(self) -> None:
        ks = _pairs(self.filter_shapes, "filter_shapes")
        ss = ((1, 1),) * len(ks) if self.strides is None else _pairs(self.strides, "strides")
        set_filters_and_strides(self, "filter_shapes", ks, ss, lambda: self.ambient_dim, _EXAMPLE)

    @property
    def stride_pairs(self) -> tuple[tuple[int, int], ...]:
        """The strides per layer (never ``None`` after validation)."""
        assert self.strides is not None
        return self.strides

    @property
    def text(self) -> str:
        k = ",".join(f"{a}x{b}" for a, b in self.filter_shapes)
        if all(s == (1, 1) for s in self.stride_pairs):
            return f"lcn2d:k={k}"
        return f"lcn2d:k={k}:s=" + ",".join(f"{a}x{b}" for a, b in self.stride_pairs)

    @property
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        return self.filter_shapes

    @property
    def dilations(self) -> tuple[tuple[int, int], ...]:
        """Dilations per axis: :math:`(t_l, t'_l)` with :math:`t_l = s_1 \\cdots s_{l-1}`."""
        out, t = [], (1, 1)
        for s in self.stride_pairs:
            out.append(t)
            t = (t[0] * s[0], t[1] * s[1])
        return tuple(out)

    @property
    def ambient_shape(self) -> tuple[int, ...]:
        rows = 1 + sum(
            (k[0] - 1) * t[0] for k, t in zip(self.filter_shapes, self.dilations, strict=True)
        )
        cols = 1 + sum(
            (k[1] - 1) * t[1] for k, t in zip(self.filter_shapes, self.dilations, strict=True)
        )
        return (rows, cols)


@register_text("lcn2d", example=_EXAMPLE)
def read_lcn2d(form: TextForm) -> LinearConvNetwork2D:
    """Read the body of ``lcn2d:k=AxB,...[:s=AxB,...]`` (filter shape and stride per axis)."""
    return LinearConvNetwork2D(*form.filters_and_strides(sep="x"))
