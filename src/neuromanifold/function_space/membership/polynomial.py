r"""Membership for polynomial convolutions (``pcnn``, exact) and polynomial networks (``pnn``).

**pcnn** (Shahverdi–Marchetti–Kohn 2025). The coordinates of μ are the Segre–Veronese point
:math:`w_0^{(a_0)} \otimes \cdots \otimes w_{L-1}^{(a_{L-1})}` (:math:`a_{L-1} = 1`). For
rational f ≠ 0 the decision is exact: pick an entry :math:`f_e \ne 0`; the fibers
:math:`u_j = f[e_0, \dots, \cdot_j, \dots, e_{L-1}]` are the factors up to scale, so f has
tensor rank one iff :math:`\bigotimes_j u_j = f_e^{L-1} f`. Each :math:`u_j` must then be
proportional to a Veronese point :math:`v^{(a)}`: with :math:`u_{i^a} \ne 0` (some pure power is
nonzero when v ≠ 0), :math:`v_k/v_i = u_{i^{a-1}k}/u_{i^a}` is forced (over ℂ as over ℚ), so
the check :math:`u = u_{i^a} v^{(a)}` decides. When both hold, f = c ⊗_j v_j^{(a_j)} with
rational v_j and c, and :math:`w_{L-1} = c\,v_{L-1}` (degree 1) absorbs c: the witness is
rational and every real point of the neurovariety is in M (M is closed). Nonzero members are
smooth points of the cone (interior); 0 is its vertex (singular when L ≥ 2). Floats: the exact
decision on their binary value, else a numerical witness
(:mod:`~neuromanifold.function_space.membership.witness`).

**pnn**. The neurovariety is the ambient space when the network fills (dim = ambient, an exact
rank); otherwise, for small networks, its implicit equations (elimination, verified over ℚ)
decide the Zariski closure exactly. Membership of the real image (semi-algebraic) is decided by
a numerical witness: a θ with ‖μ(θ) − f‖ ≤ τ (exact when it rounds to rationals with
μ(θ) = f); none found is reported as evidence, not proof.
"""

from __future__ import annotations

import flint
import numpy as np

from neuromanifold.algebra import MsolveTimeoutError
from neuromanifold.architectures import PolynomialConvNetwork, PolynomialNetwork
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.function_space.membership.base import Membership, Query, decide
from neuromanifold.function_space.membership.witness import fit_float, witness_decision
from neuromanifold.function_space.neurovariety import neurovariety_equations
from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.polynomial import monomials

__all__ = ["MAX_ELIMINATION", "closure_by_equations", "segre_veronese_factors"]

SMK25 = "Shahverdi–Marchetti–Kohn 2025"
#: Parameters + coordinates up to which ``contains`` tries the implicit equations of a pnn.
MAX_ELIMINATION = 16


def _veronese_root(u: list[flint.fmpq], k: int, a: int) -> list[flint.fmpq] | None:
    """v with u = u_{i^a} · v^{(a)} (v_i = 1), or None when u is not on the Veronese cone."""
    mons = monomials(k, a)
    index = {m: n for n, m in enumerate(mons)}
    pure = [i for i in range(k) if u[index[(i,) * a]] != 0]
    if not pure:
        return None
    i = pure[0]
    top = u[index[(i,) * a]]
    v = [u[index[tuple(sorted((i,) * (a - 1) + (j,)))]] / top for j in range(k)]
    for m, value in zip(mons, u, strict=True):
        power = flint.fmpq(1)
        for j in m:
            power *= v[j]
        if value != top * power:
            return None
    return v


