"""The command line: ``tipmonitor <verb>``.

Verbs: run, ingest, validate, submissions, export, template, load-sample, sample, periods, evaluate,
notebook, check, archive, rebuild, docs, reference. Problems in input are
printed as file:row:column: reason and give exit code 1; nothing is half-written.
Everything it prints, its help included, comes from the text catalogue in ``--lang``
(else TIPMONITOR_LANG, else Vietnamese); the language is read before the parser is built.
Imports are done inside each verb so ``tipmonitor --help`` starts fast.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from datetime import date
from pathlib import Path

from tipmonitor.core import words


def _today(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def date_argument(lang: str):
    """The type of a date flag: 2025-12-31 or 31/12/2025 (as users type it; also 31-12-2025, 31.12.2025),
    given on as ISO text; anything else an argparse error in ``lang`` that shows both forms."""
    def parse(text: str) -> str:
        day_first = _DAY_FIRST.fullmatch(text.strip())
        try:
            if day_first:
                day, month, year = map(int, day_first.groups())
                return date(year, month, day).isoformat()
            return date.fromisoformat(text.strip()).isoformat()
        except ValueError:
            raise argparse.ArgumentTypeError(words.say("cli.bad_date", lang, value=text)) from None

    return parse


def cmd_sample(args: argparse.Namespace) -> int:
    from tipmonitor.core import paths
    from tipmonitor.tools import sample

    out = Path(args.out) if args.out else paths.sample_dir()
    if args.scale is not None and args.scale < 1:
        print(f"tipmonitor: {words.say('message.scale_not_positive', args.lang, value=args.scale)}", file=sys.stderr)
        return 2
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

    if not getattr(args, "mapping", None):
        return None
    if not Path(args.mapping).is_file():  # named as given, like any path on the command line (main tells it)
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), args.mapping)
    return load_mapping(args.mapping)


def _submissions(args: argparse.Namespace, dry_run: bool) -> int:
    from tipmonitor.core.problems import InputError, Problem
    from tipmonitor.store.database import Interrupted, StoreError

    if len(args.paths) > 1 or args.all_or_nothing:
        return _batch(args, dry_run)
    store = _store(args)
    failed = 0
    replace_tables = _replace_tables(args)
    stored: list[str] = []  # what this command stored, told if it is stopped
    for path in args.paths:
        try:
            if shown_name(path) != path:  # not UTF-8: its name cannot go into the store or a message
                raise InputError([Problem(shown_name(path), None, None, "undecodable_name")])
            if not Path(path).exists():
                raise InputError([Problem(str(path), None, None, "no_such_file")])
            result = store.ingest(Path(path), unit=args.unit, period=args.period, dry_run=dry_run,
                                  today=_today(args.today), mapping=_mapping(args), lang=args.lang,
                                  received_on=date.fromisoformat(args.received_on) if args.received_on else None,
                                  allow_period_outside=args.allow_period_outside,
                                  replace_tables=replace_tables)
        except InputError as error:
            failed += 1
            print(error.render(args.lang), file=sys.stderr)
            print(words.say("cli.not_stored", args.lang, path=shown_name(path), count=len(error.problems)),
                  file=sys.stderr)
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
            _told_stored(stored, args.lang)
            return 130
        except BaseException as error:  # Ctrl-C while the file was read or checked (also DuckDB's "query interrupted")
            if not _is_interrupt(error):
                raise
            print(words.say("cli.stopped_nothing", args.lang, path=path), file=sys.stderr)
            _told_stored(stored, args.lang)
            return 130
        if result.status == "ingested":
            stored.append(words.say("cli.stored_item", args.lang, path=path, id=result.submission_id))
        print(result.describe(args.lang))
        for note in result.notes:
            print(f"  {note}")
    return 1 if failed else 0


def _batch(args: argparse.Namespace, dry_run: bool) -> int:
    """Many files in one pass (store/bulk.py): each file's verdict told as the one-by-one path tells it."""
    from tipmonitor.core.problems import InputError, Problem
    from tipmonitor.core.progress import Progress
    from tipmonitor.store.bulk import BatchInterrupted, Item, ingest_batch
    from tipmonitor.store.database import StoreError

    store = _store(args)
    replace_tables = _replace_tables(args)
    missing = [path for path in args.paths if shown_name(path) != path or not Path(path).exists()]
    for path in missing:
        key = "undecodable_name" if shown_name(path) != path else "no_such_file"
        print(InputError([Problem(shown_name(path), None, None, key)]).render(args.lang), file=sys.stderr)
        print(words.say("cli.not_stored", args.lang, path=shown_name(path), count=1), file=sys.stderr)
    mapping = _mapping(args)
    received_on = date.fromisoformat(args.received_on) if args.received_on else None
    items = [Item(Path(path), args.unit, args.period, received_on, _today(args.today), mapping=mapping,
                  allow_period_outside=args.allow_period_outside, replace_tables=replace_tables)
             for path in args.paths if path not in missing]
    progress = Progress(args.lang)
    try:
        verdicts = ingest_batch(store, items, args.lang, dry_run=dry_run,
                                all_or_nothing=args.all_or_nothing or bool(missing and args.all_or_nothing),
                                progress=progress)
    except StoreError as error:
        progress.close()
        print(error.render(args.lang), file=sys.stderr)
        return 1
    except BatchInterrupted as stop:
        progress.close()
        stored = sum(1 for v in stop.verdicts if v.result is not None and v.result.status == "ingested")
        print(words.say("cli.batch_stopped_stored", args.lang, stored=stored) if stop.stored
              else words.say("cli.batch_stopped_nothing", args.lang, count=len(items)), file=sys.stderr)
        return 130
    progress.close()
    for verdict in verdicts:
        if verdict.error is not None:
            print(verdict.error.render(args.lang), file=sys.stderr)
            print(words.say("cli.not_stored", args.lang, path=verdict.item.path, count=len(verdict.error.problems)),
                  file=sys.stderr)
        elif verdict.held:
            print(words.say("cli.held", args.lang, path=verdict.item.path), file=sys.stderr)
        elif verdict.result is not None:
            print(verdict.result.describe(args.lang))
            for note in verdict.result.notes:
                print(f"  {note}")
    statuses = [v.result.status for v in verdicts if v.result is not None]
    refused = sum(v.error is not None for v in verdicts) + len(missing)
    if "validated" in statuses:  # `validate` stores nothing: it counts the files that would be stored
        print(words.say("cli.batch_summary_checked", args.lang, valid=statuses.count("validated"),
                        unchanged=statuses.count("unchanged"), refused=refused), file=sys.stderr)
    else:
        print(words.say("cli.batch_summary", args.lang, stored=statuses.count("ingested"),
                        unchanged=statuses.count("unchanged"), refused=refused, held=sum(v.held for v in verdicts)),
              file=sys.stderr)
    return 1 if missing or any(v.error is not None or v.held for v in verdicts) else 0


