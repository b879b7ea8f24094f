"""Each chart of analysis.charts.plots, drawn from the fixture's tables and read back from its Axes.

Bar heights, bottoms, heatmap cells, line data and markers must be the table's counts; every chart
has a title and axis labels and draws only with the colour-blind-safe Okabe-Ito palette; and the
book's SVG output is deterministic, with text kept as text.
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis.charts import frame, plots
from tests.support.charts import OWNER, load_chart_papers

PALETTE = {c.lower() for c in plots.OKABE_ITO.values()}
# Okabe and Ito's eighth colour is black; the book uses its near-black text colour for it.
PALETTE_WITH_BLACK = PALETTE | {plots.TEXT.lower()}


@pytest.fixture(scope="module")
def papers():
    """The seven fixture papers (see tests/fixtures/charts.bib)."""
    return load_chart_papers()


@pytest.fixture(autouse=True)
def book_style():
    """Draw every chart in the book's style, and leave Matplotlib's settings as they were."""
    with mpl.rc_context():
        plots.use_book_style()
        yield


def draw_per_year_by_type(papers, ax=None):
    """The per-year chart, as the notebook draws it."""
    return plots.per_year_by_type(frame.counts_by_year_and_type(papers), ax=ax)


def draw_by_venue(papers, ax=None):
    """The per-venue bars."""
    return plots.by_venue(frame.counts_by_venue(papers), ax=ax)


def draw_heatmap(papers, ax=None):
    """The venue x year heatmap."""
    return plots.venue_year_heatmap(frame.venue_by_year(papers), ax=ax)


def draw_cumulative(papers, ax=None):
    """The cumulative line with honour markers."""
    return plots.cumulative_with_honours(
        frame.cumulative_counts(papers), frame.honours(papers), ax=ax
    )


def draw_coauthors(papers, ax=None):
    """The coauthor bars."""
    return plots.coauthors(frame.top_coauthors(papers), ax=ax)


def draw_author_position(papers, ax=None):
    """The author-position stacked bars with shares on top."""
    return plots.author_position(frame.first_author_share(papers), ax=ax)


def draw_themes(papers, ax=None):
    """One line per declared theme."""
    return plots.themes_over_time(frame.themes_by_year(papers, OWNER.themes), ax=ax)


CHARTS = [
    pytest.param(draw_per_year_by_type, id="per_year_by_type"),
    pytest.param(draw_by_venue, id="by_venue"),
    pytest.param(draw_heatmap, id="venue_year_heatmap"),
    pytest.param(draw_cumulative, id="cumulative_with_honours"),
    pytest.param(draw_coauthors, id="coauthors"),
    pytest.param(draw_author_position, id="author_position"),
    pytest.param(draw_themes, id="themes_over_time"),
]


def drawn(ax: Axes) -> Axes:
    """Lay the figure out (tick labels of categorical axes exist only then) and return `ax`."""
    ax.figure.draw_without_rendering()
    return ax


def tick_labels(axis) -> list[str]:
    """The texts of an axis's major tick labels."""
    return [label.get_text() for label in axis.get_ticklabels()]


def legend_labels(ax: Axes) -> list[str]:
    """The texts of the Axes' legend entries."""
    return [text.get_text() for text in ax.get_legend().get_texts()]


def hex_colour(colour) -> str:
    """A Matplotlib colour as lower-case #rrggbb."""
    return to_hex(colour, keep_alpha=False).lower()


def stacked_segments(ax: Axes) -> list[tuple[list[float], list[float], set[str]]]:
    """Per bar container: heights, bottoms and face colours of its bars."""
    return [
        (
            [bar.get_height() for bar in container],
            [bar.get_y() for bar in container],
            {hex_colour(bar.get_facecolor()) for bar in container},
        )
        for container in ax.containers
    ]


# --- What every chart has in common ---


@pytest.mark.parametrize("draw", CHARTS)
def test_chart_has_title_and_axis_labels(papers, draw):
    """A title, an x label and a y label, all non-empty."""
    ax = draw(papers)
    assert ax.get_title(loc="left").strip()
    assert ax.get_xlabel().strip()
    assert ax.get_ylabel().strip()


@pytest.mark.parametrize("draw", CHARTS)
def test_chart_without_ax_draws_on_a_new_unregistered_figure(papers, draw):
    """Without `ax`: a new Figure each call, not registered with pyplot (nothing leaks)."""
    before = plt.get_fignums()
    first, second = draw(papers), draw(papers)
    assert isinstance(first, Axes) and isinstance(first.figure, Figure)
    assert first.figure is not second.figure
    assert first.has_data()
    assert plt.get_fignums() == before


@pytest.mark.parametrize("draw", CHARTS)
def test_chart_draws_on_the_given_ax_and_returns_it(papers, draw):
    """With `ax`: drawn on that Axes of the caller's figure, which is returned."""
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert draw(papers, ax=right) is right
    assert right.has_data()
    assert not left.has_data()


