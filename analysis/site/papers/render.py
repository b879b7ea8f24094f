"""Papers -> docutils nodes for the ``publications`` directive.

Everything is built from docutils nodes, never from HTML strings, so whatever a BibTeX entry holds
(``<script>`` in a title, quotes in a URL) reaches the page escaped by the HTML writer. Links are
only made from http(s) and relative URLs.

A card stays small (about 13 elements, see ``make bench``): its BibTeX and its abstract are not
in the page but in files of their own (``_bibtex/KEY.bib``, ``_abstracts/KEY.html``, written by
:mod:`.bibtexfiles`), linked from the card and shown in it when opened, so a list of
1,000 papers, half of them with an abstract, loads fast on a phone.
"""

from __future__ import annotations

import html
import re
from itertools import groupby

from docutils import nodes
from sphinx.util.osutil import relative_uri

from analysis.bib.labels import shown_authors, venue_label
from analysis.bib.model import Paper
from analysis.metrics.data import PaperCitations
from analysis.site.papers.bibtexfiles import abstract_uri, bibtex_uri
from analysis.site.papers.citable import citable_bibtex
from analysis.site.papers.jsonld import scholarly_articles
from analysis.site.papers.titles import tex_node, title_node

LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "supp": "Supplement",
    "doi": "DOI",
    "code": "Code",
    "html": "Project page",
    "website": "Website",
    "slides": "Slides",
    "poster": "Poster",
    "video": "Video",
    "blog": "Blog",
    "url": "Web page",
}
STYLES = ("full", "compact")
BIBTEX_LINK = "BibTeX file"
ABSTRACT_LINK = "Read the abstract"
# The thumbnail's box (al-folio's previews are about 4:3): set on the <img>, so the card keeps
# its height before the image arrives (no layout shift); the stylesheet scales it.
PREVIEW_SIZE = {"width": "160", "height": "120"}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class paper_item(nodes.list_item):  # noqa: N801 (docutils names nodes in lower case)
    """A paper's card: a list item carrying what the page's filter reads (year, type, themes).

    Builders without a visitor of their own (LaTeX, text, ...) fall back to the list item's.
    """


def visit_paper_item_html(translator, node: paper_item) -> None:
    data = {f"data-{name}": value for name, value in node["portfolio_data"].items()}
    translator.body.append(translator.starttag(node, "li", "", **data))


def depart_paper_item_html(translator, node: paper_item) -> None:
    translator.body.append("</li>\n")


class bibtex_details(nodes.container):  # noqa: N801
    """A collapsible block holding a paper's BibTeX; ``<details>`` in HTML.

    It is a container, so builders without a visitor of their own (LaTeX, text, ...) fall back
    to the container's and simply show the BibTeX.
    """


class venue_badge(nodes.inline):  # noqa: N801
    """A paper's venue badge: its short name, with the venue's full name as its title.

    An inline, so builders without a visitor of their own (LaTeX, text, ...) show its text.
    """


def visit_venue_badge_html(translator, node: venue_badge) -> None:
    title = {"title": node["portfolio_title"]} if node.get("portfolio_title") else {}
    translator.body.append(translator.starttag(node, "span", "", **title))


def depart_venue_badge_html(translator, node: venue_badge) -> None:
    translator.body.append("</span>")


def visit_bibtex_details_html(translator, node: bibtex_details) -> None:
    # The entry's file: portfolio.js shows it here when the block opens; without scripts the
    # link opens the file. (No Pygments markup: about 150 elements a card.)
    uri = bibtex_uri(translator.builder, node["portfolio_key"])
    _details_of_a_file(translator, node, "BibTeX", uri, "portfolio-bibtex-file", BIBTEX_LINK)


def _details_of_a_file(translator, node, summary: str, uri: str, link_class: str, label: str):
    """``<details>`` whose content is a file of the site, fetched when it opens."""
    translator.body.append(translator.starttag(node, "details", ""))
    translator.body.append(f"<summary>{summary}</summary>")
    translator.body.append(f'<a class="{link_class}" href="{html.escape(uri)}">{label}</a>')
    raise nodes.SkipChildren


def depart_details_html(translator, node: nodes.container) -> None:
    translator.body.append("</details>\n")


class abstract_details(nodes.container):  # noqa: N801
    """A paper's abstract, closed until opened (al-folio's "Abs"); ``<details>`` in HTML, where
    it links the abstract's page and portfolio.js shows the text in the card when opened.
    Other builders fall back to the container's and show the text."""


