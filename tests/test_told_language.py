"""What users are told, in the language they asked for (session 11, the defects session 10 noticed and left):
refusals inside a notebook's report, the notebook command's language, validate's column names."""

from __future__ import annotations

import pickle

import pytest

from tipmonitor.cli import main
from tipmonitor.core import paths


@pytest.fixture
def vietnamese_process(monkeypatch):
    """A process whose own language is the default, Vietnamese: what a notebook asked for in English must win."""
    monkeypatch.delenv("TIPMONITOR_LANG", raising=False)


@pytest.fixture
def no_data_read(monkeypatch):
    """from_parameters reads no store: an empty dataset stands for it (what is tested is the refusal's words)."""
    from tipmonitor.model.dataset import Dataset
    from tipmonitor.store import sources

    monkeypatch.setattr(sources, "load_source", lambda *args, **options: Dataset.empty())


def test_a_notebooks_threshold_refusal_reads_in_its_language(vietnamese_process, no_data_read):
    # papermill -p lang en -p public_threshold 3: the city's threshold is 10 (params/city.yaml), 3 is refused; the
    # message was Vietnamese whatever the notebook's lang.
    from tipmonitor.metrics.disclosure import ThresholdTooLow
    from tipmonitor.present.report import PeriodReport

    with pytest.raises(ThresholdTooLow) as caught:
        PeriodReport.from_parameters(period="2024-Q4", lang="en", audience="public", public_threshold=3)
    assert "public_threshold 3 is lower than the city's (10, params/city.yaml)" in str(caught.value)
    with pytest.raises(ThresholdTooLow) as caught:
        PeriodReport.from_parameters(period="2024-Q4", lang="vi", audience="public", public_threshold=3)
    assert "public_threshold 3 thấp hơn" in str(caught.value)


def test_a_notebooks_other_rule_refusal_reads_in_its_language(vietnamese_process, no_data_read):
    from tipmonitor.metrics.disclosure import OtherRule
    from tipmonitor.present.report import PeriodReport

    with pytest.raises(OtherRule) as caught:  # the city's rule is official (params/city.yaml)
        PeriodReport.from_parameters(period="2024-Q4", lang="en", rule="calendar", audience="public")
    assert "Q4 2024" in str(caught.value) and "Quý" not in str(caught.value)


def test_a_notebooks_missing_store_reads_in_its_language(vietnamese_process, tmp_path):
    # `tipmonitor --lang en notebook …` with TIPMONITOR_STORE naming no store: "chưa có cơ sở dữ liệu" in English.
    from tipmonitor.present.report import PeriodReport
    from tipmonitor.store.database import StoreError

    missing = tmp_path / "none.duckdb"
    with pytest.raises(StoreError) as caught:
        PeriodReport.from_parameters(period="2024-Q4", data=str(missing), lang="en")
    assert str(caught.value).startswith(f"{missing}: no store here yet")
    with pytest.raises(StoreError) as caught:
        PeriodReport.from_parameters(period="2024-Q4", data=str(missing))
    assert str(caught.value).startswith(f"{missing}: chưa có cơ sở dữ liệu")


def test_a_told_error_keeps_its_readers_language_when_sent_back_pickled():
    from tipmonitor.core.messages import told_in
    from tipmonitor.store.database import StoreError

    with pytest.raises(StoreError) as caught:
        with told_in("en"):
            raise StoreError("store.none_yet", path="s.duckdb")
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value) and str(again).startswith("s.duckdb: no store here yet")
    assert again.render("vi").startswith("s.duckdb: chưa có cơ sở dữ liệu")


def test_the_notebook_command_hands_the_notebook_the_language_asked_for(vietnamese_process, monkeypatch, tmp_path):
    # `tipmonitor --lang en notebook … -f params/notebooks/quarter.yaml` (whose lang is vi): the notebook ran in
    # Vietnamese and its StoreError was Vietnamese. The command's language wins over the file's, as for `run`.
    from tipmonitor.run import runner

    given = []

    def fake_execute(job, out, config):
        given.append(job.parameters["lang"])
        return False, "stopped by the test"

    monkeypatch.setattr(runner, "execute_cold", fake_execute)
    notebook = str(paths.project_root() / "notebooks" / "period_report.ipynb")
    quarter = str(paths.project_root() / "params" / "notebooks" / "quarter.yaml")
    monkeypatch.setenv("TIPMONITOR_STORE", str(tmp_path / "s.duckdb"))
    assert main(["--lang", "en", "notebook", notebook, str(tmp_path / "out.ipynb"), "-f", quarter]) == 1
    assert main(["notebook", notebook, str(tmp_path / "out.ipynb"), "-f", quarter]) == 1  # the file's: vi
    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    assert main(["notebook", notebook, str(tmp_path / "out.ipynb"), "-f", quarter]) == 1
    assert given == ["en", "vi", "en"]


