r"""A numerical witness for :math:`f \in M`: solve :math:`\mu(\theta) = f` by least squares, then check.

For any family: Levenberg–Marquardt (scipy, MINPACK; zero rows appended when there are more
parameters than coordinates) on :math:`\|\mu(\theta) - f\|^2` from seeded random starts, scaled to
:math:`\|f\|` by the homogeneity degree of μ (measured: :math:`\mu(2\theta) = 2^e\mu(\theta)`).
A θ with :math:`\|\mu(\theta) - f\| \le \tau = \text{tol}\cdot\max(1, \|f\|)` is a *witness*: a
certificate that f lies within τ of M, not of exact membership; its stratum is read from the
numerical rank of :math:`d\mu(\theta)` (singular values above :math:`\sqrt{\text{tol}}\,\sigma_1`)
against :math:`\dim M`. A caller that already holds a preimage (a trained model's θ, which maps to
its own function by construction) passes it as ``preimage``: checked against τ, it is the witness
and no fit runs (nor is scipy imported). A witness whose entries round to small rationals with
:math:`\mu(\theta) = f` exactly is an exact certificate (:func:`exact_witness`). No witness from
every start is evidence of non-membership, never a proof.
"""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import numpy as np

from neuromanifold.architectures import Architecture
from neuromanifold.function_space.dimension import generic_rank
from neuromanifold.function_space.membership.base import Membership
from neuromanifold.parametrization import parametrization

__all__ = ["STARTS", "exact_witness", "fit", "fit_float", "homogeneity", "witness_decision"]

#: Seeded starts tried by :func:`fit`.
STARTS = 40


def homogeneity(arch: Architecture) -> float:
    """The degree e with μ(sθ) = s^e μ(θ) (measured at a seeded point; e.g. L for linear nets).

    Example:
        >>> homogeneity(parametrization("pnn:2,2,1:r=2").architecture)
        3.0
    """
    mu = parametrization(arch)
    theta = np.random.default_rng(0).standard_normal(arch.n_params)
    ratio = np.linalg.norm(mu(2 * theta)) / max(float(np.linalg.norm(mu(theta))), 1e-300)
    return float(np.round(math.log2(max(ratio, 1.0)), 6)) or 1.0


def fit(
    arch: Architecture, f: np.ndarray, tol: float, starts: int = STARTS, seed: int = 0
) -> np.ndarray | None:
    """Least squares ‖μ(θ) − f‖² (scipy) from ``starts`` seeded random starts.

    Returns:
        θ with residual ≤ τ = tol·max(1, ‖f‖), or None (not a certificate of non-membership).

    Example:
        >>> theta = fit(parametrization("fc:2,1,2").architecture, np.array([1., 2, 2, 4]), 1e-9)
        >>> bool(np.allclose(parametrization("fc:2,1,2")(theta).ravel(), [1, 2, 2, 4]))
        True
    """
    from scipy.optimize import least_squares

    mu = parametrization(arch)
    f = np.asarray(f, dtype=float).reshape(-1)
    tau = tol * max(1.0, float(np.linalg.norm(f)))
    rng = np.random.default_rng(seed)
    scale = max(float(np.linalg.norm(f)), 1e-300) ** (1.0 / homogeneity(arch))
    pad = max(arch.n_params - f.size, 0)  # MINPACK's Levenberg–Marquardt needs m ≥ n: zero rows

    def residual(t: np.ndarray) -> np.ndarray:
        return np.concatenate([mu(t).reshape(-1) - f, np.zeros(pad)])

    def jacobian(t: np.ndarray) -> np.ndarray:
        return np.vstack([mu.jacobian(t), np.zeros((pad, arch.n_params))])

    for _ in range(starts):
        theta0 = rng.standard_normal(arch.n_params) * scale / np.sqrt(arch.n_params)
        result = least_squares(
            residual,
            theta0,
            jac=jacobian,  # pyright: ignore[reportArgumentType]
            method="lm",
            xtol=1e-15,
            ftol=1e-15,
            gtol=1e-15,
            max_nfev=2000,
        )
        if float(np.linalg.norm(mu(result.x).reshape(-1) - f)) <= tau:
            return result.x
    return None


def exact_witness(
    arch: Architecture, theta: np.ndarray, f: tuple[flint.fmpq, ...], max_denominator: int = 1000
) -> tuple[flint.fmpq, ...] | None:
    """θ rounded to rationals of denominator ≤ ``max_denominator`` if then μ(θ) = f exactly."""
    exact = []
    for v in theta:
        q = Fraction(float(v)).limit_denominator(max_denominator)
        exact.append(flint.fmpq(q.numerator, q.denominator))
    value = parametrization(arch).exact(exact).reshape(-1)
    return tuple(exact) if all(a == b for a, b in zip(value, f, strict=True)) else None


