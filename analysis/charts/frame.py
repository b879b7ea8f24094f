"""Tidy pandas tables of a bibliography: one row per paper, and the counts the charts draw."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.bib.model import FORTHCOMING, FORTHCOMING_LABEL, VENUE_TYPES, Paper
from analysis.bib.names import same_people
from analysis.bib.venuenames import name_key
from analysis.settings import Theme

COUNT_COLUMNS = ["year", "venue", "venue_type", "count"]
# The venues charts show at most this many rows; the rest are summed into one "other venues" row.
TOP_VENUES = 12
OTHER_VENUES = "other venues"


def venue_types(papers: Iterable[Paper]) -> list[str]:
    """Every venue type, in VENUE_TYPES order, then any type the model does not list (by name)."""
    extra = sorted({p.venue_type for p in papers} - set(VENUE_TYPES))
    return [*VENUE_TYPES, *extra]


def papers_frame(papers: Iterable[Paper]) -> pd.DataFrame:
    """One row per paper, newest first; list-like fields stay tuples."""
    papers = list(papers)  # read twice: rows and venue types
    rows = [
        {
            "key": p.key,
            "title": p.title,
            "authors": p.authors,
            "year": p.year,
            "venue": p.venue,
            "venue_full": p.venue_full,
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
    columns = list(rows[0]) if rows else ["key", "year", "venue", "venue_full", "venue_type"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["venue_type"] = pd.Categorical(frame["venue_type"], categories=venue_types(papers))
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
    counts = counts.sort_values(["year", "venue"], ignore_index=True)[COUNT_COLUMNS]
    return counts.assign(year=label_years(counts["year"]))


def label_years(years: pd.Series) -> pd.Series:
    """Years as a table prints them: forthcoming papers under "forthcoming", not a number."""
    if not (years == FORTHCOMING).any():
        return years
    return years.astype(object).where(years != FORTHCOMING, FORTHCOMING_LABEL.lower())


def counts_by_year_and_type(papers: Iterable[Paper]) -> pd.DataFrame:
    """Papers per year (rows, every year in range) and venue type (columns, in VENUE_TYPES order).

    Venue types with no paper are left out, except that the table always has one column.
    """
    papers = list(papers)  # read twice below: a one-shot iterator would leave no years
    counts = _wide(papers_frame(papers), "year", "venue_type", _year_range(papers))
    types = venue_types(papers)
    kept = [t for t in types if t in counts.columns and counts[t].sum() > 0]
    return counts[kept or types[:1]]


def counts_by_venue(papers: Iterable[Paper]) -> pd.DataFrame:
    """One row per venue: venue (its short name), full_name (its papers' most used full name,
    "" when the short name is all there is), venue_type, count; most papers first, ties by name."""
    frame = papers_frame(papers)
    counts = frame.groupby(["venue", "venue_type"], observed=True).size().reset_index(name="count")
    counts["venue_type"] = counts["venue_type"].astype(str)
    named = frame[frame["venue_full"] != ""].groupby("venue")["venue_full"]
    full = named.agg(_one_full_name).to_dict() if len(named) else {}
    counts.insert(1, "full_name", [full.get(venue, "") for venue in counts["venue"]])
    return counts.sort_values(["count", "venue"], ascending=[False, True], ignore_index=True)


def _one_full_name(names: pd.Series) -> str:
    """The venue's full name when its papers agree on one (up to case and publishers: "IEEE
    International Conference on ..." is "International Conference on ..."), else "": a table's
    umbrella ("NeurIPS workshop": every workshop there) has no one full name."""
    if len({name_key(name) for name in names}) > 1:
        return ""
    return names.value_counts().index[0]


def top_venues(table: pd.DataFrame, limit: int = TOP_VENUES) -> pd.DataFrame:
    """The first ``limit - 1`` rows of :func:`counts_by_venue`, the rest summed into one row.

    The summed row is named "N other venues" and has no venue type; a table of at most `limit`
    venues is returned as it is.
    """
    if len(table) <= limit:
        return table
    kept, rest = table.iloc[: limit - 1], table.iloc[limit - 1 :]
    other = {"venue": f"{len(rest)} {OTHER_VENUES}", "venue_type": "", "count": rest["count"].sum()}
    other = {**dict.fromkeys(table.columns, ""), **other}
    return pd.concat([kept, pd.DataFrame([other])], ignore_index=True)


def venue_by_year(papers: Iterable[Paper], limit: int | None = None) -> pd.DataFrame:
    """Papers per venue (rows, as ordered by :func:`counts_by_venue`) and year (columns).

    With `limit`, the venues after the first ``limit - 1`` are summed into one last row, as in
    :func:`top_venues`.
    """
    papers = list(papers)
    frame = papers_frame(papers)
    table = _wide(frame, "year", "venue", _year_range(papers)).T
    table.index.name = "venue"
    table = table.loc[counts_by_venue(papers)["venue"]]
    if limit is None or len(table) <= limit:
        return table
    rest = table.iloc[limit - 1 :]
    other = rest.sum().to_frame(f"{len(rest)} {OTHER_VENUES}").T
    table = pd.concat([table.iloc[: limit - 1], other])
    table.index.name = "venue"
    return table


def cumulative_counts(papers: Iterable[Paper]) -> pd.DataFrame:
    """Per year (every year in range): papers, cumulative total, and honoured papers that year
    (forthcoming papers are not in it)."""
    papers = list(papers)
    years = _year_range(papers)
    per_year = pd.Series([p.year for p in papers], dtype="int64").value_counts()
    honoured = pd.Series([p.year for p in papers if p.honors], dtype="int64").value_counts()
    table = pd.DataFrame(
        {
            "papers": per_year.reindex(years, fill_value=0),
            "cumulative": per_year.reindex(years, fill_value=0).cumsum(),
            "honoured": honoured.reindex(years, fill_value=0),
        }
    )
    table.index.name = "year"
    return table


def honours(papers: Iterable[Paper]) -> pd.DataFrame:
    """One row per (paper, honour): year, honor, venue, title; oldest first.

    Honours of forthcoming papers are left out: they show on the papers' cards, and are drawn
    once the paper has its year.
    """
    rows = [
        {"year": p.year, "honor": h, "venue": p.venue, "title": p.title}
        for p in papers
        if not p.forthcoming
        for h in p.honors
    ]
    frame = pd.DataFrame(rows, columns=["year", "honor", "venue", "title"])
    return frame.sort_values(["year", "honor", "venue", "title"], ignore_index=True)


def top_coauthors(papers: Iterable[Paper], limit: int = 10) -> pd.DataFrame:
    """The owner's most frequent coauthors: coauthor, papers; most first, ties by name.

    The owner (any of their positions) and BibTeX's ``others`` are not coauthors. The forms of
    one person's name (``D. F. Brailsford``, ``David F. Brailsford``) count as that person.
    """
    lists = [
        {
            name
            for i, name in enumerate(paper.authors)
            if i not in paper.owner_positions and name != "others"
        }
        for paper in papers
    ]
    person = same_people(name for names in lists for name in names)
    counts: dict[str, int] = {}
    for names in lists:
        for name in {person[name] for name in names}:
            counts[name] = counts.get(name, 0) + 1
    frame = pd.DataFrame(sorted(counts.items()), columns=["coauthor", "papers"])
    frame = frame.sort_values(["papers", "coauthor"], ascending=[False, True], kind="stable")
    return frame.head(limit).reset_index(drop=True)


AUTHOR_ROLES = ("first", "equal first", "other")


def first_author_share(papers: Iterable[Paper]) -> pd.DataFrame:
    """Per year: the owner's papers as first author, equal-contribution first author, or other.

    "equal first" means the owner shares first place through ``equal_contribution`` without
    being listed first; ``share`` is the fraction of the year's papers with the owner first or
    equal first.
    Years without papers are kept, with share 0.
    """
    papers = list(papers)
    rows = [{"year": p.year, "role": _author_role(p)} for p in papers]
    frame = pd.DataFrame(rows, columns=["year", "role"])
    frame["role"] = pd.Categorical(frame["role"], categories=AUTHOR_ROLES)
    table = _wide(frame, "year", "role", _year_range(papers)).reindex(
        columns=list(AUTHOR_ROLES), fill_value=0
    )
    total = table.sum(axis=1)
    table["papers"] = total
    table["share"] = ((table["first"] + table["equal first"]) / total.where(total > 0)).fillna(0.0)
    return table


def themes_by_year(papers: Iterable[Paper], themes: Sequence[Theme]) -> pd.DataFrame:
    """Papers per year (rows, every year in range) and declared theme (columns, titled and in
    the book's order, so a theme keeps its place and colour whatever its count).

    A paper with two themes counts once in each, so rows do not sum to the year's papers. Only
    the declared `themes` are columns; with none declared the table has no columns.
    """
    papers = list(papers)
    titles = {t.slug: t.title for t in themes}
    rows = [{"year": p.year, "theme": t} for p in papers for t in p.themes if t in titles]
    frame = pd.DataFrame(rows, columns=["year", "theme"])
    table = _wide(frame, "year", "theme", _year_range(papers))
    table = table.reindex(columns=list(titles), fill_value=0).rename(columns=titles)
    table.columns.name = None
    return table


def headline_numbers(papers: Iterable[Paper]) -> dict[str, int | str]:
    """The numbers the prose quotes: papers, years, venues, the top venue and its type."""
    papers = list(papers)
    venues = counts_by_venue(papers)
    shares = first_author_share(papers)
    top = venues.iloc[0] if len(venues) else {"venue": "", "venue_type": "", "count": 0}
    years = [p.year for p in papers if not p.forthcoming]
    return {
        "papers": len(papers),
        "first_year": min(years, default=0),
        "last_year": max(years, default=0),
        "forthcoming": len(papers) - len(years),
        "venues": len(venues),
        "top_venue": str(top["venue"]),
        "top_venue_type": str(top["venue_type"]),
        "top_venue_papers": int(top["count"]),
        "first_author_papers": int(shares["first"].sum() + shares["equal first"].sum()),
        "honoured_papers": sum(1 for p in papers if p.honors),
    }


def _author_role(paper: Paper) -> str:
    if paper.owner_first_author:
        return "first"
    if 0 in paper.equal_contribution and set(paper.owner_positions) & set(paper.equal_contribution):
        return "equal first"
    return "other"


def _year_range(papers: Iterable[Paper]) -> list[int]:
    """Every year from the first paper to the last, so gaps show as zeros, not as missing bars.

    Forthcoming papers have no year yet: the year-by-year tables leave them out (the headline
    numbers count them apart).
    """
    years = [p.year for p in papers if not p.forthcoming]
    return list(range(min(years), max(years) + 1)) if years else []


def _wide(frame: pd.DataFrame, rows: str, columns: str, index: list[int]) -> pd.DataFrame:
    """Count rows of `frame` into a rows x columns table of ints, one row per `index` value."""
    table = pd.crosstab(frame[rows], frame[columns]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=index, fill_value=0).astype("int64")
    table.index.name = rows
    # Plain string labels: categorical column labels would leak into plots and CSVs.
    table.columns = pd.Index([str(c) for c in table.columns])
    return table
