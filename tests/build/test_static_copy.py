"""The owner edits a stylesheet or swaps an image in ``_static/`` and runs ``make book``: the site
has the new file (Sphinx 7.4 alone copies static files only when it writes a page), and a build
with nothing changed still writes nothing."""

from __future__ import annotations

from tests.support.book import build_book
from tests.support.tiny import write_tiny_book


def test_an_edited_static_file_reaches_the_site_and_nothing_else_rebuilds(tmp_path):
    book = write_tiny_book(tmp_path / "book", pages={"all": ""})
    config = book / "_config.yml"
    config.write_text(
        config.read_text().replace(
            "    - analysis.site.papers\n",
            "    - analysis.site.papers\n    - analysis.site.theme.assets\n",
        )
    )
    static = book / "_static"
    static.mkdir()
    (static / "custom.css").write_text("/* first */\n")
    (static / ".DS_Store").write_text("never copied")  # must not count as changed forever
    for _ in range(2):
        proc = build_book(book)
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "no targets are out of date" in proc.stdout  # the second build wrote nothing

    (static / "custom.css").write_text("/* the owner's edit */\n")
    proc = build_book(book)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    site_copy = book / "_build" / "html" / "_static" / "custom.css"
    assert site_copy.read_text() == "/* the owner's edit */\n"
