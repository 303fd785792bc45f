"""Filling the .docx template so that every character of every text arrives (the official report).

docxtpl renders the template's XML with Jinja and then parses it in lxml's recover mode: a character XML
cannot hold (a vertical tab from Word) makes that parse drop every escaped entity of the part, so another
unit's "còn <90%" came out as "còn 90%". Here the text is made XML-safe before Jinja sees it (escaped, and
a control character XML cannot hold shown as U+FFFD rather than lost; intake refuses them anyway), and the
rendered XML is parsed strictly: anything malformed is an error, never a silent repair.

The template's tables have fixed columns (tools/docx_template.py), so docxtpl's column repair (the one step
that parses in recover mode) is not needed and not run.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

# Characters XML 1.0 cannot hold; tab and line breaks are kept (docxtpl makes them w:tab and w:br).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> Markup:
    """A text as it goes into the template's XML: a vertical tab a line break, any other character XML
    cannot hold U+FFFD (visible), then escaped (& < > " ')."""
    text = text.replace("\r\n", "\n").replace("\x0b", "\n")
    return escape(_NOT_XML.sub("\ufffd", text))


def _safe(value):
    """Every text inside the template's values, made XML-safe (Listing and numbers are left as they are)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {k: _safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
    return value


def render_docx(template: Path | str, values: dict):
    """The template filled with ``values``, as a docxtpl document ready to save."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment
    from lxml import etree

    class StrictTemplate(DocxTemplate):
        def fix_tables(self, xml):
            return etree.fromstring(xml, parser=etree.XMLParser(recover=False))  # malformed: XMLSyntaxError

    document = StrictTemplate(str(template))
    document.render(_safe(values), jinja_env=Environment(autoescape=True))
    return document
