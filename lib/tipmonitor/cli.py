"""The command line: ``tipmonitor <verb>``.

Verbs: run, ingest, validate, submissions, export, template, load-sample, sample, periods, evaluate,
notebook, check, archive, rebuild, docs, reference. Problems in input are
printed as file:row:column: reason and give exit code 1; nothing is half-written.
Imports are done inside each verb so ``tipmonitor --help`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from tipmonitor.core import words


def _today(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def cmd_sample(args: argparse.Namespace) -> int:
    from tipmonitor.core import paths
    from tipmonitor.tools import sample

    out = Path(args.out) if args.out else paths.sample_dir()
    if args.scale:
        written = sample.write_scale(out, args.scale, args.seed)
    else:
        written = sample.write_sample(out, args.seed)
    for path in written:
        print(path)
    return 0


def _store(args: argparse.Namespace):
    from tipmonitor.store.database import Store

    return Store(Path(args.store) if getattr(args, "store", None) else None)


def _mapping(args: argparse.Namespace):
    from tipmonitor.intake.mapping import load_mapping

    return load_mapping(args.mapping) if getattr(args, "mapping", None) else None


def _submissions(args: argparse.Namespace, dry_run: bool) -> int:
    from tipmonitor.core.problems import InputError
    from tipmonitor.store.database import Interrupted, StoreError

    store = _store(args)
    failed = 0
    for path in args.paths:
        try:
            result = store.ingest(Path(path), unit=args.unit, period=args.period, dry_run=dry_run,
                                  today=_today(args.today), mapping=_mapping(args),
                                  received_on=date.fromisoformat(args.received_on) if args.received_on else None,
                                  allow_period_outside=args.allow_period_outside)
        except InputError as error:
            failed += 1
            print(error.render(args.lang), file=sys.stderr)
            print(words.say("cli.not_stored", args.lang, path=path, count=len(error.problems)), file=sys.stderr)
            continue
        except StoreError as error:
            failed += 1
            print(f"{path}: {error.render(args.lang)}", file=sys.stderr)
            continue
        except Interrupted as stop:  # Ctrl-C: what this file's ingest left, then stop
            if stop.result is None:
                print(words.say("cli.stopped_nothing", args.lang, path=path), file=sys.stderr)
            else:
                print(words.say("cli.stopped_stored", args.lang, path=path, id=stop.result.submission_id), file=sys.stderr)
            return 130
        print(result.describe(args.lang))
        for note in result.notes:
            print(f"  {note}")
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    return _submissions(args, dry_run=False)


def cmd_validate(args: argparse.Namespace) -> int:
    return _submissions(args, dry_run=True)


def cmd_history(args: argparse.Namespace) -> int:
    from tipmonitor.store.database import StoreError

    try:
        frame = _store(args).submissions(unit=args.unit, period=args.period)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    columns = ["submission_id", "unit", "period", "source", "received_on", "ingested_at", "ingested_by",
               "rows_crime_reports", "rows_cases", "rows_victims", "rows_aggregates", "supersedes", "current"]
    print(frame[columns].to_string(index=False) if len(frame) else "(no submissions)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tipmonitor.store.database import StoreError

    try:
        written = _store(args).export(Path(args.out), args.format)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from tipmonitor.store.recovery import check

    store = _store(args)
    problems = check(store, args.lang)
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"{store.path}: ok ({len(store.submissions())} submissions, all in the archive, all files match their hashes)")
    return 1 if problems else 0


def cmd_archive(args: argparse.Namespace) -> int:
    from tipmonitor.store.archive import archive_dir
    from tipmonitor.store.recovery import export_archive
    from tipmonitor.store.database import StoreError

    store = _store(args)
    try:
        written = export_archive(store)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{archive_dir(store.path)}: {written} submission(s) written")
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from tipmonitor.store.archive import archive_dir
    from tipmonitor.store.recovery import rebuild_all
    from tipmonitor.store.database import StoreError

    store = _store(args)
    try:
        done = rebuild_all(store, progress=lambda i, n: print(f"  {i}/{n}", end="\r", file=sys.stderr))
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{store.path}: rebuilt from {len(store.submissions())} archived submissions"
          + (f"; the old file is kept as {done.aside}" if done.aside else ""))
    if done.missing:
        print(words.say("rebuild.missing", args.lang, numbers=", ".join(map(str, done.missing))), file=sys.stderr)
    if done.unsettled:
        print(words.say("rebuild.unsettled", args.lang, numbers=", ".join(map(str, done.unsettled)),
                        folder=archive_dir(store.path) / ".pending"), file=sys.stderr)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from tipmonitor.intake.template import write_template

    print(write_template(Path(args.out), unit=args.unit, period=args.period, lang=args.lang))
    return 0


def cmd_load_sample(args: argparse.Namespace) -> int:
    """Ingest the sample's submissions, as the units would have sent them, into a fresh store with its archive."""
    from tipmonitor.store.recovery import replace_store
    from tipmonitor.tools import sample

    store = _store(args)
    if store.exists() and not args.force:
        print(f"{store.path}: already exists (use --force to rebuild it from the sample)")
        return 0
    with replace_store(store) as build:  # the new store and archive appear whole, or not at all
        submissions = sample.write_submissions(build.path.parent / "submissions")
        results = build.ingest_many([dict(path=f, unit=u, period=p, received_on=date.fromisoformat(r))
                                     for f, u, p, r in submissions], today=_today(args.today))
    print(f"{store.path}: {len(results)} submissions")
    return 0


