"""The analysts' workbench in JupyterLab (notebooks/explore.ipynb): the same evaluation, with pickers and SQL.

Pick a quarter, an indicator, a body and a unit in the charts (Altair parameters: they work offline in
JupyterLab and need no kernel round trip); hover for the figures. The charts plot one row per unit and
quarter (the indicators side by side in columns, read by the picked indicator), so a city of 155 units over
19 quarters stays a few thousand rows: never Altair's MaxRowsError. A zero is a bar at 0 with its figure
written; a unit without data says so. ``sql()`` is a read-only DuckDB handle on the current data (no
victim-level rows: victims are counted by case) with three recipes; ``records()`` lists the records behind
a unit's figure. Labels are Vietnamese by default, the unit and indicator names, never their codes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from tipmonitor.core import words
from tipmonitor.model.units import load_bodies
from tipmonitor.metrics.evaluation import CITY
from tipmonitor.present.charts import NEUTRAL, UNIT_COLOURS
from tipmonitor.present.report import PeriodReport, data_location

# The stage each measure family is counted in: the table its records are in, the day a record enters the stage
# and the day it leaves it (a record is behind a window's figure when it was in the stage at some day of it).
STAGES = {"reports": ("crime_reports", "received_date", "decision_date"),
          "investigation": ("cases", "initiated_date", "investigation_end_date"),
          "procuracy": ("cases", "procuracy_accepted_date", "procuracy_decision_date"),
          "court": ("cases", "court_accepted_date", "court_decision_date"),
          "victims": ("victims", "received_date", "supported_date")}
# The recipes of the SQL handle (docs/explore.md): name -> SQL with {unit}, {start}, {end} to fill.
RECIPES = {
    "unresolved_reports": """-- The unresolved reports of a unit at the period's end (received, no decision by then)
SELECT report_id, kind, received_date, classified_date, extension_date
FROM crime_reports
WHERE unit = '{unit}' AND received_date <= DATE '{end}'
  AND (decision_date IS NULL OR decision_date > DATE '{end}')
ORDER BY received_date""",
    "overdue_cases": """-- Open cases by stage at the period's end, and how many have been open over 120 days
WITH stages AS (
  SELECT unit, 'investigation' AS stage, initiated_date AS entered, investigation_end_date AS left_on FROM cases
  UNION ALL SELECT coalesce(procuracy_unit, unit), 'procuracy', procuracy_accepted_date, procuracy_decision_date FROM cases
  UNION ALL SELECT coalesce(court_unit, unit), 'court', court_accepted_date, court_decision_date FROM cases)
SELECT stage, count(*) AS open_cases,
       count(*) FILTER (WHERE date_diff('day', entered, DATE '{end}') > 120) AS open_over_120_days
FROM stages
WHERE entered <= DATE '{end}' AND (left_on IS NULL OR left_on > DATE '{end}')
GROUP BY stage ORDER BY stage""",
    "custom_ratio": """-- A ratio of your own over the windows: victims supported of those identified, per window, city-wide
SELECT "window", sum("victims.identified_supported") AS supported, sum("victims.identified") AS identified,
       round(100.0 * sum("victims.identified_supported") / nullif(sum("victims.identified"), 0), 2) AS percent
FROM counts WHERE unit <> 'CITY'
GROUP BY "window" ORDER BY "window\"""",
}


def latest_period(dataset, rule: str = "official", today: date | None = None) -> str:
    """The latest quarter whose deadline has passed by today and that the data reaches (as `tipmonitor run --latest`)."""
    from tipmonitor.model import periods
    from tipmonitor.model.city import city_config
    from tipmonitor.store.sources import data_as_of

    reference = min(today or date.today(), data_as_of(dataset))
    return periods.latest_complete(reference, "quarter", rule, city_config().reporting_lag_working_days).label


def read_only_database(tables: dict[str, pd.DataFrame]):
    """A read-only DuckDB connection holding ``tables``, whose copy of them leaves nothing on disk.

    DuckDB has no read-only in-memory database, so the tables are written to a file in a new owner-only folder,
    the file is opened read-only, and the folder is removed at once: on POSIX an open file stays readable after
    its name is gone, and DuckDB keeps its one handle open until the connection closes (a read-only connection
    writes no WAL). Spilling to disk is off (``temp_directory`` empty: DuckDB would put it beside the removed
    file); the data is a few MB. Where the folder cannot be removed while open (Windows), it is removed when the
    connection is garbage-collected or at exit. A failure while writing removes the folder too."""
    import shutil
    import tempfile
    import weakref
    from pathlib import Path

    import duckdb

    folder = Path(tempfile.mkdtemp(prefix="tipmonitor-sql-"))  # owner-only (0700)
    try:
        path = folder / "explore.duckdb"
        writer = duckdb.connect(str(path))
        try:
            for name, frame in tables.items():
                writer.register("frame", frame)
                writer.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
                writer.unregister("frame")
        finally:
            writer.close()
        connection = duckdb.connect(str(path), read_only=True, config={"temp_directory": ""})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        weakref.finalize(connection, shutil.rmtree, folder, True)
    return connection


