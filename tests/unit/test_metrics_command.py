"""`python -m analysis metrics` against a local server standing in for OpenAlex."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.metrics.data import read_metrics
from tests.support.book import FIXTURES
from tests.support.openalex import OpenAlexServer

METRICS = FIXTURES / "metrics"
WORKS = json.loads((METRICS / "openalex_works.json").read_text(encoding="utf-8"))


@pytest.fixture
def book(tmp_path: Path) -> Path:
    shutil.copy(METRICS / "papers.bib", tmp_path / "papers.bib")
    shutil.copy(METRICS / "_config.yml", tmp_path / "_config.yml")
    return tmp_path


def run_metrics(book: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "PORTFOLIO_OPENALEX_URL": url,
        "PORTFOLIO_CACHE_DIR": str(book / ".cache"),
    }
    return subprocess.run(
        [sys.executable, "-m", "analysis", "metrics", "--bib", str(book / "papers.bib")],
        capture_output=True, text=True, env=env, cwd=book, timeout=120,
    )  # fmt: skip


def test_metrics_writes_every_paper_found_and_lists_the_rest(book):
    with OpenAlexServer(WORKS) as server:
        proc = run_metrics(book, server.url)
    assert proc.returncode == 0, proc.stderr
    metrics = read_metrics(book / "metrics.jsonl")
    assert not metrics.problems
    found = metrics.papers
    # A DOI and an arXiv DOI finding two works: both kept, the more cited counted.
    assert found["published2021"].openalex == ("W3139364512", "W3105512216")
    assert found["published2021"].cited_by == 120
    assert found["preprint2020"].openalex == ("W3105512216",)  # by its arXiv DOI
    assert found["kan2024"].by_year == {2024: 150, 2025: 450, 2026: 300}
    assert found["poisson2022"].openalex == ("W4226067283",)  # by its exact title, last
    assert "twotitles2019" not in found and "unknown2018" not in found  # never guessed
    assert "twotitles2019: several OpenAlex works have this title" in proc.stderr
    assert "unknown2018: not found in OpenAlex" in proc.stderr
    # The two entries of one paper count once: 900 + 120 + 45.
    assert metrics.history[-1].citations == 1065 and metrics.history[-1].h_index == 3
    # Batched: one request for the DOIs of all papers, then one a title for the rest.
    doi_requests = [r for r in server.requests if "filter=doi" in r]
    assert len(doi_requests) == 1
    assert "10.48550%2Farxiv.2404.19756" in doi_requests[0]
    assert "select=" in doi_requests[0]


def test_a_second_run_asks_by_id_and_changes_no_byte(book):
    with OpenAlexServer(WORKS) as server:
        assert run_metrics(book, server.url).returncode == 0
        first = (book / "metrics.jsonl").read_bytes()
        shutil.rmtree(book / ".cache")  # no cached answers: the server is asked again
        server.requests.clear()
        proc = run_metrics(book, server.url)
    assert proc.returncode == 0, proc.stderr
    assert (book / "metrics.jsonl").read_bytes() == first
    assert "unchanged" in proc.stdout
    assert "filter=ids.openalex" in server.requests[0]
    # Papers found before are asked by id only; titles only for the papers not found.
    assert not any("Symbolic" in r or "KAN" in r for r in server.requests)


def test_new_counts_change_only_their_lines_and_add_a_refresh(book):
    with OpenAlexServer(WORKS) as server:
        assert run_metrics(book, server.url).returncode == 0
    before = (book / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    more = [dict(w, cited_by_count=w["cited_by_count"] + 5) if "KAN" in w["title"] else w
            for w in WORKS]  # fmt: skip
    shutil.rmtree(book / ".cache")
    with OpenAlexServer(more) as server:
        assert run_metrics(book, server.url).returncode == 0
    after = (book / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert len(changed) == 2  # the paper's line, and the totals of today's refresh
    assert any('"key": "kan2024"' in line for line in changed)


def test_offline_it_fails_clearly_and_writes_nothing(book):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = run_metrics(book, f"http://127.0.0.1:{port}")
    assert proc.returncode == 1
    assert "OpenAlex" in proc.stderr and "offline" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (book / "metrics.jsonl").exists()


def test_an_answer_not_shaped_as_openalex_writes_nothing(book):
    with OpenAlexServer([{"id": "not an id", "title": "x"}]) as server:
        server.answer = lambda path: (200, {"meta": {}, "results": [{"id": 3}], "group_by": []})
        proc = run_metrics(book, server.url)
    assert proc.returncode == 1
    assert "not shaped as OpenAlex documents" in proc.stderr
    assert not (book / "metrics.jsonl").exists()


def test_dois_are_asked_fifty_a_request(tmp_path):
    from analysis.bib.loader import load_bibliography
    from analysis.scholarly.citations import fetch_citations
    from analysis.settings import Settings
    from benchmarks.metrics import synthetic

    bib, works = synthetic(120)
    (tmp_path / "references.bib").write_text(bib, encoding="utf-8")
    papers = load_bibliography(tmp_path / "references.bib", Settings()).papers
    server = OpenAlexServer(works)  # its answers, without a socket

    class Client:
        def get_json(self, source, path, *, identifier, params):
            from urllib.parse import urlencode

            return server.answer(f"{path}?{urlencode(params)}")[1]

    asked = []
    client = Client()
    original = client.get_json
    client.get_json = lambda *a, **k: asked.append(k["params"]["filter"]) or original(*a, **k)
    lookup = fetch_citations(papers, {}, client)
    doi_batches = [f for f in asked if f.startswith("doi:")]
    assert [len(f.split("|")) for f in doi_batches] == [50, 30]  # 80 papers with a DOI
    assert len(lookup.works) == 100 and len(lookup.missing) == 20
