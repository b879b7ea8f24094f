"""What ``add``, ``sync`` and ``init --orcid`` share: the HTTP client and identifiers as BibTeX.

Fetched works become BibTeX text in the book's conventions (key style, field order) and then go
through everything ``add`` does with a .bib file: checks, duplicates, placement, atomic write.
"""

from __future__ import annotations

from analysis.scholarly.http import Client
from analysis.scholarly.identifiers import classify
from analysis.scholarly.lookup import Found, fetch_identifier
from analysis.scholarly.record import Conventions
from analysis.settings import Settings


class UnknownArgument(ValueError):
    """An argument that is neither a file nor a DOI nor an arXiv id (a usage error)."""


def client_for(settings: Settings) -> Client:
    """The client of every fetching command, with the owner's contact for the polite pools."""
    return Client(email=settings.email)


def identifier_inputs(
    arguments: list[str], old_text: str, settings: Settings
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(inputs, files, notes): each DOI or arXiv id fetched as (label, BibTeX text) in the
    book's conventions, the other arguments (files) as given, and what to tell the owner.

    Raises UnknownArgument before any request, SourceError when a source fails."""
    kinds = [(argument, *classify(argument)) for argument in arguments]
    unknown = [argument for argument, kind, _ in kinds if kind == "unknown"]
    if unknown:
        raise UnknownArgument(
            f"{', '.join(unknown)}: not a file, a DOI (10.1103/..., doi:..., https://doi.org/...) "
            "or an arXiv id (2404.19756, hep-th/9901001, arXiv:..., https://arxiv.org/abs/...)"
        )
    fetching = [(kind, value) for _, kind, value in kinds if kind in ("doi", "arxiv")]
    files = [argument for argument, kind, _ in kinds if kind == "file"]
    if not fetching:
        return [], files, []
    client = client_for(settings)
    found: list[Found] = [fetch_identifier(client, kind, value) for kind, value in fetching]
    conventions = Conventions.of(old_text)
    inputs = [(f.label, conventions.entry(f.work)[1]) for f in found]
    return inputs, files, [f.note for f in found if f.note]
