"""What the commands share: exit codes, the usage error, loading a bibliography, plurals."""

from __future__ import annotations

from pathlib import Path

from analysis.bib.loader import parse_bibliography, read_bib
from analysis.bib.model import Bibliography, BibliographyError
from analysis.settings import Settings, find_book_root

# Exit codes: success; problems found (check, stats, cv) or the command refused (add, init);
# a usage error, or a file that cannot be read (bibliography, _config.yml, venue table).
OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """A file the command needs cannot be read; exit code 2."""


def load(path: Path) -> Bibliography:
    """Parse `path` with the settings of its book; raise UsageError if it cannot be read."""
    try:
        text = read_bib(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    except BibliographyError as exc:
        raise UsageError(str(exc)) from None
    settings = Settings.from_book(find_book_root(path))
    return parse_bibliography(text, path, settings)


def plural(count: int, word: str, words: str = "") -> str:
    """``1 paper``, ``2 papers``; ``plural(n, "entry", "entries")`` for irregular plurals."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
