"""The text catalogue: complete in both languages, and the only place that chooses a language."""

import ast
import math
import re
import string
from pathlib import Path

import pytest

from tipmonitor.core import words
from tipmonitor.core.text import strip_accents

LIB = Path(words.__file__).resolve().parents[1]
CATALOGUE = Path(words.__file__).resolve()
LANGS = set(words.LANGUAGES)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(words.WORDS))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    entry = words.WORDS[key]
    assert set(entry) == LANGS
    assert entry["vi"].strip() and entry["en"].strip()
    assert _fields(entry["vi"]) == _fields(entry["en"])
    assert not _fields(entry["vi"]) & {"key", "lang"}  # say(key, lang, **values) would take them as its own


@pytest.mark.parametrize("key, expected", [
    ("status.missed", "Chưa đạt"),
    ("status.at_risk", "Có nguy cơ chưa đạt"),
    ("column.cases_needed", "Cần giải quyết thêm"),
    ("sheet.city", "Toàn thành phố"),
    ("header.denominator", "Mẫu số"),
    ("index.title", "Báo cáo kết quả thực hiện Kế hoạch phòng, chống mua bán người"),
    ("message.file_missing", "không tìm thấy tệp"),
    ("report.no_victims", "Không có nạn nhân được xác định trong kỳ."),
    ("quarter.2", "Quý II"),
])
def test_vietnamese_entries_carry_their_diacritics(key, expected):
    assert words.say(key, "vi") == expected


def test_vietnamese_sentences_are_not_written_without_diacritics():
    # Any Vietnamese entry of three words or more: at least one letter carries a mark.
    bare = [key for key, entry in words.WORDS.items()
            if len(entry["vi"].split()) >= 3 and strip_accents(entry["vi"]) == entry["vi"]]
    assert bare == []


def test_say_fills_values_and_defaults_to_the_process_language(monkeypatch):
    assert words.say("summary.lagging_more", "en", more=3) == " and 3 more"
    assert words.say("summary.lagging_more", "vi", more=3) == " và 3 đơn vị khác"
    monkeypatch.setenv("TIPMONITOR_LANG", "en")
    assert words.say("status.met") == "Met"
    monkeypatch.delenv("TIPMONITOR_LANG")
    assert words.say("status.met") == "Đạt"


def test_pick_reads_data_model_labels_from_mappings_and_objects():
    class Field:
        vi, en = "Ngày tiếp nhận", "Received on"

    assert words.pick({"vi": "Tiếp nhận", "en": "Received"}, "en") == "Received"
    assert words.pick({"vi": "Tiếp nhận"}, "en") == "Tiếp nhận"  # a label missing in English falls back to Vietnamese
    assert words.pick(Field, "vi") == "Ngày tiếp nhận" and words.pick(Field(), "en") == "Received on"


# --- the scan: no module outside the catalogue chooses a language ----------------------------

def _is_language(node) -> bool:
    if isinstance(node, ast.Constant) and node.value in LANGS:
        return True
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(_is_language(e) for e in node.elts)


def _is_lang_variable(node) -> bool:
    return (isinstance(node, ast.Name) and node.id == "lang") or (isinstance(node, ast.Attribute) and node.attr == "lang")


