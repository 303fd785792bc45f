"""The plan's task groups (issue #15): the activity registry, units' activities and texts through intake and store,
totals per window, silent units, the public edition's rules."""

from datetime import date

import duckdb
import openpyxl
import pandas as pd
import pytest

from conftest import TODAY, frame
from tipmonitor.core.problems import InputError
from tipmonitor.core.settings import SettingsError
from tipmonitor.intake.loading import load_file, load_tables_from_text
from tipmonitor.intake.template import SHEETS, write_template
from tipmonitor.metrics.taskgroups import PublicText, compiled_texts, task_groups, unit_values
from tipmonitor.model import periods
from tipmonitor.model.activities import load_activities, unit_bodies
from tipmonitor.model.units import CITY, load_registry
from tipmonitor.store import migrations
from tipmonitor.store.database import Store

ACTIVITIES = [
    {"unit": "001", "period": "2024-Q1", "activity": "communication.sessions", "value": 3},
    {"unit": "001", "period": "2024-Q2", "activity": "communication.sessions", "value": 4},
    {"unit": "002", "period": "2024-H1", "activity": "communication.sessions", "value": 10},
    {"unit": "002", "period": "2024-Q1", "activity": "communication.sessions", "value": 2},
    {"unit": "001", "period": "2024-Q1", "activity": "direction.plan_issued", "value": 1},
    {"unit": "001", "period": "2024-Q2", "activity": "direction.plan_issued", "value": 0},
    {"unit": "001", "period": "2023-Q3", "activity": "communication.sessions", "value": 5},
    {"unit": "001", "period": "2023-Q4", "activity": "communication.sessions", "value": 6},
    {"unit": "001", "period": "2022-Q2", "activity": "communication.sessions", "value": 7},
    {"unit": "01-PC02", "period": "2024-Q1", "activity": "international.victims_returned", "value": 3},
    {"unit": "01-PC02", "period": "2024-Q2", "activity": "international.victims_returned", "value": 12},
]
TEXTS = [
    {"unit": "001", "period": "2024-Q2", "task_group": "2", "section": "kết quả", "text": "Tổ chức tuyên truyền tại trường học."},
    {"unit": "002", "period": "2024-H1", "task_group": "", "section": "khó khăn", "text": "Thiếu kinh phí cho tuyên truyền."},
    {"unit": "001", "period": "2023-Q4", "task_group": "", "section": "đề xuất", "text": "Đề nghị tập huấn thêm."},
]
H1 = periods.parse("2024-H1")


@pytest.fixture(scope="module")
def data():
    return load_tables_from_text({"activities": frame("activities", ACTIVITIES), "unit_texts": frame("unit_texts", TEXTS)},
                                 today=TODAY)


def value(result, kind, unit, activity):
    rows = result.values
    found = rows[(rows["kind"] == kind) & (rows["unit"] == unit) & (rows["activity"] == activity)]["value"]
    return None if found.empty else found.iloc[0]


# --- the registry ------------------------------------------------------------------------------

def test_the_registry_covers_the_five_task_groups_and_the_measures_the_issue_names():
    registry = load_activities()
    assert sorted(registry.groups) == [1, 2, 3, 4, 5]
    assert {m.group for m in registry.measures.values()} == {1, 2, 3, 4, 5}
    for wanted in ("direction.plan_issued", "direction.meetings", "communication.sessions", "communication.people",
                   "communication.materials", "communication.media_items", "communication.day_30_7",
                   "prevention.at_risk_reached", "international.cases_coordinated", "international.victims_returned",
                   "international.meetings"):
        assert wanted in registry.measures


