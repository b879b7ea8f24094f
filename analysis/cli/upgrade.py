"""``python -m analysis upgrade [VERSION] [--engine SOURCE]``: move a book to another engine.

A book made by ``init`` names the engine in one line of its requirements.txt (a pinned version
and a source: analysis/cli/requirement.py), after the engine's pins and before the owner's own
lines. ``upgrade`` installs the new engine alone with the book's pip, then rewrites the pins and
that line from what the new engine carries (the owner's lines stay), installs them, and prints
the new engine's CHANGELOG entries since the old version (``python -m analysis changes --since
OLD``, run by the new engine). If pip fails, requirements.txt and the engine are put back. The
next build re-reads every page (the build keys its cache on the engine).
"""

from __future__ import annotations

import argparse
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.cli.projectfiles import project_dir
from analysis.cli.requirement import (
    SOURCE_VARIABLE,
    EngineSourceError,
    book_requirements,
    find_line,
    parse_line,
    requirement,
)
from analysis.engine import DISTRIBUTION, VERSION

if TYPE_CHECKING:
    from packaging.version import Version

OK, PROBLEMS, USAGE = 0, 1, 2
# A version's section of CHANGELOG.md: "## [1.2.0] - 2027-01-31" (Keep a Changelog).
SECTION = re.compile(r"^## \[(?P<version>[^\]]+)\].*$", re.M)
# The subsection a version uses for edits a book needs: the upgrade points at it.
BOOK_CHANGES = "### Changes a book must make"


def add_upgrade_parsers(commands) -> None:
    """Register ``upgrade`` and ``changes`` on the subcommands of ``python -m analysis``."""
    upgrade = commands.add_parser(
        "upgrade",
        help="move this book to another version of the engine",
        description=f"Install VERSION of {DISTRIBUTION} (from the book's source, or from SOURCE) "
        "with the book's .venv, rewrite its line of requirements.txt and the pins above it to "
        "the new version's (your lines below it stay), install those, and print what changed "
        "since the book's version (the engine's CHANGELOG). If pip fails, all is put back. "
        "Then: make book.",
    )
    upgrade.add_argument("version", nargs="?", metavar="VERSION",
                         help="the version, e.g. 1.2.0 (a wheel names its own)")  # fmt: skip
    upgrade.add_argument("--engine", metavar="SOURCE",
                         help="install from SOURCE instead: git+URL (at the tag vVERSION), "
                         "'index', a .whl file or the project's folder "
                         f"(or ${SOURCE_VARIABLE})")  # fmt: skip
    upgrade.add_argument("--book", type=Path, default=Path("."), metavar="DIR",
                         help="the book's folder (default: here)")  # fmt: skip
    changes = commands.add_parser(
        "changes",
        help="print what changed in the engine (its CHANGELOG), since a version",
        description=f"Print the CHANGELOG sections of {DISTRIBUTION} {VERSION} newer than "
        "VERSION (all of them without --since).",
    )
    changes.add_argument("--since", metavar="VERSION", help="the version a book had")


