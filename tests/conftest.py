"""Shared fixtures: small hand-made datasets that go through the real loading path."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

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


def _shared_folder(tmp_path_factory):
    """The session's folder all pytest-xdist workers see (their own temp folders sit in it); the session's own
    temp folder when the tests run in one process."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _build_sample_store(folder):
    """The sample store, built once per session by whichever worker comes first (under a file lock; the others
    wait for it) in a folder of its own under ``folder``, as `make report` builds it: `load-sample`, the bulk
    path of store/bulk.py."""
    from filelock import FileLock

    from tipmonitor.cli import main
    from tipmonitor.store.archive import archive_dir

    built = folder / "sample-store" / "store.duckdb"
    done = folder / "sample-store.built"
    with FileLock(str(folder / "sample-store.lock")):
        if not done.exists():
            shutil.rmtree(built.parent, ignore_errors=True)  # a build that failed in another worker
            built.parent.mkdir()
            # A developer's shortcut while several branches share one machine: a store built once by
            # `load-sample` from the same sample, named in TIPMONITOR_TEST_SAMPLE_STORE. CI never sets it.
            prebuilt = os.environ.get("TIPMONITOR_TEST_SAMPLE_STORE")
            if prebuilt and Path(prebuilt).is_file():
                shutil.copy2(prebuilt, built)
                shutil.copytree(archive_dir(Path(prebuilt)), archive_dir(built))
            else:
                assert main(["load-sample", "--store", str(built), "--today", SAMPLE_TODAY.isoformat()]) == 0
            done.touch()
    return built


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """The sample's submissions ingested into a store once per test session (`load-sample`, about 15 s on 2
    cores); each process (pytest-xdist worker) gets a copy of everything `load-sample` left in its folder (the
    store, its archive, anything else), and reads and writes only its copy, but for the year verdicts of public runs,
    which all copies share (``_share_year_verdicts``)."""
    shared = _shared_folder(tmp_path_factory)
    built = _build_sample_store(shared)
    target = tmp_path_factory.mktemp("store")
    shutil.copytree(built.parent, target, dirs_exist_ok=True)
    store = target / built.name
    _share_year_verdicts(store, shared)
    return store


def _share_year_verdicts(store: Path, shared: Path) -> None:
    """The year verdicts a public run records in its data's working area (run/gate.py: ``audits/``, keyed by the
    data, year, threshold, rule and code) go to one folder for every worker's copy of the sample store: the copies
    hold the same submissions, so their keys are the same, and a year audited by a public run on one worker is read,
    not audited again, by a public run of that year on the other (test_disclosure's and test_killed_run's 2024). A
    test that records a verdict of its own making (test_public_gate) copies the store and so has its own folder."""
    from tipmonitor.run.runner import work_area

    verdicts = shared / "sample-store-audits"
    verdicts.mkdir(mode=0o700, exist_ok=True)
    area = work_area(store)
    area.mkdir(mode=0o700, exist_ok=True)
    (area / "audits").symlink_to(verdicts, target_is_directory=True)


