"""``python -m analysis metrics``: refresh the citation counts of metrics.jsonl from OpenAlex.

The only command that writes the metrics file, and with ``add``, ``sync`` and ``init --orcid``
the only ones that use the network. It writes atomically and only when something changed: a run
that finds the same counts leaves the file byte for byte as it was. Offline, or when OpenAlex
answers with an error, it says so, exits 1 and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from analysis.metrics.compute import summarise
from analysis.metrics.data import (
    METRICS_FILE,
    Metrics,
    PaperCitations,
    Refresh,
    metrics_path,
    read_metrics,
    render_metrics,
    write_metrics,
)
from analysis.paths import DEFAULT_BIB

DESCRIPTION = f"""\
Fetch every paper's citation count and citations per year from OpenAlex and write them to
{METRICS_FILE}, beside the bibliography (commit it: the book reads only that file, never the
network). Papers are looked up by the OpenAlex ids already on file, then by DOI and arXiv DOI
(50 a request), then by exact title; papers not found are listed, never guessed. A run that
finds nothing new leaves the file unchanged.

environment:
  OPENALEX_API_KEY        your free OpenAlex API key (OpenAlex requires one since February 2026)
  PORTFOLIO_OPENALEX_URL  replaces https://api.openalex.org (a mirror, or a test server)
  PORTFOLIO_CACHE_DIR     where answers are cached for a day
"""


def add_metrics_parser(commands) -> None:
    metrics = commands.add_parser(
        "metrics",
        help=f"refresh the citation counts ({METRICS_FILE}) from OpenAlex",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    metrics.add_argument("--bib", default=DEFAULT_BIB, type=Path, metavar="PATH",
                         help=f"the bibliography (default: {DEFAULT_BIB})")  # fmt: skip


def metrics_command(args: argparse.Namespace, load) -> int:
    """Fetch, merge with the file on disk, write if changed; 1 offline or on a bad bibliography."""
    from analysis.scholarly.citations import fetch_citations
    from analysis.scholarly.http import Client, SourceError

    bibliography = load(args.bib)
    if bibliography.errors:
        for problem in bibliography.errors:
            print(problem, file=sys.stderr)
        print(f"{args.bib}: fix the errors above first; nothing was fetched", file=sys.stderr)
        return 1
    path = metrics_path(args.bib)
    old = read_metrics(path) or Metrics(path)
    keys = {p.key for p in bibliography.papers}
    known = {k: r.openalex for k, r in old.papers.items() if k in keys}
    client = Client()
    try:
        lookup = fetch_citations(bibliography.papers, known, client)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"{path.name} was not changed", file=sys.stderr)
        return 1
    today = date.today().isoformat()
    papers = {}
    for key, works in lookup.works.items():
        new = PaperCitations(key, works[0].cited_by, dict(works[0].by_year),
                             tuple(w.id for w in works), today)  # fmt: skip
        papers[key] = _unchanged(old.papers.get(key), new) or new
    history = _history(old.history, bibliography.papers, papers, today)
    # No file is written before there is something to say (a book whose papers OpenAlex lacks).
    changed = (papers or path.exists()) and write_metrics(path, render_metrics(papers, history))
    for key in lookup.missing:
        print(f"{args.bib}: {key}: not found in OpenAlex (no DOI, arXiv id or exact title "
              "matched); no count is shown for it", file=sys.stderr)  # fmt: skip
    for key, ids in lookup.ambiguous.items():
        print(f"{args.bib}: {key}: several OpenAlex works have this title ({', '.join(ids)}); "
              "add the paper's DOI to pick one", file=sys.stderr)  # fmt: skip
    total = history[-1] if history else None
    counts = f"{total.citations:,} citations, h-index {total.h_index}" if total else "no counts"
    state = "updated" if changed else "unchanged"
    print(f"{path}: {len(papers)} of {len(bibliography.papers)} papers found, {counts} "
          f"({state}; {client.requests} requests to OpenAlex)")  # fmt: skip
    return 0


def _unchanged(old: PaperCitations | None, new: PaperCitations) -> PaperCitations | None:
    """The old record when the counts are the same: its date says since when they hold."""
    same = old is not None and (old.cited_by, old.by_year, old.openalex) == (
        new.cited_by, new.by_year, new.openalex)  # fmt: skip
    return PaperCitations(**{**new.__dict__, "date": old.date, "line": 0}) if same else None


def _history(history: list[Refresh], bib_papers, papers: dict, today: str) -> list[Refresh]:
    """The history with this refresh's totals, added only when they changed (one a day)."""
    numbers = summarise(bib_papers, Metrics(Path(), papers))
    if numbers is None:
        return list(history)
    refresh = Refresh(today, numbers.papers, numbers.citations, numbers.h_index, numbers.i10_index)
    last = history[-1] if history else None
    if last and (last.papers, last.citations, last.h_index, last.i10_index) == (
        refresh.papers, refresh.citations, refresh.h_index, refresh.i10_index):  # fmt: skip
        return list(history)
    return [*history[:-1]] + [refresh] if last and last.date == today else [*history, refresh]
