"""The page frame: what every page looks like and loads, beyond the book's own content.

Mostly workarounds of upstream faults, each naming its upstream issue where it has one:
:mod:`.assets` (each page loads only what it uses), :mod:`.htmlfixes` (HTML and script faults of
Sphinx, the theme and MyST-NB), :mod:`.pageframe` (tab titles, owner pages at the foot, page
descriptions), :mod:`.staticcopy` (a changed static file reaches the site), :mod:`.search` (the
index stems as the search page does) and :mod:`.pagenotfound` (the 404 page). It imports nothing
of ``bib``, ``charts`` or ``cv``: it knows pages, not papers.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from analysis.site.theme import assets, htmlfixes, pageframe, pagenotfound, search


def setup(app: Sphinx) -> dict:
    for part in (htmlfixes, assets, pageframe, search, pagenotfound):
        part.setup(app)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