def _replace_tables(args: argparse.Namespace) -> "bool | list[str]":
    """--replace-tables: not given (False), bare (every table: True), or the tables named."""
    from tipmonitor.core.messages import ToldError
    from tipmonitor.model.schema import TABLES
    from tipmonitor.store.replacement import unknown_tables

    if args.replace_tables is None:
        return False
    if not args.replace_tables:
        return True
    unknown = unknown_tables(args.replace_tables)
    if unknown:
        raise ToldError("cli.unknown_replace_table", names=", ".join(unknown), known=", ".join(TABLES))
    return list(args.replace_tables)


def shown_name(path: str) -> str:
    """A path as given, with bytes that are not UTF-8 (a name from another system) shown as \\xff."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _is_interrupt(error: BaseException) -> bool:
    """Ctrl-C, as Python raises it or as DuckDB does inside a query (InterruptException, "Query interrupted")."""
    return isinstance(error, KeyboardInterrupt) or type(error).__name__ == "InterruptException"


def _told_stored(stored: list[str], lang: str) -> None:
    print(words.say("cli.stopped_summary", lang, stored="; ".join(stored)) if stored
          else words.say("cli.stopped_none_stored", lang), file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    return _submissions(args, dry_run=False)


def cmd_validate(args: argparse.Namespace) -> int:
    return _submissions(args, dry_run=True)


def cmd_history(args: argparse.Namespace) -> int:
    from tipmonitor.store.database import StoreError

    try:
        frame = _store(args).submissions(unit=args.unit, period=args.period)
    except StoreError as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    columns = ["submission_id", "unit", "period", "source", "received_on", "ingested_at", "ingested_by",
               "rows_crime_reports", "rows_cases", "rows_victims", "rows_aggregates", "supersedes", "current"]
    print(frame[columns].to_string(index=False) if len(frame) else words.say("cli.no_submissions", args.lang))
    if len(frame):  # per table: a file replaces only the tables it carries
        print()
        print(_store(args).parts(unit=args.unit, period=args.period).to_string(index=False))
        noted = frame[frame["notes"].notna()]
        if len(noted):  # what each submission did (records gone and come, rows left out)
            print()
            for number, notes in zip(noted["submission_id"], noted["notes"]):
                print(f"{number}: {notes}")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from tipmonitor.core import paths
    from tipmonitor.intake.drafting import draft_mapping, write_draft

    draft = draft_mapping(Path(args.file), today=_today(args.today))
    print(draft.describe(args.lang))
    out = Path(args.out) if args.out else paths.params_dir() / "mappings" / (Path(args.file).stem + ".yaml")
    if out.exists() and not args.force:
        print(f"{out}: {words.say('message.mapping_exists', args.lang)}", file=sys.stderr)
        return 1
    write_draft(draft, out, args.lang)
    print(words.say("map.wrote", args.lang, path=out))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tipmonitor.run.runner import RunError, refuse_export_folder
    from tipmonitor.store.database import StoreError

    try:
        refuse_export_folder(Path(args.out))  # every record: never among editions (what is copied out is public)
        written = _store(args).export(Path(args.out), args.format)
    except (StoreError, RunError) as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from tipmonitor.store.recovery import check

    from tipmonitor.run.runner import clean_work, work_area

    store = _store(args)
    problems = check(store, args.lang)
    for folder in clean_work(work_area(store.path)):  # what runs killed before they ended left (a store copy)
        print(words.say("cli.check_removed_run", args.lang, folder=folder))
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(words.say("cli.check_ok", args.lang, path=store.path, count=len(store.submissions())))
    return 1 if problems else 0


def cmd_audit_public(args: argparse.Namespace) -> int:
    """Every public edition of a plan year, and the interval a reader can narrow each protected count to."""
    from tipmonitor.core import paths
    from tipmonitor.metrics.audit import audit_year
    from tipmonitor.model import periods
    from tipmonitor.present.audit_view import failing_table, problem_line, summary_table
    from tipmonitor.metrics.disclosure import public_threshold
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.model.city import city_config
    from tipmonitor.run.gate import record, verdict_key
    from tipmonitor.run.runner import work_area

    store = _store(args)
    inputs = load_inputs(store.current())
    threshold = public_threshold(args.threshold)
    rule = city_config().cutoff_rule
    result = audit_year(inputs, args.year, threshold, rule)
    # the verdict a public run of the year reads (run/gate.py), for the same data, threshold, rule and code
    location = paths.resolve(store.path)
    record(work_area(location) / "audits", args.year, verdict_key(location, args.year, threshold, rule), result)
    table = result.table
    editions = ", ".join(periods.in_sentence_label(label, args.lang, rule) for label in result.editions)
    print(words.say("cli.audit_head", args.lang, year=args.year, editions=editions,
                    published=result.published, protected=len(table), threshold=threshold, below=threshold - 1))
    if len(table):
        print(summary_table(table, args.lang).to_string(index=False))
    failing = table[~table["ok"]]
    if len(failing):
        print(words.say("cli.audit_failing", args.lang, count=len(failing), below=threshold - 1))
        named = failing_table(failing.head(args.show), args.lang, lambda u: inputs.units.name(u, args.lang),
                              lambda i: inputs.registry.indicators[i].name(args.lang, short=True), rule)
        print(named.to_string(index=False))
    for problem in result.problems:
        print(words.say("cli.audit_note", args.lang, note=problem_line(
            problem, args.lang, lambda u: inputs.units.name(u, args.lang),
            lambda i: inputs.registry.indicators[i].name(args.lang, short=True), rule)))
    print(words.say("cli.audit_passed" if not len(failing) else "cli.audit_failed", args.lang, year=args.year))
    return 0 if not len(failing) else 1


def cmd_archive(args: argparse.Namespace) -> int:
    from tipmonitor.store.archive import archive_dir
    from tipmonitor.store.recovery import export_archive
    from tipmonitor.store.database import StoreError

    from tipmonitor.store.recovery import damage

    store = _store(args)
    damaged = damage(store, args.lang)
    if damaged:  # archiving a damaged store would keep the damage as if it were the submissions
        for line in damaged:
            print(line, file=sys.stderr)
        print(words.say("cli.archive_refused", args.lang, path=store.path), file=sys.stderr)
        return 1
    try:
        written = export_archive(store)
    except StoreError as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    print(words.say("cli.archived", args.lang, archive=archive_dir(store.path), count=written))
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from tipmonitor.store.archive import archive_dir
    from tipmonitor.store.recovery import rebuild_all
    from tipmonitor.store.database import StoreError

    from tipmonitor.core.progress import Progress

    store = _store(args)
    progress = Progress(args.lang)
    try:
        done = rebuild_all(store, stages=progress, lang=args.lang)
    except StoreError as error:
        progress.close()
        print(error.render(args.lang), file=sys.stderr)
        return 1
    progress.close()
    print(words.say("cli.rebuilt", args.lang, path=store.path, count=len(store.submissions()))
          + (words.say("cli.rebuilt_aside", args.lang, aside=done.aside) if done.aside else ""))
    if done.missing:
        print(words.say("rebuild.missing", args.lang, numbers=", ".join(map(str, done.missing))), file=sys.stderr)
    if done.unsettled:
        print(words.say("rebuild.unsettled", args.lang, numbers=", ".join(map(str, done.unsettled)),
                        folder=archive_dir(store.path) / ".pending"), file=sys.stderr)
    return 0


def _unit_code(unit: str, on: date) -> str:
    """A unit given on the command line as its registry code (CITY for the whole city); unknown: told, exit 2."""
    from tipmonitor.core.messages import ToldError
    from tipmonitor.model.units import CITY, load_registry

    if unit == CITY:
        return unit
    code = load_registry().resolve(unit, on=on)
    if code is None:
        raise ToldError("cli.unknown_unit", value=unit, day=f"{on:%d/%m/%Y}")
    return code


def cmd_template(args: argparse.Namespace) -> int:
    from tipmonitor.intake.template import write_template
    from tipmonitor.model import periods

    if args.unit:  # a template for a unit that does not exist would be filled in for nothing
        on = periods.parse(args.period).window().end if args.period else date.today()
        _unit_code(args.unit, on)
    print(write_template(Path(args.out), unit=args.unit, period=args.period, lang=args.lang))
    return 0


def cmd_load_sample(args: argparse.Namespace) -> int:
    """Ingest the sample's submissions, as the units would have sent them, into a fresh store with its archive."""
    from tipmonitor.core.progress import Progress
    from tipmonitor.store.bulk import Item, ingest_batch
    from tipmonitor.store.recovery import replace_store
    from tipmonitor.tools import sample

    store = _store(args)
    if store.exists() and not args.force:
        print(words.say("cli.store_exists", args.lang, path=store.path))
        return 0
    progress = Progress(args.lang)
    refused = []
    try:
        with replace_store(store) as build:  # the new store and archive appear whole, or not at all
            submissions = sample.write_submissions(build.path.parent / "submissions")
            verdicts = ingest_batch(build, [Item(f, u, p, date.fromisoformat(r), _today(args.today))
                                            for f, u, p, r in submissions],
                                    args.lang, all_or_nothing=True, progress=progress)
            refused = [v for v in verdicts if v.error is not None]
            if refused:
                raise _SampleRefused()
    except _SampleRefused:
        progress.close()
        for verdict in refused:
            print(verdict.error.render(args.lang) if verdict.error else "", file=sys.stderr)
        print(words.say("cli.sample_refused", args.lang), file=sys.stderr)
        return 1
    progress.close()
    print(words.say("cli.sample_loaded", args.lang, path=store.path, count=len(verdicts)))
    return 0


