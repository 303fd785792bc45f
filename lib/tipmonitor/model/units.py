"""The unit registry (data/reference/units.csv) and matching unit names to codes.

Units are keyed by code (GSO codes for districts and communes, "<province>-<abbrev>"
for city-level agencies) and carry valid-from/valid-to dates, so a 2023 report uses
the 2023 geography even after the 2025 reform. Names arrive written many ways
("Q. Hoàn Kiếm", "quận Hoàn Kiếm", "Hoan Kiem", "Công an quận Hoàn Kiếm", NFD or
NFC): they are matched on a normalised key, never on the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from tipmonitor.core import paths, words
from tipmonitor.core.text import match_key, strip_accents

CITY = "CITY"  # the whole city, as a unit code in evaluations and the hand-entered baseline

# Words people put before a unit's name that say who, not which (as match keys).
_ORGANISATION_PREFIXES = ("cong_an_", "ca_", "uy_ban_nhan_dan_", "ubnd_")
# Abbreviated unit types, expanded to the full type word.
_TYPE_ABBREVIATIONS = {"q_": "quan_", "h_": "huyen_", "tx_": "thi_xa_", "tp_": "thanh_pho_", "p_": "phuong_", "x_": "xa_"}
_TYPE_PREFIXES = ("thanh_pho_", "thi_xa_", "quan_", "huyen_", "phuong_", "xa_")


@dataclass(frozen=True)
class UnitRegistry:
    """Units of one city, with a name resolver that respects valid-from/valid-to."""

    table: pd.DataFrame  # indexed by code

    @property
    def codes(self) -> list[str]:
        return list(self.table.index)

    def valid_on(self, day: date) -> "UnitRegistry":
        iso = day.isoformat()
        t = self.table
        keep = ((t["valid_from"] == "") | (t["valid_from"] <= iso)) & ((t["valid_to"] == "") | (t["valid_to"] >= iso))
        return UnitRegistry(t[keep])

    def is_valid(self, code: str, day: date) -> bool:
        row = self.table.loc[code]
        iso = day.isoformat()
        return (row["valid_from"] == "" or row["valid_from"] <= iso) and (row["valid_to"] == "" or row["valid_to"] >= iso)

    def name(self, code: str, lang: str = "vi", short: bool = True) -> str:
        if code not in self.table.index:
            return code
        row = self.table.loc[code]
        names = (words.pair(row["short_vi"], strip_accents(row["short_vi"])) if short else
                 words.pair(row["name_vi"], row["name_ascii"]))
        return words.pick(names, lang)

    @cached_property
    def _aliases(self) -> dict[str, tuple[str, ...]]:
        return _aliases(self.table)

    def matches(self, text: object, on: date | None = None) -> tuple[str, ...]:
        """All unit codes a name or code as written in a file can mean (valid on ``on`` if given)."""
        raw = "" if text is None else str(text).strip()
        found: tuple[str, ...] = ()
        if raw in self.table.index:
            found = (raw,)
        else:
            key = match_key(raw)
            for candidate in _candidates(key) if key else []:
                if candidate in self._aliases:
                    found = self._aliases[candidate]
                    break
        if on is not None:
            found = tuple(code for code in found if self.is_valid(code, on))
        return found

    def resolve(self, text: object, on: date | None = None) -> str | None:
        """The unit code for a name, or None when it is unknown or could mean several units."""
        found = self.matches(text, on)
        return found[0] if len(found) == 1 else None


def _candidates(key: str) -> list[str]:
    """Keys to try, most specific first: the full name with its type, then without it."""
    stripped = True
    while stripped:
        stripped = False
        for prefix in _ORGANISATION_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, stripped = key[len(prefix):], True
    for short, full in _TYPE_ABBREVIATIONS.items():
        if key.startswith(short):
            key = full + key[len(short):]
            break
    out = [key]
    for prefix in _TYPE_PREFIXES:
        if key.startswith(prefix) and not key[len(prefix):].isdigit():
            out.append(key[len(prefix):])
            break
    return out


def _aliases(table: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Alias key -> the codes it can mean (several where names repeat across geographies)."""
    found: dict[str, set[str]] = {}
    for code, row in table.iterrows():
        short = match_key(row["short_vi"])
        keys = {match_key(code), match_key(row["name_vi"]), short}
        if short.startswith("quan_") and short[5:].isdigit():  # "Quận 1" is also written "Q1"
            keys.add(f"q{short[5:]}")
        if "-" in code:  # a city agency: "01-PC02" is also written "PC02"
            keys.add(match_key(code.split("-", 1)[1]))
        for key in keys:
            found.setdefault(key, set()).add(code)
    return {key: tuple(sorted(codes)) for key, codes in found.items()}


@lru_cache(maxsize=4)
def _read(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    table["lat"] = table["lat"].astype(float)
    table["lon"] = table["lon"].astype(float)
    return table


def load_registry(province_code: str | None = None, on: date | None = None, path: Path | None = None,
                  levels: tuple[str, ...] | None = None) -> UnitRegistry:
    """Units of one province, all of them or those valid on a date.

    ``on`` picks the geography in force that day: a 2023 report passes a 2023 date
    and gets the district-level units and city agencies; a date after 1-7-2025 gets
    the communes.
    """
    from tipmonitor.model.city import city_config

    table = _read(Path(path) if path else paths.reference_dir() / "units.csv")
    province = province_code or city_config().province_code
    table = table[table["province_code"] == province]
    if levels is not None:
        table = table[table["level"].isin(levels)]
    registry = UnitRegistry(table.set_index("code", drop=False).rename_axis(None))
    return registry.valid_on(on) if on is not None else registry


def every_province(path: Path | None = None) -> UnitRegistry:
    """Every unit of the registry file, whatever its province: to name a predecessor from another
    province (Bình Dương's, for Ho Chi Minh City after 1-7-2025)."""
    table = _read(Path(path) if path else paths.reference_dir() / "units.csv")
    return UnitRegistry(table.set_index("code", drop=False).rename_axis(None))