def _layers(arch: Architecture, theta: tuple | np.ndarray, kind: type) -> tuple[tuple, ...]:
    cuts = np.cumsum((0, *arch.layer_sizes))
    return tuple(tuple(kind(v) for v in theta[cuts[i] : cuts[i + 1]]) for i in range(arch.n_layers))


def fit_float(
    arch: Architecture,
    f: np.ndarray,
    tol: float,
    closure: bool | None,
    *,
    why: str = "the floats' exact binary value is not a member and ",
    exact_f: tuple[flint.fmpq, ...] | None = None,
    preimage: np.ndarray | None = None,
) -> Membership:
    """Decide by a numerical witness (:func:`fit`), its Jacobian rank deciding the stratum.

    Args:
        arch: the network.
        f: the function's coordinates as floats.
        tol: the tolerance.
        closure: the decision of "f on the neurovariety", if any (reported, not used).
        why: the start of the reason (what was tried before the fit).
        exact_f: the exact coordinates, when given exactly: a witness that rounds to rationals
            with μ(θ) = f exactly makes the answer exact.
        preimage: a θ to check first: the witness, with no fit, when ‖μ(θ) − f‖ ≤ τ.

    Example (a trained model's θ is its own witness):
        >>> theta = np.array([1.0, 2.0, 3.0, 0.5, -1.0, 0.25])
        >>> f = parametrization("lcn:k=3,3:s=2,1")(theta)
        >>> r = fit_float(parametrization("lcn:k=3,3:s=2,1").architecture, f, 1e-4, None,
        ...               why="", preimage=theta)
        >>> r.theta == tuple(theta), r.stratum, r.reason.split(";")[0]
        (True, 'interior', 'the given preimage θ reproduces f: ‖μ(θ) − f‖ = 0 ≤ 0.000372 (no fit)')
    """
    f = np.asarray(f, dtype=np.float64).reshape(-1)
    tau = tol * max(1.0, float(np.linalg.norm(f)))
    mu = parametrization(arch)
    gap = None if preimage is None else float(np.linalg.norm(mu(preimage).reshape(-1) - f))
    if gap is not None and gap <= tau:
        theta = np.asarray(preimage, dtype=np.float64)
        how = f"the given preimage θ reproduces f: ‖μ(θ) − f‖ = {gap:.3g} ≤ {tau:.3g} (no fit)"
    else:
        theta = fit(arch, f, tol)
        how = (
            f"numerical fit ‖μ(θ) − f‖ ≤ {tau:.3g} (a witness within the tolerance, not certified)"
        )
    if theta is None:
        return Membership.outside(
            arch.text,
            f"{why}Levenberg–Marquardt from {STARTS} seeded starts found no θ with "
            f"‖μ(θ) − f‖ ≤ {tau:.3g} (numerical, not certified)",
            closure=closure,
            exact=False,
            tol=tol,
        )
    dim = generic_rank(mu).dim
    sv = np.linalg.svd(mu.jacobian(theta), compute_uv=False)
    rank = int(np.sum(sv > math.sqrt(tol) * sv[0])) if sv.size and sv[0] > 0 else 0
    stratum = "singular" if rank < dim else "interior"
    rational = exact_witness(arch, theta, exact_f) if exact_f is not None else None
    # within τ of M: on the closure as far as a tolerance can say, unless nothing decided it
    on = True if (rational is not None or closure is not None) else None
    if rational is not None:
        return Membership(
            arch.text, True, stratum, True, _layers(arch, rational, flint.fmpq), True, True,
            f"{why}a numerical fit rounds to rational θ with μ(θ) = f exactly (certified member); "
            f"Jacobian rank {rank} at θ vs dim M = {dim} (stratum numerical)",
            boundary=None,
        )  # fmt: skip
    return Membership(
        arch.text, True, stratum, on, _layers(arch, theta, float), False, False,
        f"{why}{how}; Jacobian rank {rank} at θ vs dim M = {dim} (stratum numerical: a rank drop "
        "means singular; boundary not decided)",
        boundary=None, tol=tol,
    )  # fmt: skip


def witness_decision(
    arch: Architecture,
    f: tuple[flint.fmpq, ...],
    floats: np.ndarray | None,
    tol: float,
    *,
    closure: bool | None = None,
    why: str = "",
    preimage: np.ndarray | None = None,
) -> Membership:
    """:func:`fit_float` on the function as given: floats as they are, exact input as floats with
    its exact value kept (a witness rounding to rationals with μ(θ) = f makes the answer exact)."""
    values = floats if floats is not None else np.array([float(v) for v in f])
    exact_f = f if floats is None else None
    return fit_float(arch, values, tol, closure, why=why, exact_f=exact_f, preimage=preimage)
