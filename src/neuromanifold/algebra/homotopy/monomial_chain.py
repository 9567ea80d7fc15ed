r"""The monomials of a list of polynomials as a chain: each one a smaller one times a variable.

Evaluating $m = m' x_j$ from an already evaluated $m'$ costs one multiplication per monomial
(a table of powers and products costs about three times as much); both interval evaluators
of the certification (arb balls in `certify`, double-precision disks in `disks`) walk this
chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import flint

__all__ = ["MonomialChain"]


@dataclass(frozen=True)
class MonomialChain:
    """The monomials of ``polys`` and a chain computing them, one multiplication each.

    Attributes:
        entries: ``(monomial index, polynomial index, coefficient)`` for every term.
        steps: ``(position of the smaller monomial, variable, degree)``; step ``i`` computes the
            value at position ``i + 1`` (position 0 is the monomial 1). Missing intermediate
            monomials are added.
        positions: the position of each monomial of ``entries`` (by monomial index).
    """

    entries: tuple[tuple[int, int, flint.fmpq], ...]
    steps: tuple[tuple[int, int, int], ...]
    positions: tuple[int, ...]

    @classmethod
    def of(cls, polys: Sequence[flint.fmpq_mpoly], n: int) -> MonomialChain:
        """The chain of the monomials of ``polys`` in the variables ``0..n-1``.

        Example:
            >>> import flint
            >>> ctx = flint.fmpq_mpoly_ctx.get(("x", "y"), "lex")
            >>> x, y = ctx.gens()
            >>> chain = MonomialChain.of([x**2 * y + 3, y], 2)
            >>> len(chain.entries), len(chain.steps)
            (3, 3)
        """
        index: dict[tuple[int, ...], int] = {}
        entries: list[tuple[int, int, flint.fmpq]] = []
        for i, f in enumerate(polys):
            for monom, coeff in f.terms():
                row = index.setdefault(tuple(map(int, monom)), len(index))
                entries.append((row, i, coeff))
        position: dict[tuple[int, ...], int] = {(0,) * n: 0}
        steps: list[tuple[int, int, int]] = []

        def place(m: tuple[int, ...]) -> int:
            if m not in position:
                j = max(range(n), key=lambda v: m[v])
                smaller = place((*m[:j], m[j] - 1, *m[j + 1 :]))
                steps.append((smaller, j, sum(m)))
                position[m] = len(steps)
            return position[m]

        positions = tuple(place(m) for m in index)
        return cls(tuple(entries), tuple(steps), positions)
