"""Every path that makes public figures goes through the year's audit verdict (run/gate.py; issue #26, session 9):
`tipmonitor evaluate --audience public`, a public `tipmonitor notebook`, and a run of an edition the audit does not
cover (a month, a quarter after the data's last one) or of a year recorded failing, refused before anything is made."""

import json
import shutil

import pytest

from tipmonitor.cli import main
from tipmonitor.metrics.audit import Audit
from tipmonitor.run.runner import RunError, load_config, run_period, work_area


def _failing(inputs, year, *args, **kwargs):
    """An audit of ``year`` covering its Q1..Q3, H1 and 9M (the sample's 2026) with one protected count given back."""
    import pandas as pd

    table = pd.DataFrame({"kind": ["count"], "window": [f"{year}:2-2"], "unit": ["A"], "what": ["victims.identified"],
                          "value": [3.0], "low": [3.0], "high": [3.0], "need": [10.0], "ok": [False]})
    return Audit(year, [f"{year}-Q1", f"{year}-Q2", f"{year}-Q3", f"{year}-H1", f"{year}-9M"], table, 10, [])


@pytest.fixture
def store(sample_store, tmp_path):
    """A copy of the sample store: verdicts recorded in its working area stay out of the session's sample."""
    return shutil.copy(sample_store, tmp_path / "store.duckdb")


def _public(store, period, output, **options):
    config = load_config(data=str(store), audience="public", notebooks=[{"name": "period_report"}])
    return run_period(period, config, output=output, workers=1, progress=False, **options)


