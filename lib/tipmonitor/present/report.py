"""What the notebooks call: one object per report, each method one displayable piece.

    report = PeriodReport.from_parameters(period="2023-Q2", data="data/store.duckdb", lang="vi")
    report.scorecard()            # the headline table
    report.status_heatmap()       # units x indicators
    report.summary()              # the paragraph for the committee's report

Everything shown comes from evaluation.py through views.py; this module only
assembles and labels. UnitProfile and DataQuality follow the same pattern.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

import pandas as pd

from tipmonitor.core import labels

from tipmonitor.model import periods
from tipmonitor.metrics.evaluation import CITY, Evaluation, evaluate, trend
from tipmonitor.present.formatting import WITHHELD_MARK, format_fraction, format_needed, format_rate
from tipmonitor.present.tables import HTML, html_table


_RESULTS: "weakref.WeakKeyDictionary" = None  # dataset -> {key: result}


def _memo(dataset, key: tuple, compute):
    """Results per dataset object: the unit pages of one run share the city's evaluation and trend."""
    global _RESULTS
    import weakref

    if _RESULTS is None:
        _RESULTS = weakref.WeakKeyDictionary()
    cache = _RESULTS.setdefault(dataset, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _markdown(text: str):
    from IPython.display import Markdown

    return Markdown(text)


class PeriodReport:
    def __init__(self, dataset, period: str, lang: str = "vi", rule: str = "official", audience: str = "internal",
                 baseline_year: int = 2022, source: str = "", public_threshold: int | None = None):
        if lang not in ("vi", "en"):
            raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
        if audience not in ("internal", "public"):
            raise ValueError(f"audience must be 'internal' or 'public', not {audience!r}")
        self.dataset = dataset
        self.period = periods.parse(period)
        self.lang, self.rule, self.audience, self.baseline_year, self.source = lang, rule, audience, baseline_year, source
        if audience == "public":
            from tipmonitor.metrics.disclosure import default_threshold

            self.threshold = int(public_threshold) if public_threshold is not None else default_threshold()
            if self.threshold < 1:
                raise ValueError(f"public_threshold must be at least 1, not {public_threshold!r}")
        else:
            self.threshold = None

    @classmethod
    def from_parameters(cls, period: str, data: str = "data/store.duckdb", lang: str = "vi", rule: str = "official",
                        audience: str = "internal", baseline_year: int = 2022, today: str | None = None,
                        public_threshold: int | None = None, **extra):
        from tipmonitor.core import paths
        from tipmonitor.store.sources import load_source

        location = str(paths.resolve(data))
        dataset = load_source(location, today=date.fromisoformat(today) if today else None, rule=rule)
        return cls(dataset, period, lang=lang, rule=rule, audience=audience, baseline_year=baseline_year, source=data,
                   public_threshold=public_threshold, **extra)

    # --- computed once -----------------------------------------------------------------

    @cached_property
    def evaluation(self) -> Evaluation:
        """The period's evaluation: every figure (internal), or with small numbers withheld (public)."""
        if self.threshold is not None:
            return self._public[0]
        return self._internal_evaluation()

    @cached_property
    def trend(self) -> pd.DataFrame:
        if self.threshold is not None:
            return self._public[1]
        return self._internal_trend()

    def _internal_evaluation(self) -> Evaluation:
        return _memo(self.dataset, ("evaluation", self.period.label, self.rule, self.baseline_year),
                     lambda: evaluate(self.dataset, self.period, rule=self.rule, baseline_year=self.baseline_year))

    def _internal_trend(self) -> pd.DataFrame:
        return _memo(self.dataset, ("trend", self.period.label, self.rule, self.baseline_year),
                     lambda: trend(self.dataset, self.period, rule=self.rule, baseline_year=self.baseline_year,
                                   units=self._internal_evaluation().units))

    @cached_property
    def _public(self) -> tuple[Evaluation, pd.DataFrame]:
        from tipmonitor.metrics.disclosure import protect

        return _memo(self.dataset, ("public", self.period.label, self.rule, self.baseline_year, self.threshold),
                     lambda: protect(self._internal_evaluation(), self._internal_trend(), self.threshold))

    # --- text ----------------------------------------------------------------------------

    def section(self, key: str):
        """A section heading with one paragraph saying what the reader is looking at."""
        from tipmonitor.model.city import city_config

        config = city_config()
        return _markdown(labels.text(labels.SECTIONS, key, self.lang, period=self.describe_period(),
                                     committee=config.committee.get(self.lang, config.committee["vi"]),
                                     plan=config.plan["code"], baseline=self.baseline_year,
                                     unit=getattr(self, "unit_name", "")))

    def disclosure_note(self):
        """Which edition this is: internal (every figure) or public (the suppression rule, stated)."""
        key = "public" if self.threshold is not None else "internal"
        return _markdown(labels.text(labels.DISCLOSURE, key, self.lang, threshold=self.threshold))

    def describe_period(self) -> str:
        return self.period.describe(self.lang, self.rule)

    def method_note(self):
        w = self.period.window(self.rule)
        ytd = self.period.year_to_date().window(self.rule)
        targets = self.evaluation.targets
        if self.lang == "vi":
            plan = (f"Chỉ tiêu theo {targets.plan}." if targets else
                    f"Chưa có tệp chỉ tiêu cho năm {self.period.year} (params/targets/{self.period.year}.yaml): các chỉ tiêu không được đánh giá.")
            text = (f"**Kỳ báo cáo:** {self.describe_period()} ({w.describe()}); lũy kế từ đầu năm: {ytd.describe()}. "
                    f"{self._methods()} "
                    f"{labels.RULE[self.rule]['vi']}. Số liệu tính đến hết ngày cuối kỳ. {plan} "
                    f"Tỷ lệ được làm tròn 2 chữ số thập phân và luôn ghi kèm tử số/mẫu số; đánh giá dựa trên giá trị chính xác. "
                    f"So sánh với năm {self.baseline_year} (năm gốc).")
        else:
            plan = (f"Targets of {targets.plan}." if targets else
                    f"No targets file for {self.period.year} (params/targets/{self.period.year}.yaml): targets are not judged.")
            text = (f"**Period:** {self.describe_period()} ({w.describe()}); year to date: {ytd.describe()}. "
                    f"{self._methods()} "
                    f"{labels.RULE[self.rule]['en']}. Figures as of the period's last day. {plan} "
                    f"Rates have two decimals and always show numerator/denominator; status follows the exact value. "
                    f"Baseline year {self.baseline_year}.")
        return _markdown(text)

    def _methods(self) -> str:
        """Which indicators are computed how, in a sentence."""
        groups: dict[str, list[str]] = {}
        for indicator in self.evaluation.registry.targeted():
            groups.setdefault(indicator.method, []).append(indicator.name(self.lang, short=True))
        parts = [f"{', '.join(f'«{n}»' for n in names)}: {labels.METHOD[method][self.lang]}" for method, names in groups.items()]
        return ("Cách tính — " if self.lang == "vi" else "Methods — ") + "; ".join(parts) + "."

    def summary(self):
        from tipmonitor.present.narrative import summary

        return _markdown(summary(self.evaluation, self.lang))

    # --- tables --------------------------------------------------------------------------

    def scorecard_table(self, unit: str = CITY, scope: str = "period") -> tuple[pd.DataFrame, pd.DataFrame]:
        from tipmonitor.present.scorecard import scorecard_frame

        frame = scorecard_frame(self.evaluation, self.lang, unit, scope)
        rows = self.evaluation.scorecard(unit, scope).reset_index()
        data = rows[["indicator", "unit", "status", "numerator", "denominator"]].copy()
        data["numerator"] = data["numerator"].map(lambda v: "" if pd.isna(v) else int(v))
        data["denominator"] = data["denominator"].map(lambda v: "" if pd.isna(v) else int(v))
        return frame, data

    def scorecard(self, unit: str = CITY, scope: str = "period"):
        frame, data = self.scorecard_table(unit, scope)
        numeric = {labels.COLUMNS[k][self.lang] for k in ("fraction", "rate", "cases_needed")}
        status = labels.COLUMNS["status"][self.lang]
        return HTML(html_table(frame, "tm-scorecard", numeric, status, data, self.lang), frame.to_string(index=False))

    def units_missing_targets(self, scope: str = "period"):
        from tipmonitor.present.views import missing_table

        table = missing_table(self.evaluation, self.lang, scope)
        if not len(table):
            return _markdown("Không có đơn vị nào chưa đạt chỉ tiêu." if self.lang == "vi" else "No unit misses a target.")
        data = table[["unit", "indicator", "status", "cases_needed"]]
        shown = table.drop(columns=["unit", "indicator", "status", "cases_needed"])
        numeric = {labels.COLUMNS[k][self.lang] for k in ("fraction", "rate", "cases_needed")}
        return HTML(html_table(shown, "tm-missing", numeric, labels.COLUMNS["status"][self.lang], data, self.lang),
                    shown.to_string(index=False))

    # --- charts ------------------------------------------------------------------------

    def status_heatmap(self, scope: str = "period"):
        from tipmonitor.present.charts import figure, status_heatmap
        from tipmonitor.present.views import heatmap_cells

        return figure(status_heatmap(heatmap_cells(self.evaluation, self.lang, scope), self.lang), self.lang, "heatmap")

    def unit_map(self, scope: str = "period"):
        from tipmonitor.present.charts import figure, unit_map
        from tipmonitor.present.views import map_points

        return figure(unit_map(map_points(self.evaluation, self.lang, scope), self.lang), self.lang, "map")

    def trends(self, units: list[str] | None = None):
        from tipmonitor.present.charts import figure, trend_chart
        from tipmonitor.present.views import trend_lines

        lines = trend_lines(self.trend, self.evaluation, self.lang, units)
        return figure(trend_chart(lines, self.lang, self.baseline_year), self.lang, "trends")

    def pipeline(self):
        from tipmonitor.present.charts import figure, pipeline_chart
        from tipmonitor.present.views import pipeline_stages

        return figure(pipeline_chart(pipeline_stages(self.evaluation, self.lang), self.lang), self.lang, "pipeline")

    def victims(self):
        import altair as alt

        from tipmonitor.present.charts import distribution_chart, figure
        from tipmonitor.present.views import distribution

        charts = []
        for key in ("victims_by_sex", "victims_by_age", "victims_by_exploitation", "victims_by_destination", "support_by_kind"):
            spec = self.evaluation.registry.distributions[key]
            table = distribution(self.evaluation, key, self.lang)
            if len(table):
                charts.append(distribution_chart(table, spec.label[self.lang], self.lang))
        if not charts:
            return _markdown("Không có nạn nhân được xác định trong kỳ." if self.lang == "vi" else "No victims identified in the period.")
        rows = [alt.hconcat(*charts[i:i + 2]) for i in range(0, len(charts), 2)]
        return figure(alt.vconcat(*rows), self.lang, "victims")


class UnitProfile(PeriodReport):
    """One unit's page: its scorecard, trend against its own baseline, rank, needs, overdue reports."""

    def __init__(self, dataset, period: str, unit: str, **options):
        super().__init__(dataset, period, **options)
        from tipmonitor.model.units import load_registry

        registry = load_registry()
        code = registry.resolve(unit, on=self.period.window(self.rule).end)
        if code is None:
            raise ValueError(f"unknown unit {unit!r}")
        self.unit = code
        self.unit_name = registry.name(code, self.lang, short=False)

    def unit_scorecard(self, scope: str = "period"):
        return self.scorecard(self.unit, scope)

    def unit_trend(self):
        from tipmonitor.present.charts import figure, trend_chart
        from tipmonitor.present.views import trend_lines

        lines = trend_lines(self.trend, self.evaluation, self.lang, [self.unit], baseline_of=self.unit)
        from tipmonitor.model.units import load_registry

        short = load_registry().name(self.unit, self.lang)
        return figure(trend_chart(lines, self.lang, self.baseline_year, baseline_label=short), self.lang, "unit trend")

    def rank_table(self, scope: str = "period"):
        t = self.evaluation.table
        rows = t[(t["scope"] == scope) & (t["unit"] == self.unit)]
        out = []
        for r in rows.itertuples(index=False):
            indicator = self.evaluation.registry.indicators[r.indicator]
            rank = "–" if pd.isna(r.rank) else f"{int(r.rank)}/{int(r.ranked)}"
            needed = format_needed(r.cases_needed, self.lang, self.threshold) if r.status in ("missed", "at_risk") else ""
            hidden = r.status == "withheld"
            out.append({labels.COLUMNS["indicator"][self.lang]: indicator.name(self.lang, short=True),
                        labels.COLUMNS["fraction"][self.lang]: WITHHELD_MARK if hidden else
                        format_fraction(r.numerator, r.denominator, self.lang),
                        labels.COLUMNS["rate"][self.lang]: WITHHELD_MARK if hidden else
                        format_rate(r.numerator, r.denominator, self.lang),
                        labels.COLUMNS["rank"][self.lang]: rank,
                        labels.COLUMNS["cases_needed"][self.lang]: needed})
        frame = pd.DataFrame(out)
        return HTML(html_table(frame, "tm-rank", set(frame.columns[1:]), lang=self.lang), frame.to_string(index=False))

    def overdue_reports(self):
        from tipmonitor.metrics.counts import overdue_reports

        if self.audience == "public":
            return _markdown("(Không công bố danh sách hồ sơ.)" if self.lang == "vi" else "(Record lists are not published.)")
        reports = self.dataset.crime_reports
        listing = overdue_reports(reports[reports["unit"] == self.unit], self.period.window(self.rule).end)
        if not len(listing):
            return _markdown("Không có tin báo quá hạn giải quyết vào cuối kỳ." if self.lang == "vi"
                             else "No crime report was overdue at the period's end.")
        frame = pd.DataFrame({
            ("Mã tin báo" if self.lang == "vi" else "Report id"): listing["report_id"],
            ("Số ngày quá hạn" if self.lang == "vi" else "Days overdue"): listing["days_overdue"].astype(int)})
        return HTML(html_table(frame, "tm-overdue", {frame.columns[1]}, lang=self.lang), frame.to_string(index=False))


class DataQuality(PeriodReport):
    """The data-quality page of a period: submissions and deadlines, findings, late entries, outliers."""

    def __init__(self, dataset, period: str, store=None, **options):
        if options.get("audience") == "public":
            raise ValueError("the data-quality page lists submissions and record-level findings: it is for the committee "
                             "only and has no public edition")
        super().__init__(dataset, period, **options)
        self.store = store

    @classmethod
    def from_parameters(cls, period: str, data: str = "data/store.duckdb", **options):
        from tipmonitor.core import paths
        from tipmonitor.store.sources import is_store
        from tipmonitor.store.database import Store

        report = super().from_parameters(period, data, **options)
        location = str(paths.resolve(data))
        report.store = Store(location) if is_store(location) else None
        return report

    def _no_store(self):
        return _markdown("Nguồn số liệu không phải kho số liệu nên không có thông tin về các lần nộp." if self.lang == "vi"
                         else "The data source is not the store, so there is no submission history.")

    def submissions(self):
        from tipmonitor.model.city import city_config
        from tipmonitor.metrics.quality import submission_status
        from tipmonitor.present.views import unit_names

        if self.store is None:
            return self._no_store()
        status = submission_status(self.store.submissions(), self.evaluation.units, self.period, self.rule,
                                   city_config().reporting_lag_working_days)
        names = unit_names(self.evaluation, self.lang)
        words = {"on_time": {"vi": "✔ đúng hạn", "en": "✔ on time"}, "late": {"vi": "⚠ muộn {d} ngày", "en": "⚠ {d} days late"},
                 "missing": {"vi": "✘ chưa nộp", "en": "✘ not received"}}
        frame = pd.DataFrame({
            labels.COLUMNS["unit"][self.lang]: status["unit"].map(names),
            ("Kỳ" if self.lang == "vi" else "Quarter"): status["quarter"],
            ("Hạn nộp" if self.lang == "vi" else "Due"): status["due"].map(lambda d: f"{d:%d/%m/%Y}"),
            ("Ngày nhận" if self.lang == "vi" else "Received"): status["received_on"].map(lambda d: f"{d:%d/%m/%Y}" if d else "–"),
            labels.COLUMNS["status"][self.lang]: [words[s][self.lang].format(d=int(d) if d == d and d is not None else 0)
                                                   for s, d in zip(status["status"], status["days_late"])],
        })
        data = status[["unit", "quarter", "status"]].rename(columns={"status": "submission"})
        counts = status["status"].value_counts()
        head = (f"Đúng hạn: {counts.get('on_time', 0)}; muộn: {counts.get('late', 0)}; chưa nộp: {counts.get('missing', 0)}."
                if self.lang == "vi" else
                f"On time: {counts.get('on_time', 0)}; late: {counts.get('late', 0)}; not received: {counts.get('missing', 0)}.")
        return HTML(f"<p>{head}</p>" + html_table(frame, "tm-submissions", data=data, lang=self.lang), head)

    def findings(self):
        from tipmonitor.metrics.quality import findings

        table = findings(self.dataset, self.rule)
        notes = pd.DataFrame(columns=["note"])
        if self.store is not None:
            history = self.store.submissions()
            labels_ = {q.label for q in (self.period.quarters() or [self.period])}
            mine = history[history["period"].isin(labels_) & history["notes"].notna()]
            notes = pd.DataFrame({"note": [n for text in mine["notes"] for n in str(text).split("; ")]})
        if not len(table) and not len(notes):
            return _markdown("Không phát hiện vấn đề nào trong số liệu." if self.lang == "vi" else "No problems found in the data.")
        parts = []
        if len(table):
            frame = pd.DataFrame({("Loại vấn đề" if self.lang == "vi" else "Kind"): table["key"],
                                  ("Tệp" if self.lang == "vi" else "File"): table["file"],
                                  ("Số lượng" if self.lang == "vi" else "Count"): table["count"],
                                  ("Ví dụ" if self.lang == "vi" else "Example"): table["example"]})
            parts.append(html_table(frame, "tm-findings", lang=self.lang))
        if len(notes):
            frame = pd.DataFrame({("Ghi chú khi nhập số liệu" if self.lang == "vi" else "Notes at ingest"): notes["note"]})
            parts.append(html_table(frame, "tm-notes", lang=self.lang))
        return HTML("".join(parts), f"{len(table)} findings, {len(notes)} notes")

    def late_entries(self):
        from tipmonitor.metrics.quality import late_entries
        from tipmonitor.present.views import unit_names

        if self.store is None:
            return self._no_store()
        table = late_entries(self.store.first_seen(), self.period, self.rule)
        if not len(table):
            return _markdown("Không có hồ sơ nào được nhập muộn làm thay đổi số liệu các kỳ trước." if self.lang == "vi"
                             else "No record arrived late enough to change earlier periods' figures.")
        names = unit_names(self.evaluation, self.lang)
        kinds = {"crime_reports": {"vi": "tin báo", "en": "crime reports"}, "cases": {"vi": "vụ án", "en": "cases"},
                 "victims": {"vi": "nạn nhân", "en": "victims"}}
        frame = pd.DataFrame({
            labels.COLUMNS["unit"][self.lang]: table["unit"].map(names),
            ("Loại hồ sơ" if self.lang == "vi" else "Records"): table["table_name"].map(lambda k: kinds[k][self.lang]),
            ("Thuộc kỳ" if self.lang == "vi" else "Belongs to"): table["belongs_to"],
            ("Nộp cùng kỳ" if self.lang == "vi" else "Sent with"): table["first_period"],
            ("Số hồ sơ" if self.lang == "vi" else "Count"): table["records"]})
        return HTML(html_table(frame, "tm-late", {frame.columns[-1]}, data=table[["unit", "table_name", "records"]],
                               lang=self.lang), frame.to_string(index=False))

    def outliers(self):
        from tipmonitor.metrics.counts import build_cube
        from tipmonitor.metrics.evaluation import _window
        from tipmonitor.metrics.quality import outliers
        from tipmonitor.present.views import unit_names

        # History from the baseline year, or from the period's own year when it comes before it.
        first = min(self.baseline_year, self.period.year)
        quarters = [q for q in periods.quarters_between(first, self.period.year)
                    if q.window(self.rule).end <= self.period.window(self.rule).end]
        cube = build_cube(self.dataset, [_window(q, self.rule) for q in quarters], self.evaluation.units, self.rule)
        last = quarters[-1].label if quarters else self.period.label
        table = outliers(cube, last)
        if not len(table):
            return _markdown(f"Không có số liệu bất thường trong {last} so với các quý trước." if self.lang == "vi"
                             else f"No unusual counts in {last} compared with earlier quarters.")
        names = unit_names(self.evaluation, self.lang)
        measure = {"reports.intake": {"vi": "tin báo mới", "en": "new reports"},
                   "investigation.intake": {"vi": "án khởi tố mới", "en": "new cases"}}
        frame = pd.DataFrame({labels.COLUMNS["unit"][self.lang]: table["unit"].map(names),
                              ("Số liệu" if self.lang == "vi" else "Measure"): table["measure"].map(lambda m: measure[m][self.lang]),
                              (f"Quý {last}" if self.lang == "vi" else last): table["value"],
                              ("Trung vị các quý trước" if self.lang == "vi" else "Median of earlier quarters"): table["median"]})
        return HTML(html_table(frame, "tm-outliers", set(frame.columns[2:]), data=table[["unit", "measure"]], lang=self.lang),
                    frame.to_string(index=False))
