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
