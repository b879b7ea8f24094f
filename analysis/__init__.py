"""Load, validate, count, chart and render a researcher's references.bib.

Data flows one way: ``references.bib`` -> :func:`load_bibliography` (records, problems)
-> tables, charts and paper lists at build time.
"""

from analysis.loader import load_bibliography, parse_bibliography
from analysis.model import Bibliography, BibliographyError, Paper, Problem
from analysis.settings import Settings

__all__ = [
    "Bibliography",
    "BibliographyError",
    "Paper",
    "Problem",
    "Settings",
    "load_bibliography",
    "parse_bibliography",
]
