"""A notebook run by hand reads the store the commands use: TIPMONITOR_STORE, or data/store.duckdb (session 10).
The parameters cell keeps a literal default (``data = None``); the library call after it derives the store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tipmonitor.core import paths
from tipmonitor.present.report import data_location


def test_no_data_given_is_the_store_the_commands_use(monkeypatch, tmp_path):
    monkeypatch.delenv("TIPMONITOR_STORE", raising=False)
    assert data_location(None) == str(paths.project_root() / "data" / "store.duckdb")
    monkeypatch.setenv("TIPMONITOR_STORE", str(tmp_path / "elsewhere.duckdb"))
    assert data_location(None) == str(tmp_path / "elsewhere.duckdb")
    assert data_location("") == str(tmp_path / "elsewhere.duckdb")
    # a relative one is taken from the project root, as every path a notebook is given (its folder is notebooks/)
    monkeypatch.setenv("TIPMONITOR_STORE", "data/other.duckdb")
    assert data_location(None) == str(paths.project_root() / "data" / "other.duckdb")
    # data given (a run's snapshot, -p data, the parameters file) wins over the environment
    assert data_location(str(tmp_path / "given.duckdb")) == str(tmp_path / "given.duckdb")
    # blank is unset, not a folder named "   " (hostile user, session 11)
    monkeypatch.setenv("TIPMONITOR_STORE", "   ")
    assert data_location(None) == str(paths.project_root() / "data" / "store.duckdb")


def test_every_notebook_and_parameters_file_leaves_the_store_to_the_environment():
    for notebook in sorted((paths.project_root() / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        source = "".join(next(c for c in cells if "parameters" in c["metadata"].get("tags", []))["source"])
        assert "\ndata = None" in source, notebook.name
    import yaml

    for settings in sorted((paths.project_root() / "params" / "notebooks").glob("*.yaml")):
        assert yaml.safe_load(settings.read_text(encoding="utf-8"))["data"] is None, settings.name


@pytest.mark.slow  # a notebook kernel: make test runs it, make check leaves it out
def test_a_notebook_run_with_papermill_reads_tipmonitor_store(tmp_path):
    from tipmonitor.store.database import Store

    # A store of one submission: Hoàn Kiếm (002)'s 2024-Q4 file, received 01/01/2025. The official 2024-Q4 ends
    # 14/12/2024 (a Saturday); its deadline is 2 working days later (params/city.yaml), 17/12/2024: it is late.
    # The project's data/store.duckdb (absent in a fresh clone, the sample's if loaded) has no such quarter.
    sent = tmp_path / "002_2024-Q4.csv"
    sent.write_text("report_id,unit,kind,received_date\nTB1,002,report,2024-11-01\n", encoding="utf-8")
    store = tmp_path / "mine.duckdb"
    Store(store).ingest(sent, today=date(2025, 1, 1))
    out = tmp_path / "out.ipynb"
    done = subprocess.run([str(Path(sys.executable).parent / "papermill"),
                           str(paths.project_root() / "notebooks" / "data_quality.ipynb"), str(out), "-k", "tipmonitor",
                           "-p", "period", "2024-Q4", "--log-level", "WARNING"],
                          capture_output=True, text=True, cwd=paths.project_root(), timeout=600,
                          env={**os.environ, "TIPMONITOR_STORE": str(store)})
    assert done.returncode == 0, done.stderr[-2000:]
    texts = ["".join(o.get("text") or o.get("data", {}).get("text/plain", ""))
             for c in json.loads(out.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"
             for o in c.get("outputs", [])]
    assert any(t.startswith("Đúng hạn: 0; muộn: 1;") for t in texts), texts


def test_a_relative_tipmonitor_store_is_the_same_store_for_the_commands_and_the_notebooks(monkeypatch, tmp_path, capsys):
    # Session 10 left it: a command took TIPMONITOR_STORE=data/other.duckdb from the current folder, a notebook from
    # the project root, so from another folder they read two stores. Both take it from the project root (session 11).
    from tipmonitor.cli import main
    from tipmonitor.store.database import default_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIPMONITOR_STORE", "data/other.duckdb")
    expected = paths.project_root() / "data" / "other.duckdb"
    assert default_path() == expected and data_location(None) == str(expected)
    assert main(["submissions", "--lang", "en"]) == 1  # no such store: named, nothing made
    assert f"{expected}: no store here yet" in capsys.readouterr().err
    assert not list(tmp_path.iterdir()) and not expected.exists()
    monkeypatch.setenv("TIPMONITOR_STORE", str(tmp_path / "abs.duckdb"))  # an absolute one as it is
    assert default_path() == tmp_path / "abs.duckdb"
