r"""Membership for 1D convolutional networks: the reduction shared by every stride pattern.

Layers with filters of size 1 only rescale; the first nontrivial layer's dilation :math:`t`
makes every member a polynomial in :math:`x^t`, so a coefficient :math:`c_i \ne 0` with
:math:`t \nmid i` decides non-membership at once, and otherwise :math:`f(x) = g(x^t)` is decided
for the nontrivial layers with dilations divided by :math:`t`: one layer (a linear space), all
dilations one (:mod:`.lcn_stride_one`), or strides (:mod:`.lcn_strided`). This module then puts
the trivial layers back into the witness and checks it.

Reference: Kohn–Merkh–Montúfar–Trager 2022; Kohn–Montúfar–Shahverdi–Trager 2024.
"""

from __future__ import annotations

from dataclasses import replace

import flint

from neuromanifold.architectures import LinearConvNetwork
from neuromanifold.function_space.membership.base import (
    Decision,
    Membership,
    NotSupportedError,
    Query,
    check_witness,
    decide,
)
from neuromanifold.function_space.membership.lcn_stride_one import stride_one
from neuromanifold.function_space.membership.lcn_strided import check_rank, strided
from neuromanifold.function_space.membership.witness import fit_float
from neuromanifold.parametrization.ring import to_fmpq

__all__: list[str] = []


@decide.register
def _lcn(arch: LinearConvNetwork, query: Query) -> Membership:
    f, floats, tol, preimage = query.exact, query.floats, query.tol, query.preimage
    ks, ts = arch.filter_sizes, arch.dilations
    live = [i for i, k in enumerate(ks) if k > 1]
    exact = floats is None
    tol_used = None if exact else tol
    if not live:
        return Membership(
            arch.text, True, "interior", True, tuple((c,) for c in (f[0],) + (1,) * (len(ks) - 1)),
            True, True, "all filters have size 1: M = R", boundary=False, tol=tol_used,
        )  # fmt: skip
    base = ts[live[0]]
    off = [i for i, c in enumerate(f) if i % base and c != 0]
    if off:
        return Membership.outside(
            arch.text,
            f"coefficient c_{off[0]} ≠ 0 but every member is a polynomial in x^{base} "
            f"(the first nontrivial layer has dilation {base})",
            closure=False,
            exact=True,
            tol=tol_used,
        )
    g = list(f[::base])
    layers = [(ks[i], ts[i] // base) for i in live]
    if len(layers) == 1:
        ans = Decision(
            True, True, "interior", False, [g], True, "one nontrivial layer: M is linear"
        )
    elif all(t == 1 for _, t in layers):
        ans = stride_one(layers, g, None if exact else tol)
    else:
        if exact:
            ans = strided(layers, g)
        else:
            # floats: exact on their binary value when that is a member, else a numerical fit
            try:
                binary = strided(layers, g)
            except NotSupportedError:
                binary = None
            if binary is not None and binary.member:
                full = _lcn(arch, tuple(to_fmpq(v, allow_float=True) for v in floats), None, tol)
                return replace(
                    full, reason=full.reason + "; decided exactly on the floats' binary values"
                )
            closure = None if binary is None else binary.closure
            return fit_float(arch, floats, tol, closure, preimage=preimage)
    witness = None
    witness_exact = False
    if ans.member:
        assert ans.filters is not None
        filters: list[list] = [[flint.fmpq(1)] for _ in ks]
        for i, flt in zip(live, ans.filters, strict=True):
            filters[i] = list(flt)
        if ans.exact_witness:
            witness_exact = check_witness(arch, filters, f)
            assert witness_exact, "internal error: exact LCN witness does not multiply back"
        else:
            filters = [[float(v) for v in flt] for flt in filters]
        witness = tuple(tuple(flt) for flt in filters)
        if len(layers) >= 3 and not all(t == 1 for _, t in layers) and ans.stratum == "interior":
            ans = check_rank(arch, filters, ans)
    return Membership(
        arch.text, ans.member, ans.stratum, ans.closure, witness, exact, witness_exact,
        ans.reason, boundary=ans.boundary, distance=ans.distance, tol=tol_used,
    )  # fmt: skip
