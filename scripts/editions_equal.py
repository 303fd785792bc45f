"""Check that a change to the engine leaves every edition's results as they were (docs/decisions.md, #24 session 10).

Before the change, save the results (metrics.results.compute: the evaluation table, the cubes and their withheld
masks, the trend, the task groups) of every edition of the sample's plan years; after it, compare:

    .venv/bin/tipmonitor load-sample --store /tmp/x/store.duckdb
    .venv/bin/python scripts/editions_equal.py save /tmp/x/store.duckdb /tmp/x/before [--internal]
    ... change ...
    .venv/bin/python scripts/editions_equal.py compare /tmp/x/store.duckdb /tmp/x/before [--internal]

The editions: audit.editions of 2024, 2025 and 2026 (official rule) and 2024-Q4 and 2026-Q3 with the calendar
rule; public (the city's threshold) unless --internal. Frames are equal when DataFrame.equals holds with the same
dtypes, columns, index and attrs; every other field by ==. Prints each edition's CPU seconds; exits 1 on a difference.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import pandas as pd

YEARS = ((2024, 4), (2025, 4), (2026, 3))
CALENDAR = ("2024-Q4", "2026-Q3")


def differences(a: object, b: object, path: str = "results") -> list[str]:
    """Where two results differ (field paths); [] when equal."""
    if isinstance(a, (pd.DataFrame, pd.Series)):
        same = (type(a) is type(b) and a.equals(b) and a.index.equals(b.index) and a.attrs == b.attrs  # type: ignore[union-attr]
                and (a.dtypes.equals(b.dtypes) and list(a.columns) == list(b.columns)  # type: ignore[union-attr]
                     if isinstance(a, pd.DataFrame) else a.dtype == b.dtype))  # type: ignore[union-attr]
        return [] if same else [path]
    if hasattr(a, "__dataclass_fields__"):
        return [d for name in a.__dataclass_fields__ for d in differences(getattr(a, name), getattr(b, name), f"{path}.{name}")]
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{path} (keys)"]
        return [d for key in a for d in differences(a[key], b[key], f"{path}[{key!r}]")]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f"{path} (length)"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [path]


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("save", "compare"):
        print(__doc__)
        return 2
    from tipmonitor.metrics.audit import editions
    from tipmonitor.metrics.disclosure import public_threshold
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.metrics.results import compute
    from tipmonitor.model import periods
    from tipmonitor.store.database import Store

    mode, store, folder = argv[0], Path(argv[1]), Path(argv[2])
    threshold = None if "--internal" in argv[3:] else public_threshold()
    wanted = [(p.label, "official") for year, last in YEARS for p in editions(year, last)]
    wanted += [(label, "calendar") for label in CALENDAR]
    folder.mkdir(parents=True, exist_ok=True)
    inputs = load_inputs(Store(store).current())
    bad = 0
    for label, rule in wanted:
        start = time.process_time()
        results = compute(inputs, periods.parse(label), rule, threshold)
        cpu = time.process_time() - start
        path = folder / f"{label}-{rule}-{threshold or 'internal'}.pickle"
        found: list[str] = []
        if mode == "save":
            path.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        else:
            found = differences(pickle.loads(path.read_bytes()), results)
            bad += bool(found)
        print(f"{label:8} {rule:9} {cpu:6.2f} s CPU  {'differs: ' + ', '.join(found[:8]) if found else 'ok'}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
