"""Warm kernels: a few long-lived kernels run notebook after notebook.

Starting a kernel and importing pandas, Altair and the library costs seconds per
notebook; the analysis itself, a fraction of a second. Each worker process here
keeps one kernel alive for the whole run and executes notebooks in it through
papermill's own machinery (``papermill.execute_notebook`` with the worker's kernel
manager), so parameters are injected and the executed notebook is recorded exactly
as the papermill command line leaves it.

Between notebooks every name the previous notebook defined is deleted and the
working directory restored (``RESET``): no variable of one notebook is seen by the
next, while imported modules stay loaded. A kernel that dies or times out is
replaced and the notebook retried once (``NOTEBOOK_RETRY``). nbclient's client of the kernel is ready as
soon as the kernel answers (``_ready_client_class``).

A worker ends with the run that started it, even one killed with ``kill -9`` (``_watch_parent``): it
kills its kernel's process group, removes its sockets' folder and exits. A kernel whose worker dies ends
by itself (ipykernel polls the parent named in ``JPY_PARENT_PID``, which jupyter_client sets).
"""

from __future__ import annotations

import os
from pathlib import Path

from tipmonitor.core import words
from tipmonitor.core.retry import Retry

# A notebook gets a second attempt only when its kernel failed (died, timed out, did not
# start); its own error would repeat. Outcomes are (ok, error, kernel_failed).
NOTEBOOK_RETRY = Retry(attempts=2, transient=lambda outcome: outcome[2])
# A kernel that dies before answering its first request (seen on a loaded machine) is started
# again, up to twice. Outcomes are a kernel manager, or the error of the failed start.
KERNEL_START_RETRY = Retry(attempts=3, transient=lambda outcome: isinstance(outcome, Exception))

# No input history: IPython would write every cell of every notebook into the user's shared history.sqlite (a
# commit per cell, two kernels contending for its lock: about a tenth of a unit page's CPU in the kernel, and the
# parameters of every page left in a file outside the run). What a notebook shows does not depend on it.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)

_STATE: dict = {}
WARM_UP = "import tipmonitor.present.report, tipmonitor.present.explore, tipmonitor.present.charts, altair, pandas, vl_convert"
# Every name the previous notebook left is deleted (IPython's own names stay), its output cache
# emptied and the working directory restored. Unlike %reset this skips a full garbage collection,
# which costs a quarter of a second with pandas and Altair loaded; memory is freed as usual.
RESET = """
def _tipmonitor_reset(root={root!r}):
    import os
    ip = get_ipython()
    hidden = set(ip.user_ns_hidden)
    for name in [n for n in ip.user_ns if n not in hidden and not n.startswith('__')]:
        del ip.user_ns[name]
    ip.user_ns['Out'].clear()
    os.chdir(root)
_tipmonitor_reset()  # deletes itself with the rest
"""


def _ready_client_class():
    """nbclient's client of a warm kernel: ready once the kernel has answered and IOPub is live.

    The stock client also waits for 0.2 s of silence on IOPub before every notebook (a
    third of a unit page's overhead). Here readiness is proved the same way (the reply to
    kernel_info on the shell channel, and a message of that request seen on IOPub, so the
    subscription is connected) without the silence: what else is on IOPub belongs to other
    requests, and nbclient only reads messages whose parent is its own request.
    """
    import time
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (timeout if timeout is not None else 60)
            while time.monotonic() < deadline:
                request = self.kernel_info()
                replied = seen = False
                until = time.monotonic() + 1
                while time.monotonic() < until and not (replied and seen):
                    if not replied:
                        try:
                            msg = await self.shell_channel.get_msg(timeout=0.05)
                        except Empty:
                            msg = None
                        if msg and msg["msg_type"] == "kernel_info_reply" and msg["parent_header"].get("msg_id") == request:
                            self._handle_kernel_info_reply(msg)
                            replied = True
                    if not seen:
                        try:
                            msg = await self.iopub_channel.get_msg(timeout=0.05)
                        except Empty:
                            msg = None
                        seen = bool(msg) and msg["parent_header"].get("msg_id") == request
                if replied and seen:
                    return
                if not await self._async_is_alive():
                    raise RuntimeError(words.say("kernel.died"))
            raise RuntimeError(words.say("kernel.slow"))

        wait_for_ready = _async_wait_for_ready  # the base class binds its own function to this name

    return ReadyClient


def _sync(method):
    from jupyter_core.utils import run_sync

    return run_sync(method)


def _start_kernel():
    """This worker's kernel, started and warmed (``KERNEL_START_RETRY``); raises the last start's error."""
    def attempt():
        try:
            return _start_kernel_once()
        except (RuntimeError, TimeoutError) as exc:
            _drop_client()
            return exc

    km, _ = KERNEL_START_RETRY.run(attempt)
    if isinstance(km, Exception):
        raise km
    return km


