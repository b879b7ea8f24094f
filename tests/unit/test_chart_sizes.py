"""The charts and their sentences at real sizes: 100 venues, a 40-year span, no themes, long
names, another owner. Drawn as the notebooks draw them, laid out, and read back.

pytest turns every warning into an error, so a chart that Matplotlib cannot lay out
("constrained_layout not applied") or a legend with nothing in it fails here.
"""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib as mpl
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from analysis.bib.model import Paper
from analysis.charts import frame, plots, prose
from analysis.charts.display import Chart
from analysis.settings import Settings, parse_themes

OWNER = Settings(
    owner=("Grace Hopper",),
    themes=parse_themes(
        [{"slug": "compilers", "title": "Compilers"}, {"slug": "cobol", "title": "COBOL"}]
    ),
)
LONG_VENUE = "Proceedings of the International Conference on Very Long Venue Names {}"


def paper(number: int, year: int, venue: str, venue_type: str, themes=()) -> Paper:
    coauthor = f"Coauthor Number{number % 13} Withalongsurname"
    return Paper(
        key=f"p{number}",
        entry_type="article",
        title=f"Paper {number}",
        authors=("Grace Hopper", coauthor) if number % 2 else (coauthor, "Grace Hopper"),
        year=year,
        venue_raw=venue,
        venue=venue,
        venue_type=venue_type,
        honors=("Oral",) if number % 17 == 0 else (),
        themes=themes,
        owner_positions=(0,) if number % 2 else (1,),
    )


NOBEL = (
    "The Nobel Prize in Physics 1921 was awarded to Albert Einstein for his services to "
    "Theoretical Physics, and especially for his discovery of the law of the photoelectric effect"
)


def shapes() -> dict[str, list[Paper]]:
    types = itertools.cycle(["conference", "journal", "workshop", "preprint", "thesis", "report"])
    hundred_venues = [
        paper(n, 2000 + n % 20, LONG_VENUE.format(n) if n % 3 else f"V{n}", next(types))
        for n in range(100)
    ] + [paper(100 + n, 2010, "arXiv", "preprint") for n in range(30)]
    forty_years = [
        paper(n, 1985 + n % 40, f"Venue {n % 6}", "journal", ("compilers",) * (n % 2))
        for n in range(160)
    ]
    return {
        "100 venues": hundred_venues,
        "40 years": forty_years,
        "no themes": [paper(n, 2020 + n % 3, "arXiv", "preprint") for n in range(9)],
        "one paper": [paper(1, 2024, LONG_VENUE.format(1), "conference", ("cobol",))],
        # al-folio's template bibliography: a few papers from 1905 to 1950, one with an award
        # whose name is a whole citation.
        "1905 to 1950": [
            dataclasses.replace(
                paper(n, year, venue, "journal", ("compilers",)), honors=(NOBEL,) * (n == 0)
            )
            for n, (year, venue) in enumerate(
                [
                    (1905, "Annalen der Physik"),
                    (1905, "Annalen der Physik"),
                    (1935, "Physical Review"),
                    (1950, "Scientific American"),
                    (1917, "PNAS"),
                ]
            )
        ],  # fmt: skip
        "a century": [paper(n, 1905 + n * 12, f"Venue {n}", "journal") for n in range(11)],
        "many honours": [
            dataclasses.replace(
                paper(n, 2000 + n % 30, f"V{n % 40}", "conference"),
                honors=(f"Honour kind {n % 15}",),
            )  # fmt: skip
            for n in range(120)
        ],
        "many themes": [
            paper(n, 1990 + n % 35, "arXiv", "preprint", (f"theme-{n % 20}",)) for n in range(200)
        ],
        "cjk": [
            dataclasses.replace(
                paper(n, 2015 + n % 9, venue, "conference"),
                authors=("Grace Hopper", coauthor),
                owner_positions=(0,),
            )
            for n, (venue, coauthor) in enumerate(
                itertools.product(
                    ["日本音響学会春季研究発表会講演論文集", "历史研究", "電子情報通信学会論文誌"],
                    ["堀口翔太", "李明华", "王芳", "김철수"],
                )
            )
        ],
    }


SHAPES = shapes()


def charts(papers: list[Paper], themes=OWNER.themes):
    """Every chart of the two notebooks, drawn as they draw them."""
    return {
        "per_year": plots.per_year_by_type(frame.counts_by_year_and_type(papers)),
        "by_venue": plots.by_venue(frame.top_venues(frame.counts_by_venue(papers))),
        "heatmap": plots.venue_year_heatmap(frame.venue_by_year(papers, limit=frame.TOP_VENUES)),
        "cumulative": plots.cumulative_with_honours(
            frame.cumulative_counts(papers), frame.honours(papers)
        ),
        "coauthors": plots.coauthors(frame.top_coauthors(papers)),
        "positions": plots.author_position(frame.first_author_share(papers)),
        "themes": plots.themes_over_time(frame.themes_by_year(papers, themes)),
    }


