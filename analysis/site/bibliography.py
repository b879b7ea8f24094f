"""Sphinx extension: loads references.bib once per build and stops the build on bad input.

Enable it in ``_config.yml`` (``sphinx: extra_extensions: [analysis.site.bibliography]``). The
rest of the site (the ``publications`` directive, the site data files) gets the bibliography
through :func:`get_bibliography`, so the file is parsed once per build, not once per page.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from analysis.bib.loader import load_bibliography
from analysis.bib.model import Bibliography, BibliographyError
from analysis.paths import DEFAULT_BIB, STATIC_DIR
from analysis.settings import Settings
from analysis.site import bibtexfiles, citations
from analysis.site.decisions import DataDecisionsDirective
from analysis.site.directive import PublicationsDirective
from analysis.site.render import (
    abstract_details,
    bibtex_details,
    depart_details_html,
    depart_paper_item_html,
    depart_site_reference_html,
    jsonld_script,
    paper_item,
    preview_image,
    site_reference,
    skip_node,
    visit_abstract_details_html,
    visit_bibtex_details_html,
    visit_jsonld_html,
    visit_paper_item_html,
    visit_preview_html,
    visit_site_reference_html,
)

logger = logging.getLogger(__name__)


def settings_for(app: Sphinx) -> Settings:
    return Settings.from_values(
        owner=app.config.portfolio_owner,
        bibliography=app.config.portfolio_bibliography,
        venues=app.config.portfolio_venues,
        themes=app.config.portfolio_themes,
        root=Path(app.srcdir),
    )


def bibliography_path(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.portfolio_bibliography


def get_bibliography(app: Sphinx) -> Bibliography:
    """The build's bibliography, loaded on first use and kept for the rest of the build."""
    cached = getattr(app, "_portfolio_bibliography", None)
    if cached is None:
        cached = _load(app)
        app._portfolio_bibliography = cached
    return cached


def _load(app: Sphinx) -> Bibliography:
    path = bibliography_path(app)
    try:
        bibliography = load_bibliography(path, settings_for(app))
    except BibliographyError as exc:
        _stop(path, exc)
    # Said once per build: a test (and a curious reader) can see the file is parsed only once.
    logger.info(f"portfolio: read {path.name}: {len(bibliography.papers)} papers")
    # Data warnings (an unknown venue, a likely duplicate) are for `check`, not reasons to fail
    # a build that runs with warnings as errors: the build only names how many there are.
    if bibliography.warnings:
        logger.info(
            f"portfolio: {len(bibliography.warnings)} data warnings in {path.name}; "
            "see them with: python -m analysis check"
        )
    return bibliography


def _stop(path: Path, exc: BibliographyError) -> None:
    """Print every located error (as `python -m analysis check` does), then end the build.

    Not an exception: Jupyter Book 1.0.4 re-raises any error of a Sphinx build as a RuntimeError
    chained to it (jupyter_book/cli/main.py, builder_specific_actions), which prints two Python
    tracebacks under the messages. SystemExit passes through Sphinx and Jupyter Book untouched,
    so the reader sees the messages and a one-line summary, and the build exits with status 1.
    """
    # Logged as errors even under -W without --keep-going, where Sphinx would raise instead.
    with logging.skip_warningiserror():
        for problem in exc.problems:
            logger.error(str(problem))
        count = len(exc.problems)
        logger.error(
            f"{path.name} has {count} error{'' if count == 1 else 's'}: the build stopped before "
            f"reading any page. Fix them (python -m analysis check {path.name}) and build again."
        )
    raise SystemExit(1)


def _load_at_start(app: Sphinx) -> None:
    get_bibliography(app)


def _add_static_path(app: Sphinx, config) -> None:
    # The stylesheet ships inside the package, so a book needs no copy of it in its _static.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> dict:
    app.add_config_value("portfolio_owner", [], "env", types=[list, str])
    app.add_config_value("portfolio_bibliography", DEFAULT_BIB, "env", types=[str])
    app.add_config_value("portfolio_venues", [], "env", types=[list, str])
    app.add_config_value("portfolio_themes", [], "env", types=[list])
    app.connect("builder-inited", _load_at_start)
    app.connect("config-inited", _add_static_path)
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("data-decisions", DataDecisionsDirective)
    citations.setup(app)
    app.add_node(bibtex_details, html=(visit_bibtex_details_html, depart_details_html))
    app.add_node(abstract_details, html=(visit_abstract_details_html, depart_details_html))
    app.add_node(site_reference, html=(visit_site_reference_html, depart_site_reference_html))
    app.add_node(paper_item, html=(visit_paper_item_html, depart_paper_item_html))
    app.connect("build-finished", bibtexfiles.write_files)
    skip = (skip_node, None)
    app.add_node(
        jsonld_script, html=(visit_jsonld_html, None), latex=skip, text=skip, man=skip, texinfo=skip
    )
    app.add_node(
        preview_image,
        html=(visit_preview_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_css_file("portfolio.css")
    app.add_js_file("portfolio.js", defer="defer")  # assets.py keeps it on pages with a list
    # Before the first paint: the stylesheet shows the filter form only where scripts run.
    app.add_js_file(None, body='document.documentElement.classList.add("portfolio-js");')
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
