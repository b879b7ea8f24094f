"""``python -m analysis init``: a new portfolio from someone's .bib, built as its owner would.

The new book is built with its own Makefile (``make book``: warnings are errors), with the test
venv's Jupyter Book and engine (no second venv here; test_packaging.py builds a book in a venv of
its own against the engine's wheel).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from pypdf import PdfReader

from analysis import __version__
from tests.support.book import FIXTURES, REPO

VENV = Path(sys.executable).parent.parent
OWNER = "Ada Lovelace"

# A small bibliography of someone else: six entry types, the owner in two positions.
PAPERS = """\
% Ada's papers, as her exporter wrote them.

@article{lovelace2018tables,
  title = {Tables of the Moon},
  author = {Lovelace, Ada},
  journal = {Philosophical Transactions of the Royal Society},
  year = {2018},
}

@techreport{lovelace2019loom,
  title = {Punched Cards from the Jacquard Loom},
  author = {Lovelace, Ada and Somerville, Mary},
  institution = {London Mechanics' Institute},
  year = {2019},
}

@phdthesis{lovelace2020thesis,
  title = {On the Calculus of the Nervous System},
  author = {Lovelace, Ada},
  school = {University of London},
  year = {2020},
}

@article{lovelace2021engine,
  title = {Notes on the Analytical Engine},
  author = {Lovelace, Ada and Babbage, Charles},
  journal = {Nature},
  year = {2021},
  doi = {10.1000/engine},
}

@inproceedings{lovelace2023bernoulli,
  title = {Computing Bernoulli Numbers by Machine},
  author = {Babbage, Charles and Lovelace, Ada},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2023},
  eprint = {2301.00001},
  archiveprefix = {arXiv},
}

@misc{lovelace2024poetry,
  title = {Poetical Science},
  author = {Lovelace, Ada},
  year = {2024},
  eprint = {2401.00002},
  archiveprefix = {arXiv},
}
"""
TITLES = ("Tables of the Moon", "Punched Cards from the Jacquard Loom",
          "On the Calculus of the Nervous System", "Notes on the Analytical Engine",
          "Computing Bernoulli Numbers by Machine", "Poetical Science")  # fmt: skip
SELECTED = PAPERS.replace("  year = {2021},\n", "  year = {2021},\n  selected = {true},\n")


def run_init(folder: Path, bib: Path, owner: str = OWNER) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "analysis", "init", str(folder), "--bib", str(bib),
               "--owner", owner]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def make_book(book: Path) -> subprocess.CompletedProcess[str]:
    """The new book's own `make book`, with this venv."""
    command = ["make", "--no-print-directory", "book", f"VENV={VENV}", "-o", f"{VENV}/.installed"]
    return subprocess.run(command, cwd=book, capture_output=True, text=True, timeout=900)


def _text(html: Path) -> str:
    return re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["selected", "newest"])
def new_book(request, tmp_path_factory):
    """(bibliography source, new book, its build) for a .bib with and without selected papers."""
    root = tmp_path_factory.mktemp(f"init-{request.param}")
    source = root / "papers.bib"
    source.write_text(SELECTED if request.param == "selected" else PAPERS, encoding="utf-8")
    book = root / "portfolio"
    book.mkdir()  # an empty folder is accepted as a new one
    proc = run_init(book, source)
    assert proc.returncode == 0, proc.stderr
    assert f"a portfolio of 6 papers by {OWNER}" in proc.stdout
    return source, book, make_book(book)


def test_the_new_book_builds_with_make_book(new_book):
    _, book, build = new_book
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    assert "build succeeded." in build.stdout
    for page in ("index", "chapters/publications", "chapters/publication-record",
                 "chapters/collaboration"):  # fmt: skip
        assert (book / "_build" / "html" / f"{page}.html").is_file(), page