@pytest.fixture(autouse=True)
def book_style():
    with mpl.rc_context():
        plots.use_book_style()
        yield


def drawn_tick_labels(axis) -> list[Text]:
    """The tick labels the axis draws: those of ticks inside its view, with text."""
    low, high = sorted(axis.get_view_interval())
    ticks = zip(axis.get_majorticklocs(), axis.get_ticklabels(), strict=True)
    return [t for loc, t in ticks if low - 1e-9 <= loc <= high + 1e-9 and t.get_text().strip()]


def texts(figure) -> list[Text]:
    """Every drawn text of the figure (titles, labels, ticks, legends, cells)."""
    tick_labels = {id(t) for ax in figure.axes for a in (ax.xaxis, ax.yaxis)
                   for t in a.get_ticklabels()}  # fmt: skip
    found = figure.findobj(lambda a: isinstance(a, Text) and a.get_visible() and a.get_text())
    found = [t for t in found if t.get_text().strip() and id(t) not in tick_labels]
    drawn = [t for ax in figure.axes for a in (ax.xaxis, ax.yaxis) for t in drawn_tick_labels(a)]
    return found + drawn


def overlapping(labels: list[Text]) -> list[tuple[str, str]]:
    boxes = [(t.get_text(), t.get_window_extent()) for t in labels]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]  # fmt: skip


MANY_THEMES = parse_themes([{"slug": f"theme-{n}", "title": f"Theme {n}"} for n in range(20)])


@pytest.mark.parametrize("shape", list(SHAPES))
def test_charts_lay_out_within_the_figure_with_readable_text(shape):
    """No warning; every text inside the figure and at least 11 pt; tick labels apart."""
    themes = {"no themes": (), "many themes": MANY_THEMES}.get(shape, OWNER.themes)
    for name, ax in charts(SHAPES[shape], themes).items():
        figure = ax.figure
        figure.draw_without_rendering()
        width, _ = figure.get_size_inches()
        assert width <= plots.WIDTH, f"{shape}, {name}: wider than a phone-sized chart"
        bounds = figure.bbox.expanded(1.0, 1.0)
        for text in texts(figure):
            where = f"{shape}, {name}: {text.get_text()!r}"
            assert text.get_fontsize() >= 11, f"{where} is smaller than 11 pt"
            box = text.get_window_extent()
            assert bounds.x0 - 1 <= box.x0 and box.x1 <= bounds.x1 + 1, f"{where} is cut off"
            assert bounds.y0 - 1 <= box.y0 and box.y1 <= bounds.y1 + 1, f"{where} is cut off"
        for axis in (ax.xaxis, ax.yaxis):
            assert not overlapping(drawn_tick_labels(axis)), f"{shape}, {name}: tick labels overlap"


def test_a_hundred_venues_show_as_the_top_venues_and_the_rest():
    """The by-venue chart draws TOP_VENUES bars, the last summing the other venues."""
    venues = frame.counts_by_venue(SHAPES["100 venues"])
    ax = plots.by_venue(frame.top_venues(venues))
    assert len(ax.patches) == frame.TOP_VENUES
    ax.figure.draw_without_rendering()
    last = ax.yaxis.get_ticklabels()[-1].get_text()
    assert last == f"{len(venues) - frame.TOP_VENUES + 1} other venues"
    assert sum(bar.get_width() for bar in ax.patches) == len(SHAPES["100 venues"])
    # Long names wrap (never cut): every word of the first long venue is on the chart.
    labels = " ".join(t.get_text() for t in ax.yaxis.get_ticklabels()).split()
    assert set(LONG_VENUE.format(1).split()) <= set(labels)


def test_forty_years_label_round_years_only():
    """A 40-year span labels at most MAX_YEAR_LABELS round years; four years label each."""
    ax = plots.per_year_by_type(frame.counts_by_year_and_type(SHAPES["40 years"]))
    ax.figure.draw_without_rendering()
    years = [int(t.get_text()) for t in ax.xaxis.get_ticklabels()]
    assert 2 <= len(years) <= plots.MAX_YEAR_LABELS
    assert all(y % 5 == 0 for y in years)
    assert plots._year_labels([2021, 2022, 2023, 2024]) == [2021, 2022, 2023, 2024]


def test_no_themes_says_so_without_an_empty_legend():
    """No theme declared: no legend (so no "No artists with labels" warning), a message."""
    ax = plots.themes_over_time(frame.themes_by_year(SHAPES["no themes"], ()))
    assert ax.get_legend() is None and not ax.lines
    assert [t.get_text() for t in ax.texts] == ["No research themes declared"]


