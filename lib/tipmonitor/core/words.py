"""Every word a user reads, in Vietnamese (the default) and English: the one text catalogue.

``say(key, lang, **values)`` renders an entry of ``WORDS``; ``pick`` renders the
data-model vocabulary that carries its own two labels (indicator and distribution
labels in params/indicators.yaml, the city's names in params/city.yaml, the fields,
tables, values and measures of model/schema.py and model/measures.py). Choosing a
language happens here and nowhere else (tests/test_words.py scans the package).
A module of dicts: importing it costs nothing, so the command line starts fast.
"""

from __future__ import annotations

import math
import numbers
import os
import string
import sys
from collections.abc import Mapping

LANGUAGES = ("vi", "en")
DEFAULT = "vi"

WORDS: dict[str, dict[str, str]] = {
    # --- the period run ---
    "run.not_ended": {"vi": "kỳ {period} chưa kết thúc (đến hết ngày {end}; hôm nay là {today}): báo cáo sẽ trông như số liệu chính thức của cả kỳ. Dùng --to-date để tạo báo cáo tạm tính (mỗi trang ghi rõ số liệu tính đến ngày nào)",
        "en": "the period {period} has not ended (it runs to {end}; today is {today}): the report would look final. Use --to-date for a provisional report (every page says to which date its figures run)"},
    "run.not_begun": {"vi": "kỳ {period} chưa bắt đầu (từ ngày {start}; hôm nay là {today}): chưa có số liệu nào để báo cáo. Chọn một kỳ đã bắt đầu (hoặc kiểm tra --today)",
        "en": "the period {period} has not begun (it starts on {start}; today is {today}): there are no figures to report yet. Choose a period that has begun (or check --today)"},
    "run.before_data": {"vi": "kỳ {period} kết thúc ngày {end}, trước ngày đầu tiên có số liệu trong {location} ({first}): không có số liệu để báo cáo hay so sánh với năm gốc. Chọn một kỳ kết thúc từ ngày {first} trở đi",
        "en": "the period {period} ends on {end}, before the first day with data in {location} ({first}): there are no figures to report or compare with the baseline. Choose a period that ends on or after {first}"},
    "report.to_date": {"vi": "**Số liệu tạm tính.** Kỳ này, {period}, chưa kết thúc (đến hết ngày {end}); số liệu tính đến ngày {today} và sẽ còn thay đổi.",
        "en": "**Provisional figures.** This period, {period}, has not ended (it runs to {end}); the figures run to {today} and will change."},
    "help.to_date": {"vi": "chạy cả kỳ chưa kết thúc: báo cáo tạm tính, mỗi trang ghi số liệu tính đến ngày nào",
        "en": "run a period that has not ended: a provisional report, every page saying to which date its figures run"},
    "run.all_failed": {"vi": "cả {count:#} notebook của lần chạy đều lỗi (lỗi đầu tiên: {error}); không xuất bản gì, báo cáo trước đó (nếu có) tại {final} được giữ nguyên; sửa lỗi rồi chạy lại",
        "en": "all {count:# notebook|notebooks} of this run failed (the first: {error}); nothing was published, and any earlier report at {final} is left as it was; fix the error and run again"},
    # --- status ---
    "status.met": {"vi": "Đạt",
        "en": "Met"},
    "status.missed": {"vi": "Chưa đạt",
        "en": "Missed"},
    "status.at_risk": {"vi": "Có nguy cơ chưa đạt",
        "en": "At risk"},
    "status.no_data": {"vi": "Không có số liệu",
        "en": "No data"},
    "status.no_target": {"vi": "Không có chỉ tiêu",
        "en": "No target"},
    "status.withheld": {"vi": "Không công bố",
        "en": "Withheld"},
    # --- disclosure ---
    "disclosure.internal": {"vi": "**Bản nội bộ — không công bố.** Báo cáo này có đầy đủ số liệu, kể cả các số nhỏ có thể làm lộ danh tính nạn nhân; chỉ dùng trong Ban Chỉ đạo. Bản công bố được tạo với `audience: public`.",
        "en": "**Internal edition — not for publication.** This report has every figure, small numbers included, which could identify victims; for the steering committee only. The public edition is made with `audience: public`."},
    "disclosure.public": {"vi": "**Bản công bố.** Để bảo vệ nạn nhân, mọi số đếm từ 1 đến dưới {threshold} của một đơn vị, và của một nhóm người (theo giới tính, độ tuổi, quốc tịch, mục đích bị mua bán, nơi bị đưa đến) ở mọi cấp, không được công bố; tổng số tin báo, vụ án, bị can, nạn nhân của toàn thành phố được công bố. Một tỷ lệ được công bố khi cả tử số và mẫu số được công bố. Các số khác có thể suy ra một số được bảo vệ (qua tổng, hiệu hoặc các kỳ khác trong năm) cũng không được công bố. Ký hiệu: «*» không công bố để bảo vệ nạn nhân (số đó có thể lớn hay nhỏ); «–» không có số liệu (đơn vị không báo cáo, hoặc mẫu số bằng 0). Kết quả Đạt/Chưa đạt của một đơn vị có thể được công bố khi tỷ lệ và số đếm của nó không được công bố (ghi ký hiệu trên). Không có danh sách hồ sơ, vụ án hay nạn nhân nào trong bản này.",
        "en": "**Public edition.** To protect victims, every count from 1 to under {threshold} of a unit, and of a group of persons (by sex, age, nationality, exploitation, destination) at any level, is withheld; the city's totals of crime reports, cases, suspects and victims are published. A rate is published when both its numerator and its denominator are. Other figures from which a protected count could be worked out (through a total, a difference or the year's other periods) are withheld too. Marks: «*» withheld to protect persons (the figure may be large or small); «–» no figure (the unit did not report, or the denominator is 0). A unit's result (met / not met) may be published where its rate and counts are withheld (marked as above). No list of reports, cases or victims appears in this edition."},
    # --- column ---
    "column.indicator": {"vi": "Chỉ tiêu",
        "en": "Indicator"},
    "column.unit": {"vi": "Đơn vị",
        "en": "Unit"},
    "column.fraction": {"vi": "Kết quả (tử số/mẫu số)",
        "en": "Result (numerator/denominator)"},
    "column.rate": {"vi": "Tỷ lệ",
        "en": "Rate"},
    "column.target": {"vi": "Chỉ tiêu kế hoạch",
        "en": "Plan target"},
    "column.status": {"vi": "Đánh giá",
        "en": "Status"},
    "column.cases_needed": {"vi": "Cần giải quyết thêm",
        "en": "Still needed"},
    "column.baseline_same": {"vi": "Cùng kỳ {year}",
        "en": "Same period {year}"},
    "column.change_same": {"vi": "So với cùng kỳ {year}",
        "en": "Change vs same period {year}"},
    "column.baseline_year": {"vi": "Cả năm {year}",
        "en": "Full year {year}"},
    "column.baseline_basis": {"vi": "Cơ sở so sánh {year}", "en": "Basis of the {year} comparison"},
    "column.rank": {"vi": "Xếp hạng",
        "en": "Rank"},
    "column.note": {"vi": "Ghi chú",
        "en": "Note"},
    "column.method": {"vi": "Cách tính",
        "en": "Method"},
    # --- method ---
    "method.pipeline": {"vi": "giải quyết trong kỳ / (tồn kỳ trước + mới − chuyển đi)",
        "en": "resolved in the window / (carried over + new − transferred)"},
    "method.cohort": {"vi": "trong số phát sinh trong kỳ, tỷ lệ đạt kết quả đến cuối kỳ",
        "en": "of those that entered in the window, the share done by its end"},
    "method.share": {"vi": "tỷ lệ phần trên tổng",
        "en": "part of a whole"},
    # --- note ---
    "note.exact_differs": {"vi": "Tỷ lệ hiển thị đã làm tròn; đánh giá theo giá trị chính xác {exact}",
        "en": "The rate shown is rounded; the status follows the exact value {exact}"},
    "note.unattainable": {"vi": "Không thể đạt trong kỳ này (cần nhiều hơn số còn lại)",
        "en": "Cannot be met in this period (needs more than remain)"},
    "note.baseline_none": {"vi": "cùng kỳ «–» vì khi đó không có trường hợp nào để tính (mẫu số bằng 0)",
        "en": "the same period reads «–»: nothing to count then (denominator 0)"},
    "note.baseline_missing": {"vi": "cùng kỳ «–» vì không có số liệu của kỳ đó",
        "en": "the same period reads «–»: no data for that period"},
    "note.baseline_table": {"vi": "Số liệu năm gốc lấy từ bảng nhập tay",
        "en": "Baseline taken from the hand-entered table"},
    "note.no_items": {"vi": "Không có số liệu: mẫu số bằng 0 trong kỳ",
        "en": "No data: the denominator is 0 in this window"},
    "note.result_without_counts": {"vi": "Công bố kết quả so với chỉ tiêu; tỷ lệ và số đếm không công bố để bảo vệ nạn nhân",
        "en": "The result against the target is published; the rate and counts are withheld to protect persons"},
    "note.measure_missing": {"vi": "Không có số liệu: đơn vị không gửi {measures}",
        "en": "No data: the unit did not send {measures}"},
    "note.city_partial": {"vi": "Tính trên {counted}/{total:#} đơn vị có đủ tử số và mẫu số; {left:#} đơn vị không gửi đủ ({units}) không được tính",
        "en": "Over the {counted} of {total:# unit|units} that sent both counts; {left:# unit|units} without them ({units}) left out"},
    "note.city_none": {"vi": "Không có số liệu: không đơn vị nào gửi đủ tử số và mẫu số",
        "en": "No data: no unit sent both counts"},
    "note.lower_needed": {"vi": "Chỉ tiêu càng thấp càng tốt: cần giảm {needed} để đạt",
        "en": "Lower is better: {needed} fewer needed to meet the target"},
    # --- rule ---
    "rule.official": {"vi": "Kỳ số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng cuối kỳ",
        "en": "Periods run from the 15th of the previous month to the 14th"},
    "rule.calendar": {"vi": "Kỳ số liệu theo tháng dương lịch",
        "en": "Calendar-month periods"},
    # --- chart ---
    "chart.caseload": {"vi": "Số tin báo và vụ án",
        "en": "Reports and cases"},
    "chart.overall_status": {"vi": "Đánh giá chung",
        "en": "Overall status"},
    "chart.missed_targets": {"vi": "Chỉ tiêu chưa đạt",
        "en": "Targets missed"},
    "chart.quarter": {"vi": "Quý",
        "en": "Quarter"},
    "chart.count": {"vi": "Số lượng",
        "en": "Count"},
    "chart.trend_title": {"vi": "Diễn biến theo quý (đường chấm: chỉ tiêu; đường gạch: cả năm {year} của {whose})",
        "en": "By quarter (dotted: target; dashed: {whose}, full year {year})"},
    "chart.share": {"vi": "Tỷ lệ",
        "en": "Share"},
    # --- section ---
    "section.title": {"vi": "# Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người — {period}\n\n{committee}. Báo cáo cho biết các chỉ tiêu của Kế hoạch {plan} đã đạt hay chưa, so với năm {baseline}, và những đơn vị nào còn chưa đạt, còn thiếu bao nhiêu tin báo, vụ án, nạn nhân.",
        "en": "# Progress on the anti-trafficking plan — {period}\n\n{committee}. This report shows whether the targets of Plan {plan} are met, how they compare with {baseline}, and which units still miss them and by how many cases."},
    "section.title_public": {"vi": "# Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người — {period}\n\n{committee}. Báo cáo cho biết các chỉ tiêu của Kế hoạch {plan} đã đạt hay chưa, so với năm {baseline}, và có bao nhiêu đơn vị còn chưa đạt (bản công bố không nêu tên đơn vị khi việc đó làm lộ số nhỏ).",
        "en": "# Progress on the anti-trafficking plan — {period}\n\n{committee}. This report shows whether the targets of Plan {plan} are met, how they compare with {baseline}, and how many units still miss them (this public edition names no unit where that would reveal a small number)."},
    "section.targets": {"vi": "## 1. Kết quả thực hiện các chỉ tiêu\n\nMỗi chỉ tiêu ghi kết quả (tử số/mẫu số), tỷ lệ, chỉ tiêu Kế hoạch, đánh giá và số tin báo, vụ án hoặc nạn nhân cần giải quyết thêm để đạt; so sánh với cùng kỳ và cả năm {baseline}.",
        "en": "## 1. Results against the targets\n\nEach indicator with its result (numerator/denominator), rate, target, status and the number of items still needed; compared with the same period and the full year {baseline}."},
    "section.ytd": {"vi": "### Lũy kế từ đầu năm\n\n«Có nguy cơ chưa đạt»: chưa đạt nhưng số tin báo, vụ án, nạn nhân còn đang giải quyết đủ để đạt trước cuối năm.",
        "en": "### Year to date\n\n«At risk»: below target, but enough items are still pending to reach it before the year ends."},
    "section.units": {"vi": "## 2. Đơn vị chưa đạt chỉ tiêu\n\nXếp theo số còn thiếu để đạt (tin báo, vụ án, nạn nhân), nhiều nhất trước. Bảng màu: xanh đậm ✔ đạt, vàng ⚠ có nguy cơ, cam ✘ chưa đạt, xám – không có số liệu.",
        "en": "## 2. Units missing targets\n\nSorted by the number of items still needed, largest first. Colours: dark blue ✔ met, yellow ⚠ at risk, orange ✘ missed, grey – no data."},
    "section.map": {"vi": "Bản đồ: mỗi đơn vị đặt tại tâm địa giới hành chính; kích thước theo số tin báo và vụ án mới trong kỳ, màu theo đánh giá chung (chỉ tiêu kém nhất).",
        "en": "Map: each unit at its official centroid; size by new reports and cases in the period, colour by its worst status."},
    "section.trends": {"vi": "## 3. Diễn biến theo quý từ năm {baseline}\n\nĐường đen là toàn Thành phố; đường chấm xám đậm là chỉ tiêu của năm kế hoạch; đường gạch xám là kết quả cả năm {baseline} của toàn Thành phố. Màu xanh dương, cam, vàng chỉ dùng cho đánh giá (đạt, chưa đạt, có nguy cơ).",
        "en": "## 3. Quarterly trends since {baseline}\n\nThe black line is the city; the dotted dark grey line the plan year's target; the dashed grey line the city's full-year {baseline} result. Blue, orange and yellow are kept for the status (met, missed, at risk)."},
    "section.pipeline": {"vi": "## 4. Từ tin báo đến xét xử\n\nSố lượng ở từng khâu trong kỳ, so với cùng kỳ năm {baseline}.",
        "en": "## 4. From reports to trial\n\nCounts at each stage in the period, beside the same period of {baseline}."},
    "section.victims": {"vi": "## 5. Nạn nhân\n\nNạn nhân được xác định trong kỳ theo giới tính, nhóm tuổi, mục đích bị mua bán và nơi bị đưa đến; các hình thức hỗ trợ đã thực hiện.",
        "en": "## 5. Victims\n\nVictims identified in the period by sex, age group, exploitation and destination; support given."},
    "section.summary": {"vi": "## 6. Nhận xét chung (dự thảo để đưa vào báo cáo)",
        "en": "## 6. Summary (draft for the committee's report)"},
    "section.unit_title": {"vi": "# {unit} — {period}\n\nKết quả thực hiện các chỉ tiêu của Kế hoạch {plan} của đơn vị, so với năm {baseline} và với các đơn vị khác.",
        "en": "# {unit} — {period}\n\nThe unit's results against the targets of Plan {plan}, compared with {baseline} and with the other units."},
    "section.unit_targets": {"vi": "## 1. Kết quả các chỉ tiêu (kỳ báo cáo và lũy kế từ đầu năm)",
        "en": "## 1. Results (the period, then the year to date)"},
    "section.unit_rank": {"vi": "## 2. Thứ hạng trong các đơn vị và số tin báo, vụ án, nạn nhân cần thêm để đạt",
        "en": "## 2. Rank among units and items still needed"},
    "section.unit_trend": {"vi": "## 3. Diễn biến theo quý, bên cạnh toàn Thành phố; đường gạch: cả năm gốc của đơn vị",
        "en": "## 3. By quarter, beside the whole city; dashed: the unit's own baseline year"},
    "section.unit_overdue": {"vi": "## 4. Tin báo quá hạn giải quyết vào cuối kỳ (chỉ mã hồ sơ và số ngày quá hạn)",
        "en": "## 4. Crime reports overdue at the period's end (ids and days overdue only)"},
    # a public edition lists no record: its heading promises no ids
    "section.unit_overdue_public": {"vi": "## 4. Tin báo quá hạn giải quyết vào cuối kỳ",
        "en": "## 4. Crime reports overdue at the period's end"},
    "section.dq_title": {"vi": "# Chất lượng số liệu — {period}\n\nCác đơn vị đã nộp số liệu chưa, đúng hạn không (hạn nộp: 2 ngày làm việc sau ngày chốt số liệu); các vấn đề phát hiện khi kiểm tra; hồ sơ nhập muộn làm thay đổi số liệu các kỳ trước; số liệu bất thường.",
        "en": "# Data quality — {period}\n\nWhich units submitted and on time (due 2 working days after the cut-off); what the checks found; records entered late that changed earlier figures; unusual counts."},
    "section.dq_submissions": {"vi": "## 1. Tình hình nộp số liệu",
        "en": "## 1. Submissions"},
    "section.dq_findings": {"vi": "## 2. Vấn đề phát hiện khi kiểm tra",
        "en": "## 2. Findings"},
    "section.dq_late": {"vi": "## 3. Hồ sơ nhập muộn làm thay đổi số liệu kỳ trước",
        "en": "## 3. Late entries that changed past figures"},
    "section.dq_transfers": {"vi": "## 5. Tin báo, vụ án chuyển đi chưa có bên nhận\n\nHồ sơ đơn vị ghi «chuyển cơ quan khác» trong kỳ mà chưa đơn vị nào của thành phố ghi mã bên chuyển (cột «Mã bên chuyển đến») khi nhận: chuyển ra ngoài thành phố, hoặc bên nhận chưa ghi mã. Hồ sơ đã nối được tính một lần cho toàn thành phố.",
        "en": "## 5. Transferred reports and cases no unit received\n\nRecords a unit marked «transferred» in the period that no unit of the city names (the «Sender's id» column) on receipt: sent outside the city, or the receiver did not write the id. Linked ones count once for the city."},
    "report.no_unlinked_transfers": {"vi": "Không có hồ sơ chuyển đi nào chưa nối với bên nhận.", "en": "No transferred record is left without its receipt."},
    "column.table": {"vi": "Bảng", "en": "Table"},
    "column.record_id": {"vi": "Mã hồ sơ", "en": "Record id"},
    "column.transferred_on": {"vi": "Ngày chuyển", "en": "Transferred on"},
    "section.dq_outliers": {"vi": "## 4. Số liệu bất thường so với các quý trước",
        "en": "## 4. Unusual counts"},
    # --- message ---
    # --- settings files (params/*.yaml, core/settings.py); shown after "file: key path: " ---
    "message.settings_encoding": {"vi": 'tệp không ở mã UTF-8 (byte lạ ở vị trí {position}); hãy lưu lại bằng UTF-8',
        "en": 'the file is not UTF-8 (unexpected byte at position {position}); save it as UTF-8'},
    "message.settings_yaml": {"vi": 'không đọc được YAML ở dòng {line}, cột {column}: {detail}',
        "en": 'not valid YAML at line {line}, column {column}: {detail}'},
    "message.settings_yaml_unreadable": {"vi": 'không đọc được YAML: {detail}',
        "en": 'not valid YAML: {detail}'},
    "message.settings_not_keys": {"vi": 'tệp phải là danh sách các thiết lập dạng «khóa: giá trị»',
        "en": 'the file must be a list of settings, «key: value»'},
    "message.settings_unknown_key": {"vi": 'thiết lập này không có trong mẫu (gõ sai tên?); các thiết lập hợp lệ: {allowed}',
        "en": 'unknown key (a typing mistake?); allowed keys: {allowed}'},
    "message.settings_missing": {"vi": 'thiếu thiết lập bắt buộc này',
        "en": 'this required setting is missing'},
    "message.settings_text": {"vi": '«{value}» phải là chữ; đặt trong ngoặc kép ("002")',
        "en": '«{value}» must be text; put it in double quotes ("002")'},
    "message.settings_text_empty": {"vi": 'không được để trống',
        "en": 'must not be empty'},
    "message.settings_bool": {"vi": '«{value}» phải là true hoặc false',
        "en": '«{value}» must be true or false'},
    "message.settings_keys": {"vi": '«{value}» phải là một nhóm thiết lập «khóa: giá trị»',
        "en": '«{value}» must be a group of settings, «key: value»'},
    "message.settings_list": {"vi": '«{value}» phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)',
        "en": '«{value}» must be a list (one item per line starting with «- »)'},
    "message.settings_date": {"vi": '«{value}» không phải ngày hợp lệ; ghi năm-tháng-ngày (2023-02-16)',
        "en": '«{value}» is not a valid date; write year-month-day (2023-02-16)'},
    "message.settings_number": {"vi": '«{value}» không phải là số',
        "en": '«{value}» is not a number'},
    "message.settings_at_least": {"vi": '{value} nhỏ hơn mức tối thiểu {limit}',
        "en": '{value} is below the minimum of {limit}'},
    "message.settings_at_most": {"vi": '{value} lớn hơn mức tối đa {limit}',
        "en": '{value} is above the maximum of {limit}'},
    "message.settings_above": {"vi": '{value} phải lớn hơn {limit}',
        "en": '{value} must be more than {limit}'},
    "message.settings_below": {"vi": '{value} phải nhỏ hơn {limit}',
        "en": '{value} must be less than {limit}'},
    "message.settings_too_few": {"vi": 'cần ít nhất {limit:#} mục',
        "en": 'needs at least {limit:# item|items}'},
    "message.settings_pattern": {"vi": '«{value}» không đúng dạng (mẫu: {limit})',
        "en": '«{value}» is not in the expected form (pattern: {limit})'},
    "message.settings_invalid": {"vi": '«{value}» không hợp lệ ({detail})',
        "en": '«{value}» is not valid ({detail})'},
    "message.settings_words": {"vi": 'cần cả nhãn tiếng Việt (vi) và tiếng Anh (en), không để trống',
        "en": 'needs both a Vietnamese (vi) and an English (en) label'},
    "message.settings_unknown_measure": {"vi": "không có chỉ tiêu đếm '{measure}' trong '{text}' (xem docs/data-model.md)",
        "en": "unknown measure '{measure}' in '{text}' (see docs/data-model.md)"},
    "message.settings_not_a_sum": {"vi": "'{text}' không phải là tổng, hiệu của các chỉ tiêu đếm (vd. reports.opening + reports.intake - reports.transferred)",
        "en": "'{text}' is not a sum of measures (e.g. reports.opening + reports.intake - reports.transferred)"},
    "message.settings_pending_needed": {"vi": "chỉ số kiểu pipeline cần 'pending' (số tồn cuối kỳ của khâu đó)",
        "en": "a pipeline indicator needs 'pending' (the stage's closing stock)"},
    "message.settings_item_needed": {"vi": "chỉ số có chỉ tiêu cần 'item': cái mẫu số đếm, bằng hai thứ tiếng (vd. vi: tin báo, en: reports), để báo cáo nói còn thiếu bao nhiêu tin báo, vụ án hay nạn nhân",
        "en": "an indicator with a target needs 'item': what its denominator counts, in both languages (e.g. vi: tin báo, en: reports), so that a report says how many are still needed"},
    "message.settings_cannot_split": {"vi": '{measure} không chia được theo {dimension}; chia được theo: {allowed}',
        "en": '{measure} cannot be split by {dimension}; it can be split by: {allowed}'},
    "message.settings_targets_or_assumed": {"vi": 'ghi các chỉ tiêu (targets) hoặc assumed_from (năm có chỉ tiêu được tạm dùng), không ghi cả hai hay bỏ cả hai',
        "en": 'give either the targets or assumed_from (the year whose targets stand in), not both and not neither'},
    "message.settings_assumed_missing": {"vi": 'không có chỉ tiêu năm {value} để tạm dùng (params/targets/{value}.yaml không có hoặc chính nó cũng tạm dùng)',
        "en": 'there are no targets of {value} to stand in (params/targets/{value}.yaml is missing or assumed itself)'},
    "message.settings_fraction": {"vi": '«{value}» phải là một tỷ lệ từ 0 đến 1, viết trong ngoặc kép ("0.90" là 90%)',
        "en": '«{value}» must be a fraction from 0 to 1, in double quotes ("0.90" for 90%)'},
    "message.settings_no_notebook": {"vi": "không có notebook '{value}' trong thư mục notebooks/; các notebook có: {allowed}",
        "en": "notebook '{value}' is not in notebooks/; there are: {allowed}"},
    "message.settings_internal_only": {"vi": '{names} không được công bố (có danh sách hồ sơ hoặc lần nộp); bỏ khỏi notebooks khi chạy bản công bố',
        "en": '{names} cannot be published (it lists records or submissions); remove it from notebooks for a public run'},
    "message.settings_threshold_below_city": {"vi": 'public_threshold {value} thấp hơn ngưỡng của thành phố ({city}, params/city.yaml); chỉ được đặt ngưỡng cao hơn (chặt hơn) hoặc để null',
        "en": "public_threshold {value} is lower than the city's ({city}, params/city.yaml); a run or notebook may only set a higher (stricter) one, or null"},
    "message.settings_units": {"vi": '«{value}» không hợp lệ; ghi all (mọi đơn vị) hoặc danh sách mã/tên đơn vị: ["002", "Đống Đa"]',
        "en": '«{value}» is not valid; write all (every unit) or a list of unit codes or names: ["002", "Đống Đa"]'},
    "message.settings_target_lower": {"vi": "phép so sánh {op} không hợp với {indicator} (chỉ số càng thấp càng tốt); dùng '<' hoặc '<='",
        "en": "op {op} does not suit {indicator} (lower is better); use '<' or '<='"},
    "message.settings_target_higher": {"vi": "phép so sánh {op} không hợp với {indicator} (chỉ số càng cao càng tốt); dùng '>' hoặc '>='",
        "en": "op {op} does not suit {indicator} (higher is better); use '>' or '>='"},
    "message.settings_is_folder": {"vi": "đây là một thư mục, không phải tệp thiết lập; hãy chỉ một tệp YAML, "
                                         "ví dụ --config params/runs/default.yaml",
        "en": "this is a folder, not a settings file; name a YAML file, for example --config params/runs/default.yaml"},
    "message.file_missing": {"vi": "không tìm thấy tệp",
        "en": "file not found"},
    "message.scale_not_positive": {"vi": "--scale là số dòng vụ án cần tạo, phải lớn hơn 0 (đã cho {value}); không tạo gì",
                                   "en": "--scale is the number of case rows to make and must be above 0 (got {value}); "
                                         "nothing was made"},
    "message.no_such_file": {"vi": "không có tệp hay thư mục này",
        "en": "no such file or folder"},
    "message.file_format": {"vi": "không đọc được tệp dạng {suffix}; hãy dùng CSV (UTF-8), Excel (.xlsx) hoặc Parquet",
        "en": "cannot read a {suffix} file; use CSV (UTF-8), Excel (.xlsx) or Parquet"},
    "message.file_unreadable": {"vi": "tệp bị hỏng hoặc không đúng định dạng {suffix}: {detail}",
        "en": "the file is damaged or not really {suffix}: {detail}"},
    "message.excel_error": {"vi": "ô này hiển thị lỗi Excel «{value}» thay cho số liệu; sửa công thức hoặc nhập giá trị",
        "en": "this cell shows the Excel error «{value}» instead of data; fix the formula or type the value"},
    "message.sheet_hidden": {"vi": "trang này đang bị ẩn nhưng có dữ liệu, nên không được đọc: hãy hiện trang (Unhide) để kiểm tra rồi gửi lại, hoặc xóa trang nếu không dùng",
        "en": "this sheet is hidden but holds data, so it was not read: unhide it to check it and send again, or delete it if it is not used"},
    "message.formula_no_value": {"vi": "ô này có công thức nhưng tệp không lưu kết quả (tệp do chương trình khác tạo); mở tệp bằng Excel, lưu lại rồi gửi",
        "en": "this cell has a formula but the file holds no result for it (written by another program); open it in Excel, save and send again"},
    "message.workbook_too_large": {"vi": "tệp Excel này khi giải nén lên tới {size:#} byte, vượt giới hạn {limit:#} byte; tệp có thể bị lỗi hoặc cố ý làm phình, nên không được đọc — hãy lưu lại bằng Excel hoặc chia nhỏ tệp (docs/security.md)",
        "en": "this workbook unpacks to {size:# byte|bytes}, over the limit of {limit:#}; it may be damaged or built to inflate, so it was not read — save it again in Excel or split it (docs/security.md)"},
    "message.workbook_part_too_large": {"vi": "phần {part} của tệp Excel khi giải nén lên tới {size:#} byte, vượt giới hạn {limit:#} byte; tệp có thể bị lỗi hoặc cố ý làm phình, nên không được đọc — hãy lưu lại bằng Excel hoặc chia nhỏ tệp (docs/security.md)",
        "en": "the workbook's part {part} unpacks to {size:# byte|bytes}, over the limit of {limit:#}; it may be damaged or built to inflate, so it was not read — save it again in Excel or split it (docs/security.md)"},
    "message.workbook_part_inflates": {"vi": "phần {part} của tệp Excel khi giải nén lớn gấp {ratio} lần kích thước nén (tệp Excel thông thường dưới {limit} lần); tệp có thể cố ý làm phình, nên không được đọc — hãy lưu lại bằng Excel (docs/security.md)",
        "en": "the workbook's part {part} unpacks to {ratio} times its packed size (ordinary workbooks stay under {limit} times); it may be built to inflate, so it was not read — save it again in Excel (docs/security.md)"},
    "message.file_encoding": {"vi": "tệp CSV không ở mã UTF-8 (byte lạ ở vị trí {position}, có thể tệp lưu bằng mã Windows-1258 hoặc TCVN3); trong Excel hãy lưu bằng «CSV UTF-8»",
        "en": "the CSV file is not UTF-8 (unexpected byte at position {position}, perhaps saved as Windows-1258, Windows-1252 or TCVN3); in Excel use Save As «CSV UTF-8»"},
    "message.folder_empty": {"vi": "thư mục không có tệp số liệu nào (.csv, .xlsx, .xlsm, .parquet); đặt các tệp của đơn vị vào thư mục, hoặc chỉ ra một tệp",
        "en": "the folder has no data files (.csv, .xlsx, .xlsm, .parquet); put the unit's files in it, or name a file"},
    "message.file_empty": {"vi": "tệp không có dòng dữ liệu nào",
        "en": "the file has no data rows"},
    "message.no_header": {"vi": "không tìm thấy dòng tiêu đề cột của bảng {table}; cần ít nhất các cột: {required}",
        "en": "no header row for the {table} table was found; it needs at least the columns: {required}"},
    "message.unknown_table": {"vi": "không nhận ra đây là bảng nào (tin báo, vụ án, nạn nhân hay số liệu tổng hợp) từ các cột: {columns}",
        "en": "cannot tell which table this is (crime reports, cases, victims or aggregate counts) from its columns: {columns}"},
    "message.sheet_not_read": {"vi": "trang này giống bảng {table} nhưng thiếu cột: {missing}; không đọc được trang này (thêm cột, dùng tệp ánh xạ --mapping hoặc ghi «table: ignore» cho trang trong tệp ánh xạ)",
        "en": "this sheet looks like the {table} table but lacks: {missing}; it was not read (add the columns, use a mapping file with --mapping, or give the sheet «table: ignore» in the mapping)"},
    "message.vocabulary_conflict": {"vi": "từ «{value}» đã có nghĩa là {other}; một từ chỉ được chỉ một giá trị",
        "en": "the word «{value}» already means {other}; a word may stand for one value only"},
    "message.mapping_no_table": {"vi": "tệp ánh xạ cần «sheets:» (các trang của sổ) hoặc «table:» (một bảng)",
        "en": "a mapping needs «sheets:» (the workbook's sheets) or «table:» (one table)"},
    "message.mapping_two_forms": {"vi": "ghi «sheets:» hoặc «table:», không ghi cả hai",
        "en": "give «sheets:» or «table:», not both"},
    "message.mapping_bad_pattern": {"vi": "mẫu «{value}» không hợp lệ: {detail}", "en": "the pattern «{value}» is not valid: {detail}"},
    "message.tables_drop_out": {"vi": "tệp này sẽ làm mất khỏi số liệu hiện hành của {unit} kỳ {period}: {what}; nếu đúng là vậy, nhập lại với --replace-tables",
        "en": "this file would take out of the current data of {unit} for {period}: {what}; if that is meant, ingest it again with --replace-tables"},
    "message.records_drop_out": {"vi": "tệp này sẽ làm mất hồ sơ khỏi số liệu hiện hành của {unit} kỳ {period}: {what}. Nếu tệp chỉ gửi một phần, hãy gửi lại cả bảng (mọi hồ sơ của kỳ); nếu đúng là muốn bỏ các hồ sơ đó, nhập lại với --replace-tables {tables}",
        "en": "this file would take records out of the current data of {unit} for {period}: {what}. If the file sends only part of a table, send the whole table again (every record of the period); if those records are meant to go, ingest it again with --replace-tables {tables}"},
    "replace.change": {"vi": "{table}: bỏ {gone}{gone_ids}, thêm {came}{came_ids}, giữ {kept}",
        "en": "{table}: {gone} go{gone_ids}, {came} come{came_ids}, {kept} stay"},
    "cli.unknown_replace_table": {"vi": "--replace-tables: không có bảng {names}; các bảng là: {known}",
        "en": "--replace-tables: no table {names}; the tables are: {known}"},
    "message.rows_not_of_period": {"vi": "lần nộp của kỳ {period} nhưng không dòng nào của bảng {table} ghi kỳ {period} (các dòng ghi: {found}); sửa cột kỳ, hoặc nộp tệp cho đúng kỳ đó (--period)",
        "en": "a submission for {period} but no row of the {table} table says {period} (the rows say: {found}); correct the period column, or send the file for the period it holds (--period)"},
    "message.row_after_period": {"vi": "dòng ghi kỳ {value}, sau kỳ {period} của lần nộp; nộp các dòng này trong lần nộp của kỳ {value}",
        "en": "the row says {value}, after the submission's period {period}; send these rows with the submission for {value}"},
    "message.row_changes_closed_period": {"vi": "{count:#} dòng bảng {table} ghi kỳ {value}, kỳ đã có số liệu của đơn vị: tệp của kỳ {period} không được thay đổi kỳ đã báo cáo; muốn sửa kỳ {value} thì nộp lại tệp của kỳ {value}",
        "en": "{count:# row|rows} of the {table} table {count:says|say} {value}, a period the unit has already reported: a file for {period} may not change it; to correct {value}, send {value}'s file again"},
    "message.record_after_period": {"vi": "ngày {day} sau ngày kết thúc kỳ của lần nộp ({end}): hồ sơ được tính vào kỳ có ngày đó, không vào kỳ này; kiểm tra lại ngày",
        "en": "the date {day} comes after the submission's period ends ({end}): the record counts in the period of that date, not this one; check the date"},
    "message.more_records_after_period": {"vi": "và {count:#} hồ sơ khác có ngày sau kỳ", "en": "and {count:# more record|more records} dated after the period"},
    "message.control_character": {"vi": "ô có ký tự điều khiển {code} (không nhìn thấy, thường do dán từ Word hay phần mềm khác); xoá ký tự đó rồi gửi lại",
        "en": "the cell holds the control character {code} (invisible, usually pasted from Word or another program); delete it and send the file again"},
    "message.records_of_table": {"vi": "{count:#} hồ sơ bảng {table}", "en": "{count:# record|records} of the {table} table"},
    "message.mapping_exists": {"vi": "đã có tệp ánh xạ này; không ghi đè (dùng --force để ghi đè)",
        "en": "this mapping file exists; it was not overwritten (use --force to overwrite it)"},
    "message.pii_column": {"vi": "cột này có vẻ chứa thông tin cá nhân ({what}); hãy xóa cột khỏi tệp: nạn nhân và đối tượng chỉ được ghi bằng mã bí danh, không có họ tên, số giấy tờ, điện thoại hay địa chỉ",
        "en": "this column looks like personal data ({what}); delete it from the file: victims and suspects are recorded by pseudonymous code only, never by name, ID number, phone or address"},
    "message.pii_value": {"vi": "ô này có vẻ chứa {what}; hãy xóa thông tin cá nhân khỏi tệp (chỉ ghi mã bí danh) rồi gửi lại — tệp chưa được nhập",
        "en": "this cell looks like {what}; remove personal data from the file (use pseudonymous codes only) and send it again — the file was not taken in"},
    "message.cell_too_long": {"vi": "ô này có {length:#} ký tự; mỗi ô tối đa {limit:#} ký tự",
        "en": "this cell holds {length:# character|characters}; a cell may have at most {limit:#}"},
    "message.id_too_long": {"vi": "ô này có {length:#} ký tự; mã tối đa {limit:#} ký tự",
        "en": "this cell holds {length:# character|characters}; an id may have at most {limit:#}"},
    "message.id_not_code": {"vi": "mã chỉ gồm chữ, số và các dấu - _ / . (không có dấu cách hay ký hiệu khác); hãy sửa lại",
        "en": "an id is a code of letters, digits and - _ / . only (no spaces or other signs); correct it"},
    "message.formula_text": {"vi": "ô này bắt đầu bằng «{first}» nên bảng tính sẽ chạy nó như một công thức; mã và ghi chú chỉ là chữ: hãy bỏ ký tự đầu đó",
        "en": "this cell starts with «{first}», so a spreadsheet would run it as a formula; ids and notes are plain text: remove that first sign"},
    "message.unknown_column": {"vi": "không nhận ra cột này; các cột hợp lệ của bảng {table}: {known}",
        "en": "this column is not recognised; the {table} table's columns are: {known}"},
    "message.unmapped_column": {"vi": "cột này không có trong tệp ánh xạ cột {mapping}; thêm cột vào tệp ánh xạ (hoặc ghi ignore)",
        "en": "this column is not in the column-mapping file {mapping}; add it there (or map it to ignore)"},
    "message.duplicate_column": {"vi": "cột này trùng nghĩa với cột «{other}» (cùng là {field})",
        "en": "this column means the same as column «{other}» (both are {field})"},
    "message.missing_column": {"vi": "thiếu cột bắt buộc «{label}»",
        "en": "the required column «{label}» is missing"},
    "message.required_empty": {"vi": "ô bắt buộc đang để trống",
        "en": "this cell is required but empty"},
    "message.bad_date": {"vi": "«{value}» không phải ngày hợp lệ; hãy ghi ngày/tháng/năm (14/03/2023) hoặc năm-tháng-ngày (2023-03-14)",
        "en": "«{value}» is not a valid date; write day/month/year (14/03/2023) or year-month-day (2023-03-14)"},
    "message.future_date": {"vi": "ngày {value} nằm sau ngày hôm nay ({today})",
        "en": "the date {value} is after today ({today})"},
    "message.old_date": {"vi": "ngày {value} quá xa trong quá khứ (trước năm {year}); kiểm tra lại năm",
        "en": "the date {value} is implausibly early (before {year}); check the year"},
    "message.bad_int": {"vi": "«{value}» không phải số nguyên",
        "en": "«{value}» is not a whole number"},
    "message.negative": {"vi": "số lượng không được âm ({value})",
        "en": "a count cannot be negative ({value})"},
    "message.too_large": {"vi": "số {value} lớn bất thường (tối đa {maximum}); kiểm tra lại",
        "en": "{value} is implausibly large (at most {maximum}); check it"},
    "message.bad_choice": {"vi": "«{value}» không phải giá trị hợp lệ; dùng một trong: {allowed}",
        "en": "«{value}» is not an allowed value; use one of: {allowed}"},
    "message.unknown_unit": {"vi": "không nhận ra đơn vị «{value}»; dùng mã hoặc tên đơn vị trong danh mục (data/reference/units.csv)",
        "en": "unknown unit «{value}»; use a unit code or name from the registry (data/reference/units.csv)"},
    "message.ambiguous_unit": {"vi": "tên đơn vị «{value}» có thể là nhiều đơn vị ({candidates}); hãy ghi mã đơn vị",
        "en": "the unit name «{value}» could mean several units ({candidates}); write the unit code"},
    "message.unit_not_valid": {"vi": "đơn vị {unit} không tồn tại vào ngày {date} (hiệu lực {valid})",
        "en": "unit {unit} did not exist on {date} (valid {valid})"},
    "message.unit_handed_over": {"vi": "từ ngày {date}, {unit} không còn làm phần việc này (đã chuyển cho {successor}); hãy ghi đơn vị tiếp nhận",
        "en": "from {date}, {unit} no longer does this work (handed over to {successor}); write the unit that took it over"},
    "message.decision_after_hand_over": {"vi": "«{date_label}» là {value}, sau khi {unit} đã chuyển phần việc này cho {successor} (từ ngày {since}); việc giải quyết từ ngày đó do đơn vị tiếp nhận báo cáo: kiểm tra lại ngày, hoặc ghi hồ sơ là «chuyển cơ quan khác» vào một ngày trước {since} và để đơn vị tiếp nhận gửi hồ sơ với mã của mình",
        "en": "«{date_label}» is {value}, after {unit} handed this work over to {successor} (from {since}); from that day the successor reports the decisions: check the date, or record the item as «transferred to another agency» on a day before {since} and let the successor send it under an id of its own"},
    "message.stage_unit_inferred": {"vi": "để trống: tính cho {inferred}, vì {unit} không làm phần việc này (VKS hoặc Tòa án cấp thành phố); nếu không đúng, hãy ghi đơn vị đã thụ lý",
        "en": "left empty: counted for {inferred}, as {unit} does not do this work (the city's procuracy or court); if that is wrong, write the unit that accepted the case"},
    "message.duplicate_id": {"vi": "mã «{value}» bị trùng với dòng {other}",
        "en": "the id «{value}» repeats row {other}"},
    "message.id_of_other_unit": {"vi": "mã «{value}» thuộc về đơn vị {owner} (lần nộp số {submission}); mỗi đơn vị chỉ gửi hồ sơ của mình: đặt mã mới cho hồ sơ này, hoặc đề nghị đơn vị {owner} sửa lần nộp của họ",
        "en": "the id «{value}» belongs to unit {owner} (submission {submission}); a unit may only send its own records: give this record a new id, or ask unit {owner} to correct its submission"},
    "message.date_order": {"vi": "{later_label} ({later}) lại trước {earlier_label} ({earlier})",
        "en": "{later_label} ({later}) is before {earlier_label} ({earlier})"},
    "message.outcome_without_date": {"vi": "có «{outcome}» nhưng thiếu «{date_label}»",
        "en": "«{outcome}» is given but «{date_label}» is empty"},
    "message.date_without_outcome": {"vi": "có «{date_label}» nhưng thiếu kết quả «{outcome_label}»",
        "en": "«{date_label}» is given but the outcome «{outcome_label}» is empty"},
    "message.exit_without_entry": {"vi": "có «{exit}» nhưng thiếu «{entry}»",
        "en": "«{exit}» is given but «{entry}» is empty"},
    "message.unknown_case": {"vi": "mã vụ án «{value}» không có trong bảng vụ án",
        "en": "case id «{value}» is not in the cases table"},
    "message.period_refused": {"vi": "kỳ báo cáo không dùng được: {problem}", "en": "the period cannot be used: {problem}"},
    "message.period_outside": {"vi": "kỳ {value} nằm ngoài các kỳ được nhận số liệu ({first} đến {last}, kỳ đang diễn ra ngày {today}); kiểm tra lại năm, hoặc nếu đúng là cố ý thì nhập với --allow-period-outside",
        "en": "the period {value} is outside the periods data are taken for ({first} to {last}, the period under way on {today}); check the year, or if it is meant, ingest with --allow-period-outside"},
    "message.bad_measure": {"vi": "«{value}» không phải chỉ tiêu đếm trong danh mục (docs/data-model.md)",
        "en": "«{value}» is not a measure in the catalogue (docs/data-model.md)"},
    "message.duplicate_measure": {"vi": "chỉ tiêu {measure} của đơn vị {unit}, kỳ {period} đã có ở dòng {other}",
        "en": "measure {measure} for unit {unit}, period {period} is already on row {other}"},
    "message.numerator_above_denominator": {"vi": "{part} ({part_value}) lớn hơn {whole} ({whole_value}) của đơn vị {unit}, kỳ {period}",
        "en": "{part} ({part_value}) is more than {whole} ({whole_value}) for unit {unit}, period {period}"},
    "message.stock_mismatch": {"vi": "tồn đầu + mới − giải quyết − chuyển ({expected}) khác tồn cuối ({closing}) của giai đoạn {stage}, đơn vị {unit}, kỳ {period}",
        "en": "opening + intake − resolved − transferred ({expected}) differs from closing ({closing}) for stage {stage}, unit {unit}, period {period}"},
    "message.outcome_sum_mismatch": {"vi": "tổng giải quyết theo kết quả ({parts}) khác tổng giải quyết ({total}) của giai đoạn {stage}, đơn vị {unit}, kỳ {period}",
        "en": "resolved by outcome adds up to {parts}, not the total resolved ({total}), for stage {stage}, unit {unit}, period {period}"},
    "message.no_unit": {"vi": "không rõ đây là số liệu của đơn vị nào; ghi «Đơn vị» ở trang «Thông tin» hoặc dùng --unit",
        "en": "which unit sent this is not known; fill «Đơn vị» on the «Thông tin» sheet or give --unit"},
    "message.several_units": {"vi": "mỗi lần nộp là của một đơn vị, nhưng các dòng ghi nhiều đơn vị ({units}); tách tệp hoặc dùng --unit",
        "en": "a submission is one unit's, but the rows name several ({units}); split the file or give --unit"},
    "message.unit_mismatch": {"vi": "lần nộp của đơn vị {unit} nhưng có dòng ghi đơn vị khác ({units})",
        "en": "this is unit {unit}'s submission but rows name other units ({units})"},
    "message.no_period": {"vi": "không rõ kỳ báo cáo; ghi «Kỳ báo cáo» ở trang «Thông tin», đặt trong tên tệp (vd. 002_2023-Q2.xlsx) hoặc dùng --period",
        "en": "the period is not known; fill «Kỳ báo cáo» on the «Thông tin» sheet, put it in the file name (e.g. 002_2023-Q2.xlsx) or give --period"},
    "message.mixed_sources": {"vi": "đơn vị {unit} vừa gửi số liệu chi tiết vừa gửi số liệu tổng hợp cho kỳ {period}; chỉ giữ một loại",
        "en": "unit {unit} sent both case-level records and aggregate counts for {period}; keep one"},
    # --- index ---
    "index.title": {"vi": "Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người",
        "en": "Anti-trafficking plan report"},
    "index.period_report": {"vi": "Báo cáo kỳ",
        "en": "Period report"},
    "index.data_quality": {"vi": "Chất lượng số liệu",
        "en": "Data quality"},
    "index.unit_profile": {"vi": "Hồ sơ từng đơn vị",
        "en": "Unit profiles"},
    "index.explore": {"vi": "Khám phá số liệu",
        "en": "Explore"},
    "index.downloads": {"vi": "Bảng số liệu",
        "en": "Tables"},
    "index.workbook": {"vi": "Bảng chỉ tiêu (Excel)",
        "en": "KPI workbook (Excel)"},
    "index.csv": {"vi": "Bảng chỉ tiêu (CSV)",
        "en": "KPI tables (CSV)"},
    "index.run": {"vi": "Thông tin lần chạy",
        "en": "About this run"},
    "index.failed": {"vi": "Lỗi khi chạy; xem notebook",
        "en": "Failed; see the notebook"},
    "index.generated": {"vi": "Tạo lúc",
        "en": "Generated"},
    # --- header ---
    "header.unit": {"vi": "Mã đơn vị",
        "en": "Unit code"},
    "header.unit_name": {"vi": "Đơn vị",
        "en": "Unit"},
    "header.indicator": {"vi": "Mã chỉ tiêu",
        "en": "Indicator id"},
    "header.indicator_name": {"vi": "Chỉ tiêu",
        "en": "Indicator"},
    "header.scope": {"vi": "Phạm vi",
        "en": "Scope"},
    "header.window": {"vi": "Kỳ",
        "en": "Window"},
    "header.numerator": {"vi": "Tử số",
        "en": "Numerator"},
    "header.denominator": {"vi": "Mẫu số",
        "en": "Denominator"},
    "header.value": {"vi": "Tỷ lệ",
        "en": "Rate"},
    "header.target_op": {"vi": "So sánh",
        "en": "Comparison"},
    "header.target_value": {"vi": "Chỉ tiêu kế hoạch",
        "en": "Target"},
    "header.status": {"vi": "Đánh giá",
        "en": "Status"},
    "header.cases_needed": {"vi": "Cần giải quyết thêm",
        "en": "Still needed"},
    "header.baseline_value": {"vi": "Cùng kỳ năm gốc",
        "en": "Same period, baseline year"},
    "header.change_points": {"vi": "Chênh lệch (điểm %)",
        "en": "Change (points)"},
    "header.change_count": {"vi": "Chênh lệch tử số",
        "en": "Change in numerator"},
    "header.baseline_year_value": {"vi": "Cả năm gốc",
        "en": "Full baseline year"},
    "header.note": {"vi": "Ghi chú",
        "en": "Note"},
    "header.baseline_basis": {"vi": "Cơ sở so sánh năm gốc", "en": "Baseline basis"},
    "header.rank": {"vi": "Xếp hạng",
        "en": "Rank"},
    # --- scope ---
    "scope.period": {"vi": "Kỳ báo cáo",
        "en": "Period"},
    "scope.ytd": {"vi": "Lũy kế từ đầu năm",
        "en": "Year to date"},
    # --- stage ---
    "stage.reports.intake": {"vi": "Tin báo tiếp nhận mới",
        "en": "New crime reports"},
    "stage.reports.resolved": {"vi": "Tin báo đã giải quyết",
        "en": "Reports resolved"},
    "stage.reports.resolved_initiate": {"vi": "Khởi tố vụ án (từ tin báo)",
        "en": "Cases initiated (from reports)"},
    "stage.investigation.intake": {"vi": "Án khởi tố mới",
        "en": "New cases initiated"},
    "stage.investigation.intake_solved": {"vi": "Án đã khám phá",
        "en": "Cases solved"},
    "stage.procuracy.resolved_indicted": {"vi": "Án đã truy tố",
        "en": "Cases indicted"},
    "stage.court.resolved_tried": {"vi": "Án đã xét xử sơ thẩm",
        "en": "Cases tried"},
    "stage.victims.identified": {"vi": "Nạn nhân được xác định",
        "en": "Victims identified"},
    "stage.victims.identified_supported": {"vi": "Nạn nhân được hỗ trợ",
        "en": "Victims supported"},
    "chart.withheld_categories": {"vi": "«*»: không công bố để bảo vệ nạn nhân (có thể lớn hoặc nhỏ)",
                                  "en": "«*»: withheld to protect persons (may be large or small)"},
    "chart.map_withheld": {"vi": "«{mark}»: đơn vị có số tin báo và vụ án không công bố để bảo vệ nạn nhân (có thể lớn hoặc nhỏ); kích thước vòng tròn chỉ cho các đơn vị được công bố số liệu.",
                           "en": "«{mark}»: a unit whose numbers of reports and cases are withheld to protect persons (large or small); circle sizes are for the units whose figures are published."},
    "withheld.running_text": {"vi": "một số không công bố",
        "en": "a number not published"},
    "city.whole": {"vi": "Toàn thành phố",
        "en": "Whole city"},
    # --- the report's own sentences and table headers ---
    "report.methods": {"vi": "Cách tính — {parts}.", "en": "Methods — {parts}."},
    "report.method_note": {
        "vi": "**Kỳ báo cáo:** {period} ({window}); lũy kế từ đầu năm: {ytd}. {methods} {rule}. Số liệu tính đến hết ngày "
              "cuối kỳ. {plan} {rates} So sánh với năm {baseline} (năm gốc).",
        "en": "**Period:** {period} ({window}); year to date: {ytd}. {methods} {rule}. Figures as of the period's last day. "
              "{plan} {rates} Baseline year {baseline}."},
    # The rates' sentence, by edition: a public edition's tables show «*» where a count is withheld, so its rates
    # do not always show numerator/denominator.
    "report.rates": {"vi": "Tỷ lệ được làm tròn 2 chữ số thập phân và luôn ghi kèm tử số/mẫu số; đánh giá dựa trên "
                           "giá trị chính xác.",
        "en": "Rates have two decimals and always show numerator/denominator; status follows the exact value."},
    "report.rates_public": {"vi": "Tỷ lệ được làm tròn 2 chữ số thập phân và ghi kèm tử số/mẫu số, trừ nơi ghi «{mark}»: "
                                  "số liệu không công bố để bảo vệ nạn nhân (xem chú thích ký hiệu); đánh giá dựa "
                                  "trên giá trị chính xác.",
        "en": "Rates have two decimals and show numerator/denominator, except where «{mark}» stands: a figure withheld "
              "to protect persons (see the marks' legend); status follows the exact value."},
    "report.targets_assumed": {"vi": "Chỉ tiêu năm {year} chưa được nhập: tạm dùng chỉ tiêu năm {source} (theo {plan}). Căn cứ của năm {year}: {own}.",
        "en": "The targets of {year} are not entered yet: those of {source} stand in (from {plan}). The basis for {year}: {own}."},
    # A plan without a verified number is named without a placeholder; the targets note (present/comparison.py,
    # from params/targets) says once that its number is not verified.
    "plan.unnumbered": {"vi": "năm {year} của Thành phố", "en": "of {year}"},
    "plan.undeclared": {"vi": "năm {year} (chưa khai báo trong params/city.yaml)", "en": "of {year} (not declared in params/city.yaml)"},
    "chart.predecessors_line": {"vi": "Trước cải cách: {units}", "en": "Before the reform: {units}"},
    "chart.change": {"vi": "{unit} tiếp nhận từ {units}", "en": "{unit} takes over from {units}"},
    "basis.self": {"vi": "chính đơn vị (năm {year})", "en": "the unit itself ({year})"},
    "basis.city": {"vi": "mọi đơn vị năm {year}", "en": "every unit of {year}"},
    "basis.city_outside": {"vi": "toàn Thành phố theo địa giới năm {year}; không gồm {units} (nhập vào Thành phố sau)",
        "en": "the city within its {year} boundaries; not including {units} (joined the city later)"},
    "basis.predecessors": {"vi": "so với {year}: {units}", "en": "vs {year}: {units}"},
    "basis.estimate": {"vi": "ước tính so với {year}: {units}", "en": "estimate vs {year}: {units}"},
    "basis.predecessors_counted": {"vi": "so với {year}: {count:#} đơn vị cũ ({kinds}; danh sách ở ghi chú của trang)",
        "en": "vs {year}: {count:# former unit|former units} ({kinds}; listed in the page's note)"},
    "basis.estimate_counted": {"vi": "ước tính so với {year}: {count:#} đơn vị cũ ({kinds}; danh sách ở ghi chú của trang)",
        "en": "estimate vs {year}: {count:# former unit|former units} ({kinds}; listed in the page's note)"},
    "basis.other_kind": {"vi": "đơn vị khác", "en": "other units"},
    "basis.share": {"vi": "{share} {unit}", "en": "{share} of {unit}"},
    "basis.none_no_predecessor": {"vi": "không so sánh được với {year}: đơn vị mới, chưa khai báo đơn vị tiền thân cho số liệu này",
        "en": "no comparison with {year}: a new unit with no predecessor declared for these figures"},
    "basis.none_outside": {"vi": "không so sánh được với {year}: đơn vị tiền thân ({units}) thuộc tỉnh khác, không có số liệu năm {year}",
        "en": "no comparison with {year}: its predecessors ({units}) belonged to another province, whose {year} figures are not held"},
    "report.plan_targets": {"vi": "Chỉ tiêu theo {plan}.", "en": "Targets of {plan}."},
    "report.no_targets_file": {
        "vi": "Chưa có tệp chỉ tiêu cho năm {year} (params/targets/{year}.yaml): các chỉ tiêu không được đánh giá.",
        "en": "No targets file for {year} (params/targets/{year}.yaml): targets are not judged."},
    "report.missing_withheld": {"vi": "Kết quả của các đơn vị không công bố theo đơn vị khi có thể làm lộ một số nhỏ (để bảo vệ nạn nhân); "
                                      "danh sách đơn vị chưa đạt chỉ tiêu không công bố.",
        "en": "Units' results are not published by unit where they could give away a small number (to protect persons); the list of units "
              "that missed a target is not published."},
    "report.no_unit_missing": {"vi": "Không có đơn vị nào chưa đạt chỉ tiêu.", "en": "No unit misses a target."},
    "report.no_victims": {"vi": "Không có nạn nhân được xác định trong kỳ.", "en": "No victims identified in the period."},
    # --- sentences true under withholding (present/narrative.py, issue #26) ---
    # {window}: the window the count is of, inside a sentence (a quarter's and its 9 months' counts differ)
    "report.units_missed_count": {"vi": "Trong {window}, {count:#} đơn vị chưa đạt ít nhất một chỉ tiêu.",
        "en": "In {window}, {count:# unit|units} missed at least one target."},
    "report.units_missed_undisclosed": {"vi": "Trong {window}, {count:#} đơn vị được công bố là chưa đạt ít nhất một chỉ tiêu; kết quả của {withheld:#} đơn vị khác không công bố theo đơn vị (để bảo vệ nạn nhân), kể cả việc đạt hay chưa đạt.",
        "en": "In {window}, {count:# unit is|units are} published as missing at least one target; the results of {withheld:# other unit|other units} are not published by unit (to protect persons), nor whether they met the targets."},
    "report.units_missed_hidden": {"vi": "Trong {window}, {count:#} đơn vị chưa đạt ít nhất một chỉ tiêu; {hidden} trong số đó không công bố theo đơn vị (để bảo vệ nạn nhân).",
        "en": "In {window}, {count:# unit|units} missed at least one target; {hidden} of them {hidden:is|are} not published by unit (to protect persons)."},
    "report.victims_not_broken_down": {"vi": "Nạn nhân được xác định trong kỳ: {count}. Không công bố phân tổ theo giới tính, độ tuổi, mục đích bị mua bán, nơi bị đưa đến (để bảo vệ nạn nhân).",
        "en": "Victims identified in the period: {count}. Not broken down by sex, age, exploitation or destination (to protect persons)."},
    "report.victims_withheld": {"vi": "Số nạn nhân được xác định trong kỳ không công bố (để bảo vệ nạn nhân).",
        "en": "The number of victims identified in the period is withheld (to protect persons)."},
    "report.law_2024_not_yet": {"vi": "Kỳ này trước ngày 1/7/2025: hồ sơ chưa phân biệt người đang trong quá trình xác định là nạn nhân và người dưới 18 tuổi đi cùng (Luật Phòng, chống mua bán người năm 2024).",
        "en": "This period is before 1/7/2025: records did not yet tell persons being identified as victims and accompanying persons under 18 apart (the 2024 Law on Prevention and Combat of Human Trafficking)."},
    "report.lists_withheld": {"vi": "(Không công bố danh sách hồ sơ.)", "en": "(Record lists are not published.)"},
    "report.no_overdue": {"vi": "Không có tin báo quá hạn giải quyết vào cuối kỳ.",
                          "en": "No crime report was overdue at the period's end."},
    "report.no_store": {"vi": "Nguồn số liệu không phải kho số liệu nên không có thông tin về các lần nộp.",
                        "en": "The data source is not the store, so there is no submission history."},
    "report.no_findings": {"vi": "Không phát hiện vấn đề nào trong số liệu.", "en": "No problems found in the data."},
    "report.no_late_entries": {"vi": "Không có hồ sơ nào được nhập muộn làm thay đổi số liệu các kỳ trước.",
                               "en": "No record arrived late enough to change earlier periods' figures."},
    "report.no_outliers": {"vi": "Không có số liệu bất thường trong {quarter} so với các quý trước.",
                           "en": "No unusual counts in {quarter} compared with earlier quarters."},
    "column.report_id": {"vi": "Mã tin báo", "en": "Report id"},
    "column.days_overdue": {"vi": "Số ngày quá hạn", "en": "Days overdue"},
    "column.quarter": {"vi": "Kỳ", "en": "Quarter"},
    "column.due": {"vi": "Hạn nộp", "en": "Due"},
    "column.expected_part": {"vi": "Phải báo cáo cho các ngày", "en": "Expected for the days"},
    "column.received": {"vi": "Ngày nhận", "en": "Received"},
    "column.kind": {"vi": "Loại vấn đề", "en": "Kind"},
    "column.file": {"vi": "Tệp", "en": "File"},
    "column.count": {"vi": "Số lượng", "en": "Count"},
    "column.example": {"vi": "Ví dụ", "en": "Example"},
    "column.ingest_notes": {"vi": "Ghi chú khi nhập số liệu", "en": "Notes at ingest"},
    "column.records": {"vi": "Loại hồ sơ", "en": "Records"},
    "column.belongs_to": {"vi": "Thuộc kỳ", "en": "Belongs to"},
    "column.sent_with": {"vi": "Nộp cùng kỳ", "en": "Sent with"},
    "column.record_count": {"vi": "Số hồ sơ", "en": "Count"},
    "column.measure": {"vi": "Số liệu", "en": "Measure"},
    "column.quarter_value": {"vi": "{quarter}", "en": "{quarter}"},  # the quarter as described ("Quý III/2026")
    "column.median_before": {"vi": "Trung vị các quý trước", "en": "Median of earlier quarters"},
    "submission.on_time": {"vi": "✔ đúng hạn", "en": "✔ on time"},
    "submission.late": {"vi": "⚠ muộn {days:#} ngày", "en": "⚠ {days:# day|days} late"},
    "submission.missing": {"vi": "✘ chưa nộp", "en": "✘ not received"},
    "submission.summary": {"vi": "Đúng hạn: {on_time}; muộn: {late}; chưa nộp: {missing}.",
                           "en": "On time: {on_time}; late: {late}; not received: {missing}."},
    "records.crime_reports": {"vi": "tin báo", "en": "crime reports"},
    "records.cases": {"vi": "vụ án", "en": "cases"},
    "records.victims": {"vi": "nạn nhân", "en": "victims"},
    "outlier.reports.intake": {"vi": "tin báo mới", "en": "new reports"},
    "outlier.investigation.intake": {"vi": "án khởi tố mới", "en": "new cases"},
    "explore.nothing_published": {"vi": "Không có chỉ tiêu nào được công bố trong kỳ này (bản công khai không công bố các số nhỏ).",
        "en": "No indicator is published for this period (a public edition withholds small numbers)."},
    "explore.window": {"vi": "Kỳ ", "en": "Window "},
    "explore.overview": {"vi": "{period}: {units:#} đơn vị; {missed} trong số {targeted:#} chỉ tiêu của Kế hoạch chưa đạt hoặc có nguy cơ chưa đạt; {behind:#} đơn vị chưa đạt ít nhất một chỉ tiêu.",
        "en": "{period}: {units:# unit|units}; {missed} of {targeted:# target|targets} missed or at risk; {behind:# unit|units} missed at least one target."},
    "explore.public_no_records": {"vi": "Bản công khai không có số liệu theo hồ sơ (chỉ có các số tổng hợp đã kiểm soát số nhỏ).",
        "en": "A public edition has no record-level data (only the totals, small numbers withheld)."},
    "explore.pick_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "explore.pick_body": {"vi": "Khối", "en": "Body"},
    "explore.pick_unit": {"vi": "Đơn vị", "en": "Unit"},
    "explore.pick_quarter": {"vi": "Quý", "en": "Quarter"},
    "explore.every_body": {"vi": "Tất cả các khối", "en": "Every body"},
    "explore.no_unit": {"vi": "(chưa chọn)", "en": "(none)"},
    "explore.target_line": {"vi": "Chỉ tiêu kế hoạch", "en": "Target"},
    "explore.baseline_line": {"vi": "Cả năm {year}", "en": "Whole year {year}"},
    "explore.trend_title": {"vi": "Chỉ tiêu chọn, theo quý", "en": "The picked indicator by quarter"},
    "explore.trend_subtitle": {"vi": "Đen: toàn Thành phố; chấm: chỉ tiêu kế hoạch; nét đứt xám: cả năm {year} (như các biểu đồ của báo cáo).\nXanh lục: đơn vị chọn; xám nhạt: các đơn vị khác của khối có nhiệm vụ về chỉ tiêu này.",
        "en": "Black: the city; dotted: the target; dashed grey: the whole of {year} (as in the report's charts).\nGreen: the picked unit; light grey: the body's other units whose duty the indicator is."},
    "explore.comparison_title": {"vi": "Các đơn vị trong quý chọn, cao nhất trước", "en": "Units in the picked quarter, highest first"},
    "explore.comparison_subtitle": {"vi": "Chỉ các đơn vị có nhiệm vụ về chỉ tiêu này; số 0 là một vạch ở 0; đơn vị không có số liệu ở cuối, chữ xám.",
        "en": "Only the units whose duty the indicator is; a zero is a mark at 0; units without data last, in grey."},
    "explore.stage": {"vi": "Khâu", "en": "Stage"},
    "explore.stage_reports": {"vi": "Tiếp nhận, giải quyết tin báo", "en": "Reports"},
    "explore.stage_investigation": {"vi": "Điều tra", "en": "Investigation"},
    "explore.stage_procuracy": {"vi": "Truy tố", "en": "Prosecution"},
    "explore.stage_court": {"vi": "Xét xử", "en": "Trial"},
    "explore.stage_victims": {"vi": "Nạn nhân (đếm theo vụ án)", "en": "Victims (counted per case)"},
    # --- the summary paragraph (present/narrative.py) ---
    # "summary.<indicator id>": that indicator's own sentence, in the registry's order; {fraction} and {rate}
    # are its result, {count[measure]} and {change[measure]} the city's count of a measure and its change.
    "summary.T2_report_resolution": {
        "vi": "{opening}, toàn Thành phố tiếp nhận {count[reports.intake]:#} tố giác, tin báo, kiến nghị khởi tố về tội phạm "
              "mua bán người{change[reports.intake]}; đã giải quyết {fraction} tin (đạt {rate}).",
        "en": "{opening}, the city received {count[reports.intake]:# crime report|crime reports} on trafficking"
              "{change[reports.intake]} and resolved {fraction} ({rate})."},
    "summary.T3_discovery": {
        "vi": "Khởi tố mới {count[investigation.intake]:#} vụ án{change[investigation.intake]} với "
              "{count[investigation.suspects]:#} bị can; điều tra, khám phá {fraction} vụ ({rate}); truy tố "
              "{count[procuracy.resolved_indicted]} vụ, xét xử sơ thẩm {count[court.resolved_tried]} vụ.",
        "en": "{count[investigation.intake]:# new case was|new cases were} initiated{change[investigation.intake]} with "
              "{count[investigation.suspects]:# suspect|suspects}; {fraction} were solved ({rate}); "
              "{count[procuracy.resolved_indicted]} {count[procuracy.resolved_indicted]:was|were} indicted and "
              "{count[court.resolved_tried]} tried at first instance."},
    "summary.T6_victim_support": {
        "vi": "Xác định {count[victims.identified]:#} nạn nhân, trong đó {fraction} đã được hỗ trợ ({rate}).",
        "en": "{count[victims.identified]:# victim was|victims were} identified, of whom {fraction} received support ({rate})."},
    "summary.same": {"vi": " (bằng cùng kỳ năm {year})", "en": " (the same as in the same period of {year})"},
    "summary.up": {"vi": " (tăng {change} so với cùng kỳ năm {year})", "en": " (up {change} on the same period of {year})"},
    "summary.down": {"vi": " (giảm {change} so với cùng kỳ năm {year})", "en": " (down {change} on the same period of {year})"},
    "summary.withheld_fraction": {"vi": "một số không công bố", "en": "a number not published"},
    "summary.withheld_rate": {"vi": "không công bố", "en": "withheld"},
    "summary.target_item": {"vi": "{name} ({rate}, chỉ tiêu {target})", "en": "{name} ({rate}, target {target})"},
    "summary.no_targets": {"vi": "Chưa có chỉ tiêu kế hoạch năm {year} để đánh giá.",
                           "en": "There are no plan targets for {year} to judge against."},
    "summary.target_item_beside": {"vi": "{name} ({rate}, chỉ tiêu {target}; riêng {period}: {period_rate})",
                                   "en": "{name} ({rate}, target {target}; {period} alone: {period_rate})"},
    # Each verdict names the window it judges ({window}: the quarter, or the 6/9 months or the year a Q2-Q4 report judges by).
    "summary.met": {"vi": "Đạt chỉ tiêu Kế hoạch ({window}): {items}.", "en": "Targets met ({window}): {items}."},
    "summary.missed": {"vi": "Chưa đạt ({window}): {items}.", "en": "Targets missed ({window}): {items}."},
    "summary.at_risk": {"vi": "Có nguy cơ chưa đạt ({window}): {items}.", "en": "Targets at risk ({window}): {items}."},
    "summary.lagging": {"vi": "Các đơn vị còn chưa đạt chỉ tiêu ({window}): {units}{more}.",
                        "en": "Units still missing targets ({window}): {units}{more}."},
    "summary.lagging_more": {"vi": " và {more} đơn vị khác", "en": " and {more} more"},
    # --- targets, periods, numbers ---
    "target.above": {"vi": "trên {rate}", "en": "above {rate}"},
    "target.at_least": {"vi": "≥ {rate}", "en": "≥ {rate}"},
    "target.below": {"vi": "dưới {rate}", "en": "below {rate}"},
    "target.at_most": {"vi": "≤ {rate}", "en": "≤ {rate}"},
    # The comparison alone, in a table column of its own.
    "target.op_above": {"vi": "trên", "en": "above"},
    "target.op_at_least": {"vi": "≥", "en": "≥"},
    "target.op_below": {"vi": "dưới", "en": "below"},
    "target.op_at_most": {"vi": "≤", "en": "≤"},
    "period.month": {"vi": "{month}/{year}", "en": "{month} {year}"},
    "period.quarter": {"vi": "{quarter}/{year}", "en": "{quarter} {year}"},
    "period.half.1": {"vi": "6 tháng đầu năm {year}", "en": "First half of {year}"},
    "period.half.2": {"vi": "6 tháng cuối năm {year}", "en": "Second half of {year}"},
    "period.nine_months": {"vi": "9 tháng năm {year}", "en": "Nine months of {year}"},
    # a period inside running text ("Trong {period}, …" / "In {period}, …"): periods.Period.in_sentence
    "period.in_sentence.month": {"vi": "{month}/{year}", "en": "{month} {year}"},
    "period.in_sentence.quarter": {"vi": "{quarter}/{year}", "en": "{quarter} {year}"},
    "period.in_sentence.half.1": {"vi": "6 tháng đầu năm {year}", "en": "the first half of {year}"},
    "period.in_sentence.half.2": {"vi": "6 tháng cuối năm {year}", "en": "the second half of {year}"},
    "period.in_sentence.nine_months": {"vi": "9 tháng năm {year}", "en": "the first nine months of {year}"},
    "period.in_sentence.year": {"vi": "năm {year}", "en": "{year}"},
    "period.in_sentence.ytd": {"vi": "thời gian từ đầu năm {year} đến {end}", "en": "the year {year} to {end}"},
    # a period opening a sentence ("Quý II/2023, toàn Thành phố …" / "In Q2 2023, the city …"): periods.Period.opening
    "period.opening.month": {"vi": "{month}/{year}", "en": "In {month} {year}"},
    "period.opening.quarter": {"vi": "{quarter}/{year}", "en": "In {quarter} {year}"},
    "period.opening.half.1": {"vi": "6 tháng đầu năm {year}", "en": "In the first half of {year}"},
    "period.opening.half.2": {"vi": "6 tháng cuối năm {year}", "en": "In the second half of {year}"},
    "period.opening.nine_months": {"vi": "9 tháng năm {year}", "en": "In the first nine months of {year}"},
    "period.opening.year": {"vi": "Năm {year}", "en": "In {year}"},
    "period.opening.ytd": {"vi": "Từ đầu năm {year} đến {end}", "en": "In the year {year} to {end}"},
    "period.year": {"vi": "Năm {year}", "en": "Year {year}"},
    "period.ytd": {"vi": "Từ đầu năm {year} đến {end}", "en": "{year} year to {end}"},
    **{f"month.{i}": {"vi": f"Tháng {i}", "en": name} for i, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
         "December"), start=1)},
    **{f"month_in_sentence.{i}": {"vi": f"tháng {i}", "en": name} for i, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
         "December"), start=1)},
    **{f"quarter.{i}": {"vi": f"Quý {roman}", "en": f"Q{i}"} for i, roman in enumerate(("I", "II", "III", "IV"), start=1)},
    "number.decimal": {"vi": ",", "en": "."},
    "number.thousands": {"vi": ".", "en": ","},
    "number.points": {"vi": "{number} điểm %", "en": "{number} pp"},
    # --- the workbook, the index page, ingest and the command line ---
    "sheet.city": {"vi": "Toàn thành phố", "en": "Whole city"},
    "sheet.units": {"vi": "Đơn vị", "en": "Units"},
    "sheet.notes": {"vi": "Ghi chú", "en": "Notes"},
    "sheet.missed": {"vi": "Đơn vị chưa đạt", "en": "Units missing targets"},
    "sheet.no_data": {"vi": "Đơn vị không có số liệu", "en": "Units without data"},
    "workbook.baseline_numerator": {"vi": "Tử số cùng kỳ {year}", "en": "Numerator, same period {year}"},
    "workbook.baseline_denominator": {"vi": "Mẫu số cùng kỳ {year}", "en": "Denominator, same period {year}"},
    "workbook.baseline_value": {"vi": "Tỷ lệ cùng kỳ {year}", "en": "Rate, same period {year}"},
    "workbook.body": {"vi": "Khối", "en": "Body"},
    "workbook.no_data_period": {"vi": "Số chỉ tiêu không có số liệu trong kỳ", "en": "Indicators without data, period"},
    "workbook.no_data_ytd": {"vi": "Số chỉ tiêu không có số liệu lũy kế", "en": "Indicators without data, year to date"},
    "workbook.indicators": {"vi": "Tổng số chỉ tiêu", "en": "Indicators"},
    "workbook.sheets_note": {"vi": "Trang «Đơn vị» chỉ gồm các kết quả có số liệu; đơn vị, chỉ tiêu không có số liệu ở trang «Đơn vị không có số liệu». Trang «Đơn vị chưa đạt» xếp theo số tin báo, vụ án hoặc nạn nhân cần giải quyết thêm, nhiều nhất trước. Mã đơn vị, mã chỉ tiêu ở các cột cuối.",
        "en": "The «Units» sheet holds the results with data; units and indicators without data are on «Units without data». «Units missing targets» is sorted by the cases still needed, most first. Unit and indicator codes are in the last columns."},
    "workbook.sheets_note_public": {"vi": "Trang «Đơn vị» chỉ gồm các kết quả có số liệu được công bố; đơn vị, chỉ tiêu không có số liệu ở trang «Đơn vị không có số liệu». Trang «Đơn vị chưa đạt» chỉ liệt kê các đơn vị có kết quả được công bố, xếp theo số tin báo, vụ án hoặc nạn nhân cần giải quyết thêm, nhiều nhất trước; số đơn vị chưa đạt không công bố theo đơn vị (số nhỏ) được nêu ở cuối trang. Mã đơn vị, mã chỉ tiêu ở các cột cuối.",
        "en": "The «Units» sheet holds the published results with data; units and indicators without data are on «Units without data». «Units missing targets» lists only units whose results are published, sorted by the cases still needed, most first; how many units missed but are not published by unit (small numbers) is said at its foot. Unit and indicator codes are in the last columns."},
    "index.notebooks_ran": {"vi": "{ok} trong số {total:#} notebook chạy thành công", "en": "{ok} of {total:# notebook|notebooks} ran"},
    "problems.more": {"vi": "... và {more} lỗi khác", "en": "... {more} more"},
    "pii.phone": {"vi": "số điện thoại", "en": "a phone number"},
    "pii.identity": {"vi": "số CMND/CCCD (hoặc số điện thoại mất số 0 đầu)",
                     "en": "an identity card number (or a phone number that lost its leading 0)"},
    "pii.passport": {"vi": "số hộ chiếu", "en": "a passport number"},
    "pii.name": {"vi": "họ tên một người", "en": "a person's name"},
    "pii.name_in_id": {"vi": "họ tên một người; mã là chuỗi ký hiệu (chữ, số và - _ / . không có dấu cách)",
                       "en": "a person's name; an id is a code (letters, digits and - _ / . without spaces)"},
    "skipped.totals": {"vi": "dòng tổng cộng, không nhập", "en": "totals row left out"},
    "skipped.example": {"vi": "dòng ví dụ, không nhập", "en": "example row left out"},
    "skipped.signature": {"vi": "phần ký tên, nơi nhận (không phải hồ sơ), không nhập", "en": "signature block (not a record) left out"},
    "skipped.note": {"vi": "dòng ghi chú, không nhập", "en": "note row left out"},
    "skipped.column_numbers": {"vi": "dòng đánh số cột, không nhập", "en": "column-number row left out"},
    "skipped.pattern": {"vi": "dòng bỏ qua theo «skip_rows» của tệp ánh xạ", "en": "row left out by the mapping's «skip_rows»"},
    "sheet.sheet_ignored": {"vi": "trang không đọc (tệp ánh xạ ghi ignore)", "en": "sheet not read (the mapping says ignore)"},
    "sheet.sheet_information": {"vi": "trang thông tin (đơn vị, kỳ báo cáo)", "en": "information sheet (unit, period)"},
    "sheet.sheet_no_table": {"vi": "trang không có bảng số liệu, không đọc", "en": "sheet with no data table, not read"},
    "sheet.sheet_not_read": {"vi": "trang có dạng bảng số liệu nhưng không đọc được", "en": "sheet that looks like data but could not be read"},
    "sheet.read": {"vi": "đọc thành bảng {table}: {rows:#} dòng", "en": "read as the {table} table: {rows:# row|rows}"},
    "ingest.tables": {"vi": "; các bảng: {tables}", "en": "; tables: {tables}"},
    "ingest.ingested": {"vi": "đã lưu thành lần nộp số {id}", "en": "stored as submission {id}"},
    "ingest.validated": {"vi": "hợp lệ, chưa lưu", "en": "valid, nothing stored"},
    "ingest.unchanged": {"vi": "giống hệt lần nộp số {id}; không lưu lại", "en": "identical to submission {id}; nothing stored"},
    "ingest.supersedes": {"vi": "; thay thế lần nộp số {id}", "en": "; supersedes submission {id}"},
    "ingest.no_rows": {"vi": "không có dòng", "en": "no rows"},
    "ingest.emptied": {"vi": "; bảng đã thay: {tables}", "en": "; replaced: {tables}"},
    "ingest.emptied_table": {"vi": "{table} (nay 0 dòng, trước đó {before:#})", "en": "{table} (0 rows now, {before:#} before)"},
    "cli.not_stored": {"vi": "{path}: có {count:#} lỗi; chưa lưu gì.", "en": "{path}: {count:# problem|problems}; nothing was stored."},
    # English says "1 problem": the command line takes this entry when the count is one.
    # --- what the command line prints ---
    "cli.no_submissions": {"vi": "(chưa có lần nộp nào)", "en": "(no submissions)"},
    "cli.audit_head": {"vi": "Kiểm định các bản công bố năm {year} ({editions}): {published:#} số được công bố; {protected:#} số được bảo vệ (ngưỡng {threshold}). Theo mọi phép cộng, trừ người đọc biết, mỗi số được bảo vệ phải có thể bằng 0 hoặc có thể đạt ngưỡng: người đọc không thể kết luận số đó nằm trong khoảng 1 đến {below}.",
        "en": "Audit of the {year} public editions ({editions}): {published:# number|numbers} published; {protected:# protected count|protected counts} (threshold {threshold}). Under every sum and difference a reader knows, each protected count must be able to be 0 or to reach the threshold: a reader cannot conclude it lies in 1 to {below}."},
    "report.audit_no_quarter": {"vi": "Dữ liệu chưa có quý nào của năm {year}: không có bản công bố nào để kiểm định.",
        "en": "The data reach no quarter of {year}: there is no public edition to audit."},
    "report.audit_no_data": {"vi": "Dữ liệu không có gì của năm {year} (dữ liệu bắt đầu từ {since}): không có bản công "
                                   "bố nào để kiểm định; hãy ghi một năm kế hoạch có dữ liệu.",
        "en": "The data hold nothing of {year} (they begin on {since}): there is no public edition to audit; "
              "give a plan year the data cover."},
    "report.audit_lp_failed": {"vi": "Bài toán quy hoạch tuyến tính của kiểm định không giải được: {message}",
        "en": "The audit's linear programme could not be solved: {message}"},
    "cli.audit_failing": {"vi": "{count:#} số được bảo vệ bị suy ra nằm trong khoảng 1 đến {below}:",
        "en": "{count:# protected count|protected counts} can be narrowed to within 1 to {below}:"},
    "cli.audit_note": {"vi": "Ghi chú: {note}", "en": "Note: {note}"},
    "cli.audit_passed": {"vi": "Đạt: không số được bảo vệ nào của năm {year} suy ra được.", "en": "Passed: no protected count of {year} can be worked out."},
    "cli.audit_failed": {"vi": "Không đạt: xem các dòng trên.", "en": "Failed: see the lines above."},
    "help.audit_public": {"vi": "kiểm định mọi bản công bố của một năm kế hoạch bằng quy hoạch tuyến tính: mỗi số được bảo vệ có thể nằm trong khoảng nào",
        "en": "audit every public edition of a plan year by linear programming: the interval each protected count could take"},
    "help.audit_year": {"vi": "năm kế hoạch, ví dụ 2025", "en": "the plan year, e.g. 2025"},
    "help.audit_threshold": {"vi": "ngưỡng (mặc định: của thành phố)", "en": "the threshold (default: the city's)"},
    "help.audit_show": {"vi": "số dòng không đạt được in ra", "en": "how many failing lines to print"},
    "cli.check_removed_run": {"vi": "Đã xóa thư mục của một lần chạy bị dừng giữa chừng (có bản sao cơ sở dữ liệu): {folder}",
        "en": "Removed the folder of a run stopped part-way (it held a copy of the store): {folder}"},
    "cli.check_ok": {"vi": "{path}: tốt ({count:#} lần nộp, tất cả đã có trong kho lưu trữ, mọi tệp khớp mã băm)",
        "en": "{path}: ok ({count:# submission|submissions}, all in the archive, all files match their hashes)"},
    "cli.archived": {"vi": "{archive}: đã ghi {count:#} lần nộp", "en": "{archive}: {count:# submission|submissions} written"},
    "cli.rebuilt": {"vi": "{path}: đã dựng lại từ {count:#} lần nộp trong kho lưu trữ",
        "en": "{path}: rebuilt from {count:# archived submission|archived submissions}"},
    "cli.rebuilt_aside": {"vi": "; tệp cũ được giữ tại {aside}", "en": "; the old file is kept as {aside}"},
    "cli.store_exists": {"vi": "{path}: đã có (dùng --force để dựng lại từ dữ liệu mẫu)",
        "en": "{path}: already exists (use --force to rebuild it from the sample)"},
    "cli.sample_loaded": {"vi": "{path}: {count:#} lần nộp", "en": "{path}: {count:# submission|submissions}"},
    "cli.due": {"vi": "hạn báo cáo {date}", "en": "due {date}"},
    "cli.report_there": {"vi": "{folder}: báo cáo đã có (dùng --force để chạy lại)",
        "en": "{folder}: already there (use --force to run it again)"},
    "cli.run_summary": {"vi": "{period}: {ok}/{total} notebook chạy thành công trong {seconds} giây",
        "en": "{period}: {ok}/{total} {total:notebook|notebooks} in {seconds} s"},
    "cli.run_failure": {"vi": "  ✘ {notebook}: {error} (notebook lỗi được giữ tại: {output})",
        "en": "  ✘ {notebook}: {error} (kept: {output})"},
    "cli.run_backup": {"vi": "  báo cáo trước được giữ tại {backup}", "en": "  previous report kept as {backup}"},
    "cli.run_backup_kept_out": {"vi": "  báo cáo trước được giữ tại {backup}, ngoài thư mục công bố để không bị công bố "
        "cùng bản mới; hãy xoá nó khi không cần nữa",
        "en": "  previous report kept as {backup}, outside the public folder so it is not published beside the new one; "
        "delete it when no longer needed"},
    "cli.docs_updated": {"vi": "{path}: đã cập nhật", "en": "{path}: updated"},
    "cli.docs_current": {"vi": "{path}: đã đúng với mô hình dữ liệu, không cần cập nhật", "en": "{path}: already current"},
    # --- the command line's help (argparse), in --lang or TIPMONITOR_LANG ---
    "help.usage": {"vi": "cách dùng: ", "en": "usage: "},
    "help.positionals": {"vi": "tham số bắt buộc", "en": "positional arguments"},
    "help.options": {"vi": "tùy chọn", "en": "options"},
    "help.help": {"vi": "hiện hướng dẫn này rồi thoát", "en": "show this help message and exit"},
    "help.verbs": {"vi": "lệnh", "en": "commands"},
    "help.description": {"vi": "Theo dõi thực hiện Kế hoạch phòng, chống mua bán người: kiểm tra số liệu, chỉ tiêu và báo cáo.",
        "en": "Anti-trafficking plan monitoring: data checks, KPIs and reports."},
    "help.lang": {"vi": "ngôn ngữ của thông báo và nhãn (mặc định vi)", "en": "language of messages and labels (default vi)"},
    "help.sample": {"vi": "ghi bộ dữ liệu mẫu (giả lập)", "en": "write the synthetic sample data"},
    "help.sample_out": {"vi": "thư mục ghi (mặc định data/sample)", "en": "folder (default data/sample)"},
    "help.seed": {"vi": "hạt giống ngẫu nhiên của dữ liệu mẫu (mặc định 17)", "en": "the sample's random seed (default 17)"},
    "help.scale": {"vi": "chế độ đo hiệu năng: khoảng chừng này dòng vụ án, dạng Parquet",
        "en": "benchmark mode: about this many case rows, as Parquet"},
    "help.store": {"vi": "tệp cơ sở dữ liệu (mặc định data/store.duckdb, hoặc TIPMONITOR_STORE)",
        "en": "the store file (default data/store.duckdb, or TIPMONITOR_STORE)"},
    "help.ingest": {"vi": "lưu các lần nộp (mỗi tệp hoặc thư mục là của một đơn vị cho một kỳ)",
        "en": "store submissions (each FILE or folder is one unit's for one period)"},
    "help.validate": {"vi": "kiểm tra như khi lưu nhưng không lưu gì", "en": "the same checks as ingest; stores nothing"},
    "help.files": {"vi": "tệp hoặc thư mục số liệu của đơn vị", "en": "a unit's data file or folder"},
    "help.unit": {"vi": "đơn vị (mặc định: đơn vị ghi trong các dòng)", "en": "the unit (default: the one the rows name)"},
    "help.period": {"vi": "kỳ báo cáo, vd. 2023-Q2 (mặc định: lấy từ tệp hoặc tên tệp)",
        "en": "the period, e.g. 2023-Q2 (default: from the file or its name)"},
    "help.mapping": {"vi": "tệp ánh xạ cột cho mẫu biểu riêng của đơn vị (params/mappings/...)",
        "en": "a column-mapping file for a unit's own layout (params/mappings/...)"},
    "help.received_on": {"vi": "ngày đơn vị gửi (năm-tháng-ngày; mặc định hôm nay)",
        "en": "the day the unit sent it (ISO date; default today)"},
    "help.allow_period_outside": {"vi": "nhận cả kỳ báo cáo chưa bắt đầu hoặc trước năm gốc quá 5 năm (docs/security.md)",
        "en": "take a period that has not begun, or lies before the baseline year minus 5 (docs/security.md)"},
    "help.today": {"vi": "coi ngày này (năm-tháng-ngày) là hôm nay (để kiểm tra ngày ở tương lai)",
        "en": "treat this ISO date as today (for dates-in-the-future checks)"},
    "help.submissions": {"vi": "lịch sử các lần nộp", "en": "the history of submissions"},
    "help.replace_tables": {"vi": "cho phép tệp bỏ hồ sơ khỏi số liệu hiện hành của các bảng nêu tên (vd. cases; không nêu: mọi bảng)",
        "en": "let the file take records out of the current data of the tables named (e.g. cases; none named: every table)"},
    "help.map": {"vi": "lập bản nháp tệp ánh xạ cho sổ của một đơn vị (trang -> bảng, cột -> trường, từ -> mã)",
        "en": "draft a mapping for a unit's workbook (sheets -> tables, columns -> fields, words -> codes)"},
    "help.map_file": {"vi": "sổ Excel hoặc tệp CSV của đơn vị", "en": "the unit's workbook or CSV file"},
    "help.map_out": {"vi": "nơi ghi bản nháp (mặc định params/mappings/<tên tệp>.yaml)",
        "en": "where to write the draft (default params/mappings/<file name>.yaml)"},
    "help.map_force": {"vi": "ghi đè tệp ánh xạ đã có", "en": "overwrite an existing mapping file"},
    "map.sheet": {"vi": "Trang «{sheet}»: bảng {table}, tiêu đề ở dòng {row}", "en": "Sheet «{sheet}»: table {table}, header on row {row}"},
    "map.sheet_ignored": {"vi": "Trang «{sheet}»: không có bảng số liệu (ignore)", "en": "Sheet «{sheet}»: no data table (ignore)"},
    "map.sheet_unread": {"vi": "Trang «{sheet}»: có {rows:#} dòng số liệu nhưng không tìm thấy dòng tiêu đề (trong {search:#} dòng đầu không dòng nào ghi tên hai cột của một bảng): chưa đọc",
        "en": "Sheet «{sheet}»: {rows:# row|rows} of data but no header row found (none of its first {search:# row|rows} names two columns of a table): not read"},
    "map.q_sheet": {"vi": "trang «{sheet}»: {rows:#} dòng số liệu không có dòng tiêu đề: thêm dòng tiêu đề phía trên rồi chạy lại map, hoặc ghi table: ignore nếu trang không phải số liệu",
        "en": "sheet «{sheet}»: {rows:# row|rows} of data and no header row: add the header row above them and run map again, or write table: ignore if the sheet is not data"},
    "map.preview": {"vi": "  {rows:#} dòng đọc được; các dòng đầu:", "en": "  {rows:# row|rows} read; the first:"},
    "map.questions": {"vi": "Câu hỏi cần trả lời trong bản nháp (tìm «?»):", "en": "Questions to answer in the draft (look for «?»):"},
    "map.no_questions": {"vi": "Không có câu hỏi: bản nháp đọc được cả sổ.", "en": "No questions: the draft reads the whole workbook."},
    "map.q_column": {"vi": "trang «{sheet}», cột «{header}»: trường nào? (hoặc ignore)", "en": "sheet «{sheet}», column «{header}»: which field? (or ignore)"},
    "map.q_value": {"vi": "trang «{sheet}», cột «{header}», giá trị «{value}»: mã nào? ({allowed})",
        "en": "sheet «{sheet}», column «{header}», value «{value}»: which code? ({allowed})"},
    "map.q_missing": {"vi": "trang «{sheet}»: thiếu cột {field} bắt buộc; cột nào?", "en": "sheet «{sheet}»: the required column {field} is missing; which column is it?"},
    "map.q_unit": {"vi": "đơn vị gửi sổ này: ghi «unit:» (mã trong data/reference/units.csv) hoặc dùng --unit khi nhập",
        "en": "the unit that sends this workbook: fill «unit:» (its code in data/reference/units.csv) or give --unit when ingesting"},
    "map.wrote": {"vi": "Đã ghi bản nháp: {path}", "en": "Draft written: {path}"},
    "help.filter_unit": {"vi": "chỉ lần nộp của đơn vị này", "en": "only this unit's submissions"},
    "help.filter_period": {"vi": "chỉ lần nộp của kỳ này", "en": "only this period's submissions"},
    "help.export": {"vi": "ghi số liệu hiện hành ra Parquet hoặc CSV", "en": "write the current data as Parquet or CSV"},
    "help.export_out": {"vi": "thư mục ghi", "en": "the folder to write"},
    "help.format": {"vi": "định dạng tệp (mặc định parquet)", "en": "the file format (default parquet)"},
    "help.check": {"vi": "kiểm tra cơ sở dữ liệu: mở được, tệp khớp mã băm, đã có đủ trong kho lưu trữ",
        "en": "check the store: it opens, its files match their hashes, all are archived"},
    "help.archive": {"vi": "ghi bản lưu trữ cho các lần nộp còn thiếu trong kho lưu trữ",
        "en": "write archive copies of submissions the archive lacks"},
    "help.rebuild": {"vi": "dựng lại cơ sở dữ liệu bị hỏng hoặc bị mất từ kho lưu trữ",
        "en": "rebuild a damaged or missing store from its archive"},
    "help.template": {"vi": "ghi mẫu biểu Excel để đơn vị nhập số liệu", "en": "write the Excel submission template"},
    "help.template_out": {"vi": "tệp .xlsx cần ghi", "en": "the .xlsx file to write"},
    "help.template_unit": {"vi": "điền sẵn đơn vị", "en": "pre-fill the unit"},
    "help.template_period": {"vi": "điền sẵn kỳ báo cáo", "en": "pre-fill the period"},
    "help.load_sample": {"vi": "dựng cơ sở dữ liệu từ các lần nộp của dữ liệu mẫu",
        "en": "build the store from the sample data's submissions"},
    "help.load_sample_force": {"vi": "dựng lại cả khi cơ sở dữ liệu đã có", "en": "rebuild it even if the store exists"},
    "help.periods": {"vi": "hiện khoảng thời gian của kỳ báo cáo và hạn báo cáo",
        "en": "show period windows and reporting deadlines"},
    "help.period_labels": {"vi": "các kỳ báo cáo, vd. 2023-Q2 2023-H1", "en": "periods, e.g. 2023-Q2 2023-H1"},
    "help.latest": {"vi": "thêm kỳ gần nhất đã hết hạn báo cáo", "en": "add the latest complete period"},
    "help.kind": {"vi": "loại kỳ của --latest (mặc định quarter)", "en": "the kind of period for --latest (default quarter)"},
    "help.rule": {"vi": "cách chốt số liệu: official (từ ngày 15 đến ngày 14) hoặc calendar (theo tháng dương lịch)",
        "en": "the cut-off rule: official (15th-14th) or calendar (calendar months)"},
    "help.evaluate": {"vi": "in bảng kết quả các chỉ tiêu của một kỳ", "en": "print a period's scorecard"},
    "help.evaluate_to_date": {"vi": "chấm cả kỳ chưa kết thúc: số liệu tạm tính, tính đến hôm nay",
        "en": "score a period that has not ended: provisional figures, to today"},
    "help.evaluate_period": {"vi": "kỳ báo cáo, vd. 2023-Q2", "en": "the period, e.g. 2023-Q2"},
    "help.data": {"vi": "cơ sở dữ liệu (mặc định) hoặc thư mục tệp số liệu", "en": "the store (default) or a folder of data files"},
    "help.evaluate_unit": {"vi": "đơn vị, hoặc CITY cho toàn thành phố (mặc định)", "en": "a unit, or CITY for the whole city (default)"},
    "help.audience": {"vi": "public: như bản công bố, các số nhỏ không công bố",
        "en": "public: as the public edition shows it, small numbers withheld"},
    "help.run": {"vi": "chạy mọi notebook của một kỳ và xuất bản báo cáo", "en": "run a whole period's notebooks and publish the report"},
    "help.run_period": {"vi": "kỳ báo cáo: 2023-Q2, 2023-H1, 2023-9M, 2023 ...", "en": "the period: 2023-Q2, 2023-H1, 2023-9M, 2023 ..."},
    "help.run_latest": {"vi": "kỳ gần nhất đã hết hạn báo cáo", "en": "the latest period whose reporting deadline has passed"},
    "help.units": {"vi": "mã hoặc tên đơn vị (mặc định: tất cả)", "en": "unit codes or names (default: all)"},
    "help.config": {"vi": "tệp thiết lập lần chạy (mặc định params/runs/default.yaml)",
        "en": "the run file (default params/runs/default.yaml)"},
    "help.workers": {"vi": "số notebook chạy song song (mặc định theo tệp thiết lập, nếu không thì một kernel cho mỗi 8 "
                           "notebook, không quá số nhân CPU)",
        "en": "notebooks run at once (default from the run file, else one kernel per 8 notebooks, at most the number "
              "of CPU cores)"},
    "help.force": {"vi": "thay báo cáo đã có (báo cáo cũ được giữ làm bản sao lưu có ghi ngày)",
        "en": "replace an existing report (kept as a dated backup)"},
    "help.keep_existing": {"vi": "nếu báo cáo đã có thì giữ nguyên và in đường dẫn",
        "en": "if the report exists, leave it and print its path"},
    "help.cold": {"vi": "mỗi notebook một kernel mới (chậm hơn; để so sánh hoặc dự phòng)",
        "en": "a fresh kernel per notebook (slower; for comparison or as a fallback)"},
    "help.out": {"vi": "thư mục báo cáo (mặc định theo tệp thiết lập)", "en": "reports folder (default from the run file)"},
    "help.run_data": {"vi": "cơ sở dữ liệu hoặc thư mục số liệu (mặc định theo tệp thiết lập)",
        "en": "the store or data folder (default from the run file)"},
    "help.notebook": {"vi": "chạy một notebook bằng papermill; bản đã chạy chỉ chủ sở hữu đọc được",
        "en": "run one notebook with papermill; the executed copy is the owner's only"},
    "help.notebook_in": {"vi": "notebook cần chạy, vd. notebooks/period_report.ipynb", "en": "e.g. notebooks/period_report.ipynb"},
    "help.notebook_out": {"vi": "tệp notebook đã chạy cần ghi", "en": "the executed notebook to write"},
    "help.notebook_parameters": {"vi": "tệp tham số (params/notebooks/quarter.yaml)",
        "en": "a parameter file (params/notebooks/quarter.yaml)"},
    "help.docs": {"vi": "tạo lại các bảng tham chiếu trong docs/data-model.md",
        "en": "regenerate the reference tables in docs/data-model.md"},
    "help.reference": {"vi": "dựng lại data/reference từ bộ dữ liệu của Tổng cục Thống kê (cần vietnamadminunits)",
        "en": "rebuild data/reference from the GSO dataset (needs vietnamadminunits)"},
    "intake.folder_named_like_file": {"vi": "{path}: đây là một thư mục mang tên như một tệp dữ liệu; thư mục nộp "
                                            "({folder}) chỉ được chứa các tệp dữ liệu: hãy đổi tên hoặc chuyển thư mục "
                                            "này ra ngoài rồi thử lại",
        "en": "{path}: this is a folder named like a data file; a submission folder ({folder}) holds data files only: "
              "rename it or move it out, then try again"},
    # --- the store (store/database.py, store/recovery.py) ---
    "store.locked": {"vi": "{path}: một tiến trình khác đã giữ cơ sở dữ liệu quá {seconds} giây; hãy thử lại sau",
        "en": "{path}: another process has held the store for over {seconds} s; try again later"},
    "store.file_missing": {"vi": "{path}: mất tệp cơ sở dữ liệu. {hint}", "en": "{path}: the store file is missing. {hint}"},
    "store.none_yet": {"vi": "{path}: chưa có cơ sở dữ liệu; hãy nhập một lần nộp trước (tipmonitor ingest FILE) "
                             "hoặc dựng từ dữ liệu mẫu (tipmonitor load-sample)",
        "en": "{path}: no store here yet; ingest a submission first (tipmonitor ingest FILE), "
              "or build one from the sample (tipmonitor load-sample)"},
    "store.unopenable": {"vi": "{path}: cơ sở dữ liệu bị hỏng, không mở được ({detail}). {hint}",
        "en": "{path}: the store is damaged and cannot be opened ({detail}). {hint}"},
    "store.refused_change": {"vi": "{path}: cơ sở dữ liệu từ chối thay đổi ({kind}: {detail}); chưa lưu gì",
        "en": "{path}: the store refused the change ({kind}: {detail}); nothing was stored"},
    "store.not_migrated": {"vi": "{path}: không cập nhật được cơ sở dữ liệu theo mô hình dữ liệu hiện tại (bản sao lưu trước khi cập nhật nằm cạnh tệp)",
        "en": "{path}: the store could not be brought up to date (the copy taken before the update is beside the file)"},
    "store.newer": {"vi": "{path}: cơ sở dữ liệu có phiên bản lược đồ {version}, do một phiên bản tipmonitor mới hơn ghi; phiên bản này chỉ biết đến {known}: hãy cập nhật tipmonitor",
        "en": "{path}: the store has schema version {version}, written by a newer tipmonitor; this one knows up to {known}: update tipmonitor"},
    "store.not_a_store": {"vi": "{path}: đây không phải cơ sở dữ liệu tipmonitor phiên bản lược đồ {version}. {hint}",
        "en": "{path}: this is not a tipmonitor store of schema version {version}. {hint}"},
    "store.path_is_folder": {"vi": "{path}: đây là một thư mục, không phải tệp cơ sở dữ liệu; hãy chỉ tên tệp "
                                   "cơ sở dữ liệu, ví dụ --store data/store.duckdb",
        "en": "{path}: this is a folder, not a store file; name the store file, for example --store data/store.duckdb"},
    "store.path_is_archive": {"vi": "{path}: đây là thư mục lưu trữ (archive) của một cơ sở dữ liệu, không phải cơ sở "
                                    "dữ liệu; hãy chỉ tệp cơ sở dữ liệu nằm cạnh nó, ví dụ --store data/store.duckdb "
                                    "(thư mục lưu trữ của nó là data/store.archive)",
        "en": "{path}: this is a store's archive folder, not a store; name the store file beside it, for example "
              "--store data/store.duckdb (whose archive is data/store.archive)"},
    "store.path_in_archive": {"vi": "{path}: đường dẫn này nằm trong thư mục lưu trữ (archive) của một cơ sở dữ liệu, "
                                    "không phải cơ sở dữ liệu; hãy chỉ tệp cơ sở dữ liệu, ví dụ --store data/store.duckdb",
        "en": "{path}: this path lies inside a store's archive folder and is not a store; name the store file, "
              "for example --store data/store.duckdb"},
    "store.damaged": {"vi": "{path}: cơ sở dữ liệu bị hỏng ({detail}). {hint}", "en": "{path}: the store is damaged ({detail}). {hint}"},
    "store.hint_rebuild": {"vi": "Kho lưu trữ ({archive}) còn {count:#} lần nộp: dựng lại bằng lệnh "
                                 "`tipmonitor rebuild --store {path}` (docs/security.md, mục 'Recovery').",
        "en": "Its archive ({archive}) holds {count:# submission|submissions}: rebuild it with "
              "`tipmonitor rebuild --store {path}` (docs/security.md, 'Recovery')."},
    "store.hint_restore": {"vi": "Không có kho lưu trữ bên cạnh để dựng lại: hãy khôi phục từ bản sao lưu "
                                 "(docs/security.md, mục 'Recovery').",
        "en": "There is no archive beside it to rebuild from: restore a backup (docs/security.md, 'Recovery')."},
    "store.nothing_archived": {"vi": "{archive}: kho lưu trữ không có lần nộp nào để dựng lại",
        "en": "{archive}: no archived submissions to rebuild from"},
    "store.archive_gap": {"vi": "{entry}: các mục lưu trữ phải liên tục 1, 2, 3…; thiếu mục {number}",
        "en": "{entry}: archive entries must run 1, 2, 3…; entry {number} is missing"},
    "store.archive_fails_checks": {"vi": "{entry}: lần nộp trong kho lưu trữ không còn qua được kiểm tra:\n{problems}",
        "en": "{entry}: the archived submission no longer passes the checks:\n{problems}"},
    "check.no_store_archived": {"vi": "{path}: không có tệp cơ sở dữ liệu; kho lưu trữ còn {count:#} lần nộp: "
                                      "chạy `tipmonitor rebuild`",
        "en": "{path}: no store file; the archive holds {count:# submission|submissions}: run `tipmonitor rebuild`"},
    "check.hash": {"vi": "lần nộp số {id}: các tệp đang lưu không khớp mã băm",
        "en": "submission {id}: the kept files do not match their hash"},
    "check.readable": {"vi": "{path}: người khác ngoài chủ sở hữu đọc được; chạy `chmod -R go-rwx {path}`",
        "en": "{path}: readable by others than its owner; run `chmod -R go-rwx {path}`"},
    "check.not_archived": {"vi": "{count:#} lần nộp chưa có trong kho lưu trữ ({ids}): chạy `tipmonitor archive`",
        "en": "{count:# submission|submissions} not in the archive ({ids}): run `tipmonitor archive`"},
    "check.not_stored": {"vi": "kho lưu trữ có {count:#} lần nộp mà cơ sở dữ liệu không có ({ids}): chạy `tipmonitor rebuild`",
        "en": "the archive holds {count:# submission|submissions} the store lacks ({ids}): run `tipmonitor rebuild`"},
    # --- the period run (run/runner.py) ---
    "reference.unknown_units": {"vi": "params/handovers.yaml ghi đơn vị không có trong danh mục: {units}",
        "en": "params/handovers.yaml names units the registry does not have: {units}"},
    "run.unknown_units": {"vi": "không nhận ra đơn vị của kỳ {period}: {units}; xem danh mục data/reference/units.csv",
        "en": "not a unit code or name of {period}: {units}; see data/reference/units.csv"},
    "run.no_data": {"vi": "{location}: không có tệp hoặc thư mục số liệu này", "en": "{location}: no such data file or folder"},
    "run.period_and_latest": {"vi": "đã ghi kỳ {period} cùng với --latest: hãy chỉ dùng một trong hai (bỏ {period} "
                                    "để chạy kỳ mới nhất, hoặc bỏ --latest để chạy kỳ {period})",
        "en": "period {period} was given together with --latest: use one of them (drop {period} to run the latest "
              "period, or drop --latest to run {period})"},
    "run.bad_workers": {"vi": "--workers {value}: số tiến trình phải là số nguyên từ {low} đến {high} (như khóa workers "
                              "của tệp chạy trong params/runs/); bỏ --workers để dùng số mặc định",
        "en": "--workers {value}: the number of workers must be a whole number from {low} to {high} (as the run file's "
              "workers in params/runs/); leave --workers out for the default"},
    "run.no_period": {"vi": "hãy ghi kỳ báo cáo (vd. 2023-Q2) hoặc dùng --latest", "en": "give a period (e.g. 2023-Q2) or --latest"},
    "run.auditing_year": {"vi": "Kiểm định các bản công bố năm {year} (lần đầu với dữ liệu này; khoảng một phút) ...",
                          "en": "Auditing {year}'s public editions (the first time with these data; about a minute) ..."},
    "run.audit_failed": {"vi": "Không công bố: kiểm định các bản công bố năm {year} không đạt ({failing} trong {protected:#} số "
        "được bảo vệ có thể bị suy ra; {problems:#} điểm không khớp giữa các bản công bố và số đếm). Xem bằng `tipmonitor audit-public {year}`; "
        "không có tệp nào được công bố",
        "en": "Not published: the audit of {year}'s public editions fails ({failing} of {protected:# protected count|protected counts} can be "
        "worked out; {problems:# inconsistency|inconsistencies} between the editions and the counts). See `tipmonitor audit-public {year}`; "
        "nothing was published"},
    "run.public_kind_not_audited": {"vi": "Không công bố: kiểm định các bản công bố của một năm không bao giờ gồm {kind} "
        "({period}), nên không có bản công bố {kind} nào; kiểm định gồm các quý, 6 tháng, 9 tháng và cả năm. Hãy chạy "
        "một trong các bản đó, hoặc bản nội bộ (--audience internal)",
        "en": "Not published: the audit of a year's public editions never covers a {kind} ({period}), so no {kind} is "
        "published; it covers the quarters, halves, nine months and the year. Run one of those, or an internal "
        "edition (--audience internal)"},
    "run.public_not_audited": {"vi": "Không công bố: số liệu hiện có chưa đến hết {period}, nên kiểm định năm {year} chưa "
        "bao gồm kỳ này (hiện gồm: {editions}). Chạy lại khi đã có số liệu của cả kỳ (rồi "
        "`tipmonitor audit-public {year}`), hoặc chạy bản nội bộ",
        "en": "Not published: the data held do not reach the end of {period}, so the audit of {year} does not cover it "
        "yet (it covers: {editions}). Run it again when the whole period's data are in (then "
        "`tipmonitor audit-public {year}`), or run an internal edition"},
    "run.public_other_rule": {"vi": "Không công bố: bản công bố chỉ theo cách chốt số liệu của thành phố ({city}); "
        "{period} ở đây chốt theo cách khác ({rule}). Người đọc có cả hai bản của cùng một kỳ có thể lấy hiệu "
        "giữa chúng (hai khoảng thời gian chỉ khác nhau ở những ngày giữa hai mốc chốt), nên một năm chỉ được kiểm định "
        "và công bố theo một cách chốt. {fix}",
        "en": "Not published: public editions follow the city's cut-off rule only ({city}); {period} is cut "
        "here by the other ({rule}). A reader holding both editions of one period could subtract one from the "
        "other (their windows differ only by the days between the two cut-offs), so a year is audited and published "
        "under one rule. {fix}"},
    # what the user of each path changes (OtherRule.of's ``fix``)
    "run.other_rule_fix.command": {"vi": "Chạy với --rule {city}, hoặc chạy bản nội bộ (--audience internal)",
        "en": "Run it with --rule {city}, or run an internal edition (--audience internal)"},
    "run.other_rule_fix.run_file": {"vi": "Ghi `rule: {city}` trong tệp cấu hình lần chạy (--config), hoặc chạy bản "
        "nội bộ (`audience: internal`)",
        "en": "Write `rule: {city}` in the run file (--config), or run an internal edition (`audience: internal`)"},
    "run.other_rule_fix.parameters_file": {"vi": "Ghi `rule: {city}` trong tệp tham số (-f), hoặc tạo bản nội bộ "
        "(`audience: internal`)",
        "en": "Write `rule: {city}` in the parameters file (-f), or make an internal edition (`audience: internal`)"},
    "run.other_rule_fix.notebook": {"vi": "Đặt rule = \"{city}\" trong tham số của notebook (ô tham số, hoặc "
        "`-p rule {city}` của papermill), hoặc tạo bản nội bộ (audience = \"internal\")",
        "en": "Set rule = \"{city}\" in the notebook's parameters (its parameters cell, or papermill's "
        "`-p rule {city}`), or make an internal edition (audience = \"internal\")"},
    "run.no_editions": {"vi": "chưa có bản nào", "en": "none yet"},
    "run.exists": {"vi": "{final} đã có; dùng --force để thay (báo cáo cũ được giữ làm bản sao lưu có ghi ngày)",
        "en": "{final} already exists; use --force to replace it (the old one is kept as a dated backup)"},
    "run.in_progress": {"vi": "một lần chạy khác của kỳ này đang thực hiện (khóa {lock}); chờ lần đó xong rồi chạy lại",
        "en": "another run of this period is in progress (lock {lock}); wait for it to finish, then run again"},
    # --- periods (model/periods.py) ---
    "period.bad_kind": {"vi": "loại kỳ «{kind}» không hợp lệ; dùng một trong: {kinds}",
        "en": "unknown period kind '{kind}'; expected one of {kinds}"},
    "period.bad_index": {"vi": "không có {kind} số {index} ({kind} chỉ đánh số từ 1 đến {limit}); ví dụ: tháng 2023-05, quý 2023-Q2, nửa năm 2023-H1, 9 tháng 2023-9M, năm 2023, lũy kế đến tháng 6 2023-YTD06",
        "en": "there is no {kind} {index} (a {kind} is numbered 1 to {limit}); for example: month 2023-05, quarter 2023-Q2, half 2023-H1, nine months 2023-9M, year 2023, year to date to June 2023-YTD06"},
    "period.kind_month": {"vi": "tháng", "en": "month"},
    "period.kind_quarter": {"vi": "quý", "en": "quarter"},
    "period.kind_half": {"vi": "nửa năm", "en": "half-year"},
    "period.kind_nine_months": {"vi": "kỳ 9 tháng", "en": "nine-month period"},
    "period.kind_year": {"vi": "năm", "en": "year"},
    "period.kind_ytd": {"vi": "kỳ lũy kế", "en": "year-to-date period"},
    "period.bad_year": {"vi": "năm {year} nằm ngoài khoảng cho phép", "en": "year {year} is out of range"},
    "period.bad_rule": {"vi": "cách chốt số liệu «{rule}» không hợp lệ; dùng 'official' (từ ngày 15 đến ngày 14) hoặc 'calendar'",
        "en": "unknown cut-off rule '{rule}'; expected 'official' (15th-14th) or 'calendar'"},
    "period.months_form": {"vi": "chỉ kỳ 9 tháng được viết theo số tháng (2023-9M); 6 tháng viết 2023-H1 hoặc 2023-H2, cả năm viết 2023, lũy kế từ đầu năm đến tháng 6 viết 2023-YTD06",
        "en": "only the nine-month period is written in months (2023-9M); six months are 2023-H1 or 2023-H2, a whole year is written 2023, the year to date to June 2023-YTD06"},
    "period.twelve_months": {"vi": "12 tháng là cả năm: viết {year} (lũy kế đến một tháng: {year}-YTD06)",
        "en": "twelve months are the year: it is written {year} (the year to date to a month: {year}-YTD06)"},
    "period.leading_zero": {"vi": "số của quý, nửa năm hoặc 9 tháng không viết số 0 ở đầu; hãy viết {plain}",
        "en": "a quarter, half-year or nine-month number is written without a leading zero; write {plain}"},
    "period.in_label": {"vi": "kỳ báo cáo '{label}': {problem}", "en": "period '{label}': {problem}"},
    "period.not_understood": {"vi": "không hiểu kỳ báo cáo '{label}'; dùng 2023-05 (tháng), 2023-Q2 (quý), 2023-H1 (6 tháng), "
                                    "2023-9M (9 tháng), 2023 (năm) hoặc 2023-YTD06 (lũy kế từ đầu năm)",
        "en": "period '{label}' is not understood; use 2023-05 (month), 2023-Q2 (quarter), "
              "2023-H1 (six months), 2023-9M (nine months), 2023 (year) or 2023-YTD06 (year to date)"},
    "period.latest_kind": {"vi": "--latest dùng cho month, quarter, half, nine_months hoặc year, không dùng cho «{kind}»",
        "en": "--latest works for month, quarter, half, nine_months or year, not '{kind}'"},
    "period.none_complete": {"vi": "chưa có kỳ {kind} nào kết thúc trước ngày {today}", "en": "no complete {kind} before {today}"},
    # --- refusals to a notebook's caller (present/report.py, metrics/disclosure.py) ---
    "report.bad_lang": {"vi": "lang phải là 'vi' hoặc 'en', không phải {value}", "en": "lang must be 'vi' or 'en', not {value}"},
    "report.bad_audience": {"vi": "audience phải là 'internal' hoặc 'public', không phải {value}",
        "en": "audience must be 'internal' or 'public', not {value}"},
    "report.baseline_mismatch": {"vi": "năm gốc {asked} khác năm gốc của dữ liệu đầu vào đã cho ({held})",
        "en": "baseline year {asked} differs from the baseline year of the inputs given ({held})"},
    "report.results_mismatch": {"vi": "kết quả đã tính của lần chạy ({held}) không khớp với trang yêu cầu ({asked}): "
                                      "kỳ · quy tắc kỳ · năm gốc · ngưỡng công bố · dữ liệu",
        "en": "the run's computed results ({held}) do not match what the page asks for ({asked}): "
              "period · cut-off rule · baseline year · public threshold · data"},
    "report.results_format": {"vi": "không đọc được kết quả đã tính {file}: tệp không phải của phiên bản này; chạy lại kỳ báo cáo",
        "en": "cannot read the computed results {file}: the file is not of this version; run the period again"},
    "report.results_unsafe": {"vi": "không đọc kết quả đã tính trong {folder}: thư mục phải của người dùng đang chạy và "
                                    "chỉ người đó đọc được",
        "en": "not reading the computed results in {folder}: the folder must belong to the user running this and be "
              "readable by that user only"},
    "report.unknown_unit": {"vi": "không nhận ra đơn vị {value}; dùng mã hoặc tên đơn vị trong danh mục (data/reference/units.csv)",
        "en": "unknown unit {value}; use a unit code or name from the registry (data/reference/units.csv)"},
    "report.unit_number": {"vi": "đơn vị {value} được truyền dưới dạng số (papermill -p đọc mã 00004 thành số 4), không xác định được một mã duy nhất (có thể là: {codes}); truyền mã dạng chuỗi: papermill ... -r unit 00004",
        "en": "the unit {value} came as a number (papermill's -p reads the code 00004 as the number 4) and does not name one code (it could be: {codes}); pass the code as text: papermill ... -r unit 00004"},
    "report.no_trend_yet": {"vi": "Chưa có diễn biến theo quý: kỳ {period} ở trước năm cơ sở {year}, nên chưa có quý nào để so sánh với năm cơ sở.",
        "en": "No quarterly trend yet: the period {period} comes before the baseline year {year}, so there is no quarter to compare with it."},
    "cli.archive_refused": {"vi": "không lưu trữ: kho {path} bị hỏng (xem trên); lưu trữ lúc này sẽ giữ lại chỗ hỏng như thể đó là các lần nộp. Khôi phục kho từ bản sao lưu (docs/security.md, mục 'Recovery') rồi chạy lại",
        "en": "not archived: the store {path} is damaged (see above); archiving it now would keep the damage as if it were the submissions. Restore the store from a backup (docs/security.md, 'Recovery') and run again"},
    "cli.bad_date": {"vi": "ngày không hợp lệ: {value!r}; ghi ngày có thật theo dạng ngày/tháng/năm (31/12/2025) hoặc năm-tháng-ngày (2025-12-31)",
        "en": "not a valid date: {value!r}; give a real day as day/month/year (31/12/2025) or year-month-day (2025-12-31)"},
    "cli.bad_lang": {"vi": "TIPMONITOR_LANG={value!r} không phải ngôn ngữ được hỗ trợ; dùng vi hoặc en (TIPMONITOR_LANG={value!r} is not a supported language; use vi or en)",
        "en": "TIPMONITOR_LANG={value!r} is not a supported language; use vi or en (TIPMONITOR_LANG={value!r} không phải ngôn ngữ được hỗ trợ; dùng vi hoặc en)"},
    "argparse.error": {"vi": "lỗi: {message}", "en": "error: {message}"},
    "argparse.required": {"vi": "thiếu tham số bắt buộc: {names}", "en": "the following arguments are required: {names}"},
    "argparse.argument": {"vi": "tham số {argument}: {message}", "en": "argument {argument}: {message}"},
    "argparse.choice": {"vi": "không có lựa chọn {value} (chọn một trong: {choices})", "en": "invalid choice: {value} (choose from {choices})"},
    "argparse.value": {"vi": "giá trị {value} không hợp lệ (cần kiểu {type})", "en": "invalid {type} value: {value}"},
    "argparse.one": {"vi": "cần một giá trị", "en": "expected one argument"},
    "argparse.at_most_one": {"vi": "cần nhiều nhất một giá trị", "en": "expected at most one argument"},
    "argparse.at_least_one": {"vi": "cần ít nhất một giá trị", "en": "expected at least one argument"},
    "argparse.count": {"vi": "cần {count:#} giá trị", "en": "expected {count:# argument|arguments}"},
    "argparse.unrecognized": {"vi": "không nhận ra tham số: {names}", "en": "unrecognized arguments: {names}"},
    "argparse.ambiguous": {"vi": "tùy chọn {option} không rõ, có thể là: {matches}", "en": "ambiguous option: {option} could match {matches}"},
    "argparse.not_allowed": {"vi": "không dùng được cùng tham số {names}", "en": "not allowed with argument {names}"},
    "argparse.ignored": {"vi": "giá trị {value} bị bỏ qua", "en": "ignored explicit argument {value}"},
    "argparse.one_of": {"vi": "cần một trong các tham số {names}", "en": "one of the arguments {names} is required"},
    "cli.unknown_unit": {"vi": "không nhận ra đơn vị {value!r} (ngày {day}); dùng mã hoặc tên đơn vị trong danh mục (data/reference/units.csv), hoặc CITY cho toàn thành phố",
        "en": "unknown unit {value!r} (on {day}); use a unit code or name from the registry (data/reference/units.csv), or CITY for the whole city"},
    "cli.read_only": {"vi": "không ghi được {path}: ổ đĩa hoặc thư mục chỉ cho đọc; chọn nơi ghi được (--store, --out) hoặc nhờ quản trị cấp quyền ghi. Không có gì được ghi dở",
        "en": "cannot write {path}: the disk or folder is read-only; choose a writable place (--store, --out) or ask for write access. Nothing was half-written"},
    "cli.disk_full": {"vi": "không ghi được {path}: ổ đĩa đã đầy; giải phóng chỗ trống rồi chạy lại. Không có gì được ghi dở",
        "en": "cannot write {path}: the disk is full; free some space and run again. Nothing was half-written"},
    "cli.no_permission": {"vi": "không ghi được {path}: không có quyền ghi; chọn nơi khác hoặc nhờ quản trị cấp quyền",
        "en": "cannot write {path}: no permission to write there; choose another place or ask for access"},
    "cli.undecodable": {"vi": "một tên tệp hoặc thư mục trên dòng lệnh có ký tự không đọc được (không phải UTF-8); đổi tên (chỉ dùng chữ, số, - và _) rồi chạy lại",
        "en": "a file or folder name on the command line has characters that cannot be read (not UTF-8); rename it (letters, digits, - and _) and run again"},
    "message.undecodable_name": {"vi": "tên tệp có ký tự không đọc được (không phải UTF-8, thường do chép từ máy khác); đổi tên tệp rồi nhập lại",
        "en": "the file name has characters that cannot be read (not UTF-8, often copied from another computer); rename the file and ingest it again"},
    "cli.stored_item": {"vi": "{path} (lần nộp số {id})", "en": "{path} (submission {id})"},
    "cli.stopped_summary": {"vi": "đã bị ngắt (Ctrl-C); lệnh này đã lưu trước khi dừng: {stored}",
        "en": "interrupted (Ctrl-C); this command had stored before the stop: {stored}"},
    "cli.stopped_none_stored": {"vi": "đã bị ngắt (Ctrl-C); lệnh này chưa lưu tệp nào", "en": "interrupted (Ctrl-C); this command stored no file"},
    "report.quality_internal": {"vi": "trang chất lượng số liệu liệt kê các lần nộp và lỗi của từng hồ sơ: chỉ dùng trong "
                                      "Ban Chỉ đạo, không có bản công bố",
        "en": "the data-quality page lists submissions and record-level findings: it is for the committee "
              "only and has no public edition"},
    "report.bad_threshold": {"vi": "ngưỡng công bố phải từ 1 trở lên, không phải {value}",
        "en": "the public threshold must be at least 1, not {value}"},
    # --- warm kernels (run/warm.py); shown after a notebook's name when it fails ---
    "kernel.died": {"vi": "kernel ngừng trước khi trả lời yêu cầu kernel_info", "en": "Kernel died before replying to kernel_info"},
    "kernel.slow": {"vi": "kernel không trả lời kịp", "en": "Kernel didn't respond in time"},
    "kernel.warm_failed": {"vi": "không khởi động sẵn được kernel: {detail}", "en": "warming the kernel failed: {detail}"},
    "kernel.not_running": {"vi": "kernel không còn chạy", "en": "the kernel is not running"},
    # --- details inside other messages ---
    "detail.duplicate_key": {"vi": "khóa {name} bị ghi hai lần (lần đầu ở dòng {line})",
        "en": "duplicate key {name} (first on line {line})"},
    "detail.nul_byte": {"vi": "có byte NUL", "en": "NUL byte"},
    "cli.stopped_stored": {"vi": "đã dừng: {path} đã được lưu thành lần nộp số {id} (và đã lưu trữ) trước khi dừng",
                           "en": "stopped: {path} had been stored as submission {id} (and archived) before the stop"},
    "cli.stopped_nothing": {"vi": "đã dừng: {path}: chưa lưu gì", "en": "stopped: {path}: nothing was stored"},
    "cli.stopped": {"vi": "đã dừng (bị ngắt bằng Ctrl-C)", "en": "stopped (interrupted with Ctrl-C)"},
    "cli.unexpected": {"vi": "lỗi ngoài dự kiến ({error}). Mỗi lần nộp hoặc được lưu trọn vẹn (kèm bản lưu trữ), hoặc không lưu gì; "
                             "`tipmonitor check` cho biết kho đang ở trạng thái nào. Chạy lại với TIPMONITOR_DEBUG=1 để xem chi tiết và báo lại.",
                       "en": "unexpected error ({error}). Each submission is stored whole (with its archive copy) or not at all; "
                             "`tipmonitor check` tells the store's state. Run again with TIPMONITOR_DEBUG=1 to see the details and report them."},
    "store.archive_failed": {"vi": "không ghi được bản lưu trữ ({error}); chưa lưu gì. Giải phóng dung lượng đĩa rồi nhập lại tệp",
                             "en": "its archive copy could not be written ({error}); nothing was stored. Free disk space, then ingest it again"},
    "store.stored_despite": {"vi": "đã lưu và lưu trữ, dù bước ghi kết thúc với lỗi ({error})",
                             "en": "stored and archived, though the commit ended with an error ({error})"},
    "check.no_store": {"vi": "{path}: không có tệp kho dữ liệu", "en": "{path}: no store file"},
    "check.no_store_rebuild": {"vi": "{path}: không có tệp kho dữ liệu; kho lưu trữ có {count:#} lần nộp: chạy `tipmonitor rebuild`",
                               "en": "{path}: no store file; the archive holds {count:# submission|submissions}: run `tipmonitor rebuild`"},
    "check.rebuild_gaps": {"vi": " (các lần nộp số {numbers} không có trong kho lưu trữ nên không khôi phục được)",
                           "en": " (submissions {numbers} are not in the archive and cannot be recovered)"},
    "check.pending": {"vi": "{count:#} bản lưu trữ ({numbers}) còn dở do một lần nhập bị ngắt; lần nhập sau hoặc `tipmonitor archive` sẽ xử lý",
                      "en": "{count:# archive entry|archive entries} ({numbers}) {count:was|were} left pending by an interrupted ingest; the next ingest or `tipmonitor archive` settles them"},
    "rebuild.missing": {"vi": "các lần nộp số {numbers} không có trong kho lưu trữ nên không khôi phục được; đề nghị đơn vị gửi lại",
                        "en": "submissions {numbers} are not in the archive and could not be recovered; ask the units to send them again"},
    "rebuild.unsettled": {"vi": "các bản lưu trữ còn dở {numbers} (lần nhập bị ngắt, không rõ đã lưu chưa) không được dựng lại; nếu cần, nhập lại các tệp trong {folder}",
                          "en": "pending archive entries {numbers} (an interrupted ingest, not known to be stored) were not replayed; ingest the files in {folder} again if needed"},
    "template.instructions": {
        "vi": "MẪU BÁO CÁO SỐ LIỆU PHÒNG, CHỐNG MUA BÁN NGƯỜI\n\n"
              "1. Ghi đơn vị và kỳ báo cáo ở trang «Thông tin».\n"
              "2. Mỗi tố giác, tin báo, kiến nghị khởi tố một dòng ở trang «Tin báo»; mỗi vụ án một dòng ở «Vụ án»; "
              "mỗi nạn nhân một dòng ở «Nạn nhân».\n"
              "3. Đơn vị chỉ có số liệu tổng hợp thì điền trang «Số liệu tổng hợp» (xem docs/data-model.md).\n"
              "4. Ngày ghi theo ngày/tháng/năm (14/03/2023). Chọn giá trị trong danh sách thả xuống.\n"
              "5. Mã tin báo, mã vụ án, mã nạn nhân do đơn vị đặt, không trùng nhau trong toàn thành phố, "
              "nên có mã đơn vị: TB-002-0001, VA-002-0001, NN-002-0001.\n"
              "6. KHÔNG ghi họ tên, ngày sinh, số CCCD/CMND/hộ chiếu, điện thoại, địa chỉ của nạn nhân hay đối tượng. "
              "Tệp có các cột này sẽ bị từ chối.\n"
              "7. Dòng ví dụ (mã bắt đầu bằng «VÍ DỤ») không được nhập vào hệ thống; có thể xóa.\n"
              "8. Gửi lại tệp đã sửa cho cùng đơn vị, cùng kỳ sẽ thay thế lần gửi trước (lần trước vẫn được lưu lại).",
        "en": "Anti-trafficking data submission template\n\n"
              "1. Enter the unit and the period on the «Thông tin» sheet.\n"
              "2. One row per crime report on «Tin báo», per case on «Vụ án», per victim on «Nạn nhân».\n"
              "3. A unit with totals only fills «Số liệu tổng hợp» (see docs/data-model.md).\n"
              "4. Dates as day/month/year (14/03/2023). Pick values from the drop-down lists.\n"
              "5. Ids are the unit's own and unique city-wide; include the unit code: TB-002-0001.\n"
              "6. Do NOT enter names, birth dates, ID or passport numbers, phones or addresses. Files with such columns "
              "are refused.\n"
              "7. Example rows (id starting «VÍ DỤ») are not ingested; they can be deleted.\n"
              "8. A corrected file for the same unit and period replaces the earlier one (which stays in the history)."},
}

