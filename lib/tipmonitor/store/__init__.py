"""Submissions kept: the DuckDB store (append-only submissions, the current data), the
archive of every file as sent, check and rebuild, and where analyses read their data.

May import: core, model, intake.
"""


def __getattr__(name: str):
    """``from tipmonitor.store import Store`` as before the subpackages, without importing DuckDB eagerly."""
    if name in ("Store", "StoreError"):
        from tipmonitor.store import database

        return getattr(database, name)
    raise AttributeError(f"module 'tipmonitor.store' has no attribute {name!r}")
