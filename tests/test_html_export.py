"""The page exporter gives the DOM nbconvert's own HTMLExporter gives, without its BeautifulSoup pass."""

import copy

import nbformat
import pytest
from bs4 import BeautifulSoup

from tipmonitor.present.html_export import exporter


def _executed_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Báo cáo\n\n![a chart](data:image/png;base64,iVBORw0KGgo=) 3 < 5 & 7 > 6"),
        nbformat.v4.new_code_cell("report.scorecard()", outputs=[
            nbformat.v4.new_output("execute_result", {"text/html": "<table><tr><td>Đạt</td></tr></table>",
                                                      "text/plain": "Đạt"}, execution_count=1)]),
        nbformat.v4.new_code_cell("report.section('x')", outputs=[
            nbformat.v4.new_output("display_data", {"text/markdown": "## Mục 2 <img src='x.png'> <IMG data-alt='y' src='y.png'>"})]),
        nbformat.v4.new_code_cell("figure", outputs=[
            nbformat.v4.new_output("display_data", {
                "image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'><title>Xu hướng</title></svg>",
                "text/html": "<div id='x' class='jp-OutputArea-output inner'>a nested area, class not first</div>"})]),
    ]
    return nb


@pytest.mark.slow  # about a second of CPU: make test runs it, make check leaves it out
def test_the_page_is_nbconverts_page_with_focusable_outputs_and_alternative_texts():
    from nbconvert import HTMLExporter

    ours = exporter("vi")
    stock = HTMLExporter(config=ours.config)
    resources = {"tipmonitor_font_css": ""}
    notebook = _executed_notebook()
    mine, _ = ours.from_notebook_node(copy.deepcopy(notebook), resources=dict(resources))
    theirs, _ = stock.from_notebook_node(copy.deepcopy(notebook), resources=dict(resources))
    assert str(BeautifulSoup(mine, "html.parser")) == str(BeautifulSoup(theirs, "html.parser"))
    soup = BeautifulSoup(mine, "html.parser")
    outputs = soup.select("div.jp-OutputArea-output")
    assert len(outputs) == 4 and all(o.get("tabindex") == "0" for o in outputs)
    assert soup.select("div.jp-Cell-inputWrapper")[0].get("tabindex") == "0"  # the Markdown cell
    assert len(soup.select("img")) == 3 and all(img.get("alt") for img in soup.select("img"))
    # Characters as themselves (as the soup writes them), markup characters still escaped: searchable text.
    assert "Báo cáo" in mine and "Mục 2" in mine and "&#" not in mine


def test_a_page_made_from_a_node_given_away_is_the_page_of_the_node_kept():
    """A worker gives its executed notebook away to the exporter (``own``): the formats no page shows (a chart's Vega
    spec beside its SVG) are taken out first, and the page is the same; an output with no shown format keeps all."""
    from tipmonitor.present.html_export import notebook_to_html

    notebook = _executed_notebook()
    vega = {"$schema": "https://vega.github.io/schema/vega/v5.json", "marks": [{"type": "rect"}] * 3}
    notebook.cells.append(nbformat.v4.new_code_cell("chart", outputs=[
        nbformat.v4.new_output("display_data", {"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'><title>Biểu đồ</title></svg>",
                                                "application/vnd.vega.v5+json": vega, "text/plain": "<chart>"}),
        nbformat.v4.new_output("display_data", {"application/vnd.vega.v5+json": vega})]))
    kept = notebook_to_html(copy.deepcopy(notebook), title="Trang", lang="vi")
    given = copy.deepcopy(notebook)
    assert notebook_to_html(given, title="Trang", lang="vi", own=True) == kept
    chart, alone = given.cells[-1].outputs
    assert set(chart.data) == {"image/svg+xml", "text/plain"} and set(alone.data) == {"application/vnd.vega.v5+json"}
    assert "Biểu đồ" in kept