class _SampleRefused(Exception):
    """A sample file refused: the store being built is dropped (replace_store)."""


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
        print(f"{p.label}\t{p.describe(args.lang, rule)}\t{w.start.isoformat()}\t{w.end.isoformat()}\t"
              f"{words.say('cli.due', args.lang, date=due.isoformat())}")
    return 0


def _public_refused(args: argparse.Namespace, data, period, threshold: int | None, rule: str, inputs=None,
                    fix: str = "command") -> bool:
    """Whether a public edition of ``period`` (a Period or its label) from the data at ``data`` is refused: public
    figures outside a run only of an edition its year's audit covers and passes (run/gate.py), the verdict kept in the
    data's working area. The refusal is told on stderr, as the command's own."""
    from tipmonitor.core import paths
    from tipmonitor.model import periods
    from tipmonitor.run.gate import Refused, require_at
    from tipmonitor.run.runner import work_area

    location = paths.resolve(data)
    try:
        if not period:
            raise Refused("run.no_period")
        chosen = period if isinstance(period, periods.Period) else periods.parse(period)
        require_at(location, chosen, threshold, rule, work_area(location) / "audits", args.lang, inputs, fix)
    except (Refused, periods.PeriodError) as refused:
        print(f"tipmonitor {args.verb}: {refused.render(args.lang)}", file=sys.stderr)
        return True
    return False


