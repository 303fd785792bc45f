"""Tidy tables for the report's charts and tables, with the labels users read.

Each function turns an Evaluation (or the trend) into one DataFrame that a chart
or table shows as it is; they hold no arithmetic of their own beyond picking and
labelling, so what is shown is what the evaluation computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tipmonitor.core import words
from tipmonitor.present.status import SYMBOL, TEXT_COLOUR, WORST_FIRST, counts_withheld, marked_status, status_label
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.core.formatting import WITHHELD_MARK, format_basis_points, format_count, format_fraction, format_needed, format_rate


def unit_names(evaluation: Evaluation, lang: str = "vi") -> dict[str, str]:
    from tipmonitor.model.units import load_registry

    registry = load_registry()
    names = {u: registry.name(u, lang) for u in evaluation.units}
    names[CITY] = words.say("city.whole", lang)
    return names


def unit_page(unit: str) -> str | None:
    """The address of a unit's page in a report folder (run/publish.py names them so); None for the city."""
    return None if unit == CITY else f"unit_profile-{unit}.html"


def indicator_families(evaluation: Evaluation, indicator: str) -> set[str]:
    """The measure families (params/bodies.yaml) an indicator's numerator and denominator are counted from."""
    spec = evaluation.registry.indicators[indicator]
    return {m.split(".", 1)[0] for m in spec.numerator.measures + spec.denominator.measures}


def unit_indicators(evaluation: Evaluation, unit: str) -> list[str]:
    """The indicators that are a unit's duty: those counted from the measure families its body reports
    (params/bodies.yaml, less what it handed over) at the period's end; every indicator for the city, or for a
    unit the registry does not know then."""
    from tipmonitor.model.units import load_registry

    every = list(evaluation.registry.indicators)
    if unit == CITY:
        return every
    families = set(load_registry().families(unit, evaluation.period.window(evaluation.rule).end))
    if not families:
        return every
    return [i for i in every if indicator_families(evaluation, i) <= families]


def heatmap_cells(evaluation: Evaluation, lang: str = "vi", scope: str = "period") -> pd.DataFrame:
    """Unit x targeted indicator: status, its label, and "✘ 3/7" written in the cell."""
    targeted = [i.id for i in evaluation.registry.targeted()]
    t = evaluation.table
    rows = t[(t["scope"] == scope) & t["indicator"].isin(targeted)].copy()
    names = unit_names(evaluation, lang)
    rows["unit_label"] = rows["unit"].map(names)
    rows["indicator_label"] = rows["indicator"].map(lambda i: evaluation.registry.indicators[i].name(lang, short=True))
    rows["status_label"] = rows["status"].map(lambda s: status_label(s, lang))
    hidden = [counts_withheld(r) for r in rows[["status"] + (["withheld"] if "withheld" in rows else [])].to_dict("records")]
    rows["cell_text"] = [
        SYMBOL[s] if s in ("no_data", "withheld") else f"{SYMBOL[s]} {WITHHELD_MARK if h else format_fraction(n, d, lang)}"
        for s, n, d, h in zip(rows["status"], rows["numerator"], rows["denominator"], hidden)]
    rows["text_colour"] = rows["status"].map(TEXT_COLOUR)
    from tipmonitor.core.text import sort_key

    order = {u: i for i, u in enumerate([CITY] + sorted(evaluation.units, key=lambda u: sort_key(names[u])))}
    rows["order"] = rows["unit"].map(order)
    rows["indicator_order"] = rows["indicator"].map({i: k for k, i in enumerate(targeted)})
    rows = rows.sort_values(["order", "indicator_order"])
    return rows[["unit", "unit_label", "indicator", "indicator_label", "status", "status_label", "numerator",
                 "denominator", "cell_text", "text_colour"]].reset_index(drop=True)


def overall_status(evaluation: Evaluation, scope: str = "period") -> pd.Series:
    """Per unit, the worst status over the targeted indicators that have data."""
    targeted = [i.id for i in evaluation.registry.targeted()]
    t = evaluation.table
    rows = t[(t["scope"] == scope) & t["indicator"].isin(targeted)]
    rank = {s: i for i, s in enumerate(WORST_FIRST)}
    return rows.groupby("unit")["status"].agg(lambda s: min(s, key=lambda status: rank[status]))


