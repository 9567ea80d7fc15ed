r"""The PyTorch bridge: read a torch model as (architecture, θ), and build one from them.

Requires the optional extra ``torch`` (``pip install "neuromanifold[torch]"``); the rest of the
package never imports torch. :func:`from_torch` reads an ``nn.Sequential`` of bias-free
``nn.Linear`` layers (``fc:…``) or of single-channel ``nn.Conv1d`` / ``nn.Conv2d`` layers without
padding or bias (``lcn:…``, ``lcn2d:…``); :func:`to_torch` goes back. Torch's layers are our layers
as they stand: ``Linear.weight`` is :math:`W_i` (:math:`d_i \times d_{i-1}`) and a convolution is
the cross-correlation :math:`(\alpha x)_i = \sum_j w_j x_{i s + j}` of SPEC §2.2 (conventions in
:mod:`neuromanifold.torch.conversion`). :class:`Power` is the polynomial activation
:math:`x \mapsto x^r`, for the polynomial families still to come.

Example (a stride-2 then stride-1 convolution, seed Fig. 4):
    >>> import torch
    >>> from neuromanifold.parametrization import convolve, parametrization
    >>> model = torch.nn.Sequential(torch.nn.Conv1d(1, 1, 3, stride=2, bias=False),
    ...                             torch.nn.Conv1d(1, 1, 2, bias=False)).double()
    >>> with torch.no_grad():
    ...     _ = model[0].weight.copy_(torch.tensor([1., 2, 3]))
    ...     _ = model[1].weight.copy_(torch.tensor([4., 5]))
    >>> architecture, theta = from_torch(model)
    >>> str(architecture), theta
    ('lcn:k=3,2:s=2,1', array([1., 2., 3., 4., 5.]))
    >>> mu = parametrization(architecture)(theta)   # (1 + 2x + 3x²)(4 + 5x²)
    >>> mu
    array([ 4.,  8., 17., 10., 15.])
    >>> x = np.arange(11.0)
    >>> model(torch.tensor(x)[None, None]).detach()   # input (batch, channel, length)
    tensor([[[132., 240., 348., 456.]]], dtype=torch.float64)
    >>> convolve(mu, 2, x)   # the end-to-end filter at stride 2 · 1
    array([132., 240., 348., 456.])
    >>> to_torch(architecture, theta)[0].weight.flatten().tolist()
    [1.0, 2.0, 3.0]
"""

from neuromanifold.errors import InputError


class TorchMissingError(InputError, ImportError):
    """torch is not installed (an :class:`InputError`, and an ``ImportError`` for import machinery)."""


try:
    import torch as _torch  # noqa: F401
except ImportError:
    raise TorchMissingError(
        "neuromanifold.torch needs PyTorch, which is not installed: "
        "pip install 'neuromanifold[torch]'"
    ) from None

from neuromanifold.torch import convolution, fc  # noqa: E402  (registers the families)
from neuromanifold.torch.conversion import from_torch, to_torch  # noqa: E402
from neuromanifold.torch.inspection import Inspection, inspect, read_state_dict  # noqa: E402
from neuromanifold.torch.power import Power  # noqa: E402

__all__ = [
    "Inspection",
    "Power",
    "TorchMissingError",
    "from_torch",
    "inspect",
    "read_state_dict",
    "to_torch",
]
del convolution, fc