def cmd_evaluate(args: argparse.Namespace) -> int:
    """A period's scorecard; one that has not ended is refused as `run` refuses it, unless --to-date."""
    from tipmonitor.core.problems import InputError
    from tipmonitor.model import periods
    from tipmonitor.present.comparison import targets_note
    from tipmonitor.present.scorecard import scorecard_frame
    from tipmonitor.store.sources import load_source

    period, rule, today = periods.parse(args.period), args.rule or "official", _today(args.today)
    periods.refuse_unreportable(period, rule, today, args.to_date)  # told by main, exit 2, as `run` does
    if args.audience == "public":
        from tipmonitor.metrics.disclosure import OtherRule, other_rule

        city = other_rule(rule)
        if city is not None:  # before any data is read; told with this command's option (the report's says the cell)
            raise OtherRule.of(period.label, rule, city, "command")
    try:
        dataset = load_source(args.data, today=today)
    except InputError as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    from tipmonitor.present.report import PeriodReport, provisional_note
    from tipmonitor.store.database import default_path
    from tipmonitor.store.sources import data_begins

    # a period the data do not reach: refused as `run` refuses it (exit 2), not shown as zeros beside the baseline
    periods.refuse_unreportable(period, rule, today, args.to_date, data_begins(dataset), args.data or default_path())
    unit = _unit_code(args.unit, period.window(rule).end)
    report = PeriodReport(dataset, period, lang=args.lang, rule=rule, audience=args.audience)
    if args.audience == "public":
        from tipmonitor.store.database import default_path

        if _public_refused(args, args.data or default_path(), period, None, rule, report.inputs):
            return 2
    frame = scorecard_frame(report.evaluation, lang=args.lang, unit=unit)
    print(frame.to_string(index=False))
    print(targets_note(report.period.year, args.lang))
    note = provisional_note(period, rule, args.lang, today)
    if note:
        print(note.replace("**", ""))  # Markdown bold, for the pages: plain in a terminal
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from tipmonitor.core.problems import InputError
    from tipmonitor.core.settings import SettingsError
    from tipmonitor.run.runner import RunError, load_config, run_period
    from tipmonitor.store.database import StoreError

    try:
        config = load_config(args.config, lang=args.lang_given or os.environ.get("TIPMONITOR_LANG"), output=args.out,
                             data=args.data)
        result = run_period(args.period, config, units=args.units or None, force=args.force, latest=args.latest,
                            today=_today(args.today), workers=args.workers, keep_existing=args.keep_existing,
                            mode="cold" if args.cold else "warm", to_date=args.to_date)
    except (RunError, StoreError) as error:
        print(f"tipmonitor {args.verb}: {error.render(args.lang)}", file=sys.stderr)
        return 2
    except (InputError, SettingsError) as error:
        print(error.render(args.lang), file=sys.stderr)
        return 2
    if not result.results:
        print(words.say("cli.report_there", args.lang, folder=result.folder), file=sys.stderr)
        print(result.folder / "index.html")
        return 0
    ok = len(result.results) - len(result.failures)
    seconds = (result.finished - result.started).total_seconds()
    print(words.say("cli.run_summary", args.lang, period=result.period, ok=ok, total=len(result.results),
                    seconds=f"{seconds:.0f}"), file=sys.stderr)
    for failure in result.failures:
        print(words.say("cli.run_failure", args.lang, notebook=failure.job.key, error=failure.error, output=failure.output),
              file=sys.stderr)
    if result.backup:
        beside = result.backup.parent == result.folder.parent  # a public run's is kept in the data's working area
        print(words.say("cli.run_backup" if beside else "cli.run_backup_kept_out", args.lang, backup=result.backup),
              file=sys.stderr)
    print(result.folder / "index.html")
    return 0 if result.ok else 1


