r"""The parametrization of polynomial networks (``pnn``) and polynomial convolutions (``pcnn``).

Forms of degree D in n variables are coefficient vectors in the **plain monomial basis**, monomials
in lexicographic order of their sorted variable indices (:func:`monomials`: for n = 2, D = 2 the
order is x0², x0·x1, x1²). The same code runs over every ring (floats, residues mod p, ℚ,
polynomials): products of forms are outer products summed by a fixed index table
(:func:`form_product`), and the Jacobian is computed exactly by forward-mode differentiation
through that code (no sampling).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations_with_replacement

import flint
import numpy as np

from neuromanifold.algebra import factor_scaling_charts, scaling_charts
from neuromanifold.algebra.modular import (
    matmul_mod,
    random_residues,
    reduce_mod,
)
from neuromanifold.architectures.polynomial import PolynomialConvNetwork, PolynomialNetwork
from neuromanifold.parametrization.base import (
    Parametrization,
    register_parametrization,
    rescaling_symmetries,
)
from neuromanifold.parametrization.ring import Ring

__all__ = [
    "ConvolutionalPowerMap",
    "PolynomialNetworkMap",
    "form_product",
    "lattice_points",
    "monomial_values_mod_p",
    "monomials",
]


@lru_cache(maxsize=256)
def monomials(variables: int, degree: int) -> tuple[tuple[int, ...], ...]:
    """The monomials of a degree, as sorted tuples of variable indices, in lexicographic order.

    Example:
        >>> monomials(2, 2)
        ((0, 0), (0, 1), (1, 1))
    """
    return tuple(combinations_with_replacement(range(variables), degree))


@lru_cache(maxsize=256)
def _product_table(variables: int, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """(order, starts): pairs (i, j) of monomials sorted by the index of their product."""
    index = {m: k for k, m in enumerate(monomials(variables, a + b))}
    left, right = monomials(variables, a), monomials(variables, b)
    target = np.array([index[tuple(sorted(u + v))] for u in left for v in right])
    order = np.argsort(target, kind="stable")
    starts = np.searchsorted(target[order], np.arange(len(index)))
    return order, starts


def _is_exact(x: np.ndarray) -> bool:
    return x.dtype == object


def form_product(
    f: np.ndarray, g: np.ndarray, variables: int, a: int, b: int, ring: Ring
) -> np.ndarray:
    """The product of forms of degrees a and b (coefficient vectors on the last axis, broadcast).

    Example:
        >>> from neuromanifold.parametrization.ring import FLOAT
        >>> form_product(np.array([1.0, 2.0]), np.array([1.0, 2.0]), 2, 1, 1, FLOAT)  # (x+2y)²
        array([1., 4., 4.])
    """
    order, starts = _product_table(variables, a, b)
    outer = ring.reduce(f[..., :, None] * g[..., None, :])
    outer = outer.reshape((*outer.shape[:-2], -1))[..., order]
    return ring.reduce(np.add.reduceat(outer, starts, axis=-1))


def _one(like: np.ndarray) -> object:
    return like.flat[0] ** 0 if _is_exact(like) else 1.0


def _identity_tangents(w: np.ndarray, offset: int, n: int, ring: Ring) -> np.ndarray:
    """d w / dθ for a batched weight matrix w (batch, rows, cols) at offset: (batch, rows, n, cols)."""
    batch, rows, cols = w.shape
    out = ring.zeros((batch, rows, n, cols), w)
    i, j = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    out[:, i, offset + i * cols + j, j] = _one(w)
    return out


@register_parametrization(PolynomialNetwork)
class PolynomialNetworkMap(Parametrization[PolynomialNetwork]):
    r"""μ(W_1, …, W_L) = the d_L output forms of :math:`W_L\sigma(\cdots\sigma(W_1 x))`, σ = z^r.

    Coordinates: row j is output j's coefficients in the plain monomial basis of degree
    :math:`D = \prod r_l` in :math:`d_0` variables (:func:`monomials` order). Weights are the
    matrices :math:`W_l \in \mathbb{R}^{d_l\times d_{l-1}}`, row-major, input side first.

    Example:
        >>> mu = PolynomialNetworkMap(PolynomialNetwork((2, 1, 1), (2,)))
        >>> mu(np.array([1.0, 2.0, 3.0]))   # 3 (x + 2y)²
        array([[ 3., 12., 12.]])

    Reference: Kileel–Trager–Bruna 2019; SPEC §2.3.
    """

    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        arch = self.architecture
        n, forms, degree = arch.widths[0], layers[0], 1
        for w, r in zip(layers[1:], arch.degrees, strict=True):
            power = forms
            for k in range(1, r):
                power = form_product(power, forms, n, k * degree, degree, ring)
            degree *= r
            forms = ring.matmul(w, power)
        return forms

    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        arch = self.architecture
        n, big_n = arch.widths[0], arch.n_params
        forms, degree = layers[0], 1
        tangents = _identity_tangents(layers[0], 0, big_n, ring)  # (batch, width, N, monomials)
        offset = layers[0][0].size
        for w, r in zip(layers[1:], arch.degrees, strict=True):
            below = forms  # forms^(r−1), then d(forms^r) = r forms^(r−1) d forms
            for k in range(1, r - 1):
                below = form_product(below, forms, n, k * degree, degree, ring)
            power = (
                form_product(below, forms, n, (r - 1) * degree, degree, ring) if r > 1 else forms
            )
            if r > 1:
                tangents = form_product(
                    below[:, :, None, :], tangents, n, (r - 1) * degree, degree, ring
                )
                tangents = ring.reduce(tangents * r)
            degree *= r
            batch, width, _, m = tangents.shape
            out = ring.matmul(w, tangents.reshape(batch, width, big_n * m))
            out = out.reshape(batch, w.shape[1], big_n, m)
            # d(W · P) / dW[o, h] = P[h]
            rows, cols = w.shape[1:]
            o, h = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
            out[:, o, offset + o * cols + h, :] = out[:, o, offset + o * cols + h, :] + power[:, h]
            tangents = ring.reduce(out)
            forms = ring.matmul(w, power)
            offset += w[0].size
        batch, width, _, m = tangents.shape
        return tangents.transpose(0, 1, 3, 2).reshape(batch, width * m, big_n)

    def jacobian_at_points_mod_p(self, theta: np.ndarray, points: np.ndarray, p: int) -> np.ndarray:
        r"""The gradients :math:`\partial p_j(x)/\partial\theta` at points x, over F_p, by backprop.

        Row ``j·P + k`` is the gradient of output j at ``points[k]``: with
        :math:`z_l = W_l a_{l-1}`, :math:`a_l = z_l^{r_l}`, :math:`a_0 = x`, the gradient in
        :math:`W_l[o, h]` is :math:`\delta_l[o]\,a_{l-1}[h]` where :math:`\delta_L = e_j` and
        :math:`\delta_{l-1} = (W_l^\top\delta_l)\odot r\,z_{l-1}^{r-1}`. It equals
        :math:`V\,d\mu(\theta)` block by block, V the values of the monomials at the points
        (:func:`monomial_values_mod_p`): the cost is :math:`O(P\,N\,d_L)`, not the products of
        forms of the coefficient Jacobian.

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            points: integers in [0, p), shape ``(P, d_0)``.
            p: a prime below 2^20.

        Returns:
            Residues of shape ``(d_L·P, N)``.

        Example:
            >>> mu = PolynomialNetworkMap(PolynomialNetwork((1, 1, 1), (2,)))   # b (a x)²
            >>> mu.jacobian_at_points_mod_p(np.array([2, 3]), np.array([[5]]), 101)  # 2abx², a²x²
            array([[ 98., 100.]])
        """
        arch = self.architecture
        layers = [w[0] for w in self.split(np.asarray(theta, dtype=np.float64).reshape(1, -1))]
        x = reduce_mod(np.asarray(points, dtype=np.float64), p)
        n_points, d_out = x.shape[0], arch.widths[-1]
        acts, zs = [x], []
        for i, w in enumerate(layers):
            z = matmul_mod(acts[-1], w.T, p)
            zs.append(z)
            if i < len(arch.degrees):
                acts.append(_power_mod(z, arch.degrees[i], p))
        delta = np.broadcast_to(np.eye(d_out), (n_points, d_out, d_out))  # (point, j, o)
        blocks = []
        for i in range(len(layers) - 1, -1, -1):
            block = reduce_mod(delta[:, :, :, None] * acts[i][:, None, None, :], p)
            blocks.append(block.reshape(n_points, d_out, -1))
            if i:
                r = arch.degrees[i - 1]
                slope = reduce_mod(r * _power_mod(zs[i - 1], r - 1, p), p)
                back = matmul_mod(delta.reshape(-1, delta.shape[2]), layers[i], p)  # one GEMM
                delta = reduce_mod(back.reshape(n_points, d_out, -1) * slope[:, None, :], p)
        jac = np.concatenate(blocks[::-1], axis=2)  # (point, j, N)
        return np.ascontiguousarray(jac.transpose(1, 0, 2)).reshape(d_out * n_points, -1)

    def rank_sketch_mod_p(
        self, theta: np.ndarray, p: int, rng: np.random.Generator, columns: int
    ) -> np.ndarray:
        """V·dμ(θ)·R: gradients at the points of :func:`lattice_points`, V invertible mod p > D.

        The rows span the same space as those of dμ(θ) (V, the monomial values at the points,
        is invertible: see :func:`lattice_points`). R as in
        :meth:`Parametrization.rank_sketch_mod_p`.
        """
        arch = self.architecture
        if p <= arch.degree:  # pragma: no cover - primes here are above 2^19 > any degree
            return super().rank_sketch_mod_p(theta, p, rng, columns)
        points = lattice_points(arch.widths[0], arch.degree)
        jac = self.jacobian_at_points_mod_p(theta, points, p)
        n = arch.n_params
        if n > columns:
            jac = matmul_mod(jac, random_residues(rng, p, (n, columns)), p)
        return jac

    @property
    def symmetries(self) -> tuple[str, ...]:
        """Per hidden neuron a rescaling (λ on its row in, λ^{−r} on its column out); permutations."""
        out = []
        arch = self.architecture
        for i, (d, r) in enumerate(zip(arch.hidden, arch.degrees, strict=True)):
            out.append(
                f"rescaling of each of the {d} neurons of hidden layer {i + 1}: "
                f"(row of W_{i + 1}, column of W_{i + 2}) ↦ (λ·, λ^−{r}·)"
            )
            out.append(f"permutations S_{d} of the neurons of hidden layer {i + 1}")
        return tuple(out)

    def _symmetry_directions(self, layers: list[np.ndarray]) -> list[list[np.ndarray]]:
        """Per hidden neuron: d/dλ of (row in ↦ λ·row, column out ↦ λ^{−r}·column) at λ = 1."""
        out = []
        for i, r in enumerate(self.architecture.degrees):
            for h in range(layers[i].shape[0]):
                d = [np.zeros_like(w) for w in layers]
                d[i][h] = layers[i][h]
                d[i + 1][:, h] = -r * layers[i + 1][:, h]
                out.append(d)
        return out

    def _balance(self, layers: list[np.ndarray]) -> list[np.ndarray]:
        """Each hidden neuron's row in and column out to equal norms: λ^{1+r} = ‖col‖/‖row‖."""
        layers = [w.copy() for w in layers]
        for _ in range(3):
            for i, r in enumerate(self.architecture.degrees):
                rows = np.linalg.norm(layers[i], axis=1)
                cols = np.linalg.norm(layers[i + 1], axis=0)
                ok = (rows > 0) & (cols > 0)
                lam = np.ones_like(rows)
                lam[ok] = (cols[ok] / rows[ok]) ** (1.0 / (1 + r))
                layers[i] = layers[i] * lam[:, None]
                layers[i + 1] = layers[i + 1] * lam[None, :] ** (-r)
        return layers

    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        """One random scaling chart on the incoming row of every hidden neuron.

        Example:
            >>> len(PolynomialNetworkMap(PolynomialNetwork((3, 2, 1), (2,))).gauge_charts())
            2
        """
        groups = self.parameter_names()
        names = [n for group in groups for n in group]
        widths = self.architecture.widths
        rows = []
        for layer in range(len(widths) - 2):
            cols = widths[layer]
            rows.extend(groups[layer][i * cols : (i + 1) * cols] for i in range(widths[layer + 1]))
        return tuple(scaling_charts(rows, names, seed=seed))

    def coordinate_names(self) -> list[str]:
        """``f{j}_{e}``: output j, monomial with exponent vector e (joined by ``_``)."""
        arch = self.architecture
        n = arch.widths[0]
        out = []
        for j in range(arch.widths[-1]):
            for m in monomials(n, arch.degree):
                exps = [m.count(v) for v in range(n)]
                out.append(f"f{j}_" + "_".join(map(str, exps)))
        return out


