"""The filter form above a paper list (``:filter:``): theme, venue type, year and a text box.

The form is plain HTML that ``portfolio.js`` wakes up. The stylesheet shows it only when the page
runs scripts (``html.portfolio-js``, set in the page's head before the first paint, so showing it
moves nothing), so a reader without JavaScript (and a search engine) sees the whole list and no
controls that would do nothing.
Every value shown comes from the papers listed and is HTML-escaped here.
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from analysis.bib.model import VENUE_TYPES, Paper
from analysis.settings import Theme


def _select(name: str, label: str, everything: str, options: list[tuple[str, str]], uid: str):
    choices = "".join(
        f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options
    )
    return (
        f'<label for="{uid}-{name}">{escape(label)}</label>'
        f'<select id="{uid}-{name}" name="{name}"><option value="">{escape(everything)}</option>'
        f"{choices}</select>"
    )


def filter_form(papers: list[Paper], themes: tuple[Theme, ...], document) -> nodes.raw:
    """The form for `papers`, offering only the themes, venue types and years they have."""
    uid = f"filter-{document.settings.env.new_serialno('portfolio-filter')}"
    present_themes = {slug for p in papers for slug in p.themes}
    theme_options = [(t.slug, t.title) for t in themes if t.slug in present_themes]
    present_types = {p.venue_type for p in papers}
    types = [t for t in VENUE_TYPES if t in present_types]
    types += sorted(present_types - set(types))
    newest_first = sorted({p.year: p.year_label for p in papers}.items(), reverse=True)
    years = [label for _, label in newest_first]  # "Forthcoming" first
    fields = [
        # A book without themes (a new one, made by init) gets no empty theme field.
        *([_select("theme", "Theme", "All themes", theme_options, uid)] if theme_options else []),
        _select("type", "Venue type", "All venue types", [(t, t.capitalize()) for t in types], uid),
        _select("year", "Year", "All years", [(y, y) for y in years], uid),
        f'<label for="{uid}-q">Search the papers</label>'
        f'<input id="{uid}-q" name="q" type="search" autocomplete="off" '
        'placeholder="Title, author or venue">',
    ]
    html = (
        '<form class="portfolio-filter" role="search" aria-label="Filter the papers">'
        + "".join(f'<div class="portfolio-filter-field">{field}</div>' for field in fields)
        + '<button type="reset">Show all</button></form>'
        '<p class="portfolio-filter-status" role="status" aria-live="polite"></p>\n'
    )
    return nodes.raw("", html, format="html")
