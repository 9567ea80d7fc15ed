"""Per-family dispatch: a family's modules load with its first architecture, and only then."""

from __future__ import annotations

import subprocess
import sys

import pytest

from neuromanifold.architectures import parse_architecture
from neuromanifold.dispatch import declare_family_modules, family_dispatch, load_family

#: One architecture per family (the text forms of the family contract's examples).
EXAMPLES = ("fc:3,2,3", "lcn:k=2,2:s=2,1", "lcn2d:k=2x2,1x1", "pnn:2,2,2:r=2", "pcnn:k=2,2:r=2")


def test_a_command_about_one_family_loads_no_other_family():
    # (parametrization.convolution stays eager: its convolve / convolution_matrix are public)
    code = (
        "import sys, neuromanifold as nm\n"
        "assert nm.describe('fc:3,2,3').dim == 8\n"
        "assert nm.contains('fc:3,2,3', [[1, 0, 0], [0, 1, 0], [0, 0, 0]]).member\n"
        "others = [m for m in sys.modules if m.startswith('neuromanifold.') and "
        "m.rsplit('.', 1)[-1] in ('polynomial', 'attention', 'lcn', 'lcn2d')"
        " and '.architectures.' not in m]\n"
        "print(others)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize("text", [*EXAMPLES, "attn:d=2,a=1,l=1:t=3"])
def test_every_family_gets_its_own_implementations(text):
    from neuromanifold.function_space import expected_dimension, facts, identifiability
    from neuromanifold.function_space.membership import contains, decide
    from neuromanifold.function_space.neuromanifold import describe
    from neuromanifold.parametrization import parametrization_of

    arch = parse_architecture(text)
    mu = parametrization_of(arch)  # the default raises TypeError
    assert mu.architecture == arch
    expected = expected_dimension(arch)
    assert expected is not None and expected[0] <= arch.n_params
    assert "no theorem registered" not in identifiability(arch, expected[0]).reason
    theta = [1 + (i % 3) for i in range(arch.n_params)]
    assert contains(arch, mu.exact(theta)).member  # the default raises NotSupportedError
    dim = describe(arch).dim
    assert facts(arch, dim == arch.ambient_dim).symmetries  # the default raises TypeError
    for verb in (facts, decide):
        assert verb.dispatch(type(arch)) is not verb.dispatch(object)


def test_family_dispatch_imports_declared_modules_once_and_falls_back():
    class Demo:
        family = "demo-family"

    declare_family_modules("json", {"demo-family": ("decoder",)})

    @family_dispatch("json")
    def size(x: object) -> str:
        return "default"

    assert size(Demo()) == "default"  # the module registers nothing for Demo: the default
    assert not load_family("json", "demo-family")  # loaded once, not again
    assert not load_family("json", None)
    size.register(Demo, lambda x: "registered")
    assert size(Demo()) == "registered"


def test_a_thread_that_waited_for_another_threads_import_gets_the_family_implementation(
    tmp_path, monkeypatch
):
    """Two threads call a verb for a family whose modules take a while to import: the one that
    waits for the other's import must dispatch to the family's implementation too."""
    import sys
    import threading
    import types

    host = types.ModuleType("nm_race_host")

    class Slow:
        family = "slow-family"

    @family_dispatch("nmrace")
    def verb(x: object) -> str:
        return "default"

    host.verb, host.Slow = verb, Slow  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nm_race_host", host)
    package = tmp_path / "nmrace"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "slow.py").write_text(
        "import time\nimport nm_race_host as h\ntime.sleep(0.3)\n"
        "h.verb.register(h.Slow, lambda x: 'registered')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    declare_family_modules("nmrace", {"slow-family": ("slow",)})
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(verb(Slow()))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["registered", "registered"]


@pytest.mark.parametrize("text", [*EXAMPLES, "attn:d=2,a=1,l=1:t=3"])
def test_each_family_table_names_every_module_its_verbs_need(text):
    """In a fresh interpreter (no other family loaded by earlier tests), describing and
    testing membership loads exactly what the tables name, and every per-family verb then
    has the family's own implementation."""
    code = f"""
import neuromanifold as nm
from neuromanifold.architectures import parse_architecture
from neuromanifold.function_space import expected_dimension, facts, identifiability
from neuromanifold.function_space.membership import decide
from neuromanifold.parametrization import parametrization_of
arch = parse_architecture({text!r})
mu = parametrization_of(arch)
nm.describe(arch).to_dict()  # computes the facts and invariants
theta = [1 + (i % 3) for i in range(arch.n_params)]
assert nm.contains(arch, mu.exact(theta)).member
cls = type(arch)
for verb in (parametrization_of, facts, expected_dimension, identifiability, decide):
    assert verb.dispatch(cls) is not verb.dispatch(object), verb.__name__
"""
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


def test_an_implementation_reuses_the_default_once():
    """`default_of` gives an implementation the default; ``verb.dispatch(object)`` (the loader)
    dispatches to the family once more and then gives the default: no loop."""
    from neuromanifold.dispatch import default_of

    class Fam:
        family = "calls-default"

    @family_dispatch("json")
    def verb(x: object) -> str:
        return "default"

    @verb.register(Fam)
    def _(x: Fam) -> str:
        return "family+" + default_of(verb)(x)

    @family_dispatch("json")
    def other(x: object) -> str:
        return "default"

    @other.register(Fam)
    def _(x: Fam) -> str:
        return "family+" + other.dispatch(object)(x)

    assert verb(Fam()) == "family+default"
    assert other(Fam()) == "family+family+default"
