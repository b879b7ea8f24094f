"""What the owner typed: a DOI, an arXiv id, an ORCID iD, or a file, in every usual spelling."""

from __future__ import annotations

import re
from pathlib import Path

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)
# New-style (2404.19756, 0704.0001v2) and old-style (hep-th/9901001, math.GT/0309136) ids.
ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}"
ARXIV = re.compile(rf"^(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?$")
_ARXIV_PREFIX = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.I
)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.(?P<id>{ARXIV_NEW}|{ARXIV_OLD})$", re.I)
ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def classify(argument: str) -> tuple[str, str]:
    """``("doi" | "arxiv" | "file" | "unknown", value)``; an existing file is always a file."""
    text = argument.strip()
    if text == "-" or Path(text).exists() or text.lower().endswith(".bib"):
        return "file", argument
    doi = normalise_doi(text)
    if doi:
        arxiv = _ARXIV_DOI.match(doi)
        return ("arxiv", arxiv.group("id")) if arxiv else ("doi", doi)
    arxiv_id = normalise_arxiv(text)
    if arxiv_id:
        return "arxiv", arxiv_id
    return "unknown", argument


def normalise_doi(text: str) -> str:
    """``10.1103/physrevlett.126.180604`` from any spelling of a DOI; "" if it is not one."""
    text = _DOI_PREFIX.sub("", text.strip()).strip()
    return text if DOI.match(text) else ""


def normalise_arxiv(text: str) -> str:
    """The arXiv id without its version (``2404.19756``); "" if `text` is not one."""
    text = _ARXIV_PREFIX.sub("", text.strip()).strip().removesuffix(".pdf").rstrip("/")
    match = ARXIV.match(text)
    return match.group("id") if match else ""


def normalise_orcid(text: str) -> str:
    """``0000-0002-1825-0097`` from an iD or its orcid.org URL; "" if it is not one."""
    text = re.sub(r"^https?://(?:www\.)?orcid\.org/", "", text.strip(), flags=re.I).strip("/")
    return text.upper() if ORCID.match(text.upper()) else ""
