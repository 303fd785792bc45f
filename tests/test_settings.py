"""Every settings file in params/ is read by one mechanism (core/settings.py) and refused in words when wrong."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tipmonitor.core import paths
from tipmonitor.core.settings import SettingsError, load_settings
from tipmonitor.intake.mapping import load_mapping
from tipmonitor.intake.vocabulary import VocabularyFile
from tipmonitor.metrics.disclosure import ThresholdTooLow
from tipmonitor.metrics.registry import load_registry, load_targets
from tipmonitor.model.city import CityConfig, city_config
from tipmonitor.present.parameters import NotebookParameters, load_notebook_parameters
from tipmonitor.present.report import PeriodReport
from tipmonitor.run.runner import load_config
from tipmonitor.model.units import body_families
from tipmonitor.tools.reference_build import load_agencies, load_handovers
from tipmonitor.model.activities import load_activities
from tipmonitor.model.sensitivity import sensitivity

PARAMS = paths.params_dir()

# Each kind of settings file: where it is in params/ and the function that reads it.
KINDS = {
    "city": ("city.yaml", city_config),
    "indicators": ("indicators.yaml", load_registry),
    "targets": ("targets/2024.yaml", lambda path: load_targets(int(path.stem), path.parent)),
    "mapping": ("mappings/example_unit_layout.yaml", load_mapping),
    "run": ("runs/default.yaml", load_config),
    "notebook": ("notebooks/quarter.yaml", load_notebook_parameters),
    "agencies": ("city_agencies.yaml", load_agencies),
    "bodies": ("bodies.yaml", body_families),
    "handovers": ("handovers.yaml", load_handovers),
    "vocabulary": ("vocabulary.yaml", lambda path: load_settings(path, VocabularyFile)),
    "activities": ("activities.yaml", load_activities),
    "disclosure": ("disclosure.yaml", sensitivity),
}


def kind_of(relative: str) -> str:
    folder = relative.split("/")[0]
    by_folder = {"targets": "targets", "mappings": "mapping", "runs": "run", "notebooks": "notebook"}
    return by_folder.get(folder) or {"city.yaml": "city", "indicators.yaml": "indicators",
                                     "city_agencies.yaml": "agencies", "bodies.yaml": "bodies",
                                     "handovers.yaml": "handovers", "vocabulary.yaml": "vocabulary",
                                     "activities.yaml": "activities", "disclosure.yaml": "disclosure"}[relative]


def test_every_yaml_shipped_in_params_loads_through_its_model():
    shipped = sorted(str(p.relative_to(PARAMS)) for p in PARAMS.rglob("*") if p.is_file())
    yaml_files = [f for f in shipped if f.endswith(".yaml")]
    # Anything else in params/ is the hand-entered baseline (CSV, read as a unit's aggregates file) and its README.
    assert all(f.startswith("baseline/") for f in shipped if f not in yaml_files), shipped
    assert {kind_of(f) for f in yaml_files} == set(KINDS)
    for relative in yaml_files:
        assert KINDS[kind_of(relative)][1](PARAMS / relative) is not None, relative


def test_the_notebook_parameters_model_has_exactly_the_notebooks_parameters():
    names = set()
    for notebook in (paths.project_root() / "notebooks").glob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        source = "".join(next(c for c in cells if "parameters" in c["metadata"].get("tags", []))["source"])
        names |= set(re.findall(r"^(\w+) =", source, flags=re.M))
    assert names == set(NotebookParameters.model_fields)


def broken(tmp_path: Path, kind: str, old: str, new: str) -> Path:
    relative, _ = KINDS[kind]
    text = (PARAMS / relative).read_text(encoding="utf-8")
    assert old in text, f"the example no longer has {old!r}"
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# (kind, change, key path, words the message must have besides the file and the key)
BROKEN = [
    ("city", ("private_files: true", "private_files: true\nbaseline_yr: 2021"), "baseline_yr",
     ["unknown key", "baseline_year, public_threshold, private_files"]),
    ("city", ("public_threshold: 10", "public_threshold: ten"), "public_threshold", ["«ten» is not a whole number"]),
    ("city", ("cutoff_rule: official", "cutoff_rule: offical"), "cutoff_rule",
     ["«offical» is not an allowed value", "official, calendar"]),
    ("city", ('date: "2023-02-16"', "date: 2023-02-30"), "plans.2023.date", ["«2023-02-30» is not a valid date"]),
    ("indicators", ("    better: lower\n", "    better: lower\n    colour: red\n"), "indicators.S1_reports_overdue.colour",
     ["unknown key", "label, short, method, numerator, denominator, pending, target, source, better"]),
    ("indicators", ('short: {vi: "Tiếp nhận, phân loại", en: "Classified"}', 'short: "Classified"'),
     "indicators.T1_classification.short", ["«Classified» must be a group of settings"]),
    ("indicators", ("method: share", "method: ratio"), "indicators.S1_reports_overdue.method",
     ["«ratio» is not an allowed value", "pipeline, cohort, share"]),
    ("indicators", ("dimension: sex", "dimension: colour"), "distributions.victims_by_sex.dimension",
     ["victims.identified cannot be split by colour", "sex, age_group"]),
    ("targets", ('T6: {op: ">=", value: "1.00",', 'T6: {op: ">=", weight: 2, value: "1.00",'), "targets.T6.weight",
     ["unknown key", "op, value, clause"]),
    ("targets", ('T3: {op: ">", value: "0.90"', 'T3: {op: ">", value: "ninety"'), "targets.T3.value",
     ["«ninety» must be a fraction from 0 to 1"]),
    ("targets", ('T3: {op: ">"', 'T3: {op: "=>"'), "targets.T3.op", ["«=>» is not an allowed value", ">, >="]),
    ("targets", ("  T6:", "  T7:"), "targets.T7", ["«T7» is not an allowed value", "T1, T2, T3, T4, T5, T6"]),
    ("mapping", ("table: crime_reports", "table: crime_reports\nsheet: 1"), "sheet",
     ["unknown key", "table, unit, period, skip_rows, sheets, columns, values"]),
    ("mapping", ('unit: "002"', "unit: 2"), "unit", ["«2» must be text"]),
    ("mapping", ('"Ngày nhận": received_date', '"Ngày nhận": received_day'), "columns.Ngày nhận",
     ["«received_day» is not an allowed value", "received_date", "ignore"]),
    ("mapping", ('"KT": initiate', '"KT": start'), "values.decision.KT",
     ["«start» is not an allowed value", "initiate, not_initiate"]),
    ("run", ("kernel: tipmonitor", "kernell: tipmonitor"), "kernell", ["unknown key", "timeout_seconds, kernel"]),
    ("run", ("workers: null", "workers: two"), "workers", ["«two» is not a whole number"]),
    ("run", ("latest_kind: quarter", "latest_kind: week"), "latest_kind",
     ["«week» is not an allowed value", "month, quarter, half, nine_months, year"]),
    ("run", ("name: data_quality", "name: dq"), "notebooks.1.name",
     ["notebook 'dq' is not in notebooks/", "data_quality, explore, period_report, unit_profile"]),
    ("notebook", ("audience: internal", "audience: internal\nthreshold: 5"), "threshold",
     ["unknown key", "public_threshold"]),
    ("notebook", ("baseline_year: null", "baseline_year: twenty"), "baseline_year", ["«twenty» is not a whole number"]),
    ("notebook", ("audience: internal", "audience: everyone"), "audience",
     ["«everyone» is not an allowed value", "internal, public"]),
    ("notebook", ('period: "2024-Q4"', 'period: "2024-Q5"'), "period", ["period '2024-Q5': there is no quarter 5"]),
    ("agencies", ('abbrev: PC02, body: police, short_vi: "Phòng CSHS"',
                  'abbrev: PC02, body: police, phone: "113", short_vi: "Phòng CSHS"'),
     "agencies.0.phone", ["unknown key", "province_code, abbrev, body, short_vi, name_vi, valid_from, valid_to, source"]),
    ("agencies", ("abbrev: PC02, body: police", "abbrev: PC02, body: army"), "agencies.0.body",
     ["«army» is not an allowed value", "district, commune, police, procuracy, court, department"]),
    ("bodies", ("families: [reports, investigation, victims]\n    code_prefixes", "families: [report, investigation, victims]\n    code_prefixes"),
     "bodies.police.families.0", ["«report» is not an allowed value", "reports, investigation, procuracy, court, victims"]),
    # A key of a closed set (the languages of a label): pydantic's own "'vi' or 'en'" becomes our list, so no English
    # "or" sits inside the Vietnamese message (#29).
    ("bodies", ('label: {vi: "công an", en: "police"}', 'label: {vi: "công an", fr: "police"}'), "bodies.police.label.fr",
     ["«fr» is not an allowed value", "use one of: vi, en"]),
    ("agencies", ("abbrev: SGDDT, body: member_department", "abbrev: SGDDT, body: member"), "agencies.5.body",
     ["«member» is not an allowed value", "department, member_department"]),
    ("handovers", ("scope: [court], successor: TANDKV1", "scope: [courts], successor: TANDKV1"), "handovers.2.scope.0",
     ["«courts» is not an allowed value"]),
    ("agencies", ('valid_to: "2025-02-28"', "valid_to: 28/02/2025"), "agencies.3.valid_to",
     ["«28/02/2025» is not a valid date"]),
    ("agencies", ('{province_code: "01", abbrev: PC02', "{province_code: 1, abbrev: PC02"), "agencies.0.province_code",
     ["«1» must be text"]),
]


@pytest.mark.parametrize("kind, change, key, words", BROKEN, ids=[f"{b[0]}-{b[2]}" for b in BROKEN])
def test_a_broken_settings_file_is_refused_naming_the_file_the_key_and_what_is_allowed(tmp_path, kind, change, key,
                                                                                       words):
    path = broken(tmp_path, kind, *change)
    with pytest.raises(SettingsError) as error:
        KINDS[kind][1](path)
    english = error.value.render("en")
    assert f"{path.name}: {key}: " in english
    for word in words:
        assert word in english
    # The same problem in Vietnamese (the default): the same file and key, the message in Vietnamese.
    vietnamese = error.value.render("vi")
    assert f"{path.name}: {key}: " in vietnamese and vietnamese != english
    assert len(error.value.problems) == 1


def test_the_message_is_in_the_users_language(tmp_path, monkeypatch):
    path = broken(tmp_path, "city", "cutoff_rule: official", "cutoff_rule: offical")
    monkeypatch.delenv("TIPMONITOR_LANG", raising=False)
    with pytest.raises(SettingsError) as error:
        load_settings(path, CityConfig)
    assert str(error.value) == f"{path}: cutoff_rule: «offical» không phải giá trị hợp lệ; dùng một trong: official, calendar"
    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    assert str(error.value) == f"{path}: cutoff_rule: «offical» is not an allowed value; use one of: official, calendar"


def test_a_settings_file_outside_the_project_is_named_by_its_path_as_given(tmp_path, monkeypatch):
    # a bad params file outside the project was named by its file name only ("run.yaml: …"): which one?
    # (hostile user, session 11)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "run.yaml").write_text("lang: fr\n", encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_config("mine/run.yaml")
    assert error.value.render("en").startswith("mine/run.yaml: lang: ")


def test_every_problem_of_a_file_is_told_at_once(tmp_path):
    path = broken(tmp_path, "run", "lang: vi", "lang: fr\nkernal: x")
    with pytest.raises(SettingsError) as error:
        load_config(path, workers=0)  # as --workers 0 on the command line
    assert {p.key for p in error.value.problems} == {"lang", "workers", "kernal"}


def test_a_key_written_twice_and_broken_yaml_are_refused_with_the_line(tmp_path):
    twice = broken(tmp_path, "city", "private_files: true", "private_files: true\npublic_threshold: 5")
    with pytest.raises(SettingsError) as error:
        load_settings(twice, CityConfig)
    assert f"{twice}: not valid YAML at line 45, column 1: duplicate key 'public_threshold' (first on line 41)" \
        in error.value.render("en")
    unclosed = tmp_path / "run.yaml"
    unclosed.write_text("notebooks: [{name: period_report}\nlang: vi\n", encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_config(unclosed)
    assert error.value.render("en").startswith(f"{unclosed}: not valid YAML at line 2, column 1: ")
    with pytest.raises(SettingsError) as error:
        load_config(tmp_path / "none.yaml")
    assert error.value.render("en") == f"{tmp_path / 'none.yaml'}: file not found"


def test_a_file_inside_the_project_is_named_by_its_path_from_the_project():
    with pytest.raises(SettingsError) as error:
        load_config(PARAMS / "runs" / "default.yaml", workers=0)
    assert error.value.render("en") == "params/runs/default.yaml: workers: 0 is below the minimum of 1"


# --- public_threshold never below the city's (issue #16 item 4) ----------------------------

def test_a_run_file_or_notebook_with_a_threshold_below_the_citys_is_refused(tmp_path, dataset_of):
    # params/city.yaml: public_threshold 10. A run file's 2 was accepted and published 6/7 and 2/4.
    run = broken(tmp_path, "run", "workers: null", "workers: null\npublic_threshold: 2")
    with pytest.raises(SettingsError) as error:
        load_config(run)
    assert error.value.render("en") == (f"{run}: public_threshold: public_threshold 2 is lower than the city's "
                                        "(10, params/city.yaml); a run or notebook may only set a higher (stricter) "
                                        "one, or null")
    notebook = broken(tmp_path, "notebook", "audience: internal", "audience: public\npublic_threshold: 9")
    with pytest.raises(SettingsError, match="quarter.yaml: public_threshold: "):
        load_notebook_parameters(notebook)
    dataset = dataset_of(reports=[{"report_id": "R1", "unit": "002", "kind": "report", "received_date": "2023-04-20"}])
    with pytest.raises(ThresholdTooLow):
        PeriodReport(dataset, "2023-Q2", audience="public", public_threshold=2)
    # A stricter threshold is the run's to choose; none means the city's.
    assert load_config(broken(tmp_path / "strict", "run", "workers: null", "public_threshold: 12")).public_threshold == 12
    assert PeriodReport(dataset, "2023-Q2", audience="public", public_threshold=12).threshold == 12
    assert PeriodReport(dataset, "2023-Q2", audience="public").threshold == 10


# --- baseline_year: the city's is the default wherever the baseline year is chosen ------------

@pytest.fixture
def city_with_baseline_2021(tmp_path, monkeypatch):
    """A project whose params/city.yaml says baseline_year: 2021 (the shipped files say null or nothing)."""
    shutil.copytree(PARAMS, tmp_path / "params")
    (tmp_path / "notebooks").symlink_to(paths.project_root() / "notebooks")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "reference").symlink_to(paths.reference_dir())
    city = tmp_path / "params" / "city.yaml"
    text = city.read_text(encoding="utf-8")
    assert "\nbaseline_year: 2022 " in text
    city.write_text(text.replace("\nbaseline_year: 2022 ", "\nbaseline_year: 2021 "), encoding="utf-8")
    monkeypatch.setenv("TIPMONITOR_HOME", str(tmp_path))
    return tmp_path


def test_the_citys_baseline_year_is_the_default_of_runs_notebooks_and_reports(city_with_baseline_2021, dataset_of):
    dataset = dataset_of(reports=[{"report_id": "R1", "unit": "002", "kind": "report", "received_date": "2023-04-20"}])
    params = city_with_baseline_2021 / "params"
    assert load_config().baseline_year == 2021
    assert load_config(params / "runs" / "public.yaml").baseline_year == 2021
    for name in ("quarter", "half", "nine_months", "year"):
        assert load_notebook_parameters(params / "notebooks" / f"{name}.yaml").baseline_year == 2021
    assert PeriodReport(dataset, "2023-Q2").baseline_year == 2021
    # Set in a run file or given to a report, a year is kept as given.
    assert load_config(baseline_year=2020).baseline_year == 2020
    assert PeriodReport(dataset, "2023-Q2", baseline_year=2020).baseline_year == 2020


def test_the_shipped_files_leave_the_baseline_year_to_the_city():
    assert city_config().baseline_year == 2022
    assert load_config().baseline_year == 2022
    assert load_notebook_parameters(PARAMS / "notebooks" / "quarter.yaml").baseline_year == 2022


# --- environment variables: each one the library reads is documented --------------------------

def test_every_environment_variable_the_library_reads_is_documented():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (paths.project_root() / "lib").rglob("*.py"))
    read = set(re.findall(r"environ(?:\.get)?[\[(]\"(TIPMONITOR_\w+)\"", source))
    read = {name for name in read if not name.startswith("TIPMONITOR_TEST_")}  # the tests' own hooks
    assert {"TIPMONITOR_HOME", "TIPMONITOR_LANG", "TIPMONITOR_STORE"} <= read
    assert "TIPMONITOR_REPORTS" not in read  # removed: reports go where the run file's `output` says
    operations = (paths.project_root() / "docs" / "operations.md").read_text(encoding="utf-8")
    assert not {name for name in read if f"`{name}`" not in operations}


# --- the command line shows these errors as messages -----------------------------------------

def tipmonitor(*args, home: Path | None = None):
    import os

    env = {**os.environ, **({"TIPMONITOR_HOME": str(home)} if home else {})}
    return subprocess.run([sys.executable, "-m", "tipmonitor.cli", *args], capture_output=True, text=True,
                          cwd=paths.project_root(), env=env)


@pytest.mark.slow  # a subprocess: the command as a user runs it
def test_the_cli_shows_a_broken_run_file_as_a_message_with_exit_2(tmp_path):
    path = broken(tmp_path, "run", "latest_kind: quarter", "latest_kind: week")
    result = tipmonitor("run", "2024-Q4", "--config", str(path), "--lang", "en")
    assert result.returncode == 2
    assert f"{path}: latest_kind: «week» is not an allowed value; use one of: month, quarter" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # a subprocess: the command as a user runs it
def test_the_cli_shows_a_broken_city_file_as_a_message_with_exit_2(tmp_path):
    shutil.copytree(PARAMS, tmp_path / "params")
    city = tmp_path / "params" / "city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("cutoff_rule: official", "cutoff_rule: offical"),
                    encoding="utf-8")
    result = tipmonitor("periods", "2023-Q2", home=tmp_path)
    assert result.returncode == 2
    assert "params/city.yaml: cutoff_rule: «offical» không phải giá trị hợp lệ; dùng một trong: official, calendar" \
        in result.stderr
    assert "Traceback" not in result.stderr
