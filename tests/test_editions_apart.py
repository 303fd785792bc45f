"""Folders of editions kept apart (session 11's hostile user, hard11a): `notebook` and `export` refused among editions
as a run is, a public run refused above an internal edition at any depth, an edition whose audience cannot be read
kept apart from both, and a public edition's previous one kept out of the folder that is copied out."""

import json
import os
from pathlib import Path

import pytest

from tipmonitor.cli import main
from tipmonitor.core.files import publish
from tipmonitor.model import periods
from tipmonitor.run import runner
from tipmonitor.run.runner import RunError, load_config
from tipmonitor.store.database import EXPORT_MARKER


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("TIPMONITOR_LANG", "en")


def _edition(folder: Path, audience: str | None, manifest: str | None = None) -> Path:
    folder.mkdir(parents=True)
    parameters = {} if audience is None else {"audience": audience}
    text = manifest if manifest is not None else json.dumps({"period": folder.name, "parameters": parameters})
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    return folder


def _parameters(tmp_path: Path, audience: str = "internal") -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(f"period: 2024-Q4\naudience: {audience}\ndata: {tmp_path / 'none.duckdb'}\n", encoding="utf-8")
    return path


def test_notebook_is_refused_inside_an_edition_and_an_internal_one_among_public_editions(tmp_path, capsys):
    # `notebook unit_profile.ipynb reports/public/2024-Q4/notebooks/extra.ipynb -f q.yaml` (internal) wrote an internal
    # notebook inside a public edition, exit 0.
    public = tmp_path / "reports" / "public"
    edition = _edition(public / "2024-Q4", "public")
    (edition / "notebooks").mkdir()
    parameters = _parameters(tmp_path)
    for out in (edition / "notebooks" / "extra.ipynb", edition / "extra.ipynb"):
        assert main(["notebook", "notebooks/unit_profile.ipynb", str(out), "-f", str(parameters)]) == 2
        err = capsys.readouterr().err
        assert f"lies inside an existing edition ({edition})" in err and "the notebook command's output path" in err
        assert "--out" not in err and not out.exists()
    for out in (public / "extra.ipynb", public / "more" / "extra.ipynb"):
        assert main(["notebook", "notebooks/unit_profile.ipynb", str(out), "-f", str(parameters)]) == 2
        assert f"{public} is a folder of public editions" in capsys.readouterr().err and not out.exists()
    # a public notebook is one file, not a folder of editions: the folders below its own are not looked through
    _edition(tmp_path / "reports" / "2024-Q3", "internal")
    runner.refuse_among_editions(tmp_path, "public", "notebook.choose_out", look_below=False)
    with pytest.raises(RunError):
        runner.refuse_among_editions(edition / "notebooks", "public", "notebook.choose_out", look_below=False)


def test_export_is_refused_in_among_or_beside_editions(tmp_path, capsys):
    public = tmp_path / "reports" / "public"
    edition = _edition(public / "2024-Q4", "public")
    internal = _edition(tmp_path / "reports" / "2024-Q4", "internal")
    cases = {public / "exported": f"{public} is a folder of public editions",  # the hostile user's command
             public: f"that folder holds editions ({edition} among them)",
             tmp_path / "reports": "that folder holds editions",
             edition / "x": f"lies inside an edition ({edition})", internal: f"lies inside an edition ({internal})"}
    for out, said in cases.items():
        code = main(["export", str(out), "--format", "csv", "--store", str(tmp_path / "none.duckdb")])
        err = capsys.readouterr().err
        assert code == 1 and said in err and "choose an export folder" in err, (out, err)
        assert not (out / "victims.csv").exists()
    runner.refuse_export_folder(tmp_path / "exports")  # a folder of its own: allowed


def test_a_public_run_is_refused_above_an_export(tmp_path):
    public = tmp_path / "reports" / "public"
    _edition(public / "2024-Q3", "public")
    for made in (public / "exported", public / "deep" / "old"):
        made.mkdir(parents=True)
        (made / EXPORT_MARKER).write_text("{}", encoding="utf-8")
        with pytest.raises(RunError) as refused:
            runner.refuse_among_editions(public, "public")
        assert refused.value.text.key == "run.out_holds_export"
        assert f"{made} holds a record-level export" in refused.value.render("en")
        (made / EXPORT_MARKER).unlink()
        (made / "victims.csv").write_text("", encoding="utf-8")  # one written before the marker existed
        with pytest.raises(RunError):
            runner.refuse_among_editions(public, "public")
        (made / "victims.csv").unlink()
    runner.refuse_among_editions(public, "public")


