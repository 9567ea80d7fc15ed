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

from neuromanifold.algebra import scaling_charts
from neuromanifold.architectures.polynomial import PolynomialConvNetwork, PolynomialNetwork
from neuromanifold.parametrization.base import Parametrization, register_parametrization
from neuromanifold.parametrization.ring import Ring

__all__ = ["ConvolutionalPowerMap", "PolynomialNetworkMap", "form_product", "monomials"]


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
        n = self.architecture.n_layers
        if n == 1:
            return ()
        return (f"rescalings w_j ↦ c_j w_j with ∏ c_j^(a_j) = 1 (dimension {n - 1})",)

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
        groups = self.parameter_names()
        if len(groups) == 1:
            return ()
        names = [n for group in groups for n in group]
        return tuple(scaling_charts(groups[:-1], names, seed=seed))

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
