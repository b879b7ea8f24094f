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


GOOD_BIB = BIB.split("\n\n")[0] + "\n"
CV_CONFIG = CONFIG.replace(
    "    - analysis.site.papers\n",
    "    - analysis.site.papers\n    - analysis.site.cv\n",
)
BAD_CV = """\
basics:
  name: Ada Lovelace
work:
  - name: Analytical Society
    position: Member
    startDate: February
"""


# cv.yaml and _config.yml's portfolio_* settings stop the build as references.bib does.
@pytest.mark.parametrize(
    ("config", "cv", "expected"),
    [
        (CV_CONFIG, BAD_CV, r"cv\.yaml:6: work\[0\]\.startDate: 'February' is not"),
        (
            CONFIG.replace("portfolio_bibliography: references.bib", "portfolio_bibliography: 5"),
            None,
            r"_config\.yml:11: sphinx\.config\.portfolio_bibliography: must be the path",
        ),
        (
            CONFIG.replace("portfolio_owner: [Ada Lovelace]", "portfolio_owner: {a: 1}"),
            None,
            r"_config\.yml:10: sphinx\.config\.portfolio_owner: must be a name",
        ),
    ],
    ids=["cv.yaml", "portfolio_bibliography", "portfolio_owner"],
)
def test_a_broken_cv_or_setting_stops_the_build_the_same_way(tmp_path, config, cv, expected):
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Papers\n\n:::{publications}\n:::\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text(GOOD_BIB, encoding="utf-8")
    if cv:
        (tmp_path / "cv.yaml").write_text(cv, encoding="utf-8")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(tmp_path), "-n", "-W", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = _strip_colours(proc.stdout + proc.stderr)
    assert proc.returncode == 1, output[-3000:]
    assert re.search(expected, output), output[-3000:]
    assert re.search(r"has 1 error: the build stopped before reading any page", output)
    assert "Traceback" not in output and "RuntimeError" not in output
    assert "reading sources" not in output
