"""Fixtures for every test, and the rule that the folder says how slow a test is.

- ``tests/unit``: no Sphinx build and no browser (``make test-unit``, about a minute);
- ``tests/build``: real Jupyter Book builds and notebook runs (marked ``build``);
- ``tests/browser``: the built site in Chromium (marked ``browser``).

Helpers live in ``tests/support``; test modules never import each other or this file.
"""

from __future__ import annotations

import ipaddress
import socket
import subprocess
from pathlib import Path

import pytest

from tests.support.book import build_book, copy_book
from tests.support.browser import launch_chromium, serve
from tests.support.html import vnu_command

TESTS = Path(__file__).resolve().parent
MARKER_OF_FOLDER = {"build": "build", "browser": "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder, so ``-m "not build and not browser"`` is the unit tests; a
    build test that also looks at its book in Chromium (sharing the build) is a browser test too."""
    for item in items:
        folder = Path(item.path).relative_to(TESTS).parts[0]
        if folder in MARKER_OF_FOLDER:
            item.add_marker(MARKER_OF_FOLDER[folder])
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker("browser")


# --- No test reaches the network: only the loopback answers (local servers stand in). ---


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

    Local servers on 127.0.0.1 stand in for the sources (subprocesses are pointed at them through
    the sources' base-URL variables); Unix sockets (Jupyter kernels) pass.
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


# --- This book, built once per test session from a temporary copy of the repository. ---


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


# --- Browser tests: one server per module, one Chromium per session. ---


@pytest.fixture(scope="module")
def site_url(site: Path):
    """Base URL of the built site, served on 127.0.0.1 from this test process."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (see support.browser.CHROMIUM_ARGS)."""
    from playwright.sync_api import sync_playwright  # heavy: only where a browser is used

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The Nu HTML Checker's command line (see support.html.validation_errors)."""
    return vnu_command()
