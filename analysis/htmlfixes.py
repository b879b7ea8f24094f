"""Sphinx extension: fix two upstream HTML faults that break a clean page load in the browser.

1. Sphinx 7.4 emits inline scripts added after the builder starts twice (it keeps both the
   ``None`` and the ``""`` filename of the same script), so sphinx-thebe's
   ``const THEBE_JS_URL = ...`` is declared twice and every page throws a SyntaxError.
2. pydata-sphinx-theme with sphinx-book-theme has no default colour mode, so a first visit logs
   "Got invalid theme mode" to the console; "auto" (follow the reader's system) is the intent.

The browser tests (``tests/test_browser.py``) fail if either comes back.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config


def _default_colour_mode(app: Sphinx, config: Config) -> None:
    # pydata-sphinx-theme reads it from the template context, not from its theme options.
    config.html_context.setdefault("default_mode", "auto")


def _drop_duplicate_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # Same file (None and "" both mean inline), same attributes, same body: one script.
        key = (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _default_colour_mode)
    app.connect("html-page-context", _drop_duplicate_scripts)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
