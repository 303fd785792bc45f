"""Words users read, in Vietnamese (default) and English."""

from __future__ import annotations

STATUS = {
    "met": {"vi": "Đạt", "en": "Met"},
    "missed": {"vi": "Chưa đạt", "en": "Missed"},
    "at_risk": {"vi": "Có nguy cơ chưa đạt", "en": "At risk"},
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "no_target": {"vi": "Không có chỉ tiêu", "en": "No target"},
}
# Status is never shown by colour alone.
STATUS_SYMBOL = {"met": "✔", "missed": "✘", "at_risk": "⚠", "no_data": "–", "no_target": "·"}

COLUMNS = {
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "fraction": {"vi": "Kết quả (tử số/mẫu số)", "en": "Result (numerator/denominator)"},
    "rate": {"vi": "Tỷ lệ", "en": "Rate"},
    "target": {"vi": "Chỉ tiêu kế hoạch", "en": "Plan target"},
    "status": {"vi": "Đánh giá", "en": "Status"},
    "cases_needed": {"vi": "Cần giải quyết thêm", "en": "Still needed"},
    "baseline_same": {"vi": "Cùng kỳ {year}", "en": "Same period {year}"},
    "change_same": {"vi": "So với cùng kỳ {year}", "en": "Change vs same period {year}"},
    "baseline_year": {"vi": "Cả năm {year}", "en": "Full year {year}"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "method": {"vi": "Cách tính", "en": "Method"},
}

CITY = {"vi": "Toàn thành phố", "en": "Whole city"}

METHOD = {
    "pipeline": {"vi": "giải quyết trong kỳ / (tồn kỳ trước + mới − chuyển đi)",
                 "en": "resolved in the window / (carried over + new − transferred)"},
    "cohort": {"vi": "trong số phát sinh trong kỳ, tỷ lệ đạt kết quả đến cuối kỳ",
               "en": "of those that entered in the window, the share done by its end"},
    "share": {"vi": "tỷ lệ phần trên tổng", "en": "part of a whole"},
}

NOTES = {
    "exact_differs": {
        "vi": "Tỷ lệ hiển thị đã làm tròn; đánh giá theo giá trị chính xác {exact}",
        "en": "The rate shown is rounded; the status follows the exact value {exact}"},
    "unattainable": {
        "vi": "Không thể đạt trong kỳ này (cần nhiều hơn số còn lại)",
        "en": "Cannot be met in this period (needs more than remain)"},
    "baseline_table": {
        "vi": "Số liệu năm gốc lấy từ bảng nhập tay",
        "en": "Baseline taken from the hand-entered table"},
}

RULE = {
    "official": {"vi": "Kỳ số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng cuối kỳ",
                 "en": "Periods run from the 15th of the previous month to the 14th"},
    "calendar": {"vi": "Kỳ số liệu theo tháng dương lịch", "en": "Calendar-month periods"},
}


def text(table: dict, key: str, lang: str = "vi", **values) -> str:
    entry = table[key]
    return entry.get(lang, entry["vi"]).format(**values)
