"""Public editions: small numbers withheld, complements so they cannot be recovered, and a scan of every output."""

import json
import re
from html.parser import HTMLParser

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipmonitor.metrics.disclosure import complement, protect, protect_cube, protect_table, protect_trend
from tipmonitor.metrics.evaluation import CITY, evaluate, trend
from tipmonitor.core.settings import SettingsError
from tipmonitor.run.runner import load_config, run_period
from tipmonitor.store.database import Store
from tipmonitor.model import periods
from conftest import inputs_of

T = 10


def _units_frame(counts: dict[str, int], **groups) -> pd.DataFrame:
    rows = [{"unit": u, "denominator": float(c), **groups} for u, c in counts.items()]
    rows.append({"unit": CITY, "denominator": float(sum(counts.values())), **groups})
    return pd.DataFrame(rows)


def test_a_single_small_unit_takes_the_next_smallest_with_it():
    # A=3 is under 10; the city shows 73 = 3 + 50 + 20, so A = 73 - 50 - 20 unless another unit is hidden too.
    frame = _units_frame({"A": 3, "B": 50, "C": 20}, indicator="T1")
    primary = frame["denominator"] < T
    withheld = complement(primary, frame["denominator"], [frame["indicator"]], frame["unit"] != CITY)
    assert dict(zip(frame["unit"], withheld)) == {"A": True, "B": False, "C": True, CITY: False}


def test_two_small_units_need_no_complement_and_groups_are_separate():
    frame = pd.concat([_units_frame({"A": 3, "B": 5, "C": 40}, indicator="T1"),
                       _units_frame({"A": 30, "B": 25, "C": 12}, indicator="T2")], ignore_index=True)
    primary = frame["denominator"] < T
    withheld = complement(primary, frame["denominator"], [frame["indicator"]], frame["unit"] != CITY)
    assert frame.loc[withheld, ["indicator", "unit"]].values.tolist() == [["T1", "A"], ["T1", "B"]]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=8), min_size=1, max_size=5))
def test_no_group_is_ever_left_with_exactly_one_hidden_part(groups):
    frame = pd.concat([_units_frame({f"u{i}": c for i, c in enumerate(g)}, indicator=f"I{k}") for k, g in enumerate(groups)],
                      ignore_index=True)
    parts = frame["unit"] != CITY
    primary = frame["denominator"] < T
    withheld = complement(primary, frame["denominator"], [frame["indicator"]], parts)
    assert (withheld | ~primary).all()  # every small count is hidden
    per_group = withheld[parts].groupby(frame.loc[parts, "indicator"]).sum()
    sizes = parts.groupby(frame["indicator"]).sum()
    for indicator, hidden in per_group.items():
        assert hidden != 1 or sizes[indicator] == 1, (indicator, frame[frame["indicator"] == indicator])


def test_breakdowns_hide_a_second_category_when_one_is_small():
    index = pd.MultiIndex.from_tuples([("2024-Q2", "A"), ("2024-Q2", CITY)], names=["window", "unit"])
    cube = pd.DataFrame({"victims.identified": [23, 23], "victims.identified[sex=female]": [20, 20],
                         "victims.identified[sex=male]": [3, 3],
                         "victims.identified[age_group=adult]": [12, 12], "victims.identified[age_group=child]": [11, 11]},
                        index=index)
    out = protect_cube(cube, T).loc[("2024-Q2", CITY)]
    # 3 men is under 10; 20 women would give it away (23 - 20), so both go. The age groups are both 10 or more.
    assert out["victims.identified"] == 23
    assert np.isnan(out["victims.identified[sex=male]"]) and np.isnan(out["victims.identified[sex=female]"])
    assert out["victims.identified[age_group=adult]"] == 12 and out["victims.identified[age_group=child]"] == 11



def test_a_cube_partner_is_the_smallest_shown_count_the_first_of_equals_a_missing_one_last_a_settled_one_never():
    # protect_cube's choice of a partner (docs/decisions.md, #24 session 10), worked by hand; T = 10:
    # 2024-Q1: A = 3 is under 10; the city's 33 = 3 + 15 + 15 (B sent nothing) would give it back, so one more
    #   unit goes: C and D are both 15, the smallest shown; C comes first; B (missing) is the last choice.
    # 2024-Q2: C = 4 is under 10; A = 12 is the only shown count left (B and D sent nothing): A goes.
    # 2024-Q3: as 2024-Q1, but C is settled elsewhere (``fixed``, shown as another edition shows it): D goes.
    # By age, 26 victims at the city = 11 adults + 4 children + 11 unknown: 4 children is under 10 (a breakdown of
    # persons, protected at every level); 26 - 11 - 11 would give it back, so adults and unknown tie at 11 and the
    # first (adults) goes with it; the city's total of 26 is published.
    units = ["A", "B", "C", "D", CITY]
    index = pd.MultiIndex.from_tuples([(w, u) for w in ("2024-Q1", "2024-Q2", "2024-Q3") for u in units],
                                      names=["window", "unit"])
    nan = np.nan
    identified = [3, nan, 15, 15, 33, 12, nan, 4, nan, 16, 3, nan, 15, 15, 33]
    cube = pd.DataFrame({"victims.identified": identified}, index=index)
    fixed = pd.DataFrame(False, index=index, columns=cube.columns)
    fixed.loc[("2024-Q3", "C"), "victims.identified"] = True
    out = protect_cube(cube, T, fixed=fixed)["victims.identified"]
    shown = {key: value for key, value in out.items() if not np.isnan(value)}
    assert shown == {("2024-Q1", "D"): 15, ("2024-Q1", CITY): 33, ("2024-Q2", CITY): 16,
                     ("2024-Q3", "C"): 15, ("2024-Q3", CITY): 33}

    city = pd.MultiIndex.from_tuples([("2024-Q1", CITY)], names=["window", "unit"])
    ages = pd.DataFrame({"victims.identified": [26], "victims.identified[age_group=adult]": [11],
                         "victims.identified[age_group=child]": [4], "victims.identified[age_group=unknown]": [11]},
                        index=city)
    row = protect_cube(ages, T).iloc[0]
    assert row["victims.identified"] == 26 and row["victims.identified[age_group=unknown]"] == 11
    assert np.isnan(row["victims.identified[age_group=adult]"]) and np.isnan(row["victims.identified[age_group=child]"])

def _trend_rows(unit: str, indicator: str, quarters: dict[str, tuple[int, int]]) -> list[dict]:
    return [{"quarter": q, "unit": unit, "indicator": indicator, "numerator": float(n), "denominator": float(d),
             "value": n / d} for q, (n, d) in quarters.items()]