def segre_veronese_factors(
    arch: PolynomialConvNetwork, f: tuple[flint.fmpq, ...]
) -> list[list[flint.fmpq]] | None:
    """Rational filters w with μ(w) = f for f ≠ 0 on the Segre–Veronese cone, else None.

    Example:
        >>> arch = PolynomialConvNetwork((2, 2), (2,))
        >>> f = parametrization(arch).exact([1, 2, 3, 5]).reshape(-1)   # (1, 2, 4) ⊗ (3, 5)
        >>> [[str(x) for x in w] for w in segre_veronese_factors(arch, tuple(f))]
        [['1', '2'], ['3', '5']]
    """
    shape = arch.ambient_shape
    tensor = np.array(f, dtype=object).reshape(shape)
    nonzero = next((idx for idx in np.ndindex(*shape) if tensor[idx] != 0), None)
    if nonzero is None:
        return None
    fe = tensor[nonzero]
    fibers = []
    for j in range(len(shape)):
        where = list(nonzero)
        where[j] = slice(None)
        fibers.append(list(tensor[tuple(where)]))
    outer = np.array(fibers[0], dtype=object)
    for u in fibers[1:]:
        outer = np.multiply.outer(outer, np.array(u, dtype=object))
    if any(a != b * fe ** (len(shape) - 1) for a, b in zip(outer.flat, tensor.flat, strict=True)):
        return None
    roots = []
    for u, k, a in zip(fibers, arch.filter_sizes, arch.exponents, strict=True):
        v = _veronese_root(u, k, a)
        if v is None:
            return None
        roots.append(v)
    value = parametrization(arch).exact([x for v in roots for x in v]).reshape(shape)[nonzero]
    roots[-1] = [x * fe / value for x in roots[-1]]  # a_{L−1} = 1 absorbs the scalar
    return roots


@decide.register
def _pcnn(arch: PolynomialConvNetwork, query: Query) -> Membership:
    f, floats, tol, preimage = query.exact, query.floats, query.tol, query.preimage
    exact = f
    if all(v == 0 for v in exact):
        zero = tuple(tuple(flint.fmpq(0) for _ in range(k)) for k in arch.filter_sizes)
        stratum = "singular" if arch.n_layers >= 2 else "interior"
        return Membership(
            arch.text, True, stratum, True, zero, True, True,
            "f = 0 = μ(0), the vertex of the cone over the Segre–Veronese variety",
        )  # fmt: skip
    factors = segre_veronese_factors(arch, exact)
    if factors is not None:
        return Membership(
            arch.text, True, "interior", True, tuple(tuple(w) for w in factors), True, True,
            f"f = c·⊗ v_j^(a_j) with rational v_j: a nonzero point of the cone over the "
            f"Segre–Veronese variety, all of whose real points are in M ({SMK25})",
        )  # fmt: skip
    if floats is None:
        return Membership.outside(
            arch.text,
            "f is not c·⊗ v_j^(a_j): not a rank-one tensor of Veronese points (exact), so not "
            f"on the Segre–Veronese variety ({SMK25})",
            closure=False,
            exact=True,
        )
    return fit_float(arch, floats, tol, None, preimage=preimage)


def closure_by_equations(
    arch: PolynomialNetwork, exact: tuple[flint.fmpq, ...], *, timeout: float = 20.0
) -> tuple[bool | None, str]:
    """Whether f is on the neurovariety (exactly), with how it was decided; None if undecided."""
    mu = parametrization(arch)
    dim = generic_rank(mu).dim
    if dim == arch.ambient_dim:
        return True, f"the network fills its ambient space (exact rank {dim})"
    if arch.n_params + arch.ambient_dim > MAX_ELIMINATION:
        return None, (
            f"the Zariski closure is not decided (no elimination beyond {MAX_ELIMINATION} "
            "parameters + coordinates)"
        )
    try:
        eqs, _, verified = neurovariety_equations(arch, timeout=timeout)
    except MsolveTimeoutError:
        return None, "the elimination timed out: the Zariski closure is not decided"
    if not verified:
        return None, "the eliminated equations did not verify over Q"
    on = all(e(*exact) == 0 for e in eqs)
    return on, f"{len(eqs)} implicit equation(s) (elimination, verified over Q) " + (
        "vanish at f" if on else "do not vanish at f"
    )


@decide.register
def _pnn(arch: PolynomialNetwork, query: Query) -> Membership:
    f, floats, tol, preimage = query.exact, query.floats, query.tol, query.preimage
    closure, how = closure_by_equations(arch, f)
    if closure is False and floats is None:
        return Membership.outside(
            arch.text, f"not on the neurovariety: {how}", closure=False, exact=True
        )
    return witness_decision(
        arch, f, floats, tol, closure=closure, why=f"{how}; ", preimage=preimage
    )
