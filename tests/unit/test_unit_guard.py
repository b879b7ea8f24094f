"""The fast loop stays fast: in tests/unit, a book build or a browser fails the test running it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.book import JUPYTER_BOOK


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([str(JUPYTER_BOOK), "build", "."], id="jupyter-book"),
        pytest.param([sys.executable, "-m", "sphinx", "-b", "html", ".", "out"], id="sphinx"),
        pytest.param(["/usr/bin/chromium", "--headless"], id="chromium"),
        pytest.param(["make", "book"], id="make-book"),
    ],
)
def test_a_unit_test_that_builds_or_browses_fails(command):
    with pytest.raises(pytest.fail.Exception, match="move it to tests/build or tests/browser"):
        subprocess.run(command, capture_output=True)


def test_an_ordinary_subprocess_runs():
    proc = subprocess.run([sys.executable, "-c", "print('ok')"], capture_output=True, text=True)
    assert proc.stdout == "ok\n"
