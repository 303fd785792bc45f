"""Session 11, a hostile user's findings on store paths and unexpected errors: each is a clear refusal (exit 2)
naming the path and what to do, never a rebuild over the wrong thing or an "unexpected error" (exit 3)."""

import pytest

from tipmonitor.cli import main
from tipmonitor.store.database import Store, StoreError


# --- 1: a folder, a store's archive folder, or a path inside one is not a store ---------------------------

@pytest.fixture
def archive(tmp_path):
    """A store's archive folder as ingests leave it (an entry and the pending folder), without the store file."""
    root = tmp_path / "store.archive"
    (root / ".pending").mkdir(parents=True)
    (root / "000001" / "files").mkdir(parents=True)
    (root / "000001" / "meta.json").write_text("{}", encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [["submissions"], ["check"], ["rebuild"], ["archive"]])
def test_a_stores_archive_folder_is_refused_as_not_a_store_and_left_as_it_was(archive, command, capsys):
    before = sorted(p.relative_to(archive.parent) for p in archive.parent.rglob("*"))
    assert main(["--lang", "en", *command, "--store", str(archive)]) in (1, 2)  # each command's store refusal, not 3
    err = capsys.readouterr().err
    assert f"{archive}: this is a store's archive folder, not a store" in err
    assert "--store data/store.duckdb" in err and "rebuild" not in err
    assert archive.is_dir() and sorted(p.relative_to(archive.parent) for p in archive.parent.rglob("*")) == before


def test_the_archive_folder_named_by_tipmonitor_store_is_refused_too(archive, monkeypatch, capsys):
    monkeypatch.setenv("TIPMONITOR_STORE", str(archive))
    assert main(["--lang", "en", "submissions"]) == 1
    assert "store's archive folder, not a store" in capsys.readouterr().err


def test_a_folder_or_a_path_inside_an_archive_is_not_a_store(archive, tmp_path):
    with pytest.raises(StoreError) as folder:
        Store(tmp_path)
    assert folder.value.render("en") == f"{tmp_path}: this is a folder, not a store file; name the store file, " \
                                        "for example --store data/store.duckdb"
    for inside in (archive / "000001", archive / "x.duckdb", archive / "000001" / "files" / "y.duckdb"):
        with pytest.raises(StoreError) as error:
            Store(inside)
        assert "lies inside a store's archive folder" in error.value.render("en")
    with pytest.raises(StoreError):
        Store(tmp_path / "other.archive")  # not there yet: still its own archive, so never a store
    Store(tmp_path / "store.duckdb")  # the store beside the archive is one


# --- 2: unexpected errors that are refusals ----------------------------------------------------------------

@pytest.mark.parametrize("verb", ["validate", "ingest"])
def test_a_folder_named_like_a_data_file_in_a_submission_folder_is_refused_by_name(tmp_path, verb, capsys):
    inbox = tmp_path / "002_2023-Q1"
    (inbox / "a.csv").mkdir(parents=True)
    assert main(["--lang", "en", verb, str(inbox), "--store", str(tmp_path / "store.duckdb")]) == 2
    err = capsys.readouterr().err
    assert f"{inbox / 'a.csv'}: this is a folder named like a data file" in err and "rename it or move it out" in err
    assert "unexpected" not in err.lower() and not (tmp_path / "store.duckdb").exists()


def test_a_folder_given_as_the_run_file_is_refused_as_a_folder(tmp_path, capsys):
    assert main(["--lang", "en", "run", "2024-Q4", "--config", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "this is a folder, not a settings file; name a YAML file" in err and "unexpected" not in err.lower()


@pytest.mark.parametrize("year, told", [
    (2027, "The data reach no quarter of 2027: there is no public edition to audit."),
    (1999, "The data hold nothing of 1999 (they begin on "),
])
def test_audit_public_of_a_year_without_data_is_refused_in_the_readers_language(sample_store, year, told, capsys):
    assert main(["--lang", "en", "audit-public", str(year), "--store", str(sample_store)]) == 2
    out, err = capsys.readouterr()
    assert told in err and "published" not in out and "unexpected" not in err.lower()


# --- 3 and 4: --workers checked as the run file's workers; a period and --latest together ----------------

@pytest.mark.parametrize("workers", ["0", "-1", "65"])
def test_workers_on_the_command_line_are_bounded_as_in_the_run_file(workers, tmp_path, capsys):
    assert main(["--lang", "en", "run", "2024-Q4", "--units", "002", "--workers", workers,
                 "--out", str(tmp_path / "out")]) == 2
    assert f"--workers {workers}: the number of workers must be a whole number from 1 to 64" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_run_files_bounds_and_the_command_lines_are_the_same():
    from tipmonitor.run.runner import MAX_WORKERS, MIN_WORKERS, RunConfig, RunError, check_workers

    field = RunConfig.model_fields["workers"]
    bounds = {type(m).__name__: m for m in field.metadata}
    assert (bounds["Ge"].ge, bounds["Le"].le) == (MIN_WORKERS, MAX_WORKERS) == (1, 64)
    assert check_workers(None) is None and check_workers(1) == 1 and check_workers(64) == 64
    for bad in (0, 65):
        with pytest.raises(RunError):
            check_workers(bad)


def test_a_period_given_with_latest_is_refused_not_ignored(tmp_path, capsys):
    assert main(["--lang", "en", "run", "2024-Q4", "--latest", "--out", str(tmp_path / "out")]) == 2
    assert "period 2024-Q4 was given together with --latest: use one of them" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
