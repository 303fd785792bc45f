"""Benchmarks (``make bench``): the KPI engine at scale, ingest, and the period run.

Not part of ``make test``. Writes bench/results/latest.json and prints Markdown tables
for docs/performance.md. Each scale runs in its own process.

- engine: all indicators for all units and every quarter and year-to-date window of
  2022-2024 (24 windows), median of repeats after a warm-up, and the engine's own peak
  memory (tracemalloc, numpy included). The scale data are read from Parquet straight
  into typed frames (validation is the ingest benchmark's business). Each scale runs twice,
  in two processes: the loader and engine of today, and those from before issue #18
  (bench/previous_engine.py, ``typed_scale_dataset``), whose cubes must be equal;
- ingest: 10^6 crime-report rows in one CSV submission into a fresh store, by this code and by the
  commit before the column-wide intake (INGEST_BASELINE, unpacked with git archive), each in its own
  process in the same run;
- run: a full quarter of the sample (every unit's profile, the period report, data
  quality) in warm kernels, against the same notebooks one by one with the papermill
  command line, in the same invocation;
- reform: the post-reform quarter 2026-Q3 (every unit valid then: communes, regional
  courts and procuracies, city agencies) in warm kernels, per notebook against the
  2024-Q4 run's warm figure (``--store`` reuses a loaded sample store);
- intake: load-sample, rebuild of its archive and a quarter's 150 unit submissions, bulk vs one
  ``Store.ingest`` at a time (bench/intake.py, issue #24);
- pages: the published pages of that quarter, light (today) against the same executed
  notebooks exported as before issue #18 (JupyterLab's whole stylesheet, the whole font).

    python -m bench.run                        # everything: 10^4..10^7, ingest, run, reform, pages (21 minutes
                                               # on 2 cores; 12 more the first time: the 10^7 data, 1.2 GB;
                                               # 12 GB of memory at 10^7, for the previous engine)
    python -m bench.run --only engine --scales 10000 100000 1000000
    python -m bench.run --only run
    python -m bench.run --only reform --store data/store.duckdb   # run, reform, pages: --store reuses a loaded sample
    python -m bench.run --only ingest [--ingest-rows 100000] [--no-ingest-baseline]
    python -m bench.run --only pages
    python -m bench.run --only intake
    python -m bench.run --only engine --scales 10000000 --repeats 3   # on its own: memory
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TODAY = date(2026, 1, 1)
SAMPLE_TODAY = "2026-11-28"  # the sample runs to 2026-Q3


def all_windows():
    from tipmonitor.model import periods
    from tipmonitor.metrics.counts import windows_for

    quarters = periods.quarters_between(2022, 2024)
    return windows_for([q.label for q in quarters] + [q.year_to_date().label for q in quarters])


def engine_once(dataset, units, windows) -> tuple[float, float]:
    """Seconds of wall-clock and of CPU (the machine is shared: CPU time shows what others' load hides)."""
    from tipmonitor.metrics.counts import build_cube
    from tipmonitor.metrics.evaluation import indicator_values, with_city
    from tipmonitor.metrics.registry import load_registry

    start, cpu = time.perf_counter(), time.process_time()
    cube = with_city(build_cube(dataset, windows, units))
    indicator_values(cube, load_registry())
    return time.perf_counter() - start, time.process_time() - cpu


def peak_rss_mib() -> float:
    """This process's own peak resident memory: VmHWM, which starts afresh at exec. (ru_maxrss carries
    the parent's size over a fork and exec: a child of the process that generated the 10^6 data
    reported 3.5 GiB it never used.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def scale_dataset(folder: Path):
    """Scale data from Parquet into typed, categorised frames without validation (issue #18).

    Only the columns the engine reads: record ids are left on disk (the engine counts, it does not
    list). Each table's frame is allocated once at its final size and filled row group by row group,
    on every core: a row group's columns are read as the dictionaries Parquet stores, each distinct
    text (a date, a code) is parsed once, and every record takes its value by index straight into the
    frame's own numpy array (a date column of 10^7 records has a few thousand distinct dates). No
    whole-table Arrow copy is made and pandas copies nothing, so the memory touched is the frame's own.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd
    import pyarrow.parquet as pq

    from tipmonitor.model.dataset import Dataset
    from tipmonitor.metrics.counts import THREADS
    from tipmonitor.model.schema import TABLES

    ids = {"report_id", "case_id", "victim_id"}
    dataset = Dataset.empty()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for name in ("crime_reports", "cases", "victims"):
            path = folder / f"{name}.parquet"
            metadata = pq.read_metadata(path)
            columns = [c for c in metadata.schema.names if c not in ids]
            typed = {c: _TypedColumn(TABLES[name].field(c).kind, metadata.num_rows) for c in columns}
            starts = np.cumsum([0] + [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)])

            def fill(group: int, path=path, columns=columns, typed=typed, starts=starts) -> None:
                with pq.ParquetFile(path, read_dictionary=columns) as source:  # one reader a thread
                    part = source.read_row_group(group, columns=columns, use_threads=False)
                for column in columns:
                    typed[column].fill(part.column(column), int(starts[group]))

            list(pool.map(fill, range(metadata.num_row_groups)))
            setattr(dataset, name, pd.DataFrame({c: t.array() for c, t in typed.items()}, copy=False))
    return dataset.categorize()


class _TypedColumn:
    """One column of the scale data being filled from dictionary-encoded text: dates (datetime64[s],
    NaT for ""), whole numbers (Int64) or codes of a categorical ("" missing)."""

    def __init__(self, kind: str, rows: int):
        import threading

        self.kind = kind
        self.missing = None
        if kind == "date":
            self.values = np.empty(rows, dtype="datetime64[s]")
        elif kind == "int":
            self.values, self.missing = np.empty(rows, dtype=np.int64), np.empty(rows, dtype=bool)
        else:
            self.values = np.empty(rows, dtype=np.int16)
            self.categories: dict[str, int] = {}
            self.lock = threading.Lock()  # row groups are filled on several threads; the categories are shared

    def fill(self, column, start: int) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        for chunk in column.chunks:
            indices = chunk.indices
            if indices.null_count:
                indices = indices.fill_null(len(chunk.dictionary))  # a null: the blank appended below
            indices = indices.to_numpy()
            stop = start + len(chunk)
            text = pc.if_else(pc.equal(chunk.dictionary, ""), pa.scalar(None, pa.string()), chunk.dictionary)
            if self.kind == "date":
                parsed = pc.strptime(text, format="%Y-%m-%d", unit="s").to_numpy(zero_copy_only=False)
                np.take(np.append(parsed, np.datetime64("NaT", "s")), indices, out=self.values[start:stop], mode="clip")
            elif self.kind == "int":
                number = pc.cast(text, pa.int64())
                np.take(np.append(number.fill_null(0).to_numpy(), 0), indices, out=self.values[start:stop], mode="clip")
                np.take(np.append(number.is_null().to_numpy(zero_copy_only=False), True), indices,
                        out=self.missing[start:stop], mode="clip")
            else:
                with self.lock:
                    codes = [-1 if v is None else self.categories.setdefault(v, len(self.categories)) for v in text.to_pylist()]
                if len(self.categories) > np.iinfo(np.int16).max + 1:
                    raise ValueError("more distinct values than the scale loader's 16-bit codes hold")
                np.take(np.array(codes + [-1], dtype=np.int16), indices, out=self.values[start:stop], mode="clip")
            start = stop

    def array(self):
        import pandas as pd

        if self.kind == "date":
            return self.values
        if self.kind == "int":
            return pd.arrays.IntegerArray(self.values, self.missing)
        # Row groups are filled in whichever order the threads take them: the categories are sorted, so
        # that every load gives the same frame.
        order = sorted(self.categories)
        renumber = np.empty(len(order) + 1, dtype=np.int16)
        renumber[[self.categories[c] for c in order]] = np.arange(len(order))
        renumber[-1] = -1  # a missing value's code, -1, picks the last entry
        return pd.Categorical.from_codes(renumber[self.values], categories=pd.Index(order, dtype="str"), validate=False)


def typed_scale_dataset(folder: Path):
    """The loader before issue #18, kept for the side-by-side figures: Parquet into typed frames.

    Only the columns the engine reads: record ids are left on disk (the engine counts, it does not
    list), which is what lets 10^7 case rows (about 90 million records) fit. Dates are parsed and
    coded values dictionary-encoded by Arrow, column by column.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from tipmonitor.model.dataset import Dataset
    from tipmonitor.model.schema import TABLES

    ids = {"report_id", "case_id", "victim_id"}
    dataset = Dataset.empty()
    for name in ("crime_reports", "cases", "victims"):
        schema = pq.read_schema(folder / f"{name}.parquet")
        columns = [c for c in schema.names if c not in ids]
        table = pq.read_table(folder / f"{name}.parquet", columns=columns)
        converted = {}
        for column in columns:
            values = table.column(column)
            kind = TABLES[name].field(column).kind
            if kind == "date":
                blank = pc.equal(values, "")
                converted[column] = pc.strptime(pc.if_else(blank, pa.scalar(None, pa.string()), values),
                                                format="%Y-%m-%d", unit="s")
            elif kind == "int":
                converted[column] = pc.cast(pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values), pa.int64())
            else:
                converted[column] = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values).dictionary_encode()
            table = table.drop_columns([column])  # free the text as we go
        frame = pa.table(converted).to_pandas()
        for column in frame.columns:
            if TABLES[name].field(column).kind == "int":
                frame[column] = frame[column].astype("Int64")
        setattr(dataset, name, frame)
    return dataset.categorize()


def measure(folder: Path, repeats: int, previous: bool = False) -> dict:
    """Time the engine (all indicators, all units, 24 windows) several times, and its peak memory.

    ``previous``: the loader and the engine from before issue #18 (the engine swapped in for this
    process only), for the side-by-side figures."""
    import hashlib
    import tracemalloc

    from tipmonitor.intake.loading import load_dataset
    from tipmonitor.metrics import counts
    from tipmonitor.model.units import load_registry

    load = scale_dataset
    if previous:
        from bench import previous_engine

        counts.record_cube = previous_engine.record_cube
        load = typed_scale_dataset
    start, cpu = time.perf_counter(), time.process_time()
    dataset = load(folder) if (folder / "cases.parquet").is_file() else load_dataset(folder, today=TODAY)
    load_seconds, load_cpu = time.perf_counter() - start, time.process_time() - cpu
    units = load_registry(on=date(2023, 6, 30)).codes
    windows = all_windows()
    cube = counts.build_cube(dataset, windows, units)  # warm-up: first-call imports and caches
    digest = hashlib.sha256(cube.to_csv().encode("utf-8")).hexdigest()[:16]  # the two engines must agree
    runs = [engine_once(dataset, units, windows) for _ in range(repeats)]
    tracemalloc.start()
    engine_once(dataset, units, windows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": {"cases": len(dataset.cases), "crime_reports": len(dataset.crime_reports), "victims": len(dataset.victims)},
        "windows": len(windows), "units": len(units), "cube_digest": digest,
        "load_seconds": round(load_seconds, 3), "load_cpu_seconds": round(load_cpu, 3),
        "engine_seconds_median": round(statistics.median(t for t, _ in runs), 4),
        "engine_seconds_all": [round(t, 4) for t, _ in runs],
        "engine_cpu_seconds_median": round(statistics.median(c for _, c in runs), 4),
        "engine_peak_mib": round(peak / 2**20, 1),
        "process_peak_rss_mib": peak_rss_mib(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


# main before issue #18 item 1 (cell-by-cell intake): `make bench` runs it beside the current code.
INGEST_BASELINE = "79705e4c1352270b7d3562f816d828dc9633d0fb"


def ingest_file(path: Path, rows: int) -> Path:
    """One unit's submission of ``rows`` crime reports, as a CSV (60 MiB at 10^6)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    received = pd.Timestamp("2023-03-15") + pd.to_timedelta(rng.integers(0, 90, rows), unit="D")
    decided = received + pd.to_timedelta(rng.integers(1, 40, rows), unit="D")
    frame = pd.DataFrame({"report_id": [f"TB-002-{i:07d}" for i in range(rows)], "unit": "002",
                          "kind": rng.choice(["report", "denunciation"], rows),
                          "received_date": received.strftime("%d/%m/%Y"), "decision_date": decided.strftime("%Y-%m-%d"),
                          "decision": rng.choice(["not_initiate", "administrative", "initiate"], rows)})
    frame.to_csv(path, index=False)
    return path


