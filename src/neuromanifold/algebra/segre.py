"""The generic ED degree of a Segre variety from its Chern classes (the closed-form oracle)."""

from __future__ import annotations

from itertools import product
from math import comb, factorial

__all__ = ["segre_generic_ed_degree"]


def segre_generic_ed_degree(dims: tuple[int, ...] | list[int]) -> int:
    r"""Generic ED degree of the Segre variety :math:`X = \mathbb{P}^{n_1} \times \cdots \times \mathbb{P}^{n_L}`.

    For a smooth projective :math:`X` of dimension m transversal to the isotropic quadric,
    :math:`\mathrm{EDdeg}(X) = \sum_{i=0}^{m} (-1)^i (2^{m+1-i} - 1) \deg c_i(X)`
    (Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016, Thm. 5.8), with
    :math:`\deg c_i(X) = \int c_i(TX)\, h^{m-i}`, :math:`c(TX) = \prod_j (1 + h_j)^{n_j + 1}`,
    :math:`h = \sum_j h_j` and :math:`\int \prod_j h_j^{n_j} = 1`.

    Args:
        dims: the projective dimensions :math:`(n_1, \dots, n_L)`, each ≥ 0.

    Returns:
        The generic ED degree (an integer).

    Example:
        >>> [segre_generic_ed_degree(d) for d in [(1, 1), (1, 2), (2, 2), (1, 1, 1)]]
        [6, 10, 39, 34]
    """
    ns = tuple(int(n) for n in dims)
    if not ns or any(n < 0 for n in ns):
        raise ValueError(f"dims: expected non-negative projective dimensions, got {dims!r}")
    m = sum(ns)
    total = 0
    for i in range(m + 1):
        # deg c_i = Σ over monomials h^a (|a| = i) of coeff in c(TX) times ∫ h^a · h^{m-i}
        degree = 0
        for a in product(*(range(n + 1) for n in ns)):
            if sum(a) != i:
                continue
            coeff = 1
            for aj, nj in zip(a, ns, strict=True):
                coeff *= comb(nj + 1, aj)
            # ∫ h^a (Σ h_j)^{m-i}: multinomial with exponents b_j = n_j − a_j
            b = [nj - aj for aj, nj in zip(a, ns, strict=True)]
            multinomial = factorial(m - i)
            for bj in b:
                multinomial //= factorial(bj)
            degree += coeff * multinomial
        total += (-1) ** i * (2 ** (m + 1 - i) - 1) * degree
    return total
