"""A changed static file reaches the site on the next build.

Sphinx 7.4 copies ``html_static_path`` (the book's ``_static/``, the package's stylesheet and
script) only when it writes some page, so an edited ``_static/custom.css`` or a new portrait
saved under the old name stayed stale until ``make clean`` (Sphinx issue #1810; fixed in Sphinx
8.2 by sphinx-doc/sphinx#13236, out of reach of Jupyter Book 1's pins). When a static file
differs from its copy in the site, the root page is marked changed: the build then writes it and
copies the static files, and a build with nothing changed still writes nothing.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

from sphinx.application import Sphinx


def stale_static_files(app: Sphinx) -> list[Path]:
    """The static files whose copy in the site is missing or differs."""
    site = Path(app.outdir) / "_static"
    copies: dict[Path, Path] = {}  # copy -> source; a later folder wins, as Sphinx copies them
    for entry in app.config.html_static_path:
        source = Path(app.confdir, entry)
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for file in files:
            relative = file.relative_to(source) if source.is_dir() else Path(file.name)
            hidden = any(part.startswith(".") for part in relative.parts)
            # Sphinx skips hidden files and renders templates (name_t) instead of copying them.
            if file.is_file() and not hidden and not file.name.endswith("_t"):
                copies[site / relative] = file
    return [
        source
        for copy, source in copies.items()
        if not copy.is_file() or not filecmp.cmp(source, copy, shallow=False)
    ]


def root_if_static_changed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: the root page, when a static file changed since the last build."""
    if app.builder.format != "html" or not (Path(app.outdir) / "_static").is_dir():
        return []  # a first build copies everything anyway
    return [app.config.root_doc] if stale_static_files(app) else []
