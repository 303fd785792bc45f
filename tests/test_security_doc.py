"""docs/security.md's examples of the disclosure rule match the code: each line of its table is applied to the code."""

import re

import pandas as pd

from tipmonitor.core import paths
from tipmonitor.metrics.disclosure import primary_cells, primary_rows
from tipmonitor.metrics.evaluation import CITY

T = 10


def _examples() -> list[tuple[str, str, str, bool]]:
    text = (paths.project_root() / "docs" / "security.md").read_text(encoding="utf-8")
    table = text.split("**Examples**", 1)[1].split("\n\n", 2)[1]
    rows = []
    for line in table.splitlines()[2:]:
        level, what, value, published = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((level, what, value, {"yes": True, "no": False}[published]))
    return rows


def test_the_examples_cover_counts_pairs_both_levels_and_both_answers():
    rows = _examples()
    assert len(rows) >= 10
    assert {r[0] for r in rows} == {"city", "unit"} and {r[3] for r in rows} == {True, False}
    assert any("/" in r[2] for r in rows) and any("/" not in r[2] for r in rows)


def test_each_example_is_what_the_code_does():
    for level, what, value, published in _examples():
        unit = CITY if level == "city" else "002"
        if "/" in value:
            numerator, denominator = (float(v) for v in value.split("/"))
            frame = pd.DataFrame([{"unit": unit, "numerator": numerator, "denominator": denominator}])
            withheld = bool(primary_rows(frame, "numerator", "denominator", T).iloc[0])
        else:
            index = pd.MultiIndex.from_tuples([("2024-Q1", unit)], names=["window", "unit"])
            withheld = bool(primary_cells(pd.DataFrame({what: [float(value)]}, index=index), T).iloc[0, 0])
        assert withheld != published, (level, what, value, published)
        assert re.fullmatch(r"[A-Za-z0-9_.\[\]=]+", what)


def _audit_examples() -> list[tuple[float, float, bool]]:
    text = (paths.project_root() / "docs" / "security.md").read_text(encoding="utf-8")
    table = text.split("**Audit examples**", 1)[1].split("\n\n", 2)[1]
    rows = []
    for line in table.splitlines()[2:]:
        interval, passes = [cell.strip() for cell in line.strip().strip("|").split("|")]
        low, high = (float(v) for v in interval.split("…"))
        rows.append((low, high, {"yes": True, "no": False}[passes]))
    return rows


def test_the_audit_examples_are_what_the_audit_does():
    # The criterion (issue #26): a protected count passes when its interval is not inside [1, T-1].
    from tipmonitor.metrics.audit import passes

    rows = _audit_examples()
    assert len(rows) >= 6 and {r[2] for r in rows} == {True, False}
    for low, high, published in rows:
        assert passes(low, high, T) == published, (low, high, published)
