"""Where the analysis reads its data: the store by default, or files for ad-hoc work.

``load_source("data/store.duckdb")`` gives the store's current data; a folder or a
list of CSV/XLSX/Parquet files is loaded and validated as one dataset.
``baseline_table(2022)`` gives the hand-entered baseline counts (params/baseline/).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tipmonitor.core import paths
from tipmonitor.model.dataset import Dataset
from tipmonitor.intake.loading import load_dataset, load_file
from tipmonitor.model.units import CITY, UnitRegistry


def is_store(path: Path | str) -> bool:
    return str(path).endswith(".duckdb")


def load_source(data: Path | str | list | None = None, today: date | None = None, rule: str = "official") -> Dataset:
    from tipmonitor.store.database import Store, default_path

    if data is None or data == "":
        data = default_path()
    if isinstance(data, (str, Path)) and is_store(data):
        path = Path(data).resolve()
        if not path.is_file():
            return Store(path).current()  # raises the store's own message
        stat = path.stat()
        return _store_current(str(path), stat.st_mtime_ns, stat.st_size)
    return load_dataset(data, today=today, rule=rule)


@lru_cache(maxsize=2)
def _store_current(path: str, mtime_ns: int, size: int) -> Dataset:
    """The store's current data, read once per version of the file (a warm kernel runs many notebooks on it)."""
    from tipmonitor.store.database import Store

    return Store(Path(path)).current()


def data_as_of(dataset: Dataset) -> date:
    """The last date any event in the data carries: no period after it can be complete."""
    from tipmonitor.model import periods

    latest = None
    for name in ("crime_reports", "cases", "victims"):
        frame = dataset.table(name)
        for column in frame.columns:
            if str(frame[column].dtype).startswith("datetime") and frame[column].notna().any():
                value = frame[column].max().date()
                latest = value if latest is None or value > latest else latest
    for label in dataset.aggregates["period"].dropna().unique():
        end = periods.parse(label).window().end
        latest = end if latest is None or end > latest else latest
    return latest or date.today()


_ENTRY_TABLES = ("crime_reports", "cases", "victims")


def data_begins(dataset: Dataset) -> date | None:
    """The first day the data reaches: the earliest entry date of a record, or the first day of an aggregate's
    period; None when the data hold nothing. A period that ends before it has no figures (periods.refuse_unreportable)."""
    from tipmonitor.model.schema import TABLES

    earliest = [dataset.table(name)[TABLES[name].entry_date].min() for name in _ENTRY_TABLES]
    return _first_day(earliest, dataset.aggregates["period"].dropna().unique())


def _first_day(earliest_entries, period_labels) -> date | None:
    """The earliest of the tables' earliest entry dates (missing ones left out) and the aggregates' periods' first
    days; None when there is none: ``data_begins``' rule, for a dataset read or a store asked."""
    from tipmonitor.model import periods

    days = [pd.Timestamp(d).date() for d in earliest_entries if d is not None and not pd.isna(d)]
    days += [periods.parse(label).window().start for label in period_labels]
    return min(days) if days else None


def data_begins_at(location: Path | str) -> date | None:
    """``data_begins`` of a store (one query, without reading its tables) or of a file or folder (read)."""
    if not is_store(location):
        return data_begins(load_source(location))
    from tipmonitor.model.schema import TABLES
    from tipmonitor.store.database import Store

    with Store(Path(location)).connect(write=False) as con:
        days = [con.execute(f"SELECT min({TABLES[n].entry_date}) FROM current_{n}").fetchone()[0] for n in _ENTRY_TABLES]
        labels = [r[0] for r in con.execute("SELECT DISTINCT period FROM current_aggregates WHERE period IS NOT NULL").fetchall()]
    return _first_day(days, labels)


def baseline_table(year: int, folder: Path | None = None, units: UnitRegistry | None = None) -> pd.DataFrame | None:
    """Hand-entered baseline counts (params/baseline/<year>.csv), validated as aggregates, or None.

    ``units`` is the unit registry to check them against (the city's, read here when not given)."""
    from tipmonitor.model.units import load_registry as load_units

    path = (Path(folder) if folder else paths.params_dir() / "baseline") / f"{year}.csv"
    if not path.is_file():
        return None
    units = units or load_units()
    extra = pd.DataFrame([{**{c: "" for c in units.table.columns}, "code": CITY, "name_vi": "Toàn thành phố",
                           "short_vi": "Toàn thành phố", "name_ascii": "Whole city", "level": "city", "type": "city_total",
                           "lat": float("nan"), "lon": float("nan")}]).set_index("code", drop=False)
    with_city = type(units)(pd.concat([units.table, extra]))
    return load_file(path, table="aggregates", registry=with_city)["aggregates"]
