"""A strided convolution drawn as its matrix: the filter's letters sliding along the rows.

The seed's Fig. 4: the filter (a, b, c) with stride 2 on R⁷ is the 3 × 7 matrix with rows
(a b c 0 0 0 0), (0 0 a b c 0 0), (0 0 0 0 a b c). The display holds the matrix that
:func:`~neuromanifold.parametrization.convolution_matrix` builds from the filter's letters (an
object array), so the picture is that function's output. matplotlib is imported when drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.parametrization import convolution_matrix
from neuromanifold.plotting.canvas import axes_or_new, save_plot

__all__ = ["ConvolutionMatrixDisplay"]

_FILLS = ("#fdae61", "#abd9e9", "#a6d96a", "#f4a6c6", "#d9d9d9")


@dataclass(frozen=True)
class ConvolutionMatrixDisplay:
    """The matrix of a 1D strided convolution, entries the filter's letters (0 elsewhere).

    Attributes:
        letters: the filter's entries, e.g. ``("a", "b", "c")``.
        stride: the stride.
        n_inputs: the input length.
        matrix: ``convolution_matrix(letters, stride, n_inputs)`` (object array, 0 or a letter).
    """

    letters: tuple[str, ...]
    stride: int
    n_inputs: int
    matrix: np.ndarray

    @classmethod
    def of(
        cls, letters: tuple[str, ...] = ("a", "b", "c"), stride: int = 2, n_inputs: int = 7
    ) -> ConvolutionMatrixDisplay:
        """Build the matrix from the filter's letters.

        Example:
            >>> ConvolutionMatrixDisplay.of().matrix[1].tolist()
            [0, 0, 'a', 'b', 'c', 0, 0]
        """
        if len(letters) > n_inputs or n_inputs > 40:
            raise InputError(
                f"a filter of size {len(letters)} on R^{n_inputs}: need size ≤ input ≤ 40"
            )
        matrix = convolution_matrix(np.array(letters, dtype=object), stride, n_inputs)
        return cls(tuple(letters), stride, n_inputs, matrix)

    def output(self, row: int) -> str:
        """Output coordinate ``row`` as text, e.g. ``a*x3 + b*x4 + c*x5`` for row 1.

        Example:
            >>> ConvolutionMatrixDisplay.of().output(1)
            'a*x3 + b*x4 + c*x5'
        """
        return " + ".join(f"{w}*x{j + 1}" for j, w in enumerate(self.matrix[row]) if w != 0)

    def save(self, path: str | Path) -> Path:
        """Draw on a new figure and write it to ``path`` (format from the suffix)."""
        return save_plot(self.plot, path, (6, 2.6))

    def plot(self, ax: Any = None) -> Any:
        """Draw onto ``ax`` (a new figure when ``None``) and return the Axes."""
        from matplotlib.patches import Rectangle

        ax = axes_or_new(ax, (6, 2.6))
        rows, cols = self.matrix.shape
        for i in range(rows):
            for j in range(cols):
                w = self.matrix[i, j]
                fill = "white" if w == 0 else _FILLS[self.letters.index(w) % len(_FILLS)]
                ax.add_patch(Rectangle((j, -i - 1), 1, 1, facecolor=fill, edgecolor="0.5"))
                ax.text(j + 0.5, -i - 0.5, str(w), ha="center", va="center", fontsize=11)
            ax.text(cols + 0.3, -i - 0.5, f"y{i + 1} = {self.output(i)}", va="center", fontsize=8)
        for j in range(cols):
            ax.text(j + 0.5, 0.3, f"x{j + 1}", ha="center", va="bottom", fontsize=8)
        ax.set_xlim(-0.2, cols + 6.5)
        ax.set_ylim(-rows - 0.3, 1.0)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_title(
            f"filter ({', '.join(self.letters)}), stride {self.stride}: "
            f"R^{cols} → R^{rows} (convolution_matrix)",
            fontsize=9,
        )
        return ax