def ingest_child(path: Path) -> None:
    """Validate and store one submission into a fresh store; prints the figures as JSON (run in its own process)."""
    import tempfile

    import tipmonitor
    from tipmonitor.store.database import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.duckdb")
        start, cpu = time.perf_counter(), time.process_time()
        result = store.ingest(path, today=TODAY)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2), "status": result.status,
                      "rows": result.rows["crime_reports"], "library": str(Path(tipmonitor.__file__).parent),
                      "peak_rss_mib": peak_rss_mib()}))


def _ingest_in_child(path: Path, home: Path | None = None) -> dict:
    env = dict(os.environ)
    if home is not None:  # the baseline's library, settings and reference files
        env.update(PYTHONPATH=str(home / "lib"), TIPMONITOR_HOME=str(home))
    out = subprocess.run([sys.executable, "-m", "bench.run", "--ingest-child", str(path)], capture_output=True,
                         text=True, cwd=ROOT, env=env, check=True)
    return json.loads(out.stdout)


def ingest_benchmark(rows: int = 1_000_000, baseline: str | None = INGEST_BASELINE) -> dict:
    """One submission of ``rows`` crime reports into a fresh store: this code, then the baseline commit's.

    Each runs in its own process (its peak RSS is its own); the baseline is unpacked from git
    (``git archive``) into a temporary folder and put first on PYTHONPATH.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = ingest_file(Path(tmp) / "002_2023-Q2.csv", rows)
        result = {"rows": rows, "file_mib": round(path.stat().st_size / 2**20, 1), "current": _ingest_in_child(path)}
        if baseline:
            home = Path(tmp) / "baseline"
            home.mkdir()
            archive = subprocess.run(["git", "archive", baseline, "lib", "params", "data/reference"], cwd=ROOT,
                                     capture_output=True, check=False)
            if archive.returncode == 0:
                subprocess.run(["tar", "-x", "-C", str(home)], input=archive.stdout, check=True)
                result["baseline"] = {"commit": baseline[:10], **_ingest_in_child(path, home)}
            else:
                result["baseline"] = {"commit": baseline[:10], "error": archive.stderr.decode(errors="replace")[:200]}
        return result


def sample_store(folder: Path) -> str:
    """The sample loaded into a new store in ``folder`` (several minutes: 1,243 submissions), for the run,
    reform and pages cases, which share it."""
    from tipmonitor.cli import main as cli

    store = folder / "store.duckdb"
    cli(["load-sample", "--store", str(store), "--today", SAMPLE_TODAY])
    return str(store)


def run_benchmark(store: str) -> dict:
    """The full 2024-Q4 run of the sample: warm pool vs the papermill command line one by one."""
    import tempfile

    from tipmonitor.run.runner import execute_cold, load_config, plan_jobs, resolve_units, run_jobs
    from tipmonitor.model import periods

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(data=store)
        period = periods.parse("2024-Q4")
        jobs = plan_jobs(config, period, resolve_units(config, period, None))
        start = time.perf_counter()
        # The same notebooks both ways: executed notebooks only (the HTML pages are publishing's work).
        warm = run_jobs(jobs, Path(tmp) / "warm", config, workers=os.cpu_count() or 2, mode="warm", progress=False,
                        html=False)
        warm_seconds = time.perf_counter() - start
        start = time.perf_counter()
        errors = []
        for job in jobs:  # the papermill command line, one notebook after another (as `tipmonitor run --cold`
            # with one worker: a parameters file, since with -p papermill reads "002" as the number 2)
            ok, error = execute_cold(job, Path(tmp) / f"{job.key}.ipynb", config)
            if not ok:
                errors.append(f"{job.key}: {error}")
        cold_seconds = time.perf_counter() - start
        return {"notebooks": len(jobs), "workers": os.cpu_count(), "warm_seconds": round(warm_seconds, 1),
                "warm_failures": sum(r.status != "ok" for r in warm), "cli_one_by_one_seconds": round(cold_seconds, 1),
                "cli_failures": len(errors), "cli_errors": errors[:5], "ratio": round(cold_seconds / warm_seconds, 1)}


def reform_benchmark(store: str) -> dict:
    """The 2026-Q3 run of the sample (every unit valid then) in warm kernels: the warm runner's speed after the reform."""
    import tempfile

    from tipmonitor.model import periods
    from tipmonitor.run.runner import load_config, plan_jobs, resolve_units, run_jobs

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(data=store)
        period = periods.parse("2026-Q3")
        units = resolve_units(config, period, None)
        jobs = plan_jobs(config, period, units)
        start = time.perf_counter()
        warm = run_jobs(jobs, Path(tmp) / "warm", config, workers=os.cpu_count() or 2, mode="warm", progress=False,
                        html=False)
        seconds = time.perf_counter() - start
        return {"period": period.label, "units": len(units), "notebooks": len(jobs), "workers": os.cpu_count(),
                "warm_seconds": round(seconds, 1), "warm_seconds_per_notebook": round(seconds / len(jobs), 2),
                "warm_failures": sum(r.status != "ok" for r in warm)}


