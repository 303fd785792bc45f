"""Where the project's files are: the project root, params/ and data/ (reports: the run file's ``output``).

The root is found from the environment variable TIPMONITOR_HOME, else from the
current directory upwards (a notebook runs in notebooks/), else from this file's
location in a source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("TIPMONITOR_HOME")
    if env:
        return Path(env).resolve()
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "params" / "indicators.yaml").is_file():
            return folder
    return Path(__file__).resolve().parents[3]


def resolve(path: str | Path) -> Path:
    """A path as given in parameters or a run file: absolute as it is, relative to the project root."""
    return project_root() / path  # joining an absolute path gives that path


def params_dir() -> Path:
    return project_root() / "params"


def reference_dir() -> Path:
    return project_root() / "data" / "reference"


def sample_dir() -> Path:
    return project_root() / "data" / "sample"

