"""Errors a user reads: a catalogue entry and its values, told in the reader's language when shown.

An error raised in the store, a period or the run does not know who will read it. It
carries its catalogue key (core/words.py) and values; the command line renders it in
``--lang`` with ``render(lang)``, and ``str()`` (a notebook's traceback, ``pytest.raises``)
in the process's language (TIPMONITOR_LANG, or Vietnamese). A value that renders itself
(a ``Text``, another such error, an ``InputError``) is told in the same language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tipmonitor.core import words


def shown(value, lang: str | None = None):
    """A value as it appears inside a message in ``lang``."""
    render = getattr(value, "render", None)
    return render(lang) if callable(render) else value


@dataclass(frozen=True)
class Text:
    """A catalogue entry with its values, rendered when the reader's language is known."""

    key: str
    values: dict = field(default_factory=dict, hash=False)

    def render(self, lang: str | None = None) -> str:
        return words.say(self.key, lang, **{name: shown(value, lang) for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.render()


def text(key: str, **values) -> Text:
    return Text(key, values)


class ToldError(Exception):
    """Base of the errors told to users in words (``StoreError``, ``RunError``, ``PeriodError``).

    A subclass also derives from the built-in error it is (``RuntimeError``, ``ValueError``),
    so callers catching those keep working. ``lang``: the reader's language once known (``told_in``), which
    ``str()`` then uses (a notebook's traceback shows the error in the notebook's ``lang``)."""

    lang: str | None = None

    def __init__(self, key: str, **values):
        self.text = Text(key, values)
        super().__init__(key, values)

    @classmethod
    def like(cls, other: ToldError) -> ToldError:
        """The same message as another told error, as this kind of error (a run refusing a bad period)."""
        return cls(other.text.key, **other.text.values)

    def render(self, lang: str | None = None) -> str:
        return self.text.render(lang)

    def __str__(self) -> str:
        return self.render(self.lang)

    def __reduce__(self):  # a notebook's kernel or a worker process may send it back pickled
        return _remake, (type(self), self.text.key, self.text.values, self.lang)


def _remake(kind: type, key: str, values: dict, lang: str | None = None) -> ToldError:
    error = kind(key, **values)
    error.lang = lang
    return error


@contextmanager
def told_in(lang: str | None) -> Iterator[None]:
    """An error told in words (anything with ``render(lang)`` and a ``lang``: ToldError, InputError,
    SettingsError) raised inside is told in ``lang`` when shown with ``str()``, unless a reader's language was
    set already: a notebook's report is made in its ``lang`` parameter, whatever TIPMONITOR_LANG says."""
    try:
        yield
    except Exception as error:
        if lang and callable(getattr(error, "render", None)) and hasattr(error, "lang") and error.lang is None:
            error.lang = lang
        raise
