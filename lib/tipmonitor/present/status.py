"""How a status is shown, in one place: its words (from the catalogue), symbol, colours and order.

Okabe-Ito colours: distinct for colour-blind readers and of different lightness in grey
print; a status is never shown by colour alone (the symbol and the numbers go with it).
"""

from __future__ import annotations

from tipmonitor.core import words

SYMBOL = {"met": "✔", "missed": "✘", "at_risk": "⚠", "no_data": "–", "no_target": "·", "withheld": "*"}
COLOUR = {"met": "#0072B2", "at_risk": "#F0E442", "missed": "#D55E00", "no_data": "#DDDDDD", "no_target": "#FFFFFF",
          "withheld": "#B0B0B0"}
TEXT_COLOUR = {"met": "white", "at_risk": "black", "missed": "white", "no_data": "black", "no_target": "black",
               "withheld": "black"}
# The symbol's colour on a white page (the at-risk yellow is too light for text).
INK = {"met": "#0072B2", "missed": "#D55E00", "at_risk": "#9a8a00"}
LEGEND = ["met", "at_risk", "missed", "no_data", "no_target"]  # "withheld" joins where a public report has such cells
WORST_FIRST = ["missed", "at_risk", "withheld", "met", "no_data", "no_target"]


def status_label(status: str, lang: str | None = None) -> str:
    """"Chưa đạt" / "Missed"."""
    return words.say(f"status.{status}", lang)


def marked_status(status: str, lang: str | None = None) -> str:
    """"✘ Chưa đạt": the symbol, then the words."""
    return f"{SYMBOL[status]} {status_label(status, lang)}"


def legend(lang: str | None = None, statuses=()) -> tuple[list[str], list[str]]:
    """The labels and colours of a chart's status scale, in legend order."""
    order = LEGEND + (["withheld"] if "withheld" in set(statuses) else [])
    return [status_label(s, lang) for s in order], [COLOUR[s] for s in order]


def counts_withheld(row) -> bool:
    """Whether a public row's counts and rate are withheld ("*"): its status withheld, or a unit's status published
    without them (metrics/unit_status.py; the ``withheld`` flag); a published "no data" has none to show ("–")."""
    return row["status"] == "withheld" or (bool(row.get("withheld", False)) and row["status"] != "no_data")
