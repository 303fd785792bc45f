"""The project environment's Jupyter settings: offline HTML export and no news from the internet.

``make setup`` runs ``python -m tipmonitor.tools.jupyter_env``, which writes into the
environment (``sys.prefix``), never into the user's home:

- ``etc/jupyter/jupyter_nbconvert_config.json`` and ``jupyter_server_config.json``:
  HTML export (``jupyter nbconvert --to html``, and JupyterLab's "Export Notebook As
  HTML", which runs through the server) uses the project's offline template, which
  links nothing from a CDN (no require.js, no MathJax);
- ``share/jupyter/lab/settings/overrides.json``: JupyterLab does not offer or fetch
  Jupyter news (``fetchNews: "false"``) nor check for updates;
- ``share/jupyter/kernels/tipmonitor/kernel.json`` (written by ``ipykernel install`` just before): the kernel
  keeps no input history (run/warm.KERNEL_ARGUMENTS), so a notebook run in JupyterLab, with papermill or
  ``tipmonitor notebook`` leaves no copy of its cells (which may hold case details) in the user's shared
  ``~/.ipython/profile_default/history.sqlite``, as the run's warm kernels already did not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "present" / "templates"


def export_settings() -> dict:
    return {"HTMLExporter": {"template_name": "offline", "extra_template_basedirs": [str(TEMPLATES)]}}


def lab_overrides() -> dict:
    return {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def _merge_json(path: Path, settings: dict) -> Path:
    """Adds our keys to a settings file, keeping any others already there."""
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for section, values in settings.items():
        current.setdefault(section, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


KERNEL = "tipmonitor"


def kernel_without_history(prefix: Path) -> list[Path]:
    """The project's kernel spec, its arguments added once (none when the spec is not installed there)."""
    from tipmonitor.run.warm import KERNEL_ARGUMENTS

    path = prefix / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
    if not path.is_file():
        return []
    spec = json.loads(path.read_text(encoding="utf-8"))
    spec["argv"] = spec["argv"] + [a for a in KERNEL_ARGUMENTS if a not in spec["argv"]]
    path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return [path]


def write(prefix: Path | None = None) -> list[Path]:
    prefix = Path(prefix or sys.prefix)
    etc = prefix / "etc" / "jupyter"
    return [_merge_json(etc / "jupyter_nbconvert_config.json", export_settings()),
            _merge_json(etc / "jupyter_server_config.json", export_settings()),
            _merge_json(prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json", lab_overrides()),
            *kernel_without_history(prefix)]


if __name__ == "__main__":
    for written in write():
        print(written)
