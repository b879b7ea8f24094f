"""Load, validate, count, chart and render a researcher's references.bib.

Data flows one way: ``references.bib`` -> :func:`load_bibliography` (records, problems)
-> tables, charts and paper lists at build time. One folder a layer, imports only downwards:

- ``bib``: read, validate, normalise and write BibTeX (the bottom layer);
- ``charts``: counting tables and chart functions, above ``bib``;
- ``cv``: cv.yaml and the PDF CV, above ``bib``;
- ``site``: the Sphinx extension (``analysis.site``), and ``cli``: ``python -m analysis``, on top.

``settings``, ``paths``, ``book`` and ``engine`` sit beside them, where every layer can reach them.
"""

# The engine's version (semantic versioning; CHANGELOG.md): the wheel's metadata reads it here.
__version__ = "1.0.0"

from analysis.bib.loader import load_bibliography, parse_bibliography
from analysis.bib.model import Bibliography, BibliographyError, Paper, Problem
from analysis.settings import Settings

__all__ = [
    "__version__",
    "Bibliography",
    "BibliographyError",
    "Paper",
    "Problem",
    "Settings",
    "load_bibliography",
    "parse_bibliography",
]
