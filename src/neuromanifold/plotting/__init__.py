"""Pictures: display objects that compute once and draw many (matplotlib imported lazily)."""

from __future__ import annotations

from neuromanifold.plotting.metric import DiskDisplay, NearestPointDisplay, VoronoiDisplay

__all__ = ["DiskDisplay", "NearestPointDisplay", "VoronoiDisplay"]
