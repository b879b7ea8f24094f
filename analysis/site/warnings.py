"""The site's located warnings about the book's content, each of a subtype of ``portfolio``.

A book can silence one kind with Sphinx's ``suppress_warnings`` (``portfolio.paper``), as it can
MyST-NB's (``mystnb.*``). Problems of references.bib and cv.yaml are not here: they stop the
build (:mod:`analysis.site.state`).
"""

from __future__ import annotations

from enum import Enum

from sphinx.util import logging

logger = logging.getLogger(__name__)


class PortfolioWarning(Enum):
    PUBLICATIONS = "publications"  # a paper list that matches no paper
    PAPER = "paper"  # a {paper} citation of an unknown key, or of a paper no page lists


def warn(kind: PortfolioWarning, message: str, location, error: bool = False) -> None:
    """Log `message` at `location` (a node or ``(docname, line)``); an error fails any build."""
    log = logger.error if error else logger.warning
    log(f"{kind.value}: {message}", location=location, type="portfolio", subtype=kind.value)
