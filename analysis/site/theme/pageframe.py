"""Sphinx extension: what every page's frame says, beyond its text.

1. Tab titles: Sphinx writes "page title — site title"; on the landing page both name the owner
   ("Ziming Liu: AI and physics — Ziming Liu: AI and Physics"), so a page whose title already
   holds the site's title (or the other way round) keeps its own title only.
2. Pages for the owner (``orphan: true`` in their front matter: extending the book, about the
   data) are out of the navigation and linked at the foot of every page instead.
3. Social previews: sphinxext-opengraph describes a page by its first paragraph; a page that
   gives itself a description (``html_meta``) is previewed with that description.
4. The search page gets a description of its own (search engines and Lighthouse SEO ask for one).
"""

from __future__ import annotations

import html
import re

from sphinx.application import Sphinx

from analysis.site.theme.rendered import rewrite_rendered_pages

SEARCH_DESCRIPTION = "Search the pages and papers of {title}."
_TAGS = re.compile(r"<[^>]+>")
_META_DESCRIPTION = re.compile(
    r'<meta\b(?=[^>]*\bname="description")[^>]*\bcontent="([^"]*)"[^>]*>'
)
_OG_DESCRIPTION = re.compile(r'(<meta property="og:description" content=")[^"]*(")')


def _plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", text or "")).strip().casefold()


_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _tab_title(output: str, context: dict) -> str:
    # The layout template composes the tab title itself, so the rendered page is corrected.
    title = context.get("title") or ""
    page, site = _plain(title), _plain(context.get("docstitle", ""))
    if context.get("pagename") != "search" and page and site and (page in site or site in page):
        own = html.escape(html.unescape(_TAGS.sub("", title)).strip(), quote=False)
        output = _TITLE.sub(lambda _: f"<title>{own}</title>", output, count=1)
    return output


def _owner_pages_at_foot(app: Sphinx, pagename, templatename, context, doctree) -> None:
    env = app.env
    owner_pages = sorted(
        name for name, meta in env.metadata.items() if "orphan" in meta and name in env.titles
    )
    if not owner_pages:
        return
    pathto = context["pathto"]
    links = " · ".join(
        f'<a href="{html.escape(pathto(name))}">{html.escape(env.titles[name].astext())}</a>'
        for name in owner_pages
    )
    extra = context.get("theme_extra_footer") or ""
    context["theme_extra_footer"] = f'{extra}<p class="portfolio-footer-links">{links}</p>'


def _descriptions(app: Sphinx, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "")
    if pagename == "search" and 'name="description"' not in metatags:
        text = SEARCH_DESCRIPTION.format(title=context.get("docstitle", "this site"))
        metatags += f'\n<meta name="description" content="{html.escape(text)}" />'
    own = _META_DESCRIPTION.search(metatags)
    if own:
        # The content is already escaped in the tag it came from.
        metatags = _OG_DESCRIPTION.sub(lambda m: m.group(1) + own.group(1) + m.group(2), metatags)
    context["metatags"] = metatags


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", lambda app: rewrite_rendered_pages(app, _tab_title))
    app.connect("html-page-context", _owner_pages_at_foot)
    # After sphinxext-opengraph has written its tags (default priority 500).
    app.connect("html-page-context", _descriptions, priority=800)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
