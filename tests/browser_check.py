"""Checks of a published report in a real browser (headless Chromium), with the network cut.

``check_report(folder)`` opens index.html and every page it links from the file system,
refuses every request that is not a local file (and records it), and returns what it
found per page: links that do not resolve, charts drawn with no real size, the number
of charts, and whether Vietnamese text is present in the rendered page. Used by the
tests (tests/test_browser.py); Debian's chromium is driven through Playwright's library
with the system browser, never a downloaded one.
"""

from __future__ import annotations

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


@dataclass
class BrowserReport:
    pages: dict[str, PageReport]
    blocked_requests: list[str]


def check_report(folder: Path, screenshots: dict[str, Path] | None = None) -> BrowserReport:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    pages: dict[str, PageReport] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})

            def route(r):
                if r.request.url.startswith(("file:", "data:", "about:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
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
            browser.close()
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
    report.vietnamese = bool(VIETNAMESE & set(page.inner_text("body")))
    return report