def test_a_measure_in_a_sixth_task_group_is_refused_naming_the_key(tmp_path):
    text = (tmp_path / "a.yaml")
    text.write_text("task_groups: {1: {vi: a, en: a}, 2: {vi: b, en: b}, 3: {vi: c, en: c}, 4: {vi: d, en: d}, "
                    "5: {vi: e, en: e}}\nmeasures:\n  x.y:\n    group: 6\n    label: {vi: x, en: x}\n"
                    "    unit: {vi: x, en: x}\n    reporters: [police]\n", encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_activities.__wrapped__(text)
    assert "measures.x.y.group" in str(error.value)


def test_a_units_kind_comes_from_the_body_column_and_else_from_its_level_and_code():
    table = load_registry(on=date(2024, 6, 1)).table
    guessed = unit_bodies(table)
    assert (guessed["001"], guessed["01-PC02"], guessed["01-VKS"], guessed["01-TAND"], guessed["01-SLDTBXH"]) == \
        ("district", "police", "procuracy", "court", "department")
    with_body = table.assign(body=["court"] * len(table))  # the column wt-reform-data adds wins over the guess
    assert set(unit_bodies(with_body)) == {"court"}


# --- totals per window -------------------------------------------------------------------------

def test_a_window_takes_a_units_own_report_for_it_else_its_quarters_combined(data):
    values = unit_values(data.activities, H1).set_index(["unit", "activity"])["value"]
    # 001 sent Q1 and Q2: 3 + 4 = 7; 002 sent the half year itself (10), so its Q1 figure (2) is not added again.
    assert values[("001", "communication.sessions")] == 7
    assert values[("002", "communication.sessions")] == 10
    # plan issued combines by max: 1 in Q1, 0 in Q2 -> issued in the half year (1), not 1 + 0 counted as a sum.
    assert values[("001", "direction.plan_issued")] == 1
    assert values[("01-PC02", "international.victims_returned")] == 15  # 3 + 12


def test_the_city_total_against_the_previous_period_and_the_same_period_of_2022(data):
    result = task_groups(data, H1, load_registry(), baseline_year=2022)
    assert value(result, "period", CITY, "communication.sessions") == 17  # 7 (001) + 10 (002)
    assert value(result, "previous", CITY, "communication.sessions") == 11  # 2023-H2: Q3 5 + Q4 6
    assert value(result, "baseline", CITY, "communication.sessions") == 7  # 2022-H1: Q2 7
    city = result.city().set_index("activity")
    assert list(city.loc["communication.sessions", ["period", "previous", "baseline"]]) == [17, 11, 7]
    assert pd.isna(city.loc["communication.materials", "period"])  # nobody reported it: no number, not 0


@pytest.mark.parametrize("threshold", [None, 10])
def test_units_expected_to_report_a_group_that_reported_none_of_it_are_named(data, threshold):
    # The same names in a public edition, whose figures are the city's only: who reported is known before.
    silent = task_groups(data, H1, load_registry(), threshold=threshold).silent()
    group = lambda g: set(silent.loc[silent["group"] == g, "unit"])  # noqa: E731
    # Communication (2): districts, communes, police and departments report it; 001 and 002 did, the police did not.
    assert {"01-PC02", "01-SLDTBXH", "003"} <= group(2) and not {"001", "002"} & group(2)
    # Direction (1): 001 reported its plan; 002 reported nothing of group 1.
    assert "002" in group(1) and "001" not in group(1)
    # International cooperation (5): police and departments only; the police reported.
    assert group(5) == {"01-SLDTBXH"}


def test_texts_are_compiled_by_task_group_for_the_window_and_refused_to_a_public_edition(data):
    texts = compiled_texts(data, H1)
    # 2023-Q4's proposal is outside 2024-H1; the general (group 0) text comes before group 2's.
    assert list(zip(texts["unit"], texts["task_group"], texts["section"])) == [("002", 0, "difficulties"),
                                                                             ("001", 2, "results")]
    with pytest.raises(PublicText):
        compiled_texts(data, H1, audience="public")


def test_a_public_edition_shows_activities_for_the_city_only_and_withholds_a_window_with_a_small_quarter(data):
    public = task_groups(data, H1, load_registry(), threshold=10)
    rows = public.values
    # No unit row at all: a unit's count could be a single victim, or differenced out of the city's.
    assert rows[rows["unit"] != CITY].empty
    # The half year's 15 is not below 10, but its Q1 (3) is: H1 - Q2 would give it away, so H1 is withheld.
    assert pd.isna(value(public, "period", CITY, "international.victims_returned"))
    # Sessions, the same rule: H1 is 17 (001: 3 + 4; 002: 10), but the city's Q1 is 3 (001) + 2 (002) = 5 < 10.
    assert pd.isna(value(public, "period", CITY, "communication.sessions"))


def test_a_public_edition_shows_a_city_count_of_victims_when_every_quarter_reaches_the_threshold():
    rows = [{"unit": "01-PC02", "period": q, "activity": "international.victims_returned", "value": 11} for q in ("2024-Q1", "2024-Q2")]
    data = load_tables_from_text({"activities": frame("activities", rows)}, today=TODAY)
    assert value(task_groups(data, H1, load_registry(), threshold=10), "period", CITY, "international.victims_returned") == 22


# --- intake ------------------------------------------------------------------------------------

def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(InputError) as error:
        load_file(path, today=TODAY)
    return [(p.file, p.row, p.column, p.message("en")) for p in error.value.problems]


def test_an_activity_not_in_the_registry_is_named_with_its_file_row_and_column(tmp_path):
    path = write(tmp_path, "001_2024-Q1.csv", "Đơn vị,Kỳ báo cáo,Hoạt động,Số lượng\nBa Đình,2024-Q1,communication.sessions,3\n"
                                               "Ba Đình,2024-Q1,tuyen truyen,4\n")
    found = problems(path)
    assert len(found) == 1 and found[0][:3] == ("001_2024-Q1.csv", 3, "Hoạt động")
    assert "«tuyen truyen» is not an activity" in found[0][3]


def test_a_phone_number_in_a_units_text_refuses_the_file_without_repeating_it(tmp_path):
    path = write(tmp_path, "001_2024-Q1.csv", "Đơn vị,Kỳ báo cáo,Nhóm nhiệm vụ,Phần,Nội dung báo cáo\n"
                                               "Ba Đình,2024-Q1,2,kết quả,Đã tuyên truyền tại 5 trường.\n"
                                               "Ba Đình,2024-Q1,,khó khăn,Liên hệ 0912 345 678 để biết thêm.\n")
    found = problems(path)
    assert [f[:3] for f in found] == [("001_2024-Q1.csv", 3, "Nội dung báo cáo")]
    assert "phone number" in found[0][3] and "0912" not in found[0][3]


def test_a_text_may_run_to_a_few_paragraphs_but_not_past_the_limit(tmp_path):
    head = "Đơn vị,Kỳ báo cáo,Nhóm nhiệm vụ,Phần,Nội dung báo cáo\n"
    long = "Tuyên truyền. " * 200  # 2,800 characters: longer than an ordinary cell (1,000), a paragraph or two
    loaded = load_file(write(tmp_path, "a.csv", f"{head}Ba Đình,2024-Q1,2,kết quả,{long}\n"), today=TODAY)
    assert len(loaded["unit_texts"]["text"].iloc[0]) == len(long.strip())
    found = problems(write(tmp_path, "b.csv", f"{head}Ba Đình,2024-Q1,2,kết quả,{long * 2}\n"))
    assert len(found) == 1 and "5,000" in found[0][3]


def test_the_same_activity_twice_for_a_unit_and_period_names_the_first_row():
    rows = [{"unit": "001", "period": "2024-Q1", "activity": "communication.sessions", "value": 3}] * 2
    with pytest.raises(InputError) as error:
        load_tables_from_text({"activities": frame("activities", rows)}, today=TODAY)
    [problem] = error.value.problems
    assert problem.row == 3 and "already on row 2" in problem.message("en")


# --- the template and the store ----------------------------------------------------------------

@pytest.mark.slow
def test_the_templates_task_group_sheets_round_trip_into_the_store(tmp_path):
    path = write_template(tmp_path / "mau.xlsx", unit="001", period="2024-Q1")
    book = openpyxl.load_workbook(path)
    assert "communication.sessions" in "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"])
    book[SHEETS["activities"]].append(["Ba Đình", "2024-Q1", "communication.sessions", 12])
    book[SHEETS["activities"]].append(["Ba Đình", "2024-Q1", "communication.people", 850])
    book[SHEETS["unit_texts"]].append(["Ba Đình", "2024-Q1", 2, "kết quả đạt được", "Tuyên truyền tại 4 khu dân cư."])
    book.save(path)
    store = Store(tmp_path / "store.duckdb")
    result = store.ingest(path, today=TODAY)
    assert (result.unit, result.period, result.rows["activities"], result.rows["unit_texts"]) == ("001", "2024-Q1", 2, 1)
    data = store.current()
    assert dict(zip(data.activities["activity"], data.activities["value"])) == {"communication.sessions": 12,
                                                                                "communication.people": 850}
    assert list(data.unit_texts["section"]) == ["results"] and data.unit_texts["task_group"].iloc[0] == 2


