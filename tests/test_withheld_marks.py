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
