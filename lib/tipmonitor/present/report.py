"""What the notebooks call: one object per report, each method one displayable piece.

    report = PeriodReport.from_parameters(period="2023-Q2", lang="vi")  # data: TIPMONITOR_STORE or data/store.duckdb
    report.scorecard()            # the headline table
    report.status_heatmap()       # units x indicators
    report.summary()              # the paragraph for the committee's report

Everything shown comes from evaluation.py through views.py; this module only
assembles and labels. UnitProfile and DataQuality follow the same pattern.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import TypeVar

import pandas as pd

from tipmonitor.core import words

from tipmonitor.model import periods
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.metrics.inputs import Inputs, load_inputs
from tipmonitor.metrics.results import PeriodResults, compute
from tipmonitor.metrics.taskgroups import TaskGroups
from tipmonitor.model.dataset import Dataset
from tipmonitor.core.formatting import WITHHELD_MARK, format_count, format_decimal, format_fraction, format_rate
from tipmonitor.present.comparison import page_basis, plan_name, targets_note
from tipmonitor.present.scorecard import needed_cell
from tipmonitor.present.status import counts_withheld
from tipmonitor.present.tables import HTML, html_table

T = TypeVar("T")


_RESULTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # dataset or Inputs -> {key: result}


def _memo(owner: Dataset | Inputs, key: tuple, compute: Callable[[], T]) -> T:
    """Results per dataset (with the city's files as its inputs) or per inputs given: the unit pages of one
    kernel share the city's evaluation and trend. A result never holds its owner (it would never be freed)."""
    cache = _RESULTS.setdefault(owner, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _markdown(text: str):
    from IPython.display import Markdown

    return Markdown(text)


def data_location(data: str | None) -> str:
    """Where a notebook reads its data: ``data`` as given (relative to the project root), or when None the store the
    commands use, TIPMONITOR_STORE or data/store.duckdb (store.database.default_path), so a notebook run by hand in
    JupyterLab reads the store `tipmonitor ingest` wrote. A relative TIPMONITOR_STORE is taken from the project root
    here (a notebook's folder is notebooks/), as the commands take it when started there."""
    from tipmonitor.core import paths
    from tipmonitor.store.database import default_path

    return str(paths.resolve(data if data else default_path()))


def provisional_note(period: periods.Period, rule: str, lang: str, today: date | None = None) -> str:
    """For a period whose window runs past today: the words saying its figures are provisional; else ""."""
    end = period.window(rule).end
    today = today or date.today()
    if periods.ended(period, rule, today):
        return ""
    return words.say("report.to_date", lang, period=period.in_sentence(lang, rule), end=f"{end:%d/%m/%Y}",
                     today=f"{today:%d/%m/%Y}")


class PeriodReport:
    def __init__(self, data: Inputs | Dataset, period: str | periods.Period, lang: str = "vi", rule: str = "official",
                 audience: str = "internal", baseline_year: int | None = None, source: str = "",
                 public_threshold: int | None = None, results: PeriodResults | None = None):
        """``data`` is the evaluation's inputs (metrics/inputs.py), or a dataset whose inputs are the city's
        files; ``period`` a Period or its label, parsed here once. ``baseline_year`` and ``public_threshold``
        default to the city's (params/city.yaml). ``results`` are the run's own evaluation of this period and
        audience (metrics/results.py), shown instead of computing them again."""
        if lang not in words.LANGUAGES:
            raise ValueError(words.say("report.bad_lang", value=repr(lang)))
        if audience not in ("internal", "public"):
            raise ValueError(words.say("report.bad_audience", lang, value=repr(audience)))
        self.period = period if isinstance(period, periods.Period) else periods.parse(period)
        if audience == "public":
            from tipmonitor.metrics.disclosure import OtherRule, other_rule

            city = other_rule(rule)
            if city is not None:  # before anything is read or computed, as the run's gate refuses it
                raise OtherRule.of(self.period.label, rule, city, "notebook")
        self._owner: Dataset | Inputs  # what the results computed here are cached under (_memo)
        if isinstance(data, Inputs):
            if baseline_year is not None and baseline_year != data.baseline.year:
                raise ValueError(words.say("report.baseline_mismatch", lang, asked=baseline_year, held=data.baseline.year))
            baseline_year = data.baseline.year
            self.inputs, self._owner = data, data
        else:
            if baseline_year is None:
                from tipmonitor.model.city import city_config

                baseline_year = city_config().baseline_year
            self.inputs, self._owner = load_inputs(data, baseline_year), data
        self.lang, self.rule, self.audience, self.baseline_year, self.source = lang, rule, audience, baseline_year, source
        from tipmonitor.metrics.disclosure import public_threshold as threshold_for

        threshold = threshold_for(public_threshold)  # refuses one below the city's, whatever the audience
        self.threshold = threshold if audience == "public" else None
        self.dataset = self.inputs.data
        if results is not None:
            results.check(self.period, self.rule, self.baseline_year, self.threshold, source, lang)
        self._given = results

    @classmethod
    def from_parameters(cls, period: str, data: str | None = None, lang: str = "vi", rule: str = "official",
                        audience: str = "internal", baseline_year: int | None = None, today: str | None = None,
                        public_threshold: int | None = None, results: str | None = None, **extra):
        """A notebook's report from its parameters cell; ``results`` is the folder where the run stored its
        results of the period (metrics/results.py), None to compute them here; ``data`` None is the store the
        commands use (data_location)."""
        from tipmonitor.core import paths
        from tipmonitor.core.messages import told_in
        from tipmonitor.store.sources import load_source

        with told_in(lang):  # a refusal or a store's error reads in the notebook's language
            location = data_location(data)
            dataset = load_source(location, today=date.fromisoformat(today) if today else None, rule=rule)
            # A run's results, while the run lasts; an executed notebook run again later computes its own.
            stored = PeriodResults.load(paths.resolve(results), audience) if results and paths.resolve(results).is_dir() \
                else None
            return cls(dataset, period, lang=lang, rule=rule, audience=audience, baseline_year=baseline_year,
                       source=location, public_threshold=public_threshold, results=stored, **extra)

    # --- computed once -----------------------------------------------------------------

    @cached_property
    def results(self) -> PeriodResults:
        """The period's results for this edition: the run's, or computed once per dataset (the pages of a warm
        kernel share them)."""
        if self._given is not None:
            return self._given
        return _memo(self._owner, ("results", self.period.label, self.rule, self.baseline_year, self.threshold),
                     lambda: compute(self.inputs, self.period, self.rule, self.threshold, self.source))

    @property
    def evaluation(self) -> Evaluation:
        """The period's evaluation: every figure (internal), or with small numbers withheld (public)."""
        return self.results.evaluation

    @property
    def trend(self) -> pd.DataFrame:
        return self.results.trend

    @property
    def task_groups(self) -> TaskGroups:
        """The period's activity figures (metrics/taskgroups.py), protected in a public edition."""
        return self.results.task_groups

    # --- text ----------------------------------------------------------------------------

    def section(self, key: str):
        """A section heading with one paragraph saying what the reader is looking at."""
        from tipmonitor.model.city import city_config

        config = city_config()
        if self.audience == "public" and words.has(f"section.{key}_public"):
            key = f"{key}_public"  # a public edition's heading promises nothing it withholds (the overdue ids)
        return _markdown(words.say(f"section.{key}", self.lang, period=self.describe_period(),
                                   committee=words.pick(config.committee, self.lang),
                                   plan=plan_name(self.period.year, self.lang), baseline=self.baseline_year,
                                   unit=getattr(self, "unit_name", "")))

    def disclosure_note(self):
        """Which edition this is: internal (every figure) or public (the suppression rule, stated); and, for a
        period that has not ended, that its figures are provisional and to which date."""
        key = "public" if self.threshold is not None else "internal"
        text = words.say(f"disclosure.{key}", self.lang, threshold=self.threshold)
        provisional = provisional_note(self.period, self.rule, self.lang)
        return _markdown("\n\n".join(part for part in (text, provisional, self._edition_extra()) if part))

    def _edition_extra(self) -> str:
        """What a page without the method note adds to its edition note (the data-quality page: the targets' source)."""
        return ""

    def describe_period(self) -> str:
        return self.period.describe(self.lang, self.rule)

    def method_note(self):
        w = self.period.window(self.rule)
        ytd = self.period.year_to_date().window(self.rule)
        text = words.say("report.method_note", self.lang, period=self.describe_period(), window=w.describe(),
                         ytd=ytd.describe(), methods=self._methods(), rule=words.say(f"rule.{self.rule}", self.lang),
                         plan=targets_note(self.period.year, self.lang), baseline=self.baseline_year,
                         rates=self._rates_sentence())
        basis = page_basis(self.evaluation, getattr(self, "unit", CITY), self.lang, self._shown_indicators())
        return _markdown(text + ("\n\n" + basis[:1].upper() + basis[1:] if basis else ""))

    def _rates_sentence(self) -> str:
        """How rates are shown: with numerator/denominator always (internal), or but where a count is withheld
        (public, marked as the edition note's legend says)."""
        from tipmonitor.core.formatting import WITHHELD_MARK

        if self.threshold is None:
            return words.say("report.rates", self.lang)
        return words.say("report.rates_public", self.lang, mark=WITHHELD_MARK)

    def _shown_indicators(self) -> list[str] | None:
        """The indicators this page shows: every one (None) on the city's pages; a unit page its duties."""
        return None

    def _caption(self, scope: str, unit: str = CITY) -> str:
        """What a results table covers: the period, or the year to date, and whose figures."""
        from tipmonitor.present.taskgroups import unit_name

        covers = self.describe_period() if scope == "period" else self.period.year_to_date().describe(self.lang, self.rule)
        return words.say(f"caption.{scope}", self.lang, period=covers, unit=unit_name(unit, self.lang),
                         year=self.baseline_year)

    def _table_caption(self, key: str, **values) -> str:
        """What a table covers ("caption.<key>"), with the page's period."""
        return words.say(f"caption.{key}", self.lang, period=self.describe_period(), **values)

    def _methods(self) -> str:
        """Which indicators are computed how, in a sentence."""
        groups: dict[str, list[str]] = {}
        for indicator in self.evaluation.registry.targeted():
            groups.setdefault(indicator.method, []).append(indicator.name(self.lang, short=True))
        parts = [f"{', '.join(f'«{n}»' for n in names)}: {words.say(f'method.{method}', self.lang)}"
                 for method, names in groups.items()]
        return words.say("report.methods", self.lang, parts="; ".join(parts))

    def summary(self):
        from tipmonitor.present.narrative import summary

        return _markdown(summary(self.evaluation, self.lang))

    # --- tables --------------------------------------------------------------------------

    def scorecard_table(self, unit: str = CITY, scope: str = "period") -> tuple[pd.DataFrame, pd.DataFrame]:
        from tipmonitor.present.scorecard import scorecard_frame

        shown = self._shown_indicators()
        frame = scorecard_frame(self.evaluation, self.lang, unit, scope, indicators=shown)
        rows = self.evaluation.scorecard(unit, scope).reset_index()
        if shown is not None:
            rows = rows[rows["indicator"].isin(shown)].reset_index(drop=True)
        data = rows[["indicator", "unit", "status", "numerator", "denominator"]].copy()
        data["numerator"] = data["numerator"].map(lambda v: "" if pd.isna(v) else int(v))
        data["denominator"] = data["denominator"].map(lambda v: "" if pd.isna(v) else int(v))
        return frame, data

    def scorecard(self, unit: str = CITY, scope: str = "period"):
        frame, data = self.scorecard_table(unit, scope)
        numeric = {words.say(f"column.{k}", self.lang) for k in ("fraction", "rate", "cases_needed")}
        status = words.say("column.status", self.lang)
        return HTML(html_table(frame, "tm-scorecard", numeric, status, data, self.lang, caption=self._caption(scope, unit)),
                    frame.to_string(index=False))

    def units_missing_targets(self, scope: str = "period"):
        from html import escape

        from tipmonitor.present.narrative import units_missed
        from tipmonitor.present.views import missing_table

        table = missing_table(self.evaluation, self.lang, scope)
        known = units_missed(self.evaluation, scope, self.lang)  # a public edition counts what it does not list
        if not len(table):
            return _markdown(known)
        from tipmonitor.present.views import unit_page

        data = table[["unit", "indicator", "status", "cases_needed"]]
        shown = table.drop(columns=["unit", "indicator", "status", "cases_needed"])
        numeric = {words.say(f"column.{k}", self.lang) for k in ("fraction", "rate", "cases_needed")}
        links = {words.say("column.unit", self.lang): [unit_page(u) for u in table["unit"]]}
        caption = words.say("caption.missing", self.lang, period=self.describe_period() if scope == "period" else
                            self.period.year_to_date().describe(self.lang, self.rule))
        head = f"<p>{escape(known)}</p>" if self.threshold is not None else ""
        return HTML(head + html_table(shown, "tm-missing", numeric, words.say("column.status", self.lang), data, self.lang,
                                      caption=caption, links=links), (known + "\n" if head else "") + shown.to_string(index=False))

    def headline(self):
        """What the committee acts on, first: the targets missed, the units furthest behind (linked to their
        pages), the units that reported no activity; the full lists follow further down."""
        from html import escape

        from tipmonitor.present.official_draft import behind, needed_text
        from tipmonitor.present.views import unit_names, unit_page

        say = lambda key, **values: words.say(f"headline.{key}", self.lang, **values)  # noqa: E731
        card = self.evaluation.scorecard(CITY, "period")
        items = []
        for indicator in self.evaluation.registry.targeted():
            row = card.loc[indicator.id]
            if row["status"] in ("missed", "at_risk"):
                items.append(escape(words.say("summary.target_item", self.lang, name=indicator.name(self.lang, short=True),
                                              rate=format_rate(row["numerator"], row["denominator"], self.lang),
                                              target=self.evaluation.targets.by_key[indicator.target].describe(self.lang)
                                              if self.evaluation.targets and indicator.target else "")))
        targeted = sum(1 for _ in self.evaluation.registry.targeted())
        if self.evaluation.targets is None:  # a year with no plan targets: nothing can be missed or met
            parts = [f"<p><strong>{escape(say('no_targets', year=self.period.year))}</strong></p>"]
        else:
            parts = [f"<p><strong>{escape(say('missed', count=len(items), total=targeted, period=self.describe_period()))}</strong> "
                     + ("; ".join(items) if items else escape(say('none_missed'))) + "</p>"]
        found = behind(self.evaluation)
        within = self.period.in_sentence(self.lang, self.rule)  # "In the first half of 2023, …", "Trong năm 2025, …"
        if found.units:
            names = unit_names(self.evaluation, self.lang)
            listed = ", ".join(f'<a href="{unit_page(u)}">{escape(names[u])}</a> '
                               f'({escape(needed_text(self.evaluation, n, self.lang))})' for u, n in found.furthest[:5])
            needed = needed_text(self.evaluation, found.needed, self.lang)
            parts.append(f"<p><strong>{escape(say('behind', units=found.units, needed=needed, period=within))}</strong> "
                         f"{escape(say('furthest'))} {listed}.</p>")
        if self.threshold is None:
            silent = self.task_groups.silent()
            if len(silent):
                parts.append(f"<p><strong>{escape(say('silent', units=silent['unit'].nunique(), period=within))}</strong> "
                             f"{escape(say('silent_where'))}</p>")
        html = '<div class="tm-headline">' + "".join(parts) + "</div>"
        return HTML(html, " ".join(parts))

    # --- charts ------------------------------------------------------------------------

    def status_heatmap(self, scope: str = "period"):
        from tipmonitor.present.charts import figure, status_heatmap
        from tipmonitor.present.views import heatmap_cells

        cells = heatmap_cells(self.evaluation, self.lang, scope)
        has_data = set(cells.loc[cells["status"] != "no_data", "unit"]) | {CITY}
        shown = cells[cells["unit"].isin(has_data)]
        chart = figure(status_heatmap(shown, self.lang), self.lang, "heatmap")
        rest = cells.loc[~cells["unit"].isin(has_data), "unit_label"].drop_duplicates().tolist()
        if not rest:
            return chart
        from IPython.display import Markdown, display

        display(chart)  # the units with data; the others in one line under it
        return Markdown(words.say("report.heatmap_rest", self.lang, count=len(rest), units=", ".join(rest)))

    def unit_map(self, scope: str = "period"):
        from tipmonitor.present.charts import figure, unit_map
        from tipmonitor.present.views import map_points

        return figure(unit_map(map_points(self.evaluation, self.lang, scope), self.lang), self.lang, "map")

    def trends(self, units: list[str] | None = None):
        from tipmonitor.present.charts import trend_figure
        from tipmonitor.present.views import trend_lines

        if not len(self.trend):
            return self._no_trend()
        lines = trend_lines(self.trend, self.evaluation, self.lang, units)
        return trend_figure(lines, self.lang, self.baseline_year, title="trends")

    def _no_trend(self):
        """A period before the baseline year: no quarter to draw yet."""
        return _markdown(words.say("report.no_trend_yet", self.lang, period=self.period.label, year=self.baseline_year))

    def pipeline(self):
        from tipmonitor.present.charts import figure, pipeline_chart
        from tipmonitor.present.views import pipeline_stages

        return figure(pipeline_chart(pipeline_stages(self.evaluation, self.lang), self.lang), self.lang, "pipeline")

    def victims(self):
        import altair as alt

        from tipmonitor.present.charts import distribution_chart, figure
        from tipmonitor.present.views import distribution

        charts = []
        end = self.period.window(self.rule).end
        for key in ("victims_by_sex", "victims_by_age", "victims_by_exploitation", "victims_by_destination", "support_by_kind",
                    "persons_by_status", "reports_by_channel"):
            spec = self.evaluation.registry.distributions[key]
            if not spec.shown_for(end):  # a split of the 2024 Law: not for a period before it (#29)
                continue
            table = distribution(self.evaluation, key, self.lang)
            if len(table):
                charts.append(distribution_chart(table, words.pick(spec.label, self.lang), self.lang))
        if not charts:
            from tipmonitor.present.narrative import victims_note

            return _markdown(victims_note(self.evaluation, self.lang))
        rows = [alt.hconcat(*charts[i:i + 2]) for i in range(0, len(charts), 2)]
        return figure(alt.vconcat(*rows), self.lang, "victims")

    def victims_law_2024(self, unit: str = CITY):
        """The 2024 Law's counts of persons (#29), for a period from 1-7-2025 (persons_by_status's shown_from)."""
        from tipmonitor.present.views import law_2024_counts

        if not self.evaluation.registry.distributions["persons_by_status"].shown_for(self.period.window(self.rule).end):
            return _markdown(words.say("report.law_2024_not_yet", self.lang))
        table = law_2024_counts(self.evaluation, self.lang, unit)
        shown = pd.DataFrame({words.say("column.measure", self.lang): table["label"],
                              words.say("column.count", self.lang): table["text"]})
        from tipmonitor.present.taskgroups import unit_name

        caption = self._table_caption("law_2024", unit=unit_name(unit, self.lang))
        return HTML(html_table(shown, "tm-law-2024", {shown.columns[1]}, lang=self.lang, caption=caption),
                    shown.to_string(index=False))

    # --- the plan's task groups ------------------------------------------------------------

    def activity_table(self, unit: str = CITY):
        """Each activity's count in the period, the previous one and the same period of the baseline year."""
        from tipmonitor.present.taskgroups import activity_frame, shown_kinds, unit_name

        frame = activity_frame(self.task_groups, self.lang, unit)
        numeric = set(frame.columns[3:])
        both = "previous" in shown_kinds(self.task_groups)  # else the previous period is the baseline's, shown once
        caption = words.say("caption.activities" if both else "caption.activities_previous_is_baseline", self.lang, unit=unit_name(unit, self.lang), period=self.describe_period(),
                            previous=self.period.previous().describe(self.lang, self.rule), year=self.baseline_year)
        return HTML(html_table(frame, "tm-activities", numeric, lang=self.lang, caption=caption),
                    frame.to_string(index=False))

    def activity_chart(self):
        from tipmonitor.present.charts import figure
        from tipmonitor.present.taskgroups import activity_chart

        return figure(activity_chart(self.task_groups, self.lang), self.lang, "task groups")

    def silent_units(self):
        """Units expected to report a group's activities that reported none of them."""
        from tipmonitor.present.taskgroups import silent_frame

        from html import escape

        from tipmonitor.present.official_draft import silent_frame as by_body

        frame = silent_frame(self.task_groups, self.lang)
        if self.task_groups.nothing_reported:
            return _markdown(words.say("taskgroups.no_activity_data", self.lang, period=self.describe_period()))
        if not len(frame):
            return _markdown(words.say("taskgroups.none_silent", self.lang))
        grouped = by_body(self.task_groups, self.lang)  # per body and group: how many, and who
        summary = words.say("report.silent_summary", self.lang, units=self.task_groups.silent()["unit"].nunique(),
                            rows=len(frame))
        table = html_table(grouped, "tm-silent", {grouped.columns[2]}, lang=self.lang, caption=self._table_caption("silent"))
        return HTML(f"<details><summary>{escape(summary)}</summary>{table}</details>", frame.to_string(index=False))

    def unit_texts(self, by: str = "group", unit: str | None = None):
        """The units' written reports, compiled by task group or by unit; never in a public edition."""
        from tipmonitor.metrics.taskgroups import compiled_texts
        from tipmonitor.present.taskgroups import texts_markdown

        if self.threshold is not None:
            return _markdown(words.say("taskgroups.public_no_texts", self.lang))
        texts = _memo(self._owner, ("texts", self.period.label, self.rule),  # the unit pages of a kernel share them
                      lambda: compiled_texts(self.dataset, self.period, self.rule))
        if unit is not None:
            texts = texts[texts["unit"] == unit]
        return _markdown(texts_markdown(texts, self.lang, by))


class UnitProfile(PeriodReport):
    """One unit's page: its scorecard, trend against its own baseline, rank, needs, overdue reports."""

    def __init__(self, data: Inputs | Dataset, period: str | periods.Period, unit: str, **options):
        super().__init__(data, period, **options)
        registry = self.inputs.units
        on = self.period.window(self.rule).end
        if isinstance(unit, int) and not isinstance(unit, bool):  # papermill's -p reads 00004 as the number 4
            found = registry.codes_for_number(unit, on)
            if len(found) != 1:
                raise ValueError(words.say("report.unit_number", self.lang, value=unit,
                                           codes=", ".join(found) or "-"))
            unit = found[0]
        code = registry.resolve(unit, on=on)
        if code is None:
            raise ValueError(words.say("report.unknown_unit", self.lang, value=repr(unit)))
        self.unit = code
        self.unit_name = registry.name(code, self.lang, short=False)

    def _shown_indicators(self) -> list[str] | None:
        return list(self._duties)

    @cached_property
    def _duties(self) -> tuple[str, ...]:
        """The unit's indicators (views.unit_indicators), found once per page, not once per table of it."""
        from tipmonitor.present.views import unit_indicators

        return tuple(unit_indicators(self.evaluation, self.unit))

    def unit_activities(self):
        return self.activity_table(self.unit)

    def unit_own_texts(self):
        return self.unit_texts("group", self.unit)

    def unit_scorecard(self, scope: str = "period"):
        return self.scorecard(self.unit, scope)

    def unit_trend(self):
        from tipmonitor.present.charts import trend_figure
        from tipmonitor.present.views import trend_lines

        if not len(self.trend):
            return self._no_trend()
        lines = trend_lines(self.trend, self.evaluation, self.lang, [self.unit], baseline_of=self.unit)
        lines = lines[lines["indicator"].isin(self._shown_indicators())].reset_index(drop=True)
        short = self.inputs.units.name(self.unit, self.lang)
        return trend_figure(lines, self.lang, self.baseline_year, baseline_label=short, title="unit trend")

    def rank_table(self, scope: str = "period"):
        t = self.evaluation.table
        rows = t[(t["scope"] == scope) & (t["unit"] == self.unit) & t["indicator"].isin(self._shown_indicators())]
        out = []
        for r in rows.itertuples(index=False):
            indicator = self.evaluation.registry.indicators[r.indicator]
            rank = "–" if pd.isna(r.rank) else f"{int(r.rank)}/{int(r.ranked)}"
            needed = needed_cell(r.status, r.cases_needed, self.lang, self.threshold)
            hidden = counts_withheld(r._asdict())
            out.append({words.say("column.indicator", self.lang): indicator.name(self.lang, short=True),
                        words.say("column.fraction", self.lang): WITHHELD_MARK if hidden else
                        format_fraction(r.numerator, r.denominator, self.lang),
                        words.say("column.rate", self.lang): WITHHELD_MARK if hidden else
                        format_rate(r.numerator, r.denominator, self.lang),
                        words.say("column.rank", self.lang): rank,
                        words.say("column.cases_needed", self.lang): needed})
        frame = pd.DataFrame(out)
        return HTML(html_table(frame, "tm-rank", set(frame.columns[1:]), lang=self.lang,
                               caption=self._caption(scope, self.unit)), frame.to_string(index=False))

    def overdue_reports(self):
        from tipmonitor.metrics.counts import overdue_reports

        if self.audience == "public":
            return _markdown(words.say("report.lists_withheld", self.lang))
        reports = self.dataset.crime_reports
        listing = overdue_reports(reports[reports["unit"] == self.unit], self.period.window(self.rule).end)
        if not len(listing):
            return _markdown(words.say("report.no_overdue", self.lang))
        frame = pd.DataFrame({
            words.say("column.report_id", self.lang): listing["report_id"],
            words.say("column.days_overdue", self.lang): listing["days_overdue"].astype(int)})
        caption = self._table_caption("overdue", unit=self.unit_name, end=f"{self.period.window(self.rule).end:%d/%m/%Y}")
        return HTML(html_table(frame, "tm-overdue", {frame.columns[1]}, lang=self.lang, caption=caption),
                    frame.to_string(index=False))


class DataQuality(PeriodReport):
    """The data-quality page of a period: submissions and deadlines, findings, late entries, outliers."""

    def __init__(self, data: Inputs | Dataset, period: str | periods.Period, store=None, **options):
        if options.get("audience") == "public":
            raise ValueError(words.say("report.quality_internal", options.get("lang")))
        super().__init__(data, period, **options)
        self.store = store

    @classmethod
    def from_parameters(cls, period: str, data: str | None = None, **options):  # type: ignore[override]
        from tipmonitor.store.sources import is_store
        from tipmonitor.store.database import Store

        report = super().from_parameters(period, data, **options)
        location = data_location(data)
        report.store = Store(location) if is_store(location) else None
        return report

    def _edition_extra(self) -> str:
        return targets_note(self.period.year, self.lang)

    def _period_words(self, label: str) -> str:
        return periods.describe_label(label, self.lang, self.rule)

    def _no_store(self):
        return _markdown(words.say("report.no_store", self.lang))

    def submissions(self):
        from tipmonitor.model.city import city_config
        from tipmonitor.metrics.quality import submission_status

        if self.store is None:
            return self._no_store()
        registry = self.inputs.units
        status = submission_status(self.store.submissions(), self.evaluation.units, self.period, self.rule,
                                   city_config().reporting_lag_working_days, registry=registry)
        frame = pd.DataFrame({
            words.say("column.unit", self.lang): status["unit"].map(lambda u: registry.name(u, self.lang)),
            words.say("column.quarter", self.lang): status["quarter"].map(self._period_words),
            words.say("column.expected_part", self.lang): [f"{a:%d/%m/%Y} – {b:%d/%m/%Y}" for a, b in
                                                            zip(status["expected_from"], status["expected_to"])],
            words.say("column.due", self.lang): status["due"].map(lambda d: f"{d:%d/%m/%Y}"),
            words.say("column.received", self.lang): status["received_on"].map(lambda d: f"{d:%d/%m/%Y}" if d else "–"),
            words.say("column.status", self.lang): [
                words.say(f"submission.{s}", self.lang, days=0 if d is None or pd.isna(d) else int(d))
                for s, d in zip(status["status"], status["days_late"])],
        })
        data = status[["unit", "quarter", "status"]].rename(columns={"status": "submission"})
        counts = status["status"].value_counts()
        head = words.say("submission.summary", self.lang, on_time=counts.get("on_time", 0), late=counts.get("late", 0),
                         missing=counts.get("missing", 0))
        return HTML(f"<p>{head}</p>" + html_table(frame, "tm-submissions", data=data, lang=self.lang,
                                                  caption=self._table_caption("submissions")), head)

    def findings(self):
        from tipmonitor.metrics.quality import findings

        table = findings(self.dataset, self.rule, self.lang)
        notes = pd.DataFrame(columns=["note"])
        if self.store is not None:
            history = self.store.submissions()
            labels_ = {q.label for q in (self.period.quarters() or [self.period])}
            mine = history[history["period"].isin(labels_) & history["notes"].notna()]
            notes = pd.DataFrame({"note": [n for text in mine["notes"] for n in str(text).split("; ")]})
        if not len(table) and not len(notes):
            return _markdown(words.say("report.no_findings", self.lang))
        parts = []
        if len(table):
            from tipmonitor.present.official_draft import finding_label

            frame = pd.DataFrame({words.say("column.kind", self.lang): table["key"].map(lambda k: finding_label(k, self.lang)),
                                  words.say("column.file", self.lang): table["file"],
                                  words.say("column.count", self.lang): table["count"],
                                  words.say("column.example", self.lang): table["example"]})
            parts.append(html_table(frame, "tm-findings", lang=self.lang, caption=self._table_caption("findings")))
        if len(notes):
            frame = pd.DataFrame({words.say("column.ingest_notes", self.lang): notes["note"]})
            parts.append(html_table(frame, "tm-notes", lang=self.lang, caption=self._table_caption("notes")))
        return HTML("".join(parts), f"{len(table)} findings, {len(notes)} notes")

    def late_entries(self):
        from tipmonitor.metrics.quality import late_entries
        from tipmonitor.present.views import unit_names

        if self.store is None:
            return self._no_store()
        table = late_entries(self.store.first_seen(), self.period, self.rule)
        if not len(table):
            return _markdown(words.say("report.no_late_entries", self.lang))
        names = unit_names(self.evaluation, self.lang)
        frame = pd.DataFrame({
            words.say("column.unit", self.lang): table["unit"].map(names),
            words.say("column.records", self.lang): table["table_name"].map(lambda k: words.say(f"records.{k}", self.lang)),
            words.say("column.belongs_to", self.lang): table["belongs_to"].map(self._period_words),
            words.say("column.sent_with", self.lang): table["first_period"].map(self._period_words),
            words.say("column.record_count", self.lang): table["records"]})
        return HTML(html_table(frame, "tm-late", {frame.columns[-1]}, data=table[["unit", "table_name", "records"]],
                               lang=self.lang, caption=self._table_caption("late")), frame.to_string(index=False))

    def unlinked_transfers(self):
        """Reports and cases transferred in the period that no receipt in the city names (counts.unlinked_transfers):
        sent outside the city, or the receiving unit has not written the sender's id."""
        from tipmonitor.metrics.counts import unlinked_transfers
        from tipmonitor.model.schema import TABLES
        from tipmonitor.present.views import unit_names

        window = self.period.window(self.rule)
        table = unlinked_transfers(self.dataset)
        days = pd.to_datetime(table["date"])
        table = table[(days >= pd.Timestamp(window.start)) & (days <= pd.Timestamp(window.end))]
        if not len(table):
            return _markdown(words.say("report.no_unlinked_transfers", self.lang))
        names = unit_names(self.evaluation, self.lang)
        frame = pd.DataFrame({words.say("column.unit", self.lang): table["unit"].map(lambda u: names.get(u, u)),
                              words.say("column.table", self.lang): table["table"].map(lambda t: words.pick(TABLES[t], self.lang)),
                              words.say("column.record_id", self.lang): table["id"],
                              words.say("column.transferred_on", self.lang): pd.to_datetime(table["date"]).dt.strftime("%d/%m/%Y")})
        return HTML(html_table(frame, "tm-transfers", data=table[["unit", "table"]], lang=self.lang,
                               caption=self._table_caption("transfers")), frame.to_string(index=False))

    def outliers(self):
        from tipmonitor.metrics.counts import build_cube, windows_for
        from tipmonitor.metrics.quality import outliers
        from tipmonitor.present.views import unit_names

        # History from the baseline year, or from the period's own year when it comes before it.
        first = min(self.baseline_year, self.period.year)
        quarters = [q for q in periods.quarters_between(first, self.period.year)
                    if q.window(self.rule).end <= self.period.window(self.rule).end]
        cube = build_cube(self.dataset, windows_for(quarters, self.rule), self.evaluation.units, self.rule)
        last = quarters[-1].label if quarters else self.period.label
        shown = (quarters[-1] if quarters else self.period).describe(self.lang, self.rule)  # "Quý III/2026"
        table = outliers(cube, last)
        if not len(table):
            return _markdown(words.say("report.no_outliers", self.lang, quarter=shown))
        names = unit_names(self.evaluation, self.lang)
        frame = pd.DataFrame({words.say("column.unit", self.lang): table["unit"].map(names),
                              words.say("column.measure", self.lang):
                                  table["measure"].map(lambda m: words.say(f"outlier.{m}", self.lang)),
                              words.say("column.quarter_value", self.lang, quarter=shown):
                                  table["value"].map(lambda v: format_count(v, self.lang)),
                              words.say("column.median_before", self.lang):
                                  table["median"].map(lambda v: format_decimal(v, self.lang))})
        return HTML(html_table(frame, "tm-outliers", set(frame.columns[2:]), data=table[["unit", "measure"]], lang=self.lang,
                               caption=self._table_caption("outliers", quarter=shown, year=first)),
                    frame.to_string(index=False))
