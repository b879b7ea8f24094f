"""Each paper's citable BibTeX as a file of its own, ``_bibtex/KEY.bib``, and its abstract
(al-folio's ``abstract`` field) as a small page, ``_abstracts/KEY.html``.

A card links its entry's files instead of carrying their text (about 400 KB of HTML for 1,000
papers' BibTeX, and as much again for 500 abstracts); ``portfolio.js`` shows the text in the card
when its block is opened, and a reader without scripts follows the link. The BibTeX is what
:func:`citable_bibtex` leaves: the entry as written, without the book's own fields.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from analysis.bib.latex import title_html
from analysis.site.papers.citable import citable_bibtex
from analysis.site.state import get_bibliography, get_settings

FOLDER = "_bibtex"
ABSTRACT_FOLDER = "_abstracts"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# The abstract's page: valid on its own (a reader without scripts opens it), and what
# portfolio.js copies into the card is its one <p>.
ABSTRACT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Abstract: {plain_title}</title></head>
<body><main><h1>{title}</h1>
<p class="portfolio-abstract-text">{abstract}</p></main></body>
</html>
"""


def file_name(key: str, suffix: str = ".bib") -> str:
    """A file name for `key` that no key can turn into a path (``../``, ``/``, ``:``)."""
    safe = _UNSAFE.sub("-", key).lstrip(".") or "entry"
    return f"{safe}{suffix}"


def bibtex_uri(builder, key: str) -> str:
    """The link from the page being written to `key`'s file."""
    page = builder.get_target_uri(builder.current_docname)
    return relative_uri(page, f"{FOLDER}/{file_name(key)}")


def abstract_uri(builder, key: str) -> str:
    """The link from the page being written to `key`'s abstract."""
    page = builder.get_target_uri(builder.current_docname)
    return relative_uri(page, f"{ABSTRACT_FOLDER}/{file_name(key, '.html')}")


def abstract_page(paper, language: str) -> str:
    """The abstract of `paper` as a page: text escaped, math as MathML (as in its title)."""
    return ABSTRACT_PAGE.format(
        lang=html.escape(language),
        plain_title=html.escape(paper.title),
        title=paper.title_html,
        abstract=title_html(paper.abstract),
    )


def write_files(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    slugs = frozenset(get_settings(app.env).theme_slugs)
    language = app.config.language or "en"
    for folder in (FOLDER, ABSTRACT_FOLDER):
        (Path(app.outdir) / folder).mkdir(parents=True, exist_ok=True)
    for paper in get_bibliography(app.env).papers:
        _write_if_changed(
            Path(app.outdir, FOLDER, file_name(paper.key)), citable_bibtex(paper.raw, slugs) + "\n"
        )
        if paper.abstract:
            target = Path(app.outdir, ABSTRACT_FOLDER, file_name(paper.key, ".html"))
            _write_if_changed(target, abstract_page(paper, language))


def _write_if_changed(target: Path, text: str) -> None:
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
