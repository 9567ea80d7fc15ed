"""The data model: one parser for target / weighted / regression:N / FILE.npz, one distribution,
the same data in the exact and the batched form, and clear errors for malformed specs."""

from __future__ import annotations

import json

import flint
import numpy as np
import pytest
from click.testing import CliRunner

from neuromanifold.cli.critical_points import critical_points_command
from neuromanifold.errors import InputError
from neuromanifold.experiments import parse_spec
from neuromanifold.losses import DataModel, draw_losses, exact_loss, parse_data
from neuromanifold.losses.data import GRID, MAX_SAMPLES
from neuromanifold.training import train


def _q(x: float) -> flint.fmpq:
    return flint.fmpq(*x.as_integer_ratio())


def _same_loss(exact, batch, i: int = 0) -> None:
    """ℓ = (f − u)ᵀG(f − u) + c₀ and ℓ = fᵀGf − 2bᵀf + c describe the same loss, exactly."""
    n = exact.dim
    gram = np.eye(n) if batch.gram is None else batch.gram[i]
    assert [[_q(float(v)) for v in row] for row in gram] == [list(r) for r in exact.gram]
    assert [_q(float(v)) for v in batch.linear[i]] == list(exact.linear)
    ugu = sum((c * b for c, b in zip(exact.center, exact.linear, strict=True)), flint.fmpq(0))
    assert _q(float(batch.const[i])) == ugu + exact.constant


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("target", DataModel("target")),
        (" Weighted ", DataModel("weighted")),
        ("regression:8", DataModel("regression", 8)),
        ("REGRESSION:008", DataModel("regression", 8)),
        (f"regression:{MAX_SAMPLES}", DataModel("regression", MAX_SAMPLES)),
    ],
)
def test_parse_good_specs(text, model):
    parsed = parse_data(text)
    assert parsed == model
    assert parse_data(parsed.text) == parsed


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("regression:²", "digits 0-9"),  # str.isdigit() accepts superscripts
        ("regression:٣", "digits 0-9"),  # so does it Arabic-Indic digits
        ("regression:0", "N ≥ 1"),
        ("regression:-3", "digits 0-9"),
        ("regression:", "digits 0-9"),
        ("regression:1e3", "digits 0-9"),
        ("regression:3.0", "digits 0-9"),
        ("regression:__import__('os')", "digits 0-9"),
        (f"regression:{MAX_SAMPLES + 1}", "budget"),
        ("regression:" + "9" * 5000, "budget"),
        ("regresion:3", "unknown data model"),
        ("", "unknown data model"),
        ("given", "unknown data model"),
    ],
)
def test_parse_bad_specs_name_the_argument(text, match):
    with pytest.raises(InputError, match=match) as err:
        parse_data(text)
    assert str(err.value).startswith("data: ")


def test_parse_refuses_non_text():
    with pytest.raises(InputError, match="data: expected text"):
        parse_data(8)  # type: ignore[arg-type]


def _npz(tmp_path, name="d.npz", **arrays):
    path = tmp_path / name
    np.savez(path, **arrays)
    return str(path)


def test_bad_files(tmp_path):
    cases = {
        "no such file": str(tmp_path / "missing.npz"),
        "Python objects": _npz(tmp_path, "o.npz", X=np.array([[1, "a"]], dtype=object), Y=[[1]]),
        "expected arrays X and Y": _npz(tmp_path, "m.npz", X=np.eye(2)),
        "found \\['X', 'Y', 'u'\\]": _npz(tmp_path, "e.npz", X=np.eye(2), Y=np.eye(2), u=[1]),
        "must be 2D": _npz(tmp_path, "s.npz", X=np.ones(3), Y=np.ones((1, 3))),
        "same number of samples": _npz(tmp_path, "n.npz", X=np.ones((2, 3)), Y=np.ones((1, 4))),
        "expected real numbers": _npz(tmp_path, "c.npz", u=np.array([1j, 2])),
        "not finite": _npz(tmp_path, "f.npz", u=np.array([1.0, np.nan])),
        "is empty": _npz(tmp_path, "z.npz", u=np.zeros(0)),
        "positive numbers": _npz(tmp_path, "w.npz", u=[1.0, 2.0], weights=[1.0, 0.0]),
    }
    garbage = tmp_path / "g.npz"
    garbage.write_bytes(b"not a zip archive")
    cases["cannot read"] = str(garbage)
    for match, path in cases.items():
        with pytest.raises(InputError, match=match) as err:
            parse_data(path)
        assert str(err.value).startswith("data: ")


def test_files_are_checked_against_the_architecture(tmp_path):
    data = parse_data(_npz(tmp_path, X=np.ones((3, 4)), Y=np.ones((2, 4))))
    with pytest.raises(InputError, match="X with 2 rows"):
        exact_loss("fc:2,1,2", data)
    with pytest.raises(InputError, match="X with 2 rows"):
        draw_losses("fc:2,1,2", data, 3, np.random.default_rng(0))
    target = parse_data(_npz(tmp_path, "u.npz", u=[1, 2, 3]))
    with pytest.raises(InputError, match="3 entries"):
        exact_loss("fc:2,1,2", target)


