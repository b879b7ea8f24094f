"""Shared fixtures: the book is built once per test session, from a temporary copy of the repo."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# What a build needs; never the developer's own _build or .venv.
BOOK_SOURCES = (
    "_config.yml",
    "_toc.yml",
    "references.bib",
    "metrics.jsonl",  # the citation counts, when the owner has fetched them
    "cv.yaml",
    "index.md",
    "chapters",
    "_static",
)
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def copy_book(dest: Path) -> Path:
    """Copy the book's sources into `dest` and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in BOOK_SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(
                src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "_build")
            )
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def build_book(book: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the same build `make book` runs (warnings are errors) and return the finished process."""
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-n", "-W", "--keep-going", *extra],
        capture_output=True,
        text=True,
        timeout=1800,
    )


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already reach out


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Tests never reach the network: a connection to anything but the loopback fails.

    Local servers on 127.0.0.1 stand in for the sources; Unix sockets (Jupyter kernels) pass.
    """
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(real):
        def connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
                raise OSError(f"tests must not reach the network (tried {address!r})")
            return real(sock, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only(socket.getaddrinfo))


_HOSTNAME = socket.gethostname()  # some servers look up their own name; that reaches no one


def _loopback_only(real_getaddrinfo):
    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost", _HOSTNAME) and not _is_loopback((host,)):
            raise socket.gaierror(f"tests must not reach the network (looked up {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    return getaddrinfo


@pytest.fixture(scope="session")
def built_book(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A fresh build of a copy of this book: (book folder, finished build process)."""
    book = copy_book(tmp_path_factory.mktemp("book"))
    return book, build_book(book)


@pytest.fixture(scope="session")
def site(built_book) -> Path:
    """The built HTML site of the book; fails the test if the build failed."""
    book, proc = built_book
    assert proc.returncode == 0, (
        f"jupyter-book build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    )
    return book / "_build" / "html"


# --- Browser and accessibility tests: one server per module, one Chromium per session. ---


@pytest.fixture(scope="module")
def site_url(site: Path):
    """Base URL of the built site, served on 127.0.0.1 from this test process."""
    from browser_support import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (see browser_support.CHROMIUM_ARGS)."""
    from browser_support import launch_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
