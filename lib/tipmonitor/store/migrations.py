"""Bringing an existing store up to the data model of this version, when it is opened.

The store records its schema version in ``meta``. Opening a store that is behind
(an older version, or tables lacking a field the data model has gained) first copies
the file aside, then, in one transaction: adds the missing columns (empty for the rows
already there), runs the numbered steps in ``STEPS`` from its version up, re-creates
the views and records the new version. Rows are always inserted by column name, so a
column's position in an old table does not matter.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Callable

SCHEMA_VERSION = 4


def _tables_per_submission(con) -> None:
    """Version 2: which tables each submission carries (issue #14: a file replaces only its tables).
    A submission stored before carried them all: it replaced the whole of its unit and period. The
    tables are those of version 2, written out: a later version's new tables were in no old submission."""
    con.execute("CREATE TABLE IF NOT EXISTS submission_tables (submission_id BIGINT NOT NULL, table_name VARCHAR NOT NULL)")
    con.execute("""INSERT INTO submission_tables
        SELECT s.submission_id, t.name FROM submissions s
        CROSS JOIN (VALUES ('crime_reports'), ('cases'), ('victims'), ('aggregates')) t(name)
        WHERE s.submission_id NOT IN (SELECT submission_id FROM submission_tables)""")


def _task_group_tables(con) -> None:
    """Version 3 (issue #15): the tables of units' activities and written reports, empty."""
    from tipmonitor.store.layout import table_ddl

    for name in ("activities", "unit_texts"):
        con.execute(table_ddl(name))


def _register_tables(con) -> None:
    """Version 4 (issue #27): the procuracies' and courts' own registers, empty."""
    from tipmonitor.store.layout import table_ddl

    for name in ("procuracy_register", "court_register"):
        con.execute(table_ddl(name))


# A structural change (a renamed column, a new table) bumps SCHEMA_VERSION and adds its step
# here, keyed by the version it produces. A new field needs no step: it is added by name.
# The 2024 Law's fields (#29) are such fields: crime_reports.channel, victims.role and victims.not_victim_date,
# empty in the rows already stored, which then read as before (no channel recorded; a victim or a person being
# identified; not found otherwise), so every old submission keeps its figures (tests/test_law_2024.py).
STEPS: dict[int, Callable] = {2: _tables_per_submission, 3: _task_group_tables, 4: _register_tables}


class NewerStore(RuntimeError):
    """The store was written by a newer tipmonitor than this one (the store layer tells it from the catalogue)."""

    def __init__(self, version: int):
        self.version = version
        super().__init__(version)


def stored_version(con) -> int | None:
    """The store's schema version, or None when the file is not a tipmonitor store."""
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]
    if not found:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else None


def missing_columns(con, expected: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str, str]]:
    """(table, column, SQL type) the data model has and the store's tables lack."""
    present: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
        present.setdefault(table, set()).add(column)
    return [(table, column, kind) for table, columns in expected.items() if table in present
            for column, kind in columns if column not in present[table]]


def pending(con, expected: dict[str, list[tuple[str, str]]]) -> list[str]:
    """What opening this store must change first, in words ([] when it is current)."""
    version = stored_version(con)
    if version is None:
        return []
    if version > SCHEMA_VERSION:
        raise NewerStore(version)
    out = [f"schema version {version} -> {SCHEMA_VERSION}"] if version < SCHEMA_VERSION else []
    out += [f"new column {table}.{column}" for table, column, _ in missing_columns(con, expected)]
    return out


def backup(path: Path) -> Path:
    """A copy of the store file beside it, made before anything is changed."""
    from tipmonitor.core.files import private
    from tipmonitor.model.city import city_config

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-migration-{stamp}")
    shutil.copy2(path, target)
    private(target, city_config().private_files)
    return target


def apply(con, expected: dict[str, list[tuple[str, str]]], views: list[str]) -> list[str]:
    """Apply what ``pending`` lists, in one transaction; returns what was done."""
    done = pending(con, expected)
    if not done:
        return []
    version = stored_version(con)
    assert version is not None, "only a tipmonitor store is migrated"
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in views:  # views depend on the tables: dropped first, made again from the new columns
            name = statement.split("VIEW", 1)[1].split()[0]
            con.execute(f"DROP VIEW IF EXISTS {name}")
        for table, column, kind in missing_columns(con, expected):
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {kind}')
        for step in range(version + 1, SCHEMA_VERSION + 1):
            if step in STEPS:
                STEPS[step](con)
        for statement in views:
            con.execute(statement)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return done


def rollback(con) -> None:
    """Roll back a failed transaction; if the rollback itself fails, the first error is the one told."""
    import duckdb

    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass
