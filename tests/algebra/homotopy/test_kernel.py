r"""The compiled kernel's evaluation programs against the numpy evaluator (independent code).

`kernel._spec` compiles a system into flat term lists, the ED form through the chart and the
parametrization's gradients and Hessians (its $F_s$ mirrored from the upper triangle); the
numpy `CompiledSystem.evaluate` multiplies the expanded monomials out. Every mode of the
kernel's `_evaluate` must give the same $F$, $F_x$ and $H_t = F_p\,\dot p$ at random complex
points, for the structured and the monomial form alike.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from neuromanifold.algebra.homotopy import ed_problem_parametric, kernel
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space.neurovariety import gauge
from neuromanifold.parametrization import symbolic_map

pytestmark = pytest.mark.skipif(not kernel.AVAILABLE, reason="numba not installed")


def _evaluations(form, x, p, dp):
    """{mode: (F, F_x, H_t)} from the kernel, NaN where the mode does not write."""
    iv, fv = kernel._spec(form)
    n = x.size
    out = {}
    for mode in range(5):
        f = np.full(n, np.nan, dtype=complex)
        jx = np.full((n, n), np.nan, dtype=complex)
        ht = np.full(n, np.nan, dtype=complex)
        cw = np.empty(int(iv[kernel._WS_SIZE]), dtype=complex)
        kernel._evaluate(x, p, dp, iv, fv, mode, f, jx, ht, cw)
        out[mode] = (f, jx, ht)
    return out


@pytest.mark.parametrize("text", ["fc:3,1,3", "lcn:k=3,3:s=2,1", "fc:3,2,3"])
def test_every_mode_of_both_programs_matches_the_numpy_evaluator(text):
    arch = parse_architecture(text).minimal()
    phi, names = symbolic_map(arch)
    problem = ed_problem_parametric(phi, names, constraints=gauge(arch, seed=0), seed=1)
    assert problem.structured is not None
    plain = dataclasses.replace(problem.evaluator, structured=None)
    rng = np.random.default_rng(3)
    n, m = plain.nvars, plain.nparams
    x = rng.normal(size=n) + 1j * rng.normal(size=n)
    p = rng.normal(size=m) + 1j * rng.normal(size=m)
    dp = rng.normal(size=m) + 1j * rng.normal(size=m)
    f, jx, fp = (a[0] for a in plain.evaluate(x[None], p[None]))
    ht = fp @ dp
    writes = {0: (True, False, False), 1: (True, True, False), 2: (False, True, True)}
    writes |= {3: (False, False, True), 4: (True, False, True)}
    for form in (problem.structured, plain.sparse):
        for mode, got in _evaluations(form, x, p, dp).items():
            for want, value, written in zip((f, jx, ht), got, writes[mode], strict=True):
                if written:
                    scale = np.abs(want).max()
                    assert np.abs(value - want).max() <= 1e-12 * scale, (text, mode)
                else:  # the mode leaves this output alone
                    assert np.isnan(value).all(), (text, mode)


def test_structured_jacobian_is_the_symmetric_hessian():
    r"""$F_s$ of the ED form is the Hessian of $\tfrac12 \sum_i (\lambda_i\varphi_i -
    w_i)^2/\lambda_i$ in the chart: symmetric, and equal to central differences of $F$."""
    arch = parse_architecture("fc:3,1,3").minimal()
    phi, names = symbolic_map(arch)
    problem = ed_problem_parametric(phi, names, constraints=gauge(arch, seed=0), seed=2)
    rng = np.random.default_rng(4)
    n, m = problem.evaluator.nvars, problem.evaluator.nparams
    x = rng.normal(size=n) + 1j * rng.normal(size=n)
    p = rng.normal(size=m) + 1j * rng.normal(size=m)
    modes = _evaluations(problem.structured, x, p, np.zeros(m, dtype=complex))
    jx = modes[1][1]
    assert np.array_equal(jx, jx.T)
    eps = 1e-6
    for j in range(n):
        e = np.zeros(n, dtype=complex)
        e[j] = eps
        plus = _evaluations(problem.structured, x + e, p, np.zeros(m, dtype=complex))[0][0]
        minus = _evaluations(problem.structured, x - e, p, np.zeros(m, dtype=complex))[0][0]
        column = (plus - minus) / (2 * eps)
        assert np.abs(column - jx[:, j]).max() <= 1e-6 * np.abs(jx).max()
