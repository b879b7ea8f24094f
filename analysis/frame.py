"""Tidy pandas tables of a bibliography: one row per paper, and the counts the charts draw."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.model import VENUE_TYPES, Paper

COUNT_COLUMNS = ["year", "venue", "venue_type", "count"]


def papers_frame(papers: Iterable[Paper]) -> pd.DataFrame:
    """One row per paper, newest first; list-like fields stay tuples."""
    rows = [
        {
            "key": p.key,
            "title": p.title,
            "authors": p.authors,
            "year": p.year,
            "venue": p.venue,
            "venue_type": p.venue_type,
            "honors": p.honors,
            "themes": p.themes,
            "selected": p.selected,
            "owner_first_author": p.owner_first_author,
            "equal_contribution": bool(p.equal_contribution),
            "arxiv_id": p.arxiv_id,
            "doi": p.doi,
        }
        for p in papers
    ]
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else ["key", "year", "venue", "venue_type"])
    frame["venue_type"] = pd.Categorical(frame["venue_type"], categories=VENUE_TYPES)
    return frame.sort_values(["year", "key"], ascending=[False, True], ignore_index=True)


def publication_counts(papers: Iterable[Paper]) -> pd.DataFrame:
    """One row per (year, venue, venue type) with its number of papers: the published CSV."""
    frame = papers_frame(papers)
    counts = (
        frame.groupby(["year", "venue", "venue_type"], observed=True)
        .size()
        .reset_index(name="count")
    )
    counts["venue_type"] = counts["venue_type"].astype(str)
    return counts.sort_values(["year", "venue"], ignore_index=True)[COUNT_COLUMNS]
