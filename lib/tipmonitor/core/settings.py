"""Settings files (every YAML under params/): read safely, validated by a typed model, refused in words.

``load_settings(path, Model)`` is the one way a settings file is read. The YAML is
read with the safe loader and a key written twice is refused (YAML would keep the
last one without a word); the result is validated by a pydantic model built on
``Settings`` (unknown keys forbidden). Any problem becomes one ``SettingsError``
that names the file, the key path (``targets.T3.op``) and, where the value is one
of a set, the allowed values, in the user's language (the catalogue, core/words.py).

The models live next to the code that uses them (model/city.py, metrics/registry.py,
intake/mapping.py, intake/vocabulary.py, present/parameters.py, run/runner.py, tools/reference_build.py).
A check a model makes itself raises ``refuse(message_key, at=..., **values)``, with a
message key of the catalogue, so its words are translated like pydantic's own.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from tipmonitor.core import paths, words
from tipmonitor.core.messages import text
from tipmonitor.core.problems import Problem
from tipmonitor.core.words import default_lang



class Settings(BaseModel):
    """The base of every settings model: a key the model does not name is an error, never ignored."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class SettingProblem:
    key: str  # the key path, "a.b.0.c"; "" for the file as a whole
    message: str  # a catalogue key after "message."
    values: dict = field(default_factory=dict, hash=False, compare=False)


