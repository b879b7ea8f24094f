"""A broken bibliography stops the build with its located messages alone: no Python traceback.

Built with the real Jupyter Book, as ``make book`` runs it (``-n -W --keep-going``) and with
``-W`` alone, where Sphinx would otherwise turn the first error into an exception.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.support.book import JUPYTER_BOOK, write_book

CONFIG = """\
title: Broken
author: Ada Lovelace
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - analysis.site.papers
  config:
    portfolio_owner: [Ada Lovelace]
    portfolio_bibliography: references.bib
"""

# Two errors of two kinds, one entry apart: both must be reported in the one run.
BIB = """\
@article{good2020,
  title = {A Good Paper},
  author = {Lovelace, Ada},
  journal = {Nature},
  year = {2020},
}

@article{badyear2021,
  title = {A Paper With a Typo in Its Year},
  author = {Lovelace, Ada},
  journal = {Nature},
  year = {20x1},
}

@article{unclosed2024,
  title = {An Entry Without Its Closing Brace},
  author = {Lovelace, Ada},
"""


def _strip_colours(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize("flags", [("-n", "-W", "--keep-going"), ("-W",)], ids=" ".join)
def test_a_broken_bibliography_gives_its_located_errors_and_no_traceback(tmp_path, flags):
    write_book(
        tmp_path, config=CONFIG, bib=BIB, pages={"index": "# Papers\n\n:::{publications}\n:::\n"}
    )

    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(tmp_path), *flags],
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = _strip_colours(proc.stdout + proc.stderr)

    assert proc.returncode == 1, output[-3000:]
    assert re.search(r"references\.bib:8: badyear2021: year '20x1' is not a year", output)
    assert re.search(r"references\.bib:15: unclosed2024: .*add the missing '\}'", output)
    assert "references.bib has 2 errors: the build stopped before reading any page" in output
    assert "Traceback" not in output
    assert "RuntimeError" not in output
    # The build stopped: no page was read or written.
    assert "reading sources" not in output
    assert not (tmp_path / "_build" / "html" / "index.html").exists()
