"""``python -m analysis``: check, count and add to a references.bib from the command line.

Exit codes: see :mod:`analysis.cli.common` (0 success, 1 problems found, 2 usage error or a
file that cannot be read or written, 3 a bug). Located problems and errors go to stderr;
results (summaries, counts) to stdout.

The top layer, beside ``site``: it may import every other layer, and nothing imports it. Only
``stats`` loads pandas, and no command loads Sphinx or docutils.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from analysis.bib.model import Bibliography
from analysis.bib.venues import VenueTableError
from analysis.charts.groupings import GROUPINGS
from analysis.cli.add import add_command
from analysis.cli.common import (
    EXIT_CODES_HELP,
    INTERNAL,
    OK,
    PROBLEMS,
    USAGE,
    UsageError,
    load,
    plural,
)
from analysis.cli.cv import add_cv_parser, cv_command, cv_problems
from analysis.cli.init import add_init_parser, init_command
from analysis.cli.metrics import add_metrics_parser, metrics_command
from analysis.cli.serve import add_serve_parser, serve_command
from analysis.cli.sync import add_sync_parser, sync_command
from analysis.cli.upgrade import add_upgrade_parsers, changes_command, upgrade_command
from analysis.engine import DISTRIBUTION, GENERATOR
from analysis.metrics.checks import metrics_problems
from analysis.metrics.data import metrics_path, read_metrics
from analysis.paths import DEFAULT_BIB
from analysis.settings import Settings, SettingsError, find_book_root

EPILOG = f"""\
{EXIT_CODES_HELP}
examples:
  python -m analysis check
  python -m analysis check --strict path/to/papers.bib
  python -m analysis stats --by year,venue --format csv
  python -m analysis stats --decisions
  python -m analysis add 10.1103/PhysRevLett.126.180604 arXiv:2404.19756
  python -m analysis add --theme physics-of-ai paper.bib
  python -m analysis cv --pdf cv.pdf
  python -m analysis metrics
  pbpaste | python -m analysis add --dry-run -
  python -m analysis sync --write
  python -m analysis init ../ada-portfolio --bib ada.bib --owner "Ada Lovelace"
  python -m analysis init ../ada-portfolio --orcid 0000-0002-1825-0097 --owner "Ada Lovelace"
  python -m analysis upgrade 1.2.0      # in a book made by init: a newer engine