def withheld_counts(evaluation: Evaluation, window: str, unit: str = CITY, base: bool = False) -> pd.Series:
    """Per measure of one (window, unit) of the cube (``base``: of the baseline cube): whether a public edition
    withholds it (the decision's mask, Evaluation.cube_withheld); all False internally or where not covered.
    A count missing from a public cube but not withheld is a count nobody sent: "–", never the withheld mark."""
    cube = evaluation.base_cube if base else evaluation.cube
    mask = evaluation.base_cube_withheld if base else evaluation.cube_withheld
    if mask is None or (window, unit) not in mask.index:
        return pd.Series(False, index=cube.columns)
    return mask.loc[(window, unit)].reindex(cube.columns, fill_value=False).astype(bool)


def map_points(evaluation: Evaluation, lang: str = "vi", scope: str = "period") -> pd.DataFrame:
    """Units with a centroid: caseload (new reports and cases in the period), overall status, targets missed."""
    from tipmonitor.model.units import load_registry

    registry = load_registry()
    window = evaluation.period.label if scope == "period" else evaluation.period.year_to_date().label
    cube = evaluation.cube.xs(window, level="window")
    names = unit_names(evaluation, lang)
    status = overall_status(evaluation, scope)
    t = evaluation.table
    missed = t[(t["scope"] == scope) & t["status"].isin(["missed", "at_risk"])]
    missed_list = missed.groupby("unit")["indicator"].agg(
        lambda ids: ", ".join(evaluation.registry.indicators[i].name(lang, short=True) for i in ids))
    rows = []
    for unit in evaluation.units:
        info = registry.table.loc[unit]
        if info["level"] == "city":  # agencies sit at the city's centre: not a place on the map
            continue
        caseload = cube.loc[unit, "reports.intake"] + cube.loc[unit, "investigation.intake"]
        # withheld because the decision says so (a unit that sent nothing is drawn as 0, as internally)
        withheld = bool(withheld_counts(evaluation, window, unit)[["reports.intake", "investigation.intake"]].any())
        s = status.get(unit, "no_data")
        rows.append({"unit": unit, "unit_label": names[unit], "lat": info["lat"], "lon": info["lon"],
                     "caseload": np.nan if withheld else float(np.nan_to_num(caseload)), "withheld": withheld,
                     "status": s, "status_label": status_label(s, lang),
                     "label_with_symbol": f"{SYMBOL[s]} {names[unit]}",
                     "missed_list": missed_list.get(unit, "")})
    return pd.DataFrame(rows)


MAP_SIZE = (620, 520)  # the map's drawing area in pixels (width, height)
MAP_FONT = 9  # label size in pixels
NAMED_ON_MAP = 40  # up to this many units every one is named; beyond, only those that missed a target


