"""The notebooks: the data behind their charts, in the built site and in their reads; their
charts' alt texts.

- Every notebook the build executes reads the bibliography (``analysis.book.load_book``), so each
  one is made to depend on ``references.bib``: Sphinx re-reads it when the file changes, and
  MyST-NB, which runs notebooks at every read (``execute_notebooks: force`` in ``_config.yml``:
  its cache keys on code cells and cannot see the file), re-runs it. This holds whatever a
  notebook's front matter says, so an editor that rewrites the front matter cannot leave a page
  stale.
- Each such page gets a line under its opening paragraphs linking the counts as CSV.
- At the end of every HTML build, ``publication-counts.csv`` (``year,venue,venue_type,count``) is
  written at the root of the site from the build's bibliography, which is parsed once per build.
- A chart's alt text comes from its output (:class:`ChartAltText`). MyST-NB takes an image's alt
  text only from cell metadata, written once in the page, so it could not name this book's owner
  or count this year's venues. :class:`analysis.charts.display.Chart` puts the alt text it
  computes into the output's metadata (``{"image/svg+xml": {"alt": ...}}``); this plugin,
  registered under MyST-NB's ``myst_nb.mime_renderers`` entry point (see pyproject.toml), renders
  the image as MyST-NB does and sets that alt text on it.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx

from analysis.charts.frame import publication_counts
from analysis.site.state import bibliography_path, get_bibliography, note_metrics_dependency

CSV_NAME = "publication-counts.csv"


def depend_on_the_bibliography(app: Sphinx, doctree: nodes.document) -> None:
    """An executed notebook: note the bibliography as its dependency and link the counts."""
    env = app.env
    if NbMetadataCollector.get_exec_data(env, env.docname) is None:
        return  # not a notebook, or one the build does not run
    path = bibliography_path(env)
    env.note_dependency(str(path))
    note_metrics_dependency(env)  # the citations section reads it
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        first_subsection = next(
            (i for i, child in enumerate(section.children) if isinstance(child, nodes.section)),
            len(section.children),
        )
        section.insert(first_subsection, data_source(path, env.docname))


def data_source(bibliography: Path, docname: str) -> nodes.paragraph:
    """ "The counts behind these charts: publication-counts.csv ...", linked from `docname`."""
    # The CSV sits at the site root; the link climbs out of this page's folder.
    href = "../" * docname.count("/") + CSV_NAME
    paragraph = nodes.paragraph(classes=["portfolio-data-source"])
    paragraph += nodes.Text(
        f"Computed from {bibliography.name} when the book was built. The counts behind the charts: "
    )
    paragraph += nodes.reference("", CSV_NAME, refuri=href)
    paragraph += nodes.Text(" (one row per year, venue and venue type).")
    return paragraph


def write_counts_csv(app: Sphinx, exception: Exception | None) -> None:
    """Write ``publication-counts.csv`` into the HTML output after a successful build."""
    if exception is not None or app.builder.format != "html":
        return
    counts = publication_counts(get_bibliography(app.env).papers)
    # lineterminator: the same bytes on every platform, so the file diffs cleanly.
    counts.to_csv(Path(app.outdir) / CSV_NAME, index=False, lineterminator="\n")


class ChartAltText:
    """MyST-NB mime renderer plugin (``MimeRenderPlugin``): image outputs with an ``alt``."""

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline: bool) -> list[nodes.Element] | None:
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if inline or not alt or not data.mime_type.startswith("image/"):
            return None  # MyST-NB renders it as usual
        rendered = renderer.render_image(data)
        for image in rendered:
            image["alt"] = str(alt)
        return rendered


def setup(app: Sphinx) -> dict:
    app.setup_extension("analysis.site.state")
    app.connect("doctree-read", depend_on_the_bibliography)
    app.connect("build-finished", write_counts_csv)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
