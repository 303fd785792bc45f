"""``tipmonitor map``: a first mapping for a workbook in a layout never seen before.

Each sheet's header row (two-row merged headers included) is found by how many of its
titles resemble a table's field names and aliases (model/schema.py); each column goes to
the field it resembles most, each word of a choice column to its code by the vocabulary
(intake/vocabulary.py). What cannot be told is a question, written as "?" in the draft
(which then does not load until answered). A sheet with rows of data whose header row cannot be
found is such a question too (``table: "?"``), never written off as a sheet with no table. A preview
shows the first rows each table gives with the draft as it stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.files import publish
from tipmonitor.core.text import match_key
from tipmonitor.intake.layout import rows_of_data
from tipmonitor.intake.loading import header_cells, header_paths, interpret_sheet, is_information_sheet, repeated_header
from tipmonitor.intake.mapping import IGNORE, ColumnMapping
from tipmonitor.intake.reading import HEADER_SEARCH_ROWS, RawSheet, read_raw
from tipmonitor.intake.vocabulary import abbreviations, choice_keys, spelled
from tipmonitor.model.schema import IGNORED_HEADERS, TABLES, Field, Table
from tipmonitor.model.units import load_registry

ASK = "?"
_CLOSE = 0.85  # similarity of two header keys taken as the same title


@lru_cache(maxsize=65536)
def _similarity(header: str, alias: str) -> float:
    if header == alias:
        return 1.0
    a, b = set(header.split("_")), set(alias.split("_"))
    if len(a) >= 2 and len(b) >= 2 and (a <= b or b <= a):  # "ngay thu ly" in "ngay vks thu ly"
        return 0.9 * min(len(a), len(b)) / max(len(a), len(b)) + 0.05
    matcher = SequenceMatcher(None, header, alias)
    bound = matcher.quick_ratio()  # an upper bound of ratio(): below _CLOSE, the exact value decides nothing
    return bound if bound < _CLOSE else matcher.ratio()


@lru_cache(maxsize=None)
def _alias_keys(table: str, field: str, short: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """A field's name, labels and aliases as title keys, abbreviations written out."""
    f = TABLES[table].field(field)
    return tuple(spelled(match_key(text), short) for text in (f.name, f.vi, f.en, *f.aliases))


def _best_field(header: str, table: Table, values: list[str] | None = None) -> Field | None:
    """The field a column holds: the one whose alias the title resembles best (at or above _CLOSE,
    and only one field there), unless it is a choice field whose words miss most of the column's
    values; failing that, the choice field whose words (data model and vocabulary) know them all.
    A title "upper, other lower" (a header path whose upper title has several parts) is tried whole,
    then as each part with the lower title ("Bản án, quyết định Số" as "Bản án Số")."""
    if "," in header:
        upper, _, lower = header.rpartition(" ")
        for candidate in [header] + [f"{part.strip()} {lower}" for part in upper.split(",")]:
            found = _best_field(candidate.replace(",", " "), table, values)
            if found is not None:
                return found
        return None
    short = abbreviations()
    key = spelled(match_key(header), short)
    scores: dict[str, float] = {}
    for f in table.fields:
        scores[f.name] = max(_similarity(key, alias) for alias in _alias_keys(table.name, f.name, short))
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if ranked[0][1] >= _CLOSE and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        f = table.field(ranked[0][0])
        if not (f.choices and values and _known_share(f, values) < 0.5):
            return f
    if values:
        fitting = [f for f in table.fields if f.choices and _known_share(f, values) == 1]
        if len(fitting) == 1:
            return fitting[0]
    return None


def _known_share(f: Field, values: list[str]) -> float:
    keys = choice_keys(f)
    return sum(1 for v in values if match_key(v) in keys) / len(values)


