"""Sphinx extension: fix upstream HTML faults that fail the browser and accessibility tests.

1. Sphinx 7.4 emits inline scripts added after the builder starts twice (it keeps both the
   ``None`` and the ``""`` filename of the same script), so sphinx-thebe's
   ``const THEBE_JS_URL = ...`` is declared twice and every page throws a SyntaxError
   (sphinx-doc/sphinx#13402, fixed in a Sphinx release out of reach of Jupyter Book 1's pins).
2. pydata-sphinx-theme with sphinx-book-theme has no default colour mode, so a first visit logs
   "Got invalid theme mode" to the console (pydata/pydata-sphinx-theme#1635); "auto" (follow
   the reader's system) is the intent.
3. pydata-sphinx-theme's sidebar toggles are ``<summary>`` elements holding only an icon, so
   they have no accessible name (axe ``summary-name``, serious).
4. The menu button (☰) cannot open the navigation below 960 px: pydata-sphinx-theme 0.17 adds a
   second ``.primary-toggle`` and only the first (hidden) one gets its listener
   (pydata-sphinx-theme issue #2451, sphinx-book-theme issue #988). A click on any other
   ``.primary-toggle`` is passed on to the first, whose listeners open the menu on a phone and
   hide the sidebar on a wide screen, as the theme intends.
5. Invalid HTML in notebook pages (the Nu HTML Checker, ``tests/test_found.py``): MyST-NB puts
   ``<p>`` inside ``<summary>`` for its "Show code cell source" toggles (phrasing content only is
   allowed there; they become ``<span>``, styled in portfolio.css).
6. Text inserted as HTML: pydata-sphinx-theme 0.17's ``navbar-logo.html`` (``docstitle``, the
   book's title), sphinx-book-theme 1.1's ``components/author.html`` (``author``),
   ``sbt-sidebar-nav.html`` (``root_title``) and the print-only ``<h1>`` of its ``layout.html``
   (``pagetitle``) write these values unescaped, so an owner named
   ``</script><script>alert(8)</script>`` ran a script on every page. They are text (the
   config's title and author, the page titles' ``astext()``): escaped here, as ``Markup`` so
   the templates that do escape (Sphinx's ``docstitle|e``) do not escape them twice.

The browser and accessibility tests (``tests/test_browser.py``, ``tests/test_accessibility.py``)
fail if any of them comes back.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.config import Config

# Context values that are text but that theme templates insert as HTML.
FRAME_TEXT = ("docstitle", "shorttitle", "author", "root_title", "pagetitle", "project")


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


# pydata-sphinx-theme #2451 / sphinx-book-theme #988: see point 4 above.
_MENU_FIX = """document.addEventListener("DOMContentLoaded", () => {
  const [first, ...others] = document.querySelectorAll(".primary-toggle");
  for (const toggle of others) {
    toggle.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopImmediatePropagation();
      first.click();
    });
  }
});"""

_SUMMARY = re.compile(r"<summary\b[^>]*>.*?</summary>", re.S)


def _valid_html(body: str) -> str:
    def spans(match: re.Match) -> str:
        return re.sub(r"<(/?)p\b", r"<\1span", match.group(0))

    return _SUMMARY.sub(spans, body)


_TOGGLE_LABEL = "Show or hide the pages of this section"


def _fix_page_markup(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = _valid_html(context["body"])
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def named_toggles(*args, **kwargs):
        toctree = generate(*args, **kwargs)  # a BeautifulSoup tree, rendered by the template
        for summary in toctree.select("summary"):
            if not summary.get_text(strip=True):
                summary["aria-label"] = _TOGGLE_LABEL
        return toctree

    context["generate_toctree_html"] = named_toggles


def _escape_frame_text(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for name in FRAME_TEXT:
        value = context.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[name] = escape(value)  # a Markup: |e leaves it as it is


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _default_colour_mode)
    app.add_js_file(None, body=_MENU_FIX)
    app.connect("html-page-context", _drop_duplicate_scripts)
    # After the theme has put its toctree function into the context (default priority 500).
    app.connect("html-page-context", _fix_page_markup, priority=900)
    # Last: after sphinx-book-theme sets root_title and pagetitle, and after every handler
    # of this package that reads them as text.
    app.connect("html-page-context", _escape_frame_text, priority=1000)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