def cmd_periods(args: argparse.Namespace) -> int:
    from tipmonitor.model import periods
    from tipmonitor.model.city import city_config

    config = city_config()
    rule = args.rule or config.cutoff_rule
    labels = list(args.periods)
    if args.latest:
        labels.append(periods.latest_complete(_today(args.today), args.kind, rule, config.reporting_lag_working_days).label)
    for label in labels:
        p = periods.parse(label)
        w = p.window(rule)
        due = periods.due_date(p, rule, config.reporting_lag_working_days)
        print(f"{p.label}\t{p.describe(args.lang, rule)}\t{w.start.isoformat()}\t{w.end.isoformat()}\tdue {due.isoformat()}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from tipmonitor.core.problems import InputError
    from tipmonitor.present.scorecard import scorecard_frame
    from tipmonitor.store.sources import load_source

    try:
        dataset = load_source(args.data, today=_today(args.today))
    except InputError as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    from tipmonitor.present.report import PeriodReport

    report = PeriodReport(dataset, args.period, lang=args.lang, rule=args.rule or "official", audience=args.audience)
    frame = scorecard_frame(report.evaluation, lang=args.lang, unit=args.unit)
    print(frame.to_string(index=False))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from tipmonitor.core.problems import InputError
    from tipmonitor.core.settings import SettingsError
    from tipmonitor.run.runner import RunError, load_config, run_period
    from tipmonitor.store.database import StoreError

    try:
        config = load_config(args.config, lang=args.lang_given, output=args.out, data=args.data)
        result = run_period(args.period, config, units=args.units or None, force=args.force, latest=args.latest,
                            today=_today(args.today), workers=args.workers, keep_existing=args.keep_existing,
                            mode="cold" if args.cold else "warm")
    except (RunError, StoreError) as error:
        print(f"tipmonitor run: {error}", file=sys.stderr)
        return 2
    except (InputError, SettingsError) as error:
        print(error.render(args.lang), file=sys.stderr)
        return 2
    if not result.results:
        print(f"{result.folder}: already there (use --force to run it again)", file=sys.stderr)
        print(result.folder / "index.html")
        return 0
    ok = len(result.results) - len(result.failures)
    seconds = (result.finished - result.started).total_seconds()
    print(f"{result.period}: {ok}/{len(result.results)} notebooks in {seconds:.0f} s", file=sys.stderr)
    for failure in result.failures:
        print(f"  ✘ {failure.job.key}: {failure.error} (kept: {failure.output})", file=sys.stderr)
    if result.backup:
        print(f"  previous report kept as {result.backup}", file=sys.stderr)
    print(result.folder / "index.html")
    return 0 if result.ok else 1


def cmd_notebook(args: argparse.Namespace) -> int:
    """One notebook run by hand, as papermill would, its executed copy the owner's only (it holds record ids)."""
    import yaml

    from tipmonitor.core.files import private
    from tipmonitor.model.city import city_config
    from tipmonitor.present.parameters import load_notebook_parameters
    from tipmonitor.run.runner import Job, execute_cold, load_config

    parameters = {}
    if args.parameters:
        load_notebook_parameters(args.parameters)  # a mistake in the file is told before any kernel starts
        parameters = yaml.safe_load(Path(args.parameters).read_text(encoding="utf-8")) or {}
    notebook, out = Path(args.notebook), Path(args.out)
    job = Job(notebook.stem, notebook.stem, parameters, notebook.stem, path=notebook.resolve())
    ok, error = execute_cold(job, out.resolve(), load_config())  # the umask is 077 here (restrict_new_files)
    if out.exists():
        private(out, city_config().private_files)
    if not ok:
        print(f"{notebook}: {error}", file=sys.stderr)
        return 1
    print(out)
    return 0


def cmd_reference(args: argparse.Namespace) -> int:
    from tipmonitor.core import paths
    from tipmonitor.tools import reference_build

    for path in reference_build.write(paths.project_root()):
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from tipmonitor.tools import docgen
    from tipmonitor.core import paths

    path = paths.project_root() / "docs" / "data-model.md"
    print(f"{path}: {'updated' if docgen.update(path) else 'already current'}")
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=words.LANGUAGES, default=None, help="language of messages and labels (default vi)")
    root = argparse.ArgumentParser(prog="tipmonitor", parents=[common],
                                   description="Anti-trafficking plan monitoring: data checks, KPIs and reports.")
    verbs = root.add_subparsers(dest="verb", required=True)

    p = verbs.add_parser(parents=[common], name="sample", help="write the synthetic sample data")
    p.add_argument("--out", help="folder (default data/sample)")
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--scale", type=int, help="benchmark mode: about this many case rows, as Parquet")
    p.set_defaults(func=cmd_sample)

    store_option = argparse.ArgumentParser(add_help=False)
    store_option.add_argument("--store", help="the store file (default data/store.duckdb, or TIPMONITOR_STORE)")
    for name, func, text in (("ingest", cmd_ingest, "store submissions (each FILE or folder is one unit's for one period)"),
                             ("validate", cmd_validate, "the same checks as ingest; stores nothing")):
        p = verbs.add_parser(parents=[common, store_option], name=name, help=text)
        p.add_argument("paths", nargs="+", metavar="FILE")
        p.add_argument("--unit", help="the unit (default: the one the rows name)")
        p.add_argument("--period", help="the period, e.g. 2023-Q2 (default: from the file or its name)")
        p.add_argument("--mapping", help="a column-mapping file for a unit's own layout (params/mappings/...)")
        p.add_argument("--received-on", help="the day the unit sent it (ISO date; default today)")
        p.add_argument("--today", help="treat this ISO date as today (for dates-in-the-future checks)")
        p.add_argument("--allow-period-outside", action="store_true",
                       help="take a period that has not begun, or lies before the baseline year minus 5 (docs/security.md)")
        p.set_defaults(func=func)

    p = verbs.add_parser(parents=[common, store_option], name="submissions", help="the history of submissions")
    p.add_argument("--unit")
    p.add_argument("--period")
    p.set_defaults(func=cmd_history)

    p = verbs.add_parser(parents=[common, store_option], name="export", help="write the current data as Parquet or CSV")
    p.add_argument("out")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p.set_defaults(func=cmd_export)

    for name, func, text in (("check", cmd_check, "check the store: it opens, its files match their hashes, all are archived"),
                             ("archive", cmd_archive, "write archive copies of submissions the archive lacks"),
                             ("rebuild", cmd_rebuild, "rebuild a damaged or missing store from its archive")):
        p = verbs.add_parser(parents=[common, store_option], name=name, help=text)
        p.set_defaults(func=func)

    p = verbs.add_parser(parents=[common], name="template", help="write the Excel submission template")
    p.add_argument("out", help="the .xlsx file to write")
    p.add_argument("--unit", help="pre-fill the unit")
    p.add_argument("--period", help="pre-fill the period")
    p.set_defaults(func=cmd_template)

    p = verbs.add_parser(parents=[common, store_option], name="load-sample",
                         help="build the store from the sample data's submissions")
    p.add_argument("--force", action="store_true")
    p.add_argument("--today")
    p.set_defaults(func=cmd_load_sample)

    p = verbs.add_parser(parents=[common], name="periods", help="show period windows and reporting deadlines")
    p.add_argument("periods", nargs="*")
    p.add_argument("--latest", action="store_true", help="add the latest complete period")
    p.add_argument("--kind", default="quarter", choices=("month", "quarter", "half", "nine_months", "year"))
    p.add_argument("--rule", choices=("official", "calendar"))
    p.add_argument("--today")
    p.set_defaults(func=cmd_periods)

    p = verbs.add_parser(parents=[common], name="evaluate", help="print a period's scorecard")
    p.add_argument("period")
    p.add_argument("--data", help="the store (default) or a folder of data files")
    p.add_argument("--unit", default="CITY")
    p.add_argument("--rule", choices=("official", "calendar"))
    p.add_argument("--audience", choices=("internal", "public"), default="internal",
                   help="public: as the public edition shows it, small numbers withheld")
    p.add_argument("--today")
    p.set_defaults(func=cmd_evaluate)

    p = verbs.add_parser(parents=[common], name="run", help="run a whole period's notebooks and publish the report")
    p.add_argument("period", nargs="?", help="2023-Q2, 2023-H1, 2023-9M, 2023 ...")
    p.add_argument("--latest", action="store_true", help="the latest period whose reporting deadline has passed")
    p.add_argument("--units", nargs="*", help="unit codes or names (default: all)")
    p.add_argument("--config", help="the run file (default params/runs/default.yaml)")
    p.add_argument("--workers", type=int)
    p.add_argument("--force", action="store_true", help="replace an existing report (kept as a dated backup)")
    p.add_argument("--keep-existing", action="store_true", help="if the report exists, leave it and print its path")
    p.add_argument("--cold", action="store_true", help="a fresh kernel per notebook (slower; for comparison or as a fallback)")
    p.add_argument("--out", help="reports folder (default from the run file)")
    p.add_argument("--data", help="the store or data folder (default from the run file)")
    p.add_argument("--today")
    p.set_defaults(func=cmd_run)

    p = verbs.add_parser(parents=[common], name="notebook",
                         help="run one notebook with papermill; the executed copy is the owner's only")
    p.add_argument("notebook", help="e.g. notebooks/period_report.ipynb")
    p.add_argument("out", help="the executed notebook to write")
    p.add_argument("-f", "--parameters", help="a parameter file (params/notebooks/quarter.yaml)")
    p.set_defaults(func=cmd_notebook)

    p = verbs.add_parser(parents=[common], name="docs", help="regenerate the reference tables in docs/data-model.md")
    p.set_defaults(func=cmd_docs)

    p = verbs.add_parser(parents=[common], name="reference", help="rebuild data/reference from the GSO dataset (needs vietnamadminunits)")
    p.set_defaults(func=cmd_reference)
    return root


