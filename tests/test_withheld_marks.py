"""A public view marks a count withheld because the year's decision withholds it, not because it is missing
(cold review, session 8): a category nobody sent is "–"/absent, never "*"; a withheld one is "*" (views.withheld_counts)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from tipmonitor.core.formatting import WITHHELD_MARK
from tipmonitor.metrics.evaluation import CITY
from tipmonitor.metrics.registry import load_registry
from tipmonitor.model.periods import Period
from tipmonitor.present.views import distribution, withheld_counts

PERIOD = Period(2026, "quarter", 3)
COLUMNS = ["victims.identified", "victims.identified[sex=female]", "victims.identified[sex=male]",
           "victims.identified[sex=unknown]"]


def _evaluation(values, withheld):
    """A public evaluation of 2026-Q3 with the city's row only: its counts (NaN: not published) and the mask."""
    index = pd.MultiIndex.from_tuples([(PERIOD.label, CITY)], names=["window", "unit"])
    cube = pd.DataFrame([values], index=index, columns=COLUMNS, dtype=float)
    mask = pd.DataFrame([withheld], index=index, columns=COLUMNS, dtype=bool)
    return SimpleNamespace(registry=load_registry(), cube=cube, cube_withheld=mask, period=PERIOD, threshold=10,
                           base_cube=cube, base_cube_withheld=mask)


def test_a_category_nobody_sent_is_not_marked_withheld_and_a_withheld_one_is():
    # 30 victims: 21 women (published), men withheld by the decision (7: its NaN is a withheld count), and
    # "unknown" NaN because no unit sent that category (not withheld): only the men carry the mark.
    evaluation = _evaluation([30, 21, np.nan, np.nan], [False, False, True, False])
    table = distribution(evaluation, "victims_by_sex", "en")
    marked = table.loc[table["text"] == WITHHELD_MARK, "category"].tolist()
    assert marked == ["male"]
    assert "unknown" not in table["category"].tolist()
    assert table.loc[table["category"] == "female", "count"].tolist() == [21]
    hidden = withheld_counts(evaluation, PERIOD.label)
    assert hidden.tolist() == [False, False, True, False]


def test_an_internal_evaluation_marks_nothing_withheld():
    evaluation = _evaluation([30, 21, 9, np.nan], [False] * 4)
    evaluation.cube_withheld = evaluation.base_cube_withheld = None
    evaluation.threshold = None
    assert not withheld_counts(evaluation, PERIOD.label).any()
    assert WITHHELD_MARK not in distribution(evaluation, "victims_by_sex", "en")["text"].tolist()


def test_a_status_published_without_its_counts_says_so_whatever_form_its_row_comes_in():
    # A public evaluation's "withheld" column has dtype bool: read by column its values are numpy.bool_ (not the
    # object True, so ``is True`` said no: present/scorecard.py until session 9); a row from iterrows or
    # to_dict("records") holds Python bools. Unit 002 "met" with its counts withheld: the note, in every form.
    from tipmonitor.core import words
    from tipmonitor.present.scorecard import notes

    table = pd.DataFrame({"unit": ["002", "003"], "status": ["met", "met"], "withheld": [True, False],
                          "rounding_note": [None, None], "attainable": [True, True], "target_op": [">=", ">="],
                          "cases_needed": [0, 0], "baseline_source": ["records", "records"]})
    assert table["withheld"].dtype == bool
    said = words.say("note.result_without_counts", "en")
    by_column = [{c: table[c].iloc[i] for c in table.columns} for i in range(len(table))]
    assert isinstance(by_column[0]["withheld"], np.bool_)
    assert [notes(row, "en") for row in by_column] == [said, ""]
    assert [notes(row, "en") for _, row in table.iterrows()] == [said, ""]
    assert [notes(row, "en") for row in table.to_dict("records")] == [said, ""]
    # an internal evaluation has no such column, and a row whose flag is unknown (NaN after a merge) is not withheld
    assert notes(table.drop(columns="withheld").iloc[0], "en") == ""
    assert notes({**table.to_dict("records")[0], "withheld": float("nan")}, "en") == ""
