"""The text catalogue: complete in both languages, and the only place that chooses a language."""

import ast
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
                                  "finished")}
    html = index_template().render(font_css="", ink={"met": "#0072B2"}, legend=["✔ Met"],
                                   pages=[{"key": "period_report", "ok": True, "text": "Period report"}],
                                   units=[{"key": "unit_profile-x", "ok": False, "name": "<b>A & B</b>", "status": "missed",
                                           "symbol": "✘"}], **text)
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in html and "<b>" not in html
    assert '<li class="failed">✘ &lt;b&gt;A &amp; B&lt;/b&gt; — FAILED_WORDS: <a href="notebooks/unit_profile-x.ipynb">' in html
