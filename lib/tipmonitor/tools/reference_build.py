"""Rebuild the unit registry in data/reference/ from the GSO dataset in `vietnamadminunits`.

The official codes and centroids are taken from the pinned library, not typed by
hand. Run ``tipmonitor reference`` (needs the ``reference`` extra); the result is
committed, so nothing at run time depends on the library. A test checks that the
committed files equal what this module produces.

Output:
- ``units.csv``: district-level units valid until 30-6-2025, commune-level units
  valid from 1-7-2025, and the city-level agencies (from ``params/city_agencies.yaml``);
- ``crosswalk_2025.csv``: which 2025 communes took over which pre-2025 districts,
  weighted by the number of pre-2025 wards that moved;
- ``successions.csv``: the hand-overs of work (model/successions.py): district -> commune
  shares from the crosswalk for the provinces ``params/handovers.yaml`` lists under
  ``communes``, and the hand-overs written there from the legal texts (police, courts,
  procuracies, departments), each with its source.

Every unit carries its ``body`` (params/bodies.yaml): district and commune rows by their
level, agencies as ``params/city_agencies.yaml`` says.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from tipmonitor.core.messages import ToldError
from tipmonitor.core.settings import Settings, Text, load_settings, refuse
from tipmonitor.core.text import strip_accents
from tipmonitor.model.measures import STAGES
from tipmonitor.model.units import load_bodies

PROVINCES = ("01", "79")  # Hà Nội, TP Hồ Chí Minh: the two sample-ready cities
LEGACY_VALID_TO = "2025-06-30"
REFORM_VALID_FROM = "2025-07-01"
SOURCE = "GSO via vietnamadminunits 1.0.4"

UNIT_COLUMNS = [
    "code", "province_code", "level", "type", "body", "name_vi", "short_vi", "name_ascii",
    "valid_from", "valid_to", "lat", "lon", "source",
]
SUCCESSION_COLUMNS = ["province_code", "predecessor", "successor", "effective", "scope", "weight", "source"]
FAMILIES = (*STAGES, "all")  # a hand-over's scope: one measure family, or all of them
CROSSWALK_COLUMNS = ["province_code", "old_code", "old_name_vi", "new_code", "new_name_vi", "wards_moved", "share"]

_TYPE_KEYS = {"Quận": "quan", "Huyện": "huyen", "Thị xã": "thi_xa", "Thành phố": "thanh_pho", "Phường": "phuong", "Xã": "xa", "Đặc khu": "dac_khu"}


class HandoverError(ToldError, ValueError):
    """The hand-overs name a unit the registry does not have."""


def _dataset_path() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data"


def _rows(sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    with sqlite3.connect(_dataset_path() / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def _short(name: str, type_vi: str) -> str:
    """'Quận Hoàn Kiếm' -> 'Hoàn Kiếm'; a numbered unit keeps its type: 'Quận 1'."""
    short = name[len(type_vi):].strip() if name.startswith(type_vi + " ") else name
    return name if short.isdigit() else short


class Agency(Settings):
    """A city-level agency of params/city_agencies.yaml; its unit code is "<province code>-<abbrev>"."""

    province_code: str = Field(pattern=r"^\d{2}$")
    abbrev: str = Field(pattern=r"^[A-Z0-9]+$")
    body: Text  # a kind of unit of params/bodies.yaml (the file beside this one)
    short_vi: str = Field(min_length=1)
    name_vi: str = Field(min_length=1)
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = "params/city_agencies.yaml"

    @field_validator("body")
    @classmethod
    def _known_body(cls, value: str, info: ValidationInfo) -> str:
        kinds = load_bodies((info.context or {}).get("bodies")).kinds
        if value not in kinds:
            raise refuse("bad_choice", value=value, allowed=", ".join(kinds))
        return value


class AgencyFile(Settings):
    agencies: list[Agency] = Field(min_length=1)


def load_agencies(path: Path) -> list[Agency]:
    """The agencies of ``path``, their kinds checked against the bodies.yaml beside it (when there is one)."""
    bodies = Path(path).parent / "bodies.yaml"
    return load_settings(path, AgencyFile, context={"bodies": bodies if bodies.is_file() else None}).agencies


def _family(value: str, at: tuple = ()) -> str:
    if value not in FAMILIES:
        raise refuse("bad_choice", at=at, value=value, allowed=", ".join(FAMILIES))
    return value


class CommuneHandover(Settings):
    """A province whose districts hand their reports to communes and wards, in the crosswalk's shares."""

    province_code: str = Field(pattern=r"^\d{2}$")
    effective: date
    scope: Text
    source: str = Field(min_length=1)

    @field_validator("scope")
    @classmethod
    def _scope(cls, value: str) -> str:
        return _family(value)