def test_validate_names_the_data_models_columns_in_the_language_asked_for(vietnamese_process, tmp_path, capsys):
    # A file without the Kind and Received-on columns, and one with a kind no list knows: the location named the
    # missing columns "Loại", "Ngày tiếp nhận" and the allowed kinds in Vietnamese under --lang en.
    lacking = tmp_path / "006_2023-Q2.csv"
    lacking.write_text("report_id,unit\nTB-1,006\n", encoding="utf-8")
    store = str(tmp_path / "s.duckdb")
    assert main(["--lang", "en", "validate", str(lacking), "--store", store, "--today", "2026-01-01"]) == 1
    told = capsys.readouterr()
    text = told.out + told.err
    assert f"{lacking.name}:1:Kind: the required column «Kind» is missing" in text
    assert f"{lacking.name}:1:Received on: the required column «Received on» is missing" in text
    assert "Loại" not in text and "Ngày tiếp nhận" not in text
    assert main(["validate", str(lacking), "--store", store, "--today", "2026-01-01"]) == 1
    told = capsys.readouterr()
    assert f"{lacking.name}:1:Loại: thiếu cột bắt buộc «Loại»" in told.out + told.err
    odd = tmp_path / "007_2023-Q2.csv"
    odd.write_text("report_id,unit,kind,received_on\nTB-1,007,gossip,2023-04-01\n", encoding="utf-8")
    assert main(["--lang", "en", "validate", str(odd), "--store", store, "--today", "2026-01-01"]) == 1
    told = capsys.readouterr()
    assert "«gossip» is not an allowed value; use one of: denunciation; crime report; prosecution recommendation" \
        in told.out + told.err


