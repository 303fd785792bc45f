"""The catalogue of counts the indicators are built from.

Each measure is "<stage>.<name>", optionally broken down as
"<stage>.<name>[<dimension>=<value>]". Case-level records are counted into these
measures for a date window (counts.py); aggregate submissions give them directly.
How a measure combines over consecutive windows (for year-to-date from quarterly
aggregates) is its ``combine`` rule: flows and cohorts add up, an opening stock is
the first window's, a closing stock or overdue count the last window's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STAGES = ("reports", "investigation", "procuracy", "court", "victims")


@dataclass(frozen=True)
class Measure:
    stage: str
    name: str
    combine: str  # "sum", "first" or "last"
    vi: str
    en: str

    @property
    def id(self) -> str:
        return f"{self.stage}.{self.name}"


def _stage(stage: str, outcomes: dict[str, tuple[str, str]], extra: list[Measure]) -> list[Measure]:
    out = [
        Measure(stage, "opening", "first", "tồn đầu kỳ (kỳ trước chuyển sang)", "carried over (opening stock)"),
        Measure(stage, "intake", "sum", "thụ lý mới trong kỳ", "new in the window (intake)"),
        Measure(stage, "resolved", "sum", "đã giải quyết trong kỳ", "resolved in the window"),
    ]
    out += [Measure(stage, f"resolved_{key}", "sum", f"giải quyết: {vi}", f"resolved: {en}") for key, (vi, en) in outcomes.items()]
    out += [
        Measure(stage, "transferred", "sum", "chuyển cơ quan khác trong kỳ", "transferred to another agency in the window"),
        Measure(stage, "closing", "last", "tồn cuối kỳ (chưa giải quyết)", "still pending at the window's end (closing stock)"),
    ]
    return out + extra


REPORT_OUTCOMES = {
    "initiate": ("khởi tố vụ án", "case initiated"),
    "not_initiate": ("không khởi tố vụ án", "not initiated"),
    "suspend": ("tạm đình chỉ giải quyết", "suspended"),
    "administrative": ("chuyển xử lý hành chính", "administrative handling"),
}
INVESTIGATION_OUTCOMES = {
    "recommend_prosecution": ("kết luận điều tra, đề nghị truy tố", "investigation concluded, prosecution recommended"),
    "suspended": ("tạm đình chỉ điều tra", "investigation suspended"),
    "terminated": ("đình chỉ điều tra", "investigation terminated"),
}
PROCURACY_OUTCOMES = {
    "indicted": ("truy tố", "indicted"),
    "returned": ("trả hồ sơ điều tra bổ sung", "returned for further investigation"),
    "suspended": ("tạm đình chỉ vụ án", "suspended"),
    "terminated": ("đình chỉ vụ án", "terminated"),
}
COURT_OUTCOMES = {
    "tried": ("đã xét xử sơ thẩm", "tried at first instance"),
    "returned": ("trả hồ sơ điều tra bổ sung", "returned for further investigation"),
    "suspended": ("tạm đình chỉ vụ án", "suspended"),
    "terminated": ("đình chỉ vụ án", "terminated"),
}

# The Law on Prevention and Combat of Human Trafficking 2024 (in force 1-7-2025; #29): persons being identified as
# victims, those found not to be, and persons under 18 accompanying them, apart from identified victims. The
# accompanying children are in none of the other victims.* measures.
LAW_2024_MEASURES = [
    Measure("victims", "being_identified", "last", "người đang trong quá trình xác định là nạn nhân (cuối kỳ)",
            "persons being identified as victims at the window's end"),
    Measure("victims", "being_identified_supported", "sum", "người đang trong quá trình xác định được hỗ trợ trong kỳ",
            "persons supported in the window while being identified"),
    Measure("victims", "not_victim", "sum", "được kết luận không phải nạn nhân trong kỳ", "found not to be victims in the window"),
    Measure("victims", "accompanying_received", "sum", "người dưới 18 tuổi đi cùng được tiếp nhận trong kỳ",
            "persons under 18 accompanying a victim, received in the window"),
    Measure("victims", "accompanying_supported", "sum", "người dưới 18 tuổi đi cùng được hỗ trợ trong kỳ",
            "persons under 18 accompanying a victim, supported in the window"),
]
# Splits of the 2024 Law (#29): reports by the channel they came in by (the 111 hotline...), persons received by
# their status at the window's end.
LAW_2024_BREAKDOWNS: dict[str, tuple[str, ...]] = {"reports.intake": ("channel",), "victims.received": ("status",)}
# The status at the window's end of the persons received in it (victims.received[status=...]): they add up to
# victims.received.
RECEIVED_STATUSES = {
    "identified": ("đã được xác định là nạn nhân", "identified as victims"),
    "being_identified": ("đang trong quá trình xác định", "still being identified"),
    "not_victim": ("kết luận không phải nạn nhân", "found not to be victims"),
}

MEASURES: tuple[Measure, ...] = tuple(
    _stage("reports", REPORT_OUTCOMES, [
        Measure("reports", "intake_classified", "sum", "tin mới đã được phân loại đến cuối kỳ", "new reports classified by the window's end"),
        Measure("reports", "overdue", "last", "tồn cuối kỳ đã quá hạn luật định", "pending at the window's end and past the statutory limit"),
    ])
    + _stage("investigation", INVESTIGATION_OUTCOMES, [
        Measure("investigation", "intake_solved", "sum", "án khởi tố mới đã điều tra, khám phá đến cuối kỳ", "newly initiated cases solved by the window's end"),
        Measure("investigation", "suspects", "sum", "số bị can của án khởi tố mới", "suspects in newly initiated cases"),
        Measure("investigation", "victims", "sum", "số nạn nhân của án khởi tố mới", "victims in newly initiated cases"),
    ])
    + _stage("procuracy", PROCURACY_OUTCOMES, [])
    + _stage("court", COURT_OUTCOMES, [])
    + [
        Measure("victims", "received", "sum", "nạn nhân được tiếp nhận trong kỳ", "victims received in the window"),
        Measure("victims", "verified", "sum", "được xác minh trong kỳ", "verified in the window"),
        Measure("victims", "identified", "sum", "được xác định là nạn nhân trong kỳ", "identified as victims in the window"),
        Measure("victims", "identified_supported", "sum", "nạn nhân xác định trong kỳ đã được hỗ trợ đến cuối kỳ", "victims identified in the window and supported by its end"),
        Measure("victims", "rescued", "sum", "được giải cứu trong kỳ", "rescued in the window"),
        Measure("victims", "protected", "sum", "được bảo vệ trong kỳ", "protected in the window"),
        Measure("victims", "supported", "sum", "được hỗ trợ trong kỳ", "supported in the window"),
    ]
    + LAW_2024_MEASURES
)
BY_ID = {m.id: m for m in MEASURES}

# Breakdowns: which base measure can be split by which dimension.
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "victims.identified": ("sex", "age_group", "exploitation", "destination_country"),
    "victims.supported": ("support_kind",),
    "investigation.intake": ("scope", "exploitation"),
    **LAW_2024_BREAKDOWNS,
}

_BREAKDOWN = re.compile(r"^(?P<base>[a-z_]+\.[a-z_]+)\[(?P<dim>[a-z_]+)=(?P<value>[A-Za-z0-9_]+)\]$")


def parse_measure(measure_id: str) -> tuple[Measure, str | None, str | None]:
    """Split 'victims.identified[sex=female]' into (measure, 'sex', 'female'); KeyError if unknown."""
    if measure_id in BY_ID:
        return BY_ID[measure_id], None, None
    match = _BREAKDOWN.match(measure_id)
    if not match or match["base"] not in BY_ID or match["dim"] not in BREAKDOWNS.get(match["base"], ()):
        raise KeyError(measure_id)
    return BY_ID[match["base"]], match["dim"], match["value"]


def breakdown_id(base: str, dimension: str, value: str) -> str:
    return f"{base}[{dimension}={value}]"
