"""An identifier the owner typed, fetched as the work to add: its published version if any.

An arXiv preprint whose record names its published version (``<arxiv:doi>``), or a DOI of a
preprint whose Crossref relations do (``is-preprint-of``), becomes the published paper with the
arXiv id kept as its ``eprint``; :class:`Found` says so in ``note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from analysis.scholarly.arxiv import fetch_arxiv
from analysis.scholarly.doi import fetch_doi
from analysis.scholarly.http import Client
from analysis.scholarly.record import Work


@dataclass
class Found:
    work: Work
    label: str  # the identifier as messages name it: doi:10.1103/..., arXiv:2404.19756
    note: str = ""  # how it was resolved, when that is worth saying


def fetch_identifier(client: Client, kind: str, value: str) -> Found:
    """``kind`` is ``doi`` or ``arxiv`` (identifiers.classify); SourceError when it fails."""
    if kind == "arxiv":
        return published_version(client, fetch_arxiv(client, value), f"arXiv:{value}")
    work = fetch_doi(client, value)
    label = f"doi:{value}"
    if work.published_as and work.entry_type == "misc":  # a posted preprint that was published
        published = fetch_doi(client, work.published_as)
        note = (f"{label} is a preprint published as doi:{published.doi} ({published.venue} "
                f"{published.year}): added as the published paper")  # fmt: skip
        return Found(published, label, note)
    return Found(work, label)


def published_version(client: Client, preprint: Work, label: str) -> Found:
    """The published paper of an arXiv preprint, its eprint kept; the preprint when none."""
    if preprint.published_as:
        published = fetch_doi(client, preprint.published_as)
        published.arxiv = preprint.arxiv
        note = (
            f"{label} was published as doi:{published.doi} ({published.venue} "
            f"{published.year}): added as the published paper, eprint {preprint.arxiv} kept"
        )
        return Found(published, label, note)
    if preprint.journal_ref:
        years = re.findall(r"\b(?:19|20)\d\d\b", preprint.journal_ref)
        year = years[-1] if years else preprint.year
        month = preprint.month if year == preprint.year else ""
        work = replace(preprint, venue=preprint.journal_ref, year=year, month=month)
        note = (f"{label} has the journal reference '{preprint.journal_ref}' (no DOI): added "
                f"with it as the venue, eprint {preprint.arxiv} kept; check the venue")  # fmt: skip
        return Found(work, label, note)
    return Found(preprint, label)
