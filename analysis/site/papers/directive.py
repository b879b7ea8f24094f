"""The ``publications`` directive: which papers a page lists, and in what order.

::

    :::{publications}
    :theme: physics-of-ai
    :selected:
    :years: 2021-2023
    :venue-type: conference, journal
    :author: Max Tegmark
    :group-by: year
    :style: compact
    :limit: 5
    :filter:
    :::

The first five options are filters (all must hold); papers come newest first, then in file order.
The filters themselves live in :mod:`analysis.bib.filters`, which ``python -m analysis add``
shares. ``:style: compact`` gives short cards (no BibTeX), ``:limit:`` keeps the newest N, and
``:filter:`` puts a filter form (theme, venue type, year, text) above the list.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from analysis.bib.filters import (
    GROUPINGS,
    PaperFilter,
    parse_venue_types,
    parse_years,
    select_papers,
)
from analysis.site.papers.citations import note_listed
from analysis.site.papers.filterform import filter_form
from analysis.site.papers.metrics import cited_by
from analysis.site.papers.render import STYLES, render_list
from analysis.site.state import bibliography_path, get_bibliography, get_settings
from analysis.site.warnings import PortfolioWarning, warn


def _years_option(argument: str | None) -> str:
    parse_years(directives.unchanged_required(argument))  # docutils shows the ValueError
    return argument


def _venue_type_option(argument: str | None) -> str:
    parse_venue_types(directives.unchanged_required(argument))
    return argument


def _group_by_option(argument: str | None) -> str:
    return directives.choice(argument, GROUPINGS)


def _style_option(argument: str | None) -> str:
    return directives.choice(argument, STYLES)


class PublicationsDirective(SphinxDirective):
    """Lists papers from the book's bibliography, filtered and grouped as its options say."""

    has_content = False
    option_spec = {
        "theme": directives.unchanged_required,
        "selected": directives.flag,
        "years": _years_option,
        "venue-type": _venue_type_option,
        "author": directives.unchanged_required,
        "group-by": _group_by_option,
        "style": _style_option,
        "limit": directives.positive_int,
        "filter": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        # Pages listing papers are re-read when references.bib changes, and only those.
        self.env.note_dependency(str(bibliography_path(self.env)))
        bibliography = get_bibliography(self.env)
        settings = get_settings(self.env)
        paper_filter = PaperFilter.from_options(self.options)
        papers = select_papers(bibliography.papers, paper_filter)[: self.options.get("limit")]
        if not papers:
            # An empty list is almost always a typo (a theme or a name): say so, never stay silent.
            known = [theme.slug for theme in settings.themes]
            warn(
                PortfolioWarning.PUBLICATIONS,
                f"no paper in {Path(bibliography.path).name} matches these options "
                f"(declared themes: {', '.join(known) or 'none'})",
                self.get_location(),
            )
            return []
        # {paper} citations link to this page's cards when it lists the paper.
        note_listed(self.env, self.env.docname, [p.key for p in papers])
        listed = render_list(
            papers,
            document=self.state.document,
            group_by=self.options.get("group-by", "year"),
            style=self.options.get("style", "full"),
            theme_slugs=frozenset(settings.theme_slugs),
            cited=cited_by(self.env),
        )
        if "filter" in self.options:
            return [filter_form(papers, settings.themes, self.state.document), *listed]
        return listed
