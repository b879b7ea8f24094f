"""``python -m analysis init DIR --bib FILE|--orcid ID --owner "First Last"``: a new portfolio.

DIR becomes a book of its own: the generic pages (a landing page with the owner's selected or five
newest papers, the publications page, and this project's analysis notebooks, copied from its
``chapters/`` as they are now), ``_config.yml`` with that owner and no themes, ``_toc.yml``, a tab
icon of the owner's initials, a byte-for-byte copy of FILE as ``references.bib``, and what
``make book`` needs on a fresh machine: a Makefile, this project's pinned ``requirements.txt``
with the engine (``portfolio-analysis``) at this version from its source (analysis/cli/
requirement.py), and ``jupytext.toml``. DIR holds no copy of the package: ``upgrade`` moves it to
a newer engine.

With ``--orcid`` instead of a .bib, the owner's ORCID record is fetched (each work's metadata
by its DOI or arXiv id) and written as ``references.bib``, and ``_config.yml`` names the iD for
``sync``.

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
from glob import escape as glob_escape
from pathlib import Path

from analysis.bib.loader import parse_bibliography, read_bib
from analysis.bib.model import BibliographyError, Paper
from analysis.cli.common import OK, PROBLEMS, USAGE, plural
from analysis.cli.projectfiles import NOTEBOOKS, PROJECT_FILES, project_dir
from analysis.cli.requirement import (
    SOURCE_VARIABLE,
    EngineSourceError,
    book_requirements,
    requirement,
)
from analysis.cli.sources import client_for
from analysis.cli.sync import complete_works
from analysis.engine import DISTRIBUTION, VERSION
from analysis.scholarly.http import SourceError
from analysis.scholarly.identifiers import normalise_orcid
from analysis.scholarly.orcid import fetch_orcid_works
from analysis.scholarly.record import Conventions
from analysis.scholarly.sync import merge_works
from analysis.settings import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The project's notebooks, pins and jupytext.toml: the checkout's, or the wheel's copies.
PROJECT = project_dir()
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
        f"and a requirements.txt that installs {DISTRIBUTION} {VERSION} (no copy of the "
        "package). Then: cd DIR && make book.",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="the new book's folder")
    source = init.add_mutually_exclusive_group(required=True)
    source.add_argument("--bib", type=Path, metavar="FILE",
                        help="the owner's BibTeX file; copied byte for byte")  # fmt: skip
    source.add_argument("--orcid", metavar="ID",
                        help="no .bib at hand: fetch the works of this ORCID iD (network; "
                        "PORTFOLIO_ORCID_URL, PORTFOLIO_DOI_URL, PORTFOLIO_ARXIV_URL replace "
                        "the sources' addresses)")  # fmt: skip
    init.add_argument("--owner", required=True, metavar="NAME",
                      help='the owner\'s name as "First Last"')  # fmt: skip
    init.add_argument("--engine", metavar="SOURCE",
                      help=f"where the book installs {DISTRIBUTION} {VERSION} from: git+URL "
                      "(at the tag v<version>), 'index' (pip's index), a .whl file or the "
                      f"project's folder (default: ${SOURCE_VARIABLE}, or else this project's "
                      "repository)")  # fmt: skip


def init_command(args: argparse.Namespace) -> int:
    """Run ``init``; return the exit code (1: FILE has errors; 2: usage or unreadable input)."""
    owner = " ".join(args.owner.split())
    if not owner:
        return _fail('--owner is empty: give the owner\'s name as "First Last"')
    try:
        owner.encode("utf-8")  # argv bytes that were not UTF-8 arrive as lone surrogates
    except UnicodeEncodeError:
        return _fail("--owner holds bytes that are not UTF-8: set a UTF-8 locale or retype it")
    target = Path(args.dir)
    if target.is_symlink():
        return _fail(f"{target} is a symbolic link: give the path of a real folder")
    if len(target.name.encode("utf-8", "surrogateescape")) > 200:
        return _fail(f"the folder name of {target} is too long: use at most 200 bytes")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return _fail(f"{target} exists and is not empty: give a new or empty folder")
    missing = [name for name in PROJECT_FILES if not (PROJECT / name).is_file()]
    if missing:
        return _fail(f"init copies {', '.join(missing)} from {PROJECT}, where the engine keeps "
                     f"them: reinstall {DISTRIBUTION}")  # fmt: skip
    try:
        engine = requirement(args.engine, VERSION).line
    except EngineSourceError as exc:
        return _fail(f"--engine: {exc}")
    orcid = ""
    if getattr(args, "orcid", None):
        orcid = normalise_orcid(args.orcid)
        if not orcid:
            return _fail(f"--orcid {args.orcid}: not an ORCID iD (like 0000-0002-1825-0097)")
        try:
            text, undecided = bib_from_orcid(orcid, owner)
        except SourceError as error:
            print(f"{error}\nNothing was written.", file=sys.stderr)
            return PROBLEMS
        for line in undecided:
            print(f"ORCID {orcid}: left out: {line}", file=sys.stderr)
        args.bib = Path(f"ORCID {orcid}")  # how messages name the source
    else:
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
    if not papers:
        print(f"{args.bib}: no paper to start a book with; nothing was written", file=sys.stderr)
        return PROBLEMS
    if not any(paper.owner_positions for paper in papers):
        print(f"{args.bib}: note: no paper lists {owner} as an author; add the spellings the "
              "file uses to portfolio_owner in _config.yml", file=sys.stderr)  # fmt: skip

    try:
        _write_book(target, data, owner, papers, engine, orcid)
    except OSError as exc:  # a full disk, a folder without write permission
        return _fail(f"cannot write {target}: {exc.strerror or exc}; nothing was written")
    selected = sum(paper.selected for paper in papers)
    print(f"Created {target}: a portfolio of {len(papers)} papers by {owner}"
          f"{f' ({selected} selected)' if selected else ''}.")  # fmt: skip
    print(f"Build it: cd {target} && make book")
    return OK


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return USAGE


def bib_from_orcid(orcid: str, owner: str) -> tuple[str, list[str]]:
    """(references.bib text, works left out) from an ORCID record; SourceError if it fails."""
    client = client_for(Settings())
    works, undecided = complete_works(client, merge_works(fetch_orcid_works(client, orcid)))
    conventions = Conventions.of("")
    entries = [conventions.entry(work)[1] for work in works]
    header = (f"% references.bib of {owner}: the works of ORCID iD {orcid}, fetched by "
              "`python -m analysis init --orcid`.\n% Check it with `python -m analysis check`; "
              "`python -m analysis sync` adds new works.\n\n")  # fmt: skip
    return header + "\n".join(entries), undecided


def _write_book(
    target: Path, bib: bytes, owner: str, papers: list[Paper], engine: str, orcid: str = ""
) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(target)
    # Beside DIR (same file system, so the final rename is atomic); made with the user's umask.
    staging = target.parent / f".{target.name}.init-{os.getpid()}"
    staging.mkdir()
    try:
        values = _template_values(owner, papers, orcid)
        for template, name in TEMPLATE_FILES.items():
            text = (TEMPLATES / template).read_text(encoding="utf-8")
            _write(staging / name, PLACEHOLDER.sub(lambda m: values[m.group(0)], text))
        (staging / "references.bib").write_bytes(bib)
        shutil.copy2(PROJECT / "jupytext.toml", staging / "jupytext.toml")
        pins = (PROJECT / "requirements.txt").read_text(encoding="utf-8")
        _write(staging / "requirements.txt", book_requirements(pins, engine))
        pages = {"index.md", *(n for n in TEMPLATE_FILES.values() if n.startswith("chapters/"))}
        pages |= set(NOTEBOOKS)
        for name in NOTEBOOKS:
            text = (PROJECT / name).read_text(encoding="utf-8")
            _write(staging / name, _unlink_missing_pages(text, name, pages))
        if target.exists():
            target.rmdir()  # empty, as checked
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove_stale_staging(target: Path) -> None:
    """Delete what an ``init`` of the same DIR killed mid-way left (``.DIR.init-PID`` whose
    process is gone): a kill -9 runs no clean-up."""
    for folder in target.parent.glob(f".{glob_escape(target.name)}.init-*"):
        pid = folder.name.rpartition("-")[2]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _template_values(owner: str, papers: list[Paper], orcid: str = "") -> dict[str, str]:
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
        "__ORCID__": json.dumps(orcid),  # "" (none) until the owner names one
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
