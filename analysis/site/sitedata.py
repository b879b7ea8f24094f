"""Sphinx extension: the data behind the charts, in the built site and in the pages' dependencies.

- The ``publication-data`` directive marks its page as depending on the bibliography, so Sphinx
  re-reads the page (and MyST-NB re-executes the notebook, which opts out of the execution cache)
  whenever ``references.bib`` changes: charts are never stale. It renders where the numbers come
  from and a link to the counts as CSV.
- At the end of every HTML build, ``publication-counts.csv`` (``year,venue,venue_type,count``) is
  written at the root of the site from the build's bibliography, which is parsed once per build.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from analysis.charts.frame import publication_counts
from analysis.site.bibliography import bibliography_path, get_bibliography

CSV_NAME = "publication-counts.csv"


class PublicationDataDirective(SphinxDirective):
    """``:::{publication-data}``: provenance of the page's numbers, and the CSV download."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = bibliography_path(self.env.app)
        self.env.note_dependency(str(path))
        papers = get_bibliography(self.env.app).papers
        years = sorted({p.year for p in papers})
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        # The CSV sits at the site root; the link climbs out of this page's folder.
        href = "../" * self.env.docname.count("/") + CSV_NAME
        paragraph = nodes.paragraph(classes=["portfolio-data-source"])
        paragraph += nodes.Text(
            f"Computed from {path.name} when the book was built: {len(papers)} papers, {span}. "
            "The counts behind the charts: "
        )
        paragraph += nodes.reference("", CSV_NAME, refuri=href)
        paragraph += nodes.Text(" (one row per year, venue and venue type).")
        return [paragraph]


def write_counts_csv(app: Sphinx, exception: Exception | None) -> None:
    """Write ``publication-counts.csv`` into the HTML output after a successful build."""
    if exception is not None or app.builder.format != "html":
        return
    counts = publication_counts(get_bibliography(app).papers)
    # lineterminator: the same bytes on every platform, so the file diffs cleanly.
    counts.to_csv(Path(app.outdir) / CSV_NAME, index=False, lineterminator="\n")


def setup(app: Sphinx) -> dict:
    app.setup_extension("analysis.site.bibliography")
    app.add_directive("publication-data", PublicationDataDirective)
    app.connect("build-finished", write_counts_csv)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
