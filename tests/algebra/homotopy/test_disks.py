"""Complex disk arithmetic and the batched Krawczyk test: enclosures against exact values, proofs
against known roots, and agreement with the arb path of `certify`."""

from __future__ import annotations

import importlib
from fractions import Fraction

import flint
import numpy as np

from neuromanifold.algebra import PolynomialSystem
from neuromanifold.algebra.homotopy import certify
from neuromanifold.algebra.homotopy.disks import DiskPolynomials, disk_krawczyk
from neuromanifold.algebra.parsing import polynomial_context

certify_module = importlib.import_module("neuromanifold.algebra.homotopy.certify")


def _exact(v: float) -> flint.fmpq:
    f = Fraction(v)
    return flint.fmpq(f.numerator, f.denominator)


def test_point_values_enclose_the_exact_rational_values():
    # coefficients that are not doubles (1/3, -2/7, 10^20 + 1) and cancellation (x^2 - y^2 at
    # x ~ y): the exact value of each polynomial at each float point lies in its disk
    ctx = polynomial_context(("x", "y"))
    x, y = ctx.gens()
    third, big = flint.fmpq(1, 3), flint.fmpq(10**20 + 1)
    polys = [third * x**3 - flint.fmpq(2, 7) * x * y + 1, x**2 - y**2, big * x * y**2 - big]
    ev = DiskPolynomials.of(polys, 2)
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(50, 2)) * 10.0 ** rng.integers(-8, 8, size=(50, 1))
    pts[:10, 1] = pts[:10, 0] * (1 + 1e-15)  # near-cancelling x^2 - y^2
    mid, rad = ev(pts.astype(np.complex128), np.zeros((50, 2)))
    for k, (a, b) in enumerate(pts):
        for i, f in enumerate(polys):
            exact = f(_exact(a), _exact(b))
            gap = abs(exact - _exact(mid[k, i].real)) + abs(_exact(mid[k, i].imag))
            assert gap <= _exact(rad[k, i]), (k, i)


def test_disk_values_enclose_every_member():
    # members of the disks (on their boundary, the worst case) evaluated in 200-bit balls
    ctx = polynomial_context(("x", "y"))
    x, y = ctx.gens()
    polys = [x**2 * y - flint.fmpq(3, 5) * y**3 + x, flint.fmpq(1, 3) * x * y - 7]
    ev = DiskPolynomials.of(polys, 2)
    rng = np.random.default_rng(1)
    centre = rng.normal(size=(20, 2)) + 1j * rng.normal(size=(20, 2))
    radius = 10.0 ** rng.uniform(-12, -2, size=(20, 2))
    mid, rad = ev(centre, radius)
    old = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        for k in range(20):
            for _ in range(5):
                phase = np.exp(2j * np.pi * rng.random(2))
                z = centre[k] + radius[k] * phase * (1 - 1e-12)
                zb = [flint.acb(_exact(v.real), _exact(v.imag)) for v in z]
                for i, f in enumerate(polys):
                    value = sum(
                        (
                            flint.acb(c) * zb[0] ** int(m[0]) * zb[1] ** int(m[1])
                            for m, c in f.terms()
                        ),
                        flint.acb(0),
                    )
                    d = value - flint.acb(mid[k, i].real, mid[k, i].imag)
                    assert abs(complex(d.mid())) <= rad[k, i], (k, i)
    finally:
        flint.ctx.prec = old


def _system(text: str, names: tuple[str, ...]) -> tuple[DiskPolynomials, DiskPolynomials]:
    s = PolynomialSystem.from_text(text, list(names))
    n = s.nvars
    jac = [f.derivative(j) for f in s.equations for j in range(n)]
    return DiskPolynomials.of(s.equations, n), DiskPolynomials.of(jac, n)


def test_krawczyk_proves_roots_and_decides_realness():
    f, j = _system("x^2 + y^2 - 1; x^2 - y^2 - 3", ("x", "y"))  # x = ±√2, y = ±i
    r2 = np.sqrt(2.0)
    y = np.array([[r2, 1j], [-r2, -1j], [1.3, 1j], [r2 + 0j, 0.0]])
    out = disk_krawczyk(f, j, y, 1e-10 * np.ones((4, 2)))
    assert out.proved.tolist() == [True, True, False, False]
    assert out.real[:2] == (False, False)  # Im y_2 = ±1 excludes the real axis
    f, j = _system("x^2 - 2; y - x", ("x", "y"))
    out = disk_krawczyk(f, j, np.array([[r2 + 0j, r2]]), 1e-10 * np.ones((1, 2)))
    assert out.proved.tolist() == [True] and out.real == (True,)  # real centre


def test_a_singular_root_and_a_vanishing_minor_are_refused():
    f, j = _system("x^2; y", ("x", "y"))
    out = disk_krawczyk(f, j, np.array([[1e-9 + 0j, 0.0]]), 1e-8 * np.ones((1, 2)))
    assert not out.proved[0]
    # x = 1, y = 2 is a regular root of (x - 1, y - 2); the minor (x - 1) vanishes there
    s = PolynomialSystem.from_text("x - 1; y - 2", ["x", "y"])
    f, j = _system("x - 1; y - 2", ("x", "y"))
    minor = DiskPolynomials.of([s.equations[0]], 2), 1
    y = np.array([[1.0 + 0j, 2.0]])
    assert disk_krawczyk(f, j, y, 1e-10 * np.ones((1, 2))).proved[0]
    assert not disk_krawczyk(f, j, y, 1e-10 * np.ones((1, 2)), nonvanishing=minor).proved[0]


def test_certify_agrees_with_the_arb_path_and_uses_the_disks():
    # 3 x 3 rank-one critical points from the ED problem: 39 (the Chern-class count), the
    # disks prove them all in doubles, with the same realness as arb balls alone
    from neuromanifold.algebra.distance import DistanceProblem, ParametrizedVariety
    from neuromanifold.algebra.homotopy import ed_problem
    from neuromanifold.architectures import parse_architecture
    from neuromanifold.function_space.neurovariety import gauge
    from neuromanifold.parametrization import symbolic_map

    arch = parse_architecture("fc:3,1,3")
    phi, names = symbolic_map(arch)
    variety = ParametrizedVariety(tuple(phi), tuple(names), constraints=gauge(arch, seed=0))
    family = ed_problem(DistanceProblem(variety, "generic", None, 0))
    generic = family.generic_solutions(expected=39, at_weights=False)
    moved = family.solve(generic, certify=False)
    exact = dict(
        zip(family.system.parameters, [flint.fmpq(v) for v in family.target()], strict=True)
    )
    system = family.system.substitute(exact)
    with_disks = certify(system, moved.solutions, nonvanishing=family.nonvanishing)
    assert with_disks.n_certified == 39 and with_disks.distinct
    assert set(with_disks.radii) <= set(certify_module.DISK_RADII)
    saved = certify_module.DISK_RADII
    certify_module.DISK_RADII = ()
    try:
        arb = certify(system, moved.solutions, nonvanishing=family.nonvanishing)
    finally:
        certify_module.DISK_RADII = saved
    assert arb.n_certified == 39 and arb.real == with_disks.real