def test_the_other_rule_refusal_of_evaluate_names_its_option_before_reading_data(vietnamese_process, tmp_path, capsys):
    # The city's rule is official (params/city.yaml). `evaluate --rule calendar --audience public` is told to use
    # --rule official (its own option), before any data is read: the store named here does not exist.
    code = main(["evaluate", "2025-Q2", "--data", str(tmp_path / "none.duckdb"), "--audience", "public", "--rule",
                 "calendar", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "Run it with --rule official, or run an internal edition (--audience internal)" in err
    assert "no store" not in err


@pytest.mark.parametrize("fix, en, vi", [
    ("run_file", "Write `rule: official` in the run file (--config)", "Ghi `rule: official` trong tệp cấu hình lần chạy"),
    ("parameters_file", "Write `rule: official` in the parameters file (-f)", "Ghi `rule: official` trong tệp tham số (-f)"),
    ("notebook", "Set rule = \"official\" in the notebook's parameters", "Đặt rule = \"official\" trong tham số của notebook"),
])
def test_the_other_rule_refusal_says_what_each_paths_user_changes(fix, en, vi):
    from tipmonitor.metrics.disclosure import OtherRule

    refused = OtherRule.of("2025-Q2", "calendar", "official", fix)
    assert en in refused.render("en") and "--rule" not in refused.render("en")
    assert vi in refused.render("vi") and "--rule" not in refused.render("vi")


@pytest.mark.parametrize("label, en, vi", [
    ("2026-Q5", "there is no quarter 5 (a quarter is numbered 1 to 4)", "không có quý số 5 (quý chỉ đánh số từ 1 đến 4)"),
    ("2026-Q0", "there is no quarter 0 (a quarter is numbered 1 to 4)", "không có quý số 0"),
    ("2026-13", "there is no month 13 (a month is numbered 1 to 12)", "không có tháng số 13 (tháng chỉ đánh số từ 1 đến 12)"),
    ("2026-H3", "there is no half-year 3 (a half-year is numbered 1 to 2)", "không có nửa năm số 3"),
    ("2026-YTD13", "there is no year-to-date period 13 (a year-to-date period is numbered 1 to 12)", "không có kỳ lũy kế số 13"),
    ("2026-6M", "only the nine-month period is written in months (2023-9M); six months are 2023-H1 or 2023-H2",
     "chỉ kỳ 9 tháng được viết theo số tháng (2023-9M)"),
    # session 11: 12M was told "six months are …"; the year to date's form was missing from the examples
    ("2026-12M", "twelve months are the year: it is written 2026", "12 tháng là cả năm: viết 2026"),
    ("2026-0M", "only the nine-month period is written in months (2023-9M); six months are 2023-H1 or 2023-H2, a "
                "whole year is written 2023, the year to date to June 2023-YTD06", "chỉ kỳ 9 tháng"),
    ("2026-YTD14", "there is no year-to-date period 14 (a year-to-date period is numbered 1 to 12); for example: "
                   "month 2023-05, quarter 2023-Q2, half 2023-H1, nine months 2023-9M, year 2023, year to date to June "
                   "2023-YTD06", "không có kỳ lũy kế số 14"),
])
def test_a_period_of_a_known_form_is_told_what_is_wrong_with_it(label, en, vi):
    # "2026-Q5" was told "period '2026-Q5' is not understood; use 2023-05 (month), 2023-Q2 (quarter), …" as if
    # its form were unknown; the form is a quarter's, and what is wrong is the number.
    from tipmonitor.model import periods

    with pytest.raises(periods.PeriodError) as caught:
        periods.parse(label)
    assert caught.value.render("en").startswith(f"period '{label}': {en}")
    assert caught.value.render("vi").startswith(f"kỳ báo cáo '{label}': {vi}")
    with pytest.raises(periods.PeriodError) as caught:  # a form not known at all keeps the list of forms
        periods.parse(label.replace("-", "/"))
    assert "is not understood; use 2023-05 (month), 2023-Q2 (quarter)" in caught.value.render("en")


def test_a_file_named_for_a_quarter_that_does_not_exist_is_told_so(vietnamese_process, tmp_path, capsys):
    # 006_2026-Q5.csv was told "the period is not known; fill «Kỳ báo cáo» …" (the name's period not recognised).
    named = tmp_path / "006_2026-Q5.csv"
    named.write_text("report_id,unit,kind,received_on\n", encoding="utf-8")
    assert main(["--lang", "en", "validate", str(named), "--store", str(tmp_path / "s.duckdb")]) == 1
    told = capsys.readouterr()
    assert "006_2026-Q5.csv:-:-: the period cannot be used: period '2026-Q5': there is no quarter 5 (a quarter is " \
        "numbered 1 to 4)" in told.out + told.err


@pytest.mark.parametrize("label, plain", [("2023-Q01", "2023-Q1"), ("2023-H02", "2023-H2"), ("2023-09M", "2023-9M"),
                                          ("2023-q04", "2023-Q4")])
def test_a_quarter_half_or_nine_months_written_with_a_leading_zero_is_told_how_to_write_it(label, plain):
    # Session 11's review: parse took 1-2 digits, so 2023-Q01 was accepted while the file-name pattern cut
    # 2026-Q01 to 2026-Q0. One rule: refused, with the way to write it.
    from tipmonitor.model import periods

    with pytest.raises(periods.PeriodError) as caught:
        periods.parse(label)
    assert caught.value.render("en") == f"period '{label}': a quarter, half-year or nine-month number is written " \
        f"without a leading zero; write {plain}"
    assert caught.value.render("vi").endswith(f"hãy viết {plain}")
    assert periods.parse(plain).label == plain and periods.parse("2023-09").label == "2023-09"  # a month keeps its 0


@pytest.mark.parametrize("name, told", [
    ("006_2026-Q01.csv", "period '2026-Q01': a quarter, half-year or nine-month number is written without a leading "
                         "zero; write 2026-Q1"),
    ("006_2026-09M.csv", "period '2026-09M': a quarter, half-year or nine-month number is written without a leading "
                         "zero; write 2026-9M"),
    ("006_2026-Q12.csv", "period '2026-Q12': there is no quarter 12"),
])
def test_a_file_name_period_is_read_whole_and_told_as_parse_tells_it(vietnamese_process, tmp_path, capsys, name, told):
    # 006_2026-Q01.csv was cut to 2026-Q0 and told "there is no quarter 0"; 2026-09M was read as the month 2026-09.
    named = tmp_path / name
    named.write_text("report_id,unit,kind,received_on\n", encoding="utf-8")
    assert main(["--lang", "en", "validate", str(named), "--store", str(tmp_path / "s.duckdb")]) == 1
    out = capsys.readouterr()
    assert f"{name}:-:-: the period cannot be used: {told}" in out.out + out.err


def test_a_parameters_file_with_a_quarter_that_does_not_exist_is_told_so(vietnamese_process, tmp_path):
    from tipmonitor.core.settings import SettingsError
    from tipmonitor.present.parameters import load_notebook_parameters

    path = tmp_path / "q5.yaml"
    path.write_text("period: 2026-Q5\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_notebook_parameters(path)
    assert "there is no quarter 5 (a quarter is numbered 1 to 4)" in caught.value.render("en")


def test_a_list_of_periods_inside_a_message_is_written_as_running_text():
    # "(it covers: Q1 2026, Q2 2026, First half of 2026)": the heading form, capitalised mid-sentence in English.
    from tipmonitor.model.periods import Named
    from tipmonitor.run.gate import Refused

    listed = Named(("2026-Q1", "2026-H1", "2026-9M", "2025", "Q7"))
    assert listed.render("en") == "Q1 2026, the first half of 2026, the first nine months of 2026, 2025, Q7"
    assert listed.render("vi") == "Quý I/2026, 6 tháng đầu năm 2026, 9 tháng năm 2026, năm 2025, Q7"
    refused = Refused("run.public_not_audited", period=Named(("2026-H2",)), year=2026,
                      editions=Named(("2026-Q1", "2026-Q2", "2026-H1")))
    assert "do not reach the end of the second half of 2026" in refused.render("en")
    assert "(it covers: Q1 2026, Q2 2026, the first half of 2026)" in refused.render("en")


def test_the_audits_problem_line_names_a_half_year_edition_as_running_text():
    from tipmonitor.present.audit_view import problem_line

    differs = ("audit.published_differs", dict(edition="2025-H1", window="2025-H1", unit="CITY", what="T2_x",
                                               value=12.0, counted=13))
    line = problem_line(differs, "en", str, {"T2_x": "Reports resolved"}.__getitem__)
    assert line == ("the edition of the first half of 2025: Reports resolved (Whole city), the first half of 2025, "
                    "is published as 12 but counted 13")


def test_a_provisional_half_year_is_named_as_running_text():
    from datetime import date

    from tipmonitor.model import periods
    from tipmonitor.present.report import provisional_note

    note = provisional_note(periods.parse("2026-H2"), "official", "en", today=date(2026, 11, 28))
    # the official 2026-H2 runs 15/06/2026-14/12/2026 (15th-14th rule)
    assert note.startswith("**Provisional figures.** This period, the second half of 2026, has not ended (it runs to "
                           "14/12/2026); the figures run to 28/11/2026")
    vi = provisional_note(periods.parse("2026-H2"), "official", "vi", today=date(2026, 11, 28))
    assert vi.startswith("**Số liệu tạm tính.** Kỳ này, 6 tháng cuối năm 2026, chưa kết thúc (đến hết ngày 14/12/2026)")


@pytest.mark.parametrize("status, value, threshold, shown", [
    ("missed", 3.0, None, "3"),
    ("at_risk", 1.0, None, "1"),
    ("missed", None, 10, "*"),       # a public edition withholds it with its rate
    ("met", 0.0, None, "0"),         # was blank: a met target needs nothing more
    ("met", None, 10, "0"),          # published as met: 0 is what the status says
    ("no_target", None, None, "–"),  # nothing judged: no figure, the legend's "–" (was blank)
    ("no_data", None, None, "–"),
    ("withheld", None, 10, "*"),
])
def test_the_still_needed_cell_says_0_for_a_met_target_and_no_figure_where_nothing_is_judged(status, value, threshold,
                                                                                             shown):
    from tipmonitor.present.scorecard import needed_cell

    assert needed_cell(status, value, "en", threshold) == shown


def test_an_empty_folder_is_told_it_has_no_files_not_that_a_file_has_no_rows(tmp_path, capsys):
    # validating an empty folder said "the file has no data rows" (hostile user, session 11)
    folder = tmp_path / "empty"
    folder.mkdir()
    assert main(["--lang", "en", "validate", str(folder), "--store", str(tmp_path / "s.duckdb")]) == 1
    told = capsys.readouterr()
    assert f"{folder}:-:-: the folder has no data files (.csv, .xlsx, .xlsm, .parquet)" in told.out + told.err
    assert "no data rows" not in told.out + told.err
