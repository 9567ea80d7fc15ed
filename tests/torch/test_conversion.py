"""from_torch / to_torch: exact round trips, μ against the torch model's map, refused layers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from torch import nn  # noqa: E402

from neuromanifold import InputError  # noqa: E402
from neuromanifold.architectures import (  # noqa: E402
    Architecture,
    FullyConnected,
    LinearConvNetwork,
    LinearConvNetwork2D,
    parse_architecture,
)
from neuromanifold.parametrization import (  # noqa: E402
    convolution_matrix,
    convolve,
    parametrization,
)
from neuromanifold.torch import Power, from_torch, to_torch  # noqa: E402
from tests.conftest import (  # noqa: E402
    any_architecture,
    fc_architectures,
    lcn2d_architectures,
    lcn_architectures,
)

contract = settings(max_examples=40, deadline=None)


def _torch_model(arch: Architecture, seed: int, dtype=torch.float64) -> nn.Sequential:
    """The architecture built with torch's own constructors and initialization (not to_torch)."""
    torch.manual_seed(seed)
    if isinstance(arch, FullyConnected):
        w = arch.widths
        layers = [nn.Linear(w[i], w[i + 1], bias=False) for i in range(len(w) - 1)]
    elif isinstance(arch, LinearConvNetwork):
        layers = [
            nn.Conv1d(1, 1, k, stride=s, bias=False)
            for k, s in zip(arch.filter_sizes, arch.stride_tuple, strict=True)
        ]
    else:
        assert isinstance(arch, LinearConvNetwork2D)
        layers = [
            nn.Conv2d(1, 1, k, stride=s, bias=False)
            for k, s in zip(arch.filter_shapes, arch.stride_pairs, strict=True)
        ]
    return nn.Sequential(*layers).to(dtype)