@pytest.mark.parametrize("draw", CHARTS)
def test_chart_uses_only_the_colour_blind_safe_palette(papers, draw):
    """Bars, lines and markers are drawn in Okabe-Ito colours (black as the book's text colour)."""
    ax = draw(papers)
    colours = {hex_colour(p.get_facecolor()) for p in ax.patches}
    colours |= {hex_colour(line.get_color()) for line in ax.lines}
    for collection in ax.collections:
        colours |= {hex_colour(c) for c in collection.get_facecolors()}
    assert colours or ax.images, "the chart drew nothing"
    assert colours <= PALETTE_WITH_BLACK


# --- Each chart's data, read back ---


def test_per_year_by_type_stacks_the_counts(papers):
    """One container per venue type: heights are the counts, bottoms the types stacked below."""
    table = frame.counts_by_year_and_type(papers)
    ax = drawn(draw_per_year_by_type(papers))
    assert stacked_segments(ax) == [
        ([1, 1, 0, 1], [0, 0, 0, 0], {plots.VENUE_TYPE_COLOURS["conference"].lower()}),
        ([1, 0, 0, 0], [1, 1, 0, 1], {plots.VENUE_TYPE_COLOURS["journal"].lower()}),
        ([0, 0, 0, 1], [2, 1, 0, 1], {plots.VENUE_TYPE_COLOURS["workshop"].lower()}),
        ([0, 0, 0, 2], [2, 1, 0, 2], {plots.VENUE_TYPE_COLOURS["preprint"].lower()}),
    ]
    totals = np.sum([heights for heights, _, _ in stacked_segments(ax)], axis=0)
    assert totals.tolist() == table.sum(axis=1).tolist() == [2, 1, 0, 4]
    assert tick_labels(ax.xaxis) == ["2021", "2022", "2023", "2024"]
    assert legend_labels(ax) == ["conference", "journal", "workshop", "preprint"]


def test_by_venue_bars_follow_the_table(papers):
    """One bar per venue, most papers on top, coloured by its venue type; legend in type order."""
    ax = drawn(draw_by_venue(papers))
    assert [bar.get_width() for bar in ax.patches] == [2, 2, 1, 1, 1]
    assert tick_labels(ax.yaxis) == ["NeurIPS", "arXiv", "ICLR", "NeurIPS workshop", "PRL"]
    assert ax.yaxis_inverted()
    types = ["conference", "preprint", "conference", "workshop", "journal"]
    assert [hex_colour(bar.get_facecolor()) for bar in ax.patches] == [
        plots.VENUE_TYPE_COLOURS[t].lower() for t in types
    ]
    # The same order as the per-year chart's legend, whatever order the venues come in.
    assert legend_labels(ax) == ["conference", "journal", "workshop", "preprint"]


def test_venue_year_heatmap_cells_and_labels(papers):
    """The image holds the counts (zeros masked), each non-zero cell is labelled with its count."""
    table = frame.venue_by_year(papers)
    ax = drawn(draw_heatmap(papers))
    (image,) = ax.images
    cells = image.get_array()
    assert np.ma.getdata(cells).tolist() == table.to_numpy().tolist()
    assert np.ma.getmaskarray(cells).tolist() == (table.to_numpy() == 0).tolist()
    assert image.get_cmap().name == plots.HEATMAP
    assert image.norm.vmin == 1  # a count of 1 is the map's first colour, not the empty card
    labels = {(text.get_position(), text.get_text()) for text in ax.texts}
    assert labels == {
        ((0, 0), "1"),
        ((3, 0), "1"),
        ((3, 1), "2"),
        ((1, 2), "1"),
        ((3, 3), "1"),
        ((0, 4), "1"),
    }
    assert tick_labels(ax.xaxis) == ["2021", "2022", "2023", "2024"]
    assert tick_labels(ax.yaxis) == ["NeurIPS", "arXiv", "ICLR", "NeurIPS workshop", "PRL"]


def test_cumulative_line_and_honour_markers(papers):
    """The line is the cumulative count; one marker series per honour, at its year on the line."""
    ax = drawn(draw_cumulative(papers))
    (line,) = ax.lines
    assert list(line.get_xdata()) == [2021, 2022, 2023, 2024]
    assert list(line.get_ydata()) == [2, 3, 3, 7]
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    placed = {
        collection.get_label(): [(round(x), y) for x, y in collection.get_offsets().tolist()]
        for collection in markers
    }
    assert placed == {
        "Best Paper": [(2021, 2)],
        "Editor's Suggestion": [(2021, 2)],
        "Oral": [(2021, 2)],
        "Spotlight": [(2024, 7)],
    }
    # Three honours in 2021 sit side by side, not on top of each other.
    xs_2021 = [collection.get_offsets()[0][0] for collection in markers[:3]]
    assert len(set(xs_2021)) == 3
    assert [hex_colour(c.get_facecolors()[0]) for c in markers] == [
        c.lower() for c in plots.SERIES_COLOURS[:4]
    ]
    assert legend_labels(ax) == ["Papers", "Best Paper", "Editor's Suggestion", "Oral", "Spotlight"]
    assert tick_labels(ax.xaxis) == ["2021", "2022", "2023", "2024"]


