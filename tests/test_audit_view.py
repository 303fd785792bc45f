"""`tipmonitor audit-public` in the reader's language (present/audit_view.py): headers, periods, units, measures and
indicators by name, counts written the language's way, never a code (session 9)."""

import math

import pandas as pd
import pytest

from tipmonitor.present.audit_view import failing_table, interval, summary_table, window_label

# Two protected counts of 2026 as metrics/audit.intervals gives them: the city's women identified over 9 months
# (7, a reader can narrow it to 7..7: failing) and unit 00004's complement of T2 in Q2 (3, 0..∞: passing).
TABLE = pd.DataFrame({"kind": ["count", "complement"], "window": ["2026:1-3", "2026:2-2"], "unit": ["CITY", "00004"],
                      "what": ["victims.identified[sex=female]", "T2_report_resolution"], "value": [7.0, 3.0],
                      "low": [7.0, 0.0], "high": [7.0, math.inf], "need": [10.0, 10.0], "ok": [False, True]})


def _names(lang):
    return (lambda code: {"00004": "Ba Đình"}[code]), (lambda i: {"vi": "Giải quyết tin báo", "en": "Reports resolved"}[lang])


def test_the_failing_counts_read_as_periods_units_measures_and_indicators_never_codes():
    vi = failing_table(TABLE, "vi", *_names("vi"))
    assert list(vi.columns) == ["Loại số", "Kỳ", "Đơn vị", "Số liệu hoặc chỉ tiêu", "Giá trị thật",
                                "Người đọc suy ra được trong khoảng", "Ngưỡng"]
    assert vi.iloc[0].tolist() == ["số đếm", "9 tháng năm 2026", "Toàn thành phố",
                                   "Nạn nhân: được xác định là nạn nhân trong kỳ, riêng nữ", "7", "7–7", "10"]
    assert vi.iloc[1].tolist()[:5] == ["phần bù của tỷ lệ (mẫu số − tử số)", "Quý II/2026", "Ba Đình",
                                       "Giải quyết tin báo", "3"]
    assert vi.iloc[1, 5] == "0–∞"
    en = failing_table(TABLE, "en", *_names("en"))
    assert en.iloc[0].tolist()[:4] == ["a count", "Nine months of 2026", "Whole city",
                                       "Victims: identified as victims in the window, female only"]
    text = vi.to_string() + en.to_string()
    assert not any(code in text for code in ("CITY", "2026:", "victims.", "T2_", "nan"))
    assert set(en.iloc[:, 0]) == {"a count", "a rate's complement (denominator − numerator)"}


def test_the_summary_counts_by_kind_and_level_in_the_readers_words():
    vi = summary_table(TABLE, "vi")
    assert vi.to_dict("list") == {"Loại số": ["phần bù của tỷ lệ (mẫu số − tử số)", "số đếm"],
                                  "Cấp": ["đơn vị", "toàn thành phố"], "Số được bảo vệ": ["1", "1"],
                                  "Suy ra được": ["0", "1"]}
    many = pd.concat([TABLE.iloc[[1]]] * 1234, ignore_index=True)
    assert summary_table(many, "vi").iloc[0, 2] == "1.234" and summary_table(many, "en").iloc[0, 2] == "1,234"


def test_a_window_is_named_as_a_period_and_an_odd_one_is_left_as_given():
    assert window_label("2025:1-4", "vi") == "Năm 2025"
    assert "2026" in window_label("2026:1-2", "en") and ":" not in window_label("2026:1-2", "en")
    assert window_label("2026:2-3", "vi") == "2026:2-3"


@pytest.mark.parametrize("low, high, vi, en", [
    (-math.inf, math.inf, "0–∞", "0–∞"),  # was "∞–∞": a lower limit is clipped at 0, a count is never negative
    (-3.0, 5.0, "0–5", "0–5"),
    (2.5, 7.5, "3–7", "3–7"),  # round() gave 2–8 (half to even): the lower limit goes up, the upper down
    (3.0000000001, 6.9999999999, "3–7", "3–7"),  # a solver's hair off a whole number is that number
    (1243.2, 2000.9, "1.244–2.000", "1,244–2,000"),
    (math.nan, 4.0, "–", "–"),  # raised ValueError
    (1.0, math.nan, "–", "–"),
])
def test_an_intervals_limits_are_whole_counts_a_reader_can_narrow_to(low, high, vi, en):
    assert (interval(low, high, "vi"), interval(low, high, "en")) == (vi, en)
    table = TABLE.iloc[[1]].assign(low=[low], high=[high])
    assert failing_table(table, "en", *_names("en")).iloc[0, 5] == en
