"""Oracles for the polynomial and attention families (ISSUE18, SPEC §2.3 and §6).

Each dimension by two methods: the exact rank mod random primes (two seeds, hence other primes)
and, where the coefficients stay well-conditioned, the float SVD rank of the Jacobian.
"""

from __future__ import annotations

import json
from math import factorial, prod

import numpy as np
import pytest
from click.testing import CliRunner

from neuromanifold.architectures import parse_architecture
from neuromanifold.cli import main
from neuromanifold.errors import ArchitectureError
from neuromanifold.function_space import Neuromanifold
from neuromanifold.function_space.polynomial import alexander_hirschowitz_dimension
from neuromanifold.parametrization import parametrization

PNN = [
    ("pnn:3,2,1:r=2", 5, 6),
    ("pnn:2,2,2:r=2", 6, 6),
    ("pnn:5,5,3,1:r=2", 32, 35),
    ("pnn:5,5,3,1:r=3", 35, 35),
    ("pnn:4,5,5,3,1:r=2", 47, None),
    ("pnn:5,4,3,1:r=2", 25, None),
    ("pnn:3,5,6,4,3,1:r=2", 58, None),
    ("pnn:2,3,2,3,4:r=2", 16, 22),
    ("pnn:4,3,2:r=2", 15, 15),
    ("pnn:5,4,3,2:r=2", 31, 31),
    ("pnn:4,4,4:r=2", 28, None),
    ("pnn:3,3,3,3:r=2", 21, None),
    ("pnn:3,5,1:r=4", 14, 15),
    ("pnn:5,7,1:r=3", 34, 35),
    ("pnn:4,9,1:r=4", 34, 35),
]
DAO_RODRIGUEZ = [
    ("2,3,4,5,4,6,4,1", 65),
    ("2,3,4,5,4,6,3,1", 59),
    ("2,3,4,5,4,5,4,1", 61),
    ("2,3,4,4,4,6,4,1", 62),
    ("2,3,3,5,4,6,4,1", 60),
    ("2,3,4,5,3,6,4,1", 39),
    ("2,2,4,5,4,6,4,1", 35),
]
ATTN = [
    ((2, 1, 1), 6),
    ((2, 2, 1), 7),
    ((3, 1, 1), 13),
    ((3, 3, 1), 17),
    ((2, 1, 2), 8),
    ((3, 2, 2), 23),
]


def _float_rank(text: str) -> int:
    mu = parametrization(text)
    theta = np.random.default_rng(5).standard_normal(mu.architecture.n_params)
    return int(np.linalg.matrix_rank(mu.jacobian(theta)))


@pytest.mark.parametrize(("text", "dim", "expected"), PNN)
def test_pnn_dimensions(text, dim, expected):
    M, again = Neuromanifold(text, seed=0), Neuromanifold(text, seed=1)
    assert M.dim == again.dim == dim
    assert set(M.dimension_certificate.primes).isdisjoint(again.dimension_certificate.primes)
    assert _float_rank(text) == dim
    if expected is not None:
        assert M.expected_dim == expected
        assert M.defect == expected - dim
    assert M.filling == (dim == M.ambient_dim)


@pytest.mark.parametrize(("widths", "dim"), DAO_RODRIGUEZ)
def test_dao_rodriguez_dimensions(widths, dim):
    """Degree 64 coefficients are ill-conditioned in floats: two seeds (four primes) instead."""
    text = f"pnn:{widths}:r=2"
    assert Neuromanifold(text, seed=0).dim == Neuromanifold(text, seed=7).dim == dim
    if widths == "2,3,4,5,4,6,4,1":
        assert Neuromanifold(text).filling is True
        assert parse_architecture(text).ambient_dim == 65


@pytest.mark.parametrize(
    ("n", "r", "k"), [(3, 2, 2), (3, 4, 5), (5, 3, 7), (4, 4, 9), (3, 3, 3), (2, 5, 2), (4, 3, 5)]
)
def test_alexander_hirschowitz_formula_matches_the_rank(n, r, k):
    assert Neuromanifold(f"pnn:{n},{k},1:r={r}").dim == alexander_hirschowitz_dimension(n, r, k)


def test_identifiability():
    assert Neuromanifold("pnn:3,2,1:r=2").identifiability.value == "no"  # defective
    assert Neuromanifold("pnn:4,3,2:r=2").identifiability.value == "finitely"  # Cor. 16
    assert "Cor. 16" in Neuromanifold("pnn:4,3,2:r=2").identifiability.reason
    assert Neuromanifold("pnn:3,2,1:r=3").identifiability.value == "globally"  # Waring, subgeneric
    assert Neuromanifold("pcnn:k=2,2:r=2").identifiability.value == "globally"
    assert Neuromanifold("attn:d=3,a=2,l=2").identifiability.value == "finitely"


@pytest.mark.parametrize("ks", [(2, 2), (3, 2), (2, 2, 2), (2, 3, 2), (4, 1, 3)])
@pytest.mark.parametrize("r", [1, 2, 3])
def test_pcnn_dimension(ks, r):
    text = f"pcnn:k={','.join(map(str, ks))}:r={r}"
    M = Neuromanifold(text)
    assert M.dim == sum(ks) - len(ks) + 1 == _float_rank(text) == M.expected_dim


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("pcnn:k=2,2:r=2", 4),
        ("pcnn:k=2,2:r=3", 6),
        ("pcnn:k=3,2:r=2", 12),
        ("pcnn:k=2,2,2:r=2", 48),
        ("pcnn:k=2,2:r=1", 2),
        ("pcnn:k=3,3:r=1", 6),
    ],
)
def test_pcnn_degree(text, degree):
    assert Neuromanifold(text).degree == degree


