"""LaTeX in the fields we display (titles, names, venues) -> plain Unicode, and titles -> HTML.

A field is read as TeX reads it: text mode, with math between ``$...$``, ``$$...$$``, ``\\(...\\)``,
``\\[...\\]`` or in ``\\ensuremath{...}``. Text mode decodes to Unicode where the result is exact
(accents, escapes, dashes, quotes, font and box commands); math is read by ``texmath``. A command
we cannot render exactly stays as its TeX source: nothing is ever dropped silently. Sub- and
superscripts written outside math (``H_2CO``, ``^12CO``, ``km s^-1``) are read as math too.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from analysis.bib.texmath import SYMBOLS, math_to_mathml, math_to_unicode
from analysis.bib.values import closing_brace

# Accent command -> Unicode combining mark.
_ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
    "polhk": "\u0328",  # MathSciNet's Polish hook (ogonek)
}  # fmt: skip
# An accent on nothing (\'{}) prints the accent itself.
_SPACING_ACCENTS = {
    "`": "`", "'": "´", "^": "^", '"': "¨", "~": "~", "=": "¯", ".": "˙", "u": "˘", "v": "ˇ",
    "H": "˝", "c": "¸", "k": "˛", "r": "˚", "d": ".", "b": "_", "t": "͡", "polhk": "˛",
}  # fmt: skip
# Text-mode commands -> what TeX prints.
_TEXT_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "l": "ł",
    "L": "Ł", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ", "ldots": "…", "dots": "…",
    "textellipsis": "…", "textendash": "–", "textemdash": "—", "textquoteleft": "‘",
    "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”", "LaTeX": "LaTeX",
    "TeX": "TeX", "BibTeX": "BibTeX", "copyright": "©", "textregistered": "®",
    "texttrademark": "™", "textdegree": "°", "S": "§", "P": "¶", "dag": "†", "ddag": "‡",
    "textbackslash": "\\", "textdollar": "$", "textasciitilde": "~", "textasciicircum": "^",
    "textunderscore": "_", "textless": "<", "textgreater": ">", "textbar": "|",
    "textbullet": "•", "textperiodcentered": "·", "\\": " ", " ": " ", ",": " ", "-": "",
    "/": "", "@": "", "slash": "/", "thinspace": "\u2009", "textmu": "µ", "textohm": "Ω",
    "textpm": "±", "texttimes": "×", "textdiv": "÷", "textminus": "−", "textcelsius": "℃",
    "textperthousand": "‰", "textordfeminine": "ª", "textordmasculine": "º",
    "textquotesingle": "'", "textasciigrave": "`", "textsection": "§", "textparagraph": "¶",
    # biblatex's punctuation commands
    "hyphen": "-",
    # MathSciNet's transliteration of Cyrillic soft and hard signs (\def\cprime{$'$}).
    "cprime": "ʹ", "cdprime": "ʺ", "dbar": "đ", "Dbar": "Đ",
    # The logos of the TeX world (TUGboat, Beebe's bibliographies), by the names they print.
    "LaTeXe": "LaTeX2ε", "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "AmS": "AMS", "AMS": "AMS",
    "MF": "METAFONT", "MP": "MetaPost", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "ConTeXt": "ConTeXt", "eTeX": "ε-TeX",
    "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "PiCTeX": "PiCTeX", "TikZ": "TikZ",
    "SliTeX": "SliTeX", "AmSLaTeX": "AMS-LaTeX", "BibLaTeX": "BibLaTeX",
}  # fmt: skip
# Commands that print their one argument as it is (their font or box is not kept).
_WRAPPERS = {
    "textbf", "textit", "emph", "textrm", "textsc", "textsf", "texttt", "textup", "textsl",
    "textmd", "textnormal", "mbox", "hbox", "text", "NoCaseChange", "uline", "underline",
    "mkbibemph", "mkbibitalic", "mkbibbold",
}  # fmt: skip
# Font switches and no-ops: they print nothing.
_SWITCHES = {
    "em", "it", "bf", "rm", "sc", "sf", "tt", "sl", "up", "md", "normalfont", "itshape",
    "bfseries", "upshape", "scshape", "slshape", "mdseries", "rmfamily", "sffamily",
    "ttfamily", "relax", "protect", "xspace", "small", "large", "Large", "footnotesize",
    "normalsize", "boldmath", "unboldmath",
}  # fmt: skip
# In this order: "---" before "--" (str.replace in _simple_parts).
_TEXT_TOKENS = {"~": " ", "---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d"}
_CLOSERS = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}

_TOKEN_RE = re.compile(
    r"\\(?:[A-Za-z]+|.)|\$\$|[{}$^_~]|---|--|``|''|\s+|[^\\{}$^_~\-`'\s]+|.", re.S
)
# What a bare ^ or _ in text raises or lowers: {...}, a signed number, a sign, or one letter.
_BARE_SCRIPT_RE = re.compile(r"\{[^{}]*\}|[+\-−]?\d+[+\-]?|[+\-−*]|[A-Za-z](?![A-Za-z])")
_KEPT_WORD_END_RE = re.compile(r"\\[A-Za-z]+$")  # a command kept as source ends the text
_INLINE_MATH_RE = re.compile(r"\$((?:[^$\\]|\\.)+)\$")
_CARET_RE = re.compile(r"\{\\\^\{\}\}|\\\^\{\}")
_BACKSLASH_RE = re.compile(r"\{\\textbackslash\}(?=[A-Za-z])|\\textbackslash\{\}(?=[A-Za-z])")
_DOLLAR_RE = re.compile(r"\{\\textdollar\}|\\textdollar\{\}")
_BRACE_RE = re.compile(r"[{}]")
_SPACE_RE = re.compile(r"\s+")
_MARKUP = ("\\", "{", "}", "~", "$", "-", "`", "'", "^", "_")  # a text without them is plain

Part = tuple[str, str]  # ("text", unicode) or ("math", TeX source)


class _Text:
    """A reader of text-mode TeX, producing text and math parts."""

    def __init__(self, source: str):
        self.source = source
        self.pos = 0
        self.parts: list[Part] = []

    def emit(self, kind: str, value: str) -> None:
        if value:
            self.parts.append((kind, value))

    def next_token(self) -> str:
        match = _TOKEN_RE.match(self.source, self.pos)
        self.pos = match.end()
        return match.group()

    def skip_space(self) -> None:
        while self.pos < len(self.source) and self.source[self.pos].isspace():
            self.pos += 1

    def argument(self) -> str | None:
        """The source of the next argument: a braced group's inside, a command or one character."""
        self.skip_space()
        if self.pos >= len(self.source):
            return None
        if self.source[self.pos] == "{":
            end = closing_brace(self.source, self.pos)
            if end < 0:
                return None
            inside = self.source[self.pos + 1 : end]
            self.pos = end + 1
            return inside
        if self.source[self.pos] == "\\":
            return self.next_token()
        self.pos += 1
        return self.source[self.pos - 1]

    def read(self) -> list[Part]:
        while self.pos < len(self.source):
            start = self.pos
            token = self.next_token()
            if token in _CLOSERS:
                self.math(token)
            elif token.startswith("\\") and len(token) > 1:
                self.command(token, start)
            elif token == "{":
                end = closing_brace(self.source, self.pos - 1)
                if end < 0:
                    self.emit("text", token)  # unbalanced: the brace stays, as written
                else:
                    inner = _Text(self.source[self.pos : end]).read()
                    self.pos = end + 1
                    if (
                        inner
                        and inner[-1][0] == "text"
                        and _KEPT_WORD_END_RE.search(inner[-1][1])
                        and self.source[self.pos : self.pos + 1].isalpha()
                    ):  # {\Dash}the kept as \Dashthe would name another command
                        inner[-1] = ("text", inner[-1][1] + "{}")
                    self.parts += inner
            elif token in ("^", "_"):
                self.bare_script(token)
            else:
                self.emit("text", _TEXT_TOKENS.get(token, token))
        return self.parts

    def math(self, opener: str) -> None:
        closer = _CLOSERS[opener]
        pos = self.pos
        while pos < len(self.source):
            match = _TOKEN_RE.match(self.source, pos)
            if match.group() == closer:
                self.emit("math", self.source[self.pos : pos])
                self.pos = match.end()
                return
            pos = match.end()
        self.emit("text", opener)  # never closed: the delimiter is text, as written

    def bare_script(self, token: str) -> None:
        match = _BARE_SCRIPT_RE.match(self.source, self.pos)
        if match is None:
            self.emit("text", token)
            return
        self.pos = match.end()
        self.emit("math", f"{{}}{token}{{{match.group().strip('{}')}}}")

    def command(self, token: str, start: int) -> None:
        name = token[1:]
        if name.isalpha() and name not in SYMBOLS:
            self.skip_space()  # TeX: a control word ends at the first space, which it eats
        if name in _ACCENTS:
            self.accent(name, start)
        elif name in _TEXT_SYMBOLS:
            self.emit("text", _TEXT_SYMBOLS[name])
        elif name in SYMBOLS:  # \alpha, \& written in text
            self.emit("text", SYMBOLS[name])
        elif name in _SWITCHES:
            pass
        elif name in _WRAPPERS:
            self.wrapped(lambda inside: _Text(inside).read(), start)
        elif name in ("enquote", "mkbibquote", "textquote"):  # csquotes, biblatex
            self.wrapped(self._quoted, start)
        elif name == "url":
            self.wrapped(lambda inside: [("text", inside)], start)
        elif name == "noopsort":
            self.wrapped(lambda inside: [], start)  # a sort key: TeX prints nothing
        elif name == "ensuremath":
            self.wrapped(lambda inside: [("math", inside)], start)
        elif name in ("textsuperscript", "textsubscript"):
            mark = "^" if name == "textsuperscript" else "_"
            self.wrapped(lambda inside: [("math", f"{{}}{mark}{{\\text{{{inside}}}}}")], start)
        else:
            self.unknown(start)

    @staticmethod
    def _quoted(inside: str) -> list[Part]:
        return [("text", "“"), *_Text(inside).read(), ("text", "”")]

    def wrapped(self, read, start: int) -> None:
        inside = self.argument()
        if inside is None:
            self.unknown(start)
        else:
            self.parts += read(inside)

    def accent(self, name: str, start: int) -> None:
        base = self.argument()
        letter = (base or "").strip("{}").strip()
        if letter in ("\\i", "\\j"):
            letter = letter[1]
        if base is not None and not base.strip():
            self.emit("text", _SPACING_ACCENTS[name])  # \'{} prints the accent alone
            return
        if len(letter) != 1 or not letter.isalpha():
            self.unknown(start)  # an accent on nothing, or on what we cannot compose
            return
        self.emit("text", unicodedata.normalize("NFC", letter + _ACCENTS[name]))

    def unknown(self, start: int) -> None:
        """Keep a command we cannot render as its source, with the braced groups that follow."""
        self.pos = max(self.pos, start + len(_TOKEN_RE.match(self.source, start).group()))
        while self.pos < len(self.source) and self.source[self.pos] == "{":
            end = closing_brace(self.source, self.pos)
            if end < 0:
                break
            self.pos = end + 1
        self.emit("text", self.source[start : self.pos])


