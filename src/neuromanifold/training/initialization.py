r"""Named, seeded initializations of the parameters θ.

- ``"lecun"`` (default): every weight i.i.d. :math:`N(0, 1/\text{fan-in})`: a weight matrix
  :math:`W_i \in \mathbb{R}^{d_i \times d_{i-1}}` has standard deviation :math:`d_{i-1}^{-1/2}`,
  a filter of size :math:`k_l` has standard deviation :math:`k_l^{-1/2}` (LeCun et al. 1998), so
  the end-to-end function has coordinates of order one.
- ``"normal:S"``: every parameter i.i.d. :math:`N(0, S^2)` (e.g. ``normal:0.01`` for a small
  initialization near the saddle at 0, ``normal:1``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.errors import InputError

__all__ = ["Initialization", "parse_initialization"]

_HINT = "'lecun' or 'normal:S' with a scale S > 0, e.g. normal:0.1"


@dataclass(frozen=True)
class Initialization:
    """A distribution of initial parameters.

    Attributes:
        kind: ``"lecun"`` or ``"normal"``.
        scale: the standard deviation for ``"normal"`` (ignored for ``"lecun"``).

    Example:
        >>> init = parse_initialization("normal:0.5")
        >>> init.draw("fc:2,1,2", 3, np.random.default_rng(0)).shape
        (3, 4)
    """

    kind: str = "lecun"
    scale: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in ("lecun", "normal"):
            raise InputError(f"init: unknown initialization {self.kind!r}; expected {_HINT}")
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise InputError(f"init: scale must be a positive number, got {self.scale}")

    @property
    def text(self) -> str:
        """The text form read back by :func:`parse_initialization`."""
        return "lecun" if self.kind == "lecun" else f"normal:{self.scale:g}"

    def stds(self, architecture: Architecture | str) -> np.ndarray:
        """Standard deviation of every parameter, shape (N,)."""
        arch = parse_architecture(architecture)
        if self.kind == "normal":
            return np.full(arch.n_params, self.scale)
        parts = [
            np.full(
                size,
                1.0 / math.sqrt(shape[-1] if len(shape) == 2 and arch.family == "fc" else size),
            )
            for shape, size in zip(arch.layer_shapes, arch.layer_sizes, strict=True)
        ]
        return np.concatenate(parts)

    def draw(
        self, architecture: Architecture | str, runs: int, rng: np.random.Generator
    ) -> np.ndarray:
        """Draw ``runs`` parameter vectors, shape (runs, N)."""
        arch = parse_architecture(architecture)
        return rng.standard_normal((runs, arch.n_params)) * self.stds(arch)


def parse_initialization(text: str | Initialization) -> Initialization:
    """Read an initialization from its text form (``lecun``, ``normal:S``).

    Example:
        >>> parse_initialization("lecun").text
        'lecun'
    """
    if isinstance(text, Initialization):
        return text
    raw = str(text).strip().lower()
    if raw == "lecun":
        return Initialization("lecun")
    if raw.startswith("normal:"):
        try:
            scale = float(raw.split(":", 1)[1])
        except ValueError:
            raise InputError(
                f"init: {text!r}: the scale is not a number; expected {_HINT}"
            ) from None
        return Initialization("normal", scale)
    raise InputError(f"init: unknown initialization {text!r}; expected {_HINT}")
