r"""A computed 3D picture of the neuromanifold of ``fc:3,1,2``: its slices by generic affine spaces.

:math:`M = \{W \in \mathbb{R}^{2\times 3} : \operatorname{rank} W \le 1\}` has dimension 4 in
:math:`\mathbb{R}^6`, so a generic affine 3-space meets it in a curve and a generic affine 4-space
:math:`A = \{p + Bt : t \in \mathbb{R}^4\}` in a surface :math:`S = M \cap A`. Both are computed
from the parametrization :math:`\mu(a, b, c, d, e) = (d, e)^T (a, b, c)`: write
:math:`u = (d, e) = (\cos\varphi, \sin\varphi)` (the scale goes into :math:`v = (a, b, c)`); the two
affine equations :math:`N \operatorname{vec}(u v^T) = h` of :math:`A` are linear in :math:`v`, so for
each :math:`\varphi` their solutions form a line :math:`v_0(\varphi) + s\,k(\varphi)`: :math:`S` is
a *ruled* surface, drawn by its rulings in the coordinates :math:`t_1, t_2, t_3` of :math:`A`
(coloured by :math:`t_4`). Adding the equation :math:`t_4 = 0` leaves three equations in three
unknowns, one point per :math:`\varphi`: the slice by the affine 3-space :math:`\{t_4 = 0\}`, an
affine twisted cubic (the Segre threefold :math:`\mathbb{P}^1 \times \mathbb{P}^2 \subset
\mathbb{P}^5` has degree 3), drawn in black at its true coordinates.

Every drawn point is :math:`\mu(\theta)` for an explicit :math:`\theta` (kept in the display), so
the picture can be checked against the neurovariety's equations and the affine equations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuromanifold.errors import InputError
from neuromanifold.function_space import Neuromanifold
from neuromanifold.plotting.canvas import axes_or_new, save_plot

__all__ = ["RankOneSliceDisplay"]


@dataclass(frozen=True)
class RankOneSliceDisplay:
    r"""The slices :math:`M \cap A` (a ruled surface) and :math:`M \cap A'` (a cubic curve).

    Attributes:
        architecture: ``fc:3,1,2``.
        seed: the seed of the affine spaces.
        normal, offset: :math:`N` (2 × 6) and :math:`h`: :math:`A = \{x : N x = h\}`.
        origin, basis: :math:`p` (6,) and orthonormal :math:`B` (6 × 4): :math:`A = p + B\,\mathbb{R}^4`.
        ruling_theta: parameters of the rulings' points, ``(rulings, points, 5)``.
        ruling_t: their coordinates :math:`t = B^T(\mu(\theta) - p)`, ``(rulings, points, 4)``.
        curve_theta, curve_t: the same for the cubic curve, ``(points, 5)`` and ``(points, 4)``
            (points outside the box are NaN, breaking the drawn line).
        box: half-width of the drawn cube in :math:`t_1, t_2, t_3`.
    """

    architecture: str
    seed: int
    normal: np.ndarray
    offset: np.ndarray
    origin: np.ndarray
    basis: np.ndarray
    ruling_theta: np.ndarray
    ruling_t: np.ndarray
    curve_theta: np.ndarray
    curve_t: np.ndarray
    box: float

    @classmethod
    def of(
        cls, architecture: str = "fc:3,1,2", seed: int = 0, rulings: int = 72, box: float = 3.0
    ) -> RankOneSliceDisplay:
        """Compute both slices with affine spaces drawn from ``seed``.

        Args:
            architecture: must be ``fc:3,1,2`` (rank ≤ 1 maps R³ → R²).
            seed: seed of :math:`N, h` (standard normal entries).
            rulings: number of rulings drawn (values of :math:`\\varphi` in :math:`[0, \\pi)`).
            box: the drawn cube :math:`|t_i| \\le` box, i = 1, 2, 3.

        Example:
            >>> d = RankOneSliceDisplay.of(seed=0, rulings=4)
            >>> d.ruling_t.shape, d.curve_t.shape[1]
            ((4, 2, 4), 4)
        """
        M = Neuromanifold(architecture)
        if M.architecture.text != "fc:3,1,2":
            raise InputError(f"{architecture}: the slice picture is drawn for fc:3,1,2 only")
        rng = np.random.default_rng(seed)
        N, h = rng.standard_normal((2, 6)), rng.standard_normal(2)
        origin = np.linalg.lstsq(N, h, rcond=None)[0]
        basis = np.linalg.svd(N)[2][2:].T  # orthonormal basis of ker N, 6 × 4
        mu = M.parametrization

        def coords(theta: np.ndarray) -> np.ndarray:
            W = mu(theta.reshape(-1, 5)).reshape(-1, 6)
            return ((W - origin) @ basis).reshape(*theta.shape[:-1], 4)

        def system(u: np.ndarray) -> np.ndarray:  # N vec(u vᵀ) as a matrix acting on v
            return N[:, :3] * u[0] + N[:, 3:] * u[1]

        phis = np.linspace(0, np.pi, rulings, endpoint=False)
        rows, previous = [], None
        for phi in phis:
            u = np.array([np.cos(phi), np.sin(phi)])
            A = system(u)
            v0 = np.linalg.lstsq(A, h, rcond=None)[0]
            k = np.linalg.svd(A)[2][-1]
            if previous is not None and k @ previous < 0:
                k = -k
            previous = k
            # the ruling t(s) = t0 + s dt, clipped to the cube |t_i| <= box
            t0 = coords(np.concatenate([v0, u]))
            dt = coords(np.concatenate([v0 + k, u])) - t0
            lo, hi = _clip(t0, dt, box)
            ends = [np.concatenate([v0 + s * k, u]) for s in (lo, hi)]
            rows.append(ends)
        ruling_theta = np.array(rows)
        # the curve: N vec(u vᵀ) = h and t_4 = b_4ᵀ(vec(u vᵀ) − p) = 0, square in v
        b4 = basis[:, 3]
        phis = np.linspace(0, np.pi, 2001)
        curve = []
        for phi in phis:
            u = np.array([np.cos(phi), np.sin(phi)])
            A = np.vstack([system(u), b4[:3] * u[0] + b4[3:] * u[1]])
            v = np.linalg.solve(A, np.append(h, b4 @ origin))
            curve.append(np.concatenate([v, u]))
        curve_theta = np.array(curve)
        curve_t = coords(curve_theta)
        outside = np.any(np.abs(curve_t[:, :3]) > box, axis=1)
        curve_t[outside] = np.nan
        return cls(
            M.architecture.text,
            seed,
            N,
            h,
            origin,
            basis,
            ruling_theta,
            coords(ruling_theta),
            curve_theta,
            curve_t,
            box,
        )

    def save(self, path: str | Path) -> Path:
        """Draw on a new figure and write it to ``path`` (format from the suffix)."""
        return save_plot(self.plot, path, (5, 5), "3d")

    def plot(self, ax: Any = None) -> Any:
        """Draw onto a 3D ``ax`` (a new figure when ``None``) and return the Axes."""
        from matplotlib import colormaps

        ax = axes_or_new(ax, (5, 5), "3d")
        t4 = self.ruling_t[:, :, 3]
        scale = max(float(np.max(np.abs(t4))), 1e-12)
        cmap = colormaps["coolwarm"]
        for line, value in zip(self.ruling_t, t4.mean(axis=1), strict=True):
            ax.plot(*line[:, :3].T, "-", color=cmap(0.5 + 0.5 * value / scale), linewidth=1.0)
        ax.plot(*self.curve_t[:, :3].T, "-", color="k", linewidth=2.0, label="M ∩ {t₄ = 0}")
        b = self.box
        ax.set_xlim(-b, b)
        ax.set_ylim(-b, b)
        ax.set_zlim(-b, b)
        ax.set_xlabel("t₁")
        ax.set_ylabel("t₂")
        ax.set_zlabel("t₃")
        ax.set_title(
            f"{self.architecture}: M ∩ generic affine 4-space (rulings, colour t₄)\n"
            f"and ∩ affine 3-space t₄ = 0: a cubic curve (seed {self.seed})",
            fontsize=8,
        )
        ax.legend(loc="upper left", fontsize=7)
        return ax


def _clip(t0: np.ndarray, dt: np.ndarray, box: float) -> tuple[float, float]:
    """The interval of s with |t0 + s dt| ≤ box in every coordinate (a point if it is empty)."""
    lo, hi = -np.inf, np.inf
    for a, d in zip(t0, dt, strict=True):
        if abs(d) < 1e-14:
            continue
        s1, s2 = sorted(((-box - a) / d, (box - a) / d))
        lo, hi = max(lo, s1), min(hi, s2)
    if not lo < hi:
        return 0.0, 0.0
    return float(lo), float(hi)