def cmd_notebook(args: argparse.Namespace) -> int:
    """One notebook run by hand, as papermill would, its executed copy the owner's only (it holds record ids)."""
    import yaml

    from tipmonitor.core.files import private
    from tipmonitor.model.city import city_config
    from tipmonitor.present.parameters import load_notebook_parameters
    from tipmonitor.run.runner import Job, RunError, execute_cold, load_config, refuse_among_editions

    parameters: dict = {}
    if args.parameters:
        load_notebook_parameters(args.parameters)  # a mistake in the file is told before any kernel starts
        parameters = yaml.safe_load(Path(args.parameters).read_text(encoding="utf-8")) or {}
    notebook, out = Path(args.notebook), Path(args.out)
    if args.lang_given or os.environ.get("TIPMONITOR_LANG"):  # the command's language over the file's, as `run`
        parameters["lang"] = args.lang                         # takes it over its run file's
    if not parameters.get("data"):  # the store the other commands read (TIPMONITOR_STORE), audited and read alike
        from tipmonitor.store.database import default_path

        parameters["data"] = str(default_path())
    if parameters.get("audience") == "public" and _public_refused(
            args, parameters["data"], parameters.get("period"), parameters.get("public_threshold"),
            parameters.get("rule") or "official", fix="parameters_file"):
        return 2
    try:  # as a run's output folder: never inside an edition, nor an internal one among public editions
        refuse_among_editions(out.resolve().parent, parameters.get("audience") or "internal", "notebook.choose_out",
                              look_below=False)
    except RunError as refused:
        print(f"tipmonitor {args.verb}: {refused.render(args.lang)}", file=sys.stderr)
        return 2
    job = Job(notebook.stem, notebook.stem, parameters, notebook.stem, path=notebook.resolve())
    ok, error = execute_cold(job, out.resolve(), load_config())  # the umask is 077 here (restrict_new_files)
    if out.exists():
        private(out, city_config().private_files)
    if not ok:
        print(f"{notebook}: {error}", file=sys.stderr)  # the notebook's own error, as papermill gives it
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
    print(words.say("cli.docs_updated" if docgen.update(path) else "cli.docs_current", args.lang, path=path))
    return 0


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout with the catalogue's "usage:" (set per parser by ``_parser``)."""

    usage_prefix = None

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else self.usage_prefix)


