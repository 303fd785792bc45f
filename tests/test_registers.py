"""Every body's own register (issue #27): a regional court's and a regional procuracy's registers in their own
layouts, T4/T5 worked by hand, nothing in the wrong stage, each stage counted once.

The fixtures are built by tests/unit_workbooks.py (COURT_2025Q4 ... PROCURACY_2026Q2 list every row). Windows
(official rule): 2025-Q4 is 15/09/2025-14/12/2025, 2026-Q2 is 15/03/2026-14/06/2026. Targets (plan years 2025 and
2026): T4 >= 95 %, T5 >= 90 %.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tipmonitor.core.paths import params_dir
from tipmonitor.core.problems import InputError
from tipmonitor.intake.mapping import load_mapping
from tipmonitor.store.database import Store
from conftest import inputs_of
from unit_workbooks import court_register_workbook, regional_procuracy_workbook, ward_register_workbook

TODAY = date(2026, 7, 1)
COURT = params_dir() / "mappings" / "court_register.yaml"
PROCURACY = params_dir() / "mappings" / "regional_procuracy_register.yaml"
UNITS = ["01-PC02", "01-VKSKV2", "01-TANDKV2"]

# The city police's record of the same cases (police case numbers), each stage on the one row it has.
POLICE_CASES = """case_id,unit,initiated_date,solved_date,investigation_end_date,investigation_outcome,procuracy_accepted_date,procuracy_decision_date,procuracy_decision,procuracy_unit,court_accepted_date,court_decision_date,court_outcome,court_unit
VA-PC02-101,01-PC02,01/07/2025,10/07/2025,30/08/2025,recommend_prosecution,05/09/2025,18/09/2025,indicted,01-VKSKV2,22/09/2025,28/11/2025,tried,01-TANDKV2
VA-PC02-102,01-PC02,15/07/2025,01/08/2025,25/09/2025,recommend_prosecution,01/10/2025,25/10/2025,indicted,01-VKSKV2,30/10/2025,20/11/2025,returned,01-TANDKV2
VA-PC02-103,01-PC02,20/09/2025,10/10/2025,15/11/2025,recommend_prosecution,20/11/2025,05/12/2025,returned,01-VKSKV2,,,,
"""


def _row(table: pd.DataFrame, indicator: str, unit: str) -> tuple:
    found = table[(table["indicator"] == indicator) & (table["unit"] == unit) & (table["scope"] == "period")].iloc[0]
    return found["numerator"], found["denominator"], found["status"], found["cases_needed"]


def _evaluate(store: Store, period: str, units: list[str] = UNITS):
    from tipmonitor.metrics.evaluation import evaluate
    from tipmonitor.model import periods

    return evaluate(inputs_of(store.current(), baseline_table=None), periods.parse(period), units=units).table


@pytest.fixture
def registers(tmp_path) -> Store:
    """The court's and the procuracy's 2025-Q4 registers, each ingested unedited with its one mapping."""
    store = Store(tmp_path / "store.duckdb")
    for build, mapping in ((court_register_workbook, COURT), (regional_procuracy_workbook, PROCURACY)):
        store.ingest(build(tmp_path / f"{build.__name__}_2025-Q4.xlsx", "2025-Q4"), period="2025-Q4",
                     mapping=load_mapping(mapping), today=TODAY)
    return store


def test_the_registers_ingest_unedited_with_one_mapping_each(registers):
    data = registers.current()
    court = data.court_register.sort_values("register_number")
    # 5 acceptances (section I: 1, section II: 4); the section rows, the header repeated at the page break, the
    # column numbers and the signature block are left out; "Trả hồ sơ ĐTBS" is a return, "Đ.150" article 150.
    assert list(court["register_number"]) == ["09/2025/TLST-HS", "12/2025/TLST-HS", "15/2025/TLST-HS",
                                              "18/2025/TLST-HS", "20/2025/TLST-HS"]
    assert list(court["court_outcome"].astype("string").fillna("-")) == ["tried", "tried", "returned", "-", "tried"]
    assert list(court["article"].astype("string")) == ["art150", "art150", "art151", "art150", "art150"]
    assert int(court["defendants"].sum()) == 2 + 2 + 1 + 3 + 1  # bị cáo
    assert court["accepted_date"].min() == pd.Timestamp("2025-08-25")  # the Excel serial of 18/2025 read too
    procuracy = data.procuracy_register.sort_values("register_number")
    assert list(procuracy["procuracy_decision"].astype("string").fillna("-")) == ["indicted", "indicted", "returned", "-"]
    assert int(procuracy["suspects"].sum()) == 2 + 1 + 2 + 1  # bị can, kept apart from the court's bị cáo
    assert not len(data.cases) and not len(data.crime_reports) and not len(data.victims)


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_t4_and_t5_of_2025_q4_and_2026_q2_worked_by_hand(registers, tmp_path):
    q4 = _evaluate(registers, "2025-Q4")
    # T5, court 01-TANDKV2, 2025-Q4: opening = accepted before 15/09 and open on 14/09: 09/2025 (25/08) -> 1;
    # intake = accepted in the window: 12/2025, 15/2025, 18/2025, 20/2025 -> 4; resolved in it: 09/2025 (tried 30/09),
    # 12/2025 (tried 28/11), 15/2025 (returned 20/11: the first acceptance ends), 20/2025 (tried 12/12) -> 4.
    # 4/5 = 80 % against 90 %: (4 + k)/5 >= 0.9 needs k = 1.
    assert _row(q4, "T5_trial", "01-TANDKV2") == (4, 5, "missed", 1)
    # T4, procuracy 01-VKSKV2, 2025-Q4: opening 45/TL (05/09) -> 1; intake 52, 58, 61 -> 3; resolved 45 (indicted
    # 18/09), 52 (indicted 25/10), 58 (returned 05/12) -> 3. 3/4 = 75 % against 95 %: (3 + k)/4 >= 0.95 needs k = 1.
    assert _row(q4, "T4_prosecution", "01-VKSKV2") == (3, 4, "missed", 1)
    assert _row(q4, "T5_trial", "CITY")[:2] == (4, 5) and _row(q4, "T4_prosecution", "CITY")[:2] == (3, 4)

    # The 2026-Q2 registers: 18/2025 tried on 20/01/2026 and 61/TL indicted on 10/01/2026 (both after 2025-Q4's end),
    # 15/2025 accepted again on 25/03/2026 (its second acceptance, same number) and 08/TL the procuracy's second.
    registers.ingest(court_register_workbook(tmp_path / "court_2026-Q2.xlsx", "2026-Q2"), period="2026-Q2",
                     mapping=load_mapping(COURT), today=TODAY)
    registers.ingest(regional_procuracy_workbook(tmp_path / "vks_2026-Q2.xlsx", "2026-Q2"), period="2026-Q2",
                     mapping=load_mapping(PROCURACY), today=TODAY)
    q2 = _evaluate(registers, "2026-Q2")
    # T5, 2026-Q2: opening = accepted by 14/03/2026 and open then: 03/2026 (20/02) -> 1 (18/2025 was tried on
    # 20/01, 15/2025's first acceptance returned on 20/11/2025); intake 15/2025 (25/03, again), 07/2026, 09/2026 -> 3;
    # resolved 15/2025 (tried 28/05), 07/2026 (suspended 30/05) -> 2. 2/4 = 50 %: (2 + k)/4 >= 0.9 needs k = 2.
    assert _row(q2, "T5_trial", "01-TANDKV2") == (2, 4, "missed", 2)
    # T4, 2026-Q2: opening 08/TL (20/02) -> 1 (61/TL indicted 10/01); intake 12/TL, 15/TL -> 2; resolved 08/TL
    # (16/03), 15/TL (suspended 01/06) -> 2. 2/3 = 66.7 %: (2 + k)/3 >= 0.95 needs k = 1.
    assert _row(q2, "T4_prosecution", "01-VKSKV2") == (2, 3, "missed", 1)
    # The 2026-Q2 files carry 18/2025 and 61/TL again, with outcomes dated after 2025-Q4: its figures do not move.
    again = _evaluate(registers, "2025-Q4")
    assert _row(again, "T5_trial", "01-TANDKV2") == (4, 5, "missed", 1)
    assert _row(again, "T4_prosecution", "01-VKSKV2") == (3, 4, "missed", 1)
    # The returned and re-accepted case is two acceptances of one case.
    court = registers.current().court_register
    assert sorted(court.loc[court["register_number"] == "15/2025/TLST-HS", "accepted_date"].dt.strftime("%d/%m/%Y")) == [
        "25/03/2026", "30/10/2025"]


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_courts_list_with_initiation_dates_is_refused_and_changes_no_investigation_figure(registers, tmp_path):
    police = tmp_path / "police.csv"
    police.write_text(POLICE_CASES, encoding="utf-8")
    registers.ingest(police, period="2025-Q4", today=TODAY)
    before = _evaluate(registers, "2025-Q4")
    court_cases = tmp_path / "court_cases.csv"
    court_cases.write_text("case_id,unit,initiated_date\n12/2025/TLST-HS,01-TANDKV2,22/09/2025\n"
                           "15/2025/TLST-HS,01-TANDKV2,30/10/2025\n20/2025/TLST-HS,01-TANDKV2,01/12/2025\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        registers.ingest(court_cases, period="2026-Q2", today=TODAY)
    lines = refused.value.render("en").splitlines()
    # every row refused at its unit cell, naming the body and what it sends
    assert [line.split(": ", 1)[0] for line in lines] == [f"court_cases.csv:{r}:unit" for r in (2, 3, 4)]
    assert "01-TANDKV2 is a court unit: it does not send «Cases»" in lines[0] and "court_register" in lines[0]
    after = _evaluate(registers, "2025-Q4")
    pd.testing.assert_frame_equal(before, after)
    # T3 of the city police: initiated in the window VA-PC02-103 (20/09), solved 10/10 -> 1/1; the court has none.
    assert _row(after, "T3_discovery", "01-PC02")[:2] == (1, 1)
    assert _row(after, "T3_discovery", "01-TANDKV2")[:2] == (0, 0)


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_the_police_record_and_the_registers_linked_count_each_stage_once(registers, tmp_path):
    police = tmp_path / "police.csv"
    police.write_text(POLICE_CASES, encoding="utf-8")
    registers.ingest(police, period="2025-Q4", today=TODAY)
    table = _evaluate(registers, "2025-Q4")
    # Had the police record's stages been counted as well, 01-VKSKV2 would have 3/4 + VA-PC02-101 (opening,
    # indicted 18/09), 102 (intake, indicted), 103 (intake, returned) = 6/7, and 01-TANDKV2 4/5 + 101, 102 = 6/7.
    # The registers own those stages: 3/4 and 4/5 as without the police record, for the units and the city.
    assert _row(table, "T4_prosecution", "01-VKSKV2") == (3, 4, "missed", 1)
    assert _row(table, "T5_trial", "01-TANDKV2") == (4, 5, "missed", 1)
    assert _row(table, "T4_prosecution", "CITY")[:2] == (3, 4) and _row(table, "T5_trial", "CITY")[:2] == (4, 5)
    # The police still own the investigation: T3 1/1 (VA-PC02-103).
    assert _row(table, "T3_discovery", "01-PC02")[:2] == (1, 1)


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_the_data_quality_page_says_which_register_rows_are_unlinked_and_why(registers, tmp_path):
    from tipmonitor.metrics.quality import findings

    police = tmp_path / "police.csv"
    police.write_text(POLICE_CASES, encoding="utf-8")
    registers.ingest(police, period="2025-Q4", today=TODAY)
    found = findings(registers.current()).groupby("key")["count"].sum()
    # Court: 09/2025 and 20/2025 give no police case id, 18/2025 gives VA-PC02-099 (not in the data);
    # procuracy: 61/TL gives none. -> 3 without an id, 1 unknown.
    assert found["register_no_case_id"] == 3 and found["register_unknown_case"] == 1
    # Stages of the police record counted from the registers: procuracy 101, 102, 103; court 101, 102 -> 5.
    assert found["police_stage_superseded"] == 5


def test_a_repeated_lower_title_named_alone_is_refused_naming_its_paths(tmp_path):
    mapping = tmp_path / "court.yaml"
    mapping.write_text(COURT.read_text(encoding="utf-8").replace('"Thụ lý / Số"', '"Số"'), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        Store(tmp_path / "s.duckdb").ingest(court_register_workbook(tmp_path / "c.xlsx"), period="2025-Q4",
                                            mapping=load_mapping(mapping), today=TODAY)
    text = refused.value.render("en")
    assert "the title «Số» heads several columns («Thụ lý / Số»; «Bản án, quyết định / Số»)" in text


def test_a_store_of_schema_version_3_gains_the_registers(tmp_path):
    import duckdb

    from tipmonitor.store import migrations

    store = Store(tmp_path / "old.duckdb")
    store.ingest(court_register_workbook(tmp_path / "c.xlsx"), period="2025-Q4", mapping=load_mapping(COURT), today=TODAY)
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    for name in ("court_register", "procuracy_register"):
        con.execute(f"DROP VIEW current_{name}")
        con.execute(f"DROP TABLE {name}")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    reopened = Store(tmp_path / "old.duckdb").current()
    assert not len(reopened.court_register) and not len(reopened.procuracy_register)
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    assert migrations.stored_version(con) == migrations.SCHEMA_VERSION
    con.close()


@pytest.mark.parametrize("build, hand, answers", [
    # the court's register: the unit, and "Phiên tòa / Ngày" (the hearing date: no field of ours) -> ignore
    (court_register_workbook, COURT, {"Phiên tòa / Ngày": "ignore"}),
    # the procuracy's: the unit only
    (regional_procuracy_workbook, PROCURACY, {}),
])
@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_map_asks_each_question_once_and_answered_gives_the_hand_mappings_records(build, hand, answers, tmp_path):
    from tipmonitor.intake.drafting import draft_mapping, draft_text

    path = build(tmp_path / "register.xlsx", "2025-Q4")
    draft = draft_mapping(path, today=TODAY)
    asked = draft.questions("en")
    assert len(asked) == len(set(asked)) == 1 + len(answers)  # the unit and each column, once
    text = draft_text(draft, "en")
    assert "header_rows: 2" in text and '"Thụ lý / Số": "register_number"' in text
    if build is court_register_workbook:  # the summary sheet proposed as such, not as counts
        assert '- sheet: "Tổng hợp"\n    table: ignore' in text
        assert "summary sheet" in draft.describe("en")
    for title, field in answers.items():
        text = text.replace(f'"{title}": "?"', f'"{title}": "{field}"')
    unit = load_mapping(hand).unit
    drafted = tmp_path / "drafted.yaml"
    drafted.write_text(text.replace('unit: "?"', f'unit: "{unit}"'), encoding="utf-8")
    ours, theirs = Store(tmp_path / "a.duckdb"), Store(tmp_path / "b.duckdb")
    ours.ingest(path, period="2025-Q4", mapping=load_mapping(drafted), today=TODAY)
    theirs.ingest(path, period="2025-Q4", mapping=load_mapping(hand), today=TODAY)
    table = "court_register" if build is court_register_workbook else "procuracy_register"
    pd.testing.assert_frame_equal(ours.current().table(table).drop(columns=["_file"]).sort_values("_row").reset_index(drop=True),
                                  theirs.current().table(table).drop(columns=["_file"]).sort_values("_row").reset_index(drop=True))
    assert len(ours.current().table(table)) == (5 if table == "court_register" else 4)


# --- the clumsy cases of item 3 ---------------------------------------------------------------------------------
# A ward's register of reports for 2025-Q4 (window 15/09-14/12/2025): 9 reports received in the window. The first
# sheet resolved 5 of them; its corrected copy "Sheet1 (2)" resolved TB-09 too (decided 10/12/2025).
HEADER = ["Mã tin báo", "Loại", "Ngày tiếp nhận", "Ngày ra quyết định giải quyết", "Kết quả giải quyết"]


def _ward_rows(corrected: bool) -> list[list]:
    rows = []
    for i in range(1, 10):
        decided = i <= 5 or (corrected and i == 9)
        rows.append([f"TB-{i:02d}", "TB", f"{i + 15}/09/2025", "10/12/2025" if decided else None,
                     "KT" if decided else None])
    return rows


def _ward_book(path, copy: bool = True, hidden: bool = False):
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Sheet1"
    for row in [HEADER] + _ward_rows(False):
        first.append(row)
    if copy:
        second = book.create_sheet("Sheet1 (2)")
        for row in [HEADER] + _ward_rows(True):
            second.append(row)
    if hidden:
        stale = book.create_sheet("Cũ")
        for row in [HEADER] + _ward_rows(False)[:3]:
            stale.append(row)
        stale.sheet_state = "hidden"
    book.save(path)
    return path


WARD_MAPPING = """unit: "00190"
sheets:
  - sheet: "Sheet1 (2)"
    table: crime_reports
    columns: {"Mã tin báo": report_id, "Loại": kind, "Ngày tiếp nhận": received_date,
              "Ngày ra quyết định giải quyết": decision_date, "Kết quả giải quyết": decision}
  - sheet: "*"
    table: ignore