def _titles(sheet: RawSheet, position: int) -> list[str]:
    """A header row's titles; under a two-row header, "upper lower" (its header path, loading.header_paths: an upper
    title merged over several columns heads each of them) when the lower alone says less or repeats."""
    lower = header_cells(sheet, position)
    if position == 0:
        return lower
    paths = header_paths(sheet, position)
    keys = [match_key(c) for c in lower]
    return [p.replace(" / ", " ") if p and (keys.count(match_key(c)) > 1 or not _known_anywhere(c)) else c
            for c, p in zip(lower, paths)]


def _shown(sheet: RawSheet, position: int) -> list[str]:
    """How the draft names each column: its title, or its header path where the title repeats (a mapping tells
    "Thụ lý / Số" from "Bản án / Số" by the path)."""
    written = header_cells(sheet, position)
    paths = header_paths(sheet, position) if position else [""] * len(written)
    keys = [match_key(c) for c in written]
    return [p if p and keys.count(k) > 1 else c for c, p, k in zip(written, paths, keys)]


def _column_values(sheet: RawSheet, position: int) -> list[list[str]]:
    """Per column, the distinct values of the rows under a header line (the first 200 records)."""
    from tipmonitor.intake.layout import not_records

    body = sheet.cells.iloc[position + 1:position + 201]
    body = body[~not_records(body, body.index.to_numpy())[0]]
    lines = [list(sheet.cells.iloc[position])] + ([list(sheet.cells.iloc[position - 1])] if position else [])
    body = body[~repeated_header(body, lines)]  # the header printed again at a page break
    return [sorted({v for v in body.iloc[:, i] if v}) for i in range(body.shape[1])]


def _known_anywhere(title: str) -> bool:
    return any(_best_field(title, t) is not None for t in TABLES.values())


@dataclass
class SheetDraft:
    sheet: str | None
    table: str | None = None
    header_row: int | None = None  # spreadsheet row of the (lower) header line
    header_rows: int = 1
    columns: dict[str, str] = field(default_factory=dict)  # title as written -> field, ignore or ASK
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    questions: list[tuple[str, dict]] = field(default_factory=list)  # catalogue key and its values
    preview: pd.DataFrame | None = None
    rows: int = 0
    unread_rows: int = 0  # rows of data in a sheet whose header row was not found
    summary: bool = False  # a summary sheet (a register's totals): proposed as ignore


@dataclass
class Draft:
    file: str
    sheets: list[SheetDraft]
    unit_question: bool

    def questions(self, lang: str | None = None) -> list[str]:
        """Every question, each once (two sheets, or a sheet's two columns, may raise the same one)."""
        found = [words.say(key, lang, **{k: words.pick(v, lang) if isinstance(v, dict) else v for k, v in values.items()}
                           | ({"sheet": self.file} if values.get("sheet", "") is None else {}))  # a CSV: its file
                 for s in self.sheets for key, values in s.questions]
        found += [words.say("map.q_same_table", lang, table=table, sheets=", ".join(f"«{n}»" for n in names))
                  for table, names in self.same_table().items()]
        return list(dict.fromkeys(([words.say("map.q_unit", lang)] if self.unit_question else []) + found))

    def same_table(self) -> dict[str, list[str]]:
        """Tables that two or more sheets carry (a corrected copy beside its original): which is the data?"""
        by_table: dict[str, list[str]] = {}
        for s in self.sheets:
            if s.table is not None:
                by_table.setdefault(s.table, []).append(s.sheet or self.file)
        return {table: names for table, names in by_table.items() if len(names) > 1}

    def describe(self, lang: str | None = None) -> str:
        lines = []
        for s in self.sheets:
            sheet = s.sheet or self.file  # a CSV has no sheet: its file
            if s.table is None:
                lines.append(words.say("map.sheet_summary", lang, sheet=sheet) if s.summary
                             else words.say("map.sheet_unread", lang, sheet=sheet, rows=s.unread_rows,
                                            search=HEADER_SEARCH_ROWS) if s.unread_rows
                             else words.say("map.sheet_ignored", lang, sheet=sheet))
                continue
            lines.append(words.say("map.sheet", lang, sheet=sheet, table=s.table, row=s.header_row))
            lines.append(words.say("map.preview", lang, rows=s.rows))
            if s.preview is not None and len(s.preview):
                lines.append(s.preview.to_string(index=False))
        asked = self.questions(lang)
        lines.append(words.say("map.questions" if asked else "map.no_questions", lang))
        lines += [f"  - {q}" for q in asked]
        return "\n".join(lines)


