"""The audit of a plan year's public editions as `tipmonitor audit-public` prints it, in the reader's language.

metrics/audit.py gives one row per protected count with codes (kind, span "2026:1-3", unit code, measure or
indicator id, the interval); here they become the period, unit, measure and indicator names and the counts
written the language's way, with headers from the catalogue.
"""

from __future__ import annotations

import math

import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.formatting import format_count
from tipmonitor.model import periods
from tipmonitor.model.schema import measure_label
from tipmonitor.model.units import CITY


def window_label(window: str, lang: str, rule: str = "official") -> str:
    """"2026:1-3" (the plan year and its quarters) as a period: "9 tháng năm 2026", "Quý II/2026"; as given if odd."""
    year, _, span = window.partition(":")
    first, _, last = span.partition("-")
    labels = {(1, 2): f"{year}-H1", (1, 3): f"{year}-9M", (1, 4): year}
    try:
        a, b = int(first), int(last)
        label = f"{year}-Q{a}" if a == b else labels.get((a, b))
        return periods.parse(label).describe(lang, rule) if label else window
    except (ValueError, periods.PeriodError):
        return window


# A limit computed by the LP solver a hair off a whole number (2.9999999998) is that number.
TOLERANCE = 1e-9


def _bound(value: float, lang: str, lower: bool) -> str:
    """A limit of the interval a reader can narrow a count to: whole counts only, so a lower limit rounded up and an
    upper one down (never half to even), a lower limit clipped at 0 (a count is never negative), infinity "∞"."""
    if lower:
        value = max(value, 0.0)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return format_count(math.ceil(value - TOLERANCE) if lower else math.floor(value + TOLERANCE), lang)


def interval(low: float, high: float, lang: str) -> str:
    """"3–7", "0–∞"; "–" when a limit is not known (NaN)."""
    if math.isnan(low) or math.isnan(high):
        return "–"
    return f"{_bound(low, lang, lower=True)}–{_bound(high, lang, lower=False)}"


def failing_table(table: pd.DataFrame, lang: str, unit_name, indicator_name, rule: str = "official") -> pd.DataFrame:
    """The protected counts of ``table`` (audit.intervals) with names: ``unit_name(code)`` and
    ``indicator_name(id)`` name units and indicators; a measure is named by model/schema.measure_label."""
    say = lambda key: words.say(f"audit.column.{key}", lang)  # noqa: E731
    return pd.DataFrame({
        say("kind"): table["kind"].map(lambda k: words.say(f"audit.kind.{k}", lang)),
        say("window"): table["window"].map(lambda w: window_label(w, lang, rule)),
        say("unit"): table["unit"].map(lambda u: words.say("sheet.city", lang) if u == CITY else unit_name(u)),
        say("what"): [indicator_name(w) if k == "complement" else measure_label(w, lang)
                      for k, w in zip(table["kind"], table["what"])],
        say("value"): table["value"].map(lambda v: format_count(v, lang)),
        say("interval"): [interval(lo, hi, lang) for lo, hi in zip(table["low"], table["high"])],
        say("need"): table["need"].map(lambda v: format_count(v, lang)),
    })


def summary_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """How many counts are protected and how many fail, by kind (a count, a rate's complement) and level."""
    level = table["unit"].map(lambda u: "city" if u == CITY else "unit")
    grouped = table.assign(level=level).groupby(["kind", "level"], sort=True)["ok"]
    counts = pd.DataFrame({"protected": grouped.size(), "failing": grouped.apply(lambda ok: int((~ok).sum()))})
    say = lambda key: words.say(f"audit.column.{key}", lang)  # noqa: E731
    return pd.DataFrame({
        say("kind"): [words.say(f"audit.kind.{k}", lang) for k, _ in counts.index],
        say("level"): [words.say(f"audit.level.{lv}", lang) for _, lv in counts.index],
        say("protected"): [format_count(n, lang) for n in counts["protected"]],
        say("failing"): [format_count(n, lang) for n in counts["failing"]],
    })


def problem_line(problem: tuple[str, dict], lang: str, unit_name, indicator_name, rule: str = "official") -> str:
    """One of the audit's problems (metrics/audit.year_system: a catalogue key and its values, with codes) in the
    reader's words: the editions and windows as periods, the unit and the count or indicator by name."""
    key, values = problem
    what = values["what"]
    try:
        named = indicator_name(what)
    except KeyError:  # a measure, not an indicator
        named = measure_label(what, lang)
    unit = values["unit"]
    shown = {**values, "what": named, "unit": words.say("sheet.city", lang) if unit == CITY else unit_name(unit),
             "edition": periods.in_sentence_label(values["edition"], lang, rule)}
    for field in ("window", "quarter"):  # inside the sentence: "the first half of 2025", not "First half of 2025"
        if field in values:
            shown[field] = periods.in_sentence_label(values[field], lang, rule)
    for field in ("value", "counted"):
        if field in values:
            shown[field] = format_count(values[field], lang)
    return words.say(key, lang, **shown)
