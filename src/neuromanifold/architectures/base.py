"""The abstract architecture: what every network family provides."""

from __future__ import annotations

import abc
import numbers
from collections.abc import Callable, Iterable
from math import prod
from typing import ClassVar

__all__ = [
    "MAX_AMBIENT_DIM",
    "MAX_PARAMS",
    "Architecture",
    "check_size",
    "positive_ints",
    "set_filters_and_strides",
]

#: Largest number of parameters an architecture may have (guards against typos like ``fc:10000000,2``).
MAX_PARAMS = 10_000_000
#: Largest dimension of the ambient space of functions.
MAX_AMBIENT_DIM = 10_000_000


class Architecture(abc.ABC):
    """A network architecture: the parameter space R^N and the ambient space of its functions.

    Subclasses are frozen dataclasses, validated on construction, with a text form
    (:attr:`text`) that :func:`neuromanifold.parse_architecture` reads back.
    """

    #: Short family name, the prefix of the text form: ``fc``, ``lcn``, ``lcn2d``, ``pnn``, ….
    family: ClassVar[str]

    @property
    @abc.abstractmethod
    def text(self) -> str:
        """The normalized text form, e.g. ``lcn:k=3,2:s=2,1``."""

    @property
    @abc.abstractmethod
    def layer_shapes(self) -> tuple[tuple[int, ...], ...]:
        """Shape of each layer's parameter array (a weight matrix or a filter), input side first."""

    @property
    @abc.abstractmethod
    def ambient_shape(self) -> tuple[int, ...]:
        """Shape of the end-to-end function's coordinates (a matrix or a filter)."""

    @property
    def n_layers(self) -> int:
        """Number of layers L."""
        return len(self.layer_shapes)

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Number of parameters of each layer."""
        return tuple(prod(shape) for shape in self.layer_shapes)

    @property
    def n_params(self) -> int:
        """Number N of parameters: the dimension of the parameter space R^N."""
        return sum(self.layer_sizes)

    @property
    def ambient_dim(self) -> int:
        """Dimension of the ambient vector space of functions."""
        return prod(self.ambient_shape)

    #: Commands this family does not support yet (each refuses with a one-line InputError).
    unsupported_verbs: ClassVar[frozenset[str]] = frozenset()

    def require(self, verb: str) -> None:
        """Raise an ``InputError`` if ``verb`` (a command name) is not supported for this family yet.

        Example:
            >>> from neuromanifold.architectures import parse_architecture
            >>> parse_architecture("fc:2,2").require("contains")
        """
        from neuromanifold.errors import InputError

        if verb in self.unsupported_verbs:
            raise InputError(
                f"{verb}: not supported yet for the {self.family} family ({self.text}); "
                "describe works for every family"
            )

    def minimal(self) -> Architecture:
        """An architecture with the same neuromanifold and the fewest parameters theorems give.

        The default is the architecture itself; a family overrides it where a theorem shrinks
        the fibers (a deep FC network and ``fc:d0,r,dL`` both parametrize {rank ≤ r}).
        """
        return self

    def __str__(self) -> str:
        return self.text


def positive_ints(
    values: object, name: str, example: str, *, at_least: int = 0, needs: str = ""
) -> tuple[int, ...]:
    """Return ``values`` as a tuple of positive Python ints, or raise an error naming ``name``;
    fewer than ``at_least`` of them is refused with ``needs`` (what the family requires)."""
    from neuromanifold.errors import ArchitectureError

    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ArchitectureError(
            f"{name}: expected a sequence of positive integers, got {values!r}; example: {example}"
        )
    out: list[int] = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise ArchitectureError(
                f"{name}: {v!r} is not an integer; expected positive integers, example: {example}"
            )
        if v < 1:
            raise ArchitectureError(f"{name}: {v} is not positive; example: {example}")
        out.append(int(v))
    if len(out) < at_least:
        raise ArchitectureError(f"{name}: {needs}, got {len(out)}; example: {example}")
    return tuple(out)


def set_filters_and_strides(
    arch: Architecture,
    field: str,
    filters: tuple,
    strides: tuple,
    ambient_dim: Callable[[], int],
    example: str,
) -> None:
    """Validate and store a convolutional family's layers on a frozen ``arch``.

    Checks at least one filter, one stride per filter, and an end-to-end filter of at most
    `MAX_AMBIENT_DIM` coefficients (``ambient_dim`` is read once the fields are set); errors name
    the field ``field``.
    """
    from neuromanifold.errors import ArchitectureError

    if not filters:
        raise ArchitectureError(f"{field}: need at least one layer; example: {example}")
    if len(strides) != len(filters):
        raise ArchitectureError(
            f"strides: {len(strides)} strides for {len(filters)} filters; give one stride per "
            f"layer, example: {example}"
        )
    object.__setattr__(arch, field, filters)
    object.__setattr__(arch, "strides", strides)
    if (size := ambient_dim()) > MAX_AMBIENT_DIM:
        raise ArchitectureError(
            f"{field}/strides: the end-to-end filter of {arch.text} would have {size} "
            f"coefficients; at most {MAX_AMBIENT_DIM} are supported"
        )


def check_size(arch: Architecture) -> None:
    """Raise an error if ``arch`` has more than :data:`MAX_PARAMS` parameters or ambient dimension."""
    from neuromanifold.errors import ArchitectureError

    if arch.n_params > MAX_PARAMS or arch.ambient_dim > MAX_AMBIENT_DIM:
        raise ArchitectureError(
            f"{arch.text} has {arch.n_params} parameters and ambient dimension {arch.ambient_dim}; "
            f"at most {MAX_PARAMS} and {MAX_AMBIENT_DIM} are supported"
        )
