"""The browser tests find their browser through PORTFOLIO_CHROMIUM, as CI on GitHub's runners does.

There, Playwright installs Chromium (no Debian package); here a symlink to the browser the
tests use (Debian's Chromium, or CI's) stands in for it. ``make chromium`` must then install
nothing, and the tests must drive it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.book import REPO
from tests.support.browser import CHROMIUM

INSTALL = REPO / ".ci" / "install-chromium"


@pytest.fixture
def fake_apt(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose apt-get and sudo only record that they were called."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    for tool in ("apt-get", "sudo"):
        script = bin_dir / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> {calls}\nexit 1\n')
        script.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return env, calls


def test_make_chromium_installs_nothing_when_the_variable_names_a_browser(tmp_path, fake_apt):
    env, calls = fake_apt
    browser = tmp_path / "playwright-chromium"
    browser.symlink_to(CHROMIUM)
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "chromium"],
        env={**env, "PORTFOLIO_CHROMIUM": str(browser)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert not calls.exists()


def test_a_variable_naming_no_browser_is_an_error_not_an_install(tmp_path, fake_apt):
    env, calls = fake_apt
    missing = tmp_path / "no-such-chrome"
    proc = subprocess.run(
        ["sh", str(INSTALL)],
        env={**env, "PORTFOLIO_CHROMIUM": str(missing)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"PORTFOLIO_CHROMIUM={missing} is not an executable browser" in proc.stderr
    assert not calls.exists()


def test_the_browser_tests_drive_the_browser_the_variable_names(tmp_path):
    browser = tmp_path / "playwright-chromium"
    browser.symlink_to(CHROMIUM)
    (tmp_path / "index.html").write_text("<title>t</title><p id=p>served</p>", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO / "tests")!r})
        from tests.support.browser import CHROMIUM, launch_chromium, serve, visit
        from playwright.sync_api import sync_playwright

        assert CHROMIUM == {str(browser)!r}, CHROMIUM  # the variable wins over the default
        with serve({str(tmp_path)!r}) as url, sync_playwright() as playwright:
            chromium = launch_chromium(playwright)
            with visit(chromium, url) as v:
                print(v.page.inner_text("#p"), v.problems)
            chromium.close()
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PORTFOLIO_CHROMIUM": str(browser)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["served", "[]"]
