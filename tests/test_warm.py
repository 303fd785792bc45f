"""Warm kernels: no state leaks between notebooks, dead kernels are replaced, output as papermill's own."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tipmonitor.core import paths
from tipmonitor.run.runner import Job, load_config, run_jobs

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it

KERNEL = {"kernelspec": {"name": "tipmonitor", "display_name": "tipmonitor", "language": "python"}}


def notebook(folder: Path, name: str, *sources: str) -> Path:
    cells = [new_code_cell(src) for src in sources]
    params = new_code_cell("marker = ''")
    params.metadata["tags"] = ["parameters"]
    path = folder / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=[params, *cells], metadata=KERNEL), str(path))
    return path


def job(path: Path, **parameters) -> Job:
    return Job(path.stem, path.stem, parameters, path.stem, path=path)


@pytest.fixture(scope="module")
def isolation(tmp_path_factory):
    """One warm kernel runs, in order: a notebook that sets state, one that checks it is gone,
    one whose kernel dies every time, one whose kernel dies only the first time, and a last one."""
    folder = tmp_path_factory.mktemp("warm")
    marker = folder / "died-once"
    books = [
        notebook(folder, "a_sets_state", "leak = 42\nimport pandas\nimport os\nos.chdir('/')"),
        notebook(folder, "b_checks_state",
                 "assert 'leak' not in dir(), 'a variable leaked from the previous notebook'\n"
                 "import sys, os\nassert 'pandas' in sys.modules  # heavy modules stay imported\n"
                 f"assert os.getcwd() == {str(paths.project_root())!r}"),
        notebook(folder, "c_kernel_dies", "import os\nos._exit(1)"),
        notebook(folder, "d_dies_once", "import os, pathlib\np = pathlib.Path(marker)\n"
                 "if not p.exists():\n    p.write_text('x')\n    os._exit(1)\nresult = 'second attempt'"),
        notebook(folder, "e_after", "x = 1 + 1"),
    ]
    jobs = [job(b, marker=str(marker)) for b in books]
    config = load_config(timeout_seconds=120)
    results = run_jobs(jobs, folder / "out", config, workers=1, mode="warm", progress=False)
    return {r.job.key: r for r in results}


def test_no_variable_or_state_leaks_from_one_notebook_to_the_next(isolation):
    assert isolation["a_sets_state"].status == "ok"
    assert isolation["b_checks_state"].status == "ok", isolation["b_checks_state"].error


def test_a_dead_kernel_is_replaced_and_the_notebook_retried_once(isolation):
    died = isolation["c_kernel_dies"]
    assert died.status == "failed" and died.attempts == 2
    flaky = isolation["d_dies_once"]
    assert flaky.status == "ok" and flaky.attempts == 2
    assert isolation["e_after"].status == "ok"  # the pool goes on with a new kernel


def _shape(path: Path) -> dict:
    book = nbformat.read(str(path), as_version=4)
    meta = book.metadata["papermill"]
    return {
        "metadata_keys": sorted(meta), "parameters": meta["parameters"], "kernel": book.metadata["kernelspec"]["name"],
        "cells": [(c.cell_type, c.metadata.get("tags", []), sorted(c.metadata.get("papermill", {})), c.source)
                  for c in book.cells],
        "outputs": [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])]
                    for c in book.cells if c.cell_type == "code"],
    }


def test_executed_notebooks_look_as_the_papermill_command_line_leaves_them(tmp_path):
    source = notebook(tmp_path, "same", "total = 2 + 3\ntotal", "print('hello', marker)")
    cold = tmp_path / "cold.ipynb"
    subprocess.run([sys.executable, "-m", "papermill", str(source), str(cold), "-k", "tipmonitor", "-p", "marker", "m",
                    "--no-progress-bar"], check=True, capture_output=True)
    results = run_jobs([job(source, marker="m")], tmp_path / "warm", load_config(), workers=1, mode="warm", progress=False)
    assert results[0].status == "ok"
    warm, reference = _shape(results[0].output), _shape(cold)
    assert warm == reference


def test_a_warm_workers_page_is_the_page_of_the_notebook_it_wrote_and_its_kernel_keeps_no_history(tmp_path):
    """The worker exports the notebook papermill returned, in memory: the page is the one made from the file it
    wrote (with its chart's Vega spec, which no page shows). The kernel writes no input history (KERNEL_ARGUMENTS)."""
    from tipmonitor.present.html_export import notebook_to_html

    chart = ("from IPython.display import display\n"
             "display({'image/svg+xml': '<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Biểu đồ</title></svg>',"
             " 'application/vnd.vega.v5+json': {'marks': [{'type': 'rect'}]}, 'text/plain': '<chart>'}, raw=True)")
    source = notebook(tmp_path, "page", chart, "assert not get_ipython().history_manager.enabled", "print('Đạt', marker)")
    page_job = Job("page", "page", {"marker": "m"}, "Trang", path=source)
    results = run_jobs([page_job], tmp_path / "out", load_config(), workers=1, mode="warm", progress=False)
    assert results[0].status == "ok", results[0].error
    written = nbformat.read(str(results[0].output), as_version=4)
    page = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    assert page == notebook_to_html(written, title="Trang")  # the node kept whole: nothing taken out
    assert "Biểu đồ" in page and "Đạt m" in page
    kinds = [set(o.get("data", {})) for cell in written.cells for o in cell.get("outputs", [])]
    assert {"image/svg+xml", "application/vnd.vega.v5+json", "text/plain"} in kinds  # the notebook keeps the spec


def test_import_of_the_library_and_altair_skips_the_unused_iri_grammar():
    code = ("import time, sys; t = time.perf_counter(); import tipmonitor, altair\n"
            "import jsonschema\n"
            "print(type(sys.modules['rfc3987_syntax'].__dict__.get('__file__')).__name__)\n"
            "assert jsonschema.FormatChecker().conforms('http://example.com/ä', 'iri')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "NoneType"  # the stand-in until an IRI is checked; the check itself still works


def test_a_kernel_that_dies_while_starting_is_started_again(monkeypatch):
    from tipmonitor.run import warm

    starts = []

    def dies_first(*args):
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "a kernel manager"

    monkeypatch.setattr(warm, "_start_kernel_once", dies_first)
    assert warm._start_kernel() == "a kernel manager" and len(starts) == 2

    def always_dies(*args):
        starts.append(1)
        raise RuntimeError("Kernel didn't respond in time")

    starts.clear()
    monkeypatch.setattr(warm, "_start_kernel_once", always_dies)
    with pytest.raises(RuntimeError, match="didn't respond"):
        warm._start_kernel()
    assert len(starts) == warm.KERNEL_START_RETRY.attempts == 3


def test_a_missed_heartbeat_is_not_taken_for_a_dead_kernel(monkeypatch):
    # On a loaded machine (load 13-14 on 2 cores, session 12) a starting kernel's heartbeat can go unanswered for its
    # one second: the worker's client, asking the heartbeat, said "Kernel died before replying to kernel_info" of a
    # live kernel, three starts in each of three pools, and the whole run failed. Every heartbeat missed here: the
    # worker still starts its kernel and runs code, asking the kernel's process instead.
    from jupyter_client.channels import HBChannel

    from tipmonitor.run import warm

    monkeypatch.setattr(HBChannel, "is_beating", lambda self: False)
    warm.init_worker("tipmonitor", str(paths.project_root()))
    try:
        warm._run(warm._STATE["km"], "x = 1 + 1")
    finally:
        warm.shutdown_worker()


def test_a_warm_kernel_listens_on_ipc_sockets_in_a_private_folder(tmp_path):
    import os
    import stat

    from tipmonitor.run import warm

    warm.init_worker("tipmonitor", str(paths.project_root()))
    try:
        km = warm._STATE["km"]
        info = km.get_connection_info()
        folder = Path(km.connection_file).parent
        assert info["transport"] == "ipc" and Path(info["ip"]).parent == folder  # no TCP port at all
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0  # 700 (jupyter adds the sticky bit)
        assert stat.S_IMODE(os.stat(km.connection_file).st_mode) == 0o600
        assert [p for p in folder.iterdir() if p.is_socket()]  # the kernel's sockets are in that folder
        warm._run(km, "x = 1 + 1")  # and it answers on them
        # The worker's own client reads its replies only: what a notebook prints is not sent to it at all.
        warm._run(km, "print('Đạt ' * 5000)")
        import time

        time.sleep(0.5)
        assert not warm._STATE["client"].iopub_channel.msg_ready()
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            warm._run(km, "1 / 0")
    finally:
        warm.shutdown_worker()
    assert not folder.exists()
