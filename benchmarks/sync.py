"""Benchmark: `python -m analysis sync` for a 300-work record, cold and cached, on a local server.

The record is the same 300 works listed by ORCID (one /works answer) and OpenAlex (two pages
of 200 and 100), shaped as tests/fixtures/sources; the book has 150 of them and 10 preprints
whose published version the record has, so sync finds 150 new works and 10 upgrades. Cold: an
empty HTTP cache; cached: the same command again (answers from the cache, no request). Fresh
processes, median of a few runs, with the number of requests the server answered. Against the
real sources add their latency and, for arXiv, its one request every 3 seconds.

Run it alone with ``python -m benchmarks.sync`` or through ``make bench``.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import save_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' local source server
from source_server import Route, SourceServer, environment, serve_sources  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "sources"
RESULTS_FILE = "sync.json"
WORKS, IN_BOOK, PREPRINTS = 300, 150, 10
REPETITIONS = 3
ORCID, OPENALEX = "0000-0002-4176-6291", "A5032184121"
CONFIG = f"""sphinx:
  config:
    portfolio_owner: [Ziming Liu]
    portfolio_orcid: "{ORCID}"
    portfolio_openalex: {OPENALEX}
"""


def _title(i: int) -> str:
    return f"Scaling laws of network {i} in the {('tropical', 'polar', 'deep')[i % 3]} regime"


def record() -> tuple[dict, list[dict]]:
    """(ORCID /works answer, OpenAlex works) for WORKS works, from the fixtures' shapes."""
    orcid = json.loads((FIXTURES / f"orcid_{ORCID}_works.json").read_text(encoding="utf-8"))
    template = orcid["group"][1]
    groups = []
    alex_page = json.loads((FIXTURES / f"openalex_works_{OPENALEX}_page1.json").read_text())
    alex_template = alex_page["results"][1]
    works = []
    for i in range(WORKS):
        doi = f"10.5555/bench.{i}"
        group = copy.deepcopy(template)
        summary = group["work-summary"][0]
        summary["title"]["title"]["value"] = _title(i)
        for ids in (group["external-ids"]["external-id"], summary["external-ids"]["external-id"]):
            ids[0]["external-id-value"] = doi
        summary["publication-date"]["year"]["value"] = str(2000 + i % 25)
        groups.append(group)
        work = copy.deepcopy(alex_template)
        work.update(id=f"https://openalex.org/W{4400000000 + i}", doi=f"https://doi.org/{doi}",
                    title=_title(i), display_name=_title(i), publication_year=2000 + i % 25,
                    publication_date=f"{2000 + i % 25}-03-01")  # fmt: skip
        if i < PREPRINTS:  # the book has these as preprints
            work["locations"].append(
                {**work["locations"][0], "landing_page_url": f"https://arxiv.org/abs/2401.{i:05d}"}
            )
        works.append(work)
    orcid["group"] = groups
    return orcid, works


def book_text(works: list[dict]) -> str:
    entries = []
    for i, work in enumerate(works[:IN_BOOK]):
        if i < PREPRINTS:
            venue = f"journal = {{arXiv preprint arXiv:2401.{i:05d}}},\n  eprint = {{2401.{i:05d}}}"
        else:
            venue = f"journal = {{Physical Review E}},\n  doi = {{{work['doi'][16:]}}}"
        entries.append(
            f"@article{{liu{work['publication_year']}w{i},\n  title = {{{work['title']}}},\n"
            f"  author = {{Liu, Ziming and Tegmark, Max}},\n  {venue},\n"
            f"  year = {{{work['publication_year'] - (i < PREPRINTS)}}},\n}}\n"
        )
    return "\n".join(entries)


def serve_record(server: SourceServer, orcid: dict, works: list[dict]) -> None:
    server.routes[f"/orcid/{ORCID}/works"] = Route(json.dumps(orcid))
    base = f"/openalex/works?filter=authorships.author.id:{OPENALEX}&per-page=200&cursor="
    pages = [works[:200], works[200:], []]
    cursors = ["*", "page2", "page3"]
    for n, (cursor, results) in enumerate(zip(cursors, pages, strict=True)):
        following = cursors[n + 1] if n + 1 < len(cursors) else None
        meta = {"count": len(works), "db_response_time_ms": 20, "page": None, "per_page": 200,
                "next_cursor": following, "groups_count": None}  # fmt: skip
        server.routes[base + cursor] = Route(json.dumps({"meta": meta, "results": results}))


def _run(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or f"New works, not in the book ({WORKS - IN_BOOK})" not in proc.stdout:
        raise RuntimeError(f"sync failed: {proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed


def run(results_dir: Path, repetitions: int = REPETITIONS) -> dict:
    orcid, works = record()
    server = SourceServer()
    serve_record(server, orcid, works)
    cold, cached, cold_requests, cached_requests = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp, serve_sources(server) as url:
        book = Path(tmp)
        (book / "references.bib").write_text(book_text(works), encoding="utf-8")
        (book / "_config.yml").write_text(CONFIG, encoding="utf-8")
        command = [sys.executable, "-m", "analysis", "sync", "--bib", str(book / "references.bib")]
        for n in range(repetitions):
            env = {**os.environ, **environment(url), "NO_PROXY": "127.0.0.1",
                   "PORTFOLIO_CACHE_DIR": str(book / f"cache-{n}")}  # fmt: skip
            seen = len(server.seen)
            cold.append(_run(command, env))
            cold_requests.append(len(server.seen) - seen)
            seen = len(server.seen)
            cached.append(_run(command, env))
            cached_requests.append(len(server.seen) - seen)
    results = {
        "works_in_record": WORKS,
        "papers_in_book": IN_BOOK,
        "new_works": WORKS - IN_BOOK,
        "published_versions": PREPRINTS,
        "repetitions": repetitions,
        "cold_s": round(statistics.median(cold), 3),
        "cold_requests": max(cold_requests),
        "cached_s": round(statistics.median(cached), 3),
        "cached_requests": max(cached_requests),
    }
    return save_results(results_dir, RESULTS_FILE, results)


def report(results: dict) -> str:
    return "\n".join([
        f"sync benchmark: a {results['works_in_record']}-work record (ORCID + OpenAlex), "
        f"{results['papers_in_book']} papers in the book, local server, median of "
        f"{results['repetitions']}",
        f"  cold (empty cache)   {results['cold_s']:>7.3f} s  {results['cold_requests']} requests",
        f"  cached               {results['cached_s']:>7.3f} s  "
        f"{results['cached_requests']} requests",
    ])  # fmt: skip


if __name__ == "__main__":
    print(report(run(Path(__file__).resolve().parent / "results")))