def test_a_themes_colour_is_fixed_by_its_declaration_not_its_rank():
    """COBOL is declared second: it keeps the second colour even when it has the most papers."""
    papers = [paper(n, 2020, "V", "journal", ("cobol",)) for n in range(5)]
    papers.append(paper(9, 2021, "V", "journal", ("compilers",)))
    ax = plots.themes_over_time(frame.themes_by_year(papers, OWNER.themes))
    colours = {line.get_label(): line.get_color() for line in ax.lines}
    assert colours == {"Compilers": plots.SERIES_COLOURS[0], "COBOL": plots.SERIES_COLOURS[1]}


def test_every_venue_type_has_a_colour_and_an_unknown_one_falls_back_to_grey():
    for venue_type in ("conference", "journal", "workshop", "preprint", "thesis", "book"):
        assert plots.venue_type_colour(venue_type) != plots.OTHER_COLOUR
    assert plots.venue_type_colour("dissertation") == plots.OTHER_COLOUR


def _luminance(colour) -> float:
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def test_heatmap_cells_are_coloured_from_one_paper_and_keep_labels_legible():
    """A count of 1 is a clear colour (not the card's white or a grey); the darkest cell keeps
    a 4.5:1 contrast with the dark count label."""
    lightest, darkest = plots.HEATMAP_COLOURS(0.0), plots.HEATMAP_COLOURS(1.0)
    red, green, blue = to_rgb(lightest)
    assert blue - red > 0.1, "a single paper's cell reads as grey"
    text = _luminance(plots.TEXT)
    for cell in (lightest, darkest):
        assert (_luminance(cell) + 0.05) / (text + 0.05) >= 4.5


def test_sentences_and_alt_texts_take_the_owner_and_the_venue_type_from_the_data():
    """Another owner is named, an arXiv-topped record calls arXiv a preprint server."""
    papers = SHAPES["no themes"]
    headline = frame.headline_numbers(papers)
    summary = prose.record_summary(headline, frame.honours(papers), OWNER)
    assert "Grace Hopper" in summary and "Ziming" not in summary
    assert "arXiv, a preprint server" in summary and "conference" not in summary
    assert summary.startswith("9 papers by Grace Hopper from 2020 to 2022, in 1 venue.")
    coauthors = frame.top_coauthors(papers)
    collaboration = prose.collaboration_summary(headline, coauthors, OWNER)
    assert collaboration.startswith("Grace Hopper is first author")
    assert "Grace Hopper as first author" in prose.alt_positions(OWNER)
    assert prose.owner_name(Settings()) == "the author"


def test_text_from_bibtex_is_literal_markdown():
    """A venue or name with Markdown or HTML in it is shown as written, never interpreted."""
    assert prose.escape("<script>*x*_[y](z)") == r"\<script\>\*x\*\_\[y\]\(z\)"
    venue = paper(1, 2024, "<b>Bold</b> & $x$", "journal")
    summary = prose.record_summary(frame.headline_numbers([venue]), frame.honours([venue]), OWNER)
    assert r"\<b\>Bold\</b\> \& \$x\$" in summary


def test_stacked_bars_keep_their_labels_and_legend_off_the_bars():
    """A student's record: every paper first-authored, the busiest year first. The shares above
    the bars stay clear of the title, and the legend covers no bar."""
    papers = [paper(2 * n + 1, 2020 if n < 5 else 2016 + n, "arXiv", "preprint") for n in range(9)]
    for ax in (
        plots.per_year_by_type(frame.counts_by_year_and_type(papers)),
        plots.author_position(frame.first_author_share(papers)),
    ):
        ax.figure.draw_without_rendering()
        legend = ax.get_legend().get_window_extent()
        bars = [bar.get_window_extent() for bar in ax.patches if bar.get_height()]
        assert bars and not any(legend.overlaps(bar) for bar in bars), ax.get_title()
        assert not overlapping(texts(ax.figure)), ax.get_title()


def test_text_in_any_script_stays_text_in_the_svg_with_a_font_for_every_glyph():
    """Japanese, Chinese and Korean coauthors are drawn (no "Glyph missing" warning, which
    pytest makes an error) and kept as text in the SVG, with fonts listed for the browser."""
    ax = plots.coauthors(frame.top_coauthors(SHAPES["cjk"]))
    svg = Chart(ax, "alt").svg()
    for name in ("堀口翔太", "李明华", "김철수"):
        assert f">{name}<" in svg
    families = plots.font_families()
    assert families[0] == plots.BOOK_FONT and families[-1] == plots.LAST_RESORT_FONT
    assert f"'{plots.LAST_RESORT_FONT}'" in svg
