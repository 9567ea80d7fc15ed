"""Lightning self-attention networks: out_i = Σ_j ⟨Q x_i, K x_j⟩ V x_j, layer after layer.

Reference: Henry–Marchetti–Kohn, ICLR 2025; SPEC §2.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from neuromanifold.architectures.base import Architecture, check_size, positive_ints
from neuromanifold.architectures.text import TextForm, register_text
from neuromanifold.errors import ArchitectureError

__all__ = ["LightningAttention", "read_attn"]

_EXAMPLE = "attn:d=2,a=1,l=1:t=3"


@dataclass(frozen=True)
class LightningAttention(Architecture):
    r"""``l`` layers of lightning self-attention on ``t`` tokens of dimension ``d``.

    Each layer maps :math:`X = (x_1, \dots, x_t) \in \mathbb{R}^{d \times t}` to
    :math:`\mathrm{out}_i = \sum_j \langle Q x_i, K x_j\rangle V x_j`, i.e.
    :math:`V X X^\top K^\top Q X`, with :math:`Q, K \in \mathbb{R}^{a\times d}`,
    :math:`V \in \mathbb{R}^{d\times d}` (parameters per layer in the order Q, K, V). The network
    is a polynomial map of degree :math:`3^l`. Its ambient coordinates are its values at
    :attr:`samples` fixed generic integer inputs (a linear map of its coefficients that is
    injective on every tangent space of μ at generic points, since ``samples`` ≥ N; the ranks,
    hence the dimension, are those of the coefficient map).

    Args:
        d: token dimension; a: dimension of queries and keys; l: number of layers; t: tokens.

    Example:
        >>> LightningAttention(2, 1, 1).n_params
        8

    Reference: Henry–Marchetti–Kohn, ICLR 2025; SPEC §2.3.
    """

    family: ClassVar[str] = "attn"

    d: int
    a: int
    l: int  # noqa: E741  (the paper's name)
    t: int = 3

    def __post_init__(self) -> None:
        values = positive_ints((self.d, self.a, self.l, self.t), "d, a, l, t", _EXAMPLE)
        for name, value in zip("dalt", values, strict=True):
            object.__setattr__(self, name, value)
        if self.l > 4:
            raise ArchitectureError(f"l: at most 4 layers are supported, got {self.l}")
        check_size(self)

    @property
    def text(self) -> str:
        return f"attn:d={self.d},a={self.a},l={self.l}:t={self.t}"

    @property
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        return ((self.a, self.d), (self.a, self.d), (self.d, self.d)) * self.l

    @property
    def samples(self) -> int:
        """Number S of sample inputs X^(1..S) the function is evaluated at: N + 2."""
        return self.n_params + 2

    @property
    def ambient_shape(self) -> tuple[int, ...]:
        return (self.samples, self.d, self.t)


@register_text("attn", example=_EXAMPLE)
def read_attn(form: TextForm) -> LightningAttention:
    """Read the body of ``attn:d=D,a=A,l=L[:t=T]``."""
    head, colon, rest = form.body.partition(":")
    values: dict[str, int] = {}
    pos = form.offset
    for item in head.split(","):
        key, eq, value = item.partition("=")
        if key not in ("d", "a", "l") or not eq:
            raise form.fail(pos, f"expected 'd=...', 'a=...' or 'l=...', found {item!r}")
        if key in values:
            raise form.fail(pos, f"'{key}=' given twice")
        values[key] = form.int_list(pos + 2, value)[0]
        pos += len(item) + 1
    missing = [k for k in ("d", "a", "l") if k not in values]
    if missing:
        raise form.fail(form.offset, f"missing {', '.join(k + '=' for k in missing)}")
    t = 3
    if colon:
        if not rest.startswith("t="):
            raise form.fail(pos, f"expected 't=...', found {rest!r}")
        ts = form.int_list(pos + 2, rest[2:])
        if len(ts) != 1:
            raise form.fail(pos, "expected one number of tokens")
        t = ts[0]
    return LightningAttention(values["d"], values["a"], values["l"], t)