@pytest.fixture(scope="session")
def sample_results(sample_store, tmp_path_factory):
    """The sample's results of a period for one edition (metrics/results.compute: the evaluation, trend and task
    groups every output is written from), computed once per test session: ``sample_results(label, audience)``,
    with ``rule`` and ``threshold`` (a public edition's; the city's by default) as keywords. The first worker that
    asks for an edition computes it from its copy of the sample store (every copy holds the same data) under a file
    lock of that edition and leaves it as a pickle, as a run leaves its results for its notebooks; the others wait
    for it and read it. Each call reads the file again, so no two tests share one object (a test's changes to its
    frames stay its own). Asked by the year audit (test_audit), the editions of test_disclosure and
    test_public_editions, which computed the same editions in each module before (docs/performance.md, session 9)."""
    import pickle

    from filelock import FileLock

    from tipmonitor.metrics.disclosure import public_threshold
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.metrics.results import PeriodResults, compute
    from tipmonitor.model import periods
    from tipmonitor.store.database import Store

    folder = _shared_folder(tmp_path_factory) / "sample-results"
    folder.mkdir(exist_ok=True)
    inputs = []  # this worker's inputs of the sample, read when it first computes an edition

    def results(label: str, audience: str = "internal", rule: str = "official",
                threshold: int | None = None) -> PeriodResults:
        if audience not in ("internal", "public"):
            raise ValueError(audience)
        threshold = public_threshold(threshold) if audience == "public" else None
        path = folder / f"{label}-{rule}-{threshold or 'internal'}.pickle"
        with FileLock(str(path.with_suffix(".lock"))):
            if not path.exists():
                if not inputs:
                    inputs.append(load_inputs(Store(sample_store).current()))
                computed = compute(inputs[0], periods.parse(label), rule, threshold)
                partial = path.with_suffix(".partial")
                partial.write_bytes(pickle.dumps(computed, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(partial, path)
        made = pickle.loads(path.read_bytes())
        assert isinstance(made, PeriodResults) and (made.period.label, made.rule, made.threshold) == (label, rule, threshold)
        return made

    return results


class SessionEditions(dict):
    """Any public edition a year audit asks for (metrics/audit.year_system's ``results``), from the session's
    ``sample_results`` (a run's gate passes a dict of its own)."""

    def __init__(self, sample_results, rule: str, threshold: int):
        super().__init__()
        self.sample_results, self.rule, self.threshold = sample_results, rule, threshold

    def get(self, label, default=None):
        return self.sample_results(label, "public", rule=self.rule, threshold=self.threshold)

    def __bool__(self):
        return True


@pytest.fixture(scope="session")
def sample_year_verdict(sample_store, sample_results, tmp_path_factory):
    """``sample_year_verdict(year)``: the gate's verdict of a plan year of the sample (run/gate.year_verdict, with the
    city's threshold and rule, as a public run asks it) recorded in the year verdicts every copy of the sample store
    shares (``_share_year_verdicts``), audited from the session's public editions (``sample_results``: the year audit
    of test_audit and the editions of test_disclosure ask the same ones) instead of by the first public run of the
    year, which computed the year's eight editions again inside its gate (about 10 s of CPU for 2024). Under a file
    lock: the first worker to ask audits, the others read the verdict. Asked by test_disclosure's public 2024-Q4 run
    and test_killed_run before they run; what a run does when no verdict is recorded is test_public_gate's (its own
    copy of the store, its own verdicts)."""
    from filelock import FileLock

    from tipmonitor.metrics.disclosure import public_threshold
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.run.gate import recorded, verdict_key, year_verdict
    from tipmonitor.run.runner import load_config, work_area
    from tipmonitor.store.database import Store

    shared = _shared_folder(tmp_path_factory)
    config = load_config(data=str(sample_store), audience="public", notebooks=[{"name": "period_report"}])  # its rule
    threshold = public_threshold(config.public_threshold)
    folder = work_area(sample_store) / "audits"

    def verdict(year: int) -> dict:
        with FileLock(str(shared / f"sample-verdict-{year}.lock")):
            held = recorded(folder, year, verdict_key(sample_store, year, threshold, config.rule))
            if held is not None:
                return held
            return year_verdict(load_inputs(Store(sample_store).current()), sample_store, year, threshold, config.rule,
                                folder, SessionEditions(sample_results, config.rule, threshold))

    return verdict


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


# The modules that take longest, longest first (CPU per module under make test's arrangement, session 11: every
# module of 10 s of CPU or more; test_jupyterlab, whose server's kernels are not counted in its CPU, by its wall time;
# docs/performance.md): `make test` hands whole modules to its workers in collection order, so these start first
# and the short modules, handed out last one at a time, fill the gap between the workers' ends. Order only; every
# test runs whatever the order (none depends on another).
LONGEST_FIRST = ("test_pages_at_scale", "test_jupyterlab", "test_runner", "test_disclosure", "test_explore",
                 "test_fuzz", "test_notebooks", "test_crash", "test_cli", "test_properties", "test_registers",
                 "test_browser", "test_cli_verbs", "test_recovery", "test_engine_equivalence", "test_official_report",
                 "test_warm", "test_store", "test_killed_run", "test_unit_workbooks", "test_current_rows",
                 "test_early_periods", "test_bulk", "test_workbook")
# Tests that each take minutes or tens of seconds and share no module fixture worth keeping (their module's fixtures
# are cheap to make again): each is a work unit of its own for the workers instead of going with its whole module,
# and they start first, so that one long test does not hold a module's other tests back on one worker while the
# other worker idles. pytest-xdist gives each worker two units to start with (the 1st and 3rd to one, the 2nd and
# 4th to the other) and another whenever a worker is down to two tests: the 3rd, which waits behind the longest,
# is short. The first needs the sample store, the second does not: one worker works while the other builds it.
# (Node ids without the folder; a parametrized test by its id with the parameter.)
ALONE = ("test_audit.py::test_each_sample_year_passes_the_audit_and_a_leak_by_subtraction_fails_it[2024]",
         "test_bulk.py::test_bulk_and_one_by_one_give_identical_stores_on_the_sample",
         "test_bulk.py::test_the_one_by_one_rebuild_of_a_few_dozen_entries_equals_the_bulk_rebuild",
         "test_audit.py::test_each_sample_year_passes_the_audit_and_a_leak_by_subtraction_fails_it[2025]",
         "test_audit.py::test_each_sample_year_passes_the_audit_and_a_leak_by_subtraction_fails_it[2026]",
         "test_bulk.py::test_bulk_and_one_by_one_agree_on_every_verdict_and_store_on_the_fuzz_corpus")


def _alone(nodeid: str) -> int | None:
    """The place of a test in ``ALONE``, or None."""
    path, _, test = nodeid.partition("::")
    name = f"{path.rsplit('/', 1)[-1]}::{test}"
    return ALONE.index(name) if name in ALONE else None


def pytest_collection_modifyitems(items):
    """A test that needs the sample store is slow (building it is most of a minute): `make check` leaves it out.
    The tests of ``ALONE`` go first, then the longest modules (``LONGEST_FIRST``), then the others in their usual
    order."""
    for item in items:
        if "sample_store" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}

    def key(item):
        alone = _alone(item.nodeid)
        return (0, alone) if alone is not None else (1, rank.get(item.path.stem, len(rank)))

    items.sort(key=key)  # stable: each module keeps its own order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's `--dist loadscope` (a module whole on one worker), except that each test of ``ALONE`` is a
    work unit of its own. Other ways of distributing are left to pytest-xdist."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModulesAndLongTests(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid if _alone(nodeid) is not None else super()._split_scope(nodeid)

    return ModulesAndLongTests(config, log)


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands its fuzz counts to the main process, which writes the summary."""
    from fixtures import FUZZ_CASES, FUZZ_OUTCOMES

    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fuzz"] = {"cases": dict(FUZZ_CASES), "accepted": dict(FUZZ_OUTCOMES)}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The main process adds up its workers' fuzz counts (pytest-xdist's hook; absent without the plugin)."""
    from fixtures import FUZZ_CASES, FUZZ_OUTCOMES

    counts = getattr(node, "workeroutput", {}).get("fuzz", {})
    for kind, n in counts.get("cases", {}).items():
        FUZZ_CASES[kind] = FUZZ_CASES.get(kind, 0) + n
    for kind, n in counts.get("accepted", {}).items():
        FUZZ_OUTCOMES[kind] = FUZZ_OUTCOMES.get(kind, 0) + n


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