def language_choices(source: str, name: str = "<source>") -> list[str]:
    """Where the source chooses between languages itself: a comparison with "vi"/"en", a dict keyed
    "vi"/"en", a ``[lang]`` look-up, ``.get(lang...)`` or ``getattr(x, lang)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        what = None
        if isinstance(node, ast.Compare) and any(_is_language(n) for n in [node.left, *node.comparators]):
            what = "compares with a language code"
        elif isinstance(node, ast.Dict) and any(k is not None and _is_language(k) for k in node.keys):
            what = "a dict keyed by language"
        elif isinstance(node, ast.Subscript) and _is_lang_variable(node.slice):
            what = "a [lang] look-up"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and _is_lang_variable(node.args[0])):
            what = "a .get(lang) look-up"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
              and len(node.args) > 1 and _is_lang_variable(node.args[1])):
            what = "getattr(x, lang)"
        if what:
            found.append(f"{name}:{node.lineno}: {what}")
    return found


def test_no_module_outside_the_catalogue_chooses_a_language():
    modules = [p for p in sorted(LIB.rglob("*.py")) if p.resolve() != CATALOGUE]
    assert len(modules) > 40
    found = [hit for p in modules for hit in language_choices(p.read_text(encoding="utf-8"), str(p.relative_to(LIB)))]
    assert found == []


@pytest.mark.parametrize("planted", [
    'text = "Đạt" if lang == "vi" else "Met"',
    'if "en" != self.lang:\n    pass',
    'ok = lang in ("vi", "en")',
    'HEADERS = {"unit": {"vi": "Đơn vị", "en": "Unit"}}',
    'title = TITLES[lang]',
    'name = self.label.get(self.lang, "")',
    'label = getattr(choice, lang)',
])
def test_the_scan_finds_a_planted_choice(planted, tmp_path):
    module = tmp_path / "planted.py"
    module.write_text("def f(lang, self, choice, TITLES):\n" + "".join(f"    {line}\n" for line in planted.splitlines()),
                      encoding="utf-8")
    assert len(language_choices(module.read_text(encoding="utf-8"), module.name)) == 1


def test_the_scan_passes_code_that_asks_the_catalogue():
    assert language_choices('text = words.say("status.met", lang)\nname = words.pick(indicator.label, self.lang)') == []


def test_the_catalogue_itself_would_be_found_by_the_scan():
    # The scan is not vacuous on this repository: the catalogue holds every dict keyed by language.
    assert len(language_choices(CATALOGUE.read_text(encoding="utf-8"))) > 100


def test_the_index_page_template_is_offline_and_escapes_what_it_is_given():
    from tipmonitor.present.html_export import TEMPLATES
    from tipmonitor.run.publish import index_template

    source = (TEMPLATES / "index.html.j2").read_text(encoding="utf-8")
    assert not any(s in source for s in ("http:", "https:", "<script", "<link", "@import", "url("))
    text = {k: k.upper() for k in ("lang", "title", "period", "committee", "rule", "window", "edition", "failed_words",
                                  "unit_profiles", "downloads", "workbook", "csv", "about", "notebooks_ran", "generated",
                                  "finished", "official", "official_file", "targets")}
    html = index_template().render(font_css="", ink={"met": "#0072B2"}, legend=["✔ Met"],
                                   pages=[{"key": "period_report", "ok": True, "text": "Period report"}],
                                   bodies=[{"name": "<i>Body</i>", "count": 1, "units": [
                                       {"key": "unit_profile-x", "ok": False, "name": "<b>A & B</b>", "status": "missed",
                                        "symbol": "✘"}]}], **text)
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in html and "<b>" not in html and "&lt;i&gt;Body&lt;/i&gt; (1)" in html
    assert '<li class="failed">✘ &lt;b&gt;A &amp; B&lt;/b&gt; — FAILED_WORDS: <a href="notebooks/unit_profile-x.ipynb">' in html


# --- the scan: every sentence a user reads comes from the catalogue ----------------------------

# Errors raised for a developer who misuses the code, never for a user's input: Python's own wording.
FOR_DEVELOPERS = {
    ("__init__.py", "AttributeError"): "a missing module attribute, told as Python tells it",
    ("store/__init__.py", "AttributeError"): "a missing module attribute, told as Python tells it",
    ("core/retry.py", "ValueError"): "a Retry policy written with no attempts",
    ("core/files.py", "FileNotFoundError"): "a caller of publish() that built nothing in its staging folder",
}
HELP_KEYWORDS = ("help", "description", "epilog", "usage")


def _literals(node):
    """The string literals inside an expression; an f-string's placeholders become spaces."""
    if isinstance(node, ast.JoinedStr):
        yield " ".join(part.value if isinstance(part, ast.Constant) else " " for part in node.values)
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                yield from _literals(part.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    else:
        for child in ast.iter_child_nodes(node):
            yield from _literals(child)


def _has_words(text: str) -> bool:
    """Two or more alphabetic words (a catalogue key such as "cli.not_stored" is one token, not words)."""
    return sum(1 for token in text.split() if len(token.strip(".,;:!?()[]'\"«»“”—-")) > 1
               and token.strip(".,;:!?()[]'\"«»“”—-").isalpha()) >= 2


def _is_std_stream(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name) and node.value.id == "sys")


def written_words(source: str, name: str = "<source>") -> list[tuple[str, int, str, str]]:
    """(module, line, what, text) for each literal with words given to print(), sys.stdout/stderr.write,
    ``raise SomeError(...)`` or argparse's help=/description=/epilog=/usage=."""
    found = []
    for node in ast.walk(ast.parse(source)):
        given, what = [], ""
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            given = [*call.args, *(k.value for k in call.keywords)]
            what = getattr(call.func, "id", None) or getattr(call.func, "attr", "?")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            given, what = node.args, "print"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write"
              and _is_std_stream(node.func.value)):
            given, what = node.args, "write"
        elif isinstance(node, ast.Call):
            given, what = [k.value for k in node.keywords if k.arg in HELP_KEYWORDS], "help"
        found += [(name, node.lineno, what, text) for expr in given for text in _literals(expr) if _has_words(text)]
    return found


