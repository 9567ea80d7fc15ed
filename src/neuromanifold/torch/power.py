r"""The polynomial activation :math:`\sigma(x) = x^r` as a torch layer.

Networks that interleave linear layers with it are polynomial networks (``pnn:…:r=…``, and
``pcnn:…`` for convolutions; Kileel–Trager–Bruna 2019). Those families are not in the package yet:
:func:`~neuromanifold.torch.from_torch` refuses a model with a ``Power`` layer, saying so.
"""

from __future__ import annotations

import numbers

import torch
from torch import nn

from neuromanifold.errors import InputError
from neuromanifold.torch.layer import Layer, layer_error, read_layer

__all__ = ["Power"]


class Power(nn.Module):
    r"""The coordinatewise power :math:`x \mapsto x^r`, for a positive integer :math:`r`.

    Args:
        r: the exponent, a positive integer (``r = 1`` is the identity).

    Example:
        >>> import torch
        >>> Power(3)(torch.tensor([-2.0, 0.5, 1.0]))
        tensor([-8.0000,  0.1250,  1.0000])
        >>> Power(2)
        Power(r=2)

    Reference: Kileel–Trager–Bruna 2019, "On the expressive power of deep polynomial neural
    networks" (activation :math:`\rho_r(x) = x^r`).
    """

    def __init__(self, r: int) -> None:
        super().__init__()
        if isinstance(r, bool) or not isinstance(r, numbers.Integral) or r < 1:
            raise InputError(f"r: the exponent must be a positive integer, got {r!r}; example: 2")
        self._r = int(r)

    @property
    def r(self) -> int:
        """The exponent r."""
        return self._r

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Raise every coordinate of ``x`` to the power r."""
        return x**self._r

    def extra_repr(self) -> str:
        return f"r={self._r}"


@read_layer.register
def _(module: Power, name: str) -> Layer:
    raise layer_error(
        name,
        f"Power, r={module.r}",
        "networks with polynomial activations (the pnn:…:r=… and pcnn:… families) are not "
        "supported yet",
    )
