"""Bulk intake (issue #24): many files in one pass give the store the one-by-one path gives, file by file;
an interrupted batch leaves the store and its archive as they were and says so."""

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipmonitor.cli import main
from tipmonitor.core.problems import InputError
from tipmonitor.model.schema import TABLES
from tipmonitor.store import archive, bulk
from tipmonitor.store.archive import archive_dir, entries
from tipmonitor.store.bulk import BatchInterrupted, Item, ingest_batch
from tipmonitor.store.database import Store, StoreError
from tipmonitor.store.recovery import check, rebuild_all
from test_fuzz import ROWS
from test_store import csv, snapshot

TODAY = date(2026, 1, 1)
SAMPLE_TODAY = date(2026, 11, 28)


# --- what "identical stores" means ---------------------------------------------------------------

def store_rows(path: Path) -> dict[str, pd.DataFrame]:
    """Everything a store holds, sorted; the time of ingest left out (the one thing two runs cannot share)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for name in ("submissions", "submission_files", "submission_tables", *TABLES):
            frame = con.execute(f"SELECT * FROM {name}").df()
            if name == "submissions":
                frame = frame.drop(columns="ingested_at")
            key = ["submission_id", "name"] if name == "submission_files" else list(frame.columns[:3])
            out[name] = frame.sort_values(key).reset_index(drop=True)
        return out
    finally:
        con.close()


def archive_content(path: Path) -> dict[str, object]:
    """Every archive entry: its files' bytes and its meta (without the time of ingest)."""
    out: dict[str, object] = {}
    for entry in entries(path):
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        meta.pop("ingested_at")
        out[entry.name] = (meta, {f.name: f.read_bytes() for f in sorted((entry / "files").iterdir())})
    return out


def assert_same_store(a: Path, b: Path) -> None:
    left, right = store_rows(a), store_rows(b)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert archive_content(a) == archive_content(b)


def one_by_one(store: Store, items: list[Item], lang: str = "en") -> list[tuple]:
    """Each item through Store.ingest, as `tipmonitor ingest` of one file does: (status, number, notes) or the problems."""
    told = []
    for item in items:
        try:
            result = store.ingest(item.path, unit=item.unit, period=item.period, today=item.today,
                                  received_on=item.received_on, lang=lang, replace_tables=item.replace_tables)
        except InputError as error:
            told.append(("refused", error.render("en")))
            continue
        told.append((result.status, result.submission_id, result.supersedes, result.notes, result.emptied))
    return told


def in_bulk(store: Store, items: list[Item], lang: str = "en") -> list[tuple]:
    told = []
    for verdict in ingest_batch(store, items, lang):
        if verdict.error is not None:
            told.append(("refused", verdict.error.render("en")))
        else:
            r = verdict.result
            told.append((r.status, r.submission_id, r.supersedes, r.notes, r.emptied))
    return told


# --- the sample ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_bulk_and_one_by_one_give_identical_stores_on_the_sample(tmp_path):
    from tipmonitor.tools import sample

    submissions = sample.write_submissions(tmp_path / "submissions")
    # Every submission of two units, in the order they arrived: the unit that sends counts (269: activities,
    # texts, counts), the city police (19 quarters of reports, cases and victims). 34 files.
    units = {"269", "01-PC02"}
    items = [Item(f, u, p, date.fromisoformat(r), SAMPLE_TODAY) for f, u, p, r in submissions if u in units]
    assert len(items) == 34
    single, batched = Store(tmp_path / "one" / "store.duckdb"), Store(tmp_path / "bulk" / "store.duckdb")
    expected = one_by_one(single, items)
    half = len(items) // 2  # into an empty store, then into one that holds the first half
    told = in_bulk(batched, items[:half]) + in_bulk(batched, items[half:])
    assert told == expected
    assert [t[0] for t in told].count("ingested") == len(items)
    assert_same_store(single.path, batched.path)


@pytest.mark.slow
def test_the_one_by_one_rebuild_of_a_few_dozen_entries_equals_the_bulk_rebuild(sample_store, tmp_path):
    # The first 25 archive entries of the sample store, rebuilt entry by entry and in one pass.
    stores = []
    for way in ("one", "bulk"):
        store = Store(tmp_path / way / "store.duckdb")
        archive_dir(store.path).mkdir(parents=True)
        for entry in entries(sample_store)[:25]:
            shutil.copytree(entry, archive_dir(store.path) / entry.name)
        done = rebuild_all(store, one_by_one=way == "one")
        assert done.missing == [] and done.aside is None
        stores.append(store)
    assert len(stores[0].submissions()) == 25
    left, right = store_rows(stores[0].path), store_rows(stores[1].path)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert list(stores[0].submissions()["ingested_at"]) == list(stores[1].submissions()["ingested_at"])