def _start_kernel_once():
    # An asynchronous manager, as papermill itself uses: with a blocking one, nbclient's wait for
    # output blocks its event loop and a kernel that dies is never noticed.
    from jupyter_client.manager import AsyncKernelManager

    # IPC sockets and the connection file in this worker's private (700) folder, not TCP ports on
    # loopback that any local account could connect to.
    folder = _runtime_folder()
    _STATE["kernels"] = _STATE.get("kernels", 0) + 1
    km = AsyncKernelManager(kernel_name=_STATE["kernel"], transport="ipc", ip=str(folder / f"k{_STATE['kernels']}"),
                            connection_file=str(folder / f"kernel-{_STATE['kernels']}.json"))
    km.client_factory = _ready_client_class()
    # make setup puts them in the kernel spec (tools/jupyter_env.py); given twice, traitlets refuses the kernel
    missing = [a for a in KERNEL_ARGUMENTS if a not in km.kernel_spec.argv]
    _sync(km.start_kernel)(cwd=_STATE["root"], env={**os.environ, "TIPMONITOR_HOME": _STATE["root"]},
                           extra_arguments=missing)
    try:
        kc = _client(km)
        pending = kc.execute(WARM_UP, store_history=False)
        import papermill  # noqa: F401  (this process's own heavy import, while the kernel does its own)

        reply = kc.get_shell_msg(timeout=180)
        while reply["parent_header"].get("msg_id") != pending:
            reply = kc.get_shell_msg(timeout=180)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(words.say("kernel.warm_failed", detail=reply["content"].get("evalue")))
    except BaseException:
        if _alive(km):  # a half-started kernel is not left behind
            _sync(km.shutdown_kernel)(now=True)
        raise
    return km


def _runtime_folder() -> Path:
    """This worker's private folder for its kernels' sockets and connection files (removed at exit)."""
    import tempfile

    if "runtime" not in _STATE:
        _STATE["runtime"] = Path(tempfile.mkdtemp(prefix="tipmonitor-kernel-"))  # 700 whatever the umask
    return _STATE["runtime"]


def _alive(km) -> bool:
    return bool(_sync(km.is_alive)())


def _client(km):
    """This worker's own blocking client of its kernel, kept open between notebooks."""
    if _STATE.get("client_of") is not km:
        from jupyter_client.blocking import BlockingKernelClient

        # With its manager as parent, the client asks whether the kernel's process is running; without one it asks the
        # heartbeat, which a kernel starting on a loaded machine may miss for a second: "Kernel died before replying
        # to kernel_info" for a live kernel (three pools of three starts failed so at load 13-14, session 12).
        kc = BlockingKernelClient(parent=km)
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        # Ready (which needs IOPub): from here this client reads only its replies on the shell channel. Subscribed, it
        # was sent a copy of every output of every notebook, read and thrown away before each reset (a chart's SVG
        # and spec parsed twice in the worker, sent twice by the kernel).
        import zmq

        kc.iopub_channel.socket.setsockopt(zmq.UNSUBSCRIBE, b"")
        _STATE.update(client=kc, client_of=km)
    return _STATE["client"]


def _run(km, code: str, timeout: float = 60) -> None:
    """Run code in the kernel and wait for its reply; raise if it fails or no reply comes in ``timeout`` seconds."""
    import time
    from queue import Empty

    kc = _client(km)
    request = kc.execute(code, store_history=False)
    deadline = time.monotonic() + timeout
    while True:
        try:
            reply = kc.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
        except Empty:
            raise TimeoutError(words.say("kernel.slow")) from None
        if reply["parent_header"].get("msg_id") == request:
            break
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def init_worker(kernel: str, root: str, parent: int | None = None,
                fonts: tuple[frozenset[str], str] | None = None) -> None:
    """Process-pool initializer: this worker's kernel, started and warmed once, shut down at exit;
    the worker and its kernel end when the process ``parent`` (the run) is gone. ``fonts``: the pages' shared font
    subset as the parent made it (page_weight.shared_font_faces), taken instead of made again here."""
    import atexit

    if fonts is not None:
        from tipmonitor.present.page_weight import adopt_font_faces

        adopt_font_faces(*fonts)
    _STATE.update(kernel=kernel, root=root)
    if parent is not None:
        _watch_parent(parent)
    _STATE["km"] = _start_kernel()
    atexit.register(shutdown_worker)


