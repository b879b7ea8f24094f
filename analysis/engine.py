"""The engine as a book sees it: its distribution name, version and a fingerprint of its files.

A book depends on the engine by version (its requirements.txt pins ``portfolio-analysis``); a
build keys its cached pages on :func:`fingerprint`, so a new engine, or in a checkout any edit of
its code, re-reads every page and re-runs every notebook.
"""

from __future__ import annotations

import hashlib
from functools import cache

from analysis import __version__
from analysis.paths import PACKAGE_DIR

DISTRIBUTION = "portfolio-analysis"
VERSION = __version__
GENERATOR = f"{DISTRIBUTION} {VERSION}"


@cache
def fingerprint() -> str:
    """A hash of the version and of every file of the package (code, templates, tables); not
    of caches and hidden files (an editor's swap file)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        parts = path.relative_to(PACKAGE_DIR).parts
        if path.is_file() and "__pycache__" not in parts and not parts[-1].startswith("."):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