def pages_benchmark(store: str) -> dict:
    """A quarter of the sample published (34 unit pages), light; the same notebooks exported as before."""
    import tempfile

    import nbformat

    from tipmonitor.present.html_export import exporter, font_css, notebook_to_html
    from tipmonitor.run.runner import load_config, run_period

    with tempfile.TemporaryDirectory() as tmp:
        result = run_period("2024-Q4", load_config(data=store), output=Path(tmp) / "reports", progress=False,
                            today=TODAY)
        folder = result.folder
        light = {page.name: page.stat().st_size for page in folder.glob("*.html")}
        before, seconds, light_seconds = {}, [], []
        for notebook_path in sorted((folder / "notebooks").glob("*.ipynb")):
            notebook = nbformat.read(str(notebook_path), as_version=4)
            start = time.perf_counter()
            html, _ = exporter("vi").from_notebook_node(notebook, resources={"tipmonitor_font_css": font_css()})
            seconds.append(time.perf_counter() - start)
            before[notebook_path.stem + ".html"] = len(html.encode("utf-8"))
            start = time.perf_counter()
            notebook_to_html(notebook, lang="vi")
            light_seconds.append(time.perf_counter() - start)

        def summary(sizes: dict[str, int]) -> dict:
            units = [v for k, v in sizes.items() if k.startswith("unit_profile-")]
            return {"unit_pages": len(units), "unit_page_mean_kib": round(statistics.mean(units) / 1024, 1),
                    "unit_page_max_kib": round(max(units) / 1024, 1),
                    "period_report_kib": round(sizes["period_report.html"] / 1024, 1),
                    "data_quality_kib": round(sizes["data_quality.html"] / 1024, 1),
                    "all_pages_mib": round(sum(sizes.values()) / 2**20, 2)}

        return {"ok": result.ok, "light": {**summary(light), "index_kib": round(light["index.html"] / 1024, 1),
                                           "export_seconds_median": round(statistics.median(light_seconds), 3)},
                "before": {**summary(before), "export_seconds_median": round(statistics.median(seconds), 3)}}


