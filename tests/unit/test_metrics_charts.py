"""The citations chart and table, drawn from a fixture metrics file."""

from __future__ import annotations

import matplotlib.colors as mcolors

from analysis.bib.loader import load_bibliography
from analysis.charts import citations, plots, prose
from analysis.charts.display import Chart
from analysis.metrics.data import parse_metrics, render_metrics
from analysis.settings import Settings
from tests.support.book import FIXTURES

FOLDER = FIXTURES / "metrics"
SETTINGS = Settings.from_book(FOLDER)
PAPERS = load_bibliography(FOLDER / "papers.bib", SETTINGS).papers
METRICS = parse_metrics(
    '{"by_year": {"2022": 20, "2025": 40}, "cited_by": 120, "date": "2026-11-30", '
    '"key": "published2021", "openalex": ["W1", "W2"], "source": "OpenAlex"}\n'
    '{"by_year": {"2021": 20, "2022": 10}, "cited_by": 30, "date": "2026-11-30", '
    '"key": "preprint2020", "openalex": ["W2"], "source": "OpenAlex"}\n'
    '{"by_year": {"2025": 450, "2026": 300}, "cited_by": 900, "date": "2026-11-30", '
    '"key": "kan2024", "openalex": ["W3"], "source": "OpenAlex"}\n'
    '{"by_year": {"2016": 9, "2023": 25}, "cited_by": 45, "date": "2026-11-30", '
    '"key": "poisson2022", "openalex": ["W4"], "source": "OpenAlex"}\n',
    "metrics.jsonl",
)


def test_citations_per_year_fill_the_last_ten_years_stacked_by_declared_theme():
    table = citations.citations_by_year(PAPERS, METRICS, SETTINGS.themes)
    assert list(table.index) == list(range(2017, 2027))  # 2016 is older than OpenAlex keeps
    assert list(table.columns) == ["Physics of AI", "AI for Science", citations.NO_THEME]
    assert table.loc[2022, "Physics of AI"] == 20  # the published version's years, counted once
    assert table.loc[2021, "Physics of AI"] == 0
    assert table.loc[2025, "AI for Science"] == 450 and table.loc[2019].sum() == 0
    assert table.loc[2023, citations.NO_THEME] == 25


def test_a_book_without_themes_has_one_column():
    table = citations.citations_by_year(PAPERS, METRICS, ())
    assert list(table.columns) == [citations.ALL_CITATIONS]
    assert table[citations.ALL_CITATIONS].sum() == 20 + 40 + 450 + 300 + 25


def test_no_file_no_table():
    assert citations.citations_by_year(PAPERS, None, SETTINGS.themes).empty
    assert citations.most_cited(PAPERS, None).empty
    empty = parse_metrics(render_metrics({}, []), "metrics.jsonl")
    assert citations.citations_by_year(PAPERS, empty, SETTINGS.themes).empty


def test_the_chart_keeps_theme_colours_and_its_alt_text_comes_from_the_data():
    plots.use_book_style()
    table = citations.citations_by_year(PAPERS, METRICS, SETTINGS.themes)
    ax = plots.citations_per_year(table)
    colours = {c.get_label(): mcolors.to_hex(c.patches[0].get_facecolor()) for c in ax.containers}
    assert colours["Physics of AI"] == plots.SERIES_COLOURS[0].lower()
    assert colours["AI for Science"] == plots.SERIES_COLOURS[1].lower()
    assert colours[citations.NO_THEME] == plots.OTHER_COLOUR.lower()
    alt = prose.alt_citations(table)
    assert "from 2017 to 2026" in alt and "Physics of AI, AI for Science" in alt
    assert "835 in all" in alt
    assert "<svg" in Chart(ax, alt).svg()


def test_most_cited_papers_merge_versions_and_rank():
    table = citations.most_cited(PAPERS, METRICS)
    assert list(table["citations"]) == [900, 120, 45]
    assert table.loc[1, "title"] == "Deep Learning for Symbolic Regression"
    alt = prose.alt_most_cited(table)
    assert "3 most cited papers" in alt and "has 900 citations" in alt
    ax = plots.most_cited(table)
    assert [t.get_text() for t in ax.get_yticklabels()][0].startswith("KAN")


def test_the_csv_rows_are_year_theme_citations():
    table = citations.citations_by_year(PAPERS, METRICS, SETTINGS.themes)
    long = citations.citation_counts(table)
    assert list(long.columns) == ["year", "theme", "citations"]
    assert long["citations"].sum() == table.to_numpy().sum()