def upgrade_command(args: argparse.Namespace) -> int:
    """Run ``upgrade``; exit 1 if pip could not install (the line is restored), 2 on bad input."""
    book = args.book
    path = book / "requirements.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc}; run upgrade in a book made by init")
    found = find_line(text)
    if found is None:
        copy = " It holds a copy of the package (analysis/): see CHANGELOG 1.0.0." if (
            book / "analysis" / "__init__.py").is_file() else ""  # fmt: skip
        return _fail(f"{path} names no {DISTRIBUTION}: this book does not depend on the engine "
                     f"by version.{copy}")  # fmt: skip
    try:
        old = parse_line(found.group(0))
        source = args.engine or os.environ.get(SOURCE_VARIABLE) or old.source
        if source.endswith(".whl") and not args.engine and args.version:
            raise EngineSourceError(f"the book installs the engine from the wheel {source}: "
                                    "name the new one with --engine PATH")  # fmt: skip
        new = requirement(source, args.version)
    except EngineSourceError as exc:
        return _fail(str(exc))
    if new.line == found.group(0).strip():
        print(f"{path}: already at {new.line}")
        return OK
    python = _python(book)
    # The new engine alone first (its pins may differ from the book's), then its pins.
    _replace(path, text[: found.start()] + new.line + text[found.end() :])
    if not _pip(python, book, "--no-deps", new.line):
        return _restore(path, text, f"pip could not install {new.line}")
    pins = _new_pins(python, book)
    if pins is not None:
        _replace(path, book_requirements(pins, new.line, text[found.end() :]))
    if not _pip(python, book, "-r", path.name):
        _pip(python, book, "--no-deps", found.group(0).strip())  # the old engine back
        return _restore(path, text, f"pip could not install the pins of {new.line}")
    print(f"{path}: {found.group(0).strip()} -> {new.line}")
    from packaging.version import Version  # here: `check` starts without it

    if old.version and new.version and Version(new.version) < Version(old.version):
        print(f"note: {new.version} is older than {old.version}: a downgrade")
    elif old.version:
        subprocess.run([str(python), "-m", "analysis", "changes", "--since", old.version], cwd=book)
    print(f"Installed {DISTRIBUTION} {new.version or 'from ' + new.source}. Rebuild: make book")
    return OK


def changes_command(args: argparse.Namespace) -> int:
    """Run ``changes``: the CHANGELOG sections newer than ``--since``, newest first."""
    from packaging.version import InvalidVersion, Version

    try:
        since = Version(args.since) if args.since else None
    except InvalidVersion:
        return _fail(f"--since {args.since!r} is not a version: write it as MAJOR.MINOR.PATCH")
    sections = newer_sections(_changelog(), since)
    if not sections:
        print(f"No changes in {DISTRIBUTION} since {args.since}.")
        return OK
    print("\n\n".join(sections))
    if any(BOOK_CHANGES in section for section in sections):
        print(f"\nThis book needs edits: see '{BOOK_CHANGES.lstrip('# ')}' above.")
    return OK


def newer_sections(changelog: str, since: Version | None) -> list[str]:
    """The sections of `changelog` whose version is newer than `since` (an unreleased one too)."""
    from packaging.version import InvalidVersion, Version

    heads = list(SECTION.finditer(changelog))
    sections = []
    for head, following in zip(heads, [*heads[1:], None], strict=True):
        end = following.start() if following else len(changelog)
        try:
            newer = since is None or Version(head["version"]) > since
        except InvalidVersion:  # [Unreleased]
            newer = True
        if newer:
            sections.append(changelog[head.start() : end].strip())
    return sections


def _changelog() -> str:
    return (project_dir() / "CHANGELOG.md").read_text(encoding="utf-8")


def _pip(python: Path, book: Path, *arguments: str) -> bool:
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    return subprocess.run([*command, *arguments], cwd=book).returncode == 0


def _new_pins(python: Path, book: Path) -> str | None:
    """The pinned requirements the engine now installed in the book's venv carries."""
    where = "from analysis.cli.projectfiles import project_dir; print(project_dir())"
    proc = subprocess.run([str(python), "-c", where], cwd=book, capture_output=True, text=True)
    pins = Path(proc.stdout.strip()) / "requirements.txt"
    return pins.read_text(encoding="utf-8") if proc.returncode == 0 and pins.is_file() else None


def _restore(path: Path, text: str, problem: str) -> int:
    _replace(path, text)
    print(f"error: {problem}; {path} is as it was", file=sys.stderr)
    return PROBLEMS


def _python(book: Path) -> Path:
    """The book's own Python (its Makefile's .venv), or else the one running this command."""
    venv = book / ".venv" / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed over it: never half a file."""
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    with handle:
        handle.write(text)
    os.chmod(handle.name, stat.S_IMODE(path.stat().st_mode))
    os.replace(handle.name, path)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return USAGE