def test_public_evaluate_prints_nothing_of_a_year_whose_audit_fails(store, monkeypatch, capsys):
    import tipmonitor.metrics.audit as audit

    monkeypatch.setattr(audit, "audit_year", _failing)
    code = main(["evaluate", "2026-Q1", "--data", str(store), "--audience", "public", "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2 and "tipmonitor audit-public 2026" in err and "1 of 1" in err, err
    assert out == ""  # not a figure printed
    # the verdict is the one a run reads: recorded in the data's working area
    held = json.loads((work_area(store) / "audits" / "audit-2026.json").read_text(encoding="utf-8"))
    assert (held["passed"], held["editions"][0]) == (False, "2026-Q1")


def test_a_public_notebook_by_hand_is_refused_for_a_failing_year(store, tmp_path, monkeypatch, capsys):
    import tipmonitor.metrics.audit as audit

    monkeypatch.setattr(audit, "audit_year", _failing)
    parameters = tmp_path / "public.yaml"
    parameters.write_text(f"period: 2026-Q2\ndata: {store}\naudience: public\n", encoding="utf-8")
    out = tmp_path / "out.ipynb"
    code = main(["notebook", "notebooks/period_report.ipynb", str(out), "-f", str(parameters), "--lang", "en"])
    assert code == 2 and "tipmonitor audit-public 2026" in capsys.readouterr().err
    assert not out.exists()  # no kernel started, nothing written


def test_editions_the_audit_does_not_cover_are_refused_before_anything_is_made(store, tmp_path, capsys):
    # The sample's data reach 2026-Q3: the audit of 2026 covers Q1-Q3, H1 and 9M. A month is in no audit; 2026-Q4
    # (a provisional edition, --to-date) and the year are not among the editions the data reach. The editions
    # covered are named in the reader's words (session 9's cold review: they were codes).
    output = tmp_path / "public"
    covered = "Q1 2026, Q2 2026, Q3 2026, the first half of 2026, the first nine months of 2026"  # mid-sentence (s. 11)
    for period, says in (("2026-05", "never covers a month (May 2026)"), ("2026-Q4", covered),
                         ("2026", "do not reach the end of 2026,")):
        with pytest.raises(RunError) as refused:
            _public(store, period, output, to_date=True)
        assert says in refused.value.render("en"), refused.value.render("en")
        assert not output.exists()  # not even the output folder
    code = main(["evaluate", "2026-Q4", "--data", str(store), "--audience", "public", "--to-date", "--lang", "en"])
    assert code == 2 and "do not reach the end of Q4 2026" in capsys.readouterr().err


def test_a_year_to_date_of_a_year_whose_data_are_all_in_is_refused_as_never_audited(store, tmp_path, capsys):
    # The sample's 2025 is complete (its data reach 2026-Q3): 2025-YTD09 was refused as "the data do not reach its
    # end yet", untrue; a year-to-date edition is simply never audited.
    output = tmp_path / "public"
    with pytest.raises(RunError) as refused:
        _public(store, "2025-YTD09", output)
    said = refused.value.render("en")
    assert "never covers a year-to-date period (the year 2025 to 14/09/2025)" in said and "reach" not in said, said
    said = refused.value.render("vi")
    assert "không bao giờ gồm kỳ lũy kế (thời gian từ đầu năm 2025 đến 14/09/2025)" in said and "chưa đến hết" not in said, said
    assert not output.exists()
    code = main(["evaluate", "2025-YTD09", "--data", str(store), "--audience", "public", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "never covers a year-to-date period" in err and "reach" not in err, err


def test_a_period_the_data_do_not_reach_names_the_covered_editions_in_words():
    from tipmonitor.model.periods import parse
    from tipmonitor.run.gate import Refused, _check_covered

    with pytest.raises(Refused) as refused:
        _check_covered(parse("2026-H2"), ["2026-Q1", "2026-Q2", "2026-H1"])
    assert "chưa đến hết 6 tháng cuối năm 2026" in refused.value.render("vi")
    assert "(hiện gồm: Quý I/2026, Quý II/2026, 6 tháng đầu năm 2026)" in refused.value.render("vi")
    with pytest.raises(Refused) as refused:
        _check_covered(parse("2019-Q1"), [])
    assert "(it covers: none yet)" in refused.value.render("en")


def test_a_year_recorded_failing_is_refused_before_the_period_is_computed(store, tmp_path, monkeypatch):
    # Session 8's gate computed the period (20-28 s) before reading the verdict and left an empty output folder.
    import tipmonitor.metrics.audit as audit
    import tipmonitor.metrics.results as results

    monkeypatch.setattr(audit, "audit_year", _failing)
    assert main(["evaluate", "2026-Q1", "--data", str(store), "--audience", "public"]) == 2  # records the verdict

    def never(*args, **kwargs):
        raise AssertionError("computed although the recorded verdict refuses the year")

    monkeypatch.setattr(results, "compute", never)
    monkeypatch.setattr(audit, "audit_year", never)
    output = tmp_path / "public"
    with pytest.raises(RunError) as refused:
        _public(store, "2026-Q2", output)
    assert "tipmonitor audit-public 2026" in refused.value.render("en")
    assert not output.exists()


def test_a_public_edition_cut_by_the_other_rule_is_refused_on_every_path(store, tmp_path, monkeypatch, capsys):
    # The city's rule is official (params/city.yaml). A calendar edition of 2025-Q2 (1/4-30/6) and the official one
    # (15/3-14/6) differ only by 15-31/3 and 15-30/6; a reader holding both could combine them, and each year's
    # editions are decided and audited under one rule: a public edition under the other rule is refused before any
    # figure is computed, on every path (issue #26, session 10; docs/security.md).
    import tipmonitor.metrics.audit as audit
    import tipmonitor.metrics.results as results

    def never(*args, **kwargs):
        raise AssertionError("computed a public edition under the other rule")

    monkeypatch.setattr(results, "compute", never)
    monkeypatch.setattr(audit, "audit_year", never)
    output = tmp_path / "public"
    config = load_config(data=str(store), audience="public", rule="calendar", notebooks=[{"name": "period_report"}])
    with pytest.raises(RunError) as refused:
        run_period("2025-Q2", config, output=output, workers=1, progress=False)
    said = refused.value.render("en")
    # each path's user is told what to change where that path takes its rule from (session 11: a run's user was told
    # "--rule official", an option `run` does not have)
    assert "public editions follow the city's cut-off rule only (official)" in said and "other (calendar)" in said
    assert "Write `rule: official` in the run file (--config)" in said and "--rule" not in said
    assert "theo cách chốt số liệu của thành phố (official)" in refused.value.render("vi")
    assert not output.exists() and not (work_area(store) / "audits").exists()  # nothing made, no verdict recorded
    code = main(["evaluate", "2025-Q2", "--data", str(store), "--audience", "public", "--rule", "calendar", "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2 and "Run it with --rule official" in err and out == "", err
    parameters = tmp_path / "public.yaml"
    parameters.write_text(f"period: 2025-Q2\ndata: {store}\naudience: public\nrule: calendar\n", encoding="utf-8")
    notebook = tmp_path / "out.ipynb"
    code = main(["notebook", "notebooks/period_report.ipynb", str(notebook), "-f", str(parameters), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "Write `rule: official` in the parameters file (-f)" in err and not notebook.exists()
    # The notebook's own report, as papermill or JupyterLab runs it without the command (the hostile user of session
    # 10 made a calendar public edition that way): refused by the library, before a figure is computed.
    from tipmonitor.metrics.disclosure import OtherRule
    from tipmonitor.present.report import PeriodReport

    with pytest.raises(OtherRule) as told:
        PeriodReport.from_parameters("2025-Q2", data=str(store), lang="en", rule="calendar", audience="public")
    assert "(official)" in str(told.value) and "other (calendar)" in str(told.value)
    assert "Set rule = \"official\" in the notebook's parameters" in str(told.value) and "--rule" not in str(told.value)
    PeriodReport.from_parameters("2025-Q2", data=str(store), rule="calendar")  # internal: both rules, as before
