"""Intake benchmarks (issue #24): the bulk path against the one-by-one path, side by side in one run.

- load-sample: the sample's 1,243 submissions into a new store, by ``tipmonitor load-sample`` (bulk) and
  one ``Store.ingest`` at a time (the path before issue #24);
- rebuild: ``tipmonitor rebuild`` of the sample store's archive (the store file lost);
- quarter: the 150 unit submissions of 2026-Q3 (as the units sent them: a folder of files each) into a
  store holding every earlier submission of the sample, in one batch and one ``Store.ingest`` at a time.

Each case runs in its own process; wall and CPU seconds are measured around it, with the machine's load
average before and after (the machine may be shared: CPU seconds show what others' load hides).

    python -m bench.run --only intake
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TODAY = "2026-11-28"
QUARTER = "2026-Q3"


def _timed(command: list[str]) -> dict:
    """One child process: wall and CPU seconds, and the load average around it."""
    before_load = os.getloadavg()[0]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return {"seconds": round(wall, 1), "cpu_seconds": round(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime, 1),
            "load_before": round(before_load, 2), "load_after": round(os.getloadavg()[0], 2)}


def _child(*args: str) -> list[str]:
    return [sys.executable, "-m", "bench.intake", *args]


def intake_benchmark(work: Path) -> dict:
    """The four cases side by side (about 10 minutes on a quiet 2-core machine, most of it the one-by-one paths)."""
    cli = [sys.executable, "-m", "tipmonitor.cli"]
    out: dict = {}
    bulk = work / "bulk" / "store.duckdb"
    print("  load-sample (bulk) ...", file=sys.stderr)
    out["load_sample_bulk"] = _timed([*cli, "load-sample", "--store", str(bulk), "--today", SAMPLE_TODAY])
    print("  load-sample one Store.ingest at a time ...", file=sys.stderr)
    out["load_sample_one_by_one"] = _timed(_child("one-by-one", str(work / "one" / "store.duckdb")))
    lost = work / "rebuild" / "store.duckdb"
    lost.parent.mkdir(parents=True)
    shutil.copytree(bulk.with_name("store.archive"), lost.with_name("store.archive"))
    print("  rebuild of the sample's archive ...", file=sys.stderr)
    out["rebuild"] = _timed([*cli, "rebuild", "--store", str(lost)])
    before = work / "before" / "store.duckdb"
    subprocess.run(_child("before-quarter", str(before)), cwd=ROOT, check=True)
    for way in ("bulk", "one-by-one"):
        target = work / f"quarter-{way}" / "store.duckdb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(before, target)
        shutil.copytree(before.with_name("store.archive"), target.with_name("store.archive"))
        print(f"  {QUARTER}'s 150 unit submissions, {way} ...", file=sys.stderr)
        out[f"quarter_{way.replace('-', '_')}"] = _timed(_child(f"quarter-{way}", str(target)))
    return out


def _submissions(folder: Path):
    from tipmonitor.tools import sample

    return sample.write_submissions(folder)


def _items(submissions):
    from tipmonitor.store.bulk import Item

    return [Item(f, u, p, date.fromisoformat(r), date.fromisoformat(SAMPLE_TODAY)) for f, u, p, r in submissions]


def _one_by_one(store_path: Path, submissions) -> None:
    from tipmonitor.store.database import Store

    store = Store(store_path)
    for f, u, p, r in submissions:
        store.ingest(f, unit=u, period=p, received_on=date.fromisoformat(r), today=date.fromisoformat(SAMPLE_TODAY))


def _bulk(store_path: Path, submissions) -> None:
    from tipmonitor.store.bulk import ingest_batch
    from tipmonitor.store.database import Store

    refused = [v for v in ingest_batch(Store(store_path), _items(submissions)) if v.error is not None]
    assert not refused, refused[0].error


def main(argv: list[str]) -> None:
    case, store = argv[0], Path(argv[1])
    store.parent.mkdir(parents=True, exist_ok=True)
    submissions = _submissions(store.parent / "submissions")
    in_quarter = [s for s in submissions if s[2] == QUARTER]
    if case == "one-by-one":
        _one_by_one(store, submissions)
    elif case == "before-quarter":
        _bulk(store, [s for s in submissions if s[2] != QUARTER])
    elif case == "quarter-bulk":
        assert len(in_quarter) == 150, len(in_quarter)
        _bulk(store, in_quarter)
    elif case == "quarter-one-by-one":
        _one_by_one(store, in_quarter)
    else:
        raise SystemExit(f"unknown case {case}")


if __name__ == "__main__":
    main(sys.argv[1:])
