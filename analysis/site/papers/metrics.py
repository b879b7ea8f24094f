"""Citation counts from the committed ``metrics.jsonl``, never the network.

- The metrics file is read once per build (:func:`analysis.site.state.get_metrics`); pages that
  show counts depend on it, so a refresh rebuilds them.
- ``:::{citation-metrics}`` (landing page, CV page): "1,234 citations, h-index 12, i10-index 14
  (OpenAlex, as of 2026-12-07)", or nothing at all without a file or a paper in it.
- ``citation-counts.csv`` at the site root (``year, theme, citations``), beside
  ``publication-counts.csv``, when there are counts.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from analysis.charts.citations import citation_counts, citations_by_year
from analysis.metrics.compute import Summary
from analysis.metrics.data import PaperCitations
from analysis.site.state import (
    get_bibliography,
    get_citations_summary,
    get_cited,
    get_metrics,
    get_settings,
    note_metrics_dependency,
)

CSV_NAME = "citation-counts.csv"


def cited_by(env: BuildEnvironment) -> dict[str, PaperCitations]:
    """Each paper's count as its card shows it; notes the file as a dependency of the page."""
    note_metrics_dependency(env)
    return get_cited(env)


def summary(env: BuildEnvironment) -> Summary | None:
    return get_citations_summary(env)


class CitationMetricsDirective(SphinxDirective):
    """The headline numbers with their source and date, or nothing before the first refresh."""

    def run(self) -> list[nodes.Node]:
        note_metrics_dependency(self.env)
        numbers = summary(self.env)
        if numbers is None:
            return []
        return [nodes.paragraph("", numbers.line, classes=["portfolio-citation-metrics"])]


def write_counts_csv(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or summary(app.env) is None:
        return
    env = app.env
    papers, themes = get_bibliography(env).papers, get_settings(env).themes
    table = citations_by_year(papers, get_metrics(env), themes)
    citation_counts(table).to_csv(Path(app.outdir) / CSV_NAME, index=False, lineterminator="\n")


def setup(app: Sphinx) -> None:
    app.add_directive("citation-metrics", CitationMetricsDirective)
    app.connect("build-finished", write_counts_csv)
