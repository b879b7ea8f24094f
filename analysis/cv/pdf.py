"""The typeset PDF CV: cv.yaml and the papers -> JSON -> ``template.typ`` -> PDF, with Typst.

The ``typst`` wheel bundles the compiler: no TeX, no network, no Typst packages. The data reaches
the template as JSON (``sys.inputs.data``) and is shown as strings, never parsed as markup, so
text from BibTeX or YAML cannot inject Typst. Output is reproducible: fonts are the compiler's
own (plus a system CJK font for the native-script name when one has its glyphs), and the
document carries no date, so two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from functools import cache
from pathlib import Path

from analysis.bib.model import Paper
from analysis.cv.data import CV
from analysis.cv.view import PUBLICATION_SECTIONS, cv_sections, paper_record, present_sections
from analysis.paths import PACKAGE_DIR
from analysis.settings import Settings

TEMPLATE = PACKAGE_DIR / "cv" / "template.typ"
CV_PDF, PUBLICATIONS_PDF = "cv.pdf", "publications.pdf"
LATIN_FONTS = ["Libertinus Serif", "New Computer Modern"]  # embedded in the typst wheel
# PDF/UA-1: tagged, with a title and a language: readable by screen readers.
PDF_STANDARDS = ["ua-1"]
# Families that may cover Chinese, Japanese or Korean; each candidate's glyphs are then checked.
_CJK_FAMILY_RE = re.compile(
    r"CJK|Han |Han$|Hei|Song|Ming|Kai|YaHei|PingFang|Hiragino|WenQuanYi|Fallback|Gothic|Mincho"
    r"|Noto S\w+ (SC|TC|HK|JP|KR)",
    re.I,
)


class PDFError(RuntimeError):
    """Typst could not compile the CV (a fault of the template, never of the data)."""


def document_data(
    cv: CV,
    papers: list[Paper],
    settings: Settings,
    kind: str = "cv",
    site_url: str = "",
    citations: str = "",
) -> dict:
    """What the template shows: the CV (``kind="cv"``) or its publication lists only.

    `citations`: the line of citation counts ("1,234 citations, h-index 12, ... (OpenAlex, as of
    DATE)"), "" without a metrics file.
    """
    basics = cv.basics
    native_name = basics.get("nativeName", "")
    native_font = cjk_font_family(native_name) if native_name else None
    name = basics["name"]
    title = f"{name}: Publications" if kind == "publications" else f"{name}: Curriculum Vitae"
    sections = cv_sections(cv, papers, settings, site_url)
    present = present_sections(sections)
    if kind == "publications":
        present = [key for key in present if key in PUBLICATION_SECTIONS]
    data = {
        **sections,
        "meta": {"title": title, "author": name, "keywords": ["curriculum vitae", name]},
        "fonts": LATIN_FONTS + ([native_font] if native_font else []),
        "native": {"name": native_name, "lang": basics.get("nativeLang", ""), "font": native_font}
        if native_font
        else None,
        "basics": {"name": name, "label": basics.get("label", "")},
        "position_line": position_line(basics),
        "contacts": contacts(basics, site_url),
        "citations": citations,
        "sections": present,
        "representative": [paper_record(p) for p in sections["representative"]],
        "publications": [
            {"year": year, "papers": [paper_record(p) for p in group]}
            for year, group in sections["publications"]
        ],
        "has_equal": any(p.equal_contribution for p in papers),
    }
    # CJK coauthors, titles or venues: a CJK font after the Latin ones, when one is installed.
    wide = wide_characters({k: v for k, v in data.items() if k not in ("native", "fonts")})
    fallback = cjk_font_family(wide, every=False) if wide else None
    if fallback and fallback not in data["fonts"]:
        data["fonts"].append(fallback)
    return data


def position_line(basics: dict) -> str:
    """``PhD student at MIT and IAIFI, advised by Prof. Max Tegmark``."""
    places = [a.get("short") or a["name"] for a in basics.get("affiliations", [])]
    line = basics.get("position", "")
    if places:
        line += (" at " if line else "") + " and ".join(places)
    if basics.get("advisor"):
        line += (", advised by " if line else "Advised by ") + basics["advisor"]
    return line


def contacts(basics: dict, site_url: str = "") -> list[dict]:
    """Email, phone, website and profile links, as {text, url} (url "" for plain text)."""
    found = []
    if basics.get("email"):
        found.append({"text": basics["email"], "url": f"mailto:{basics['email']}"})
    if basics.get("phone"):
        found.append({"text": basics["phone"], "url": ""})
    if basics.get("url"):
        found.append({"text": re.sub(r"^https?://|/$", "", basics["url"]), "url": basics["url"]})
    for profile in basics.get("profiles", []):
        found.append({"text": profile["network"], "url": profile["url"]})
    return found


@cache
def cjk_font_family(text: str, every: bool = True) -> str | None:
    """A system font family Typst finds with a glyph for every character of `text`, or None.

    Typst would draw empty boxes for characters no font has; then the name is left out. With
    ``every=False``, the family with glyphs for the most of them (None if it has none): a
    fallback after the Latin fonts, for CJK coauthors, titles and venues.
    """
    import typst

    needed = {ord(c) for c in text if not c.isspace()}
    candidates = [
        f
        for f in typst.Fonts(include_embedded_fonts=False).fonts()
        if f.path and _CJK_FAMILY_RE.search(f.family)
    ]
    # Serif faces first: they sit best beside Libertinus; then the region whose glyph shapes
    # the text's script expects (Pan-CJK fonts have every glyph, drawn per region).
    regions = _regions(text)
    candidates.sort(
        key=lambda f: (
            "serif" not in f.family.lower() and "song" not in f.family.lower(),
            next((i for i, r in enumerate(regions) if f.family.endswith(r)), len(regions)),
            f.family,
        )
    )
    best, best_count = None, 0
    for font in candidates:
        count = len(needed & _code_points(font.path, font.index))
        if count == len(needed):
            return font.family
        if count > best_count:
            best, best_count = font.family, count
    return None if every else best


def _regions(text: str) -> list[str]:
    """Pan-CJK font regions, best first: Japanese for kana, Korean for Hangul, else Chinese."""
    if any("\u3040" <= c <= "\u30ff" for c in text):
        return [" JP", " SC", " TC", " HK", " KR"]
    if any("\uac00" <= c <= "\ud7a3" for c in text):
        return [" KR", " SC", " TC", " HK", " JP"]
    return [" SC", " TC", " HK", " JP", " KR"]


def _code_points(path: str, index: int) -> set[int]:
    """The characters a font file's face has glyphs for (none when it cannot be read).

    The file is closed again at once: fontTools keeps it open while a lazily loaded font lives,
    and an unclosed file is a ResourceWarning (an error under the tests' filterwarnings).
    """
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.lower().endswith((".ttc", ".otc")):
            with TTCollection(path, lazy=True) as collection:
                return set(collection.fonts[index].getBestCmap() or {})
        with TTFont(path, lazy=True) as face:
            return set(face.getBestCmap() or {})
    except Exception:  # noqa: BLE001 - an unreadable font file is simply not a candidate
        return set()


def wide_characters(data) -> str:
    """Every Chinese, Japanese or Korean character of the document's data, sorted, once each.

    The Latin fonts have none of them; a CJK font then follows them in the font list, and Typst
    takes each glyph from the first font that has it.
    """
    text = json.dumps(data, ensure_ascii=False)
    return "".join(sorted({c for c in text if unicodedata.east_asian_width(c) in "WF"}))


def compile_pdf(data: dict) -> bytes:
    """The PDF of `data` (see :func:`document_data`); raises PDFError if Typst fails."""
    import typst

    try:
        pdf = typst.compile(
            TEMPLATE.read_bytes(),
            format="pdf",
            root=str(TEMPLATE.parent),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False, sort_keys=True)},
            pdf_standards=PDF_STANDARDS,
            timestamp=0,  # reproducible: no build time in the file
        )
    except typst.TypstError as exc:
        raise PDFError(f"typst could not compile {TEMPLATE.name}: {exc}") from exc
    return pdf


def template_files() -> list[Path]:
    """The files a PDF depends on besides the data (a change rebuilds it)."""
    return [TEMPLATE, Path(__file__)]


def build_pdfs(
    cv: CV,
    papers: list[Paper],
    settings: Settings,
    targets: dict[str, Path],
    site_url: str = "",
    stamp_dir: Path | None = None,
    citations: str = "",
) -> list[Path]:
    """Write each ``kind -> path`` of `targets` ("cv", "publications"); return those written.

    With `stamp_dir`, a PDF whose data, template and compiler are unchanged is not compiled again.
    """
    import typst

    written = []
    for kind, target in targets.items():
        data = document_data(cv, papers, settings, kind, site_url, citations)
        text = json.dumps(data, sort_keys=True)
        digest = hashlib.sha256(text.encode())
        for path in template_files():
            digest.update(path.read_bytes())
        digest.update(str(getattr(typst, "__version__", "")).encode())
        stamp = stamp_dir / f"{target.name}.sha256" if stamp_dir else None
        if stamp and target.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
            continue
        pdf = compile_pdf(json.loads(text))
        target.parent.mkdir(parents=True, exist_ok=True)
        # Atomic: a reader (or a server) never sees half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(pdf)
        os.chmod(tmp.name, 0o644)  # readable by a web server, as the rest of the site
        os.replace(tmp.name, target)
        if stamp:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(digest.hexdigest())
        written.append(target)
    return written
