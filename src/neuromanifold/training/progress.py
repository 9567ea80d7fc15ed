"""Progress bars as an argument: a tqdm bar when tqdm is installed, else a plain counter, or nothing."""

from __future__ import annotations

import sys
from typing import Protocol

__all__ = ["Progress", "progress_bar"]


class Progress(Protocol):
    """What the trainer and the sweep need of a progress bar."""

    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


class _Plain:
    """A fallback bar printing ``desc: done/total`` to stderr at each tenth."""

    def __init__(self, total: int, desc: str) -> None:
        self.total, self.desc, self.done, self._shown = max(total, 1), desc, 0, -1

    def update(self, n: int = 1) -> None:
        self.done += n
        tenth = 10 * self.done // self.total
        if tenth != self._shown:
            self._shown = tenth
            print(f"{self.desc}: {self.done}/{self.total}", file=sys.stderr)

    def close(self) -> None:
        pass


def progress_bar(total: int, desc: str, quiet: bool = False) -> Progress | None:
    """A progress bar over ``total`` items, or ``None`` when ``quiet``.

    Example:
        >>> progress_bar(10, "runs", quiet=True) is None
        True
    """
    if quiet:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional
        return _Plain(total, desc)
    return tqdm(total=total, desc=desc, unit="run", leave=False, file=sys.stderr)
