"""Author lists as exporters write them: split on ``and``, "Last, First" -> "First Last",
markup and markers removed, the owner recognised in every form of their name.

Exporters and hand-edited CVs wrap names in markup (``\\textbf{Zhu, W.}``, ``\\myname{..}``),
add sort keys (``{\\noopsort{araujo}}de Araujo``) and al-folio's equal-contribution markers
(``Einstein*†, A.``). None of it is part of the name: it is removed here, and a marker is
reported so the paper can record the equal contribution.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from analysis.bib.latex import latex_to_unicode
from analysis.bib.values import closing_brace

_AND_RE = re.compile(r"\s+and\s+", re.IGNORECASE)
# Macros whose argument is a sort key, never printed.
_SORT_MACROS = frozenset({"noopsort", "sortnoop", "noop", "sort"})
# Macros that are letters or accents, not markup around a name (handled by latex_to_unicode).
_LETTER_MACROS = frozenset({"ss", "ae", "AE", "aa", "AA", "oe", "OE"})
_MACRO_RE = re.compile(r"\\([A-Za-z]{2,})\s*\{")
_MARKER_MACROS = (("\\ddagger", "‡"), ("\\dagger", "†"), ("\\ddag", "‡"), ("\\dag", "†"))
# A marker with the math or braces around it: *, $^*$, ^{\dagger}, \textsuperscript{*}.
_MARKER_RE = re.compile(r"\$?\s*\^?\s*\{?\s*[*†‡]+(?:\s*,?\s*[*†‡])*\s*\}?\s*\$?")
# Braces or math left empty by the markup removed, but not the {} ending a command (Lu\'\i{}s).
_EMPTY_RE = re.compile(r"(?<![A-Za-z])\{\s*\}|\$\s*\$")
# Particles that belong to the last name however they are capitalised: "De Leeuw, J." is
# "Jan de Leeuw" (the particle is capitalised when the name starts a sentence or a list).
_PARTICLES = frozenset("de da das do dos du del della der den di la le van von ter ten zu".split())


def split_authors(value: str) -> list[str]:
    """Split a BibTeX author field on ``and`` outside braces."""
    parts, depth, start = [], 0, 0
    if "{" not in value:
        return [p.strip() for p in _AND_RE.split(value.strip()) if p.strip()]
    for match in re.finditer(r"[{}]|\s+and\s+", value, re.IGNORECASE):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def strip_markup(raw: str) -> str:
    """Remove sort keys and unwrap markup macros: ``\\textbf{Zhu, W.}`` -> ``Zhu, W.``."""
    if "\\" not in raw:
        return raw
    for macro, char in _MARKER_MACROS:
        raw = raw.replace(macro, char)
    position = 0
    while match := _MACRO_RE.search(raw, position):
        name = match.group(1)
        if name in _LETTER_MACROS:
            position = match.end()
            continue
        end = closing_brace(raw, match.end() - 1)
        end = len(raw) if end < 0 else end
        inner = "" if name in _SORT_MACROS else raw[match.end() : end]
        raw = raw[: match.start()] + inner + raw[end + 1 :]
        position = match.start()
    return _EMPTY_RE.sub("", raw)


@lru_cache(maxsize=65536)
def parse_name(raw: str) -> tuple[str, bool]:
    """(display name, whether it carried an equal-contribution marker such as ``*`` or ``†``)."""
    cleaned = strip_markup(raw)
    marked = any(c in cleaned for c in "*†‡")
    if marked:
        cleaned = _MARKER_RE.sub("", cleaned)
    parts = [p.strip() for p in _split_top_level_commas(cleaned)]
    if len(parts) == 2 and _is_wide(cleaned):
        cleaned = f"{parts[0]}{parts[1]}"  # 堀口, 翔太 -> 堀口翔太: CJK names put the family first
    elif len(parts) == 2:
        cleaned = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:
        cleaned = f"{parts[2]} {parts[0]} {parts[1]}"
    return latex_to_unicode(cleaned), marked


def display_name(raw: str) -> str:
    """``Liu, Ziming`` or ``Ziming Liu`` -> ``Ziming Liu``; ``Hou, Jr, Tom`` -> ``Tom Hou Jr``;
    ``堀口, 翔太`` -> ``堀口翔太`` (CJK names keep the family name first, without a space)."""
    return parse_name(raw)[0]


def _split_top_level_commas(raw: str) -> list[str]:
    if "{" not in raw:
        return raw.split(",")
    parts, depth, current = [], 0, []
    for char in raw:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A comparison key: accents, dots, hyphens and case ignored (``Soljačić`` == ``soljacic``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.\-~]", " ", letters).lower().split())


def _given_and_last(name: str) -> tuple[list[str], list[str]]:
    """Split a "First Last" display name into given-name keys and last-name keys.

    The last name starts at the first lower-case particle (``de Araujo``, ``van der Berg``) or is
    the final word. Initials written together (``AJM Thomson``, PubMed's form) become letters.
    """
    words = name.replace(".", ". ").split()
    if not words:
        return [], []
    if len(words) > 1 and _initials(words[-1]) and not _initials(words[0]):
        # PubMed and EndNote: "Wall WA", "Wall W. A." (last name first, no comma).
        split = next(i for i in range(len(words), 0, -1) if not _initials(words[i - 1]))
        words = words[split:] + words[:split]
    start = len(words) - 1
    for i, word in enumerate(words[:-1]):
        if i > 0 and word[:1].islower():
            start = i
            break
    given = []
    for word in words[:start]:
        letters = word.replace(".", "").replace("-", "")
        if 2 <= len(letters) <= 3 and letters.isupper() and letters.isalpha():
            given += list(letters.lower())
        else:
            given += name_key(word).split()
    last = name_key(" ".join(words[start:])).split()
    while len(given) > 1 and given[-1] in _PARTICLES:  # "J. De Leeuw": the particle is last name's
        last.insert(0, given.pop())
    return given, last


def _initials(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 3 and letters.isalpha() and letters.isupper()


def _given_match(candidate: list[str], owner: list[str]) -> bool:
    """Given names agree word by word, an initial matching any word it begins."""
    if not candidate or not owner:
        return not candidate and not owner
    for mine, theirs in zip(candidate, owner, strict=False):
        if mine != theirs and not (
            (len(mine) == 1 and theirs.startswith(mine))
            or (len(theirs) == 1 and mine.startswith(theirs))
        ):
            return False
    return True


def same_people(names: Iterable[str]) -> dict[str, str]:
    """Each display name -> the one form that stands for its person among `names`.

    Exporters write one coauthor several ways (``David F. Brailsford``, ``D. F. Brailsford``,
    ``D. Brailsford``). A name joins the fullest form whose last name is the same and whose
    given names agree as the owner's do (an initial matches any word it begins), when exactly
    one person fits: ``J. Smith`` beside both ``John Smith`` and ``Jane Smith`` stays apart.
    """
    people: dict[str, list[tuple[list[str], str]]] = {}  # last name -> (given, shown form)
    found = {}
    for name in sorted(set(names), key=lambda n: (-_fullness(n), n)):
        given, last = _given_and_last(name)
        namesakes = people.setdefault(" ".join(last), [])
        fits = [shown for their_given, shown in namesakes if _given_match(given, their_given)]
        if len(fits) == 1 and given:
            found[name] = fits[0]
        else:
            namesakes.append((given, name))
            found[name] = name
    return found


def _fullness(name: str) -> int:
    """How much of the given names is spelt out (letters beyond initials)."""
    given, _ = _given_and_last(name)
    return sum(len(word) for word in given) * 10 + len(given)


def _is_wide(name: str) -> bool:
    """True for a name written in Chinese, Japanese or Korean characters (full-width script)."""
    if name.isascii():  # most names: no need to look at each character
        return False
    letters = [c for c in name if not c.isspace() and c not in ",.・·"]
    return bool(letters) and all(unicodedata.east_asian_width(c) in "WF" for c in letters)


def _wide_orders(name: str) -> set[str]:
    """A CJK name without spaces, family name first or last: 翔太 堀口 -> {堀口翔太, 翔太堀口}.

    CJK names are written without a space (堀口翔太), so where the family name ends is unknown;
    a name matches when either order of its words gives the same characters.
    """
    words = [w for w in re.split(r"[\s,]+", name) if w]
    return {"".join(words), "".join(reversed(words))}


class OwnerMatcher:
    """Recognises the owner's name in full, by initials, with or without accents.

    ``OwnerMatcher(["Alan J. M. Thomson"])`` matches ``A. J. M. Thomson``, ``Thomson, A.~J.~M.``
    (as displayed: ``A. J. M. Thomson``), ``Alan Thomson`` and ``AJM Thomson``; each variant in
    ``portfolio_owner`` is one more way to match. A CJK name (``堀口翔太``) matches in either
    order, with or without a space (``堀口, 翔太`` is displayed ``翔太 堀口``).
    """

    def __init__(self, owner_names):
        # Written as a bib writes names or as people do: "Soljačić, Marin" or "Marin Soljačić".
        names = [display_name(n) for n in owner_names if n.strip()]
        self.variants = [_given_and_last(n) for n in names if not _is_wide(n)]
        self.last_names = {" ".join(last) for _, last in self.variants}
        self.wide_names = set().union(*(_wide_orders(n) for n in names if _is_wide(n)))
        self.cache: dict[str, bool] = {}

    def __call__(self, display: str) -> bool:
        found = self.cache.get(display)
        if found is None:
            found = self.cache[display] = self._matches(display)
        return found

    def _matches(self, display: str) -> bool:
        if self.wide_names and _is_wide(display):
            return not self.wide_names.isdisjoint(_wide_orders(display))
        if not self.variants:
            return False
        given, last = _given_and_last(display)
        if " ".join(last) not in self.last_names:
            return False
        return any(
            last == owner_last and _given_match(given, owner_given)
            for owner_given, owner_last in self.variants
        )


def shorten_authors(
    n_authors: int, owner_positions=(), limit: int = 10, head: int = 3, around: int = 1
) -> list[int | range]:
    """Which authors of a long list to show: author positions, and ranges for the ones left out.

    For ``n_authors <= limit`` every position is returned. Otherwise the first `head` authors,
    each owner position with `around` neighbours on each side, and the last author; every run
    of positions left out is one ``range`` (``len(r)`` authors), so a renderer writes e.g.
    ``Abbott, Abe, Acernese, … 412 more …, Ginsburg, … 380 more …, Zweizig``.
    """
    if n_authors <= limit:
        return list(range(n_authors))
    keep = set(range(min(head, n_authors))) | {n_authors - 1}
    for position in owner_positions:
        keep |= set(range(max(position - around, 0), min(position + around + 1, n_authors)))
    shown: list[int | range] = []
    previous = -1
    for position in sorted(keep):
        if position > previous + 1:
            shown.append(range(previous + 1, position))
        shown.append(position)
        previous = position
    return shown