# argparse's own messages (Python 3.11's wording) and their catalogue entries; what a pattern captures is
# passed on as the entry's values.
_ARGPARSE = [(re.compile(pattern), key) for pattern, key in (
    (r"the following arguments are required: (?P<names>.+)", "argparse.required"),
    (r"argument (?P<argument>.+?): (?P<message>.+)", "argparse.argument"),
    (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "argparse.choice"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "argparse.value"),
    (r"expected one argument", "argparse.one"),
    (r"expected at most one argument", "argparse.at_most_one"),
    (r"expected at least one argument", "argparse.at_least_one"),
    (r"expected (?P<count>\d+) arguments?", "argparse.count"),
    (r"unrecognized arguments: (?P<names>.+)", "argparse.unrecognized"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "argparse.ambiguous"),
    (r"not allowed with argument (?P<names>.+)", "argparse.not_allowed"),
    (r"ignored explicit argument (?P<value>.+)", "argparse.ignored"),
    (r"one of the arguments (?P<names>.+) is required", "argparse.one_of"),
)]


def argparse_message(message: str, lang: str) -> str:
    """One of argparse's messages in ``lang`` (those it does not know, as argparse wrote them)."""
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found:
            values = found.groupdict()
            if "message" in values:
                values["message"] = argparse_message(values["message"], lang)
            return words.say(key, lang, **values)
    return message


class _Parser(argparse.ArgumentParser):
    """argparse's parser whose own error messages are in the catalogue's language (set per parser by ``_parser``)."""

    lang = words.DEFAULT

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {words.say('argparse.error', self.lang, message=argparse_message(message, self.lang))}\n")


def _parser(lang: str, **options) -> argparse.ArgumentParser:
    """An argument parser whose own words (usage, section titles, -h) are in ``lang``."""
    formatter: type[argparse.HelpFormatter] = type("Formatter", (_Formatter,), {"usage_prefix": words.say("help.usage", lang)})
    parser_class: type[_Parser] = type("Parser", (_Parser,), {"lang": lang})
    parser = parser_class(formatter_class=formatter, add_help=False, **options)
    parser._positionals.title = words.say("help.positionals", lang)
    parser._optionals.title = words.say("help.options", lang)
    return parser


def asked_lang(argv: list[str]) -> str:
    """The language the command line asks for (``--lang X`` or ``--lang=X``), else the process's."""
    for position, arg in enumerate(argv):
        value = argv[position + 1] if arg == "--lang" and position + 1 < len(argv) else arg.partition("--lang=")[2]
        value = _language(value)
        if value in words.LANGUAGES:
            return value
    return words.default_lang()


def _language(value: str) -> str:
    """A language as typed (``EN``, `` vi ``): the catalogue's codes are lower case."""
    return value.strip().lower()


