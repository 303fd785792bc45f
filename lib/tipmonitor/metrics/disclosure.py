"""Small-cell suppression for published outputs (audience "public").

The rule, with a threshold T (``public_threshold`` in params/city.yaml, default 10; a
run's YAML or a notebook may set a higher one, never a lower one):

1. Primary: a count below T, zero included, is withheld. A rate is withheld with its
   numerator or its denominator (so no rate is shown on a denominator below T, and no
   withheld numerator can be recomputed as rate x denominator), and with its complement:
   denominator - numerator is a count too (reports not yet resolved, victims not yet
   supported, cases still needed for a 100 % target), so a pair whose difference is
   under T is withheld (16/17 would say "1 pending"). A complement of 0 (a rate of
   100 %) does not withhold the pair: the rate itself says "none left", so hiding it
   would hide every 100 % (the plan's successes) while protecting nobody, since "no
   report left unresolved" describes no person (docs/decisions.md).
2. Complementary: the units' counts add up to the city's published total, and the
   categories of a breakdown (victims by sex...) add up to theirs. Where only one
   part of such a group is withheld it could be recovered by subtraction, so the
   smallest other part is withheld too, until no group has exactly one. Complements
   add up as well (the city's is the sum of the units'): where the withheld units'
   complements sum to a small count above 0, the city's complement minus the shown
   units' would give it, so the shown unit with the smallest complement above 0 is
   withheld too.
3. Over time: a figure covering several quarters (year to date, half year, the
   baseline year) is withheld when any quarter inside it is withheld for that unit
   and indicator, so it cannot be recovered as the sum minus quarters published in
   other reports; and when a year to date is withheld while all its earlier quarters
   were published, this quarter is withheld too, or the year to date would be their
   sum. Quarterly trends show rates only, never counts. A pair withheld for its
   complement is withheld like any other, so these rules cover complements too: the
   year to date's complement is the sum of its quarters'.

Withheld figures become NaN, their status becomes ``withheld``, and the evaluation
carries the threshold so every view can say "<T" instead of "–". Nothing is
recomputed: the protected evaluation holds a subset of the internal one's figures.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.core.memo import PerOwner
from tipmonitor.core.messages import ToldError
from tipmonitor.model import periods
from tipmonitor.metrics.evaluation import CITY, Evaluation, ranks
from tipmonitor.metrics.inputs import Inputs

WITHHELD = "withheld"

# (numerator, denominator, window column or None for the full baseline year, columns derived from the pair)
PAIRS = (
    ("numerator", "denominator", "window", ("pending", "value", "cases_needed", "rounding_note", "change_points",
                                            "change_year_points")),
    ("baseline_numerator", "baseline_denominator", "baseline_window", ("baseline_value", "change_points")),
    ("baseline_year_numerator", "baseline_year_denominator", None, ("baseline_year_value", "change_year_points")),
)


class ThresholdTooLow(ToldError, ValueError):
    """A public_threshold below the city's: a run or a notebook may withhold more than the city, never less.
    Told in the reader's language (a ToldError): ``ThresholdTooLow.of(value, city)``."""

    @classmethod
    def of(cls, value: int, city: int) -> ThresholdTooLow:
        return cls("message.settings_threshold_below_city", value=value, city=city)

    @property
    def values(self) -> dict:
        return self.text.values


class OtherRule(ToldError, ValueError):
    """A public edition cut by a rule other than the city's (params/city.yaml ``cutoff_rule``): a year's public
    editions are decided and audited under one rule, and an official and a calendar edition of one period could be
    combined by a reader (docs/security.md). Refused on every path: the run's gate (run/gate.py) and a notebook's
    report (present/report.py), whatever starts it (papermill, JupyterLab). ``OtherRule.of(period, rule, city, fix)``:
    ``fix`` says what the user of the path changes (catalogue ``run.other_rule_fix.*``): ``command`` (--rule of
    `evaluate`), ``run_file`` (`run`'s --config file), ``parameters_file`` (`tipmonitor notebook -f`), ``notebook``
    (the parameters cell, papermill's -p)."""

    @classmethod
    def of(cls, label: str, rule: str, city: str, fix: str = "command") -> OtherRule:
        from tipmonitor.core.messages import text
        from tipmonitor.model.periods import Named

        return cls("run.public_other_rule", period=Named((label,), rule), rule=rule, city=city,
                   fix=text(f"run.other_rule_fix.{fix}", city=city))


