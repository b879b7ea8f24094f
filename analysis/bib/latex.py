"""LaTeX to Unicode for the few fields we display (titles, names, venues).

bibtexparser's LatexDecodingMiddleware decodes every field of every entry with pylatexenc and
costs about twenty times the parse itself. Most values hold no LaTeX at all, and those that do
mostly hold accents, escapes and a Greek letter or two, so we handle those with regular
expressions and fall back to pylatexenc only for what is left (unusual macros, real math).
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
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()
# \alpha -> α, \Gamma -> Γ, plus the \var forms titles use.


def _greek(case: str, name: str) -> str:
    return unicodedata.lookup(f"GREEK {case} LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")


_MATH = {name: _greek("SMALL", name) for name in _GREEK_NAMES}
_MATH |= {name.capitalize(): _greek("CAPITAL", name) for name in _GREEK_NAMES}
_MATH |= {"varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "ell": "ℓ", "hbar": "ħ",
          "infty": "∞", "times": "×", "to": "→", "partial": "∂", "nabla": "∇"}  # fmt: skip
# Escaped characters survive brace stripping through private-use placeholders.
_ESCAPES = {"&": "&", "%": "%", "$": "\ue002", "_": "_", "#": "#", "{": "\ue000", "}": "\ue001"}
_PLACEHOLDERS = {"\ue000": "{", "\ue001": "}", "\ue002": "$"}

# \'e  \'{e}  \v{c}  \v c  \"{\i}  (symbol accents may touch the letter; letter accents may not)
_ACCENT_RE = re.compile(
    r"\\(?:([`'^\"~=.])\s*|([uvHckrdb])(?=[\s{]))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))"
)
_LETTER_RE = re.compile(r"\\(ss|ae|AE|aa|AA|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s?")
_MATH_RE = re.compile(r"\\(" + "|".join(sorted(_MATH, key=len, reverse=True)) + r")(?![A-Za-z])")
_ESCAPE_RE = re.compile(r"\\([&%$_#{}])")
_STYLE_RE = re.compile(
    r"\\(?:emph|textit|textbf|textrm|textsc|textsf|texttt|textup|text|mathrm|mathcal|mathbf"
    r"|mathit|mathsf|mathtt|mathbb|bm|boldsymbol)\s*(?=\{)"
)
_DASH_RE = re.compile(r"-{2,3}")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = (("``", "\u201c"), ("''", "\u201d"))


def _accent(match: re.Match[str]) -> str:
    command = match.group(1) or match.group(2)
    base = match.group(3) or match.group(4)
    # An accent on a dotless \i or \j sits on the plain letter: \"\i -> ï.
    base = base.lstrip("\\")
    return unicodedata.normalize("NFC", base + _ACCENTS[command])


def _dash(match: re.Match[str]) -> str:
    return "\u2014" if len(match.group(0)) == 3 else "\u2013"


@lru_cache(maxsize=65536)
def latex_to_unicode(text: str) -> str:
    """Return `text` with accents, escapes, simple math and grouping braces as plain Unicode.

    Never raises: text that even pylatexenc cannot read keeps its words, minus the markup.
    """
    if not any(c in text for c in "\\{}~$-`'"):
        return _SPACE_RE.sub(" ", text).strip()
    out = _ACCENT_RE.sub(_accent, text)
    out = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], out)
    out = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], out)
    out = _MATH_RE.sub(lambda m: _MATH[m.group(1)], out)
    out = _STYLE_RE.sub("", out)
    if "\\" in out:
        out = _pylatexenc(out)
    # Inline math with nothing left to decode reads as its text: $O(n)$ -> O(n).
    out = out.replace("$", "").replace("{", "").replace("}", "").replace("~", " ")
    for latex, quote in _QUOTES:
        out = out.replace(latex, quote)
    out = _DASH_RE.sub(_dash, out)
    for placeholder, char in _PLACEHOLDERS.items():
        out = out.replace(placeholder, char)
    return _SPACE_RE.sub(" ", out).strip()


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text  # imported only when needed: costly

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def _pylatexenc(text: str) -> str:
    """The slow, complete decoder, for what the fast path leaves behind."""
    # Keep our placeholders out of pylatexenc's hands: it reads `$` and braces as markup.
    try:
        return _decoder().latex_to_text(text)
    except Exception:  # pylatexenc can fail on malformed input; keep the words, lose the markup
        return text.replace("\\", "")
