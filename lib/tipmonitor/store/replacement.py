"""What a submission that replaces a table does to that table's records: which go, which come.

A file replaces, for its unit and period, every table it carries (database.py). Before it is stored,
the records of each such table are compared by key (a record's id; an aggregate's period and measure;
an activity's period and activity; a written report's task group and section) with those the current
data hold from the submission it replaces. A file that would take records out is refused unless the
table is named in ``--replace-tables`` (or the flag is given bare: every table); a file that only adds
or updates replaces without asking, and so does a unit's written report (a document, replaced whole). Either way the change is said, per table, with the ids when few.

Pure functions over sets of keys, so every ingest path (one file, many, the bulk path) asks the same.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from tipmonitor.core import words
from tipmonitor.model.schema import TABLES

IDS_SHOWN = 5  # ids named in a message when no more than this many records go or come

# The columns that identify a row of a table without an id field.
KEYS = {"aggregates": ("period", "measure"), "activities": ("period", "activity"), "unit_texts": ("task_group", "section")}


def key_columns(table: str) -> tuple[str, ...]:
    """The columns that identify a row: the table's id, its declared key (a register's unit, number and
    acceptance date), or KEYS."""
    key = TABLES[table].id_field
    if key:
        return (key,)
    return TABLES[table].key or KEYS[table]


def keys_of(frame: pd.DataFrame, table: str) -> set[str]:
    """The keys of a table's rows, as text ("2024-Q3/sessions" for a key of several columns)."""
    columns = key_columns(table)
    if not len(frame):
        return set()
    parts = [frame[c].astype("string").fillna("") for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "/" + part
    return set(joined)


@dataclass(frozen=True)
class TableChange:
    table: str
    gone: tuple[str, ...]  # current now, not in the file: taken out of the current data
    came: tuple[str, ...]  # in the file, not current now
    kept: int  # in both (updated or unchanged)

    @property
    def before(self) -> int:
        return len(self.gone) + self.kept

    def describe(self, lang: str | None = None) -> str:
        """'Cases: 8 go (VA1, VA2, ...), 1 comes, 1 stays' in the reader's language."""
        def listed(ids: tuple[str, ...]) -> str:
            return f" ({', '.join(ids)})" if 0 < len(ids) <= IDS_SHOWN else ""

        return words.say("replace.change", lang, table=words.pick(TABLES[self.table], lang),
                         gone=len(self.gone), gone_ids=listed(self.gone), came=len(self.came),
                         came_ids=listed(self.came), kept=self.kept)


def changes(current: Mapping[str, set[str]], incoming: Mapping[str, set[str]]) -> dict[str, TableChange]:
    """Per table the file carries, what replacing the current records of its unit and period does."""
    out = {}
    for table, keys in incoming.items():
        now = current.get(table, set())
        out[table] = TableChange(table, tuple(sorted(now - keys)), tuple(sorted(keys - now)), len(now & keys))
    return out


def allowed_tables(replace_tables: bool | Collection[str] | None) -> set[str]:
    """The tables a submission may take records out of: every one for a bare flag (True), else those named."""
    if replace_tables is True:
        return set(TABLES)
    if not replace_tables:
        return set()
    return set(replace_tables)


# A unit's written report is one document: a corrected one replaces the period's texts whole (said, not refused).
WHOLE = ("unit_texts",)


def refused(found: Mapping[str, TableChange], replace_tables: bool | Collection[str] | None) -> list[TableChange]:
    """The changes that take records out of a table the submission was not allowed to."""
    allowed = allowed_tables(replace_tables)
    # A written report sent again replaces the old one whole; an empty one (a template's sheet left blank) erases
    # it, and is asked for like any table.
    return [change for table, change in found.items() if change.gone and table not in allowed
            and not (table in WHOLE and (change.came or change.kept))]


def unknown_tables(replace_tables: bool | Collection[str] | None) -> list[str]:
    """Names given to ``--replace-tables`` that are no table."""
    if isinstance(replace_tables, bool) or not replace_tables:
        return []
    return sorted(set(replace_tables) - set(TABLES))


def replacing(current: Mapping[str, set[str]], tables: Mapping[str, pd.DataFrame], unit: str, period: str, name: str,
              replace_tables: bool | Collection[str] | None) -> tuple[dict[str, int], list[TableChange]]:
    """What a file does to the current records (their keys: ``current``) of the tables it replaces: refused
    (InputError) when it takes records out of a table ``replace_tables`` does not name, saying per table what goes
    and comes. Returns the tables it empties (with their records before) and every table it changes. Both ingest
    paths (store/database.py, one file; store/bulk.py, many) ask this."""
    from tipmonitor.core.problems import InputError, Problem

    found = changes(current, {t: keys_of(f, t) for t, f in tables.items()})
    now = {t: c for t, c in found.items() if c.before}  # tables with records now: the others are new
    losing = refused(now, replace_tables)
    if losing:
        what = words.each(lambda lang: "; ".join(change.describe(lang) for change in losing))
        raise InputError([Problem(name, None, None, "records_drop_out", {
            "unit": unit, "period": period, "what": what, "tables": " ".join(c.table for c in losing)})])
    emptied = {t: c.before for t, c in now.items() if not len(tables[t])}
    return emptied, [c for c in now.values() if c.gone or c.came]
