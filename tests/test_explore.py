"""The explore notebook's workbench (present/explore.py): pickers, zero and no data, the SQL handle and its
recipes, the records behind a figure, worked by hand on tests/fixtures.py; then the notebook itself, run with
papermill on every quarter of the sample (2022-Q1 to 2026-Q3) and on the latest complete quarter."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import TODAY, frame
from fixtures import CASES, REPORTS, VICTIMS
from tipmonitor.intake.loading import load_tables_from_text
from tipmonitor.present.explore import Explorer

# A report of Đống Đa (006) in the quarter it never decides: its resolution there is 0 of 1, a zero to show.
ZERO = [dict(report_id="Z1", unit="006", kind="report", received_date="2023-01-10", classified_date="2023-01-10")]


@pytest.fixture(scope="module")
def data():
    tables = {"crime_reports": REPORTS, "cases": CASES, "victims": VICTIMS}
    return load_tables_from_text({name: frame(name, rows) for name, rows in tables.items()}, today=TODAY)


@pytest.fixture(scope="module")
def explorer(data):
    return Explorer(data, "2023-Q2")


def spec_rows(figure) -> list[dict]:
    return next(d for d in figure.spec["datasets"].values() if len(d) > 10 or any("unit_label" in r for r in d))


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_pickers_name_the_indicators_the_bodies_and_the_quarters(explorer):
    spec = explorer.unit_comparison().spec
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"indicator", "body", "quarter"}
    names = params["indicator"]["bind"]["labels"]
    assert "Giải quyết tin báo" in names and not any("_" in n for n in names)  # names, never the codes
    assert params["quarter"]["value"] == "2023-Q2" and "2022-Q1" in params["quarter"]["bind"]["options"]
    assert params["body"]["bind"]["options"][0] == "Tất cả các khối"
    trend = explorer.trend_explorer().spec
    assert {p["name"] for p in trend["params"]} == {"indicator", "body", "unit"}
    units = next(p for p in trend["params"] if p["name"] == "unit")["bind"]["options"]
    assert "Hoàn Kiếm" in units and "002" not in units


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_a_zero_is_written_and_no_data_says_so(data):
    from tipmonitor.intake.loading import load_tables_from_text

    tables = {"crime_reports": REPORTS + ZERO, "cases": CASES, "victims": VICTIMS}
    explorer = Explorer(load_tables_from_text({n: frame(n, r) for n, r in tables.items()}, today=TODAY), "2023-Q1")
    rows = spec_rows(explorer.unit_comparison())
    k = str(list(explorer.evaluation.registry.indicators).index("T2_report_resolution"))
    by_unit = {(r["unit_label"], r["quarter"]): r for r in rows}
    # 2023-Q1 (15/12/2022-14/03/2023): Đống Đa received Z1 and decided nothing: 0/1 -> a zero, written.
    dong_da = by_unit[("Đống Đa", "2023-Q1")]
    assert dong_da[f"p{k}"] == 0 and dong_da[f"s{k}"] == "0,00% (0/1)"
    # Ba Đình sent nothing: "Không có số liệu", no rate.
    ba_dinh = by_unit[("Ba Đình", "2023-Q1")]
    assert ba_dinh.get(f"p{k}") is None and ba_dinh[f"s{k}"] == "Không có số liệu"
    # The chart draws a tick at the rate (visible at 0) and writes the figure or the words for every unit.
    layers = explorer.unit_comparison().spec["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["bar", "tick", "text"]


def test_the_charts_plot_one_row_per_unit_and_quarter(explorer):
    rows = spec_rows(explorer.trend_explorer())
    quarters = {r["quarter"] for r in rows}
    units = {r["unit_label"] for r in rows}
    # 2022-Q1 to 2023-Q2: six quarters, for every unit of the period and the city; the indicators side by side.
    assert len(quarters) == 6 and len(rows) == len(quarters) * len(units)


def test_the_sql_handle_is_read_only_and_its_recipes_are_worked_by_hand(explorer):
    import duckdb

    db = explorer.sql()
    with pytest.raises(duckdb.Error, match="read-only"):
        db.execute("DELETE FROM cases")
    assert "victims" not in {r[0] for r in db.execute("SHOW TABLES").fetchall()}  # victims only counted per case
    # Hoàn Kiếm's reports still open on 14/06/2023: R8 (received 20/05, no decision); the others were decided.
    unresolved = explorer.recipe("unresolved_reports", db, unit="002")
    assert unresolved["report_id"].tolist() == ["R8"]
    # Open on 14/06/2023: investigation VA1 (since 01/04) and VA2 (since 10/05); procuracy VA6 (since 01/06);
    # court VA5 (since 10/05); none over 120 days.
    stages = explorer.recipe("overdue_cases", db).set_index("stage")
    assert stages["open_cases"].to_dict() == {"court": 1, "investigation": 2, "procuracy": 1}
    assert stages["open_over_120_days"].sum() == 0
    ratio = explorer.recipe("custom_ratio", db).set_index("window")
    supported = explorer.counts().set_index(["window", "unit"])
    expected = supported.xs("CITY", level="unit")
    for window, row in ratio.iterrows():
        assert row["supported"] == expected.loc[window, "victims.identified_supported"]


def test_the_records_behind_a_figure_are_labelled_and_carry_no_victim(explorer):
    # T2 of Hoàn Kiếm in 2023-Q2 (15/03-14/06/2023): the reports in the stage at some day of it: R1-R8 (R9 was
    # decided on 10/03, B1 and B2 in 2022).
    rows = explorer.records(unit="002", indicator="T2_report_resolution")
    assert sorted(rows["Mã tin báo"]) == [f"R{i}" for i in range(1, 9)]
    assert set(rows["Khâu"]) == {"Tiếp nhận, giải quyết tin báo"}
    victims = explorer.records(unit="002", indicator="T6_victim_support")
    assert "victim_id" not in victims.columns and "Mã nạn nhân (bí danh)" not in victims.columns


def test_a_public_edition_has_no_records(data):
    public = Explorer(data, "2023-Q2", audience="public")
    assert public.sql() is None
    assert "không có số liệu theo hồ sơ" in public.records().data
    assert "không có số liệu theo hồ sơ" in public.recipe("unresolved_reports").data


# --- the notebook ----------------------------------------------------------------------------

QUARTERS = [f"{year}-Q{q}" for year in range(2022, 2027) for q in range(1, 5)][:19]  # 2022-Q1 ... 2026-Q3
LATEST = "2026-Q3"  # the sample's latest complete quarter (its data reach 20/09/2026; SAMPLE_TODAY 28/11/2026)


def errors(path: Path) -> list[str]:
    book = nbformat.read(str(path), as_version=4)
    return [f"{o.get('ename')}: {o.get('evalue')}" for c in book.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"
            or (o.get("output_type") == "stream" and o.get("name") == "stderr" and "Error" in o.get("text", ""))]


@pytest.fixture(scope="module")
def explored(sample_store, tmp_path_factory):
    """The notebook on every quarter of the sample, each through papermill (papermill.execute_notebook, as the
    command line runs it: the same parameters cell injected, the same executed notebook, tests/test_warm.py) in the
    runner's two warm kernels, a clean namespace for each notebook: 2022-Q1 to 2026-Q2 with the quarter as its
    parameter, and the latest with none (the notebook's default, the latest complete quarter: 2026-Q3, which
    the test below checks it is), so that the most costly quarter is run once, not twice. The plain command line
    runs explore in tests/test_notebooks.py. {quarter: result}; the latest under None."""
    from tipmonitor.run.runner import Job, load_config, run_jobs

    assert QUARTERS[0] == "2022-Q1" and QUARTERS[-1] == LATEST
    periods = [*QUARTERS[:-1], None]
    jobs = [Job(f"explore-{quarter or 'latest'}", "explore",
                {"data": str(sample_store), **({"period": quarter} if quarter else {})}, quarter or "latest")
            for quarter in periods]
    results = run_jobs(jobs, tmp_path_factory.mktemp("explore"), load_config(), workers=2, mode="warm",
                       progress=False, html=False)
    assert [r.job.parameters.get("period") for r in results] == periods
    return {r.job.parameters.get("period"): r for r in results}


def overview(path: Path) -> str:
    """The HTML the overview cell showed."""
    book = nbformat.read(str(path), as_version=4)
    cell = next(c for c in book.cells if "explorer.overview()" in c.source)
    return "".join(o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))


@pytest.mark.slow
def test_the_notebook_opens_on_the_latest_complete_quarter(explored, sample_store):
    result = explored[None]  # no period given
    assert result.status == "ok", result.error
    assert errors(result.output) == []
    assert nbformat.read(str(result.output), as_version=4).metadata["papermill"]["parameters"] == {"data": str(sample_store)}
    assert overview(result.output).startswith("<p>Quý III/2026: ")  # the sample's data reaches 2026-Q3


@pytest.mark.slow
def test_the_notebook_runs_on_every_quarter_of_the_sample(explored, sample_store):
    failed = {quarter: r.error for quarter, r in explored.items() if r.status != "ok"}
    assert failed == {}
    for quarter in QUARTERS:
        # 2026-Q3 is the run with no period (the notebook's default): the test above checks that it is 2026-Q3
        result = explored[None if quarter == LATEST else quarter]
        out = result.output
        assert errors(out) == [], quarter
        book = nbformat.read(str(out), as_version=4)
        given = {"data": str(sample_store), **({} if quarter == LATEST else {"period": quarter})}
        assert book.metadata["papermill"]["parameters"] == given
        year, q = quarter.split("-Q")
        assert overview(out).startswith(f"<p>Quý {['I', 'II', 'III', 'IV'][int(q) - 1]}/{year}: "), quarter
        charts = [o for c in book.cells for o in c.get("outputs", [])
                  if "application/vnd.vega.v5+json" in o.get("data", {})]
        assert len(charts) == 2, quarter
