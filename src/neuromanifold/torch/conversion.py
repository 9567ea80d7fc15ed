r"""Torch models ⇄ (architecture, θ): the two verbs and the conventions that make them exact.

**Conventions, reconciled once.** A torch ``nn.Sequential`` runs its layers in index order, which is
our layer order (input side first), and a flat θ concatenates the layers' arrays row-major
(README, "Parameters are flat vectors"):

* ``nn.Linear(d_{i-1}, d_i, bias=False)`` computes :math:`y = x W^\top` with ``weight`` of shape
  :math:`d_i \times d_{i-1}`: that is our :math:`W_i`, entry for entry, and the model computes
  :math:`x \mapsto \mu(\theta)\, x` with :math:`\mu(\theta) = W_L \cdots W_1` (SPEC §2.1).
* ``nn.Conv1d(1, 1, k, stride=s, bias=False)`` computes the valid cross-correlation
  :math:`y_i = \sum_{j<k} w_j\, x_{i s + j}` with :math:`w_j` = ``weight[0, 0, j]``: exactly our
  layer :math:`(\alpha x)_i = \sum_j w_j x_{i s + j}` (SPEC §2.2), with no flip. Composing two,
  :math:`(\alpha_2 \alpha_1 x)_i = \sum_{j, m} w_{2,j} w_{1,m}\, x_{i s_1 s_2 + j s_1 + m}`, whose
  filter is the coefficient list of :math:`p_1(x)\, p_2(x^{s_1})`, lowest degree first: the model
  is the cross-correlation with the end-to-end filter :math:`\mu(\theta)` at stride
  :math:`s_1 \cdots s_L` (:func:`neuromanifold.parametrization.convolve`), on inputs of any length
  (the valid output lengths agree too). A true convolution, as ``numpy.convolve``, would reverse
  each filter; torch's does not, and neither does ours.
* ``nn.Conv2d(1, 1, (k, k'), stride=(s, s'), bias=False)`` is the same per axis: ``weight[0, 0]``
  is our :math:`k \times k'` filter (rows = the first spatial axis), flattened row-major.

Both directions copy numbers only (float64; a float32 model's weights convert exactly), so
``from_torch(to_torch(a, θ)) == (a, θ)`` bit for bit. The tests push random inputs through the
torch model and through μ(θ) and compare to 1e-12.

Per-family behaviour plugs in by registration, as in :mod:`neuromanifold.parametrization`: a torch
layer class registers a reader with :func:`neuromanifold.torch.layer.read_layer`, the record it
returns registers an assembler with :func:`assemble`, and an architecture class registers a
builder with :func:`build`.
"""

from __future__ import annotations

from functools import singledispatch

import numpy as np
import torch
from torch import nn

from neuromanifold.architectures import Architecture, parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.parametrization import parametrization
from neuromanifold.torch.layer import SUPPORTED, Layer, layer_error, read_layer

__all__ = ["assemble", "build", "from_torch", "to_torch"]


@singledispatch
def assemble(first: Layer, layers: list[Layer]) -> tuple[Architecture, np.ndarray]:
    """The architecture and flat θ of a model whose layers are read (dispatch on the first one)."""
    raise layer_error(first.name, first.kind, "no architecture family starts with this layer")


@singledispatch
def build(architecture: Architecture, layers: list[np.ndarray]) -> nn.Sequential:
    """The torch model of an architecture, from its per-layer arrays (float64)."""
    raise InputError(f"architecture: {architecture.text} has no torch form yet")


def _leaves(module: nn.Module, prefix: str) -> list[tuple[str, nn.Module]]:
    """The layers of nested ``nn.Sequential`` containers in order, named by their dotted position."""
    if not isinstance(module, nn.Sequential):
        return [(prefix or "0", module)]
    out: list[tuple[str, nn.Module]] = []
    for child_name, child in module.named_children():
        out.extend(_leaves(child, f"{prefix}.{child_name}" if prefix else child_name))
    return out


def from_torch(module: nn.Module) -> tuple[Architecture, np.ndarray]:
    r"""Read a torch model as an architecture and its parameters θ (float64, our flat layout).

    Args:
        module: an ``nn.Sequential`` (nested ones are flattened) of bias-free ``nn.Linear``, or of
            single-channel ``nn.Conv1d`` / ``nn.Conv2d`` without padding, dilation or bias; a single
            such layer is read as a one-layer network.

    Returns:
        ``(architecture, theta)`` with ``parametrization(architecture)(theta)`` the model's
        end-to-end matrix or filter (see the module's conventions).

    Raises:
        InputError: for an unsupported layer or configuration, naming the layer's position, its
            type and what is supported.

    Example:
        >>> import torch
        >>> model = torch.nn.Sequential(torch.nn.Linear(3, 1, bias=False),
        ...                             torch.nn.Linear(1, 2, bias=False)).double()
        >>> with torch.no_grad():
        ...     _ = model[0].weight.copy_(torch.tensor([[1., 2, 3]]))
        ...     _ = model[1].weight.copy_(torch.tensor([[4.], [5]]))
        >>> architecture, theta = from_torch(model)
        >>> architecture.text, theta
        ('fc:3,1,2', array([1., 2., 3., 4., 5.]))
    """
    if not isinstance(module, nn.Module):
        hint = " (a state_dict: load it into a model first)" if isinstance(module, dict) else ""
        raise InputError(f"module: expected a torch.nn.Module, got {type(module).__name__}{hint}")
    leaves = _leaves(module, "")
    if not leaves:
        raise InputError(f"module: the Sequential has no layers; expected {SUPPORTED}")
    layers = [read_layer(child, name) for name, child in leaves]
    architecture, theta = assemble(layers[0], layers)
    return architecture, theta


def _parameters(architecture: Architecture, theta: object) -> list[np.ndarray]:
    """Check θ against the architecture and cut it into per-layer arrays."""
    if isinstance(theta, torch.Tensor):
        theta = theta.detach().to(device="cpu").numpy()
    return parametrization(architecture).unbatched_layers(theta)


def to_torch(architecture: Architecture | str, theta: object) -> nn.Sequential:
    r"""The torch model (float64, CPU) of an architecture at parameters θ.

    ``fc:…`` gives bias-free ``nn.Linear`` layers (inputs of shape ``(batch, d_0)``); ``lcn:…``
    and ``lcn2d:…`` give single-channel ``nn.Conv1d`` / ``nn.Conv2d`` layers with the strides and no
    padding (inputs of shape ``(batch, 1, n)`` or ``(batch, 1, n, n')``). The global torch random
    state is left alone (layers are created without initialization, then filled from θ).

    Args:
        architecture: an :class:`~neuromanifold.architectures.Architecture` or its text form,
            e.g. ``"lcn:k=3,2:s=2,1"``.
        theta: the flat parameters, shape ``(N,)`` (a NumPy array, a list or a CPU tensor).

    Returns:
        An ``nn.Sequential`` with ``from_torch(model) == (architecture, theta)`` exactly.

    Example:
        >>> model = to_torch("lcn:k=3,2:s=2,1", [1, 2, 3, 4, 5])
        >>> model
        Sequential(
          (0): Conv1d(1, 1, kernel_size=(3,), stride=(2,), bias=False)
          (1): Conv1d(1, 1, kernel_size=(2,), stride=(1,), bias=False)
        )
        >>> from_torch(model)[1]
        array([1., 2., 3., 4., 5.])
    """
    arch = parse_architecture(architecture)
    return build(arch, _parameters(arch, theta))
