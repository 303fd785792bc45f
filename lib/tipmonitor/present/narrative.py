"""The summary paragraph of a period report, drafted in the register of an official report.

Vietnamese by default (the analyst pastes it into the committee's report), English on
request. Every figure comes from the evaluation; the wording only chooses verbs for
increases and decreases and lists the units that lag.
"""

from __future__ import annotations

import pandas as pd

from tipmonitor.core import labels
from tipmonitor.metrics.evaluation import CITY, Evaluation
from tipmonitor.core.formatting import format_count, format_fraction, format_rate


def _change(now: float, before: float, lang: str, threshold: int | None = None) -> str:
    """" (up 12 on the same period)", or nothing where either count is unknown or, on a public report, the
    difference is itself a small number."""
    if pd.isna(before) or pd.isna(now):
        return ""
    diff = int(now) - int(before)
    if threshold is not None and abs(diff) < threshold:
        return ""
    if lang == "vi":
        if diff == 0:
            return " (bằng cùng kỳ)"
        return f" ({'tăng' if diff > 0 else 'giảm'} {format_count(abs(diff), lang)} so với cùng kỳ)"
    if diff == 0:
        return " (the same as a year earlier)"
    return f" ({'up' if diff > 0 else 'down'} {format_count(abs(diff), lang)} on the same period)"


def summary(evaluation: Evaluation, lang: str = "vi", max_units: int = 8) -> str:
    from tipmonitor.present.views import unit_names

    p = evaluation.period
    base_year = evaluation.baseline_year
    period_text = p.describe(lang, evaluation.rule)
    cube = evaluation.cube.loc[(p.label, CITY)]
    base = evaluation.base_cube.loc[(p.in_year(base_year).label, CITY)] if evaluation.base_cube is not None else None
    card = evaluation.scorecard(CITY, "period")
    names = unit_names(evaluation, lang)

    threshold = evaluation.threshold

    def count(value: float) -> str:
        if threshold is not None and pd.isna(value):
            return labels.WITHHELD_WORDS[lang].format(threshold=threshold)
        return format_count(value, lang)

    def rate(indicator: str) -> tuple[str, str, str]:
        r = card.loc[indicator]
        if r["status"] == "withheld":
            words = {"vi": ("một số nhỏ", "không công bố"), "en": ("a small number", "withheld")}[lang]
            return words[0], words[1], r["status"]
        return (format_fraction(r["numerator"], r["denominator"], lang), format_rate(r["numerator"], r["denominator"], lang),
                r["status"])

    def change(measure: str) -> str:
        return _change(cube[measure], base_of(measure), lang, threshold)

    def base_of(measure: str) -> float:
        return base.get(measure, float("nan")) if base is not None else float("nan")

    sentences = []
    if lang == "vi":
        sentences.append(
            f"{period_text}, toàn Thành phố tiếp nhận {count(cube['reports.intake'])} tố giác, tin báo, "
            f"kiến nghị khởi tố về tội phạm mua bán người{change('reports.intake')}; "
            f"đã giải quyết {rate('T2_report_resolution')[0]} tin (đạt {rate('T2_report_resolution')[1]}).")
        sentences.append(
            f"Khởi tố mới {count(cube['investigation.intake'])} vụ án"
            f"{change('investigation.intake')} với "
            f"{count(cube['investigation.suspects'])} bị can; điều tra, khám phá {rate('T3_discovery')[0]} "
            f"vụ ({rate('T3_discovery')[1]}); truy tố {count(cube['procuracy.resolved_indicted'])} vụ, "
            f"xét xử sơ thẩm {count(cube['court.resolved_tried'])} vụ.")
        sentences.append(
            f"Xác định {count(cube['victims.identified'])} nạn nhân, trong đó "
            f"{rate('T6_victim_support')[0]} đã được hỗ trợ ({rate('T6_victim_support')[1]}).")
    else:
        sentences.append(
            f"In {period_text}, the city received {count(cube['reports.intake'])} crime reports on trafficking"
            f"{change('reports.intake')} and resolved "
            f"{rate('T2_report_resolution')[0]} ({rate('T2_report_resolution')[1]}).")
        sentences.append(
            f"{count(cube['investigation.intake'])} new cases were initiated"
            f"{change('investigation.intake')} with "
            f"{count(cube['investigation.suspects'])} suspects; {rate('T3_discovery')[0]} were solved "
            f"({rate('T3_discovery')[1]}); {count(cube['procuracy.resolved_indicted'])} were indicted and "
            f"{count(cube['court.resolved_tried'])} tried at first instance.")
        sentences.append(
            f"{count(cube['victims.identified'])} victims were identified, of whom "
            f"{rate('T6_victim_support')[0]} received support ({rate('T6_victim_support')[1]}).")
    met, missed = [], []
    for indicator in evaluation.registry.targeted():
        status = card.loc[indicator.id, "status"]
        name = indicator.name(lang, short=True).lower() if lang == "en" else indicator.name(lang, short=True)
        target = evaluation.targets.by_key[indicator.target].describe(lang) if evaluation.targets else ""
        text = f"{name} ({rate(indicator.id)[1]}, {'chỉ tiêu' if lang == 'vi' else 'target'} {target})"
        if status == "met":
            met.append(text)
        elif status in ("missed", "at_risk"):
            missed.append(text)
    if evaluation.targets is None:
        sentences.append(f"Chưa có chỉ tiêu kế hoạch năm {p.year} để đánh giá." if lang == "vi"
                         else f"There are no plan targets for {p.year} to judge against.")
    else:
        if met:
            sentences.append(("Đạt chỉ tiêu Kế hoạch: " if lang == "vi" else "Targets met: ") + "; ".join(met) + ".")
        if missed:
            sentences.append(("Chưa đạt: " if lang == "vi" else "Targets missed: ") + "; ".join(missed) + ".")
    lagging = evaluation.missing("period")
    if len(lagging):
        worst = lagging.groupby("unit")["cases_needed"].sum().sort_values(ascending=False)
        listed = [names[u] for u in worst.index[:max_units]]
        more = len(worst) - len(listed)
        if lang == "vi":
            tail = f" và {more} đơn vị khác" if more > 0 else ""
            sentences.append(f"Các đơn vị còn chưa đạt chỉ tiêu: {', '.join(listed)}{tail}.")
        else:
            tail = f" and {more} more" if more > 0 else ""
            sentences.append(f"Units still missing targets: {', '.join(listed)}{tail}.")
    return " ".join(sentences)