def map_layout(points: pd.DataFrame, size: tuple[int, int] = MAP_SIZE, font: int = MAP_FONT,
               char_width: float = 0.62) -> pd.DataFrame:
    """Where each unit and its label go on the map, in pixels, so that no two labels collide.

    Mercator from the centroids, fitted to ``size`` (aspect kept, a margin for the labels). Up to ``NAMED_ON_MAP``
    units every one is named, else only those that missed a target or are at risk (what the committee acts on),
    the furthest behind first (largest caseload first). Each label tries eight places around its circle (right,
    left, above, below, then the corners) and takes the first that overlaps no label already placed, no named
    circle and stays inside the map; a label with no free place is left out (the unit keeps its circle and tooltip,
    and the table names it). Text widths are over-estimated (``char_width`` x font per character) so a real glyph
    run is never wider than its box. Adds x, y, radius, label_x, label_y (the label's left edge and middle) and
    labelled."""
    import math

    width, height = size
    out = points.copy()
    if not len(out):
        return out.assign(x=[], y=[], radius=[], label_x=[], label_y=[], labelled=[])
    lon = out["lon"].astype(float)
    lat = out["lat"].astype(float).map(lambda v: math.log(math.tan(math.pi / 4 + math.radians(v) / 2)))
    lon = lon.map(math.radians)
    margin = 12
    span_x, span_y = max(lon.max() - lon.min(), 1e-9), max(lat.max() - lat.min(), 1e-9)
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    out["x"] = margin + (lon - lon.min()) * scale + ((width - 2 * margin) - span_x * scale) / 2
    out["y"] = margin + (lat.max() - lat) * scale + ((height - 2 * margin) - span_y * scale) / 2
    load = out["caseload"].fillna(0).astype(float)
    top = max(float(load.max()), 1.0)
    out["radius"] = (30 + (900 - 30) * load / top).map(lambda area: math.sqrt(area / math.pi))  # the size scale's range
    named = out.index if len(out) <= NAMED_ON_MAP else out.index[out["status"].isin(["missed", "at_risk"])]
    order = out.loc[named].assign(_rank=out.loc[named, "status"].map({"missed": 0, "at_risk": 1}).fillna(2)).sort_values(
        ["_rank", "caseload"], ascending=[True, False], kind="stable").index
    boxes: list[tuple[float, float, float, float]] = [
        (r.x - r.radius, r.y - r.radius, r.x + r.radius, r.y + r.radius) for r in out.loc[named].itertuples()]
    out["label_x"], out["label_y"], out["labelled"] = float("nan"), float("nan"), False

    def free(box):
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
            return False
        return all(x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0 for a0, b0, a1, b1 in boxes)

    for index in order:
        r = out.loc[index]
        w, h, gap = len(str(r["label_with_symbol"])) * font * char_width, font + 3, r["radius"] + 2
        own = (r["x"] - r["radius"], r["y"] - r["radius"], r["x"] + r["radius"], r["y"] + r["radius"])
        boxes.remove(own)  # a label never covers another named circle, and may touch its own
        for dx, dy in ((gap, 0), (-gap - w, 0), (-w / 2, -gap - h / 2), (-w / 2, gap + h / 2),
                       (gap * 0.7, -gap * 0.7 - h / 2), (-gap * 0.7 - w, -gap * 0.7 - h / 2),
                       (gap * 0.7, gap * 0.7 + h / 2), (-gap * 0.7 - w, gap * 0.7 + h / 2)):
            left, middle = r["x"] + dx, r["y"] + dy
            box = (left, middle - h / 2, left + w, middle + h / 2)
            if free(box):
                boxes.append(box)
                out.loc[index, ["label_x", "label_y", "labelled"]] = [left, middle, True]
                break
        boxes.append(own)
    return out


def missing_table(evaluation: Evaluation, lang: str = "vi", scope: str = "period") -> pd.DataFrame:
    """Units missing a target, furthest first: unit, indicator, result, target, status, still needed."""
    names = unit_names(evaluation, lang)
    rows = []
    for r in evaluation.missing(scope).itertuples(index=False):
        indicator = evaluation.registry.indicators[r.indicator]
        assert evaluation.targets is not None and indicator.target is not None  # a missed target has both
        target = evaluation.targets.by_key[indicator.target]
        rows.append({
            "unit": r.unit, "indicator": r.indicator, "status": r.status,
            "cases_needed": None if pd.isna(r.cases_needed) else int(r.cases_needed),
            words.say("column.unit", lang): names[r.unit],
            words.say("column.indicator", lang): indicator.name(lang, short=True),
            words.say("column.fraction", lang): format_fraction(r.numerator, r.denominator, lang),
            words.say("column.rate", lang): format_rate(r.numerator, r.denominator, lang),
            words.say("column.target", lang): target.describe(lang),
            words.say("column.status", lang): marked_status(r.status, lang),
            words.say("column.cases_needed", lang): format_needed(r.cases_needed, lang, evaluation.threshold),
        })
    return pd.DataFrame(rows)


