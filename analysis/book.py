"""The book around a folder: how a notebook finds its bibliography and settings as it runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.bib.loader import load_bibliography
from analysis.bib.model import Bibliography
from analysis.metrics.data import Metrics, metrics_path, read_metrics
from analysis.settings import Settings

REPOSITORY_HINT = (
    "Clone the book's repository and open the notebook there (`make lab` at its root), or copy "
    "the notebook into the book's chapters/ folder."
)


class NotInABookError(FileNotFoundError):
    """A notebook runs outside any book: no ``_config.yml`` in its folder or above it."""


@dataclass(frozen=True)
class Book:
    """A book as a notebook sees it: its root folder, settings and validated bibliography."""

    root: Path
    settings: Settings
    bibliography: Bibliography

    @property
    def papers(self):
        return self.bibliography.papers

    @property
    def metrics(self) -> Metrics | None:
        """The citation counts beside the bibliography (``metrics.jsonl``), None without one."""
        return read_metrics(metrics_path(self.root / self.settings.bibliography))


def load_book(start: Path | str = ".") -> Book:
    """The book containing `start` (a notebook's folder): settings and bibliography, validated.

    The build runs notebooks in ``chapters/`` and Jupyter wherever the owner opened them, so the
    book root is found by walking up to ``_config.yml``, whose settings name the file and owner.
    A notebook downloaded from the site and run elsewhere has no book around it: it is told so.
    """
    start = Path(start).resolve()
    folder = start if start.is_dir() else start.parent
    root = next((f for f in (folder, *folder.parents) if (f / "_config.yml").is_file()), None)
    if root is None:
        raise NotInABookError(
            f"This notebook must run inside the book it belongs to: no _config.yml in {folder} "
            f"or any folder above it. {REPOSITORY_HINT}"
        )
    settings = Settings.from_book(root)
    return Book(root, settings, load_bibliography(root / settings.bibliography, settings))
