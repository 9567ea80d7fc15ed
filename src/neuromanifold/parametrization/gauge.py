r"""The gauge of μ: random affine charts fixing the symmetries of each family's parametrization.

μ is invariant under a group $G$ acting on the parameters (its fibers contain the $G$-orbits),
so counting critical points in parameter space needs a slice meeting every generic orbit in
finitely many points. For a linear convolutional network (1D or 2D) $G$ rescales the filters,
$w_l \mapsto c_l w_l$ with $\prod_l c_l = 1$: one random chart $\ell_l(w_l) = 1$ on every layer
but the last. For a two-layer fully-connected network $W_2 W_1$ with bottleneck $r$, $G = GL_r$
($W_2 \mapsto W_2 g$, $W_1 \mapsto g^{-1} W_1$): a random chart of the $d_L \times r$ factor
$W_2$ (a deep FC network is first reduced to ``fc:d0,r,dL``, which has the same
neuromanifold). The charts are built by `neuromanifold.algebra.charts`, which knows no
architecture; this module says which group each family has (registered per family with
``functools.singledispatch``, so a new family adds one registration).

Reference: Trager, Kohn, Bruna, *Pure and spurious critical points: a geometric study of linear
networks*, ICLR 2020; Kohn, Merkh, Montúfar, Trager, *Geometry of linear convolutional
networks*, SIAM J. Appl. Algebra Geom. 6 (2022).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch

import flint

from neuromanifold.algebra.charts import general_linear_chart, scaling_charts
from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
)
from neuromanifold.errors import InputError

__all__ = ["gauge_charts"]


@singledispatch
def gauge_charts(
    architecture: Architecture,
    groups: Sequence[Sequence[str]],
    names: Sequence[str],
    *,
    seed: int = 0,
) -> tuple[flint.fmpq_mpoly, ...]:
    r"""Random affine charts fixing the symmetry group of μ for ``architecture``.

    Args:
        architecture: the network (a fully-connected one with one hidden layer: reduce a deep
            one first).
        groups: the parameter names grouped by layer, input side first.
        names: all parameter names (the ring of the returned polynomials).
        seed: seeds the random chart coefficients.

    Returns:
        Affine-linear polynomials in ``Q[names]`` (their zero set is the chart).

    Example:
        >>> from neuromanifold.architectures import parse_architecture
        >>> groups = [["w1_0", "w1_1"], ["w2_0", "w2_1"]]
        >>> charts = gauge_charts(parse_architecture("lcn:k=2,2:s=2,1"), groups, sum(groups, []))
        >>> [f.total_degree() for f in charts]
        [1]
    """
    raise InputError(f"no gauge charts are known for {type(architecture).__name__}")


@gauge_charts.register(LinearConvNetwork)
@gauge_charts.register(LinearConvNetwork2D)
def _(
    architecture: LinearConvNetwork | LinearConvNetwork2D,
    groups: Sequence[Sequence[str]],
    names: Sequence[str],
    *,
    seed: int = 0,
) -> tuple[flint.fmpq_mpoly, ...]:
    return scaling_charts(groups[:-1], names, seed=seed)


@gauge_charts.register
def _(
    architecture: FullyConnected,
    groups: Sequence[Sequence[str]],
    names: Sequence[str],
    *,
    seed: int = 0,
) -> tuple[flint.fmpq_mpoly, ...]:
    r = architecture.bottleneck
    if r >= min(architecture.widths[0], architecture.widths[-1]):
        raise InputError(
            f"architecture: {architecture.text} fills its ambient space; its ED degree is 1"
        )
    if len(groups) != 2:
        raise InputError(
            f"architecture: {architecture.text} has {len(groups)} layers; the GL_r chart is for "
            "two (reduce a deep network to fc:d0,r,dL first)"
        )
    w2 = [groups[1][i * r : (i + 1) * r] for i in range(architecture.widths[-1])]  # d_L × r
    return general_linear_chart(w2, names, seed=seed)