def _draft_sheet(sheet: RawSheet) -> SheetDraft:
    best: tuple[int, int, Table, list[str]] | None = None
    for position in range(min(HEADER_SEARCH_ROWS, len(sheet.cells))):
        titles = _titles(sheet, position)
        if sum(1 for t in titles if t) < 2:
            continue
        values = _column_values(sheet, position)
        for table in TABLES.values():
            named = {f.name for t, v in zip(titles, values) if t and (f := _best_field(t, table, v))}
            # on a tie, the lower row of a two-row header (the row just under the best so far) carries the paths
            if len(named) >= 2 and (best is None or len(named) > best[0]
                                    or (len(named) == best[0] and table is best[2] and position == best[1] + 1)):
                best = (len(named), position, table, titles)
    draft = SheetDraft(sheet.sheet)
    if best is None:
        if _summary_sheet(sheet, None):
            draft.summary = True
            return draft
        if not is_information_sheet(sheet):
            draft.unread_rows = rows_of_data(sheet.cells)
        if draft.unread_rows >= 2:  # one row of two values is a title or a letterhead, not data
            draft.questions.append(("map.q_sheet", {"sheet": sheet.sheet, "rows": draft.unread_rows}))
        else:
            draft.unread_rows = 0
        return draft
    _, position, table, titles = best
    if table.name == "aggregates" and _summary_sheet(sheet, position):
        draft.summary = True  # a register's summary (label, count): not counts of our measures
        return draft
    written = header_cells(sheet, position)
    shown_titles = _shown(sheet, position)
    two_rows = position > 0 and any(c != u and u for c, u in zip(written, list(sheet.cells.iloc[position]))) or (
        position > 0 and sum(1 for c in sheet.cells.iloc[position - 1] if c) >= 2
        and any(not c for c in sheet.cells.iloc[position]))
    draft.table, draft.header_row, draft.header_rows = table.name, sheet.first_row + position, 2 if two_rows else 1
    ignored = {match_key(h) for h in IGNORED_HEADERS}
    values = _column_values(sheet, position)
    for i, (title, shown) in enumerate(zip(titles, shown_titles)):
        if not shown:
            continue
        f = _best_field(title, table, values[i])
        if f is None and match_key(shown) in ignored:
            draft.columns[shown] = IGNORE
        elif f is None or f.name in draft.columns.values():
            draft.columns[shown] = ASK
            draft.questions.append(("map.q_column", {"sheet": sheet.sheet, "header": shown}))
        else:
            draft.columns[shown] = f.name
            if f.choices:
                known = choice_keys(f)
                unknown = [v for v in values[i] if match_key(v) not in known]
                allowed = ", ".join(c.code for c in f.choices)
                for value in unknown:
                    draft.values.setdefault(f.name, {})[value] = ASK
                    draft.questions.append(("map.q_value", {"sheet": sheet.sheet, "header": shown, "value": value,
                                                            "allowed": allowed}))
    missing = [f for f in table.fields if f.required and f.name != "unit" and f.name not in draft.columns.values()]
    asked = [i for i, (key, _) in enumerate(draft.questions) if key == "map.q_column"]
    if len(missing) == 1 and len(asked) == 1:  # one question, not two: the column asked about may be the one missing
        # (an "ignore" answer leaves the field missing: intake then asks which column it is, message.missing_mapped)
        draft.questions[asked[0]] = ("map.q_column_or_missing",
                                     {**draft.questions[asked[0]][1], "field": words.pair(missing[0].vi, missing[0].en)})
    else:  # each missing field asked once: one answer can place one field only
        draft.questions += [("map.q_missing", {"sheet": sheet.sheet, "field": words.pair(f.vi, f.en)}) for f in missing]
    return draft


