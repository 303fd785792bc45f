"""The command line: ``tipmonitor <verb>``.

Verbs: sample, validate, periods, evaluate, report, docs, reference. Problems in input are
printed as file:row:column: reason and give exit code 1; nothing is half-written.
Imports are done inside each verb so ``tipmonitor --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _today(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def cmd_sample(args: argparse.Namespace) -> int:
    from . import paths, sample

    out = Path(args.out) if args.out else paths.sample_dir()
    if args.scale:
        written = sample.write_scale(out, args.scale, args.seed)
    else:
        written = sample.write_sample(out, args.seed)
    for path in written:
        print(path)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .loading import load_dataset
    from .problems import InputError

    try:
        dataset = load_dataset([Path(f) for f in args.files], today=_today(args.today))
    except InputError as error:
        print(error.render(args.lang), file=sys.stderr)
        print(("%d problems found; nothing was stored." if args.lang == "en" else "Có %d lỗi; chưa lưu gì.") % len(error.problems),
              file=sys.stderr)
        return 1
    summary = dataset.summary().groupby("table")["rows"].sum()
    for table, rows in summary.items():
        print(f"{table}: {rows} rows" if args.lang == "en" else f"{table}: {rows} dòng")
    print("OK" if args.lang == "en" else "Hợp lệ")
    return 0


def cmd_periods(args: argparse.Namespace) -> int:
    from . import periods
    from .config import city_config

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
    from .evaluation import evaluate
    from .loading import load_dataset
    from .problems import InputError
    from .scorecard import scorecard_frame

    try:
        dataset = load_dataset(Path(args.data), today=_today(args.today))
    except InputError as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    evaluation = evaluate(dataset, args.period, rule=args.rule or "official")
    frame = scorecard_frame(evaluation, lang=args.lang, unit=args.unit)
    print(frame.to_string(index=False))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .problems import InputError
    from .summary_report import write_summary_report

    try:
        path = write_summary_report(data=Path(args.data) if args.data else None, period=args.period,
                                    out=Path(args.out) if args.out else None, lang=args.lang, today=_today(args.today))
    except InputError as error:
        print(error.render(args.lang), file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_reference(args: argparse.Namespace) -> int:
    from . import paths, reference_build

    for path in reference_build.write(paths.project_root()):
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from . import docgen, paths

    path = paths.project_root() / "docs" / "data-model.md"
    print(f"{path}: {'updated' if docgen.update(path) else 'already current'}")
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("vi", "en"), default=None, help="language of messages and labels (default vi)")
    root = argparse.ArgumentParser(prog="tipmonitor", parents=[common],
                                   description="Anti-trafficking plan monitoring: data checks, KPIs and reports.")
    verbs = root.add_subparsers(dest="verb", required=True)

    p = verbs.add_parser(parents=[common], name="sample", help="write the synthetic sample data")
    p.add_argument("--out", help="folder (default data/sample)")
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--scale", type=int, help="benchmark mode: about this many case rows, as Parquet")
    p.set_defaults(func=cmd_sample)

    p = verbs.add_parser(parents=[common], name="validate", help="check files without storing anything")
    p.add_argument("files", nargs="+")
    p.add_argument("--today", help="treat this ISO date as today (for dates-in-the-future checks)")
    p.set_defaults(func=cmd_validate)

    p = verbs.add_parser(parents=[common], name="periods", help="show period windows and reporting deadlines")
    p.add_argument("periods", nargs="*")
    p.add_argument("--latest", action="store_true", help="add the latest complete period")
    p.add_argument("--kind", default="quarter", choices=("month", "quarter", "half", "nine_months", "year"))
    p.add_argument("--rule", choices=("official", "calendar"))
    p.add_argument("--today")
    p.set_defaults(func=cmd_periods)

    p = verbs.add_parser(parents=[common], name="evaluate", help="print a period's scorecard")
    p.add_argument("period")
    p.add_argument("--data", default="data/sample")
    p.add_argument("--unit", default="CITY")
    p.add_argument("--rule", choices=("official", "calendar"))
    p.add_argument("--today")
    p.set_defaults(func=cmd_evaluate)

    p = verbs.add_parser(parents=[common], name="report", help="the period report (default: latest complete period of the data)")
    p.add_argument("--period")
    p.add_argument("--data", help="folder of data files (default data/sample)")
    p.add_argument("--out", help="reports folder (default reports/)")
    p.add_argument("--today")
    p.set_defaults(func=cmd_report)

    p = verbs.add_parser(parents=[common], name="docs", help="regenerate the reference tables in docs/data-model.md")
    p.set_defaults(func=cmd_docs)

    p = verbs.add_parser(parents=[common], name="reference", help="rebuild data/reference from the GSO dataset (needs vietnamadminunits)")
    p.set_defaults(func=cmd_reference)
    return root


def main(argv: list[str] | None = None) -> int:
    from .problems import default_lang

    args = parser().parse_args(argv)
    args.lang = args.lang or default_lang()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
