"""Sphinx extension: each page loads only the assets it uses, so the site meets its speed budget.

The goal (issue 6, measured by ``benchmarks/lighthouse.py``): Lighthouse Performance >= 95 on a
phone. The theme stack loads the same assets on every page whether it uses them or not:

1. Icons: pydata-sphinx-theme's ``fontawesome.js`` (1.5 MB, replaces each ``<i class="fa-...">``
   with an SVG after load) and, for the icons its stylesheets draw, the whole Font Awesome fonts
   (280 KB). The theme's stylesheet already draws every ``.fa-NAME`` icon from those fonts, so
   the script is dropped, and every build subsets the fonts to the glyphs the built pages and
   stylesheets use (a few KB) and declares them in ``_static/icons.css`` under the theme's
   family names.
2. Search: the theme loads Sphinx's search scripts and the search index on every page for
   search-as-you-type; with that option off (the default) only the search page needs them.
3. Scripts in ``<head>`` block the first paint: they are deferred (order kept), except
   ``documentation_options.js``, which inline scripts use as the page is parsed.
4. Per page: the stylesheets and scripts of sphinx-copybutton, pygments, sphinx-togglebutton,
   sphinx-design and MyST-NB only where the page has what they style; sphinx-thebe's nowhere
   unless the thebe launch button is on (the Binder launch button is a plain link).
5. The theme's ``theme.css`` only ``@import``s ``basic.css``: link ``basic.css`` directly, one
   request less on the way to the first paint.

The search page keeps its scripts as Sphinx orders them (its index must load after
``searchtools.js``). The browser tests check that every page still loads cleanly and works.
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from analysis.site.theme.rendered import rewrite_rendered_pages
from analysis.site.theme.staticcopy import root_if_static_changed

logger = logging.getLogger(__name__)

ICONS_CSS = "icons.css"
ICON_FONTS = {  # the theme's font files, and the @font-face descriptors its stylesheet gives them
    "fa-solid-900": ("Font Awesome 6 Free", 900),
    "fa-regular-400": ("Font Awesome 6 Free", 400),
    "fa-brands-400": ("Font Awesome 6 Brands", 400),
}


def _has_class(pattern: str):
    """A test on a page's body HTML: does an element have a class matching `pattern`?"""
    regex = re.compile(r'class="[^"]*\b(?:' + pattern + r")\b")
    return lambda body: regex.search(body) is not None


_CODE, _TOGGLE, _DESIGN = _has_class("highlight"), _has_class("toggle|dropdown"), _has_class("sd-")
# Asset file name (prefix) -> does this page use it?
_USED_WHEN = {
    "copybutton.css": _CODE,
    "clipboard.min.js": _CODE,
    "copybutton.js": _CODE,
    "pygments.css": _CODE,
    "togglebutton.css": _TOGGLE,
    "togglebutton.js": _TOGGLE,
    "sphinx-design.min.css": _DESIGN,
    "design-tabs.js": _DESIGN,
    "mystnb.": _has_class("cell|cell_output|output"),
    "portfolio.js": _has_class("portfolio-publications"),
}
_THEBE = ("sphinx-thebe.js", "sphinx-thebe.css")
# Needed synchronously: inline scripts set DOCUMENTATION_OPTIONS.pagename while the page parses.
_KEEP_SYNCHRONOUS = ("documentation_options.js",)

_FONTAWESOME_JS = re.compile(
    r'\s*<!-- So that users can add custom icons -->\s*<script defer src="[^"]*'
    r'/fontawesome\.js[^"]*"></script>'
)
_THEME_CSS = re.compile(r'href="([^"]*_static/)styles/theme\.css[^"]*"')
_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)">'
    r"</script>"
)


def _basename(asset) -> str:
    return str(asset.filename or "").rsplit("/", 1)[-1].split("?", 1)[0]


def _thebe_on(app: Sphinx) -> bool:
    launch = app.config.html_theme_options.get("launch_buttons") or {}
    return bool(launch.get("thebe"))


def _page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename == "search" or "body" not in context:
        return
    body = context["body"]

    def used(asset) -> bool:
        name = _basename(asset)
        if name in _THEBE or str(asset.filename or "").startswith("https://unpkg.com/thebe"):
            return _thebe_on(app)
        body_text = getattr(asset, "attributes", {}).get("body", "")
        if body_text.startswith("const THEBE_JS_URL"):
            return _thebe_on(app)
        return all(test(body) for prefix, test in _USED_WHEN.items() if name.startswith(prefix))

    context["css_files"][:] = [css for css in context.get("css_files", []) if used(css)]
    scripts = []
    for script in context.get("script_files", []):
        if not used(script):
            continue
        attrs = script.attributes
        if script.filename and not {"async", "defer"} & attrs.keys():
            if _basename(script) not in _KEEP_SYNCHRONOUS:
                script = type(script)(
                    script.filename, priority=script.priority, **attrs, defer="defer"
                )
        scripts.append(script)
    context["script_files"][:] = scripts


