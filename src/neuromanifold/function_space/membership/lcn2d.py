r"""Membership for 2D convolutional networks: one nontrivial layer (a linear space) only.

With one layer of filter larger than :math:`1 \times 1` and dilations :math:`(t, u)`, :math:`M` is
the linear space of bivariate polynomials in :math:`(x^t, y^u)` of the layer's bidegree; several
such layers need factorizations of bivariate real polynomials into factors of prescribed
(dilated) bidegrees, which is not implemented: a
:class:`~neuromanifold.function_space.membership.base.NotSupportedError` says so.
"""

from __future__ import annotations

import flint

import neuromanifold.function_space.membership.base as base
from neuromanifold.architectures import LinearConvNetwork2D

__all__: list[str] = []


@base.decide.register
def _lcn2d(arch: LinearConvNetwork2D, query: base.Query) -> base.Membership:
    """Exact decision (float input at its binary value: a linear space needs no tolerance)."""
    f = query.exact
    live = [i for i, k in enumerate(arch.filter_shapes) if k != (1, 1)]
    if len(live) > 1:
        raise base.NotSupportedError(
            f"membership: {arch.text} has {len(live)} layers with filters larger than 1×1; "
            "deciding membership needs factorization of bivariate real polynomials into factors "
            "of prescribed bidegrees (dilated), which is not implemented yet"
        )
    rows, cols = arch.ambient_shape
    if not live:
        layers: list[list] = [[f[0]]] + [[flint.fmpq(1)] for _ in arch.filter_shapes[1:]]
        return base.Membership(
            arch.text, True, "interior", True, tuple(tuple(x) for x in layers), True, True,
            "all filters are 1×1: M = R", boundary=False,
        )  # fmt: skip
    i = live[0]
    t, u = arch.dilations[i]
    kr, kc = arch.filter_shapes[i]
    grid = [[f[r * cols + c] for c in range(cols)] for r in range(rows)]
    bad = [(r, c) for r in range(rows) for c in range(cols) if (r % t or c % u) and grid[r][c]]
    if bad:
        return base.Membership.outside(
            arch.text,
            f"entry {bad[0]} ≠ 0 but members are polynomials in (x^{t}, y^{u})",
            closure=False,
            exact=True,
        )
    layers = [[flint.fmpq(1)] for _ in arch.filter_shapes]
    layers[i] = [grid[r * t][c * u] for r in range(kr) for c in range(kc)]
    ok = base.check_witness(arch, layers, f)
    return base.Membership(
        arch.text, True, "interior", True, tuple(tuple(x) for x in layers), True, ok,
        "one nontrivial layer: M is a linear space", boundary=False,
    )  # fmt: skip