def trend_lines(trend: pd.DataFrame, evaluation: Evaluation, lang: str = "vi", units: list[str] | None = None,
                targeted_only: bool = True, baseline_of: str = CITY) -> pd.DataFrame:
    """The trend of the city (and chosen units) in percent, with the target and the full baseline
    year of ``baseline_of`` (the city, or the unit a profile is about) as lines, for trend_chart."""
    names = unit_names(evaluation, lang)
    series = [CITY] + list(units or [])
    rows = trend[trend["unit"].isin(series)].copy()
    if targeted_only:
        rows = rows[rows["indicator"].isin([i.id for i in evaluation.registry.targeted()])]
    rows["series_label"] = rows["unit"].map(names)
    if "predecessors" in rows.columns:
        rows["series_label"], rows["change_label"] = _lineage_labels(rows, names, lang)
    rows["indicator_label"] = rows["indicator"].map(lambda i: evaluation.registry.indicators[i].name(lang, short=True))
    rows["percent"] = rows["value"] * 100
    rows["target_percent"] = rows["target"] * 100
    rows["baseline_percent"] = rows["baseline_year_value"] * 100
    rows["shown"], rows["fraction"] = trend_texts(rows, lang)
    rows["baseline_percent"] = rows["baseline_percent"].where(rows["unit"] == baseline_of)
    return rows.reset_index(drop=True)


def _lineage_labels(rows: pd.DataFrame, names: dict[str, str], lang: str) -> tuple[list[str], list[str | None]]:
    """A unit's quarters before it existed form their own (dashed) line, named after its predecessors;
    its first own quarter after them carries the words of the change, for the rule drawn there."""
    from tipmonitor.model.units import every_province

    registry = every_province()
    lineage: dict[str, str] = {}  # each unit's predecessors as its last row names them: named once, not once a row
    for u, p in zip(rows["unit"], rows["predecessors"]):
        if p:
            lineage[u] = p
    before = {u: " + ".join(registry.name(m, lang) for m in p.split(" + ")) for u, p in lineage.items()}
    line = {u: words.say("chart.predecessors_line", lang, units=units) for u, units in before.items()}
    labels, changes = [], []
    ordered = rows.sort_values("quarter", kind="stable")
    first_own = {}
    for unit, quarter, predecessors in zip(ordered["unit"], ordered["quarter"], ordered["predecessors"]):
        if unit in before and not predecessors and unit not in first_own:
            first_own[unit] = quarter
    for unit, quarter, predecessors in zip(rows["unit"], rows["quarter"], rows["predecessors"]):
        labels.append(line[unit] if predecessors else names.get(unit, unit))
        changes.append(words.say("chart.change", lang, unit=names.get(unit, unit), units=before[unit])
                       if first_own.get(unit) == quarter else None)
    return labels, changes


def trend_texts(rows: pd.DataFrame, lang: str = "vi") -> tuple[list[str], list[str]]:
    """Each trend row's rate and fraction as printed; a public trend has rates only (disclosure.py)."""
    if "rate_bp" in rows.columns:
        shown = [WITHHELD_MARK if h else ("–" if pd.isna(bp) else format_basis_points(int(bp), lang))
                 for bp, h in zip(rows["rate_bp"], rows["withheld"])]
        return shown, [WITHHELD_MARK if h else "" for h in rows["withheld"]]
    return ([format_rate(n, d, lang) for n, d in zip(rows["numerator"], rows["denominator"])],
            [format_fraction(n, d, lang) for n, d in zip(rows["numerator"], rows["denominator"])])


# The measures along the pipeline, in order; their labels are the catalogue's "stage.<measure>".
PIPELINE_STAGES = ["reports.intake", "reports.resolved", "reports.resolved_initiate", "investigation.intake",
                   "investigation.intake_solved", "procuracy.resolved_indicted", "court.resolved_tried",
                   "victims.identified", "victims.identified_supported"]