class SettingsError(ValueError):
    """A settings file that cannot be used as it is; carries every problem found in it. ``str()`` in ``lang``
    once a reader's language is known (core/messages.told_in), else the process's."""

    lang: str | None = None

    def __init__(self, file: str, problems: list[SettingProblem]):
        self.file, self.problems = file, problems
        super().__init__(self.render())

    def render(self, lang: str | None = None) -> str:
        lines = []
        for problem in self.problems:
            text = Problem(self.file, None, None, problem.message, problem.values).message(lang or default_lang())
            lines.append(f"{self.file}: {problem.key}: {text}" if problem.key else f"{self.file}: {text}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render(self.lang)


def refuse(message: str, at: tuple = (), **values) -> PydanticCustomError:
    """The error a model's own check raises: a catalogue message, ``at`` the key path below the checked value."""
    return PydanticCustomError(message, message, {**values, "at": tuple(at)})  # rendered by _problem, in the catalogue


def _both_languages(value: dict) -> dict:
    if not words.complete(value):
        raise refuse("settings_words")
    return value


def _as_text(value):
    """A number YAML read from a key or value that is text to us (a column title "2023")."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


# Words in both languages: {vi: "...", en: "..."}, neither empty.
Words = Annotated[dict[Literal["vi", "en"], str], AfterValidator(_both_languages)]
# Text that YAML may have read as a number.
Text = Annotated[str, BeforeValidator(_as_text)]

M = TypeVar("M", bound=BaseModel)


def shown_name(path: Path) -> str:
    """How a file is named in messages: relative to the project (params/targets/2024.yaml), else as it was given
    (/tmp/run.yaml, ../other/run.yaml): its name alone does not say which file to open."""
    try:
        return str(path.resolve().relative_to(paths.project_root().resolve()))
    except ValueError:
        return str(path)


def load_settings(path: Path | str, model: type[M], *, text: str | None = None, overrides: dict | None = None,
                  context: dict | None = None) -> M:
    """The settings file at ``path`` (or its YAML ``text``), with ``overrides`` on top, as a validated ``model``."""
    path = Path(path)
    shown = shown_name(path)
    text = read_text(path) if text is None else text
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        raise SettingsError(shown, [_yaml_problem(error)]) from None
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise SettingsError(shown, [SettingProblem("", "settings_not_keys")])
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as error:
        raise SettingsError(shown, [_problem(model, e) for e in error.errors()]) from None


def read_text(path: Path) -> str:
    """A settings file's text; SettingsError when it is missing or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SettingsError(shown_name(path), [SettingProblem("", "file_missing")]) from None
    except IsADirectoryError:
        raise SettingsError(shown_name(path), [SettingProblem("", "settings_is_folder")]) from None
    except UnicodeDecodeError as error:
        raise SettingsError(shown_name(path), [SettingProblem("", "settings_encoding", {"position": error.start})]) from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, refusing a key written twice in the same mapping and leaving dates as text.

    Dates stay text so that the model reads them (an impossible 2023-02-31 is then a problem at
    its key, not a crash of the YAML reader) and a notebook's ``today`` stays the string it expects.
    """


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, text("detail.duplicate_key", name=repr(key), line=seen[key]),  # type: ignore[arg-type]
                key_node.start_mark)  # (a catalogue Text: rendered in the reader's language when shown)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _yaml_problem(error: yaml.YAMLError) -> SettingProblem:
    mark = getattr(error, "problem_mark", None)
    detail = getattr(error, "problem", None) or str(error)
    if mark is None:
        return SettingProblem("", "settings_yaml_unreadable", {"detail": detail})
    return SettingProblem("", "settings_yaml", {"line": mark.line + 1, "column": mark.column + 1, "detail": detail})


# --- pydantic's errors in the catalogue's words ------------------------------------------------

_SIMPLE = {  # pydantic error type -> catalogue message, for errors that need only the value
    "missing": "settings_missing", "int_type": "bad_int", "int_parsing": "bad_int", "int_from_float": "bad_int",
    "string_type": "settings_text", "bool_type": "settings_bool", "bool_parsing": "settings_bool",
    "dict_type": "settings_keys", "model_type": "settings_keys", "model_attributes_type": "settings_keys",
    "list_type": "settings_list", "date_type": "settings_date", "date_parsing": "settings_date",
    "date_from_datetime_parsing": "settings_date", "date_from_datetime_inexact": "settings_date",
    "float_type": "settings_number", "float_parsing": "settings_number", "decimal_parsing": "settings_number",
}
_LIMITS = {"greater_than_equal": ("settings_at_least", "ge"), "less_than_equal": ("settings_at_most", "le"),
           "greater_than": ("settings_above", "gt"), "less_than": ("settings_below", "lt"),
           "too_short": ("settings_too_few", "min_length"), "string_too_short": ("settings_text_empty", "min_length"),
           "string_pattern_mismatch": ("settings_pattern", "pattern")}


def _problem(model: type[BaseModel], error: Mapping[str, Any]) -> SettingProblem:
    ctx = dict(error.get("ctx") or {})
    loc = tuple(part for part in error["loc"] if part != "[key]") + tuple(ctx.pop("at", ()))  # a bad key: at the key
    key = ".".join(str(part) for part in loc)
    kind, value = error["type"], _shown_value(error.get("input"))
    if words.has(f"message.{kind}"):  # a model's own check (refuse)
        return SettingProblem(key, kind, ctx)
    if kind == "extra_forbidden":
        fields = _model_fields_at(model, loc[:-1])
        return SettingProblem(key, "settings_unknown_key", {"allowed": ", ".join(fields)})
    if kind in ("literal_error", "enum"):
        allowed = _literals(_annotation_at(model, loc)) or _expected(ctx.get("expected", ""))
        return SettingProblem(key, "bad_choice", {"value": value, "allowed": ", ".join(map(str, allowed))})
    if kind in _SIMPLE:
        return SettingProblem(key, _SIMPLE[kind], {"value": value})
    if kind in _LIMITS:
        message, limit = _LIMITS[kind]
        return SettingProblem(key, message, {"value": value, "limit": ctx.get(limit, "")})
    return SettingProblem(key, "settings_invalid", {"value": value, "detail": error["msg"]})


def _expected(text: str) -> list[str]:
    """The values in pydantic's own "'a', 'b' or 'c'" (English words), for our list in the reader's language."""
    quoted = re.findall(r"'([^']*)'", text)
    return quoted or [text]


def _shown_value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)[:80]


def _options(annotation) -> list:
    """The alternatives of a union (Optional included), each unwrapped of Annotated."""
    if get_origin(annotation) is Annotated:
        return _options(get_args(annotation)[0])
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return [o for arg in get_args(annotation) for o in _options(arg)]
    return [annotation]


def _annotation_at(model: type[BaseModel], loc: tuple):
    """The type declared for the value at ``loc`` (a key path), or None when the path leaves the model."""
    annotation: object = model
    for part in loc:
        for option in _options(annotation):
            if isinstance(option, type) and issubclass(option, BaseModel) and part in option.model_fields:
                annotation = option.model_fields[part].annotation
                break
            if get_origin(option) is dict and isinstance(part, str):
                annotation = get_args(option)[1]
                break
            if get_origin(option) in (list, tuple) and isinstance(part, int):
                annotation = get_args(option)[0]
                break
        else:
            return None
    return annotation


def _model_fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    for option in _options(_annotation_at(model, loc)):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return list(option.model_fields)
    return []


def _literals(annotation) -> list:
    return [value for option in _options(annotation) if get_origin(option) is Literal for value in get_args(option)]