def lattice_points(variables: int, degree: int) -> np.ndarray:
    r"""Points at which the values of forms of a degree determine them: :math:`(\beta, 1)`.

    The principal lattice :math:`\{\beta \in \mathbb{N}^{n-1} : |\beta| \le D\}` with a
    last coordinate 1, as many points as monomials of degree D in n variables. The values there
    determine a form over any field of characteristic above D: the Lagrange forms
    :math:`\ell_\beta = \prod_i \prod_{j<\beta_i} \frac{x_i - j x_n}{\beta_i - j}
    \prod_{j < D - |\beta|} \frac{(D - j) x_n - |x|}{D - |\beta| - j}` (with
    :math:`|x| = x_1 + \dots + x_{n-1}`) have degree D, and :math:`\ell_\beta(\gamma, 1)` is 1
    at γ = β and 0 at the other points, the denominators being integers in [1, D]. So the matrix
    of monomial values (:func:`monomial_values_mod_p`) is invertible mod every prime p > D.

    Example:
        >>> lattice_points(2, 2).tolist()
        [[0, 1], [1, 1], [2, 1]]

    Reference: Chung–Yao, "On lattices admitting unique Lagrange interpolations", SIAM J.
    Numer. Anal. 14 (1977).
    """
    return np.array(_lattice(variables, degree), dtype=np.int64).reshape(-1, variables)