"""


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_corrected_copy_beside_its_sheet_is_a_question_answered_in_the_mapping(tmp_path):
    path = _ward_book(tmp_path / "ward.xlsx")
    with pytest.raises(InputError) as refused:
        Store(tmp_path / "s.duckdb").ingest(path, unit="00190", period="2025-Q4", today=TODAY)
    assert "the sheets «Sheet1», «Sheet1 (2)» all carry the «Crime reports» table: which one is the data?" in \
        refused.value.render("en")
    # map asks it once and writes both sheets' table as a question
    from tipmonitor.intake.drafting import draft_mapping, draft_text

    draft = draft_mapping(path, today=TODAY)
    asked = [q for q in draft.questions("en") if "which one is the data" in q]
    assert len(asked) == 1 and draft_text(draft, "en").count('table: "?"') == 2
    # answered: the copy is the data. T2 2025-Q4 = resolved 6 (TB-01..05, TB-09) / 9 received, none carried over.
    mapping = tmp_path / "ward.yaml"
    mapping.write_text(WARD_MAPPING, encoding="utf-8")
    store = Store(tmp_path / "m.duckdb")
    result = store.ingest(path, period="2025-Q4", mapping=load_mapping(mapping), today=TODAY)
    assert result.rows["crime_reports"] == 9 and any("[Sheet1]" in n for n in result.notes)
    table = _evaluate(store, "2025-Q4", ["00190"])
    assert _row(table, "T2_report_resolution", "00190")[:2] == (6, 9)


def test_a_hidden_sheet_the_mapping_ignores_is_listed_not_refused(tmp_path):
    path = _ward_book(tmp_path / "ward.xlsx", copy=True, hidden=True)
    mapping = tmp_path / "ward.yaml"
    mapping.write_text(WARD_MAPPING, encoding="utf-8")
    result = Store(tmp_path / "m.duckdb").ingest(path, period="2025-Q4", mapping=load_mapping(mapping), today=TODAY,
                                                 lang="en")
    assert result.rows["crime_reports"] == 9
    assert any(n.startswith("ward.xlsx[Cũ]: hidden sheet not read (the mapping says ignore)") for n in result.notes)
    # without a rule that ignores it, the hidden sheet is still refused
    mapping.write_text(WARD_MAPPING.replace('  - sheet: "*"\n    table: ignore\n', '  - sheet: "Sheet1"\n    table: ignore\n'),
                       encoding="utf-8")
    with pytest.raises(InputError, match=r"ward.xlsx\[Cũ\]"):
        Store(tmp_path / "n.duckdb").ingest(path, period="2025-Q4", mapping=load_mapping(mapping), today=TODAY)


def test_a_bom_csv_with_excel_serial_dates_reads_with_the_workbooks_mapping(tmp_path):
    from tipmonitor.intake.drafting import draft_mapping

    rows = [",".join(HEADER)]
    for rid, kind, received, decided, decision in _ward_rows(True):
        day, month, year = (int(x) for x in received.split("/"))
        serial = (date(year, month, day) - date(1899, 12, 30)).days
        rows.append(f"{rid},{kind},{serial},{'46001' if decided else ''},{decision or ''}")  # 46001 = 10/12/2025
    path = tmp_path / "ward.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8-sig"))
    mapping = tmp_path / "ward.yaml"
    mapping.write_text(WARD_MAPPING, encoding="utf-8")
    store = Store(tmp_path / "m.duckdb")
    store.ingest(path, period="2025-Q4", mapping=load_mapping(mapping), today=TODAY)
    reports = store.current().crime_reports.sort_values("report_id")
    assert reports["received_date"].iloc[0] == pd.Timestamp("2025-09-16") and reports["decision_date"].notna().sum() == 6
    # a CSV that no rule of the mapping fits: the message names the file and the columns it has
    path.write_bytes("a,b\n1,2\n".encode("utf-8-sig"))
    with pytest.raises(InputError) as refused:
        Store(tmp_path / "x.duckdb").ingest(path, period="2025-Q4", mapping=load_mapping(mapping), today=TODAY)
    assert all(line.startswith("ward.csv") for line in refused.value.render("en").splitlines())
    assert "a, b" in refused.value.render("en")
    # map on a CSV names the file where a workbook names its sheet
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8-sig"))
    described = draft_mapping(path, today=TODAY).describe("en")
    assert "Sheet «ward.csv»: table crime_reports" in described and "None" not in described


def test_a_wards_carried_over_report_is_stored_for_it_from_the_hand_over(tmp_path):
    from tipmonitor.intake.loading import load_dataset
    from tipmonitor.metrics.counts import build_cube, windows_for

    # Ward 00190 began on 01/07/2025 by taking over reports (data/reference/successions.csv). TB-C1, received
    # 20/05/2025 and open on 01/07, is carried-over work it sends with the same dates; TB-C2 was decided on 20/06,
    # before the ward existed: not the ward's, refused.
    path = tmp_path / "ward.csv"
    path.write_text("report_id,unit,kind,received_date,classified_date,decision_date,decision\n"
                    "TB-C1,00190,report,20/05/2025,21/05/2025,15/08/2025,initiate\n"
                    "TB-02,00190,report,10/07/2025,10/07/2025,20/07/2025,not_initiate\n"
                    "TB-C2,00190,report,20/05/2025,21/05/2025,20/06/2025,initiate\n", encoding="utf-8-sig")
    with pytest.raises(InputError) as refused:
        load_dataset(path, today=TODAY)
    assert [line.split(": ", 1)[0] for line in refused.value.render("en").splitlines()] == ["ward.csv:4:unit"]
    path.write_text("\n".join(path.read_text(encoding="utf-8-sig").splitlines()[:3]) + "\n", encoding="utf-8-sig")
    dataset = load_dataset(path, today=TODAY)
    assert list(dataset.crime_reports["received_date"].dt.strftime("%d/%m/%Y")) == ["20/05/2025", "10/07/2025"]  # stored as sent
    cube = build_cube(dataset, windows_for(["2025-Q2", "2025-Q3"]), ["00190"])
    # 2025-Q2 (15/03-14/06): the ward did not exist; TB-C1 is not its work then -> nothing.
    assert cube.loc[("2025-Q2", "00190"), ["reports.opening", "reports.intake", "reports.closing"]].tolist() == [0, 0, 0]
    # 2025-Q3 (15/06-14/09): TB-C1 enters on 01/07 (taken over), TB-02 on 10/07 -> intake 2; both decided in the
    # window -> resolved 2: T2 2/2 for the ward, TB-C1 counted once.
    assert cube.loc[("2025-Q3", "00190"), ["reports.opening", "reports.intake", "reports.resolved"]].tolist() == [0, 2, 2]


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_a_later_periods_register_never_changes_an_earlier_periods_figures_unless_sent_for_it(registers, tmp_path):
    import openpyxl

    # The 2026-Q2 register of the court with two rows rewritten: 12/2025 now tried on 05/12/2025 (not 28/11), and a
    # 19/2025 accepted on 15/11/2025 that the 2025-Q4 register did not list. Both would change 2025-Q4's T5.
    path = court_register_workbook(tmp_path / "court_2026-Q2.xlsx", "2026-Q2")
    book = openpyxl.load_workbook(path)
    ws = book["Sổ thụ lý"]
    ws.append([98, "12/2025/TLST-HS", "22/09/2025", "2", "Điều 150", "35/2025/HS-ST", "05/12/2025", "Đã xét xử"])
    ws.append([99, "19/2025/TLST-HS", "15/11/2025", "1", "Điều 150", None, None, None])
    book.save(path)
    # the signature block ends the records: move the two rows above it
    book = openpyxl.load_workbook(path)
    ws = book["Sổ thụ lý"]
    added = [[c.value for c in row] for row in ws.iter_rows(min_row=ws.max_row - 1)]
    ws.delete_rows(ws.max_row - 1, 2)
    ws.insert_rows(17, 2)
    for offset, values in enumerate(added):
        for column, value in enumerate(values, start=1):
            ws.cell(17 + offset, column, value)
    book.save(path)
    before = _evaluate(registers, "2025-Q4")
    with pytest.raises(InputError) as refused:
        registers.ingest(path, period="2026-Q2", mapping=load_mapping(COURT), today=TODAY)
    lines = [line for line in refused.value.render("en").splitlines() if "2025-Q4" in line]
    assert len(lines) == 2 and "«12/2025/TLST-HS» changes the figures of 2025-Q4" in lines[0]
    assert "«19/2025/TLST-HS»" in lines[1]
    pd.testing.assert_frame_equal(before, _evaluate(registers, "2025-Q4"))  # nothing stored
    # The bulk path (several files at once, rebuild, load-sample) judges it the same way.
    from tipmonitor.store.bulk import Item, ingest_batch

    verdicts = ingest_batch(registers, [Item(path, None, "2026-Q2", None, TODAY, mapping=load_mapping(COURT))], "en")
    assert verdicts[0].error is not None
    bulk_lines = [line for line in verdicts[0].error.render("en").splitlines() if "2025-Q4" in line]
    assert bulk_lines == lines
    pd.testing.assert_frame_equal(before, _evaluate(registers, "2025-Q4"))


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_police_record_gives_a_courts_stage_only_before_that_courts_register_begins(registers, tmp_path):
    # VA-PC02-104: the police record says 01-TANDKV2 accepted it on 10/07/2025 and tried it on 20/08/2025; the
    # court's register begins on 25/08/2025 (09/2025) and does not list it. Before its register began the police
    # record is all there is: 2025-Q3 (15/06-14/09) T5 of 01-TANDKV2 = 104 (accepted 10/07, tried 20/08) + 09/2025
    # (accepted 25/08, open on 14/09) -> 1/2. A stage accepted after 25/08 (VA-PC02-105, 01/09) is the register's:
    # left out -> still 1/2.
    police = tmp_path / "police.csv"
    police.write_text(
        "case_id,unit,initiated_date,investigation_end_date,investigation_outcome,procuracy_accepted_date,"
        "procuracy_decision_date,procuracy_decision,court_accepted_date,court_decision_date,court_outcome,court_unit\n"
        "VA-PC02-104,01-PC02,01/06/2025,20/06/2025,recommend_prosecution,22/06/2025,01/07/2025,indicted,"
        "10/07/2025,20/08/2025,tried,01-TANDKV2\n"
        "VA-PC02-105,01-PC02,02/06/2025,21/06/2025,recommend_prosecution,23/06/2025,02/07/2025,indicted,"
        "01/09/2025,,,01-TANDKV2\n", encoding="utf-8")
    registers.ingest(police, period="2025-Q3", today=TODAY)
    table = _evaluate(registers, "2025-Q3")
    assert _row(table, "T5_trial", "01-TANDKV2")[:2] == (1, 2)


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_an_acceptance_ended_otherwise_is_in_t4_and_t5_denominators_not_their_numerators(tmp_path):
    # 2025-Q4 (15/09-14/12/2025). Procuracy KV2: 01/TL accepted 20/09, indicted 20/10; 02/TL accepted 25/09, joined to
    # another case ("nhập vụ án", the outcome "other") 15/10; 03/TL accepted 01/10, open. Court KV2: 10/2025 accepted
    # 01/10, tried 20/11; 11/2025 accepted 05/10, ended "khác" 10/11.
    # T4 = resolved / (carried over + new - transferred) = 1 / (0 + 3 - 0) = 1/3 = 33.33 % (02/TL left the register but
    # was not resolved: before "other" existed the row was refused); pending (closing) = 03/TL only.
    # T5 = 1 / (0 + 2 - 0) = 1/2 = 50.00 %, nothing pending.
    files = {"vks_01-VKSKV2_2025-Q4.csv": [("Số thụ lý", "Đơn vị", "Ngày thụ lý", "Hình thức giải quyết", "Ngày giải quyết"),
                                           ("01/TL", "01-VKSKV2", "20/09/2025", "truy tố", "20/10/2025"),
                                           ("02/TL", "01-VKSKV2", "25/09/2025", "nhập vụ án", "15/10/2025"),
                                           ("03/TL", "01-VKSKV2", "01/10/2025", "", "")],
             "toa_01-TANDKV2_2025-Q4.csv": [("register_number", "unit", "accepted_date", "court_outcome",
                                             "court_decision_date", "defendants"),
                                            ("10/2025", "01-TANDKV2", "01/10/2025", "đã xét xử", "20/11/2025", "1"),
                                            ("11/2025", "01-TANDKV2", "05/10/2025", "khác", "10/11/2025", "2")]}
    store = Store(tmp_path / "s.duckdb")
    for name, rows in files.items():
        (tmp_path / name).write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
        store.ingest(tmp_path / name, period="2025-Q4", today=TODAY)
    data = store.current()
    from tipmonitor.metrics.counts import build_cube, windows_for

    assert sorted(data.procuracy_register["procuracy_decision"].dropna()) == ["indicted", "other"]
    assert sorted(data.court_register["court_outcome"].dropna()) == ["other", "tried"]
    table = _evaluate(store, "2025-Q4")
    assert _row(table, "T4_prosecution", "01-VKSKV2")[:2] == (1, 3)
    assert _row(table, "T5_trial", "01-TANDKV2")[:2] == (1, 2)
    cube = build_cube(data, windows_for(["2025-Q4"]), ["01-VKSKV2", "01-TANDKV2"])
    vks, toa = cube.loc[("2025-Q4", "01-VKSKV2")], cube.loc[("2025-Q4", "01-TANDKV2")]
    assert (vks["procuracy.resolved"], vks["procuracy.ended_other"], vks["procuracy.closing"]) == (1, 1, 1)
    assert (toa["court.resolved"], toa["court.ended_other"], toa["court.closing"]) == (1, 1, 0)


def test_submissions_md_shows_the_court_and_procuracy_mappings_in_both_languages():
    import re

    import yaml

    from tipmonitor.core.paths import project_root

    text = (project_root() / "docs" / "submissions.md").read_text(encoding="utf-8")
    vi, en = text.split("\n## English\n", 1)
    for section in (vi, en):
        shown = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]
        for hand in (COURT, PROCURACY):
            # the mapping printed is the mapping shipped, in each language's section
            assert yaml.safe_load(hand.read_text(encoding="utf-8")) in shown, (hand.name, section[:30])


def _same_reports(tmp_path, path, drafted, hand) -> pd.DataFrame:
    """The crime reports ``path`` gives with the drafted mapping, checked equal to those the hand mapping gives."""
    stores = Store(tmp_path / "drafted.duckdb"), Store(tmp_path / "hand.duckdb")
    for store, mapping in zip(stores, (drafted, hand)):
        store.ingest(path, period="2025-Q4", mapping=load_mapping(mapping), today=TODAY)
    mine, by_hand = (s.current().crime_reports.drop(columns=["_file"]).sort_values("report_id").reset_index(drop=True)
                     for s in stores)
    pd.testing.assert_frame_equal(mine, by_hand)
    return mine


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_map_on_the_corrected_copy_asks_each_question_once_and_answered_gives_the_hand_mappings_records(tmp_path):
    from tipmonitor.intake.drafting import draft_mapping, draft_text

    path = _ward_book(tmp_path / "ward.xlsx")
    draft = draft_mapping(path, today=TODAY)
    asked = draft.questions("en")
    assert len(asked) == len(set(asked)) == 2  # the unit; which of the two sheets is the data
    # answered: the unit, and the copy is the data (its table kept, the original's ignored)
    text = draft_text(draft, "en").replace('unit: "?"', 'unit: "00190"')
    first, second = text.split('  - sheet: "Sheet1 (2)"\n')
    drafted = tmp_path / "drafted.yaml"
    drafted.write_text(first.replace('table: "?"  # crime_reports?', "table: ignore") + '  - sheet: "Sheet1 (2)"\n'
                       + second.replace('table: "?"  # crime_reports?', "table: crime_reports"), encoding="utf-8")
    hand = tmp_path / "hand.yaml"
    hand.write_text(WARD_MAPPING, encoding="utf-8")
    mine = _same_reports(tmp_path, path, drafted, hand)
    assert len(mine) == 9 and mine["decision_date"].notna().sum() == 6  # the copy's rows (TB-09 decided)


WARD_REGISTER_MAPPING = """unit: "00190"
sheets:
  - sheet: "Sổ tiếp nhận"
    table: crime_reports
    header_rows: 2
    columns: {"STT": ignore, "Số thụ lý": report_id, "Ngày tiếp nhận": received_date, "Loại tin": kind,
              "Kết quả giải quyết / Hình thức giải quyết": decision, "Kết quả giải quyết / Ngày": decision_date,
              "Ghi chú": ignore}
  - sheet: "Tổng hợp"
    table: ignore
