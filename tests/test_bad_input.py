"""Bad input never reaches a user as a traceback or as runaway work (issue 16).

Two parts: one test per reproducer of the issue's lists that concerns input, parsing, numbers,
budgets and the error boundary; then a property-based fuzz of the command line (hypothesis,
in-process with click's ``CliRunner``) over the grammar of architectures, polynomial text,
numbers, seeds, timeouts and data specs (text and files). Every run must end with exit code
0 or 2, print no traceback, and stay in bounded time (each command under its own ``--timeout
8``, whose expiry is a one-line refusal; each example under a 30 s deadline), and the process
must stay within a memory bound.

Fuzz size: 420 examples in all (architectures 120, polynomial text 80, numbers 100,
seeds/timeouts 50, data specs 50, data files 20): 6-25 s on the shared 2-core machine.
"""

from __future__ import annotations

import resource
import time
from datetime import timedelta

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neuromanifold.algebra import parse_polynomials
from neuromanifold.algebra.parsing import PolynomialBudgetError, PolynomialParseError
from neuromanifold.algebra.rational import parse_rational, to_fmpq
from neuromanifold.budget import budget, format_bytes, parse_bytes, require_memory
from neuromanifold.cli import main
from neuromanifold.errors import BudgetError, InputError

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
SECONDS = 20.0  # an explicit reproducer must be refused well within this (they took minutes)


def run(*args: str):
    """Invoke the CLI in-process; returns click's Result (output holds stdout and stderr)."""
    return CliRunner().invoke(main, list(args))


def assert_clean(result, *, codes=(0, 2)) -> None:
    """Exit code in ``codes``, no traceback, and an error is exactly one line."""
    assert result.exit_code in codes, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output, result.output
    if result.exit_code == 2 and "Usage:" not in result.output:
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("neuromanifold: error:"), result.output


def refused(*args: str, match: str | tuple[str, ...] = ()) -> str:
    """Run a command that must be refused at once: exit 2, one line, naming ``match``."""
    start = time.perf_counter()
    result = run(*args)
    elapsed = time.perf_counter() - start
    assert_clean(result, codes=(2,))
    assert elapsed < SECONDS, f"{args} took {elapsed:.1f} s"
    for word in (match,) if isinstance(match, str) else match:
        assert word in result.output, result.output
    return result.output


def deep(n: int) -> str:
    return "(" * n + "x" + ")" * n


# --------------------------------------------------------------------------------------------
# reproducers: tracebacks instead of a one-line error
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["describe"], ["critical-points"], ["train", "--quiet"]])
def test_huge_architecture_is_refused_by_the_memory_budget(command):
    out = refused(*command, "fc:3000,3000")
    assert "--max-memory" in out or "--max-params" in out


def test_describe_fc_200_200_is_refused_before_work():
    out = refused("describe", "fc:200,200", match=("--max-memory", "GiB"))
    assert "Jacobian" in out


def test_critical_points_on_a_large_architecture_names_max_params():
    refused("critical-points", "fc:30,30,30", match="--max-params")


def test_train_ten_million_runs_is_refused_with_the_option():
    refused("train", "fc:3,2,3", "--runs", "10000000", "--quiet", match="--max-memory")


def test_max_memory_raises_the_budget_and_reads_units():
    assert parse_bytes("2G") == 2 * 2**30 and parse_bytes("512MiB") == 2**29
    with pytest.raises(InputError, match="memory size"):
        parse_bytes("lots")
    result = run("describe", "fc:2,1,2", "--max-memory", "1M")
    assert_clean(result, codes=(0,))
    refused("describe", "fc:40,40", "--max-memory", "1M", match="--max-memory")
    refused("describe", "fc:2,1,2", "--max-memory", "-3", match="--max-memory")


@pytest.mark.parametrize(
    "text",
    [deep(300), "-" * 3000 + "x", "+" * 3000 + "x", "x" + "*(x" * 400 + ")" * 400],
)
def test_deep_nesting_and_long_sign_runs_parse_without_recursion(text):
    with budget(max_degree=1000):
        (f,), _ = parse_polynomials(text, ["x"])
    assert not f.is_zero()


@pytest.mark.parametrize("text", [deep(300), "-" * 3000 + "x + y"])
def test_deep_text_in_the_cli_gives_an_answer_or_one_line(text):
    assert_clean(run("ed-degree", "--variety", text, "--no-real"))


@pytest.mark.parametrize("seed", ["-1", "2**63", str(2**63), "1e3", "abc", ""])
@pytest.mark.parametrize(
    "command",
    [
        ["describe", "fc:2,1,2"],
        ["ed-degree", "--variety", "x^2+y^2-1"],
        ["equations", "fc:2,1,2"],
        ["critical-points", "fc:2,1,2"],
        ["train", "fc:2,1,2", "--runs", "2"],
        ["reproduce"],
    ],
)
def test_bad_seed_in_every_command(command, seed):
    out = refused(*command, "--seed", seed, match="--seed")
    assert "[0, 2^63)" in out or "Usage" in out