@lru_cache(maxsize=64)
def _lattice(variables: int, degree: int) -> tuple[tuple[int, ...], ...]:
    return tuple(
        (*beta, 1) for total in range(degree + 1) for beta in _compositions(total, variables - 1)
    )


def _compositions(total: int, parts: int) -> list[tuple[int, ...]]:
    """The tuples of ``parts`` natural numbers summing to ``total``."""
    if parts == 0:
        return [()] if total == 0 else []
    return [
        (first, *rest)
        for first in range(total + 1)
        for rest in _compositions(total - first, parts - 1)
    ]


def _power_mod(z: np.ndarray, r: int, p: int) -> np.ndarray:
    """z^r entrywise over F_p (residues in float64); z^0 = 1."""
    out = np.ones_like(z)
    for _ in range(r):
        out = reduce_mod(out * z, p)
    return out


def monomial_values_mod_p(points: np.ndarray, degree: int, p: int) -> np.ndarray:
    """V[k, m] = points[k]^m over F_p for the monomials m of a degree (:func:`monomials` order).

    Example:
        >>> monomial_values_mod_p(np.array([[2, 3]]), 2, 101)   # x², xy, y² at (2, 3)
        array([[4., 6., 9.]])
    """
    x = reduce_mod(np.asarray(points, dtype=np.float64), p)
    mons = monomials(x.shape[1], degree)
    out = np.ones((x.shape[0], len(mons)))
    if degree == 0:
        return out
    exps = np.array([[m.count(v) for v in range(x.shape[1])] for m in mons])
    powers = [np.ones_like(x)]
    for _ in range(degree):
        powers.append(reduce_mod(powers[-1] * x, p))
    table = np.stack(powers, axis=2)  # (point, variable, exponent)
    for v in range(x.shape[1]):
        out = reduce_mod(out * table[:, v, exps[:, v]], p)
    return out


