"""The algebra engine: exact polynomial systems, msolve, and ED degrees.

Text → `PolynomialSystem` (exact, over Q or F_p) → counts, real solutions and Gröbner bases
with msolve → ED degrees by an implicit (Lagrange) or a parametric formulation.
"""

from neuromanifold.algebra.ed_degree import (
    EDDegree,
    EDDegreeError,
    determinant,
    ed_degree,
    ed_degree_parametric,
    general_linear_chart,
    scaling_charts,
)
from neuromanifold.algebra.msolve import (
    DEFAULT_PRIMES,
    GroebnerBasis,
    MsolveError,
    MsolveNotFoundError,
    MsolveTimeoutError,
    PositiveDimensionalError,
    RealSolutions,
    SolutionCount,
    count_solutions,
    dimension,
    find_msolve,
    groebner_basis,
    real_solutions,
)
from neuromanifold.algebra.parsing import (
    PolynomialParseError,
    parse_polynomial,
    parse_polynomials,
    polynomial_context,
    variables_in_text,
)
from neuromanifold.algebra.system import NumericEvaluator, PolynomialSystem, to_fmpq

__all__ = [
    "DEFAULT_PRIMES",
    "EDDegree",
    "EDDegreeError",
    "GroebnerBasis",
    "MsolveError",
    "MsolveNotFoundError",
    "MsolveTimeoutError",
    "NumericEvaluator",
    "PolynomialParseError",
    "PolynomialSystem",
    "PositiveDimensionalError",
    "RealSolutions",
    "SolutionCount",
    "count_solutions",
    "determinant",
    "dimension",
    "ed_degree",
    "ed_degree_parametric",
    "find_msolve",
    "general_linear_chart",
    "groebner_basis",
    "parse_polynomial",
    "parse_polynomials",
    "polynomial_context",
    "real_solutions",
    "scaling_charts",
    "to_fmpq",
    "variables_in_text",
]
