"""Reference sections of docs/ generated from the code, so the docs cannot drift.

docs/data-model.md holds hand-written prose and, between marker comments, the
field and measure tables rendered here; ``tipmonitor docs`` rewrites them and a
test fails when they are stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from tipmonitor.model.measures import BREAKDOWNS, MEASURES
from tipmonitor.model.schema import PII_HEADERS, TABLES

_KIND = {"id": "text (unique)", "ref": "text (an id in another table)", "unit": "unit code or name", "date": "date",
         "int": "whole number ≥ 0", "choice": "one value from the list", "choices": "values from the list, separated by ;",
         "text": "text", "period": "period label", "measure": "measure id",
         "activity": "activity id (docs/activities.md)", "prose": "free text (up to 5,000 characters)"}


def fields_markdown() -> str:
    out = []
    for table in TABLES.values():
        out.append(f"### `{table.name}` — {table.vi} ({table.en})\n")
        out.append("| column | Vietnamese header | kind | required | allowed values / notes |")
        out.append("|---|---|---|---|---|")
        for f in table.fields:
            if f.choices:
                notes = "; ".join(f"`{c.code}` ({c.vi})" for c in f.choices)
            else:
                notes = f.doc
            if f.maximum is not None:
                notes = (notes + f" At most {f.maximum:,}.").strip()
            out.append(f"| `{f.name}` | {f.vi} | {_KIND[f.kind]} | {'yes' if f.required else ''} | {notes} |")
        if table.date_order:
            order = ", ".join(f"`{a}` ≤ `{b}`" for a, b in table.date_order)
            out.append(f"\nDates must be in order: {order}.")
        if table.stage_pairs:
            pairs = ", ".join(f"`{b}` needs `{a}`" for a, b in table.stage_pairs)
            out.append(f"Leaving a stage needs having entered it: {pairs}.")
        if table.outcome_pairs:
            pairs = ", ".join(f"`{a}` with `{b}`" for a, b in table.outcome_pairs)
            out.append(f"An outcome and its date come together: {pairs}.")
        out.append("")
    return "\n".join(out)


def measures_markdown() -> str:
    out = ["| measure | combines over periods by | Vietnamese | English |", "|---|---|---|---|"]
    for m in MEASURES:
        out.append(f"| `{m.id}` | {m.combine} | {m.vi} | {m.en} |")
    out.append("\nBreakdowns: " + "; ".join(f"`{base}[<{d}>=<value>]`" for base, dims in BREAKDOWNS.items() for d in dims) + ".")
    return "\n".join(out)


def pii_markdown() -> str:
    return "\n".join(f"- {what}: " + ", ".join(f"“{h}”" for h in headers) for what, headers in PII_HEADERS.items())


def vocabulary_markdown() -> str:
    """params/vocabulary.yaml as a list: per field and code, the words units write for it."""
    from tipmonitor.core.settings import load_settings
    from tipmonitor.intake.vocabulary import VocabularyFile, default_path

    spec = load_settings(default_path(), VocabularyFile)
    lines = []
    for name, codes in (spec.model_extra or {}).items():
        lines.append(f"- `{name}`: " + "; ".join(f"`{code}` ← " + ", ".join(f"“{w}”" for w in words)
                                               for code, words in codes.items()))
    lines.append("- column titles: " + ", ".join(f"“{short}” = “{long}”" for short, long in spec.abbreviations.items()))
    return "\n".join(lines)


def bodies_markdown() -> str:
    """params/bodies.yaml as a table: each kind of unit, its name, the families it reports and the city's units of it
    that are not districts or communes (data/reference/units.csv)."""
    from tipmonitor.model.units import load_bodies, load_registry

    table = load_registry().table
    out = ["| body | name | reports the families | the city's agencies of this kind |", "|---|---|---|---|"]
    for key, body in load_bodies().kinds.items():
        units = table[(table["body"] == key) & (table["level"] == "city")]
        agencies = ", ".join(f"`{code}`" + (f" (to {row.valid_to})" if row.valid_to else "") +
                             (f" (from {row.valid_from})" if row.valid_from else "") for code, row in units.iterrows())
        out.append(f"| `{key}` | {body.name('vi')} / {body.name('en')} | {', '.join(body.families) or '(activities only)'} "
                   f"| {agencies} |")
    return "\n".join(out)


SECTIONS = {"fields": fields_markdown, "measures": measures_markdown, "pii": pii_markdown,
            "vocabulary": vocabulary_markdown, "bodies": bodies_markdown}


def render(text: str) -> str:
    """The document with every generated section replaced by its current rendering."""
    for name, build in SECTIONS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->).*?(<!-- /generated:{name} -->)", re.S)
        section = build()
        text = pattern.sub(lambda m: m.group(1) + "\n" + section + "\n" + m.group(2), text)  # noqa: B023
    return text


def update(path: Path) -> bool:
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
