"""The works of a DBLP person: ``GET /pid/{pid}.bib`` (DBLP's standard BibTeX export).

DBLP writes names "First Last" and TeX-escapes titles; an arXiv paper is a ``CoRR`` article
with ``eprint`` and the arXiv DOI ``10.48550/ARXIV.<id>``, which is not a published version.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import bibtexparser
from bibtexparser.model import Entry

from analysis.bib.values import MONTHS, BadValueError, evaluate
from analysis.scholarly.http import Client, SourceError
from analysis.scholarly.identifiers import normalise_arxiv, normalise_doi
from analysis.scholarly.record import Work, tex_to_bibtex


def pid(text: str) -> str:
    """``11/1649`` from a pid or its dblp.org URL (``https://dblp.org/pid/11/1649.html``)."""
    text = re.sub(r"^https?://dblp\.org/pid/", "", text.strip()).removesuffix(".html")
    text = text.removesuffix(".bib").removesuffix(".xml")
    return text if re.fullmatch(r"[\w-]+/[\w-]+", text) else ""


def fetch_dblp_works(client: Client, person_id: str) -> list[Work]:
    reply = client.get("dblp", f"/pid/{quote(person_id)}.bib", identifier=person_id,
                       accept="application/x-bibtex, text/plain")  # fmt: skip
    if "@" not in reply.text:
        raise SourceError("dblp", person_id, "answered with something that is not BibTeX")
    library = bibtexparser.parse_string(reply.text, parse_stack=[])
    works = [work_from_dblp(block) for block in library.blocks if isinstance(block, Entry)]
    return [w for w in works if w is not None]


def work_from_dblp(entry: Entry) -> Work | None:
    try:
        fields = {f.key.lower(): " ".join(evaluate(f.value, MONTHS).split()) for f in entry.fields}
    except BadValueError:
        return None
    if not fields.get("title") or entry.entry_type.lower() == "proceedings":
        return None
    arxiv = (
        normalise_arxiv(fields.get("eprint", ""))
        if fields.get("eprinttype", "").lower() in ("arxiv", "")
        else ""
    )
    doi = normalise_doi(fields.get("doi", ""))
    if doi.lower().startswith("10.48550/arxiv."):
        doi = ""
    corr = fields.get("journal", "") == "CoRR"
    venue = (
        f"arXiv preprint arXiv:{arxiv}"
        if corr and arxiv
        else (fields.get("journal") or fields.get("booktitle") or "")
    )
    return Work(
        title=tex_to_bibtex(fields["title"]),
        authors=[_name(n) for n in re.split(r"\s+and\s+", fields.get("author", "")) if n.strip()],
        year=fields.get("year", ""),
        entry_type=entry.entry_type.lower(),
        venue=tex_to_bibtex(venue),
        volume="" if corr else fields.get("volume", ""),
        number=fields.get("number", ""),
        pages=fields.get("pages", ""),
        doi=doi,
        arxiv=arxiv,
        source="DBLP",
    )


def _name(full: str) -> str:
    full = re.sub(r"\s+\d{4}$", "", full.strip())  # DBLP's homonym number: "Wei Wang 0001"
    words = full.split()
    if len(words) < 2:
        return full
    return tex_to_bibtex(f"{words[-1]}, {' '.join(words[:-1])}")  # DBLP's names are TeX already
