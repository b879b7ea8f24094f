"""The counting tables of analysis.charts.frame on tests/fixtures/charts.bib, counted by hand.

The fixture's header comment lists its seven papers; the expected tables below follow from it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.bib.loader import parse_bibliography
from analysis.bib.model import Paper
from analysis.charts import frame
from analysis.settings import Settings, parse_themes

CHARTS_BIB = Path(__file__).parent / "fixtures" / "charts.bib"
OWNER = Settings(
    owner=("Ada Owner",),
    themes=parse_themes([{"slug": s} for s in ("physics-of-ai", "ai-for-science", "math-for-ai")]),
)
YEARS = pd.Index([2021, 2022, 2023, 2024], name="year")  # 2023 has no paper: a gap


def load_chart_papers() -> list[Paper]:
    """The fixture's papers, owned by Ada Owner; the fixture must load without any problem."""
    bibliography = parse_bibliography(CHARTS_BIB.read_text(encoding="utf-8"), CHARTS_BIB, OWNER)
    assert bibliography.problems == []
    return bibliography.papers


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    """The seven fixture papers."""
    return load_chart_papers()


def per_year(columns: dict[str, list]) -> pd.DataFrame:
    """An expected table with one row per fixture year (2021-2024, gap year included)."""
    return pd.DataFrame(columns, index=YEARS)


EXPECTED_TABLES = [
    pytest.param(
        frame.publication_counts,
        pd.DataFrame(
            {
                "year": [2021, 2021, 2022, 2024, 2024, 2024],
                "venue": ["NeurIPS", "PRL", "ICLR", "NeurIPS", "NeurIPS workshop", "arXiv"],
                "venue_type": [
                    "conference",
                    "journal",
                    "conference",
                    "conference",
                    "workshop",
                    "preprint",
                ],
                "count": [1, 1, 1, 1, 1, 2],
            }
        ),
        id="publication_counts",
    ),
    pytest.param(
        frame.counts_by_year_and_type,
        # No paper of type "other": the column is left out; 2023 is a row of zeros.
        per_year(
            {
                "conference": [1, 1, 0, 1],
                "journal": [1, 0, 0, 0],
                "workshop": [0, 0, 0, 1],
                "preprint": [0, 0, 0, 2],
            }
        ),
        id="counts_by_year_and_type",
    ),
    pytest.param(
        frame.counts_by_venue,
        # Most papers first; ties by name (upper case sorts before lower case).
        pd.DataFrame(
            {
                "venue": ["NeurIPS", "arXiv", "ICLR", "NeurIPS workshop", "PRL"],
                "venue_type": ["conference", "preprint", "conference", "workshop", "journal"],
                "count": [2, 2, 1, 1, 1],
            }
        ),
        id="counts_by_venue",
    ),
    pytest.param(
        frame.venue_by_year,
        pd.DataFrame(
            [[1, 0, 0, 1], [0, 0, 0, 2], [0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0]],
            index=pd.Index(["NeurIPS", "arXiv", "ICLR", "NeurIPS workshop", "PRL"], name="venue"),
            columns=YEARS,
        ),
        id="venue_by_year",
    ),
    pytest.param(
        frame.cumulative_counts,
        # a2021oral has two honours but is one honoured paper.
        per_year({"papers": [2, 1, 0, 4], "cumulative": [2, 3, 3, 7], "honoured": [2, 0, 0, 1]}),
        id="cumulative_counts",
    ),
    pytest.param(
        frame.honours,
        pd.DataFrame(
            {
                "year": [2021, 2021, 2021, 2024],
                "honor": ["Best Paper", "Editor's Suggestion", "Oral", "Spotlight"],
                "venue": ["NeurIPS", "PRL", "NeurIPS", "NeurIPS"],
                "title": ["An Oral Paper", "A Letter", "An Oral Paper", "A Spotlight"],
            }
        ),
        id="honours",
    ),
    pytest.param(
        frame.top_coauthors,
        # Neither the owner nor "others" (d2024arxiv) is a coauthor; Cal/Dee tie, by name.
        pd.DataFrame(
            {
                "coauthor": ["Bea Second", "Cal Third", "Dee Fourth", "Eve Fifth"],
                "papers": [4, 2, 2, 1],
            }
        ),
        id="top_coauthors",
    ),
    pytest.param(
        frame.first_author_share,
        # c2022iclr: owner second but equal with the first author -> equal first.
        # e2024ws: owner equal with the second author only -> other.
        per_year(
            {
                "first": [1, 0, 0, 2],
                "equal first": [0, 1, 0, 0],
                "other": [1, 0, 0, 2],
                "papers": [2, 1, 0, 4],
                "share": [0.5, 1.0, 0.0, 0.5],
            }
        ),
        id="first_author_share",
    ),
    pytest.param(
        frame.themes_by_year,
        # c2022iclr counts under both its themes; most papers first, ties by slug.
        per_year(
            {
                "physics-of-ai": [1, 1, 0, 1],
                "ai-for-science": [1, 1, 0, 0],
                "math-for-ai": [0, 0, 0, 2],
            }
        ),
        id="themes_by_year",
    ),
]


