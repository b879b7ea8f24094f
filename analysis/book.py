"""The book around a folder: how a notebook finds its bibliography and settings as it runs."""

from __future__ import annotations

from pathlib import Path

from analysis.bib.loader import load_bibliography
from analysis.bib.model import Bibliography
from analysis.settings import Settings, find_book_root


def load_book_bibliography(start: Path | str = ".") -> Bibliography:
    """Load the bibliography of the book containing `start` (a notebook's folder), validated.

    The build runs notebooks in ``chapters/`` and Jupyter wherever the owner opened them, so the
    book root is found by walking up to ``_config.yml``, whose settings name the file and owner.
    """
    root = find_book_root(start)
    settings = Settings.from_book(root)
    return load_bibliography(root / settings.bibliography, settings)
