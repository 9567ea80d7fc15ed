r"""The generic ED degree of a Segre–Veronese variety from its Chern classes (closed-form oracle).

:math:`X = \mathbb{P}^{n_1} \times \cdots \times \mathbb{P}^{n_L}` embedded by
:math:`\mathcal{O}(a_1, \dots, a_L)`: the Segre variety (all :math:`a_j = 1`, strided linear
convolutions, rank-one tensors), the Veronese variety (:math:`L = 1`) and the polynomial
convolutional networks of Shahverdi–Marchetti–Kohn 2025 (:math:`a_j = r^{L-1-j}`, input filter
first) are all of this form.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product
from math import comb, factorial, prod

__all__ = ["segre_generic_ed_degree", "segre_veronese_generic_ed_degree"]


def segre_veronese_generic_ed_degree(
    dims: Sequence[int], degrees: Sequence[int] | None = None
) -> int:
    r"""Generic ED degree of :math:`\mathbb{P}^{n_1} \times \cdots \times \mathbb{P}^{n_L}` in :math:`\mathcal{O}(a_1, \dots, a_L)`.

    For a smooth projective :math:`X` of dimension m transversal to the isotropic quadric,
    :math:`\mathrm{EDdeg}(X) = \sum_{i=0}^{m} (-1)^i (2^{m+1-i} - 1) \deg c_i(X)`
    (Draisma–Horobeț–Ottaviani–Sturmfels–Thomas 2016, Thm. 5.8), with
    :math:`\deg c_i(X) = \int c_i(TX)\, H^{m-i}`, :math:`c(TX) = \prod_j (1 + h_j)^{n_j + 1}`,
    the hyperplane class :math:`H = \sum_j a_j h_j` and :math:`\int \prod_j h_j^{n_j} = 1`.
    "Generic" is the ED degree for a generic quadratic distance (generic weights); it does not
    depend on the scaling of the coordinates, so the monomial coordinates :math:`w^\gamma` and
    the network's coefficients (the same up to nonzero constants) have the same one.

    Args:
        dims: the projective dimensions :math:`(n_1, \dots, n_L)`, each ≥ 0.
        degrees: the embedding degrees :math:`(a_1, \dots, a_L)`, each ≥ 1 (``None``: all 1,
            the Segre variety).

    Returns:
        The generic ED degree (an integer).

    Example:
        >>> segre_veronese_generic_ed_degree((1, 1), (2, 1))      # pcnn:k=2,2:r=2
        14
        >>> segre_veronese_generic_ed_degree((1,), (4,))         # rational normal quartic: 3d − 2
        10

    Reference: Draisma et al., Found. Comput. Math. 16 (2016), Thm. 5.8; Shahverdi–Marchetti–Kohn,
    AISTATS 2025 (polynomial convolutions); SPEC §2.3.
    """
    ns = tuple(int(n) for n in dims)
    if not ns or any(n < 0 for n in ns):
        raise ValueError(f"dims: expected non-negative projective dimensions, got {dims!r}")
    as_ = tuple(int(a) for a in degrees) if degrees is not None else (1,) * len(ns)
    if len(as_) != len(ns) or any(a < 1 for a in as_):
        raise ValueError(f"degrees: expected {len(ns)} positive embedding degrees, got {degrees!r}")
    m = sum(ns)
    total = 0
    for i in range(m + 1):
        # deg c_i = Σ over monomials h^e (|e| = i) of their coefficient in c(TX) times
        # ∫ h^e H^{m−i}, and ∫ h^e H^{m−i} = multinomial(m − i; n − e) ∏ a_j^{n_j − e_j}
        degree = 0
        for e in product(*(range(n + 1) for n in ns)):
            if sum(e) != i:
                continue
            coeff = prod(comb(nj + 1, ej) for ej, nj in zip(e, ns, strict=True))
            rest = [nj - ej for ej, nj in zip(e, ns, strict=True)]
            multinomial = factorial(m - i) // prod(factorial(b) for b in rest)
            degree += coeff * multinomial * prod(a**b for a, b in zip(as_, rest, strict=True))
        total += (-1) ** i * (2 ** (m + 1 - i) - 1) * degree
    return total


def segre_generic_ed_degree(dims: tuple[int, ...] | list[int]) -> int:
    r"""Generic ED degree of the Segre variety :math:`\mathbb{P}^{n_1} \times \cdots \times \mathbb{P}^{n_L}`.

    :func:`segre_veronese_generic_ed_degree` with every embedding degree 1.

    Example:
        >>> [segre_generic_ed_degree(d) for d in [(1, 1), (1, 2), (2, 2), (1, 1, 1)]]
        [6, 10, 39, 34]
    """
    return segre_veronese_generic_ed_degree(dims)