# --- the fuzz corpus -------------------------------------------------------------------------------

HEADER = "Mã tin báo,Đơn vị,Loại,Ngày tiếp nhận,Ngày phân loại,Ngày ra quyết định giải quyết,Kết quả giải quyết,Mã vụ án\n"


@st.composite
def batches(draw):
    """Two to six crime-report files of units 002 and 006 for 2023-Q1/Q2: fuzzed rows (test_fuzz.py), ids
    shared between the units, a file sent twice, an empty register that would take records out."""
    files = []
    for _ in range(draw(st.integers(2, 6))):
        unit = draw(st.sampled_from(["002", "006"]))
        period = draw(st.sampled_from(["2023-Q1", "2023-Q2"]))
        kind = draw(st.sampled_from(["rows", "rows", "rows", "again", "empty", "taken"]))
        if kind == "again" and files:
            files.append(draw(st.sampled_from(files)))
            continue
        if kind == "empty":
            rows = []
        elif kind == "taken":  # a record id the other unit may hold
            number = draw(st.integers(1, 3))
            rows = [f"TB-002-{number},{unit},tin báo,20/01/2023,,,,"]
        else:
            rows = [",".join(r).replace("\n", " ") for r in draw(st.lists(ROWS, min_size=0, max_size=4))]
            rows.append(f"TB-{unit}-{draw(st.integers(1, 3))},{unit},tin báo,{draw(st.sampled_from(['20/01/2023', '20/04/2023']))},,,,")
        files.append((unit, period, tuple(rows)))
    return files


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=batches())
def test_bulk_and_one_by_one_agree_on_every_verdict_and_store_on_the_fuzz_corpus(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    items = []
    for count, (unit, period, rows) in enumerate(files):
        (folder / f"{count:02d}").mkdir()
        path = csv(folder / f"{count:02d}", f"{unit}_{period}.csv", list(rows), header=HEADER)
        items.append(Item(path, today=TODAY, received_on=date(2023, 7, 1)))
    single, batched = Store(folder / "one.duckdb"), Store(folder / "bulk.duckdb")
    expected = one_by_one(single, items)
    assert in_bulk(batched, items) == expected
    if single.exists() or batched.exists():
        assert_same_store(single.path, batched.path)


# --- a refused file, all or nothing ------------------------------------------------------------------

@pytest.fixture
def three(tmp_path):
    """Three files: 002's, one refused (a date that does not exist), 006's."""
    good = csv(tmp_path, "002_2023-Q1.csv", ["TB-002-1,002,report,2023-01-20,,,"])
    bad = csv(tmp_path, "003_2023-Q1.csv", ["TB-003-1,003,report,2023-02-31,,,"])
    other = csv(tmp_path, "006_2023-Q1.csv", ["TB-006-1,006,report,2023-01-21,,,"])
    return Store(tmp_path / "store.duckdb"), [good, bad, other]


def cli(store, paths, *extra):
    return main(["ingest", *map(str, paths), "--store", str(store.path), "--today", "2026-01-01", "--lang", "en", *extra])


def test_a_refused_file_does_not_block_the_others_and_each_is_one_submission_in_order(three, capsys):
    store, paths = three
    assert cli(store, paths) == 1
    out, err = capsys.readouterr()
    assert "003_2023-Q1.csv:2:received_date:" in err and "003_2023-Q1.csv: 1 problem; nothing was stored." in err
    history = store.submissions()
    assert list(history["submission_id"]) == [1, 2] and list(history["source"]) == ["002_2023-Q1.csv", "006_2023-Q1.csv"]
    assert "2 files stored, 0 unchanged, 1 refused, 0 not stored" in err
    assert check(store) == []


def test_validating_a_batch_says_the_files_are_valid_not_stored(three, capsys):
    # `validate` said "2 files stored" after each file's "valid, not stored" (hostile user, session 8).
    store, paths = three
    assert main(["validate", *map(str, paths), "--store", str(store.path), "--today", "2026-01-01", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "2 valid (not stored: this is a check), 0 unchanged, 1 refused" in err and "stored," not in err
    assert not store.path.exists()  # nothing stored: not even a store made


def test_all_or_nothing_stores_nothing_when_one_file_is_refused_and_says_which_were_held(three, capsys):
    store, paths = three
    assert cli(store, paths, "--all-or-nothing") == 1
    err = capsys.readouterr().err
    assert not store.exists()  # not even made
    assert f"{paths[0]}: valid, but not stored: another file of the same batch was refused" in err
    assert f"{paths[2]}: valid, but not stored" in err and "003_2023-Q1.csv:2:received_date:" in err
    assert cli(store, [paths[0], paths[2]], "--all-or-nothing") == 0
    assert list(store.submissions()["submission_id"]) == [1, 2]


def test_a_batch_sending_a_file_twice_stores_it_once(three):
    store, paths = three
    verdicts = ingest_batch(store, [Item(paths[0], today=TODAY), Item(paths[0], today=TODAY)])
    assert [v.result.status for v in verdicts] == ["ingested", "unchanged"]
    assert verdicts[1].result.submission_id == verdicts[0].result.submission_id == 1


# --- interrupted ---------------------------------------------------------------------------------------

@pytest.fixture
def held(tmp_path):
    """A store holding one submission, and three more files to send together."""
    store = Store(tmp_path / "store.duckdb")
    store.ingest(csv(tmp_path, "001_2023-Q1.csv", ["TB-001-1,001,report,2023-01-19,,,"]), today=TODAY)
    paths = [csv(tmp_path, f"{u}_2023-Q1.csv", [f"TB-{u}-1,{u},report,2023-01-2{i},,,"])
             for i, u in enumerate(["002", "003", "006"])]
    return store, paths


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
@pytest.mark.parametrize("where", ["judging", "archiving"])
def test_ctrl_c_mid_batch_leaves_the_store_and_archive_as_before_and_says_nothing_was_stored(held, monkeypatch, capsys,
                                                                                          where):
    store, paths = held
    before = snapshot(store)
    calls = []

    def stop(original):
        def stopping(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:  # the second file: the first is judged (or archived) already
                raise KeyboardInterrupt
            return original(*args, **kwargs)
        return stopping

    if where == "judging":
        monkeypatch.setattr(bulk._Batch, "judge", stop(bulk._Batch.judge))
    else:
        monkeypatch.setattr(archive, "write_entry", stop(archive.write_entry))
    assert cli(store, paths) == 130
    assert "stopped: none of the 3 files was stored; the store and its archive are as before" in capsys.readouterr().err
    monkeypatch.undo()
    assert snapshot(store) == before
    assert [int(p.name) for p in entries(store.path)] == [1]
    assert not (archive_dir(store.path) / ".pending").exists()
    assert check(store) == []
    assert cli(store, paths) == 0  # the same files go in afterwards
    history = store.submissions()
    assert list(history["source"]) == ["001_2023-Q1.csv", *(p.name for p in paths)]
    assert history["submission_id"].is_monotonic_increasing and check(store) == []


def test_an_error_mid_batch_stores_nothing_and_tells_the_cause(held, monkeypatch, capsys):
    store, paths = held
    before = snapshot(store)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive, "write_entry", full_disk)
    with pytest.raises(StoreError) as told:
        ingest_batch(store, [Item(p, today=TODAY) for p in paths])
    assert "No space left on device" in told.value.render("en")
    monkeypatch.undo()
    assert snapshot(store) == before and check(store) == []


def test_ctrl_c_as_the_batch_commits_says_every_file_was_stored(held, monkeypatch):
    from test_crash import interrupt_after_commit

    store, paths = held
    interrupt_after_commit(monkeypatch)
    with pytest.raises(BatchInterrupted) as stop:
        ingest_batch(store, [Item(p, today=TODAY) for p in paths])
    monkeypatch.undo()
    assert stop.value.stored
    assert [v.result.submission_id for v in stop.value.verdicts] == [2, 3, 4]
    assert [int(p.name) for p in entries(store.path)] == [1, 2, 3, 4] and check(store) == []


# --- reading many small files ----------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(st.text(alphabet=' \t\r\n,;"ab1\u00a0\u2003\x1c', max_size=4), min_size=1, max_size=3),
                     min_size=1, max_size=4), end=st.sampled_from(["\n", "\r\n"]))
def test_a_csv_is_read_as_with_every_cell_stripped_when_its_strip_is_skipped(rows, end):
    # reading._read_csv strips the cells only when the bytes show a space that may pad one: the cells are
    # those of the full strip (as before the screen) for any file pandas reads.
    import csv as csv_module
    import io

    from hypothesis import assume

    from tipmonitor.intake.reading import _looks_semicolon, _read_csv, _stripped

    buffer = io.StringIO()
    csv_module.writer(buffer, lineterminator=end).writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    assume(data.strip())
    try:
        first = data.split(b"\n", 1)[0].decode("utf-8")
        raw = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, header=None, keep_default_na=False,
                          skip_blank_lines=False, sep=";" if _looks_semicolon(first) else ",")
    except Exception:
        assume(False)
    try:
        read = _read_csv("x.csv", data)
    except InputError:
        assume(False)
    pd.testing.assert_frame_equal(read.cells, _stripped(raw))