_SUMMARY_KEYS = ("tong_hop", "summary", "thong_ke_so_lieu", "bao_cao_so_lieu")


def _summary_sheet(sheet: RawSheet, position: int | None) -> bool:
    """A summary sheet (a register's totals: label and count lines, "Tổng hợp"), not records nor counts of our
    measures: its name or its title says so, or (read as aggregates at ``position``) none of its measure cells is
    one of our measures."""
    from tipmonitor.model.measures import parse_measure

    titled = any(k in match_key(sheet.sheet or "") for k in _SUMMARY_KEYS) or any(
        k in match_key(str(c)) for c in sheet.cells.iloc[:3].to_numpy().ravel() if c for k in _SUMMARY_KEYS)
    if position is None:
        return titled and rows_of_data(sheet.cells) >= 1
    measure = next((i for i, t in enumerate(header_cells(sheet, position))
                    if (f := _best_field(t, TABLES["aggregates"])) is not None and f.name == "measure"), None)
    if measure is None:
        return titled
    cells = [c for c in sheet.cells.iloc[position + 1:, measure] if c]

    def known(cell: str) -> bool:
        try:
            parse_measure(cell.strip())
            return True
        except KeyError:
            return False

    return bool(cells) and not any(known(c) for c in cells)


def draft_mapping(path: Path, today: date | None = None) -> Draft:
    """Sheets -> tables, titles -> fields, words -> codes for one file, with its questions and a preview."""
    sheets = read_raw(path)
    drafts = [_draft_sheet(s) for s in sheets]
    unit_question = False
    registry = load_registry()
    for sheet, d in zip(sheets, drafts):
        if d.table is None:
            continue
        if "unit" not in d.columns.values():
            unit_question = True
        answered = {match_key(t): (None if f in (IGNORE, ASK) else f) for t, f in d.columns.items()}
        mapping = ColumnMapping(path.name, d.table, answered,
                                {f: {match_key(w): c for w, c in ws.items() if c != ASK} for f, ws in d.values.items()},
                                header_rows=d.header_rows)
        problems: list = []
        found = interpret_sheet(sheet, d.table, registry, today or date.today(), problems, mapping, fill={"unit": ASK})
        if found is not None:
            frame = found[1]
            d.rows = len(frame)
            d.preview = frame.drop(columns=["_file"]).dropna(axis=1, how="all").head(3)
    return Draft(path.name, drafts, unit_question)


def draft_text(draft: Draft, lang: str | None = None) -> str:
    """The draft as a mapping file: every "?" is a question to answer."""
    q = json.dumps
    lines = [f"# {words.say('map.questions', lang)}"] + [f"#   - {x}" for x in draft.questions(lang)]
    if draft.unit_question:
        lines.append(f"unit: {q(ASK)}")
    lines.append("sheets:")
    for s in draft.sheets:
        lines.append(f"  - sheet: {q(s.sheet or '*', ensure_ascii=False)}")
        if s.summary:
            lines.append(f"    table: {IGNORE}  # {words.say('map.summary_comment', lang)}")
            continue
        if s.table is None:
            lines.append(f"    table: {q(ASK) if s.unread_rows else IGNORE}")
            continue
        table = q(ASK) if s.table in draft.same_table() else s.table  # which sheet is the data: asked
        lines += [f"    table: {table}" + (f"  # {s.table}?" if table != s.table else ""),
                  f"    header_rows: {s.header_rows}", "    columns:"]
        lines += [f"      {q(t, ensure_ascii=False)}: {q(f)}" for t, f in s.columns.items()]
        if s.values:
            lines.append("    values:")
            for name, ws in s.values.items():
                lines.append(f"      {name}:")
                lines += [f"        {q(w, ensure_ascii=False)}: {q(c)}" for w, c in ws.items()]
    return "\n".join(lines) + "\n"


def write_draft(draft: Draft, out: Path, lang: str | None = None) -> None:
    with publish(out, owner_only=False) as staging:
        staging.path.write_text(draft_text(draft, lang), encoding="utf-8")
