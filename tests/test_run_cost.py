"""A run's fixed CPU (issue #24, session 11): how many warm kernels a run starts when nobody says, and the pages'
font subset made once per run instead of once per process. Neither changes what a run writes."""

import pickle
import subprocess
import sys

import pytest

from tipmonitor.present.page_weight import FONT_PLACEHOLDER, adopt_font_faces, font_faces, lighten, shared_font_faces
from tipmonitor.run.runner import PAGES_PER_KERNEL, default_workers


@pytest.mark.parametrize(("jobs", "cpus", "expected"), [
    (160, 2, 2),   # 2026-Q3: 160 notebooks, ceil(160 / 8) = 20 kernels wanted, 2 CPUs: 2
    (3, 2, 1),     # one unit's run: period_report, data_quality, its unit page: ceil(3 / 8) = 1
    (8, 2, 1),     # ceil(8 / 8) = 1: a second kernel would take four pages off the first
    (9, 2, 2),     # ceil(9 / 8) = 2
    (17, 4, 3),    # ceil(17 / 8) = 3, under the 4 CPUs
    (100, 4, 4),   # ceil(100 / 8) = 13 wanted, 4 CPUs: 4
    (1, 1, 1),
    (0, 2, 1),     # never no worker at all
])
def test_a_run_whose_workers_are_not_set_gets_one_kernel_per_eight_notebooks_up_to_its_cpus(jobs, cpus, expected):
    assert PAGES_PER_KERNEL == 8
    assert default_workers(jobs, cpus) == expected


def page(text: str) -> str:
    return f"<html><head><style>{FONT_PLACEHOLDER}</style></head><body><p>{text}</p></body></html>"


def test_handed_font_faces_are_used_for_their_characters_and_only_for_those():
    chars, css = shared_font_faces()
    rarer = chars | {"\u4e2d"}  # a page showing a character outside the shared set gets a subset of its own
    font_faces.cache_clear()
    try:
        adopt_font_faces(chars, "/* handed */")
        assert font_faces(chars) == "/* handed */"
        assert font_faces(rarer) != "/* handed */" and "@font-face" in font_faces(rarer)
    finally:
        adopt_font_faces(chars, css)  # as a run's worker holds it: what this process made itself
        font_faces.cache_clear()


WORKER = """
import pickle, sys
from tipmonitor.present.page_weight import adopt_font_faces, lighten
chars, css, text = pickle.loads(sys.stdin.buffer.read())
adopt_font_faces(chars, css)
page = lighten(text)
sys.stdout.buffer.write(pickle.dumps(("fontTools.subset" in sys.modules, page)))
"""


@pytest.mark.slow
def test_a_process_handed_the_subset_writes_the_same_page_without_cutting_the_font():
    # What a run's warm worker does (warm.init_worker with the parent's shared_font_faces): the page it writes is
    # byte for byte the page a worker that cut the font itself writes, and fontTools is never imported there.
    text = page("Kết quả các chỉ tiêu – Đống Đa, Ứng Hòa ± ¶")
    chars, css = shared_font_faces()
    done = subprocess.run([sys.executable, "-c", WORKER], input=pickle.dumps((chars, css, text)), capture_output=True,
                          check=True)
    imported, written = pickle.loads(done.stdout)
    assert imported is False
    font_faces.cache_clear()
    assert written == lighten(text)
    assert "@font-face" in written and FONT_PLACEHOLDER not in written


def test_a_runs_warm_workers_are_handed_the_parents_font_subset_and_adopt_it(monkeypatch, tmp_path):
    """pool() gives every worker the subset its parent made (shared_font_faces) and init_worker adopts it, so the
    worker's font_faces for those characters is the handed CSS, not a cut of its own. No process is started."""
    import atexit
    import concurrent.futures

    from tipmonitor.present import page_weight
    from tipmonitor.run import warm

    made: dict = {}

    class Pool:
        def __init__(self, **kwargs) -> None:
            made.update(kwargs)

    chars = frozenset("ab\u1ea1")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(page_weight, "shared_font_faces", lambda: (chars, "/* the parent's */"))
    warm.pool(2, "tipmonitor", tmp_path)
    assert made["initializer"] is warm.init_worker and made["max_workers"] == 2
    # the worker's side, in this process: no kernel, no parent watch, nothing left for exit
    handed: dict = {}
    monkeypatch.setattr(page_weight, "_HANDED", handed)
    monkeypatch.setattr(warm, "_STATE", {})
    monkeypatch.setattr(warm, "_start_kernel", lambda: "kernel")
    monkeypatch.setattr(atexit, "register", lambda *a, **kw: None)
    kernel, root, _parent, *rest = made["initargs"]
    made["initializer"](kernel, root, None, *rest)
    assert handed == {chars: "/* the parent's */"}
    assert page_weight.font_faces.__wrapped__(chars) == "/* the parent's */"  # past the lru_cache: no cut made


def test_a_run_whose_workers_are_not_set_asks_default_workers_with_its_number_of_notebooks(monkeypatch, tmp_path):
    """_run_locked takes default_workers(len(jobs)), not every CPU; stopped at once here (the period's folder exists
    and is kept), so nothing runs."""
    from types import SimpleNamespace

    from tipmonitor.model import periods
    from tipmonitor.run import runner

    asked = []
    monkeypatch.setattr(runner, "resolve_units", lambda read, chosen, units: ["001"])
    monkeypatch.setattr(runner, "plan_jobs", lambda read, chosen, codes: ["period_report", "data_quality", "001"])
    monkeypatch.setattr(runner, "default_workers", lambda jobs, cpus=None: asked.append(jobs) or 1)
    chosen = periods.parse("2024-Q4")
    (tmp_path / chosen.label).mkdir()
    config = SimpleNamespace(workers=None)
    result = runner._run_locked(chosen, config, config, None, False, True, tmp_path, None, "warm", False, None)
    assert asked == [3] and result.folder == tmp_path / chosen.label
    # set workers (the call's, then the run's YAML) are taken as they are
    runner._run_locked(chosen, SimpleNamespace(workers=4), config, None, False, True, tmp_path, None, "warm", False, None)
    runner._run_locked(chosen, config, config, None, False, True, tmp_path, 2, "warm", False, None)
    assert asked == [3]
