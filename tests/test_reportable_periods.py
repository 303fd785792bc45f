"""One decision, "this period can be reported" (periods.refuse_unreportable), for every path: `run` of a named
period or --latest, and `evaluate` (hostile user, session 11)."""

from datetime import date

import pytest

from tipmonitor.cli import main
from tipmonitor.model import periods
from tipmonitor.run.runner import RunError, load_config, run_period

TODAY = date(2026, 12, 8)  # 2027-Q1 (official rule) starts on 15/12/2026


def test_a_period_not_begun_is_refused_even_to_date_and_not_told_to_use_to_date():
    for to_date in (False, True):
        with pytest.raises(periods.PeriodError) as error:
            periods.refuse_unreportable(periods.parse("2027-Q1"), "official", TODAY, to_date)
        told = error.value.render("en")
        assert "has not begun (it starts on 15/12/2026; today is 08/12/2026)" in told
        assert "--to-date" not in told and "run to" not in told
    # one that has begun but not ended is refused unless --to-date, as before
    with pytest.raises(periods.PeriodError, match="--to-date"):
        periods.refuse_unreportable(periods.parse("2026-Q4"), "official", TODAY)
    periods.refuse_unreportable(periods.parse("2026-Q4"), "official", TODAY, to_date=True)


def test_a_period_before_the_datas_first_day_is_refused(dataset_of):
    from tipmonitor.store.sources import data_begins

    dataset = dataset_of(reports=[{"report_id": "R1", "unit": "002", "kind": "report", "received_date": "2021-10-01"}])
    assert data_begins(dataset) == date(2021, 10, 1)
    with pytest.raises(periods.PeriodError) as error:
        periods.refuse_unreportable(periods.parse("2019-Q4"), "official", TODAY, False, data_begins(dataset), "data/x")
    assert error.value.render("en").startswith("the period 2019-Q4 ends on 14/12/2019, before the first day with data "
                                               "in data/x (01/10/2021)")
    periods.refuse_unreportable(periods.parse("2021-Q4"), "official", TODAY, False, data_begins(dataset))


def test_run_refuses_a_period_not_begun_without_reading_data(tmp_path):
    config = load_config(data=str(tmp_path / "none.duckdb"))
    with pytest.raises(RunError) as error:
        run_period("2027-Q1", config, today=TODAY, output=tmp_path / "out", progress=False)
    assert "has not begun" in error.value.render("en") and "--to-date" not in error.value.render("en")


@pytest.mark.slow  # reads data/sample three times (about 5 s)
def test_run_latest_and_evaluate_refuse_a_period_the_data_do_not_reach(tmp_path, capsys):
    # `run --latest --today 2020-01-01` published 2019-Q4 as "0 crime reports … down 48 on 2022"
    assert main(["--lang", "en", "run", "--latest", "--today", "2020-01-01", "--data", "data/sample",
                 "--out", str(tmp_path / "out")]) == 2
    assert "the period 2019-Q4 ends on 14/12/2019, before the first day with data in data/sample" in capsys.readouterr().err
    assert not (tmp_path / "out" / "2019-Q4").exists()
    assert main(["--lang", "en", "evaluate", "2019-Q4", "--data", "data/sample", "--today", "2026-12-08"]) == 2
    assert "before the first day with data in data/sample" in capsys.readouterr().err
    assert main(["--lang", "en", "evaluate", "2027-Q1", "--to-date", "--data", "data/sample", "--today", "2026-12-08"]) == 2
    assert "has not begun" in capsys.readouterr().err