def pipeline_stages(evaluation: Evaluation, lang: str = "vi", unit: str = CITY) -> pd.DataFrame:
    """City counts along the pipeline for the period and the same period of the baseline year."""
    period = evaluation.period
    base_label = period.in_year(evaluation.baseline_year).label
    rows = []
    for window, cube, label, base in ((period.label, evaluation.cube, period.describe(lang, evaluation.rule), False),
                                      (base_label, evaluation.base_cube,
                                       period.in_year(evaluation.baseline_year).describe(lang, evaluation.rule), True)):
        values = cube.loc[(window, unit)]
        hidden = withheld_counts(evaluation, window, unit, base)
        for measure in PIPELINE_STAGES:
            count = values.get(measure, np.nan)
            withheld = bool(hidden.get(measure, False))
            rows.append({"window": window, "window_label": label, "measure": measure, "stage_label": words.say(f"stage.{measure}", lang),
                         "count": None if pd.isna(count) else int(count),
                         "label": (WITHHELD_MARK if withheld else
                                   "" if pd.isna(count) else format_count(count, lang))})
    return pd.DataFrame(rows)


def distribution(evaluation: Evaluation, key: str, lang: str = "vi", unit: str = CITY) -> pd.DataFrame:
    """A distribution of the registry (victims by sex...) for the period: category, count, share."""
    from tipmonitor.model.measures import RECEIVED_STATUSES
    from tipmonitor.model.schema import CASES, CRIME_REPORTS, SUPPORT_KINDS, VICTIMS, Choice

    spec = evaluation.registry.distributions[key]
    values = evaluation.cube.loc[(evaluation.period.label, unit)]
    prefix = f"{spec.measure}[{spec.dimension}="
    counts = {m[len(prefix):-1]: v for m, v in values.items() if m.startswith(prefix) and not pd.isna(v) and v > 0}
    # a public edition's withheld categories are listed with the mark, so none reads as zero (#26, session 7): those
    # the decision withholds, not every NaN (a category nobody sent is not withheld: session 8)
    hidden = withheld_counts(evaluation, evaluation.period.label, unit)
    withheld = [m[len(prefix):-1] for m in values.index if m.startswith(prefix) and hidden.get(m, False)]
    choices = {}
    if spec.dimension == "support_kind":
        choices = {c.code: c for c in SUPPORT_KINDS}
    elif spec.dimension == "status":
        choices = {code: Choice(code, vi, en) for code, (vi, en) in RECEIVED_STATUSES.items()}
    else:
        for table in (VICTIMS, CASES, CRIME_REPORTS):
            if spec.dimension in table.columns:
                choices = {c.code: c for c in table.field(spec.dimension).choices}
                break
    total = sum(counts.values())
    if evaluation.threshold is not None:  # withheld categories are missing from the sum, not from the whole
        total = values.get(spec.measure, np.nan)
    rows = []
    for code, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        choice = choices.get(code)
        label = words.pick(choice, lang) if choice else code
        share = format_rate(count, total, lang) if spec.dimension != "support_kind" else ""
        rows.append({"category": code, "category_label": label, "count": int(count),
                     "share_label": share, "text": f"{int(count)}" + (f" ({share})" if share else "")})
    for code in withheld:
        choice = choices.get(code)
        rows.append({"category": code, "category_label": words.pick(choice, lang) if choice else code, "count": None,
                     "share_label": "", "text": WITHHELD_MARK})
    return pd.DataFrame(rows, columns=["category", "category_label", "count", "share_label", "text"])


def law_2024_counts(evaluation: Evaluation, lang: str = "vi", unit: str = CITY) -> pd.DataFrame:
    """The 2024 Law's counts of persons (#29) for the period: persons being identified, those found not to be
    victims, support while being identified, accompanying children; a withheld count (public) as the threshold's mark."""
    from tipmonitor.model.measures import LAW_2024_MEASURES

    values = evaluation.cube.loc[(evaluation.period.label, unit)]
    hidden = withheld_counts(evaluation, evaluation.period.label, unit)
    rows = []
    for measure in LAW_2024_MEASURES:
        count = values.get(measure.id, np.nan)
        withheld = bool(hidden.get(measure.id, False))
        rows.append({"measure": measure.id, "label": words.pick(words.pair(measure.vi, measure.en), lang),
                     "count": None if pd.isna(count) else int(count),
                     "text": (WITHHELD_MARK if withheld else
                              "" if pd.isna(count) else format_count(count, lang))})
    return pd.DataFrame(rows, columns=["measure", "label", "count", "text"])
