"""An owner's name is text on every page: ``</script><script>alert(8)</script>`` runs nothing.

The themes insert the book's title, author and page titles as HTML (pydata-sphinx-theme's
navbar logo, sphinx-book-theme's author line, root title and print-only heading); the site
escapes them (analysis/site/htmlfixes.py). A book made by ``init`` for such an owner, with a
paper of that title, is built with its own ``make book`` and every page opened in Chromium:
no dialog opens, and no page holds the script as markup.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.browser import serve

VENV = Path(sys.executable).parent.parent  # this venv: the new book builds with its pins

OWNER = "</script><script>alert(8)</script>"
PAPERS = f"""\
@article{{lovelace2021,
  title = {{A title with {OWNER} in it}},
  author = {{Lovelace, Ada}},
  journal = {{Nature}},
  year = {{2021}},
}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("escaping")
    (root / "papers.bib").write_text(PAPERS, encoding="utf-8")
    book = root / "book"
    init = subprocess.run(
        [sys.executable, "-m", "analysis", "init", str(book), "--bib", str(root / "papers.bib"),
         "--owner", OWNER],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    build = subprocess.run(
        ["make", "--no-print-directory", "book", f"VENV={VENV}", "-o", f"{VENV}/.installed"],
        cwd=book, env={**os.environ, "PYTHONPATH": str(book)},
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    return book / "_build" / "html"


def test_no_page_holds_the_owners_name_as_markup(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(8)" not in text, page.relative_to(site)
    assert "&lt;/script&gt;&lt;script&gt;alert(8)" in (site / "index.html").read_text("utf-8")


def test_no_dialog_opens_on_any_page(site, chromium):
    dialogs: list[str] = []
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    with serve(site) as base:
        context = chromium.new_context()
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for name in pages:
            page.goto(base + name, wait_until="load")
            # The name is shown as text where the theme puts the title.
            assert page.locator(f"text={OWNER}").count() or name != "index.html"
        context.close()
    assert dialogs == []
