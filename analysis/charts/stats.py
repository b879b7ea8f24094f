"""Grouped paper counts for ``python -m analysis stats``: by year, venue, venue type or theme."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.bib.model import Paper
from analysis.charts.frame import label_years, papers_frame
from analysis.charts.groupings import GROUPINGS

NO_THEME = "(none)"


def grouped_counts(papers: Iterable[Paper], by: str = "year,venue_type") -> pd.DataFrame:
    """One row per group with its number of papers, in the columns of `by` plus ``count``.

    Groups with a year are in year order; the others from most to fewest papers.
    """
    columns = list(GROUPINGS[by])
    frame = papers_frame(papers)
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "count"])
    if "theme" in columns:
        frame = frame.assign(theme=frame["themes"].map(lambda t: list(t) or [NO_THEME]))
        frame = frame.explode("theme")
    frame = frame.assign(venue_type=frame["venue_type"].astype(str))
    counts = frame.groupby(columns).size().reset_index(name="count")
    if "year" in columns:
        counts = counts.sort_values(columns, ignore_index=True)
        return counts.assign(year=label_years(counts["year"]))
    return counts.sort_values(["count", *columns], ascending=[False] + [True] * len(columns),
                              ignore_index=True)  # fmt: skip


def render(counts: pd.DataFrame, fmt: str) -> str:
    """The counts as an aligned ``table``, ``csv`` or ``json`` (a list of records)."""
    if fmt == "csv":
        return counts.to_csv(index=False)
    if fmt == "json":
        return counts.to_json(orient="records", indent=2) + "\n"
    if counts.empty:
        return "no papers\n"
    return counts.to_string(index=False) + "\n"