@lru_cache(maxsize=65536)
def title_parts(text: str) -> tuple[Part, ...]:
    """`text` as text and math parts, text decoded, whitespace collapsed, ends stripped."""
    merged: list[list[str]] = []
    for kind, value in _parts(text):
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1][1] += value
        else:
            merged.append([kind, value])
    parts = [(kind, _SPACE_RE.sub(" ", v) if kind == "text" else v) for kind, v in merged]
    if parts and parts[0][0] == "text":
        parts[0] = ("text", parts[0][1].lstrip())
    if parts and parts[-1][0] == "text":
        parts[-1] = ("text", parts[-1][1].rstrip())
    return tuple(part for part in parts if part[1])


def _parts(text: str) -> list[Part]:
    text = _join_split_math(text)
    return _simple_parts(text) or _Text(_unescape(text)).read()


_DOLLAR_SIGN_RE = re.compile(r"(?<!\\)\$")
_MATH_COMMAND_RE = re.compile(r"\s*\\([A-Za-z]+)\s*")


def _join_split_math(text: str) -> str:
    """One formula written as several, joined: ``${B}^{+}$\\rightarrow${}{K}^{+}{$\\ell${}}^{+}$``.

    INSPIRE's exporter closes the math before each math command and reopens it after, even inside a
    brace group, so neither the pieces nor the text between them read alone. When the only
    thing between two formulas is one math command, the two are one formula.
    """
    if text.count("$") < 4 or "$$" in text:
        return text
    signs = [m.start() for m in _DOLLAR_SIGN_RE.finditer(text)]
    if len(signs) % 2:
        return text
    joined = set()
    for closing, opening in zip(signs[1:-1:2], signs[2::2], strict=True):
        gap = _MATH_COMMAND_RE.fullmatch(text, closing + 1, opening)
        if gap and gap.group(1) in SYMBOLS and gap.group(1) not in _TEXT_SYMBOLS:
            joined |= {closing, opening}
    if not joined:
        return text
    return "".join(" " if i in joined else char for i, char in enumerate(text))


