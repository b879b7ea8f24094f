"""Charts of the publication record: one function per chart, each drawing one table from
:mod:`analysis.charts.frame`.

Every chart function takes its table and an optional Matplotlib ``ax``; without one it draws on a
new figure (not registered with pyplot, so nothing is shown twice or leaks). It returns the Axes.
Call :func:`use_book_style` once first: it sets the shared look and, inside IPython, shows
figures as deterministic SVG.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

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
# Fixed, so a venue type has the same colour in every chart of the book.
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
AUTHOR_ROLE_COLOURS = {
    "first": OKABE_ITO["blue"],
    "equal first": OKABE_ITO["sky blue"],
    "other": OKABE_ITO["grey"],
}
SERIES_COLOURS = [OKABE_ITO[c] for c in ("blue", "vermillion", "bluish green", "reddish purple")]
SERIES_COLOURS += [OKABE_ITO["orange"], OKABE_ITO["sky blue"]]
# A second cue besides colour, for lines and honour markers.
MARKERS = ["o", "s", "^", "D", "v", "P"]
HEATMAP = "cividis_r"  # sequential, colour-vision-deficiency safe; light = few, dark = many
# Only the light part of the map is used, so the dark cell labels read on every cell (a 4.5:1
# contrast, which the browser tests check against the chart's background).
HEATMAP_DEPTH = 0.4
TEXT = "#1a1a1a"
CARD = "#ffffff"

BOOK_STYLE = {
    # An opaque light card: the chart reads the same in the book's light and dark themes.
    "figure.facecolor": CARD,
    "axes.facecolor": CARD,
    "savefig.facecolor": CARD,
    "savefig.transparent": False,
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
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
# No <dc:date>: two builds of the same data give byte-identical files.
SVG_METADATA = {"Date": None}


def use_book_style() -> None:
    """Apply the book's chart style; inside IPython, also display figures as deterministic SVG."""
    mpl.rcParams.update(BOOK_STYLE)
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
    ax = ax or _new_axes()
    _stacked_bars(ax, table, [VENUE_TYPE_COLOURS[t] for t in table.columns])
    ax.set(title="Publications per year, by venue type", xlabel="Year", ylabel="Papers")
    ax.legend(title="Venue type", loc="upper left")
    return ax


def by_venue(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: papers per venue (``venue, venue_type, count``), coloured by venue type."""
    ax = ax or _new_axes(height=0.3 * len(table) + 1.2)
    y = np.arange(len(table))
    colours = [VENUE_TYPE_COLOURS[t] for t in table["venue_type"]]
    ax.barh(y, table["count"], color=colours)
    ax.set_yticks(y, table["venue"])
    ax.invert_yaxis()  # most papers on top, in table order
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Publications by venue", xlabel="Papers", ylabel="Venue")
    present = [t for t in VENUE_TYPE_COLOURS if t in set(table["venue_type"])]
    handles = [Patch(color=VENUE_TYPE_COLOURS[t], label=t) for t in present]
    ax.legend(handles=handles, title="Venue type", loc="lower right")
    return ax


def venue_year_heatmap(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heatmap of papers per venue (rows) and year (columns), each cell labelled with its count.

    Empty cells stay the card's colour, so the few filled ones stand out.
    """
    ax = ax or _new_axes(height=0.3 * len(table) + 1.4)
    values = table.to_numpy()
    cmap = mpl.colormaps[HEATMAP].with_extremes(bad=CARD)
    ax.imshow(
        np.ma.masked_equal(values, 0),
        cmap=cmap,
        aspect="auto",
        vmin=0,
        vmax=max(values.max(), 1) / HEATMAP_DEPTH,
    )
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.spines[:].set_visible(False)
    for (row, col), value in np.ndenumerate(values):
        if value:
            ax.text(
                col,
                row,
                str(value),
                ha="center",
                va="center",
                fontsize=9,
                color=TEXT,
            )
    ax.set(title="Publications by venue and year", xlabel="Year", ylabel="Venue")
    return ax


def cumulative_with_honours(
    cumulative: pd.DataFrame, honours: pd.DataFrame, ax: Axes | None = None
) -> Axes:
    """Cumulative papers per year (a line) with each honour marked on it, one marker per kind."""
    ax = ax or _new_axes()
    years = cumulative.index.to_numpy()
    ax.plot(years, cumulative["cumulative"], color=TEXT, marker="o", markersize=3, label="Papers")
    kinds = sorted(honours["honor"].unique())
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
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylim(bottom=0)
    ax.set(title="Cumulative publications, honours marked", xlabel="Year", ylabel="Papers (total)")
    ax.legend(loc="upper left")
    return ax


def coauthors(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: papers with each of the most frequent coauthors (``coauthor, papers``)."""
    ax = ax or _new_axes(height=0.3 * len(table) + 1.2)
    y = np.arange(len(table))
    ax.barh(y, table["papers"], color=OKABE_ITO["blue"])
    ax.set_yticks(y, table["coauthor"])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(title="Most frequent coauthors", xlabel="Papers together", ylabel="Coauthor")
    return ax


def author_position(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked bars per year: the owner as first, equal-first or other author; share on top."""
    ax = ax or _new_axes()
    roles = ["first", "equal first", "other"]
    bars = _stacked_bars(ax, table[roles], [AUTHOR_ROLE_COLOURS[r] for r in roles])
    shares = zip(table["share"], table["papers"], strict=True)
    labels = [f"{share:.0%}" if total else "" for share, total in shares]
    ax.bar_label(bars[-1], labels=labels, padding=2, fontsize=9)
    ax.margins(y=0.15)
    ax.set(title="Author position per year (first-author share on top)", xlabel="Year")
    ax.set_ylabel("Papers")
    ax.legend(title="Position", loc="upper left")
    return ax


def themes_over_time(table: pd.DataFrame, ax: Axes | None = None, labels=None) -> Axes:
    """One line per theme (columns of `table`): papers per year (rows); `labels` maps slugs."""
    ax = ax or _new_axes()
    labels = labels or {}
    years = table.index.to_numpy()
    for i, theme in enumerate(table.columns):
        ax.plot(
            years,
            table[theme],
            marker=MARKERS[i % len(MARKERS)],
            color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            label=labels.get(theme, theme),
        )
    ax.set_xticks(years, [str(y) for y in years])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set(title="Papers per theme per year", xlabel="Year", ylabel="Papers")
    ax.legend(title="Theme", loc="upper left")
    return ax


def _new_axes(height: float | None = None) -> Axes:
    width, default_height = mpl.rcParams["figure.figsize"]
    figure = Figure(figsize=(width, height or default_height), layout="constrained")
    return figure.subplots()


def _stacked_bars(ax: Axes, table: pd.DataFrame, colours: list[str]) -> list:
    """Stack the columns of `table` as bars over its index; return one BarContainer per column."""
    x = [str(i) for i in table.index]
    bottom = np.zeros(len(table))
    containers = []
    for column, colour in zip(table.columns, colours, strict=True):
        containers.append(ax.bar(x, table[column], bottom=bottom, color=colour, label=column))
        bottom = bottom + table[column].to_numpy()
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return containers
