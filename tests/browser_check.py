"""Checks of a published report in a real browser (headless Chromium), with the network cut.

``check_report(folder)`` opens index.html and every page it links from the file system,
refuses every request that is not a local file (and records it), and returns what it
found per page: links that do not resolve, charts drawn with no real size, the number
of charts, whether Vietnamese text is present in the rendered page, the page's weight, the
faces of the report font the browser loaded, and any character drawn (text or chart) that
the font embedded in the page has no glyph for. Used by the
tests (tests/test_browser.py); Debian's chromium is driven through Playwright's library
with the system browser, never a downloaded one. ``chromium()`` starts one browser that a module's
tests share (each check in a fresh context of its own): starting Chromium and Playwright's driver costs
about a second of CPU, which a module of several checks paid once per check before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


@dataclass
class PageReport:
    path: Path
    charts: int = 0
    empty_charts: int = 0
    broken_links: list[str] = field(default_factory=list)
    vietnamese: bool = False
    title: str = ""
    size: int = 0
    fonts_loaded: list[str] = field(default_factory=list)
    missing_glyphs: str = ""


@dataclass
class BrowserReport:
    pages: dict[str, PageReport]
    blocked_requests: list[str]


@contextmanager
def chromium() -> Iterator:
    """One headless Chromium (Debian's), closed when the block ends: a module's fixture holds it for its tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def cut_network(context, allowed: tuple[str, ...], blocked: list[str], seen: list[str] | None = None) -> None:
    """Every request of the browser ``context`` whose address does not start with one of ``allowed`` refused and
    recorded in ``blocked``; every request recorded in ``seen`` when given."""
    def route(r):
        if seen is not None:
            seen.append(r.request.url)
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)


def check_report(folder: Path, screenshots: dict[str, Path] | None = None, browser=None) -> BrowserReport:
    """The report in ``folder`` checked page by page, in a context of its own of ``browser`` (a Chromium of its own
    when none is given)."""
    if browser is None:
        with chromium() as own:
            return check_report(folder, screenshots, own)
    blocked: list[str] = []
    pages: dict[str, PageReport] = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        cut_network(context, ("file:", "data:", "about:"), blocked)
        page = context.new_page()
        queue = [folder / "index.html"]
        while queue:
            path = queue.pop(0)
            if path.name in pages:
                continue
            report = _check_page(page, path)
            pages[path.name] = report
            if screenshots and path.name in screenshots:
                page.screenshot(path=str(screenshots[path.name]), full_page=True)
            if path.name == "index.html":
                for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                    target = folder / unquote(href)
                    if href.endswith(".html") and target.is_file():
                        queue.append(target)
    finally:
        context.close()
    return BrowserReport(pages, blocked)


def _check_page(page, path: Path) -> PageReport:
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    report = PageReport(path, title=page.title())
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto") or href.startswith("#"):
            continue
        if not (path.parent / unquote(parsed.path)).exists():
            report.broken_links.append(href)
    sizes = page.eval_on_selector_all(
        ".jp-RenderedSVG svg, .jp-RenderedImage img",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    report.charts = len(sizes)
    report.empty_charts = sum(1 for width, height in sizes if width < 50 or height < 50)
    text = page.inner_text("body") + "".join(page.eval_on_selector_all("svg text", "els => els.map(e => e.textContent)"))
    report.vietnamese = bool(VIETNAMESE & set(text))
    report.size = path.stat().st_size
    report.fonts_loaded = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '') + ' ' + f.weight); }""")
    report.missing_glyphs = missing_glyphs(path.read_text(encoding="utf-8"), text)
    return report


def missing_glyphs(html: str, text: str) -> str:
    """The characters of the text that some face of the font embedded in the page cannot draw."""
    import base64
    import re
    from io import BytesIO

    from fontTools.ttLib import TTFont

    faces = [TTFont(BytesIO(base64.b64decode(data)))
             for data in re.findall(r"url\(data:font/(?:woff|ttf);base64,([A-Za-z0-9+/=]+)\)", html)]
    if not faces:
        return "(no embedded font)"
    cmaps = [face.getBestCmap() for face in faces]
    return "".join(sorted({ch for ch in text if not ch.isspace() and any(ord(ch) not in cmap for cmap in cmaps)}))


def screenshot(path: Path, target: Path, browser=None) -> None:
    """A full-page screenshot of one page, with the network cut as in check_report, in a context of its own of
    ``browser`` (a Chromium of its own when none is given)."""
    if browser is None:
        with chromium() as own:
            return screenshot(path, target, own)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(target), full_page=True)
    finally:
        context.close()
