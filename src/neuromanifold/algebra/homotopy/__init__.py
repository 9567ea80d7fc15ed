r"""A native, vectorized homotopy-continuation backend: tracker, monodromy, certification.

Paths are tracked all at once (`track`: RK4 predictor, Newton corrector, adaptive steps,
statuses for infinity, singular endpoints and path jumping): in compiled code, one path per
thread on every core, when numba is installed (`kernel`, extra ``homotopy``), else vectorized in
numpy. Start systems: total degree (`solve_total_degree`, the fallback) and parameter homotopies
(`solve_parameter_homotopy`, the workhorse: solve a generic instance once, move it to new data
many times). `monodromy_solve` solves a generic instance without a start system, its
completeness decided by the `trace_test`; `certify` proves each solution with the Krawczyk test
in arb ball arithmetic. For ED problems, `count_with_homotopy` is the engine behind
``neuromanifold.metric.ed_degree(..., backend="homotopy")`` (the same
`neuromanifold.algebra.distance.DistanceProblem` and random draws as the msolve engine), and
`EDProblem` keeps the solved generic instance to move to new data.

References: Sommese–Wampler 2005; Bates–Hauenstein–Sommese–Wampler, *Bertini* 2013;
Breiding–Timme, HomotopyContinuation.jl 2018; Duff et al. 2019 (monodromy); Krawczyk 1969.
"""

from neuromanifold.algebra.homotopy.certify import certify
from neuromanifold.algebra.homotopy.ed_problem import (
    EDProblem,
    count_with_homotopy,
    ed_problem,
    ed_problem_implicit,
    ed_problem_parametric,
    solve_distance_problem,
)
from neuromanifold.algebra.homotopy.evaluator import CompiledSystem
from neuromanifold.algebra.homotopy.homotopies import (
    ParameterHomotopy,
    TotalDegreeHomotopy,
    homogenize,
)
from neuromanifold.algebra.homotopy.monodromy import (
    MonodromyError,
    TraceTest,
    monodromy_solve,
    start_pair,
    trace_test,
)
from neuromanifold.algebra.homotopy.result import Certification, HomotopyResult
from neuromanifold.algebra.homotopy.solve import solve_parameter_homotopy, solve_total_degree
from neuromanifold.algebra.homotopy.tracker import PathStatus, TrackedPaths, TrackerOptions, track

__all__ = [
    "Certification",
    "CompiledSystem",
    "EDProblem",
    "HomotopyResult",
    "MonodromyError",
    "ParameterHomotopy",
    "PathStatus",
    "TotalDegreeHomotopy",
    "TraceTest",
    "TrackedPaths",
    "TrackerOptions",
    "certify",
    "count_with_homotopy",
    "ed_problem",
    "ed_problem_implicit",
    "ed_problem_parametric",
    "homogenize",
    "monodromy_solve",
    "solve_distance_problem",
    "solve_parameter_homotopy",
    "solve_total_degree",
    "start_pair",
    "trace_test",
    "track",
]
