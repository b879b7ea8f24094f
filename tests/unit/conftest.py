"""The fast loop: a unit test that builds a book or starts a browser fails, naming where it
belongs, so ``make test-unit`` stays a minute long."""

from __future__ import annotations

import subprocess

import pytest

# Programs that make a test slow: a book build, a notebook server, a browser.
SLOW_PROGRAMS = ("jupyter-book", "sphinx-build", "sphinx-autobuild", "jupyter-lab", "chromium")


@pytest.fixture(autouse=True)
def no_build_or_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    popen_init = subprocess.Popen.__init__

    def guarded(self, args, *rest, **kwargs):
        words = [args] if isinstance(args, str) else [str(a) for a in args]
        slow = [p for p in SLOW_PROGRAMS if any(p in word for word in words)]
        slow += [w for i, w in enumerate(words[1:]) if words[i] == "-m" and w == "sphinx"]
        if slow or "make" in words[:1] and {"book", "serve"} & set(words):
            pytest.fail(
                f"a unit test runs {slow or words}: move it to tests/build or tests/browser",
                pytrace=False,
            )
        popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)

    def refuse(*args, **kwargs):
        pytest.fail("a unit test builds with Sphinx: move it to tests/build", pytrace=False)

    monkeypatch.setattr("sphinx.application.Sphinx.__init__", refuse, raising=False)
