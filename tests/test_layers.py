"""The package's structure stays true: imports run one way down the layers, without cycles.

Reads every module's ``import`` statements (``ast``, nothing is executed) and checks

* the layer order of ``docs/architecture.md``: a module imports only from its own layer or below;
* no import cycle between modules (also inside one layer);
* no private name (``_x``) imported from another module of the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "neuromanifold"

#: Lowest first; a module may import from its own layer and those before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "budget", "processes", "verbs", "dispatch", "html_table"),
    ("algebra",),
    ("architectures",),
    ("parametrization",),
    ("function_space",),
    ("losses",),
    ("critical_points", "metric"),
    ("training",),
    ("experiments",),
    ("plotting",),
    ("reproduce",),
    ("torch",),
    ("cli",),
)
#: The package's ``__init__`` is the public API: it may import every layer (but no layer imports it).
TOP = "__init__"


def _layer_of(module: str) -> int:
    """Index in :data:`LAYERS` of a dotted module name inside the package."""
    head = module.split(".")[1] if module.count(".") else module
    head = head.removesuffix(".py")
    for i, names in enumerate(LAYERS):
        if head in names:
            return i
    raise AssertionError(f"{module}: its top-level name {head!r} is in no layer of LAYERS")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(imported module, names imported from it, line) for each import of the package itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module_name(path)
    is_package = path.name == "__init__.py"
    # Imports for type checkers only are not loaded at run time: they make no cycle.
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for child in ast.walk(stmt)
    }
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out.extend(
                (alias.name, (), node.lineno)
                for alias in node.names
                if alias.name.split(".")[0] == "neuromanifold"
            )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = me.split(".") if is_package else me.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] == "neuromanifold":
                out.append((target, tuple(a.name for a in node.names), node.lineno))
    return out


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(target: str, names: tuple[str, ...], modules: dict[str, Path]) -> list[str]:
    """The package modules an import statement loads: ``from pkg import sub`` loads ``pkg.sub``."""
    found = [target] if target in modules else []
    found += [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
    return found


def test_every_module_is_in_a_layer() -> None:
    for name in _modules():
        if name in ("neuromanifold", "neuromanifold.__main__"):
            continue
        _layer_of(name)


def test_imports_follow_the_layer_order() -> None:
    wrong = []
    for name, path in _modules().items():
        if name == "neuromanifold":
            continue
        mine = _layer_of(name)
        for target, _names, line in _imports(path):
            if target == "neuromanifold":
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports the top-level package")
                continue
            if _layer_of(target) > mine:
                wrong.append(
                    f"{path.relative_to(PACKAGE)}:{line} imports {target} from a layer above"
                )
    assert not wrong, "\n".join(wrong)


def test_no_private_names_across_modules() -> None:
    wrong = []
    for name, path in _modules().items():
        for target, names, line in _imports(path):
            if target == name:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {private} from {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for target, names, _line in _imports(path):
            deps.update(d for d in _resolve(target, names, modules) if d != name)
        # A package's own __init__ imports its submodules: that is loading, not a cycle.
        graph[name] = {
            d for d in deps if not name.startswith(d + ".") and not d.startswith(name + ".")
        }

    cycles: list[list[str]] = []
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        colour[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if colour.get(dep, 0) == 0:
                visit(dep)
            elif colour[dep] == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
        stack.pop()
        colour[node] = 2

    for node in sorted(graph):
        if colour.get(node, 0) == 0:
            visit(node)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)