def test_largest_seed_is_accepted():
    assert_clean(run("describe", "fc:2,1,2", "--seed", str(2**63 - 1)), codes=(0,))


@pytest.mark.parametrize("data", ["regression:²", "regression:999999999999", "regression:0"])
def test_regression_sample_counts_are_checked(data):
    refused("critical-points", "fc:2,1,2", "--data", data, match="regression")
    refused("train", "fc:2,1,2", "--runs", "2", "--quiet", "--data", data, match="regression")


def test_npz_holding_an_object_array(tmp_path):
    path = tmp_path / "objects.npz"
    np.savez(path, X=np.array([[1, "a"], [None, 2]], dtype=object), Y=np.ones((2, 2)))
    refused("critical-points", "fc:2,1,2", "--data", str(path), match="Python objects")
    refused("train", "fc:2,1,2", "--runs", "2", "--quiet", "--data", str(path), match="objects")


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["voronoi", "--curve", "y^2-x^3", "--point", "0,0"], "--plot"),
        (["train", "fc:2,1,2", "--runs", "2", "--quiet"], "--plot"),
    ],
)
def test_output_into_a_missing_folder_is_refused_before_work(tmp_path, command, option):
    target = str(tmp_path / "missing" / "figure.png")
    refused(*command, option, target, match="does not exist")


def test_export_into_a_missing_folder_is_refused_before_the_sweep(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text('name = "s"\n')
    refused(
        "sweep", str(spec), "--export", str(tmp_path / "no" / "rows.csv"), match="does not exist"
    )


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e400", "soon"])
def test_real_timeout_must_be_finite_and_positive(value):
    refused("ed-degree", "--variety", "x^2+y^2-1", "--real-timeout", value, match="--real-timeout")
    refused("critical-points", "fc:2,1,2", "--real-timeout", value, match="--real-timeout")


@pytest.mark.parametrize("option", ["--step", "--gtol"])
def test_training_step_and_tolerance_must_be_finite_and_positive(option):
    refused("train", "fc:2,1,2", "--runs", "2", option, "nan", match=option)


# --------------------------------------------------------------------------------------------
# reproducers: runaway work
# --------------------------------------------------------------------------------------------
def test_expanded_power_is_refused_before_expanding():
    out = refused("ed-degree", "--variety", "(x+y+1)^10000", match="--max-degree")
    assert "position 7" in out
    with budget(max_degree=10**6), pytest.raises(PolynomialBudgetError, match="--max-terms"):
        parse_polynomials("(x+y+1)^10000")


def test_high_degree_variety_is_refused():
    refused("ed-degree", "--variety", "x^10000+y^2-1", match="--max-degree")
    refused("voronoi", "--curve", "y^2-x^3+x^50*y^50", "--point", "0,0", match="--max-degree")


def test_budgets_can_be_raised_per_command():
    result = run("ed-degree", "--variety", "(x+y+1)^2 - 4", "--no-real", "--max-degree", "2")
    assert_clean(result, codes=(0,))
    refused("ed-degree", "--variety", "(x+y)^3-1", "--max-degree", "2", match="--max-degree")
    refused("ed-degree", "--variety", "(x+y+1)^9-1", "--max-terms", "20", match="--max-terms")


def test_products_are_budgeted_like_powers():
    with pytest.raises(PolynomialBudgetError, match="--max-degree"):
        parse_polynomials("*".join(["(x+y+1)"] * 80))
    with pytest.raises(PolynomialBudgetError, match="--max-terms"):
        parse_polynomials("*".join(["(w+x+y+z+1)"] * 80))


def test_huge_constants_and_exponents_are_refused():
    with pytest.raises(PolynomialParseError, match="bits"):
        parse_polynomials("(2^10000)^10000")
    with pytest.raises(PolynomialParseError, match="exponent above"):
        parse_polynomials("x^" + "9" * 5000)
    with pytest.raises(PolynomialParseError, match="at most 1000"):
        parse_polynomials("1" * 5000 + "*x")


def test_function_with_a_huge_exponent_is_refused_at_once():
    out = refused("contains", "lcn:k=2,2", "--function", "1e99999999,2,1", match="[-1000, 1000]")
    assert "1e99999999" in out


@pytest.mark.parametrize("point", ["1e99999999,0", "0,1/0", "nan,0", "²,0"])
def test_voronoi_point_numbers_are_bounded(point):
    refused("voronoi", "--curve", "y^2-x^3", "--point", point, match="point")


# --------------------------------------------------------------------------------------------
# numbers, budgets and the boundary as library functions
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3), ("-3/4", "-3/4"), ("0.25", "1/4"), ("1.5e-3", "3/2000"), (".5", "1/2"), ("2.", 2)],
)
def test_parse_rational_reads_exactly(text, value):
    assert to_fmpq(parse_rational(text)) == to_fmpq(value)


