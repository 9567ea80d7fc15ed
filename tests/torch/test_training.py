"""The torch engine: μ in torch equals μ, same runs as the NumPy engine, same outcome fractions."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from click.testing import CliRunner  # noqa: E402

from neuromanifold import InputError  # noqa: E402
from neuromanifold.architectures import parse_architecture  # noqa: E402
from neuromanifold.cli import main  # noqa: E402
from neuromanifold.parametrization import parametrization  # noqa: E402
from neuromanifold.torch.training import batched_map  # noqa: E402
from neuromanifold.training import TrainingOptions, summarize, train  # noqa: E402


@pytest.mark.parametrize(
    "text", ["fc:3,2,4,2", "lcn:k=3,2,2:s=2,1,3", "lcn:k=2,2", "lcn2d:k=2x3,3x2:s=2x1,1x2"]
)
def test_batched_map_is_mu(text):
    """The torch μ (matrix products, shifted multiply-adds) equals the parametrization's."""
    arch = parse_architecture(text)
    theta = np.random.default_rng(0).standard_normal((7, arch.n_params))
    ours = parametrization(arch)(theta).reshape(7, -1)
    assert np.allclose(batched_map(arch)(torch.from_numpy(theta)).numpy(), ours, atol=1e-12)


@pytest.mark.parametrize("method", ["gd", "backtracking", "adam"])
def test_same_runs_as_the_numpy_engine(method):
    """Same data, initializations and step: the same iterations, stopping rules and end points."""
    opts = TrainingOptions(method=method, max_iter=1500)
    ours = train("fc:3,1,2", 30, seed=2, options=opts, data="regression:6", engine="torch")
    ref = train("fc:3,1,2", 30, seed=2, options=opts, data="regression:6")
    assert ours.engine == "torch" and ref.engine == "numpy"
    assert list(ours.stop_reason) == list(ref.stop_reason)
    # Armijo's acceptance test may flip on a rounding difference, and the path with it
    slack = 2 + (0.1 * ref.iterations if method == "backtracking" else 0)
    assert np.all(np.abs(ours.iterations - ref.iterations) <= slack)
    assert np.allclose(ours.f, ref.f, atol=1e-6)


def test_outcome_fractions_agree_within_their_intervals():
    """Independent draws (different seeds): every class's 95 % Wilson intervals overlap.

    lcn:k=2,2 on target data ends on the boundary (a double root) in ~1/3 of runs: a fraction a
    biased engine would move.
    """
    opts = TrainingOptions(method="adam", step=0.05)
    a = summarize(train("lcn:k=2,2", 150, seed=5, options=opts, engine="torch").classify())
    b = summarize(train("lcn:k=2,2", 150, seed=6, options=opts).classify())
    assert 0.15 < a.classes["boundary"].count / a.classes["boundary"].total < 0.6
    for name, frac in a.classes.items():
        other = b.classes[name]
        assert frac.low <= other.high and other.low <= frac.high, (name, str(frac), str(other))


def test_cli_engine_torch_reports_its_engine():
    out = CliRunner().invoke(
        main, ["train", "fc:2,1,2", "--runs", "8", "--engine", "torch", "--json", "--quiet"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["engine"] == "torch" and data["converged"] == 8


def test_flow_and_unsupported_families_are_refused():
    with pytest.raises(InputError, match="gradient flow"):
        train("fc:2,1,2", 2, options=TrainingOptions(method="flow"), engine="torch")
    with pytest.raises(InputError, match="torch engine trains fc, lcn and lcn2d"):
        batched_map(parse_architecture("pnn:2,2,1:r=2"))
