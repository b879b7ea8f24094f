"""The line of a book's requirements.txt that names the engine: a pinned version and a source.

A source is where pip gets the engine from (``init --engine`` or ``PORTFOLIO_ENGINE``):

- nothing: this project's repository at the version's tag (``git+URL@vX.Y.Z``), the default;
- ``git+URL``: another repository (a fork), at the version's tag;
- ``index``: the package index pip is configured with (``portfolio-analysis==X.Y.Z``);
- a path to a wheel (its version is in its name), or to a folder holding the project.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from analysis.engine import DISTRIBUTION

# importlib.metadata and packaging are imported where used: every command imports this module,
# and they would double the start-up time of `check`.

SOURCE_VARIABLE = "PORTFOLIO_ENGINE"
INDEX = "index"
ENGINE_COMMENT = (
    "# The engine: pages, charts and the command line. `make upgrade VERSION=X.Y.Z` moves the\n"
    "# book to another version: it rewrites the pins above and this line. Add your own below.\n"
)
# The engine's line: `portfolio-analysis @ URL` or `portfolio-analysis==X.Y.Z`.
LINE = re.compile(
    rf"^[ \t]*{DISTRIBUTION}[ \t]*(?:@[ \t]*(?P<url>\S+)|==[ \t]*(?P<pin>\S+))[ \t]*$", re.I | re.M
)


class EngineSourceError(ValueError):
    """A source or version the engine cannot be installed from; the message says what to give."""


@dataclass(frozen=True)
class Requirement:
    """The engine's requirement: its source (see the module's doc) and version (None: a folder)."""

    source: str
    version: str | None

    @property
    def line(self) -> str:
        if self.source == INDEX:
            return f"{DISTRIBUTION}=={self.version}"
        if self.source.startswith("git+"):
            return f"{DISTRIBUTION} @ {self.source}@v{self.version}"
        return f"{DISTRIBUTION} @ {Path(self.source).resolve().as_uri()}"


def default_source() -> str:
    """The repository this engine comes from: pyproject.toml's [project.urls], installed."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata(DISTRIBUTION).get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().casefold() == "repository":
            return f"git+{url.strip()}"
    raise EngineSourceError(f"{DISTRIBUTION} is not installed with its metadata: name a source")


def requirement(source: str | None, version: str | None) -> Requirement:
    """The engine at `version` from `source` (None: the variable, or else the default)."""
    source = source or os.environ.get(SOURCE_VARIABLE) or default_source()
    if source == INDEX or source.startswith("git+"):
        if version is None:
            raise EngineSourceError(f"give the version to install from {source}, e.g. 1.2.0")
        return Requirement(source.rstrip("/"), _checked(version))
    path = Path(source).expanduser()
    if path.suffix == ".whl":
        if not path.is_file():
            raise EngineSourceError(f"{path}: no such wheel; build one with `pip wheel .`")
        built = _wheel_version(path)
        if version is not None and _checked(version) != built:
            raise EngineSourceError(f"{path.name} is version {built}, not {version}")
        return Requirement(str(path.resolve()), built)
    if (path / "pyproject.toml").is_file():
        return Requirement(str(path.resolve()), None)
    raise EngineSourceError(
        f"{source}: not a source of the engine: give git+URL (a repository with a tag per "
        f"version), {INDEX} (pip's package index), a .whl file or the project's folder"
    )


def parse_line(line: str) -> Requirement:
    """The Requirement a line written by :attr:`Requirement.line` (or by hand) states."""
    match = LINE.match(line)
    if match is None:
        raise EngineSourceError(f"not a requirement of {DISTRIBUTION}: {line.strip()}")
    if match["pin"]:
        return Requirement(INDEX, match["pin"])
    url = match["url"]
    if url.startswith("git+"):
        repository, _, tag = url.rpartition("@")
        if repository.startswith("git+") and "/" not in tag and tag.startswith("v"):
            return Requirement(repository, tag[1:])
        return Requirement(url, None)
    path = Path(unquote(urlparse(url).path))
    return Requirement(str(path), _wheel_version(path) if path.suffix == ".whl" else None)


def book_requirements(pins: str, engine: str, own: str = "") -> str:
    """A book's requirements.txt: the engine's pins, its line, then the owner's own lines.

    `upgrade` rewrites what comes before the owner's lines with the new version's pins and line.
    """
    own = own.lstrip("\r\n")
    return f"{pins.rstrip()}\n{ENGINE_COMMENT}{engine}\n{own}"


def find_line(text: str) -> re.Match | None:
    """The engine's line in the text of a requirements.txt, if it has one."""
    return LINE.search(text)


def _checked(version: str) -> str:
    from packaging.version import InvalidVersion, Version

    try:
        return str(Version(version.removeprefix("v")))
    except InvalidVersion:
        message = f"{version!r} is not a version: write it as MAJOR.MINOR.PATCH"
        raise EngineSourceError(message) from None


def _wheel_version(path: Path) -> str:
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    try:
        name, version, _, _ = parse_wheel_filename(path.name)
    except InvalidWheelFilename as exc:
        raise EngineSourceError(f"{path.name}: not a wheel's name ({exc})") from None
    if name != DISTRIBUTION:
        raise EngineSourceError(f"{path.name} is a wheel of {name}, not of {DISTRIBUTION}")
    return str(version)
