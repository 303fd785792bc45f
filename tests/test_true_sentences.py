"""Sentences a page states that must stay true of the page they stand on (hostile user, session 11)."""

from datetime import datetime

import pytest

from tipmonitor.core import words
from tipmonitor.core.formatting import WITHHELD_MARK
from tipmonitor.model.periods import parse
from tipmonitor.run.runner import load_config, recorded_settings

REPORTS = [{"report_id": f"R{i}", "unit": "002", "kind": "report", "received_date": "2023-04-20"} for i in range(3)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_public_page_does_not_say_every_rate_shows_its_numerator_and_denominator(dataset_of, lang):
    # A public edition's tables show «*» where a count is withheld: "always show numerator/denominator" is false
    # there (period_report.html and every public unit page said it).
    from tipmonitor.present.report import PeriodReport, UnitProfile

    dataset = dataset_of(reports=REPORTS)
    internal_sentence = words.say("report.rates", lang)
    public = [PeriodReport(dataset, "2023-Q2", lang=lang, audience="public"),
              UnitProfile(dataset, "2023-Q2", "002", lang=lang, audience="public")]
    for page in public:
        text = page.method_note().data
        assert internal_sentence not in text
        assert words.say("report.rates_public", lang, mark=WITHHELD_MARK) in text
    assert internal_sentence in PeriodReport(dataset, "2023-Q2", lang=lang).method_note().data


def test_the_manifest_records_the_units_run_and_a_public_editions_threshold():
    # A `--units 002` run recorded "units": "all"; a public edition "public_threshold": null, not the 10 it used.
    from tipmonitor.run.publish import manifest

    config = load_config(audience="public", data="data/sample", notebooks=[{"name": "period_report", "per": "period"}])
    recorded = recorded_settings(config, ["002"], 10)
    made = manifest(parse("2024-Q4"), recorded, [], datetime(2026, 1, 1), datetime(2026, 1, 1), recorded)
    assert made["parameters"]["units"] == ["002"] and made["parameters"]["public_threshold"] == 10
    internal = recorded_settings(load_config(), None, None)
    assert internal.units == "all" and internal.public_threshold is None
