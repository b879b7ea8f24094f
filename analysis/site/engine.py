"""Sphinx extension: the engine in the build, for freshness and for the record.

- Freshness: MyST-NB runs a notebook whenever Sphinx reads it (``execute_notebooks: force``), and
  Sphinx reads a page again only when it or a noted dependency changed; neither sees the engine.
  So this extension's ``env_version`` is the engine's fingerprint (version and files,
  :mod:`analysis.engine`): when it changes, Sphinx drops its saved environment ("build
  environment version not current") and re-reads every page, re-running every notebook.
  In ``execute_notebooks: cache`` mode MyST-NB would then take the outputs from jupyter-cache,
  which keys on the code cells alone with no way to add a dependency
  (executablebooks/MyST-NB#299): there the cache is emptied when the fingerprint changes (it is
  kept beside the cache). After an upgrade, or an edit of a chart function in a checkout, no page
  or chart is older than the engine.
- The record: every page's ``<meta name="generator">`` names the engine and its version.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from analysis.engine import GENERATOR, VERSION, fingerprint


def _generator(app: Sphinx, pagename, templatename, context, doctree) -> None:
    tag = f'<meta name="generator" content="{html.escape(GENERATOR)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def _empty_an_older_engines_cache(app: Sphinx) -> None:
    config = getattr(app.env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache":
        return
    cache = Path(config.execution_cache_path)
    stamp = cache.with_name(f"{cache.name}.engine")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint():
        return
    shutil.rmtree(cache, ignore_errors=True)  # outputs of another engine, or of an unknown one
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint(), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _generator)
    # After MyST-NB has settled its configuration and cache path (default priority 500).
    app.connect("builder-inited", _empty_an_older_engines_cache, priority=600)
    return {
        "version": VERSION,
        # Sphinx compares it with the saved environment's (sphinx.registry.get_envversion).
        "env_version": int(fingerprint()[:15], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