def test_pcnn_degree_formula_against_the_segre_veronese_count():
    """Second method: deg of P^{k1−1} × P^{k0−1} in O(1, a) is C(n0+n1, n0) a^{n0}."""
    for k0, k1, r in [(2, 2, 2), (3, 2, 2), (2, 3, 3), (4, 2, 2)]:
        n0, n1 = k0 - 1, k1 - 1
        segre_veronese = factorial(n0 + n1) // (factorial(n0) * factorial(n1)) * r**n0
        assert Neuromanifold(f"pcnn:k={k0},{k1}:r={r}").degree == segre_veronese


@pytest.mark.parametrize(("dal", "dim"), ATTN)
def test_attention_dimension(dal, dim):
    d, a, l = dal  # noqa: E741
    text = f"attn:d={d},a={a},l={l}:t=3"
    M = Neuromanifold(text)
    assert M.dim == dim == _float_rank(text)
    formula = l * (a * (2 * d - a) + d * d) - (l - 1) * d * d - l
    assert M.expected_dim == formula == dim and M.defect == 0


def test_attention_is_the_layer_formula():
    mu = parametrization("attn:d=2,a=1,l=1:t=3")
    rng = np.random.default_rng(0)
    theta = rng.standard_normal(8)
    q, k, v = theta[:2].reshape(1, 2), theta[2:4].reshape(1, 2), theta[4:].reshape(2, 2)
    from neuromanifold.parametrization.attention import sample_inputs

    x = sample_inputs(10, 2, 3)[3]
    out = sum(np.outer(v @ x[:, j], (q @ x).ravel() * (k @ x[:, j])) for j in range(3))
    assert np.allclose(mu(theta)[3], out)


def test_pnn_coefficients():
    """(x + 2y)² → plain monomial basis x², xy, y²; the second hidden layer composes forms."""
    mu = parametrization("pnn:2,1,1,1:r=2")
    f = mu(np.array([1.0, 2.0, 3.0, 1.0]))  # (3 (x + 2y)²)²
    assert np.allclose(f, [[9, 72, 216, 288, 144]])


def test_pnn_per_layer_degrees_and_text():
    arch = parse_architecture("pnn:2,3,2,1:r=2,3")
    assert arch.degree == 6 and arch.text == "pnn:2,3,2,1:r=2,3"
    assert parse_architecture("pnn:2,3,2,1:r=2,2").text == "pnn:2,3,2,1:r=2"
    with pytest.raises(ArchitectureError, match="degrees for 2 hidden layers"):
        parse_architecture("pnn:2,3,2,1:r=2,3,4")
    with pytest.raises(ArchitectureError, match="three widths"):
        parse_architecture("pnn:2,1:r=2")
    with pytest.raises(ArchitectureError, match="missing"):
        parse_architecture("attn:d=2,a=1")


def test_describe_json_keys():
    runner = CliRunner()
    for text in ["pnn:3,2,1:r=2", "pcnn:k=2,2:r=2", "attn:d=2,a=1,l=1", "fc:3,1,2", "lcn:k=2,2"]:
        res = runner.invoke(main, ["describe", text, "--json"])
        assert res.exit_code == 0, res.output
        data = json.loads(res.output)
        for key in [
            "dim",
            "ambient_dim",
            "expected_dim",
            "defect",
            "filling",
            "fiber_dim",
            "identifiable",
            "degree",
        ]:
            assert key in data
    data = json.loads(runner.invoke(main, ["describe", "fc:3,1,2", "--json"]).output)
    assert (data["expected_dim"], data["defect"], data["degree"]) == (4, 0, 3)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["equations", "attn:d=2,a=1,l=1"], "--max-unknowns"),
        (["ed-degree", "attn:d=2,a=2,l=2"], "--max-params"),
        (["critical-points", "pnn:4,5,5,3,1:r=2"], "--max-params"),
    ],
)
def test_verbs_past_their_budget_refuse_in_one_line(args, option):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    assert option in res.output and len(res.output.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def test_symmetries_are_in_the_fibers():
    """Rescaling a hidden neuron by λ and its outgoing weights by λ^−r leaves μ unchanged."""
    mu = parametrization("pnn:3,2,2:r=3")
    theta = np.random.default_rng(3).standard_normal(mu.architecture.n_params)
    w1, w2 = theta[:6].reshape(2, 3).copy(), theta[6:].reshape(2, 2).copy()
    w1[1] *= 1.7
    w2[:, 1] *= 1.7**-3
    moved = np.concatenate([w1.ravel(), w2.ravel()])
    assert np.allclose(mu(theta), mu(moved))
    swapped = np.concatenate([w1[::-1].ravel(), w2[:, ::-1].ravel()])
    assert np.allclose(mu(moved), mu(swapped))
    assert prod(parse_architecture("pnn:3,2,2:r=3").ambient_shape) == 20
