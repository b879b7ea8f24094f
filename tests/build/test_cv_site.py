"""The CV in the built site: the CV page, the landing profile, JSON-LD, and the PDFs beside them.

A tiny book with a cv.yaml of its own is built with Jupyter Book (warnings as errors), as
``make book`` builds; the last tests read this book's own build (the session's ``site``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.bib.loader import load_bibliography
from analysis.cv.view import SECTIONS
from analysis.settings import Settings
from tests.support.book import REPO, build_book, built_ok, write_book
from tests.support.pdf import pdf_text, squeeze

CONFIG = """\
title: Tiny
author: Test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
html:
  baseurl: https://example.org/tiny/
sphinx:
  extra_extensions:
    - analysis.site.papers
    - analysis.site.cv
  config:
    portfolio_owner: [Ada Lovelace]
    portfolio_bibliography: references.bib
    portfolio_themes:
      - {slug: engines, title: Analytical Engines, chapter: chapters/engines}
"""
BIB = """\
@article{notes1943,
  title = {Notes on the Analytical Engine},
  author = {Lovelace, Ada and Babbage, Charles},
  journal = {Physical Review Letters},
  year = {1943},
  selected = {true},
  equal_contribution = {1, 2},
  honors = {Oral},
}

@article{second1943,
  title = {A Second Note},
  author = {Lovelace, Ada},
  journal = {Physical Review Letters},
  year = {1943},
  selected = {true},
}

@article{translation1942,
  title = {A Translation},
  author = {Menabrea, Luigi and Lovelace, Ada},
  collaboration = {Analytical},
  journal = {Physical Review Letters},
  year = {1942},
}
"""
CV = """\
basics:
  name: Ada Lovelace
  nativeName: 爱达
  nativeLang: zh
  label: "Analyst </script><script>alert(1)</script>"
  position: Countess
  affiliations: [{name: Analytical Society, url: "https://example.org/society"}]
  email: ada@example.org
  url: https://example.org/ada
  profiles:
    - {network: GitHub, url: "https://github.com/ada"}
work:
  - name: Analytical Society
    position: Analyst
    startDate: 1942-02
    highlights:
      - {theme: engines, text: described the engine}
education:
  - {institution: University of London, studyType: Private study, startDate: "1940"}
media:
  - {outlet: The Examiner, title: "An engine <b>that</b> weaves", url: "https://example.org/m"}
service:
  reviewing: [{category: Journals, venues: [Scientific Memoirs]}]
teaching:
  - {title: Engines 101, summary: Syllabus, url: "https://example.org/syllabus.pdf"}
skills:
  - {name: Technical skills, keywords: [Notes, Tables]}
languages:
  - {language: English, fluency: native}
representative: [second1943, notes1943]
"""
PAGES = {
    "index": "# Ada Lovelace\n\n:::{profile}\n:::\n",
    "chapters/cv": "# Curriculum vitae\n\n:::{cv}\n:::\n",
    "chapters/publications": "# Publications\n\n:::{publications}\n:::\n",
    "chapters/engines": "# Analytical Engines\n\nEngines.\n",
}


# A portrait for the tiny book (cv.yaml accepts png, jpg, webp or svg).
PORTRAIT = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8"/></svg>'


def write_cv_site(root: Path, cv: str | None = CV, bib: str = BIB, portrait: bool = False) -> Path:
    """Ada's book with a landing profile, a CV page and a publications page."""
    files = {}
    if portrait:
        files["_static/ada.svg"] = PORTRAIT
        cv = cv.replace("  nativeName:", "  image: _static/ada.svg\n  nativeName:")
    return write_book(root, config=CONFIG, bib=bib, cv=cv, pages=PAGES, files=files)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return built_ok(write_cv_site(tmp_path_factory.mktemp("cvbook"), portrait=True))


def visible(path: Path) -> str:
    markup = path.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def json_ld(markup: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S)
    return [json.loads(block) for block in blocks]


def test_the_cv_page_shows_every_section_and_one_compact_line_a_paper(tiny):
    page = tiny / "chapters" / "cv.html"
    markup, text = page.read_text(encoding="utf-8"), visible(page)
    for _, title in SECTIONS:
        assert f">{title}<" in markup, title
    # No paper cards: no BibTeX blocks, one line a paper in each list.
    assert "<details" not in markup
    representative = re.search(r'id="cv-representative-papers".*?</ol>', markup, re.S).group(0)
    assert representative.index("A Second Note") < representative.index("Notes on the Analytical")
    full = re.search(r'id="cv-full-publication-list".*?</section>', markup, re.S).group(0)
    assert full.count('class="cv-paper"') == 3
    assert full.index(">1943<") < full.index(">1942<")
    # Authors (owner marked, * equal contribution), title linking its card, venue, year, honours.
    assert 'href="publications.html#paper-notes1943"' in markup
    assert (
        '<strong class="cv-owner">Ada Lovelace</strong><abbr title="equal contribution">' in markup
    )
    assert "Oral" in text and "* equal contribution" in text
    assert re.search(r"Ada Lovelace \(Analytical Collaboration\)\. A Translation \.", text)
    assert 'href="engines.html"' in markup  # the highlight links its theme chapter
    assert "An engine &lt;b&gt;that&lt;/b&gt; weaves" in markup  # YAML text is escaped
    assert 'href="../cv.pdf"' in markup and 'href="../publications.pdf"' in markup


