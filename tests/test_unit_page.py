"""The unit page's overdue list, read from the page object on the hand-worked fixture (tests/fixtures.py)."""

import re

import pytest

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


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_activities_table_says_what_it_covers(dataset_of):
    # 2023-Q2's table: the period, the one before it (2023-Q1) and the same quarter of the baseline year 2022.
    from tipmonitor.present.report import PeriodReport

    page = PeriodReport(dataset_of(REPORTS, CASES, VICTIMS), "2023-Q2")
    assert ("<caption>Toàn thành phố: số hoạt động theo nhóm nhiệm vụ, Quý II/2023 (kỳ báo cáo), kỳ trước (Quý I/2023) "
            "và cùng kỳ năm 2022</caption>") in page.activity_table().html
    assert "<caption>Hoàn Kiếm: " in UnitProfile(dataset_of(REPORTS, CASES, VICTIMS), "2023-Q2", "002").activity_table("002").html


def test_the_index_lists_units_by_body_in_the_bodies_order():
    # Three results: a district, a city police division and another district (data/reference/units.csv: 002 Hoàn
    # Kiếm and 006 Đống Đa are districts; 01-PC02 is the city police's division). Grouped by body in
    # params/bodies.yaml's order (districts before police), each group named and counted.
    from types import SimpleNamespace

    from tipmonitor.run.publish import units_by_body

    results = [SimpleNamespace(job=SimpleNamespace(key=f"unit_profile-{u}", unit=u)) for u in ("002", "01-PC02", "006")]
    units = [{"key": r.job.key, "name": r.job.unit} for r in results]
    groups = units_by_body(units, results, "vi")
    assert [(g["name"], g["count"], [u["name"] for u in g["units"]]) for g in groups] == [
        ("Quận, huyện", 2, ["002", "006"]), ("Công an", 1, ["01-PC02"])]


def test_a_table_cell_counts_many_predecessors_and_the_page_note_lists_them_once():
    # The city police's division after the reform compares with 2022 through itself and the 30 districts (their
    # police's cases passed to it): a table cell says "31 đơn vị cũ (30 quận, huyện; 1 công an; ...)", not 31 names;
    # three predecessors or fewer are still named. The page's note (page_basis) names every one, once.
    from types import SimpleNamespace

    from tipmonitor.metrics.reform import Basis
    from tipmonitor.model.units import load_registry
    from tipmonitor.present.comparison import page_basis, row_basis

    table = load_registry().table
    districts = sorted(table.index[(table["body"] == "district") & (table["province_code"].astype(str) == "01")])
    assert len(districts) == 30
    many = Basis("predecessors", (("01-PC02", 1.0),) + tuple((d, 1.0) for d in districts))
    few = Basis("predecessors", (("001", 1.0), ("002", 1.0)))
    indicator = SimpleNamespace(id="T2_report_resolution", name=lambda lang, short=False: "Giải quyết tin báo")
    evaluation = SimpleNamespace(bases={("X", "T2_report_resolution"): many, ("Y", "T2_report_resolution"): few},
                                 baseline_year=2022, registry=SimpleNamespace(indicators={indicator.id: indicator}))
    cell = row_basis(evaluation, "X", "T2_report_resolution", "vi", cell=True)
    assert cell == "so với 2022: 31 đơn vị cũ (30 quận, huyện; 1 công an; danh sách ở ghi chú của trang)"
    assert row_basis(evaluation, "Y", "T2_report_resolution", "vi", cell=True) == "so với 2022: Ba Đình + Hoàn Kiếm"
    note = page_basis(evaluation, "X", "vi")
    assert note.count("Hoàn Kiếm") == 1 and note.count(" + ") == 30


def _points(rows):
    import pandas as pd

    return pd.DataFrame([{"unit": u, "lat": lat, "lon": lon, "caseload": 1.0, "status": s, "label_with_symbol": f"✘ {u}"}
                         for u, lat, lon, s in rows])


