"""The algebra engine: exact polynomial systems, msolve, and the engines of ED degrees.

Text → `PolynomialSystem` (exact, over Q or F_p) → counts, real solutions and Gröbner bases
with msolve → the critical points of a `DistanceProblem` (an implicit or a parametrized
variety, weights, data) counted by `count_with_msolve` (the homotopy engine is
`neuromanifold.algebra.homotopy.count_with_homotopy`; the verb, which also takes
architectures, is `neuromanifold.metric.ed_degree`). Random affine charts fixing the symmetries
of a parametrization: `neuromanifold.algebra.charts`.
"""

import importlib
from typing import TYPE_CHECKING, Any

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

#: Names loaded from their module on first use: ``import neuromanifold.algebra.modular`` (the
#: rank behind every dimension) does not load msolve, the ED-degree engines or the parser.
_LAZY = {
    "DEFAULT_PRIMES": "neuromanifold.algebra.msolve",
    "DistanceProblem": "neuromanifold.algebra.distance",
    "EDDegree": "neuromanifold.algebra.ed_degree",
    "EDDegreeError": "neuromanifold.algebra.ed_degree",
    "GroebnerBasis": "neuromanifold.algebra.msolve",
    "ImplicitVariety": "neuromanifold.algebra.distance",
    "ModularCount": "neuromanifold.algebra.modular_count",
    "MsolveError": "neuromanifold.algebra.msolve",
    "MsolveNotFoundError": "neuromanifold.algebra.msolve",
    "MsolveTimeoutError": "neuromanifold.algebra.msolve",
    "NumericEvaluator": "neuromanifold.algebra.system",
    "ParametrizedVariety": "neuromanifold.algebra.distance",
    "PolynomialParseError": "neuromanifold.algebra.parsing",
    "PolynomialSystem": "neuromanifold.algebra.system",
    "PositiveDimensionalError": "neuromanifold.algebra.msolve",
    "RealSolutions": "neuromanifold.algebra.msolve",
    "SolutionCount": "neuromanifold.algebra.msolve",
    "count_modulo_primes": "neuromanifold.algebra.modular_count",
    "count_solutions": "neuromanifold.algebra.msolve",
    "count_with_msolve": "neuromanifold.algebra.ed_degree",
    "determinant": "neuromanifold.algebra.ed_degree",
    "dimension": "neuromanifold.algebra.msolve",
    "eliminate_affine": "neuromanifold.algebra.charts",
    "factor_scaling_charts": "neuromanifold.algebra.charts",
    "find_msolve": "neuromanifold.algebra.msolve",
    "fresh_name": "neuromanifold.algebra.system",
    "general_linear_chart": "neuromanifold.algebra.charts",
    "groebner_basis": "neuromanifold.algebra.msolve",
    "parse_polynomial": "neuromanifold.algebra.parsing",
    "parse_polynomials": "neuromanifold.algebra.parsing",
    "polynomial_context": "neuromanifold.algebra.parsing",
    "random_nonzero": "neuromanifold.algebra.charts",
    "real_solutions": "neuromanifold.algebra.msolve",
    "scaling_charts": "neuromanifold.algebra.charts",
    "to_fmpq": "neuromanifold.algebra.system",
    "variables_in_text": "neuromanifold.algebra.parsing",
}

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


def __getattr__(name: str) -> Any:
    """The names of `_LAZY`, imported from their module on first use."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'neuromanifold.algebra' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
