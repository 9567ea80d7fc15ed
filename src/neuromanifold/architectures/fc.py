"""Fully connected linear networks: x ↦ W_L ⋯ W_1 x."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from neuromanifold.architectures.base import Architecture, check_size, positive_ints
from neuromanifold.architectures.text import TextForm, register_text

__all__ = ["FullyConnected", "dense_layer_shapes", "read_fc"]

_EXAMPLE = "fc:3,1,2"


def dense_layer_shapes(widths: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """The shapes (d_l, d_{l−1}) of the weight matrices of a dense net with ``widths``.

    Example:
        >>> dense_layer_shapes((3, 1, 2))
        ((1, 3), (2, 1))
    """
    return tuple((widths[i + 1], widths[i]) for i in range(len(widths) - 1))


@dataclass(frozen=True)
class FullyConnected(Architecture):
    r"""A fully connected linear network with widths :math:`(d_0, \dots, d_L)`, input first.

    Parameters are :math:`\theta = (W_1, \dots, W_L)` with :math:`W_i \in \mathbb{R}^{d_i \times d_{i-1}}`;
    the network computes :math:`\mu(\theta) = W_L \cdots W_1 \in \mathbb{R}^{d_L \times d_0}`.

    Args:
        widths: the layer widths ``(d_0, ..., d_L)``, at least two, each a positive integer.

    Example:
        >>> FullyConnected((3, 1, 2)).n_params
        5

    Reference: seed article, Fig. 1; SPEC §2.1.
    """

    family: ClassVar[str] = "fc"

    widths: tuple[int, ...]

    def __post_init__(self) -> None:
        needs = "a fully connected network needs at least 2 widths (input and output)"
        widths = positive_ints(self.widths, "widths", _EXAMPLE, at_least=2, needs=needs)
        object.__setattr__(self, "widths", widths)
        check_size(self)  # the one size guard of every family

    @property
    def text(self) -> str:
        return "fc:" + ",".join(map(str, self.widths))

    @property
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        return dense_layer_shapes(self.widths)

    @property
    def ambient_shape(self) -> tuple[int, ...]:
        return (self.widths[-1], self.widths[0])

    @property
    def bottleneck(self) -> int:
        """The rank bound r = min_i d_i: the neuromanifold is {W : rank W ≤ r}."""
        return min(self.widths)

    def minimal(self) -> FullyConnected:
        """``fc:d0,r,dL``: the same neuromanifold {rank ≤ r} with only GL(r) in its fibers.

        Example:
            >>> FullyConnected((3, 4, 1, 5)).minimal().text
            'fc:3,1,5'
        """
        return FullyConnected((self.widths[0], self.bottleneck, self.widths[-1]))


@register_text("fc", example=_EXAMPLE)
def read_fc(form: TextForm) -> FullyConnected:
    """Read the body of ``fc:d0,d1,...,dL`` (widths, input first)."""
    widths = form.int_list(form.offset, form.body)
    if len(widths) < 2:
        raise form.fail(form.offset, "need at least two widths (input and output)")
    return FullyConnected(tuple(widths))