"""


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_map_on_the_wards_register_asks_only_the_unit_and_answered_gives_the_hand_mappings_records(tmp_path):
    # The ward register (tests/unit_workbooks.py WARD_2025Q4): "Số thụ lý", a two-row header whose one group
    # is "Kết quả giải quyết" over "Hình thức giải quyết" and "Ngày", sections I and II, the header printed again, a
    # summary sheet. map knows every column and the summary sheet: it asks the unit only (it asked 11 questions).
    from tipmonitor.intake.drafting import draft_mapping, draft_text

    path = ward_register_workbook(tmp_path / "ward.xlsx")
    draft = draft_mapping(path, today=TODAY)
    assert len(draft.questions("en")) == 1 and draft.unit_question
    text = draft_text(draft, "en")
    assert "header_rows: 2" in text and '- sheet: "Tổng hợp"\n    table: ignore' in text
    drafted, hand = tmp_path / "drafted.yaml", tmp_path / "hand.yaml"
    drafted.write_text(text.replace('unit: "?"', 'unit: "00190"'), encoding="utf-8")
    hand.write_text(WARD_REGISTER_MAPPING, encoding="utf-8")
    mine = _same_reports(tmp_path, path, drafted, hand)
    assert list(mine["report_id"]) == ["01/TB", "02/TB", "03/TB", "04/TB", "05/TB"]
    assert list(mine["decision"].astype(object).fillna("")) == ["not_initiate", "", "initiate", "administrative", ""]
    # T2 2025-Q4 (15/09-14/12/2025) = resolved / (carried over + new - transferred): 01/TB (received 20/08, decided
    # 20/09) and 02/TB (05/09, open) carried over; 03/TB, 04/TB, 05/TB new; 01, 03, 04 resolved -> 3/(2+3) = 3/5.
    assert _row(_evaluate(Store(tmp_path / "drafted.duckdb"), "2025-Q4", ["00190"]), "T2_report_resolution",
                "00190")[:2] == (3, 5)
