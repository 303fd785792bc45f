"""Problems found in input, located by file, sheet, row and column, in the user's language.

Every check reports a Problem with a message key and its values; the message is
rendered in Vietnamese (default) or English from the text catalogue (core/words.py,
entries "message.<key>"). A load that finds any problem raises
InputError carrying all of them, so an analyst fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tipmonitor.core import words
from tipmonitor.core.words import default_lang  # noqa: F401  (where callers have always found it)


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
        values = {k: (words.pick(v, lang) if isinstance(v, dict) else v) for k, v in self.values.items()}
        return words.say(f"message.{self.key}", lang, **values)

    def location(self) -> str:
        parts = [self.file + (f"[{self.sheet}]" if self.sheet else "")]
        parts.append(str(self.row) if self.row is not None else "-")
        parts.append(self.column if self.column is not None else "-")
        return ":".join(parts)

    def render(self, lang: str | None = None) -> str:
        return f"{self.location()}: {self.message(lang)}"


class InputError(Exception):
    """Input that cannot be used as it is; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or ""))
        super().__init__(self.render())

    def render(self, lang: str | None = None, limit: int = 200) -> str:
        lines = [p.render(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(words.say("problems.more", lang, more=len(self.problems) - limit))
        return "\n".join(lines)