def _trim_template_output(app: Sphinx, html: str, context: dict) -> str:
    """What the theme writes into its templates directly rather than through Sphinx's lists."""
    pagename = context.get("pagename", "")
    html = _FONTAWESOME_JS.sub("", html, count=1)
    html = _THEME_CSS.sub(r'href="\1basic.css"', html, count=1)
    search_as_you_type = str(app.config.html_theme_options.get("search_as_you_type", False))
    if pagename != "search" and search_as_you_type.lower() != "true":
        html = _SEARCH_SCRIPTS.sub("", html)
    return html


# --- Icons: a Font Awesome subset of what the built site shows. ---

_ICON_CLASS = re.compile(r'class="([^"]*\bfa-[^"]*)"')
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"\.(fa-[a-z0-9-]+):(?::)?before")
# A glyph in Font Awesome's private-use range, written as a character or as a CSS escape.
_GLYPH = re.compile(r"([\ue000-\uf8ff])|\\(f[0-9a-f]{3})\b", re.IGNORECASE)


def _theme_fonts() -> Path:
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    return theme / "static" / "vendor" / "fontawesome" / "webfonts"


def _glyphs(declarations: str) -> set[int]:
    return {ord(c) if c else int(e, 16) for c, e in _GLYPH.findall(declarations)}


def _used_glyphs(static: Path, used_classes: set[str]) -> set[int]:
    """The codepoints of the icon classes in use and of every glyph a stylesheet draws itself.

    The theme's stylesheet has a ``.fa-NAME:before`` rule for every Font Awesome icon; those
    count only for the classes the pages use. Any other rule (admonition titles, external links,
    breadcrumbs, the ``--pst-icon-*`` variables) may draw its glyph on any page.
    """
    glyphs: set[int] = set()
    for css in static.rglob("*.css"):
        if css.name == ICONS_CSS:
            continue
        for selectors, declarations in _CSS_RULE.findall(css.read_text(errors="ignore")):
            found = _glyphs(declarations)
            if not found:
                continue
            icons = [_ICON_SELECTOR.fullmatch(s.strip()) for s in selectors.split(",")]
            if all(icons) and not {m.group(1) for m in icons} & used_classes:
                continue
            glyphs |= found
    return glyphs


def _write_icons(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    classes: set[str] = set()
    for page in out.rglob("*.html"):
        for value in _ICON_CLASS.findall(page.read_text(encoding="utf-8", errors="ignore")):
            classes.update(c for c in value.split() if c.startswith("fa-"))
    # Icons the theme's scripts add after load (e.g. a banner's close button).
    for script in static.rglob("*.js"):
        if script.name != "fontawesome.js":
            classes.update(re.findall(r"\bfa-[a-z0-9-]+", script.read_text(errors="ignore")))
    glyphs = sorted(_used_glyphs(static, classes))
    # Subsetting takes a moment: redo it only when the set of glyphs changes.
    stamp = Path(app.doctreedir) / "icon-glyphs.json"
    fresh = stamp.is_file() and json.loads(stamp.read_text()) == glyphs
    rules = []
    for font, (family, weight) in ICON_FONTS.items():
        target = static / "icons" / f"{font}.woff"
        if not (fresh and target.is_file()):
            from fontTools import subset  # 0.1 s to import: only when there is work for it

            # woff (zlib): woff2 would need the brotli package, for a file of a few KB.
            options = subset.Options(flavor="woff", layout_features=[], name_IDs=[])
            face = subset.load_font(str(_theme_fonts() / f"{font}.ttf"), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=glyphs)
            subsetter.subset(face)
            target.parent.mkdir(parents=True, exist_ok=True)
            subset.save_font(face, str(target), options)
        # Same family, weight and style as the theme's @font-face: the later rule wins.
        rules.append(
            f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};'
            f'font-display:block;src:url(icons/{font}.woff) format("woff")}}'
        )
    stamp.write_text(json.dumps(glyphs))
    header = (
        "/* Generated by analysis/site/theme/assets.py. "
        "Font Awesome Free: icons CC BY 4.0, fonts OFL */"
    )
    css = "\n".join([header, *rules]) + "\n"
    if not (static / ICONS_CSS).is_file() or (static / ICONS_CSS).read_text() != css:
        (static / ICONS_CSS).write_text(css)


def setup(app: Sphinx) -> dict:
    app.add_css_file(ICONS_CSS)
    # After the theme and the other extensions have filled the page's asset lists.
    app.connect("html-page-context", _page_assets, priority=950)
    app.connect(
        "builder-inited",
        lambda app: rewrite_rendered_pages(app, partial(_trim_template_output, app)),
    )
    app.connect("build-finished", _write_icons)
    # Sphinx 7.4 copies an edited static file only when a page is written (staticcopy.py).
    app.connect("env-get-outdated", root_if_static_changed)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
