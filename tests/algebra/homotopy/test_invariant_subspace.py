"""Invariant subspaces by the Riccati homotopy, against eigenvectors (numpy) and closed counts."""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
import pytest

from neuromanifold.algebra.homotopy.invariant_subspace import (
    RiccatiHomotopy,
    distinct_eigenvalues,
    invariant_subspaces,
    path_count,
    riccati_equations,
)
from neuromanifold.budget import budget
from neuromanifold.errors import BudgetError, InputError


def _projector(basis):
    """The projector onto col(basis) along the complement (basis^+ by least squares)."""
    return basis @ np.linalg.pinv(basis)


def _eigen_projectors(matrix, r):
    """Spectral projectors onto every span of r eigenvectors (numpy: an independent method)."""
    vals, vecs = np.linalg.eig(np.asarray(matrix, dtype=float))
    return [_projector(vecs[:, list(idx)]) for idx in combinations(range(len(vals)), r)]


def _match(found, expected):
    """Each projector found equals exactly one expected one (a bijection)."""
    used = set()
    for p in found:
        gaps = [np.linalg.norm(p - q) / max(1.0, np.linalg.norm(q)) for q in expected]
        best = int(np.argmin(gaps))
        assert gaps[best] < 1e-8 and best not in used
        used.add(best)
    return len(used)


def test_path_count_is_the_binomial_not_the_total_degree():
    assert (path_count(4, 2), path_count(5, 2), path_count(8, 3)) == (6, 10, 56)
    # the total degree of the Riccati equations: r(n - r) quadrics
    full = np.arange(1, 26).reshape(5, 5)
    for n, r in [(4, 2), (5, 2)]:
        system = riccati_equations(full[:n, :n].tolist(), r)
        assert system.nvars == r * (n - r) and set(system.degrees()) == {2}
    with pytest.raises(InputError, match="0 < r"):
        path_count(4, 4)


def test_homotopy_jacobians_are_the_derivatives():
    rng = np.random.default_rng(1)
    n, r = 5, 2
    cplx = lambda *s: rng.normal(size=s) + 1j * rng.normal(size=s)  # noqa: E731
    hom = RiccatiHomotopy(cplx(n, n), cplx(n, n), r)
    x, t, e = cplx(3, 6), rng.random(3), 1e-7
    _h, hx, ht = hom.evaluate(x, t)
    for k in range(6):
        dx = np.zeros(6, complex)
        dx[k] = e
        fd = (hom.evaluate(x + dx, t)[0] - hom.evaluate(x - dx, t)[0]) / (2 * e)
        assert np.allclose(fd, hx[:, :, k], atol=1e-6)
    fd = (hom.evaluate(x, t + e)[0] - hom.evaluate(x, t - e)[0]) / (2 * e)
    assert np.allclose(fd, ht, atol=1e-6)


@pytest.mark.parametrize(("n", "r"), [(4, 2), (5, 2), (5, 1), (6, 3)])
def test_symmetric_matrix_subspaces_are_eigenvector_spans(n, r):
    rng = np.random.default_rng(n * 10 + r)
    a = rng.integers(-50, 51, size=(n, n))
    s = a + a.T
    subs = invariant_subspaces(s.tolist(), r, seed=3)
    assert subs.complete and subs.count == comb(n, r) == subs.expected
    assert subs.n_real == comb(n, r)  # symmetric: all real, shown by the boxes
    found = [_projector(b) for b in subs.bases]
    assert _match(found, _eigen_projectors(s, r)) == comb(n, r)


def test_real_matrix_with_complex_eigenvalues_has_fewer_real_subspaces():
    """Eigenvalues 3 and 1 ± 2i: three lines (one real) and three planes (one real)."""
    rot = np.array([[1, -2, 0], [2, 1, 0], [0, 0, 3]])
    g = np.array([[2, 1, 0], [1, 1, 1], [0, 1, 3]])  # det 1: an integer change of basis
    m = g @ rot @ np.round(np.linalg.inv(g)).astype(int)
    for r in (1, 2):
        subs = invariant_subspaces(m.tolist(), r, seed=r)
        assert subs.complete and subs.count == 3 and subs.n_real == 1
        found = [_projector(b) for b in subs.bases]
        assert _match(found, _eigen_projectors(m, r)) == 3


def test_repeated_eigenvalues_are_never_called_complete():
    assert distinct_eigenvalues([[2, 1], [1, 2]])
    assert not distinct_eigenvalues([[2, 0, 0], [0, 2, 0], [0, 0, 5]])
    subs = invariant_subspaces([[2, 0, 0], [0, 2, 0], [0, 0, 5]], 1, attempts=1)
    assert not subs.complete and "NOT distinct" in subs.evidence


def test_path_count_is_announced_before_tracking_and_the_budget_refuses():
    heard = []
    subs = invariant_subspaces(np.diag([1, 2, 3, 4]).tolist(), 2, progress=heard.append)
    assert len(heard) == 1 and "tracking 6 paths" in heard[0] and subs.paths == 6
    with budget(max_paths=5), pytest.raises(BudgetError, match="--max-paths"):
        invariant_subspaces(np.diag([1, 2, 3, 4]).tolist(), 2, progress=heard.append)
    assert len(heard) == 1  # refused before announcing or tracking
    with pytest.raises(InputError, match="exact"):
        invariant_subspaces([[1.5, 0], [0, 2.0]], 1)
