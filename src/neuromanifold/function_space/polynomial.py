"""The neuromanifolds of polynomial networks (``pnn``) and polynomial convolutions (``pcnn``).

Their dimension is computed (generic Jacobian rank mod random primes); the theorems here give the
expected dimension, identifiability and, for ``pcnn``, the degree, and are checked against it.

Reference: Kileel–Trager–Bruna 2019; Usevich–Borsoi–Dérand–Clausel 2025 (UBDC25);
Alexander–Hirschowitz 1995; Chiantini–Ottaviani–Vannieuwenhoven 2017; Shahverdi–Marchetti–Kohn
2025; SPEC §2.3.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise
from math import comb, factorial, prod

from neuromanifold.algebra import ImplicitVariety, ParametrizedVariety
from neuromanifold.algebra.segre import segre_veronese_generic_ed_degree
from neuromanifold.architectures import PolynomialConvNetwork, PolynomialNetwork
from neuromanifold.architectures.polynomial import monomial_count
from neuromanifold.dispatch import default_of
from neuromanifold.errors import InputError
from neuromanifold.function_space import invariants
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.function_space.facts import Fact, Facts, facts
from neuromanifold.function_space.neurovariety import distance_variety, implicit_variety
from neuromanifold.parametrization import parametrization

__all__ = [
    "alexander_hirschowitz_dimension",
    "dimension_upper_bound",
    "useful_width",
    "useful_widths",
]

UBDC25 = "Usevich–Borsoi–Dérand–Clausel 2025"
SMK25 = "Shahverdi–Marchetti–Kohn 2025"
_SEMI = "the image of a polynomial map: semi-algebraic; not decided by a theorem here"
#: Defective (variables n, degree r, rank k) beyond the quadrics (Alexander–Hirschowitz).
AH_EXCEPTIONS = frozenset({(3, 4, 5), (4, 4, 9), (5, 3, 7), (5, 4, 14)})
#: Non-identifiable subgeneric (n, r, k) that are not defective (Chiantini–Ottaviani–Vannieuwenhoven).
COV_EXCEPTIONS = frozenset({(3, 6, 9), (4, 4, 8), (6, 3, 9)})


def alexander_hirschowitz_dimension(n: int, r: int, k: int) -> int:
    """Dimension of the affine cone over the k-th secant of the degree-r Veronese of P^{n−1}.

    The forms Σ_{i ≤ k} ℓ_i^r in n variables: min(kn, C(n + r − 1, r)) except the
    Alexander–Hirschowitz exceptions: quadrics (rank-k symmetric matrices, kn − C(k, 2)) for
    2 ≤ k ≤ n − 1, and (3,4,5), (4,4,9), (5,3,7), (5,4,14) with defect 1.

    Example:
        >>> alexander_hirschowitz_dimension(3, 4, 5)     # SPEC §6: pnn:3,5,1:r=4 → 14
        14
    """
    ambient = monomial_count(n, r)
    if r == 2 and 2 <= k <= n - 1:
        return k * n - k * (k - 1) // 2
    if (n, r, k) in AH_EXCEPTIONS:
        return min(k * n, ambient) - 1
    return min(k * n, ambient)


@lru_cache(maxsize=1 << 12)
def useful_width(d0: int, previous: int, r: int, layer: int) -> int:
    r"""The largest width of hidden layer ``layer`` (from 1) that can change the function space.

    The activations :math:`a_l = z_l^{r}` of hidden layer l are forms of degree :math:`r^l` in
    :math:`d_0` variables, and powers of linear combinations of the :math:`d_{l-1}` entries of
    :math:`a_{l-1}`: they span at most :math:`B_l = \min\big(\binom{r^l + d_0 - 1}{d_0 - 1},
    \binom{d_{l-1} + r - 1}{r}\big)` dimensions. With :math:`d_l > B_l` neurons, some
    :math:`B_l` of them span the rest at any parameter, so :math:`W_{l+1} a_l` is computed by
    those :math:`B_l` neurons alone: the network with :math:`d_l` lowered to :math:`B_l` has
    the same image (and so the same dimension; the smaller image is contained in the larger one
    by zero weights). A minimal filling architecture has :math:`d_l \le B_l` (for r = 2 the
    second bound is UBDC25 Rem. 18).

    Example:
        >>> useful_width(2, 3, 2, 2)     # forms of degree 4 in 2 variables: 5; squares of 3: 6
        5
    """
    return min(comb(r**layer + d0 - 1, d0 - 1), comb(previous + r - 1, r))


@lru_cache(maxsize=1 << 16)
def useful_widths(widths: tuple[int, ...], r: int) -> tuple[int, ...]:
    """The widths with each hidden width lowered to :func:`useful_width` (left to right).

    The network has the same image as the given one (see :func:`useful_width`).

    Example:
        >>> useful_widths((2, 3, 9, 1), 2)
        (2, 3, 5, 1)
    """
    out = list(widths)
    for layer in range(1, len(out) - 1):
        out[layer] = min(out[layer], useful_width(out[0], out[layer - 1], r, layer))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def dimension_upper_bound(widths: tuple[int, ...], r: int) -> int:
    r"""A proven upper bound on the dimension of ``pnn:widths:r=r`` (widths input first).

    The least of: the ambient dimension :math:`d_L\binom{r^{L-1} + d_0 - 1}{d_0 - 1}`; the
    parameters minus the rescalings, :math:`\sum_l d_{l-1}d_l - \sum_{hidden} d_l`; the same
    bound for :func:`useful_widths` (same image); and the recursive bound of Dao–Rodriguez
    :math:`D(d_0,\dots,d_l,\dots,d_L) \le D(d_0,\dots,d_l) + D(d_l,\dots,d_L) - d_l` at every
    hidden layer l, with this function for both parts. A single layer (two widths) is a linear
    map: :math:`D(a, b) = ab`.

    Why the recursive bound holds: the network is :math:`R\circ\sigma\circ F` with F in the
    left part's function space (its output z_l) and R in the right part's; the torus
    :math:`(\mathbb{C}^*)^{d_l}` acting by :math:`F \mapsto \operatorname{diag}(\lambda)F`,
    :math:`R \mapsto R\circ\operatorname{diag}(\lambda^{-r})` keeps both spaces and the
    composition, with orbits of dimension :math:`d_l` at generic F, so the image of the
    composition has dimension at most the sum minus :math:`d_l`.

    Example:
        >>> dimension_upper_bound((2, 3, 4, 5, 3, 6, 4, 1), 2)   # SPEC §6: dim 39, ambient 65
        39

    Reference: Dao–Rodriguez 2026; Kileel–Trager–Bruna 2019 (the parameter count).
    """
    if len(widths) == 2:
        return widths[0] * widths[1]
    depth = len(widths) - 1
    ambient = widths[-1] * monomial_count(widths[0], r ** (depth - 1))
    count = sum(a * b for a, b in pairwise(widths)) - sum(widths[1:-1])
    best = min(ambient, count)
    clipped = useful_widths(widths, r)
    if clipped != widths:
        best = min(best, dimension_upper_bound(clipped, r))
    for layer in range(1, depth):
        left = dimension_upper_bound(widths[: layer + 1], r)
        right = dimension_upper_bound(widths[layer:], r)
        best = min(best, left + right - widths[layer])
    return best


def _one_hidden_one_output(arch: PolynomialNetwork) -> bool:
    return len(arch.widths) == 3 and arch.widths[-1] == 1 and arch.degrees[0] >= 2


@invariants.expected_dimension.register
def _expected_pnn(arch: PolynomialNetwork) -> tuple[int, str]:
    count = arch.n_params - sum(arch.hidden)
    return min(arch.ambient_dim, count), "min(ambient, Σ d_{l−1} d_l − Σ hidden d_l)"


@invariants.dimension_bound.register
def _bound_pnn(arch: PolynomialNetwork) -> int:
    expected = min(arch.ambient_dim, arch.n_params - sum(arch.hidden))  # as _expected_pnn
    if len(set(arch.degrees)) == 1:  # the recursive bound, for one activation degree
        return min(expected, dimension_upper_bound(arch.widths, arch.degrees[0]))
    return expected


def _predicted(arch: PolynomialNetwork) -> tuple[bool, str] | None:
    """Non-defectivity predicted by a theorem (True/False), with the theorem; ``None`` if none."""
    w, rs = arch.widths, arch.degrees
    if _one_hidden_one_output(arch):
        n, k, r = w[0], w[1], rs[0]
        expected = min(k * n, monomial_count(n, r))
        ah = alexander_hirschowitz_dimension(n, r, k)
        return ah == expected, f"Alexander–Hirschowitz: dim = {ah}"
    pyramidal = all(w[i] >= w[i + 1] for i in range(len(w) - 2)) and w[-2] >= 2
    if pyramidal and ((min(rs) >= 2 and w[-1] >= 2) or (min(rs) >= 3 and w[-1] == 1)):
        return True, f"pyramidal widths ({UBDC25}, Cor. 16)"
    if all(r >= 2 * d - 1 for r, d in zip(rs, arch.hidden, strict=True)):
        return True, f"r_l ≥ 2 d_l − 1 for every hidden layer ({UBDC25}, Cor. 17)"
    for l_, (r, d) in enumerate(zip(rs, arch.hidden, strict=True)):
        if r == 2 and d > w[l_] * (w[l_] + 1) // 2:
            return False, f"r = 2 and d_{l_ + 1} > d_{l_}(d_{l_} + 1)/2 ({UBDC25}, Rem. 18)"
    return None


@invariants.identifiability.register
def _identifiability_pnn(arch: PolynomialNetwork, dim: int) -> invariants.Identifiability:
    finite = dim == arch.n_params - sum(arch.hidden)
    predicted = _predicted(arch)
    if predicted is not None and predicted[0] and not finite:
        raise AssertionError(f"{arch.text}: computed dimension {dim} contradicts {predicted[1]}")
    why = f"dim = {dim} {'=' if finite else '<'} N − Σ hidden = {arch.n_params - sum(arch.hidden)}"
    why = f"{why}; finitely identifiable iff non-defective ({UBDC25}, Prop. 10)"
    if predicted is not None:
        why = f"{why}; predicted by {predicted[1]}"
    if not finite:
        return invariants.Identifiability("no", why)
    if _one_hidden_one_output(arch):
        n, k, r = arch.widths[0], arch.widths[1], arch.degrees[0]
        if r >= 3 and k * n < monomial_count(n, r) and (n, r, k) not in COV_EXCEPTIONS:
            return invariants.Identifiability(
                "globally",
                f"{why}; a general form of subgeneric Waring rank {k} has a unique decomposition "
                "(Chiantini–Ottaviani–Vannieuwenhoven 2017, Thm 1.1)",
            )
    return invariants.Identifiability("finitely", why)


@distance_variety.register
def _distance_variety_pnn(
    arch: PolynomialNetwork, *, seed: int = 0, timeout: float = 120.0
) -> ImplicitVariety | ParametrizedVariety:
    """μ with one scaling chart per hidden neuron when that leaves finite fibers (non-defective:
    dim = N − Σ hidden, UBDC25 Prop. 10); otherwise the implicit equations by elimination."""
    dim = generic_rank(parametrization(arch), seed=seed).dim
    if dim == arch.ambient_dim:
        raise InputError(f"architecture: {arch.text} fills its ambient space; its ED degree is 1")
    if dim == arch.n_params - sum(arch.hidden):
        return default_of(distance_variety)(arch, seed=seed, timeout=timeout)
    return implicit_variety(arch, dim, timeout=timeout)


@facts.register
def _facts_pnn(arch: PolynomialNetwork, full_dimensional: bool) -> Facts:
    unknown = Fact(None, _SEMI)
    return Facts(
        filling=Fact(
            full_dimensional, "computed: whether dim M (generic rank) equals the ambient dimension"
        ),
        closed=unknown,
        algebraic=unknown,
        has_boundary=unknown,
        has_singular_points=unknown,
        symmetries=parametrization(arch).symmetries,
    )


@invariants.expected_dimension.register
def _expected_pcnn(arch: PolynomialConvNetwork) -> tuple[int, str]:
    count = sum(arch.filter_sizes) - arch.n_layers + 1
    return min(arch.ambient_dim, count), f"Σ k − L + 1: the Segre–Veronese variety ({SMK25})"


@invariants.degree.register
def _degree_pcnn(arch: PolynomialConvNetwork) -> tuple[int, str]:
    ks, exps = arch.filter_sizes, arch.exponents
    top = factorial(sum(ks) - len(ks))
    value = top * prod(a ** (k - 1) for k, a in zip(ks, exps, strict=True))
    value //= prod(factorial(k - 1) for k in ks)
    return value, f"(Σk − L)! ∏_j a_j^(k_j − 1)/(k_j − 1)!, a_j = r^(L−j−1) ({SMK25})"


@invariants.generic_ed_degree.register
def _generic_ed_degree_pcnn(arch: PolynomialConvNetwork) -> tuple[int, str]:
    dims = tuple(k - 1 for k in arch.filter_sizes)
    value = segre_veronese_generic_ed_degree(dims, arch.exponents)
    return value, (
        "the Segre–Veronese variety's Chern classes, c(T) = ∏(1 + h_j)^(k_j), H = Σ a_j h_j "
        f"(Draisma et al. 2016, Thm. 5.8; {SMK25})"
    )


@invariants.identifiability.register
def _identifiability_pcnn(arch: PolynomialConvNetwork, dim: int) -> invariants.Identifiability:
    return invariants.Identifiability(
        "globally",
        f"μ is birational onto the Segre–Veronese variety up to filter rescalings ({SMK25})",
    )


@facts.register
def _facts_pcnn(arch: PolynomialConvNetwork, full_dimensional: bool) -> Facts:
    unknown = Fact(None, _SEMI)
    return Facts(
        filling=Fact(
            full_dimensional, f"computed; the closure is a Segre–Veronese variety ({SMK25})"
        ),
        closed=unknown,
        algebraic=unknown,
        has_boundary=unknown,
        has_singular_points=Fact(
            None, f"singular points come from sub-networks ({SMK25}); not decided here"
        ),
        symmetries=parametrization(arch).symmetries,
    )
