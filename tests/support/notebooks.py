"""The book's analysis notebooks: which charts each one must show."""

from __future__ import annotations

from pathlib import Path

import jupytext

from tests.support.book import REPO

NOTEBOOKS = ("publication-record", "collaboration")
# Drawn only once the owner has fetched citation counts (metrics.jsonl beside references.bib).
CITATION_FIGURES = frozenset({"fig-citations", "fig-most-cited"})


def notebook_source(name: str, root: Path = REPO) -> Path:
    return root / "chapters" / f"{name}.md"


def figure_cells(name: str, root: Path = REPO) -> list[dict]:
    """The ``mystnb: figure:`` options of the figure cells that draw a chart in the book at
    `root`, in page order (the citation charts only where it has a metrics.jsonl)."""
    notebook = jupytext.read(notebook_source(name, root))
    figures = [
        c.metadata["mystnb"]["figure"]
        for c in notebook.cells
        if c.cell_type == "code" and "figure" in c.metadata.get("mystnb", {})
    ]
    if (root / "metrics.jsonl").is_file():
        return figures
    return [f for f in figures if f["name"] not in CITATION_FIGURES]
