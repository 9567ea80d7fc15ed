r"""The exact quadratic loss on function space, from data or from a target, over ℚ.

For networks without activation the squared error is a quadratic function of the end-to-end
function :math:`f` (the matrix, row-major, or the end-to-end filter). Write the network's output
on data :math:`X` as :math:`A f` for a *design matrix* :math:`A` that depends on :math:`X` only:

- FC, :math:`W \in \mathbb{R}^{d_L \times d_0}`, :math:`X \in \mathbb{R}^{d_0 \times n}`:
  :math:`(WX)_{i,m} = \sum_j W_{ij} X_{j m}`, so :math:`A_{(i,m),(i',j)} = \delta_{i i'} X_{j m}`
  and :math:`A^\top A = I_{d_L} \otimes X X^\top`.
- LCN with end-to-end filter :math:`c \in \mathbb{R}^k` and stride :math:`S`, inputs
  :math:`x \in \mathbb{R}^{n_{in}}` (columns of :math:`X`): :math:`(T(c) x)_i = \sum_j c_j
  x_{iS + j}`, so :math:`A_{(i,m), j} = X_{iS + j,\, m}`. With one output (:math:`n_{in} = k`)
  :math:`A^\top A = X X^\top`: a generic positive-definite form once :math:`n \ge k` samples are
  in general position (SPEC §3, §6).

Then, with :math:`G = A^\top A` (positive definite when :math:`A` has full column rank),
:math:`b = A^\top y`, :math:`u = G^{-1} b`:

.. math::

    \|\mu(\theta) X - Y\|^2 = \|A f - y\|^2 = (f - u)^\top G\, (f - u) + \|y\|^2 - u^\top G u .

A target :math:`u` with weights gives :math:`G = \operatorname{diag}(\lambda)` (unit:
:math:`\lambda = 1`, the Euclidean distance; generic: random positive integers).
:class:`QuadraticLoss` holds :math:`(G, u, \text{const})` exactly over :math:`\mathbb{Q}` (ground
domain stated), with float views: the input of the exact verbs (critical points). Its batched float
companion, one loss per training run, is :class:`~neuromanifold.losses.batch.QuadraticLossBatch`;
its pull-back to parameters is :class:`~neuromanifold.losses.pullback.PulledBackLoss`; the random
data behind ``--data`` specs are drawn in :mod:`neuromanifold.losses.data`.

Reference: seed article §"loss"; Breiding–Kohn–Sturmfels 2024, Ch. 2 (ED problems with a
quadratic distance); Kohn–Montúfar–Shahverdi–Trager 2024 (data-induced inner products for LCNs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import flint
import numpy as np

from neuromanifold.algebra.rational import to_fmpq
from neuromanifold.architectures import (
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    parse_architecture,
)
from neuromanifold.errors import InputError

__all__ = ["QuadraticLoss", "design_matrix", "regression_data"]

WEIGHT_RANGE = (1, 9)
"""Generic target weights are random integers in this closed range (small: fast real solving)."""


def _q(value: object, name: str) -> flint.fmpq:
    """Data and targets are read exactly; floats at their exact binary value."""
    return to_fmpq(value, name, allow_float=True)


def _fmpq_matrix(rows: Sequence[Sequence[object]], name: str) -> tuple[tuple[flint.fmpq, ...], ...]:
    return tuple(tuple(_q(v, name) for v in row) for row in rows)


def design_matrix(architecture: Architecture | str, X: object) -> np.ndarray:
    r"""The matrix :math:`A` with :math:`\operatorname{vec}(\text{output}) = A f` on inputs ``X``.

    Rows are (output coordinate, sample) pairs, output-major; columns are the coordinates of the
    end-to-end function (row-major matrix for FC, filter coefficients for LCN).

    Args:
        architecture: ``fc`` or 1D ``lcn``.
        X: inputs, shape ``(d_0, n)`` (FC) or ``(n_in, n)`` with ``n_in ≥ k`` (LCN); any numbers,
            kept exactly (object array of ``fmpq``).

    Returns:
        An object array of ``fmpq`` of shape ``(n_out · n, ambient_dim)``.

    Example:
        >>> design_matrix("lcn:k=2,2:s=2,1", [[1], [2], [3], [4]]).tolist()
        [[1, 2, 3, 4]]
    """
    arch = parse_architecture(architecture)
    x = np.asarray(X, dtype=object)
    if x.ndim != 2:
        raise InputError(f"X: expected a 2D array (features × samples), got shape {x.shape}")
    xq = np.vectorize(lambda v: _q(v, "X"), otypes=[object])(x)
    n_in, n = x.shape
    if isinstance(arch, FullyConnected):
        d_out, d_in = arch.ambient_shape
        if n_in != d_in:
            raise InputError(f"X: {arch.text} takes inputs of size {d_in}, got {n_in} rows")
        A = np.empty((d_out * n, d_out * d_in), dtype=object)
        A.fill(flint.fmpq(0))
        for i in range(d_out):
            for m in range(n):
                A[i * n + m, i * d_in : (i + 1) * d_in] = xq[:, m]
        return A
    if isinstance(arch, LinearConvNetwork):
        k, S = arch.end_to_end_size, arch.end_to_end_stride
        if n_in < k:
            raise InputError(
                f"X: {arch.text} has an end-to-end filter of size {k}; inputs need at least {k} "
                f"rows, got {n_in}"
            )
        n_out = (n_in - k) // S + 1
        A = np.empty((n_out * n, k), dtype=object)
        for i in range(n_out):
            for m in range(n):
                A[i * n + m, :] = xq[i * S : i * S + k, m]
        return A
    raise InputError(f"architecture: losses from data support fc and lcn, not {arch.family}")


def regression_data(
    architecture: Architecture | str, n_samples: int, *, seed: int = 0, scale: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """Random small-integer regression data ``(X, Y)`` for an architecture (one output for LCNs).

    Entries are uniform integers in ``[-scale, scale]``; small entries keep the exact real
    solving over ℚ fast, large ones (``scale=99``) make the data generic for counts mod p. This is
    the library's exact-experiment constructor (claims, benchmarks, the default loss of
    :func:`~neuromanifold.critical_points.critical_points`); the text ``regression:N`` of the
    commands draws from the one distribution of :mod:`neuromanifold.losses.data` instead. ``X`` has ``d_0`` rows (FC) or ``k`` rows (LCN: one output position).

    Example:
        >>> X, Y = regression_data("lcn:k=2,2:s=2,1", 5, seed=1)
        >>> X.shape, Y.shape
        ((4, 5), (1, 5))
    """
    arch = parse_architecture(architecture)
    if not (isinstance(n_samples, int) and n_samples >= 1):
        raise InputError(f"n_samples: expected a positive integer, got {n_samples!r}")
    rng = np.random.default_rng(seed)
    if isinstance(arch, FullyConnected):
        d_out, d_in = arch.ambient_shape
    elif isinstance(arch, LinearConvNetwork):
        d_out, d_in = 1, arch.end_to_end_size
    else:
        raise InputError(f"architecture: regression data for fc and lcn, not {arch.family}")
    X = rng.integers(-scale, scale + 1, size=(d_in, n_samples))
    Y = rng.integers(-scale, scale + 1, size=(d_out, n_samples))
    return X, Y


@dataclass(frozen=True)
class QuadraticLoss:
    r"""The loss :math:`\ell(f) = (f - u)^\top G (f - u) + \text{const}` on function space.

    Ground domain :math:`\mathbb{Q}`: ``gram``, ``center`` and ``constant`` are ``fmpq``;
    :attr:`G`, :attr:`u` are float views. :math:`G` is symmetric positive definite (checked).

    Attributes:
        gram: :math:`G`, rows of ``fmpq``.
        center: :math:`u` (the unconstrained minimizer), ``fmpq``.
        constant: the loss at :math:`u`.
        source: how it was made, e.g. ``"target (unit weights)"``, ``"regression, 5 samples"``.
        seed: the seed of the random data or weights (``None`` when none was drawn).

    Example:
        >>> loss = QuadraticLoss.from_target([1, 2, 3])
        >>> loss.value([1, 2, 5]), str(loss.value_exact(["1/2", 2, 3]))
        (4.0, '1/4')

    Reference: SPEC §3; Breiding–Kohn–Sturmfels 2024, Ch. 2.
    """

    gram: tuple[tuple[flint.fmpq, ...], ...]
    center: tuple[flint.fmpq, ...]
    constant: flint.fmpq | int = 0
    source: str = "given"
    seed: int | None = None

    def __post_init__(self) -> None:
        gram = _fmpq_matrix(self.gram, "gram")
        center = tuple(_q(v, "center") for v in self.center)
        n = len(center)
        if n == 0 or len(gram) != n or any(len(row) != n for row in gram):
            raise InputError(
                f"gram: expected a {n}×{n} matrix matching the center of length {n}, got "
                f"{len(gram)} rows"
            )
        if any(gram[i][j] != gram[j][i] for i in range(n) for j in range(i)):
            raise InputError("gram: G must be symmetric; pass (G + Gᵀ)/2")
        # positive definite: all leading principal minors > 0 (Sylvester's criterion), exactly
        for m in range(1, n + 1):
            if flint.fmpq_mat([list(r[:m]) for r in gram[:m]]).det() <= 0:
                raise InputError(
                    "gram: G is not positive definite; data losses need at least as many samples "
                    "in general position as function coordinates (e.g. regression:N with N ≥ k)"
                )
        object.__setattr__(self, "gram", gram)
        object.__setattr__(self, "center", center)
        object.__setattr__(self, "constant", _q(self.constant, "constant"))

    # ----- named constructors -------------------------------------------------------------
    @classmethod
    def from_target(
        cls,
        target: object,
        weights: Literal["unit", "generic"] | Sequence[object] = "unit",
        *,
        seed: int = 0,
    ) -> QuadraticLoss:
        r"""The weighted distance :math:`\sum_i \lambda_i (f_i - u_i)^2` to a target :math:`u`.

        Args:
            target: :math:`u`, any shape (flattened row-major), numbers kept exactly.
            weights: ``"unit"`` (:math:`\lambda = 1`), ``"generic"`` (random integers in
                ``WEIGHT_RANGE``, seeded) or explicit positive numbers.
            seed: seed of the generic weights.

        Example:
            >>> QuadraticLoss.from_target([0, 0], "generic", seed=3).weights
            (8, 1)
        """
        u = [_q(v, "target") for v in np.asarray(target, dtype=object).reshape(-1)]
        n = len(u)
        if isinstance(weights, str):
            if weights == "unit":
                lam = [flint.fmpq(1)] * n
                drawn = None
            elif weights == "generic":
                rng = np.random.default_rng(seed)
                lam = [
                    flint.fmpq(int(v)) for v in rng.integers(*WEIGHT_RANGE, size=n, endpoint=True)
                ]
                drawn = seed
            else:
                raise InputError(f"weights: expected 'unit', 'generic' or numbers, got {weights!r}")
            kind = weights
        else:
            lam = [_q(v, "weights") for v in weights]
            if len(lam) != n or any(v <= 0 for v in lam):
                raise InputError(f"weights: expected {n} positive numbers, got {weights!r}")
            kind, drawn = "given", None
        gram = tuple(tuple(lam[i] if i == j else flint.fmpq(0) for j in range(n)) for i in range(n))
        return cls(gram, tuple(u), flint.fmpq(0), f"target ({kind} weights)", drawn)

    @classmethod
    def from_data(
        cls,
        architecture: Architecture | str,
        X: object,
        Y: object,
        *,
        source: str = "data",
        seed: int | None = None,
    ) -> QuadraticLoss:
        r"""The squared error :math:`\|\text{net}_f(X) - Y\|^2` as a quadratic form in :math:`f`.

        :math:`G = A^\top A`, :math:`u = G^{-1} A^\top y`, const :math:`= y^\top y - u^\top G u`
        with :math:`A` the :func:`design_matrix` (module docstring), computed exactly.

        Args:
            architecture: ``fc`` or ``lcn``.
            X: inputs, shape ``(d_0, n)`` / ``(n_in, n)``.
            Y: outputs, shape ``(d_L, n)`` / ``(n_out, n)``.
            source: a label kept in the result.
            seed: the seed the data came from, if any.

        Example:
            >>> X = [[1, 0, 1], [0, 1, 1]]
            >>> loss = QuadraticLoss.from_data("fc:2,1,1", X, [[1, 2, 3]])
            >>> [str(v) for v in loss.center], str(loss.constant)
            (['1', '2'], '0')
        """
        arch = parse_architecture(architecture)
        A = design_matrix(arch, X)
        y = np.asarray(Y, dtype=object)
        n = np.asarray(X, dtype=object).shape[1]
        if y.ndim != 2 or y.shape[1] != n or y.shape[0] * n != A.shape[0]:
            raise InputError(
                f"Y: expected shape ({A.shape[0] // max(n, 1)}, {n}) (outputs × samples), got "
                f"{y.shape}"
            )
        yq = [_q(v, "Y") for v in y.reshape(-1)]
        Am = flint.fmpq_mat(A.tolist())
        G = Am.transpose() * Am
        b = Am.transpose() * flint.fmpq_mat([[v] for v in yq])
        k = A.shape[1]
        if G.rank() < k:
            need = arch.ambient_shape[1] if isinstance(arch, FullyConnected) else k
            raise InputError(
                f"X: the data determine only {G.rank()} of the {k} function coordinates (AᵀA is "
                f"singular); use at least {need} samples in general position"
            )
        u = G.solve(b)
        center = tuple(u[i, 0] for i in range(k))
        const = sum((v * v for v in yq), flint.fmpq(0)) - (flint.fmpq_mat([list(center)]) * b)[0, 0]
        gram = tuple(tuple(G[i, j] for j in range(k)) for i in range(k))
        return cls(gram, center, const, source, seed)

    @classmethod
    def regression(
        cls, architecture: Architecture | str, n_samples: int, *, seed: int = 0, scale: int = 3
    ) -> QuadraticLoss:
        """The squared error on :func:`regression_data` (small random integers, seeded).

        Example:
            >>> QuadraticLoss.regression("lcn:k=2,2:s=2,1", 6, seed=0).dim
            4
        """
        X, Y = regression_data(architecture, n_samples, seed=seed, scale=scale)
        return cls.from_data(
            architecture, X, Y, source=f"regression, {n_samples} samples", seed=seed
        )

    # ----- views ---------------------------------------------------------------------------
    @property
    def dim(self) -> int:
        """Number of function coordinates."""
        return len(self.center)

    @property
    def weights(self) -> tuple[object, ...] | None:
        """The diagonal of G when G is diagonal (a weighted distance), else ``None``."""
        n = self.dim
        if any(self.gram[i][j] != 0 for i in range(n) for j in range(n) if i != j):
            return None
        return tuple(int(d.p) if d.q == 1 else d for d in (self.gram[i][i] for i in range(n)))

    @cached_property
    def G(self) -> np.ndarray:
        """G as a float array."""
        return np.array([[float(v) for v in row] for row in self.gram])

    @cached_property
    def u(self) -> np.ndarray:
        """u as a float array."""
        return np.array([float(v) for v in self.center])

    @cached_property
    def linear(self) -> tuple[flint.fmpq, ...]:
        r""":math:`b = G u`: the loss is :math:`f^\top G f - 2 b^\top f + u^\top G u + \text{const}`."""
        n = self.dim
        return tuple(
            sum((self.gram[i][j] * self.center[j] for j in range(n)), flint.fmpq(0))
            for i in range(n)
        )

    # ----- evaluation ----------------------------------------------------------------------
    def value(self, f: object) -> np.ndarray | float:
        """ℓ(f) in floats; ``f`` of shape ``(dim,)``/ambient shape, or batched ``(batch, dim)``."""
        arr = np.asarray(f, dtype=float)
        flat = arr.reshape(-1, self.dim) if arr.size != self.dim else arr.reshape(1, -1)
        r = flat - self.u
        out = np.einsum("bi,ij,bj->b", r, self.G, r) + float(self.constant)
        return float(out[0]) if arr.size == self.dim else out

    def value_exact(self, f: object) -> flint.fmpq:
        """ℓ(f) over ℚ at a rational ``f``."""
        fq = [_q(v, "f") for v in np.asarray(f, dtype=object).reshape(-1)]
        if len(fq) != self.dim:
            raise InputError(f"f: expected {self.dim} coordinates, got {len(fq)}")
        r = [a - b for a, b in zip(fq, self.center, strict=True)]
        n = self.dim
        return (
            sum((r[i] * self.gram[i][j] * r[j] for i in range(n) for j in range(n)), flint.fmpq(0))
            + self.constant
        )

    def gradient(self, f: object) -> np.ndarray:
        r""":math:`\nabla \ell(f) = 2 G (f - u)` in floats (flat)."""
        return 2 * self.G @ (np.asarray(f, dtype=float).reshape(-1) - self.u)

    def polynomial(self, coordinates: Sequence[flint.fmpq_mpoly]) -> flint.fmpq_mpoly:
        r""":math:`\ell(\varphi)` for polynomials :math:`\varphi` (one per coordinate): exact."""
        phi = list(coordinates)
        if len(phi) != self.dim:
            raise InputError(f"coordinates: expected {self.dim} polynomials, got {len(phi)}")
        zero = phi[0] * 0
        r = [p - c for p, c in zip(phi, self.center, strict=True)]
        out = zero + self.constant
        for i in range(self.dim):
            gi = sum((self.gram[i][j] * r[j] for j in range(self.dim) if self.gram[i][j]), zero)
            out += r[i] * gi
        return out

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: G, u and the constant as strings of rationals, with source and seed."""
        return {
            "gram": [[str(v) for v in row] for row in self.gram],
            "center": [str(v) for v in self.center],
            "constant": str(self.constant),
            "source": self.source,
            "seed": self.seed,
        }

    def __str__(self) -> str:
        w = self.weights
        kind = "diagonal" if w is not None else "dense"
        return f"QuadraticLoss on R^{self.dim} ({kind} G, {self.source})"
