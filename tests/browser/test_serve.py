"""``make serve``: the owner edits a page, saves, and the open browser tab shows the new text.

Runs the real target on a copy of the book (sphinx-autobuild with the configuration of
``_config.yml``), opens a page in Chromium, edits the page's source and waits for the tab to
reload itself with the edit: no navigation by the test.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from tests.support.book import REPO, copy_book
from tests.support.browser import visit
from tests.support.wait import url_answers, wait_until

VENV = Path(sys.executable).parent.parent
PAGE = "chapters/extending"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, timeout: float) -> None:
    def served() -> bool:
        assert server.poll() is None, "make serve exited"
        return url_answers(url)()

    wait_until(served, timeout=timeout, interval=1, what=f"{url} served")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(book folder, base URL, log file) of `make serve` running on a copy of the book."""
    book = copy_book(tmp_path_factory.mktemp("serve"))
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(REPO / name, book / name)
    port = _free_port()
    log = book / "serve.log"
    # The test's own venv; -o: never reinstall it from the copy.
    command = ["make", "--no-print-directory", "serve", f"PORT={port}", f"VENV={VENV}",
               "-o", f"{VENV}/.installed"]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=book, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + PAGE + ".html", server, timeout=600)
        yield book, base, log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_serve_builds_the_book_as_make_book_does(served):
    book, _, log = served
    output = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text())
    # The same configuration as `make book`, whose build has no warning either ("build
    # succeeded, N warnings." otherwise).
    assert "build succeeded." in output, output[-3000:]
    assert ": WARNING:" not in output, output[-3000:]
    # No conf.py beside _config.yml: the configuration stays in one place.
    assert not (book / "conf.py").exists()


def test_serve_listens_on_the_loopback_address_only(served):
    _, base, _ = served
    port = int(base.rstrip("/").rsplit(":", 1)[1])
    listening = {c.laddr.ip for c in psutil.net_connections("inet")
                 if c.status == psutil.CONN_LISTEN and c.laddr.port == port}  # fmt: skip
    assert listening == {"127.0.0.1"}


def test_an_edited_page_reloads_in_the_open_browser(served, chromium):
    book, base, _ = served
    source = book / f"{PAGE}.md"
    with visit(chromium, base + PAGE + ".html") as v:
        heading = v.page.locator("article h1").first
        assert "Edited while serving" not in heading.inner_text()
        text = source.read_text(encoding="utf-8")
        title = re.search(r"^# .*$", text, re.MULTILINE).group(0)
        source.write_text(text.replace(title, "# Edited while serving", 1), encoding="utf-8")
        # sphinx-autobuild's script reloads the tab once the rebuild is written.
        heading.filter(has_text="Edited while serving").wait_for(timeout=120_000)
        assert v.problems == []
