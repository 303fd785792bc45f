"""Words users read, in Vietnamese (default) and English."""

from __future__ import annotations

STATUS = {
    "met": {"vi": "Đạt", "en": "Met"},
    "missed": {"vi": "Chưa đạt", "en": "Missed"},
    "at_risk": {"vi": "Có nguy cơ chưa đạt", "en": "At risk"},
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "no_target": {"vi": "Không có chỉ tiêu", "en": "No target"},
    "withheld": {"vi": "Không công bố (số nhỏ)", "en": "Withheld (small numbers)"},
}
# Status is never shown by colour alone.
STATUS_SYMBOL = {"met": "✔", "missed": "✘", "at_risk": "⚠", "no_data": "–", "no_target": "·", "withheld": "*"}

# A count withheld from a public report, in running text (in a cell: formatting.format_below).
WITHHELD_WORDS = {"vi": "dưới {threshold}", "en": "fewer than {threshold}"}

DISCLOSURE = {
    "internal": {
        "vi": "**Bản nội bộ — không công bố.** Báo cáo này có đầy đủ số liệu, kể cả các số nhỏ có thể làm lộ danh tính "
              "nạn nhân; chỉ dùng trong Ban Chỉ đạo. Bản công bố được tạo với `audience: public`.",
        "en": "**Internal edition — not for publication.** This report has every figure, small numbers included, which "
              "could identify victims; for the steering committee only. The public edition is made with `audience: public`."},
    "public": {
        "vi": "**Bản công bố.** Để bảo vệ nạn nhân, mọi số đếm dưới {threshold} (kể cả 0) được thay bằng “<{threshold}”; "
              "tỷ lệ không được công bố khi tử số hoặc mẫu số dưới {threshold}. Khi chỉ một đơn vị (hoặc một nhóm) "
              "bị ẩn, một đơn vị (nhóm) nhỏ nhất khác cũng được ẩn để không thể suy ra từ tổng; số lũy kế được ẩn khi "
              "một quý trong đó bị ẩn. Các ô bị ẩn có đánh giá “* Không công bố”. Không có danh sách hồ sơ, vụ án "
              "hay nạn nhân nào trong bản này.",
        "en": "**Public edition.** To protect victims, every count under {threshold} (zero included) is shown as "
              "“<{threshold}”; a rate is not shown when its numerator or denominator is under {threshold}. Where only "
              "one unit (or category) would be hidden, the next smallest is hidden too so it cannot be recovered from "
              "the total; a year-to-date figure is hidden when a quarter inside it is. Hidden cells carry the status "
              "“* Withheld”. No list of reports, cases or victims appears in this edition."},
}

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

# A target as printed: "trên 90%", "≥ 95%", "dưới 5%", "≤ 5%".
TARGET_OP = {
    ">": {"vi": "trên {rate}", "en": "above {rate}"},
    ">=": {"vi": "≥ {rate}", "en": "≥ {rate}"},
    "<": {"vi": "dưới {rate}", "en": "below {rate}"},
    "<=": {"vi": "≤ {rate}", "en": "≤ {rate}"},
}
# The comparison alone, in a table column of its own.
TARGET_OP_WORD = {
    ">": {"vi": "trên", "en": "above"},
    ">=": {"vi": "≥", "en": "≥"},
    "<": {"vi": "dưới", "en": "below"},
    "<=": {"vi": "≤", "en": "≤"},
}

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
    "no_items": {
        "vi": "Không có số liệu: mẫu số bằng 0 trong kỳ",
        "en": "No data: the denominator is 0 in this window"},
    "measure_missing": {
        "vi": "Không có số liệu: đơn vị không gửi {measures}",
        "en": "No data: the unit did not send {measures}"},
    "city_partial": {
        "vi": "Tính trên {counted}/{total} đơn vị có đủ tử số và mẫu số; {left} đơn vị không gửi đủ ({units}) không được tính",
        "en": "Over the {counted} of {total} units that sent both counts; {left} unit(s) without them ({units}) left out"},
    "city_none": {
        "vi": "Không có số liệu: không đơn vị nào gửi đủ tử số và mẫu số",
        "en": "No data: no unit sent both counts"},
    "lower_needed": {
        "vi": "Chỉ tiêu càng thấp càng tốt: cần giảm {needed} để đạt",
        "en": "Lower is better: {needed} fewer needed to meet the target"},
}

