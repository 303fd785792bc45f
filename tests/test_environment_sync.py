"""pyproject.toml and environment.yml list the same packages (conda names differ only where mapped)."""

import re
import tomllib

import yaml

from tipmonitor.core import paths

CONDA_NAMES = {"duckdb": "python-duckdb"}


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