def _monomial_vector(
    w: np.ndarray, degree: int, ring: Ring
) -> tuple[np.ndarray, np.ndarray | None]:
    """(w^γ)_{|γ| = degree} and (w^{γ−1})_{|γ| = degree − 1} for a batched vector w (batch, k)."""
    k = w.shape[1]
    current = ring.zeros((w.shape[0], 1), w)
    current.fill(_one(w))  # fill: a polynomial is not broadcast as a sequence
    previous = None
    for deg in range(1, degree + 1):
        index = {m: i for i, m in enumerate(monomials(k, deg - 1))}
        parents = [index[m[:-1]] for m in monomials(k, deg)]
        last = [m[-1] for m in monomials(k, deg)]
        previous, current = current, ring.reduce(current[:, parents] * w[:, last])
    return current, previous


def _monomial_jacobian(w: np.ndarray, degree: int, ring: Ring) -> np.ndarray:
    """d(w^γ)/dw_i = γ_i w^{γ − e_i}: shape (batch, monomials, k)."""
    k = w.shape[1]
    mons = monomials(k, degree)
    out = ring.zeros((w.shape[0], len(mons), k), w)
    if degree == 0:
        return out
    _, lower = _monomial_vector(w, degree, ring)
    assert lower is not None
    index = {m: i for i, m in enumerate(monomials(k, degree - 1))}
    for row, m in enumerate(mons):
        for v in sorted(set(m)):
            rest = list(m)
            rest.remove(v)
            out[:, row, v] = lower[:, index[tuple(rest)]] * m.count(v)
    return ring.reduce(out)


def _outer(vectors: list[np.ndarray], ring: Ring) -> np.ndarray:
    out = vectors[0]
    for v in vectors[1:]:
        out = ring.reduce(out[..., None] * v.reshape((v.shape[0],) + (1,) * (out.ndim - 1) + (-1,)))
    return out