RULE = {
    "official": {"vi": "Kỳ số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng cuối kỳ",
                 "en": "Periods run from the 15th of the previous month to the 14th"},
    "calendar": {"vi": "Kỳ số liệu theo tháng dương lịch", "en": "Calendar-month periods"},
}


def text(table: dict, key: str, lang: str = "vi", **values) -> str:
    entry = table[key]
    return entry.get(lang, entry["vi"]).format(**values)

CHART = {
    "caseload": {"vi": "Số tin báo và vụ án", "en": "Reports and cases"},
    "overall_status": {"vi": "Đánh giá chung", "en": "Overall status"},
    "missed_targets": {"vi": "Chỉ tiêu chưa đạt", "en": "Targets missed"},
    "quarter": {"vi": "Quý", "en": "Quarter"},
    "count": {"vi": "Số lượng", "en": "Count"},
    "trend_title": {"vi": "Diễn biến theo quý (đường chấm: chỉ tiêu; đường gạch: cả năm {year} của {whose})",
                    "en": "By quarter (dotted: target; dashed: {whose}, full year {year})"},
    "share": {"vi": "Tỷ lệ", "en": "Share"},
}

SECTIONS = {
    "title": {
        "vi": "# Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người — {period}\n\n{committee}. Báo cáo cho biết "
              "các chỉ tiêu của Kế hoạch {plan} đã đạt hay chưa, so với năm {baseline}, và những đơn vị nào còn chưa đạt, còn "
              "thiếu bao nhiêu vụ việc.",
        "en": "# Progress on the anti-trafficking plan — {period}\n\n{committee}. This report shows whether the targets of "
              "Plan {plan} are met, how they compare with {baseline}, and which units still miss them and by how many cases."},
    "targets": {
        "vi": "## 1. Kết quả thực hiện các chỉ tiêu\n\nMỗi chỉ tiêu ghi kết quả (tử số/mẫu số), tỷ lệ, chỉ tiêu Kế hoạch, đánh giá "
              "và số vụ việc cần giải quyết thêm để đạt; so sánh với cùng kỳ và cả năm {baseline}.",
        "en": "## 1. Results against the targets\n\nEach indicator with its result (numerator/denominator), rate, target, "
              "status and the number of items still needed; compared with the same period and the full year {baseline}."},
    "ytd": {
        "vi": "### Lũy kế từ đầu năm\n\n«Có nguy cơ chưa đạt»: chưa đạt nhưng số vụ việc còn đang giải quyết đủ để đạt trước cuối năm.",
        "en": "### Year to date\n\n«At risk»: below target, but enough items are still pending to reach it before the year ends."},
    "units": {
        "vi": "## 2. Đơn vị chưa đạt chỉ tiêu\n\nXếp theo số vụ việc còn thiếu, nhiều nhất trước. Bảng màu: xanh đậm ✔ đạt, "
              "vàng ⚠ có nguy cơ, cam ✘ chưa đạt, xám – không có số liệu.",
        "en": "## 2. Units missing targets\n\nSorted by the number of items still needed, largest first. Colours: dark blue ✔ met, "
              "yellow ⚠ at risk, orange ✘ missed, grey – no data."},
    "map": {
        "vi": "Bản đồ: mỗi đơn vị đặt tại tâm địa giới hành chính; kích thước theo số tin báo và vụ án mới trong kỳ, màu theo "
              "đánh giá chung (chỉ tiêu kém nhất).",
        "en": "Map: each unit at its official centroid; size by new reports and cases in the period, colour by its worst status."},
    "trends": {
        "vi": "## 3. Diễn biến theo quý từ năm {baseline}\n\nĐường chấm màu cam là chỉ tiêu của năm kế hoạch; đường gạch xám là "
              "kết quả cả năm {baseline} của toàn Thành phố.",
        "en": "## 3. Quarterly trends since {baseline}\n\nThe dotted orange line is the plan year's target; the dashed grey "
              "line the city's full-year {baseline} result."},
    "pipeline": {
        "vi": "## 4. Từ tin báo đến xét xử\n\nSố lượng ở từng khâu trong kỳ, so với cùng kỳ năm {baseline}.",
        "en": "## 4. From reports to trial\n\nCounts at each stage in the period, beside the same period of {baseline}."},
    "victims": {
        "vi": "## 5. Nạn nhân\n\nNạn nhân được xác định trong kỳ theo giới tính, nhóm tuổi, mục đích bị mua bán và nơi bị đưa đến; "
              "các hình thức hỗ trợ đã thực hiện.",
        "en": "## 5. Victims\n\nVictims identified in the period by sex, age group, exploitation and destination; support given."},
    "summary": {
        "vi": "## 6. Nhận xét chung (dự thảo để đưa vào báo cáo)",
        "en": "## 6. Summary (draft for the committee's report)"},
    "unit_title": {
        "vi": "# {unit} — {period}\n\nKết quả thực hiện các chỉ tiêu của Kế hoạch {plan} của đơn vị, so với năm {baseline} "
              "và với các đơn vị khác.",
        "en": "# {unit} — {period}\n\nThe unit's results against the targets of Plan {plan}, compared with {baseline} "
              "and with the other units."},
    "unit_targets": {"vi": "## 1. Kết quả các chỉ tiêu (kỳ báo cáo và lũy kế từ đầu năm)",
                     "en": "## 1. Results (the period, then the year to date)"},
    "unit_rank": {"vi": "## 2. Thứ hạng trong các đơn vị và số vụ việc cần thêm để đạt",
                  "en": "## 2. Rank among units and items still needed"},
    "unit_trend": {"vi": "## 3. Diễn biến theo quý, bên cạnh toàn Thành phố; đường gạch: cả năm gốc của đơn vị",
                   "en": "## 3. By quarter, beside the whole city; dashed: the unit's own baseline year"},
    "unit_overdue": {"vi": "## 4. Tin báo quá hạn giải quyết vào cuối kỳ (chỉ mã hồ sơ và số ngày quá hạn)",
                     "en": "## 4. Crime reports overdue at the period's end (ids and days overdue only)"},
    "dq_title": {
        "vi": "# Chất lượng số liệu — {period}\n\nCác đơn vị đã nộp số liệu chưa, đúng hạn không (hạn nộp: 2 ngày làm việc sau "
              "ngày chốt số liệu); các vấn đề phát hiện khi kiểm tra; hồ sơ nhập muộn làm thay đổi số liệu các kỳ trước; "
              "số liệu bất thường.",
        "en": "# Data quality — {period}\n\nWhich units submitted and on time (due 2 working days after the cut-off); what the "
              "checks found; records entered late that changed earlier figures; unusual counts."},
    "dq_submissions": {"vi": "## 1. Tình hình nộp số liệu", "en": "## 1. Submissions"},
    "dq_findings": {"vi": "## 2. Vấn đề phát hiện khi kiểm tra", "en": "## 2. Findings"},
    "dq_late": {"vi": "## 3. Hồ sơ nhập muộn làm thay đổi số liệu kỳ trước", "en": "## 3. Late entries that changed past figures"},
    "dq_outliers": {"vi": "## 4. Số liệu bất thường so với các quý trước", "en": "## 4. Unusual counts"},
}