class Explorer(PeriodReport):
    @classmethod
    def from_parameters(cls, period: str | None = None, data: str | None = None, **options):  # type: ignore[override]
        """As PeriodReport's; without a period, the latest complete quarter of the data."""
        if period:
            return super().from_parameters(period, data, **options)
        from tipmonitor.core.messages import told_in
        from tipmonitor.store.sources import load_source

        today = options.get("today")
        with told_in(options.get("lang")):  # a store's error reads in the notebook's language
            dataset = load_source(data_location(data), today=date.fromisoformat(today) if today else None,
                                  rule=options.get("rule", "official"))
            chosen = latest_period(dataset, options.get("rule", "official"), date.fromisoformat(today) if today else None)
        return super().from_parameters(chosen, data, **options)

    # --- what the analyst sees first -----------------------------------------------------------

    def overview(self):
        """The period, the units, the targets missed: in words, then the city's scorecard."""
        from tipmonitor.present.official_draft import behind
        from tipmonitor.present.tables import HTML

        card = self.evaluation.scorecard(CITY, "period")
        missed = int(card["status"].isin(["missed", "at_risk"]).sum())
        targeted = sum(1 for _ in self.evaluation.registry.targeted())
        found = behind(self.evaluation)
        head = words.say("explore.overview", self.lang, period=self.describe_period(), units=len(self.evaluation.units),
                         missed=missed, targeted=targeted, behind=found.units)
        table = self.scorecard()
        return HTML(f"<p>{head}</p>" + table.html, head + "\n" + table.text)

    # --- the charts' data: one row per unit and quarter ------------------------------------------

    def _wide(self) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
        """The charts' data, one row per unit (and the city) and quarter, the indicators side by side under their
        position ``k`` in the registry: ``p<k>`` the rate in percent (null without data), ``s<k>`` the figure as
        printed or "no data" (null where the indicator is not the unit's duty), ``duty`` the positions of the
        unit's duties as "|0|3|". The city's target ``t<k>`` and full baseline year ``b<k>`` per quarter apart.
        With the labels of the positions."""
        from tipmonitor.model.units import load_registry
        from tipmonitor.present.views import trend_texts, unit_indicators, unit_names

        names = unit_names(self.evaluation, self.lang)
        registry = load_registry().table
        indicators = list(self.evaluation.registry.indicators)
        position = {i: str(k) for k, i in enumerate(indicators)}
        rows = self.trend[self.trend["unit"].isin(names)].copy()
        duties = {u: set(unit_indicators(self.evaluation, u)) for u in rows["unit"].unique()}
        shown, fraction = trend_texts(rows, self.lang)
        no_data = words.say("status.no_data", self.lang)
        rows["s"] = [no_data if s == "–" else (f"{s} ({f})" if f else s) for s, f in zip(shown, fraction)]
        rows["s"] = rows["s"].where([i in duties[u] for u, i in zip(rows["unit"], rows["indicator"])], None)
        rows["p"] = (rows["value"] * 100).round(2)
        rows["k"] = rows["indicator"].map(position)
        wide = rows.pivot(index=["unit", "quarter"], columns="k", values=["p", "s"])
        wide.columns = [f"{kind}{k}" for kind, k in wide.columns]
        wide = wide.reset_index()
        for column in wide.columns:  # rates as numbers (a missing one null in the chart), texts as text
            if column[0] == "p" and column[1:].isdigit():
                wide[column] = pd.to_numeric(wide[column])
            elif column[0] == "s" and column[1:].isdigit():
                wide[column] = wide[column].astype(object).where(wide[column].notna(), None)
        wide["duty"] = ["|" + "|".join(position[i] for i in indicators if i in duties[u]) + "|" for u in wide["unit"]]
        wide["unit_label"] = wide["unit"].map(names)
        wide["body_label"] = [words.say("city.whole", self.lang) if u == CITY else
                              load_bodies().name(registry.at[u, 'body'], self.lang) for u in wide["unit"]]
        city = rows[rows["unit"] == CITY].assign(t=lambda f: (f["target"] * 100).round(2),
                                                 b=lambda f: (f["baseline_year_value"] * 100).round(2))
        lines = city.pivot(index="quarter", columns="k", values=["t", "b"])
        lines.columns = [f"{kind}{k}" for kind, k in lines.columns]
        lines = lines.apply(pd.to_numeric)
        labels = {position[i]: self.evaluation.registry.indicators[i].name(self.lang, short=True) for i in indicators}
        return wide.drop(columns=["unit"]), lines.reset_index(), labels

    def _pickers(self, labels: dict[str, str], wide: pd.DataFrame):
        import altair as alt

        say = lambda key: words.say(f"explore.{key}", self.lang) + " "  # noqa: E731
        order = {i.id: k for k, i in enumerate(self.evaluation.registry.indicators.values())}
        targeted = [str(order[i.id]) for i in self.evaluation.registry.targeted()]
        ids = targeted + [k for k in labels if k not in targeted]
        indicator = alt.param(name="indicator", value=ids[0], bind=alt.binding_select(
            options=ids, labels=[labels[k] for k in ids], name=say("pick_indicator")))
        every = words.say("explore.every_body", self.lang)
        bodies = [every] + sorted(set(wide["body_label"]) - {words.say("city.whole", self.lang)})
        body = alt.param(name="body", value=every, bind=alt.binding_select(options=bodies, name=say("pick_body")))
        return indicator, body, every

    def trend_explorer(self):
        """The picked indicator by quarter: the city (black), its target (dashed) and full baseline year (dotted),
        the picked unit (blue) over the other units of the picked body whose duty it is (light grey)."""
        import altair as alt

        from tipmonitor.present.charts import figure

        wide, lines, labels = self._wide()
        indicator, body, every = self._pickers(labels, wide)
        city_label = words.say("city.whole", self.lang)
        units = sorted(set(wide["unit_label"]) - {city_label})
        none = words.say("explore.no_unit", self.lang)
        unit = alt.param(name="unit", value=none, bind=alt.binding_select(
            options=[none] + units, name=words.say("explore.pick_unit", self.lang) + " "))
        base = alt.Chart(wide).transform_calculate(
            percent="datum['p' + indicator]", shown="datum['s' + indicator]",
            duty="indexof(datum.duty, '|' + indicator + '|') >= 0")
        x = alt.X("quarter:O", title=words.say("chart.quarter", self.lang))
        y = alt.Y("percent:Q", title="%", scale=alt.Scale(domain=[0, 100], clamp=True))
        tooltip = [alt.Tooltip("unit_label:N", title=words.say("column.unit", self.lang)),
                   alt.Tooltip("quarter:O", title=words.say("chart.quarter", self.lang)),
                   alt.Tooltip("shown:N", title=words.say("column.rate", self.lang))]
        others = base.transform_filter(
            (alt.datum.unit_label != city_label) & alt.datum.duty
            & ((body == every) | (alt.datum.body_label == body))).mark_line(
            color=NEUTRAL["context"], strokeWidth=1, opacity=0.6).encode(x=x, y=y, detail="unit_label:N", tooltip=tooltip)
        picked = base.transform_filter(alt.datum.unit_label == unit).mark_line(
            color=UNIT_COLOURS[0], strokeWidth=3, point=alt.OverlayMarkDef(color=UNIT_COLOURS[0])).encode(x=x, y=y, tooltip=tooltip)
        city_line = base.transform_filter(alt.datum.unit_label == city_label).mark_line(
            color=NEUTRAL["city"], strokeWidth=3, point=alt.OverlayMarkDef(color=NEUTRAL["city"])).encode(x=x, y=y, tooltip=tooltip)
        reference = alt.Chart(lines).transform_calculate(target="datum['t' + indicator]",
                                                         baseline="datum['b' + indicator]")
        target = reference.mark_line(color=NEUTRAL["target"], strokeDash=[2, 2], strokeWidth=1.5).encode(
            x=x, y=alt.Y("target:Q"),
            tooltip=[alt.Tooltip("target:Q", title=words.say("explore.target_line", self.lang), format=".0f")])
        baseline = reference.mark_line(color=NEUTRAL["baseline"], strokeDash=[6, 3], strokeWidth=2).encode(
            x=x, y=alt.Y("baseline:Q"),
            tooltip=[alt.Tooltip("baseline:Q", title=words.say("explore.baseline_line", self.lang, year=self.baseline_year),
                                 format=".2f")])
        chart = alt.layer(others, picked, target, baseline, city_line).add_params(indicator, body, unit).properties(
            width=720, height=360, title=alt.TitleParams(
                words.say("explore.trend_title", self.lang),
                subtitle=words.say("explore.trend_subtitle", self.lang, year=self.baseline_year).split("\n")))
        return figure(chart, self.lang, "trend explorer")

    def unit_comparison(self):
        """The picked quarter and indicator: a bar per unit of the picked body whose duty it is, its figure
        written beside it (a zero is a bar at 0 with "0,00%"), "no data" written for a unit without."""
        import altair as alt

        from tipmonitor.present.charts import figure

        wide, _, labels = self._wide()
        city_label = words.say("city.whole", self.lang)
        wide = wide[wide["unit_label"] != city_label]
        indicator, body, every = self._pickers(labels, wide)
        quarters = sorted(set(wide["quarter"]))
        last = self.period.quarters()[-1].label if self.period.quarters() else quarters[-1]
        quarter = alt.param(name="quarter", value=last if last in quarters else quarters[-1], bind=alt.binding_select(
            options=quarters, name=words.say("explore.pick_quarter", self.lang) + " "))
        base = alt.Chart(wide).transform_filter(alt.datum.quarter == quarter).transform_calculate(
            percent="datum['p' + indicator]", shown="datum['s' + indicator]",
            duty="indexof(datum.duty, '|' + indicator + '|') >= 0",
            order="isValid(datum['p' + indicator]) ? datum['p' + indicator] : -1",
            at="isValid(datum['p' + indicator]) ? datum['p' + indicator] : 0").transform_filter(
            alt.datum.duty & ((body == every) | (alt.datum.body_label == body)))
        # Every layer reads the same rows (a unit without data has no bar and its words in grey), so they
        # share one sort: highest first, the units without data last.
        y = alt.Y("unit_label:N", title=None, sort=alt.EncodingSortField("order", op="max", order="descending"),
                  axis=alt.Axis(labelLimit=200))
        x = alt.X("percent:Q", title="%", scale=alt.Scale(domain=[0, 115]))
        tooltip = [alt.Tooltip("unit_label:N", title=words.say("column.unit", self.lang)),
                   alt.Tooltip("body_label:N", title=words.say("draft.column_body", self.lang)),
                   alt.Tooltip("shown:N", title=words.say("column.rate", self.lang))]
        bars = base.mark_bar(color=NEUTRAL["bars"]).encode(y=y, x=x, tooltip=tooltip)
        zero = base.mark_tick(color=NEUTRAL["bars"], thickness=2).encode(y=y, x=x, tooltip=tooltip)
        text = base.mark_text(align="left", dx=4, fontSize=11).encode(
            y=y, x=alt.X("at:Q"), text="shown:N", tooltip=tooltip,
            color=alt.condition("isValid(datum.percent)", alt.value(NEUTRAL["ink"]), alt.value(NEUTRAL["stroke"])))
        chart = alt.layer(bars, zero, text).add_params(indicator, body, quarter).properties(
            width=480, height=alt.Step(16), title=alt.TitleParams(
                words.say("explore.comparison_title", self.lang),
                subtitle=words.say("explore.comparison_subtitle", self.lang).split("\n")))
        return figure(chart, self.lang, "unit comparison")

    # --- the data behind -------------------------------------------------------------------------

    def counts(self) -> pd.DataFrame:
        """The counts of the period and its year to date, per unit and city (a DataFrame to analyse further)."""
        return self.evaluation.cube.reset_index()

    def sql(self):
        """A read-only DuckDB connection on the current data: crime_reports, cases, victims_by_case (victims
        counted per case and unit, never a victim's row), aggregates, activities, counts (the period's
        counts), kpis (the evaluation) and trend. ``db.sql("SELECT ...").df()``; a write is refused.
        None in a public edition: it has no records. Its copy of the data leaves nothing on disk
        (read_only_database)."""
        if self.threshold is not None:
            return None
        return read_only_database(self._sql_tables())

    def _sql_tables(self) -> dict[str, pd.DataFrame]:
        dataset = self.dataset
        victims = dataset.victims
        by_case = victims.groupby(["unit", "case_id"], dropna=False, observed=True).agg(
            victims=("unit", "size"), identified=("identified_date", "count"), supported=("supported_date", "count"),
            first_received=("received_date", "min"), last_supported=("supported_date", "max")).reset_index()
        drop = ["_file", "_row"]
        tables = {"crime_reports": dataset.crime_reports, "cases": dataset.cases, "victims_by_case": by_case,
                  "aggregates": dataset.aggregates, "activities": dataset.activities,
                  "counts": self.counts(), "kpis": self.evaluation.table, "trend": self.trend}
        out = {}
        for name, frame in tables.items():
            frame = frame.drop(columns=[c for c in drop if c in frame.columns]).copy()
            for column in frame.columns:
                if isinstance(frame[column].dtype, pd.CategoricalDtype):
                    frame[column] = frame[column].astype(str).where(frame[column].notna(), None)
            out[name] = frame
        return out

    def recipe_sql(self, name: str, unit: str | None = None) -> str:
        """A recipe's SQL with the period's dates and ``unit`` (default: the unit furthest behind) filled in."""
        window = self.period.window(self.rule)
        return RECIPES[name].format(unit=unit or self._default_unit(), start=window.start.isoformat(),
                                    end=window.end.isoformat())

    def recipe(self, name: str, db=None, unit: str | None = None):
        """Run a recipe (RECIPES: unresolved_reports, overdue_cases, custom_ratio) on ``db`` (default: a new handle)."""
        if self.threshold is not None:
            return self._no_records()
        db = db or self.sql()
        return db.sql(self.recipe_sql(name, unit)).df()

    def _no_records(self):
        from IPython.display import Markdown

        return Markdown(words.say("explore.public_no_records", self.lang))

    def _default_unit(self) -> str:
        lagging = self.evaluation.missing("period")
        if len(lagging):
            return str(lagging.iloc[0]["unit"])
        reports = self.dataset.crime_reports
        return str(reports["unit"].iloc[0]) if len(reports) else CITY

    def records(self, unit: str | None = None, indicator: str | None = None, scope: str = "period"):
        """The records of ``unit`` (default: the unit furthest behind) that ``indicator``'s counts draw on in the
        period (or ``scope="ytd"``): those in the indicator's stage at some day of the window. Columns are
        labelled in words; victims appear counted per case, never one by one. Units that sent aggregate
        counts have their counts listed instead."""
        from tipmonitor.model.schema import TABLES
        from tipmonitor.present.views import indicator_families

        if self.threshold is not None:
            return self._no_records()
        unit = unit or self._default_unit()
        indicator = indicator or next(iter(self.evaluation.registry.targeted())).id
        period = self.period if scope == "period" else self.period.year_to_date()
        window = period.window(self.rule)
        families = sorted(indicator_families(self.evaluation, indicator))
        parts = []
        for family in families:
            if family not in STAGES:
                continue
            table, entered, left = STAGES[family]
            frame = self._sql_tables()["victims_by_case" if table == "victims" else table]
            owner = {"procuracy": "procuracy_unit", "court": "court_unit"}.get(family)
            mine = frame["unit"] == unit
            if owner and owner in frame.columns:  # the stage's own unit; the case's unit when it names none
                mine = (frame[owner] == unit) | (frame[owner].isna() & mine)
            if table == "victims":
                entered, left = "first_received", "last_supported"
            start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
            days_in = pd.to_datetime(frame[entered]) <= end
            not_left = frame[left].isna() | (pd.to_datetime(frame[left]) >= start)
            rows = frame[mine & days_in & not_left].copy()
            labels = {f.name: words.pick(f, self.lang) for f in TABLES[table].fields}
            rows = rows.rename(columns=labels)
            rows.insert(0, words.say("explore.stage", self.lang), words.say(f"explore.stage_{family}", self.lang))
            parts.append(rows)
        aggregates = self.dataset.aggregates
        if len(aggregates):
            labels_ = {q.label for q in (period.quarters() or [period])}
            mine = aggregates[(aggregates["unit"] == unit) & aggregates["period"].astype(str).isin(labels_)
                              & aggregates["measure"].astype(str).str.split(".").str[0].isin(families)]
            if len(mine):
                parts.append(mine.drop(columns=[c for c in ("_file", "_row") if c in mine.columns]).rename(
                    columns={f.name: words.pick(f, self.lang) for f in TABLES["aggregates"].fields}))
        if not parts:
            return pd.DataFrame(columns=[words.say("explore.stage", self.lang)])
        return pd.concat(parts, ignore_index=True)
