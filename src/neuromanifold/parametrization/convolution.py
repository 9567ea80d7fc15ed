"""Strided convolutions as linear maps, and the parametrization of linear convolutional networks."""

from __future__ import annotations

import itertools

import flint
import numpy as np

from neuromanifold.algebra import factor_scaling_charts
from neuromanifold.architectures.lcn import LinearConvNetwork
from neuromanifold.architectures.lcn2d import LinearConvNetwork2D
from neuromanifold.errors import InputError
from neuromanifold.parametrization.base import (
    Parametrization,
    Pullback,
    register_parametrization,
    rescaling_symmetries,
)
from neuromanifold.parametrization.ring import FLOAT, Ring

__all__ = ["FilterProduct", "convolution_matrix", "convolve", "output_shape"]


def output_shape(
    filter_shape: tuple[int, ...], stride: tuple[int, ...], input_shape: tuple[int, ...]
) -> tuple[int, ...]:
    """Output shape ⌊(n − k)/s⌋ + 1 per axis of a strided convolution without padding."""
    if not (len(filter_shape) == len(stride) == len(input_shape)):
        raise InputError(
            f"input_shape: {input_shape} has {len(input_shape)} axes, the filter {len(filter_shape)}"
        )
    out = []
    for k, s, n in zip(filter_shape, stride, input_shape, strict=True):
        if s < 1:
            raise InputError(f"stride: {stride} must be positive")
        if n < k:
            raise InputError(
                f"input_shape: {input_shape} is smaller than the filter {filter_shape}"
            )
        out.append((n - k) // s + 1)
    return tuple(out)


def _as_stride(stride: int | tuple[int, ...], ndim: int) -> tuple[int, ...]:
    return (stride,) * ndim if isinstance(stride, int) else tuple(stride)


def convolve(filter: np.ndarray, stride: int | tuple[int, ...], signal: np.ndarray) -> np.ndarray:
    r"""Apply the strided convolution :math:`(\alpha x)_i = \sum_j w_j\, x_{i s + j}` (1D or 2D).

    Args:
        filter: the filter w, shape ``(k,)`` or ``(k, k')``.
        stride: s, an int or one per axis.
        signal: x, shape ``(n,)`` / ``(n, n')``, or with leading batch axes.

    Returns:
        The output signal, shape :func:`output_shape` (after the batch axes).

    Example:
        >>> convolve(np.array([1., 2, 3]), 2, np.arange(7.))
        array([ 8., 20., 32.])
    """
    w = np.asarray(filter)
    x = np.asarray(signal)
    nd = w.ndim
    s = _as_stride(stride, nd)
    out_shape = output_shape(w.shape, s, x.shape[x.ndim - nd :])
    out = np.zeros(x.shape[: x.ndim - nd] + out_shape, dtype=np.result_type(w, x))
    for idx in itertools.product(*(range(k) for k in w.shape)):
        window = tuple(
            slice(j, j + s_ax * (m - 1) + 1, s_ax)
            for j, s_ax, m in zip(idx, s, out_shape, strict=True)
        )
        out += w[idx] * x[(..., *window)]
    return out


def convolution_matrix(
    filter: np.ndarray, stride: int | tuple[int, ...], input_shape: int | tuple[int, ...]
) -> np.ndarray:
    r"""The matrix of the strided convolution with ``filter``: a (generalized) Toeplitz matrix.

    Row i has the filter placed at columns :math:`i s, \dots, i s + k - 1` (row-major for 2D).

    Example (seed Fig. 4: filter (a, b, c), stride 2, R⁷ → R³):
        >>> convolution_matrix(np.array([1, 2, 3]), 2, 7)
        array([[1, 2, 3, 0, 0, 0, 0],
               [0, 0, 1, 2, 3, 0, 0],
               [0, 0, 0, 0, 1, 2, 3]])
    """
    w = np.asarray(filter)
    shape = (input_shape,) if isinstance(input_shape, int) else tuple(input_shape)
    s = _as_stride(stride, w.ndim)
    out_shape = output_shape(w.shape, s, shape)
    matrix = np.zeros((int(np.prod(out_shape)), int(np.prod(shape))), dtype=w.dtype)
    for row, out_idx in enumerate(itertools.product(*(range(m) for m in out_shape))):
        for idx in itertools.product(*(range(k) for k in w.shape)):
            pos = tuple(o * s_ax + j for o, s_ax, j in zip(out_idx, s, idx, strict=True))
            matrix[row, np.ravel_multi_index(pos, shape)] = w[idx]
    return matrix


def _dilated_product(f: np.ndarray, w: np.ndarray, t: tuple[int, ...], ring: Ring) -> np.ndarray:
    """f(x) · w(x^t) for batched arrays of coefficients (axis 0 = batch), any number of axes."""
    if f.ndim == 2:  # 1D, the training hot path: one slice per tap
        (tt,), n, kk = t, f.shape[1], w.shape[1]
        if tt == 1 and kk > n:  # loop over the shorter factor
            f, w, n, kk = w, f, kk, n
        out = ring.zeros((f.shape[0], n + (kk - 1) * tt), f)
        for j in range(kk):
            out[:, j * tt : j * tt + n] += w[:, j, None] * f
        return ring.reduce(out)
    k = w.shape[1:]
    shape = (f.shape[0], *(n + (kk - 1) * tt for n, kk, tt in zip(f.shape[1:], k, t, strict=True)))
    out = ring.zeros(shape, f)
    expand = (slice(None),) + (None,) * (f.ndim - 1)
    for idx in itertools.product(*(range(kk) for kk in k)):
        window = tuple(
            slice(j * tt, j * tt + n) for j, tt, n in zip(idx, t, f.shape[1:], strict=True)
        )
        out[(slice(None), *window)] += w[(slice(None), *idx)][expand] * f
    return ring.reduce(out)


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The product of two batched float polynomials (coefficient arrays), looping over the shorter."""
    if b.size > a.size:
        a, b = b, a
    return _dilated_product(a, b, (1,) * (a.ndim - 1), FLOAT)


@register_parametrization(LinearConvNetwork)
@register_parametrization(LinearConvNetwork2D)
class FilterProduct(Parametrization[LinearConvNetwork | LinearConvNetwork2D]):
    r"""μ(w_1, …, w_L) = end-to-end filter of a linear convolutional network (1D or 2D).

    In polynomial form :math:`\pi(\theta) = \prod_l p_l(x^{t_l})` (per axis for 2D), with
    :math:`t_l` the dilations. Its Jacobian column for coefficient j of layer l is the polynomial
    :math:`x^{j t_l} \prod_{m \ne l} p_m(x^{t_m})`.

    Example:
        >>> mu = FilterProduct(LinearConvNetwork((2, 2), (2, 1)))
        >>> mu(np.array([1., 2, 3, 4]))   # (1 + 2x)(3 + 4x^2)
        array([3., 6., 4., 8.])

    Its VJP is a correlation: with :math:`q_l = \prod_{m \ne l} p_m(x^{t_m})` (prefix times
    suffix product), :math:`\partial / \partial w_{l,j}\, \langle g, \pi \rangle = \sum_i
    g_{i + j t_l}\, (q_l)_i`, per axis in 2D.

    Reference: Kohn–Merkh–Montúfar–Trager 2022, Prop. on composition of convolutions; SPEC §2.2.
    """

    def __init__(self, architecture: LinearConvNetwork | LinearConvNetwork2D) -> None:
        super().__init__(architecture)
        self._dil = tuple(t if isinstance(t, tuple) else (t,) for t in architecture.dilations)

    def _dilations(self) -> tuple[tuple[int, ...], ...]:
        """The dilations as one tuple per layer (one entry per axis)."""
        return self._dil

    def _one(self, batch: int, like: np.ndarray, ring: Ring) -> np.ndarray:
        nd = like.ndim - 1
        one = ring.zeros((batch,) + (1,) * nd, like)
        one[...] = like.flat[0] ** 0 if like.dtype == object else 1
        return one

    def _forward(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        dil = self._dilations()
        out = layers[0]
        for w, t in zip(layers[1:], dil[1:], strict=True):
            out = _dilated_product(out, w, t, ring)
        return out

    def _jacobian(self, layers: list[np.ndarray], ring: Ring) -> np.ndarray:
        dil = self._dilations()
        batch = layers[0].shape[0]
        ambient = self.architecture.ambient_shape
        columns = []
        for li, (w_l, t_l) in enumerate(zip(layers, dil, strict=True)):
            others = self._one(batch, w_l, ring)
            for m, (w_m, t_m) in enumerate(zip(layers, dil, strict=True)):
                if m != li:
                    others = _dilated_product(others, w_m, t_m, ring)
            # others has the ambient shape minus (k_l - 1) t_l per axis; shift it by j t_l.
            for idx in itertools.product(*(range(k) for k in w_l.shape[1:])):
                col = ring.zeros((batch, *ambient), others)
                window = tuple(
                    slice(j * t, j * t + n)
                    for j, t, n in zip(idx, t_l, others.shape[1:], strict=True)
                )
                col[(slice(None), *window)] = others
                columns.append(col.reshape(batch, -1))
        return np.stack(columns, axis=2)

    def _jvp(
        self, layers: list[np.ndarray], tangents: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        # forward mode: π_l = π_{l-1} · p_l(x^t), dπ_l = dπ_{l-1} · p_l(x^t) + π_{l-1} · v_l(x^t)
        dil = self._dilations()
        out, dout = layers[0], tangents[0]
        for w, v, t in zip(layers[1:], tangents[1:], dil[1:], strict=True):
            out, dout = (
                _dilated_product(out, w, t, FLOAT),
                _dilated_product(dout, w, t, FLOAT) + _dilated_product(out, v, t, FLOAT),
            )
        return out, dout

    def _vjp(self, layers: list[np.ndarray]) -> tuple[np.ndarray, Pullback]:
        dil = self._dilations()
        batch = layers[0].shape[0]
        one = self._one(batch, layers[0], FLOAT)
        prefix = [one]
        for w, t in zip(layers[:-1], dil[:-1], strict=True):
            prefix.append(_dilated_product(prefix[-1], w, t, FLOAT))
        suffix = [one]
        for w, t in zip(reversed(layers[1:]), reversed(dil[1:]), strict=True):
            suffix.append(_dilated_product(suffix[-1], w, t, FLOAT))
        suffix.reverse()
        f = _dilated_product(prefix[-1], layers[-1], dil[-1], FLOAT)

        axes = "ijk"[: f.ndim - 1]
        inner = f"b{axes},b{axes}->b"  # ⟨g, shifted q_l⟩ per run

        def pullback(g: np.ndarray) -> np.ndarray:
            g = g.reshape(f.shape)
            parts = []
            for li, (w_l, t_l) in enumerate(zip(layers, dil, strict=True)):
                others = _product(prefix[li], suffix[li])
                if f.ndim == 2:  # 1D, the training hot path
                    (t,), m = t_l, others.shape[1]
                    cols = [
                        np.einsum(inner, g[:, j * t : j * t + m], others)
                        for j in range(w_l.shape[1])
                    ]
                    parts.append(np.stack(cols, axis=1))
                    continue
                cols = []
                for idx in itertools.product(*(range(k) for k in w_l.shape[1:])):
                    window = tuple(
                        slice(j * t, j * t + n)
                        for j, t, n in zip(idx, t_l, others.shape[1:], strict=True)
                    )
                    cols.append(np.einsum(inner, g[(slice(None), *window)], others))
                parts.append(np.stack(cols, axis=1))
            return np.concatenate(parts, axis=1)

        return f, pullback

    @property
    def symmetries(self) -> tuple[str, ...]:
        """Rescalings of the filters by constants of product one (none for one layer)."""
        return rescaling_symmetries(self.architecture.n_layers, "∏ c_j = 1")

    def gauge_charts(self, seed: int = 0) -> tuple[flint.fmpq_mpoly, ...]:
        """One random scaling chart per layer but the last (see
        :func:`~neuromanifold.algebra.factor_scaling_charts`).

        Example:
            >>> len(FilterProduct(LinearConvNetwork((2, 2, 2))).gauge_charts())
            2
        """
        return factor_scaling_charts(self.parameter_names(), seed=seed)

    def coordinate_names(self) -> list[str]:
        """``c0, c1, …`` (1D filters); ``c00, c01, …`` (2D; ``c0_0, …`` beyond ten per axis)."""
        shape = self.architecture.ambient_shape
        if len(shape) == 1:
            return [f"c{i}" for i in range(shape[0])]
        wide = max(shape) > 10
        return [f"c{i}_{j}" if wide else f"c{i}{j}" for i, j in np.ndindex(*shape)]
