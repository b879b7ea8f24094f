"""Built pages read with BeautifulSoup (installed with the pinned test dependencies)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from tests.support.book import REPO

# The Nu HTML Checker, pinned in benchmarks/package.json (make test installs it with npm ci).
VNU = REPO / "benchmarks" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def read_page(page: Path | str) -> BeautifulSoup:
    """The parsed page: a path to an HTML file, or HTML text."""
    markup = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    return BeautifulSoup(markup, "html.parser")


def visible_text(page: Path | str | BeautifulSoup) -> str:
    """A page's text as a reader sees it, without scripts and styles, white space folded."""
    soup = page if isinstance(page, BeautifulSoup) else read_page(page)
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def text_of(element) -> str:
    """An element's text with white space folded."""
    return " ".join(element.get_text().split())


def vnu_command() -> list[str]:
    """The Nu HTML Checker's command line, run with the machine's Java 17+."""
    java = shutil.which("java")
    assert java, "the HTML validator needs Java 17+ (apt-get install default-jre-headless)"
    assert VNU.is_file(), "vnu.jar is missing: run npm ci --prefix benchmarks (make test does)"
    return [java, "-jar", str(VNU), "--errors-only", "--format", "json"]


def validation_errors(vnu: list[str], pages: list[Path]) -> list[str]:
    proc = subprocess.run([*vnu, *map(str, pages)], capture_output=True, text=True, timeout=600)
    report = json.loads(proc.stderr or proc.stdout)
    return [
        f"{m['url'].rsplit('/', 2)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] == "error"
    ]
