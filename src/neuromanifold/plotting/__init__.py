"""Pictures: display objects that compute once and draw many (matplotlib imported lazily)."""

from __future__ import annotations

from neuromanifold.plotting.convolution import ConvolutionMatrixDisplay
from neuromanifold.plotting.metric import DiskDisplay, NearestPointDisplay, VoronoiDisplay
from neuromanifold.plotting.network import NetworkDisplay
from neuromanifold.plotting.slice import RankOneSliceDisplay

__all__ = [
    "ConvolutionMatrixDisplay",
    "DiskDisplay",
    "NearestPointDisplay",
    "NetworkDisplay",
    "RankOneSliceDisplay",
    "VoronoiDisplay",
]