def test_a_header_only_file_takes_its_unit_and_period_from_its_name_and_a_future_received_on_is_refused(tmp_path):
    # Ward 00322 (Tương Mai, from 1-7-2025) had nothing to report in 2026-Q3: it sends the header alone, named
    # 00322_2026-Q3.csv. Both paths read the unit and the period from the name. Given --received-on 02/10/2026, the
    # day after "today" (01/10/2026 here), both refuse it in words, naming the file.
    empty = tmp_path / "00322_2026-Q3.csv"
    empty.write_text("report_id,unit,kind,received_date\n", encoding="utf-8")
    today = date(2026, 10, 1)  # 2026-Q3 is then a period intake takes
    told = one_by_one(Store(tmp_path / "a.duckdb"), [Item(empty, today=today)])
    assert told[0][0] == "ingested", told
    assert (Store(tmp_path / "a.duckdb").submissions()[["unit", "period"]].values.tolist() == [["00322", "2026-Q3"]])
    assert in_bulk(Store(tmp_path / "b.duckdb"), [Item(empty, today=today)])[0][0] == "ingested"
    assert Store(tmp_path / "b.duckdb").submissions()[["unit", "period"]].values.tolist() == [["00322", "2026-Q3"]]
    future = [Item(empty, today=today, received_on=date(2026, 10, 2))]
    single, bulk = one_by_one(Store(tmp_path / "c.duckdb"), future), in_bulk(Store(tmp_path / "d.duckdb"), future)
    assert single[0][0] == "refused" and single == bulk
    assert single[0][1] == ("00322_2026-Q3.csv:-:-: the day received (--received-on) is 02/10/2026, after today "
                            "(01/10/2026): give the day the unit's file actually arrived")


