"""What a notebook cell shows: a chart as SVG with its alt text, a table with human headers.

The same outputs read well in JupyterLab, in ``jupyter nbconvert --execute`` and in the book:
a chart is an ``image/svg+xml`` output whose metadata carries its alt text (MyST-NB puts it on
the ``<img>``, through :mod:`analysis.site.notebooks`), and a table is plain HTML without the
index's second header row, pandas' ``<style scoped>`` block or cut-off cells.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.axes import Axes

from analysis.charts.plots import SVG_METADATA

SVG = "image/svg+xml"
# Column and index names of analysis.charts.frame's tables, as a reader reads them.
HEADERS = {
    "year": "Year",
    "venue": "Venue",
    "full_name": "Full name",
    "venue_type": "Venue type",
    "count": "Papers",
    "papers": "Papers",
    "cumulative": "Papers so far",
    "honoured": "Honoured papers",
    "honor": "Honour",
    "title": "Title",
    "coauthor": "Coauthor",
    "share": "First-author share",
    "citations": "Citations",
}
# The author-position table's columns; "other" is also a venue type, named "Other" elsewhere.
ROLE_HEADERS = {
    "first": "First author",
    "equal first": "Equal first author",
    "other": "Other position",
}


class Chart:
    """A drawn chart and its alt text; shown as deterministic SVG (no date, text kept as text)."""

    def __init__(self, ax: Axes, alt: str):
        self.figure = ax.figure
        self.alt = alt

    def svg(self) -> str:
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {SVG: self.svg(), "text/plain": self.alt}, {SVG: {"alt": self.alt}}


class Table:
    """A table of :mod:`analysis.charts.frame` as the page shows it (see :func:`readable`)."""

    def __init__(self, table: pd.DataFrame):
        self.table = readable(table)

    def _repr_html_(self) -> str:
        # escape: venue names and titles come from BibTeX. border=0 writes no obsolete attribute.
        return self.table.to_html(index=False, border=0, escape=True, classes="portfolio-table")

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", None):
            return self.table.to_string(index=False)


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with a named index as its first column, human headers, shares as percentages."""
    if table.index.name is not None:
        table = table.reset_index()
    if "share" in table.columns:
        table = table.assign(share=table["share"].map("{:.0%}".format))
    names = {**HEADERS, **ROLE_HEADERS} if "first" in table.columns else HEADERS
    headers = {c: names.get(str(c), str(c)[:1].upper() + str(c)[1:]) for c in table.columns}
    table = table.rename(columns=headers)
    table.columns.name = None
    return table
