"""Rewrite the HTML of every page as the builder renders it.

A few things on a page are written by the theme's templates straight into the HTML (the tab
title, some script and stylesheet tags), past every Sphinx event; the rendered text is the only
place to change them.
"""

from __future__ import annotations

from collections.abc import Callable

from sphinx.application import Sphinx


def rewrite_rendered_pages(app: Sphinx, rewrite: Callable[[str, dict], str]) -> None:
    """From now on, each page the HTML builder renders is `rewrite(html, context)`."""
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render

    def render_rewritten(template: str, context: dict) -> str:
        return rewrite(render(template, context), context)

    templates.render = render_rewritten
