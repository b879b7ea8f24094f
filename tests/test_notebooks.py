"""The analysis notebooks: they run as the owner would run them, and the built charts are fresh and
reproducible.

- Each notebook (a MyST Markdown file in chapters/) executes with nbclient in a copy of the book,
  without an error, and every chart it glues is SVG.
- Freshness: editing references.bib changes the charts and publication-counts.csv on the next
  build of the same folder (jupyter-cache keys only on code cells, so the notebooks opt out of it).
- Determinism: two clean builds of the same sources give byte-identical chart SVGs and CSV.

The build tests cost two builds of their own plus the session's shared build (three in all).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import REPO, build_book, copy_book
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

NOTEBOOKS = ("publication-record", "collaboration")
SVG = "image/svg+xml"
GLUE_PREFIX = "application/papermill.record/"  # how myst_nb.glue(display=False) stores data
CSV_NAME = "publication-counts.csv"
# A paper in a year (2025) and at a venue (AAAI) the bibliography does not have yet.
NEW_PAPER = """
@inproceedings{freshness2025aaai,
  title = {A Paper Added to Test Freshness},
  author = {Liu, Ziming and Tester, Tess},
  booktitle = {AAAI Conference on Artificial Intelligence},
  year = {2025},
  keywords = {physics-of-ai},
}
"""


def notebook_source(name: str) -> Path:
    """The notebook's MyST Markdown source in the repository."""
    return REPO / "chapters" / f"{name}.md"


def glued_figures(name: str) -> list[str]:
    """The names the notebook's ``{glue:figure}`` directives show, in page order."""
    return re.findall(r"^```\{glue:figure\}\s+(\S+)", notebook_source(name).read_text(), re.M)


def execute(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run `notebook` in `folder` with the python3 kernel, as MyST-NB and Jupyter do."""
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    return client.execute()


@pytest.fixture(scope="module")
def book_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the book's sources (not built) for the notebooks to run in."""
    return copy_book(tmp_path_factory.mktemp("notebooks"))


def test_the_python3_kernel_is_this_environment(book_copy):
    """The notebooks' kernel, python3, resolves and runs this venv's interpreter.

    jupyter_client replaces the spec's bare ``python`` with ``sys.executable``, and falls back to
    ipykernel's own spec when none is installed, which is what MyST-NB relies on too.
    """
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.language == "python"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")]
    )
    (output,) = execute(notebook, book_copy).cells[0].outputs
    assert output.text.strip() == sys.prefix


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NOTEBOOKS])
def test_notebook_declares_python3_and_opts_out_of_the_cache(name):
    """The kernel MyST-NB starts, and ``execution_mode: force``: the cache cannot see the .bib."""
    metadata = jupytext.read(notebook_source(name)).metadata
    assert metadata["kernelspec"]["name"] == "python3"
    assert metadata["mystnb"]["execution_mode"] == "force"


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NOTEBOOKS])
def test_notebook_executes_without_errors_and_glues_svg_charts(book_copy, name):
    """Run as the owner would: no error or stderr output, and every glued figure is SVG only."""
    notebook = execute(jupytext.read(book_copy / "chapters" / f"{name}.md"), book_copy / "chapters")
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    errors = [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"]
    assert not errors
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, "the notebook printed warnings onto its page"
    glued = {
        o.metadata["scrapbook"]["name"]: o.data
        for o in outputs
        if o.output_type == "display_data" and "scrapbook" in o.get("metadata", {})
    }
    figures = glued_figures(name)
    assert figures, "no {glue:figure} in the notebook"
    for figure in figures:
        assert figure in glued, f"{figure} is shown but never glued"
        mimetypes = {key.removeprefix(GLUE_PREFIX) for key in glued[figure]}
        assert SVG in mimetypes, f"{figure} is not SVG: {sorted(mimetypes)}"
        assert "image/png" not in mimetypes, f"{figure} is also a PNG"
        svg = glued[figure][GLUE_PREFIX + SVG]
        assert "<dc:date>" not in svg and "<text" in svg


# --- Built site: freshness and determinism ---


def chart_images(site: Path) -> dict[str, list[bytes]]:
    """Per notebook page: the SVG bytes of each chart image it shows, in page order."""
    charts = {}
    for name in NOTEBOOKS:
        page = (site / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        sources = re.findall(r'<img\b[^>]*\bsrc="\.\./(_images/[^"]+\.svg)"', page)
        charts[name] = [(site / source).read_bytes() for source in sources]
    return charts


def snapshot(book: Path, proc) -> tuple[dict[str, list[bytes]], str]:
    """(chart SVGs per page, CSV text) of a finished build; fails if the build failed."""
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    site = book / "_build" / "html"
    return chart_images(site), (site / CSV_NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def own_build(tmp_path_factory: pytest.TempPathFactory):
    """A clean build of a second copy of the book: (book folder, its charts and CSV right after)."""
    book = copy_book(tmp_path_factory.mktemp("fresh"))
    return book, snapshot(book, build_book(book))


@pytest.mark.build
def test_both_pages_show_all_their_charts(own_build):
    """Each notebook page shows one SVG image per ``{glue:figure}`` of its source."""
    _, (charts, _) = own_build
    for name in NOTEBOOKS:
        assert len(charts[name]) == len(glued_figures(name)), name


@pytest.mark.build
def test_two_clean_builds_give_identical_charts_and_csv(built_book, own_build):
    """The session's build and this module's own build (two copies) agree byte for byte."""
    _, (charts, csv) = own_build
    other_charts, other_csv = snapshot(*built_book)
    assert csv == other_csv
    for name in NOTEBOOKS:
        assert len(charts[name]) == len(other_charts[name])
        for index, (mine, theirs) in enumerate(zip(charts[name], other_charts[name], strict=True)):
            assert mine == theirs, f"{name}: chart {index + 1} differs between two builds"


@pytest.mark.build
def test_editing_references_bib_refreshes_charts_and_csv(own_build):
    """Append a 2025 AAAI paper and rebuild the same folder (caches reused): all of it shows."""
    book, (charts_before, csv_before) = own_build
    assert "2025" not in csv_before and "AAAI" not in csv_before  # else the test proves nothing
    with (book / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_PAPER)
    charts, csv = snapshot(book, build_book(book))

    assert csv.splitlines()[-1] == "2025,AAAI,conference,1"
    assert csv.splitlines()[:-1] == csv_before.splitlines()
    per_year, by_venue = charts["publication-record"][:2]
    assert b">2025<" in per_year, "the per-year chart has no 2025"
    assert b"AAAI" in by_venue, "the by-venue chart has no AAAI"
    for name in NOTEBOOKS:
        changed = [a != b for a, b in zip(charts[name], charts_before[name], strict=True)]
        assert any(changed), f"no chart on {name} changed"
    page = (book / "_build" / "html" / "chapters" / "publication-record.html").read_text("utf-8")
    assert "2025" in re.sub(r"<[^>]+>", " ", page.split('class="portfolio-data-source"')[1])
