"""A batch's files screened at once (store/screen.py): each submission is flagged by its own period and day received,
a check the screen clears finds nothing, and the batch's verdicts are the one-by-one path's."""

from datetime import date, datetime

from tipmonitor.store.bulk import Item
from tipmonitor.store.database import ReadJob, Store, read_submissions
from tipmonitor.store.screen import AFTER_PERIOD, AFTER_RECEIVED, BEFORE_PERIOD, OTHER_PERIOD, screen
from test_bulk import in_bulk, one_by_one
from test_store import csv

REPORTS = "report_id,unit,kind,received_date,decision_date,decision\n"
ACTIVITIES = "unit,period,activity,value\n"
LATE = date(2026, 12, 20)  # the day the reports' files are judged on
EARLY = date(2025, 2, 1)  # the activities' (unit 002 before the reform)


def files(tmp_path) -> list[Item]:
    """Five submissions, worked out by hand under the official windows (15th to 14th):
    0. 01-PC02, 2026-Q3 (15/06-14/09/2026), received 15/09/2026: a report received 01/08/2026, in the period: nothing.
       (01/08/2026 is after the end of 2026-Q2, submission 2's period: judged by another file's day it would be flagged.)
    1. 01-PC02, 2026-Q3, received 15/09/2026: the file again (it replaces 0's part) with a new report received
       03/11/2025 and decided 20/11/2025, both before 15/06/2026: dated wholly before the period.
    2. 01-PC02, 2026-Q2 (15/03-14/06/2026), received 10/06/2026: a report received 20/06/2026, after the period's end
       and after the day received.
    3. 002, 2024-Q3, received 10/10/2024: activities of 2024-Q3 only: nothing.
    4. 002, 2024-Q4, received 10/01/2025: activities of 2024-Q4 and one row of 2024-Q3, which 3 has sent: another
       period's row (refused: it changes a closed period)."""
    for name in "abcde":
        (tmp_path / name).mkdir()
    paths = [csv(tmp_path / "a", "crime_reports.csv", ["TB-PC02-S-1,01-PC02,report,01/08/2026,,"], REPORTS),
             csv(tmp_path / "b", "crime_reports.csv", ["TB-PC02-S-1,01-PC02,report,01/08/2026,,",
                                                       "TB-PC02-S-2,01-PC02,report,03/11/2025,20/11/2025,not_initiate"],
                 REPORTS),
             csv(tmp_path / "c", "crime_reports.csv", ["TB-PC02-S-3,01-PC02,report,20/06/2026,,"], REPORTS),
             csv(tmp_path / "d", "activities.csv", ["002,2024-Q3,communication.sessions,5"], ACTIVITIES),
             csv(tmp_path / "e", "activities.csv", ["002,2024-Q4,communication.sessions,7",
                                                    "002,2024-Q3,communication.sessions,6"], ACTIVITIES)]
    return [Item(paths[0], "01-PC02", "2026-Q3", date(2026, 9, 15), LATE),
            Item(paths[1], "01-PC02", "2026-Q3", date(2026, 9, 15), LATE),
            Item(paths[2], "01-PC02", "2026-Q2", date(2026, 6, 10), LATE),
            Item(paths[3], "002", "2024-Q3", date(2024, 10, 10), EARLY),
            Item(paths[4], "002", "2024-Q4", date(2025, 1, 10), EARLY)]


def screened(items: list[Item]):
    reads = read_submissions([ReadJob(i.path, i.today, None, False, {"unit": i.unit, "period": i.period}) for i in items])
    return screen([(n, i.unit, i.period, read) for n, (i, read) in enumerate(zip(items, reads))], items)


def test_each_file_is_flagged_by_its_own_period_and_day_received(tmp_path):
    items = files(tmp_path)
    found = screened(items)
    assert {n: found.hits.get(n, set()) for n in range(len(items))} == {
        0: set(), 1: {BEFORE_PERIOD}, 2: {AFTER_PERIOD, AFTER_RECEIVED}, 3: set(), 4: {OTHER_PERIOD}}
    assert not found.may(0, AFTER_PERIOD) and found.may(2, AFTER_PERIOD) and not found.may(3, OTHER_PERIOD)
    assert found.may(len(items), AFTER_PERIOD)  # a submission not screened is asked everything
    # What each file names, once each, for the ownership check; activities' keys for the checks across the unit.
    assert found.ids[(1, "crime_reports")] == ["TB-PC02-S-1", "TB-PC02-S-2"]
    assert found.activity_keys[4] == [("002", "2024-Q4", "communication.sessions"), ("002", "2024-Q3", "communication.sessions")]
    assert found.several == set()  # every table of each file comes from that one file
    # A rebuilt entry (its provenance given) is not asked about the day received: not flagged for it.
    items[2].provenance = (datetime(2026, 6, 10, 9, 0), "tester", 3)
    assert screened(items).hits[2] == {AFTER_PERIOD}


def test_a_screened_batch_gives_the_one_by_one_verdicts_and_notes(tmp_path):
    items = files(tmp_path)
    single, batch = one_by_one(Store(tmp_path / "a.duckdb"), items), in_bulk(Store(tmp_path / "b.duckdb"), items)
    assert single == batch
    assert [t[0] for t in batch] == ["ingested"] * 4 + ["refused"]
    notes = [t[3] if t[0] == "ingested" else [t[1]] for t in batch]
    assert notes[0] == [] and notes[3] == []
    assert notes[1][1:] == ["Crime reports: 0 go, 1 come (TB-PC02-S-2), 1 stay"]  # what replacing 0's part changes
    assert notes[1][0].startswith("crime_reports.csv:3:decision_date:")
    assert "«TB-PC02-S-2» is new" in notes[1][0] and "before the submission's period" in notes[1][0]
    assert len(notes[2]) == 2
    assert notes[2][0].startswith("crime_reports.csv:2:") and "after the submission's period ends (14/06/2026)" in notes[2][0]
    assert notes[2][1].startswith("crime_reports.csv:2:received_date:") and "(--received-on 10/06/2026)" in notes[2][1]
    assert notes[4][0].startswith("activities.csv:3:") and "2024-Q3" in notes[4][0]
