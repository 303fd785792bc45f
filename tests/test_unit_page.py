"""The unit page's overdue list, read from the page object on the hand-worked fixture (tests/fixtures.py)."""

import re

from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.present.report import UnitProfile


def test_the_unit_page_lists_an_overdue_report_by_id_and_days_only(dataset_of):
    # R8 (unit 002) was received on 20/05/2023 and is still undecided: its 20-day limit ran to 09/06/2023, so at the
    # end of 2023-Q2 (14/06/2023) it is 14 - 9 = 5 days overdue. Every other report of 002 was decided in time (R7
    # in 14 days), or is another unit's. The table has two columns, id and days, and nothing else of the record.
    page = UnitProfile(dataset_of(REPORTS, CASES, VICTIMS), "2023-Q2", "002", lang="en")
    shown = page.overdue_reports()
    table = re.search(r'<table class="tm-table tm-overdue">(.*?)</table>', shown.html, re.S)
    assert table is not None
    header = re.findall(r"<th>(.*?)</th>", table.group(1))
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", table.group(1).split("</thead>")[1])]
    assert len(header) == 2 and rows == [["R8", "5"]]


def test_a_unit_without_overdue_reports_says_so(dataset_of):
    # Unit 006 at 14/06/2023: D1 was decided, D2 (received 01/06/2023) is open for 13 days, inside its 20.
    page = UnitProfile(dataset_of(REPORTS, CASES, VICTIMS), "2023-Q2", "006", lang="en")
    assert page.overdue_reports().data == "No crime report was overdue at the period's end."
