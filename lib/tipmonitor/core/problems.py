"""Problems found in input, located by file, sheet, row and column, in the user's language.

Every check reports a Problem with a message key and its values; the message is
rendered in Vietnamese (default) or English. A load that finds any problem raises
InputError carrying all of them, so an analyst fixes a file in one pass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

MESSAGES: dict[str, dict[str, str]] = {
    "file_missing": {
        "vi": "không tìm thấy tệp",
        "en": "file not found"},
    "no_such_file": {
        "vi": "không có tệp hay thư mục này",
        "en": "no such file or folder"},
    "problems_nothing_stored": {
        "vi": "có {count} lỗi; chưa lưu gì.",
        "en": "{count} {problems}; nothing was stored."},
    "file_format": {
        "vi": "không đọc được tệp dạng {suffix}; hãy dùng CSV (UTF-8), Excel (.xlsx) hoặc Parquet",
        "en": "cannot read a {suffix} file; use CSV (UTF-8), Excel (.xlsx) or Parquet"},
    "file_unreadable": {
        "vi": "tệp bị hỏng hoặc không đúng định dạng {suffix}: {detail}",
        "en": "the file is damaged or not really {suffix}: {detail}"},
    "excel_error": {
        "vi": "ô này hiển thị lỗi Excel «{value}» thay cho số liệu; sửa công thức hoặc nhập giá trị",
        "en": "this cell shows the Excel error «{value}» instead of data; fix the formula or type the value"},
    "formula_no_value": {
        "vi": "ô này có công thức nhưng tệp không lưu kết quả (tệp do chương trình khác tạo); mở tệp bằng Excel, lưu lại rồi gửi",
        "en": "this cell has a formula but the file holds no result for it (written by another program); open it in Excel, save and send again"},
    "file_encoding": {
        "vi": "tệp CSV không ở mã UTF-8 (byte lạ ở vị trí {position}, có thể tệp lưu bằng mã Windows-1258 hoặc TCVN3); trong Excel hãy lưu bằng «CSV UTF-8»",
        "en": "the CSV file is not UTF-8 (unexpected byte at position {position}, perhaps saved as Windows-1258, Windows-1252 or TCVN3); in Excel use Save As «CSV UTF-8»"},
    "file_empty": {
        "vi": "tệp không có dòng dữ liệu nào",
        "en": "the file has no data rows"},
    "no_header": {
        "vi": "không tìm thấy dòng tiêu đề cột của bảng {table}; cần ít nhất các cột: {required}",
        "en": "no header row for the {table} table was found; it needs at least the columns: {required}"},
    "unknown_table": {
        "vi": "không nhận ra đây là bảng nào (tin báo, vụ án, nạn nhân hay số liệu tổng hợp) từ các cột: {columns}",
        "en": "cannot tell which table this is (crime reports, cases, victims or aggregate counts) from its columns: {columns}"},
    "pii_column": {
        "vi": "cột này có vẻ chứa thông tin cá nhân ({what}); hãy xóa cột khỏi tệp: nạn nhân và đối tượng chỉ được ghi bằng mã bí danh, không có họ tên, số giấy tờ, điện thoại hay địa chỉ",
        "en": "this column looks like personal data ({what}); delete it from the file: victims and suspects are recorded by pseudonymous code only, never by name, ID number, phone or address"},
    "pii_value": {
        "vi": "ô này có vẻ chứa {what}; hãy xóa thông tin cá nhân khỏi tệp (chỉ ghi mã bí danh) rồi gửi lại — tệp chưa được nhập",
        "en": "this cell looks like {what}; remove personal data from the file (use pseudonymous codes only) and send it again — the file was not taken in"},
    "unknown_column": {
        "vi": "không nhận ra cột này; các cột hợp lệ của bảng {table}: {known}",
        "en": "this column is not recognised; the {table} table's columns are: {known}"},
    "unmapped_column": {
        "vi": "cột này không có trong tệp ánh xạ cột {mapping}; thêm cột vào tệp ánh xạ (hoặc ghi ignore)",
        "en": "this column is not in the column-mapping file {mapping}; add it there (or map it to ignore)"},
    "duplicate_column": {
        "vi": "cột này trùng nghĩa với cột «{other}» (cùng là {field})",
        "en": "this column means the same as column «{other}» (both are {field})"},
    "missing_column": {
        "vi": "thiếu cột bắt buộc «{label}»",
        "en": "the required column «{label}» is missing"},
    "required_empty": {
        "vi": "ô bắt buộc đang để trống",
        "en": "this cell is required but empty"},
    "bad_date": {
        "vi": "«{value}» không phải ngày hợp lệ; hãy ghi ngày/tháng/năm (14/03/2023) hoặc năm-tháng-ngày (2023-03-14)",
        "en": "«{value}» is not a valid date; write day/month/year (14/03/2023) or year-month-day (2023-03-14)"},
    "future_date": {
        "vi": "ngày {value} nằm sau ngày hôm nay ({today})",
        "en": "the date {value} is after today ({today})"},
    "old_date": {
        "vi": "ngày {value} quá xa trong quá khứ (trước năm {year}); kiểm tra lại năm",
        "en": "the date {value} is implausibly early (before {year}); check the year"},
    "bad_int": {
        "vi": "«{value}» không phải số nguyên",
        "en": "«{value}» is not a whole number"},
    "negative": {
        "vi": "số lượng không được âm ({value})",
        "en": "a count cannot be negative ({value})"},
    "too_large": {
        "vi": "số {value} lớn bất thường (tối đa {maximum}); kiểm tra lại",
        "en": "{value} is implausibly large (at most {maximum}); check it"},
    "bad_choice": {
        "vi": "«{value}» không phải giá trị hợp lệ; dùng một trong: {allowed}",
        "en": "«{value}» is not an allowed value; use one of: {allowed}"},
    "unknown_unit": {
        "vi": "không nhận ra đơn vị «{value}»; dùng mã hoặc tên đơn vị trong danh mục (data/reference/units.csv)",
        "en": "unknown unit «{value}»; use a unit code or name from the registry (data/reference/units.csv)"},
    "ambiguous_unit": {
        "vi": "tên đơn vị «{value}» có thể là nhiều đơn vị ({candidates}); hãy ghi mã đơn vị",
        "en": "the unit name «{value}» could mean several units ({candidates}); write the unit code"},
    "unit_not_valid": {
        "vi": "đơn vị {unit} không tồn tại vào ngày {date} (hiệu lực {valid})",
        "en": "unit {unit} did not exist on {date} (valid {valid})"},
    "duplicate_id": {
        "vi": "mã «{value}» bị trùng với dòng {other}",
        "en": "the id «{value}» repeats row {other}"},
    "date_order": {
        "vi": "{later_label} ({later}) lại trước {earlier_label} ({earlier})",
        "en": "{later_label} ({later}) is before {earlier_label} ({earlier})"},
    "outcome_without_date": {
        "vi": "có «{outcome}» nhưng thiếu «{date_label}»",
        "en": "«{outcome}» is given but «{date_label}» is empty"},
    "date_without_outcome": {
        "vi": "có «{date_label}» nhưng thiếu kết quả «{outcome_label}»",
        "en": "«{date_label}» is given but the outcome «{outcome_label}» is empty"},
    "exit_without_entry": {
        "vi": "có «{exit}» nhưng thiếu «{entry}»",
        "en": "«{exit}» is given but «{entry}» is empty"},
    "unknown_case": {
        "vi": "mã vụ án «{value}» không có trong bảng vụ án",
        "en": "case id «{value}» is not in the cases table"},
    "bad_period": {
        "vi": "kỳ báo cáo «{value}» không hợp lệ; dùng 2023-Q2, 2023-H1, 2023-9M, 2023 hoặc 2023-05",
        "en": "period «{value}» is not valid; use 2023-Q2, 2023-H1, 2023-9M, 2023 or 2023-05"},
    "bad_measure": {
        "vi": "«{value}» không phải chỉ tiêu đếm trong danh mục (docs/data-model.md)",
        "en": "«{value}» is not a measure in the catalogue (docs/data-model.md)"},
    "duplicate_measure": {
        "vi": "chỉ tiêu {measure} của đơn vị {unit}, kỳ {period} đã có ở dòng {other}",
        "en": "measure {measure} for unit {unit}, period {period} is already on row {other}"},
    "numerator_above_denominator": {
        "vi": "{part} ({part_value}) lớn hơn {whole} ({whole_value}) của đơn vị {unit}, kỳ {period}",
        "en": "{part} ({part_value}) is more than {whole} ({whole_value}) for unit {unit}, period {period}"},
    "stock_mismatch": {
        "vi": "tồn đầu + mới − giải quyết − chuyển ({expected}) khác tồn cuối ({closing}) của giai đoạn {stage}, đơn vị {unit}, kỳ {period}",
        "en": "opening + intake − resolved − transferred ({expected}) differs from closing ({closing}) for stage {stage}, unit {unit}, period {period}"},
    "outcome_sum_mismatch": {
        "vi": "tổng giải quyết theo kết quả ({parts}) khác tổng giải quyết ({total}) của giai đoạn {stage}, đơn vị {unit}, kỳ {period}",
        "en": "resolved by outcome adds up to {parts}, not the total resolved ({total}), for stage {stage}, unit {unit}, period {period}"},
    "no_unit": {
        "vi": "không rõ đây là số liệu của đơn vị nào; ghi «Đơn vị» ở trang «Thông tin» hoặc dùng --unit",
        "en": "which unit sent this is not known; fill «Đơn vị» on the «Thông tin» sheet or give --unit"},
    "several_units": {
        "vi": "mỗi lần nộp là của một đơn vị, nhưng các dòng ghi nhiều đơn vị ({units}); tách tệp hoặc dùng --unit",
        "en": "a submission is one unit's, but the rows name several ({units}); split the file or give --unit"},
    "unit_mismatch": {
        "vi": "lần nộp của đơn vị {unit} nhưng có dòng ghi đơn vị khác ({units})",
        "en": "this is unit {unit}'s submission but rows name other units ({units})"},
    "no_period": {
        "vi": "không rõ kỳ báo cáo; ghi «Kỳ báo cáo» ở trang «Thông tin», đặt trong tên tệp (vd. 002_2023-Q2.xlsx) hoặc dùng --period",
        "en": "the period is not known; fill «Kỳ báo cáo» on the «Thông tin» sheet, put it in the file name (e.g. 002_2023-Q2.xlsx) or give --period"},
    "mixed_sources": {
        "vi": "đơn vị {unit} vừa gửi số liệu chi tiết vừa gửi số liệu tổng hợp cho kỳ {period}; chỉ giữ một loại",
        "en": "unit {unit} sent both case-level records and aggregate counts for {period}; keep one"},
}


# Words whose English form depends on the count ("1 problem", "2 problems"); Vietnamese has one form.
PLURALS = {"problem": {"one": "problem", "other": "problems"}}


def plural(word: str, count: int) -> str:
    return PLURALS[word]["one" if count == 1 else "other"]


def message(key: str, lang: str | None = None, **values) -> str:
    """A catalogue message outside a located Problem (a summary line, a command's own words)."""
    lang = lang or default_lang()
    entry = MESSAGES[key]
    return entry.get(lang, entry["vi"]).format(**values)


def default_lang() -> str:
    return os.environ.get("TIPMONITOR_LANG", "vi")


@dataclass(frozen=True)
class Problem:
    """One finding: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    key: str
    values: dict = field(default_factory=dict, hash=False, compare=False)
    sheet: str | None = None

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_lang()
        values = {k: (v.get(lang, v["vi"]) if isinstance(v, dict) else v) for k, v in self.values.items()}
        return MESSAGES[self.key][lang].format(**values)

    def location(self) -> str:
        parts = [self.file + (f"[{self.sheet}]" if self.sheet else "")]
        parts.append(str(self.row) if self.row is not None else "-")
        parts.append(self.column if self.column is not None else "-")
        return ":".join(parts)

    def render(self, lang: str | None = None) -> str:
        return f"{self.location()}: {self.message(lang)}"


class InputError(Exception):
    """Input that cannot be used as it is; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or ""))
        super().__init__(self.render())

    def render(self, lang: str | None = None, limit: int = 200) -> str:
        lines = [p.render(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            more = len(self.problems) - limit
            lines.append(f"... {more} more" if (lang or default_lang()) == "en" else f"... và {more} lỗi khác")
        return "\n".join(lines)
