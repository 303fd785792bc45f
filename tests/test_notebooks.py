"""The notebooks as users run them: the plain papermill command line, then the offline HTML export.

Each notebook runs for a quarter, a half-year and a year of the sample (from the sample
store, as `make report` builds it), with the parameters file a user passes (params/notebooks/);
the tests check content against the library, not just that no cell failed. Each notebook's
quarter goes through the papermill command line in a fresh kernel, as a user types it; the
half-year, the year and the English quarter go through papermill's same engine
(``papermill.execute_notebook``) in the runner's warm kernels, with the same parameters file
read as the command line reads it (tests/test_warm.py: the same executed notebook).
"""

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

from tipmonitor.core import paths
from tipmonitor.metrics.evaluation import CITY, evaluate
from tipmonitor.present.html_export import notebook_to_html
from tipmonitor.store.database import Store
from conftest import inputs_of
from tipmonitor.model import periods

pytestmark = pytest.mark.slow  # `make check` leaves it out; `make test` runs it

NOTEBOOKS = ["period_report", "unit_profile", "data_quality", "explore"]
PERIODS = {"quarter": "2024-Q4", "half": "2024-H1", "year": "2023"}
CHARTS = {"period_report": 6, "unit_profile": 1, "data_quality": 0, "explore": 2}
TITLES = {"period_report": "Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người",
          "unit_profile": "Kết quả thực hiện các chỉ tiêu của Kế hoạch", "data_quality": "Chất lượng số liệu",
          "explore": "Khám phá số liệu"}
PAPERMILL = Path(sys.executable).parent / "papermill"


def papermill(notebook: str, out: Path, params_file: str, *extra: str) -> subprocess.CompletedProcess:
    root = paths.project_root()
    return subprocess.run([str(PAPERMILL), str(root / "notebooks" / f"{notebook}.ipynb"), str(out), "-k", "tipmonitor",
                           "-f", str(root / "params" / "notebooks" / f"{params_file}.yaml"), *extra],
                          capture_output=True, text=True, cwd=root, timeout=600)


def file_parameters(params_file: str, **extra) -> dict:
    """The parameters papermill's command line passes for ``-f params/notebooks/<file>.yaml`` and then ``-p``
    (the file first, each ``-p`` over it)."""
    path = paths.project_root() / "params" / "notebooks" / f"{params_file}.yaml"
    return {**yaml.safe_load(path.read_text(encoding="utf-8")), **extra}


@pytest.fixture(scope="session")
def executed(sample_store, tmp_path_factory):
    """Every notebook for every kind of period: the half-years, years and the English quarter in the runner's
    two warm kernels, then each notebook's quarter through the papermill command line, two at a time (the
    machine has two cores)."""
    from tipmonitor.run.runner import Job, load_config, run_jobs

    folder = tmp_path_factory.mktemp("executed")
    jobs = {(nb, kind): folder / f"{nb}-{kind}.ipynb" for nb in NOTEBOOKS for kind in PERIODS}
    jobs[("period_report", "quarter-en")] = folder / "period_report-quarter-en.ipynb"
    by_hand = [key for key in jobs if key[1] == "quarter"]
    assert {nb for nb, _ in by_hand} == set(NOTEBOOKS)  # each notebook at least once by the command line

    def run(key):
        nb, kind = key
        return key, papermill(nb, jobs[key], kind, "-p", "data", str(sample_store))

    def extra(kind):
        return {"data": str(sample_store), **({"lang": "en"} if kind.endswith("-en") else {})}

    warm = [Job(f"{nb}-{kind}", nb, file_parameters(kind.split("-")[0], **extra(kind)), kind)
            for nb, kind in jobs if (nb, kind) not in by_hand]
    for result in run_jobs(warm, folder / "warm", load_config(), workers=2, mode="warm", progress=False, html=False):
        assert result.status == "ok", f"{result.job.key}: {result.error}"
        assert result.job.parameters["period"] == PERIODS[result.job.title.split("-")[0]]  # the file's period
        jobs[(result.job.notebook, result.job.title)] = result.output
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(run, by_hand))
    for key, result in results.items():
        assert result.returncode == 0, f"{key}: {result.stderr[-3000:]}"
    return jobs