def _watch_parent(parent: int, every: float = 0.25) -> None:
    """A daemon thread: once this worker's parent is gone (the worker is adopted by another
    process), its kernel is killed and the worker exits. The worker's main thread may be
    blocked reading a task queue whose other end nobody will ever write to again."""
    import threading

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(every)
        _kill_kernel()
        os._exit(1)

    threading.Thread(target=watch, name="tipmonitor-parent-watch", daemon=True).start()


def _kill_kernel() -> None:
    """This worker's kernel and whatever it started (its own process group), killed; its sockets' folder removed."""
    import shutil
    import signal

    km = _STATE.get("km")
    provisioner = getattr(km, "provisioner", None)
    pid = getattr(provisioner, "pid", None)
    if pid:
        try:
            os.killpg(pid, signal.SIGKILL)  # jupyter_client starts each kernel in a session of its own
        except (ProcessLookupError, PermissionError):
            pass
    if "runtime" in _STATE:
        shutil.rmtree(_STATE["runtime"], ignore_errors=True)


def _drop_client() -> None:
    kc = _STATE.pop("client", None)
    _STATE.pop("client_of", None)
    if kc is not None:
        kc.stop_channels()


def _replace_kernel() -> None:
    _drop_client()
    km = _STATE.get("km")
    if km is not None:
        try:
            _sync(km.shutdown_kernel)(now=True)
        except Exception:  # already dead: nothing to shut down
            pass
    _STATE["km"] = _start_kernel()


def execute(notebook: str, out: str, parameters: dict, timeout: int, html: str | None = None,
            title: str | None = None) -> tuple[bool, str, int, float]:
    """Run one notebook in this worker's kernel, then write its HTML: (ok, error, attempts, seconds)."""
    import time

    start = time.perf_counter()
    ok, error, attempts, executed = _execute(notebook, out, parameters, timeout)
    if ok and html:
        from tipmonitor.present.html_export import notebook_to_html

        # The page from the notebook papermill has just written, still in memory (not read back from the file:
        # the same page, tests/test_html_export.py), which is this page's alone and may be changed.
        Path(html).write_text(notebook_to_html(executed if executed is not None else out, title=title, own=True),
                              encoding="utf-8")
    return ok, error, attempts, time.perf_counter() - start


def _execute(notebook: str, out: str, parameters: dict, timeout: int) -> tuple[bool, str, int, object]:
    """(ok, error, attempts, the executed notebook as papermill wrote it, or None)."""
    executed: list = []

    def attempt() -> tuple[bool, str, bool]:
        import papermill
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        km = _STATE["km"]
        try:
            if not _alive(km):
                raise DeadKernelError(words.say("kernel.not_running"))
            _run(km, RESET.format(root=_STATE["root"]))
            # request_save_on_cell_execute=False: written once at the end, not after every cell (the
            # same notebook; a quarter of a second less per notebook).
            executed[:] = [papermill.execute_notebook(notebook, out, parameters=parameters, kernel_name=_STATE["kernel"],
                                                      km=km, execution_timeout=timeout, progress_bar=False,
                                                      cwd=_STATE["root"], request_save_on_cell_execute=False)]
            return True, "", False
        except PapermillExecutionError as exc:
            if _alive(km):  # the notebook's own error: the kernel is fine, retrying would fail the same way
                return False, f"{exc.ename}: {exc.evalue}"[:500], False
            return False, f"the kernel died: {exc.ename}: {exc.evalue}"[:500], True
        except (DeadKernelError, CellTimeoutError, TimeoutError, RuntimeError) as exc:
            return False, f"{type(exc).__name__}: {exc}"[:500], True

    (ok, error, kernel_failed), attempts = NOTEBOOK_RETRY.run(attempt, before_retry=_replace_kernel)
    if kernel_failed:  # the next notebook gets a working kernel
        _replace_kernel()
    return ok, error, attempts, executed[0] if ok and executed else None


def started() -> None:
    """Nothing: a task whose submission makes the pool start a worker (which starts its kernel) before the first
    notebook is given out."""


def shutdown_worker() -> None:
    _drop_client()
    km = _STATE.pop("km", None)
    if km is not None and _alive(km):
        _sync(km.shutdown_kernel)(now=True)
    runtime = _STATE.pop("runtime", None)
    if runtime is not None:
        import shutil

        shutil.rmtree(runtime, ignore_errors=True)


def pool(workers: int, kernel: str, root: Path):
    """A process pool whose every worker holds a warm kernel. The pages' font subset is made here once (the run's
    index uses it too) and handed to every worker: each made it for its first page (fontTools' import and the cut,
    about a quarter of a second of CPU a worker, every run)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tipmonitor.present.page_weight import shared_font_faces

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_worker, initargs=(kernel, str(root), os.getpid(), shared_font_faces()))