def _unescape(text: str) -> str:
    """Undo the escaping of TeX that exporters wrote as text.

    ``{\\^{}}`` (a circumflex alone) stands for ^, so AC{\\^{}}0 reads as AC^0 (a superscript).
    DBLP escapes the TeX of a title as text: ``{\\textdollar}{\\textbackslash}mathrm\\{AC\\}``
    is ``$\\mathrm{AC}$``; a title with an escaped backslash before a command name, or with
    escaped dollars in pairs, is read as the TeX it escapes.
    """
    text = _CARET_RE.sub("^", text)
    dollars = len(_DOLLAR_RE.findall(text))
    if _BACKSLASH_RE.search(text) or (dollars and dollars % 2 == 0):
        text = _BACKSLASH_RE.sub(r"\\", text)
        text = _DOLLAR_RE.sub("$", text) if dollars % 2 == 0 else text
        text = text.replace("\\{", "{").replace("\\}", "}")
    return text


def _simple_parts(text: str) -> list[Part] | None:
    """The parts of a text whose only markup is braces, dashes, quotes, ties and inline math
    (most titles), read with string methods; None for anything else (_Text reads it).

    ``check`` reads every title: this path keeps it within its time budget (benchmarks/loader).
    """
    pieces = _INLINE_MATH_RE.split(text)  # text, math, text, math, ..., text
    texts = "".join(pieces[::2])
    if "\\" in texts or "$" in texts or "^" in texts or "_" in texts:
        return None
    depth = 0
    for brace in _BRACE_RE.findall(texts):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return None
    if depth:
        return None
    parts: list[Part] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(("math", piece))
            continue
        for tex, char in _TEXT_TOKENS.items():  # before the braces go: {-}- is two hyphens
            piece = piece.replace(tex, char)
        piece = piece.replace("{", "").replace("}", "")
        parts.append(("text", piece))
    return parts