# --- records of an earlier period, and the day received (intake.checks) --------------------------------------

@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_new_record_dated_wholly_before_the_period_is_a_located_warning_in_both_paths(tmp_path):
    # The city police (01-PC02) send for 2026-Q3 (official window 15/06/2026-14/09/2026) a report received on
    # 03/11/2025 and decided on 20/11/2025: both dates fall in Q4/2025's window (15/09/2025-14/12/2025), so the
    # record, new to the store, changes the figures of Q4/2025. Its other report (received 01/08/2026) is in the
    # period: no note. The file is stored (a unit's late records come with its next file) with a note at row 2
    # (the first data row), the column of its latest date. The same report re-sent with Q4's file is not new: no note.
    header = "report_id,unit,kind,received_date,decision_date,decision\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    q3 = csv(tmp_path / "a", "crime_reports.csv", ["TB-PC02-H7-1,01-PC02,report,03/11/2025,20/11/2025,not_initiate",
                                                   "TB-PC02-H7-2,01-PC02,report,01/08/2026,,"], header)
    q4 = csv(tmp_path / "b", "crime_reports.csv", ["TB-PC02-H7-1,01-PC02,report,03/11/2025,20/11/2025,not_initiate",
                                                   "TB-PC02-H7-3,01-PC02,report,01/11/2026,,"], header)
    today = date(2026, 12, 20)
    items = [Item(q3, "01-PC02", "2026-Q3", date(2026, 9, 15), today),
             Item(q4, "01-PC02", "2026-Q4", date(2026, 12, 16), today)]
    single, batch = one_by_one(Store(tmp_path / "a.duckdb"), items), in_bulk(Store(tmp_path / "b.duckdb"), items)
    assert single == batch
    assert [t[0] for t in single] == ["ingested", "ingested"]
    warned = [n for n in single[0][3] if "before the submission's period" in n]
    assert warned == ["crime_reports.csv:2:decision_date: the record «TB-PC02-H7-1» is new and all its dates (the latest "
                      "20/11/2025) come before the submission's period Q3 2026: it changes the figures of Q4 2025 "
                      "already reported; check the date, or send this record with that period's file"]
    assert not [n for n in single[1][3] if "before the submission's period" in n]
    # Kept with the submission: `tipmonitor submissions` shows its notes.
    assert "TB-PC02-H7-1" in Store(tmp_path / "a.duckdb").submissions()["notes"].iloc[0]


