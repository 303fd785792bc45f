"""The SQL of the input tables: each field's column type and each table's CREATE statement.

database.py creates the tables of a new store from here; migrations.py adds a table an older
store lacks from here too, so both make the same table.
"""

from __future__ import annotations

from tipmonitor.model.schema import TABLES


def sql_type(kind: str) -> str:
    return {"date": "DATE", "int": "BIGINT"}.get(kind, "VARCHAR")


def table_ddl(name: str) -> str:
    """The CREATE TABLE statement of one input table (model/schema.py), with its submission number and origin."""
    columns = ", ".join(f"{f.name} {sql_type(f.kind)}" for f in TABLES[name].fields)
    return f"CREATE TABLE IF NOT EXISTS {name} (submission_id BIGINT NOT NULL, {columns}, _file VARCHAR, _row BIGINT)"
