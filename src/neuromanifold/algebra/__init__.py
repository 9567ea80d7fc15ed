"""The algebra engine: exact polynomial systems, msolve, and the engines of ED degrees.

Text → `PolynomialSystem` (exact, over Q or F_p) → counts, real solutions and Gröbner bases
with msolve → the critical points of a `DistanceProblem` (an implicit or a parametrized
variety, weights, data) counted by `count_with_msolve` (the homotopy engine is
`neuromanifold.algebra.homotopy.count_with_homotopy`; the verb, which also takes
architectures, is `neuromanifold.metric.ed_degree`). Random affine charts fixing the symmetries
of a parametrization: `neuromanifold.algebra.charts`.
"""

from neuromanifold.algebra.charts import (
    eliminate_affine,
    factor_scaling_charts,
    general_linear_chart,
    random_nonzero,
    scaling_charts,
)
from neuromanifold.algebra.distance import DistanceProblem, ImplicitVariety, ParametrizedVariety
from neuromanifold.algebra.ed_degree import (
    EDDegree,
    EDDegreeError,
    count_with_msolve,
    determinant,
)
from neuromanifold.algebra.modular_count import ModularCount, count_modulo_primes
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
from neuromanifold.algebra.system import NumericEvaluator, PolynomialSystem, fresh_name, to_fmpq

__all__ = [
    "DEFAULT_PRIMES",
    "DistanceProblem",
    "EDDegree",
    "EDDegreeError",
    "GroebnerBasis",
    "ImplicitVariety",
    "ModularCount",
    "MsolveError",
    "MsolveNotFoundError",
    "MsolveTimeoutError",
    "NumericEvaluator",
    "ParametrizedVariety",
    "PolynomialParseError",
    "PolynomialSystem",
    "PositiveDimensionalError",
    "RealSolutions",
    "SolutionCount",
    "count_modulo_primes",
    "count_solutions",
    "count_with_msolve",
    "determinant",
    "dimension",
    "eliminate_affine",
    "factor_scaling_charts",
    "find_msolve",
    "fresh_name",
    "general_linear_chart",
    "groebner_basis",
    "parse_polynomial",
    "parse_polynomials",
    "polynomial_context",
    "random_nonzero",
    "real_solutions",
    "scaling_charts",
    "to_fmpq",
    "variables_in_text",
]