def parser(lang: str | None = None) -> argparse.ArgumentParser:
    lang = lang or words.default_lang()
    day = date_argument(lang)

    def say(key: str) -> str:
        return words.say(f"help.{key}", lang)

    def verb(name: str, func, parents: tuple = (), **options) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, parents=[common, *parents], add_help=False, formatter_class=root.formatter_class,
                             **options)
        p._positionals.title, p._optionals.title = root._positionals.title, root._optionals.title
        p.add_argument("-h", "--help", action="help", help=say("help"))
        p.set_defaults(func=func)
        return p

    # --lang is taken before the verb or after it; after it, SUPPRESS keeps the verb's parser from
    # resetting what was given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", type=_language, choices=words.LANGUAGES, default=argparse.SUPPRESS, help=say("lang"))
    root = _parser(lang, prog="tipmonitor", description=say("description"))
    root.add_argument("--lang", type=_language, choices=words.LANGUAGES, default=None, help=say("lang"))
    root.add_argument("-h", "--help", action="help", help=say("help"))
    verbs = root.add_subparsers(dest="verb", required=True, title=say("verbs"))

    p = verb("sample", cmd_sample, help=say("sample"))
    p.add_argument("--out", help=say("sample_out"))
    p.add_argument("--seed", type=int, default=17, help=say("seed"))
    p.add_argument("--scale", type=int, help=say("scale"))

    store_option = argparse.ArgumentParser(add_help=False)
    store_option.add_argument("--store", help=say("store"))
    for name, func in (("ingest", cmd_ingest), ("validate", cmd_validate)):
        p = verb(name, func, (store_option,), help=say(name))
        p.add_argument("paths", nargs="+", metavar="FILE", help=say("files"))
        p.add_argument("--unit", help=say("unit"))
        p.add_argument("--period", help=say("period"))
        p.add_argument("--mapping", help=say("mapping"))
        p.add_argument("--received-on", type=day, help=say("received_on"))
        p.add_argument("--today", type=day, help=say("today"))
        p.add_argument("--allow-period-outside", action="store_true", help=say("allow_period_outside"))
        p.add_argument("--replace-tables", nargs="*", metavar="TABLE", help=say("replace_tables"))
        p.add_argument("--all-or-nothing", action="store_true", help=say("all_or_nothing"))

    p = verb("map", cmd_map, help=say("map"))
    p.add_argument("file", metavar="FILE", help=say("map_file"))
    p.add_argument("--out", help=say("map_out"))
    p.add_argument("--force", action="store_true", help=say("map_force"))
    p.add_argument("--today", type=day, help=say("today"))

    p = verb("submissions", cmd_history, (store_option,), help=say("submissions"))
    p.add_argument("--unit", help=say("filter_unit"))
    p.add_argument("--period", help=say("filter_period"))

    p = verb("export", cmd_export, (store_option,), help=say("export"))
    p.add_argument("out", help=say("export_out"))
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet", help=say("format"))

    for name, func in (("check", cmd_check), ("archive", cmd_archive), ("rebuild", cmd_rebuild)):
        verb(name, func, (store_option,), help=say(name))

    p = verb("audit-public", cmd_audit_public, (store_option,), help=say("audit_public"))
    p.add_argument("year", type=int, help=say("audit_year"))
    p.add_argument("--threshold", type=int, default=None, help=say("audit_threshold"))
    p.add_argument("--show", type=int, default=50, help=say("audit_show"))

    p = verb("template", cmd_template, help=say("template"))
    p.add_argument("out", help=say("template_out"))
    p.add_argument("--unit", help=say("template_unit"))
    p.add_argument("--period", help=say("template_period"))

    p = verb("load-sample", cmd_load_sample, (store_option,), help=say("load_sample"))
    p.add_argument("--force", action="store_true", help=say("load_sample_force"))
    p.add_argument("--today", type=day, help=say("today"))

    p = verb("periods", cmd_periods, help=say("periods"))
    p.add_argument("periods", nargs="*", help=say("period_labels"))
    p.add_argument("--latest", action="store_true", help=say("latest"))
    p.add_argument("--kind", default="quarter", choices=("month", "quarter", "half", "nine_months", "year"),
                   help=say("kind"))
    p.add_argument("--rule", choices=("official", "calendar"), help=say("rule"))
    p.add_argument("--today", type=day, help=say("today"))

    p = verb("evaluate", cmd_evaluate, help=say("evaluate"))
    p.add_argument("period", help=say("evaluate_period"))
    p.add_argument("--data", help=say("data"))
    p.add_argument("--unit", default="CITY", help=say("evaluate_unit"))
    p.add_argument("--rule", choices=("official", "calendar"), help=say("rule"))
    p.add_argument("--audience", choices=("internal", "public"), default="internal", help=say("audience"))
    p.add_argument("--to-date", action="store_true", help=say("evaluate_to_date"))
    p.add_argument("--today", type=day, help=say("today"))

    p = verb("run", cmd_run, help=say("run"))
    p.add_argument("period", nargs="?", help=say("run_period"))
    p.add_argument("--latest", action="store_true", help=say("run_latest"))
    p.add_argument("--units", nargs="*", help=say("units"))
    p.add_argument("--config", help=say("config"))
    p.add_argument("--workers", type=int, help=say("workers"))
    p.add_argument("--force", action="store_true", help=say("force"))
    p.add_argument("--keep-existing", action="store_true", help=say("keep_existing"))
    p.add_argument("--cold", action="store_true", help=say("cold"))
    p.add_argument("--to-date", action="store_true", help=say("to_date"))
    p.add_argument("--out", help=say("out"))
    p.add_argument("--data", help=say("run_data"))
    p.add_argument("--today", type=day, help=say("today"))

    p = verb("notebook", cmd_notebook, help=say("notebook"))
    p.add_argument("notebook", help=say("notebook_in"))
    p.add_argument("out", help=say("notebook_out"))
    p.add_argument("-f", "--parameters", help=say("notebook_parameters"))
    verb("docs", cmd_docs, help=say("docs"))
    verb("reference", cmd_reference, help=say("reference"))
    return root


