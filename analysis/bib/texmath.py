"""TeX math (the inside of ``$...$``) -> plain Unicode, and -> MathML for the page.

The plain form is read by our own small parser: it is fast (``check`` reads every title) and it
keeps every character it cannot render exactly as its TeX source. MathML comes from
``latex2mathml``, only when a page is written, with its faults worked around here.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from functools import lru_cache

_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()


def _greek(case: str, name: str) -> str:
    return unicodedata.lookup(f"GREEK {case} LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")


# Command -> the character TeX prints (also read in text mode, where titles use \alpha bare).
SYMBOLS = {name: _greek("SMALL", name) for name in _GREEK_NAMES}
SYMBOLS |= {name.capitalize(): _greek("CAPITAL", name) for name in _GREEK_NAMES}
SYMBOLS |= {
    "varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "varpi": "ϖ", "varrho": "ϱ",
    "varsigma": "ς", "ell": "ℓ", "hbar": "ℏ", "infty": "∞", "partial": "∂", "nabla": "∇",
    "ast": "*", "star": "⋆", "pm": "±", "mp": "∓", "times": "×", "cdot": "·", "div": "÷",
    "sim": "∼", "simeq": "≃", "approx": "≈", "propto": "∝", "equiv": "≡", "neq": "≠", "ne": "≠",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "ll": "≪", "gg": "≫", "lesssim": "≲",
    "gtrsim": "≳", "lsim": "≲", "gsim": "≳", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "cup": "∪", "cap": "∩", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "leftrightarrow": "↔", "Rightarrow": "⇒", "Leftrightarrow": "⇔", "mapsto": "↦",
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "odot": "⊙", "oplus": "⊕", "otimes": "⊗", "sun": "☉", "prime": "′", "dagger": "†",
    "dag": "†", "ddagger": "‡", "circ": "∘", "bullet": "•", "ldots": "…", "cdots": "⋯",
    "dots": "…", "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "forall": "∀",
    "exists": "∃", "neg": "¬", "wedge": "∧", "vee": "∨", "emptyset": "∅", "varnothing": "∅",
    "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "mid": "∣", "vert": "|", "parallel": "∥", "perp": "⊥",
    "angle": "∠", "triangle": "△", "backslash": "\\", "setminus": "⧵", "supset": "⊃",
    "supseteq": "⊇", "subsetneq": "⊊", "ni": "∋", "Leftarrow": "⇐", "uparrow": "↑",
    "downarrow": "↓", "longrightarrow": "⟶", "implies": "⟹", "iff": "⟺", "vdash": "⊢",
    "models": "⊧", "top": "⊤", "bot": "⊥", "cong": "≅", "lbrace": "{", "rbrace": "}",
    "%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", "|": "‖",
}  # fmt: skip
# Operator names print as their word.
SYMBOLS |= {
    name: name
    for name in "log ln exp sin cos tan sinh cosh tanh max min lim det dim ker Pr arg sup inf "
    "gcd deg mod".split()
}
_SPACES = {",": " ", ":": " ", ";": " ", " ": " ", "quad": " ", "qquad": " ", "!": ""}
# Accent command -> combining mark (on one letter; \overline on several marks each one).
_ACCENTS = {
    "bar": "\u0304", "overline": "\u0304", "hat": "\u0302", "widehat": "\u0302",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301",
    "grave": "\u0300", "underline": "\u0332", "mathring": "\u030a",
}  # fmt: skip
# Commands whose argument is text (spaces count) or math in another font: both print it.
_TEXT_STYLES = {"text", "mbox", "textrm", "textit", "textbf", "textsf", "texttt", "hbox"}
_MATH_STYLES = {
    "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathscr", "mathfrak",
    "boldsymbol", "bm", "operatorname", "mathnormal", "pmb", "ensuremath",
}  # fmt: skip
_SWITCHES = {
    "rm", "it", "bf", "sf", "tt", "cal", "mit", "displaystyle", "textstyle", "scriptstyle",
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "limits",
    "nolimits", "nonumber",
}  # fmt: skip
# Unicode has exact sub- and superscripts for digits and signs only (its letters are phonetic).
_SUPERSCRIPT = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")
_SUBSCRIPT = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_SCRIPTABLE = set("0123456789+-−=()")

_TOKEN_RE = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.S)
_SPACES_RE = re.compile(r" {2,}")


class _Math:
    """A recursive-descent reader of one math string, producing its plain Unicode."""

    def __init__(self, tex: str, text_decoder):
        self.tokens = _TOKEN_RE.findall(tex)
        self.pos = 0
        self.text_decoder = text_decoder  # for \text{...}: text mode, from latex.py

    def peek(self) -> str:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ""

    def skip_space(self) -> None:
        while self.peek().isspace():
            self.pos += 1

    def group_source(self) -> str:
        """The TeX source of the next argument: a braced group's inside, or one token."""
        self.skip_space()
        token = self.peek()
        if not token:
            return ""
        self.pos += 1
        if token != "{":
            return token
        end = self._closing()
        if end is None:  # unclosed: the brace stays, as written
            end = len(self.tokens)
            source = "{" + "".join(self.tokens[self.pos : end])
        else:
            source = "".join(self.tokens[self.pos : end])
        self.pos = end + 1
        return source

    def optional_source(self) -> str | None:
        """The inside of a ``[...]`` optional argument, or None."""
        if self.peek() != "[":
            return None
        end = self.tokens.index("]", self.pos) if "]" in self.tokens[self.pos :] else None
        if end is None:
            return None
        source = "".join(self.tokens[self.pos + 1 : end])
        self.pos = end + 1
        return source

    def argument(self) -> str:
        return _Math(self.group_source(), self.text_decoder).read()

    def read(self) -> str:
        out: list[str] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token in ("^", "_"):
                self.pos += 1
                self.skip_space()
                if not self.peek():
                    out.append(token)  # a script of nothing (x^): kept, as written
                    continue
                script = self.argument()
                table = _SUPERSCRIPT if token == "^" else _SUBSCRIPT
                if token == "^" and script == "∘":
                    out.append("°")
                elif script and set(script) <= _SCRIPTABLE:
                    out.append(script.translate(table))
                else:
                    out.append(script)
                continue
            out.append(self.atom())
        return _squeeze("".join(out))

    def atom(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        if token.isspace():
            return ""  # TeX ignores spaces in math
        if token == "{":
            if self._closing() is None:
                return token  # never closed: the brace stays, as written
            self.pos -= 1
            return _Math(self.group_source(), self.text_decoder).read()
        if token == "~":
            return " "
        if not token.startswith("\\") or len(token) == 1:
            return token
        name = token[1:]
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in _SPACES:
            return _SPACES[name]
        if name in _SWITCHES:
            return "" if self.peek() != "." else self._skip_dot()
        if name in _ACCENTS:
            return _accent(self.argument(), _ACCENTS[name])
        if name in _TEXT_STYLES:
            return self.text_decoder(self.group_source())
        if name in _MATH_STYLES:
            return self.argument()
        if name == "mathbb":
            return "".join(_double_struck(c) for c in self.argument())
        if name == "sqrt":
            index = self.optional_source()
            root = self.argument()
            prefix = _Math(index, self.text_decoder).read().translate(_SUPERSCRIPT) if index else ""
            return f"{prefix}√{root}" if len(root) <= 1 else f"{prefix}√({root})"
        if name in ("frac", "dfrac", "tfrac"):
            top, bottom = self.argument(), self.argument()
            return f"{_parenthesised(top)}/{_parenthesised(bottom)}"
        return token  # unknown: its TeX source stays, nothing is dropped

    def _closing(self) -> int | None:
        """Index of the token closing the group whose inside starts here, or None."""
        depth = 1
        for index in range(self.pos, len(self.tokens)):
            depth += (self.tokens[index] == "{") - (self.tokens[index] == "}")
            if depth == 0:
                return index
        return None

    def _skip_dot(self) -> str:
        self.pos += 1  # \left. and \right. print nothing
        return ""


def _squeeze(text: str) -> str:
    return _SPACES_RE.sub(" ", text)


def _accent(base: str, mark: str) -> str:
    if not base:
        return ""
    if len(base) == 1 or mark not in ("\u0304",):
        return unicodedata.normalize("NFC", base + mark)
    return "".join(c + "\u0305" for c in base)  # an overline over several letters


def _parenthesised(text: str) -> str:
    return text if len(text) <= 1 or text.isalnum() else f"({text})"


def _double_struck(char: str) -> str:
    """ℝ for R, 𝔼 for E, 𝟙 for 1; the character itself when Unicode has no such letter."""
    name = unicodedata.name(char, "").replace("LATIN ", "").replace(" LETTER", "")
    for prefix in ("DOUBLE-STRUCK", "MATHEMATICAL DOUBLE-STRUCK"):
        try:
            return unicodedata.lookup(f"{prefix} {name}")
        except KeyError:
            continue
    return char


def math_to_unicode(tex: str, text_decoder=lambda text: text) -> str:
    """The plain Unicode of TeX math: ``K^\\ast\\mu^+`` -> ``K*μ⁺``; unknown macros kept."""
    return _Math(tex, text_decoder).read().strip()


# --- MathML ---------------------------------------------------------------------------------

# latex2mathml copies text (\text{...}) and "&" into its output unescaped, so `<b>` in a title
# would become markup: these characters travel as private-use placeholders and come back as
# entities. (Upstream: roniemartinez/latex2mathml#45 escaped < and >; reverted in #46. The other
# fix-ups in math_to_mathml have no upstream issue that we found.)
_UNSAFE = {"&": "\ue010", "<": "\ue011", ">": "\ue012", '"': "\ue013"}
_ENTITIES = {"\ue010": "&amp;", "\ue011": "&lt;", "\ue012": "&gt;", "\ue013": "&quot;"}
_NUMERIC_REF_RE = re.compile(r"&#x([0-9A-Fa-f]+);")
_OVERLINE = '<mo stretchy="true" accent="true">‾</mo>'
_UNDERLINE = '<mo stretchy="true" accent="true">‾</mo>'
_ENSUREMATH_RE = re.compile(r"\\ensuremath(?![A-Za-z])")
_SUN_RE = re.compile(r"\\sun(?![A-Za-z])")
_UNKNOWN_RE = re.compile(r"<mi>\\([A-Za-z]+)</mi>")
_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
_ELEMENTS = set(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mover munder munderover mfrac msqrt "
    "mroot mstyle mpadded mphantom menclose mtable mtr mtd mmultiscripts mprescripts none "
    "semantics annotation merror".split()
)
_ATTRIBUTES = set(
    "xmlns display mathvariant stretchy accent accentunder fence form width height depth lspace "
    "rspace displaystyle scriptlevel columnalign rowspacing columnspacing separator "
    "linethickness notation movablelimits largeop symmetric minsize maxsize alttext "
    "columnlines rowlines frame framespacing voffset mathsize".split()
)


def _literal(match: re.Match[str]) -> str:
    # Characters, not entities: Sphinx's search indexes raw HTML with its tags stripped, and
    # `&#x003B1;` would be indexed as the word "x003B1" where `α` is the letter.
    char = chr(int(match.group(1), 16))
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}.get(char, char)


