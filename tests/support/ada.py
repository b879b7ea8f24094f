"""Ada Lovelace's small book for the CV tests: a config, three papers and a good cv.yaml."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.support.book import write_book

CONFIG = """\
sphinx:
  config:
    portfolio_owner: [Ada Lovelace]
    portfolio_themes:
      - {slug: engines, title: Analytical Engines, chapter: chapters/engines}
"""
BIB = """\
@article{old1943,
  title = {Notes on the Analytical Engine},
  author = {Lovelace, Ada},
  journal = {Scientific Memoirs},
  year = {1943},
  selected = {true},
}

@article{new1944,
  title = {A Second Note},
  author = {Lovelace, Ada and Babbage, Charles},
  journal = {Scientific Memoirs},
  year = {1943},
  selected = {true},
}

@article{plain1942,
  title = {A Translation},
  author = {Lovelace, Ada},
  journal = {Scientific Memoirs},
  year = {1942},
}
"""
GOOD_CV = """\
basics:
  name: Ada Lovelace
  email: ada@example.org
work:
  - name: Analytical Society
    position: Analyst
    startDate: 1942-02
    highlights:
      - Wrote notes.
      - {theme: engines, text: described the engine}
representative: [new1944]
"""


def write_cv_book(root: Path, cv: str | None = GOOD_CV, bib: str = BIB) -> Path:
    """Ada's book without pages: a config, `bib` and (unless None) `cv`, for `check` and `cv`."""
    cv = None if cv is None else textwrap.dedent(cv)
    return write_book(root, config=CONFIG, bib=bib, cv=cv)
