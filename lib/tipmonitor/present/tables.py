"""HTML tables for the notebooks: styled inline (no external CSS), status in words and symbols.

Every row carries data- attributes with the exact figures (indicator, unit, status,
numerator, denominator) so tests and other tools can read the table back without
parsing the formatted text.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from tipmonitor.core import words
from tipmonitor.present.status import COLOUR, TEXT_COLOUR, marked_status

STYLE = """<style>
.tm-table { border-collapse: collapse; font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 13px; margin: 6px 0 14px; }
.tm-table th { background: #e8eef6; text-align: left !important; padding: 5px 8px; border-bottom: 2px solid #4a6a8a; vertical-align: bottom; }
.tm-table td { padding: 4px 8px; border-bottom: 1px solid #d0d0d0; vertical-align: top; text-align: left !important; }
.tm-table td.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tm-table td.status { white-space: nowrap; font-weight: bold; }
.tm-table td.note { color: #444; font-size: 12px; max-width: 320px; }
</style>"""


def _status_cell(status: str, lang: str) -> str:
    return (f'<td class="status" style="background:{COLOUR[status]};color:{TEXT_COLOUR[status]}">'
            f"{escape(marked_status(status, lang))}</td>")


def html_table(frame: pd.DataFrame, css_class: str, numeric: frozenset[str] | set[str] = frozenset(), status_column: str | None = None,
               data: pd.DataFrame | None = None, lang: str = "vi", caption: str | None = None,
               links: dict[str, list[str | None]] | None = None) -> str:
    """A frame as an HTML table; ``data`` gives per-row data- attributes, ``status_column`` the status codes,
    ``links`` per column the address each row's cell links to (None: no link), ``caption`` what it covers."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, (_, row) in enumerate(frame.iterrows()):
        attrs = ""
        if data is not None:
            attrs = "".join(f' data-{k.replace("_", "-")}="{escape(str(v))}"' for k, v in data.iloc[i].items())
        cells = []
        for column, value in row.items():
            if status_column is not None and column == status_column and data is not None:
                cells.append(_status_cell(str(data.iloc[i]["status"]), lang))
            else:
                cls = ' class="num"' if column in numeric else (' class="note"' if column == words.say("column.note", lang) else "")
                text = escape('' if value is None else str(value))
                href = (links or {}).get(column, [None] * (i + 1))[i]
                if href:
                    text = f'<a href="{escape(href)}">{text}</a>'
                cells.append(f"<td{cls}>{text}</td>")
        body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'{STYLE}<table class="tm-table {css_class}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


class HTML:
    """Rich display of an HTML fragment in a notebook (and plain text elsewhere)."""

    def __init__(self, html: str, text: str = ""):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text or "<table>"