def _table_row(scope: str, window: str, unit: str, n: float, d: float, baseline: tuple[float, float],
               baseline_year: tuple[float, float]) -> dict:
    """One row of an evaluation table, as evaluate() makes it, for T2 (status and notes irrelevant here)."""
    return {"scope": scope, "window": window, "unit": unit, "indicator": "T2", "numerator": float(n),
            "denominator": float(d), "pending": float(d - n), "value": n / d, "status": "met", "cases_needed": 0,
            "attainable": True, "rounding_note": None, "baseline_window": "2022-" + window[5:],
            "baseline_numerator": float(baseline[0]), "baseline_denominator": float(baseline[1]),
            "baseline_value": baseline[0] / baseline[1], "baseline_year_numerator": float(baseline_year[0]),
            "baseline_year_denominator": float(baseline_year[1]), "baseline_year_value": baseline_year[0] / baseline_year[1],
            "change_points": 0.0, "change_count": 0.0, "change_year_points": 0.0}


def test_a_year_to_date_figure_is_hidden_when_a_quarter_inside_it_is():
    # Unit A: Q1 30/40 (shown), Q2 5/6 (hidden). H1 = 35/46 would give Q2 away as H1 - Q1 = 5/6.
    # Unit B: 20/30 and 15/25, both shown; the city: sums. The H1 row of B stays; A's Q2 is alone
    # among units for Q2 and takes B's Q2 with it, and so B's H1 too. Every complement shown is 10
    # or more (B 30-20, 25-15; city 70-50, 31-20), so none is withheld for its complement.
    rows = (_trend_rows("A", "T2", {"2024-Q1": (30, 40), "2024-Q2": (5, 6)})
            + _trend_rows("B", "T2", {"2024-Q1": (20, 30), "2024-Q2": (15, 25)})
            + _trend_rows(CITY, "T2", {"2024-Q1": (50, 70), "2024-Q2": (20, 31)}))
    public_trend = protect_trend(pd.DataFrame(rows), T)
    hidden = public_trend.set_index(["quarter", "unit"])["withheld"]
    assert not hidden[("2024-Q1", "A")] and hidden[("2024-Q2", "A")] and hidden[("2024-Q2", "B")]
    assert not hidden[("2024-Q2", CITY)]
    table = pd.DataFrame([
        _table_row(s, w, u, n, d, (40, 50), (90, 100))
        for s, w, u, n, d in (("period", "2024-Q2", "A", 5.0, 6.0), ("ytd", "2024-H1", "A", 35.0, 46.0),
                              ("period", "2024-Q2", "B", 15.0, 25.0), ("ytd", "2024-H1", "B", 35.0, 55.0),
                              ("period", "2024-Q2", CITY, 20.0, 31.0), ("ytd", "2024-H1", CITY, 70.0, 101.0))])
    out = protect_table(table, public_trend, T, 2022).set_index(["scope", "unit"])
    assert out.loc[("ytd", "A"), "status"] == "withheld" and np.isnan(out.loc[("ytd", "A"), "numerator"])
    assert out.loc[("ytd", "B"), "status"] == "withheld"  # B's Q2 was hidden as A's complement
    assert out.loc[("ytd", CITY), "numerator"] == 70 and out.loc[("period", CITY), "numerator"] == 20
    assert out["change_count"].isna().all()


def test_the_sample_quarter_in_public_hides_every_small_figure(sample_store):
    dataset = Store(sample_store).current()
    internal = evaluate(inputs_of(dataset), periods.parse("2024-Q4"))
    public, public_trend = protect(internal, trend(inputs_of(dataset), periods.parse("2024-Q4"), units=internal.units), T)
    t = public.table
    shown = t[t["status"] != "withheld"]
    # Issue #26: a unit's counts 1..9 are withheld (0 describes nobody); the city's totals are published.
    units = shown[shown["unit"] != CITY]
    for column in ("numerator", "denominator", "baseline_numerator", "baseline_denominator",
                   "baseline_year_numerator", "baseline_year_denominator"):
        values = units[column].dropna().astype(float)
        assert values.map(lambda v: _allowed(v, T)).all(), column
    city = shown[(shown["unit"] == CITY) & shown["indicator"].str.match(r"T\d")]
    assert len(city) == 12 and city["numerator"].notna().all()  # T1-T6, period and year to date
    # What is shown is the internal figure, unchanged.
    merged = shown.merge(internal.table, on=["scope", "unit", "indicator"], suffixes=("", "_internal"))
    assert (merged["numerator"].fillna(-1) == merged["numerator_internal"].fillna(-1)).all() and len(merged) == len(shown)
    for frame in (public.cube, public.base_cube):
        unit_rows = frame[frame.index.get_level_values("unit") != CITY].to_numpy().ravel()
        persons = frame[[c for c in frame.columns if "[sex=" in c or "[age_group=" in c]].to_numpy().ravel()
        for values in (unit_rows, persons):
            values = values[~np.isnan(values)]
            assert ((values == 0) | (values >= T)).all()
    # The public trend has rates only: no count of any quarter, and no rate where the quarter is withheld.
    assert public_trend[["numerator", "denominator", "pending"]].isna().all().all()
    assert public_trend.loc[public_trend["withheld"], "rate_bp"].isna().all()
    assert public_trend.loc[~public_trend["withheld"], "rate_bp"].notna().any()


