"""``python -m analysis init DIR --bib FILE --owner "First Last"``: a new portfolio from a .bib.

DIR becomes a book of its own: the generic pages (a landing page with the owner's selected or five
newest papers, the publications page, and this project's analysis notebooks, copied from its
``chapters/`` as they are now), ``_config.yml`` with that owner and no themes, ``_toc.yml``, a tab
icon of the owner's initials, a byte-for-byte copy of FILE as ``references.bib``, and what
``make book`` needs on a fresh machine: a Makefile, this project's pinned ``requirements.txt``,
``pyproject.toml`` and ``jupytext.toml``, and a copy of the ``analysis`` package, so DIR is
self-contained.

Nothing is written unless FILE has no errors and DIR is new or empty; the book is assembled in a
temporary folder beside DIR and renamed into place, so a failure leaves no half-made DIR.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from pathlib import Path

from analysis.bib.loader import parse_bibliography, read_bib
from analysis.bib.model import BibliographyError, Paper
from analysis.cli.add import plural
from analysis.paths import PACKAGE_DIR
from analysis.settings import Settings

OK, PROBLEMS, USAGE = 0, 1, 2
TEMPLATES = Path(__file__).resolve().parent / "templates"
# The project the package belongs to: its notebooks, pins and package metadata are copied.
PROJECT = PACKAGE_DIR.parent
NOTEBOOKS = ("chapters/publication-record.md", "chapters/collaboration.md")
# Copied as they are: the pins, the package's metadata, and how JupyterLab saves a notebook.
COPIED = ("requirements.txt", "pyproject.toml", "jupytext.toml")
PROJECT_FILES = (*COPIED, *NOTEBOOKS)
# Template file -> its name in DIR (a dot file would be hidden inside the package).
TEMPLATE_FILES = {
    "_config.yml": "_config.yml",
    "_toc.yml": "_toc.yml",
    "index.md": "index.md",
    "chapters/publications.md": "chapters/publications.md",
    "Makefile": "Makefile",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "favicon.svg": "_static/favicon.svg",
}
# The landing page lists the selected papers, or else this many of the newest.
NEWEST = 5
PLACEHOLDER = re.compile(r"__[A-Z][A-Z_]*__")
# A Markdown link to a page of the book: [text](page.md) or [text](page.md#anchor).
PAGE_LINK = re.compile(r"\[([^\]]+)\]\(([^()\s:#]+\.md)(#[^()\s]*)?\)")


def add_init_parser(commands) -> None:
    """Register ``init`` on the subcommands of ``python -m analysis``."""
    init = commands.add_parser(
        "init",
        help="create a new portfolio book in DIR from a bibliography",
        description="Create a new book in DIR (new or empty) from FILE for the owner NAME: "
        "landing page, publications, the analysis notebooks, _config.yml, _toc.yml, a Makefile "
        "and a copy of the analysis package. Then: cd DIR && make book.",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="the new book's folder")
    init.add_argument("--bib", required=True, type=Path, metavar="FILE",
                      help="the owner's BibTeX file; copied byte for byte")  # fmt: skip
    init.add_argument("--owner", required=True, metavar="NAME",
                      help='the owner\'s name as "First Last"')  # fmt: skip


def init_command(args: argparse.Namespace) -> int:
    """Run ``init``; return the exit code (1: FILE has errors; 2: usage or unreadable input)."""
    owner = " ".join(args.owner.split())
    if not owner:
        return _fail('--owner is empty: give the owner\'s name as "First Last"')
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return _fail(f"{target} exists and is not empty: give a new or empty folder")
    missing = [name for name in PROJECT_FILES if not (PROJECT / name).is_file()]
    if missing:
        return _fail(f"init copies {', '.join(missing)} from the project of the analysis package "
                     f"({PROJECT}); run it from a checkout of the portfolio book")  # fmt: skip
    try:
        text = read_bib(args.bib)
    except OSError as exc:
        return _fail(f"cannot read {args.bib}: {exc}")
    except BibliographyError as exc:
        return _fail(str(exc))
    data = text.encode("utf-8")  # the same bytes: they were UTF-8

    bibliography = parse_bibliography(text, args.bib, Settings(owner=(owner,)))
    # As check does: errors and warnings one by one, venue notes counted (--strict lists them).
    for problem in bibliography.errors + bibliography.warnings:
        print(problem, file=sys.stderr)
    if bibliography.notes:
        venues = plural(bibliography.unknown_venues, "venue")
        print(f"{args.bib}: note: {venues} in no venue table, "
              "listed under their own names (python -m analysis check --strict lists them)",
              file=sys.stderr)  # fmt: skip
    if bibliography.errors:
        print(f"{args.bib}: {len(bibliography.errors)} error(s): fix them and run init again; "
              f"nothing was written", file=sys.stderr)  # fmt: skip
        return PROBLEMS
    papers = bibliography.papers
    if not any(paper.owner_positions for paper in papers):
        print(f"{args.bib}: note: no paper lists {owner} as an author; add the spellings the "
              "file uses to portfolio_owner in _config.yml", file=sys.stderr)  # fmt: skip

    _write_book(target, data, owner, papers)
    selected = sum(paper.selected for paper in papers)
    print(f"Created {target}: a portfolio of {len(papers)} papers by {owner}"
          f"{f' ({selected} selected)' if selected else ''}.")  # fmt: skip
    print(f"Build it: cd {target} && make book")
    return OK


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return USAGE


def _write_book(target: Path, bib: bytes, owner: str, papers: list[Paper]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Beside DIR (same file system, so the final rename is atomic); made with the user's umask.
    staging = target.parent / f".{target.name}.init-{os.getpid()}"
    staging.mkdir()
    try:
        values = _template_values(owner, papers)
        for template, name in TEMPLATE_FILES.items():
            text = (TEMPLATES / template).read_text(encoding="utf-8")
            _write(staging / name, PLACEHOLDER.sub(lambda m: values[m.group(0)], text))
        (staging / "references.bib").write_bytes(bib)
        for name in COPIED:
            shutil.copy2(PROJECT / name, staging / name)
        pages = {"index.md", *(n for n in TEMPLATE_FILES.values() if n.startswith("chapters/"))}
        pages |= set(NOTEBOOKS)
        for name in NOTEBOOKS:
            text = (PROJECT / name).read_text(encoding="utf-8")
            _write(staging / name, _unlink_missing_pages(text, name, pages))
        shutil.copytree(
            PACKAGE_DIR,
            staging / "analysis",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
        )
        if target.exists():
            target.rmdir()  # empty, as checked
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _template_values(owner: str, papers: list[Paper]) -> dict[str, str]:
    """Placeholder -> text. YAML gets JSON strings (valid YAML); Markdown gets escaped text."""
    if any(paper.selected for paper in papers):
        intro, papers_filter = "Selected papers.", ":selected:"
    else:
        intro, papers_filter = "The newest papers.", f":limit: {NEWEST}"
    return {
        "__TITLE__": json.dumps(owner, ensure_ascii=False),
        "__OWNER__": json.dumps(owner, ensure_ascii=False),
        "__OWNER_MD__": _markdown_text(owner),
        "__DESCRIPTION__": json.dumps(
            f"Research portfolio of {owner}: papers, publication record and collaborations, "
            "built from one references.bib.",
            ensure_ascii=False,
        ),
        "__LIST_DESCRIPTION__": json.dumps(
            f"Every paper by {owner}, newest first, with venue, year, links and BibTeX.",
            ensure_ascii=False,
        ),
        # Text of an SVG: XML-escaped.
        "__INITIALS__": html.escape("".join(word[0] for word in owner.split()[:2]).upper()),
        "__PAPERS_INTRO__": intro,
        "__PAPERS_FILTER__": papers_filter,
    }


def _markdown_text(text: str) -> str:
    """`text` as literal Markdown: every ASCII punctuation mark backslash-escaped (CommonMark)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _unlink_missing_pages(text: str, page: str, pages: set[str]) -> str:
    """Links to pages the new book does not have (a theme chapter) become their plain text."""
    folder = Path(page).parent.as_posix()

    def replace(match: re.Match) -> str:
        target = _normalise(f"{folder}/{match.group(2)}")
        return match.group(0) if target in pages else match.group(1)

    return PAGE_LINK.sub(replace, text)


def _normalise(path: str) -> str:
    """``chapters/../index.md`` -> ``index.md``: a page's path from the book's root."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)
