r"""Membership: is a function :math:`f` in the neuromanifold :math:`M = \mu(\mathbb{R}^N)`, and where?

Functions are given by their coordinates: the end-to-end matrix row-major (FC) or the end-to-end
filter :math:`c_0, \dots, c_{k-1}`, lowest degree first (LCN), i.e. :math:`\pi(f) = \sum_i c_i x^i`.

**Exact model.** Rational input (ints, ``Fraction``, ``fmpq``, text such as ``"1/3"``) is decided
exactly over :math:`\mathbb{Q}`: ranks by fraction-free elimination, factorizations by FLINT,
real roots by Arb root isolation. Every positive answer carries a witness :math:`\theta` with
:math:`\mu(\theta) = f`, checked exactly when its entries are rational.

**Tolerance model** (float input, keyword ``tol``, default ``1e-9``):

- FC: singular values :math:`\sigma_1 \ge \sigma_2 \ge \dots` of :math:`f`;
  :math:`f \in M` iff :math:`(\sum_{i>r} \sigma_i^2)^{1/2} \le \tau` and :math:`f` is singular iff
  :math:`(\sum_{i\ge r}\sigma_i^2)^{1/2} \le \tau`, with :math:`\tau = \text{tol}\cdot
  \max(1, \|f\|_F)`; these are the Frobenius distances to the rank strata (Eckart–Young), reported
  as ``distance``.
- LCN, stride one: the roots of the (exact binary value of the) filter are isolated with Arb.
  A coefficient perturbation of size :math:`\delta` splits a double root by
  :math:`O(\sqrt\delta)`, so roots are compared at the root-space tolerance
  :math:`\rho = \sqrt{\text{tol}}`: a root :math:`z` counts as real when
  :math:`|\operatorname{Im} z| \le \rho\max(1,|z|)`, as infinite when :math:`|z| > 1/\rho`, and
  real roots closer than :math:`\rho\max(1,|z|)` merge into one of higher multiplicity (roots
  of multiplicity ≥ 3 split by :math:`\delta^{1/3}` and may be missed). ``distance`` is the
  root separation (see :class:`~neuromanifold.algebra.binary_form.RootStructure`).
- LCN with strides: floats are decided exactly at their binary value when that value is a
  member; otherwise a seeded numerical fit :math:`\|\mu(\theta) - f\| \le
  \text{tol}\max(1, \|f\|)` decides (not certified; the reason says so).

One module per family registers its decision on the verb :func:`contains` (dispatched on the
architecture's class): :mod:`.fc`, :mod:`.lcn` (the reduction common to
1D convolutions) with :mod:`.lcn_stride_one` and :mod:`.lcn_strided`, :mod:`.lcn2d`,
:mod:`.polynomial` (pnn, pcnn) and :mod:`.attention`, the last two through a numerical witness
(:mod:`.witness`) where no exact test is known; the
derivations are in their docstrings. A new family plugs in by adding one module that registers
``decide`` for its class, and naming it below (it is imported with the first architecture of
its family: :func:`~neuromanifold.dispatch.declare_family_modules`).
"""

from neuromanifold.architectures import FAMILY_MODULES
from neuromanifold.dispatch import declare_family_modules
from neuromanifold.function_space.membership.base import (
    DEFAULT_TOL,
    Membership,
    NotSupportedError,
    contains,
    decide,
    membership,
    parse_function,
)

#: One module per family, named as in `neuromanifold.architectures`.
declare_family_modules(__name__, FAMILY_MODULES)

__all__ = [
    "DEFAULT_TOL",
    "Membership",
    "NotSupportedError",
    "contains",
    "decide",
    "membership",
    "parse_function",
]
