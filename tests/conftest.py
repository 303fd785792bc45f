"""Shared fixtures: small hand-made datasets that go through the real loading path."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tipmonitor.intake.loading import load_tables_from_text
from tipmonitor.model.schema import TABLES

TODAY = date(2026, 1, 1)
SAMPLE_TODAY = date(2026, 11, 28)  # the sample runs to 2026-Q3 (extracted 20/09/2026)


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Text rows with every column of a table (missing ones empty)."""
    columns = list(TABLES[table].columns)
    return pd.DataFrame([{c: str(r.get(c, "")) for c in columns} for r in rows], columns=columns)


def make_dataset(reports=(), cases=(), victims=(), aggregates=(), today: date = TODAY):
    tables = {}
    for name, rows in (("crime_reports", reports), ("cases", cases), ("victims", victims), ("aggregates", aggregates)):
        if rows:
            tables[name] = frame(name, list(rows))
    return load_tables_from_text(tables, today=today)


@pytest.fixture
def dataset_of():
    return make_dataset


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """The sample's submissions ingested into a store once per test session (as `make report` does: by
    `load-sample`, the bulk path of store/bulk.py, about 15 s on 2 cores)."""
    from tipmonitor.cli import main

    import os
    import shutil
    from pathlib import Path

    target = tmp_path_factory.mktemp("store") / "store.duckdb"
    # A developer's shortcut while several branches share one machine: a store built once by
    # `load-sample` from the same sample, named in TIPMONITOR_TEST_SAMPLE_STORE. CI never sets it.
    prebuilt = os.environ.get("TIPMONITOR_TEST_SAMPLE_STORE")
    if prebuilt and Path(prebuilt).is_file():
        shutil.copy2(prebuilt, target)
        archive = Path(prebuilt).with_name(Path(prebuilt).stem + ".archive")
        shutil.copytree(archive, target.with_name(target.stem + ".archive"))
        return target
    assert main(["load-sample", "--store", str(target), "--today", SAMPLE_TODAY.isoformat()]) == 0
    return target


class _Forbidden(RuntimeError):
    """A test not marked slow started a process or a kernel."""


@pytest.fixture(autouse=True)
def _no_process_unless_slow(request):
    """`make check` promises no kernel and no subprocess (README): a test not marked slow that starts one
    fails, naming what it started. Every process start goes through subprocess.Popen._execute_child, os.fork
    or os.posix_spawn (a notebook kernel included), so those are what is watched."""
    import os
    import subprocess

    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    started: list[str] = []

    def refuse(what):
        def forbidden(*args, **kwargs):
            started.append(what)
            raise _Forbidden(f"{what} in a test not marked slow: mark it @pytest.mark.slow or keep it in-process")
        return forbidden

    watch = pytest.MonkeyPatch()  # its own: a test's monkeypatch.undo() leaves the watch in place
    watch.setattr(subprocess.Popen, "_execute_child", refuse("a subprocess"))
    for name in ("fork", "posix_spawn", "posix_spawnp"):
        if hasattr(os, name):
            watch.setattr(os, name, refuse(f"os.{name}"))
    try:
        yield
    finally:
        watch.undo()
    if started:  # also when the code under test caught the error
        pytest.fail(f"{started[0]} was started by a test not marked slow (make check runs no process)", pytrace=False)


def pytest_collection_modifyitems(items):
    """A test that needs the sample store is slow (building it is most of a minute): `make check` leaves it out."""
    for item in items:
        if "sample_store" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter):
    """How many generated inputs the fuzz tests ran (docs/security.md quotes these figures)."""
    import json
    from pathlib import Path

    from fixtures import FUZZ_CASES, FUZZ_OUTCOMES

    if not FUZZ_CASES:
        return
    total = sum(FUZZ_CASES.values())
    parts = ", ".join(f"{kind}: {n}" for kind, n in sorted(FUZZ_CASES.items()))
    accepted = ", ".join(f"{kind}: {n}" for kind, n in sorted(FUZZ_OUTCOMES.items()))
    terminalreporter.write_line(f"fuzz: {total} generated cases ({parts}); accepted and checked whole: {accepted or 'none'}")
    out = Path(__file__).resolve().parent.parent / "test-output"
    out.mkdir(exist_ok=True)
    (out / "fuzz-cases.json").write_text(json.dumps({"total": total, "cases": FUZZ_CASES, "accepted": FUZZ_OUTCOMES},
                                                    indent=2), encoding="utf-8")


def inputs_of(dataset, baseline_table="files", **changes):
    """The evaluation's inputs around a test's dataset: the city's files (metrics/inputs.py), with ``changes``
    (registry, units, successions...) put in; ``baseline_table=None``: no hand-entered baseline table."""
    from dataclasses import replace

    from tipmonitor.metrics.inputs import Baseline, load_inputs

    inputs = load_inputs(dataset)
    if not isinstance(baseline_table, str):
        changes["baseline"] = Baseline(inputs.baseline.year, baseline_table)
    return replace(inputs, **changes)
