"""Benchmarks (``make bench``): the KPI engine on the sample and at scale, with peak memory.

Not part of ``make test``. Writes bench/results/latest.json and prints a Markdown
table for docs/performance.md. Each scale runs in its own process so its peak
memory (ru_maxrss) is its own.

    python -m bench.run                 # sample + 10^4, 10^5, 10^6 case rows
    python -m bench.run --scales 10000  # a quicker subset
    python -m bench.run --scales 10000000  # the 10^7 point (minutes, several GiB)
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TODAY = date(2026, 1, 1)


def all_windows():
    from tipmonitor import periods
    from tipmonitor.counts import windows_for

    quarters = periods.quarters_between(2022, 2024)
    return windows_for([q.label for q in quarters] + [q.year_to_date().label for q in quarters])


def engine_once(dataset, units, windows) -> float:
    from tipmonitor.counts import build_cube
    from tipmonitor.evaluation import indicator_values, with_city
    from tipmonitor.registry import load_registry

    start = time.perf_counter()
    cube = with_city(build_cube(dataset, windows, units))
    indicator_values(cube, load_registry())
    return time.perf_counter() - start


def measure(folder: Path, repeats: int) -> dict:
    """Load a dataset, then time the engine (all indicators, all units, 24 windows) several times."""
    from tipmonitor.loading import load_dataset
    from tipmonitor.units import load_registry

    start = time.perf_counter()
    dataset = load_dataset(folder, today=TODAY)
    load_seconds = time.perf_counter() - start
    units = load_registry(on=date(2023, 6, 30)).codes
    windows = all_windows()
    engine_once(dataset, units, windows)  # warm-up: first-call imports and caches
    times = [engine_once(dataset, units, windows) for _ in range(repeats)]
    return {
        "rows": {"cases": len(dataset.cases), "crime_reports": len(dataset.crime_reports), "victims": len(dataset.victims)},
        "windows": len(windows), "units": len(units),
        "load_seconds": round(load_seconds, 3),
        "engine_seconds_median": round(statistics.median(times), 4),
        "engine_seconds_all": [round(t, 4) for t in times],
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def child(args: argparse.Namespace) -> None:
    print(json.dumps(measure(Path(args.folder), args.repeats)))


def scale_point(rows: int, repeats: int) -> dict:
    from tipmonitor import sample

    folder = ROOT / "data" / "sample" / "scale" / str(rows)
    if not (folder / "cases.parquet").is_file():
        start = time.perf_counter()
        sample.write_scale(folder, rows)
        print(f"  generated {rows:,} case rows in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    out = subprocess.run([sys.executable, "-m", "bench.run", "--child", str(folder), "--repeats", str(repeats)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def machine() -> dict:
    import os

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        args.folder = args.child
        child(args)
        return
    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(sys.argv)}
    print("sample ...", file=sys.stderr)
    out = subprocess.run([sys.executable, "-m", "bench.run", "--child", str(ROOT / "data" / "sample"),
                          "--repeats", str(args.repeats)], capture_output=True, text=True, cwd=ROOT, check=True)
    results["sample"] = json.loads(out.stdout)
    results["scales"] = {}
    for rows in args.scales:
        print(f"scale {rows:,} ...", file=sys.stderr)
        results["scales"][str(rows)] = scale_point(rows, args.repeats)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("| data | cases | reports | victims | load (s) | engine, 24 windows × all units (s, median) | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|")
    for name, r in [("sample", results["sample"])] + [(f"scale {k}", v) for k, v in results["scales"].items()]:
        print(f"| {name} | {r['rows']['cases']:,} | {r['rows']['crime_reports']:,} | {r['rows']['victims']:,} | "
              f"{r['load_seconds']} | {r['engine_seconds_median']} | {r['peak_rss_mib']} |")


if __name__ == "__main__":
    main()