def restrict_new_files() -> None:
    """Files this process creates are its owner's only (params/city.yaml: private_files)."""
    from tipmonitor.model.city import city_config

    if city_config().private_files:
        os.umask(0o077)


def main(argv: list[str] | None = None) -> int:
    from tipmonitor.core.words import default_lang

    args = parser().parse_args(argv)
    args.lang_given = args.lang
    args.lang = args.lang or default_lang()
    try:
        restrict_new_files()  # reads params/city.yaml: a mistake in it is told like any other
        return args.func(args)
    except KeyboardInterrupt:
        print(f"tipmonitor: {words.say('cli.stopped', args.lang)}", file=sys.stderr)
        return 130
    except Exception as error:
        # Imported only now: the store's module brings pandas, which a quick command need not load.
        from tipmonitor.model.periods import PeriodError
        from tipmonitor.core.problems import InputError
        from tipmonitor.core.settings import SettingsError
        from tipmonitor.store.database import StoreError

        if isinstance(error, InputError):
            print(error.render(args.lang), file=sys.stderr)
            return 1
        if isinstance(error, SettingsError):  # a settings file to correct (params/...): exit 2, nothing was run
            print(error.render(args.lang), file=sys.stderr)
            return 2
        if isinstance(error, (StoreError, PeriodError)):  # told in words; nothing to debug
            print(f"tipmonitor: {error}", file=sys.stderr)
            return 2
        if os.environ.get("TIPMONITOR_DEBUG"):  # a bug, not bad input: no traceback for users unless asked
            raise
        print(f"tipmonitor: {words.say('cli.unexpected', args.lang, error=f'{type(error).__name__}: {error}')}",
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
