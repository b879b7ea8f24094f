"""Books for the tests: a copy of this book, a tiny book written from strings, and the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
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


def write_book(
    root: Path,
    *,
    config: str,
    bib: str | bytes | None = None,
    pages: Mapping[str, str] | None = None,
    cv: str | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write a tiny book into `root` and return `root`.

    `config` is the whole ``_config.yml``; `pages` maps a page's path without suffix to its MyST
    text, the first being the root of ``_toc.yml`` and the others its chapters in order (no pages:
    no ``_toc.yml``); `bib` and `cv` become ``references.bib`` and ``cv.yaml``; `files` are any
    other files, by path.
    """
    root.mkdir(parents=True, exist_ok=True)
    written = {"_config.yml": config, **(files or {})}
    if bib is not None:
        written["references.bib"] = bib
    if cv is not None:
        written["cv.yaml"] = cv
    if pages:
        names = list(pages)
        toc = f"format: jb-book\nroot: {names[0]}\n"
        if names[1:]:
            toc += "chapters:\n" + "".join(f"  - file: {name}\n" for name in names[1:])
        written["_toc.yml"] = toc
        written.update({f"{name}.md": text for name, text in pages.items()})
    for name, content in written.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def build_book(book: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the same build `make book` runs (warnings are errors) and return the finished process."""
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-n", "-W", "--keep-going", *extra],
        capture_output=True,
        text=True,
        timeout=1800,
    )


def built_ok(book: Path, *extra: str) -> Path:
    """Build `book` as `make book` does, fail the test with the build's output if it fails, and
    return its HTML folder."""
    proc = build_book(book, *extra)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return book / "_build" / "html"
