"""The notebooks in a real JupyterLab server, run cell by cell through its REST and kernel APIs."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import websocket

from tipmonitor.core import paths

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it

NOTEBOOKS = {"period_report": "tm-scorecard", "unit_profile": "tm-scorecard", "data_quality": "tm-submissions",
             "explore": None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port, token = free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "TIPMONITOR_HOME": str(paths.project_root())}
    # The server's log goes to a file: a pipe nobody reads fills (64 KiB) and then blocks the server mid-test.
    log = open(runtime / "server.log", "wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={paths.project_root()}",
         "--ServerApp.port_retries=0", "--allow-root",
         # a workspace of its own: the user's would bring back (and save) notebooks opened by earlier sessions
         f"--LabApp.workspaces_dir={runtime}"],
        env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            assert process.poll() is None, (runtime / "server.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "JupyterLab did not start"
            time.sleep(0.5)
    yield base, token, port
    request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
    urllib.request.urlopen(request, timeout=10)
    assert process.wait(timeout=30) == 0  # a clean shutdown
    log.close()


def api(base, token, path, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}?token={token}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as r:
        return json.loads(r.read() or b"null")


def run_cell(ws, session: str, code: str, timeout: float = 120) -> tuple[str, list[dict]]:
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                                   "username": "test", "version": "5.3", "date": ""},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                    "allow_stdin": False, "stop_on_error": True}}))
    outputs, status, idle, deadline = [], None, False, time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind in ("execute_result", "display_data", "error", "stream"):
            outputs.append({"type": kind, **msg["content"]})
        elif kind == "execute_reply":
            status = msg["content"]["status"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        if status is not None and idle:  # the reply and the idle status come on two channels, in either order
            return status, outputs
    raise TimeoutError(code[:60])


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_each_notebook_runs_in_a_kernel_of_the_server(server, sample_store, name):
    base, token, port = server
    notebook = api(base, token, f"/api/contents/notebooks/{name}.ipynb")["content"]
    kernel = api(base, token, "/api/kernels", "POST", {"name": "tipmonitor"})
    assert kernel["name"] == "tipmonitor"
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel['id']}/channels?session_id="
                                     f"{uuid.uuid4().hex}&token={token}", timeout=120)
    session = uuid.uuid4().hex
    try:
        html = ""
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            status, outputs = run_cell(ws, session, source)
            errors = [o for o in outputs if o["type"] == "error"]
            assert status == "ok" and not errors, f"{name}: {errors[:1]}"
            if "parameters" in cell["metadata"].get("tags", []):  # as papermill would inject them
                status, _ = run_cell(ws, session, f"data = {str(sample_store)!r}\nperiod = '2024-Q4'")
                assert status == "ok"
            html += "".join(o.get("data", {}).get("text/html", "") for o in outputs)
        if NOTEBOOKS[name]:
            assert NOTEBOOKS[name] in html
    finally:
        ws.close()
        api(base, token, f"/api/kernels/{kernel['id']}", "DELETE")


# --- nothing fetched from the internet (issue #19, item 11) -------------------------------

def test_the_environment_turns_jupyter_news_off_and_exports_with_the_offline_template(server):
    base, token, _ = server
    settings = api(base, token, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    properties = settings["schema"]["properties"]
    assert properties["fetchNews"]["default"] == "false" and properties["checkForUpdates"]["default"] is False
    # JupyterLab's "Export Notebook As HTML" goes through the server's nbconvert handler.
    request = urllib.request.Request(f"{base}/nbconvert/html/notebooks/explore.ipynb?download=false&token={token}")
    with urllib.request.urlopen(request, timeout=120) as r:
        html = r.read().decode("utf-8")
    assert "<html" in html and "cdnjs" not in html and '<script src="http' not in html


def test_nbconvert_from_the_environment_links_nothing_from_a_cdn(tmp_path):
    import nbformat

    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# $x^2$"),
                                                   nbformat.v4.new_code_cell("1 + 1")]), str(path))
    jupyter = str(Path(sys.executable).parent / "jupyter")
    html = subprocess.run([jupyter, "nbconvert", "--to", "html", "--stdout", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "cdnjs" not in html and '<script src="http' not in html
    # The control: nbconvert's own lab template does link require.js from a CDN.
    lab = subprocess.run([jupyter, "nbconvert", "--to", "html", "--stdout", "--HTMLExporter.template_name=lab", str(path)],
                         capture_output=True, text=True, check=True).stdout
    assert "cdnjs.cloudflare.com" in lab


def open_in_jupyterlab(page, base, token, path: str, workspace: str) -> None:
    """Open the notebook at ``path`` (from the project's root) in a workspace of its own (``/lab/workspaces/<name>``,
    empty in the server's own workspaces folder: no tab of another test comes back with it) and wait until the
    notebook has its own kernel, started and idle: the server's session of that path, with the project's kernel,
    idle and connected to the page, and the notebook's own toolbar showing that kernel idle. (The status bar's
    "| Idle" is not enough: it is the current tab's, and it said Idle for another notebook's kernel while this one
    had none yet: JupyterLab then asked "Select Kernel" and kept Run All from the menu.)"""
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{path}?token={token}")
    # attached, not visible: JupyterLab's notebook may keep cells out of view
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="attached", timeout=120_000)
    deadline, session = time.monotonic() + 120, None
    while True:
        session = next((s for s in api(base, token, "/api/sessions") if s["path"] == path), None)
        kernel = (session or {}).get("kernel") or {}
        if kernel.get("name") == "tipmonitor" and kernel.get("execution_state") == "idle" \
                and kernel.get("connections", 0) >= 1:
            break
        if time.monotonic() > deadline:  # say what the page showed: a screenshot beside the notebook, any dialog
            page.screenshot(path=str(paths.project_root() / f"{path}-no-kernel.png"))
            dialog = page.query_selector(".jp-Dialog")
            pytest.fail(f"{path} has no idle kernel of its own after 120 s: {session}; "
                        f"dialog: {dialog.inner_text()[:500] if dialog else None!r}")
        page.wait_for_timeout(250)  # not time.sleep: Playwright serves a page's routed requests only in its calls
    page.wait_for_selector(".jp-NotebookPanel-toolbar .jp-Toolbar-kernelName:has-text('tipmonitor (Python 3.11)')",
                           timeout=120_000)
    page.wait_for_selector(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)
    assert len(page.query_selector_all(".jp-NotebookPanel")) == 1  # this notebook only: its own workspace


def shut_down(base, token, path: str) -> None:
    """End the server's session of the notebook at ``path`` and its kernel (the browser is closed: nobody uses it)."""
    for session in api(base, token, "/api/sessions"):
        if session["path"] == path:
            api(base, token, f"/api/sessions/{session['id']}", "DELETE")


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium is not installed (make test installs it as root)")
def test_a_notebook_opened_in_jupyterlab_makes_no_request_off_the_machine(server):
    from playwright.sync_api import sync_playwright

    from browser_check import CHROMIUM, FLAGS, cut_network

    base, token, port = server
    local = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/", "data:", "blob:", "about:")
    off_machine, seen = [], []
    # A copy: JupyterLab saves what it opens (kernel metadata), and the project's notebook stays as committed
    folder = paths.project_root() / "test-output" / "jupyterlab"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.project_root() / "notebooks" / "explore.ipynb", folder / "explore-offline.ipynb")
    path = "test-output/jupyterlab/explore-offline.ipynb"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            context = browser.new_context()
            cut_network(context, local, off_machine, seen)
            page = context.new_page()
            open_in_jupyterlab(page, base, token, path, "offline")
            page.wait_for_timeout(5000)  # the news question and check come shortly after start
            text = page.inner_text("body")
        finally:
            browser.close()
            shut_down(base, token, path)
    assert seen and off_machine == []
    assert "Jupyter news" not in text  # the question "get notified about official Jupyter news?" is not asked
    assert not [u for u in seen if "/lab/api/news" in u or "/lab/api/update" in u]


