"""Found and shared: the built pages as a search engine, a link preview and a validator read them.

The root address is the landing page itself; every page previews with its own description and an
image; each paper list carries schema.org ``ScholarlyArticle`` data that a JSON-LD processor
reads; the Nu HTML Checker finds no error on any page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyld import jsonld

from analysis.bib.model import Paper
from analysis.site.papers.jsonld import scholarly_articles
from tests.support.browser import book_pages
from tests.support.html import read_page, validation_errors

# schema.org's context, offline: every term in its vocabulary (what https://schema.org serves).
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}
SCHEMA = "https://schema.org/"


@dataclass
class Head:
    """The tags of a page that matter to previews and crawlers, and every JSON-LD block."""

    meta: dict[str, str]
    refresh: bool
    title: str
    jsonld: list[str]


def head(path: Path) -> Head:
    soup = read_page(path)
    tags = soup.find_all("meta")
    return Head(
        meta={t.get("name") or t["property"]: t.get("content", "") for t in tags
              if t.get("name") or t.get("property")},
        refresh=any((t.get("http-equiv") or "").lower() == "refresh" for t in tags),
        title=soup.title.get_text() if soup.title else "",
        jsonld=[s.get_text() for s in soup.find_all("script", type="application/ld+json")],
    )  # fmt: skip


def site_pages(site: Path) -> list[Path]:
    """Every page of the built site (not the theme's macro files under _static)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static")


def _offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise AssertionError(f"the JSON-LD needs a remote context: {url}")


def expand(text: str) -> list[dict]:
    """`text` parsed as JSON and expanded by PyLD (schema.org's context served offline)."""
    return jsonld.expand(json.loads(text), {"documentLoader": _offline_loader})


def articles(expanded: list[dict]) -> list[dict]:
    return [n for n in expanded if f"{SCHEMA}ScholarlyArticle" in n.get("@type", [])]


def value(node: dict, term: str) -> str:
    return node[SCHEMA + term][0]["@value"]


def test_root_address_is_the_landing_page_and_nothing_redirects(site):
    landing = head(site / "index.html")
    assert landing.meta.get("description"), "the landing page has no description"
    redirects = [str(p.relative_to(site)) for p in site_pages(site) if head(p).refresh]
    assert redirects == []


@pytest.mark.parametrize("page", [p for p in book_pages() if p != "index.html"])
def test_tab_title_names_the_page_then_the_site_once(site, page):
    title = " ".join(head(site / page).title.split())
    page_title, _, site_title = title.partition(" — ")
    assert page_title and site_title, title
    assert page_title.casefold() not in site_title.casefold()


def test_landing_tab_title_is_not_doubled(site):
    title = head(site / "index.html").title
    assert "—" not in title and title.strip()


@pytest.mark.parametrize("page", book_pages())
def test_social_preview_uses_the_pages_own_description_and_an_image(site, page):
    meta = head(site / page).meta
    assert meta.get("description"), f"{page} has no description"
    assert meta.get("og:description") == meta["description"]
    image = meta.get("og:image", "")
    assert image.startswith("https://"), image
    assert (site / image.split("/portfolio-book/", 1)[-1]).is_file(), image


def test_search_page_has_a_description(site):
    assert head(site / "search.html").meta.get("description")


def test_every_paper_on_the_publications_page_is_a_scholarly_article(site):
    page = head(site / "chapters" / "publications.html")
    assert len(page.jsonld) == 1
    found = articles(expand(page.jsonld[0]))
    cards = len(re.findall(r'<li class="portfolio-paper', (site / "chapters/publications.html")
                           .read_text(encoding="utf-8")))  # fmt: skip
    assert len(found) == cards > 0
    kan = [a for a in found if value(a, "headline") == "KAN: Kolmogorov-Arnold Networks"]
    assert kan, "KAN is not described with its title as the bib cases it"
    assert value(kan[0], "datePublished") == "2024"
    authors = [value(a, "name") for a in kan[0][SCHEMA + "author"]]
    assert authors[0] == "Ziming Liu"


def _paper(**changes) -> Paper:
    values = dict(
        key="k", entry_type="article", title="T", authors=("A B",), year=2020, venue_raw="",
        venue="arXiv", venue_type="preprint", links={"doi": "https://doi.org/10.1/x"},
    )  # fmt: skip
    values.update(changes)
    return Paper(**values)


def test_json_ld_cannot_be_ended_by_a_title():
    title = 'Evil </script><script>alert("x")</script> & <!-- title'
    text = scholarly_articles([_paper(title=title)], lambda p: "arXiv 2020")
    assert "<" not in text and ">" not in text and "&" not in text
    (article,) = articles(expand(text))
    assert value(article, "headline") == title  # the reader of the data gets it back intact
    assert value(article, "url") == "https://doi.org/10.1/x"


def test_nu_html_checker_finds_no_error_on_any_page(site, vnu):
    pages = site_pages(site)
    assert len(pages) >= len(book_pages())
    errors = validation_errors(vnu, pages)
    assert errors == [], "\n".join(errors[:30])


def test_nu_html_checker_reports_what_the_notebook_pages_used_to_have(tmp_path, vnu):
    # The page faults htmlfixes.py removes: the check must see them when they are there.
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        "<details><summary><p>Show code</p></summary>x</details></body></html>"
    )
    errors = validation_errors(vnu, [bad])
    assert any("summary" in e for e in errors), errors


@pytest.mark.parametrize(
    ("word", "stem"),
    [("grokking", "grok"), ("Grokking", "grok"), ("hopping", "hop"), ("falling", "fall")],
)
def test_search_index_stems_as_the_search_page_does(word, stem):
    # The search page's script stems "grokking" to "grok" (sphinx-doc/sphinx #13535).
    from analysis.site.theme.search import ScriptCompatibleEnglish

    assert ScriptCompatibleEnglish({}).stem(word) == stem
