"""The analysis notebooks: they run as the owner would run them (nbclient, as JupyterLab does,
and the real ``jupyter nbconvert --execute``), and the built charts are fresh and reproducible.

- Each notebook (a MyST Markdown file in chapters/) executes in a copy of the book without an
  error or a line on stderr; every figure cell shows an SVG chart with its alt text, every
  number the page quotes is an output, and no text cell holds MyST that Jupyter shows raw.
- Outside a book, a notebook says it must run inside the book.
- Freshness: the notebooks are saved as JupyterLab saves them (jupytext's contents manager, with
  the book's jupytext.toml), then editing references.bib changes the charts, the page's numbers
  and publication-counts.csv on the next build of the same folder: the extension, not the front
  matter, makes the notebooks depend on the bibliography.
- A notebook that prints a warning fails the build (``nb_output_stderr: error``).
- Determinism: two clean builds of the same sources give byte-identical chart SVGs and CSV.

The build tests cost two builds of the book and two of a one-page book of their own, plus the
session's shared build.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.support.book import REPO, build_book, copy_book
from tests.support.notebooks import NOTEBOOKS, figure_cells, notebook_source

SVG = "image/svg+xml"
CSV_NAME = "publication-counts.csv"
# MyST that Jupyter's Markdown shows as raw text: roles, directives, substitutions.
RAW_MYST = re.compile(r"\{[a-z:-]+\}`|^(```|:::)\{|\{\{", re.M)
# Conferences the venue table knows: the new paper goes to the first the book has no paper at.
CONFERENCES = [
    "AAAI Conference on Artificial Intelligence",
    "International Joint Conference on Artificial Intelligence",
    "Conference on Uncertainty in Artificial Intelligence",
    "International Conference on Artificial Intelligence and Statistics",
]
NEW_PAPER = """
@inproceedings{{freshness{year},
  title = {{A Paper Added to Test Freshness}},
  author = {{Liu, Ziming and Tester, Tess}},
  booktitle = {{{booktitle}}},
  year = {{{year}}},
}}
"""


def absent_year_and_venue(book: Path) -> tuple[int, str, str]:
    """(year, booktitle, venue) that no paper of the book's references.bib has: whatever papers
    the owner adds, the new one makes a new row of the CSV and a new bar."""
    from analysis.bib.venues import VenueTable
    from analysis.book import load_book

    loaded = load_book(book)
    papers = loaded.bibliography.papers
    years, venues = {p.year for p in papers}, {p.venue for p in papers}
    last = datetime.date.today().year + 1  # the latest year the loader accepts
    year = next(y for y in range(last, 1900, -1) if y not in years)
    table = VenueTable(loaded.settings.venue_tables)
    named = [(b, table.classify(b, "inproceedings")) for b in CONFERENCES]
    booktitle, venue = next((b, v.name) for b, v in named if v.known and v.name not in venues)
    return year, booktitle, venue


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
def test_notebook_declares_python3_and_reads_well_in_jupyter(name):
    """The kernel MyST-NB starts; text cells are Markdown that Jupyter renders (no MyST role or
    directive shown raw); each figure cell has a caption and a name to link to."""
    notebook = jupytext.read(notebook_source(name))
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            assert not RAW_MYST.search(cell.source), f"{name}: raw MyST in {cell.source!r}"
    figures = figure_cells(name)
    assert figures, f"{name}: no figure cell"
    assert all(f["caption"].strip() and f["name"].startswith("fig-") for f in figures)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NOTEBOOKS])
def test_notebook_shows_every_chart_table_and_number_when_run(book_copy, name):
    """Run as the owner would: no error or stderr; each figure cell shows an SVG chart with its
    alt text; the opening numbers are a Markdown output; tables have one header row."""
    notebook = execute(jupytext.read(notebook_source(name, book_copy)), book_copy / "chapters")
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    errors = [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"]
    assert not errors
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, "the notebook printed warnings onto its page"
    figure_outputs = [
        cell.outputs
        for cell in notebook.cells
        if cell.cell_type == "code" and "figure" in cell.metadata.get("mystnb", {}) and cell.outputs
    ]  # a citations chart draws nothing before the owner fetches counts: it is not expected
    assert len(figure_outputs) == len(figure_cells(name))
    for (output,) in figure_outputs:  # one output each: the chart
        assert output.output_type == "execute_result"
        assert set(output.data) == {SVG, "text/plain"}, "a chart must be SVG only"
        svg = output.data[SVG]
        assert "<dc:date>" not in svg and "<text" in svg
        alt = output.metadata[SVG]["alt"]
        assert alt == output.data["text/plain"] and len(alt) > 40
    markdown = [o.data["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert markdown and re.search(r"\b\d+ papers?\b", markdown[0])
    assert "Ziming Liu" in markdown[0]  # this book's owner, from _config.yml
    tables = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 3
    for table in tables:
        assert "<style" not in table and "..." not in table  # nothing cut off
        head = table.split("<tbody>")[0]
        assert head.count("<tr") == 1, "a second header row (the index's name)"
        assert "venue_type" not in head and "<th>count</th>" not in head


def test_notebook_outside_a_book_says_it_must_run_inside_the_book(tmp_path):
    """Downloaded from the site and run elsewhere: a clear message, not a missing file."""
    shutil.copy(notebook_source("publication-record"), tmp_path / "publication-record.md")
    with pytest.raises(CellExecutionError) as failure:
        execute(jupytext.read(tmp_path / "publication-record.md"), tmp_path)
    message = str(failure.value)
    assert "NotInABookError" in message and "must run inside the book" in message
    assert "make lab" in message and "references.bib" not in message


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NOTEBOOKS])
def test_jupyter_nbconvert_execute_shows_the_charts_and_numbers(book_copy, name, tmp_path):
    """The plain route: jupytext to .ipynb, then the real `jupyter nbconvert --execute --to
    html`; the page holds every chart as SVG and the opening numbers as text."""
    ipynb = book_copy / "chapters" / f"{name}.ipynb"
    jupytext.write(jupytext.read(notebook_source(name, book_copy)), ipynb)
    nbconvert = Path(sys.executable).with_name("jupyter")
    subprocess.run(
        [str(nbconvert), "nbconvert", "--execute", "--to", "html", str(ipynb),
         "--output-dir", str(tmp_path)],
        check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/svg+xml') == len(figure_cells(name))
    assert re.search(r"\b\d+ papers\b", re.sub(r"<[^>]+>", " ", html))
    assert "{glue" not in html and ":::{" not in html


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


def save_as_jupyterlab_does(book: Path, name: str) -> None:
    """Open, run all and save `name` through jupytext's contents manager, which JupyterLab's
    jupytext extension serves notebooks with (with the book's jupytext.toml)."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(book))
    path = f"chapters/{name}.md"

    async def round_trip() -> None:
        model = await manager.get(path)
        notebook = execute(nbformat.from_dict(model["content"]), book / "chapters")
        await manager.save({"type": "notebook", "content": notebook}, path)

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this
    # one, where asyncio.run() refuses to start another.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, round_trip()).result()


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def page_papers(book: Path) -> int:
    """The number of papers the publication record's opening sentence states."""
    page = (book / "_build" / "html" / "chapters" / "publication-record.html").read_text("utf-8")
    return int(re.search(r"(\d+) papers? by ", re.sub(r"<[^>]+>", " ", page)).group(1))


@pytest.fixture(scope="module")
def own_build(tmp_path_factory: pytest.TempPathFactory):
    """A second copy of the book whose notebooks were saved in JupyterLab, cleanly built: (book
    folder, its charts and CSV right after)."""
    book = copy_book(tmp_path_factory.mktemp("fresh"))
    shutil.copy(REPO / "jupytext.toml", book / "jupytext.toml")
    for name in NOTEBOOKS:
        save_as_jupyterlab_does(book, name)
    return book, snapshot(book, build_book(book))


def test_a_jupyterlab_save_keeps_the_front_matter(own_build):
    """jupytext.toml keeps the page's `myst` front matter (its description) through a save."""
    book, _ = own_build
    for name in NOTEBOOKS:
        saved, original = (
            front_matter(notebook_source(name, book)),
            front_matter(notebook_source(name)),
        )
        assert saved["myst"] == original["myst"]
        assert saved["kernelspec"]["name"] == "python3"


def test_both_pages_show_all_their_charts(own_build):
    """Each notebook page shows one SVG image per figure cell of its source, with its alt."""
    book, (charts, _) = own_build
    for name in NOTEBOOKS:
        assert len(charts[name]) == len(figure_cells(name)), name
        page = (book / "_build" / "html" / "chapters" / f"{name}.html").read_text("utf-8")
        for figure in figure_cells(name):
            assert f'id="{figure["name"]}"' in page


def test_two_clean_builds_give_identical_charts_and_csv(built_book, own_build):
    """The session's build and this module's own build (two copies) agree byte for byte."""
    _, (charts, csv) = own_build
    other_charts, other_csv = snapshot(*built_book)
    assert csv == other_csv
    for name in NOTEBOOKS:
        assert len(charts[name]) == len(other_charts[name])
        for index, (mine, theirs) in enumerate(zip(charts[name], other_charts[name], strict=True)):
            assert mine == theirs, f"{name}: chart {index + 1} differs between two builds"


def test_editing_references_bib_refreshes_charts_numbers_and_csv(own_build):
    """After the JupyterLab save and a build, append a paper of a year and at a venue the book
    has none of, and rebuild the same folder (environment reused, no notebook touched): the
    page's count, charts and CSV follow."""
    book, (charts_before, csv_before) = own_build
    year, booktitle, venue = absent_year_and_venue(book)
    row = f"{year},{venue},conference,1"
    assert f"{year}," not in csv_before and f",{venue}," not in csv_before  # else it proves nothing
    papers_before = page_papers(book)
    with (book / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_PAPER.format(year=year, booktitle=booktitle))
    charts, csv = snapshot(book, build_book(book))

    assert sorted(csv.splitlines()) == sorted([*csv_before.splitlines(), row])
    assert page_papers(book) == papers_before + 1
    for name in NOTEBOOKS:
        changed = [a != b for a, b in zip(charts[name], charts_before[name], strict=True)]
        # The per-year charts of each page (venue types; author positions) count the new paper.
        assert changed[0 if name == "publication-record" else 1], f"{name}: a chart is stale"
    page = (book / "_build" / "html" / "chapters" / "publication-record.html").read_text("utf-8")
    assert venue in page  # in the table of every venue


WARNING_NOTEBOOK = """---
jupytext:
  text_representation: {extension: .md, format_name: myst, format_version: 0.13}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# A page that warns

```{code-cell} ipython3
import warnings

CODE
```
"""


@pytest.mark.parametrize(
    ("code", "builds"),
    [
        pytest.param('print("fine")', True, id="stdout-builds"),
        pytest.param('warnings.warn("constrained_layout not applied")', False, id="warning-fails"),
    ],
)
def test_a_notebook_that_prints_a_warning_fails_the_build(tmp_path, code, builds):
    """Warnings go to stderr; the book publishes none of it: the build fails, naming the page.
    The same one-page book printing to stdout builds, so the failure is the warning's."""
    book = copy_book(tmp_path)
    shutil.rmtree(book / "chapters")  # a one-page book: nothing else to build or link to
    (book / "index.md").unlink()
    (book / "_toc.yml").write_text("format: jb-book\nroot: warns\n", encoding="utf-8")
    (book / "warns.md").write_text(WARNING_NOTEBOOK.replace("CODE", code), encoding="utf-8")
    proc = build_book(book)
    output = proc.stdout + proc.stderr
    assert (proc.returncode == 0) == builds, output[-3000:]
    if not builds:
        assert "warns" in output and "stderr" in output