def test_the_landing_profile_and_its_person(tiny):
    markup = (tiny / "index.html").read_text(encoding="utf-8")
    assert '<span lang="zh">爱达</span>' in markup
    # The portrait named in cv.yaml, copied into the site.
    assert '<img class="cv-portrait" src="_static/ada.svg" alt="Portrait of Ada Lovelace"' in markup
    assert (tiny / "_static" / "ada.svg").read_bytes() == PORTRAIT
    for href in ("mailto:ada%40example.org", "cv.pdf", "https://example.org/ada",
                 "https://github.com/ada"):  # fmt: skip
        assert f'href="{href}"' in markup, href
    assert "<script>alert(1)" not in markup
    (person,) = [block for block in json_ld(markup) if block.get("@type") == "Person"]
    assert person["name"] == "Ada Lovelace"
    assert person["jobTitle"] == "Analyst </script><script>alert(1)</script>"
    assert person["affiliation"][0]["name"] == "Analytical Society"
    assert person["sameAs"] == ["https://github.com/ada", "https://example.org/ada"]


def test_the_pdfs_are_written_beside_the_pages(tiny):
    text = squeeze(pdf_text(tiny / "cv.pdf"))
    for title in ("Notes on the Analytical Engine", "A Second Note", "A Translation"):
        assert squeeze(title) in text
    assert PdfReader(tiny / "publications.pdf").metadata.title == "Ada Lovelace: Publications"
    assert (tiny / "cv.pdf").stat().st_mode & 0o044 == 0o044  # a web server may read it


def test_add_then_build_puts_the_new_paper_in_the_pdf_and_only_a_change_rebuilds(tmp_path):
    book = write_cv_site(tmp_path / "book")
    site = built_ok(book)
    before = (site / "cv.pdf").stat().st_mtime_ns
    built_ok(book)  # nothing changed: the PDF is not compiled again
    assert (site / "cv.pdf").stat().st_mtime_ns == before
    new = tmp_path / "new.bib"
    new.write_text(
        "@article{engine1944,\n  title = {The Engine Weaves Algebraic Patterns},\n"
        "  author = {Lovelace, Ada},\n  journal = {Nature},\n  year = {1944},\n}\n",
        encoding="utf-8",
    )
    add = subprocess.run(
        [sys.executable, "-m", "analysis", "add", str(new), "--bib", str(book / "references.bib")],
        capture_output=True,
        text=True,
    )
    assert add.returncode == 0, add.stderr
    built_ok(book)
    assert squeeze("The Engine Weaves Algebraic Patterns") in squeeze(pdf_text(site / "cv.pdf"))
    # Without a portrait, the landing page keeps a placeholder in its place.
    assert 'class="cv-portrait cv-initials"' in (site / "index.html").read_text(encoding="utf-8")
    assert "The Engine Weaves Algebraic Patterns" in visible(site / "chapters" / "cv.html")


def test_a_malformed_cv_fails_the_build_with_a_located_message(tmp_path):
    book = write_cv_site(tmp_path, cv=CV.replace("startDate: 1942-02", "startDate: February"))
    proc = build_book(book)
    assert proc.returncode != 0
    line = CV.splitlines().index("    startDate: 1942-02") + 1
    assert f"cv.yaml:{line}: work[0].startDate: 'February' is not" in proc.stdout + proc.stderr


def test_a_book_without_cv_yaml_builds_without_a_cv(tmp_path):
    site = built_ok(write_cv_site(tmp_path, cv=None))
    assert not (site / "cv.pdf").exists() and not (site / "publications.pdf").exists()
    assert "cv-section" not in (site / "chapters" / "cv.html").read_text(encoding="utf-8")
    assert "cv-profile" not in (site / "index.html").read_text(encoding="utf-8")


# --- This book's own build -------------------------------------------------------------------


def test_the_books_pdf_lists_every_paper_of_references_bib(site):
    papers = load_bibliography(REPO / "references.bib", Settings.from_book(REPO)).papers
    text = squeeze(pdf_text(site / "cv.pdf")).lower()
    for paper in papers:
        assert squeeze(paper.title).lower() in text, paper.key
    assert (site / "publications.pdf").stat().st_size > 0


def test_the_landing_page_is_a_home_page_not_provenance(site):
    markup = (site / "index.html").read_text(encoding="utf-8")
    text = visible(site / "index.html")
    assert 'class="cv-profile"' in markup and 'href="cv.pdf"' in markup
    assert "Ziming_resume.pdf" not in markup  # the stale PDF of the old home page
    for phrase in ("Source note", "marked selected", "About this book", "Not in the CV"):
        assert phrase not in text, phrase
    (person,) = [block for block in json_ld(markup) if block.get("@type") == "Person"]
    assert person["name"] == "Ziming Liu" and person["alternateName"] == "刘子鸣"
    cv_markup = (site / "chapters" / "cv.html").read_text(encoding="utf-8")
    assert 'href="../cv.pdf"' in cv_markup and "Ziming_resume.pdf" not in cv_markup