def visit_abstract_details_html(translator, node: abstract_details) -> None:
    uri = abstract_uri(translator.builder, node["portfolio_key"])
    _details_of_a_file(translator, node, "Abstract", uri, "portfolio-abstract-file", ABSTRACT_LINK)


class site_reference(nodes.reference):  # noqa: N801
    """A link to a file of the book (``_static/talk.pdf``), made relative to the page that
    shows it when that page is written (the same card may be on pages at any depth)."""


def visit_site_reference_html(translator, node: site_reference) -> None:
    node["refuri"] = _from_page(translator.builder, node["portfolio_path"])
    translator.visit_reference(node)


def depart_site_reference_html(translator, node: site_reference) -> None:
    translator.depart_reference(node)


class preview_image(nodes.Element):  # noqa: N801
    """al-folio's thumbnail of a paper; written only into HTML, loaded only when scrolled to."""


def visit_preview_html(translator, node: preview_image) -> None:
    src = node["portfolio_src"]
    if not _SCHEME_RE.match(src):
        src = _from_page(translator.builder, src)
    attributes = {"src": src, "alt": node["alt"], "loading": "lazy", "decoding": "async"}
    translator.body.append(
        translator.starttag(node, "img", "", empty=True, **attributes, **PREVIEW_SIZE)
    )
    raise nodes.SkipNode


def _from_page(builder, path: str) -> str:
    """The link from the page being written to `path`, a file relative to the site's root."""
    return relative_uri(builder.get_target_uri(builder.current_docname), path)


class jsonld_script(nodes.Element):  # noqa: N801
    """schema.org data for the papers of a list; written only into HTML."""


def visit_jsonld_html(translator, node: jsonld_script) -> None:
    translator.body.append(f'<script type="application/ld+json">{node["json"]}</script>\n')
    raise nodes.SkipNode


def skip_node(translator, node) -> None:
    raise nodes.SkipNode


def paper_anchor(key: str) -> str:
    """The id of a paper's card, which citations and the CV link to (a second card of the
    paper on the same page gets ``-2``)."""
    return nodes.make_id(f"paper-{key}")


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


def render_list(
    papers: list[Paper],
    document: nodes.document,
    group_by: str = "year",
    style: str = "full",
    theme_slugs: frozenset[str] = frozenset(),
    cited: dict[str, PaperCitations] | None = None,
) -> list:
    """A ``<div>`` listing `papers` in the given order, grouped under year headings or not.

    `cited`: the citation counts of the papers that have one (key -> count), from metrics.jsonl.
    """
    cited = cited or {}
    container = nodes.container(classes=["portfolio-publications", f"portfolio-{style}"])
    if group_by == "year":
        for year, group in groupby(papers, key=lambda p: p.year_label):
            container += nodes.rubric(year, year, classes=["portfolio-year"])
            container += _bullet_list(list(group), document, style, theme_slugs, cited)
    else:
        container += _bullet_list(papers, document, style, theme_slugs, cited)
    if any(p.equal_contribution for p in papers):
        container += nodes.paragraph("", "* equal contribution", classes=["portfolio-legend"])
    container += jsonld_script(json=scholarly_articles(papers, venue_label))
    return [container]


def _bullet_list(papers, document, style, theme_slugs, cited) -> nodes.bullet_list:
    bullet_list = nodes.bullet_list(classes=["portfolio-list"])
    for paper in papers:
        bullet_list += render_paper(paper, document, style, theme_slugs, cited.get(paper.key))
    return bullet_list


def render_paper(
    paper: Paper,
    document: nodes.document,
    style: str = "full",
    theme_slugs: frozenset[str] = frozenset(),
    cited: PaperCitations | None = None,
) -> paper_item:
    """One paper: title, authors, venue badge and honours, links ("Cited by N" when the metrics
    file counts it); the full style adds al-folio's thumbnail, notes and award, and the abstract
    and BibTeX toggles."""
    data = {"year": paper.year_label, "type": paper.venue_type, "themes": " ".join(paper.themes)}
    item = paper_item(classes=["portfolio-paper"], portfolio_data=data)
    _set_unique_id(item, paper_anchor(paper.key), document)
    full = style != "compact"
    preview = safe_href(paper.preview)
    if full and preview:  # first, so that it floats beside the title
        alt = f"Preview of {paper.title}"
        item += preview_image(classes=["portfolio-preview"], portfolio_src=preview, alt=alt)
    item += nodes.paragraph("", "", title_node(paper), classes=["portfolio-title"])
    item += _authors(paper, with_annotation=full)
    meta = _badges(paper, with_info=full)
    links = _links(paper)
    if cited is not None:
        links = _add_cited_by(links, cited)
    if not full:
        if links is not None:  # one line: venue, honours, links
            meta += nodes.Text(" ")
            meta.extend(links.children)
        item += meta
        return item
    item += meta
    if paper.award:
        item += nodes.paragraph(paper.award, paper.award, classes=["portfolio-award"])
    # The row of controls: links, then the toggles. (A "Cited by N" link belongs in `links`.)
    if links is not None:
        item += links
    if paper.abstract:
        abstract = abstract_details(classes=["portfolio-abstract"], portfolio_key=paper.key)
        abstract += nodes.paragraph("", "", tex_node(paper.abstract))
        item += abstract
    raw = citable_bibtex(paper.raw, theme_slugs)
    if raw:
        # Other builders (LaTeX, text) show the text; HTML links the file of the same text.
        details = bibtex_details(classes=["portfolio-bibtex"], portfolio_key=paper.key)
        details += nodes.literal_block(raw, raw)
        item += details
    return item


