"""The parametrization map μ: θ ↦ f_θ of an architecture, its Jacobian, exact and batched numeric.

This module states what an architecture family provides to every layer above it (the *family
protocol*, one subclass of :class:`Parametrization` per family, registered with
:func:`register_parametrization` in the family's own module):

- μ over every ring from one code path (:meth:`Parametrization.evaluate`): batched floats
  (:meth:`~Parametrization.__call__`), residues mod p (:meth:`~Parametrization.forward_mod_p`),
  exact ℚ (:meth:`~Parametrization.exact`) and polynomials (:meth:`~Parametrization.symbolic`);
- its derivatives: the Jacobian (floats, ℚ, F_p), batched JVP (:meth:`~Parametrization.jvp`) and
  VJP (:meth:`~Parametrization.vjp`, the training hot path), a Jacobian sketch mod p;
- its symmetry group (:attr:`~Parametrization.symmetries`) and affine gauge charts fixing it
  (:meth:`~Parametrization.gauge_charts`, built from
  :func:`~neuromanifold.algebra.scaling_charts` / :func:`~neuromanifold.algebra.general_linear_chart`);
- the names of its parameters and of its ambient coordinates.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import flint
import numpy as np

from neuromanifold.algebra import polynomial_context
from neuromanifold.algebra.modular import random_residues, sketch_rank_mod_p
from neuromanifold.architectures.base import Architecture
from neuromanifold.dispatch import family_dispatch
from neuromanifold.errors import InputError
from neuromanifold.parametrization.ring import FLOAT, RATIONAL, Modular, Ring, to_fmpq

__all__ = ["Parametrization", "Pullback", "parametrization_of", "register_parametrization"]

A = TypeVar("A", bound=Architecture)
T = TypeVar("T", bound="Parametrization")

#: A batched vector–Jacobian product: cotangents at f = μ(θ) ↦ gradients in θ, ``(batch, N)``.
Pullback = Callable[[np.ndarray], np.ndarray]


@family_dispatch("neuromanifold.parametrization")
def parametrization_of(architecture: Architecture) -> Parametrization:
    """The parametrization of an architecture, by its family (see :func:`register_parametrization`)."""
    raise TypeError(
        f"no parametrization registered for {type(architecture).__name__}; a family registers "
        "one with register_parametrization(ArchitectureClass) in its parametrization module"
    )


def register_parametrization(
    architecture: type[Architecture],
) -> Callable[[type[T]], type[T]]:
    """Class decorator: make ``cls(architecture)`` the parametrization of ``architecture``'s family.

    Example:
        >>> from neuromanifold.architectures import FullyConnected
        >>> type(parametrization_of(FullyConnected((2, 2)))).__name__
        'MatrixProduct'
    """

    def decorate(cls: type[T]) -> type[T]:
        def make(arch: Architecture) -> Parametrization:
            return cls(arch)

        parametrization_of.register(architecture)(make)
        return cls

    return decorate


def rescaling_symmetries(n_factors: int, relation: str) -> tuple[str, ...]:
    r"""The torus of rescalings $w_j \mapsto c_j w_j$ of the factors of a product, as text.

    Args:
        n_factors: the number $L$ of factors (filters).
        relation: the constraint on the constants, e.g. ``"∏ c_j = 1"``.

    Returns:
        One description (the torus has dimension $L - 1$), or none for one factor.

    Example:
        >>> rescaling_symmetries(3, "∏ c_j = 1")
        ('rescalings w_j ↦ c_j w_j with ∏ c_j = 1 (dimension 2)',)
    """
    if n_factors <= 1:
        return ()
    return (f"rescalings w_j ↦ c_j w_j with {relation} (dimension {n_factors - 1})",)


class Parametrization(abc.ABC, Generic[A]):
    r"""The map :math:`\mu\colon \mathbb{R}^N \to \mathbb{R}^{\text{ambient}}` of an architecture.

    Parameters θ are flat vectors: the layers' arrays (weight matrices, filters), input side first,
    each flattened row-major. Functions are arrays of the architecture's ``ambient_shape``
    (the end-to-end matrix or filter). Every numeric method accepts one parameter vector of shape
    ``(N,)`` or a batch of shape ``(batch, N)`` and answers accordingly.

    A family implements :meth:`_forward` and :meth:`_jacobian` once, over a :class:`Ring`, so the
    same code evaluates in floats, modulo a prime, over the rationals and over polynomials; it
    may override :meth:`_jvp` and :meth:`_vjp` (batched floats) and :meth:`_jacobian_times`
    (one point, many tangents) where its structure gives cheaper products than the Jacobian,
    and gives its :attr:`symmetries`, :meth:`gauge_charts` and :meth:`coordinate_names`.
    """

    def __init__(self, architecture: A) -> None:
        self._architecture = architecture
        # the architecture is frozen: its layout, read on every (hot-path) call, is kept here
        self._layout = tuple(zip(architecture.layer_shapes, architecture.layer_sizes, strict=True))
        self._n_params = architecture.n_params

    @property
    def architecture(self) -> A:
        """The architecture whose map this is."""
        return self._architecture

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._architecture.text!r})"

    # --- to implement -------------------------------------------------------------------------
    @abc.abstractmethod
    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        """μ on batched layers (each ``(batch, *layer_shape)``) → ``(batch, *ambient_shape)``."""

    @abc.abstractmethod
    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        """dμ on batched layers → ``(batch, ambient_dim, n_params)``."""

    @property
    @abc.abstractmethod
    def symmetries(self) -> tuple[str, ...]:
        """The group acting on the fibers of μ, one description per factor (empty if none)."""

    @abc.abstractmethod
    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        """Random affine-linear charts in :meth:`parameter_names` fixing :attr:`symmetries`."""

    @abc.abstractmethod
    def coordinate_names(self) -> list[str]:
        """Names of the ambient coordinates, row-major (e.g. ``c0, c1, …`` or ``w00, w01, …``)."""

    def _symmetry_directions(self, layers: list[np.ndarray]) -> list[list[np.ndarray]] | None:
        """Layer-shaped tangent vectors of the symmetry orbit at one θ (unbatched layers).

        ``None``: the family does not give them (callers fall back to their own). Each
        direction is a list of arrays of the layers' shapes; a family overrides this.
        """
        return None

    def symmetry_directions(self, theta: object) -> np.ndarray | None:
        r"""Tangent vectors of the orbit of θ under :attr:`symmetries`, columns ``(N, g)``.

        The Lie algebra of the symmetry group applied at θ; at a generic θ they span the tangent
        space of the fiber :math:`\mu^{-1}(\mu(	heta))`, so their rank is N − dim M when the
        symmetries are all of the generic fiber. ``None`` when the family does not give them.
        """
        arr, _ = self._numeric(theta)
        layers = [x[0] for x in self.split(arr[:1])]
        dirs = self._symmetry_directions(layers)
        if dirs is None:
            return None
        if not dirs:
            return np.zeros((self._n_params, 0))
        return np.stack([np.concatenate([x.reshape(-1) for x in d]) for d in dirs], axis=1)

    def _balance(self, layers: list[np.ndarray]) -> list[np.ndarray] | None:
        """A point of the symmetry orbit of unbatched float layers with balanced norms (same μ),
        or ``None`` when the family does not give one; a family overrides this."""
        return None

    def balanced(self, theta: object) -> np.ndarray:
        """θ moved along its symmetry orbit to balanced layer norms (μ unchanged; θ itself when
        the family gives no balancing). Balancing keeps Hessian indices and makes numerical
        ranks meaningful at points that gauge charts leave badly scaled.

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> parametrization("pcnn:k=1,1:r=2").balanced(np.array([1e-3, 1e6])).round(6)  # w0²w1
            array([1., 1.])
        """
        arr, _ = self._numeric(theta)
        layers = [x[0].astype(float) for x in self.split(arr[:1])]
        out = self._balance(layers)
        return arr[0] if out is None else np.concatenate([x.reshape(-1) for x in out])

    def _jacobian_times(
        self, layers: list[np.ndarray], tangents: np.ndarray, ring: Ring
    ) -> np.ndarray:
        """dμ(θ)·V for one θ (batch 1) and tangents V of shape (N, c) → (ambient_dim, c).

        The default forms the Jacobian; families with structure override it.
        """
        return ring.reduce(ring.matmul(self._jacobian(layers, ring)[0], tangents))

    def _jvp(
        self, layers: list[np.ndarray], tangents: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(μ(θ), dμ(θ)·v) in floats for batched layers and layer-shaped tangents.

        The default forms the Jacobian; families with structure override it.
        """
        batch = layers[0].shape[0]
        v = np.concatenate([t.reshape(batch, -1) for t in tangents], axis=1)
        f = self._forward(layers, FLOAT)
        df = np.einsum("bdn,bn->bd", self._jacobian(layers, FLOAT), v)
        return f, df.reshape(f.shape)

    def _vjp(self, layers: list[np.ndarray]) -> tuple[np.ndarray, Pullback]:
        """(μ(θ), g ↦ dμ(θ)ᵀ g) in floats for batched layers; g has the shape of μ(θ).

        The default forms the Jacobian; families with structure override it.
        """
        f = self._forward(layers, FLOAT)
        jac = self._jacobian(layers, FLOAT)

        def pullback(g: np.ndarray) -> np.ndarray:
            return np.einsum("bdn,bd->bn", jac, g.reshape(jac.shape[:2]))

        return f, pullback

    # --- layers -------------------------------------------------------------------------------
    def split(self, theta: np.ndarray) -> list[np.ndarray]:
        """Cut batched flat parameters ``(batch, N)`` into per-layer arrays ``(batch, *shape)``."""
        out, start = [], 0
        for shape, size in self._layout:
            out.append(theta[:, start : start + size].reshape((theta.shape[0], *shape)))
            start += size
        return out

    def join(self, layers: Sequence[np.ndarray]) -> np.ndarray:
        """Flatten per-layer arrays (unbatched) into one parameter vector."""
        shapes = self._architecture.layer_shapes
        if len(layers) != len(shapes):
            raise InputError(f"layers: expected {len(shapes)} layers, got {len(layers)}")
        parts = []
        for i, (layer, shape) in enumerate(zip(layers, shapes, strict=True)):
            arr = np.asarray(layer)
            if arr.shape != shape:
                raise InputError(f"layers[{i}]: expected shape {shape}, got {arr.shape}")
            parts.append(arr.reshape(-1))
        return np.concatenate(parts)

    def real_vector(self, theta: object, name: str = "theta") -> np.ndarray:
        """Check one real, finite parameter vector θ of shape ``(N,)``; it as float64.

        Args:
            theta: the parameters.
            name: the argument's name in error messages.

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> parametrization("fc:2,1,2").real_vector([1, 2, 3, 4]).dtype
            dtype('float64')
        """
        arr, single = self._numeric(theta, real=True, name=name)
        if not single:
            n = self._architecture.n_params
            raise InputError(f"{name}: expected shape ({n},), got a batch of shape {arr.shape}")
        return arr[0].astype(np.float64)

    def unbatched_layers(self, theta: object) -> list[np.ndarray]:
        """Check one real parameter vector θ, shape ``(N,)``, and cut it into per-layer arrays.

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> p = parametrization("fc:2,1,2")
            >>> [w.shape for w in p.unbatched_layers([1.0, 2.0, 3.0, 4.0])]
            [(1, 2), (2, 1)]
        """
        return [layer[0] for layer in self.split(self.real_vector(theta)[None, :])]

    def _numeric(
        self, theta: object, *, real: bool = False, name: str = "theta"
    ) -> tuple[np.ndarray, bool]:
        n = self._architecture.n_params
        try:
            arr = np.asarray(theta)
        except (ValueError, TypeError):
            raise InputError(f"{name}: expected an array of shape ({n},) or (batch, {n})") from None
        if arr.dtype.kind not in ("biuf" if real else "biufc"):
            kind = "real numbers" if real else "numbers"
            raise InputError(f"{name}: expected {kind}, got an array of dtype {arr.dtype}")
        single = arr.ndim == 1
        if single:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != n:
            raise InputError(
                f"{name}: {self._architecture.text} has {n} parameters; expected shape ({n},) or "
                f"(batch, {n}), got {arr.shape if not single else arr.shape[1:]}"
            )
        if not np.all(np.isfinite(arr)):
            raise InputError(f"{name}: contains NaN or infinity")
        if arr.dtype.kind in "biu":
            arr = arr.astype(np.float64)
        return arr, single

    def _floats(self, theta: object, name: str) -> tuple[np.ndarray, bool]:
        """θ as a float batch, checking the shape only (the hot path; non-finite values pass)."""
        arr = np.asarray(theta, dtype=np.float64)
        single = arr.ndim == 1
        if single:
            arr = arr[None, :]
        n = self._n_params
        if arr.ndim != 2 or arr.shape[1] != n:
            raise InputError(
                f"{name}: {self._architecture.text} has {n} parameters; expected shape ({n},) or "
                f"(batch, {n}), got {arr.shape if not single else arr.shape[1:]}"
            )
        return arr, single

    # --- numeric --------------------------------------------------------------------------------
    def __call__(self, theta: object) -> np.ndarray:
        r"""Evaluate :math:`\mu(\theta)` (batched; real or complex).

        Args:
            theta: shape ``(N,)`` or ``(batch, N)``.

        Returns:
            Shape ``ambient_shape`` or ``(batch, *ambient_shape)``.
        """
        arr, single = self._numeric(theta)
        out = self._forward(self.split(arr), FLOAT)
        return out[0] if single else out

    def jacobian(self, theta: object) -> np.ndarray:
        r"""The Jacobian :math:`d\mu(\theta)`, rows = ambient coordinates (row-major), columns = θ.

        Returns:
            Shape ``(ambient_dim, N)`` or ``(batch, ambient_dim, N)``.
        """
        arr, single = self._numeric(theta)
        out = self._jacobian(self.split(arr), FLOAT)
        return out[0] if single else out

    def jvp(self, theta: object, tangent: object) -> tuple[np.ndarray, np.ndarray]:
        r"""The function and its directional derivative: :math:`(\mu(\theta), d\mu(\theta)\,v)`.

        Args:
            theta: shape ``(N,)`` or ``(batch, N)``.
            tangent: v, of the same shape as ``theta``.

        Returns:
            Two arrays of shape ``ambient_shape`` (or ``(batch, *ambient_shape)``).

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> f, df = parametrization("fc:1,1,1").jvp(np.array([2.0, 3.0]), np.array([1.0, 0.0]))
            >>> f, df          # μ = ab, dμ·(1, 0) = b
            (array([[6.]]), array([[3.]]))
        """
        arr, single = self._floats(theta, "theta")
        v, _ = self._floats(tangent, "tangent")
        if v.shape != arr.shape:
            raise InputError(f"tangent: expected the shape of theta {arr.shape}, got {v.shape}")
        f, df = self._jvp(self.split(arr), self.split(v))
        return (f[0], df[0]) if single else (f, df)

    def vjp(self, theta: object) -> tuple[np.ndarray, Pullback]:
        r"""The function and its pullback: :math:`(\mu(\theta),\ g \mapsto d\mu(\theta)^\top g)`.

        Batched over floats, without forming the Jacobian where the family has structure
        (backpropagation through matrix products, correlations of filters): the gradient of
        :math:`\ell\circ\mu` is ``pullback(∇ℓ(f))``. The training hot path.

        Args:
            theta: shape ``(batch, N)`` (or ``(N,)``).

        Returns:
            ``(f, pullback)``: f of shape ``(batch, *ambient_shape)`` (or ``ambient_shape``);
            ``pullback(g)`` takes g of f's shape (or flattened per run) and returns the
            gradients, shape ``(batch, N)`` (or ``(N,)``).

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> f, pullback = parametrization("fc:1,1,1").vjp(np.array([2.0, 3.0]))
            >>> f, pullback(np.array([[1.0]]))      # ∇(ab) = (b, a)
            (array([[6.]]), array([3., 2.]))
        """
        arr, single = self._floats(theta, "theta")
        f, pullback = self._vjp(self.split(arr))
        if not single:
            return f, pullback
        return f[0], lambda g: pullback(np.asarray(g)[None])[0]

    def evaluate(self, theta: np.ndarray, ring: Ring) -> np.ndarray:
        r"""μ over a coefficient ring: θ of shape ``(batch, N)`` with entries in ``ring``.

        The one code path behind every other evaluation: numpy floats (:data:`FLOAT`), residues
        held in float64 (:class:`Modular`), object arrays of ``fmpq`` or of polynomials
        (:data:`RATIONAL`: any exact entries supporting ``+`` and ``*``).

        Returns:
            Shape ``(batch, *ambient_shape)``.
        """
        arr = np.asarray(theta)
        if arr.ndim != 2 or arr.shape[1] != self._n_params:
            raise InputError(f"theta: expected shape (batch, {self._n_params}), got {arr.shape}")
        return self._forward(self.split(arr), ring)

    # --- symbolic -----------------------------------------------------------------------------
    def parameter_names(self) -> list[list[str]]:
        """Names of the parameters by layer: ``w1_0, …`` (filters) or ``w1_00, …`` (matrices).

        Indices are written digit by digit while every layer's axes have at most ten entries;
        beyond, they are joined by ``_`` (``w1_1_10``, never the ``w1_110`` that (11, 0) would
        also give), in every layer of the net. The names are then distinct, and distinct from
        the coordinates' (``w0_10``: one index pair, one ``_``; `coordinate_names`).

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> parametrization("fc:2,1,1").parameter_names()
            [['w1_00', 'w1_01'], ['w2_00']]
            >>> parametrization("fc:11,1,1").parameter_names()[0][-2:]
            ['w1_0_9', 'w1_0_10']
        """
        shapes = self._architecture.layer_shapes
        sep = "_" if any(n > 10 for shape in shapes for n in shape) else ""
        return [
            [f"w{i}_" + sep.join(map(str, j)) for j in np.ndindex(*shape)]
            for i, shape in enumerate(shapes, start=1)
        ]

    def symbolic(self) -> tuple[list[flint.fmpq_mpoly], list[str]]:
        """μ as polynomials over ℚ in the parameter names (the same code evaluated on generators).

        Returns:
            ``(phi, names)``: one polynomial per ambient coordinate (row-major), and the
            parameter names (flat, input side first).

        Example:
            >>> from neuromanifold.parametrization import parametrization
            >>> phi, names = parametrization("lcn:k=2,2:s=2,1").symbolic()
            >>> [str(f) for f in phi]
            ['w1_0*w2_0', 'w1_1*w2_0', 'w1_0*w2_1', 'w1_1*w2_1']
        """
        names = [n for group in self.parameter_names() for n in group]
        ctx = polynomial_context(names)
        theta = np.empty((1, len(names)), dtype=object)
        for i, g in enumerate(ctx.gens()):
            theta[0, i] = g
        values = self.evaluate(theta, RATIONAL)[0].reshape(-1)
        return [ctx.from_dict({}) + v for v in values], names

    # --- exact --------------------------------------------------------------------------------
    def _rational(self, theta: object) -> np.ndarray:
        n = self._architecture.n_params
        if isinstance(theta, str):
            items: list[object] = [t for t in theta.replace(";", ",").split(",") if t.strip()]
        else:
            try:
                items = list(np.asarray(theta, dtype=object).reshape(-1))
            except (ValueError, TypeError):
                raise InputError(f"theta: expected {n} rational numbers") from None
        if len(items) != n:
            raise InputError(
                f"theta: {self._architecture.text} has {n} parameters, got {len(items)} values"
            )
        out = np.empty((1, n), dtype=object)
        for i, v in enumerate(items):
            out[0, i] = to_fmpq(v, f"theta[{i}]", allow_float=True)
        return out

    def exact(self, theta: object) -> np.ndarray:
        r"""Evaluate :math:`\mu(\theta)` exactly over :math:`\mathbb{Q}`.

        Args:
            theta: N rationals (ints, ``Fraction``, ``fmpq``, text such as ``"1/3"``).

        Returns:
            An object array of ``flint.fmpq`` of shape ``ambient_shape``.
        """
        return self._forward(self.split(self._rational(theta)), RATIONAL)[0]

    def jacobian_exact(self, theta: object) -> flint.fmpq_mat:
        """The Jacobian dμ(θ) over ℚ, as an ``fmpq_mat`` of size ambient_dim × N."""
        jac = self._jacobian(self.split(self._rational(theta)), RATIONAL)[0]
        return flint.fmpq_mat(jac.tolist())

    def jacobian_mod_p(self, theta: np.ndarray, p: int) -> np.ndarray:
        """The Jacobian dμ(θ) over F_p at integer θ (residues in [0, p), as float64).

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            p: a prime below 2^20.

        Returns:
            Residues of shape ``(ambient_dim, N)``.
        """
        arr = np.asarray(theta, dtype=np.float64).reshape(1, -1)
        return self._jacobian(self.split(arr), Modular(p=p))[0]

    def jacobian_sketch_mod_p(self, theta: np.ndarray, tangents: np.ndarray, p: int) -> np.ndarray:
        """The product dμ(θ)·V over F_p (residues), without forming dμ where the family allows.

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            tangents: integers in [0, p), shape ``(N, c)``.
            p: a prime below 2^20.

        Returns:
            Residues of shape ``(ambient_dim, c)``.
        """
        arr = np.asarray(theta, dtype=np.float64).reshape(1, -1)
        v = np.asarray(tangents, dtype=np.float64)
        return self._jacobian_times(self.split(arr), v, Modular(p=p))

    def rank_sketch_mod_p(
        self, theta: np.ndarray, p: int, rng: np.random.Generator, columns: int
    ) -> np.ndarray:
        r"""A matrix :math:`S = E\,d\mu(\theta)\,R` over F_p with the rank of dμ(θ), for ranks.

        E is an invertible change of coordinates of the ambient space, certified invertible
        (the identity by default; families with a cheaper basis override this: ``pnn`` takes
        values at points instead of coefficients). R is the identity when N ≤ ``columns``, else a
        uniformly random N × ``columns`` matrix. Always :math:`\operatorname{rank} S \le
        \operatorname{rank} d\mu(\theta)`, with equality unless R is unlucky, which has
        probability at most :math:`\operatorname{rank} d\mu(\theta)/p` when that rank is at
        most ``columns`` (Schwartz–Zippel on a nonzero minor of dμ(θ)·R).

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            p: a prime below 2^20.
            rng: the generator of R (and of E where it is random).
            columns: the number of columns wanted (at least the rank to be detected).

        Returns:
            Residues of shape ``(rows, min(N, columns))``.
        """
        n = self._architecture.n_params
        if n > columns:
            return self.jacobian_sketch_mod_p(theta, random_residues(rng, p, (n, columns)), p)
        return self.jacobian_mod_p(theta, p)

    def jacobian_rank_mod_p(
        self,
        theta: np.ndarray,
        p: int,
        rng: np.random.Generator,
        columns: int,
        enough: int | None = None,
    ) -> int:
        r"""The rank of dμ(θ) over F_p, never above it: by the family's structure, or a sketch.

        :meth:`structural_rank_mod_p` where the family has one (exact, ``fc``); otherwise the rank
        of :meth:`rank_sketch_mod_p` (``columns`` columns; a tall sketch first through a random
        square block of rows, :func:`~neuromanifold.algebra.modular.sketch_rank_mod_p`): at most
        rank dμ(θ), equal to it unless R is unlucky (probability at most rank/p).

        Args:
            theta: integers in [0, p), shape ``(N,)``.
            p: a prime below 2^20.
            rng: the generator of the sketch's random matrices.
            columns: the number of sketch columns (at least the rank to be detected).
            enough: a proven upper bound on the rank (the block of rows may stop there).

        Returns:
            A lower bound on rank dμ(θ) over F_p, equal to it with probability ≥ 1 − rank/p.
        """
        rank = self.structural_rank_mod_p(theta, p)
        if rank is not None:
            return rank
        sketch = self.rank_sketch_mod_p(theta, p, rng, columns)
        return sketch_rank_mod_p(sketch, p, rng, enough)

    def structural_rank_mod_p(self, theta: np.ndarray, p: int) -> int | None:
        """The exact rank of dμ(θ) over F_p where the Jacobian's structure gives it, else ``None``.

        ``None`` by default (the rank then comes from a sketch, :meth:`jacobian_rank_mod_p`);
        ``fc`` overrides it (the ranks of the partial products).
        """
        return None

    def forward_mod_p(self, theta: np.ndarray, p: int) -> np.ndarray:
        """μ(θ) over F_p at integer θ (residues in [0, p)), shape ``ambient_shape``."""
        arr = np.asarray(theta, dtype=np.float64).reshape(1, -1)
        return self._forward(self.split(arr), Modular(p=p))[0]