def test_a_public_run_is_refused_above_an_internal_edition_at_any_depth(tmp_path):
    # `run 2024-Q3 --config public.yaml --out /tmp/x` with /tmp/x/sub/2024-Q4 an internal edition (copy or link) published.
    out = tmp_path / "x"
    _edition(out / "2024-Q3", "public")
    internal = _edition(tmp_path / "elsewhere" / "2024-Q4", "internal")
    (out / "sub" / "deeper").mkdir(parents=True)
    os.symlink(out, out / "sub" / "loop")  # a link loop is looked through once
    runner.refuse_among_editions(out, "public")
    os.symlink(internal, out / "sub" / "deeper" / "2024-Q4")
    with pytest.raises(RunError) as refused:
        runner.refuse_among_editions(out, "public")
    assert refused.value.text.key == "run.out_holds_internal"
    assert str(out / "sub" / "deeper" / "2024-Q4") in refused.value.render("en")
    (out / "sub" / "deeper" / "2024-Q4").unlink()
    _edition(out / "sub" / "2024-Q4", "internal")  # a copy
    with pytest.raises(RunError):
        runner.refuse_among_editions(out, "public")


def test_too_many_folders_below_a_public_output_are_refused_not_walked_forever(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "_LOOK_LIMIT", 3)
    for name in "abcd":
        (tmp_path / "x" / name).mkdir(parents=True)
    with pytest.raises(RunError) as refused:
        runner.refuse_among_editions(tmp_path / "x", "public")
    assert refused.value.text.key == "run.out_too_wide"


@pytest.mark.parametrize("manifest", [json.dumps({"period": "2024-Q4", "parameters": {}}), "{not json", ""])
def test_an_edition_whose_audience_cannot_be_read_is_kept_apart_from_both(tmp_path, manifest):
    public = tmp_path / "reports" / "public"
    edition = _edition(public / "2024-Q4", None, manifest)
    (edition / "notebooks").mkdir()
    assert runner.edition_audience(edition) == runner.UNKNOWN
    for out, audience in ((public, "internal"), (public / "more", "internal"), (public, "public")):
        with pytest.raises(RunError) as refused:
            runner.refuse_among_editions(out, audience)
        assert refused.value.text.key == "run.out_holds_unknown"
        assert f"the audience of the edition {edition} cannot be read" in refused.value.render("en")
    with pytest.raises(RunError, match="lies inside an existing edition"):
        runner.refuse_among_editions(edition / "x", "internal")
    # a manifest.json of something else (a web app's) in a folder that is no edition: not an edition
    other = tmp_path / "app"
    other.mkdir()
    (other / "manifest.json").write_text(json.dumps({"name": "app", "icons": []}), encoding="utf-8")
    assert runner.edition_audience(other) is None


def test_publish_keeps_the_previous_one_in_the_folder_given(tmp_path):
    final = tmp_path / "reports" / "public" / "2024-Q4"
    final.mkdir(parents=True)
    (final / "old.txt").write_text("old", encoding="utf-8")
    kept = tmp_path / "data" / ".store.duckdb.work" / "backups"
    with publish(final, True, aside=".backup-%Y%m%d", aside_in=kept) as staging:
        staging.path.mkdir()
        (staging.path / "new.txt").write_text("new", encoding="utf-8")
    assert staging.aside is not None and staging.aside.parent == kept and (staging.aside / "old.txt").is_file()
    assert sorted(p.name for p in final.parent.iterdir()) == ["2024-Q4"] and (final / "new.txt").is_file()


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_a_public_run_keeps_its_previous_edition_in_the_data_working_area(tmp_path, monkeypatch, audience):
    # `run --force` of a public edition left 2024-Q4.backup-<time> beside the new one, in the folder copied out.
    asked = {}

    class Stop(Exception):
        pass

    def fake_publish(final, owner_only, aside=None, work=None, aside_in=None):
        asked["aside_in"] = aside_in
        raise Stop

    monkeypatch.setattr(runner, "publish", fake_publish)
    monkeypatch.setattr(runner, "resolve_units", lambda *args: ["002"])
    monkeypatch.setattr(runner, "plan_jobs", lambda *args: [])
    data = tmp_path / "data" / "store.duckdb"
    config = load_config(data=str(data), audience=audience, notebooks=[{"name": "period_report"}])
    out = tmp_path / "reports" / "public"
    (out / "2024-Q4").mkdir(parents=True)
    with pytest.raises(Stop):
        runner._run_locked(periods.parse("2024-Q4"), config, config, None, True, False, out, 1, "warm", False, None,
                           tmp_path / "work")
    want = runner.work_area(data) / "backups" if audience == "public" else None
    assert asked["aside_in"] == want


def test_the_run_says_where_a_public_edition_s_previous_one_is_kept(tmp_path, monkeypatch, capsys):
    from datetime import datetime

    folder = tmp_path / "reports" / "public" / "2024-Q4"
    now = datetime.now()
    for kept, said in ((tmp_path / "data" / ".store.duckdb.work" / "backups" / "2024-Q4.backup-1",
                        "outside the public folder so it is not published beside the new one"),
                       (folder.with_name("2024-Q4.backup-1"), "previous report kept as")):
        monkeypatch.setattr(runner, "run_period",
                            lambda *a, kept=kept, **k: runner.RunResult("2024-Q4", folder, ["done"], now, now, kept))
        assert main(["run", "2024-Q4", "--force", "--data", str(tmp_path / "none.duckdb")]) == 0
        err = capsys.readouterr().err
        assert f"previous report kept as {kept}" in err and (said in err)
    assert "outside the public folder" not in err  # an internal run's, beside it as before
