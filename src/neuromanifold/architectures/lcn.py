"""Linear convolutional networks on 1D signals, with strides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from neuromanifold.architectures.base import Architecture, positive_ints, set_filters_and_strides
from neuromanifold.architectures.text import TextForm, register_text

__all__ = ["LinearConvNetwork", "read_lcn"]

_EXAMPLE = "lcn:k=3,2:s=2,1"


@dataclass(frozen=True)
class LinearConvNetwork(Architecture):
    r"""A 1D linear convolutional network: filters :math:`w_l \in \mathbb{R}^{k_l}`, strides :math:`s_l`.

    Layer :math:`l` maps a signal :math:`x` to :math:`(\alpha_l x)_i = \sum_{j<k_l} w_{l,j}\, x_{i s_l + j}`.
    The composition is again a convolution, with stride :math:`s_1 \cdots s_L` and end-to-end filter
    whose polynomial is :math:`\pi(\theta) = p_1(x)\, p_2(x^{t_2}) \cdots p_L(x^{t_L})`, where
    :math:`p_l(x) = \sum_j w_{l,j} x^j` and :math:`t_l = s_1 \cdots s_{l-1}` (the dilations).

    Args:
        filter_sizes: ``(k_1, ..., k_L)``, positive integers, input side first.
        strides: ``(s_1, ..., s_L)``, positive integers; default all ones.

    Example:
        >>> net = LinearConvNetwork((3, 2), (2, 1))
        >>> net.end_to_end_size, net.dilations
        (5, (1, 2))

    Reference: Kohn–Merkh–Montúfar–Trager 2022, §2; seed article, Fig. 4; SPEC §2.2.
    """

    family: ClassVar[str] = "lcn"

    filter_sizes: tuple[int, ...]
    strides: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        ks = positive_ints(self.filter_sizes, "filter_sizes", _EXAMPLE)
        ss = (
            (1,) * len(ks)
            if self.strides is None
            else positive_ints(self.strides, "strides", _EXAMPLE)
        )
        set_filters_and_strides(
            self, "filter_sizes", ks, ss, lambda: self.end_to_end_size, _EXAMPLE
        )

    @property
    def stride_tuple(self) -> tuple[int, ...]:
        """The strides as a tuple (never ``None`` after validation)."""
        assert self.strides is not None
        return self.strides

    @property
    def text(self) -> str:
        k = ",".join(map(str, self.filter_sizes))
        if all(s == 1 for s in self.stride_tuple):
            return f"lcn:k={k}"
        return f"lcn:k={k}:s=" + ",".join(map(str, self.stride_tuple))

    @property
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        return tuple((k,) for k in self.filter_sizes)

    @property
    def dilations(self) -> tuple[int, ...]:
        """The dilations :math:`t_l = s_1 \\cdots s_{l-1}` (so :math:`t_1 = 1`)."""
        out, t = [], 1
        for s in self.stride_tuple:
            out.append(t)
            t *= s
        return tuple(out)

    @property
    def end_to_end_stride(self) -> int:
        """The stride :math:`s_1 \\cdots s_L` of the composed convolution."""
        out = 1
        for s in self.stride_tuple:
            out *= s
        return out

    @property
    def end_to_end_size(self) -> int:
        """Size :math:`k = 1 + \\sum_l (k_l - 1) t_l` of the end-to-end filter."""
        return 1 + sum((k - 1) * t for k, t in zip(self.filter_sizes, self.dilations, strict=True))

    @property
    def ambient_shape(self) -> tuple[int, ...]:
        return (self.end_to_end_size,)

    @property
    def degrees(self) -> tuple[int, ...]:
        """Degrees :math:`k_l - 1` of the layer polynomials :math:`p_l`."""
        return tuple(k - 1 for k in self.filter_sizes)

    @property
    def is_stride_one(self) -> bool:
        """True when every layer with a filter of size > 1 has dilation 1 (no effective stride).

        Then :math:`\\pi = \\prod_l p_l` and the neuromanifold is full-dimensional
        (Kohn–Merkh–Montúfar–Trager 2022). The last layer's stride never matters.
        """
        return all(t == 1 for k, t in zip(self.filter_sizes, self.dilations, strict=True) if k > 1)

    @property
    def n_odd_degree_layers(self) -> int:
        r"""The number :math:`o` of layer polynomials :math:`p_l` of odd degree (even :math:`k_l`).

        With stride one, :math:`f \in M` iff the binary form :math:`\pi(f)` of degree
        :math:`\sum_l (k_l - 1)` has at least :math:`o` real projective roots counted with
        multiplicity (each odd-degree factor needs one), :math:`f` is interior iff at least
        :math:`o` distinct real roots have odd multiplicity, and :math:`M` fills its ambient space
        iff :math:`o \le 1` (Kohn–Merkh–Montúfar–Trager 2022; SPEC §2.2).

        Example:
            >>> LinearConvNetwork((2, 2, 3)).n_odd_degree_layers, LinearConvNetwork((2, 3)).filling
            (2, True)
        """
        return sum(1 for k in self.filter_sizes if k % 2 == 0)

    @property
    def filling(self) -> bool:
        """True when the neuromanifold is the whole ambient space: stride one and at most one
        odd-degree layer (:attr:`n_odd_degree_layers`); strides make :math:`\\dim M` smaller."""
        return self.is_stride_one and self.n_odd_degree_layers <= 1


@register_text("lcn", example=_EXAMPLE)
def read_lcn(form: TextForm) -> LinearConvNetwork:
    """Read the body of ``lcn:k=k1,...,kL[:s=s1,...,sL]`` (strides default to 1)."""
    return LinearConvNetwork(*form.filters_and_strides())