def test_vietnamese_names_the_reported_quarter_a_new_early_record_changes(tmp_path):
    q3 = csv(tmp_path, "crime_reports.csv", ["TB-PC02-H7-1,01-PC02,report,03/11/2025,,"],
             "report_id,unit,kind,received_date,decision_date,decision\n")
    told = one_by_one(Store(tmp_path / "a.duckdb"), [Item(q3, "01-PC02", "2026-Q3", date(2026, 9, 15),
                                                          date(2026, 12, 20))], lang="vi")
    assert any("làm thay đổi số liệu Quý IV/2025 đã báo cáo" in n and n.startswith("crime_reports.csv:2:received_date:")
               for n in told[0][3]), told


def test_a_new_early_record_over_two_quarters_names_both(tmp_path):
    # Received 01/03/2025 (Q1/2025's official window: 15/12/2024-14/03/2025), decided 20/05/2025 (Q2/2025:
    # 15/03-14/06/2025), first sent with 2026-Q3's file: Q1's intake and Q2's decisions both change (cold review:
    # the note named Q2 only).
    q3 = csv(tmp_path, "crime_reports.csv", ["TB-PC02-H7-4,01-PC02,report,01/03/2025,20/05/2025,not_initiate"],
             "report_id,unit,kind,received_date,decision_date,decision\n")
    told = one_by_one(Store(tmp_path / "a.duckdb"), [Item(q3, "01-PC02", "2026-Q3", date(2026, 9, 15),
                                                          date(2026, 12, 20))], lang="vi")
    assert any("làm thay đổi số liệu Quý I/2025 – Quý II/2025 đã báo cáo" in n for n in told[0][3]), told


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_a_received_on_before_the_period_is_refused_and_a_record_entered_after_it_is_told_in_both_paths(tmp_path):
    # --period 2026-Q3 (official window from 15/06/2026) with --received-on 01/03/2026: before the period began:
    # refused, naming the file and the option. --received-on 01/07/2026 is in the period, but the file's report was
    # received on 03/07/2026, after its file arrived: stored with a note at its row (2) and column (a warning: the
    # sample's last-quarter files carry such records, tools/sample.py).
    header = "report_id,unit,kind,received_date\n"
    path = csv(tmp_path, "crime_reports.csv", ["TB-PC02-1,01-PC02,report,03/07/2026"], header)
    today = date(2026, 10, 1)
    early = [Item(path, "01-PC02", "2026-Q3", date(2026, 3, 1), today)]
    single, batch = one_by_one(Store(tmp_path / "a.duckdb"), early), in_bulk(Store(tmp_path / "b.duckdb"), early)
    assert single == batch == [("refused", "crime_reports.csv:-:-: the day received (--received-on) is 01/03/2026, "
                                           "before the period 2026-Q3 begins (15/06/2026): a period's file cannot arrive "
                                           "before the period begins; give the day the unit's file actually arrived")]
    assert not Store(tmp_path / "a.duckdb").exists() or not len(Store(tmp_path / "a.duckdb").submissions())
    late = [Item(path, "01-PC02", "2026-Q3", date(2026, 7, 1), today)]
    single, batch = one_by_one(Store(tmp_path / "c.duckdb"), late), in_bulk(Store(tmp_path / "d.duckdb"), late)
    assert single == batch and single[0][0] == "ingested"
    assert "crime_reports.csv:2:received_date: the date 03/07/2026 comes after the day the file was received " \
           "(--received-on 01/07/2026): a record cannot enter its register after its file arrived; check this date, or " \
           "the day the file arrived" in single[0][3]
    on_the_day = [Item(path, "01-PC02", "2026-Q3", date(2026, 7, 3), today)]  # the record's own day: no note
    told = one_by_one(Store(tmp_path / "e.duckdb"), on_the_day)
    assert told[0][0] == "ingested" and not [n for n in told[0][3] if "--received-on" in n]
