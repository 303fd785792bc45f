"""Reporting periods and their date windows.

A period is a label such as ``2023-Q2``; its window depends on the cut-off rule:

- ``official`` (default): Vietnamese statistical practice cuts periods from the
  15th of the previous month to the 14th, so month 9/2021 is 15/8/2021-14/9/2021,
  Q1 2023 is 15/12/2022-14/3/2023 and the year 2023 is 15/12/2022-14/12/2023;
- ``calendar``: the 1st to the last day of the month.

Labels: ``2023-05`` (month), ``2023-Q2`` (quarter), ``2023-H1`` / ``2023-H2`` (six
months), ``2023-9M`` (nine months), ``2023`` (year) and ``2023-YTD06`` (year to date,
from the start of the year to the end of month 6).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tipmonitor.core import words
from tipmonitor.core.messages import ToldError, text

RULES = ("official", "calendar")
KINDS = ("month", "quarter", "half", "nine_months", "year", "ytd")

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})-Q(\d{1,2})$", re.I), "quarter"),  # any number: Q5 is told "a quarter is numbered 1 to 4"
    (re.compile(r"^(\d{4})-H(\d{1,2})$", re.I), "half"),
    (re.compile(r"^(\d{4})-(\d{1,2})M$", re.I), "nine_months"),  # 6M, 8M: told that only 9M is written in months
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-YTD-?(\d{1,2})$", re.I), "ytd"),
]



class PeriodError(ToldError, ValueError):
    """A period label or rule that cannot be understood."""


@dataclass(frozen=True, order=True)
class Window:
    """An inclusive date range [start, end]."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def describe(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    index: int = 1

    def __post_init__(self) -> None:
        limits = {"month": 12, "quarter": 4, "half": 2, "nine_months": 1, "year": 1, "ytd": 12}
        if self.kind not in limits:
            raise PeriodError("period.bad_kind", kind=self.kind, kinds=", ".join(KINDS))
        if not 1 <= self.index <= limits[self.kind]:
            raise PeriodError("period.bad_index", kind=text(f"period.kind_{self.kind}"), index=self.index,
                              limit=limits[self.kind])
        if not 1900 <= self.year <= 2200:
            raise PeriodError("period.bad_year", year=self.year)

    @property
    def label(self) -> str:
        return {
            "month": f"{self.year}-{self.index:02d}",
            "quarter": f"{self.year}-Q{self.index}",
            "half": f"{self.year}-H{self.index}",
            "nine_months": f"{self.year}-9M",
            "year": f"{self.year}",
            "ytd": f"{self.year}-YTD{self.index:02d}",
        }[self.kind]

    def __str__(self) -> str:
        return self.label

    @property
    def months(self) -> tuple[int, int]:
        """First and last month (1-12) of the period within its year."""
        i = self.index
        return {
            "month": (i, i),
            "quarter": (3 * i - 2, 3 * i),
            "half": (6 * i - 5, 6 * i),
            "nine_months": (1, 9),
            "year": (1, 12),
            "ytd": (1, i),
        }[self.kind]

    def window(self, rule: str = "official") -> Window:
        first, last = self.months
        return Window(month_start(self.year, first, rule), month_end(self.year, last, rule))

    def year_to_date(self) -> "Period":
        """The window from the start of this period's year to the end of this period."""
        return Period(self.year, "ytd", self.months[1])

    def in_year(self, year: int) -> "Period":
        """The same period in another year (for the baseline comparison)."""
        return Period(year, self.kind, self.index)

    def previous(self) -> "Period":
        if self.kind in ("year", "nine_months", "ytd"):
            return Period(self.year - 1, self.kind, self.index)
        count = {"month": 12, "quarter": 4, "half": 2}[self.kind]
        if self.index == 1:
            return Period(self.year - 1, self.kind, count)
        return Period(self.year, self.kind, self.index - 1)

    def quarters(self) -> list["Period"]:
        """The quarters this period covers (empty for a month)."""
        first, last = self.months
        if (first - 1) % 3 or last % 3:
            return []
        return [Period(self.year, "quarter", q) for q in range((first + 2) // 3, last // 3 + 1)]

    def describe(self, lang: str = "vi", rule: str = "official") -> str:
        """A human label: 'Quý II/2023', '6 tháng đầu năm 2023', 'Q2 2023'..."""
        return self._named("period", lang, rule)

    def opening(self, lang: str = "vi", rule: str = "official") -> str:
        """The period opening a sentence: "Quý II/2023, …", "6 tháng đầu năm 2023, …"; "In Q2 2023, …", "In the first
        half of 2023, …"."""
        return self._named("period.opening", lang, rule)

    def in_sentence(self, lang: str = "vi", rule: str = "official") -> str:
        """The period inside running text ("In {period}, …", "Trong {period}, …"): "the first half of 2023", "the
        first nine months of 2026", "2025" / "năm 2025", "the year 2026 to 14/09/2026" / "thời gian từ đầu năm
        2026 đến 14/09/2026"; a quarter as its label ("Q3 2026", "Quý III/2026"), a month "May 2023", "tháng 5/2023"
        (the label "Tháng 5/2023" heads a table)."""
        return self._named("period.in_sentence", lang, rule, months="month_in_sentence")

    def _named(self, family: str, lang: str, rule: str, months: str = "month") -> str:
        """The catalogue's entry ``family``.<kind> (a half's and its index) filled with this period."""
        y, i = self.year, self.index
        if self.kind == "month":
            return words.say(f"{family}.month", lang, month=words.say(f"{months}.{i}", lang), year=y)
        if self.kind == "quarter":
            return words.say(f"{family}.quarter", lang, quarter=words.say(f"quarter.{i}", lang), year=y)
        if self.kind == "half":
            return words.say(f"{family}.half.{i}", lang, year=y)
        if self.kind in ("nine_months", "year"):
            return words.say(f"{family}.{self.kind}", lang, year=y)
        return words.say(f"{family}.ytd", lang, year=y, end=f"{self.window(rule).end:%d/%m/%Y}")


def check_rule(rule: str) -> str:
    if rule not in RULES:
        raise PeriodError("period.bad_rule", rule=rule)
    return rule


def month_start(year: int, month: int, rule: str = "official") -> date:
    check_rule(rule)
    if rule == "calendar":
        return date(year, month, 1)
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def month_end(year: int, month: int, rule: str = "official") -> date:
    check_rule(rule)
    if rule == "calendar":
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, 14)


def parse(label: str | Period) -> Period:
    """Parse a period label; raises PeriodError with the accepted forms."""
    if isinstance(label, Period):
        return label
    written = str(label).strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(written)
        if match:
            year = int(match.group(1))
            index = int(match.group(2)) if kind not in ("nine_months", "year") else 1
            if kind == "nine_months" and int(match.group(2)) != 9:
                form = "period.twelve_months" if int(match.group(2)) == 12 else "period.months_form"
                raise PeriodError("period.in_label", label=written, problem=text(form, year=year))
            try:
                period = Period(year, kind, index)
            except PeriodError as exc:
                raise PeriodError("period.in_label", label=written, problem=exc) from None
            if kind in ("quarter", "half", "nine_months") and match.group(2).startswith("0"):  # 2023-Q01, 2023-09M
                raise PeriodError("period.in_label", label=written,
                                  problem=text("period.leading_zero", plain=period.label))
            return period
    raise PeriodError("period.not_understood", label=written)


def ended(period: Period, rule: str, today: date) -> bool:
    """Whether the period's window ended before ``today`` (on its last day, its figures still change)."""
    return period.window(rule).end < today


def refuse_unended(period: Period, rule: str, today: date) -> None:
    """A period that has not ended is refused (PeriodError): its figures would look final. The run and
    ``evaluate`` take one only with --to-date, which marks the figures provisional."""
    if not ended(period, rule, today):
        raise PeriodError("run.not_ended", period=period.label, end=f"{period.window(rule).end:%d/%m/%Y}",
                          today=f"{today:%d/%m/%Y}")


def refuse_unreportable(period: Period, rule: str, today: date, to_date: bool = False,
                        data_begins: date | None = None, location: object = "") -> None:
    """The one decision "this period can be reported", for `run` (a period named or --latest) and `evaluate`:
    refused (PeriodError) when it has not begun (nothing to report, --to-date or not); when it has not ended,
    unless ``to_date``; and when it ends before the data's first day (``data_begins``), where every figure would
    be a missing period shown as 0 and compared with the baseline as if it were one."""
    window = period.window(rule)
    if window.start > today:
        raise PeriodError("run.not_begun", period=period.label, start=f"{window.start:%d/%m/%Y}",
                          today=f"{today:%d/%m/%Y}")
    if not to_date:
        refuse_unended(period, rule, today)
    if data_begins is not None and window.end < data_begins:
        raise PeriodError("run.before_data", period=period.label, end=f"{window.end:%d/%m/%Y}",
                          first=f"{data_begins:%d/%m/%Y}", location=str(location))


def quarters_between(first_year: int, last_year: int) -> list[Period]:
    return [Period(y, "quarter", q) for y in range(first_year, last_year + 1) for q in range(1, 5)]


def add_working_days(day: date, count: int, holidays: frozenset[date] = frozenset()) -> date:
    current = day
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            count -= 1
    return current


def due_date(period: Period, rule: str = "official", lag_working_days: int = 2,
             holidays: frozenset[date] = frozenset()) -> date:
    """The reporting deadline: this many working days after the period's cut-off."""
    return add_working_days(period.window(rule).end, lag_working_days, holidays)


def latest_complete(today: date, kind: str = "quarter", rule: str = "official", lag_working_days: int = 2,
                    holidays: frozenset[date] = frozenset()) -> Period:
    """The latest period of this kind whose reporting deadline has passed by ``today``.

    A period is complete once its deadline day itself is over: on the due day units
    may still be submitting.
    """
    if kind not in ("month", "quarter", "half", "nine_months", "year"):
        raise PeriodError("period.latest_kind", kind=kind)
    candidates = []
    for year in (today.year + 1, today.year, today.year - 1, today.year - 2):
        count = {"month": 12, "quarter": 4, "half": 2, "nine_months": 1, "year": 1}[kind]
        candidates += [Period(year, kind, i) for i in range(1, count + 1)]
    done = [p for p in candidates if due_date(p, rule, lag_working_days, holidays) < today]
    if not done:
        raise PeriodError("period.none_complete", kind=kind, today=f"{today:%d/%m/%Y}")
    return max(done, key=lambda p: p.window(rule).end)


def describe_label(label, lang: str = "vi", rule: str = "official") -> str:
    """A period's label as a reader names it ("2026-Q3" -> "Quý III/2026"); text that is no period, as it is."""
    try:
        return parse(str(label)).describe(lang, rule)
    except PeriodError:
        return str(label)


def in_sentence_label(label, lang: str = "vi", rule: str = "official") -> str:
    """A period's label as running text names it ("2025-H1" -> "the first half of 2025", Period.in_sentence); text
    that is no period, as it is."""
    try:
        return parse(str(label)).in_sentence(lang, rule)
    except PeriodError:
        return str(label)


@dataclass(frozen=True)
class Named:
    """Periods, by label, told in the reader's words when the message is rendered, as running text names them
    (in_sentence_label: messages name them mid-sentence): a value of a told error (core/messages.py) whose reader's
    language is known only when it is shown."""

    labels: tuple[str, ...]
    rule: str = "official"

    def render(self, lang: str | None = None) -> str:
        lang = lang or words.default_lang()
        return ", ".join(in_sentence_label(label, lang, self.rule) for label in self.labels) or words.say(
            "run.no_editions", lang)