class Rows(HTMLParser):
    """The data- attributes of the rows of one kind of table."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.inside, self.tables = css_class, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.css_class in (attrs.get("class") or ""):
            self.inside = True
            self.tables.append([])
        elif tag == "tr" and self.inside and any(k.startswith("data-") for k in attrs):
            self.tables[-1].append({k[5:].replace("-", "_"): v for k, v in attrs.items() if k.startswith("data-")})

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False


def html_outputs(path: Path) -> str:
    book = nbformat.read(str(path), as_version=4)
    return "".join(o.get("data", {}).get("text/html", "") for c in book.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))


def tables(path: Path, css_class: str) -> list[list[dict]]:
    parser = Rows(css_class)
    parser.feed(html_outputs(path))
    return parser.tables


@pytest.fixture(scope="session")
def dataset(sample_store):
    return Store(sample_store).current()


@pytest.mark.parametrize("kind", list(PERIODS))
def test_the_scorecard_shown_is_the_librarys_evaluation(executed, dataset, kind):
    evaluation = evaluate(inputs_of(dataset), periods.parse(PERIODS[kind]))
    shown = tables(executed[("period_report", kind)], "tm-scorecard")
    for scope, table in zip(("period", "ytd"), shown):
        expected = evaluation.scorecard(CITY, scope)
        assert [r["indicator"] for r in table] == list(expected.index)
        for row in table:
            e = expected.loc[row["indicator"]]
            assert row["status"] == e["status"]
            assert row["numerator"] == ("" if e["numerator"] != e["numerator"] else str(int(e["numerator"])))
            assert row["denominator"] == str(int(e["denominator"]))


@pytest.mark.parametrize("kind", list(PERIODS))
def test_the_units_listed_as_missing_are_exactly_those_the_library_marks(executed, dataset, kind):
    evaluation = evaluate(inputs_of(dataset), periods.parse(PERIODS[kind]))
    expected = {(r.unit, r.indicator) for r in evaluation.missing("period").itertuples()}
    shown = tables(executed[("period_report", kind)], "tm-missing")
    listed = {(r["unit"], r["indicator"]) for r in shown[0]} if shown else set()
    assert listed == expected and len(expected) > 0
    needed = [int(r["cases_needed"]) for r in shown[0]]
    assert needed == sorted(needed, reverse=True)  # furthest first


@pytest.mark.parametrize("notebook", NOTEBOOKS)
@pytest.mark.parametrize("kind", list(PERIODS))
def test_exported_html_is_offline_and_shows_every_chart(executed, notebook, kind):
    html = notebook_to_html(executed[(notebook, kind)])
    assert not re.search(r"<script[^>]+src\s*=\s*[\"']?https?:", html, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?https?:", html, re.I)
    assert not re.search(r"url\(\s*[\"']?https?:", html, re.I)
    assert not re.search(r"@import", html)
    assert html.count("<svg") == CHARTS[notebook]
    assert "Traceback" not in html
    assert TITLES[notebook] in html  # Vietnamese, with its diacritics
    assert '<html lang="vi">' in html
    assert "period = " not in html  # code cells are hidden


def test_the_english_report_is_one_parameter_away(executed):
    html = notebook_to_html(executed[("period_report", "quarter-en")])
    assert "Results against the targets" in html and "Crime reports resolved" in html
    assert "Kết quả thực hiện các chỉ tiêu" not in html


def test_the_summary_paragraph_names_the_figures(executed, dataset):
    book = nbformat.read(str(executed[("period_report", "quarter")]), as_version=4)
    last = next(c for c in book.cells if "".join(c.source) == "report.summary()").outputs[0]["data"]["text/markdown"]
    evaluation = evaluate(inputs_of(dataset), periods.parse(PERIODS["quarter"]))
    t2 = evaluation.scorecard(CITY).loc["T2_report_resolution"]
    assert f"{int(t2['numerator'])}/{int(t2['denominator'])}" in last
    assert last.startswith("Quý IV/2024, toàn Thành phố tiếp nhận")


def test_unit_profile_lists_overdue_reports_by_id_and_days_only(executed, dataset):
    from datetime import date

    from tipmonitor.metrics.counts import overdue_reports

    shown = html_outputs(executed[("unit_profile", "quarter")])
    assert "tm-rank" in shown
    # No victim data at all in the unit page's tables: ids of reports only.
    assert "NN-" not in shown
    # Unit 002 at the end of 2024-Q4 (14/12/2024): the library's listing, or its "none overdue" sentence.
    reports = dataset.crime_reports
    expected = overdue_reports(reports[reports["unit"] == "002"], date(2024, 12, 14))
    book = nbformat.read(str(executed[("unit_profile", "quarter")]), as_version=4)
    markdown = "".join(o.get("data", {}).get("text/markdown", "") for c in book.cells if c.cell_type == "code"
                       for o in c.get("outputs", []))
    table = re.search(r'<table class="tm-table tm-overdue">(.*?)</table>', shown, re.S)
    if not len(expected):  # the sample has none for 002 in 2024-Q4
        assert table is None and "Không có tin báo quá hạn giải quyết vào cuối kỳ." in markdown
        return
    header = re.findall(r"<th>(.*?)</th>", table.group(1))
    body = table.group(1).split("</thead>")[1]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", body)]
    assert len(header) == 2
    assert rows == [[r.report_id, str(r.days_overdue)] for r in expected.itertuples()]


def test_notebooks_are_stored_without_outputs_and_with_one_parameters_cell_first():
    for name in NOTEBOOKS:
        book = nbformat.read(str(paths.project_root() / "notebooks" / f"{name}.ipynb"), as_version=4)
        code = [c for c in book.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), f"{name}: strip the outputs"
        tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and tagged[0] is code[0], f"{name}: one parameters cell, the first code cell"
        for line in tagged[0].source.splitlines():
            if "=" in line:  # literal defaults only
                value = line.split("=", 1)[1].split("#")[0].strip()
                json.loads(value.replace("None", "null"))
        assert book.metadata["kernelspec"]["name"] == "tipmonitor"
