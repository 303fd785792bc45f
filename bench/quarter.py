"""Benchmark of the quarter's run (``make bench``, after bench.run): 2026-Q3 of the sample, 156 notebooks.

Two ways, in the same invocation, on the same store (a copy of a loaded sample store):

- ``tipmonitor run``: ``run_period`` whole: the period's results computed once, every notebook in warm
  kernels with its page written as it finishes, then the workbook, CSVs, .docx, manifest and index;
- the papermill path one notebook at a time, as an analyst without the runner would do it: the papermill
  command line with the tipmonitor kernel and a parameters file, then ``jupyter nbconvert --to html`` on its
  output (each in its own process, as they are commands).

The one-by-one path takes about 9 s a page (25 minutes for 156 on 2 cores); ``--cli-pages N`` measures N
pages spread evenly over the run's notebooks (the period report and data quality always among them) and
gives the whole run's estimate as the period pages' time plus the unit pages' mean times the number of units,
saying so in the results.

    python -m bench.quarter --store data/store.duckdb              # every page both ways
    python -m bench.quarter --store data/store.duckdb --cli-pages 20
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PERIOD = "2026-Q3"


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> float:
    return os.getloadavg()[0]


def warm_run(store: Path, out: Path) -> dict:
    from tipmonitor.model import periods
    from tipmonitor.run.runner import load_config, run_period

    load, cpu, start = _load(), _cpu_seconds(), time.perf_counter()
    result = run_period(periods.parse(PERIOD), load_config(data=str(store)), output=out, progress=False)
    seconds = time.perf_counter() - start
    return {"notebooks": len(result.results), "failures": len(result.failures), "seconds": round(seconds, 1),
            "cpu_seconds": round(_cpu_seconds() - cpu, 1), "load_before": round(load, 2),
            "load_after": round(_load(), 2)}


def one_by_one(store: Path, work: Path, pages: int | None) -> dict:
    """The papermill command line then nbconvert, one notebook after another."""
    import yaml

    from tipmonitor.model import periods
    from tipmonitor.run.runner import load_config, notebook_path, plan_jobs, resolve_units

    config = load_config(data=str(store))
    period = periods.parse(PERIOD)
    jobs = plan_jobs(config, period, resolve_units(config, period, None))
    chosen = jobs
    if pages is not None and pages < len(jobs):
        per_unit = [j for j in jobs if j.unit is not None]
        step = len(per_unit) / max(1, pages - (len(jobs) - len(per_unit)))
        chosen = [j for j in jobs if j.unit is None] + [per_unit[int(i * step)] for i in range(pages - (len(jobs) - len(per_unit)))]
    load, start, failures, spent = _load(), time.perf_counter(), [], {}
    binary = Path(sys.executable).parent
    for job in chosen:
        began = time.perf_counter()
        parameters = work / f"{job.key}.yaml"
        parameters.write_text(yaml.safe_dump(job.parameters, allow_unicode=True), encoding="utf-8")
        executed = work / f"{job.key}.ipynb"
        run = subprocess.run([str(binary / "papermill"), str(notebook_path(job)), str(executed), "-k", config.kernel,
                              "-f", str(parameters), "--no-progress-bar", "--cwd", str(ROOT)],
                             capture_output=True, text=True)
        html = subprocess.run([str(binary / "jupyter"), "nbconvert", "--to", "html", str(executed)],
                              capture_output=True, text=True) if run.returncode == 0 else run
        if run.returncode or html.returncode:
            failures.append(job.key)
        spent[job.key] = time.perf_counter() - began
    seconds = time.perf_counter() - start
    period_pages = [spent[j.key] for j in chosen if j.unit is None]
    unit_pages = [spent[j.key] for j in chosen if j.unit is not None]
    units = sum(1 for j in jobs if j.unit is not None)
    # The period's own pages are measured every time; the unit pages measured stand for all of them.
    whole = sum(period_pages) + (sum(unit_pages) / len(unit_pages) * units if unit_pages else 0.0)
    return {"pages_measured": len(chosen), "pages_total": len(jobs), "seconds_measured": round(seconds, 1),
            "seconds_per_unit_page": round(sum(unit_pages) / len(unit_pages), 2) if unit_pages else None,
            "seconds_period_pages": round(sum(period_pages), 1), "seconds_whole_run": round(whole, 1),
            "estimated": len(chosen) < len(jobs), "failures": failures, "load_before": round(load, 2),
            "load_after": round(_load(), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", help="a loaded sample store (copied: the run never writes to it); else the sample "
                                        "is loaded into a new one")
    parser.add_argument("--cli-pages", type=int, help="measure the one-by-one path on this many pages only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store = work / "store.duckdb"
        if args.store:
            shutil.copyfile(args.store, store)
            archive = Path(args.store).with_name(Path(args.store).stem + ".archive")
            if archive.is_dir():
                shutil.copytree(archive, work / "store.archive")
        else:
            from tipmonitor.cli import main as cli_main

            print("loading the sample into a store ...", file=sys.stderr)
            cli_main(["load-sample", "--store", str(store), "--today", "2026-11-28"])
        print(f"{PERIOD}: tipmonitor run ...", file=sys.stderr)
        warm = warm_run(store, work / "reports")
        (work / "cli").mkdir()
        print(f"{PERIOD}: papermill + nbconvert one by one ...", file=sys.stderr)
        cli = one_by_one(store, work / "cli", args.cli_pages)
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "period": PERIOD, "cores": os.cpu_count(), "run": warm,
               "one_by_one": cli, "ratio": round(cli["seconds_whole_run"] / warm["seconds"], 1)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "quarter.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"\n{PERIOD}: tipmonitor run {warm['seconds']} s ({warm['notebooks']} notebooks, {warm['cpu_seconds']} s CPU, "
          f"load {warm['load_before']}) vs papermill + nbconvert one by one {cli['seconds_whole_run']} s"
          f"{' (estimated from ' + str(cli['pages_measured']) + ' pages)' if cli['estimated'] else ''}: {results['ratio']}x")


if __name__ == "__main__":
    main()