@lru_cache(maxsize=4096)
def math_to_mathml(tex: str, plain: str) -> str | None:
    """Inline MathML for TeX math (``plain`` becomes its alttext), or None when it cannot be read.

    The caller shows ``plain`` instead of None: a malformed formula never breaks a page.
    """
    from latex2mathml.converter import convert  # costly import: only when a page is written

    # AASTeX's \sun is the Sun's symbol ☉ (M_\sun, a solar mass); latex2mathml has unicode-math's
    # ☼ (white sun with rays).
    source = _SUN_RE.sub("☉", tex)
    source = _ENSUREMATH_RE.sub("", source)  # in math already: latex2mathml does not know it
    for char, placeholder in _UNSAFE.items():
        source = source.replace(char, placeholder)
    try:
        mathml = convert(source)
    except Exception:  # latex2mathml raises many kinds on malformed input (x^, {, \left( ...)
        return None
    mathml = _NUMERIC_REF_RE.sub(_literal, mathml)
    # \sim comes out as an ASCII tilde identifier (upstream fault); it is the relation ∼.
    mathml = mathml.replace("<mi>~</mi>", "<mo>∼</mo>")
    # < and > travel as placeholders (above), which latex2mathml takes for identifiers.
    mathml = mathml.replace("<mi>\ue011</mi>", "<mo>\ue011</mo>")
    mathml = mathml.replace("<mi>\ue012</mi>", "<mo>\ue012</mo>")
    # \overline and \underline use U+2015 HORIZONTAL BAR, which no math font stretches over the
    # base; U+203E OVERLINE is the stretchy one in MathML's operator dictionary.
    mathml = mathml.replace('<mo accent="true">―</mo></mover>', _OVERLINE + "</mover>")
    mathml = mathml.replace('<mo accent="true">―</mo></munder>', _UNDERLINE + "</munder>")
    # \hat's accent is an ASCII caret: U+02C6 is the circumflex accent (no bare ^ in a title).
    mathml = mathml.replace("<mo>^</mo></mover>", "<mo>ˆ</mo></mover>")
    for placeholder, entity in _ENTITIES.items():
        mathml = mathml.replace(placeholder, entity)
    # Commands latex2mathml does not know arrive as <mi>\name</mi>; ours print as their symbol.
    mathml = _UNKNOWN_RE.sub(
        lambda m: f"<mi>{SYMBOLS[m.group(1)]}</mi>" if m.group(1) in SYMBOLS else m.group(0),
        mathml,
    )
    alttext = plain.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    mathml = mathml.replace('display="inline"', f'display="inline" alttext="{alttext}"', 1)
    return mathml if _is_safe(mathml) else None


def _is_safe(mathml: str) -> bool:
    """Well-formed MathML made only of MathML elements and presentation attributes."""
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return False
    for element in root.iter():
        if element.tag.removeprefix(_MATHML_NS) not in _ELEMENTS:
            return False
        if not set(element.attrib) <= _ATTRIBUTES:
            return False
    return True
