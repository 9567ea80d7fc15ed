"""Figs. 1 and 4 draw the computed objects: the network's edges are μ's parameters, the slices lie
on the neurovariety and in their affine spaces, the matrix is ``convolution_matrix``'s."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure

from neuromanifold.errors import InputError
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.neurovariety import Neurovariety
from neuromanifold.parametrization import convolution_matrix, convolve
from neuromanifold.plotting import ConvolutionMatrixDisplay, NetworkDisplay, RankOneSliceDisplay


@pytest.mark.parametrize("text", ["fc:3,1,2", "fc:2,3,2", "fc:3,2,2,4"])
def test_network_edges_multiply_to_mu(text):
    """The product of the layer matrices read off the drawn edges is μ(θ) (random θ)."""
    d = NetworkDisplay.of(text)
    M = Neuromanifold(text)
    theta = np.random.default_rng(1).standard_normal(M.n_params)
    product = np.eye(d.widths[0])
    for layer in range(1, len(d.widths)):
        mat = np.zeros((d.widths[layer], d.widths[layer - 1]))
        for lay, j, i, k in d.edges:
            if lay == layer:
                mat[i, j] = theta[k]
        product = mat @ product
    assert np.allclose(product, M.parametrization(theta))
    assert sorted(k for *_, k in d.edges) == list(range(M.n_params))


def test_fig1_network_is_the_seed_picture():
    """Seed Fig. 1: edges a, b, c into the hidden neuron, d, e out; (d(ax+by+cz), e(ax+by+cz))."""
    d = NetworkDisplay.of("fc:3,1,2")
    labels = {(lay, j, i): d.names[k] for lay, j, i, k in d.edges}
    assert labels == {
        (1, 0, 0): "a",
        (1, 1, 0): "b",
        (1, 2, 0): "c",
        (2, 0, 0): "d",
        (2, 0, 1): "e",
    }
    assert d.outputs == ("d*(a*x1 + b*x2 + c*x3)", "e*(a*x1 + b*x2 + c*x3)")
    ax = d.plot(Figure().add_subplot())
    drawn = sorted(t.get_text() for t in ax.texts if len(t.get_text()) == 1)
    assert drawn == ["a", "b", "c", "d", "e"]
    segments = {tuple(map(tuple, np.column_stack(line.get_data()))) for line in ax.lines}
    for lay, j, i, _ in d.edges:
        assert (d.neurons[lay - 1][j], d.neurons[lay][i]) in segments


def _points(d: RankOneSliceDisplay, t: np.ndarray) -> np.ndarray:
    return d.origin + t @ d.basis.T


@pytest.mark.parametrize("seed", [0, 3])
def test_slice_lies_on_the_neurovariety_and_in_the_affine_spaces(seed):
    d = RankOneSliceDisplay.of(seed=seed)
    M = Neuromanifold("fc:3,1,2")
    V = Neurovariety.of("fc:3,1,2")
    assert np.allclose(d.basis.T @ d.basis, np.eye(4))
    assert np.allclose(d.normal @ d.basis, 0)
    ruled = d.ruling_t.reshape(-1, 4)
    curve = d.curve_t[~np.isnan(d.curve_t).any(axis=1)]
    assert len(curve) > 100, "the cubic curve must be visible in the box"
    assert np.ptp(ruled[:, :3], axis=0).min() > 1.0, "the rulings must fill the picture"
    for t, theta in ((ruled, d.ruling_theta.reshape(-1, 5)), (curve, None)):
        W = _points(d, t)
        assert np.allclose(W @ d.normal.T, d.offset)  # in the affine 4-space A
        # the library's implicit equations of the neurovariety vanish
        for eq in V.equations:
            values = sum(
                float(c) * np.prod(W ** np.array(e, dtype=float), axis=1)
                for e, c in eq.to_dict().items()
            )
            assert np.max(np.abs(values)) < 1e-8
        if theta is not None:  # and they are μ(θ) for the stored θ
            assert np.allclose(M.parametrization(theta).reshape(-1, 6), W)
    assert np.allclose(curve[:, 3], 0)  # the curve is in the 3-space t₄ = 0


def test_slice_curve_branches_match_the_cubic_form():
    """The curve leaves every box once per real root of det A'(u), a binary cubic (degree 3)."""
    d = RankOneSliceDisplay.of(seed=0)
    b4 = d.basis[:, 3]
    phis = np.linspace(0, np.pi, 2001)
    dets = [
        np.linalg.det(
            np.vstack(
                [
                    d.normal[:, :3] * np.cos(p) + d.normal[:, 3:] * np.sin(p),
                    b4[:3] * np.cos(p) + b4[3:] * np.sin(p),
                ]
            )
        )
        for p in phis
    ]
    # det A'(cos φ, sin φ) is a cubic form: 4 samples determine it, the rest must agree
    u = np.column_stack([np.cos(phis), np.sin(phis)])
    monomials = np.column_stack(
        [u[:, 0] ** 3, u[:, 0] ** 2 * u[:, 1], u[:, 0] * u[:, 1] ** 2, u[:, 1] ** 3]
    )
    coef = np.linalg.lstsq(monomials, dets, rcond=None)[0]
    assert np.allclose(monomials @ coef, dets)
    roots = np.roots(coef[::-1])  # in tan φ
    n_real = int(np.sum(np.abs(roots.imag) < 1e-9)) + (abs(coef[3]) < 1e-12)
    assert n_real in (1, 3)
    finite = np.asarray(~np.isnan(d.curve_t).any(axis=1), dtype=bool)
    pieces = int(np.sum(finite[1:] & ~finite[:-1])) + int(finite[0])
    # each real root is a pole: the visible branches are at most the real roots (+1 at the seam)
    assert 1 <= pieces <= n_real + 1


def test_slice_plot_draws_the_display_data():
    d = RankOneSliceDisplay.of(seed=0, rulings=12)
    ax = d.plot(Figure().add_subplot(projection="3d"))
    lines = ax.lines
    assert len(lines) == 13
    for line, ruling in zip(lines[:12], d.ruling_t, strict=True):
        x, y, z = line.get_data_3d()
        assert np.allclose(np.column_stack([x, y, z]), ruling[:, :3])
    x, y, z = lines[12].get_data_3d()
    assert np.allclose(np.column_stack([x, y, z]), d.curve_t[:, :3], equal_nan=True)


def test_slice_refuses_other_architectures():
    with pytest.raises(InputError, match="fc:3,1,2 only"):
        RankOneSliceDisplay.of("fc:2,1,2")


def test_fig4_matrix_is_convolution_matrix():
    d = ConvolutionMatrixDisplay.of()
    assert d.matrix.tolist() == [
        ["a", "b", "c", 0, 0, 0, 0],
        [0, 0, "a", "b", "c", 0, 0],
        [0, 0, 0, 0, "a", "b", "c"],
    ]
    w = np.array([2.0, -3.0, 5.0])
    value = {"a": w[0], "b": w[1], "c": w[2], 0: 0.0}
    numeric = np.array([[value[e] for e in row] for row in d.matrix.tolist()])
    assert np.array_equal(numeric, convolution_matrix(w, 2, 7))
    x = np.arange(1.0, 8.0)
    assert np.allclose(numeric @ x, convolve(w, 2, x))
    ax = d.plot(Figure().add_subplot())
    cells = [t.get_text() for t in ax.texts][: 3 * 7 + 3]
    entries = [c for c in cells if not c.startswith("y")]
    assert entries == [str(e) for e in d.matrix.ravel()]
    assert "y2 = a*x3 + b*x4 + c*x5" in cells
