"""The unit registry (data/reference/units.csv) and matching unit names to codes.

Units are keyed by code (GSO codes for districts and communes, "<province>-<abbrev>"
for city-level agencies) and carry valid-from/valid-to dates, so a 2023 report uses
the 2023 geography even after the 2025 reform. Names arrive written many ways
("Q. Hoàn Kiếm", "quận Hoàn Kiếm", "Hoan Kiem", "Công an quận Hoàn Kiếm", NFD or
NFC): they are matched on a normalised key, never on the raw text.

Each unit has a ``body``, its kind: params/bodies.yaml declares the kinds (no list of them is
in code), says how each is named and which measure families it reports, and a unit stops
reporting a family on the day it hands it over (data/reference/successions.csv), as
the district police did on 1-3-2025. ``families`` and ``expected`` answer who reports
what, when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
from pydantic import Field, model_validator

from tipmonitor.core import paths, words
from tipmonitor.core.settings import Settings, Text, Words, load_settings, refuse
from tipmonitor.core.text import match_key, strip_accents
from tipmonitor.model.measures import STAGES

CITY = "CITY"  # the whole city, as a unit code in evaluations and the hand-entered baseline

# Words people put before a unit's name that say who, not which (as match keys).
_ORGANISATION_PREFIXES = ("cong_an_", "ca_", "uy_ban_nhan_dan_", "ubnd_")
# Abbreviated unit types, expanded to the full type word.
_TYPE_ABBREVIATIONS = {"q_": "quan_", "h_": "huyen_", "tx_": "thi_xa_", "tp_": "thanh_pho_", "p_": "phuong_", "x_": "xa_"}
_TYPE_PREFIXES = ("thanh_pho_", "thi_xa_", "quan_", "huyen_", "phuong_", "xa_")


class BodySpec(Settings):
    """One kind of unit of params/bodies.yaml."""

    label: Words
    families: list[Text] = []
    code_prefixes: list[Text] = []


class BodyFile(Settings):
    """params/bodies.yaml: the kinds of unit, their names and the measure families each reports."""

    bodies: dict[Text, BodySpec] = Field(min_length=1)
    agency_default: Text

    @model_validator(mode="after")
    def _known(self) -> "BodyFile":
        for key, spec in self.bodies.items():
            for i, family in enumerate(spec.families):
                if family not in STAGES:
                    raise refuse("bad_choice", at=("bodies", key, "families", i), value=family, allowed=", ".join(STAGES))
        if self.agency_default not in self.bodies:
            raise refuse("bad_choice", at=("agency_default",), value=self.agency_default, allowed=", ".join(self.bodies))
        return self


@dataclass(frozen=True)
class Body:
    """A kind of unit: its key (the registry's ``body`` column), its name and what it reports."""

    key: str
    label: dict  # {vi, en}
    families: tuple[str, ...]
    code_prefixes: tuple[str, ...]

    def name(self, lang: str = "vi") -> str:
        return words.pick(self.label, lang)


@dataclass(frozen=True)
class Bodies:
    kinds: dict[str, Body]
    agency_default: str

    def name(self, key: str, lang: str = "vi") -> str:
        """A kind's name; an undeclared kind by its key."""
        return self.kinds[key].name(lang) if key in self.kinds else key

    def of_agency(self, abbrev: str) -> str:
        """The kind of a city agency from its code's abbreviation (a registry without the body column)."""
        return next((key for key, body in self.kinds.items() if abbrev.startswith(body.code_prefixes)), self.agency_default)


@lru_cache(maxsize=4)
def load_bodies(path: Path | None = None) -> Bodies:
    file = Path(path) if path else paths.params_dir() / "bodies.yaml"
    spec = load_settings(file, BodyFile)
    return Bodies({key: Body(key, b.label, tuple(b.families), tuple(b.code_prefixes)) for key, b in spec.bodies.items()},
                  spec.agency_default)


def body_families(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Each kind of unit's measure families (params/bodies.yaml)."""
    return {key: body.families for key, body in load_bodies(path).kinds.items()}


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

    def families(self, code: str, day: date) -> tuple[str, ...]:
        """The measure families ``code`` reports on ``day``: its body's, less those it has handed over by then."""
        from tipmonitor.model.successions import load_successions

        if code not in self.table.index or not self.is_valid(code, day):
            return ()
        row = self.table.loc[code]
        handed = {s.scope for s in load_successions(row["province_code"]).successors(code) if s.effective <= day}
        own = body_families().get(row["body"], ())
        return () if "all" in handed else tuple(f for f in own if f not in handed)

    def handed_over(self, code: str, family: str) -> tuple[date, str] | None:
        """The first day ``code`` no longer does ``family``'s work and who took it over then; None if it never handed it over."""
        from tipmonitor.model.successions import load_successions

        if code not in self.table.index:
            return None
        out = load_successions(self.table.loc[code, "province_code"]).successors(code, family)
        if not out:
            return None
        first = out[0].effective
        return first, ", ".join(s.successor for s in out if s.effective == first)

    def expected(self, start: date, end: date) -> dict[str, tuple[date, date]]:
        """Units that report something between ``start`` and ``end``, with the part of it they are expected for."""
        out = {}
        for code, row in self.table.iterrows():
            first = max(start, date.fromisoformat(row["valid_from"])) if row["valid_from"] else start
            last = min(end, date.fromisoformat(row["valid_to"])) if row["valid_to"] else end
            if first <= last and (self.families(code, first) or self.families(code, last)):
                out[code] = (first, last)
        return out

    @cached_property
    def _names(self) -> dict[str, tuple[str, str, str]]:
        t = self.table
        return dict(zip(t.index, zip(t["short_vi"], t["name_vi"], t["name_ascii"])))

    def named(self, code: str, lang: str = "vi") -> str:
        """The unit as a message names it: its short name with its code in brackets ("Đống Đa (006)"); its code
        alone when the registry does not hold it."""
        name = self.name(code, lang)
        return code if name == code else f"{name} ({code})"

    def name(self, code: str, lang: str = "vi", short: bool = True) -> str:
        """The unit's short or full name in ``lang``; its code when the registry does not hold it."""
        row = self._names.get(code)
        if row is None:
            return code
        short_vi, name_vi, name_ascii = row
        names = words.pair(short_vi, strip_accents(short_vi)) if short else words.pair(name_vi, name_ascii)
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

    def codes_for_number(self, number: int, on: date | None = None) -> tuple[str, ...]:
        """The codes a unit code read as a number can abbreviate: papermill's ``-p unit 00004`` passes 4.
        The number zero-padded to each width of the registry's all-digit codes (valid on ``on`` if given)."""
        widths = sorted({len(code) for code in self.table.index if code.isdigit()})
        padded = [str(number).zfill(width) for width in widths if len(str(number)) <= width]
        return tuple(code for code in padded if code in self.table.index and (on is None or self.is_valid(code, on)))


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
    if "body" not in table:  # a registry written before bodies: districts and communes by their level
        table["body"] = table["level"].where(table["level"].isin(["district", "commune"]), "")
    return table


def load_registry(province_code: str | None = None, on: date | None = None, path: Path | None = None,
                  levels: tuple[str, ...] | None = None) -> UnitRegistry:
    """Units of one province, all of them or those valid on a date.

    ``on`` picks the geography in force that day: a 2023 report passes a 2023 date
    and gets the district-level units and city agencies; a date after 1-7-2025 gets
    the communes.
    """
    from tipmonitor.model.city import city_config

    registry = _province(Path(path) if path else paths.reference_dir() / "units.csv",
                         province_code or city_config().province_code, levels)
    return registry.valid_on(on) if on is not None else registry


@lru_cache(maxsize=16)
def _province(path: Path, province: str, levels: tuple[str, ...] | None) -> UnitRegistry:
    """One province's units, made once per process (a report page names units through it row by row)."""
    table = _read(path)
    table = table[table["province_code"] == province]
    if levels is not None:
        table = table[table["level"].isin(levels)]
    return UnitRegistry(table.set_index("code", drop=False).rename_axis(None))


def every_province(path: Path | None = None) -> UnitRegistry:
    """Every unit of the registry file, whatever its province: to name a predecessor from another
    province (Bình Dương's, for Ho Chi Minh City after 1-7-2025)."""
    table = _read(Path(path) if path else paths.reference_dir() / "units.csv")
    return UnitRegistry(table.set_index("code", drop=False).rename_axis(None))
