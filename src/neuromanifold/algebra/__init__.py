"""The algebra engine: exact polynomial systems, msolve, and the engines of ED degrees.

Text → `PolynomialSystem` (exact, over Q or F_p) → counts, real solutions and Gröbner bases
with msolve → the critical points of a `DistanceProblem` (an implicit or a parametrized
variety, weights, data) counted by `count_with_msolve` (the homotopy engine is
`neuromanifold.algebra.homotopy.count_with_homotopy`; the verb, which also takes
architectures, is `neuromanifold.metric.ed_degree`). Random affine charts fixing the symmetries
of a parametrization: `neuromanifold.algebra.charts`.
"""

from typing import TYPE_CHECKING

from neuromanifold.verbs import lazy_exports

if TYPE_CHECKING:
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

#: Loaded on first use: a module of this package imports only what it needs.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "eliminate_affine": "neuromanifold.algebra.charts",
        "factor_scaling_charts": "neuromanifold.algebra.charts",
        "general_linear_chart": "neuromanifold.algebra.charts",
        "random_nonzero": "neuromanifold.algebra.charts",
        "scaling_charts": "neuromanifold.algebra.charts",
        "DistanceProblem": "neuromanifold.algebra.distance",
        "ImplicitVariety": "neuromanifold.algebra.distance",
        "ParametrizedVariety": "neuromanifold.algebra.distance",
        "EDDegree": "neuromanifold.algebra.ed_degree",
        "EDDegreeError": "neuromanifold.algebra.ed_degree",
        "count_with_msolve": "neuromanifold.algebra.ed_degree",
        "determinant": "neuromanifold.algebra.ed_degree",
        "ModularCount": "neuromanifold.algebra.modular_count",
        "count_modulo_primes": "neuromanifold.algebra.modular_count",
        "DEFAULT_PRIMES": "neuromanifold.algebra.msolve",
        "GroebnerBasis": "neuromanifold.algebra.msolve",
        "MsolveError": "neuromanifold.algebra.msolve",
        "MsolveNotFoundError": "neuromanifold.algebra.msolve",
        "MsolveTimeoutError": "neuromanifold.algebra.msolve",
        "PositiveDimensionalError": "neuromanifold.algebra.msolve",
        "RealSolutions": "neuromanifold.algebra.msolve",
        "SolutionCount": "neuromanifold.algebra.msolve",
        "count_solutions": "neuromanifold.algebra.msolve",
        "dimension": "neuromanifold.algebra.msolve",
        "find_msolve": "neuromanifold.algebra.msolve",
        "groebner_basis": "neuromanifold.algebra.msolve",
        "real_solutions": "neuromanifold.algebra.msolve",
        "PolynomialParseError": "neuromanifold.algebra.parsing",
        "parse_polynomial": "neuromanifold.algebra.parsing",
        "parse_polynomials": "neuromanifold.algebra.parsing",
        "polynomial_context": "neuromanifold.algebra.parsing",
        "variables_in_text": "neuromanifold.algebra.parsing",
        "NumericEvaluator": "neuromanifold.algebra.system",
        "PolynomialSystem": "neuromanifold.algebra.system",
        "fresh_name": "neuromanifold.algebra.system",
        "to_fmpq": "neuromanifold.algebra.system",
    },
)
