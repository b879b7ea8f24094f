"""Papers -> docutils nodes for the ``publications`` directive.

Everything is built from docutils nodes, never from HTML strings, so whatever a BibTeX entry holds
(``<script>`` in a title, quotes in a URL) reaches the page escaped by the HTML writer. Links are
only made from http(s) and relative URLs.
"""

from __future__ import annotations

import re
from itertools import groupby

from docutils import nodes

from analysis.bib.model import Paper
from analysis.site.titles import title_node

LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "doi": "DOI",
    "code": "Code",
    "html": "Project page",
    "url": "Web page",
}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class bibtex_details(nodes.container):  # noqa: N801 (docutils names nodes in lower case)
    """A collapsible block holding a paper's BibTeX; ``<details>`` in HTML.

    It is a container, so builders without a visitor of their own (LaTeX, text, ...) fall back
    to the container's and simply show the BibTeX.
    """


def visit_bibtex_details_html(translator, node: bibtex_details) -> None:
    translator.body.append(translator.starttag(node, "details", ""))
    translator.body.append("<summary>BibTeX</summary>\n")


def depart_bibtex_details_html(translator, node: bibtex_details) -> None:
    translator.body.append("</details>\n")


def safe_href(url: str) -> str | None:
    """`url` when it may become a link (http, https or a relative path), else None."""
    # Browsers drop tabs and newlines inside URLs ("java\nscript:"), so refuse any such character.
    if not url or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        return None
    scheme = _SCHEME_RE.match(url)
    if scheme:
        return url if scheme.group(1).lower() in ("http", "https") else None
    # "//host" is another site and "\" is read as "/" by browsers: neither is relative.
    return None if url.startswith("//") or "\\" in url else url


def render_list(papers: list[Paper], document: nodes.document, group_by: str = "year") -> list:
    """A ``<div>`` listing `papers` in the given order, grouped under year headings or not."""
    container = nodes.container(classes=["portfolio-publications"])
    if group_by == "year":
        for year, group in groupby(papers, key=lambda p: p.year):
            container += nodes.rubric(str(year), str(year), classes=["portfolio-year"])
            container += _bullet_list(list(group), document)
    else:
        container += _bullet_list(papers, document)
    if any(p.equal_contribution for p in papers):
        container += nodes.paragraph("", "* equal contribution", classes=["portfolio-legend"])
    return [container]


def _bullet_list(papers: list[Paper], document: nodes.document) -> nodes.bullet_list:
    bullet_list = nodes.bullet_list(classes=["portfolio-list"])
    for paper in papers:
        bullet_list += render_paper(paper, document)
    return bullet_list


def render_paper(paper: Paper, document: nodes.document) -> nodes.list_item:
    """One paper: title, authors, venue badge and honours, links, BibTeX and its source note."""
    item = nodes.list_item(classes=["portfolio-paper"])
    _set_unique_id(item, f"paper-{paper.key}", document)
    item += title_node(paper)
    item += _authors(paper)
    item += _badges(paper)
    links = _links(paper)
    if links is not None:
        item += links
    raw = paper.raw.strip()
    if raw:
        details = bibtex_details(classes=["portfolio-bibtex"])
        # force: an entry Pygments cannot lex is still shown (plain) rather than failing the build.
        details += nodes.literal_block(raw, raw, language="bibtex", force=True)
        item += details
    if paper.decision:
        item += nodes.paragraph("", f"Source note: {paper.decision}", classes=["portfolio-note"])
    return item


def _set_unique_id(node: nodes.Element, wanted: str, document: nodes.document) -> None:
    # Stable ids let other pages link to a paper; a page listing it twice gets "-2" on the second.
    base = nodes.make_id(wanted)
    candidate, number = base, 2
    while candidate in document.ids:
        candidate, number = f"{base}-{number}", number + 1
    node["ids"].append(candidate)
    document.ids[candidate] = node


def _authors(paper: Paper) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["portfolio-authors"])
    for position, name in enumerate(paper.authors):
        if position:
            paragraph += nodes.Text(", ")
        if paper.et_al and position == len(paper.authors) - 1:
            paragraph += nodes.Text("et al.")
            continue
        if position in paper.owner_positions:
            paragraph += nodes.strong(name, name, classes=["portfolio-owner"])
        else:
            paragraph += nodes.Text(name)
        if position in paper.equal_contribution:
            paragraph += nodes.abbreviation("*", "*", explanation="equal contribution")
    return paragraph


def _badges(paper: Paper) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["portfolio-meta"])
    label = f"{paper.venue} {paper.year}"
    paragraph += nodes.inline(
        label, label, classes=["portfolio-badge", f"portfolio-venue-{paper.venue_type}"]
    )
    for honor in paper.honors:
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline(honor, honor, classes=["portfolio-badge", "portfolio-honor"])
    return paragraph


def _links(paper: Paper) -> nodes.paragraph | None:
    paragraph = nodes.paragraph(classes=["portfolio-links"])
    for kind, label in LINK_LABELS.items():
        href = safe_href(paper.links.get(kind, "").strip())
        if href is None:
            continue
        if len(paragraph):
            paragraph += nodes.Text(" ")  # the stylesheet spaces the links out
        # The title says which paper the link belongs to, for lists of many "arXiv" links.
        paragraph += nodes.reference(label, label, refuri=href, reftitle=f"{label}: {paper.title}")
    return paragraph if len(paragraph) else None
