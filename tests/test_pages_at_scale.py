"""The report's pages at the sample's 2026-Q3 (about 155 units in three bodies), as a reader opens them in
headless Chromium: a unit's page shows its body's indicators only, every table says what it covers, the
period report's first screen shows what the committee acts on, every unit named in a table links to its page,
every page links back to the index, and no internal code reaches a reader."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest

from browser_check import CHROMIUM, check_report, chromium

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed")]


@pytest.fixture(scope="module")
def run_2026(sample_store, sample_results, tmp_path_factory):
    from tipmonitor.run.runner import load_config, run_period

    result = run_period("2026-Q3", load_config(data=str(sample_store)), output=tmp_path_factory.mktemp("reports"),
                        progress=False)
    assert result.ok, [f.error for f in result.failures]
    from tipmonitor.present.report import PeriodReport
    from tipmonitor.store.sources import load_source

    # The period's internal results are the session's (conftest.sample_results; test_disclosure reads the same
    # edition), not computed again here: the pages are checked against the library's own evaluation.
    return result.folder, PeriodReport(load_source(str(sample_store)), "2026-Q3", results=sample_results("2026-Q3"))


@pytest.fixture(scope="module")
def browser(run_2026):
    """One Chromium for the module's three tests that open pages (browser_check.chromium), each in a page or context
    of its own; three launches before. After ``run_2026``: the run is made before the browser starts."""
    with chromium() as browser:
        yield browser


class Rows(HTMLParser):
    """Per table of a class: its caption and its rows' data- attributes and links."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.tables, self.inside, self.row, self.caption = css_class, [], False, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.css_class in (attrs.get("class") or "").split():
            self.inside = True
            self.tables.append({"caption": "", "rows": []})
        elif self.inside and tag == "caption":
            self.caption = True
        elif self.inside and tag == "tr" and any(k.startswith("data-") for k in attrs):
            self.row = {"data": {k[5:]: v for k, v in attrs.items() if k.startswith("data-")}, "links": []}
            self.tables[-1]["rows"].append(self.row)
        elif self.inside and tag == "a" and self.row is not None:
            self.row["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside, self.row = False, None
        elif tag == "caption":
            self.caption = False

    def handle_data(self, data):
        if self.caption:
            self.tables[-1]["caption"] += data


def tables(path, css_class: str) -> list[dict]:
    parser = Rows(css_class)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def test_a_unit_page_shows_its_bodys_indicators_and_no_set_up_words_for_other_duties(run_2026):
    from tipmonitor.present.views import indicator_families, unit_indicators

    folder, report = run_2026
    evaluation = report.evaluation
    court = folder / "unit_profile-01-TANDKV8.html"
    shown = {r["data"]["indicator"] for t in tables(court, "tm-scorecard") for r in t["rows"]}
    assert shown and all(indicator_families(evaluation, i) == {"court"} for i in shown), shown
    for page in folder.glob("unit_profile-*.html"):
        unit = page.stem.removeprefix("unit_profile-")
        own = set(unit_indicators(evaluation, unit))
        rows = {r["data"]["indicator"] for t in tables(page, "tm-scorecard") for r in t["rows"]}
        assert rows <= own, (unit, rows - own)
        # "no predecessor declared" is said only of an indicator that is the unit's duty and has no basis.
        if "chưa khai báo đơn vị tiền thân" in page.read_text(encoding="utf-8"):
            kinds = {evaluation.bases[(unit, i)].kind for i in own if (unit, i) in evaluation.bases}
            assert "none" in kinds, unit


def test_every_results_table_says_what_it_covers(run_2026):
    folder, _ = run_2026
    scorecards = tables(folder / "period_report.html", "tm-scorecard")
    assert [t["caption"] for t in scorecards] == [
        "Toàn thành phố, Quý III/2026 (kỳ báo cáo); so sánh: cùng kỳ năm 2022",
        "Toàn thành phố, Từ đầu năm 2026 đến 14/09/2026 (lũy kế từ đầu năm); so sánh: cùng kỳ năm 2022"]
    unit = tables(folder / "unit_profile-01-TANDKV8.html", "tm-scorecard")
    assert [t["caption"].split(",")[0] for t in unit] == ["TAND khu vực 8", "TAND khu vực 8"]


def test_units_in_tables_link_to_their_pages_and_every_page_to_the_index(run_2026, browser):
    folder, report = run_2026
    missing = tables(folder / "period_report.html", "tm-missing")
    rows = [r for t in missing for r in t["rows"]]
    assert len(rows) == len(report.evaluation.missing("period")) + len(report.evaluation.missing("ytd")) or rows
    for row in rows:
        assert row["links"] == [f"unit_profile-{row['data']['unit']}.html"], row
        assert (folder / row["links"][0]).is_file()
    for page in folder.glob("*.html"):
        if page.name != "index.html":
            assert 'href="index.html"' in page.read_text(encoding="utf-8"), page.name
    checked = check_report(folder, browser=browser)
    assert checked.blocked_requests == []
    assert all(p.broken_links == [] for p in checked.pages.values())


def test_the_first_screen_of_the_period_report_shows_targets_missed_and_units_behind(run_2026, browser):
    folder, report = run_2026
    furthest = report.evaluation.missing("period").groupby("unit")["cases_needed"].sum().sort_values(
        ascending=False, kind="stable")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto((folder / "period_report.html").resolve().as_uri())
        box = page.query_selector(".tm-headline").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900  # all of it on the first screen
        text = page.inner_text(".tm-headline")
        links = page.eval_on_selector_all(".tm-headline a", "els => els.map(e => e.getAttribute('href'))")
    finally:
        page.close()
    # The page judges the quarter (the year to date has its own table below) and says so.
    assert text.startswith("Chỉ tiêu chưa đạt (Quý III/2026): 4 trong số 6.")
    assert links[:3] == [f"unit_profile-{u}.html" for u in furthest.index[:3]]


def test_no_internal_code_reaches_a_reader(run_2026):
    folder, _ = run_2026
    text = re.sub(r"<[^>]+>", " ", (folder / "data_quality.html").read_text(encoding="utf-8"))
    assert "stage_unit_inferred" not in text
    assert "đơn vị truy tố, xét xử để trống, đã suy ra" in text


MAP_BOXES = """() => { const svg = document.querySelector('svg'); const s = svg.getBoundingClientRect();
  const box = b => [b.x, b.y, b.x + b.width, b.y + b.height];
  return {svg: box(s), labels: [...svg.querySelectorAll('.mark-text text')].map(t => box(t.getBoundingClientRect())),
          legends: [...svg.querySelectorAll('.role-legend')].map(g => box(g.getBoundingClientRect()))}; }"""


def test_the_map_at_155_units_has_no_colliding_labels_and_its_legends_inside(run_2026, browser, tmp_path):
    _, report = run_2026
    page_file = tmp_path / "map.html"
    page_file.write_text('<html><body style="margin:0">' + report.unit_map().svg() + "</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(page_file.resolve().as_uri())
        found = page.evaluate(MAP_BOXES)
    finally:
        page.close()
    labels, (sx0, sy0, sx1, sy1) = found["labels"], found["svg"]
    assert len(labels) >= 5  # the units that missed a target are named (Chromium's own measure of each text)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert len(found["legends"]) == 2  # status and caseload, both wholly inside the figure
    assert all(sx0 <= x0 and x1 <= sx1 and sy0 <= y0 and y1 <= sy1 for x0, y0, x1, y1 in found["legends"]), found


def test_the_index_lists_units_by_body_and_titles_carry_no_placeholder(run_2026):
    folder, _ = run_2026
    index = (folder / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h3 class="body">(.*?) \((\d+)\)</h3>', index)
    assert [name for name, _ in headings][:3] == ["Xã, phường", "Công an", "Viện kiểm sát"], headings
    assert sum(int(n) for _, n in headings) == len(list(folder.glob("unit_profile-*.html")))
    for page in folder.glob("*.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S).group(1)
        assert "chưa xác minh" not in title and "(số hiệu" not in title, (page.name, title)
    assert re.search(r"<title>Báo cáo kỳ \(Quý III/2026\)</title>", (folder / "period_report.html").read_text(encoding="utf-8"))


def test_the_city_polices_basis_names_its_31_predecessors_once(run_2026):
    folder, _ = run_2026
    html = (folder / "unit_profile-01-PC02.html").read_text(encoding="utf-8")
    cells = re.findall(r"so với 2022: [^<]*", html)
    assert cells and all("31 đơn vị cũ (30 quận, huyện; 1 công an" in c for c in cells if "Ba Đình" not in c)
    assert html.count("Hoàn Kiếm") == 1  # the full list, once: in the page's note
