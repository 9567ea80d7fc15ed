"""inspect: a torch-trained boundary point, a planted spurious point, pickled code refused."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from click.testing import CliRunner  # noqa: E402
from torch import Tensor, nn  # noqa: E402

from neuromanifold import InputError  # noqa: E402
from neuromanifold.architectures import parse_architecture  # noqa: E402
from neuromanifold.cli import main  # noqa: E402
from neuromanifold.torch import from_torch, inspect, to_torch  # noqa: E402


def _target_file(tmp_path: Path, u: list[float]) -> str:
    path = tmp_path / "target.npz"
    np.savez(path, u=np.array(u))
    return str(path)


@pytest.fixture(autouse=True)
def one_thread():
    """Tiny tensors: one thread (threads on a shared machine only add waiting)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


#: 1 + x/2 + x² has no real root: outside M(lcn:k=2,2) = {filters with a real root}.
TARGET = [1.0, 0.5, 1.0]


def _train_in_torch(u: list[float]) -> nn.Module:
    """A plain torch training loop (nn.Conv1d layers, SGD) on ‖filter − u‖², as a user writes it."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv1d(1, 1, 2, bias=False), torch.nn.Conv1d(1, 1, 2, bias=False)
    ).double()
    target = torch.tensor(u, dtype=torch.float64)
    # the end-to-end filter read off the impulse responses (cross-correlation: reversed)
    probe = torch.eye(3, dtype=torch.float64)[:, None, :]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(300):  # SGD into the basin, then L-BFGS to a tight critical point
        optimizer.zero_grad()
        ((model(probe).reshape(3) - target) ** 2).sum().backward()
        optimizer.step()
    lbfgs = torch.optim.LBFGS(
        model.parameters(),
        max_iter=500,
        tolerance_grad=1e-12,
        tolerance_change=0,
        line_search_fn="strong_wolfe",
    )

    def closure() -> Tensor:
        lbfgs.zero_grad()
        loss = ((model(probe).reshape(3) - target) ** 2).sum()
        loss.backward()
        return loss

    lbfgs.step(closure)
    return model


def test_a_model_trained_to_the_boundary_is_reported_as_boundary(tmp_path):
    """u ∉ M and M is closed and full-dimensional, so the nearest point of M lies on its boundary:
    a double real root (KMMT 2022). Minimizing (a−1)² + (b−½)² + (c−1)² on b² = 4ac gives
    f = ½(1 + x)², loss ¾ (the candidates with a root at 0 or ∞, (1, 0, 0) and (0, 0, 1), lose
    at 5/4)."""
    u = TARGET
    model = _train_in_torch(u)
    report = inspect(model, data=_target_file(tmp_path, u), critical_points=False)
    assert report.architecture == "lcn:k=2,2"
    assert report.gradient_norm < 1e-4  # the loss is quartic across the boundary: slow
    assert report.member and report.stratum == "boundary"
    assert report.witness_residual is not None and report.witness_residual < 1e-6
    assert report.witness_ok
    assert np.allclose(report.function, [0.5, 1.0, 0.5], atol=1e-2)
    assert math.isclose(report.loss, 0.75, abs_tol=1e-5)


def test_the_cli_reads_the_state_dict_and_reports_boundary(tmp_path):
    u = TARGET
    path = tmp_path / "model.pt"
    torch.save(_train_in_torch(u).state_dict(), path)
    args = ["inspect", str(path), "--arch", "lcn:k=2,2", "--data", _target_file(tmp_path, u)]
    out = CliRunner().invoke(main, [*args, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["stratum"] == "boundary" and data["member"] is True
    assert data["global_min_gap"] is not None and abs(data["global_min_gap"]) < 1e-6
    nearest = data["nearest_critical_point"]  # the boundary minimum: L is quartic across it
    assert nearest["stratum"] == "boundary" and nearest["kind"] == "degenerate"
    assert nearest["distance"] < 1e-2
    text = CliRunner().invoke(main, [*args, "--no-critical-points"])
    assert text.exit_code == 0 and "boundary" in text.output


def test_a_planted_spurious_critical_point_is_rank_deficient(tmp_path):
    """fc:2,2,2 on the target diag(3, 1) at W₁ = W₂ = diag(√3, 0) (hidden neuron 2 dead).

    f = diag(3, 0) and ∇L = (W₂ᵀR, RW₁ᵀ) = 0 with R = 2(f − u) = diag(0, −2): a critical point.
    dμ(δ₁, δ₂) = W₂δ₁ + δ₂W₁ fills the first row and the first column: rank 3 < dim M = 4
    (M = all 2×2 matrices), so θ is critical only because μ degenerates: spurious, a saddle.
    """
    s = math.sqrt(3.0)
    theta = [s, 0, 0, 0, s, 0, 0, 0]
    report = inspect(to_torch("fc:2,2,2", theta), data=_target_file(tmp_path, [3, 0, 0, 1]))
    assert report.dim == 4
    assert report.jacobian_rank == 3 and report.jacobian_rank_exact == 3
    assert report.rank_deficient
    assert report.gradient_norm < 1e-12
    assert report.stratum == "interior"  # rank 1 ≤ 2 = r: M is the whole space
    assert report.hessian_index >= 1  # descending: revive the neuron along u's second direction
    assert report.global_min_gap is not None and math.isclose(report.global_min_gap, 1.0)


def test_a_strided_model_is_its_own_witness_and_the_path_loads_no_fit_and_no_kernels(tmp_path):
    """The command in a fresh interpreter: θ is the witness (residual 0, no Levenberg–Marquardt,
    so scipy.optimize never loads), and the critical points need no homotopy (numba never loads)."""
    theta = np.random.default_rng(0).standard_normal(6)
    path = tmp_path / "model.pt"
    torch.save(to_torch("lcn:k=3,3:s=2,1", theta).state_dict(), path)
    code = (
        "import sys\n"
        "from neuromanifold.cli import main\n"
        f"args = ['inspect', {str(path)!r}, '--arch', 'lcn:k=3,3:s=2,1', '--json']\n"
        "try:\n    main(args)\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print([m for m in ('scipy.optimize', 'numba') if m in sys.modules])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report, _, loaded = run.stdout.rpartition("}")
    data = json.loads(report + "}")
    assert loaded.strip() == "[]"
    assert data["member"] and data["stratum"] == "interior" and data["witness_residual"] == 0.0
    assert "given preimage" in data["membership_reason"] and data["witness_ok"]
    assert data["global_min_gap"] is not None  # the critical points still ran


def test_a_model_with_roots_near_infinity_has_a_witness_that_reproduces_it():
    """(1 + 10⁻³x)(1 + 2·10⁻³x): roots −1000 and −500, both at infinity for tol 1e-4 (beyond
    1/√tol = 100), a boundary point (a double root at infinity); its witness multiplies back to f
    within √tol (it was 2·10⁻⁶, f's top coefficient, times y²: residual 1)."""
    model = to_torch("lcn:k=2,2", [1.0, 1e-3, 1.0, 2e-3])
    report = inspect(model, critical_points=False, tol=1e-4)
    assert report.stratum == "boundary" and report.witness_ok
    assert report.witness_residual is not None and report.witness_residual <= 1e-2


def test_critical_points_started_elsewhere_must_be_this_models():
    """A Future of the critical points (the CLI starts them before torch loads) is used when it
    holds this architecture and loss, refused otherwise; a failure in it becomes the note."""
    from concurrent.futures import Future

    from neuromanifold.critical_points import critical_points
    from neuromanifold.errors import TimeLimitError
    from neuromanifold.losses import exact_loss

    model = to_torch("lcn:k=2,2", [1.0, 2.0, -1.0, 1.0])

    def future(value=None, error=None) -> Future:
        out: Future = Future()
        out.set_exception(error) if error is not None else out.set_result(value)
        return out

    mine = critical_points("lcn:k=2,2", exact_loss("lcn:k=2,2", "weighted", seed=0), seed=0)
    direct = inspect(model, data="weighted")
    given = inspect(model, data="weighted", critical_points=future(mine))
    assert given.global_min_gap == direct.global_min_gap is not None
    assert given.nearest_critical_point == direct.nearest_critical_point
    with pytest.raises(InputError, match="another architecture or loss"):
        inspect(model, data="weighted", seed=1, critical_points=future(mine))
    late = inspect(model, data="weighted", critical_points=future(error=TimeLimitError("late")))
    assert late.global_min_gap is None and "not computed: late" in str(late.critical_points_note)


class _Marker:
    """Unpickling this runs ``Path(marker).touch()``: a stand-in for arbitrary code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_pickled_code_file_is_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.pt"
    torch.save({"0.weight": torch.zeros(1, 2), "payload": _Marker(str(marker))}, path)
    out = CliRunner().invoke(main, ["inspect", str(path), "--arch", "fc:2,1,2"])
    assert out.exit_code == 2
    assert len(out.output.strip().splitlines()) == 1 and "weights_only" in out.output
    assert not marker.exists()
    torch.load(path, weights_only=False)  # the file really carries code: a full unpickle runs it
    assert marker.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (lambda: to_torch("fc:2,1,2", [1, 2, 3, 4]), "not a plain state_dict"),  # a whole model
        (lambda: [torch.zeros(1, 2)], "not a plain state_dict"),
        (lambda: {"0.weight": torch.zeros(1, 2)}, "does not match fc:2,1,2"),
        (lambda: {"0.weight": torch.zeros(2, 2), "1.weight": torch.zeros(2, 1)}, "does not match"),
    ],
)
def test_files_that_are_not_the_state_dict_are_refused(tmp_path, content, message):
    path = tmp_path / "w.pt"
    torch.save(content(), path)
    out = CliRunner().invoke(main, ["inspect", str(path), "--arch", "fc:2,1,2"])
    assert out.exit_code == 2 and message in out.output, out.output


@pytest.mark.parametrize("text", ["fc:3,2,4", "lcn:k=3,2:s=2,1", "lcn2d:k=2x3,2x2:s=2x1,1x1"])
def test_a_state_dict_reads_as_the_model_it_came_from(text):
    theta = np.random.default_rng(1).standard_normal(parse_architecture(text).n_params)
    model = to_torch(text, theta)
    report = inspect(model.state_dict(), architecture=text, critical_points=False)
    assert report.architecture == text and report.theta == tuple(from_torch(model)[1])


def test_a_state_dict_needs_its_architecture():
    with pytest.raises(InputError, match="needs its architecture"):
        inspect({"0.weight": torch.zeros(1, 2)})
    with pytest.raises(InputError, match="the model is fc:2,1,2, not fc:2,2"):
        inspect(to_torch("fc:2,1,2", [1, 2, 3, 4]), architecture="fc:2,2")


def test_without_torch_the_command_says_how_to_install(tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m.startswith("neuromanifold.torch")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "torch", None)
    path = tmp_path / "w.pt"
    path.write_bytes(b"")
    out = CliRunner().invoke(main, ["inspect", str(path), "--arch", "fc:2,1,2"])
    assert out.exit_code == 2 and "pip install 'neuromanifold[torch]'" in out.output