@pytest.mark.parametrize(("count", "expected"), EXPECTED_TABLES)
def test_counting_table_matches_the_hand_count(papers, count, expected):
    """Each table equals the hand-worked one: values, dtypes, row order, index and columns."""
    pd.testing.assert_frame_equal(count(papers), expected)


@pytest.mark.parametrize(("count", "expected"), EXPECTED_TABLES)
def test_counting_table_accepts_a_one_shot_iterator(papers, count, expected):
    """The functions take any iterable: a generator gives the same table as a list."""
    pd.testing.assert_frame_equal(count(p for p in papers), expected)


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        pytest.param(1, ["Bea Second"], id="one"),
        pytest.param(3, ["Bea Second", "Cal Third", "Dee Fourth"], id="tie-broken-by-name"),
        pytest.param(10, ["Bea Second", "Cal Third", "Dee Fourth", "Eve Fifth"], id="all"),
    ],
)
def test_top_coauthors_limit(papers, limit, expected):
    """`limit` keeps the most frequent coauthors, in order."""
    assert frame.top_coauthors(papers, limit=limit)["coauthor"].tolist() == expected


def test_counts_by_year_and_type_keeps_all_four_years(papers):
    """Gap years are rows of zeros, and every paper is counted exactly once."""
    table = frame.counts_by_year_and_type(papers)
    assert table.loc[2023].tolist() == [0, 0, 0, 0]
    assert int(table.to_numpy().sum()) == len(papers)


def test_themes_by_year_counts_a_two_theme_paper_twice(papers):
    """Rows sum to theme assignments (7), not papers: c2022iclr has two themes, e2024ws none."""
    table = frame.themes_by_year(papers)
    assert int(table.to_numpy().sum()) == sum(len(p.themes) for p in papers) == 7
    assert table.loc[2022].tolist() == [1, 1, 0]


def test_headline_numbers(papers):
    """The numbers the prose quotes, counted by hand."""
    assert frame.headline_numbers(papers) == {
        "papers": 7,
        "first_year": 2021,
        "last_year": 2024,
        "venues": 5,
        "top_conference": "NeurIPS",
        "top_conference_papers": 2,
        "first_author_papers": 4,  # first 3 + equal first 1
        "honoured_papers": 3,
    }


def test_headline_top_conference_is_a_conference(papers):
    """arXiv ties NeurIPS on papers, but only conferences compete for the top conference."""
    venues = frame.counts_by_venue(papers)
    assert venues.loc[venues["venue"] == "arXiv", "count"].item() == 2
    assert frame.headline_numbers(papers)["top_conference"] == "NeurIPS"
    without_neurips = [p for p in papers if p.venue != "NeurIPS"]
    assert frame.headline_numbers(without_neurips)["top_conference"] == "ICLR"


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        pytest.param("physics-of-ai", "Physics of AI", id="ai-last"),
        pytest.param("ai-for-science", "AI for science", id="ai-first"),
        pytest.param("math-for-ai", "Math for AI", id="math"),
        pytest.param("neuroscience-for-ai", "Neuroscience for AI", id="neuroscience"),
        pytest.param("optics", "Optics", id="one-word"),
        pytest.param("", "", id="empty"),
    ],
)
def test_theme_label(slug, label):
    """Slugs become sentence-case labels with "AI" in capitals."""
    assert frame.theme_label(slug) == label
