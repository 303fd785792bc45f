"""Executed notebooks to self-contained HTML that renders with no network at all.

nbconvert's lab template with the external scripts removed (templates/offline),
code cells and prompts hidden, analyst-only notes (cells tagged "analyst-note")
removed, and the report font embedded as a data URL. Charts are already SVG in the
outputs (charts.Figure), so nothing needs to be fetched. Pages are then lightened
(page_weight: the stylesheet cut to what the page uses, the font to its characters).
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from tipmonitor.present.page_weight import FONT_FILES, FONT_PLACEHOLDER, FONTS, lighten

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def font_css() -> str:
    """@font-face rules for the shipped Vietnamese-complete font, whole, inlined (pages carry
    subsets instead: page_weight.font_faces)."""
    rules = []
    for weight, name in FONT_FILES:
        path = FONTS / name
        if path.is_file():
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            rules.append(f"@font-face {{ font-family: 'TM Sans'; font-weight: {weight}; "
                         f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}")
    return "\n".join(rules)


_AREA = r"(?<![\w-])jp-(?:OutputArea-output|Cell-inputWrapper)(?![\w-])"
_FOCUSABLE = re.compile(rf"""<div(?![^>]*\stabindex=)([^>]*\sclass=(?:"[^"]*{_AREA}[^"]*"|'[^']*{_AREA}[^']*'))""", re.I)
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)", re.I)


_RAW_TEXT = re.compile(r"(<(script|style)\b.*?</\2>)", re.S | re.I)
_CHARACTER_REFERENCE = re.compile(r"&#(?:(\d+)|[xX]([0-9a-fA-F]+));")
_KEPT_ESCAPED = {ord(c) for c in "<>&\"'"}


def _character(match: re.Match) -> str:
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    if code in _KEPT_ESCAPED or code < 32 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return match.group(0)
    return chr(code)


def _as_soup_writes(html: str) -> str:
    """What nbconvert's HTMLExporter does to a page through a BeautifulSoup round trip (half a page's export
    time), done on the text: every output area and cell input (a Markdown cell's text) focusable with the
    keyboard, every image with an alternative text (a page's charts are inline SVG with their own titles; an
    image can only come from a Markdown cell), and characters written as themselves, not as numeric
    references ("Kh&#225;m" as "Khám"; markup characters stay escaped; scripts and styles as they are)."""
    html = _FOCUSABLE.sub(r'<div\1 tabindex="0"', html)
    html = _IMAGE_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', html)
    parts = _RAW_TEXT.split(html)  # text, then (block, tag name) pairs
    for i in range(0, len(parts), 3):
        parts[i] = _CHARACTER_REFERENCE.sub(_character, parts[i])
    return "".join(p for i, p in enumerate(parts) if i % 3 != 2)


@lru_cache(maxsize=4)
def exporter(lang: str = "vi"):
    """The configured HTML exporter (built once: compiling its templates is the slow part)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    from traitlets.config import Config

    class OfflineExporter(HTMLExporter):
        """HTMLExporter without its final BeautifulSoup pass (``_as_soup_writes`` does its work on the text)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get("highlight_code",
                                                                    Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                           parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _as_soup_writes(html), resources

    config = Config()
    config.HTMLExporter.optimistic_validation = True  # the notebook validated once, not after each preprocessor
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"analyst-note", "parameters", "injected-parameters"}
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = "offline"
    config.HTMLExporter.language_code = lang
    return OfflineExporter(config=config)


def notebook_to_html(notebook, title: str | None = None, lang: str | None = None, own: bool = False) -> str:
    """HTML of an executed notebook (a NotebookNode or a path), in the language it ran with. ``own``: the node is
    the caller's to give away (it is changed: its outputs keep only what the page can show)."""
    import nbformat

    if isinstance(notebook, (str, Path)):  # as papermill wrote it: the exporter validates it once
        notebook, own = nbformat.v4.reads(Path(notebook).read_text(encoding="utf-8")), True
    if lang is None:
        lang = notebook.metadata.get("papermill", {}).get("parameters", {}).get("lang", "vi")
    if title:
        notebook.metadata["title"] = title
    if own:
        _drop_unshown(notebook, shown_formats(lang))
    html, _ = exporter(lang).from_notebook_node(notebook, resources={"tipmonitor_font_css": FONT_PLACEHOLDER})
    return lighten(_with_back_link(html, lang))


@lru_cache(maxsize=4)
def shown_formats(lang: str = "vi") -> tuple[str, ...]:
    """The output formats a page can show, in the exporter's order of preference (its data-type filter's)."""
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    return tuple(WidgetsDataTypeFilter(parent=exporter(lang)).display_data_priority)


def _drop_unshown(notebook, shown: tuple[str, ...]) -> None:
    """Outputs' formats the page never shows (a chart's Vega spec beside its SVG) taken out before the exporter
    copies the notebook twice (a chart's spec is most of a unit page's nodes). An output keeps every format when
    it has none the page shows, so the exporter meets it as it is."""
    for cell in notebook.cells:
        for output in cell.get("outputs", ()):
            data = output.get("data")
            if data and any(kind in data for kind in shown):
                for kind in [k for k in data if k not in shown]:
                    del data[kind]


def _with_back_link(html: str, lang: str | None) -> str:
    """Every page of a report folder links back to its index, at the top."""
    import re
    from html import escape

    from tipmonitor.core import words

    link = f'<p class="tm-back"><a href="index.html">{escape(words.say("page.back_to_index", lang))}</a></p>'
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + link, html, count=1)


def drop_dead_links(folder: Path) -> None:
    """Links to unit pages a run did not write (a run of some units) become plain names."""
    import re

    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        if '<a href="unit_profile-' not in text:  # most pages link no unit page
            continue
        fixed = re.sub(r'<a href="(unit_profile-[^"]+\.html)">(.*?)</a>',
                       lambda m: m.group(0) if (folder / m.group(1)).exists() else m.group(2), text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
