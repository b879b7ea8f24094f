"""An arXiv record from the arXiv API's Atom feed (``/query?id_list=ID``).

The feed says when a paper was published: ``<arxiv:doi>`` (the published version's DOI) and
``<arxiv:journal_ref>``. An unknown id gives an empty feed; a malformed one an entry titled
``Error`` whose id points at ``/api/errors``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from analysis.scholarly.http import Client, SourceError
from analysis.scholarly.record import Work, month_name, person_from_full, tex_to_bibtex

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def fetch_arxiv(client: Client, arxiv_id: str) -> Work:
    """The Work of an arXiv id (its preprint; ``published_as``/``journal_ref`` say more)."""
    reply = client.get(
        "arxiv", "/query", identifier=f"arXiv:{arxiv_id}",
        params={"id_list": arxiv_id, "max_results": "1"}, accept="application/atom+xml",
    )  # fmt: skip
    works = works_from_feed(reply.text, f"arXiv:{arxiv_id}")
    if not works:
        raise SourceError("arxiv", f"arXiv:{arxiv_id}", "no such paper (the feed is empty); "
                          "check the id")  # fmt: skip
    return works[0]


def works_from_feed(text: str, identifier: str) -> list[Work]:
    """The entries of an arXiv Atom feed as Works; SourceError for an error entry or bad XML."""
    try:
        feed = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError:
        raise SourceError("arxiv", identifier, "answered with something that is not an Atom "
                          "feed") from None  # fmt: skip
    if feed.tag != f"{ATOM}feed":
        raise SourceError("arxiv", identifier, "answered with XML that is not an Atom feed")
    works = []
    for entry in feed.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id", "")
        if "/api/errors" in entry_id:
            summary = " ".join(entry.findtext(f"{ATOM}summary", "").split())
            raise SourceError("arxiv", identifier, f"refused the id: {summary or 'error'}")
        match = re.search(r"arxiv\.org/abs/(.+?)(?:v\d+)?$", entry_id)
        title = entry.findtext(f"{ATOM}title", "")
        if not match or not title.strip():
            raise SourceError("arxiv", identifier, "answered with an entry without id or title")
        arxiv_id = match.group(1)
        published = entry.findtext(f"{ATOM}published", "")
        names = [author.findtext(f"{ATOM}name", "") for author in entry.findall(f"{ATOM}author")]
        works.append(
            Work(
                title=tex_to_bibtex(title),
                authors=[person_from_full(name) for name in names],
                year=published[:4] if published[:4].isdigit() else "",
                month=month_name(published[5:7]) if published[5:7].isdigit() else "",
                venue=f"arXiv preprint arXiv:{arxiv_id}",
                arxiv=arxiv_id,
                url=f"https://arxiv.org/abs/{arxiv_id}",
                source="the arXiv API",
                published_as=" ".join(entry.findtext(f"{ARXIV}doi", "").split()),
                journal_ref=" ".join(entry.findtext(f"{ARXIV}journal_ref", "").split()),
            )
        )
    return works
