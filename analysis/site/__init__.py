"""The Sphinx extension a book lists (``analysis.site`` in ``_config.yml``): it only registers.

Each room of the site registers its own part:

- :mod:`~analysis.site.state`: the book's settings, bibliography and CV, read once per build;
- :mod:`~analysis.site.papers`: the product, paper lists (``publications``), citations
  (``{paper}``), the decisions list, each paper's BibTeX file, the filter form and JSON-LD;
- :mod:`~analysis.site.cv`: the CV page, the landing page's profile and the PDF CV;
- :mod:`~analysis.site.notebooks`: the notebooks' data (``publication-counts.csv``) and charts'
  alt texts;
- :mod:`~analysis.site.engine`: the engine's version in every page, and every page (and
  notebook) rebuilt when the engine changes;
- :mod:`~analysis.site.theme`: the page frame (asset trimming, HTML fixes, tab titles, static
  copy, search, the 404 page), mostly workarounds of upstream faults.

Above ``bib``, ``charts`` and ``cv``; imports nothing of ``cli``, and nothing imports it back.
"""

from __future__ import annotations

from sphinx.application import Sphinx

ROOMS = (
    "analysis.site.state",
    "analysis.site.papers",
    "analysis.site.cv",
    "analysis.site.notebooks",
    "analysis.site.engine",
    "analysis.site.theme",
)


def setup(app: Sphinx) -> dict:
    for room in ROOMS:
        app.setup_extension(room)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
