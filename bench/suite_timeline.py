"""The test suite's timeline per pytest-xdist worker: when each test's setup, call and teardown start and end, and
the CPU its worker used meanwhile (user + system of the worker and the children it has reaped: a kernel or a browser
is counted when it ends). A measuring tool, not part of the suite (docs/performance.md, session 12):

    SUITE_TIMELINE=/tmp/tl OPENBLAS_NUM_THREADS=1 .venv/bin/python -m pytest -q -p bench.suite_timeline \\
        -n 2 --dist loadscope --no-loadscope-reorder
    .venv/bin/python -m bench.suite_timeline /tmp/tl

writes one file per worker (``tl-gw0.tsv``: node id, phase, start, end, CPU seconds) and then prints, per worker,
its modules in the order it ran them (from, to, CPU) and when each worker ended its last test.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_OUT: list = []


def _cpu() -> float:
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime


def _write(line: str) -> None:
    if not _OUT:
        folder = Path(os.environ.get("SUITE_TIMELINE", "suite-timeline"))
        folder.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        _OUT.append(open(folder / f"tl-{worker}.tsv", "a", buffering=1, encoding="utf-8"))
    _OUT[0].write(line)


def _timed(phase: str, item) -> Iterator[None]:
    start, cpu = time.time(), _cpu()
    yield
    _write(f"{item.nodeid}\t{phase}\t{start:.3f}\t{time.time():.3f}\t{_cpu() - cpu:.3f}\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield from _timed("setup", item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield from _timed("call", item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield from _timed("teardown", item)


def summary(folder: Path) -> str:
    """Per worker, its modules in order (seconds from the first test's start) and its last test's end."""
    rows = {}
    for path in sorted(folder.glob("tl-*.tsv")):
        rows[path.stem[3:]] = [(n, float(s), float(e), float(c)) for n, _, s, e, c in
                               (line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines())]
    if not rows:
        return f"no timeline in {folder}"
    zero = min(r[1] for lines in rows.values() for r in lines)
    out = []
    for worker, lines in rows.items():
        out.append(f"{worker}: {len(lines) // 3} tests, last ends at +{max(r[2] for r in lines) - zero:.1f} s")
        module, begun, ended, cpu = None, 0.0, 0.0, 0.0
        for node, start, end, used in [*lines, ("", 0.0, 0.0, 0.0)]:
            name = node.split("::")[0]
            if name != module:
                if module is not None:
                    out.append(f"  +{begun - zero:7.1f} .. +{ended - zero:7.1f}  CPU {cpu:6.1f}  {module}")
                module, begun, cpu = name, start, 0.0
            ended, cpu = max(ended, end), cpu + used
    return "\n".join(out)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1] if len(sys.argv) > 1 else "suite-timeline")))
