"""Polynomial networks: fully connected (``pnn``) and convolutional (``pcnn``), activation z^r.

Reference: Kileel–Trager–Bruna 2019; Usevich–Borsoi–Dérand–Clausel 2025;
Shahverdi–Marchetti–Kohn 2025; SPEC §2.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb, prod
from typing import ClassVar

from neuromanifold.architectures.base import Architecture, check_size, positive_ints
from neuromanifold.architectures.fc import dense_layer_shapes
from neuromanifold.architectures.text import TextForm, register_text
from neuromanifold.errors import ArchitectureError

__all__ = [
    "PolynomialConvNetwork",
    "PolynomialNetwork",
    "monomial_count",
    "read_pcnn",
    "read_pnn",
]

_PNN = "pnn:3,2,1:r=2"
_PCNN = "pcnn:k=2,2:r=2"


def monomial_count(variables: int, degree: int) -> int:
    """Number C(degree + variables − 1, variables − 1) of monomials of a degree in some variables.

    Example:
        >>> monomial_count(3, 2)
        6
    """
    return comb(degree + variables - 1, variables - 1)


#: Largest total degree ∏ r_l of a polynomial network (and embedding degree of a convolution).
MAX_TOTAL_DEGREE = 10_000


def _degrees(degrees: object, count: int, example: str) -> tuple[int, ...]:
    rs = positive_ints(degrees, "degrees", example)
    if len(rs) == 1:
        rs = rs * count
    if len(rs) != count:
        raise ArchitectureError(
            f"degrees: {len(rs)} activation degrees for {count} activated layers; give one "
            f"degree, or one per activated layer; example: {example}"
        )
    if prod(rs) > MAX_TOTAL_DEGREE:
        raise ArchitectureError(
            f"degrees: total degree {prod(rs)} is too large (at most {MAX_TOTAL_DEGREE})"
        )
    return rs


def _degree_text(rs: tuple[int, ...]) -> str:
    return str(rs[0]) if len(set(rs)) <= 1 and rs else ",".join(map(str, rs))


@dataclass(frozen=True)
class PolynomialNetwork(Architecture):
    r"""A fully connected polynomial network :math:`p(x) = W_L\sigma(W_{L-1}\cdots\sigma(W_1x))`.

    :math:`\sigma(z) = z^{r_l}` entrywise after hidden layer :math:`l`, no biases. Each output
    is a form of degree :math:`D = \prod_l r_l` in :math:`d_0` variables; the ambient space has
    dimension :math:`A = d_L\binom{D + d_0 - 1}{d_0 - 1}`.

    Args:
        widths: ``(d_0, ..., d_L)``, input first, at least three (one hidden layer).
        degrees: the activation degrees, one per hidden layer (or one for all).

    Example:
        >>> net = PolynomialNetwork((3, 2, 1), (2,))
        >>> (net.text, net.degree, net.ambient_dim, net.n_params)
        ('pnn:3,2,1:r=2', 2, 6, 8)

    Reference: Kileel–Trager–Bruna 2019; SPEC §2.3.
    """

    family: ClassVar[str] = "pnn"

    widths: tuple[int, ...]
    degrees: tuple[int, ...] = (2,)

    def __post_init__(self) -> None:
        needs = "a polynomial network needs at least 3 widths (input, a hidden layer, output)"
        widths = positive_ints(self.widths, "widths", _PNN, at_least=3, needs=needs)
        object.__setattr__(self, "widths", widths)
        object.__setattr__(self, "degrees", _degrees(self.degrees, len(widths) - 2, _PNN))
        check_size(self)

    @property
    def text(self) -> str:
        return f"pnn:{','.join(map(str, self.widths))}:r={_degree_text(self.degrees)}"

    @property
    def degree(self) -> int:
        """The degree D = ∏ r_l of the output forms."""
        return prod(self.degrees)

    @property
    def hidden(self) -> tuple[int, ...]:
        """The hidden widths d_1, …, d_{L−1}."""
        return self.widths[1:-1]

    @property
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        return dense_layer_shapes(self.widths)  # W_l ∈ R^{d_l × d_{l−1}}, as for fc

    @property
    def ambient_shape(self) -> tuple[int, ...]:
        return (self.widths[-1], monomial_count(self.widths[0], self.degree))


@register_text("pnn", example=_PNN)
def read_pnn(form: TextForm) -> PolynomialNetwork:
    """Read the body of ``pnn:d0,...,dL:r=R`` (or ``r=R1,...,R_{L-1}``)."""
    widths_text, colon, rest = form.body.partition(":")
    widths = form.int_list(form.offset, widths_text)
    if len(widths) < 3:
        raise form.fail(form.offset, "need at least three widths (input, hidden, output)")
    degrees: list = [2]
    if colon:
        start = form.offset + len(widths_text) + 1
        if not rest.startswith("r="):
            raise form.fail(start, f"expected 'r=...', found {rest!r}")
        degrees = form.int_list(start + 2, rest[2:])
        if len(degrees) not in (1, len(widths) - 2):
            raise form.fail(start, f"{len(degrees)} degrees for {len(widths) - 2} hidden layers")
    return PolynomialNetwork(tuple(widths), tuple(degrees))


@dataclass(frozen=True)
class PolynomialConvNetwork(Architecture):
    r"""A 1D polynomial convolutional network, stride = filter size, activation z^r between layers.

    Filters :math:`w_0, \dots, w_{L-1}` (:math:`w_j \in \mathbb{R}^{k_j}`, input first); the input
    has length :math:`\prod_j k_j`, the output length 1. The network is a polynomial of degree
    :math:`r^{L-1}` whose coefficients are, up to fixed nonzero constants (with repetitions),
    the coordinates of the Segre–Veronese point
    :math:`w_{L-1} \otimes \cdots \otimes w_1^{(r^{L-2})} \otimes w_0^{(r^{L-1})}`, where
    :math:`w^{(a)} = (w^\gamma)_{|\gamma| = a}` lists the monomials of degree a. Those
    monomials, layer by layer (input filter first), are the ambient coordinates here.

    Args:
        filter_sizes: ``(k_0, ..., k_{L-1})``, input first.
        degrees: the activation degree r (one, or one per activation, L − 1 of them).

    Example:
        >>> net = PolynomialConvNetwork((2, 2), (2,))
        >>> (net.text, net.ambient_shape, net.exponents)
        ('pcnn:k=2,2:r=2', (3, 2), (2, 1))

    Reference: Shahverdi–Marchetti–Kohn, AISTATS 2025; SPEC §2.3.
    """

    family: ClassVar[str] = "pcnn"

    filter_sizes: tuple[int, ...]
    degrees: tuple[int, ...] = (2,)

    def __post_init__(self) -> None:
        ks = positive_ints(
            self.filter_sizes, "filter_sizes", _PCNN, at_least=1, needs="need at least one layer"
        )
        object.__setattr__(self, "filter_sizes", ks)
        count = max(len(ks) - 1, 1)
        object.__setattr__(self, "degrees", _degrees(self.degrees, count, _PCNN)[: len(ks) - 1])
        check_size(self)

    @property
    def text(self) -> str:
        r = _degree_text(self.degrees) if self.degrees else "1"
        return f"pcnn:k={','.join(map(str, self.filter_sizes))}:r={r}"

    @property
    def exponents(self) -> tuple[int, ...]:
        """The embedding degree a_j of each filter, input first: a_j = r_{j+1} ⋯ r_{L−1}."""
        return tuple(prod(self.degrees[j:]) for j in range(len(self.filter_sizes)))

    @property
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        return tuple((k,) for k in self.filter_sizes)

    @property
    def ambient_shape(self) -> tuple[int, ...]:
        return tuple(
            monomial_count(k, a) for k, a in zip(self.filter_sizes, self.exponents, strict=True)
        )


@register_text("pcnn", example=_PCNN)
def read_pcnn(form: TextForm) -> PolynomialConvNetwork:
    """Read the body of ``pcnn:k=k0,...,k_{L-1}:r=R``."""
    fields = form.fields(("k", "r"))
    if "k" not in fields:
        raise form.fail(form.offset, "missing the filter sizes 'k=...'")
    ks, rs = fields["k"], fields.get("r", [2])
    if len(rs) not in (1, max(len(ks) - 1, 1)):
        raise form.fail(form.offset, f"{len(rs)} degrees for {len(ks) - 1} activations")
    return PolynomialConvNetwork(tuple(ks), tuple(rs))