@register_parametrization(PolynomialConvNetwork)
class ConvolutionalPowerMap(Parametrization[PolynomialConvNetwork]):
    r"""μ(w_0, …, w_{L−1}) = :math:`w_0^{(a_0)} \otimes \cdots \otimes w_{L-1}^{(a_{L-1})}`.

    The Segre–Veronese point of the filters, input first, :math:`a_j = r^{L-1-j}`, with
    :math:`w^{(a)} = (w^\gamma)_{|\gamma|=a}` in :func:`monomials` order: the coefficients of the
    network's polynomial are these coordinates times fixed nonzero multinomial constants
    (repeated over the positions of the input), so the neuromanifold is this variety up to
    an injective linear map (SPEC §2.3).

    Example:
        >>> mu = ConvolutionalPowerMap(PolynomialConvNetwork((2, 2), (2,)))
        >>> mu(np.array([1.0, 2.0, 3.0, 5.0]))   # (1, 2, 4) ⊗ (3, 5)
        array([[ 3.,  5.],
               [ 6., 10.],
               [12., 20.]])

    Reference: Shahverdi–Marchetti–Kohn, AISTATS 2025.
    """

    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        parts = [
            _monomial_vector(w, a, ring)[0]
            for w, a in zip(layers, self.architecture.exponents, strict=True)
        ]
        return _outer(parts, ring)

    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        # column (j, i): the outer product with factor j replaced by d w_j^(a_j) / d w_{j,i}
        exps = self.architecture.exponents
        parts = [_monomial_vector(w, a, ring)[0] for w, a in zip(layers, exps, strict=True)]
        batch = layers[0].shape[0]
        m = self.architecture.ambient_dim
        blocks = []
        for j, (w, a) in enumerate(zip(layers, exps, strict=True)):
            dj = _monomial_jacobian(w, a, ring)  # (batch, M_j, k_j)
            k = w.shape[1]
            cols = []
            for i in range(k):
                cols.append(_outer([*parts[:j], dj[:, :, i], *parts[j + 1 :]], ring))
            blocks.append(np.stack([c.reshape(batch, m) for c in cols], axis=-1))
        return np.concatenate(blocks, axis=-1)

    @property
    def symmetries(self) -> tuple[str, ...]:
        """Rescalings of the filters w_j ↦ c_j w_j with ∏ c_j^{a_j} = 1."""
        return rescaling_symmetries(self.architecture.n_layers, "∏ c_j^(a_j) = 1")

    def _symmetry_directions(self, layers: list[np.ndarray]) -> list[list[np.ndarray]]:
        """Filter j scaled by 1 and the last by −a_j (∏ c_j^{a_j} = 1 to first order)."""
        exps = self.architecture.exponents
        out = []
        for j in range(len(layers) - 1):
            d = [np.zeros_like(w) for w in layers]
            d[j] = layers[j].copy()
            d[-1] = -exps[j] * layers[-1]
            out.append(d)
        return out

    def _balance(self, layers: list[np.ndarray]) -> list[np.ndarray] | None:
        """Every filter to the norm g = (‖w_{L−1}‖ ∏_j ‖w_j‖^{a_j})^{1/(1 + Σ a_j)}, j < L − 1."""
        norms = [float(np.linalg.norm(w)) for w in layers]
        if min(norms) == 0 or len(layers) == 1:
            return None
        exps = self.architecture.exponents[:-1]
        log_g = np.log(norms[-1]) + sum(a * np.log(n) for a, n in zip(exps, norms, strict=False))
        g = float(np.exp(log_g / (1 + sum(exps))))
        out = [w * (g / n) for w, n in zip(layers[:-1], norms, strict=False)]
        last = layers[-1] * np.prod([(n / g) ** a for a, n in zip(exps, norms, strict=False)])
        return [*out, last]

    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        """One random scaling chart per filter but the last."""
        return factor_scaling_charts(self.parameter_names(), seed=seed)

    def coordinate_names(self) -> list[str]:
        """``c{e_0}__{e_1}…``: one exponent vector per filter (joined by ``_``, filters by ``__``)."""
        arch = self.architecture
        per = [
            ["_".join(str(m.count(v)) for v in range(k)) for m in monomials(k, a)]
            for k, a in zip(arch.filter_sizes, arch.exponents, strict=True)
        ]
        return [
            "c" + "__".join(per[j][i] for j, i in enumerate(index))
            for index in np.ndindex(*arch.ambient_shape)
        ]
