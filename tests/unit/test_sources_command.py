"""The real commands (``python -m analysis add|sync|init``) against a local server standing in
for doi.org, the arXiv API, ORCID, OpenAlex and DBLP, through the base-URL variables.

The commands run in subprocesses whose proxy points at a closed port (only the loopback is
reached directly), so a request to a real source fails instead of leaving the machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.book import FIXTURES
from tests.support.sources import Route, SourceServer, environment, serve_sources

SOURCES = FIXTURES / "sources"
CSL = "application/vnd.citationstyles.csl+json"
ATOM = "application/atom+xml"
ORCID_ID, OPENALEX_ID, DBLP_PID = "0000-0002-4176-6291", "A5032184121", "21/1234"
CONFIG = f"""\
sphinx:
  config:
    portfolio_owner: [Ziming Liu]
    portfolio_themes:
      - {{slug: math-for-ai, title: Math for AI}}
      - {{slug: ai-for-science, title: AI for Science}}
    portfolio_orcid: "{ORCID_ID}"
    portfolio_openalex: {OPENALEX_ID}
    portfolio_dblp: {DBLP_PID}
"""


def text(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def routes() -> dict[str, Route]:
    openalex = f"/openalex/works?filter=authorships.author.id:{OPENALEX_ID}&per-page=200&cursor="
    return {
        "/doi/10.5555/pre.2025.024301": Route(text("doi_10.5555_pre.2025.024301.json"), 200, CSL),
        "/doi/10.5555/kan.2025": Route(text("doi_10.5555_kan.2025.json"), 200, CSL),
        "/arxiv/query?id_list=2404.19756&max_results=1": Route(
            text("arxiv_2404.19756_published.xml"), 200, ATOM
        ),
        "/arxiv/query?id_list=2405.04484&max_results=1": Route(
            text("arxiv_2405.04484.xml"), 200, ATOM
        ),
        "/arxiv/query?id_list=2501.99999&max_results=1": Route(text("arxiv_empty.xml"), 200, ATOM),
        f"/orcid/{ORCID_ID}/works": Route(text(f"orcid_{ORCID_ID}_works.json")),
        openalex + "*": Route(text(f"openalex_works_{OPENALEX_ID}_page1.json")),
        openalex + "IlsxNzAwMDAwMDAwXSI=": Route(text(f"openalex_works_{OPENALEX_ID}_page2.json")),
        f"/dblp/pid/{DBLP_PID}.bib": Route(text("dblp_pid_21-1234.bib"), 200, "text/plain"),
        # Failures: a DOI that answers HTML, one rate-limited for good.
        "/doi/10.5555/malformed": Route("<html><body>Maintenance</body></html>", 200, "text/html"),
        "/doi/10.5555/busy": _forever(Route("", 429, headers={"Retry-After": "0"})),
    }


def _forever(route: Route) -> Route:
    route.then = route
    return route


@pytest.fixture
def sources():
    server = SourceServer()
    server.routes.update(routes())
    with serve_sources(server) as url:
        yield server, url


@pytest.fixture
def book(tmp_path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    shutil.copy(SOURCES / "references.bib", folder / "references.bib")
    (folder / "_config.yml").write_text(CONFIG, encoding="utf-8")
    return folder


def run(url: str, tmp_path: Path, *args: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        **environment(url),
        "PORTFOLIO_CACHE_DIR": str(tmp_path / "http-cache"),
        "NO_PROXY": "127.0.0.1,localhost",
        "HTTP_PROXY": "http://127.0.0.1:9",  # nothing listens there: no real source is reached
        "HTTPS_PROXY": "http://127.0.0.1:9",
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_add_a_doi_and_arxiv_ids_with_and_without_a_published_version(sources, book, tmp_path):
    server, url = sources
    bib = book / "references.bib"
    # A book without the KAN preprint: adding it by arXiv id adds its published version.
    old = bib.read_text(encoding="utf-8")
    bib.write_text(old[: old.index("@article{liu2024kan")] + old[old.index("@article{PhysRev") :])
    proc = run(url, tmp_path, "add", "--bib", str(bib), "--theme", "ai-for-science",
               "https://doi.org/10.5555/pre.2025.024301", "arXiv:2405.04484",
               "2404.19756v5")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "arXiv:2404.19756 was published as doi:10.5555/kan.2025" in proc.stdout
    assert "eprint 2404.19756 kept" in proc.stdout
    assert "Added 3 papers" in proc.stdout
    assert "shown on: " in proc.stdout
    new = bib.read_text(encoding="utf-8")
    assert new.startswith(old[: old.index("@article{liu2024kan")])  # old bytes untouched
    assert "@article{liu2025conserved," in new
    assert r"\textit{N}-body systems from 10\textsuperscript{4} trajectories \& less" in new
    assert "<i>" not in new and "<sup>" not in new
    assert "@inproceedings{liu2025kan," in new
    kan = new[new.index("@inproceedings{liu2025kan") :]
    assert "doi = {10.5555/kan.2025}" in kan and "eprint = {2404.19756}" in kan
    assert "journal = {arXiv preprint arXiv:2405.04484}" in new  # no published version
    check = run(url, tmp_path, "check", str(bib))
    assert check.returncode == 0, check.stderr
    # Again, offline: the book has these papers, so nothing is fetched and nothing fails.
    asked = len(server.seen)
    offline = f"http://127.0.0.1:{_closed_port()}"
    again = run(url, tmp_path, "add", "--bib", str(bib), "doi:10.5555/PRE.2025.024301",
                "arXiv:2405.04484", PORTFOLIO_DOI_URL=offline)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "Skipped 2 entries already in the book (1 by DOI, 1 by arXiv id" in again.stdout
    assert "(not fetched)" in again.stdout and "Nothing new to add" in again.stdout
    assert len(server.seen) == asked
    refused = run(url, tmp_path, "add", "--bib", str(bib), "--duplicates", "error",
                  "arXiv:2405.04484")  # fmt: skip
    assert refused.returncode == 1 and "same arXiv id; leave it out" in refused.stderr


def test_sync_lists_then_writes_new_works_and_a_published_version(sources, book, tmp_path):
    _, url = sources
    bib = book / "references.bib"
    before = bib.read_bytes()
    dry = run(url, tmp_path, "sync", "--bib", str(bib))
    assert dry.returncode == 0, dry.stderr
    assert bib.read_bytes() == before
    assert "New works, not in the book (4):" in dry.stdout
    assert "liu2024kan: now The Thirteenth International Conference on Learning " in dry.stdout
    assert "'Physics of AI (invited talk)' (ORCID): no DOI or arXiv id" in dry.stdout
    assert "sync --write" in dry.stdout

    summary = tmp_path / "summary.md"
    wrote = run(url, tmp_path, "sync", "--bib", str(bib), "--write", "--summary", str(summary))
    assert wrote.returncode == 0, wrote.stderr
    text = bib.read_text(encoding="utf-8")
    kan = text[text.index("@inproceedings{liu2024kan,") : text.index("@article{PhysRev")]
    for kept in ("eprint = {2404.19756}", "themes = {math-for-ai}", "selected = {true}",
                 "honors = {Oral}", "decision = {Listed as the preprint"):  # fmt: skip
        assert kept in kan
    venue = "The Thirteenth International Conference on Learning Representations"
    assert f"booktitle = {{{venue}}}," in kan
    assert "doi = {10.5555/kan.2025}" in kan and "year = {2025}" in kan
    assert "journal" not in kan
    prl = before.decode()[before.decode().index("@article{PhysRev") :]
    assert prl.rstrip() in text  # an entry sync did not change keeps its bytes
    for key in ("liu2025conserved", "kantamneni2024optpde", "liu2025grokking", "liu2022omnigrok"):
        assert f"{{{key}," in text
    markdown = summary.read_text(encoding="utf-8")
    assert "### New works (4)" in markdown and "`liu2024kan` →" in markdown
    check = run(url, tmp_path, "check", str(bib))
    assert check.returncode == 0, check.stderr
    assert "4 papers have no theme" in check.stdout and "liu2025grokking" in check.stdout

    settled = run(url, tmp_path, "sync", "--bib", str(bib))
    assert "New works" not in settled.stdout and "Published versions" not in settled.stdout


def test_init_from_an_orcid_record(sources, tmp_path):
    _, url = sources
    target = tmp_path / "ada"
    proc = run(url, tmp_path, "init", str(target), "--orcid", f"https://orcid.org/{ORCID_ID}",
               "--owner", "Ziming Liu")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "left out: 'Physics of AI (invited talk)'" in proc.stderr
    # The PRL DOI is unknown to this doi.org: listed as left out, not guessed.
    assert "10.1103/PhysRevLett.126.180604: doi.org: not found" in proc.stderr
    bib = (target / "references.bib").read_text(encoding="utf-8")
    assert bib.count("\n@") == 3  # PRE, KAN (as published), OptPDE
    assert f'portfolio_orcid: "{ORCID_ID}"' in (target / "_config.yml").read_text()
    settled = run(url, tmp_path, "sync", "--bib", str(target / "references.bib"))
    assert settled.returncode == 0, settled.stderr  # the new book's _config.yml names the iD
    assert "New works" not in settled.stdout
    check = run(url, tmp_path, "check", str(target / "references.bib"))
    assert check.returncode == 0, check.stderr


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "argument, overrides, message",
    [
        ("10.5555/pre.2025.024301", "offline", "10.5555/pre.2025.024301: doi.org: cannot reach"),
        ("10.5555/missing", {}, "10.5555/missing: doi.org: not found"),
        ("10.5555/busy", {}, "10.5555/busy: doi.org: still rate-limited (HTTP 429) after 4 tries"),
        ("10.5555/malformed", {}, "10.5555/malformed: doi.org: answered "),
        ("arXiv:2501.99999", {}, "arXiv:2501.99999: the arXiv API: no such paper"),
    ],
    ids=["offline", "404", "persistent-429", "malformed", "unknown-arxiv-id"],
)
def test_a_failing_source_is_a_clear_error_and_nothing_is_written(
    sources, book, tmp_path, argument, overrides, message
):
    _, url = sources
    if overrides == "offline":
        overrides = {"PORTFOLIO_DOI_URL": f"http://127.0.0.1:{_closed_port()}"}
    bib = book / "references.bib"
    before = bib.read_bytes()
    proc = run(url, tmp_path, "add", "--bib", str(bib), "arXiv:2405.04484", argument, **overrides)
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "Nothing was written" in proc.stderr and "Traceback" not in proc.stderr
    assert bib.read_bytes() == before


def test_sync_fails_clearly_when_the_record_cannot_be_read(sources, book, tmp_path):
    _, url = sources
    bib = book / "references.bib"
    before = bib.read_bytes()
    offline = f"http://127.0.0.1:{_closed_port()}"
    proc = run(url, tmp_path, "sync", "--write", "--bib", str(bib), PORTFOLIO_ORCID_URL=offline)
    assert proc.returncode == 1
    assert f"{ORCID_ID}: ORCID: cannot reach" in proc.stderr
    assert bib.read_bytes() == before


def test_usage_errors_exit_2(sources, book, tmp_path):
    _, url = sources
    bib = book / "references.bib"
    proc = run(url, tmp_path, "add", "--bib", str(bib), "Kolmogorov-Arnold")
    assert proc.returncode == 2
    assert "Kolmogorov-Arnold: not a file, a DOI" in proc.stderr
    (book / "_config.yml").write_text("sphinx:\n  config:\n    portfolio_owner: [Ziming Liu]\n")
    proc = run(url, tmp_path, "sync", "--bib", str(bib))
    assert proc.returncode == 2 and "set portfolio_orcid" in proc.stderr
    (book / "_config.yml").write_text("sphinx:\n  config:\n    portfolio_orcid: 12-34\n")
    proc = run(url, tmp_path, "sync", "--bib", str(bib))
    located = "_config.yml:3: sphinx.config.portfolio_orcid: must look like"
    assert proc.returncode == 2 and located in proc.stderr
    proc = run(url, tmp_path, "init", str(tmp_path / "x"), "--orcid", "12", "--owner", "A B")
    assert proc.returncode == 2 and "not an ORCID iD" in proc.stderr
