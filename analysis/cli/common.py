"""What the commands share: exit codes, the usage error, loading a bibliography, plurals.

The exit codes are defined once, here (``--help`` prints :data:`EXIT_CODES_HELP`): a script can
tell "your file has problems" (1) from "the command could not run" (2), and a crash that does
happen ends with 3 and one line, never as if problems were found.
"""

from __future__ import annotations

from pathlib import Path

from analysis.bib.loader import parse_bibliography, read_bib
from analysis.bib.model import Bibliography, BibliographyError
from analysis.settings import Settings, find_book_root

OK = 0  # success: check found no error (warnings are allowed unless --strict)
PROBLEMS = 1  # problems found (each printed as FILE:LINE: KEY: message), or add/init refused
USAGE = 2  # usage error, or a file that cannot be read or written (not a regular file, too big)
INTERNAL = 3  # a bug of this program: one line says so; PORTFOLIO_DEBUG=1 shows the traceback

EXIT_CODES_HELP = f"""\
exit codes:
  {OK}  success (check: no errors, so the book builds; warnings are printed but allowed
     unless --strict)
  {PROBLEMS}  problems found (every one is printed as PATH:LINE: KEY: message), or add/init refused
  {USAGE}  usage error, or a file that cannot be read or written (missing, not a regular file,
     too big, not UTF-8, a full disk, a folder without write permission)
  {INTERNAL}  a bug in this program (one line names it; PORTFOLIO_DEBUG=1 shows the traceback)
"""


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
