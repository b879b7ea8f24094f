"""Charts of the publication record: one function per chart, each drawing one table from
:mod:`analysis.charts.frame`.

Every chart function takes its table and an optional Matplotlib ``ax``; without one it draws on a
new figure (not registered with pyplot, so nothing is shown twice or leaks). It returns the Axes.
Call :func:`use_book_style` once first: it sets the shared look and, inside IPython, shows
figures as deterministic SVG.

Sizes are chosen for a phone: a figure is 4.5 in wide with 11 pt text, so shrunk to a 390 px
screen's column (about 340 px) its smallest text is still about 11.6 px tall (the browser tests
measure it). Long venue names wrap instead of widening the figure, and year axes label every
first, second, fifth or tenth year so that 40 years read as well as 4.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
import unicodedata

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from analysis.charts.citations import ALL_CITATIONS, NO_THEME

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Black is left out: it reads as text, not as data.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "grey": "#999999",
}
# Fixed, so a venue type has the same colour in every chart of the book; a type not listed here
# (and the "other venues" row) is drawn in OTHER_COLOUR.
VENUE_TYPE_COLOURS = {
    "conference": OKABE_ITO["blue"],
    "journal": OKABE_ITO["orange"],
    "workshop": OKABE_ITO["bluish green"],
    "preprint": OKABE_ITO["reddish purple"],
    "thesis": OKABE_ITO["vermillion"],
    "book": OKABE_ITO["sky blue"],
    "report": OKABE_ITO["yellow"],
    "other": OKABE_ITO["grey"],
}
OTHER_COLOUR = OKABE_ITO["grey"]
AUTHOR_ROLE_COLOURS = {
    "first": OKABE_ITO["blue"],
    "equal first": OKABE_ITO["sky blue"],
    "other": OKABE_ITO["grey"],
}
SERIES_COLOURS = [OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "reddish purple")]
SERIES_COLOURS += [OKABE_ITO["orange"], OKABE_ITO["sky blue"]]
# A second cue besides colour, for lines and honour markers.
MARKERS = ["o", "s", "^", "D", "v", "P"]
# Single-hue blues: a count of 1 is already a clear light blue (a value, not an empty or greyed
# out cell) and the most papers a mid blue, on which the dark cell labels keep a 4.5:1 contrast.
HEATMAP = "portfolio-blues"
HEATMAP_COLOURS = LinearSegmentedColormap.from_list(
    HEATMAP, [mpl.colormaps["Blues"](v) for v in np.linspace(0.25, 0.6, 8)]
)
TEXT = "#1a1a1a"
CARD = "#ffffff"
WIDTH = 4.5  # inches: see the module's docstring
ROW = 0.3  # inches per bar or heatmap row, per line of its label
LABEL_WIDTH = 22  # characters a venue or coauthor label wraps at
MAX_YEAR_LABELS = 8  # year ticks that fit side by side across WIDTH at 11 pt

BOOK_STYLE = {
    # An opaque light card: the chart reads the same in the book's light and dark themes.
    "figure.facecolor": CARD,
    "axes.facecolor": CARD,
    "savefig.facecolor": CARD,
    "savefig.transparent": False,
    "figure.figsize": (WIDTH, 3.4),
    "figure.dpi": 100,
    # Every text at least 11 pt (tick labels, legends and annotations included).
    "font.size": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "axes.labelsize": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": "#555555",
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=SERIES_COLOURS),
    "legend.frameon": False,
    # Deterministic SVG: fixed ids instead of random ones.
    "svg.hashsalt": "portfolio-book",
    # Text stays <text> (2-3x smaller files than glyph paths); anchored, so fallback fonts align.
    "svg.fonttype": "none",
}
# Text in any script: the book's font, then an installed CJK font (its glyphs measured and drawn,
# matplotlib >= 3.6 falls back per glyph), then matplotlib's own Last Resort font, which has a
# glyph for every code point. The SVG keeps text as text, so the reader's browser draws it in
# the listed or its own fonts; matplotlib only measures it, and never warns "Glyph missing".
BOOK_FONT = "DejaVu Sans"
LAST_RESORT_FONT = "Last Resort High-Efficiency"  # bundled with matplotlib since 3.10
_CJK_FONT_RE = re.compile(r"CJK|Source Han|WenQuanYi|Droid Sans Fallback|Noto Sans (SC|TC|JP|KR)")
# No <dc:date>: two builds of the same data give byte-identical files.
SVG_METADATA = {"Date": None}


def font_families() -> list[str]:
    """The book's font, then the first installed CJK font (sans-serif, Simplified Chinese
    first), then the Last Resort font: only fonts matplotlib has, so it never logs "font family
    not found"."""
    from matplotlib import font_manager

    fonts = font_manager.fontManager.ttflist
    installed = {font.name for font in fonts}
    regions = [" SC", " JP", " TC", " KR", " HK"]
    cjk = sorted(
        (name for name in installed if _CJK_FONT_RE.search(name)),
        key=lambda name: (
            "Sans" not in name or "Mono" in name,
            next((i for i, region in enumerate(regions) if region in name), len(regions)),
            name,
        ),
    )
    last_resort = [font for font in fonts if font.name == LAST_RESORT_FONT]
    if last_resort and all(_weight(font) != 700 for font in last_resort):
        # Its one weight stands for bold too (titles are bold): what matplotlib falls back to
        # anyway, but after logging "Failed to find font weight bold" on stderr.
        fonts.append(dataclasses.replace(last_resort[0], weight=700))
    return [BOOK_FONT, *cjk[:1], *([LAST_RESORT_FONT] if last_resort else [])]