@pytest.mark.parametrize(
    "text", ["nan", "inf", "1e99999999", "1e-1001", "1/0", "²", "1_000", "0x10", "1" * 1001, ""]
)
def test_parse_rational_refuses_with_the_range(text):
    with pytest.raises(InputError) as info:
        parse_rational(text, "entry")
    assert str(info.value).startswith("entry:")


def test_require_memory_names_the_option():
    with pytest.raises(BudgetError, match="--max-memory"):
        require_memory(3 * 2**30, "a test matrix")
    with budget(max_memory=4 * 2**30):
        require_memory(3 * 2**30, "a test matrix")
    assert format_bytes(589 * 2**40) == "589.0 TiB"
    assert format_bytes(10**5000).startswith("about 2^")


def test_every_command_is_inside_the_error_boundary():
    for name, command in main.commands.items():
        assert getattr(command.callback, "error_boundary", False), name


def test_unexpected_errors_are_one_line_with_the_type(monkeypatch):
    import neuromanifold.function_space as fs

    def boom(*args, **kwargs):
        raise ZeroDivisionError("an unexpected failure")

    monkeypatch.setattr(fs, "Neuromanifold", boom)
    out = refused("describe", "fc:2,1,2", match=("internal error ZeroDivisionError", "report"))
    assert "NEUROMANIFOLD_DEBUG" in out
    monkeypatch.setenv("NEUROMANIFOLD_DEBUG", "1")
    result = run("describe", "fc:2,1,2")
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (MemoryError(), "out of memory"),
        (RecursionError(), "nested too deeply"),
        (KeyboardInterrupt(), "interrupted"),
        (PermissionError(13, "Permission denied", "/x/y.png"), "cannot access '/x/y.png'"),
    ],
)
def test_known_errors_map_to_one_line(monkeypatch, error, words):
    import neuromanifold.function_space as fs

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(fs, "Neuromanifold", fail)
    refused("describe", "fc:2,1,2", match=words)


# --------------------------------------------------------------------------------------------
# the fuzz: grammar-based strategies
# --------------------------------------------------------------------------------------------
def fuzz(examples: int) -> settings:
    """Hypothesis settings of one fuzz test: its example count and a per-example deadline."""
    return settings(
        max_examples=examples,
        deadline=timedelta(seconds=30),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# small budgets in the fuzz: every accepted input is cheap, every large one must be refused
SMALL = ("--max-memory", "32M")
#: Every fuzzed command runs under its own time budget: past it, a one-line refusal (exit 2).
#: The per-example deadline of hypothesis stays as the guard above it.
LIMIT = ("--timeout", "8")

sizes = st.one_of(
    st.integers(1, 4).map(str),
    st.sampled_from(["0", "-1", "3000", "10000000", str(2**64), "1.5", "", "²", "9" * 50]),
)


def _joined(parts: st.SearchStrategy[str], sep: str = ",", max_size: int = 4):
    return st.lists(parts, min_size=0, max_size=max_size).map(sep.join)


fc_text = _joined(sizes, max_size=5).map(lambda s: "fc:" + s)
lcn_text = st.tuples(_joined(sizes), st.one_of(st.just(""), _joined(sizes).map(":s=".__add__))).map(
    lambda ks: "lcn:k=" + ks[0] + ks[1]
)
pair = st.tuples(sizes, sizes).map("x".join)
lcn2d_text = st.tuples(
    _joined(pair, max_size=3), st.one_of(st.just(""), _joined(pair, max_size=3).map(":s=".__add__))
).map(lambda ks: "lcn2d:k=" + ks[0] + ks[1])
noise = st.text(alphabet="fcln2d:k=s,x0123456789- ²", max_size=25)
architectures = st.one_of(fc_text, lcn_text, lcn2d_text, noise)


@fuzz(120)
@given(arch=architectures)
def test_fuzz_architectures(arch):
    assert_clean(run("describe", *LIMIT, arch, *SMALL))
    assert_clean(run("train", *LIMIT, arch, "--runs", "2", "--max-iter", "5", "--quiet", *SMALL))
    assert_clean(run("critical-points", *LIMIT, arch, "--max-params", "4", "--real-timeout", "5"))


# polynomial text: well-formed expressions over x, y, z (and a stray name), and noise
atoms = st.one_of(
    st.sampled_from(["x", "y", "z", "w"]),
    st.integers(0, 10**6).map(str),
    st.sampled_from(["1/2", "0.25", "3.", "1" * 60, "2x"]),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from("+-*/"), children).map("".join),
        st.tuples(children, st.sampled_from(["^", "**"]), st.integers(0, 60).map(str)).map("".join),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"-{c}"),
    )