def child(args: argparse.Namespace) -> None:
    print(json.dumps(measure(Path(args.folder), args.repeats, previous=args.previous)))


def scale_point(rows: int, repeats: int, previous: bool = False) -> dict:
    from tipmonitor.tools import sample

    folder = ROOT / "data" / "sample" / "scale" / str(rows)
    if not (folder / "cases.parquet").is_file():
        start = time.perf_counter()
        sample.write_scale(folder, rows)
        print(f"  generated {rows:,} case rows in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    command = [sys.executable, "-m", "bench.run", "--child", str(folder), "--repeats", str(repeats)]
    out = subprocess.run(command + (["--previous"] if previous else []), capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, **SCALE_ENV})
    return {**json.loads(out.stdout), "environment": SCALE_ENV}


# numpy advises the kernel to back large arrays with huge pages; with this machine's transparent huge pages
# set to "madvise" (defrag "madvise"), every fresh page of those arrays then waits for memory compaction:
# loading the 10^7 data took 14.3 s (24.0 s of CPU) with the advice and 6.8 s (10.8 s) without it. Both
# loaders and engines run without it (numpy's documented switch), so the comparison stays like for like.
SCALE_ENV = {"NUMPY_MADVISE_HUGEPAGE": "0"}


def machine() -> dict:
    import os

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine()}


