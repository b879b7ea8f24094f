"""Sphinx extension: the engine in the build, for freshness and for the record.

- Freshness: MyST-NB runs a notebook whenever Sphinx reads it (``execute_notebooks: force``), and
  Sphinx reads a page again only when it or a noted dependency changed; neither sees the engine.
  Its jupyter-cache mode keys on the code cells alone, with no way to add a dependency
  (executablebooks/MyST-NB#299). So this extension's ``env_version`` is the engine's fingerprint
  (version and files, :mod:`analysis.engine`): when it changes, Sphinx drops its saved environment
  ("build environment version not current") and re-reads every page, re-running every notebook.
  After an upgrade, or an edit of a chart function in a checkout, no page or chart is older than
  the engine.
- The record: every page's ``<meta name="generator">`` names the engine and its version.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx

from analysis.engine import GENERATOR, fingerprint


def _generator(app: Sphinx, pagename, templatename, context, doctree) -> None:
    tag = f'<meta name="generator" content="{html.escape(GENERATOR)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _generator)
    return {
        "version": GENERATOR.rpartition(" ")[2],
        # Sphinx compares it with the saved environment's (sphinx.registry.get_envversion).
        "env_version": int(fingerprint()[:15], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
