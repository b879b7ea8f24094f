"""The product: the book's papers on its pages.

- ``:::{publications}`` (:mod:`.directive`) lists papers as cards (:mod:`.render`), with a
  filter form (:mod:`.filterform`) and schema.org JSON-LD (:mod:`.jsonld`);
- ``{paper}`` (:mod:`.citations`) cites a paper in prose, linked to its card;
- ``:::{data-decisions}`` (:mod:`.decisions`) lists the entries' ``decision`` notes;
- ``:::{citation-metrics}`` and "Cited by N" (:mod:`.metrics`) read the committed counts;
- each paper's citable BibTeX (:mod:`.citable`) is a file of its own (:mod:`.bibtexfiles`).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from analysis.paths import STATIC_DIR
from analysis.site.papers import bibtexfiles, citations, metrics
from analysis.site.papers.decisions import DataDecisionsDirective
from analysis.site.papers.directive import PublicationsDirective
from analysis.site.papers.render import (
    abstract_details,
    bibtex_details,
    depart_details_html,
    depart_paper_item_html,
    depart_site_reference_html,
    depart_venue_badge_html,
    jsonld_script,
    paper_item,
    preview_image,
    site_reference,
    skip_node,
    venue_badge,
    visit_abstract_details_html,
    visit_bibtex_details_html,
    visit_jsonld_html,
    visit_paper_item_html,
    visit_preview_html,
    visit_site_reference_html,
    visit_venue_badge_html,
)


def _add_static_path(app: Sphinx, config: Config) -> None:
    # The stylesheets and script ship inside the package: a book needs no copy in its _static.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> dict:
    app.setup_extension("analysis.site.state")
    app.connect("config-inited", _add_static_path)
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("data-decisions", DataDecisionsDirective)
    citations.setup(app)
    metrics.setup(app)
    app.add_node(bibtex_details, html=(visit_bibtex_details_html, depart_details_html))
    app.add_node(abstract_details, html=(visit_abstract_details_html, depart_details_html))
    app.add_node(site_reference, html=(visit_site_reference_html, depart_site_reference_html))
    app.add_node(paper_item, html=(visit_paper_item_html, depart_paper_item_html))
    app.add_node(venue_badge, html=(visit_venue_badge_html, depart_venue_badge_html))
    app.connect("build-finished", bibtexfiles.write_files)
    skip = (skip_node, None)
    html_only = {"latex": skip, "text": skip, "man": skip, "texinfo": skip}
    app.add_node(jsonld_script, html=(visit_jsonld_html, None), **html_only)
    app.add_node(preview_image, html=(visit_preview_html, None), **html_only)
    app.add_css_file("portfolio.css")
    app.add_js_file("portfolio.js", defer="defer")  # theme/assets.py keeps it on pages with a list
    # Before the first paint: the stylesheet shows the filter form only where scripts run.
    app.add_js_file(None, body='document.documentElement.classList.add("portfolio-js");')
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
