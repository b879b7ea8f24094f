"""schema.org ``ScholarlyArticle`` data for a list of papers, as JSON-LD safe inside ``<script>``.

Search engines read it to know the cards are papers (title, authors, date, venue, links). Text
from BibTeX is JSON-encoded and every ``<``, ``>`` and ``&`` written as a ``\\u`` escape, so
nothing a title holds (``</script>``, ``<!--``) can end the block or start markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from analysis.bib.model import Paper

CONTEXT = "https://schema.org"
# The link a reader should follow for the paper itself, best first.
_CANONICAL = ("doi", "url", "arxiv", "html", "pdf")
_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def article(paper: Paper, venue: str) -> dict:
    """One paper as a schema.org ScholarlyArticle (http(s) links only)."""
    links = [paper.links[k] for k in _CANONICAL if _is_web(paper.links.get(k, ""))]
    data: dict = {
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "author": [{"@type": "Person", "name": n} for n in paper.authors if n != "others"],
        "isPartOf": {"@type": "CreativeWork", "name": venue},
    }
    if not paper.forthcoming:
        data["datePublished"] = str(paper.year)
    if links:
        data["url"] = links[0]
        if links[1:]:
            data["sameAs"] = links[1:]
    return data


def scholarly_articles(papers: list[Paper], venue_label: Callable[[Paper], str]) -> str:
    """The JSON-LD text of a ``<script type="application/ld+json">`` for `papers`."""
    graph = {"@context": CONTEXT, "@graph": [article(p, venue_label(p)) for p in papers]}
    return script_safe_json(graph)


def script_safe_json(data: dict) -> str:
    """`data` as JSON text safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes,
    so a value holding ``</script>`` or ``<!--`` stays inside the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SAFE.items():
        text = text.replace(char, escape)
    return text


def _is_web(url: str) -> bool:
    return url.strip().lower().startswith(("https://", "http://"))
