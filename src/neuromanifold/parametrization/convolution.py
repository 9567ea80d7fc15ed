"""Strided convolutions as linear maps, and the parametrization of linear convolutional networks."""

from __future__ import annotations

import itertools

import numpy as np

from neuromanifold.architectures.lcn import LinearConvNetwork
from neuromanifold.architectures.lcn2d import LinearConvNetwork2D
from neuromanifold.errors import InputError
from neuromanifold.parametrization.base import Parametrization
from neuromanifold.parametrization.ring import Ring

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


class FilterProduct(Parametrization[LinearConvNetwork | LinearConvNetwork2D]):
    r"""μ(w_1, …, w_L) = end-to-end filter of a linear convolutional network (1D or 2D).

    In polynomial form :math:`\pi(\theta) = \prod_l p_l(x^{t_l})` (per axis for 2D), with
    :math:`t_l` the dilations. Its Jacobian column for coefficient j of layer l is the polynomial
    :math:`x^{j t_l} \prod_{m \ne l} p_m(x^{t_m})`.

    Example:
        >>> mu = FilterProduct(LinearConvNetwork((2, 2), (2, 1)))
        >>> mu(np.array([1., 2, 3, 4]))   # (1 + 2x)(3 + 4x^2)
        array([3., 6., 4., 8.])

    Reference: Kohn–Merkh–Montúfar–Trager 2022, Prop. on composition of convolutions; SPEC §2.2.
    """

    def _dilations(self) -> tuple[tuple[int, ...], ...]:
        arch = self.architecture
        if isinstance(arch, LinearConvNetwork):
            return tuple((t,) for t in arch.dilations)
        return arch.dilations

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