# --- explore.ipynb in a real browser, every cell (issue 25) --------------------------------

# The prompts of the notebook's code cells, as JupyterLab shows them: "[ ]:" not run, "[*]:" queued or running,
# "[7]:" run. Every cell is in the page (JupyterLab 4's default "contentVisibility" windowing attaches them all
# and only skips drawing those out of view).
PROMPTS = "() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]" \
          ".map(e => e.textContent.trim())"
RUN_STARTED = f"() => ({PROMPTS})().some(p => p !== '[ ]:')"
RUN_OVER = f"() => ({PROMPTS})().some(p => p !== '[ ]:') && !({PROMPTS})().includes('[*]:')"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Chromium is not installed (make test installs it as root)")
def test_explore_runs_every_cell_on_the_latest_quarter_in_a_browser_with_no_error(server, sample_store):
    """Run All in JupyterLab's own interface on the latest complete quarter (the notebook's default): every code
    cell runs, no output is an error, the pickers render, and picking another indicator raises no error."""
    import nbformat
    from playwright.sync_api import sync_playwright

    from browser_check import CHROMIUM, FLAGS

    base, token, _ = server
    book = nbformat.read(str(paths.project_root() / "notebooks" / "explore.ipynb"), as_version=4)
    parameters = next(c for c in book.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source += f"\ndata = {str(sample_store)!r}"  # as papermill would inject it; period stays None
    folder = paths.project_root() / "test-output" / "jupyterlab"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(book, str(folder / "explore-latest.ipynb"))
    path = "test-output/jupyterlab/explore-latest.ipynb"
    code_cells = sum(c.cell_type == "code" for c in book.cells)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_in_jupyterlab(page, base, token, path, "explore-latest")
            assert page.evaluate(PROMPTS) == ["[ ]:"] * code_cells  # every code cell in the page, none run yet
            page.click(".lm-MenuBar-itemLabel:text-is('Run')", timeout=30_000)
            page.click(".lm-Menu-itemLabel:text-is('Run All Cells')", timeout=30_000)
            try:
                page.wait_for_function(RUN_STARTED, polling=100, timeout=60_000)
            except Exception:  # say what kept the run from starting: the page as it was, any dialog's words
                page.screenshot(path=str(folder / "explore-latest-not-started.png"))
                dialog = page.query_selector(".jp-Dialog")
                pytest.fail(f"Run All ran no cell in 60 s; dialog: {dialog.inner_text()[:500] if dialog else None!r}")
            # Over when no cell is queued or running (the kernel ran them all, or stopped at an error: the checks
            # below tell which); then saved from the browser, and read only once the server has answered the save:
            # a read while the browser writes the file is taken by the server for a failed write, which puts the
            # previous version back and moves the new one aside (.invalid)
            page.wait_for_function(RUN_OVER, polling=250, timeout=900_000)
            with page.expect_response(lambda r: r.request.method == "PUT" and f"/api/contents/{path}" in r.url,
                                      timeout=120_000) as response:
                page.click(".jp-NotebookPanel-toolbar [data-command='docmanager:save']")
            assert response.value.ok, response.value.status
            page.wait_for_selector(".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)", timeout=30_000)
            saved = api(base, token, f"/api/contents/{path}")["content"]
            assert [c["execution_count"] for c in saved["cells"] if c["cell_type"] == "code"] == list(
                range(1, code_cells + 1))  # every code cell ran, in order, once
            outputs = [o for c in saved["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
            assert [o for o in outputs if o["output_type"] == "error"] == []
            assert not [o for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
            assert sum("application/vnd.vega.v5+json" in o.get("data", {}) for o in outputs) == 2
            page.keyboard.press("Control+Home")
            errors = page.query_selector_all("[data-mime-type='application/vnd.jupyter.error']")
            assert errors == [], [e.inner_text()[:500] for e in errors]
            page.wait_for_selector(".vega-embed .vega-bind select", timeout=60_000)  # the first chart and its pickers
            selects = page.query_selector_all(".vega-bind select")
            assert len(selects) >= 3  # indicator, body, unit
            # the latest complete quarter of the sample, in the outputs (JupyterLab draws only the cells in view)
            assert any("Quý III/2026" in json.dumps(o, ensure_ascii=False) for o in outputs)
            selects[0].select_option(index=1)  # another indicator: the chart re-renders without an error
            page.wait_for_timeout(1000)
            assert page.query_selector_all("[data-mime-type='application/vnd.jupyter.error']") == []
            page.screenshot(path=str(folder / "explore-latest.png"), full_page=False)
        finally:
            browser.close()
            shut_down(base, token, path)
