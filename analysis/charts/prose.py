"""The sentences and alt texts of the analysis pages, written from the data.

Every name (the owner, venues, coauthors, themes) comes from the bibliography and the book's
settings, never from the page, so the pages read right for any owner. Sentences are Markdown
(JupyterLab and the book both render it); text from BibTeX is escaped in them.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.settings import Settings

# How a sentence names a venue of each type ("NeurIPS, a conference"); other types by their name.
VENUE_KINDS = {
    "conference": "a conference",
    "journal": "a journal",
    "workshop": "a workshop",
    "preprint": "a preprint server",
    "thesis": "a thesis",
    "book": "a book",
    "report": "a report series",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|&~^$:])")


def escape(text) -> str:
    """`text` as literal Markdown: every character that Markdown (or MyST) reads is escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def owner_name(settings: Settings) -> str:
    """The owner as the pages name them: the first spelling in ``portfolio_owner``."""
    return settings.owner[0] if settings.owner else "the author"


def count(number: int, noun: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def venue_kind(venue_type: str) -> str:
    return VENUE_KINDS.get(venue_type, f"a venue of type {venue_type}" if venue_type else "")


def record_summary(headline: dict, honours: pd.DataFrame, settings: Settings) -> str:
    """The publication record's opening numbers, as one Markdown paragraph."""
    if not headline["papers"]:
        return f"{escape(owner_name(settings))} has no papers in the bibliography yet."
    dated = headline["papers"] - headline["forthcoming"]
    years = (
        ""
        if not dated
        else f"in {headline['first_year']}"
        if headline["first_year"] == headline["last_year"]
        else f"from {headline['first_year']} to {headline['last_year']}"
    )
    if headline["forthcoming"]:  # counted apart: they have no year yet
        soon = "all" if not dated else f"{headline['forthcoming']} of them"
        years = f"{years} ({soon} forthcoming)".strip()
    top = escape(headline["top_venue"])
    kind = venue_kind(headline["top_venue_type"])
    top = f"{top}, {kind}" if kind else top
    text = (
        f"{count(headline['papers'], 'paper')} by {escape(owner_name(settings))} {years}, in "
        f"{count(headline['venues'], 'venue')}. The venue with the most is {top}, with "
        f"{headline['top_venue_papers']} of them."
    )
    kinds = list(dict.fromkeys(honours["honor"]))
    if kinds:
        listed = ", ".join(escape(k) for k in kinds)
        text += f" {count(headline['honoured_papers'], 'paper')} received an honour ({listed})."
    return text


def collaboration_summary(headline: dict, coauthors: pd.DataFrame, settings: Settings) -> str:
    """The collaboration page's opening numbers, as one Markdown paragraph."""
    owner = escape(owner_name(settings))
    text = (
        f"{owner} is first author, or shares first authorship, on "
        f"{headline['first_author_papers']} of {count(headline['papers'], 'paper')}."
    )
    if len(coauthors):
        top = coauthors.iloc[0]
        text += (
            f" The most frequent coauthor is {escape(top['coauthor'])}, on "
            f"{count(int(top['papers']), 'paper')}."
        )
    return text


def _span(table: pd.DataFrame) -> str:
    years = list(table.index)
    return f"from {years[0]} to {years[-1]}" if years else "with no years"


def alt_per_year(table: pd.DataFrame) -> str:
    types = ", ".join(str(c) for c in table.columns)
    return (
        f"Stacked bar chart of papers per year {_span(table)}, each bar split by venue type "
        f"({types}). The counts are in the table below."
    )


def alt_by_venue(table: pd.DataFrame, venues: int) -> str:
    rest = venues - len(table) + 1  # the last bar sums the venues not drawn
    grouped = f", the other {rest} summed in one bar" if venues > len(table) else ""
    return (
        f"Horizontal bar chart of papers per venue, most papers first{grouped}, coloured by venue "
        "type. The counts are in the table below."
    )


def alt_heatmap(table: pd.DataFrame) -> str:
    return (
        f"Heatmap with one row per venue and one column per year {_span(table.T)}; a darker cell "
        "holds more papers. The same numbers are in the table below."
    )


def alt_cumulative(honours: pd.DataFrame) -> str:
    kinds = ", ".join(dict.fromkeys(honours["honor"]))
    marked = f", with a marker for each honour ({kinds}) in its year" if kinds else ""
    return (
        f"Line chart of the cumulative number of papers per year{marked}. The numbers are in the "
        "tables below."
    )


def alt_coauthors(coauthors: pd.DataFrame) -> str:
    return (
        f"Horizontal bar chart of the {len(coauthors)} most frequent coauthors and the number of "
        "papers written with each. The counts are in the table below."
    )


def alt_positions(settings: Settings) -> str:
    return (
        f"Stacked bar chart per year of the papers with {owner_name(settings)} as first author, "
        "as equal-contribution first author, or in another position, with the first-author "
        "share printed above each bar. The numbers are in the table below."
    )


def no_themes() -> str:
    """What the themes section says in a book that declares none (a new book from ``init``)."""
    return (
        "This book declares no research themes yet. Declare them under `portfolio_themes` in "
        "`_config.yml` and name a paper's themes in its `themes` field: this section then "
        "counts the papers of each theme per year."
    )


def alt_themes(themes: pd.DataFrame) -> str:
    if not len(themes.columns):
        return "An empty chart: the book declares no research themes."
    names = ", ".join(str(c) for c in themes.columns)
    return (
        f"Line chart with one line per research theme ({names}) showing its number of papers in "
        "each year. The numbers are in the table below."
    )


def citations_summary(summary) -> str:
    """The citations section's opening sentence (a :class:`analysis.metrics.compute.Summary`)."""
    return (
        f"{summary.citations:,} citations of {count(summary.papers, 'paper')}: h-index "
        f"{summary.h_index}, i10-index {summary.i10_index} ({escape(summary.attribution)}; "
        "counts differ from Google Scholar's, which indexes more sources). A preprint and its "
        "published version count once."
    )


def no_metrics() -> str:
    """What the citations section says before the first ``metrics`` run: how to fetch them."""
    return (
        "No citation counts yet. Run `python -m analysis metrics` at the book's root: it fetches "
        "each paper's citations from OpenAlex into `metrics.jsonl`, beside the bibliography; "
        "commit that file and this section shows citations per year and the most cited papers."
    )


def alt_citations(table: pd.DataFrame) -> str:
    split = (
        f", each bar split by research theme ({', '.join(str(c) for c in table.columns)})"
        if len(table.columns) > 1
        else ""
    )
    return (
        f"Stacked bar chart of the citations received per year {_span(table)}{split}; "
        f"{int(table.to_numpy().sum()):,} in all. The numbers are in the table below."
    )


def alt_most_cited(table: pd.DataFrame) -> str:
    top = table.iloc[0]
    return (
        f"Horizontal bar chart of the {len(table)} most cited papers, most first: "
        f"{top['title']} ({top['year']}) has {int(top['citations']):,} citations. The numbers "
        "are in the table below."
    )
