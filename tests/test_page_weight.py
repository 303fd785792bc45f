"""Lighter pages (issue #18 item 3): the stylesheet cut to what a page uses, the font to its characters.

The browser checks (tests/test_browser.py) show that the light pages render exactly as before; these
tests pin the rules of the cutting itself.
"""

import base64
import unicodedata
import re
from io import BytesIO

import nbformat
from fontTools.ttLib import TTFont

from tipmonitor.present.html_export import notebook_to_html
from tipmonitor.present.page_weight import FONT_PLACEHOLDER, lighten, prune_css

SHEET = """
/* a comment that goes */
:root { --used: red; --chained: var(--used); --unused: blue; --url: url("data:image/svg+xml;utf8,<svg a='1;2'/>"); }
.kept { color: var(--chained); }
.gone { color: var(--unused); }
.kept .gone, .kept > p { margin: 0; }
p:not(.gone) { padding: 1px; }
[data-x="a.b"] .kept { border: 0; }
@media print { .gone { display: none; } .kept { display: block; } }
@media screen { .gone { display: none; } }
@keyframes spin { from { opacity: 0; } to { opacity: 1; } }
"""


def test_rules_for_classes_the_page_does_not_use_go_and_the_rest_stay():
    css = prune_css(SHEET, frozenset({"kept"}))
    assert ".kept{color: var(--chained)}" in css
    assert ".gone" not in css.replace(":not(.gone)", "")  # every selector naming an absent class went
    assert ".kept > p{margin: 0}" in css  # of a selector list, the part that can match stays
    assert "p:not(.gone){padding: 1px}" in css  # a class inside :not() is not required
    assert '[data-x="a.b"] .kept{border: 0}' in css  # a dot inside an attribute selector is no class
    assert "@media print{.kept{display: block}}" in css and "@media screen" not in css
    assert "@keyframes spin{" in css  # at-rules that hold no selectors stay as they are
    assert "comment" not in css


def test_custom_properties_stay_only_if_something_kept_reads_them_directly_or_through_another():
    css = prune_css(SHEET, frozenset({"kept"}))
    assert "--used: red" in css and "--chained: var(--used)" in css  # read through --chained
    assert "--unused" not in css and "--url" not in css
    assert "--unused" in prune_css(SHEET, frozenset({"kept", "gone"}))


def faces(page: str) -> list[TTFont]:
    return [TTFont(BytesIO(base64.b64decode(data)))
            for data in re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page)]


def test_a_page_gets_the_font_cut_to_its_characters_and_one_copy_of_a_repeated_style_block():
    text = "Tỷ lệ điều tra, khám phá — Ứng Hòa ǅ"  # ǅ: in no catalogue text, but on this page
    page = (f"<html><head><style>{FONT_PLACEHOLDER}</style><style>.t {{ color: red; }}</style></head>"
            f"<body><p class='t'>{text}</p><style>.t {{ color: red; }}</style></body></html>")
    light = lighten(page)
    assert FONT_PLACEHOLDER not in light and light.count(".t{color: red}") == 1
    normal, bold = faces(light)
    for face in (normal, bold):
        cmap = face.getBestCmap()
        assert all(ord(ch) in cmap for ch in text if ch != " ")
        assert ord("Ǻ") not in cmap  # a letter neither the page nor the catalogue uses is left out
        assert len(cmap) < 400  # the whole font maps 808 characters
    assert len(light) < 50_000


def test_an_exported_notebook_page_is_light_and_still_carries_its_font(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Kết quả các chỉ tiêu\n\nĐống Đa, Ứng Hòa")])
    page = notebook_to_html(notebook, lang="vi")
    assert len(page.encode("utf-8")) < 80_000  # 541 KB before: the lab stylesheet and the whole font
    assert "font-family: 'TM Sans'" in page and len(faces(page)) == 2
    assert all(ord(ch) in faces(page)[0].getBestCmap() for ch in "Kết quả các chỉ tiêu Đống Đa, Ứng Hòa" if ch != " ")
    assert "jp-RenderedHTMLCommon" in page and ".jp-Notebook" in page  # the rules the page uses are there


def test_pages_that_differ_only_in_vietnamese_letters_share_one_font_subset():
    # A quarter's unit pages differ in their units' names; a name with a rarer letter (Ứ, ỹ, Ỷ) made its page a
    # subset of its own, 0.15 s of CPU each in every worker (session 9): every Vietnamese letter is in the shared one.
    from tipmonitor.present.page_weight import font_faces

    def page(text: str) -> str:
        return f"<html><head><style>{FONT_PLACEHOLDER}</style></head><body><p>{text} ± ¶</p></body></html>"

    font_faces.cache_clear()
    first, second = lighten(page("Ứng Hòa")), lighten(page("Mỹ Đức, Yên Kỷ, ẲẵẶặ"))
    assert font_faces.cache_info().misses == 1  # one subset made, the second page took it from the cache
    assert re.findall(r"@font-face[^}]*}", first) == re.findall(r"@font-face[^}]*}", second)
    # Vietnamese's letters beyond ASCII are in it, 67 in each case: ă â ê ô ơ ư, đ, and the 12 vowels a ă â e ê i o ô
    # ơ u ư y with each of the five tone marks (grave, acute, tilde, hook above, dot below)
    letters = [unicodedata.normalize("NFC", base + mark) for base in "aăâeêioôơuưy" for mark in "\u0300\u0301\u0303\u0309\u0323"]
    letters += list("ăâêôơưđ")
    assert len(set(letters)) == 67 and all(len(ch) == 1 for ch in letters)
    cmap = faces(first)[0].getBestCmap()
    assert all(ord(ch) in cmap and ord(ch.upper()) in cmap for ch in letters)
