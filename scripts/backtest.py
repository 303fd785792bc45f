"""Backtest a report folder: snapshot what a reader sees, compare two snapshots.

Before a change that should not alter any figure (a refactor, a move), take a
snapshot of ``make report``'s output; after it, take another and compare:

    .venv/bin/python scripts/backtest.py snapshot reports/2026-Q3 /tmp/before.json
    ... change ...
    .venv/bin/python scripts/backtest.py snapshot reports/2026-Q3 /tmp/after.json
    .venv/bin/python scripts/backtest.py compare /tmp/before.json /tmp/after.json

A snapshot holds every CSV file of the folder and the text outputs (plain,
Markdown, HTML) of every executed notebook, cell by cell; images and timings are
left out (charts are SVG whose ids change from run to run).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TEXT_TYPES = ("text/plain", "text/markdown", "text/html")
_VOLATILE = re.compile(r"(id|for|aria-labelledby)=\"[^\"]*\"|T_[0-9a-f_]+|0x[0-9a-f]+")


def snapshot(folder: Path) -> dict:
    shot: dict[str, object] = {}
    for csv in sorted(folder.rglob("*.csv")):
        shot[str(csv.relative_to(folder))] = csv.read_text(encoding="utf-8")
    for notebook in sorted((folder / "notebooks").glob("*.ipynb")):
        cells = []
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                texts = {kind: _VOLATILE.sub("", "".join(data[kind])) for kind in TEXT_TYPES if kind in data}
                if output.get("output_type") == "stream":
                    texts["stream"] = "".join(output.get("text", ""))
                if texts:
                    cells.append(texts)
        shot[f"notebooks/{notebook.name}"] = cells
    return shot


def compare(before: dict, after: dict) -> list[str]:
    differences = [f"only before: {key}" for key in sorted(set(before) - set(after))]
    differences += [f"only after: {key}" for key in sorted(set(after) - set(before))]
    differences += [f"differs: {key}" for key in sorted(set(before) & set(after)) if before[key] != after[key]]
    return differences


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "snapshot":
        Path(argv[2]).write_text(json.dumps(snapshot(Path(argv[1])), ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        load = lambda p: json.loads(Path(p).read_text(encoding="utf-8"))  # noqa: E731
        differences = compare(load(argv[1]), load(argv[2]))
        print("\n".join(differences) or "identical")
        return 1 if differences else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