expressions = st.recursive(atoms, _combine, max_leaves=12)
polynomial_text = st.one_of(
    expressions,
    st.lists(expressions, min_size=1, max_size=3).map("; ".join),
    st.text(alphabet="xyz0123456789+-*/^().; ", max_size=30),
)


@fuzz(80)
@given(text=polynomial_text)
def test_fuzz_polynomial_text(text):
    args = ("--variety", text, "--no-real", "--max-degree", "4", "--max-terms", "60")
    assert_clean(run("ed-degree", *LIMIT, *args))


# numbers: exact forms, decimals with exponents, and what must be refused
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.fractions().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.tuples(st.integers(-99, 99), st.integers(-(10**9), 10**9)).map(lambda t: f"{t[0]}e{t[1]}"),
    st.sampled_from(["1/0", "²", "--1", "1e", ".", "0x1F", " ", "1" * 1200, "١٢"]),
)


@fuzz(100)
@given(a=numbers, b=numbers, c=numbers, tol=numbers)
def test_fuzz_numbers(a, b, c, tol):
    assert_clean(run("contains", *LIMIT, "lcn:k=2,2", "--function", f"{a},{b},{c}"))
    assert_clean(run("contains", *LIMIT, "fc:2,1,2", "--function", f"{a},{b};{c},1", "--tol", tol))


@fuzz(50)
@given(seed=st.one_of(st.integers(-(2**70), 2**70).map(str), st.text(max_size=8)), t=numbers)
def test_fuzz_seeds_and_timeouts(seed, t):
    assert_clean(run("describe", *LIMIT, "fc:2,1,2", "--seed", seed))
    assert_clean(
        run("ed-degree", *LIMIT, "--variety", "x^2+y^2-1", "--real-timeout", t, "--seed", "0")
    )


data_specs = st.one_of(
    st.sampled_from(["target", "weighted", "regression:", "regression:x", "REGRESSION:3"]),
    st.integers(-5, 10**14).map(lambda n: f"regression:{n}"),
    st.text(alphabet="regsion:0123456789²target.npz", max_size=20),
)


@fuzz(50)
@given(data=data_specs, runs=st.sampled_from(["2", "0", "-3", "4000000000"]))
def test_fuzz_data_specs(data, runs):
    args = ("--runs", runs, "--max-iter", "20", "--quiet", "--data", data, *SMALL)
    assert_clean(run("train", *LIMIT, "fc:2,1,2", *args))
    if data.startswith(("regression:", "target")):
        assert_clean(
            run("critical-points", *LIMIT, "fc:2,1,2", "--data", data, "--max-memory", "1M")
        )


arrays = st.one_of(
    st.sampled_from(["ones", "nan", "object", "text", "complex", "empty", "3d"]),
    st.lists(st.floats(-5, 5), min_size=1, max_size=8),
)


def _array(kind):
    if isinstance(kind, list):
        return np.array(kind)
    return {
        "ones": np.ones((2, 4)),
        "nan": np.full((2, 4), np.nan),
        "object": np.array([[1, None]], dtype=object),
        "text": np.array([["a", "b"]]),
        "complex": np.ones((2, 4)) * 1j,
        "empty": np.zeros((2, 0)),
        "3d": np.ones((2, 2, 2)),
    }[kind]


@fuzz(20)
@given(
    keys=st.lists(st.sampled_from(["X", "Y", "u", "weights", "other"]), min_size=1, unique=True),
    contents=st.lists(arrays, min_size=5, max_size=5),
    garbage=st.one_of(st.none(), st.binary(max_size=64), st.just(b"PK\x03\x04broken")),
)
def test_fuzz_data_files(tmp_path_factory, keys, contents, garbage):
    path = tmp_path_factory.mktemp("npz") / "data.npz"
    if garbage is not None:
        path.write_bytes(garbage)
    else:
        np.savez(path, **{k: _array(c) for k, c in zip(keys, contents, strict=False)})
    assert_clean(
        run("critical-points", *LIMIT, "fc:2,1,2", "--data", str(path), "--real-timeout", "5")
    )


def test_fuzz_memory_stayed_bounded():
    """After the fuzz above (same process), the peak resident memory stayed below 3 GiB."""
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert peak_kib < 3 * 2**20, f"peak RSS {peak_kib / 2**20:.1f} GiB"
