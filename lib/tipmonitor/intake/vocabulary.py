"""The words units really write for our codes: params/vocabulary.yaml, validated, for every reader path.

The data model (model/schema.py) names each code and a few words for it; units write
abbreviations ("LĐCB", "KT", "TB") and spellings without diacritics that only they use.
Those live in one file, per field name and code, so a word is added once and every way
in (the template, a column mapping, ``tipmonitor map``) knows it. Words are matched on
``text.match_key`` (no diacritics, case or punctuation).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator

from tipmonitor.core import paths
from tipmonitor.core.settings import Settings, Text, load_settings, refuse
from tipmonitor.core.text import match_key
from tipmonitor.model.schema import TABLES, Field


def choice_fields() -> dict[str, Field]:
    """Every choice field by name (a name used in several tables has the same choices in each)."""
    found: dict[str, Field] = {}
    for table in TABLES.values():
        for f in table.fields:
            if f.choices:
                found.setdefault(f.name, f)
    return found


def schema_words(f: Field) -> dict[str, str]:
    """The words the data model itself accepts for a field's codes: key -> code."""
    keys: dict[str, str] = {}
    for c in f.choices:
        for text in (c.code, c.vi, c.en, *c.words):
            keys.setdefault(match_key(text), c.code)
    return keys


class VocabularyFile(Settings):
    """params/vocabulary.yaml: field -> code -> words; ``abbreviations`` of column titles."""

    model_config = Settings.model_config | {"extra": "allow"}
    abbreviations: dict[Text, Text] = {}

    @model_validator(mode="after")
    def _known_fields_and_codes(self) -> "VocabularyFile":
        fields = choice_fields()
        for name, codes in (self.model_extra or {}).items():
            if name not in fields:
                raise refuse("bad_choice", at=(name,), value=name, allowed=", ".join(fields))
            if not isinstance(codes, dict):
                raise refuse("settings_not_keys", at=(name,))
            known = schema_words(fields[name])
            allowed = [c.code for c in fields[name].choices]
            seen: dict[str, str] = {}
            for code, words in codes.items():
                if code not in allowed:
                    raise refuse("bad_choice", at=(name, code), value=code, allowed=", ".join(allowed))
                for i, word in enumerate(words if isinstance(words, list) else [words]):
                    key = match_key(word)
                    other = seen.get(key) or (known.get(key) if known.get(key) != code else None)
                    if other and other != code:
                        raise refuse("vocabulary_conflict", at=(name, code, i), value=str(word), other=other)
                    seen[key] = code
        return self


def default_path() -> Path:
    return paths.params_dir() / "vocabulary.yaml"


@lru_cache(maxsize=8)
def _load(path: Path, stamp: float) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    spec = load_settings(path, VocabularyFile)
    words = {name: {match_key(word): code for code, words in codes.items()
                    for word in (words if isinstance(words, list) else [words])}
             for name, codes in (spec.model_extra or {}).items()}
    return words, {match_key(short): match_key(long) for short, long in spec.abbreviations.items()}


def _file(path: Path | None = None) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    path = path or default_path()
    if not path.is_file():
        return {}, {}
    return _load(path, path.stat().st_mtime)


def vocabulary(path: Path | None = None) -> dict[str, dict[str, str]]:
    """field -> word key -> code, from the vocabulary file ({} when the project has none)."""
    return _file(path)[0]


def spelled_out(key: str) -> str:
    """A title's key (text.match_key) with the vocabulary's abbreviations written out."""
    return spelled(key, abbreviations())


def abbreviations() -> tuple[tuple[str, str], ...]:
    """The vocabulary's abbreviations (short key, long key), as one value a cache can be keyed by."""
    return tuple(sorted(_file()[1].items()))


@lru_cache(maxsize=65536)
def spelled(key: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    """``spelled_out`` with the abbreviations given (a draft asks it of the same titles thousands of times)."""
    table = dict(abbreviations)
    return "_".join(table.get(part, part) for part in key.split("_"))


def choice_keys(f: Field) -> dict[str, str]:
    """Every word accepted for a choice field: the data model's, then the vocabulary's."""
    keys = schema_words(f)
    for key, code in vocabulary().get(f.name, {}).items():
        keys.setdefault(key, code)
    return keys
