"""The counting tables of analysis.charts.frame on tests/fixtures/charts.bib, counted by hand.

The fixture's header comment lists its seven papers; the expected tables below follow from it.
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd
import pytest

from analysis.bib.loader import parse_bibliography
from analysis.bib.model import FORTHCOMING, Paper
from analysis.charts import frame
from analysis.charts.display import readable
from tests.support.charts import OWNER, load_chart_papers

YEARS = pd.Index([2021, 2022, 2023, 2024], name="year")  # 2023 has no paper: a gap


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
                # The full name beside the short one, where the papers give one.
                "full_name": [
                    "",
                    "",
                    "International Conference on Learning Representations",
                    "NeurIPS Workshop on Machine Learning and the Physical Sciences",
                    "Phys. Rev. Lett.",
                ],  # fmt: skip
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
        functools.partial(frame.themes_by_year, themes=OWNER.themes),
        # c2022iclr counts under both its themes; columns are the declared themes, titled, in
        # the book's order (not by count).
        per_year(
            {
                "Physics of AI": [1, 1, 0, 1],
                "AI for Science": [1, 1, 0, 0],
                "Math for AI": [0, 0, 0, 2],
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
    table = frame.themes_by_year(papers, OWNER.themes)
    assert int(table.to_numpy().sum()) == sum(len(p.themes) for p in papers) == 7
    assert table.loc[2022].tolist() == [1, 1, 0]


def test_themes_by_year_keeps_the_declared_order_and_only_declared_themes(papers):
    """A theme's column (so its colour) follows the declaration, whatever its count; a theme
    the book does not declare is no column; with none declared there are no columns."""
    reordered = (OWNER.themes[2], OWNER.themes[0])  # math-for-ai first; ai-for-science dropped
    table = frame.themes_by_year(papers, reordered)
    assert list(table.columns) == ["Math for AI", "Physics of AI"]
    assert table["Math for AI"].tolist() == [0, 0, 0, 2]
    empty = frame.themes_by_year(papers, ())
    assert list(empty.columns) == [] and list(empty.index) == list(YEARS)


def test_headline_numbers(papers):
    """The numbers the prose quotes, counted by hand."""
    assert frame.headline_numbers(papers) == {
        "papers": 7,
        "first_year": 2021,
        "last_year": 2024,
        "venues": 5,
        "top_venue": "NeurIPS",
        "top_venue_type": "conference",
        "top_venue_papers": 2,
        "first_author_papers": 4,  # first 3 + equal first 1
        "honoured_papers": 3,
        "forthcoming": 0,
    }


def test_forthcoming_papers_are_counted_apart_from_the_years(papers):
    """A paper 'to appear' is in the venue counts and the headline, never in a year's row."""
    honoured = next(p for p in papers if p.honors)
    soon = dataclasses.replace(honoured, key="soon", year=FORTHCOMING)
    with_soon = [*papers, soon]
    headline = frame.headline_numbers(with_soon)
    assert (headline["papers"], headline["forthcoming"]) == (8, 1)
    assert (headline["first_year"], headline["last_year"]) == (2021, 2024)
    for table in (
        frame.counts_by_year_and_type(with_soon),
        frame.cumulative_counts(with_soon),
        frame.first_author_share(with_soon),
        frame.venue_by_year(with_soon).T,
    ):
        assert list(table.index) == [2021, 2022, 2023, 2024]
    assert frame.cumulative_counts(with_soon)["cumulative"].iloc[-1] == 7
    assert frame.honours(with_soon).equals(frame.honours(papers))
    assert frame.counts_by_venue(with_soon)["count"].sum() == 8
    counts = frame.publication_counts(with_soon)
    assert counts["year"].iloc[-1] == "forthcoming" and counts["count"].sum() == 8


def test_headline_top_venue_is_of_any_type_and_says_which(papers):
    """arXiv ties NeurIPS (2 each, NeurIPS first by name); without NeurIPS, arXiv is the top
    venue and its type is preprint: it is never called a conference."""
    without_neurips = [p for p in papers if p.venue != "NeurIPS"]
    headline = frame.headline_numbers(without_neurips)
    assert (headline["top_venue"], headline["top_venue_type"]) == ("arXiv", "preprint")
    assert frame.headline_numbers([])["papers"] == 0


def test_top_venues_sums_the_rest_into_one_row(papers):
    """At most `limit` rows: the first limit - 1 venues, then "N other venues" with their sum."""
    venues = frame.counts_by_venue(papers)
    top = frame.top_venues(venues, limit=3)
    assert top["venue"].tolist() == ["NeurIPS", "arXiv", "3 other venues"]
    assert top["count"].tolist() == [2, 2, 3]
    assert top["venue_type"].tolist()[-1] == ""
    pd.testing.assert_frame_equal(frame.top_venues(venues, limit=5), venues)
    heatmap = frame.venue_by_year(papers, limit=3)
    assert heatmap.index.tolist() == ["NeurIPS", "arXiv", "3 other venues"]
    assert heatmap.loc["3 other venues"].tolist() == [1, 1, 0, 1]
    assert int(heatmap.to_numpy().sum()) == len(papers)


def test_a_venue_type_the_model_does_not_list_is_counted(papers):
    """New venue types (a thesis, a report, ...) are counted after the known ones, not lost."""
    thesis = dataclasses.replace(papers[0], key="t", venue="MIT", venue_type="dissertation")
    table = frame.counts_by_year_and_type([*papers, thesis])
    assert table.columns[-1] == "dissertation"
    assert int(table.to_numpy().sum()) == len(papers) + 1


def test_top_coauthors_counts_each_person_once_whatever_the_form_of_the_name():
    """Exporters write one coauthor several ways; a short form shared by two people stays apart."""
    authors = [
        "Owner, Ada and Brailsford, David F.",
        "Owner, Ada and Brailsford, D. F.",
        "Owner, Ada and Brailsford, D. and Smith, John",
        "Owner, Ada and Smith, Jane and Smith, J.",
    ]
    text = "".join(
        f"@article{{k{i}, title = {{Paper {i}}}, author = {{{names}}}, journal = {{Nature}},"
        " year = {2020}}\n"
        for i, names in enumerate(authors)
    )
    papers = parse_bibliography(text, "refs.bib", OWNER).papers
    table = frame.top_coauthors(papers)
    assert table.values.tolist() == [
        ["David F. Brailsford", 3],
        ["J. Smith", 1],
        ["Jane Smith", 1],
        ["John Smith", 1],
    ]


def test_venue_type_other_is_not_named_an_author_position():
    """Both tables have an "other" column: a venue type in one, an author position in the other."""
    text = (
        "@misc{m, title = {Notes}, author = {Owner, Ada}, howpublished = {Blog}, year = {2020}}\n"
        "@article{a, title = {Paper}, author = {Owner, Ada}, journal = {Nature}, year = {2020}}\n"
    )
    papers = parse_bibliography(text, "refs.bib", OWNER).papers
    by_type = readable(frame.counts_by_year_and_type(papers))
    positions = readable(frame.first_author_share(papers))
    assert "Other" in by_type.columns and "Other position" not in by_type.columns
    assert "Other position" in positions.columns
