"""The published report in headless Chromium with the network cut (Debian's chromium, no download)."""

import os
import shutil

import pytest

from tipmonitor.core import paths
from browser_check import CHROMIUM, check_report, chromium, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Chromium is not installed and could not be (make test installs Debian's chromium as root)")]

OUTPUT = paths.project_root() / "test-output"


@pytest.fixture(scope="module")
def published(sample_store, tmp_path_factory):
    from tipmonitor.run.runner import load_config, run_period

    # One warm worker: its four notebooks need no second one (a second worker and its kernel cost about 4-5 s of
    # CPU, docs/performance.md, session 10), and make test's other worker has the other core.
    result = run_period("2024-Q4", load_config(data=str(sample_store)), units=["002", "006"],
                        output=tmp_path_factory.mktemp("reports"), progress=False, workers=1)
    assert result.ok
    return result.folder


@pytest.fixture(scope="module")
def browser(published):
    """One Chromium for the module's checks, each in a context of its own (browser_check.chromium): six launches
    of about a second of CPU each before. After ``published``: the run is made before the browser starts."""
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def checked(published, browser):
    """The published report checked page by page once, with screenshots of two pages: read by the test of what every
    page renders and by the test of the pages' weight and fonts, which checked the same folder again before."""
    OUTPUT.mkdir(exist_ok=True)
    shots = {"period_report.html": OUTPUT / "period_report.png", "unit_profile-002.html": OUTPUT / "unit_profile-002.png"}
    return check_report(published, screenshots=shots, browser=browser), shots


def test_every_page_renders_offline_with_its_charts_and_vietnamese_text(checked):
    report, shots = checked
    assert report.blocked_requests == []  # nothing tried to reach any host
    assert set(report.pages) == {"index.html", "period_report.html", "data_quality.html", "unit_profile-002.html",
                                 "unit_profile-006.html"}
    for name, page in report.pages.items():
        assert page.broken_links == [], f"{name}: {page.broken_links}"
        assert page.vietnamese, f"{name}: no Vietnamese text with diacritics in the rendered page"
        assert page.empty_charts == 0, f"{name}: {page.empty_charts} chart(s) drawn with no real size"
    assert report.pages["period_report.html"].charts == 6  # 5, and the task groups' activities (issue #15)
    assert report.pages["unit_profile-002.html"].charts == 1
    for shot in shots.values():
        assert shot.is_file() and shot.stat().st_size > 50_000


def test_a_missing_chart_is_caught(published, browser, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(published, broken)
    page = broken / "period_report.html"
    html = page.read_text(encoding="utf-8")
    start = html.index("<svg")
    end = html.index("</svg>", start) + len("</svg>")
    page.write_text(html[:start] + '<svg width="0" height="0"></svg>' + html[end:], encoding="utf-8")
    report = check_report(broken, browser=browser)
    assert report.pages["period_report.html"].empty_charts == 1


def test_a_page_that_reaches_for_the_network_is_caught(published, browser, tmp_path):
    leaky = tmp_path / "leaky"
    shutil.copytree(published, leaky)
    page = leaky / "data_quality.html"
    html = page.read_text(encoding="utf-8").replace("</head>", '<script src="https://cdn.example.org/x.js"></script></head>', 1)
    page.write_text(html, encoding="utf-8")
    report = check_report(leaky, browser=browser)
    assert report.blocked_requests == ["https://cdn.example.org/x.js"]


def test_pages_are_light_and_draw_every_character_with_their_embedded_font(checked):
    """Issue #18 item 3: a unit page weighs at most 200 KB on average (650 KB before), still one file
    that renders offline, its font loaded and covering every character drawn, Vietnamese included."""
    report, _ = checked  # the same check of the same folder as the first test's
    assert report.blocked_requests == []
    for name, page in report.pages.items():
        assert page.missing_glyphs == "", f"{name}: no glyph in the embedded font for {page.missing_glyphs!r}"
        assert page.vietnamese
    # Tables, charts and the index are set in the report font (data_quality's text is all in rules that
    # ask for JupyterLab's system font stack, as before issue #18: its faces stay unloaded there).
    for name in ("index.html", "period_report.html", "unit_profile-002.html", "unit_profile-006.html"):
        fonts = report.pages[name].fonts_loaded
        assert "TM Sans normal" in fonts, f"{name}: the report font did not load ({fonts})"
    units = [page.size for name, page in report.pages.items() if name.startswith("unit_profile-")]
    assert len(units) == 2 and sum(units) / len(units) <= 200_000, units


def test_a_light_page_renders_exactly_as_the_page_with_the_whole_stylesheet_and_font(published, browser, tmp_path):
    """The same executed notebook exported the way pages were before issue #18 (JupyterLab's whole
    stylesheet, the whole font as TrueType): the two screenshots are the same to the pixel."""
    import re

    import nbformat

    from tipmonitor.present.html_export import _with_back_link, exporter, font_css

    light = (published / "unit_profile-002.html").read_text(encoding="utf-8")
    notebook = nbformat.read(str(published / "notebooks" / "unit_profile-002.ipynb"), as_version=4)
    notebook.metadata["title"] = re.search(r"<title>(.*?)</title>", light, re.S).group(1)
    heavy, _ = exporter("vi").from_notebook_node(notebook, resources={"tipmonitor_font_css": font_css()})
    heavy = _with_back_link(heavy, "vi")  # every page links back to the index (issue 25): not a matter of style
    (tmp_path / "heavy.html").write_text(heavy, encoding="utf-8")
    assert len(light) * 3 < len(heavy)
    screenshot(tmp_path / "heavy.html", tmp_path / "heavy.png", browser)
    screenshot(published / "unit_profile-002.html", tmp_path / "light.png", browser)
    assert (tmp_path / "heavy.png").read_bytes() == (tmp_path / "light.png").read_bytes()