The command is also installed as portfolio-analysis (portfolio-analysis check == python -m
analysis check).
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog=DISTRIBUTION if Path(sys.argv[0]).name == DISTRIBUTION else "python -m analysis",
        description="Check, count and add to the book's references.bib, typeset its PDF CV, "
        "start a new book (init), serve the book while you edit it, or move a book made by init "
        "to another version of this engine (upgrade). Settings (the owner's name, extra venue "
        "tables) come from the _config.yml next to the bibliography.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=GENERATOR)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate a bibliography; never writes",
        description="Load and validate a bibliography and print every problem of every entry, "
        "located as PATH:LINE: KEY: message, then a one-line summary. Exit 0 means the book "
        "builds: only errors fail; warnings are reported.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("path", nargs="?", default=DEFAULT_BIB, type=Path, metavar="PATH",
                       help=f"the bibliography (default: {DEFAULT_BIB})")  # fmt: skip
    check.add_argument("--strict", action="store_true",
                       help="also list the venues no venue table knows; they and the warnings "
                       "(likely duplicates, ...) fail too")  # fmt: skip

    stats = commands.add_parser(
        "stats",
        help="count papers by year, venue, venue type or theme",
        description="Count the papers of a valid bibliography, grouped.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    stats.add_argument("--bib", default=DEFAULT_BIB, type=Path, metavar="PATH",
                       help=f"the bibliography (default: {DEFAULT_BIB})")  # fmt: skip
    stats.add_argument("--by", default="year,venue_type", choices=list(GROUPINGS),
                       metavar="GROUPING", help=f"one of {' | '.join(GROUPINGS)} "
                       "(default: year,venue_type)")  # fmt: skip
    stats.add_argument("--format", default="table", choices=["table", "csv", "json"],
                       help="output format (default: table)")  # fmt: skip
    stats.add_argument("--decisions", action="store_true",
                       help="list the entries' decision notes (why an entry departs from a "
                       "source) instead of counts")  # fmt: skip

    add = commands.add_parser(
        "add",
        help="add papers by DOI or arXiv id, or from BibTeX files, to the bibliography",
        description="Add papers to the bibliography: by DOI (10.1103/..., doi:..., a doi.org "
        "URL; metadata from doi.org), by arXiv id (2404.19756, hep-th/9901001, arXiv:..., an "
        "arxiv.org URL; a paper with a published version is added as that paper, its eprint "
        "kept), or the new entries of BibTeX FILE(s) (arXiv, Google Scholar, al-folio), mixed. "
        "Entries already in the book (same key, DOI, arXiv id or title) are skipped and listed. "
        "Nothing is written if any entry has an error or a source fails; warnings are reported. "
        "Fetching uses the network (PORTFOLIO_DOI_URL and PORTFOLIO_ARXIV_URL replace the "
        "sources' addresses) and caches the answers for a day.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("files", nargs="+", metavar="FILE|DOI|ARXIV_ID",
                     help="BibTeX file(s) (- reads stdin), DOIs, arXiv ids")  # fmt: skip
    add.add_argument("--theme", action="append", dest="themes", default=[], metavar="NAME",
                     help="theme slug for the new papers (repeatable)")  # fmt: skip
    add.add_argument("--selected", action="store_true", help="mark the new papers as selected")
    add.add_argument("--bib", default=DEFAULT_BIB, type=Path, metavar="PATH",
                     help=f"the bibliography to add to (default: {DEFAULT_BIB})")  # fmt: skip
    add.add_argument("--dry-run", action="store_true",
                     help="check and print what would be added; write nothing")  # fmt: skip
    add.add_argument("--duplicates", choices=["skip", "error"], default="skip",
                     help="entries already in the book: skip them (default) or refuse the "
                     "whole input")  # fmt: skip
    add_cv_parser(commands, EPILOG)
    add_sync_parser(commands)
    add_init_parser(commands)
    add_metrics_parser(commands)
    add_serve_parser(commands)
    add_upgrade_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return its exit code. Never a traceback: a bug ends in one line
    and exit code 3 (``PORTFOLIO_DEBUG=1`` shows the traceback)."""
    try:
        return _run(argv)
    except BrokenPipeError:  # the reader left (`stats | head`): __main__ ends quietly
        raise
    except Exception as exc:  # noqa: BLE001 - the last guard: a bug must not read as "problems"
        if os.environ.get("PORTFOLIO_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {str(exc)[:200]}. This is a bug of "
              "python -m analysis, not of your files: please report it with the input "
              "(PORTFOLIO_DEBUG=1 shows where it happened).", file=sys.stderr)  # fmt: skip
        return INTERNAL


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 after --help
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return check_command(args)
        if args.command == "stats":
            return stats_command(args)
        if args.command == "cv":
            return cv_command(args)
        if args.command == "init":
            return init_command(args)
        if args.command == "sync":
            return sync_command(args)
        if args.command == "serve":
            return serve_command(args)
        if args.command == "metrics":
            return metrics_command(args, load)
        if args.command == "upgrade":
            return upgrade_command(args)
        if args.command == "changes":
            return changes_command(args)
        return add_command(args)
    except SettingsError as exc:
        for line in str(exc).splitlines():
            print(line if exc.problems else f"error: {line}", file=sys.stderr)
        return USAGE
    except (UsageError, VenueTableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE


def check_command(args: argparse.Namespace) -> int:
    """``check``: every problem to stderr; exit 1 on errors (or warnings and notes with --strict).

    Exit 0 means the book builds: the build fails on errors only.
    """
    bibliography = load(args.path)
    cv = cv_problems(args.path, bibliography)  # the book's cv.yaml, when it has one
    metrics = metrics_problems(read_metrics(metrics_path(args.path)), bibliography, date.today())
    shown = bibliography.problems if args.strict else bibliography.errors + bibliography.warnings
    for problem in sorted(shown, key=lambda p: p.line) + cv + metrics:
        print(problem, file=sys.stderr)
    errors, warnings = len(bibliography.errors) + len(cv), len(bibliography.warnings) + len(metrics)
    notes, decisions = len(bibliography.notes), sum(bool(p.decision) for p in bibliography.papers)
    failing = errors + ((warnings + notes) if args.strict else 0)
    summary = (
        f"{args.path}: {plural(len(bibliography.papers), 'paper')}, {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
    )
    if notes:  # with --strict they fail the run: the summary names them either way
        summary += f", {plural(bibliography.unknown_venues, 'venue')} in no venue table"
        summary += "" if args.strict else " (--strict lists them)"
    if decisions:
        summary += f", {plural(decisions, 'decision note')} (stats --decisions)"
    if failing:
        print(f"{summary}: fix the problems above", file=sys.stderr)
        return PROBLEMS
    print(f"{summary}: ok")
    _print_unthemed(args.path, bibliography)
    return OK


def _print_unthemed(path: Path, bibliography: Bibliography) -> None:
    """Papers with no theme in a book that declares themes (``sync --write`` adds them so)."""
    declared = Settings.from_book(find_book_root(path)).theme_slugs
    unthemed = [p.key for p in bibliography.papers if not p.themes]
    if declared and unthemed:
        print(f"{path}: {plural(len(unthemed), 'paper has', 'papers have')} no theme, so only "
              f"the full list shows them: {', '.join(unthemed)} (add themes = {{SLUG}}; "
              f"declared: {', '.join(declared)})")  # fmt: skip


def stats_command(args: argparse.Namespace) -> int:
    """``stats``: grouped counts to stdout; refuses (exit 1) to count a bibliography with errors."""
    bibliography = load(args.bib)
    for problem in bibliography.errors + bibliography.warnings:
        print(problem, file=sys.stderr)
    if bibliography.errors:
        print(f"{args.bib}: {plural(len(bibliography.errors), 'error')}: fix them before "
              "counting", file=sys.stderr)  # fmt: skip
        return PROBLEMS
    if args.decisions:
        return _print_decisions(bibliography)
    from analysis.charts.stats import grouped_counts, render  # pandas: only `stats` needs it

    sys.stdout.write(render(grouped_counts(bibliography.papers, args.by), args.format))
    return OK


def _print_decisions(bibliography: Bibliography) -> int:
    """Each ``decision`` field: provenance for the owner, which the reader's pages do not show."""
    decided = [p for p in bibliography.papers if p.decision]
    for paper in decided:
        print(f"{bibliography.path}:{paper.line}: {paper.key}: {paper.decision}")
    print(f"{plural(len(decided), 'decision note')} in {bibliography.path}")
    return OK
