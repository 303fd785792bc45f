"""A period's results for one audience, computed once per run and read by every output.

A run evaluates its period once per audience (``compute``): the evaluation against targets, the
trend by quarter and the task groups' figures, protected for a public edition. It stores them in
its private working folder (``save``), never in the report folder; every notebook of the run loads
them (``load``: PeriodReport's ``results`` parameter) and the workbook, the CSVs and the .docx are
written from the same object, so no output evaluates the period again.

The file is a pickle: the objects exactly as computed (fractions of the targets, the bases of the
2025 comparisons), written and read by the same run's own processes in a folder only its user can
read; ``load`` refuses a folder another user owns or others can read, and a file of another format.
``check`` refuses results of another period, rule, baseline year, edition or data.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.messages import ToldError
from tipmonitor.metrics.evaluation import Evaluation, evaluate, trend
from tipmonitor.metrics.inputs import Inputs
from tipmonitor.metrics.taskgroups import TaskGroups, task_groups
from tipmonitor.model.periods import Period

FORMAT = 1


def file_name(audience: str) -> str:
    return f"results-{audience}.pickle"


@dataclass(frozen=True)
class PeriodResults:
    """What every output of one (period, audience) shows."""

    period: Period
    rule: str
    baseline_year: int
    threshold: int | None  # set for a public edition
    source: str  # where the data evaluated were read (the run's snapshot of the store), "" when not from a file
    evaluation: Evaluation
    trend: pd.DataFrame
    task_groups: TaskGroups

    @property
    def audience(self) -> str:
        return "internal" if self.threshold is None else "public"

    def check(self, period: Period, rule: str, baseline_year: int, threshold: int | None, source: str,
              lang: str | None = None) -> None:
        """Refuses to stand for another period, rule, baseline year, edition or data than the page's."""
        asked = (period.label, rule, baseline_year, threshold, source)
        held = (self.period.label, self.rule, self.baseline_year, self.threshold, self.source)
        if asked != held:
            raise ValueError(words.say("report.results_mismatch", lang, asked=" · ".join(map(str, asked)),
                                       held=" · ".join(map(str, held))))

    def save(self, folder: Path) -> Path:
        """Written whole or not at all (a temporary file renamed), readable by its owner only."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file_name(self.audience)
        partial = path.with_suffix(".partial")
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            pickle.dump((FORMAT, self), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        return path

    @classmethod
    def load(cls, folder: Path, audience: str) -> PeriodResults:
        """The results a run saved in ``folder``; refused when the folder is not this user's alone. Read once per
        version of the file and process (a warm kernel's pages share them, as they share a computed evaluation)."""
        status = Path(folder).stat()
        if status.st_uid != os.getuid() or status.st_mode & 0o077:
            raise ResultsRefused("report.results_unsafe", folder=str(folder))
        path = Path(folder) / file_name(audience)
        held = path.stat()
        version = (str(path.resolve()), held.st_ino, held.st_mtime_ns, held.st_ctime_ns, held.st_size)
        if _LOADED.get("version") != version:
            _LOADED.clear()
            with open(path, "rb") as handle:
                _LOADED.update(version=version, content=pickle.load(handle))
        form, results = _LOADED["content"]
        if form != FORMAT or not isinstance(results, cls):
            raise ResultsRefused("report.results_format", file=str(path))
        return results


class ResultsRefused(ToldError, ValueError):
    """A run's results file that is not read: its folder is not the user's alone, or it is of another format. Told
    in the notebook's language (present/report.py reads it inside core/messages.told_in)."""


# The results file last read in this process, by its path and version (inode, times, size): the pages of a run's warm
# kernel read the same file (unpickling it was about 15 ms of each page's CPU).
_LOADED: dict = {}


def compute(inputs: Inputs, period: Period, rule: str, threshold: int | None, source: str = "") -> PeriodResults:
    """The period's results for the internal edition (``threshold`` None) or a public one, of the data read from
    ``source``."""
    evaluation = evaluate(inputs, period, rule=rule)
    lines = trend(inputs, period, rule=rule, units=evaluation.units)
    groups = task_groups(inputs.data, period, inputs.units, rule, inputs.baseline.year, threshold)
    if threshold is not None:
        from tipmonitor.metrics.disclosure import protect

        evaluation, lines = protect(evaluation, lines, threshold, inputs)
    return PeriodResults(period, rule, inputs.baseline.year, threshold, source, evaluation, lines, groups)