def test_a_public_run_refuses_internal_pages_before_any_kernel_starts(sample_store, monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    with pytest.raises(SettingsError, match="data_quality cannot be published"):
        load_config(data=str(sample_store), audience="public")
    with pytest.raises(SettingsError, match="public_threshold"):
        load_config(data=str(sample_store), audience="public", public_threshold=0,
                    notebooks=[{"name": "period_report"}])


def test_the_shipped_public_run_file_is_valid_and_publishes_apart():
    from tipmonitor.core import paths

    config = load_config(paths.params_dir() / "runs" / "public.yaml")
    assert config.audience == "public" and config.output != load_config().output
    assert {n.name for n in config.notebooks} == {"period_report", "unit_profile"}


# --- the scan of a whole public run --------------------------------------------------------------

COUNT_FIELDS = {"numerator", "denominator", "count", "caseload", "cases_needed", "records", "value_count", "pending",
                "baseline_numerator", "baseline_denominator", "baseline_year_numerator", "baseline_year_denominator",
                "change_count"}
FRACTION = re.compile(r"(?<![\d.,/])(\d{1,3}(?:[.,]\d{3})*)/(\d{1,3}(?:[.,]\d{3})*)(?![\d%/])")
COUNTED = re.compile(r"(?<![\d.,%])(\d{1,3}(?:\.\d{3})*) (tố giác|tin|vụ|bị can|nạn nhân|crime reports|new cases|"
                     r"suspects|were indicted|tried|victims)\b")


def _number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


class _Cells(HTMLParser):
    """Table cells of the report's tables, with their column headers, and data- attributes of rows."""

    def __init__(self):
        super().__init__()
        self.headers, self.cells, self.attrs = [], [], []
        self._in, self._text, self._column, self._row_headers = None, "", 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._column = 0
            row = dict(attrs)
            if row.get("data-unit") != CITY:  # the city's totals are published whatever their size (issue #26)
                self.attrs.extend((k, v) for k, v in attrs if k.startswith("data-"))
        if tag in ("th", "td"):
            self._in, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag == "thead":
            self._row_headers = list(self.headers)
        if tag == "th" and self._in:
            self.headers.append(self._text.strip())
            self._in = None
        if tag == "td" and self._in:
            header = self._row_headers[self._column] if self._column < len(self._row_headers) else ""
            self.cells.append((header, self._text.strip()))
            self._column += 1
            self._in = None
        if tag == "table":
            self.headers, self._row_headers = [], []

    def handle_data(self, data):
        if self._in:
            self._text += data


CITY_NAME = "Toàn thành phố"


def _city_page(where: str) -> bool:
    """The period report, the index and the manifest show the city's totals, published whatever their size
    (issue #26); their unit-level figures are proven by the audit (tests/test_audit.py). Unit pages are scanned."""
    return not ("unit_profile" in where or where.endswith((".csv", ".xlsx")))


def _allowed(value: float, threshold: int) -> bool:
    """0 describes nobody (issue #26): a public file may show it; a count 1..T-1 it may not."""
    return value == 0 or value >= threshold


def _check_text(text: str, where: str, threshold: int) -> None:
    for n, d in FRACTION.findall(text):
        assert _allowed(_number(n), threshold) and _allowed(_number(d), threshold), f"{where}: {n}/{d}"
    for n, noun in COUNTED.findall(text):
        assert _allowed(_number(n), threshold), f"{where}: {n} {noun}"


def _check_csv_counts(path, where: str, T: int) -> None:
    """A public CSV's count columns hold no count under the threshold."""
    frame = pd.read_csv(path, encoding="utf-8-sig")
    frame = frame[~frame.isin([CITY_NAME, CITY]).any(axis=1)]  # the city's totals are published (issue #26)
    for header in ("Tử số", "Mẫu số", "Cần giải quyết thêm", "Chênh lệch tử số"):
        values = frame[header].dropna()
        small = values[(values > 0) & (values < T)]
        assert not len(small), f"{where} [{header}]: {small.tolist()}"


def _check_html(html: str, where: str, threshold: int) -> None:
    from tipmonitor.core import words

    # The city's rows (data-unit="CITY": its scorecard in the explore notebook) are published (issue #26).
    html = re.sub(r'<tr[^>]*data-unit="CITY".*?</tr>', " ", html, flags=re.S)
    parser = _Cells()
    parser.feed(html)
    count_headers = {words.say(f"column.{k}", lang) for k in ("fraction", "cases_needed") for lang in ("vi", "en")} | COUNT_FIELDS
    for header, text in parser.cells:
        if header in count_headers or header.startswith("Cùng kỳ") or header.startswith("Same period"):
            _check_text(text, f"{where} [{header}]", threshold)
            if header in count_headers and re.fullmatch(r"[\d.,]+", text):
                assert _allowed(_number(text), threshold), f"{where} [{header}]: {text}"
    for key, value in parser.attrs:
        if key.replace("data-", "").replace("-", "_") in COUNT_FIELDS and value not in ("", "nan", "<NA>"):
            assert _allowed(float(value), threshold), f"{where}: {key}={value}"
    # Running text outside tables: the summary paragraph and the notes.
    prose = re.sub(r"<table.*?</table>|<svg.*?</svg>|<style.*?</style>|<script.*?</script>", " ", html, flags=re.S)
    _check_text(re.sub(r"<[^>]+>", " ", prose), where, threshold)


def _check_vega(spec, where: str, threshold: int) -> None:
    for dataset in spec.get("data", []):
        for row in dataset.get("values", []) or []:
            if not isinstance(row, dict) or row.get("unit") == CITY:  # the city's totals are published (issue #26)
                continue
            for key, value in row.items():
                if key in COUNT_FIELDS and isinstance(value, (int, float)) and not np.isnan(value):
                    assert _allowed(value, threshold), f"{where}: {dataset.get('name')} {key}={value}"
                if key in ("cell_text", "fraction", "text", "shown") and isinstance(value, str):
                    _check_text(value, f"{where}: {key}", threshold)


@pytest.fixture(scope="module")
def public_run(sample_store, sample_year_verdict, tmp_path_factory):
    # 2024's verdict from the session's editions (conftest.sample_year_verdict): the run's gate reads it.
    assert sample_year_verdict(2024)["passed"]
    dataset = Store(sample_store).current()
    # Units of 2024-Q4's geography (the sample's communes and regional units begin on 1-7-2025).
    reports = dataset.crime_reports[dataset.crime_reports["received_date"] <= "2024-12-14"]
    counts = reports["unit"].astype(str).value_counts()  # not the categorical's unused codes, counted 0
    busiest, quietest = counts.index[:4].tolist(), counts.index[-2:].tolist()
    config = load_config(data=str(sample_store), audience="public",
                         notebooks=[{"name": "period_report"}, {"name": "unit_profile", "per": "unit"}])
    result = run_period("2024-Q4", config, units=busiest + quietest, output=tmp_path_factory.mktemp("public"),
                        workers=2, progress=False)
    assert result.ok, [f.error for f in result.failures]
    return result, dataset


def test_every_output_of_a_public_run_is_free_of_small_counts_and_record_ids(public_run):
    result, dataset = public_run
    ids = set()
    for table, column in (("crime_reports", "report_id"), ("cases", "case_id"), ("victims", "victim_id")):
        ids |= set(dataset.table(table)[column].astype(str))
    id_pattern = re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)))
    files = [p for p in result.folder.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".ipynb", ".xlsx", ".csv", ".json"} <= kinds
    scanned = 0
    for path in files:
        where = str(path.relative_to(result.folder))
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            for sheet in book.worksheets:
                rows = list(sheet.iter_rows(values_only=True))
                headers = rows[0] if rows else ()
                for row in rows[1:]:
                    for header, value in zip(headers, row):
                        assert not (isinstance(value, str) and id_pattern.search(value)), where
                        if (header in ("Tử số", "Mẫu số", "Cần giải quyết thêm", "Chênh lệch tử số") and value is not None
                                and CITY_NAME not in row):
                            assert _allowed(value, T), f"{where} {sheet.title} [{header}] = {value}"
                text = " ".join(str(v) for row in rows for v in row if v is not None)
                assert "«*»" in text or sheet.title != "Ghi chú"  # the notes sheet states the rule and its marks
            scanned += 1
            continue
        if path.suffix == ".docx":  # the official report (issue #15): no record id, no unit's free text
            import docx

            document = docx.Document(str(path))
            text = "\n".join([p.text for p in document.paragraphs]
                             + [c.text for t in document.tables for r in t.rows for c in r.cells])
            assert not id_pattern.search(text), f"{where}: a record id"
            assert not any(t in text for t in dataset.unit_texts["text"].dropna()), f"{where}: a unit's text"
            scanned += 1
            continue
        text = path.read_text(encoding="utf-8-sig")
        assert not id_pattern.search(text), f"{where}: a record id"
        if path.suffix == ".csv":
            _check_csv_counts(path, where, T)
        elif path.suffix == ".html":
            if not _city_page(where):
                _check_html(text, where, T)
            assert "Bản công bố" in text  # the page states the rule
        elif path.suffix == ".ipynb" and not _city_page(where):
            _check_notebook(path, where)
        scanned += 1
    assert scanned >= 14  # 7 pages as HTML and notebooks, the workbook, two CSV files, the index, the manifest


