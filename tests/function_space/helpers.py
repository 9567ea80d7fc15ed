"""Independent oracles for the membership tests: Sturm real-root counts, exact μ checks."""

from __future__ import annotations

import itertools

import flint

from neuromanifold.parametrization import parametrization
from neuromanifold.parametrization.ring import to_fmpq


def sturm_count(coefficients: list) -> int:
    """Number of distinct real roots of a nonzero polynomial (lowest degree first), by Sturm."""
    p = flint.fmpq_poly([to_fmpq(c) for c in coefficients])
    if p.degree() <= 0:
        return 0
    seq = [p, p.derivative()]
    while seq[-1].degree() > 0:
        rem = -(seq[-2] % seq[-1])
        if rem.is_zero():
            break
        seq.append(rem)

    def changes(signs: list[int]) -> int:
        signs = [s for s in signs if s != 0]
        return sum(1 for a, b in itertools.pairwise(signs) if a != b)

    def sign_at_inf(q: flint.fmpq_poly, negative: bool) -> int:
        lead = q[q.degree()]
        s = 1 if lead > 0 else -1
        return -s if negative and q.degree() % 2 else s

    return changes([sign_at_inf(q, True) for q in seq]) - changes(
        [sign_at_inf(q, False) for q in seq]
    )


def real_roots_with_multiplicity(coefficients: list, degree: int) -> int:
    """Projective real roots with multiplicity via square-free decomposition and Sturm."""
    p = flint.fmpq_poly([to_fmpq(c) for c in coefficients])
    total = degree - p.degree()
    _, factors = p.numer().factor_squarefree()
    for g, m in factors:
        total += m * sturm_count([flint.fmpq(c) for c in g.coeffs()])
    return total


def check_exact_witness(arch, answer, f) -> None:
    """μ(witness) == f exactly."""
    assert answer.witness_exact
    value = parametrization(arch).exact(list(answer.theta)).reshape(-1)
    assert list(value) == [to_fmpq(c) for c in f]


def check_witness(arch, answer, f) -> None:
    """μ(witness) == f exactly when the witness is exact, else to double precision."""
    if answer.witness_exact:
        check_exact_witness(arch, answer, f)
        return
    import numpy as np

    value = parametrization(arch)(np.array(answer.theta, dtype=float)).reshape(-1)
    target = np.array([float(to_fmpq(c).p) / float(to_fmpq(c).q) for c in f])
    assert np.allclose(value, target, rtol=1e-9, atol=1e-9 * max(1.0, float(np.abs(target).max())))
