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
    # (a provisional edition, --to-date) and the year are not among the editions the data reach.
    output = tmp_path / "public"
    for period, says in (("2026-05", "no monthly edition"), ("2026-Q4", "2026-Q1, 2026-Q2, 2026-Q3, 2026-H1, 2026-9M"),
                         ("2026", "not among the public editions")):
        with pytest.raises(RunError) as refused:
            _public(store, period, output, to_date=True)
        assert says in refused.value.render("en"), refused.value.render("en")
        assert not output.exists()  # not even the output folder
    code = main(["evaluate", "2026-Q4", "--data", str(store), "--audience", "public", "--to-date", "--lang", "en"])
    assert code == 2 and "do not reach its end yet" in capsys.readouterr().err


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
