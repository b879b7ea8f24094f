"""The works of an OpenAlex author: ``GET /works?filter=authorships.author.id:A...``, paged.

OpenAlex merges a preprint and its published version into one work when it can: its ``doi`` is
then the published one and an arXiv location (``landing_page_url`` on arxiv.org, or a
``10.48550/arxiv.*`` DOI) is among its ``locations``. Titles may carry HTML tags.
"""

from __future__ import annotations

import re

from analysis.scholarly.http import Client, SourceError
from analysis.scholarly.identifiers import normalise_arxiv, normalise_doi
from analysis.scholarly.record import Work, markup_to_bibtex, month_name, person_from_full

PAGE_SIZE = 200  # OpenAlex's largest page
ENTRY_TYPES = {"article": "article", "book-chapter": "incollection", "book": "book",
               "dissertation": "phdthesis", "preprint": "article"}  # fmt: skip


def author_id(text: str) -> str:
    """``A5017898742`` from an id or its openalex.org URL; "" if it is not one."""
    match = re.fullmatch(r"(?:https?://openalex\.org/)?(A\d+)", text.strip(), re.I)
    return match.group(1).upper() if match else ""


def fetch_openalex_works(client: Client, author: str) -> list[Work]:
    """Every work of the author, following ``meta.next_cursor`` page by page."""
    works, cursor = [], "*"
    while cursor:
        data = client.get_json(
            "openalex", "/works", identifier=author,
            params={"filter": f"authorships.author.id:{author}", "per-page": str(PAGE_SIZE),
                    "cursor": cursor},
        )  # fmt: skip
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise SourceError("openalex", author, "answered without a 'results' list of works")
        works += [w for w in (work_from_openalex(r) for r in data["results"]) if w]
        cursor = (data.get("meta") or {}).get("next_cursor") if data["results"] else None
    return works


def work_from_openalex(record: dict) -> Work | None:
    if not isinstance(record, dict) or not (record.get("title") or record.get("display_name")):
        return None
    doi = normalise_doi(str(record.get("doi") or ""))
    arxiv = ""
    for location in record.get("locations") or []:
        if not isinstance(location, dict):
            continue
        landing = str(location.get("landing_page_url") or "")
        found = normalise_arxiv(landing) if "arxiv.org" in landing else ""
        found = found or _arxiv_of_doi(normalise_doi(landing))
        arxiv = arxiv or found
    if _arxiv_of_doi(doi):  # the work is the arXiv record itself
        arxiv, doi = arxiv or _arxiv_of_doi(doi), ""
    source = ((record.get("primary_location") or {}).get("source") or {}) or {}
    venue = str(source.get("display_name") or "")
    kind = str(record.get("type") or "")
    entry_type = ENTRY_TYPES.get(kind, "misc")
    if source.get("type") == "conference":
        entry_type = "inproceedings"
    if not doi or kind == "preprint" or source.get("type") == "repository":
        venue = f"arXiv preprint arXiv:{arxiv}" if arxiv else venue
        entry_type = "article" if arxiv else entry_type
    biblio = record.get("biblio") or {}
    first, last = biblio.get("first_page") or "", biblio.get("last_page") or ""
    date = str(record.get("publication_date") or "")
    work = Work(
        title=markup_to_bibtex(str(record.get("title") or record.get("display_name"))),
        authors=[_author(a) for a in record.get("authorships") or [] if isinstance(a, dict)],
        year=str(record.get("publication_year") or ""),
        month=month_name(date[5:7]) if date[5:7].isdigit() else "",
        entry_type=entry_type,
        venue=markup_to_bibtex(venue),
        volume=markup_to_bibtex(str(biblio.get("volume") or "")),
        number=markup_to_bibtex(str(biblio.get("issue") or "")),
        pages=markup_to_bibtex(f"{first}--{last}" if first and last and first != last else first),
        doi=doi,
        arxiv=arxiv,
        source="OpenAlex",
    )
    work.extra["openalex"] = str(record.get("id") or "").rsplit("/", 1)[-1]
    return work


def _arxiv_of_doi(doi: str) -> str:
    if doi.lower().startswith("10.48550/arxiv."):
        return normalise_arxiv(doi.split(".", 2)[2]) if doi.count(".") >= 2 else ""
    return ""


def _author(authorship: dict) -> str:
    name = str((authorship.get("author") or {}).get("display_name") or "")
    return person_from_full(name or str(authorship.get("raw_author_name") or ""))