def test_no_module_outside_the_catalogue_writes_words_a_user_reads():
    modules = [p for p in sorted(LIB.rglob("*.py")) if p.resolve() != CATALOGUE]
    found = [hit for p in modules for hit in written_words(p.read_text(encoding="utf-8"), p.relative_to(LIB).as_posix())]
    exempt = [hit for hit in found if (hit[0], hit[2]) in FOR_DEVELOPERS]
    assert [hit for hit in found if hit not in exempt] == []
    # Each exemption is still needed: one that no longer matches anything is taken off the list.
    assert {(module, what) for module, _, what, _ in exempt} == set(FOR_DEVELOPERS)


@pytest.mark.parametrize("planted", [
    'print("no submissions yet")',
    'print(f"{path}: {count} submissions written", file=sys.stderr)',
    'print(f"{path}: {\'updated\' if changed else \'already current\'}")',
    'sys.stderr.write("tipmonitor: stopped by the user\\n")',
    'raise StoreError(f"{path}: the store is damaged")',
    'raise ValueError("lang must be " + "vi or en") from None',
    'parser.add_argument("--out", help="the folder to write")',
    'argparse.ArgumentParser(prog="tipmonitor", description="Plan monitoring.")',
])
def test_the_words_scan_finds_a_planted_sentence(planted):
    source = "def f(path, count, changed, parser):\n" + "".join(f"    {line}\n" for line in planted.splitlines())
    assert {line for _, line, _, _ in written_words(source)} == {2}


def test_the_words_scan_passes_code_that_asks_the_catalogue():
    source = ('print(words.say("cli.check_ok", lang, path=path, count=3))\n'
              'print(f"tipmonitor: {error.render(lang)}", file=sys.stderr)\n'
              'raise StoreError("store.none_yet", path=path)\n'
              'print(f"  {i}/{n}", end="\\r")\n'
              'p.add_argument("--lang", help=say("lang"))\n')
    assert written_words(source) == []


def test_no_label_counts_in_vu_viec_what_an_indicator_counts_in_its_own_items():
    # "vụ việc" read as "cases" for victims ("còn thiếu 3 vụ việc"): what is still needed is counted in each
    # indicator's item (params/indicators.yaml: tin báo, vụ án, nạn nhân), and the notes name those items.
    said = [key for key, entry in words.WORDS.items() if "vụ việc" in entry.get("vi", "")]
    assert said == []
    for notebook in sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb")):
        assert "vụ việc" not in notebook.read_text(encoding="utf-8"), notebook.name


# --- counts: English says "1 unit" and "3 units"; both languages group thousands their own way --------------

def test_a_count_takes_the_noun_its_number_asks_for():
    assert words.counted(1, "unit", "units", "en") == "1 unit"
    assert words.counted(0, "unit", "units", "en") == "0 units"
    assert words.counted(3, "unit", "units", "en") == "3 units"
    assert words.counted("1", "file", "files", "en") == "1 file"  # a count already written (format_count)
    assert words.counted("1,243", "file", "files", "en") == "1,243 files"
    assert words.counted(1243, "tệp", "", "vi") == "1.243 tệp"  # Vietnamese nouns do not change; 1.243 is grouped


def test_say_writes_counts_with_their_nouns_and_grouped_numbers():
    import numpy as np

    assert words.say("draft.withheld", "en", count=1) == (
        "The results of 1 indicator are withheld in this edition to protect persons (small numbers, or numbers from "
        "which small ones could be worked out).")
    assert words.say("draft.withheld", "en", count=np.int64(2)).startswith("The results of 2 indicators ")
    assert words.say("cli.sample_loaded", "en", path="s", count=1243) == "s: 1,243 submissions"
    assert words.say("cli.sample_loaded", "vi", path="s", count=1243) == "s: 1.243 lần nộp"
    assert words.say("cli.batch_stopped_stored", "en", stored=1) == \
        "stopped as the writing ended: 1 file was stored (and archived)"
    assert words.say("check.pending", "en", count=1, numbers="7").startswith("1 archive entry (7) was left")
    assert words.say("check.pending", "en", count=2, numbers="7, 8").startswith("2 archive entries (7, 8) were left")


@pytest.mark.parametrize("value", [2.5, math.inf, -math.inf, True, False, 1.0000001])
def test_a_count_field_refuses_a_value_that_is_no_whole_number(value):
    # {x:#} printed 2.5 as "2", True as "True", and raised OverflowError on infinity: a caller's mistake, told as
    # one. (A missing count, None or NaN, is "–" since session 10: test_wording.py.)
    with pytest.raises(ValueError, match="whole number"):
        words.say("cli.sample_loaded", "en", path="s", count=value)
    with pytest.raises(ValueError, match="whole number"):
        words.counted(value, "unit", "units", "en")


