"""Tables of citations from the metrics file: per year stacked by theme, and the most cited papers.

Every table is empty when there is no metrics file or no paper in it: the notebook then draws no
chart and prints no number.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.bib.model import Paper
from analysis.metrics.compute import group_counts, last_years, per_year
from analysis.metrics.data import Metrics
from analysis.settings import Theme

ALL_CITATIONS = "Citations"  # the one column when the book declares no theme
NO_THEME = "No declared theme"


def citations_by_year(
    papers: Sequence[Paper], metrics: Metrics | None, themes: Sequence[Theme]
) -> pd.DataFrame:
    """Citations received per year (rows: OpenAlex's last ten years, none left out) by theme.

    Each paper counts once (versions of one paper merged), under its first theme in the book's
    order, so a year's row sums to its citations; columns are the declared themes' titles in the
    book's order (a theme keeps its colour whatever its count), then papers with no declared
    theme. With no theme declared, one column of all citations.
    """
    pairs = group_counts(papers, metrics) if metrics is not None else []
    if not pairs:
        return pd.DataFrame(index=pd.Index([], name="year", dtype="int64"))
    years = last_years(metrics.as_of)
    order = [t.slug for t in themes]
    titles = {t.slug: t.title for t in themes}
    columns = [titles[s] for s in order] + [NO_THEME] if themes else [ALL_CITATIONS]
    table = pd.DataFrame(0, index=pd.Index(years, name="year"), columns=columns, dtype="int64")
    for paper, record in pairs:
        declared = [s for s in order if s in paper.themes]
        column = titles[declared[0]] if declared else (NO_THEME if themes else ALL_CITATIONS)
        table[column] += per_year(record, years)
    if NO_THEME in table and not table[NO_THEME].any():
        table = table.drop(columns=NO_THEME)
    return table


def most_cited(papers: Sequence[Paper], metrics: Metrics | None, limit: int = 10) -> pd.DataFrame:
    """The most cited papers: title, year, citations; most first, ties by title."""
    pairs = group_counts(papers, metrics) if metrics is not None else []
    rows = [(p.title, p.year_label, r.cited_by) for p, r in pairs]
    frame = pd.DataFrame(rows, columns=["title", "year", "citations"])
    frame = frame.sort_values(["citations", "title"], ascending=[False, True], kind="stable")
    return frame.head(limit).reset_index(drop=True)


def citation_counts(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`citations_by_year` in long form (``year, theme, citations``): the published CSV."""
    long = table.reset_index().melt(id_vars="year", var_name="theme", value_name="citations")
    return long.sort_values(["year", "theme"], ignore_index=True)
