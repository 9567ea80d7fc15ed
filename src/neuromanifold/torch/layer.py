"""One torch layer, read: the record each supported layer becomes, and the refusal of the rest.

:func:`read_layer` dispatches on the torch layer's class; each family module registers its layers
(``nn.Linear`` in :mod:`neuromanifold.torch.fc`, ``nn.Conv1d`` / ``nn.Conv2d`` in
:mod:`neuromanifold.torch.convolution`, :class:`~neuromanifold.torch.Power` in
:mod:`neuromanifold.torch.power`). Anything else is refused with its position, its type and what
is supported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

import numpy as np
import torch
from torch import nn

from neuromanifold.errors import InputError

__all__ = ["SUPPORTED", "Layer", "layer_error", "read_layer", "weight_array"]

#: What :func:`~neuromanifold.torch.from_torch` reads, for error messages.
SUPPORTED = (
    "an nn.Sequential of bias-free nn.Linear layers, or of nn.Conv1d / nn.Conv2d layers with "
    "in_channels = out_channels = 1, any stride, padding 0, dilation 1, groups 1 and bias=False "
    "(neuromanifold.torch.Power activations: not yet)"
)


@dataclass(frozen=True, eq=False)
class Layer:
    """One torch layer, read: where it sits in the model and its torch class name."""

    name: str
    kind: str


def layer_error(name: str, kind: str, problem: str) -> InputError:
    """The error for an unsupported layer: its position, its type, the problem and what is supported."""
    return InputError(f"layer {name} ({kind}): {problem}; supported: {SUPPORTED}")


def weight_array(module: nn.Module, name: str) -> np.ndarray:
    """The ``weight`` of a torch layer as a read-only float64 array (exact for float16/32/64)."""
    kind = type(module).__name__
    weight = module.weight
    if not isinstance(weight, torch.Tensor):
        raise layer_error(name, kind, "it has no weight tensor")
    if nn.parameter.is_lazy(weight):
        raise layer_error(
            name,
            kind,
            "its weight is not initialized yet (a lazy layer): run one forward pass first",
        )
    if weight.is_complex() or not weight.is_floating_point():
        raise layer_error(name, kind, f"its weight has dtype {weight.dtype}; expected real floats")
    out = weight.detach().to(device="cpu", dtype=torch.float64).numpy().copy()
    if not np.all(np.isfinite(out)):
        raise layer_error(name, kind, "its weight contains NaN or infinity")
    out.setflags(write=False)
    return out


@singledispatch
def read_layer(module: nn.Module, name: str) -> Layer:
    """Read one torch layer into a :class:`Layer` record, or refuse it naming what is supported."""
    raise layer_error(name, type(module).__name__, "this layer type is not supported")
