"""Sphinx extension: citation counts from the committed ``metrics.jsonl``, never the network.

- The metrics file is read once per build (:func:`get_metrics`); pages that show counts depend
  on it, so a refresh rebuilds them.
- ``:::{citation-metrics}`` (landing page, CV page): "1,234 citations, h-index 12, i10-index 14
  (OpenAlex, as of 2026-12-07)", or nothing at all without a file or a paper in it.
- ``citation-counts.csv`` at the site root (``year, theme, citations``), beside
  ``publication-counts.csv``, when there are counts.

A line of the file that cannot be read is left out and named (``check`` lists them): citation
counts never stop a build.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from analysis.metrics.compute import Summary, counted, summarise
from analysis.metrics.data import Metrics, PaperCitations, metrics_path, read_metrics
from analysis.site.bibliography import bibliography_path, get_bibliography, settings_for

logger = logging.getLogger(__name__)
CSV_NAME = "citation-counts.csv"


def metrics_file(app: Sphinx) -> Path:
    return metrics_path(bibliography_path(app))


def get_metrics(app: Sphinx) -> Metrics | None:
    """The build's metrics file (None without one), read on first use."""
    if not hasattr(app, "_portfolio_metrics"):
        metrics = read_metrics(metrics_file(app))
        if metrics is not None and metrics.problems:
            logger.info(
                f"portfolio: {len(metrics.problems)} lines of {metrics.path.name} left out; "
                "see them with: python -m analysis check"
            )
        app._portfolio_metrics = metrics
    return app._portfolio_metrics


def cited_by(app: Sphinx, env=None) -> dict[str, PaperCitations]:
    """Each paper's count as its card shows it; notes the file as a dependency of the page."""
    if env is not None:
        env.note_dependency(str(metrics_file(app)))
    if not hasattr(app, "_portfolio_cited"):  # once per build, not once per list
        app._portfolio_cited = counted(get_bibliography(app).papers, get_metrics(app))
    return app._portfolio_cited


def summary(app: Sphinx) -> Summary | None:
    return summarise(get_bibliography(app).papers, get_metrics(app))


class CitationMetricsDirective(SphinxDirective):
    """The headline numbers with their source and date, or nothing before the first refresh."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(metrics_file(self.env.app)))
        numbers = summary(self.env.app)
        if numbers is None:
            return []
        return [nodes.paragraph("", numbers.line, classes=["portfolio-citation-metrics"])]


def write_counts_csv(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or summary(app) is None:
        return
    from analysis.charts.citations import citation_counts, citations_by_year

    papers = get_bibliography(app).papers
    table = citations_by_year(papers, get_metrics(app), settings_for(app).themes)
    citation_counts(table).to_csv(Path(app.outdir) / CSV_NAME, index=False, lineterminator="\n")


def setup(app: Sphinx) -> dict:
    # Set up by analysis.site.bibliography (which it reads), so every book that lists papers has
    # it; setting that one up from here would run its setup twice.
    app.add_directive("citation-metrics", CitationMetricsDirective)
    app.connect("build-finished", write_counts_csv)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
