"""Each paper's citable BibTeX as a file of its own, ``_bibtex/KEY.bib``.

A card links its entry's file instead of carrying the text (about 400 KB of HTML for 1,000
papers); ``portfolio.js`` shows the text in the card when its BibTeX block is opened, and a
reader without scripts follows the link. The text is what :func:`citable_bibtex` leaves: the
entry as written, without the book's own fields.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from analysis.site.papers.citable import citable_bibtex
from analysis.site.state import get_bibliography, get_settings

FOLDER = "_bibtex"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_name(key: str) -> str:
    """A file name for `key` that no key can turn into a path (``../``, ``/``, ``:``)."""
    safe = _UNSAFE.sub("-", key).lstrip(".") or "entry"
    return f"{safe}.bib"


def bibtex_uri(builder, key: str) -> str:
    """The link from the page being written to `key`'s file."""
    page = builder.get_target_uri(builder.current_docname)
    return relative_uri(page, f"{FOLDER}/{file_name(key)}")


def write_files(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    slugs = frozenset(get_settings(app.env).theme_slugs)
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for paper in get_bibliography(app.env).papers:
        text = citable_bibtex(paper.raw, slugs) + "\n"
        target = folder / file_name(paper.key)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
