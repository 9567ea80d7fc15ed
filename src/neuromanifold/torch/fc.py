"""Fully connected linear networks in torch: bias-free ``nn.Linear`` layers ⇄ ``fc:d0,…,dL``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from neuromanifold.architectures import Architecture, FullyConnected
from neuromanifold.torch.conversion import assemble, build
from neuromanifold.torch.layer import Layer, layer_error, read_layer, weight_array

__all__ = ["DenseLayer"]


@dataclass(frozen=True, eq=False)
class DenseLayer(Layer):
    r"""A bias-free ``nn.Linear``, read: its weight :math:`W_i \in \mathbb{R}^{d_i \times d_{i-1}}`."""

    weight: np.ndarray


@read_layer.register
def _(module: nn.Linear, name: str) -> Layer:
    kind = type(module).__name__
    if module.bias is not None:
        raise layer_error(name, kind, "it has a bias; create it with bias=False")
    return DenseLayer(name, kind, weight_array(module, name))


@assemble.register
def _(first: DenseLayer, layers: list[Layer]) -> tuple[Architecture, np.ndarray]:
    widths = [first.weight.shape[1]]
    weights = []
    for layer in layers:
        if not isinstance(layer, DenseLayer):
            raise layer_error(
                layer.name, layer.kind, f"it follows nn.Linear layer {first.name}; mixed families"
            )
        d_out, d_in = layer.weight.shape
        if d_in != widths[-1]:
            raise layer_error(
                layer.name,
                layer.kind,
                f"it takes {d_in} inputs but the layer before it has {widths[-1]} outputs",
            )
        widths.append(d_out)
        weights.append(layer.weight.reshape(-1))
    return FullyConnected(tuple(widths)), np.concatenate(weights)


@build.register
def _(architecture: FullyConnected, layers: list[np.ndarray]) -> nn.Sequential:
    modules = []
    for weight in layers:
        d_out, d_in = weight.shape
        linear = nn.utils.skip_init(nn.Linear, d_in, d_out, bias=False, dtype=torch.float64)
        assert isinstance(linear, nn.Linear)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight)))
        modules.append(linear)
    return nn.Sequential(*modules)
