"""Vietnamese renders with every glyph: the shipped font covers every label, and charts draw no tofu."""

import unicodedata

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from tipmonitor.core import paths, words
from tipmonitor.present.charts import FONT, Figure, register_fonts
from tipmonitor.present.html_export import FONTS, font_css
from tipmonitor.present.status import SYMBOL
from tipmonitor.metrics.registry import load_registry
from tipmonitor.model.schema import TABLES

PHRASE = "Tỷ lệ điều tra, khám phá — Đống Đa, Ứng Hòa"


def every_user_facing_text() -> str:
    texts = [PHRASE]
    for entry in words.WORDS.values():
        texts += list(entry.values())
    texts += list(SYMBOL.values())
    for indicator in load_registry().indicators.values():
        texts += [*indicator.label.values(), *indicator.short.values()]
    for table in TABLES.values():
        for f in table.fields:
            texts += [f.vi, f.en] + [c.vi for c in f.choices]
    units = pd.read_csv(paths.reference_dir() / "units.csv", dtype=str, keep_default_na=False)
    texts += list(units["name_vi"]) + list(units["short_vi"])
    return unicodedata.normalize("NFC", "".join(texts))


@pytest.mark.parametrize("name", ["TMSans.ttf", "TMSans-Bold.ttf"])
def test_the_shipped_font_has_a_glyph_for_every_character_users_read(name):
    cmap = TTFont(FONTS / name).getBestCmap()
    text = every_user_facing_text()
    missing = sorted({ch for ch in text if ord(ch) not in cmap and not ch.isspace() and ch not in "{}"})
    assert not missing, f"{name} lacks: {''.join(missing)}"
    # NFD input (combining marks) renders too.
    assert all(ord(ch) in cmap for ch in unicodedata.normalize("NFD", PHRASE) if not ch.isspace())


def _text_png(text: str) -> bytes:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "data": {"values": [{"t": text}]},
            "mark": {"type": "text", "font": "TM Sans", "fontSize": 28}, "encoding": {"text": {"field": "t"}},
            "width": 60, "height": 40, "config": {"view": {"stroke": None}}}
    return Figure(spec).png(scale=1)


@pytest.mark.slow
def test_charts_render_every_vietnamese_glyph_not_a_missing_glyph_box():
    register_fonts()
    tofu = _text_png("\u0378")  # an unassigned code point no font has a glyph for: the missing-glyph box
    # (not a private-use one: fonts installed with LibreOffice, such as OpenSymbol, draw those)
    assert _text_png("\u0379") == tofu  # the box is the same for any missing character
    for ch in sorted(set(PHRASE) - {" "}):
        assert _text_png(ch) != tofu, f"{ch!r} renders as a missing-glyph box"


def test_html_embeds_the_font_and_svg_asks_for_it():
    css = font_css()
    assert css.count("@font-face") == 2 and "font-family: 'TM Sans'" in css and "data:font/ttf;base64," in css
    assert FONT.startswith("TM Sans")
