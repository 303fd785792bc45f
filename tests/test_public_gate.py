"""A public run of a plan year whose audit fails publishes nothing and says why (run/gate.py)."""

import json

import pandas as pd
import pytest

from tipmonitor.metrics.audit import Audit
from tipmonitor.run.runner import RunError, load_config, run_period, work_area


def _failing(year, *args, **kwargs):
    """An audit of ``year`` with one protected count of two given back exactly (3 in [3, 3])."""
    table = pd.DataFrame({"kind": ["count", "count"], "window": [f"{year}:2-2"] * 2, "unit": ["A", "B"],
                          "what": ["victims.identified"] * 2, "value": [3.0, 4.0], "low": [3.0, 0.0],
                          "high": [3.0, 15.0], "need": [10.0, 10.0], "ok": [False, True]})
    return Audit(year, [f"{year}-Q1"], table, 10, [])


def _public(store, tmp_path, output):
    config = load_config(data=str(store), audience="public", notebooks=[{"name": "period_report"}])
    return run_period("2026-Q1", config, output=output, workers=1, progress=False)


def test_a_public_run_of_a_year_whose_audit_fails_publishes_nothing_and_names_the_command(sample_store, tmp_path,
                                                                                          monkeypatch, capsys):
    import tipmonitor.metrics.audit as audit

    import shutil

    # a copy of the store: the failing verdict recorded in its working area must not reach the session's sample
    sample_store = shutil.copy(sample_store, tmp_path / "store.duckdb")
    output = tmp_path / "public"
    monkeypatch.setattr(audit, "audit_year", _failing)
    with pytest.raises(RunError) as refused:
        _public(sample_store, tmp_path, output)
    message = str(refused.value)
    assert "Kiểm định các bản công bố năm 2026" in capsys.readouterr().err  # the user is told why the run waits
    assert "tipmonitor audit-public 2026" in message and ("1 of 2" in message or "1 trong 2" in message), message
    assert not output.exists()  # not a file published, not even the empty folder (it was left until session 9)
    # The verdict is recorded in the data's working area, keyed by the data, year, threshold, rule and code: the
    # next public run of the year reads it and refuses without auditing again.
    recorded = json.loads((work_area(sample_store) / "audits" / "audit-2026.json").read_text(encoding="utf-8"))
    assert (recorded["passed"], recorded["failing"], recorded["protected"]) == (False, 1, 2)

    def never(*args, **kwargs):
        raise AssertionError("audited again although the verdict for the same key is recorded")

    monkeypatch.setattr(audit, "audit_year", never)
    with pytest.raises(RunError):
        _public(sample_store, tmp_path, output)
    assert not (output / "2026-Q1").exists()


def test_a_recorded_verdict_of_other_data_is_not_read(sample_store, tmp_path):
    from tipmonitor.run.gate import recorded, verdict_key

    folder = tmp_path / "audits"
    folder.mkdir()
    key = verdict_key(sample_store, 2026, 10, "official")
    (folder / "audit-2026.json").write_text(json.dumps({"key": "another", "passed": True}), encoding="utf-8")
    assert recorded(folder, 2026, key) is None  # another key: the run audits the year again
    assert key != verdict_key(sample_store, 2026, 11, "official") != verdict_key(sample_store, 2025, 10, "official")


def test_a_change_of_targets_indicators_or_unit_registry_is_a_new_key(sample_store, tmp_path, monkeypatch):
    # What is published (a unit's result against its target, the rates' terms, the units) and so the verdict
    # depend on params/ and data/reference/: a verdict recorded before a target's correction is not read after it.
    import shutil

    from tipmonitor.core import paths
    from tipmonitor.run.gate import verdict_key

    before = verdict_key(sample_store, 2024, 10, "official")
    home = tmp_path / "home"
    shutil.copytree(paths.params_dir(), home / "params")
    shutil.copytree(paths.reference_dir(), home / "data" / "reference")
    monkeypatch.setenv("TIPMONITOR_HOME", str(home))
    assert verdict_key(sample_store, 2024, 10, "official") == before  # the same files: the same key
    targets = home / "params" / "targets" / "2024.yaml"
    targets.write_text(targets.read_text(encoding="utf-8") + "\n# corrected\n", encoding="utf-8")
    assert verdict_key(sample_store, 2024, 10, "official") != before
