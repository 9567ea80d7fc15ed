"""Every docstring example in the package runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import neuromanifold

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(neuromanifold.__path__, prefix="neuromanifold.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    if name.split(".")[1] == "torch":  # the optional extra
        pytest.importorskip("torch")
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
