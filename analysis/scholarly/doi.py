"""A DOI's metadata from its registration agency: content negotiation on doi.org for CSL-JSON.

Crossref and DataCite both answer ``Accept: application/vnd.citationstyles.csl+json``. Crossref
gives its own type names (``journal-article``, ``proceedings-article``, ``posted-content``),
DataCite CSL's (``article-journal``, ``paper-conference``, ``article``); both are read. Titles
carry JATS/HTML tags (``<sup>1</sup>``, ``<i>``): they become LaTeX, never raw markup.
"""

from __future__ import annotations

from urllib.parse import quote

from analysis.scholarly.http import Client, SourceError
from analysis.scholarly.record import Work, markup_to_bibtex, month_name, person

CSL_JSON = "application/vnd.citationstyles.csl+json"
ENTRY_TYPES = {
    "journal-article": "article",
    "article-journal": "article",
    "proceedings-article": "inproceedings",
    "paper-conference": "inproceedings",
    "book-chapter": "incollection",
    "chapter": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "dissertation": "phdthesis",
    "thesis": "phdthesis",
}
# Crossref's relation types naming the published version of a preprint.
PUBLISHED_RELATIONS = ("is-preprint-of", "is-version-of", "has-version")


def fetch_doi(client: Client, doi: str) -> Work:
    """The Work a DOI names; SourceError if doi.org cannot say."""
    data = client.get_json("doi", "/" + quote(doi, safe="/:;()"), identifier=doi, accept=CSL_JSON)
    return work_from_csl(data, doi)


def work_from_csl(data, doi: str) -> Work:
    """A CSL-JSON record (as doi.org sends it) as a Work; SourceError if it is not one."""
    if not isinstance(data, dict) or not _text(data.get("title")):
        raise SourceError("doi", doi, "answered with a record that has no title (not CSL-JSON)")
    kind = str(data.get("type") or "")
    entry_type = ENTRY_TYPES.get(kind, "misc")
    year, month = _issued(data)
    venue = _text(data.get("container-title"))
    if kind in ("posted-content", "article") and not venue:
        venue = _text(data.get("publisher"))
    work = Work(
        title=markup_to_bibtex(_text(data.get("title"))),
        authors=[_author(a) for a in data.get("author") or [] if isinstance(a, dict)],
        year=year,
        month=month,
        entry_type=entry_type,
        venue=markup_to_bibtex(venue),
        volume=_plain(data.get("volume")),
        number=_plain(data.get("issue")),
        pages=_plain(data.get("page") or data.get("article-number"))
        .replace("--", "-")
        .replace("-", "--"),
        publisher=markup_to_bibtex(_text(data.get("publisher"))),
        doi=str(data.get("DOI") or doi),
        source="doi.org",
    )
    work.authors = [a for a in work.authors if a]
    for relation in PUBLISHED_RELATIONS:
        for target in (data.get("relation") or {}).get(relation) or []:
            if isinstance(target, dict) and target.get("id-type") == "doi" and target.get("id"):
                work.published_as = work.published_as or str(target["id"])
    return work


def _issued(data: dict) -> tuple[str, str]:
    for name in ("issued", "published-print", "published-online", "published", "posted", "created"):
        parts = (
            (data.get(name) or {}).get("date-parts") if isinstance(data.get(name), dict) else None
        )
        if parts and parts[0] and parts[0][0]:
            first = parts[0]
            return str(first[0]), month_name(first[1]) if len(first) > 1 else ""
    return "", ""


def _text(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def _plain(value) -> str:
    return markup_to_bibtex(str(value)) if isinstance(value, str | int) and value != "" else ""


def _author(author: dict) -> str:
    if author.get("family") or author.get("given"):
        return person(str(author.get("family") or ""), str(author.get("given") or ""), markup=True)
    literal = str(author.get("literal") or author.get("name") or "")
    return "{" + markup_to_bibtex(literal) + "}" if literal else ""