def test_a_count_field_takes_a_whole_float_a_numpy_integer_or_text_already_written():
    import numpy as np

    assert words.say("cli.sample_loaded", "en", path="s", count=1243.0) == "s: 1,243 submissions"
    assert words.say("cli.sample_loaded", "vi", path="s", count=np.int64(52428800)) == "s: 52.428.800 lần nộp"
    assert words.say("cli.sample_loaded", "en", path="s", count="*") == "s: * submissions"


def test_counts_are_grouped_in_one_place_for_words_and_formatting():
    from tipmonitor.core.formatting import format_count

    assert (words.grouped(1234567, "vi"), words.grouped(1234567, "en")) == ("1.234.567", "1,234,567")
    assert words.say("cli.sample_loaded", "vi", path="s", count=1234567) == f"s: {format_count(1234567, 'vi')} lần nộp"
    assert [words.is_one(v) for v in (1, 1.0, "1", " 1 ", 2, "1.243", "*", "–", 0)] == \
        [True, True, True, True, False, False, False, False, False]


def test_a_count_grouped_in_one_language_is_grouped_in_the_other():
    # The cold review (session 9): 39 entries grouped the English count and not the Vietnamese ("52428800 byte" /
    # "52,428,800 bytes"). A field written {x:#...} anywhere in an entry is written so wherever it is a number,
    # in both languages ({x:says|say}, a word agreeing with it, aside).
    def plain_and_grouped(text):
        plain, grouped = set(), set()
        for _, name, spec, _ in string.Formatter().parse(text):
            if name is not None and not (spec and "|" in spec and not spec.startswith("#")):
                (grouped if spec and spec.startswith("#") else plain).add(name)
        return plain, grouped

    wrong = []
    for key, entry in words.WORDS.items():
        texts = [entry[lang] for lang in words.LANGUAGES if lang in entry]
        fields = [plain_and_grouped(text) for text in texts]
        grouped = set().union(*(g for _, g in fields))
        wrong += [f"{key}: {{{name}}}" for plain, _ in fields for name in sorted(plain & grouped)]
        wrong += [f"{key}: {{{name}}} grouped in one language only" for name in sorted(grouped)
                  if sum(name in g for _, g in fields) < len(texts) and all(name in p | g for p, g in fields)]
    assert not wrong, wrong
    assert words.say("message.workbook_too_large", "vi", size=52428800, limit=1000000).startswith(
        "tệp Excel này khi giải nén lên tới 52.428.800 byte, vượt giới hạn 1.000.000 byte")


class _Ones(dict):
    """{count[reports.intake]}: every measure's count is 1."""

    def __missing__(self, key):
        return 1


_PLURAL_AFTER_ONE = re.compile(
    r"(?<![\d.,/])1 (?:more |other |former |archived |protected |new )?"
    r"(units|files|submissions|rows|records|problems|indicators|notebooks|targets|counts|numbers|days|characters|"
    r"arguments|entries|items|kinds|pairs|bytes|inconsistencies|cases|crime reports|victims|suspects)\b")


@pytest.mark.parametrize("key", sorted(words.WORDS))
def test_no_english_entry_says_one_of_a_plural(key):
    # Every placeholder given 1 (a year 2026; each measure's count 1): "1 units", "1 files", "unit(s)" are wrong.
    fields = {name.split("[")[0]: "[" in name for _, name, _, _ in string.Formatter().parse(words.WORDS[key]["en"])
              if name}
    values = {name: _Ones() if by_measure else (2026 if "year" in name else 1) for name, by_measure in fields.items()}
    text = words.say(key, "en", **values)
    assert not _PLURAL_AFTER_ONE.search(text), text
    assert "(s)" not in text, text


@pytest.mark.parametrize("key", ["report.units_missed_hidden", "report.units_missed_undisclosed",
                                 "report.victims_not_broken_down", "report.missing_withheld"])
def test_a_withheld_units_results_are_never_called_small_numbers(key):
    # Session 9's hostile user: 2025's public edition said 19 units' results were "not published by unit (small
    # numbers, to protect persons)" while one of them, the city police, had 65 of 66, 59 of 60, 27 of 35 and 74 of 82:
    # a result is withheld when it could give a small number away, not only when it is one; the legend says so.
    for lang, said in words.WORDS[key].items():
        assert "(số nhỏ" not in said and "(small numbers" not in said and "có số nhỏ không" not in said, (lang, said)
