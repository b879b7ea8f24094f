"""Built pages read with BeautifulSoup (installed with the pinned test dependencies)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def read_page(page: Path | str) -> BeautifulSoup:
    """The parsed page: a path to an HTML file, or HTML text."""
    markup = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    return BeautifulSoup(markup, "html.parser")


def visible_text(page: Path | str | BeautifulSoup) -> str:
    """A page's text as a reader sees it, without scripts and styles, white space folded."""
    soup = page if isinstance(page, BeautifulSoup) else read_page(page)
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def text_of(element) -> str:
    """An element's text with white space folded."""
    return " ".join(element.get_text().split())