def test_cumulative_without_honours_draws_only_the_line(papers):
    """A record with no honours still draws: the line, no markers."""
    plain = [p for p in papers if not p.honors]
    ax = plots.cumulative_with_honours(frame.cumulative_counts(plain), frame.honours(plain))
    (line,) = ax.lines
    assert list(line.get_xdata()) == [2022, 2023, 2024]
    assert list(line.get_ydata()) == [1, 1, 4]
    assert not ax.collections


def test_coauthor_bars_in_order(papers):
    """Most frequent coauthor on top, bar lengths the papers together."""
    ax = drawn(draw_coauthors(papers))
    assert [bar.get_width() for bar in ax.patches] == [4, 2, 2, 1]
    assert tick_labels(ax.yaxis) == ["Bea Second", "Cal Third", "Dee Fourth", "Eve Fifth"]
    assert ax.yaxis_inverted()
    assert {hex_colour(bar.get_facecolor()) for bar in ax.patches} == {
        plots.OKABE_ITO["blue"].lower()
    }


def test_author_position_stacks_roles_with_share_on_top(papers):
    """First / equal first / other stacked per year; the share labels the top of each bar."""
    ax = drawn(draw_author_position(papers))
    colours = plots.AUTHOR_ROLE_COLOURS
    assert stacked_segments(ax) == [
        ([1, 0, 0, 2], [0, 0, 0, 0], {colours["first"].lower()}),
        ([0, 1, 0, 0], [1, 0, 0, 2], {colours["equal first"].lower()}),
        ([1, 0, 0, 2], [1, 1, 0, 2], {colours["other"].lower()}),
    ]
    assert [text.get_text() for text in ax.texts] == ["50%", "100%", "", "50%"]
    assert tick_labels(ax.xaxis) == ["2021", "2022", "2023", "2024"]
    assert legend_labels(ax) == ["first", "equal first", "other"]


def test_themes_over_time_lines(papers):
    """One line per theme, its y-data the theme's papers per year; labels mapped where given."""
    ax = drawn(draw_themes(papers))
    lines = {line.get_label(): line for line in ax.lines}
    assert list(lines) == ["Physics of AI", "AI for Science", "Math for AI"]
    assert {label: list(line.get_ydata()) for label, line in lines.items()} == {
        "Physics of AI": [1, 1, 0, 1],
        "AI for Science": [1, 1, 0, 0],
        "Math for AI": [0, 0, 0, 2],
    }
    assert all(list(line.get_xdata()) == [2021, 2022, 2023, 2024] for line in ax.lines)
    assert [hex_colour(line.get_color()) for line in ax.lines] == [
        c.lower() for c in plots.SERIES_COLOURS[:3]
    ]
    assert len({line.get_marker() for line in ax.lines}) == 3  # a second cue besides colour
    assert legend_labels(ax) == list(lines)


# --- SVG output ---


def svg_bytes(figure: Figure) -> bytes:
    """The figure as the book saves it: SVG without a date."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=plots.SVG_METADATA)
    return buffer.getvalue()


@pytest.mark.parametrize("draw", CHARTS)
def test_svg_of_two_drawings_is_identical_without_a_date_and_keeps_text(papers, draw):
    """What two builds do: draw the chart afresh and save it; same bytes, no <dc:date>, <text>."""
    first = svg_bytes(draw(papers).figure)
    assert svg_bytes(draw(papers).figure) == first
    svg = first.decode("utf-8")
    assert "<dc:date>" not in svg
    assert "<text" in svg
    assert not re.search(r'<path id="DejaVu', svg), "glyphs were drawn as paths"
    assert plots.CARD in svg  # the opaque card background


@pytest.mark.parametrize("draw", CHARTS)
def test_svg_of_one_figure_saved_twice_is_identical(papers, draw):
    """Saving one figure twice gives the same bytes."""
    figure = draw(papers).figure
    assert svg_bytes(figure) == svg_bytes(figure)


def test_svg_ids_depend_on_the_hash_salt(papers):
    """The fixed `svg.hashsalt` is what makes the ids stable: a different salt changes them."""
    reference = svg_bytes(draw_heatmap(papers).figure)
    with mpl.rc_context({"svg.hashsalt": "another salt"}):
        other = svg_bytes(draw_heatmap(papers).figure)
    assert other != reference