@lru_cache(maxsize=65536)
def _math_plain(tex: str) -> str:
    return math_to_unicode(tex, text_decoder=_text_plain)


def _text_plain(text: str) -> str:
    """Plain Unicode of text mode inside math (``\\text{...}``): spaces kept as written."""
    return "".join(v if k == "text" else _math_plain(v) for k, v in _Text(text).read())


@lru_cache(maxsize=65536)
def latex_to_unicode(text: str) -> str:
    """Return `text` with accents, escapes, math and grouping braces as plain Unicode.

    Never raises; what cannot be rendered exactly stays as its TeX source.
    """
    if not any(c in text for c in _MARKUP):
        return _SPACE_RE.sub(" ", text).strip()
    plain = "".join(v if k == "text" else _math_plain(v) for k, v in _parts(text))
    return _SPACE_RE.sub(" ", plain).strip()


def math_html(tex: str) -> str:
    """Inline MathML for TeX math, or its plain Unicode (escaped) when it cannot be converted."""
    plain = _math_plain(tex)
    return math_to_mathml(tex, plain) or html.escape(plain, quote=False)


@lru_cache(maxsize=4096)
def title_html(text: str) -> str:
    """Safe HTML (element content) for a title: its text escaped, its math as MathML."""
    return "".join(
        html.escape(v, quote=False) if k == "text" else math_html(v) for k, v in title_parts(text)
    )
