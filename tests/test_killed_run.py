"""A public run killed with SIGKILL at any point leaves nothing but the previous report in its output folder (issue #26).

Its copy of the store (every record) and its half-built report are in its folder of the working area beside the
store (run/runner.py, work_area), which the next run of any period, or `tipmonitor check`, removes.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tipmonitor.run.runner import clean_work, work_area

# Each point patches one step of the run in a child process so that the process kills itself with SIGKILL
# there: nothing of Python's cleanup (finally blocks, atexit) runs, as with `kill -9`.
CHILD = textwrap.dedent('''
    import os, signal, sys
    from pathlib import Path
    point, store, out = sys.argv[1], sys.argv[2], sys.argv[3]
    from tipmonitor.core import files
    from tipmonitor.run import publish, runner
    from tipmonitor.store import database

    def die(*_, **__):
        os.kill(os.getpid(), signal.SIGKILL)

    def after(function, check=lambda *a, **k: True):
        def wrapped(*args, **kwargs):
            result = function(*args, **kwargs)
            if check(*args, **kwargs):
                die()
            return result
        return wrapped

    if point == "store copied":
        database.Store.snapshot = after(database.Store.snapshot)
    elif point == "results computed":
        runner.period_results = after(runner.period_results)
    elif point == "notebooks half run":
        def half(jobs, folder, *args, **kwargs):
            (folder / "notebooks").mkdir(parents=True, exist_ok=True)
            (folder / "notebooks" / "period_report.ipynb").write_text("{}", encoding="utf-8")
            die()
        runner.run_jobs = half
    elif point in ("outputs half written", "about to publish"):
        def no_notebooks(jobs, folder, *args, before=None, **kwargs):
            (folder / "notebooks").mkdir(parents=True, exist_ok=True)  # as run_jobs makes it
            if before is not None:  # the period's results and the report's files, as the run does meanwhile
                before()
            return []
        runner.run_jobs = no_notebooks
        def written(folder, *args, **kwargs):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text("<p>new</p>", encoding="utf-8")
            if point == "outputs half written":
                die()
        publish.write_run_files = written
        if point == "about to publish":  # everything built; the rename into place is next
            files.private = after(files.private, lambda path, *a: path.name == "2024-Q4")
    config = runner.load_config(data=store, audience="public", notebooks=[{"name": "period_report"}])
    runner.run_period("2024-Q4", config, output=Path(out), force=True, progress=False, workers=1)
''')
POINTS = ("store copied", "results computed", "notebooks half run", "outputs half written", "about to publish")


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.slow
def test_a_public_run_killed_at_any_point_leaves_only_the_previous_report(sample_store, sample_year_verdict, tmp_path):
    # 2024's verdict from the session's editions (conftest.sample_year_verdict): the children's gate reads it.
    assert sample_year_verdict(2024)["passed"]
    out = tmp_path / "public"
    previous = out / "2024-Q4"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("<p>previous</p>", encoding="utf-8")
    before = _listing(out)
    area = work_area(Path(sample_store))
    for point in POINTS:
        done = subprocess.run([sys.executable, "-c", CHILD, point, str(sample_store), str(out)],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == -9, (point, done.stderr[-2000:])  # killed, not failed
        assert _listing(out) == before, point  # no store copy, no half-built folder, no lock file
        assert (previous / "index.html").read_text(encoding="utf-8") == "<p>previous</p>"
        left = [p for p in area.glob("run-*") if p.is_dir()]
        assert len(left) == 1, (point, left)  # what it left is in the working area, and the next run removes it
        if point == "store copied":
            assert (left[0] / Path(sample_store).name).is_file()  # the copy of every record: not near the reports
    assert clean_work(area) and not [p for p in area.glob("run-*") if p.is_dir()]  # `tipmonitor check` does this
