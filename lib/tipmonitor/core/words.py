"""Every word a user reads, in Vietnamese (the default) and English: the one text catalogue.

``say(key, lang, **values)`` renders an entry of ``WORDS``; ``pick`` renders the
data-model vocabulary that carries its own two labels (indicator and distribution
labels in params/indicators.yaml, the city's names in params/city.yaml, the fields,
tables, values and measures of model/schema.py and model/measures.py). Choosing a
language happens here and nowhere else (tests/test_words.py scans the package).
A module of dicts: importing it costs nothing, so the command line starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("vi", "en")
DEFAULT = "vi"

WORDS: dict[str, dict[str, str]] = {
    # --- the period run ---
    "run.all_failed": {"vi": "cả {count} notebook của lần chạy đều lỗi (lỗi đầu tiên: {error}); không xuất bản gì, báo cáo trước đó (nếu có) tại {final} được giữ nguyên; sửa lỗi rồi chạy lại",
        "en": "all {count} notebooks of this run failed (the first: {error}); nothing was published, and any earlier report at {final} is left as it was; fix the error and run again"},
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
    "status.withheld": {"vi": "Không công bố (số nhỏ)",
        "en": "Withheld (small numbers)"},
    # --- disclosure ---
    "disclosure.internal": {"vi": "**Bản nội bộ — không công bố.** Báo cáo này có đầy đủ số liệu, kể cả các số nhỏ có thể làm lộ danh tính nạn nhân; chỉ dùng trong Ban Chỉ đạo. Bản công bố được tạo với `audience: public`.",
        "en": "**Internal edition — not for publication.** This report has every figure, small numbers included, which could identify victims; for the steering committee only. The public edition is made with `audience: public`."},
    "disclosure.public": {"vi": "**Bản công bố.** Để bảo vệ nạn nhân, mọi số đếm dưới {threshold} (kể cả 0) được thay bằng “<{threshold}”; tỷ lệ không được công bố khi tử số hoặc mẫu số dưới {threshold}. Khi chỉ một đơn vị (hoặc một nhóm) bị ẩn, một đơn vị (nhóm) nhỏ nhất khác cũng được ẩn để không thể suy ra từ tổng; số lũy kế được ẩn khi một quý trong đó bị ẩn. Các ô bị ẩn có đánh giá “* Không công bố”. Không có danh sách hồ sơ, vụ án hay nạn nhân nào trong bản này.",
        "en": "**Public edition.** To protect victims, every count under {threshold} (zero included) is shown as “<{threshold}”; a rate is not shown when its numerator or denominator is under {threshold}. Where only one unit (or category) would be hidden, the next smallest is hidden too so it cannot be recovered from the total; a year-to-date figure is hidden when a quarter inside it is. Hidden cells carry the status “* Withheld”. No list of reports, cases or victims appears in this edition."},
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
    "note.baseline_table": {"vi": "Số liệu năm gốc lấy từ bảng nhập tay",
        "en": "Baseline taken from the hand-entered table"},
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
    "section.title": {"vi": "# Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người — {period}\n\n{committee}. Báo cáo cho biết các chỉ tiêu của Kế hoạch {plan} đã đạt hay chưa, so với năm {baseline}, và những đơn vị nào còn chưa đạt, còn thiếu bao nhiêu vụ việc.",
        "en": "# Progress on the anti-trafficking plan — {period}\n\n{committee}. This report shows whether the targets of Plan {plan} are met, how they compare with {baseline}, and which units still miss them and by how many cases."},
    "section.targets": {"vi": "## 1. Kết quả thực hiện các chỉ tiêu\n\nMỗi chỉ tiêu ghi kết quả (tử số/mẫu số), tỷ lệ, chỉ tiêu Kế hoạch, đánh giá và số vụ việc cần giải quyết thêm để đạt; so sánh với cùng kỳ và cả năm {baseline}.",
        "en": "## 1. Results against the targets\n\nEach indicator with its result (numerator/denominator), rate, target, status and the number of items still needed; compared with the same period and the full year {baseline}."},
    "section.ytd": {"vi": "### Lũy kế từ đầu năm\n\n«Có nguy cơ chưa đạt»: chưa đạt nhưng số vụ việc còn đang giải quyết đủ để đạt trước cuối năm.",
        "en": "### Year to date\n\n«At risk»: below target, but enough items are still pending to reach it before the year ends."},
    "section.units": {"vi": "## 2. Đơn vị chưa đạt chỉ tiêu\n\nXếp theo số vụ việc còn thiếu, nhiều nhất trước. Bảng màu: xanh đậm ✔ đạt, vàng ⚠ có nguy cơ, cam ✘ chưa đạt, xám – không có số liệu.",
        "en": "## 2. Units missing targets\n\nSorted by the number of items still needed, largest first. Colours: dark blue ✔ met, yellow ⚠ at risk, orange ✘ missed, grey – no data."},
    "section.map": {"vi": "Bản đồ: mỗi đơn vị đặt tại tâm địa giới hành chính; kích thước theo số tin báo và vụ án mới trong kỳ, màu theo đánh giá chung (chỉ tiêu kém nhất).",
        "en": "Map: each unit at its official centroid; size by new reports and cases in the period, colour by its worst status."},
    "section.trends": {"vi": "## 3. Diễn biến theo quý từ năm {baseline}\n\nĐường chấm màu cam là chỉ tiêu của năm kế hoạch; đường gạch xám là kết quả cả năm {baseline} của toàn Thành phố.",
        "en": "## 3. Quarterly trends since {baseline}\n\nThe dotted orange line is the plan year's target; the dashed grey line the city's full-year {baseline} result."},
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
    "section.unit_rank": {"vi": "## 2. Thứ hạng trong các đơn vị và số vụ việc cần thêm để đạt",
        "en": "## 2. Rank among units and items still needed"},
    "section.unit_trend": {"vi": "## 3. Diễn biến theo quý, bên cạnh toàn Thành phố; đường gạch: cả năm gốc của đơn vị",
        "en": "## 3. By quarter, beside the whole city; dashed: the unit's own baseline year"},
    "section.unit_overdue": {"vi": "## 4. Tin báo quá hạn giải quyết vào cuối kỳ (chỉ mã hồ sơ và số ngày quá hạn)",
        "en": "## 4. Crime reports overdue at the period's end (ids and days overdue only)"},
    "section.dq_title": {"vi": "# Chất lượng số liệu — {period}\n\nCác đơn vị đã nộp số liệu chưa, đúng hạn không (hạn nộp: 2 ngày làm việc sau ngày chốt số liệu); các vấn đề phát hiện khi kiểm tra; hồ sơ nhập muộn làm thay đổi số liệu các kỳ trước; số liệu bất thường.",
        "en": "# Data quality — {period}\n\nWhich units submitted and on time (due 2 working days after the cut-off); what the checks found; records entered late that changed earlier figures; unusual counts."},
    "section.dq_submissions": {"vi": "## 1. Tình hình nộp số liệu",
        "en": "## 1. Submissions"},
    "section.dq_findings": {"vi": "## 2. Vấn đề phát hiện khi kiểm tra",
        "en": "## 2. Findings"},
    "section.dq_late": {"vi": "## 3. Hồ sơ nhập muộn làm thay đổi số liệu kỳ trước",
        "en": "## 3. Late entries that changed past figures"},
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
    "message.settings_too_few": {"vi": 'cần ít nhất {limit} mục',
        "en": 'needs at least {limit} item(s)'},
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
    "message.settings_cannot_split": {"vi": '{measure} không chia được theo {dimension}; chia được theo: {allowed}',
        "en": '{measure} cannot be split by {dimension}; it can be split by: {allowed}'},
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
    "message.file_missing": {"vi": "không tìm thấy tệp",
        "en": "file not found"},
    "message.file_format": {"vi": "không đọc được tệp dạng {suffix}; hãy dùng CSV (UTF-8), Excel (.xlsx) hoặc Parquet",
        "en": "cannot read a {suffix} file; use CSV (UTF-8), Excel (.xlsx) or Parquet"},
    "message.file_unreadable": {"vi": "tệp bị hỏng hoặc không đúng định dạng {suffix}: {detail}",
        "en": "the file is damaged or not really {suffix}: {detail}"},
    "message.excel_error": {"vi": "ô này hiển thị lỗi Excel «{value}» thay cho số liệu; sửa công thức hoặc nhập giá trị",
        "en": "this cell shows the Excel error «{value}» instead of data; fix the formula or type the value"},
    "message.formula_no_value": {"vi": "ô này có công thức nhưng tệp không lưu kết quả (tệp do chương trình khác tạo); mở tệp bằng Excel, lưu lại rồi gửi",
        "en": "this cell has a formula but the file holds no result for it (written by another program); open it in Excel, save and send again"},
    "message.workbook_too_large": {"vi": "tệp Excel này khi giải nén lên tới {size} byte, vượt giới hạn {limit} byte; tệp có thể bị lỗi hoặc cố ý làm phình, nên không được đọc — hãy lưu lại bằng Excel hoặc chia nhỏ tệp (docs/security.md)",
        "en": "this workbook unpacks to {size} bytes, over the limit of {limit}; it may be damaged or built to inflate, so it was not read — save it again in Excel or split it (docs/security.md)"},
    "message.workbook_part_too_large": {"vi": "phần {part} của tệp Excel khi giải nén lên tới {size} byte, vượt giới hạn {limit} byte; tệp có thể bị lỗi hoặc cố ý làm phình, nên không được đọc — hãy lưu lại bằng Excel hoặc chia nhỏ tệp (docs/security.md)",
        "en": "the workbook's part {part} unpacks to {size} bytes, over the limit of {limit}; it may be damaged or built to inflate, so it was not read — save it again in Excel or split it (docs/security.md)"},
    "message.workbook_part_inflates": {"vi": "phần {part} của tệp Excel khi giải nén lớn gấp {ratio} lần kích thước nén (tệp Excel thông thường dưới {limit} lần); tệp có thể cố ý làm phình, nên không được đọc — hãy lưu lại bằng Excel (docs/security.md)",
        "en": "the workbook's part {part} unpacks to {ratio} times its packed size (ordinary workbooks stay under {limit} times); it may be built to inflate, so it was not read — save it again in Excel (docs/security.md)"},
    "message.file_encoding": {"vi": "tệp CSV không ở mã UTF-8 (byte lạ ở vị trí {position}, có thể tệp lưu bằng mã Windows-1258 hoặc TCVN3); trong Excel hãy lưu bằng «CSV UTF-8»",
        "en": "the CSV file is not UTF-8 (unexpected byte at position {position}, perhaps saved as Windows-1258, Windows-1252 or TCVN3); in Excel use Save As «CSV UTF-8»"},
    "message.file_empty": {"vi": "tệp không có dòng dữ liệu nào",
        "en": "the file has no data rows"},
    "message.no_header": {"vi": "không tìm thấy dòng tiêu đề cột của bảng {table}; cần ít nhất các cột: {required}",
        "en": "no header row for the {table} table was found; it needs at least the columns: {required}"},
    "message.unknown_table": {"vi": "không nhận ra đây là bảng nào (tin báo, vụ án, nạn nhân hay số liệu tổng hợp) từ các cột: {columns}",
        "en": "cannot tell which table this is (crime reports, cases, victims or aggregate counts) from its columns: {columns}"},
    "message.pii_column": {"vi": "cột này có vẻ chứa thông tin cá nhân ({what}); hãy xóa cột khỏi tệp: nạn nhân và đối tượng chỉ được ghi bằng mã bí danh, không có họ tên, số giấy tờ, điện thoại hay địa chỉ",
        "en": "this column looks like personal data ({what}); delete it from the file: victims and suspects are recorded by pseudonymous code only, never by name, ID number, phone or address"},
    "message.pii_value": {"vi": "ô này có vẻ chứa {what}; hãy xóa thông tin cá nhân khỏi tệp (chỉ ghi mã bí danh) rồi gửi lại — tệp chưa được nhập",
        "en": "this cell looks like {what}; remove personal data from the file (use pseudonymous codes only) and send it again — the file was not taken in"},
    "message.cell_too_long": {"vi": "ô này có {length} ký tự; mỗi ô tối đa {limit} ký tự",
        "en": "this cell holds {length} characters; a cell may have at most {limit}"},
    "message.id_too_long": {"vi": "ô này có {length} ký tự; mã tối đa {limit} ký tự",
        "en": "this cell holds {length} characters; an id may have at most {limit}"},
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
    "message.bad_period": {"vi": "kỳ báo cáo «{value}» không hợp lệ; dùng 2023-Q2, 2023-H1, 2023-9M, 2023 hoặc 2023-05",
        "en": "period «{value}» is not valid; use 2023-Q2, 2023-H1, 2023-9M, 2023 or 2023-05"},
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
    "withheld.running_text": {"vi": "dưới {threshold}",
        "en": "fewer than {threshold}"},
    "city.whole": {"vi": "Toàn thành phố",
        "en": "Whole city"},
    # --- the report's own sentences and table headers ---
    "report.methods": {"vi": "Cách tính — {parts}.", "en": "Methods — {parts}."},
    "report.method_note": {
        "vi": "**Kỳ báo cáo:** {period} ({window}); lũy kế từ đầu năm: {ytd}. {methods} {rule}. Số liệu tính đến hết ngày "
              "cuối kỳ. {plan} Tỷ lệ được làm tròn 2 chữ số thập phân và luôn ghi kèm tử số/mẫu số; đánh giá dựa trên giá "
              "trị chính xác. So sánh với năm {baseline} (năm gốc).",
        "en": "**Period:** {period} ({window}); year to date: {ytd}. {methods} {rule}. Figures as of the period's last day. "
              "{plan} Rates have two decimals and always show numerator/denominator; status follows the exact value. "
              "Baseline year {baseline}."},
    "report.plan_targets": {"vi": "Chỉ tiêu theo {plan}.", "en": "Targets of {plan}."},
    "report.no_targets_file": {
        "vi": "Chưa có tệp chỉ tiêu cho năm {year} (params/targets/{year}.yaml): các chỉ tiêu không được đánh giá.",
        "en": "No targets file for {year} (params/targets/{year}.yaml): targets are not judged."},
    "report.no_unit_missing": {"vi": "Không có đơn vị nào chưa đạt chỉ tiêu.", "en": "No unit misses a target."},
    "report.no_victims": {"vi": "Không có nạn nhân được xác định trong kỳ.", "en": "No victims identified in the period."},
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
    "column.quarter_value": {"vi": "Quý {quarter}", "en": "{quarter}"},
    "column.median_before": {"vi": "Trung vị các quý trước", "en": "Median of earlier quarters"},
    "submission.on_time": {"vi": "✔ đúng hạn", "en": "✔ on time"},
    "submission.late": {"vi": "⚠ muộn {days} ngày", "en": "⚠ {days} days late"},
    "submission.missing": {"vi": "✘ chưa nộp", "en": "✘ not received"},
    "submission.summary": {"vi": "Đúng hạn: {on_time}; muộn: {late}; chưa nộp: {missing}.",
                           "en": "On time: {on_time}; late: {late}; not received: {missing}."},
    "records.crime_reports": {"vi": "tin báo", "en": "crime reports"},
    "records.cases": {"vi": "vụ án", "en": "cases"},
    "records.victims": {"vi": "nạn nhân", "en": "victims"},
    "outlier.reports.intake": {"vi": "tin báo mới", "en": "new reports"},
    "outlier.investigation.intake": {"vi": "án khởi tố mới", "en": "new cases"},
    "explore.window": {"vi": "Kỳ ", "en": "Window "},
    # --- the summary paragraph (present/narrative.py) ---
    # "summary.<indicator id>": that indicator's own sentence, in the registry's order; {fraction} and {rate}
    # are its result, {count[measure]} and {change[measure]} the city's count of a measure and its change.
    "summary.T2_report_resolution": {
        "vi": "{period}, toàn Thành phố tiếp nhận {count[reports.intake]} tố giác, tin báo, kiến nghị khởi tố về tội phạm "
              "mua bán người{change[reports.intake]}; đã giải quyết {fraction} tin (đạt {rate}).",
        "en": "In {period}, the city received {count[reports.intake]} crime reports on trafficking"
              "{change[reports.intake]} and resolved {fraction} ({rate})."},
    "summary.T3_discovery": {
        "vi": "Khởi tố mới {count[investigation.intake]} vụ án{change[investigation.intake]} với "
              "{count[investigation.suspects]} bị can; điều tra, khám phá {fraction} vụ ({rate}); truy tố "
              "{count[procuracy.resolved_indicted]} vụ, xét xử sơ thẩm {count[court.resolved_tried]} vụ.",
        "en": "{count[investigation.intake]} new cases were initiated{change[investigation.intake]} with "
              "{count[investigation.suspects]} suspects; {fraction} were solved ({rate}); "
              "{count[procuracy.resolved_indicted]} were indicted and {count[court.resolved_tried]} tried at first instance."},
    "summary.T6_victim_support": {
        "vi": "Xác định {count[victims.identified]} nạn nhân, trong đó {fraction} đã được hỗ trợ ({rate}).",
        "en": "{count[victims.identified]} victims were identified, of whom {fraction} received support ({rate})."},
    "summary.same": {"vi": " (bằng cùng kỳ)", "en": " (the same as a year earlier)"},
    "summary.up": {"vi": " (tăng {change} so với cùng kỳ)", "en": " (up {change} on the same period)"},
    "summary.down": {"vi": " (giảm {change} so với cùng kỳ)", "en": " (down {change} on the same period)"},
    "summary.withheld_fraction": {"vi": "một số nhỏ", "en": "a small number"},
    "summary.withheld_rate": {"vi": "không công bố", "en": "withheld"},
    "summary.target_item": {"vi": "{name} ({rate}, chỉ tiêu {target})", "en": "{name} ({rate}, target {target})"},
    "summary.no_targets": {"vi": "Chưa có chỉ tiêu kế hoạch năm {year} để đánh giá.",
                           "en": "There are no plan targets for {year} to judge against."},
    "summary.met": {"vi": "Đạt chỉ tiêu Kế hoạch: {items}.", "en": "Targets met: {items}."},
    "summary.missed": {"vi": "Chưa đạt: {items}.", "en": "Targets missed: {items}."},
    "summary.lagging": {"vi": "Các đơn vị còn chưa đạt chỉ tiêu: {units}{more}.", "en": "Units still missing targets: {units}{more}."},
    "summary.lagging_more": {"vi": " và {more} đơn vị khác", "en": " and {more} more"},
    # --- targets, periods, numbers ---
    "target.above": {"vi": "trên {rate}", "en": "above {rate}"},
    "target.at_least": {"vi": "≥ {rate}", "en": "≥ {rate}"},
    "target.op_above": {"vi": "trên", "en": "above"},
    "period.month": {"vi": "{month}/{year}", "en": "{month} {year}"},
    "period.quarter": {"vi": "{quarter}/{year}", "en": "{quarter} {year}"},
    "period.half.1": {"vi": "6 tháng đầu năm {year}", "en": "First half of {year}"},
    "period.half.2": {"vi": "6 tháng cuối năm {year}", "en": "Second half of {year}"},
    "period.nine_months": {"vi": "9 tháng năm {year}", "en": "Nine months of {year}"},
    "period.year": {"vi": "Năm {year}", "en": "Year {year}"},
    "period.ytd": {"vi": "Từ đầu năm {year} đến {end}", "en": "{year} year to {end}"},
    **{f"month.{i}": {"vi": f"Tháng {i}", "en": name} for i, name in enumerate(
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
    "index.notebooks_ran": {"vi": "{ok} trong số {total} notebook chạy thành công", "en": "{ok} of {total} notebooks ran"},
    "problems.more": {"vi": "... và {more} lỗi khác", "en": "... {more} more"},
    "pii.phone": {"vi": "số điện thoại", "en": "a phone number"},
    "pii.identity": {"vi": "số CMND/CCCD (hoặc số điện thoại mất số 0 đầu)",
                     "en": "an identity card number (or a phone number that lost its leading 0)"},
    "pii.name": {"vi": "họ tên một người; mã là chuỗi ký hiệu (chữ, số và - _ / . không có dấu cách)",
                 "en": "a person's name; an id is a code (letters, digits and - _ / . without spaces)"},
    "skipped.totals": {"vi": "dòng tổng cộng, không nhập", "en": "totals row left out"},
    "skipped.example": {"vi": "dòng ví dụ, không nhập", "en": "example row left out"},
    "ingest.ingested": {"vi": "đã lưu thành lần nộp số {id}", "en": "stored as submission {id}"},
    "ingest.validated": {"vi": "hợp lệ, chưa lưu", "en": "valid, nothing stored"},
    "ingest.unchanged": {"vi": "giống hệt lần nộp số {id}; không lưu lại", "en": "identical to submission {id}; nothing stored"},
    "ingest.supersedes": {"vi": "; thay thế lần nộp số {id}", "en": "; supersedes submission {id}"},
    "ingest.no_rows": {"vi": "không có dòng", "en": "no rows"},
    "cli.not_stored": {"vi": "{path}: có {count} lỗi; chưa lưu gì.", "en": "{path}: {count} problems; nothing was stored."},
    "cli.stopped_stored": {"vi": "đã dừng: {path} đã được lưu thành lần nộp số {id} (và đã lưu trữ) trước khi dừng",
                           "en": "stopped: {path} had been stored as submission {id} (and archived) before the stop"},
    "cli.stopped_nothing": {"vi": "đã dừng: {path}: chưa lưu gì", "en": "stopped: {path}: nothing was stored"},
    "cli.stopped": {"vi": "đã dừng", "en": "stopped"},
    "cli.unexpected": {"vi": "lỗi ngoài dự kiến ({error}). Mỗi lần nộp hoặc được lưu trọn vẹn (kèm bản lưu trữ), hoặc không lưu gì; "
                             "`tipmonitor check` cho biết kho đang ở trạng thái nào. Chạy lại với TIPMONITOR_DEBUG=1 để xem chi tiết và báo lại.",
                       "en": "unexpected error ({error}). Each submission is stored whole (with its archive copy) or not at all; "
                             "`tipmonitor check` tells the store's state. Run again with TIPMONITOR_DEBUG=1 to see the details and report them."},
    "store.archive_failed": {"vi": "không ghi được bản lưu trữ ({error}); chưa lưu gì. Giải phóng dung lượng đĩa rồi nhập lại tệp",
                             "en": "its archive copy could not be written ({error}); nothing was stored. Free disk space, then ingest it again"},
    "store.stored_despite": {"vi": "đã lưu và lưu trữ, dù bước ghi kết thúc với lỗi ({error})",
                             "en": "stored and archived, though the commit ended with an error ({error})"},
    "check.no_store": {"vi": "{path}: không có tệp kho dữ liệu", "en": "{path}: no store file"},
    "check.no_store_rebuild": {"vi": "{path}: không có tệp kho dữ liệu; kho lưu trữ có {count} lần nộp: chạy `tipmonitor rebuild`",
                               "en": "{path}: no store file; the archive holds {count} submissions: run `tipmonitor rebuild`"},
    "check.rebuild_gaps": {"vi": " (các lần nộp số {numbers} không có trong kho lưu trữ nên không khôi phục được)",
                           "en": " (submissions {numbers} are not in the archive and cannot be recovered)"},
    "check.pending": {"vi": "{count} bản lưu trữ ({numbers}) còn dở do một lần nhập bị ngắt; lần nhập sau hoặc `tipmonitor archive` sẽ xử lý",
                      "en": "{count} archive entries ({numbers}) were left pending by an interrupted ingest; the next ingest or `tipmonitor archive` settles them"},
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

# d3-format's currency pair (charts never show money, but the locale carries one).
_CURRENCY = {"vi": ["", " ₫"], "en": ["$", ""]}


def default_lang() -> str:
    """The language of this process: TIPMONITOR_LANG, or Vietnamese."""
    return os.environ.get("TIPMONITOR_LANG", DEFAULT)


def has(key: str) -> bool:
    return key in WORDS


def say(key: str, lang: str | None = None, **values) -> str:
    """The entry ``key`` in ``lang`` (default: the process's language) with ``values`` filled in."""
    entry = WORDS[key]
    return (entry.get(lang or default_lang()) or entry[DEFAULT]).format(**values)


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
