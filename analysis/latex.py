"""LaTeX to Unicode for the few fields we display (titles, names, venues).

bibtexparser's LatexDecodingMiddleware decodes every field of every entry with pylatexenc and
costs about twenty times the parse itself. Most values hold no LaTeX at all, and those that do
mostly hold accents and escapes, so we handle those with regular expressions and fall back to
pylatexenc only for what is left (math, unusual macros).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Accent command -> Unicode combining mark.
_ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "l": "ł",
    "L": "Ł", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ",
}  # fmt: skip
# Escaped characters survive brace stripping through private-use placeholders.
_ESCAPES = {"&": "&", "%": "%", "$": "$", "_": "_", "#": "#", "{": "\ue000", "}": "\ue001"}

# \'e  \'{e}  \v{c}  \v c  \"{\i}  (symbol accents may touch the letter; letter accents may not)
_ACCENT_RE = re.compile(
    r"\\(?:([`'^\"~=.])\s*|([uvHckrdb])(?=[\s{]))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))"
)
_LETTER_RE = re.compile(r"\\(ss|ae|AE|aa|AA|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s?")
_ESCAPE_RE = re.compile(r"\\([&%$_#{}])")
_STYLE_RE = re.compile(r"\\(?:emph|textit|textbf|textrm|textsc|textsf|texttt|mathrm|text)\s*(?=\{)")
_DASH_RE = re.compile(r"-{2,3}")
_SPACE_RE = re.compile(r"\s+")


def _accent(match: re.Match[str]) -> str:
    command = match.group(1) or match.group(2)
    base = match.group(3) or match.group(4)
    base = _LETTERS.get(base[1:], base) if base.startswith("\\") else base
    return unicodedata.normalize("NFC", base + _ACCENTS[command])


def _dash(match: re.Match[str]) -> str:
    return "\u2014" if len(match.group(0)) == 3 else "\u2013"


@lru_cache(maxsize=65536)
def latex_to_unicode(text: str) -> str:
    """Return `text` with accents, escapes, style macros and grouping braces turned into plain Unicode."""
    if not any(c in text for c in "\\{}~$-"):
        return _SPACE_RE.sub(" ", text).strip()
    out = _ACCENT_RE.sub(_accent, text)
    out = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], out)
    out = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], out)
    out = _STYLE_RE.sub("", out)
    if "\\" in out or "$" in out:
        out = _pylatexenc(out)
    out = out.replace("{", "").replace("}", "").replace("~", "\u00a0")
    out = _DASH_RE.sub(_dash, out)
    out = out.replace("\ue000", "{").replace("\ue001", "}")
    return _SPACE_RE.sub(" ", out).strip()


def _pylatexenc(text: str) -> str:
    """The slow, complete decoder, for what the fast path leaves behind."""
    from pylatexenc.latex2text import LatexNodes2Text  # imported only when needed: costly

    try:
        return LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text(text)
    except Exception:  # pylatexenc can fail on malformed input; keep the text rather than lose it
        return text.replace("\\", "")
