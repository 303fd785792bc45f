"""What people read (session 10, issues #24/#26's hand-over surfaces): a missing count in a sentence, the English
period labels, counts that are not whole, the audit's problem lines and its table in the reader's language."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tipmonitor.core import words


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_a_missing_count_is_written_as_no_figure_and_stops_no_sentence(missing):
    # A count with no figure reaching a {x:#} field raised ValueError and stopped the page; it reads "–", the mark
    # of no figure the legend explains (format_count's), in both languages, and takes the plural noun in English.
    assert words.say("cli.sample_loaded", "vi", path="s", count=missing) == "s: – lần nộp"
    assert words.say("cli.sample_loaded", "en", path="s", count=missing) == "s: – submissions"
    assert words.counted(missing, "unit", "units", "en") == "– units"
    # The summary's sentences read counts per measure: one missing, the sentence is written with the others.
    counts = {"investigation.intake": 12, "investigation.suspects": missing, "procuracy.resolved_indicted": 3,
              "court.resolved_tried": 1}
    text = words.say("summary.T3_discovery", "en", count=counts, change={"investigation.intake": ""},
                     fraction="10/12", rate="83.33%")
    assert text.startswith("12 new cases were initiated with – suspects; 10/12 were solved (83.33%)")


@pytest.mark.parametrize("label, en, vi", [
    ("2023-05", "May 2023", "tháng 5/2023"),
    ("2023-Q2", "Q2 2023", "Quý II/2023"),
    ("2023-H1", "the first half of 2023", "6 tháng đầu năm 2023"),
    ("2023-H2", "the second half of 2023", "6 tháng cuối năm 2023"),
    ("2026-9M", "the first nine months of 2026", "9 tháng năm 2026"),
    ("2025", "2025", "năm 2025"),
    # the official year to date ends on the 14th of its last month (15th-14th cut-off)
    ("2026-YTD09", "the year 2026 to 14/09/2026", "thời gian từ đầu năm 2026 đến 14/09/2026"),
])
def test_every_period_reads_right_inside_a_sentence(label, en, vi):
    # "In first half of 2023" lacked "the"; "In nine months of 2026" too; "In 2026 year to 14/09/2026" and
    # "Trong Từ đầu năm …" read as two labels run together.
    from tipmonitor.model import periods

    period = periods.parse(label)
    assert period.in_sentence("en") == en and period.in_sentence("vi") == vi
    assert words.say("docx.appendix_missing_empty", "en", period=period.in_sentence("en")) == \
        f"In {en}, no unit missed a target."


@pytest.mark.slow  # more than a second of CPU: make test runs it, make check leaves it out
def test_the_headline_and_the_summary_name_a_half_year_as_a_sentence_does():
    from conftest import TODAY, frame
    from fixtures import CASES, REPORTS, VICTIMS
    from tipmonitor.intake.loading import load_tables_from_text
    from tipmonitor.present.narrative import summary
    from tipmonitor.present.report import PeriodReport

    tables = {"crime_reports": REPORTS, "cases": CASES, "victims": VICTIMS}
    report = PeriodReport(load_tables_from_text({n: frame(n, r) for n, r in tables.items()}, today=TODAY), "2023-H1",
                          lang="en")
    assert summary(report.evaluation, "en").startswith("In the first half of 2023, the city received ")
    assert "In the first half of 2023, 2 units missed a target" in report.headline().text  # Hoàn Kiếm, Đống Đa
    vi = PeriodReport(report.dataset, "2023-H1")
    assert summary(vi.evaluation, "vi").startswith("6 tháng đầu năm 2023, toàn Thành phố tiếp nhận ")


def test_a_count_that_is_not_whole_keeps_its_decimals():
    from tipmonitor.core.formatting import format_count

    # format_count(2.5) printed "2" (int() cut it): a count read as exact that was not.
    assert format_count(2.5, "vi") == "2,5" and format_count(2.5, "en") == "2.5"
    assert format_count(1234.25, "vi") == "1.234,25" and format_count(0.75, "en") == "0.75"
    assert format_count(1243.0, "vi") == "1.243" and format_count(7, "en") == "7"  # whole ones as before
    assert format_count(pd.NA) == "–" and format_count(math.nan) == "–"  # pandas' NA raised TypeError


def test_the_audits_problem_lines_read_in_the_readers_language_without_codes():
    # The shapes metrics/audit.year_system records: a published number that differs from the count, and a trend
    # that shows a quarter its own edition withheld. They were English f-strings with codes in the Vietnamese output.
    from tipmonitor.present.audit_view import problem_line

    differs = ("audit.published_differs", dict(edition="2026-9M", window="2026-Q2", unit="00004",
                                               what="reports.intake", value=12.0, counted=1234))
    trend = ("audit.trend_withheld", dict(edition="2026-Q3", quarter="2026-Q2", unit="CITY", what="T2_report_resolution"))
    names = {"vi": "Giải quyết tin báo", "en": "Reports resolved"}

    def line(problem, lang):
        return problem_line(problem, lang, {"00004": "Ba Đình"}.__getitem__, {"T2_report_resolution": names[lang]}.__getitem__)

    # reports.intake's label in the data model (model/measures: "thụ lý mới trong kỳ")
    assert line(differs, "vi") == ("bản 9 tháng năm 2026: Tin báo: thụ lý mới trong kỳ của Ba Đình, Quý II/2026, "
                                   "công bố là 12 nhưng đếm được 1.234")
    # "the edition of …" (session 11): "the {edition} edition" read "the First half of 2025 edition" for a half-year
    assert line(trend, "en") == ("the edition of Q3 2026: the trend shows Reports resolved (Whole city) in Q2 2026, "
                                 "which the edition of Q2 2026 withheld")
    text = line(differs, "en") + line(trend, "vi")
    assert not any(code in text for code in ("00004", "CITY", "reports.intake", "T2_", "2026-"))


@pytest.mark.parametrize("label, en, vi", [
    ("2023-05", "In May 2023", "Tháng 5/2023"),
    ("2023-Q2", "In Q2 2023", "Quý II/2023"),
    ("2023-H1", "In the first half of 2023", "6 tháng đầu năm 2023"),
    ("2026-9M", "In the first nine months of 2026", "9 tháng năm 2026"),
    ("2025", "In 2025", "Năm 2025"),
    ("2026-YTD09", "In the year 2026 to 14/09/2026", "Từ đầu năm 2026 đến 14/09/2026"),
])
def test_every_period_reads_right_opening_a_sentence(label, en, vi):
    from tipmonitor.model import periods

    period = periods.parse(label)
    assert period.opening("en") == en and period.opening("vi") == vi
