"""The real book, built with Sphinx from a temporary copy: pages, papers, landing page, warnings."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from analysis import Settings, load_bibliography
from tests.support.book import REPO
from tests.support.html import visible_text


def toc_pages() -> list[str]:
    """Every page named in _toc.yml, as its source path without suffix."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(items):
        for item in items or []:
            if "file" in item:
                pages.append(item["file"])
            walk(item.get("sections"))
            walk(item.get("chapters"))

    walk(toc.get("parts"))
    return pages


@pytest.mark.parametrize("page", toc_pages())
def test_every_toc_page_produced_html(site, page):
    assert (site / f"{page}.html").is_file()


def test_the_build_has_no_warnings(built_book):
    _, proc = built_book
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    # Sphinx writes "WARNING: ..."; the kernel's log ("[IPKernelApp] WARNING | ...") is not ours.
    warnings = [line for line in output.splitlines() if "WARNING:" in line]
    assert not warnings, warnings


def test_every_bibliography_entry_is_on_the_publications_page(site):
    text = visible_text(site / "chapters" / "publications.html")
    papers = load_bibliography(REPO / "references.bib", Settings.from_book(REPO)).papers
    missing = [p.key for p in papers if " ".join(p.title.split()) not in text]
    assert not missing, f"not on the publications page: {missing}"


def test_the_landing_page_names_the_three_branches(site):
    text = visible_text(site / "index.html")
    for branch in ("Science of AI", "Science for AI", "AI for Science"):
        assert branch in text
    # Sphinx cloaks e-mail addresses in the markup; the link still writes to the owner.
    markup = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    assert 'href="mailto:zmliu%40mit.edu"' in markup


def test_the_cv_lists_every_experience(site):
    text = visible_text(site / "chapters" / "cv.html")
    for place in (
        "Massachusetts Institute of Technology",
        "Microsoft Research Asia",
        "Peking University",
    ):
        assert place in text


THEME_PAGES = [
    "chapters/physics-of-ai",
    "chapters/physics-for-ai",
    "chapters/ai-for-science",
    "chapters/neuroscience-for-ai",
    "chapters/math-for-ai",
]


@pytest.mark.parametrize("page", THEME_PAGES)
def test_citations_in_prose_link_to_the_pages_own_cards(site, page):
    markup = (site / f"{page}.html").read_text(encoding="utf-8")
    targets = re.findall(r'class="[^"]*portfolio-cite[^"]*" href="#(paper-[^"]+)"', markup)
    assert targets, "the page cites no paper of its own list"
    for target in targets:
        assert f'id="{target}"' in markup, f"citation #{target} has no card on the page"
    # One list per page: the paper list, no reference list of lower-cased titles above it.
    assert "footnote" not in markup


def test_decisions_are_on_the_data_page_not_under_papers(site):
    papers = load_bibliography(REPO / "references.bib", Settings.from_book(REPO)).papers
    decided = [p for p in papers if p.decision]
    assert decided, "no entry records a decision: the check below would pass vacuously"
    about = visible_text(site / "chapters" / "about-data.html")
    publications = visible_text(site / "chapters" / "publications.html")
    for paper in decided:
        decision = " ".join(paper.decision.split())
        # Sphinx curls quotes in page text; compare without them.
        plain = re.sub(r"[\"“”'‘’]", "", decision)
        assert plain in re.sub(r"[\"“”'‘’]", "", about), paper.key
        assert plain not in re.sub(r"[\"“”'‘’]", "", publications), paper.key