def _set_unique_id(node: nodes.Element, wanted: str, document: nodes.document) -> None:
    # Stable ids let other pages link to a paper; a page listing it twice gets "-2" on the second.
    base = wanted
    candidate, number = base, 2
    while candidate in document.ids:
        candidate, number = f"{base}-{number}", number + 1
    node["ids"].append(candidate)
    document.ids[candidate] = node


def _authors(paper: Paper, with_annotation: bool) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["portfolio-authors"])
    paragraph.extend(author_nodes(paper, "portfolio-owner"))
    if with_annotation and paper.annotation:  # al-folio's note on the authors
        paragraph += nodes.Text(" ")
        note = paper.annotation
        paragraph += nodes.inline(note, note, classes=["portfolio-annotation"])
    return paragraph


def author_nodes(paper: Paper, owner_class: str) -> list[nodes.Node]:
    """The author list as inline nodes: the owner in ``strong`` (`owner_class`), ``*`` after
    equal contributors, BibTeX's ``and others`` as "et al.", and a long collaboration list
    shortened around the owner with a count of the authors left out."""
    out: list[nodes.Node] = []
    for author in shown_authors(paper):
        if out:
            out.append(nodes.Text(", "))
        if author.left_out:
            out.append(nodes.inline("", author.name, classes=["portfolio-more"]))
        elif author.owner:
            out.append(nodes.strong(author.name, author.name, classes=[owner_class]))
        else:
            out.append(nodes.Text(author.name))
        if author.equal:
            out.append(nodes.abbreviation("*", "*", explanation="equal contribution"))
    if paper.et_al:
        out.append(nodes.Text(", et al." if out else "et al."))
    if paper.collaboration_label:  # "G. Aad, et al. (ATLAS Collaboration)"
        label = paper.collaboration_label
        out.append(nodes.Text(f" ({label})" if out else label))
    return out


def _badges(paper: Paper, with_info: bool) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["portfolio-meta"])
    label = venue_label(paper)
    paragraph += venue_badge(
        label,
        label,
        classes=["portfolio-badge", f"portfolio-venue-{paper.venue_type}"],
        portfolio_title=paper.venue_full,
    )
    for honor in paper.honors:
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline(honor, honor, classes=["portfolio-badge", "portfolio-honor"])
    info = paper.additional_info.lstrip(",.;: ")  # al-folio appends it to the venue: ", Oral"
    if with_info and info:
        paragraph += nodes.Text(f" {info}")
    return paragraph


def _add_cited_by(links: nodes.paragraph | None, cited: PaperCitations) -> nodes.paragraph:
    """ "Cited by N", linking to OpenAlex's list of the citing works, after the other links."""
    links = links if links is not None else nodes.paragraph(classes=["portfolio-links"])
    if len(links):
        links += nodes.Text(" ")
    label = f"Cited by {cited.cited_by:,}"
    links += nodes.reference(
        label, label, refuri=cited.citing_url, classes=["portfolio-cited-by"],
        reftitle=f"{cited.source}, as of {cited.date}",
    )  # fmt: skip
    return links


def _links(paper: Paper) -> nodes.paragraph | None:
    paragraph = nodes.paragraph(classes=["portfolio-links"])
    for kind, label in LINK_LABELS.items():
        href = safe_href(paper.links.get(kind, "").strip())
        if href is None:
            continue
        if len(paragraph):
            paragraph += nodes.Text(" ")  # the stylesheet spaces the links out
        if _SCHEME_RE.match(href):
            paragraph += nodes.reference(label, label, refuri=href)
        else:  # a file of the book: _static/talk.pdf
            paragraph += site_reference(label, label, refuri=href, portfolio_path=href)
    return paragraph if len(paragraph) else None