def other_rule(rule: str) -> str | None:
    """The city's cut-off rule when ``rule`` is another (a public edition under it is refused), else None."""
    from tipmonitor.model.city import city_config

    city = city_config().cutoff_rule
    return city if rule != city else None


def public_threshold(requested: int | None = None) -> int:
    """The threshold to apply: the city's (params/city.yaml), or a higher one asked for; ThresholdTooLow if lower."""
    from tipmonitor.model.city import city_config

    city = city_config().public_threshold
    if requested is None:
        return city
    if int(requested) < city:
        raise ThresholdTooLow.of(int(requested), city)
    return int(requested)


def below(values: pd.Series, threshold: int) -> pd.Series:
    """Counts 1..T-1 (missing values are not counts; 0 describes nobody): the primary rule's small counts."""
    return values.notna() & (values >= 1) & (values < threshold)


def primary_rows(frame: pd.DataFrame, numerator: str, denominator: str, threshold: int) -> pd.Series:
    """The primary rule on rates (rows with a unit, a numerator and a denominator): a unit's rate whose
    numerator, denominator or complement is a count 1..T-1; the city's counts are published
    (params/disclosure.yaml), so its rates are never withheld by the primary rule."""
    small = (below(frame[numerator], threshold) | below(frame[denominator], threshold)
             | small_gap(frame[numerator], frame[denominator], threshold))
    return small & (frame["unit"] != CITY)


