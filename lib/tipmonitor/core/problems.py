"""Problems found in input, located by file, sheet, row and column, in the user's language.

Every check reports a Problem with a message key and its values; the message is
rendered in Vietnamese (default) or English from the text catalogue (core/words.py,
entries "message.<key>"). A load that finds any problem raises
InputError carrying all of them, so an analyst fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tipmonitor.core import words
from tipmonitor.core.messages import shown
from tipmonitor.core.words import default_lang  # noqa: F401  (where callers have always found it)


class FieldColumn(str):
    """A column named by the data model rather than by the file (a required column the file lacks, a field given
    outside it such as the unit of a file's name): its Vietnamese label as text, so it sorts and compares like a
    header, and its English label for a reader of English (``Problem.location``)."""

    en: str

    def __new__(cls, vi: str, en: str) -> FieldColumn:
        column = super().__new__(cls, vi)
        column.en = en
        return column

    def __reduce__(self):  # a worker process may send it back pickled
        return FieldColumn, (str(self), self.en)

    def render(self, lang: str | None = None) -> str:
        return words.pick(words.pair(str(self), self.en), lang)


def field_column(f) -> FieldColumn:
    """The column of a data-model field (anything with ``vi`` and ``en`` labels) named in the reader's language."""
    return FieldColumn(f.vi, f.en)


@dataclass(frozen=True)
class Problem:
    """One finding: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    key: str
    values: dict = field(default_factory=dict, hash=False, compare=False)
    sheet: str | None = None

    def message(self, lang: str | None = None) -> str:
        values = {k: (words.pick(v, lang) if isinstance(v, dict) else shown(v, lang)) for k, v in self.values.items()}
        return words.say(f"message.{self.key}", lang, **values)

    def location(self, lang: str | None = None) -> str:
        """file[sheet]:row:column; a column the data model names (FieldColumn) in ``lang``, a header as written."""
        parts = [self.file + (f"[{self.sheet}]" if self.sheet else "")]
        parts.append(str(self.row) if self.row is not None else "-")
        parts.append(shown(self.column, lang) if self.column is not None else "-")
        return ":".join(parts)

    def render(self, lang: str | None = None) -> str:
        return f"{self.location(lang)}: {self.message(lang)}"


class InputError(Exception):
    """Input that cannot be used as it is; carries every problem found. ``str()`` in ``lang`` once a reader's
    language is known (core/messages.told_in), else the process's."""

    lang: str | None = None

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or ""))
        super().__init__(self.render())

    def render(self, lang: str | None = None, limit: int = 200) -> str:
        lines = [p.render(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(words.say("problems.more", lang, more=len(self.problems) - limit))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render(self.lang)