def positive(text: str) -> int:
    """A count of rows or repeats for the command line: a whole number above 0."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: a whole number above 0")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", type=positive, default=[10_000, 100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeats", type=positive, default=5)
    parser.add_argument("--only", choices=("engine", "ingest", "intake", "run", "reform", "pages"))
    parser.add_argument("--store", help="a loaded sample store for the run, reform and pages cases (else one is loaded)")
    parser.add_argument("--child")
    parser.add_argument("--previous", action="store_true", help="(child) the loader and engine from before issue #18")
    parser.add_argument("--ingest-child")
    parser.add_argument("--ingest-rows", type=positive, default=1_000_000)
    parser.add_argument("--no-ingest-baseline", action="store_true", help="measure this code only")
    args = parser.parse_args()
    if args.ingest_child:
        ingest_child(Path(args.ingest_child))
        return
    if args.child:
        args.folder = args.child
        child(args)
        return
    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(sys.argv)}
    if args.only in (None, "engine"):
        results["scales"] = {}
        for rows in args.scales:
            print(f"engine at {rows:,} case rows ...", file=sys.stderr)
            now = scale_point(rows, args.repeats)
            print("  and as before issue #18 ...", file=sys.stderr)
            before = scale_point(rows, args.repeats, previous=True)
            results["scales"][str(rows)] = {**now, "previous": before, "same_cube": now["cube_digest"] == before["cube_digest"]}
    if args.only in (None, "ingest"):
        print("ingest of 10^6 rows ...", file=sys.stderr)
        results["ingest"] = ingest_benchmark(args.ingest_rows, None if args.no_ingest_baseline else INGEST_BASELINE)
    if args.only in (None, "intake"):
        import tempfile

        from bench.intake import intake_benchmark

        print("intake: load-sample, rebuild and a quarter's 150 unit files, bulk vs one by one ...", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            results["intake"] = intake_benchmark(Path(tmp))
    if args.only in (None, "run", "reform", "pages"):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            if args.store is None:
                print("loading the sample into a store (shared by the run, reform and pages cases) ...", file=sys.stderr)
            store = args.store or sample_store(Path(tmp))
            if args.only in (None, "run"):
                print("full quarter run, warm vs papermill one by one ...", file=sys.stderr)
                results["run"] = run_benchmark(store)
            if args.only in (None, "reform"):
                print("post-reform quarter run (2026-Q3), warm ...", file=sys.stderr)
                results["reform"] = reform_benchmark(store)
            if args.only in (None, "pages"):
                print("pages of a quarter, light vs as before ...", file=sys.stderr)
                results["pages"] = pages_benchmark(store)
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = RESULTS / "latest.json"
    previous = json.loads(latest.read_text(encoding="utf-8")) if latest.is_file() else {}
    for key in ("scales", "ingest", "intake", "run", "reform", "pages"):  # a partial run (--only) keeps the other sections' last figures
        if key not in results and key in previous:
            results[key] = previous[key]
    if "scales" in results and "scales" in previous:
        results["scales"] = {**previous["scales"], **results["scales"]}
    latest.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if "scales" in results:
        print("| case rows | records | engine median s (CPU s): now / before | engine peak MiB: now / before | "
              "load s (CPU s): now / before | process RSS MiB: now / before | same cube |")
        print("|---|---|---|---|---|---|---|")
        for key, r in sorted(results["scales"].items(), key=lambda kv: int(kv[0])):
            p = r.get("previous", {})
            print(f"| {int(key):,} | {sum(r['rows'].values()):,} | {r['engine_seconds_median']} ({r.get('engine_cpu_seconds_median')})"
                  f" / {p.get('engine_seconds_median')} ({p.get('engine_cpu_seconds_median')}) | {r['engine_peak_mib']} / "
                  f"{p.get('engine_peak_mib')} | {r.get('load_seconds')} ({r.get('load_cpu_seconds')}) / {p.get('load_seconds')}"
                  f" ({p.get('load_cpu_seconds')}) | {r.get('process_peak_rss_mib')} / {p.get('process_peak_rss_mib')} | "
                  f"{r.get('same_cube')} |")
    if "ingest" in results:
        i = results["ingest"]
        print(f"\ningest of {i['rows']:,} rows ({i['file_mib']} MiB CSV), each in its own process:")
        print("| code | seconds | CPU seconds | peak RSS (MiB) |\n|---|---|---|---|")
        for label, r in (("this branch", i.get("current")), (f"baseline {i.get('baseline', {}).get('commit', '')}",
                                                           i.get("baseline"))):
            if r and "seconds" in r:
                print(f"| {label} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_rss_mib']} |")
            elif r:
                print(f"| {label} | not measured: {r.get('error', '')} | | |")
    if "intake" in results:
        i = results["intake"]
        print("\nintake, each case in its own process (load average before/after):")
        print("| case | bulk s (CPU s) | one by one s (CPU s) | load |\n|---|---|---|---|")
        for label, a, b in (("load-sample (1,243 submissions)", "load_sample_bulk", "load_sample_one_by_one"),
                            ("rebuild of the sample's archive", "rebuild", None),
                            ("2026-Q3: 150 unit submissions", "quarter_bulk", "quarter_one_by_one")):
            x, y = i.get(a), i.get(b) if b else None
            if x is None:
                continue
            other = f"{y['seconds']} ({y['cpu_seconds']})" if y else "-"
            loads = ", ".join(f"{r['load_before']}/{r['load_after']}" for r in (x, y) if r)
            print(f"| {label} | {x['seconds']} ({x['cpu_seconds']}) | {other} | {loads} |")
    if "run" in results:
        r = results["run"]
        print(f"\nrun: {r['notebooks']} notebooks; warm {r['warm_seconds']} s vs papermill one by one "
              f"{r['cli_one_by_one_seconds']} s: {r['ratio']}x")
    if "reform" in results:
        r = results["reform"]
        print(f"\nreform: {r['period']}, {r['units']} units, {r['notebooks']} notebooks warm in {r['warm_seconds']} s "
              f"({r['warm_seconds_per_notebook']} s a notebook, {r['warm_failures']} failed)")
    if "pages" in results:
        light, before = results["pages"]["light"], results["pages"]["before"]
        print(f"\npages: unit page mean {light['unit_page_mean_kib']} KiB (max {light['unit_page_max_kib']}) vs "
              f"{before['unit_page_mean_kib']} KiB before; all pages {light['all_pages_mib']} MiB vs {before['all_pages_mib']} MiB; "
              f"export {light['export_seconds_median']} s vs {before['export_seconds_median']} s a page")


if __name__ == "__main__":
    main()
