"""The module graph: imports go down the data flow, no cycles, no reaching into private names.

``tipmonitor.LAYERS`` is the one list of the flow. A module may import from its own layer
and the layers before it, at any depth (inside functions too); the package's ``__init__``
is the public façade and exempt. Each check is also run on a small planted tree, to prove
it can fail.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import tipmonitor
from tipmonitor import LAYERS

LIB = Path(tipmonitor.__file__).resolve().parent.parent


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    target: str  # dotted module name imported (or whose name is imported)
    name: str | None  # the name taken from it (``from target import name``), or an attribute used on it
    line: int


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package under ``root``, by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve(base: str, level: int, module: str | None, importer: str, is_package: bool) -> str:
    if not level:
        return module or ""
    parts = importer.split(".")
    parts = parts if is_package else parts[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def imports(root: Path, package: str) -> list[Import]:
    """Every import of a package module by a package module, wherever it is written."""
    modules = module_names(root, package)
    found = []
    for importer, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        aliases: dict[str, str] = {}  # local name -> module, for attribute access on it
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == package:
                        found.append(Import(importer, alias.name, None, node.lineno))
                        if alias.asname:
                            aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(package, node.level, node.module, importer, is_package)
                if source.split(".")[0] != package:
                    continue
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    if submodule in modules:  # ``from pkg.store import database``: the module itself
                        found.append(Import(importer, submodule, None, node.lineno))
                        aliases[alias.asname or alias.name] = submodule
                    else:
                        found.append(Import(importer, source, alias.name, node.lineno))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")):
                found.append(Import(importer, aliases[node.value.id], node.attr, node.lineno))
    return found


def layer_of(module: str, layers: tuple[str, ...]) -> int | None:
    """The position of a module's layer in the flow; None for the package itself (the façade)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    if parts[1] not in layers:
        raise ValueError(f"{module}: its layer {parts[1]!r} is not in the flow {layers}")
    return layers.index(parts[1])


def upward_imports(root: Path, package: str, layers: tuple[str, ...]) -> list[str]:
    out = []
    for i in imports(root, package):
        mine, theirs = layer_of(i.importer, layers), layer_of(i.target, layers)
        if mine is not None and theirs is not None and theirs > mine:
            out.append(f"{i.importer}:{i.line} imports {i.target} ({layers[mine]} may not import {layers[theirs]})")
    return out


def private_imports(root: Path, package: str) -> list[str]:
    return [f"{i.importer}:{i.line} uses {i.target}.{i.name}" for i in imports(root, package)
            if i.name and i.name.startswith("_") and not i.name.startswith("__") and i.target != i.importer]


def cycles(root: Path, package: str) -> list[list[str]]:
    """Every cycle of the module graph, as found by a depth-first search (each reported once)."""
    graph: dict[str, set[str]] = {}
    for i in imports(root, package):
        if i.target != i.importer:
            graph.setdefault(i.importer, set()).add(i.target)
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


# --- the library -------------------------------------------------------------------------

def test_every_module_belongs_to_a_layer_of_the_flow():
    for module in module_names(LIB, "tipmonitor"):
        layer_of(module, LAYERS)  # raises for a folder the flow does not name


def test_imports_only_go_down_the_flow():
    assert upward_imports(LIB, "tipmonitor", LAYERS) == []


def test_the_module_graph_has_no_cycle():
    assert cycles(LIB, "tipmonitor") == []


def test_no_module_uses_another_modules_private_names():
    assert private_imports(LIB, "tipmonitor") == []


# --- the checks themselves, on planted violations ------------------------------------------

def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"pkg/__init__.py": "", "pkg/low/__init__.py": "", "pkg/high/__init__.py": "", **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_an_upward_import_inside_a_function_is_found(tmp_path):
    root = plant(tmp_path, {"pkg/low/a.py": "def f():\n    from pkg.high import b\n", "pkg/high/b.py": "import pkg.low.a\n"})
    assert upward_imports(root, "pkg", ("low", "high")) == ["pkg.low.a:2 imports pkg.high.b (low may not import high)"]


def test_a_relative_upward_import_is_found(tmp_path):
    root = plant(tmp_path, {"pkg/low/a.py": "from ..high.b import thing\n", "pkg/high/b.py": "thing = 1\n"})
    assert upward_imports(root, "pkg", ("low", "high")) == ["pkg.low.a:1 imports pkg.high.b (low may not import high)"]


def test_a_module_outside_the_flow_is_refused(tmp_path):
    root = plant(tmp_path, {"pkg/elsewhere.py": ""})
    with pytest.raises(ValueError, match="elsewhere"):
        layer_of("pkg.elsewhere", ("low", "high"))
    assert "pkg.elsewhere" in module_names(root, "pkg")


def test_a_cycle_through_function_level_imports_is_found(tmp_path):
    root = plant(tmp_path, {"pkg/low/a.py": "def f():\n    from pkg.low import b\n",
                            "pkg/low/b.py": "def g():\n    from pkg.low.a import f\n"})
    assert cycles(root, "pkg") == [["pkg.low.a", "pkg.low.b", "pkg.low.a"]]


def test_a_private_name_taken_from_another_module_is_found(tmp_path):
    root = plant(tmp_path, {"pkg/low/a.py": "def _hidden():\n    pass\n",
                            "pkg/high/b.py": "from pkg.low.a import _hidden\nfrom pkg.low import a\na._hidden()\n"})
    assert private_imports(root, "pkg") == ["pkg.high.b:1 uses pkg.low.a._hidden", "pkg.high.b:3 uses pkg.low.a._hidden"]


def test_a_clean_planted_tree_passes_every_check(tmp_path):
    root = plant(tmp_path, {"pkg/low/a.py": "def f():\n    pass\n", "pkg/high/b.py": "from pkg.low.a import f\n"})
    assert upward_imports(root, "pkg", ("low", "high")) == []
    assert cycles(root, "pkg") == [] and private_imports(root, "pkg") == []