def restrict_new_files() -> None:
    """Files this process creates are its owner's only (params/city.yaml: private_files)."""
    from tipmonitor.model.city import city_config

    if city_config().private_files:
        os.umask(0o077)


def _named_by_user(filename, argv: list[str]) -> bool:
    """Whether a missing file is one the command line named (a path the user typed, or inside a folder they gave)."""
    if not filename:
        return False
    missing = os.path.abspath(str(filename))
    return any(missing == os.path.abspath(arg) or missing.startswith(os.path.abspath(arg) + os.sep)
               for arg in argv if not arg.startswith("-"))


def _unexpected(error: BaseException, lang: str) -> int:
    """A bug, not bad input: one line for users; the traceback with TIPMONITOR_DEBUG=1."""
    if os.environ.get("TIPMONITOR_DEBUG"):
        raise error
    print(f"tipmonitor: {words.say('cli.unexpected', lang, error=f'{type(error).__name__}: {error}')}", file=sys.stderr)
    return 3


def _readable_output() -> None:
    """Names that are not UTF-8 (surrogates from the file system) print as \\xff instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def _lang_refused(argv: list[str]) -> bool:
    """TIPMONITOR_LANG naming no language of the catalogue (and no --lang given): said in both, exit 2."""
    value = os.environ.get("TIPMONITOR_LANG")
    if value is None or _language(value) in words.LANGUAGES or any(a == "--lang" or a.startswith("--lang=") for a in argv):
        return False
    print(f"tipmonitor: {words.say('cli.bad_lang', words.DEFAULT, value=value)}", file=sys.stderr)
    return True


_WRITE_ERRORS = {errno.EROFS: "cli.read_only", errno.ENOSPC: "cli.disk_full", errno.EDQUOT: "cli.disk_full",
                 errno.EACCES: "cli.no_permission", errno.EPERM: "cli.no_permission"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _readable_output()
    if _lang_refused(argv):
        return 2
    args = parser(asked_lang(argv)).parse_args(argv)
    args.lang_given = args.lang
    args.lang = args.lang or words.default_lang()
    try:
        restrict_new_files()  # reads params/city.yaml: a mistake in it is told like any other
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at exit
        return code
    except KeyboardInterrupt:
        print(f"tipmonitor: {words.say('cli.stopped', args.lang)}", file=sys.stderr)
        return 130
    except UnicodeEncodeError as error:  # a name from the command line that is not UTF-8 reached a writer
        if "surrogates not allowed" not in str(error):
            return _unexpected(error, args.lang)
        print(f"tipmonitor: {words.say('cli.undecodable', args.lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`tipmonitor evaluate ... | head`): nothing is wrong; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except FileNotFoundError as error:
        if not _named_by_user(error.filename, argv):  # a file the program itself needed: a bug, told as one below
            return _unexpected(error, args.lang)
        print(f"tipmonitor: {error.filename}: {words.say('message.no_such_file', args.lang)}", file=sys.stderr)
        return 2
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            return _unexpected(error, args.lang)
        where = error.filename or error.filename2 or "-"
        print(f"tipmonitor: {words.say(_WRITE_ERRORS[error.errno], args.lang, path=where)}", file=sys.stderr)
        return 2
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
        from tipmonitor.core.messages import ToldError

        if isinstance(error, (StoreError, PeriodError, ToldError)):  # told in words; nothing to debug
            print(f"tipmonitor: {error.render(args.lang)}", file=sys.stderr)
            return 2
        if _is_interrupt(error):  # DuckDB's "Query interrupted": Ctrl-C, not a bug
            print(f"tipmonitor: {words.say('cli.stopped', args.lang)}", file=sys.stderr)
            return 130
        return _unexpected(error, args.lang)


if __name__ == "__main__":
    sys.exit(main())