def test_the_scan_catches_what_it_looks_for():
    # The checks above must fail on a small count, else the scan proves nothing.
    with pytest.raises(AssertionError):
        _check_html('<table><thead><tr><th>Kết quả (tử số/mẫu số)</th></tr></thead><tbody><tr><td>3/41</td></tr></tbody></table>',
                    "x", T)
    with pytest.raises(AssertionError):
        _check_html('<table><tbody><tr data-numerator="4"><td>a</td></tr></tbody></table>', "x", T)
    with pytest.raises(AssertionError):
        _check_text("Khởi tố mới 7 vụ án", "x", T)
    with pytest.raises(AssertionError):
        _check_vega({"data": [{"name": "d", "values": [{"count": 3}]}]}, "x", T)
    _check_text("Xác định 23 nạn nhân, trong đó 21/23 đã được hỗ trợ (91,30%)", "x", T)
    # The city's row passes (its totals are published); the same figure in a unit's row does not.
    row = '<table><thead><tr><th>Kết quả (tử số/mẫu số)</th></tr></thead><tbody><tr data-unit="{}"><td>6/7</td></tr></tbody></table>'
    _check_html(row.format("CITY"), "x", T)
    with pytest.raises(AssertionError):
        _check_html(row.format("HK"), "x", T)


def _check_notebook(path, where: str) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.vega.v5+json" in data:
                _check_vega(data["application/vnd.vega.v5+json"], where, T)
            if "text/html" in data:
                _check_html("".join(data["text/html"]), where, T)
            if "text/markdown" in data:
                _check_text("".join(data["text/markdown"]), where, T)


