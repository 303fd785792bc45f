"""Lighter self-contained pages: the stylesheet cut to the rules that can apply to a page, and the
report font cut to the characters pages show.

A page from nbconvert's lab template carries JupyterLab's whole stylesheet (about 260 KB, nearly all
of it for the application's widgets) and the report font whole in two weights (about 280 KB as
base64). ``lighten`` keeps, of each style sheet, only the rules whose selectors name classes the
page uses (and the CSS variables those rules read), drops repeated identical style blocks, and puts
the font in as WOFF subsets (fontTools) covering the page's characters. The page stays one file that
renders with no network; a page is about a quarter of its former weight.
"""

from __future__ import annotations

import html as html_text
import re
from functools import lru_cache
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
FONT_FILES = (("normal", "TMSans.ttf"), ("bold", "TMSans-Bold.ttf"))
FONT_PLACEHOLDER = "/* tipmonitor: font faces */"  # where a page template wants the report font

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_SKIPPED = re.compile(r"<style[^>]*>.*?</style>|<script[^>]*>.*?</script>", re.S)
_CLASS_ATTRIBUTE = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VARIABLE_USE = re.compile(r"var\(\s*(--[\w-]+)")
_ARGUMENTS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # pseudo-class arguments, attribute selectors
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def lighten(page: str) -> str:
    """The page with its style sheets pruned to what it uses and the font subset to its characters."""
    shown = _SKIPPED.sub(" ", page)
    classes = frozenset(name for match in _CLASS_ATTRIBUTE.finditer(shown)
                        for name in (match.group(1) or match.group(2)).split())
    texts = tuple(dict.fromkeys(css for css in (m.group(2) for m in _STYLE.finditer(page)) if FONT_PLACEHOLDER not in css))
    sheets = _pruned(texts, classes, frozenset(_VARIABLE_USE.findall(shown)))
    seen: set[str] = set()

    def pruned(match: re.Match) -> str:
        css = match.group(2)
        if css in sheets:
            css = sheets[css]
        if not css.strip() or css.strip() in seen:  # nothing left, or a repeat of a block above
            return ""
        seen.add(css.strip())
        return match.group(1) + css + match.group(3)

    page = _STYLE.sub(pruned, page)
    if FONT_PLACEHOLDER in page:
        page = page.replace(FONT_PLACEHOLDER, font_faces(characters(shown)), 1)
    return page


@lru_cache(maxsize=8)
def _pruned(sheets: tuple[str, ...], classes: frozenset[str], reads: frozenset[str]) -> dict[str, str]:
    """Each style sheet pruned to the rules a page using these classes can match, keeping the custom properties
    read by those rules or by the page (``reads``). Pages of one kind use the same classes: pruned once per process,
    not once a page (a tenth of a unit page's CPU in its worker)."""
    kept = {css: _filtered(_parsed(_COMMENT.sub("", css)), classes) for css in sheets}
    used = _variables_read([item for items in kept.values() for item in items], sorted(reads))
    return {css: _serialised(items, used) for css, items in kept.items()}


def characters(shown: str) -> frozenset[str]:
    """The characters a page may draw, rounded up to those of every catalogue text, printable ASCII and every
    Vietnamese letter, so that pages share one subset (made once per process) unless they show something rarer."""
    return frozenset(html_text.unescape(shown)) | _common_characters()


# Every letter of Vietnamese, in both cases, and the signs pages print beside the catalogue's texts (nbconvert's "¶"
# after each heading, "±"): a unit's name with a rarer letter (Ứng Hòa, Mỹ Đức) no longer makes its page a subset
# of its own (0.15 s of CPU each, in every worker: 7 different subsets in a quarter's run before, 1 now).
VIETNAMESE = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư") | frozenset(chr(c) for c in range(0x1EA0, 0x1EFA))
PRINTED_SIGNS = frozenset("¶±")


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    from tipmonitor.core import words

    text = "".join(value for entry in words.WORDS.values() for value in entry.values())
    return frozenset(text) | frozenset(chr(c) for c in range(0x20, 0x7F)) | VIETNAMESE | PRINTED_SIGNS


# Subsets made by another process of the same run and handed over (``adopt_font_faces``): a run's parent makes the
# subset every page shares once, and its warm workers take it instead of each importing fontTools and cutting it again.
_HANDED: dict[frozenset[str], str] = {}


def shared_font_faces() -> tuple[frozenset[str], str]:
    """The characters every page's subset covers at least (``characters``) and their @font-face rules: the subset of
    any page that shows nothing rarer, to hand to the processes that export pages (``adopt_font_faces``)."""
    chars = _common_characters()
    return chars, font_faces(chars)


def adopt_font_faces(chars: frozenset[str], css: str) -> None:
    """Use ``css``, made by ``font_faces(chars)`` in another process from the same font files, for those characters."""
    _HANDED[chars] = css