def test_a_corrected_submission_replaces_the_units_texts_for_that_period(tmp_path):
    store = Store(tmp_path / "store.duckdb")
    head = "Đơn vị,Kỳ báo cáo,Nhóm nhiệm vụ,Phần,Nội dung báo cáo\n"
    store.ingest(write(tmp_path, "001_2024-Q1.csv", head + "Ba Đình,2024-Q1,2,kết quả,Bản đầu.\nBa Đình,2024-Q1,,đề xuất,Bản đầu.\n"),
                 today=TODAY)
    (tmp_path / "v2").mkdir()
    store.ingest(write(tmp_path / "v2", "001_2024-Q1.csv", head + "Ba Đình,2024-Q1,2,kết quả,Bản sửa.\n"), today=TODAY)
    assert list(store.current().unit_texts["text"]) == ["Bản sửa."]
    # The history per table counts each submission's own texts: 2 in the first, 1 in the correction.
    parts = store.parts()
    texts = parts[parts["table"] == "unit_texts"]
    assert list(zip(texts["submission_id"], texts["rows"], texts["current"])) == [(1, 2, False), (2, 1, True)]


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_store_of_schema_version_1_gains_the_task_group_tables_after_a_backup(tmp_path):
    store = Store(tmp_path / "store.duckdb")
    store.ingest(write(tmp_path, "002_2023-Q1.csv", "report_id,unit,kind,received_date\nTB1,002,report,2023-01-01\n"),
                 today=TODAY)
    con = duckdb.connect(str(store.path))
    for name in ("activities", "unit_texts"):
        con.execute(f"DROP VIEW current_{name}")
        con.execute(f"DROP TABLE {name}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    data = store.current()  # reading migrates too
    assert list(data.crime_reports["report_id"]) == ["TB1"] and data.activities.empty
    con = duckdb.connect(str(store.path), read_only=True)
    assert migrations.stored_version(con) == migrations.SCHEMA_VERSION
    con.close()
    [backup] = list(tmp_path.glob("store.duckdb.before-migration-*"))
    con = duckdb.connect(str(backup), read_only=True)
    assert migrations.stored_version(con) == 1
    con.close()
    store.ingest(write(tmp_path, "002_2023-Q2.csv", "Đơn vị,Kỳ báo cáo,Hoạt động,Số lượng\nHoàn Kiếm,2023-Q2,communication.sessions,2\n"),
                 today=TODAY)
    assert list(store.current().activities["value"]) == [2]


def test_the_sample_has_activities_and_texts_naming_no_person():
    from tipmonitor.core import paths
    from tipmonitor.intake.privacy import classify

    sample = paths.sample_dir()
    activities = pd.read_csv(sample / "activities.csv", dtype=str)
    texts = pd.read_csv(sample / "unit_texts.csv", dtype=str, keep_default_na=False)
    assert set(activities["activity"]) <= set(load_activities().measures)
    assert activities["period"].min() == "2022-Q1" and len(texts) > 100
    assert not any(classify(t) for t in texts["text"])
    # Stock sentences, none with a person's title before a name (ông, bà, anh, chị, đồng chí).
    assert not texts["text"].str.contains(r"\b(?:ông|bà|anh|chị|đồng chí) [A-ZĐ]", regex=True).any()


@pytest.mark.parametrize("text", ["xem http://evil.example/a.png ngay", '<img src="http://x/y">', "[bấm](http://z)",
                                  "**đậm** _nghiêng_ `mã`"])
def test_a_units_text_is_shown_as_written_never_as_markup_or_a_link(text):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from tipmonitor.present.taskgroups import _escape

    html = markdown2html_mistune(_escape(text))
    assert "<a " not in html and "<img" not in html and "<strong>" not in html and "<em>" not in html
    assert "<code>" not in html


def test_an_activity_count_takes_the_english_noun_its_printed_number_asks_for():
    # params/activities.yaml: direction.plan_issued counts plans ("0 plan" was printed), direction.documents
    # documents. The noun follows the number as printed: "1" singular; "0", "12", a withheld "*" or a missing "–"
    # plural, so a withheld count's noun never tells it was 1. Vietnamese nouns do not change.
    from tipmonitor.model.activities import load_activities

    plan, documents = (load_activities().measures[key] for key in ("direction.plan_issued", "direction.documents"))
    assert [plan.unit_word(shown, "en") for shown in ("0", "1", "12", "*", "–")] == \
        ["plans", "plan", "plans", "plans", "plans"]
    assert (documents.unit_word("1", "en"), documents.unit_word("2", "en")) == ("document", "documents")
    assert plan.unit_word("1", "vi") == plan.unit_word("3", "vi") == "kế hoạch"
    # the one rule of words.counted (words.is_one): a count given as a number, whole float included, or text
    # spaced; str(1.0) == "1" was false, so "1.0" printed as "1" took the plural
    assert [plan.unit_word(shown, "en") for shown in (1, 1.0, " 1", 2.0)] == ["plan", "plan", "plan", "plans"]


def test_a_units_text_names_its_period_as_the_pages_do():
    # The pages listed "Hoàn Kiếm (2026-Q3): ..." (the period's code) under the task groups.
    from tipmonitor.present.taskgroups import texts_markdown

    texts = pd.DataFrame([{"unit": "002", "period": "2026-Q3", "task_group": 2, "section": "results",
                           "text": "Tuyên truyền tại chợ."}])
    for lang, shown in (("vi", "(Quý III/2026): Tuyên truyền tại chợ."), ("en", "(Q3 2026): Tuyên truyền tại chợ.")):
        said = texts_markdown(texts, lang)
        assert shown in said and "2026-Q3" not in said
    assert periods.describe_label("not a period", "en") == "not a period"


def test_a_year_after_the_baseline_shows_its_2022_activities_once(data):
    # The year 2023's previous period is 2022, its baseline's same period is 2022 too: the table had two 2022
    # columns and the chart two 2022 bars. Shown once, as the same period of 2022 (session 11).
    from tipmonitor.present.taskgroups import activity_frame, chart_data, shown_kinds

    year = task_groups(data, periods.parse("2023"), load_registry(), baseline_year=2022)
    assert shown_kinds(year) == ("period", "baseline")
    frame = activity_frame(year, "en")
    assert not any(column.startswith("Previous period") for column in frame.columns)
    sessions = frame[frame["Activity"] == load_activities().measures["communication.sessions"].name("en")]
    # 2023 (15/12/2022-14/12/2023): 001's Q3 5 + Q4 6 = 11; 2022: 001's Q2 7
    assert sessions[["This period", "Same period 2022"]].values.tolist() == [["11", "7"]]
    assert sorted(set(chart_data(year, "en")["window_label"])) == ["Year 2022", "Year 2023"]
    half = task_groups(data, H1, load_registry(), baseline_year=2022)  # 2023-H2 and 2022-H1: both shown
    assert shown_kinds(half) == ("period", "previous", "baseline")
    assert any(column.startswith("Previous period") for column in activity_frame(half, "en").columns)
