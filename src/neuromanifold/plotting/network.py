"""A fully connected network drawn as a graph of neurons, its edges named by the parameters.

The seed's Fig. 1 draws the network 3 → 1 → 2 with edges a, b, c and d, e. Here the picture is
read off the parametrization: layer ``l``'s weight matrix, filled with the parameter indices by
``split``, says which parameter sits on the edge from neuron ``j`` of layer ``l − 1`` to neuron
``i`` of layer ``l``; the parameters are named a, b, c, … in the parametrization's order.
matplotlib is imported inside the drawing code only.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.architectures import FullyConnected, parse_architecture
from neuromanifold.errors import InputError
from neuromanifold.parametrization import parametrization
from neuromanifold.plotting.canvas import axes_or_new, save_plot

__all__ = ["NetworkDisplay", "parameter_letters"]


def parameter_letters(n: int) -> tuple[str, ...]:
    """Names of ``n`` parameters: a, b, c, … as in the seed, ``θ1``, ``θ2``, … past 26.

    Example:
        >>> parameter_letters(5)
        ('a', 'b', 'c', 'd', 'e')
    """
    if n <= 26:
        return tuple(string.ascii_lowercase[:n])
    return tuple(f"θ{i + 1}" for i in range(n))


@dataclass(frozen=True)
class NetworkDisplay:
    """Neurons (one column per layer) and edges labelled by the parameter they carry.

    Attributes:
        architecture: the text form, e.g. ``fc:3,1,2``.
        widths: neurons per layer, input first.
        neurons: ``(x, y)`` of every neuron, layer by layer.
        edges: ``(layer, j, i, parameter index)``: from neuron ``j`` of layer ``layer − 1`` to
            neuron ``i`` of layer ``layer``.
        names: the parameters' names, in the parametrization's order.
        outputs: the end-to-end map, one text per output coordinate (from ``μ`` applied to
            the names symbolically).
    """

    architecture: str
    widths: tuple[int, ...]
    neurons: tuple[tuple[tuple[float, float], ...], ...]
    edges: tuple[tuple[int, int, int, int], ...]
    names: tuple[str, ...]
    outputs: tuple[str, ...]

    @classmethod
    def of(cls, architecture: str | FullyConnected) -> NetworkDisplay:
        """Read the graph of a fully connected network off its parametrization.

        Example:
            >>> d = NetworkDisplay.of("fc:3,1,2")
            >>> d.widths, len(d.edges), d.outputs
            ((3, 1, 2), 5, ('d*(a*x1 + b*x2 + c*x3)', 'e*(a*x1 + b*x2 + c*x3)'))
        """
        arch = parse_architecture(architecture) if isinstance(architecture, str) else architecture
        if not isinstance(arch, FullyConnected):
            raise InputError(f"{arch.text}: a graph of neurons is drawn for fc: networks only")
        widths = tuple(int(w) for w in arch.widths)
        if max(widths) > 12:
            raise InputError(f"{arch.text}: too wide to draw (at most 12 neurons per layer)")
        mu = parametrization(arch)
        index_mats = [np.asarray(m[0]) for m in mu.split(np.arange(arch.n_params)[None, :])]
        names = parameter_letters(arch.n_params)
        neurons = tuple(
            tuple((float(layer), (w - 1) / 2 - j) for j in range(w))
            for layer, w in enumerate(widths)
        )
        edges = tuple(
            (layer + 1, j, i, int(mat[i, j]))
            for layer, mat in enumerate(index_mats)
            for i in range(mat.shape[0])
            for j in range(mat.shape[1])
        )
        return cls(arch.text, widths, neurons, edges, names, _outputs(index_mats, names))

    def save(self, path: str | Path) -> Path:
        """Draw on a new figure and write it to ``path`` (format from the suffix)."""
        return save_plot(self.plot, path, (4, 3))

    def plot(self, ax: Any = None) -> Any:
        """Draw onto ``ax`` (a new figure when ``None``) and return the Axes."""
        ax = axes_or_new(ax, (4, 3))
        for layer, j, i, k in self.edges:
            (x0, y0), (x1, y1) = self.neurons[layer - 1][j], self.neurons[layer][i]
            ax.plot([x0, x1], [y0, y1], "-", color="0.45", linewidth=1.0, zorder=1)
            t = 0.3  # label near the edge's start: edges into one neuron stay apart
            ax.text(
                x0 + t * (x1 - x0),
                y0 + t * (y1 - y0) + 0.08,
                self.names[k],
                fontsize=10,
                ha="center",
                color="#2c7bb6",
                zorder=3,
            )
        for column in self.neurons:
            xs, ys = zip(*column, strict=True)
            ax.scatter(xs, ys, s=260, color="white", edgecolors="k", linewidths=1.2, zorder=2)
        last = len(self.widths) - 1
        for i, (x, y) in enumerate(self.neurons[last]):
            ax.text(x + 0.18, y, self.outputs[i], fontsize=7, va="center", ha="left")
        ax.set_xlim(-0.4, last + 1.6)
        ax.set_ylim(-max(self.widths) / 2 - 0.2, max(self.widths) / 2 + 0.2)
        ax.set_axis_off()
        ax.set_title(f"{self.architecture}: inputs left, outputs right", fontsize=9)
        return ax


def _outputs(index_mats: list[np.ndarray], names: tuple[str, ...]) -> tuple[str, ...]:
    """The end-to-end map as text: the product of the layer matrices applied to x1, …, x_d0."""
    exprs = [f"x{j + 1}" for j in range(index_mats[0].shape[1])]
    for mat in index_mats:
        exprs = [
            " + ".join(f"{names[int(mat[i, j])]}*{_group(e)}" for j, e in enumerate(exprs))
            for i in range(mat.shape[0])
        ]
    return tuple(exprs)


def _group(expr: str) -> str:
    return f"({expr})" if " + " in expr else expr