@lru_cache(maxsize=16)
def font_faces(chars: frozenset[str]) -> str:
    """@font-face rules for the report font in both weights, cut to these characters (WOFF, inlined)."""
    import base64

    if chars in _HANDED:
        return _HANDED[chars]
    rules = []
    for weight, name in FONT_FILES:
        path = FONTS / name
        if path.is_file():
            data = base64.b64encode(_subset(str(path), chars)).decode("ascii")
            rules.append(f"@font-face {{ font-family: 'TM Sans'; font-weight: {weight}; "
                         f"src: url(data:font/woff;base64,{data}) format('woff'); }}")
    return "\n".join(rules)


def _subset(path: str, chars: frozenset[str]) -> bytes:
    from io import BytesIO

    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; WOFF2 would need brotli, which nothing else here needs
    options.hinting = False  # screens and printers render DejaVu well without its hints
    options.layout_features = ["*"]  # mark positioning: Vietnamese typed with combining marks
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars if not c.isspace() or c == " "))
    subsetter.subset(font)
    out = BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def prune_css(css: str, classes: frozenset[str]) -> str:
    """The rules of a style sheet whose selectors can match a page using these classes, minified.

    A selector is kept unless it names a class (outside :not() and other arguments) the page does
    not use; rule groups (@media, @supports) are pruned inside; other at-rules stay as they are.
    Custom properties (``--name: value``) are kept only if something kept reads them."""
    items = _filtered(_parsed(_COMMENT.sub("", css)), classes)
    return _serialised(items, _variables_read(items, []))


def _variables_read(items: list, reads: list[str]) -> set[str]:
    """The custom properties read by the kept declarations or the page, and by those, to a fixed point."""
    used = set(reads) | {name for text in _texts(items, variables=False) for name in _VARIABLE_USE.findall(text)}
    definitions = [(_variable(d), d) for d in _texts(items, variables=True)]
    while True:
        more = {name for n, d in definitions if n in used for name in _VARIABLE_USE.findall(d)} - used
        if not more:
            return used
        used |= more


_Item = tuple  # ("rule", selectors, declarations) | ("group", prelude, items) | ("raw", text)


@lru_cache(maxsize=8)
def _parsed(css: str) -> tuple[_Item, ...]:
    """A style sheet as rules (each with its selectors and declarations), groups and other at-rules."""
    items: list[_Item] = []
    for prelude, body in _blocks(css):
        if body is None:
            items.append(("raw", prelude + ";"))
        elif prelude.startswith(("@media", "@supports", "@layer", "@container")):
            items.append(("group", prelude, _parsed(body)))
        elif prelude.startswith("@"):
            items.append(("raw", f"{prelude}{{{_minify(body)}}}"))
        else:
            declarations = tuple(part.strip() for part in _split(body, ";") if part.strip())
            items.append(("rule", tuple(s.strip() for s in _split(prelude, ",")), declarations))
    return tuple(items)


def _filtered(items: tuple[_Item, ...], classes: frozenset[str]) -> list[_Item]:
    out: list[_Item] = []
    for item in items:
        if item[0] == "rule":
            selectors = [s for s in item[1] if _may_match(s, classes)]
            if selectors:
                out.append(("rule", selectors, item[2]))
        elif item[0] == "group":
            inner = _filtered(item[2], classes)
            if inner:
                out.append(("group", item[1], inner))
        else:
            out.append(item)
    return out


def _may_match(selector: str, classes: frozenset[str]) -> bool:
    bare = selector
    while _ARGUMENTS.search(bare):
        bare = _ARGUMENTS.sub("", bare)
    return all(name in classes for name in _CLASS.findall(bare))


def _variable(declaration: str) -> str | None:
    return declaration.split(":", 1)[0].strip() if declaration.startswith("--") else None


def _texts(items: list[_Item], variables: bool):
    """Declarations (custom properties, or all others and raw at-rules) of the kept items."""
    for item in items:
        if item[0] == "rule":
            yield from (d for d in item[2] if (_variable(d) is not None) == variables)
        elif item[0] == "group":
            yield from _texts(item[2], variables)
        elif not variables:
            yield item[1]


def _serialised(items: list[_Item], used: set[str]) -> str:
    out = []
    for item in items:
        if item[0] == "rule":
            kept = [d for d in item[2] if _variable(d) is None or _variable(d) in used]
            if kept:
                out.append(f"{','.join(item[1])}{{{';'.join(kept)}}}")
        elif item[0] == "group":
            inner = _serialised(item[2], used)
            if inner:
                out.append(f"{item[1]}{{{inner}}}")
        else:
            out.append(item[1])
    return "".join(out)


def _minify(body: str) -> str:
    return ";".join(part.strip() for part in _split(body, ";") if part.strip())


def _blocks(css: str):
    """Top-level (prelude, body) pairs; body None for a statement such as @import."""
    depth, start, prelude, quote = 0, 0, "", ""
    i = 0
    while i < len(css):
        ch = css[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                yield prelude, css[start:i]
                start = i + 1
        elif ch == ";" and depth == 0:
            statement = css[start:i].strip()
            if statement:
                yield statement, None
            start = i + 1
        i += 1


def _split(text: str, separator: str) -> list[str]:
    """Split at a separator outside quotes and brackets (a data URL's ';' or ',' stays put)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts
