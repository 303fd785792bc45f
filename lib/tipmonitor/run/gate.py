"""A public run publishes only a plan year whose audit passes (metrics/audit.py): the year's verdict, recorded.

The audit of a plan year (every public edition of the year, and the interval a reader can narrow each protected
count to) takes 10-20 s of CPU on the sample. A public run needs its year's verdict; it is recorded in the data's
working area (``.<store>.work/audits/``, beside the runs' folders, never in an output folder), keyed by what it
depends on: the data (the current submissions' content hashes, or the files'), the year, the threshold, the cut-off
rule and the code that decides and audits. A run finding its key recorded as passed goes on at once; otherwise it
audits the year (reusing its own edition's results) and records the verdict. A failing year refuses the run before
anything is published, naming `tipmonitor audit-public YEAR`, which prints the table and records the same verdict.

Every path that makes public figures goes through ``require`` (a run, `tipmonitor evaluate --audience public`, a
notebook run with `tipmonitor notebook` and public parameters), and the verdict covers only the editions the audit
computed (the year's quarters the data reach, its halves, nine months and year): any other public edition is refused,
saying why and what to run: a kind of edition the audit never covers (a month, a year to date), or a quarter, half or
year the data do not reach the end of; and an edition cut by a rule other than the city's (``cutoff_rule``): the
official and calendar editions of one period differ only by the days between the two cut-offs, so a year is decided,
audited and published under one rule (issue #26, session 10).
A failing verdict already recorded refuses a run before it computes or creates anything (``refuse_early``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from tipmonitor.core import paths
from tipmonitor.core.messages import ToldError, text
from tipmonitor.model.periods import Named

# The code that decides what is published and audits it: every module of these layers (cold review, session 8:
# a list of six files left out unit_status.py, the registry and the model's units and periods).
CODE = ("metrics", "model")


def verdict_key(location: str | Path, year: int, threshold: int, rule: str) -> str:
    """What a year's verdict depends on, as one digest."""
    from tipmonitor.run.publish import input_hashes

    data = input_hashes(str(location))
    data.pop("store", None)  # the path read (a run's snapshot) and the file's bytes are not the data
    data.pop("store_sha256", None)
    digest = hashlib.sha256(json.dumps([data, year, threshold, rule], sort_keys=True).encode())
    package = Path(__file__).resolve().parents[1]
    # the code, every setting (targets, indicators, disclosure, city) and the unit registry, with the LP solver's version
    sources = [package / name for name in CODE] + [paths.params_dir(), paths.reference_dir()]
    for folder in sources:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    digest.update(_solver_version().encode())
    return digest.hexdigest()


def _solver_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"highspy {version('highspy')} scipy {version('scipy')}"
    except PackageNotFoundError:
        return ""


def recorded(folder: Path, year: int, key: str) -> dict | None:
    """The verdict recorded for ``key``, or None."""
    path = folder / f"audit-{year}.json"
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return held if held.get("key") == key and "editions" in held else None  # one without the editions: audit again


def verdict_of(key: str, year: int, audit) -> dict:
    """What is kept of ``audit`` (metrics.audit.Audit): passed, and how many counts are protected and failing."""
    return {"key": key, "year": year, "passed": audit.passed, "protected": int(len(audit.table)),
            "failing": int((~audit.table["ok"]).sum()), "problems": len(audit.problems), "editions": list(audit.editions)}


def record(folder: Path, year: int, key: str, audit) -> dict:
    """Writes the verdict of ``audit`` (metrics.audit.Audit) whole or not at all; returns it."""
    verdict = verdict_of(key, year, audit)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=f".audit-{year}-", suffix=".partial")  # two runs of a year
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(verdict))
    os.replace(partial, folder / f"audit-{year}.json")
    return verdict


def year_verdict(inputs, location: str | Path, year: int, threshold: int, rule: str, folder: Path | None,
                 results=None, announce=None) -> dict:
    """The year's verdict: recorded for the same key, or audited now (``results``: editions already computed,
    by period label; ``announce()`` called first, to tell the user why the run waits) and recorded when there is
    a ``folder``."""
    from tipmonitor.metrics.audit import audit_year

    key = verdict_key(location, year, threshold, rule)
    held = recorded(folder, year, key) if folder is not None else None
    if held is not None:
        return held
    if announce is not None:
        announce()
    audit = audit_year(inputs, year, threshold, rule, results)
    return record(folder, year, key, audit) if folder is not None else verdict_of(key, year, audit)


class Refused(ToldError, RuntimeError):
    """A public edition the gate refuses; the message says why and what to run (a run tells it as its Refused)."""


# The kinds of edition the audit of a year never computes (metrics/audit.editions): no public edition of them.
NEVER_AUDITED = ("month", "ytd")


def _city_rule(period, rule: str, fix: str = "command") -> None:
    """Refused for an edition cut by a rule other than the city's (params/city.yaml ``cutoff_rule``): a year's public
    editions are decided and audited under one rule, and a reader holding both an official and a calendar edition of
    the same period could combine them (their windows differ by the days between the two cut-offs: docs/security.md)."""
    from tipmonitor.metrics.disclosure import OtherRule, other_rule

    city = other_rule(rule)
    if city is not None:
        raise Refused.like(OtherRule.of(period.label, rule, city, fix))


def _never_audited(period, rule: str = "official", fix: str = "command") -> None:
    """Refused for an edition under another rule than the city's (_city_rule; ``fix``: what the path's user changes,
    OtherRule.of), and for a kind of edition the audit never covers (a month, a year to date), whatever the data."""
    _city_rule(period, rule, fix)
    if period.kind in NEVER_AUDITED:
        raise Refused("run.public_kind_not_audited", period=Named((period.label,), rule),
                      kind=text(f"period.kind_{period.kind}"))


def _check_covered(period, editions: list[str], rule: str = "official") -> None:
    """Refused unless ``period`` is one of the audited ``editions`` of its year: a kind the audit never covers, or a
    period the data do not reach the end of (the audit covers only the editions the data reach)."""
    _never_audited(period, rule)  # (never among the editions: a month, a year to date)
    if period.label not in editions:
        raise Refused("run.public_not_audited", period=Named((period.label,), rule), year=period.year,
                      editions=Named(tuple(editions), rule))


def refuse_early(location: str | Path, period, threshold: int, rule: str, folder: Path) -> None:
    """Before a public run computes or creates anything: Refused for a month (no public edition of a month is
    audited), for an edition the audit of its year does not cover (the recorded verdict's editions, else the data's
    last quarter), and for a year whose verdict for these data is recorded failing. (A run's rule is its run file's.)"""
    _never_audited(period, rule, "run_file")
    held = recorded(folder, period.year, verdict_key(location, period.year, threshold, rule))
    if held is None:  # no verdict yet: whether the audit would cover the edition, from the data's last quarter
        from tipmonitor.metrics.inputs import load_inputs
        from tipmonitor.store.sources import load_source

        covered(load_inputs(load_source(str(location), rule=rule)), period, rule)
        return
    _check_covered(period, held["editions"], rule)
    _refuse_failed(period, held)


def covered(inputs, period, rule: str) -> None:
    """Refused unless ``period`` is an edition the audit of its year covers with these data (metrics/audit.editions)."""
    from tipmonitor.metrics.audit import editions, last_quarter

    _check_covered(period, [p.label for p in editions(period.year, last_quarter(inputs, period.year, rule))], rule)


def require(inputs, location: str | Path, period, threshold: int, rule: str, folder: Path | None, results=None,
            announce=None) -> dict:
    """The year's verdict for a public edition of ``period`` (year_verdict), or Refused: the edition is not one the
    audit covers (the editions of the year up to the data's last quarter: metrics/audit.editions), or the year fails."""
    covered(inputs, period, rule)
    verdict = year_verdict(inputs, location, period.year, threshold, rule, folder, results, announce)
    _refuse_failed(period, verdict)
    return verdict


def _refuse_failed(period, verdict: dict) -> None:
    """Refused when the year's verdict (recorded or just made) says its audit failed."""
    if not verdict["passed"]:
        raise Refused("run.audit_failed", year=period.year, failing=verdict["failing"], protected=verdict["protected"],
                      problems=verdict["problems"])


def require_at(location: str | Path, period, requested_threshold: int | None, rule: str, folder: Path,
               lang: str | None = None, inputs=None, fix: str = "command") -> dict:
    """``require`` for a command that makes public figures outside a run (`tipmonitor evaluate --audience public`, a
    public `tipmonitor notebook`): the data at ``location`` read here unless ``inputs`` are given, the verdict recorded
    in ``folder`` (their working area's), the user told why a first audit makes them wait; ``fix``: where that command
    takes its rule from (OtherRule.of)."""
    import sys

    from tipmonitor.core import words
    from tipmonitor.metrics.disclosure import public_threshold
    from tipmonitor.metrics.inputs import load_inputs
    from tipmonitor.store.sources import load_source

    _never_audited(period, rule, fix)
    if inputs is None:
        inputs = load_inputs(load_source(str(location), rule=rule))

    def announce() -> None:
        print(words.say("run.auditing_year", lang, year=period.year), file=sys.stderr, flush=True)

    return require(inputs, location, period, public_threshold(requested_threshold), rule, folder, announce=announce)
