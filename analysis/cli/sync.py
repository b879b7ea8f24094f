"""``python -m analysis sync [--write]``: the bibliography against the owner's scholarly record.

The record is read from the identifiers in ``_config.yml`` (``portfolio_orcid``,
``portfolio_openalex``, ``portfolio_dblp``: whichever are set). ``sync`` prints the works the
book lacks, the preprints of the book that have a published version, and what it could not
decide; ``--write`` adds the new works (through everything ``add`` does) and records the
published versions in place (venue, DOI, year, month, volume, number, pages; the key, eprint,
themes, selected, honors and decision stay), in one atomic write. ``--summary FILE`` writes
the same report as Markdown (the pull request of the scheduled workflow).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.bib.edit import set_fields
from analysis.bib.latex import latex_to_unicode
from analysis.bib.loader import parse_bibliography, read_bib
from analysis.bib.model import BibliographyError
from analysis.bib.writer import (
    FileChangedError,
    LockTimeoutError,
    bibliography_lock,
    replace_atomically,
)
from analysis.cli.add import AddRefusedError, plan_addition
from analysis.cli.common import plural
from analysis.cli.sources import client_for
from analysis.paths import DEFAULT_BIB
from analysis.scholarly.arxiv import fetch_arxiv
from analysis.scholarly.dblp import fetch_dblp_works
from analysis.scholarly.doi import fetch_doi
from analysis.scholarly.http import Client, SourceError
from analysis.scholarly.lookup import published_version
from analysis.scholarly.openalex import fetch_openalex_works
from analysis.scholarly.orcid import fetch_orcid_works
from analysis.scholarly.record import DEFAULT_ORDER, Conventions, Work
from analysis.scholarly.sync import Comparison, compare, upgrade_changes
from analysis.settings import Settings, find_book_root

OK, PROBLEMS, USAGE = 0, 1, 2
FETCHERS = {"orcid": fetch_orcid_works, "openalex": fetch_openalex_works, "dblp": fetch_dblp_works}
LABELS = {"orcid": "ORCID", "openalex": "OpenAlex", "dblp": "DBLP"}


def add_sync_parser(commands) -> None:
    sync = commands.add_parser(
        "sync",
        help="compare the bibliography with the owner's ORCID/OpenAlex/DBLP record",
        description="Compare the bibliography with the owner's record (portfolio_orcid, "
        "portfolio_openalex, portfolio_dblp in _config.yml) and print the new works, the "
        "preprints that have a published version, and the works it could not decide on. "
        "--write applies them in one atomic write. Uses the network (answers cached a day; "
        "PORTFOLIO_ORCID_URL, PORTFOLIO_OPENALEX_URL, PORTFOLIO_DBLP_URL, PORTFOLIO_DOI_URL, "
        "PORTFOLIO_ARXIV_URL replace the sources' addresses; OPENALEX_API_KEY is sent to "
        "OpenAlex).",
    )
    sync.add_argument("--bib", default=DEFAULT_BIB, type=Path, metavar="PATH",
                      help=f"the bibliography (default: {DEFAULT_BIB})")  # fmt: skip
    sync.add_argument("--write", action="store_true",
                      help="add the new works and record the published versions")  # fmt: skip
    sync.add_argument("--summary", type=Path, metavar="FILE",
                      help="also write the report as Markdown to FILE")  # fmt: skip


def sync_command(args: argparse.Namespace) -> int:
    bib = Path(args.bib)
    settings = Settings.from_book(find_book_root(bib))
    ids = {name: getattr(settings, name) for name in FETCHERS if getattr(settings, name)}
    if not ids:
        print("error: sync needs the owner's record: set portfolio_orcid (e.g. 0000-0002-1825-"
              "0097), portfolio_openalex (A...) or portfolio_dblp (a pid) under sphinx.config "
              f"in {find_book_root(bib) / '_config.yml'}", file=sys.stderr)  # fmt: skip
        return USAGE
    try:
        old_text = read_bib(bib)
    except (OSError, BibliographyError) as exc:
        print(f"error: cannot read {bib} ({exc}); name it with --bib", file=sys.stderr)
        return USAGE
    existing = parse_bibliography(old_text, bib, settings)
    if existing.errors:
        for problem in existing.errors:
            print(problem, file=sys.stderr)
        print(f"{bib} has errors: fix them first (python -m analysis check).", file=sys.stderr)
        return PROBLEMS
    client = client_for(settings)
    try:
        works = [w for name, value in ids.items() for w in FETCHERS[name](client, value)]
        comparison = compare(existing.papers, works)
        comparison.new, unfetched = complete_works(client, comparison.new)
        comparison.undecided += unfetched
        comparison.published = _published_details(client, comparison.published)
        new_text, report = _apply(comparison, bib, old_text, args.write)
    except (SourceError, AddRefusedError, FileChangedError) as error:
        for line in getattr(error, "lines", [str(error)]):
            print(line, file=sys.stderr)
        print(f"Nothing was written; {bib} is unchanged.", file=sys.stderr)
        return PROBLEMS
    record = ", ".join(f"{LABELS[name]} {value}" for name, value in ids.items())
    header = f"{bib} against {record}: {plural(len(works), 'work')} in the record"
    print(header)
    print("\n".join(report))
    if args.summary:
        args.summary.write_text(_markdown(header, comparison, args.write), encoding="utf-8")
    if args.write and new_text != old_text:
        try:
            _write(bib, old_text, new_text)
        except (FileChangedError, LockTimeoutError) as error:
            print(f"{error}; nothing was written.", file=sys.stderr)
            return PROBLEMS
        print(f"Wrote {bib}. New papers have no theme yet: give them one (python -m analysis "
              "check lists the papers without a theme), then rebuild: make book")  # fmt: skip
    elif not args.write and (comparison.new or comparison.published):
        print("Nothing written: run `python -m analysis sync --write` to apply.")
    return OK


def _write(bib: Path, old_text: str, new_text: str) -> None:
    """Write the synced file under the bibliography's lock, unless another command (``add``,
    ``metrics``, an editor) changed it while the sources were asked: then nothing is written."""
    with bibliography_lock(bib):
        if read_bib(bib) != old_text:
            raise FileChangedError(
                f"{bib} changed while sync asked the sources: run python -m analysis sync again"
            )
        replace_atomically(bib, old_text, new_text)


def complete_works(client: Client, works: list[Work]) -> tuple[list[Work], list[str]]:
    """New works with authors: ORCID lists none, so fetch them by DOI or arXiv id."""
    complete, undecided = [], []
    for work in works:
        if work.authors:
            complete.append(work)
            continue
        try:
            if work.doi:
                full = fetch_doi(client, work.doi)
                full.arxiv = full.arxiv or work.arxiv
            elif work.arxiv:
                full = published_version(client, fetch_arxiv(client, work.arxiv), "").work
            else:
                title = latex_to_unicode(work.title)
                undecided.append(f"'{title}' ({work.source}): no DOI or arXiv id to fetch it "
                                 "by; add it by hand if it belongs")  # fmt: skip
                continue
        except SourceError as error:
            if error.status != 404:
                raise
            undecided.append(f"{error}: listed by {work.source} but not found; add it by hand")
            continue
        complete.append(full)
    return complete, undecided


def _published_details(client: Client, pairs):
    """The published version's full record from doi.org (volume, pages, exact venue)."""
    detailed = []
    for paper, work in pairs:
        if work.source == "ORCID" or not work.venue:  # ORCID's summaries are thin
            try:
                full = fetch_doi(client, work.doi)
                full.arxiv = work.arxiv or paper.arxiv_id
                work = full
            except SourceError as error:
                if error.status != 404:
                    raise
        detailed.append((paper, work))
    return detailed