def _weight(font) -> int:
    from matplotlib.font_manager import weight_dict

    return font.weight if isinstance(font.weight, int) else weight_dict.get(font.weight, 400)


def use_book_style() -> None:
    """Apply the book's chart style; inside IPython, also display figures as deterministic SVG."""
    mpl.rcParams.update({**BOOK_STYLE, "font.family": font_families()})
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to configure for display
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", metadata=SVG_METADATA)


def per_year_by_type(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked bars: papers per year (rows of `table`) by venue type (its columns)."""
    ax = ax or _new_axes(height=_height_with_legend_below(list(table.columns)))
    _stacked_bars(ax, table, [venue_type_colour(t) for t in table.columns])
    ax.set(title="Papers per year, by venue type", xlabel="Year", ylabel="Papers")
    _legend_below(ax, title="Venue type")
    return ax


def venue_type_colour(venue_type: str) -> str:
    """The fixed colour of a venue type; grey for a type the table does not know."""
    return VENUE_TYPE_COLOURS.get(venue_type, OTHER_COLOUR)


def by_venue(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: papers per venue (``venue, venue_type, count``), coloured by venue type.

    Draw :func:`analysis.charts.frame.top_venues` of the table: one bar per row, long names
    wrapped; a row without a venue type (the "other venues" row) is grey and not in the legend.
    """
    labels = [_wrap(v) for v in table["venue"]]
    ax = ax or _new_axes(height=_rows_height(labels) + 1.3)
    y = np.arange(len(table))
    ax.barh(y, table["count"], color=[venue_type_colour(t) for t in table["venue_type"]])
    ax.set_yticks(y, labels)
    ax.invert_yaxis()  # most papers on top, in table order
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Papers by venue", xlabel="Papers", ylabel="Venue")
    present = {t for t in table["venue_type"] if t}
    order = [*VENUE_TYPE_COLOURS, *sorted(present - set(VENUE_TYPE_COLOURS))]
    handles = [Patch(color=venue_type_colour(t), label=t) for t in order if t in present]
    ax.legend(handles=handles, title="Venue type", loc="lower right")
    return ax


def venue_year_heatmap(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heatmap of papers per venue (rows) and year (columns), each cell labelled with its count.

    Empty cells stay the card's colour, so the filled ones stand out; a count of 1 is the
    lightest blue. When the years are too many for a count to fit in its cell (more than
    MAX_YEAR_LABELS), the cells go unlabelled and a colour bar gives the scale instead.
    """
    labels = [_wrap(v) for v in table.index]
    ax = ax or _new_axes(height=_rows_height(labels) + 1.5)
    values = table.to_numpy()
    image = ax.imshow(
        np.ma.masked_equal(values, 0),
        cmap=HEATMAP_COLOURS.with_extremes(bad=CARD),
        aspect="auto",
        vmin=1,
        vmax=max(values.max(initial=0), 2),
        interpolation="nearest",
    )
    years = [int(c) for c in table.columns]
    # The venue labels take part of the width: fewer year labels fit beside them.
    shown = _year_labels(years, MAX_YEAR_LABELS if len(years) <= MAX_YEAR_LABELS else 3)
    ax.set_xticks([i for i, y in enumerate(years) if y in shown], [str(y) for y in shown])
    ax.set_yticks(range(table.shape[0]), labels)
    ax.spines[:].set_visible(False)
    if len(years) <= MAX_YEAR_LABELS:
        for (row, col), value in np.ndenumerate(values):
            if value:
                ax.text(col, row, str(value), ha="center", va="center", color=TEXT)
    else:
        bar = ax.figure.colorbar(image, ax=ax, label="Papers", shrink=0.8)
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    ax.set(title="Venues by year", xlabel="Year", ylabel="Venue")
    return ax


def cumulative_with_honours(
    cumulative: pd.DataFrame, honours: pd.DataFrame, ax: Axes | None = None
) -> Axes:
    """Cumulative papers per year (a line) with each honour marked on it, one marker per kind.

    Past MARKERS kinds, the kinds given least are one "other honours" series. The legend is under
    the chart, its labels wrapped: an award's whole citation can be an honour's name.
    """
    honours = _fewer_kinds(honours, len(MARKERS))
    kinds = list(dict.fromkeys(sorted(honours["honor"].unique(), key=_other_last)))
    ax = ax or _new_axes(height=_height_with_legend_below(["Papers", *kinds]))
    years = cumulative.index.to_numpy()
    ax.plot(years, cumulative["cumulative"], color=TEXT, marker="o", markersize=3, label="Papers")
    for i, kind in enumerate(kinds):
        rows = honours[honours["honor"] == kind]
        # Kinds sit side by side within a year, so two honours in one year stay visible.
        offset = (i - (len(kinds) - 1) / 2) * 0.18
        ax.scatter(
            rows["year"] + offset,
            cumulative.loc[rows["year"], "cumulative"],
            s=60,
            marker=MARKERS[i % len(MARKERS)],
            color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            edgecolors=TEXT,
            linewidths=0.6,
            zorder=3,
            label=kind,
        )
    _set_year_ticks(ax, years)
    ax.set_ylim(bottom=0)
    ax.set(title="Cumulative papers and honours", xlabel="Year", ylabel="Papers (total)")
    _legend_below(ax)
    return ax


OTHER_HONOURS = "other honours"


def _fewer_kinds(honours: pd.DataFrame, most: int) -> pd.DataFrame:
    """`honours` with at most `most` kinds: the kinds given least merged into OTHER_HONOURS."""
    counts = honours["honor"].value_counts()
    if len(counts) <= most:
        return honours
    ranked = sorted(counts.index, key=lambda kind: (-counts[kind], kind))
    kept = set(ranked[: most - 1])
    return honours.assign(honor=honours["honor"].where(honours["honor"].isin(kept), OTHER_HONOURS))


def _other_last(kind: str) -> tuple[bool, str]:
    return kind == OTHER_HONOURS, kind


def coauthors(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: papers with each of the most frequent coauthors (``coauthor, papers``)."""
    labels = [_wrap(name) for name in table["coauthor"]]
    ax = ax or _new_axes(height=_rows_height(labels) + 1.2)
    y = np.arange(len(table))
    ax.barh(y, table["papers"], color=OKABE_ITO["blue"])
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Most frequent coauthors", xlabel="Papers together", ylabel="Coauthor")
    return ax


def author_position(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked bars per year: the owner as first, equal-first or other author; share on top."""
    roles = ["first", "equal first", "other"]
    ax = ax or _new_axes(height=_height_with_legend_below(roles))
    bars = _stacked_bars(ax, table[roles], [AUTHOR_ROLE_COLOURS[r] for r in roles])
    shares = zip(table["share"], table["papers"], strict=True)
    labels = [f"{share:.0%}" if total else "" for share, total in shares]
    if len(table) <= MAX_YEAR_LABELS:  # a share per bar fits only while each year is labelled
        ax.bar_label(bars[-1], labels=labels, padding=2)
    ax.margins(y=0.15)
    ax.set(title="Author position per year", xlabel="Year")
    ax.set_ylabel("Papers")
    _legend_below(ax, title="Position")
    return ax


def themes_over_time(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """One line per declared theme (columns of `table`, in the book's order): papers per year.

    A theme's colour and marker follow its place among the declared themes, so they do not
    change when another theme overtakes it; a theme without papers draws no line. With no
    theme declared, the chart says so instead of drawing an empty legend.
    """
    drawn = [str(theme) for theme in table.columns if table[theme].sum() > 0]
    ax = ax or _new_axes(height=_height_with_legend_below(drawn))
    years = table.index.to_numpy()
    for i, theme in enumerate(table.columns):
        if table[theme].sum() == 0:
            continue
        ax.plot(
            years,
            table[theme],
            marker=MARKERS[i % len(MARKERS)],
            color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            label=theme,
        )
    _set_year_ticks(ax, years)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set(title="Papers per theme per year", xlabel="Year", ylabel="Papers")
    if ax.lines:
        _legend_below(ax, title="Theme")
    else:
        message = "No paper names a theme" if len(table.columns) else "No research themes declared"
        ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color=TEXT)
    return ax


def citations_per_year(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked bars: citations per year (rows) by theme (columns, in the book's order).

    A declared theme's colour follows its place among the declared themes, as in
    :func:`themes_over_time`, and a theme without citations is left out of the bars and the
    legend; papers with no declared theme (and a book that declares none) are grey.
    """
    themed = len(table.columns) - _ungrouped(table)
    colours = [
        SERIES_COLOURS[i % len(SERIES_COLOURS)] if i < themed else OTHER_COLOUR
        for i in range(len(table.columns))
    ]
    drawn = [i for i, column in enumerate(table.columns) if table[column].sum() > 0]
    ax = ax or _new_axes(height=_height_with_legend_below([str(table.columns[i]) for i in drawn]))
    _stacked_bars(ax, table.iloc[:, drawn], [colours[i] for i in drawn])
    ax.set(title="Citations per year", xlabel="Year", ylabel="Citations")
    if themed:  # themes declared: say which colour is which
        _legend_below(ax, title="Theme")
    return ax


def _ungrouped(table: pd.DataFrame) -> int:
    """1 when the last column holds the papers of no declared theme (or all of them), else 0."""

    return int(len(table.columns) > 0 and table.columns[-1] in (NO_THEME, ALL_CITATIONS))


def most_cited(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: the most cited papers (``title, year, citations``), most first."""
    pairs = zip(table["title"], table["year"], strict=True)
    labels = [_wrap(f"{title} ({year})") for title, year in pairs]
    ax = ax or _new_axes(height=_rows_height(labels) + 1.2)
    y = np.arange(len(table))
    ax.barh(y, table["citations"], color=OKABE_ITO["blue"])
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))  # counts run to thousands
    ax.set(title="Most cited papers", xlabel="Citations", ylabel="Paper")
    return ax


def _new_axes(height: float | None = None) -> Axes:
    width, default_height = mpl.rcParams["figure.figsize"]
    figure = Figure(figsize=(width, height or default_height), layout="constrained")
    return figure.subplots()


def _height_with_legend_below(labels: list[str]) -> float:
    """Inches for a chart with a two-column legend of `labels` (wrapped as the legend wraps
    them) under it, and its title: a row of the legend is as tall as its tallest label."""
    lines = [_legend_label(label).count("\n") + 1 for label in labels]
    rows = sum(max(lines[i : i + 2]) for i in range(0, len(lines), 2))
    return 2.9 + ROW * 1.3 * (rows + 1)


def _legend_below(ax: Axes, **options) -> None:
    """A legend under the Axes' x label, in two columns of wrapped labels: a phone-wide chart
    has no room inside (a legend inside covers the bars of busy early years)."""
    below_x_label = offset_copy(ax.transAxes, fig=ax.figure, y=-3.0 * 11, units="points")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles,
        [_legend_label(label) for label in labels],
        loc="upper left",
        bbox_to_anchor=(0, 0),
        bbox_transform=below_x_label,
        ncols=2,
        **options,
    )


def _legend_label(label) -> str:
    """A legend label on lines that fit half the chart's width (two columns of legend)."""
    return _wrap(label, break_long_words=True)


def _wrap(label, break_long_words: bool = False) -> str:
    """A venue or name on lines of at most LABEL_WIDTH characters; never shortened.

    A Chinese, Japanese or Korean character is as wide as two Latin ones, and a line may break
    between two of them (their words are not separated by spaces).
    """
    text = str(label)
    if not any(_is_wide(char) for char in text):
        return (
            "\n".join(textwrap.wrap(text, LABEL_WIDTH, break_long_words=break_long_words)) or text
        )
    lines, line = [], ""
    for token in _WRAP_TOKEN_RE.findall(" ".join(text.split())):
        if token == " ":
            line += " " if line else ""
        elif line.strip() and _text_width(line.rstrip() + token) > LABEL_WIDTH:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    return "\n".join([*lines, line.rstrip()])


# A space, one character, or a run of Latin (narrow) characters: where a wide label may break.
_WRAP_TOKEN_RE = re.compile(r" |[^ ](?<=[\u1100-\uffff])|[^ \u1100-\uffff]+")


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _text_width(text: str) -> int:
    return sum(2 if _is_wide(char) else 1 for char in text)


def _rows_height(labels: list[str]) -> float:
    """Inches for evenly spaced rows with these (wrapped) labels: each as tall as the tallest
    label needs (11 pt lines, 1.2 apart, and a gap), and at least ROW."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return len(labels) * max(ROW, (lines * 1.2 * 11 + 5) / 72)


def _year_labels(years, most: int = MAX_YEAR_LABELS) -> list[int]:
    """The years to label on an axis: all of them, or every 2nd, 5th or 10th (round years),
    at most `most` of them."""
    years = [int(y) for y in years]
    for step in (1, 2, 5, 10, 20, 50):
        shown = [y for y in years if y % step == 0] if step > 1 else years
        if len(shown) <= most:
            return shown
    return years[:: len(years) // most + 1]


def _set_year_ticks(ax: Axes, years) -> None:
    """Label round years only, and show every year of the range even when no data is drawn."""
    years = [int(y) for y in years]
    shown = _year_labels(years)
    ax.set_xticks(shown, [str(y) for y in shown])
    if years:
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)


def _stacked_bars(ax: Axes, table: pd.DataFrame, colours: list[str]) -> list:
    """Stack the columns of `table` as bars over its index (years); one BarContainer per column."""
    x = table.index.to_numpy()
    bottom = np.zeros(len(table))
    containers = []
    for column, colour in zip(table.columns, colours, strict=True):
        containers.append(ax.bar(x, table[column], bottom=bottom, color=colour, label=column))
        bottom = bottom + table[column].to_numpy()
    # A bar is "sticky" at its base: an empty layer on top of the tallest stack would pin the
    # axis' top there, leaving no margin for the labels above the bars. Only 0 stays sticky.
    for container in containers[1:]:
        for bar in container:
            bar.sticky_edges.y.clear()
    _set_year_ticks(ax, x)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return containers