def test_make_check_in_the_new_book_checks_its_bibliography(new_book):
    _, book, _ = new_book
    command = ["make", "--no-print-directory", "check", f"VENV={VENV}", "-o", f"{VENV}/.installed"]
    proc = subprocess.run(command, cwd=book, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "references.bib: 6 papers, 0 errors" in proc.stdout


def test_the_new_book_depends_on_the_engine_by_version(new_book):
    source, book, _ = new_book
    assert (book / "references.bib").read_bytes() == source.read_bytes()
    for name in ("Makefile", "requirements.txt", "jupytext.toml", "_config.yml", "_toc.yml"):
        assert (book / name).is_file(), name
    requirements = (book / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "jupyter-book==1.0.4.post1" in requirements  # this project's pins
    repository = yaml.safe_load((REPO / "_config.yml").read_text())
    engine = f"portfolio-analysis @ git+{repository['repository']['url']}@v{__version__}"
    assert requirements[-1] == engine
    # No copy of the package: no module and no package metadata of its own.
    assert not (book / "analysis").exists() and not (book / "pyproject.toml").exists()
    assert [p for p in book.rglob("*.py") if "_build" not in p.relative_to(book).parts] == []


def test_the_new_book_is_the_owners_with_no_themes(new_book):
    _, book, _ = new_book
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    assert config["author"] == OWNER
    assert config["sphinx"]["config"]["portfolio_owner"] == [OWNER]
    assert config["sphinx"]["config"]["portfolio_themes"] == []
    html = book / "_build" / "html"
    landing = (html / "index.html").read_text(encoding="utf-8")
    # A tab icon of its own, so no browser asks for a missing /favicon.ico.
    assert 'rel="icon" href="_static/favicon.svg"' in landing
    icon = (html / "_static" / "favicon.svg").read_text(encoding="utf-8")
    assert 'aria-label="AL"' in icon and ">AL</text>" in icon
    assert f"<h1>{OWNER}" in landing
    assert f'class="portfolio-owner">{OWNER}<' in landing
    publications = _text(html / "chapters" / "publications.html")
    for title in TITLES:
        assert title in publications
    # The filter form, as this book's publications page has it.
    form = (html / "chapters" / "publications.html").read_text(encoding="utf-8")
    assert '<form class="portfolio-filter"' in form and 'name="year"' in form
    # The themes section says how to declare themes, not an empty table of years.
    collaboration = _text(html / "chapters" / "collaboration.html")
    assert "declares no research themes yet" in collaboration
    assert 'alt="An empty chart: the book declares no research themes."' in (
        html / "chapters" / "collaboration.html"
    ).read_text(encoding="utf-8")
    # Nothing of this project's owner in the new book's pages.
    for page in html.rglob("*.html"):
        assert "Ziming" not in page.read_text(encoding="utf-8"), page


def test_the_new_book_has_a_404_page_from_the_root_of_its_domain(new_book):
    # No html.baseurl in the new book: the 404 page's links start at / (site/pagenotfound.py).
    _, book, _ = new_book
    page = (book / "_build" / "html" / "404.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert 'href="/_static/styles/sphinx-book-theme.css' in page
    assert '<a href="/chapters/publications.html">the publications</a>' in page


def test_the_landing_page_lists_the_selected_papers_or_else_the_newest(new_book, request):
    _, book, _ = new_book
    landing = _text(book / "_build" / "html" / "index.html")
    if "selected" in request.node.callspec.id:
        expected = {"Notes on the Analytical Engine"}
    else:  # the five newest
        expected = set(TITLES[1:])
    absent = set(TITLES) - expected
    for title in expected:
        assert title in landing
    for title in absent:
        assert title not in landing


def test_the_analysis_notebooks_ran_on_the_new_bibliography(new_book):
    _, book, _ = new_book
    html = book / "_build" / "html" / "chapters"
    for page in ("publication-record.html", "collaboration.html"):
        text = (html / page).read_text(encoding="utf-8")
        assert len(re.findall(r"<img\b", text)) >= 2, page  # charts drawn by the notebook
    csv = (book / "_build" / "html" / "publication-counts.csv").read_text(encoding="utf-8")
    assert "2018" in csv and "2024" in csv
    # Venues as the field names them: the journal by its ISO 4 abbreviation, the conference by
    # its acronym; the badge keeps the full name as its title.
    assert "2018,Philos. Trans. R. Soc.,journal,1" in csv and "2023,NeurIPS,conference,1" in csv
    cards = (html / "publications.html").read_text(encoding="utf-8")
    badge = 'title="Philosophical Transactions of the Royal Society">Philos. Trans. R. Soc. 2018<'
    assert badge in cards


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "papers.bib").write_text(PAPERS, encoding="utf-8")
    book = tmp_path / "existing"
    book.mkdir()
    (book / "notes.txt").write_text("mine", encoding="utf-8")
    proc = run_init(book, tmp_path / "papers.bib")
    assert proc.returncode == 2
    assert f"{book} exists and is not empty" in proc.stderr
    assert [p.name for p in book.iterdir()] == ["notes.txt"]


def test_init_refuses_a_bibliography_with_errors_and_writes_nothing(tmp_path):
    broken = PAPERS.replace("year = {2023}", "year = {20x3}") + "\n@article{unclosed,\n  title = {A"
    line = PAPERS[: PAPERS.index("@inproceedings{lovelace2023bernoulli")].count("\n") + 1
    (tmp_path / "papers.bib").write_text(broken, encoding="utf-8")
    proc = run_init(tmp_path / "book", tmp_path / "papers.bib")
    assert proc.returncode == 1
    assert re.search(rf"papers\.bib:{line}: lovelace2023bernoulli: year '20x3' is not a year",
                     proc.stderr)  # fmt: skip
    assert re.search(r"papers\.bib:\d+: unclosed: ", proc.stderr)
    assert "nothing was written" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.bib"]


def test_the_owners_name_is_text_in_markdown_and_yaml(tmp_path):
    owner = 'Ada "Countess" <i>Lovelace</i> *King*'
    (tmp_path / "papers.bib").write_text(PAPERS, encoding="utf-8")
    proc = run_init(tmp_path / "book", tmp_path / "papers.bib", owner=owner)
    assert proc.returncode == 0, proc.stderr
    assert "note: no paper lists" in proc.stderr  # this spelling is not in the file
    config = yaml.safe_load((tmp_path / "book" / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["portfolio_owner"] == [owner]
    heading = (tmp_path / "book" / "index.md").read_text(encoding="utf-8").split("\n# ")[1]
    # As Markdown renders the heading: the name as text, no tag, no emphasis.
    rendered = MarkdownIt("commonmark").renderInline(heading.split("\n")[0])
    assert rendered == "Ada &quot;Countess&quot; &lt;i&gt;Lovelace&lt;/i&gt; *King*"


def test_init_counts_the_venue_notes_as_check_does(tmp_path):
    (tmp_path / "papers.bib").write_text(PAPERS, encoding="utf-8")
    proc = run_init(tmp_path / "book", tmp_path / "papers.bib")
    assert proc.returncode == 0, proc.stderr
    # Three venues no table knows (the journal, the institute, the school): one line, not three.
    assert proc.stderr.splitlines() == [
        f"{tmp_path / 'papers.bib'}: note: 3 venues in no venue table, listed under their own "
        "names (python -m analysis check --strict lists them)"
    ]


def test_a_cv_added_as_the_new_books_readme_says_builds_the_page_and_the_pdfs(tmp_path):
    """The new owner follows their README: a cv.yaml, a page with its block in _toc.yml."""

    source = tmp_path / "papers.bib"
    source.write_text(PAPERS, encoding="utf-8")
    book = tmp_path / "portfolio"
    assert run_init(book, source).returncode == 0
    readme = (book / "README.md").read_text(encoding="utf-8")
    fences = [t.content for t in MarkdownIt().parse(readme) if t.type == "fence"]
    page = next(block for block in fences if "{cv}" in block)
    assert "cv.yaml" in readme and "chapters/cv.md" in readme
    (book / "chapters" / "cv.md").write_text(page, encoding="utf-8")
    toc = book / "_toc.yml"
    listing = "      - file: chapters/publications\n"
    toc.write_text(toc.read_text().replace(listing, listing + "      - file: chapters/cv\n"))
    (book / "cv.yaml").write_text(
        f"basics:\n  name: {OWNER}\n  label: Analyst\n"
        "work:\n  - {name: Analytical Society, position: Fellow, startDate: '2019-01'}\n"
    )
    build = make_book(book)
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    html = book / "_build" / "html"
    cv_page = _text(html / "chapters" / "cv.html")
    assert "Analytical Society" in cv_page
    pdf = " ".join(p.extract_text() for p in PdfReader(html / "cv.pdf").pages)
    for title in TITLES:
        assert title in cv_page and title in " ".join(pdf.split()), title
    assert (html / "publications.pdf").is_file()


CJK_BIB = FIXTURES / "cjk.bib"


@pytest.fixture(scope="module")
def cjk_book(tmp_path_factory):
    """(a new book of tests/fixtures/cjk.bib, its build), its owner named in both scripts."""
    book = tmp_path_factory.mktemp("init-cjk") / "book"
    command = [sys.executable, "-m", "analysis", "init", str(book), "--bib", str(CJK_BIB),
               "--owner", "翔太 堀口"]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "no paper lists" not in proc.stderr  # 堀口, 翔太 and 堀口翔太 are 翔太 堀口
    # The owner adds the romanised form, as the new _config.yml's comment says.
    config = book / "_config.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('  - "翔太 堀口"\n', '  - "翔太 堀口"\n      - Shota Horiguchi\n')
    config.write_text(text, encoding="utf-8")
    return book, make_book(book)


def test_a_book_in_japanese_and_chinese_builds_with_its_owner_in_both_scripts(cjk_book):
    """Japanese and Chinese coauthors, titles and venues, a paper 'to appear', and an owner
    written in both scripts: the book builds (a notebook's "Glyph missing" warning on stderr
    would fail it), the owner is marked in either script, forthcoming papers come first."""
    book, build = cjk_book
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["portfolio_owner"] == ["翔太 堀口", "Shota Horiguchi"]
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    assert "Glyph" not in build.stdout + build.stderr
    html = book / "_build" / "html"
    page = (html / "chapters" / "publications.html").read_text(encoding="utf-8")
    assert page.count('class="portfolio-owner">堀口翔太<') == 3
    assert page.count('class="portfolio-owner">Shota Horiguchi<') == 2
    assert '<form class="portfolio-filter"' in page and '<option value="Forthcoming">' in page
    assert 'name="theme"' not in page  # no themes declared: no empty theme field
    headings = re.findall(r'class="portfolio-year rubric">([^<]+)<', page)
    assert headings == ["Forthcoming", "2023", "2022", "2021"]
    assert page.index("将来の研究") < page.index("話者ダイアライゼーション")
    record = (html / "chapters" / "publication-record.html").read_text(encoding="utf-8")
    assert "from 2021 to 2023 (1 of them forthcoming)" in _text(
        html / "chapters" / "publication-record.html"
    )
    assert "9999" not in record
    collaboration = (html / "chapters" / "collaboration.html").read_text(encoding="utf-8")
    assert "李明华" in collaboration  # a coauthor in the chart's table


def test_the_new_books_filter_finds_forthcoming_papers_and_cjk_words(cjk_book, chromium):
    from tests.support.browser import serve, visit

    book, build = cjk_book
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    shown = "cards => cards.filter(c => c.offsetParent).map(c => c.id)"
    page = "chapters/publications.html"
    with serve(book / "_build" / "html") as url, visit(chromium, url + page) as v:
        form = v.page.get_by_role("search", name="Filter the papers")
        form.get_by_label("Year").select_option("Forthcoming")
        assert v.page.eval_on_selector_all("li.portfolio-paper", shown) == ["paper-future"]
        form.get_by_label("Year").select_option("")
        form.get_by_label("Search the papers").fill("李明华")
        assert v.page.eval_on_selector_all("li.portfolio-paper", shown) == ["paper-li2021history"]
