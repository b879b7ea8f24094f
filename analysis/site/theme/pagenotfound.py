"""Sphinx extension: the site's 404 page, in the book's theme, from its published address.

sphinx-notfound-page (``notfound.extension``, which this extension loads) writes
``404.html``. A host serves that page at whatever address was missing, however deep
(``/portfolio-book/chapters/no/such/page.html``), so its stylesheet, script and link addresses
are absolute: ``notfound_urls_prefix`` + path. This extension sets the prefix from the path of
``html.baseurl`` (``https://kindxiaoming.github.io/portfolio-book/`` gives ``/portfolio-book/``),
so a book made with ``python -m analysis init`` gets its own. A book without a baseurl gets
``/``: right for a site at the root of its domain (``USER.github.io``, a custom domain,
``make serve``); a site under a path needs ``html.baseurl`` for its 404 page to find its styles.
(The extension's own default, ``/en/latest/``, is Read the Docs' layout, never this book's.)

The page says it found nothing and links to the home page, the publications page (when the
book has one) and search. It is kept out of the navigation, out of search engines
(``noindex``), out of ``sitemap.xml`` and out of the search index.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

TITLE = "Page not found"
PUBLICATIONS = "chapters/publications"
BODY = """\
<h1>{title}</h1>
<p>Sorry, there is no page at this address. It may have moved, or the link may be mistyped.</p>
<p>Go to <a href="{home}">the home page</a>{publications}, or <a href="{search}">search
the site</a>.</p>
"""


def urls_prefix(baseurl: str) -> str:
    """The path of `baseurl` with a slash at each end; ``/`` for no baseurl or a bare domain."""
    path = urlsplit(baseurl or "").path.strip("/")
    return f"/{path}/" if path else "/"


def _configure(app: Sphinx, config: Config) -> None:
    config.notfound_urls_prefix = urls_prefix(config.html_baseurl)
    config.notfound_context = {
        "title": TITLE,
        "pagetitle": TITLE,  # the heading sphinx-book-theme prints atop a printed page
        "metatags": '<meta name="robots" content="noindex">',
    }
    # A page no reader asked for is no page to list for crawlers (sphinx-sitemap's own setting).
    if "sitemap_excludes" in config:
        page = f"{config.notfound_pagename}.html"
        config.sitemap_excludes = [*config.sitemap_excludes, page]


def _body(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    if pagename != app.config.notfound_pagename:
        return
    # notfound's toctree helper (set at priority 400) gives None where the book has no toctree,
    # Sphinx's own gives "", and pydata-sphinx-theme fails on None
    # (readthedocs/sphinx-notfound-page#253).
    toctree = context["toctree"]
    context["toctree"] = lambda *args, **kwargs: toctree(*args, **kwargs) or ""
    # notfound's pathto (also set at 400) already gives absolute addresses under the prefix.
    pathto = context["pathto"]
    # Served at every missing address, the page has no address of its own to call canonical.
    context["pageurl"] = None
    publications = ""
    if PUBLICATIONS in app.env.titles:
        publications = f', <a href="{html.escape(pathto(PUBLICATIONS))}">the publications</a>'
    context["body"] = BODY.format(
        title=TITLE,
        home=html.escape(pathto(app.config.root_doc)),
        publications=publications,
        search=html.escape(pathto("search")),
    )


def setup(app: Sphinx) -> dict:
    app.setup_extension("notfound.extension")  # it writes 404.html; this module, its text
    app.connect("config-inited", _configure)
    # After notfound's helpers (priority 400), before the theme uses them (500).
    app.connect("html-page-context", _body, priority=450)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
