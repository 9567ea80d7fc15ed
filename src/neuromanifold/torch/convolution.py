"""Linear convolutional networks in torch: single-channel ``nn.Conv1d`` / ``nn.Conv2d`` ⇄ ``lcn``/``lcn2d``.

Torch's convolution is our layer as it stands (a cross-correlation, no flip): see the conventions
in :mod:`neuromanifold.torch.conversion`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from neuromanifold.architectures import Architecture, LinearConvNetwork, LinearConvNetwork2D
from neuromanifold.torch.conversion import assemble, build
from neuromanifold.torch.layer import Layer, layer_error, read_layer, weight_array

__all__ = ["ConvolutionLayer"]


@dataclass(frozen=True, eq=False)
class ConvolutionLayer(Layer):
    """A single-channel convolution without padding, dilation or bias, read: filter and stride."""

    filter: np.ndarray
    stride: tuple[int, ...]


def _read(module: nn.Conv1d | nn.Conv2d, name: str) -> Layer:
    kind = type(module).__name__
    problems = []
    if module.in_channels != 1 or module.out_channels != 1:
        problems.append(
            f"it has {module.in_channels} input and {module.out_channels} output channels "
            f"(only one of each is supported)"
        )
    if module.groups != 1:
        problems.append(f"it has groups={module.groups} (only 1 is supported)")
    padding = module.padding
    if not (padding == "valid" or (isinstance(padding, tuple) and all(p == 0 for p in padding))):
        problems.append(f"it has padding={padding!r} (only 0 is supported)")
    if any(d != 1 for d in module.dilation):
        problems.append(f"it has dilation={module.dilation} (only 1 is supported)")
    if module.bias is not None:
        problems.append("it has a bias (create it with bias=False)")
    if problems:
        raise layer_error(name, kind, "; ".join(problems))
    weight = weight_array(module, name)[0, 0]
    return ConvolutionLayer(name, kind, weight, tuple(int(s) for s in module.stride))


read_layer.register(nn.Conv1d, _read)
read_layer.register(nn.Conv2d, _read)


@assemble.register
def _(first: ConvolutionLayer, layers: list[Layer]) -> tuple[Architecture, np.ndarray]:
    filters, strides = [], []
    for layer in layers:
        if not isinstance(layer, ConvolutionLayer) or layer.filter.ndim != first.filter.ndim:
            raise layer_error(
                layer.name,
                layer.kind,
                f"it follows {first.kind} layer {first.name}; mixed families",
            )
        filters.append(layer.filter)
        strides.append(layer.stride)
    theta = np.concatenate([f.reshape(-1) for f in filters])
    if first.filter.ndim == 1:
        sizes = tuple(f.shape[0] for f in filters)
        return LinearConvNetwork(sizes, tuple(s[0] for s in strides)), theta
    shapes = tuple((f.shape[0], f.shape[1]) for f in filters)
    return LinearConvNetwork2D(shapes, tuple((s[0], s[1]) for s in strides)), theta


def _convolution(weight: np.ndarray, stride: tuple[int, ...]) -> nn.Module:
    """A single-channel, bias-free float64 convolution with the given filter and stride."""
    kind = nn.Conv1d if weight.ndim == 1 else nn.Conv2d
    conv = nn.utils.skip_init(
        kind, 1, 1, weight.shape, stride=stride, bias=False, dtype=torch.float64
    )
    assert isinstance(conv, nn.Conv1d | nn.Conv2d)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight))[None, None])
    return conv


@build.register
def _(architecture: LinearConvNetwork, layers: list[np.ndarray]) -> nn.Sequential:
    strides = architecture.stride_tuple
    return nn.Sequential(*(_convolution(w, (s,)) for w, s in zip(layers, strides, strict=True)))


@build.register
def _(architecture: LinearConvNetwork2D, layers: list[np.ndarray]) -> nn.Sequential:
    strides = architecture.stride_pairs
    return nn.Sequential(*(_convolution(w, s) for w, s in zip(layers, strides, strict=True)))