def primary_cells(values: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The primary rule on a cube (rows by (window, unit), columns the measures): params/disclosure.yaml."""
    from tipmonitor.model.sensitivity import sensitivity

    is_city = (values.index.get_level_values("unit") == CITY)[:, None]
    mask = sensitivity().mask(values.to_numpy(dtype=float), is_city, list(values.columns), threshold)
    return pd.DataFrame(mask, index=values.index, columns=values.columns)


def small_gap(numerator: pd.Series, denominator: pd.Series, threshold: int) -> pd.Series:
    """The complement rule: pairs whose difference (denominator - numerator) is a count under the threshold.

    A difference of 0 (a rate of 100 %) is not withheld (module docstring); a negative one
    (a numerator above its denominator) is a count all the same, so its size is what counts.
    """
    gap = (denominator - numerator).abs()
    return gap.notna() & (gap > 0) & (gap < threshold)


def complement(withheld: pd.Series, size: pd.Series, groups: list[pd.Series], parts: pd.Series,
               gaps: pd.Series | None = None, threshold: int = 0) -> pd.Series:
    """Secondary suppression: in each group of parts adding up to a published total, never exactly one withheld.

    ``parts`` marks the rows that add up (the units, not the city row); the part added
    is the smallest by ``size``, ties broken by position, so the choice is reproducible.
    With ``gaps`` (each pair's complement, denominator - numerator), a group whose withheld
    parts' complements sum to more than 0 and less than ``threshold`` also takes the part
    with the smallest complement above 0, until the sum is 0 or at least the threshold.
    """
    withheld = withheld.copy()
    mask = parts.to_numpy(dtype=bool)
    gap = gaps.abs().astype(float).fillna(0).to_numpy() if gaps is not None else np.zeros(len(withheld))
    frame = pd.DataFrame({"withheld": withheld.to_numpy(dtype=bool), "size": size.astype(float).fillna(np.inf).to_numpy(),
                          "gap": gap, "order": np.arange(len(withheld))}, index=withheld.index)[mask]
    frame["group"] = pd.DataFrame({i: g.to_numpy()[mask] for i, g in enumerate(groups)},
                                  index=frame.index).groupby(list(range(len(groups))), sort=False, dropna=False).ngroup()
    while True:
        counts = frame.groupby("group")["withheld"].transform("sum")
        candidates = frame[(counts == 1) & ~frame["withheld"]]
        picks = candidates.sort_values(["size", "order"]).drop_duplicates("group").index
        hidden_gap = frame["gap"].where(frame["withheld"], 0.0).groupby(frame["group"]).transform("sum")
        short = frame[(hidden_gap > 0) & (hidden_gap < threshold) & ~frame["withheld"] & (frame["gap"] > 0)]
        picks = picks.union(short.sort_values(["gap", "order"]).drop_duplicates("group").index)
        if not len(picks):
            return withheld
        withheld.loc[picks] = True
        frame.loc[picks, "withheld"] = True


def protect_trend(trend: pd.DataFrame, threshold: int, forced: pd.Series | None = None,
                  decided: bool = False) -> pd.DataFrame:
    """The quarterly trend as a public edition shows it: rates only, withheld quarters blank.

    Which quarters are withheld (the ``withheld`` column) follows the rule; then every count
    is removed, shown or not: quarterly counts beside a year-to-date figure would let a reader
    add up what a complement hides. The rate stays as printed (``rate_bp``, basis points) and
    ``value`` is rounded to it.
    """
    from tipmonitor.core.formatting import basis_points

    out = trend.copy()
    withheld = primary_rows(out, "numerator", "denominator", threshold)
    if forced is not None:
        withheld = withheld | forced
    if not decided:  # ``decided``: the plan years' decisions (``forced``) already hold the complements
        withheld = complement(withheld, out["denominator"], [out["quarter"], out["indicator"]], out["unit"] != CITY,
                              out["denominator"] - out["numerator"], threshold)
    out["withheld"] = withheld
    shown = ~withheld & out["denominator"].gt(0)
    out["rate_bp"] = pd.array([basis_points(int(n), int(d)) if ok else pd.NA
                               for n, d, ok in zip(out["numerator"], out["denominator"], shown)], dtype="Int64")
    out["value"] = (out["rate_bp"].astype("Float64") / 10000).astype(float)
    out[[c for c in ("numerator", "denominator", "pending") if c in out.columns]] = np.nan
    return out


def _quarters_in(label: str) -> list[str]:
    period = periods.parse(label)
    return [q.label for q in period.quarters()] if period.kind != "quarter" else [label]


def _time_rule(rows: pd.DataFrame, windows: pd.Series, withheld_quarters: set[tuple[str, str, str]]) -> pd.Series:
    """Rows whose window contains a withheld quarter of the same unit and indicator."""
    inside = {label: _quarters_in(label) for label in windows.dropna().unique()}
    return pd.Series([any((q, u, i) in withheld_quarters for q in inside.get(w, ()))
                      for w, u, i in zip(windows, rows["unit"], rows["indicator"])], index=rows.index, dtype=bool)


def _hidden_quarters(rows: pd.DataFrame, windows: pd.Series, withheld: pd.Series) -> set[tuple[str, str, str]]:
    """Quarters this report itself withholds (its period rows that are quarters)."""
    picked = rows[withheld & windows.map(lambda w: periods.parse(w).kind == "quarter")]
    return set(zip(windows[picked.index], picked["unit"], picked["indicator"]))


def _last_quarter_rule(rows: pd.DataFrame, windows: pd.Series, withheld: pd.Series,
                       hidden: set[tuple[str, str, str]]) -> pd.Series:
    """A withheld year to date whose earlier quarters were all published (in earlier reports) would be
    their sum plus this quarter: this quarter's row is withheld too."""
    period = rows["scope"] == "period"
    ytd_rows = rows[(rows["scope"] == "ytd") & withheld]
    exposed = set()
    for index, r in ytd_rows.iterrows():
        quarters = _quarters_in(windows[index])
        if len(quarters) > 1 and not any((q, r["unit"], r["indicator"]) in hidden for q in quarters[:-1]):
            exposed.add((quarters[-1], r["unit"], r["indicator"]))
    return pd.Series([p and (w, u, i) in exposed for p, w, u, i in zip(period, windows, rows["unit"], rows["indicator"])],
                     index=rows.index, dtype=bool)


def protect_table(table: pd.DataFrame, trend: pd.DataFrame, threshold: int, baseline_year: int,
                  forced: dict[str, pd.Series] | None = None, decided: bool = False) -> pd.DataFrame:
    """The evaluation table with the rule applied to each pair of counts it shows; ``trend`` is the
    protected trend (protect_trend), whose withheld quarters the over-time rules follow; ``forced``
    (by numerator column) the rows the plan year's decision withholds (plan_year.py)."""
    out = table.copy()
    out["rounding_note"] = out["rounding_note"].astype(object)
    quarters = trend[trend["withheld"]]
    withheld_quarters = set(zip(quarters["quarter"], quarters["unit"], quarters["indicator"]))
    parts = out["unit"] != CITY
    flags = {}
    for numerator, denominator, window, derived in PAIRS:
        windows = out[window] if window else pd.Series(str(baseline_year), index=out.index)
        withheld = primary_rows(out, numerator, denominator, threshold)
        if forced is not None:
            withheld = withheld | forced[numerator]
        while not decided:  # ``decided``: the plan years' decisions (``forced``) already hold these rules
            hidden = withheld_quarters | _hidden_quarters(out, windows, withheld)
            more = withheld | _time_rule(out, windows, hidden) | _last_quarter_rule(out, windows, withheld, hidden)
            more = complement(more, out[denominator], [out["scope"], out["indicator"], windows], parts,
                              out[denominator] - out[numerator], threshold)
            if more.equals(withheld):
                break
            withheld = more
        flags[numerator] = withheld
        out.loc[withheld, [numerator, denominator, *derived]] = None  # NaN, <NA> or None by the column's type
    current = flags["numerator"]
    out["withheld"] = current
    out["baseline_withheld"] = flags["baseline_numerator"]
    out["baseline_year_withheld"] = flags["baseline_year_numerator"]
    out.loc[current, "status"] = WITHHELD
    out.loc[current, "attainable"] = False
    # A difference of two published counts, and the items still needed, can be small counts themselves.
    out["change_count"] = np.nan
    # Items still open are a count of their own: a unit's under T is protected, the city's published.
    out["pending"] = out["pending"].where(~(below(out["pending"], threshold) & (out["unit"] != CITY)))
    # Items still needed follow from the published rate and target: shown with it, withheld with it.
    out["cases_needed"] = out["cases_needed"].where(~current)
    return out


def _first_smallest(candidates: np.ndarray, size: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Along ``axis``: whether any candidate is there, and the position of the smallest candidate by ``size``,
    the first of equals (complement's choice: the smallest part, ties broken by position)."""
    key = np.where(candidates, size, np.inf)
    least = candidates & (key == key.min(axis=axis, keepdims=True))
    return np.asarray(candidates.any(axis=axis)), np.asarray(least.argmax(axis=axis))


def protect_cube(cube: pd.DataFrame, threshold: int, seed: pd.DataFrame | None = None,
                 fixed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts under the threshold blanked, with complements across units and across breakdown categories.

    ``fixed`` (cells, as ``cube``): cells settled elsewhere (a plan year's decision, which other editions publish):
    withheld as ``seed`` says, and never taken as a partner (withholding here what another edition shows hides
    nothing)."""
    if cube is None:
        return None
    values = cube.astype(float)
    withheld = primary_cells(values, threshold)
    settled = fixed.reindex_like(values).fillna(False).astype(bool) if fixed is not None \
        else pd.DataFrame(False, index=values.index, columns=values.columns)
    if seed is not None:
        withheld = withheld.where(~settled, False) | (seed.reindex_like(withheld).fillna(False).astype(bool)
                                                      & settled & values.notna())
    held, fixed_cells = withheld.to_numpy(dtype=bool).copy(), settled.to_numpy(dtype=bool)
    size = values.to_numpy(dtype=float)
    size = np.where(np.isnan(size), np.inf, size)  # a missing count is the last choice of partner
    parts = values.index.get_level_values("unit") != CITY
    window_keys = pd.factorize(values.index.get_level_values("window"), use_na_sentinel=False)[0]
    windows = [np.nonzero(parts & (window_keys == key))[0] for key in np.unique(window_keys[parts])]
    families: dict[str, list[int]] = {}
    for c, column in enumerate(values.columns):
        if "[" in column:
            families.setdefault(column.split("=")[0], []).append(c)
    while True:
        before = held.copy()
        for rows in windows:  # units adding up to the city, per window (every measure at once)
            block = held[rows]
            found, pick = _first_smallest(~block & ~fixed_cells[rows], size[rows], axis=0)
            needing = np.nonzero((block.sum(axis=0) == 1) & found)[0]
            held[rows[pick[needing]], needing] = True
        for columns in map(np.array, families.values()):  # categories adding up to the measure, per row
            block = held[:, columns]
            found, pick = _first_smallest(~block & ~fixed_cells[:, columns], size[:, columns], axis=1)
            needing = np.nonzero((block.sum(axis=1) == 1) & found)[0]
            held[needing, columns[pick[needing]]] = True
        if (held == before).all():
            break
    withheld = pd.DataFrame(held, index=values.index, columns=values.columns)
    return values.mask(withheld)


def units_missed(table: pd.DataFrame) -> dict[str, int]:
    """Per scope, how many units (not the city) missed at least one target in the internal table: a count of
    units, not of persons, so a public edition says it where it withholds which units they are."""
    rows = table[(table["unit"] != CITY) & table["status"].isin(["missed", "at_risk"])]
    return {scope: int(rows.loc[rows["scope"] == scope, "unit"].nunique()) for scope in ("period", "ytd")}


def year_units(year: int, rule: str) -> list[str]:
    """Every unit valid at some day of the plan year: the city's counts of each window are their sum, also of
    units no edition of that window shows (a district that ended mid-year; plan_year.shown_in)."""
    from tipmonitor.metrics.reform import valid_during
    from tipmonitor.model.units import load_registry

    window = periods.Period(year, "year").window(rule)
    return valid_during(load_registry().table, window.start, window.end)


def _withheld_rows(cells: dict, labels: pd.Series, units: pd.Series, indicators: pd.Series) -> pd.Series:
    """Per row: whether the plan year's decision withholds that indicator value."""
    years = {label: periods.parse(label).year for label in labels.dropna().unique()}
    return pd.Series([label in years and years[label] in cells and cells[years[label]].row(label, u, i)
                      for label, u, i in zip(labels.tolist(), units.tolist(), indicators.tolist())],  # lists: not
                     index=labels.index, dtype=bool)  # an Arrow array's element at a time


def _members_withheld(evaluation: Evaluation, cells: dict, labels: pd.Series, table: pd.DataFrame) -> pd.Series:
    """Per row: whether a baseline made of several units' counts (metrics/reform.py) has a member whose
    value the baseline year's decision withholds; showing the sum would let it be recovered."""
    out = []
    for label, unit, indicator in zip(labels.tolist(), table["unit"].tolist(), table["indicator"].tolist()):
        basis = evaluation.bases.get((unit, indicator))
        if basis is None or basis.kind == "self" or unit == CITY or not isinstance(label, str):
            out.append(False)
            continue
        year = periods.parse(label).year
        out.append(year in cells and any(cells[year].row(label, member, indicator) for member, _ in basis.members))
    return pd.Series(out, index=table.index, dtype=bool)


def _predecessors_withheld(cells: dict, trend: pd.DataFrame) -> pd.Series:
    """Per trend row drawn from a unit's predecessors (evaluation.trend): whether one of them is withheld."""
    if "predecessors" not in trend.columns:
        return pd.Series(False, index=trend.index)
    out = []
    years = {quarter: periods.parse(quarter).year for quarter in trend["quarter"].unique()}
    for quarter, indicator, members in zip(trend["quarter"].tolist(), trend["indicator"].tolist(),
                                           trend["predecessors"].tolist()):
        year = years[quarter]
        out.append(bool(members) and year in cells
                   and any(cells[year].row(quarter, m, indicator) for m in members.split(" + ")))
    return pd.Series(out, index=trend.index, dtype=bool)


_DECISIONS = PerOwner(limit=65)  # dataset -> {(year, last, rule, threshold, baseline): YearCells}, freed with it


def year_decision(inputs: Inputs, year: int, last: int, rule: str, threshold: int, registry, baseline: bool = False):
    """The plan year's decision (plan_year.decide) up to quarter ``last``, once per data, year and threshold.

    Every edition of the year, and every later edition's trend, reads this one decision, so no edition adds
    to what another hides. A quarter's cells depend only on the windows ending by that quarter, so the
    decision up to a later quarter holds the same cells for the earlier ones (an earlier edition, on the same
    data, withheld the same)."""
    from tipmonitor.metrics.plan_year import decide, shown_in, span_cube

    def compute():
        if baseline:
            cube = span_cube(inputs.data, year, last, year_units(year, rule), rule, inputs.baseline.table)
            return decide(cube, year, registry, threshold)
        from tipmonitor.metrics.unit_status import decide_statuses

        cube = span_cube(inputs.data, year, last, year_units(year, rule), rule)
        cells = decide(cube, year, registry, threshold, shown=shown_in(year, rule))
        cells.statuses = decide_statuses(cells, registry, inputs.targets.of(year), threshold, shown_in(year, rule))
        return cells

    return _DECISIONS.get(inputs.data, (year, last, rule, threshold, baseline), compute)


def _plan_year_protect(evaluation: Evaluation, trend: pd.DataFrame, threshold: int, inputs: Inputs):
    """The table, trend and cubes under the plan year's decisions (plan_year.py): the period's year, the
    baseline year and every year the trend shows, each decided once (year_decision)."""
    from tipmonitor.store.sources import data_as_of

    period, rule = evaluation.period, evaluation.rule
    as_of = data_as_of(inputs.data)
    years = {periods.parse(q).year for q in trend["quarter"].unique()} | {period.year}
    cells = {}
    for year in sorted(years - {evaluation.baseline_year}):
        last = period.months[1] // 3 if year == period.year else \
            max([q for q in range(1, 5) if periods.Period(year, "quarter", q).window(rule).end <= as_of], default=0)
        if last:
            cells[year] = year_decision(inputs, year, last, rule, threshold, evaluation.registry)
    cells[evaluation.baseline_year] = year_decision(inputs, evaluation.baseline_year, 4, rule, threshold,
                                                    evaluation.registry, baseline=True)
    public_trend = protect_trend(trend, threshold, _withheld_rows(cells, trend["quarter"], trend["unit"], trend["indicator"])
                                 | _predecessors_withheld(cells, trend), decided=True)
    table = evaluation.table
    year_labels = pd.Series(str(evaluation.baseline_year), index=table.index)
    forced = {numerator: _withheld_rows(cells, table[window] if window else year_labels, table["unit"],
                                        table["indicator"]) for numerator, _, window, _ in PAIRS}
    for numerator, _, window, _ in PAIRS[1:]:
        forced[numerator] |= _members_withheld(evaluation, cells, table[window] if window else year_labels, table)
    public = protect_table(table, public_trend, threshold, evaluation.baseline_year, forced, decided=True)
    return with_statuses(public, table, cells), public_trend, cells


def with_statuses(public: pd.DataFrame, table: pd.DataFrame, cells: dict) -> pd.DataFrame:
    """The public table with the units' statuses the plan years' decisions publish without their counts
    (metrics/unit_status.py): a withheld row keeps ``withheld`` (its counts and rate stay blank) and gets back its
    internal status (met, missed, at risk or no data)."""
    from tipmonitor.metrics.unit_status import status_published

    years = {label: periods.parse(label).year for label in table["window"].dropna().unique()}
    status = public["status"].reindex(table.index).tolist()
    shown = pd.Series([s == WITHHELD and years.get(w) in cells and status_published(cells[years[w]], w, u, k)
                       for s, w, u, k in zip(status, table["window"].tolist(), table["unit"].tolist(),
                                             table["indicator"].tolist())],
                      index=table.index, dtype=bool)
    public.loc[shown, "status"] = table.loc[shown, "status"]
    # whether a target within reach (t <= 1: every higher-is-better target) says nothing of the counts
    public.loc[shown, "attainable"] = table.loc[shown, "attainable"]
    return public


def _own_baseline(evaluation: Evaluation):
    """``own(unit, column)``: whether a unit's baseline count of that column is its own count of the baseline year (its
    basis "self" for every indicator of the column's stage), not a sum through predecessors (metrics/reform.py)."""
    from tipmonitor.metrics.reform import family

    stages: dict[str, list[str]] = {}
    for indicator in evaluation.registry.indicators.values():
        for measure in dict.fromkeys(indicator.numerator.measures + indicator.denominator.measures):
            stages.setdefault(family(measure), []).append(indicator.id)

    held: dict[tuple[str, str], bool] = {}

    def own(unit: str, column: str) -> bool:
        key = (unit, family(column))
        if key not in held:
            bases = [evaluation.bases.get((unit, i)) for i in stages.get(key[1], [])]
            held[key] = unit == CITY or all(b is None or (b.kind == "self" and tuple(b.members) == ((unit, 1.0),))
                                            for b in bases)
        return held[key]
    return own


def _given_by_the_window(values: pd.DataFrame, withheld: pd.DataFrame, free: pd.DataFrame) -> pd.DataFrame:
    """The free (not settled) withheld unit cells that their window's other shown numbers give exactly: the only
    withheld part of its window and measure under a shown city total, every other unit's count shown or none. No
    partner can be taken (every other count is settled, shown by other editions), so "*" would claim a protection
    that is not there: it is shown. On the sample: the city police's 2022 investigation counts in a post-reform
    edition, the whole city's stage (its predecessors the district police), which every edition shows as the city's."""
    units = values.index.get_level_values("unit") != CITY
    out = pd.DataFrame(False, index=values.index, columns=values.columns)
    for window in values.index.get_level_values("window").unique():
        rows = values.index.get_level_values("window") == window
        city = rows & ~units
        if not city.any():
            continue
        part = rows & units
        hidden = withheld[part] & values[part].notna()
        single = (hidden.sum(axis=0) == 1) & ~withheld[city].iloc[0] & values[city].notna().iloc[0]
        for column in single.index[single]:
            row = hidden.index[hidden[column]][0]
            out.loc[row, column] = bool(free.loc[row, column])
    return out


def _mask_cube(cube: pd.DataFrame | None, cells: dict, threshold: int, own=None
               ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The cube with the plan year's withheld cells blanked, and which cells are withheld (the decision's mask
    with the primary rule, not "is NaN": a count nobody sent is missing, not withheld). A window the decision
    does not cover (a month; a baseline window's units the year's decision does not know) is protected by the
    per-window rule (protect_cube) run over every row of its window, the covered ones and the city's included:
    its groups are per window, so other windows change nothing, but a part of a window alone would lose the
    units-to-city group (cold review, session 8: 2022-Q3's city police came back as the city less zeros)."""
    if cube is None:
        return None, None
    values = cube.astype(float)
    withheld = primary_cells(values, threshold)
    # A cell is settled by a decision when the decision covers its window and unit and the cell is the unit's own
    # count (``own``): a successor's baseline through its predecessors is another number (01-PC02's 2022
    # investigation counts in a post-reform edition are the district police's too), protected here like an uncovered one.
    # Row by row on arrays (a .loc assignment per row was a fifth of a public edition's CPU), then framed once.
    columns = list(values.columns)
    settled_rows = np.zeros(values.shape, dtype=bool)
    withheld_rows = withheld.to_numpy(dtype=bool, copy=True)
    years = {label: periods.parse(label).year for label in values.index.get_level_values(0).unique()}
    # per year: each of the cube's columns' position among the decision's (-1: a column the decision does not hold)
    where = {year: np.array([year_cells.columns.index(c) if c in year_cells.columns else -1 for c in columns])
             for year, year_cells in cells.items()}
    owned: dict[str, np.ndarray] = {}  # per unit: which columns are its own counts (``own``)
    uncovered = []
    for r, (label, unit) in enumerate(values.index):
        year = years[label]
        decided = cells[year].counts_withheld(label, unit) if year in cells else None
        if decided is None:
            uncovered.append((label, unit))
            continue
        if unit not in owned:
            owned[unit] = np.array([own is None or own(unit, c) for c in columns], dtype=bool)
        mine = owned[unit]
        if not mine.all():
            uncovered.append((label, unit))
        settled_rows[r] = mine
        position = where[year]
        withheld_rows[r] |= np.where(position >= 0, decided[position], False) & mine
    settled = pd.DataFrame(settled_rows, index=values.index, columns=values.columns)
    withheld = pd.DataFrame(withheld_rows, index=values.index, columns=values.columns)
    if uncovered:  # protected by the per-window rule over the whole of each window holding one (its city too)
        windows = {label for label, _ in uncovered}
        whole = values[values.index.get_level_values(0).isin(windows)]
        # the settled cells as the decision withholds them (other editions publish them so), partners among the others
        rule = protect_cube(whole, threshold, seed=withheld.loc[whole.index], fixed=settled.loc[whole.index])
        hidden = rule.isna() & whole.notna()
        free = ~settled.loc[whole.index]
        withheld.loc[whole.index] = withheld.loc[whole.index].where(~free, hidden)
        withheld.loc[whole.index] &= ~_given_by_the_window(whole, withheld.loc[whole.index], free)
    withheld &= values.notna()
    return values.mask(withheld), withheld


def protect(evaluation: Evaluation, trend: pd.DataFrame, threshold: int, inputs: Inputs | None = None
            ) -> tuple[Evaluation, pd.DataFrame]:
    """The public versions of an evaluation and its trend. With the evaluation's ``inputs`` (as every report passes),
    the plan year's decision (plan_year.py) covers every window of the year's editions; without it, the
    rule is applied to this evaluation's windows alone."""
    if threshold < 1:
        raise ValueError(words.say("report.bad_threshold", value=threshold))
    if inputs is not None:
        table, public_trend, cells = _plan_year_protect(evaluation, trend, threshold, inputs)
        (cube, cube_withheld), (base_cube, base_withheld) = (_mask_cube(evaluation.cube, cells, threshold),
                                                             _mask_cube(evaluation.base_cube, cells, threshold,
                                                                        _own_baseline(evaluation)))
    else:
        public_trend = protect_trend(trend, threshold)
        table = protect_table(evaluation.table, public_trend, threshold, evaluation.baseline_year)
        cube, base_cube = protect_cube(evaluation.cube, threshold), protect_cube(evaluation.base_cube, threshold)
        cube_withheld = None if cube is None else cube.isna() & evaluation.cube.notna()
        base_withheld = None if base_cube is None else base_cube.isna() & evaluation.base_cube.notna()
    table["rank"], table["ranked"] = ranks(table, evaluation.registry)
    table.attrs["units_missed"] = units_missed(evaluation.table)
    year_value = table.drop_duplicates(["unit", "indicator"]).set_index(["unit", "indicator"])["baseline_year_value"]
    year_values = dict(zip(year_value.index, year_value.to_numpy()))
    public_trend["baseline_year_value"] = [year_values.get((u, i), np.nan)
                                           for u, i in zip(public_trend["unit"].tolist(), public_trend["indicator"].tolist())]
    protected = replace(evaluation, table=table, cube=cube, base_cube=base_cube, threshold=threshold,
                        cube_withheld=cube_withheld, base_cube_withheld=base_withheld)
    return protected, public_trend