class Handover(Settings):
    """Predecessors (unit codes or agency abbreviations, space-separated) handing a scope to one successor."""

    province_code: str = Field(pattern=r"^\d{2}$")
    effective: date
    scope: list[Text] = Field(min_length=1)
    successor: str = Field(min_length=1)
    predecessors: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @field_validator("scope")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        return [_family(scope, at=(i,)) for i, scope in enumerate(value)]

    @field_validator("predecessors", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class HandoverFile(Settings):
    communes: list[CommuneHandover] = []
    handovers: list[Handover] = []


def load_handovers(path: Path) -> HandoverFile:
    return load_settings(path, HandoverFile)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def build_units(agencies: list[Agency]) -> list[dict]:
    units: list[dict] = []
    for province in PROVINCES:
        for r in _rows(
            "SELECT DISTINCT districtCode, district, districtType, districtLat, districtLon "
            "FROM admin_units_legacy WHERE provinceCode = ? ORDER BY districtCode",
            (province,),
        ):
            units.append({
                "code": r["districtCode"], "province_code": province, "level": "district",
                "type": _TYPE_KEYS[r["districtType"]], "body": "district", "name_vi": r["district"],
                "short_vi": _short(r["district"], r["districtType"]),
                "name_ascii": strip_accents(r["district"]), "valid_from": "", "valid_to": LEGACY_VALID_TO,
                "lat": r["districtLat"], "lon": r["districtLon"], "source": SOURCE,
            })
        for r in _rows(
            "SELECT DISTINCT wardCode, ward, wardType, wardLat, wardLon FROM admin_units "
            "WHERE provinceCode = ? ORDER BY wardCode",
            (province,),
        ):
            units.append({
                "code": r["wardCode"], "province_code": province, "level": "commune",
                "type": _TYPE_KEYS[r["wardType"]], "body": "commune", "name_vi": r["ward"],
                "short_vi": _short(r["ward"], r["wardType"]),
                "name_ascii": strip_accents(r["ward"]), "valid_from": REFORM_VALID_FROM, "valid_to": "",
                "lat": r["wardLat"], "lon": r["wardLon"], "source": SOURCE,
            })
        centre = _rows("SELECT DISTINCT provinceLat, provinceLon FROM admin_units_legacy WHERE provinceCode = ?", (province,))[0]
        for a in agencies:
            if a.province_code != province:
                continue
            units.append({
                "code": f"{province}-{a.abbrev}", "province_code": province, "level": "city",
                "type": "city_agency", "body": a.body, "name_vi": a.name_vi, "short_vi": a.short_vi,
                "name_ascii": strip_accents(a.name_vi), "valid_from": _iso(a.valid_from),
                "valid_to": _iso(a.valid_to), "lat": centre["provinceLat"], "lon": centre["provinceLon"],
                "source": a.source,
            })
    return units


def build_crosswalk() -> list[dict]:
    data = json.loads((_dataset_path() / "converter_2025.json").read_text(encoding="utf-8"))
    rows: list[dict] = []
    for province in PROVINCES:
        legacy = {
            (r["provinceKey"], r["districtKey"]): (r["districtCode"], r["district"])
            for r in _rows("SELECT DISTINCT provinceKey, districtKey, districtCode, district FROM admin_units_legacy WHERE provinceCode = ?", (province,))
        }
        new = {
            r["wardKey"]: (r["wardCode"], r["ward"])
            for r in _rows("SELECT DISTINCT provinceKey, wardKey, wardCode, ward FROM admin_units WHERE provinceCode = ?", (province,))
        }
        province_key = _rows("SELECT DISTINCT provinceKey FROM admin_units WHERE provinceCode = ?", (province,))[0][0]
        moved: Counter = Counter()
        for new_key, old_keys in data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(province_key, {}).items():
            for old in old_keys:
                old_province, old_district = old.split("_")[:2]
                if (old_province, old_district) in legacy and new_key in new:
                    moved[(legacy[(old_province, old_district)], new[new_key])] += 1
        for old_ward, targets in data["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {}).items():
            old_province, old_district = old_ward.split("_")[:2]
            for t in targets:
                if (old_province, old_district) in legacy and t["newWardKey"] in new:
                    moved[(legacy[(old_province, old_district)], new[t["newWardKey"]])] += 1
        per_old: Counter[str] = Counter()
        for (old, _), n in moved.items():
            per_old[old] += n
        for (old, new_unit), n in sorted(moved.items()):
            rows.append({
                "province_code": province, "old_code": old[0], "old_name_vi": old[1],
                "new_code": new_unit[0], "new_name_vi": new_unit[1], "wards_moved": n,
                "share": round(n / per_old[old], 4),
            })
    return rows


def build_successions(handovers: HandoverFile, units: list[dict], crosswalk: list[dict]) -> list[dict]:
    """The hand-overs as rows of successions.csv; every code is checked against the units built."""
    known = {(u["province_code"], u["code"]) for u in units}
    rows: list[dict] = []
    for c in handovers.communes:
        for x in crosswalk:
            if x["province_code"] == c.province_code:
                rows.append({"province_code": c.province_code, "predecessor": x["old_code"], "successor": x["new_code"],
                             "effective": c.effective.isoformat(), "scope": c.scope, "weight": x["share"], "source": c.source})
    for h in handovers.handovers:
        def code(token: str, h: Handover = h) -> str:
            return token if (h.province_code, token) in known else f"{h.province_code}-{token}"

        for predecessor in h.predecessors.split():
            for scope in h.scope:
                rows.append({"province_code": h.province_code, "predecessor": code(predecessor), "successor": code(h.successor),
                             "effective": h.effective.isoformat(), "scope": scope, "weight": 1, "source": h.source})
    unknown = sorted({(r["province_code"], r[k]) for r in rows for k in ("predecessor", "successor")} - known)
    if unknown:
        raise HandoverError("reference.unknown_units", units=", ".join(f"{p}/{c}" for p, c in unknown))
    return sorted(rows, key=lambda r: (r["province_code"], r["effective"], r["successor"], r["predecessor"], r["scope"]))


def _to_csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def render(project_root: Path) -> dict[str, str]:
    """The reference files' contents, keyed by path relative to the project root."""
    agencies = load_agencies(project_root / "params" / "city_agencies.yaml")
    units, crosswalk = build_units(agencies), build_crosswalk()
    successions = build_successions(load_handovers(project_root / "params" / "handovers.yaml"), units, crosswalk)
    return {
        "data/reference/units.csv": _to_csv(units, UNIT_COLUMNS),
        "data/reference/crosswalk_2025.csv": _to_csv(crosswalk, CROSSWALK_COLUMNS),
        "data/reference/successions.csv": _to_csv(successions, SUCCESSION_COLUMNS),
    }


def write(project_root: Path) -> list[Path]:
    written = []
    for relative, content in render(project_root).items():
        path = project_root / relative
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