def test_map_labels_go_beside_their_circle_and_never_collide():
    from tipmonitor.present.views import map_layout

    # Two units far apart, at the map's left and right edges: both named; A's label to the right of its circle (the
    # first place tried), B's, which would run off the map there, to its left (the second).
    two = map_layout(_points([("A", 21.0, 105.0, "missed"), ("B", 21.5, 106.0, "missed")])).set_index("unit")
    assert two["labelled"].all()
    assert two.at["A", "label_x"] > two.at["A", "x"] and two.at["B", "label_x"] + 6 * 9 * 0.62 < two.at["B", "x"]
    # 60 units in a crowded centre, 30 of them missing a target: only those are named (more than 40 units), and
    # the labels placed overlap neither one another nor a named circle, and stay inside the 620 x 520 map.
    import itertools

    rows = [(f"U{i}", 21.0 + (i % 6) * 0.004, 105.8 + (i // 6) * 0.004, "missed" if i % 2 else "met") for i in range(60)]
    rows += [("far", 20.5, 105.3, "met"), ("far2", 21.4, 106.1, "met")]  # the map's extent
    laid = map_layout(_points(rows))
    named = laid[laid["status"] == "missed"]
    assert not laid.loc[laid["status"] == "met", "labelled"].any()
    placed = named[named["labelled"]]
    assert 0 < len(placed) < len(named)  # the crowd cannot hold every name: some are left to the table
    boxes = [(r.label_x, r.label_y - 6, r.label_x + len(r.label_with_symbol) * 9 * 0.62, r.label_y + 6)
             for r in placed.itertuples()]
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert all(0 <= x0 and x1 <= 620 and 0 <= y0 and y1 <= 520 for x0, y0, x1, y1 in boxes)
    circles = [(r.x - r.radius, r.y - r.radius, r.x + r.radius, r.y + r.radius) for r in named.itertuples()]
    for box, circle in itertools.product(boxes, circles):
        assert box[2] <= circle[0] or circle[2] <= box[0] or box[3] <= circle[1] or circle[3] <= box[1]


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_every_table_of_the_pages_says_what_it_covers(dataset_of):
    # The fixture's 2023-Q2 (two units with records, R8 overdue at 002): every table a page object draws has a
    # caption, on the period page, a unit's page and the data-quality page (without a store: the tables it can draw).
    import tipmonitor.present.report as pages

    data = dataset_of(REPORTS, CASES, VICTIMS)
    period = pages.PeriodReport(data, "2023-Q2")
    unit = UnitProfile(data, "2023-Q2", "002")
    quality = pages.DataQuality(data, "2023-Q2")
    shown = [period.scorecard(), period.scorecard(scope="ytd"), period.units_missing_targets(), period.activity_table(),
             period.silent_units(), unit.rank_table(), unit.overdue_reports(), quality.findings(), quality.outliers(),
             quality.unlinked_transfers()]
    drawn = [s.html for s in shown if "<table" in getattr(s, "html", "")]
    assert len(drawn) >= 6
    for html in drawn:
        assert html.count("<table") == html.count("<caption>") and "<caption></caption>" not in html, html[:200]


def test_the_period_pages_headline_names_the_window_it_judges(dataset_of):
    from tipmonitor.present.report import PeriodReport

    text = re.sub(r"<[^>]+>", "", PeriodReport(dataset_of(REPORTS, CASES, VICTIMS), "2023-Q2").headline().html)
    assert text.startswith("Chỉ tiêu chưa đạt (Quý II/2023): ")
    # Both units with records miss in the quarter: 006's reports D1 decided, D2 open -> 1/2; 002's R8 still open.
    assert "Trong Quý II/2023, 2 đơn vị chưa đạt chỉ tiêu, còn thiếu " in text


def test_a_public_unit_pages_overdue_heading_promises_no_ids(dataset_of):
    # The public edition lists no record: its heading must not announce "ids and days overdue only".
    data = dataset_of(REPORTS, CASES, VICTIMS)
    public = UnitProfile(data, "2023-Q2", "002", audience="public").section("unit_overdue").data
    assert "mã hồ sơ" not in public and public.startswith("## 4. Tin báo quá hạn giải quyết vào cuối kỳ")
    assert UnitProfile(data, "2023-Q2", "002", audience="public").overdue_reports().data == "(Không công bố danh sách hồ sơ.)"
    assert "(chỉ mã hồ sơ và số ngày quá hạn)" in UnitProfile(data, "2023-Q2", "002").section("unit_overdue").data