def _apply(comparison: Comparison, bib: Path, old_text: str, write: bool):
    """(the new text of the file, the report's lines)."""
    lines: list[str] = []
    text = old_text
    for paper, work in comparison.published:
        entry_type, changes, rename = upgrade_changes(paper, work)
        text = set_fields(text, paper.key, changes, entry_type, rename=rename, order=DEFAULT_ORDER)
    conventions = Conventions.of(text)
    entries = [(_label(w), *conventions.entry(w)) for w in comparison.new]  # (label, key, text)
    plan = None
    if entries:  # one input: checking each new entry on its own costs a parse each
        record = ("the record", "\n".join(entry for _, _, entry in entries))
        plan = plan_addition([record], bib, themes=[], selected=False, old_text=text)
    if comparison.new:
        lines.append(f"New works, not in the book ({len(comparison.new)}):")
        added = {e.key: e for e in plan.added} if plan else {}
        for label, key, _ in entries:
            if key in added:
                paper = added[key].paper
                lines.append(f"  {key}: {paper.title} ({paper.venue} {paper.year_label}) [{label}]")
        lines += [f"  {line}" for line in (plan.skipped if plan else [])]
    if comparison.published:
        lines.append(f"Published versions of preprints in the book ({len(comparison.published)}):")
        for paper, work in comparison.published:
            lines.append(
                f"  {paper.key}: now {latex_to_unicode(work.venue)} {work.year}, doi:{work.doi} "
                "(key, eprint, themes, selected, honors, decision kept)"
            )
    if comparison.undecided:
        lines.append(f"Undecided ({len(comparison.undecided)}):")
        lines += [f"  {line}" for line in comparison.undecided]
    if not (comparison.new or comparison.published or comparison.undecided):
        lines.append("The book is up to date with the record.")
    return text + (plan.new_text if plan else ""), lines


def _label(work: Work) -> str:
    """How messages name a work: its DOI, else its arXiv id, else its source."""
    return f"doi:{work.doi}" if work.doi else f"arXiv:{work.arxiv}" if work.arxiv else work.source


def _markdown(header: str, comparison: Comparison, written: bool) -> str:
    """The report for a pull request's body."""
    out = [f"## `sync`: {header}", ""]
    if comparison.new:
        out += [f"### New works ({len(comparison.new)})", ""]
        out += [f"- {_md(w)}" for w in comparison.new] + [""]
        out += ["New papers have no theme yet: add `themes = {...}` to each before merging "
                "(`python -m analysis check` lists them).", ""]  # fmt: skip
    if comparison.published:
        out += [f"### Published versions of preprints ({len(comparison.published)})", ""]
        out += [f"- `{p.key}` → {_md(w)}" for p, w in comparison.published] + [""]
    if comparison.undecided:
        out += [f"### Undecided ({len(comparison.undecided)})", ""]
        out += [f"- {_escape_md(line)}" for line in comparison.undecided] + [""]
    if not (comparison.new or comparison.published or comparison.undecided):
        out.append("The book is up to date with the record.")
    out.append("" if written else "(dry run: nothing written)")
    return "\n".join(out).rstrip() + "\n"


def _md(work: Work) -> str:
    ident = f"https://doi.org/{work.doi}" if work.doi else f"https://arxiv.org/abs/{work.arxiv}"
    title, venue = latex_to_unicode(work.title), latex_to_unicode(work.venue)
    return f"{_escape_md(title)}, {_escape_md(venue)} {work.year} (<{ident}>)"


def _escape_md(text: str) -> str:
    """Text from the network in Markdown: no markup, no HTML, no links of its own."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+!|" else c for c in text)