def test_the_explore_notebook_in_public_mode_shows_no_small_counts(sample_store, tmp_path):
    import subprocess
    import sys

    from tipmonitor.core import paths

    out = tmp_path / "explore.ipynb"
    done = subprocess.run([sys.executable, "-m", "papermill", str(paths.project_root() / "notebooks" / "explore.ipynb"),
                           str(out), "-k", "tipmonitor", "--no-progress-bar", "-p", "audience", "public",
                           "-p", "period", "2024-Q4", "-p", "data", str(sample_store)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    _check_notebook(out, "explore.ipynb")


def test_the_public_page_states_the_rule_and_marks_hidden_cells(public_run):
    result, _ = public_run
    html = (result.folder / "period_report.html").read_text(encoding="utf-8")
    assert "Bản công bố" in html and "«*» không công bố để bảo vệ nạn nhân" in html  # the marks, said (issue #26)
    assert "Không công bố" in html  # the status of hidden cells, in words
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["audience"] == "public"


def test_the_public_edition_renders_offline_in_a_browser(public_run):
    import os

    from browser_check import CHROMIUM, check_report

    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed and could not be (make test installs Debian's chromium as root)")
    result, _ = public_run
    report = check_report(result.folder)
    assert report.blocked_requests == []
    assert "data_quality.html" not in report.pages and len(report.pages) == 8  # index, period report, 6 units
    for name, page in report.pages.items():
        assert page.broken_links == [] and page.vietnamese and page.empty_charts == 0, (name, page)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
                min_size=2, max_size=7))
def test_the_rule_holds_on_any_half_year_of_any_units(counts):
    # Units with (numerator, denominator) per quarter of a half year; the half year is their sum, the
    # city the units' sum. Whatever the counts, after protection: nothing shown is under T, no shown
    # complement (denominator - numerator) is between 1 and T - 1, no group of units has exactly one
    # hidden nor hidden complements summing to 1..T-1 under a shown city, and a hidden quarter hides the half year.
    rows, table = [], []
    for i, (n1, e1, n2, e2) in enumerate(counts):
        d1, d2 = n1 + e1, n2 + e2
        rows += _trend_rows(f"u{i}", "T2", {"2024-Q1": (n1, max(d1, 1)), "2024-Q2": (n2, max(d2, 1))})
    frame = pd.DataFrame(rows)
    city = frame.groupby("quarter", as_index=False)[["numerator", "denominator"]].sum()
    city["unit"], city["indicator"] = CITY, "T2"
    city["value"] = city["numerator"] / city["denominator"]
    trend_frame = pd.concat([frame, city], ignore_index=True)
    half = trend_frame.groupby("unit", as_index=False)[["numerator", "denominator"]].sum()
    for r in half.itertuples(index=False):
        pair = (r.numerator, r.denominator)
        table.append(_table_row("period", "2024-H1", r.unit, *pair, baseline=pair, baseline_year=pair))
    public_trend = protect_trend(trend_frame, T)
    out = protect_table(pd.DataFrame(table), public_trend, T, 2022)
    # Issue #26: a unit's counts and complements 1..T-1 are withheld, 0 is not; the city's are published.
    shown = out[~out["withheld"] & (out["unit"] != CITY)]
    assert shown["numerator"].map(lambda v: _allowed(v, T)).all() and shown["denominator"].map(lambda v: _allowed(v, T)).all()
    table_gaps = pd.DataFrame(table).set_index("unit")
    gaps = table_gaps["denominator"] - table_gaps["numerator"]
    assert not gaps[shown["unit"]].between(1, T - 1).any()
    units = out[out["unit"] != CITY]
    city_shown = not out.loc[out["unit"] == CITY, "withheld"].iloc[0]
    assert not (city_shown and units["withheld"].sum() == 1)
    # ... under T, unless they are all the city's complement (published with the city's counts, issue #26)
    assert not (city_shown and 0 < gaps[units.loc[units["withheld"], "unit"]].sum() < min(T, gaps[CITY]))
    hidden_quarters = set(public_trend.loc[public_trend["withheld"], "unit"])
    assert set(units.loc[units["withheld"], "unit"]) >= hidden_quarters - {CITY}
    for quarter, group in public_trend[public_trend["unit"] != CITY].groupby("quarter"):
        city_quarter_shown = not public_trend[(public_trend["unit"] == CITY) & (public_trend["quarter"] == quarter)]["withheld"].iloc[0]
        assert not (city_quarter_shown and group["withheld"].sum() == 1)


def test_a_year_to_date_hidden_as_a_complement_hides_this_quarter_when_earlier_ones_were_published():
    # The Q1 report hid A's Q1 (its partner then was unit D, gone since) and published B's and C's.
    # Now, in Q2: A's H1 is hidden (its Q1 was); the H1 group needs a partner: B, the smallest. But
    # B's H1 = B's Q1 (published) + B's Q2: so B's Q2 must go too, and then Q2 needs a partner: A.
    # Every complement is 10 or more (A's Q2 22-12, B's 30-20, C's 40-30; H1: 28-17, 60-40, 80-60),
    # so none is withheld for its complement.
    trend_frame = pd.DataFrame(
        _trend_rows("A", "T2", {"2024-Q1": (5, 6), "2024-Q2": (12, 22)})
        + _trend_rows("B", "T2", {"2024-Q1": (20, 30), "2024-Q2": (20, 30)})
        + _trend_rows("C", "T2", {"2024-Q1": (30, 40), "2024-Q2": (30, 40)}))
    trend_frame["withheld"] = (trend_frame["unit"] == "A") & (trend_frame["quarter"] == "2024-Q1")
    rows = []
    for scope, window, numbers in (("period", "2024-Q2", {"A": (12, 22), "B": (20, 30), "C": (30, 40), CITY: (62, 92)}),
                                   ("ytd", "2024-H1", {"A": (17, 28), "B": (40, 60), "C": (60, 80), CITY: (117, 168)})):
        for unit, (n, d) in numbers.items():
            rows.append(_table_row(scope, window, unit, n, d, (100, 100), (100, 100)))
    out = protect_table(pd.DataFrame(rows), trend_frame, T, 2022)
    hidden = {(r.scope, r.unit) for r in out[out["withheld"]].itertuples()}
    assert hidden == {("ytd", "A"), ("ytd", "B"), ("period", "B"), ("period", "A")}


def test_the_public_manifest_names_no_path_and_no_submission_hash(public_run, sample_store):
    # Issue #16 item 3: every submission's content hash told which units sent a header-only file, and the
    # store's path named the machine's folders. What a reader needs stays: period, rule, as-of date, versions.
    result, _ = public_run
    text = (result.folder / "manifest.json").read_text(encoding="utf-8")
    history = Store(sample_store).submissions()
    assert len(history) > 100
    leaked = [h for h in history["content_hash"] if h in text]
    assert leaked == [], f"{len(leaked)} submission hashes in the public manifest"
    assert str(sample_store) not in text and str(sample_store.parent) not in text and str(result.folder) not in text
    manifest = json.loads(text)
    assert manifest["period"] == "2024-Q4" and manifest["parameters"]["rule"] == "official"
    assert manifest["parameters"]["public_threshold"] is None or manifest["parameters"]["public_threshold"] >= T
    assert manifest["inputs"]["as_of"] == max(history.loc[history["current"], "received_on"]).isoformat()
    assert len(manifest["inputs"]["data_sha256"]) == 64 and manifest["versions"]["tipmonitor"]


# --- one plan year's public editions together (issue #16 items 1 and 2) -------------------------

YEAR_EDITIONS = ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024-H1", "2024-9M", "2024")


@pytest.fixture(scope="module")
def sample_editions(sample_store, sample_results):
    """The public and internal editions of a period of the sample, each made once in the module (the tests only read
    them; a report computes what is asked of it once): ``editions(period)`` -> (public, internal). Their results are
    the session's (conftest.sample_results: the year audit and test_public_editions read the same editions)."""
    from functools import cache

    from tipmonitor.present.report import PeriodReport

    dataset = Store(sample_store).current()

    @cache
    def editions(period: str):
        return (PeriodReport(dataset, period, audience="public", results=sample_results(period, "public")),
                PeriodReport(dataset, period, results=sample_results(period)))

    return editions


@pytest.fixture(scope="module")
def year_editions(sample_editions):
    return {p: sample_editions(p) for p in YEAR_EDITIONS}


def _published(year_editions) -> dict:
    """Every count the year's editions publish, keyed by (first month, last month, unit, measure)."""
    out = {}
    for public, internal in year_editions.values():
        for window, cube in ((public.period, public.evaluation.cube), (public.period.year_to_date(), public.evaluation.cube)):
            shown = cube.xs(window.label, level="window")
            truth = internal.evaluation.cube.xs(window.label, level="window")
            for unit in shown.index:
                for measure, value in shown.loc[unit].dropna().items():
                    out[(*window.months, unit, measure)] = (value, truth.loc[unit, measure])
    return out


def test_no_difference_of_two_editions_of_a_year_gives_back_a_small_count(year_editions):
    # Q3 = 9M - H1, Q4 = 2024 - 9M, Q2 = H1 - Q1...: a published window minus a published window it
    # starts with is the count of the months between; it must never be a count under T. Only a flow (a measure
    # that combines by sum) is such a count: a stock at a window's start or end (opening, closing, overdue, the
    # 2024 Law's persons still being identified) differs between windows by no count of persons.
    from tipmonitor.model.measures import parse_measure

    published = _published(year_editions)
    leaks = []
    # Issue #26: what is protected is a unit's count 1..T-1 and a count 1..T-1 of a breakdown of persons.
    from tipmonitor.model.sensitivity import sensitivity

    rule = sensitivity()
    for (first, last, unit, measure), (value, truth) in published.items():
        protects = rule.protects("city" if unit == CITY else "unit", measure)
        assert value == truth and (not protects or _allowed(value, T)), (first, last, unit, measure)
        if not protects or parse_measure(measure)[0].combine != "sum":
            continue
        for inner in range(first, last):
            other = published.get((first, inner, unit, measure))
            if other is not None and 0 < value - other[0] < T:
                leaks.append((first, inner, last, unit, measure, value - other[0]))
    assert leaks == []


def test_a_withheld_rate_shows_its_counts_nowhere_on_the_same_page(year_editions):
    # The public 2024 report withheld the city's T3 while its pipeline chart said "Án đã khám phá 22"
    # and "Án khởi tố mới 27" (T3 = solved / initiated): a withheld rate's counts are withheld too.
    from tipmonitor.present.views import pipeline_stages

    checked = 0
    for public, _ in year_editions.values():
        e = public.evaluation
        cube = e.cube.xs(e.period.label, level="window")
        for r in e.table[(e.table["scope"] == "period") & (e.table["status"] == "withheld")].itertuples():
            indicator = e.registry.indicators[r.indicator]
            if r.unit == CITY and r.units_left_out:  # the city's rate is over the units that sent both counts,
                # so its counts are not the city's cells (S4 of 2024 leaves out 269, plan_year.left_out_leaks):
                # its own numerator and denominator are what it must not show
                assert np.isnan(r.numerator) and np.isnan(r.denominator), (e.period.label, r.indicator)
                checked += 1
                continue
            for measure in indicator.numerator.measures + indicator.denominator.measures:
                if measure in cube.columns:
                    assert np.isnan(cube.loc[r.unit, measure]), (e.period.label, r.unit, r.indicator, measure)
                    checked += 1
        stages = pipeline_stages(e, "vi")
        city = e.table[(e.table["scope"] == "period") & (e.table["unit"] == CITY)].set_index("indicator")
        if city.loc["T3_discovery", "status"] == "withheld":
            shown = stages[(stages["window"] == e.period.label) & stages["measure"].isin(
                ["investigation.intake", "investigation.intake_solved"])]
            assert shown["count"].isna().all(), shown
    assert checked > 0


def test_total_minus_the_shown_categories_is_never_one_part_or_a_small_sum(year_editions):
    # Victims by age: total 12, adults 6 shown, children 3 and unknown 3 withheld gives "non-adults = 6".
    for public, internal in year_editions.values():
        cube, truth = public.evaluation.cube, internal.evaluation.cube
        families = {}
        for column in cube.columns:
            if "[" in column and "support_kind" not in column:
                families.setdefault(column.split("=")[0], []).append(column)
        for key, columns in families.items():
            total = key.split("[")[0]
            for index in cube.index:
                if pd.isna(cube.loc[index, total]):
                    continue
                hidden = [c for c in columns if pd.isna(cube.loc[index, c]) and not pd.isna(truth.loc[index, c])]
                # What units that sent the total without its categories hold is in the total and in no category
                # (the city's 2024-Q1 intake: 269's 2 reports without a channel): a hidden part too (session 7).
                known = truth.loc[index, columns].notna().any()  # a row without any category publishes none
                left = truth.loc[index, total] - truth.loc[index, columns].sum() if known else 0
                if hidden or left > 0:  # at least T between them, or all the published total has (issue #26)
                    enough = min(T, cube.loc[index, total])
                    assert len(hidden) + (left > 0) >= 2 and truth.loc[index, hidden].sum() + left >= enough, \
                        (index, key, hidden, left)


# --- a rate's complement (denominator - numerator) is a count too ---------------------------------

def test_a_pair_whose_complement_is_small_is_withheld_but_a_complement_of_zero_is_not():
    # A: 16/17 (both 10 or more, but 17 - 16 = 1 victim not supported: withheld).
    # B: 20/20 (100 %: nothing left to say about anyone, shown). C: 100/130 (30 left, shown).
    # City: 136/167 (31 left). Units A alone would be recovered as the city minus B and C, so the
    # smallest other part by denominator, B (20), goes too; but then A + B's complements sum to
    # 1 + 0 = 1, which the city's 31 minus C's 30 gives: C, the smallest complement above 0, goes too.
    rows = (_trend_rows("A", "T6", {"2024-Q2": (16, 17)}) + _trend_rows("B", "T6", {"2024-Q2": (20, 20)})
            + _trend_rows("C", "T6", {"2024-Q2": (100, 130)}) + _trend_rows(CITY, "T6", {"2024-Q2": (136, 167)}))
    public_trend = protect_trend(pd.DataFrame(rows), T)
    hidden = dict(zip(public_trend["unit"], public_trend["withheld"]))
    assert hidden == {"A": True, "B": True, "C": True, CITY: False}
    # Alone, B's 100 % is published: a complement of 0 withholds nothing.
    alone = protect_trend(pd.DataFrame(_trend_rows("B", "T6", {"2024-Q2": (20, 20)})
                                       + _trend_rows("C", "T6", {"2024-Q2": (100, 130)})
                                       + _trend_rows(CITY, "T6", {"2024-Q2": (120, 150)})), T)
    assert not alone["withheld"].any()


def test_the_withheld_units_complements_are_never_a_small_sum_under_a_shown_city():
    # Complements add up to the city's: A 16/17 (1 left) and D 5/5 (0 left, withheld as under 10)
    # are two withheld parts, so the count rule is satisfied; but their complements sum to 1 + 0 = 1,
    # the city's (171 - 141 = 30... see below) minus the shown units' would give it. E (30/42, 12 left)
    # has the smallest complement above 0 (F: 90/115, 25 left): E is withheld too, 1 + 0 + 12 = 13.
    # City: 16+5+30+90 = 141 over 17+5+42+115 = 179, 38 left = 1 + 0 + 12 + 25.
    frame = pd.DataFrame([{"unit": u, "numerator": float(n), "denominator": float(d)}
                          for u, n, d in (("A", 16, 17), ("D", 5, 5), ("E", 30, 42), ("F", 90, 115), (CITY, 141, 179))])
    primary = (frame["numerator"] < T) | (frame["denominator"] < T) | ((frame["denominator"] - frame["numerator"]).between(1, T - 1))
    parts = frame["unit"] != CITY
    counted = complement(primary, frame["denominator"], [pd.Series("T6", index=frame.index)], parts)
    assert dict(zip(frame["unit"], counted)) == {"A": True, "D": True, "E": False, "F": False, CITY: False}
    withheld = complement(primary, frame["denominator"], [pd.Series("T6", index=frame.index)], parts,
                          frame["denominator"] - frame["numerator"], T)
    assert dict(zip(frame["unit"], withheld)) == {"A": True, "D": True, "E": True, "F": False, CITY: False}


def _victims(unit: str, month: str, identified: int, supported: int) -> list[dict]:
    """``identified`` synthetic victims of a unit identified on the 2nd of ``month``, the first ``supported``
    of them supported three days later (inside the same quarter)."""
    return [dict(victim_id=f"NN-{unit}-{month}-{i}", unit=unit, sex="female", age_group="adult",
                 received_date=f"{month}-01", identified_date=f"{month}-02",
                 supported_date=f"{month}-05" if i < supported else "", support_kinds="medical" if i < supported else "")
            for i in range(identified)]


# T6 (victims supported / identified, target 100 %), 2023, four units (every other unit has none):
#            Q1 (February)      Q2 (May)          H1 = Q1 + Q2
#   002      25/25 (0 left)     16/17 (1 left)    41/42 (1 left)
#   006      18/30 (12 left)    28/40 (12 left)   46/70 (24 left)
#   003      35/50 (15 left)    35/50 (15 left)   70/100 (30 left)
#   004      12/12 (0 left)     12/12 (0 left)    24/24 (0 left)
#   city     90/117 (27 left)   91/119 (28 left)  181/236 (55 left)
# The units with no victims are withheld zeros summing to 0, so each measure's smallest shown count goes
# with them (plan_year.py): 004's 12 identified and 12 supported, which keeps 002 in view.
COMPLEMENT_VICTIMS = (_victims("002", "2023-02", 25, 25) + _victims("002", "2023-05", 17, 16)
                      + _victims("004", "2023-02", 12, 12) + _victims("004", "2023-05", 12, 12)
                      + _victims("006", "2023-02", 30, 18) + _victims("006", "2023-05", 40, 28)
                      + _victims("003", "2023-02", 50, 35) + _victims("003", "2023-05", 50, 35))


@pytest.fixture(scope="module")
def complement_editions():
    from conftest import make_dataset
    from tipmonitor.present.report import PeriodReport

    dataset = make_dataset(victims=COMPLEMENT_VICTIMS)
    return dataset, {p: PeriodReport(dataset, p, audience="public") for p in ("2023-Q1", "2023-Q2", "2023-H1")}


def _t6(report, scope: str) -> dict:
    t = report.evaluation.table
    rows = t[(t["indicator"] == "T6_victim_support") & (t["scope"] == scope)]
    return {r.unit: (None if r.withheld else (int(r.numerator), int(r.denominator))) for r in rows.itertuples()
            if r.unit in ("002", "006", "003", "004", CITY)}


@pytest.mark.slow  # the editions of a whole year, published (tens of seconds)
def test_a_small_complement_is_withheld_with_its_partners_in_every_window_of_the_year(complement_editions):
    _, editions = complement_editions
    # Q1: 002's 25/25 is 100 % (0 left): published; 006 (12 left) and 003 (15 left) too; 004's 12/12 too:
    # no count is 1..9 (the units with no victims show 0, which describes nobody: issue #26).
    assert _t6(editions["2023-Q1"], "period") == {"002": (25, 25), "006": (18, 30), "003": (35, 50), "004": (12, 12),
                                                  CITY: (90, 117)}
    # Q2: 002's 16/17 leaves 1: withheld. The other withheld units (a unit with no victims, 0 left, taken so
    # that 002's counts are not alone) add nothing, so the withheld complements sum to 1, which the city's 28
    # minus 006's 12 and 003's 15 would give: 006, the smallest complement above 0, goes too (1 + 12 = 13).
    # 003, 004 (0 left) and the city stay.
    assert _t6(editions["2023-Q2"], "period") == {"002": None, "006": None, "003": (35, 50), "004": (12, 12),
                                                  CITY: (91, 119)}
    # H1 (the Q2 edition's year to date, and the H1 edition): 002's H1 (1 left) by itself; 006's H1 (24 left)
    # because its Q2 is withheld, else H1 - Q1 (published in the Q1 edition) = 46/70 - 18/30 = 28/40 again.
    for report, scope in ((editions["2023-Q2"], "ytd"), (editions["2023-H1"], "period"), (editions["2023-H1"], "ytd")):
        assert _t6(report, scope) == {"002": None, "006": None, "003": (70, 100), "004": (24, 24), CITY: (181, 236)}


@pytest.mark.slow  # the editions of a whole year, published (tens of seconds)
def test_no_withheld_complement_comes_back_by_subtraction_across_units_and_editions(complement_editions):
    # Every T6 pair the year's editions publish, by (first month, last month, unit); then each way a
    # reader can subtract: the city minus the shown units of one window, and a longer window minus a
    # shorter one it starts with (H1 - Q1 gives Q2). No difference of complements is between 1 and 9.
    _, editions = complement_editions
    published: dict[tuple, dict[str, int]] = {}
    for report in editions.values():
        t = report.evaluation.table
        for r in t[(t["indicator"] == "T6_victim_support") & ~t["withheld"]].itertuples():
            months = periods.parse(r.window).months
            published.setdefault(months, {})[r.unit] = int(r.denominator - r.numerator)
    leaks = []
    for months, units in published.items():
        if CITY in units:
            rest = units[CITY] - sum(v for u, v in units.items() if u != CITY)
            if 0 < rest < T:
                leaks.append(("city minus units", months, rest))
        for (first, last), shorter in published.items():
            if first == months[0] and last < months[1]:
                for unit, gap in units.items():
                    if unit in shorter and 0 < gap - shorter[unit] < T:
                        leaks.append(("window minus window", months, (first, last), unit, gap - shorter[unit]))
    assert leaks == [] and published  # and something was published


def _write_public_edition(report, folder) -> list:
    """Every public output of one edition as files: the pages' tables, notes and charts (SVG and the Vega data
    behind them) for the city and each unit with victims, the workbook, the CSV export and the .docx."""
    from tipmonitor.present.official import file_name, write_official_report
    from tipmonitor.present.report import UnitProfile
    from tipmonitor.present.workbook import write_csv, write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    shown = [("summary", report.summary()), ("method", report.method_note()), ("note", report.disclosure_note()),
             ("scorecard", report.scorecard()), ("scorecard-ytd", report.scorecard(scope="ytd")),
             ("missing", report.units_missing_targets()), ("missing-ytd", report.units_missing_targets("ytd")),
             ("heatmap", report.status_heatmap()), ("trends", report.trends()), ("pipeline", report.pipeline()),
             ("victims", report.victims()), ("activities", report.activity_table())]
    for unit in ("002", "006", "003", "004"):
        page = UnitProfile(report.dataset, report.period.label, unit, audience="public")
        shown += [(f"{unit}-scorecard", page.unit_scorecard()), (f"{unit}-scorecard-ytd", page.unit_scorecard("ytd")),
                  (f"{unit}-rank", page.rank_table()), (f"{unit}-trend", page.unit_trend())]
    for name, item in shown:
        if hasattr(item, "_repr_mimebundle_"):
            bundle = item._repr_mimebundle_()
            (folder / f"{name}.svg").write_text(bundle["image/svg+xml"], encoding="utf-8")
            (folder / f"{name}.vega.json").write_text(json.dumps(bundle["application/vnd.vega.v5+json"]), encoding="utf-8")
        elif hasattr(item, "_repr_html_"):
            (folder / f"{name}.html").write_text(item._repr_html_(), encoding="utf-8")
        else:  # Markdown
            (folder / f"{name}.md").write_text(item.data, encoding="utf-8")
    write_workbook(report.evaluation, folder / "chi-tieu.xlsx")
    write_csv(report.evaluation, folder)
    write_official_report(report, folder / file_name(report.period.label))
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow  # the editions of a whole year, published (tens of seconds)
def test_no_public_file_carries_the_pair_or_its_small_complement(complement_editions, tmp_path):
    # 002's Q2 (and H1) T6 is 16/17 (41/42): every file of the Q2 and H1 public editions is read back,
    # and neither pair, nor any count under 10 where counts are written (so not the "1" left to support
    # or needed for the 100 % target), appears.
    import docx

    _, editions = complement_editions
    scanned = set()
    for label in ("2023-Q2", "2023-H1"):
        for path in _write_public_edition(editions[label], tmp_path / label):
            where = f"{label}/{path.name}"
            if path.suffix == ".xlsx":
                sheets = [list(sheet.iter_rows(values_only=True)) for sheet in openpyxl.load_workbook(path).worksheets]
                text = " ".join(str(v) for table in sheets for row in table for v in row if v is not None)
                for table in sheets:
                    for row in table[1:]:
                        for header, value in zip(table[0], row):
                            if header in ("Tử số", "Mẫu số", "Cần giải quyết thêm", "Chênh lệch tử số") and value is not None:
                                assert _allowed(value, T), f"{where} [{header}] = {value}"
                assert "Tử số" in sheets[0][0], where
            elif path.suffix == ".docx":
                document = docx.Document(str(path))
                text = "\n".join([p.text for p in document.paragraphs]
                                 + [c.text for t in document.tables for r in t.rows for c in r.cells])
                _check_text(text.replace("mua bán người 30/7", ""), where, T)  # that one is a date: 30 July
            else:
                text = path.read_text(encoding="utf-8-sig")
                if path.suffix == ".csv":
                    _check_csv_counts(path, where, T)
                elif path.suffix == ".html":
                    _check_html(text, where, T)
                elif path.suffix == ".json":
                    _check_vega(json.loads(text), where, T)
                else:  # .svg, .md: the text a reader sees
                    _check_text(re.sub(r"<[^>]+>", " ", text), where, T)
            for pair in ("16/17", "41/42"):
                assert pair not in text, f"{where}: {pair}"
            assert not re.search(r'data-(numerator|denominator)="(16|17|41|42)(\.0)?"', text), where
            scanned.add(path.suffix)
    assert {".html", ".svg", ".json", ".md", ".xlsx", ".csv", ".docx"} <= scanned


# --- issue #26: the plan's results published, every sentence true --------------------------------------

DONE_WHEN = ("2024", "2025", "2026-Q3")


@pytest.fixture(scope="module")
def done_when_editions(sample_editions):
    return {p: sample_editions(p) for p in DONE_WHEN}


def test_the_city_rates_are_published_with_their_counts_and_the_units_share_is_measured(done_when_editions):
    # The city's T1-T6 of 2024, 2025 and 2026-Q3 are published with numerator and denominator, as the internal
    # edition has them (the issue measured 0 of them in 26 editions). The share of the units' cells with data
    # (a denominator above 0) that are published is printed: with the sample, most units see 1-9 cases.
    for label, (public, internal) in done_when_editions.items():
        shown, truth = public.evaluation.table, internal.evaluation.table
        city = shown[(shown["unit"] == CITY) & shown["indicator"].str.match(r"T\d")].set_index(["scope", "indicator"])
        real = truth[(truth["unit"] == CITY) & truth["indicator"].str.match(r"T\d")].set_index(["scope", "indicator"])
        assert len(city) == 12 and (city["status"] != "withheld").all(), label
        assert city[["numerator", "denominator"]].equals(real.loc[city.index, ["numerator", "denominator"]]), label
        units = (truth["unit"] != CITY) & truth["indicator"].str.match(r"T\d") & (truth["denominator"] > 0)
        published = (shown.loc[units, "status"] != "withheld").sum()
        results = (units & shown["withheld"]).sum() - (shown.loc[units & shown["withheld"], "status"] == "withheld").sum()
        print(f"{label}: unit-level KPI cells with data published: {published} of {units.sum()} "
              f"({results} of them a result without its counts, metrics/unit_status.py)")
        # Not half (issue #26 asks for half): a unit's result is published only where the year's audit still passes
        # (docs/decisions.md, #26 session 8, gives the measured shares and why). What is published is true:
        assert (shown.loc[units & (shown["status"] != "withheld"), "status"]
                == truth.loc[units & (shown["status"] != "withheld"), "status"]).all(), label


def _texts(report, folder) -> str:
    """What a public edition says in running text: its page's sentences and its official report (.docx)."""
    import docx

    from tipmonitor.present.official import write_official_report

    parts = [report.summary(), report.units_missing_targets(), report.victims()]
    texts = [getattr(p, "html", None) or getattr(p, "data", None) or "" for p in parts]
    path = write_official_report(report, folder / f"{report.period.label}.docx")
    document = docx.Document(str(path))
    texts += [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(str(t) for t in texts)


def test_no_public_sentence_says_none_where_the_internal_edition_has_some(done_when_editions, tmp_path):
    # The public page said «Không có đơn vị nào chưa đạt chỉ tiêu» with 16 units missing, «Không có nạn nhân» with
    # 17 identified, and "<10" beside 40 reports.
    for label, (public, internal) in done_when_editions.items():
        text = _texts(public, tmp_path)
        missed = internal.evaluation.missing("period")["unit"].nunique()
        victims = internal.evaluation.cube.loc[(public.period.label, CITY), "victims.identified"]
        if missed:
            assert "Không có đơn vị nào chưa đạt" not in text, label
            assert f"{missed} đơn vị chưa đạt ít nhất một chỉ tiêu" in text, label
        if victims:
            assert "Không có nạn nhân" not in text, label
        for number in re.findall(r"<(\d+)", text):
            assert int(number) == T, (label, number)  # only the threshold itself, in the rule's statement
        assert not re.search(r"<10\s*\d|\d\s*<10", text), label


def test_units_results_are_published_without_their_counts_all_or_none_per_indicator_and_window(sample_editions):
    # The 2024-Q4 public edition (metrics/unit_status.py): per scope and indicator, the units whose rates are withheld
    # (n of them, with their counts sent) get their internal status back, counts still withheld, exactly where the
    # rule holds on what a reader knows: their complements sum to 0, or to c with c - (n - 1) >= T; and their
    # denominators to D with D - (n - 1) >= T. Worked here from the internal table (2024 has no reform: every unit
    # of the year is on the page). On the sample this publishes Q4's T1 (every withheld unit classified all its
    # reports, 39 reports over 23 units: 39 - 22 >= 10) and nothing else.
    public, internal = sample_editions("2024-Q4")  # made once for the module (one of the year's editions)
    shown, truth = public.evaluation.table, internal.evaluation.table
    groups = 0
    for (scope, indicator), rows in shown[(shown["unit"] != CITY) & shown["indicator"].str.match(r"T\d")].groupby(
            ["scope", "indicator"]):
        real = truth.loc[rows.index]
        hidden = rows["withheld"] & real["numerator"].notna() & real["denominator"].notna()
        n = int(hidden.sum())
        c = (real["denominator"] - real["numerator"])[hidden].sum()
        d = real["denominator"][hidden].sum()
        expected = n > 0 and (c == 0 or c - (n - 1) >= T) and d - (n - 1) >= T
        groups += expected
        assert rows.loc[hidden, "numerator"].isna().all() and rows.loc[hidden, "denominator"].isna().all()
        if expected:
            assert (rows.loc[hidden, "status"] == real.loc[hidden, "status"]).all(), (scope, indicator)
        else:
            assert (rows.loc[hidden, "status"] == "withheld").all(), (scope, indicator)
    assert groups >= 1


# Known leak in the baseline windows of a post-reform edition (found in session 8, on main's rule too): 2022-Q3's
# investigation.opening shows the city's 8 and every unit's 0 but the city police's (8). The baseline's uncovered
# units are protected by the per-window rule over the whole window, but the partner it picks may be a unit the
# 2022 decision publishes. The year's audit covers only its own year's windows. Strict: red the day it is closed.
# Was a strict xfail (session 8): main's rule gave back 2022-Q3's investigation.opening of 01-PC02 (8) in 2026-Q3's
# baseline, the partner it picked being a unit the 2022 decision publishes (in every edition of 2023-2025). Since
# session 9 the covered rows keep the decision's mask and partners are taken among the others (disclosure._mask_cube).
def test_the_baseline_counts_of_a_post_reform_edition_keep_the_units_to_city_rule(done_when_editions):
    # 2026-Q3's baseline windows (2022) hold the 2022 units the year's decision covers (the city among them) and the
    # post-reform units it does not. Protecting the uncovered units alone lost the units-to-city group: 2022-Q3's
    # reports.intake published the city's 6 and every unit's 0 but the city police's 6 (cold review, session 8).
    # Rule checked on every baseline window and count: under a published city total, the units' withheld cells are
    # none, or at least two (the city less the shown units gives neither one cell nor, with one, its value).
    public, internal = done_when_editions["2026-Q3"]
    shown, truth = public.evaluation.base_cube, internal.evaluation.base_cube
    checked = 0
    for window in shown.index.get_level_values("window").unique():
        cut, real = shown.xs(window, level="window"), truth.xs(window, level="window")
        if CITY not in cut.index:
            continue
        units = cut.index != CITY
        for measure in cut.columns:
            if pd.isna(cut.at[CITY, measure]):
                continue
            hidden = cut.loc[units, measure].isna() & real.loc[units, measure].notna()
            alone = real.loc[units, measure][hidden]
            # one withheld cell is given back as the city less the shown units: only a 0 may be (it is not protected)
            assert len(alone) != 1 or alone.iloc[0] == 0, (window, measure, dict(alone), real.at[CITY, measure])
            checked += 1
    assert checked > 100
