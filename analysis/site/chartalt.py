"""MyST-NB output renderer: a chart's alt text from its output, written by the notebook.

MyST-NB takes an image's alt text only from cell metadata, written once in the page, so it
could not name this book's owner or count this year's venues. :class:`analysis.charts.display.
Chart` puts the alt text it computes into the output's metadata (``{"image/svg+xml": {"alt":
...}}``); this plugin, registered under MyST-NB's ``myst_nb.mime_renderers`` entry point (see
pyproject.toml), renders the image as MyST-NB does and sets that alt text on it.
"""

from __future__ import annotations

from docutils import nodes


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