# --- the plan's task groups (issue #15): activities, units' texts, the official report (.docx) ---
WORDS.update({
    "message.bad_activity": {"vi": "«{value}» không phải hoạt động trong danh mục (params/activities.yaml, docs/activities.md)",
        "en": "«{value}» is not an activity of the list (params/activities.yaml, docs/activities.md)"},
    "message.duplicate_activity": {"vi": "hoạt động {measure} của đơn vị {unit}, kỳ {period} đã có ở dòng {other}",
        "en": "activity {measure} for unit {unit}, period {period} is already on row {other}"},
    "message.settings_task_groups": {"vi": "nhóm nhiệm vụ phải là một trong {allowed}",
        "en": "the task groups must be {allowed}"},
    "template.activities_intro": {"vi": "Danh mục hoạt động (trang «Hoạt động», cột «Hoạt động»): mã — nội dung (đơn vị tính); đơn vị báo cáo",
        "en": "Activities (sheet «Hoạt động», column «Hoạt động»): id — what is counted (unit); who reports it"},
    "template.activity_line": {"vi": "    {id} — {label} ({unit}); đơn vị báo cáo: {reporters}",
        "en": "    {id} — {label} ({unit}); reported by: {reporters}"},
    "section.task_groups": {"vi": "## 7. Kết quả thực hiện năm nhóm nhiệm vụ của Kế hoạch\n\nSố lượng từng hoạt động các đơn vị báo cáo trong kỳ, so với kỳ trước và cùng kỳ năm {baseline}; các đơn vị thuộc diện phải báo cáo nhưng chưa báo cáo hoạt động nào của nhóm; báo cáo bằng lời của các đơn vị (kết quả, khó khăn, đề xuất).",
        "en": "## 7. The plan's five task groups\n\nEach activity the units reported in the period, against the previous period and the same period of {baseline}; the units expected to report a group's activities that reported none; the units' written reports (results, difficulties, proposals)."},
    "section.unit_task_groups": {"vi": "## 5. Hoạt động theo nhóm nhiệm vụ và báo cáo bằng lời của đơn vị",
        "en": "## 5. Task-group activities and the unit's written report"},
    "column.task_group": {"vi": "Nhóm nhiệm vụ", "en": "Task group"},
    "column.activity": {"vi": "Hoạt động", "en": "Activity"},
    "column.count_unit": {"vi": "Đơn vị tính", "en": "Unit of count"},
    "column.this_period": {"vi": "Kỳ này", "en": "This period"},
    "column.previous_period": {"vi": "Kỳ trước ({period})", "en": "Previous period ({period})"},
    "column.same_period": {"vi": "Cùng kỳ {year}", "en": "Same period {year}"},
    "column.expected_activities": {"vi": "Số hoạt động phải báo cáo", "en": "Activities expected"},
    "column.window": {"vi": "Kỳ", "en": "Period"},
    "taskgroups.no_activity_data": {"vi": "Không có đơn vị nào báo cáo hoạt động theo nhóm nhiệm vụ trong {period}: chưa có số liệu hoạt động của kỳ này, nên không đánh giá đơn vị nào chưa báo cáo.",
        "en": "No unit reported any task-group activity in {period}: the period has no activity data, so no unit is judged as not having reported."},
    "taskgroups.none_silent": {"vi": "Tất cả các đơn vị thuộc diện phải báo cáo đều đã báo cáo hoạt động.",
        "en": "Every unit expected to report an activity reported."},
    "taskgroups.no_texts": {"vi": "Chưa có đơn vị nào gửi báo cáo bằng lời cho kỳ này.",
        "en": "No unit has sent a written report for this period."},
    "taskgroups.public_no_texts": {"vi": "Bản công khai không đăng báo cáo bằng lời của các đơn vị.",
        "en": "The public edition does not carry the units' written reports."},
    "taskgroups.general": {"vi": "Chung", "en": "General"},
    "taskgroups.section.results": {"vi": "Kết quả đạt được", "en": "Results"},
    "taskgroups.section.difficulties": {"vi": "Khó khăn, vướng mắc, tồn tại", "en": "Difficulties and obstacles"},
    "taskgroups.section.proposals": {"vi": "Đề xuất, kiến nghị", "en": "Proposals"},
    "taskgroups.chart_title": {"vi": "Hoạt động theo nhóm nhiệm vụ: kỳ này, kỳ trước và cùng kỳ {year}",
        "en": "Activities by task group: this period, the previous one and the same period of {year}"},
    "taskgroups.activity_line": {"vi": "{label}: {value} {unit} (kỳ trước: {previous}; cùng kỳ {year}: {baseline}).",
        "en": "{label}: {value} {unit} (previous period: {previous}; same period {year}: {baseline})."},
    "taskgroups.activity_line_previous_is_baseline": {"vi": "{label}: {value} {unit} (cùng kỳ {year}: {baseline}).",
        "en": "{label}: {value} {unit} (same period {year}: {baseline})."},
    "taskgroups.silent_line": {"vi": "Đơn vị chưa báo cáo hoạt động của nhóm: {units}.",
        "en": "Units that reported no activity of this group: {units}."},
    "docx.parent_body": {"vi": "UBND {city}", "en": "People's Committee of {city}"},
    "docx.motto_country": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIET NAM"},
    "docx.motto": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "docx.number": {"vi": "Số:        /BC-BCĐ", "en": "No.:        /BC-BCĐ"},
    "docx.place_date": {"vi": "{place}, ngày     tháng     năm {year}", "en": "{place},      {year}"},
    "docx.kind": {"vi": "BÁO CÁO", "en": "REPORT"},
    "docx.title": {"vi": "Kết quả thực hiện {plan} {period}", "en": "Results of {plan}, {period}"},
    "docx.title_plan": {"vi": "Kế hoạch {code}", "en": "Plan {code}"},
    "docx.draft": {"vi": "(Dự thảo do tipmonitor tạo ngày {date}; cán bộ tổng hợp rà soát, chỉnh sửa trước khi trình ký.)",
        "en": "(Draft made by tipmonitor on {date}; the analyst reviews and edits it before it is signed.)"},
    "docx.public_note": {"vi": "Bản công khai: không công bố các số từ 1 đến dưới {threshold} của một đơn vị hoặc của một nhóm nạn nhân, và các số có thể suy ra chúng (ký hiệu «{mark}»); không đăng báo cáo bằng lời của các đơn vị.",
        "en": "Public edition: counts from 1 to under {threshold} of a unit or of a group of victims, and the figures they could be worked out from, are withheld (marked «{mark}»); the units' written reports are not included."},
    "docx.marks_legend": {"vi": "Ký hiệu: «{withheld}» không công bố để bảo vệ nạn nhân; «{none}» không có số liệu (không đơn vị nào báo cáo, hoặc mẫu số bằng 0).",
        "en": "Marks: «{withheld}» withheld to protect persons; «{none}» no figure (no unit reported, or the denominator is 0)."},
    "docx.results_without_counts": {"vi": "Kết quả Đạt/Chưa đạt của một đơn vị có thể được công bố khi tỷ lệ và số đếm của nó không được công bố (ghi «{withheld}»).",
        "en": "A unit's result (met / not met) may be published where its rate and counts are withheld (marked «{withheld}»)."},
    "docx.intro": {"vi": "Thực hiện {plan}, {committee} báo cáo kết quả thực hiện {period} như sau:",
        "en": "Under {plan}, the {committee} reports the results of {period} as follows:"},
    "docx.situation": {"vi": "I. TÌNH HÌNH CHUNG", "en": "I. THE SITUATION"},
    "docx.results": {"vi": "II. KẾT QUẢ THỰC HIỆN CÁC NHÓM NHIỆM VỤ", "en": "II. RESULTS BY TASK GROUP"},
    "docx.kpi_caption": {"vi": "Kết quả các chỉ tiêu của Kế hoạch (so với chỉ tiêu và năm {year}):",
        "en": "The plan's indicators against their targets and {year}:"},
    "docx.missing": {"vi": "III. ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU", "en": "III. UNITS MISSING TARGETS"},
    "docx.shortcomings": {"vi": "IV. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "en": "IV. SHORTCOMINGS AND THEIR CAUSES"},
    "docx.directions": {"vi": "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "en": "V. DIRECTIONS FOR THE NEXT PERIOD"},
    "docx.recipients": {"vi": "Nơi nhận:", "en": "To:"},
    "docx.recipients_list": {"vi": "- Ban Chỉ đạo 138/CP (để báo cáo);\n- Thành viên Ban Chỉ đạo;\n- Lưu: VT.",
        "en": "- Steering Committee 138/CP (to report);\n- Members of the committee;\n- Filed."},
    "docx.text_line": {"vi": "{unit}: {text}", "en": "{unit}: {text}"},
    "docx.none": {"vi": "Không có.", "en": "None."},
    "docx.none_published": {"vi": "Không có trong các số được công bố (các chỉ tiêu có số nhỏ không được công bố).",
        "en": "None among the published figures (indicators with small numbers are not published)."},
    "index.official_report": {"vi": "Dự thảo báo cáo của Ban Chỉ đạo (Word)", "en": "Draft of the committee's report (Word)"},
    # The official report as the secretary signs it (issue 25): present/official.py, present/official_draft.py.
    "docx.title_with": {"vi": "{period} và {longer}", "en": "{period} and {longer}"},
    "docx.plan_unnumbered": {"vi": "Kế hoạch phòng, chống mua bán người năm {year} của Thành phố",
        "en": "the city's anti-trafficking plan of {year}"},
    "docx.plan_note": {"vi": "(Số hiệu Kế hoạch năm {year} chưa được xác minh; bổ sung trước khi trình ký.)",
        "en": "(Plan number not verified for {year}; add it before signing.)"},
    # the tool knows only that the targets were not entered, not whether they were issued (report.targets_assumed)
    "docx.targets_assumed": {"vi": "Chỉ tiêu năm {year} chưa được nhập: tạm dùng chỉ tiêu năm {source}.",
        "en": "The {year} targets are not entered yet: those of {source} stand in."},
    "docx.targets_own": {"vi": "Chỉ tiêu theo Kế hoạch năm {year} của Thành phố.", "en": "Targets of the city's {year} plan."},
    "docx.signer_for": {"vi": "TM. BAN CHỈ ĐẠO", "en": "FOR THE STEERING COMMITTEE"},
    "docx.signer_title": {"vi": "TRƯỞNG BAN", "en": "THE CHAIR"},
    "docx.signer_name": {"vi": "………………………………", "en": "………………………………"},
    "docx.attached": {"vi": "(Kèm theo Báo cáo số        /BC-BCĐ ngày     tháng     năm {year} của {committee})",
        "en": "(Attached to Report No.        /BC-BCĐ of      {year} of the {committee})"},
    "docx.appendix_number": {"vi": "Phụ lục {number}", "en": "Appendix {number}"},
    "docx.appendix_kpis_title": {"vi": "KẾT QUẢ CÁC CHỈ TIÊU CỦA KẾ HOẠCH TOÀN THÀNH PHỐ", "en": "THE CITY'S INDICATORS"},
    "docx.appendix_activities_title": {"vi": "SỐ LƯỢNG HOẠT ĐỘNG THEO NHÓM NHIỆM VỤ", "en": "ACTIVITIES BY TASK GROUP"},
    "docx.appendix_silent_title": {"vi": "ĐƠN VỊ CHƯA BÁO CÁO HOẠT ĐỘNG THEO NHÓM NHIỆM VỤ",
        "en": "UNITS THAT REPORTED NO ACTIVITY OF A TASK GROUP"},
    "docx.appendix_missing_title": {"vi": "ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU VÀ SỐ CÒN THIẾU ĐỂ ĐẠT",
        "en": "UNITS MISSING TARGETS AND HOW MANY THEY ARE SHORT"},
    "docx.appendix_kpis_note": {"vi": "Số liệu {period}; cùng kỳ năm {year} để so sánh.",
        "en": "Figures of {period}; the same period of {year} to compare."},
    "docx.appendix_silent_note": {"vi": "Đơn vị được giao báo cáo hoạt động của nhóm nhưng không báo cáo hoạt động nào trong {period}, theo khối.",
        "en": "Units expected to report a group's activities that reported none in {period}, by body."},
    "docx.appendix_missing_note": {"vi": "Kết quả {period}, theo khối; đơn vị còn thiếu nhiều nhất ở đầu mỗi khối; số còn thiếu tính bằng tin báo, vụ án hay nạn nhân tùy chỉ tiêu.",
        "en": "Results of {period}, by body, the unit furthest behind first in each; what is short is counted in reports, cases or victims, as the indicator counts."},
    "docx.silent_count": {"vi": "Trong {period}, {count:#} đơn vị chưa báo cáo hoạt động của nhóm (danh sách tại {appendix}).",
        "en": "In {period}, {count:# unit|units} reported no activity of this group (listed in {appendix})."},
    "docx.texts_more": {"vi": "{units} và {more:#} đơn vị khác", "en": "{units} and {more:# more unit|more units}"},
    "caption.period": {"vi": "{unit}, {period} (kỳ báo cáo); so sánh: cùng kỳ năm {year}",
        "en": "{unit}, {period} (the period); compared with the same period of {year}"},
    "caption.ytd": {"vi": "{unit}, {period} (lũy kế từ đầu năm); so sánh: cùng kỳ năm {year}",
        "en": "{unit}, {period} (year to date); compared with the same period of {year}"},
    "caption.activities": {"vi": "{unit}: số hoạt động theo nhóm nhiệm vụ, {period} (kỳ báo cáo), kỳ trước ({previous}) và cùng kỳ năm {year}",
        "en": "{unit}: activities by task group, {period} (this period), the previous period ({previous}) and the same period of {year}"},
    "caption.activities_previous_is_baseline": {"vi": "{unit}: số hoạt động theo nhóm nhiệm vụ, {period} (kỳ báo cáo) và "
        "cùng kỳ năm {year}, cũng là kỳ trước ({previous})",
        "en": "{unit}: activities by task group, {period} (this period) and the same period of {year}, which is also the "
        "previous period ({previous})"},
    "caption.law_2024": {"vi": "{unit}: người được tiếp nhận, xác định theo Luật Phòng, chống mua bán người năm 2024, {period}",
        "en": "{unit}: persons received and identified under the 2024 Law, {period}"},
    "caption.silent": {"vi": "Đơn vị chưa báo cáo hoạt động, theo khối và nhóm nhiệm vụ, {period}",
        "en": "Units that reported no activity, by body and task group, {period}"},
    "caption.overdue": {"vi": "{unit}: tin báo chưa giải quyết đã quá hạn luật định tại ngày {end} (cuối {period})",
        "en": "{unit}: unresolved reports past their statutory limit on {end} (the end of {period})"},
    "caption.submissions": {"vi": "Báo cáo số liệu của từng đơn vị theo quý, {period}: hạn gửi và ngày nhận",
        "en": "Each unit's data submissions by quarter, {period}: due date and date received"},
    "caption.findings": {"vi": "Lỗi, thiếu sót trong số liệu hiện hành, theo loại và tệp (tính đến {period})",
        "en": "Problems in the current data, by kind and file (as of {period})"},
    "caption.notes": {"vi": "Ghi chú khi nhập số liệu của các quý trong {period}",
        "en": "Notes made when the data of the quarters of {period} was loaded"},
    "caption.late": {"vi": "Hồ sơ của kỳ trước gửi muộn, cùng số liệu {period}",
        "en": "Records of earlier periods sent late, with the data of {period}"},
    "caption.transfers": {"vi": "Tin báo, vụ án chuyển đi trong {period} chưa có đơn vị nào trong Thành phố ghi nhận",
        "en": "Reports and cases transferred in {period} that no unit in the city has recorded receiving"},
    "caption.outliers": {"vi": "Số liệu {quarter} khác thường so với trung vị các quý từ năm {year}",
        "en": "Counts of {quarter} far from the median of the quarters since {year}"},
    "caption.missing": {"vi": "Đơn vị chưa đạt chỉ tiêu, {period}; bấm tên đơn vị để mở trang của đơn vị",
        "en": "Units missing targets, {period}; click a unit's name for its page"},
    "headline.missed": {"vi": "Chỉ tiêu chưa đạt ({period}): {count} trong số {total}.",
        "en": "Targets missed ({period}): {count} of {total}."},
    "headline.none_missed": {"vi": "Không có chỉ tiêu nào chưa đạt.", "en": "No target missed."},
    "headline.no_targets": {"vi": "Năm {year} chưa có chỉ tiêu của Kế hoạch: các kết quả dưới đây không so với chỉ tiêu.",
        "en": "The year {year} has no plan targets: the results below are not compared with targets."},
    "headline.behind": {"vi": "Trong {period}, {units:#} đơn vị chưa đạt chỉ tiêu, còn thiếu {needed} để đạt.",
        "en": "In {period}, {units:# unit|units} missed a target, {needed} short of it."},
    "headline.furthest": {"vi": "Còn thiếu nhiều nhất:", "en": "Furthest behind:"},
    "headline.silent": {"vi": "Trong {period}, {units:#} đơn vị chưa báo cáo hoạt động của ít nhất một nhóm nhiệm vụ.",
        "en": "In {period}, {units:# unit|units} reported no activity of at least one task group."},
    "headline.silent_where": {"vi": "Danh sách theo khối ở mục 7.", "en": "Listed by body in section 7."},
    "report.heatmap_rest": {"vi": "{count:#} đơn vị không có số liệu cho chỉ tiêu nào trong kỳ (không vẽ ở trên): {units}.",
        "en": "{count:# unit has|units have} no data for any indicator in the period (not drawn above): {units}."},
    "report.silent_summary": {"vi": "{units:#} đơn vị chưa báo cáo hoạt động của ít nhất một nhóm ({rows:#} lượt đơn vị × nhóm) — bấm để xem theo khối",
        "en": "{units:# unit|units} reported no activity of at least one group ({rows:# unit × group pair|unit × group pairs}) — click to see them by body"},
    "page.title": {"vi": "{what} ({period})", "en": "{what} ({period})"},
    "page.back_to_index": {"vi": "← Về trang mục lục của kỳ báo cáo", "en": "← Back to the period's index"},
    "draft.column_status": {"vi": "Đánh giá ({period})", "en": "Status ({period})"},
    "draft.column_body": {"vi": "Khối", "en": "Body"},
    "draft.every_unit": {"vi": "Tất cả {count:#} đơn vị khối {body}", "en": "All {count:# unit|units} of the {body}"},
    "draft.column_count": {"vi": "Số đơn vị", "en": "Units"},
    "draft.column_short": {"vi": "Còn thiếu để đạt", "en": "Short of the target"},
    # Every verdict names its window: {period} is the window the report judges by (the quarter; the 6/9 months or the
    # year of a Q2-Q4 report, official_draft.judged), {beside} the quarter's own result then.
    "draft.beside": {"vi": "; riêng {period} đạt {result}", "en": "; {period} alone: {result}"},
    "draft.still_needed": {"vi": "; còn thiếu {needed}", "en": "; {needed} more needed"},
    "draft.target_missed": {"vi": "Chỉ tiêu «{indicator}» {status} trong {period}: đạt {result}, chỉ tiêu {target}{needed}{beside}.",
        "en": "«{indicator}», {status} in {period}: {result}, target {target}{needed}{beside}."},
    "draft.target_dipped": {"vi": "Chỉ tiêu «{indicator}» đạt trong {period} ({result}, chỉ tiêu {target}), nhưng riêng {quarter} chỉ đạt {quarter_result}.",
        "en": "«{indicator}» is met in {period} ({result}, target {target}), but {quarter} alone reached only {quarter_result}."},
    "draft.withheld": {"vi": "Kết quả của {count:#} chỉ tiêu không công bố trong bản này để bảo vệ nạn nhân (có số nhỏ, hoặc số từ đó suy ra được số nhỏ).",
        "en": "The results of {count:# indicator|indicators} are withheld in this edition to protect persons (small numbers, or numbers from which small ones could be worked out)."},
    "draft.unit_needed": {"vi": "{unit} ({needed})", "en": "{unit} ({needed})"},
    "draft.behind": {"vi": "Trong {period}, {units:#} đơn vị chưa đạt ít nhất một chỉ tiêu ({pairs:#} lượt chỉ tiêu), còn thiếu {needed} để đạt; danh sách tại {appendix}.",
        "en": "In {period}, {units:# unit|units} missed at least one target ({pairs:# unit-indicator pair|unit-indicator pairs}), {needed} short of them; listed in {appendix}."},
    "draft.furthest": {"vi": "{count:#} đơn vị còn thiếu nhiều nhất: {units}.",
        "en": "The {count:# unit|units} furthest behind: {units}."},
    "draft.behind_short": {"vi": "{units:#} đơn vị chưa đạt chỉ tiêu trong {period}, thiếu nhiều nhất: {furthest} ({appendix}).",
        "en": "{units:# unit|units} missed a target in {period}; furthest behind: {furthest} ({appendix})."},
    "draft.silent": {"vi": "Trong {period}, {units:#} đơn vị chưa báo cáo hoạt động của ít nhất một nhóm nhiệm vụ được giao ({appendix}).",
        "en": "In {period}, {units:# unit|units} reported no activity of at least one task group expected of them ({appendix})."},
    "draft.submissions": {"vi": "Báo cáo số liệu: {late} lượt gửi chậm hạn, {missing} lượt chưa gửi, của {units:#} đơn vị.",
        "en": "Data submissions: {late} late, {missing} not received, from {units:# unit|units}."},
    "draft.finding_item": {"vi": "{kind}: {count}", "en": "{kind}: {count}"},
    "draft.finding_more": {"vi": "; và {count:#} loại khác", "en": "; and {count:# other kind|other kinds}"},
    "draft.findings": {"vi": "Số liệu còn {count:#} lỗi, thiếu sót cần rà soát ({kinds}{more}); chi tiết tại trang Chất lượng dữ liệu.",
        "en": "The data has {count:# problem|problems} to review ({kinds}{more}); see the data-quality page."},
    # a public edition has no data-quality page: the count alone, no pointer to it
    "draft.findings_public": {"vi": "Số liệu còn {count:#} lỗi, thiếu sót đang được rà soát ({kinds}{more}).",
        "en": "The data has {count:# problem|problems} under review ({kinds}{more})."},
    # "Phương hướng" speaks of the rest of the year (a quarter, 6 or 9 months) or of the next year (a year's report).
    # {targets}: the missed and the at-risk targets, always listed apart (docs/official-report.md), each only when any.
    "draft.direction_targets_rest_of_year": {"vi": "Tập trung chỉ đạo thực hiện {targets} trong {period}, bảo đảm hoàn thành chỉ tiêu cả năm {year}.",
        "en": "Concentrate on {targets} in {period} so that the year {year} meets them."},
    "draft.direction_targets_next_year": {"vi": "Rút kinh nghiệm {targets} trong {period}; tập trung chỉ đạo ngay từ đầu năm {year} để hoàn thành các chỉ tiêu năm {year}.",
        "en": "Learn from {targets} in {period} and concentrate on them from the start of {year} so that {year} meets its targets."},
    "draft.targets_missed_list": {"vi": "các chỉ tiêu chưa đạt ({items})", "en": "the targets missed ({items})"},
    "draft.targets_at_risk_list": {"vi": "các chỉ tiêu có nguy cơ chưa đạt ({items})", "en": "the targets at risk ({items})"},
    "draft.targets_and": {"vi": " và ", "en": " and "},
    "draft.direction_all_met_rest_of_year": {"vi": "Tiếp tục duy trì kết quả các chỉ tiêu đã đạt trong {period}, bảo đảm hoàn thành chỉ tiêu cả năm {year}.",
        "en": "Keep the targets met in {period} and make sure the whole year {year} meets them."},
    "draft.direction_all_met_next_year": {"vi": "Phát huy kết quả các chỉ tiêu đã đạt trong {period}, bảo đảm hoàn thành các chỉ tiêu năm {year}.",
        "en": "Build on the targets met in {period} and make sure {year} meets its targets."},
    "draft.direction_dipped_rest_of_year": {"vi": "Chú ý các chỉ tiêu giảm dưới mức trong {quarter} ({items}), không để ảnh hưởng kết quả cả năm.",
        "en": "Watch the targets that fell short in {quarter} alone ({items}), so that the year's result does not suffer."},
    "draft.direction_dipped_next_year": {"vi": "Rút kinh nghiệm các chỉ tiêu giảm dưới mức trong {quarter} ({items}), giữ ổn định kết quả trong năm {year}.",
        "en": "Learn from the targets that fell short in {quarter} alone ({items}) and keep them steady through {year}."},
    "draft.direction_behind": {"vi": "Các đơn vị chưa đạt chỉ tiêu ({appendix}) rà soát, giải quyết số còn thiếu, trước hết: {units}.",
        "en": "The units missing targets ({appendix}) work through what they still need, first: {units}."},
    "draft.direction_reporting": {"vi": "Đôn đốc các đơn vị gửi báo cáo số liệu và báo cáo hoạt động đầy đủ, đúng hạn ({appendix}).",
        "en": "Have the units send their data and activity reports in full and on time ({appendix})."},
    "draft.direction_quality": {"vi": "Các đơn vị rà soát, sửa các lỗi số liệu nêu tại trang Chất lượng dữ liệu trước kỳ báo cáo tới.",
        "en": "The units correct the data problems on the data-quality page before the next report."},
    "finding.duplicate_id": {"vi": "mã hồ sơ trùng", "en": "duplicate record numbers"},
    "finding.id_of_other_unit": {"vi": "mã hồ sơ của đơn vị khác", "en": "record numbers of another unit"},
    "finding.stage_unit_inferred": {"vi": "đơn vị truy tố, xét xử để trống, đã suy ra",
        "en": "procuracy or court unit left blank (inferred)"},
    "finding.unknown_case": {"vi": "liên kết tới vụ án không có trong số liệu", "en": "links to cases not in the data"},
    "finding.duplicate_measure": {"vi": "số liệu tổng hợp gửi hai lần", "en": "aggregate figures given twice"},
    "finding.duplicate_activity": {"vi": "số liệu hoạt động gửi hai lần", "en": "activity figures given twice"},
    "finding.numerator_above_denominator": {"vi": "số thành phần lớn hơn tổng", "en": "a part larger than its whole"},
    "finding.stock_mismatch": {"vi": "số tồn không khớp", "en": "stocks that do not add up"},
    "finding.outcome_sum_mismatch": {"vi": "tổng kết quả giải quyết không khớp", "en": "outcomes that do not add up"},
    "finding.mixed_sources": {"vi": "đơn vị gửi cả hồ sơ và số tổng hợp cùng kỳ", "en": "records and aggregates for the same period"},
    "finding.other": {"vi": "vấn đề khác", "en": "other problems"},
})

# --- bulk intake (issue #24): many files in one pass, with progress ---
WORDS.update({
    "progress.read": {"vi": "Đọc và kiểm tra tệp", "en": "Reading and checking files"},
    "progress.check": {"vi": "Đối chiếu với số liệu hiện hành", "en": "Checking against the current data"},
    "progress.write": {"vi": "Ghi cơ sở dữ liệu và kho lưu trữ", "en": "Writing the store and the archive"},
    "progress.files": {"vi": "tệp", "en": "files"},
    "progress.rows": {"vi": ", {rows:#} dòng", "en": ", {rows:# row|rows}"},
    "cli.held": {"vi": "{path}: hợp lệ nhưng chưa lưu: có tệp khác trong cùng lần nhập bị từ chối (--all-or-nothing)",
                 "en": "{path}: valid, but not stored: another file of the same batch was refused (--all-or-nothing)"},
    "cli.batch_summary": {"vi": "{stored:#} tệp đã lưu, {unchanged} không đổi, {refused} bị từ chối, {held} chưa lưu",
                          "en": "{stored:# file|files} stored, {unchanged} unchanged, {refused} refused, {held} not stored"},
    "cli.batch_summary_checked": {"vi": "{valid:#} tệp hợp lệ (chưa lưu: đây chỉ là kiểm tra), {unchanged} không đổi, {refused} bị từ chối",
                                  "en": "{valid:#} valid (not stored: this is a check), {unchanged} unchanged, {refused} refused"},
    "cli.batch_stopped_nothing": {"vi": "đã dừng: chưa lưu tệp nào trong {count:#} tệp; cơ sở dữ liệu và kho lưu trữ như trước",
                                  "en": "stopped: none of the {count:# file|files} was stored; the store and its archive are as before"},
    "cli.batch_stopped_stored": {"vi": "đã dừng khi đang ghi xong: {stored:#} tệp đã được lưu (và đã lưu trữ)",
                                 "en": "stopped as the writing ended: {stored:# file was|files were} stored (and archived)"},
    "cli.sample_refused": {"vi": "dữ liệu mẫu có tệp bị từ chối; chưa tạo cơ sở dữ liệu", "en":
                           "files of the sample were refused; no store was made"},
    "help.all_or_nothing": {"vi": "chỉ lưu khi mọi tệp đều hợp lệ (một tệp bị từ chối thì không lưu tệp nào)",
                            "en": "store only if every file is valid (one refused file: none is stored)"},
    "store.changed_meanwhile": {"vi": "{path}: cơ sở dữ liệu được tạo trong lúc kiểm tra; hãy chạy lại lệnh",
                                "en": "{path}: the store was made while the files were checked; run the command again"},
})

# --- every body's own register (issue #27): procuracy and court registers, bodies, header paths ---
WORDS.update({
    "message.duplicate_acceptance": {"vi": "số thụ lý «{value}» ngày {date} đã có ở dòng {other} (mỗi lần thụ lý một dòng)",
        "en": "register number «{value}» accepted on {date} is already on row {other} (one row per acceptance)"},
    "message.table_not_of_body": {"vi": "{unit} là {body}: đơn vị này không gửi «{table}» (params/bodies.yaml: {body} gửi {allowed}); kiểm tra lại đơn vị, hoặc dùng bảng của cơ quan mình",
        "en": "{unit} is a {body} unit: it does not send «{table}» (params/bodies.yaml: a {body} unit sends {allowed}); check the unit, or use its own body's table"},
    "message.header_path_ambiguous": {"vi": "tiêu đề «{header}» có ở nhiều cột ({paths}): trong tệp ánh xạ hãy ghi đường dẫn tiêu đề («Trên / Dưới») hoặc chữ cái của cột",
        "en": "the title «{header}» heads several columns ({paths}): in the mapping name the column by its header path («Upper / Lower») or its letter"},
    "message.register_no_case_id": {"vi": "lần thụ lý này không ghi mã vụ án của cơ quan điều tra: giai đoạn {stage} tính theo sổ thụ lý của {unit}, không đối chiếu được với hồ sơ vụ án",
        "en": "this acceptance gives no police case id: the {stage} stage is counted from {unit}'s register, not matched with a police record"},
    "message.register_unknown_case": {"vi": "mã vụ án «{value}» không có trong dữ liệu của cơ quan điều tra: giai đoạn {stage} tính theo sổ thụ lý của {unit}, không đối chiếu được",
        "en": "police case id «{value}» is not in the police data: the {stage} stage is counted from {unit}'s register, unmatched"},
    "message.police_stage_superseded": {"vi": "giai đoạn {stage} của vụ án «{value}» không tính theo hồ sơ này mà theo sổ thụ lý của {owner} (mỗi giai đoạn tính một lần, theo cơ quan thực hiện)",
        "en": "the {stage} stage of case «{value}» is counted from {owner}'s register, not from this record (each stage once, from the body that does it)"},
    "skipped.section": {"vi": "dòng tiêu đề mục (I, II, A, B...), không nhập", "en": "section row (I, II, A, B...) left out"},
    "skipped.header_repeated": {"vi": "dòng tiêu đề cột lặp lại (sang trang), không nhập", "en": "column titles repeated (page break) left out"},
    "message.same_table_sheets": {"vi": "các trang {sheets} đều là bảng «{table}»: trang nào là số liệu cần nhập? Ghi trong tệp ánh xạ (--mapping): trang đó là «table: …», trang kia «table: ignore» (tipmonitor map soạn sẵn câu hỏi này)",
        "en": "the sheets {sheets} all carry the «{table}» table: which one is the data? Say it in a mapping (--mapping): that sheet «table: …», the other «table: ignore» (tipmonitor map drafts this question)"},
    "sheet.sheet_hidden_ignored": {"vi": "trang ẩn, không đọc (tệp ánh xạ ghi ignore)", "en": "hidden sheet not read (the mapping says ignore)"},
    "map.q_same_table": {"vi": "các trang {sheets} đều là bảng {table}: trang nào là số liệu? Ghi bảng cho trang đó và «ignore» cho trang kia",
        "en": "the sheets {sheets} all carry the {table} table: which one is the data? Keep the table for that sheet and write «ignore» for the other"},
    "map.sheet_summary": {"vi": "Trang «{sheet}»: trang tổng hợp (số liệu cộng của sổ, không phải hồ sơ): đề xuất ignore",
        "en": "Sheet «{sheet}»: a summary sheet (the register's totals, not records): proposed as ignore"},
    "map.summary_comment": {"vi": "trang tổng hợp của sổ", "en": "the register's summary sheet"},
    "message.register_changes_period": {"vi": "lần thụ lý «{value}» này làm thay đổi số liệu kỳ {period} đã nhận: tệp của một kỳ không sửa số liệu kỳ khác; nếu là đính chính, hãy gửi tệp cho kỳ {period} (--period {period})",
        "en": "this acceptance «{value}» changes the figures of {period}, already received: a file of one period does not change another's; if it is a correction, send it for {period} (--period {period})"},
    "register.stage.procuracy": {"vi": "truy tố", "en": "prosecution"},
    "register.stage.court": {"vi": "xét xử", "en": "trial"},
})

# --- work carried over a hand-over (issue #27 item 4, session 7) ---
WORDS.update({
    "message.carried_open_not_named": {"vi": "hồ sơ «{value}» của {unit} còn đang giải quyết khi bàn giao ngày {date} mà chưa hồ sơ nào của đơn vị tiếp nhận ghi mã này (cột «Mã bên chuyển đến»): vẫn tính là việc tồn của {unit}; nếu đơn vị tiếp nhận đã gửi lại mà không ghi mã, toàn thành phố tính hai lần",
        "en": "record «{value}» of {unit} was still open at the hand-over on {date} and no record of the successor names it (the «Sender's id» column): it stays {unit}'s open work; if the successor sent it again without the id, the city counts it twice"},
    "message.carried_sent_without_id": {"vi": "hồ sơ «{value}» {unit} nhận bàn giao (từ ngày {date}) không ghi mã hồ sơ của đơn vị bàn giao (cột «Mã bên chuyển đến»): không đối chiếu được; nếu đơn vị bàn giao cũng gửi hồ sơ này, toàn thành phố tính hai lần",
        "en": "record «{value}» that {unit} took over (from {date}) does not give the predecessor's id (the «Sender's id» column): it cannot be matched; if the predecessor also sent it, the city counts it twice"},
    "finding.carried_open_not_named": {"vi": "việc tồn khi bàn giao chưa nối với hồ sơ của đơn vị tiếp nhận",
        "en": "work open at a hand-over that no successor's record names"},
    "map.q_column_or_missing": {"vi": "trang «{sheet}», cột «{header}»: trường nào? (cột bắt buộc {field} chưa tìm thấy: có phải cột này? hoặc ignore)",
        "en": "sheet «{sheet}», column «{header}»: which field? (the required column {field} is not found: is it this one? or ignore)"},
    "message.missing_mapped": {"vi": "thiếu cột bắt buộc «{label}»: cột nào của trang là cột này? ghi tiêu đề của cột đó với «{field}» trong ánh xạ {mapping} (các cột đang ghi ignore: {ignored})",
        "en": "the required column «{label}» is missing: which column of the sheet is it? write that column's title with «{field}» in the mapping {mapping} (columns answered ignore: {ignored})"},
    "message.file_utf16": {"vi": "tệp CSV ở mã UTF-16 (có dấu BOM của UTF-16, như khi Excel lưu «Unicode Text»), không phải UTF-8; trong Excel hãy lưu bằng «CSV UTF-8»",
        "en": "the CSV file is UTF-16 (it starts with a UTF-16 byte-order mark, as Excel's «Unicode Text» writes), not UTF-8; in Excel use Save As «CSV UTF-8»"},
    "message.record_before_period": {"vi": "hồ sơ «{value}» mới, mọi ngày của hồ sơ (muộn nhất {day}) đều trước kỳ {period} của lần nộp: hồ sơ làm thay đổi số liệu {changed} đã báo cáo; kiểm tra lại ngày, hoặc nộp hồ sơ này trong tệp của kỳ đó",
        "en": "the record «{value}» is new and all its dates (the latest {day}) come before the submission's period {period}: it changes the figures of {changed} already reported; check the date, or send this record with that period's file"},
    "message.received_before_period": {"vi": "ngày nhận tệp (--received-on) là {value}, trước ngày bắt đầu kỳ {period} ({start}): tệp của một kỳ không thể đến trước khi kỳ bắt đầu; hãy ghi ngày tệp của đơn vị thực sự đến",
        "en": "the day received (--received-on) is {value}, before the period {period} begins ({start}): a period's file cannot arrive before the period begins; give the day the unit's file actually arrived"},
    "message.received_before_record": {"vi": "ngày {day} sau ngày nhận tệp (--received-on {value}): hồ sơ không thể vào sổ sau ngày tệp đến; kiểm tra lại ngày này, hoặc ngày tệp đến",
        "en": "the date {day} comes after the day the file was received (--received-on {value}): a record cannot enter its register after its file arrived; check this date, or the day the file arrived"},
    "message.received_in_future": {"vi": "ngày nhận tệp (--received-on) là {value}, sau ngày hôm nay ({today}): hãy ghi ngày tệp của đơn vị thực sự đến",
        "en": "the day received (--received-on) is {value}, after today ({today}): give the day the unit's file actually arrived"},
    "stage.procuracy.ended_other": {"vi": "Án VKS kết thúc thụ lý vì lý do khác (không tính là đã giải quyết)",
        "en": "Cases the Procuracy ended otherwise (not counted as resolved)"},
    "stage.court.ended_other": {"vi": "Án Tòa án kết thúc thụ lý vì lý do khác (không tính là đã giải quyết)",
        "en": "Cases the court ended otherwise (not counted as resolved)"},
    "message.carried_named_several": {"vi": "hồ sơ «{value}» của {unit} được {count:#} hồ sơ của đơn vị tiếp nhận cùng ghi là việc nhận bàn giao: {receivers}; đó là một việc: toàn thành phố tính một lần, theo hồ sơ nhận (hoặc khởi tố) sớm nhất, {kept}, còn mỗi đơn vị tiếp nhận vẫn tính hồ sơ của mình: hãy xác định đơn vị nào thực sự nhận việc này",
        "en": "record «{value}» of {unit} is named as work taken over by {count:# record|records} of successors: {receivers}; it is one piece of work: the city counts it once, from the one received (or initiated) first, {kept}, while each successor still counts its own record: find out which one took this work over"},
    "finding.carried_named_several": {"vi": "việc tồn khi bàn giao được nhiều hồ sơ của đơn vị tiếp nhận cùng ghi",
        "en": "work open at a hand-over that several successors' records name"},
    "finding.carried_sent_without_id": {"vi": "việc nhận bàn giao không ghi mã hồ sơ của đơn vị bàn giao",
        "en": "work taken over without the predecessor's id"},
})

# --- the surfaces people hand on (session 9, polish9): measures by name, never by id ---
WORDS.update({
    "measure.label": {"vi": "{stage}: {name}", "en": "{stage}: {name}"},
    "measure.label_part": {"vi": "{measure}, riêng {part}", "en": "{measure}, {part} only"},
    "measure.stage.reports": {"vi": "Tin báo", "en": "Crime reports"},
    "measure.stage.investigation": {"vi": "Vụ án (điều tra)", "en": "Cases (investigation)"},
    "measure.stage.procuracy": {"vi": "Vụ án (Viện kiểm sát)", "en": "Cases (procuracy)"},
    "measure.stage.court": {"vi": "Vụ án (Tòa án)", "en": "Cases (court)"},
    "measure.stage.victims": {"vi": "Nạn nhân", "en": "Victims"},
    # an appendix of the .docx with no rows: no empty table, a sentence saying why (present/official.py)
    # kpi_frame has a row for each indicator the plan sets a target for (withheld ones too): empty only without any
    "docx.appendix_kpis_empty": {"vi": "Kế hoạch không đặt chỉ tiêu kế hoạch cho chỉ tiêu nào.",
        "en": "The plan sets no target for any indicator."},
    "docx.appendix_activities_empty": {"vi": "Không có số liệu hoạt động theo nhóm nhiệm vụ trong {period}.",
        "en": "No activity figures by task group for {period}."},
    "docx.appendix_silent_empty": {"vi": "Trong {period}, mọi đơn vị đều đã báo cáo hoạt động của các nhóm nhiệm vụ được giao.",
        "en": "In {period}, every unit reported activity of each task group expected of it."},
    # tipmonitor audit-public: its tables (present/audit_view.py)
    "audit.published_differs": {"vi": "bản {edition}: {what} của {unit}, {window}, công bố là {value} nhưng đếm được {counted}",
        "en": "the edition of {edition}: {what} ({unit}), {window}, is published as {value} but counted {counted}"},
    "audit.trend_withheld": {"vi": "bản {edition}: biểu đồ xu hướng cho thấy {what} của {unit} trong {quarter}, số mà bản {quarter} không công bố",
        "en": "the edition of {edition}: the trend shows {what} ({unit}) in {quarter}, which the edition of {quarter} withheld"},
    "audit.column.kind": {"vi": "Loại số", "en": "Kind"},
    "audit.column.level": {"vi": "Cấp", "en": "Level"},
    "audit.column.protected": {"vi": "Số được bảo vệ", "en": "Protected"},
    "audit.column.failing": {"vi": "Suy ra được", "en": "Worked out"},
    "audit.column.window": {"vi": "Kỳ", "en": "Period"},
    "audit.column.unit": {"vi": "Đơn vị", "en": "Unit"},
    "audit.column.what": {"vi": "Số liệu hoặc chỉ tiêu", "en": "Count or indicator"},
    "audit.column.value": {"vi": "Giá trị thật", "en": "True value"},
    "audit.column.interval": {"vi": "Người đọc suy ra được trong khoảng", "en": "A reader can narrow it to"},
    "audit.column.need": {"vi": "Ngưỡng", "en": "Threshold"},
    "audit.kind.count": {"vi": "số đếm", "en": "a count"},
    "audit.kind.complement": {"vi": "phần bù của tỷ lệ (mẫu số − tử số)", "en": "a rate's complement (denominator − numerator)"},
    "audit.level.city": {"vi": "toàn thành phố", "en": "city"},
    "audit.level.unit": {"vi": "đơn vị", "en": "unit"},
    # run --out near the data (run/runner.py, refuse_near_data)
    "run.out_near_data_any": {"vi": "thư mục báo cáo {out} nằm trong vùng làm việc riêng của dữ liệu ({area}), nơi các lần chạy bị dừng được dọn đi; hãy chọn thư mục khác với --out",
        "en": "the reports folder {out} is inside the data's private working area ({area}), which is cleared of killed runs; choose another folder with --out"},
    "run.out_in_archive": {"vi": "thư mục báo cáo {out} nằm trong kho lưu trữ các lần nộp ({archive}), nơi giữ nguyên các tệp đơn vị đã gửi; hãy chọn thư mục khác với --out",
        "en": "the reports folder {out} is inside the archive of submissions ({archive}), which keeps the files units sent as they were; choose another folder with --out"},
    "run.out_is_a_file": {"vi": "--out {out} là một tệp, không phải thư mục; hãy chọn một thư mục để ghi báo cáo",
        "en": "--out {out} is a file, not a folder; choose a folder to write the reports into"},
    "run.out_near_data_public": {"vi": "bản công bố không được ghi vào {out}: thư mục này chứa dữ liệu {data} hoặc vùng làm việc của nó ({area}), nên sao chép thư mục công bố ra ngoài sẽ sao chép cả hồ sơ; hãy chọn với --out một thư mục không chứa dữ liệu (ví dụ reports/public)",
        "en": "the public edition may not be written to {out}: that folder holds the data {data} or its working area ({area}), so copying the public folder out would copy every record; choose with --out a folder that holds no data (for example reports/public)"},
    # run --out among other editions (run/runner.py, refuse_among_editions)
    "run.out_in_edition": {"vi": "thư mục báo cáo {out} nằm trong một bản báo cáo đã có ({edition}); hãy {choose} "
        "một thư mục nằm ngoài bản đó",
        "en": "the reports folder {out} lies inside an existing edition ({edition}); {choose} a folder "
        "outside that edition"},
    "run.out_holds_public": {"vi": "bản nội bộ không được ghi vào {out}: {folder} là thư mục của bản công bố (có {edition}), "
        "là thư mục được sao chép ra ngoài để công bố, còn bản nội bộ có mọi số liệu, kể cả các số nhỏ; hãy {choose} "
        "một thư mục nằm ngoài {folder}",
        "en": "an internal edition may not be written to {out}: {folder} is a folder of public editions (it holds "
        "{edition}), which is what gets copied out for publication, and an internal edition holds every figure, small "
        "ones included; {choose} a folder outside {folder}"},
    "run.out_holds_internal": {"vi": "bản công bố không được ghi vào {out}: thư mục này có bản nội bộ ({edition}), và sao "
        "chép thư mục công bố ra ngoài sẽ sao chép cả bản đó; hãy {choose} "
        "một thư mục chỉ dành cho bản công bố, không có bản nội bộ nào",
        "en": "a public edition may not be written to {out}: that folder holds an internal edition ({edition}), which "
        "copying the public folder out would copy too; {choose} a folder for "
        "public editions only, one that holds no internal edition"},
    "run.choose_out": {"vi": "chọn với --out (hoặc output: trong tệp cấu hình lần chạy)",
        "en": "choose with --out (or output: in the run file)"},
    "notebook.choose_out": {"vi": "chọn làm đường dẫn tệp kết quả của lệnh notebook",
        "en": "choose as the notebook command's output path"},
    "run.out_holds_unknown": {"vi": "không ghi được vào {out}: không đọc được đối tượng của bản báo cáo {edition} (tệp "
        "manifest.json của nó không đọc được hoặc không ghi audience), nên không biết đó là bản nội bộ hay bản công bố; "
        "hãy xem lại {edition}/manifest.json (hoặc chuyển bản đó đi chỗ khác), hoặc {choose} một thư mục khác",
        "en": "cannot write to {out}: the audience of the edition {edition} cannot be read (its manifest.json cannot be "
        "read or names no audience), so it cannot be told whether it is internal or public; check "
        "{edition}/manifest.json (or move that edition elsewhere), or {choose} another folder"},
    "run.out_holds_export": {"vi": "bản công bố không được ghi vào {out}: {folder} chứa dữ liệu xuất theo từng hồ sơ (lệnh "
        "tipmonitor export), và sao chép thư mục công bố ra ngoài sẽ sao chép cả dữ liệu đó; hãy chuyển {folder} ra "
        "ngoài, hoặc {choose} một thư mục chỉ dành cho bản công bố",
        "en": "a public edition may not be written to {out}: {folder} holds a record-level export (tipmonitor "
        "export), which copying the public folder out would copy too; move {folder} out, or {choose} a folder for "
        "public editions only"},
    "run.out_too_wide": {"vi": "bản công bố không được ghi vào {out}: thư mục này có hơn {count:#} thư mục con, quá nhiều "
        "để kiểm tra rằng không có bản nội bộ hay dữ liệu xuất nào trong đó; hãy {choose} một thư mục chỉ dành cho bản "
        "công bố",
        "en": "a public edition may not be written to {out}: it holds more than {count:#} folders, too many to check "
        "that none holds an internal edition or an export; {choose} a folder for public editions only"},
    # tipmonitor export FOLDER among editions (run/runner.py, refuse_export_folder)
    "export.in_edition": {"vi": "không xuất dữ liệu vào {out}: thư mục này nằm trong một bản báo cáo ({edition}), còn dữ "
        "liệu xuất có mọi hồ sơ; hãy chọn một thư mục xuất nằm ngoài các thư mục báo cáo (ví dụ exports/)",
        "en": "not exported to {out}: that folder lies inside an edition ({edition}), and an export holds every "
        "record; choose an export folder outside the reports folders (for example exports/)"},
    "export.holds_editions": {"vi": "không xuất dữ liệu vào {out}: thư mục này chứa các bản báo cáo (có {edition}), còn "
        "dữ liệu xuất có mọi hồ sơ; hãy chọn một thư mục xuất riêng, nằm ngoài các thư mục báo cáo (ví dụ exports/)",
        "en": "not exported to {out}: that folder holds editions ({edition} among them), and an export holds every "
        "record; choose an export folder of its own, outside the reports folders (for example exports/)"},
    "export.among_public": {"vi": "không xuất dữ liệu vào {out}: {folder} là thư mục của bản công bố (có {edition}), "
        "được sao chép ra ngoài để công bố, còn dữ liệu xuất có mọi hồ sơ; hãy chọn một thư mục xuất nằm ngoài {folder} "
        "(ví dụ exports/)",
        "en": "not exported to {out}: {folder} is a folder of public editions (it holds {edition}), which is what "
        "gets copied out for publication, and an export holds every record; choose an export folder outside {folder} "
        "(for example exports/)"},
    "docx.appendix_missing_empty": {"vi": "Trong {period}, không có đơn vị nào chưa đạt chỉ tiêu.",
        "en": "In {period}, no unit missed a target."},
    "docx.appendix_missing_no_targets": {"vi": "Trong {period}, không có chỉ tiêu kế hoạch nào được áp dụng, nên không "
        "đơn vị nào được đánh giá đạt hay chưa đạt.",
        "en": "In {period}, no target applies, so no unit was judged as meeting or missing one."},
    "docx.appendix_missing_none_judged": {"vi": "Trong {period}, chưa đơn vị nào có đủ số liệu để đánh giá theo chỉ tiêu "
        "kế hoạch.",
        "en": "In {period}, no unit has the figures to be judged against a target."},
})

# d3-format's currency pair (charts never show money, but the locale carries one).
_CURRENCY = {"vi": ["", " ₫"], "en": ["$", ""]}


def default_lang() -> str:
    """The language of this process: TIPMONITOR_LANG (any case), or Vietnamese."""
    return os.environ.get("TIPMONITOR_LANG", DEFAULT).strip().lower()


def has(key: str) -> bool:
    return key in WORDS


def say(key: str, lang: str | None = None, **values) -> str:
    """The entry ``key`` in ``lang`` (default: the process's language) with ``values`` filled in.

    A count is written ``{count:#}`` (grouped as the language writes numbers: 1.243 / 1,243) or, where a noun
    follows it, ``{count:# unit|units}`` (English "1 unit", "3 units"; the noun as ``counted`` chooses it); a word
    that agrees with a count is ``{count:was|were}``. Vietnamese nouns do not change: its entries use ``{count:#}``."""
    entry = WORDS[key]
    lang = lang or default_lang()
    return _Counts(lang).format(entry.get(lang) or entry[DEFAULT], **values)


class _Counts(string.Formatter):
    """``str.format`` with two more kinds of field: ``{name:#}`` or ``{name:# one|many}``, a count with or without
    its noun, and ``{name:one|many}``, a word that agrees with the count (``{count:was|were}``)."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec: str) -> str:
        if format_spec.startswith("#"):
            one, _, many = format_spec[1:].strip().partition("|")
            return counted(value, one, many, self.lang) if one else _number(value, self.lang)
        if "|" in format_spec:
            one, _, many = format_spec.partition("|")
            return one if is_one(value) else many
        return super().format_field(value, format_spec)


def grouped(number: int, lang: str | None = None) -> str:
    """A whole number with its thousands grouped as ``lang`` writes them: 1.243 (Vietnamese), 1,243 (English)."""
    return f"{number:,}".replace(",", say("number.thousands", lang))


MISSING_COUNT = "–"  # a count with no figure (None, NaN, pandas' NA), as format_count writes it


def is_missing(value) -> bool:
    """None, NaN or pandas' NA: no figure (pandas is looked up only if loaded, so words stays import-light)."""
    if value is None:
        return True
    pandas = sys.modules.get("pandas")
    if pandas is not None and value is pandas.NA:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value)


def _number(value, lang: str) -> str:
    """A count as ``lang`` writes it (1.243 in Vietnamese, 1,243 in English); text given already written is kept;
    a missing count (None, NaN, NA) is "–", the mark of no figure, so a sentence is never stopped by one. Any other
    value that is not a whole number (2.5, infinity, True) is a programming error: ValueError."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return MISSING_COUNT
    whole = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) \
        and float(value).is_integer()
    if not whole:
        raise ValueError(f"a {{name:#}} field of words.say needs a whole number or text already written, not {value!r}; "
                         "round or write the value first")
    return grouped(int(value), lang)


def _amount(value) -> int | None:
    """The whole number a count stands for, whether given as a number or already written ("1.243", "1,243")."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return int(float(value)) if math.isfinite(value) else None
    text = str(value).strip().replace(".", "").replace(",", "")
    return int(text) if text.isdigit() else None


def is_one(value) -> bool:
    """Whether a count (a number, or text already written: "1", "1.243", "*") takes the singular: it is 1. The one
    rule for every noun after a count (``counted``, ``{n:was|were}``, an activity's unit word)."""
    return _amount(value) == 1


def counted(value, one: str, many: str, lang: str | None = None) -> str:
    """A count and its noun: ``counted(1, "unit", "units", "en")`` is "1 unit", ``counted(3, ...)`` "3 units",
    a count given already written ("1.243") keeps its text. ``many`` empty: the noun does not change (Vietnamese)."""
    lang = lang or default_lang()
    noun = one if (is_one(value) or not many) else many
    return f"{_number(value, lang)} {noun}".rstrip()


def pick(labels, lang: str | None = None) -> str:
    """A data-model label in ``lang``: from a {vi, en} mapping (indicators.yaml, city.yaml) or an object
    with ``vi`` and ``en`` attributes (schema fields, tables, values; measures). Vietnamese when missing."""
    lang = lang or default_lang()
    if isinstance(labels, Mapping):
        return labels[lang] if lang in labels else labels[DEFAULT]
    return getattr(labels, lang) if lang in LANGUAGES else labels.vi


def complete(labels: Mapping) -> bool:
    """Whether a data-model label mapping has non-empty text in every language (checked when settings load)."""
    return all(isinstance(labels.get(lang), str) and labels[lang].strip() for lang in LANGUAGES)


def pair(vi: str, en: str) -> dict[str, str]:
    """Two labels as the mapping ``pick`` reads (a problem message's values are rendered later)."""
    return {"vi": vi, "en": en}


def each(render) -> dict[str, str]:
    """``render(lang)`` in every language, as the mapping ``pick`` reads."""
    return {lang: render(lang) for lang in LANGUAGES}


def in_sentence(label: str, lang: str | None = None) -> str:
    """A label inside running text: English lowercases its heading-style capital, Vietnamese keeps it."""
    return label.lower() if (lang or default_lang()) == "en" else label


def number_locale(lang: str | None = None) -> dict:
    """The d3-format locale of charts: Vietnamese writes 86,14% and 2.437."""
    return {"decimal": say("number.decimal", lang), "thousands": say("number.thousands", lang), "grouping": [3],
            "currency": _CURRENCY.get(lang or default_lang(), _CURRENCY[DEFAULT])}
