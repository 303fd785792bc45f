"""pyproject.toml and environment.yml list the same packages (conda names differ only where mapped)."""

import re
import tomllib

import yaml

from tipmonitor.core import paths

CONDA_NAMES = {"duckdb": "python-duckdb", "jupyter-client": "jupyter_client", "jupyter-core": "jupyter_core"}


def _name(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower(), match.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    root = paths.project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    wanted = [_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]
    env = yaml.safe_load((root / "environment.yml").read_text())
    conda, pip = {}, {}
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            pip.update(dict(_name(r) for r in entry["pip"] if not r.startswith("-e")))
        else:
            name, spec = _name(entry)
            conda[name] = spec
    for name, spec in wanted:
        conda_name = CONDA_NAMES.get(name, name)
        found = conda.get(conda_name, pip.get(name))
        assert found is not None, f"{name} is in pyproject.toml but not in environment.yml"
        assert found == spec, f"{name}: pyproject says {spec!r}, environment.yml says {found!r}"
    listed = set(conda) - {"python", "pip"} | set(pip)
    expected = {CONDA_NAMES.get(n, n) for n, _ in wanted} | {n for n, _ in wanted}
    assert listed <= expected, f"environment.yml lists packages pyproject.toml does not: {listed - expected}"


def _declared(project: dict) -> set[str]:
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {re.sub(r"[-_.]+", "-", _name(r)[0]) for r in requirements}


def test_every_third_party_import_of_the_library_is_declared():
    """Each top-level import in lib/ that is neither the standard library nor tipmonitor comes from a declared
    distribution (import name to distribution through the installed packages' metadata: yaml -> PyYAML)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    root = paths.project_root()
    imported = set()
    for path in (root / "lib" / "tipmonitor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = sorted(imported - set(sys.stdlib_module_names) - {"tipmonitor"})
    assert "yaml" in third_party and "IPython" in third_party  # the scan sees imports
    distributions = packages_distributions()
    declared = _declared(tomllib.loads((root / "pyproject.toml").read_text())["project"])
    undeclared = {name: distributions.get(name) for name in third_party
                  if not {re.sub(r"[-_.]+", "-", d.lower()) for d in distributions.get(name, [])} & declared}
    assert undeclared == {}, "imported in lib/ but not declared in pyproject.toml (and environment.yml)"