def _output(model: nn.Module, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


# --- round trips ----------------------------------------------------------------------------------
@contract
@given(any_architecture, st.integers(0, 2**32 - 1))
def test_architecture_round_trip_is_exact(arch, seed):
    theta = np.random.default_rng(seed).standard_normal(arch.n_params)
    for given_arch in (arch, arch.text, str(arch)):
        back, theta_back = from_torch(to_torch(given_arch, theta))
        assert back == arch
        assert back.text == arch.text
        assert theta_back.dtype == np.float64
        assert np.array_equal(theta_back, theta)


@contract
@given(any_architecture, st.integers(0, 2**31 - 1), st.sampled_from(["float32", "float64"]))
def test_torch_round_trip_is_exact(arch, seed, dtype):
    model = _torch_model(arch, seed, getattr(torch, dtype))
    architecture, theta = from_torch(model)
    assert architecture == arch
    rebuilt = to_torch(architecture, theta)
    original, copied = model.state_dict(), rebuilt.state_dict()
    assert original.keys() == copied.keys()
    for key in original:
        assert copied[key].dtype == torch.float64
        assert torch.equal(original[key].to(torch.float64), copied[key])
    assert str(rebuilt) == str(model)


def test_to_torch_accepts_lists_tensors_and_integers():
    model = to_torch("fc:2,1", torch.tensor([3.0, 4.0], requires_grad=True))
    assert from_torch(model)[1].tolist() == [3.0, 4.0]
    assert from_torch(to_torch("lcn:k=2", [1, 2]))[1].tolist() == [1.0, 2.0]


def test_to_torch_leaves_the_global_random_state_alone():
    state = torch.get_rng_state()
    to_torch("fc:50,40,30", np.ones(50 * 40 + 40 * 30))
    assert torch.equal(state, torch.get_rng_state())


def test_nested_sequentials_are_flattened():
    torch.manual_seed(0)
    inner = nn.Sequential(nn.Linear(3, 2, bias=False), nn.Linear(2, 2, bias=False))
    model = nn.Sequential(nn.Linear(4, 3, bias=False), inner)
    arch, theta = from_torch(model)
    assert arch == FullyConnected((4, 3, 2, 2))
    assert theta.size == arch.n_params
    single, _ = from_torch(nn.Conv1d(1, 1, 3, stride=2, bias=False))
    assert single == LinearConvNetwork((3,), (2,))


# --- μ is the torch model's map -------------------------------------------------------------------
@contract
@given(fc_architectures(), st.integers(0, 2**31 - 1))
def test_mu_is_the_linear_models_matrix(arch, seed):
    model = _torch_model(arch, seed)
    architecture, theta = from_torch(model)
    mu = parametrization(architecture)(theta)  # d_L × d_0
    x = np.random.default_rng(seed).uniform(-1, 1, (7, arch.widths[0]))
    np.testing.assert_allclose(_output(model, x), x @ mu.T, rtol=0, atol=1e-12)


@contract
@given(lcn_architectures(), st.integers(0, 2**31 - 1), st.integers(0, 12))
def test_mu_is_the_1d_models_filter_at_the_product_stride(arch, seed, extra):
    model = _torch_model(arch, seed)
    architecture, theta = from_torch(model)
    assert architecture == arch
    mu = parametrization(architecture)(theta)
    stride = arch.end_to_end_stride
    n = arch.end_to_end_size + extra  # any length at least the end-to-end filter's
    x = np.random.default_rng(seed).uniform(-1, 1, (5, n))
    out = _output(model, x[:, None, :])[:, 0, :]
    np.testing.assert_allclose(out, convolve(mu, stride, x), rtol=0, atol=1e-12)
    np.testing.assert_allclose(out, x @ convolution_matrix(mu, stride, n).T, rtol=0, atol=1e-12)


@contract
@given(lcn2d_architectures(), st.integers(0, 2**31 - 1), st.integers(0, 5), st.integers(0, 5))
def test_mu_is_the_2d_models_filter_at_the_product_stride(arch, seed, extra_rows, extra_cols):
    model = _torch_model(arch, seed)
    architecture, theta = from_torch(model)
    assert architecture == arch
    mu = parametrization(architecture)(theta)
    stride = tuple(int(np.prod([s[axis] for s in arch.stride_pairs])) for axis in (0, 1))
    shape = (mu.shape[0] + extra_rows, mu.shape[1] + extra_cols)
    x = np.random.default_rng(seed).uniform(-1, 1, (3, *shape))
    out = _output(model, x[:, None])[:, 0]
    np.testing.assert_allclose(out, convolve(mu, stride, x), rtol=0, atol=1e-12)
    flat = x.reshape(3, -1) @ convolution_matrix(mu, stride, shape).T
    np.testing.assert_allclose(out.reshape(3, -1), flat, rtol=0, atol=1e-12)


def test_torch_convolution_is_the_spec_cross_correlation():
    """SPEC §2.2 by hand: (α x)_i = Σ_j w_j x_{i s + j}, no flip (seed Fig. 4: k=3, s=2, R⁷ → R³)."""
    model = to_torch("lcn:k=3:s=2", [1.0, 2.0, 3.0])
    x = np.arange(7.0)
    assert _output(model, x[None, None])[0, 0].tolist() == [8.0, 20.0, 32.0]
    assert convolve(np.array([1.0, 2, 3]), 2, x).tolist() == [8.0, 20.0, 32.0]


# --- refused -------------------------------------------------------------------------------------
def _refused(model, *fragments):
    with pytest.raises(InputError) as err:
        from_torch(model)
    message = str(err.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize(
    ("layer", "problem"),
    [
        (nn.Linear(3, 2), "bias"),
        (nn.Conv1d(1, 1, 3), "bias"),
        (nn.Conv1d(1, 1, 3, padding=1, bias=False), "padding"),
        (nn.Conv1d(1, 1, 3, padding="same", bias=False), "padding"),
        (nn.Conv1d(1, 2, 3, bias=False), "channels"),
        (nn.Conv1d(2, 1, 3, bias=False), "channels"),
        (nn.Conv2d(2, 2, 3, groups=2, bias=False), "groups"),
        (nn.Conv1d(1, 1, 3, dilation=2, bias=False), "dilation"),
        (nn.Conv2d(1, 1, 2, dilation=(1, 2), bias=False), "dilation"),
        (nn.Conv2d(1, 1, 2, padding=(0, 1), bias=False), "padding"),
        (nn.ConvTranspose1d(1, 1, 3, bias=False), "not supported"),
        (nn.ReLU(), "not supported"),
        (nn.Identity(), "not supported"),
    ],
)
def test_unsupported_layers_are_named(layer, problem):
    model = nn.Sequential(nn.Linear(4, 4, bias=False), layer)
    message = _refused(model, "layer 1 ", f"({type(layer).__name__})", problem, "supported:")
    assert "nn.Linear" in message and "nn.Conv1d" in message


def test_power_layers_are_refused_until_their_family_lands():
    model = nn.Sequential(nn.Linear(3, 2, bias=False), Power(2), nn.Linear(2, 1, bias=False))
    _refused(model, "layer 1 (Power, r=2)", "pnn:", "pcnn:", "not supported yet")


def test_mixed_and_mismatched_layers_are_refused():
    _refused(
        nn.Sequential(nn.Linear(3, 3, bias=False), nn.Conv1d(1, 1, 2, bias=False)),
        "layer 1 (Conv1d)",
        "mixed",
    )
    _refused(
        nn.Sequential(nn.Conv1d(1, 1, 2, bias=False), nn.Conv2d(1, 1, 2, bias=False)),
        "layer 1 (Conv2d)",
        "mixed",
    )
    _refused(
        nn.Sequential(nn.Conv1d(1, 1, 2, bias=False), nn.Linear(3, 3, bias=False)),
        "layer 1 (Linear)",
        "mixed",
    )
    _refused(
        nn.Sequential(nn.Linear(3, 2, bias=False), nn.Linear(3, 4, bias=False)),
        "layer 1 (Linear)",
        "takes 3 inputs",
        "2 outputs",
    )
    nested = nn.Sequential(nn.Linear(3, 2, bias=False), nn.Sequential(nn.Tanh()))
    _refused(nested, "layer 1.0 (Tanh)")


def test_bad_models_are_refused():
    _refused(nn.Sequential(), "no layers")
    _refused({"0.weight": torch.ones(2, 2)}, "torch.nn.Module", "state_dict")
    _refused(nn.Sequential(nn.LazyLinear(3, bias=False)), "layer 0 (LazyLinear)", "forward pass")
    broken = nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        broken.weight[0, 0] = float("nan")
    _refused(nn.Sequential(broken), "layer 0 (Linear)", "NaN")
    _refused(nn.Sequential(nn.Linear(2, 2, bias=False, dtype=torch.complex64)), "dtype")


def test_bad_parameters_are_refused():
    with pytest.raises(InputError, match=r"has 5 parameters; expected shape \(5,\)"):
        to_torch("lcn:k=3,2:s=2,1", np.ones(4))
    with pytest.raises(InputError, match="NaN"):
        to_torch("fc:2,1", [1.0, float("inf")])
    with pytest.raises(InputError, match="real numbers"):
        to_torch("fc:2,1", ["a", "b"])
    with pytest.raises(InputError, match="no torch form yet"):  # polynomial nets: next step
        to_torch("pnn:2,3,1:r=2", np.ones(9))
    assert next(to_torch(parse_architecture("fc:1,1"), [2.0]).parameters()).item() == 2.0


# --- the boundary of the optional dependency ------------------------------------------------------
def test_a_missing_torch_is_an_input_error_that_says_how_to_install(monkeypatch):
    for name in [m for m in sys.modules if m.startswith("neuromanifold.torch")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(InputError, match=r"pip install 'neuromanifold\[torch\]'") as err:
        import neuromanifold.torch  # noqa: F401
    assert isinstance(err.value, ImportError)


def test_the_core_never_imports_torch():
    code = (
        "import sys, neuromanifold, neuromanifold.cli, neuromanifold.reproduce, "
        "neuromanifold.experiments, neuromanifold.plotting; "
        "assert 'torch' not in sys.modules, sorted(m for m in sys.modules if 'torch' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
