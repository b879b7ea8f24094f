"""``python -m analysis cv``: build the PDF CV alone; and the cv.yaml part of ``check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from analysis.bib.model import Bibliography, Problem
from analysis.cli.common import OK, PROBLEMS, USAGE, load
from analysis.cv.data import CV_FILE, CVError, check_against_bibliography, load_cv, parse_cv
from analysis.metrics.compute import summarise
from analysis.metrics.data import metrics_path, read_metrics
from analysis.paths import DEFAULT_BIB
from analysis.safeinput import read_regular_file
from analysis.settings import Settings, find_book_root


def add_cv_parser(commands, epilog: str) -> None:
    cv = commands.add_parser(
        "cv",
        help="build the PDF CV from cv.yaml and the bibliography",
        description=f"Typeset the book's {CV_FILE} and its papers as a PDF CV (and, with "
        "--publications, a PDF of the publication lists alone).",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cv.add_argument("--pdf", required=True, type=Path, metavar="PATH", help="where to write the CV")
    cv.add_argument(
        "--publications",
        type=Path,
        metavar="PATH",
        help="also write the publications-only PDF here",
    )
    cv.add_argument(
        "--bib",
        default=DEFAULT_BIB,
        type=Path,
        metavar="PATH",
        help=f"the bibliography; its book's {CV_FILE} is used (default: {DEFAULT_BIB})",
    )


def cv_problems(bib_path: Path, bibliography: Bibliography) -> list[Problem]:
    """Every problem of the cv.yaml beside the bibliography's book (none when it has none)."""
    root = find_book_root(bib_path)
    path, settings = root / CV_FILE, Settings.from_book(root)
    # cv.yaml goes with its book's bibliography; checking another .bib in the folder skips it.
    if not path.exists() or (root / settings.bibliography).resolve() != bib_path.resolve():
        return []
    try:
        text = read_regular_file(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(str(path), 1, "-", f"cannot read the file: {exc}")]
    cv = parse_cv(text, path, settings)
    return cv.problems + (check_against_bibliography(cv, bibliography) if not cv.problems else [])


def cv_command(args: argparse.Namespace) -> int:
    """Build the PDF(s); exit 1 with every located problem when the bibliography or CV has any."""
    from analysis.cv.pdf import build_pdfs

    bibliography = load(args.bib)
    problems = bibliography.errors + cv_problems(args.bib, bibliography)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("fix the problems above; no PDF was written", file=sys.stderr)
        return PROBLEMS
    root = find_book_root(args.bib)
    settings = Settings.from_book(root)
    try:
        cv = load_cv(root, settings)
    except CVError as exc:  # pragma: no cover - cv_problems reported the same problems
        print(exc, file=sys.stderr)
        return PROBLEMS
    if cv is None:
        print(f"no {CV_FILE} in {root}: write one to build a CV", file=sys.stderr)
        return PROBLEMS
    targets = {"cv": args.pdf}
    if args.publications:
        targets["publications"] = args.publications
    numbers = summarise(bibliography.papers, read_metrics(metrics_path(args.bib)))
    citations = numbers.line if numbers else ""
    try:
        written = build_pdfs(
            cv, bibliography.papers, settings, targets, site_url(root), citations=citations
        )
    except OSError as exc:  # an unwritable folder, a full disk
        print(f"cannot write the PDF: {exc}", file=sys.stderr)
        return USAGE
    for path in written:
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return OK


def site_url(root: Path) -> str:
    """The published address (``html.baseurl`` in _config.yml), for links to theme chapters."""
    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    html = config.get("html") if isinstance(config, dict) else None
    url = html.get("baseurl", "") if isinstance(html, dict) else ""
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""