def test_one_distribution_on_the_grid():
    """Every random number is a multiple of 1/GRID: exact in floats, the same over ℚ."""
    rng = np.random.default_rng(5)
    for spec in ("target", "weighted", "regression:7"):
        loss = draw_losses("lcn:k=3,2:s=2,1", spec, 20, rng)
        for arr in (loss.linear, loss.const, loss.gram):
            if arr is not None:
                scaled = arr * GRID**3  # weighted: const = Σ λ u², three grid factors
                assert np.array_equal(scaled, np.rint(scaled))
    u = draw_losses("fc:3,1,3", "target", 4000, np.random.default_rng(0)).linear
    assert abs(u.mean()) < 0.02 and abs(u.std() - 1) < 0.02  # standard normal, rounded
    w = draw_losses("fc:3,1,3", "weighted", 4000, np.random.default_rng(0)).gram
    assert w is not None
    lam = np.einsum("bii->bi", w)
    assert lam.min() >= 0.5 and lam.max() <= 2.0 and abs(lam.mean() - 1.25) < 0.02


@pytest.mark.parametrize(
    ("arch", "spec", "out_len"),
    [
        ("fc:2,1,2", "target", 1),
        ("lcn:k=2,2", "weighted", 1),
        ("fc:3,1,2", "regression:5", 1),
        ("lcn:k=3,2:s=2,1", "regression:6", 1),
        ("lcn:k=2,2:s=2,1", "regression:4", 3),
    ],
)
def test_exact_and_batched_forms_hold_the_same_data(arch, spec, out_len):
    model = parse_data(spec, out_len)
    exact = exact_loss(arch, model, seed=7)
    assert exact.seed == 7
    _same_loss(exact, draw_losses(arch, model, 3, np.random.default_rng(7)))


def test_critical_points_and_train_see_the_same_data():
    """critical-points A --data D --seed s studies the data of the first run of train A ... s."""
    for arch, spec in (("lcn:k=2,2", "target"), ("fc:2,1,2", "regression:4")):
        out = CliRunner().invoke(
            critical_points_command, [arch, "--data", spec, "--seed", "3", "--json"]
        )
        assert out.exit_code == 0, out.output
        loss = json.loads(out.output)["loss"]
        assert loss["seed"] == 3
        result = train(arch, 4, data=spec, seed=3, options=None)
        exact = exact_loss(arch, spec, seed=3)
        assert loss["gram"] == [[str(v) for v in row] for row in exact.gram]
        assert loss["center"] == [str(v) for v in exact.center]
        _same_loss(exact, result.losses)
        assert result.seed == 3 and result.data.text == spec


def test_generic_weights_of_critical_points_are_weighted_data():
    weighted = exact_loss("lcn:k=2,2", "weighted", seed=2)
    assert exact_loss("lcn:k=2,2", "target", seed=2, weights="generic") == weighted
    assert weighted.source == "target (generic weights)" and weighted.seed == 2
    with pytest.raises(InputError, match="weights: generic weights apply to a target"):
        exact_loss("fc:2,1,2", "regression:4", weights="generic")


def test_file_data_is_fixed_and_exact(tmp_path):
    X = np.array([[1, 0, 1, 2], [0, 1, 1, -1]])
    Y = np.array([[1, 2, 3, 0], [0.5, 0, 1, 1]])
    path = _npz(tmp_path, X=X, Y=Y)
    exact = exact_loss("fc:2,1,2", path, seed=1)
    assert exact.seed is None and exact.source == "data d.npz"
    result = train("fc:2,1,2", 6, data=path, seed=1)
    assert result.data.text == path
    for i in range(6):
        _same_loss(exact, result.losses, i)
    with pytest.raises(InputError, match="out_len"):
        train("lcn:k=2,2", 2, data=path, out_len=2)
    u = _npz(tmp_path, "u.npz", u=np.array([[1, 2], [3, 4]]), weights=np.array([1, 2, 3, 4]))
    loss = exact_loss("fc:2,1,2", u)
    assert loss.weights == (1, 2, 3, 4)
    _same_loss(loss, draw_losses("fc:2,1,2", u, 2, np.random.default_rng(0)), 1)


def test_draws_have_a_budget():
    with pytest.raises(InputError, match="budget"):
        draw_losses("fc:10,10,10", f"regression:{MAX_SAMPLES}", 1000, np.random.default_rng(0))


def test_sweep_uses_the_same_parser(tmp_path):
    raw = {"architectures": ["fc:2,1,2"], "data": ["Regression:05"], "seeds": 1, "runs": 2}
    assert parse_spec(raw).data == ("regression:5",)
    for bad in ("regression:²", "regression:0", str(tmp_path / "none.npz")):
        with pytest.raises(InputError, match=r"^sweep spec: data: ") as err:
            parse_spec({**raw, "data": [bad]})
        assert "data: data:" not in str(err.value)


@pytest.mark.parametrize("spec", ["regression:²", "regression:0", "regression:10000000"])
def test_cli_bad_specs_one_line_exit_2(spec):
    out = CliRunner().invoke(critical_points_command, ["fc:3,1,2", "--data", spec])
    assert out.exit_code == 2
    assert len(out.output.strip().splitlines()) == 1 and "data" in out.output
