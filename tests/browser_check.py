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
    when none is given): index.html first, then every page it links, in its order. Those are opened ``AHEAD`` at a
    time, each in a tab of its own, and checked in their order: Chromium lays out the next pages while this process
    and Playwright's driver check one (with one tab each waited on the other: 2026-Q3's 161 pages used 0.64 of a core
    for 34.5 s, now 0.72 for 31.4 s, the same CPU; docs/performance.md, session 12). Every page is checked whole, as
    before, once it has loaded."""
    if browser is None:
        with chromium() as own:
            return check_report(folder, screenshots, own)
    blocked: list[str] = []
    pages: dict[str, PageReport] = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        cut_network(context, ("file:", "data:", "about:"), blocked)
        tabs = [context.new_page()]
        index = folder / "index.html"
        _start(tabs[0], index)
        tabs[0].wait_for_load_state("load")
        pages[index.name] = _check_page(tabs[0], index)
        _screenshot(tabs[0], index, screenshots)
        queue: list[Path] = []
        for href in tabs[0].eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = folder / unquote(href)
            if href.endswith(".html") and target.is_file() and target.name not in pages \
                    and target.name not in {p.name for p in queue}:
                queue.append(target)
        tabs += [context.new_page() for _ in range(1, min(AHEAD, len(queue)))]
        opened = list(zip(tabs, queue))  # (tab, page) in the queue's order
        for tab, path in opened:
            _start(tab, path)
        following = len(opened)
        while opened:
            tab, path = opened.pop(0)
            tab.wait_for_load_state("load")
            pages[path.name] = _check_page(tab, path)
            _screenshot(tab, path, screenshots)
            if following < len(queue):
                _start(tab, queue[following])
                opened.append((tab, queue[following]))
                following += 1
    finally:
        context.close()
    return BrowserReport(pages, blocked)


AHEAD = 3  # pages opened at a time by check_report (one context: a second was slower, session 12)


def _start(page, path: Path) -> None:
    """``path`` opened in the tab ``page``: the call returns once Chromium has the file, before it is laid out
    (``page.wait_for_load_state("load")`` then waits for the page's load event, as ``page.goto`` did)."""
    page.goto(path.resolve().as_uri(), wait_until="commit")


def _screenshot(page, path: Path, screenshots: dict[str, Path] | None) -> None:
    if screenshots and path.name in screenshots:
        page.screenshot(path=str(screenshots[path.name]), full_page=True)


def _check_page(page, path: Path) -> PageReport:
    """What the loaded page ``path`` in the tab ``page`` shows."""
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
