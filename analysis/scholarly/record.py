"""A work as the sources describe it, and the BibTeX entry it becomes in the book's file.

Every source module (doi, arxiv, orcid, openalex, dblp) turns its answer into a :class:`Work`;
:func:`entry_fields` and :func:`new_key` turn a Work into an entry in the style of the file it
joins: its field order, its key style. Text from the network is data: markup (Crossref's JATS
and HTML tags) becomes its LaTeX form or plain text, and BibTeX's special characters are escaped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# The order a field takes when the file gives no example of it.
DEFAULT_ORDER = (
    "title", "author", "journal", "booktitle", "publisher", "school", "institution", "year",
    "month", "volume", "number", "pages", "doi", "eprint", "archiveprefix", "primaryclass", "url",
)  # fmt: skip
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class Work:
    """One work of the scholarly record, source-neutral; text values are already BibTeX-safe."""

    title: str
    authors: list[str] = field(default_factory=list)  # "Family, Given", BibTeX-safe
    year: str = ""
    month: str = ""  # jan..dec
    entry_type: str = "article"  # article, inproceedings, incollection, book, phdthesis, misc
    venue: str = ""  # journal or booktitle, by entry_type
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv: str = ""  # arXiv id without version
    url: str = ""
    source: str = ""  # where it came from, for messages: "doi.org", "the arXiv API", ...
    published_as: str = ""  # for an arXiv preprint: the DOI of its published version
    journal_ref: str = ""  # arXiv's journal reference, when it has no DOI
    extra: dict[str, str] = field(default_factory=dict)  # source-specific ids (openalex)

    @property
    def is_preprint(self) -> bool:
        return bool(self.arxiv) and (not self.venue or self.venue.lower().startswith("arxiv"))


def entry_fields(work: Work, order: list[str]) -> list[tuple[str, str]]:
    """The Work's fields as (name, value) in the file's order (`order`), unknown ones last."""
    venue_field = {"inproceedings": "booktitle", "incollection": "booktitle"}.get(
        work.entry_type, "journal"
    )
    if work.entry_type in ("phdthesis", "mastersthesis"):
        venue_field = "school"
    values = {
        "title": work.title,
        "author": " and ".join(work.authors),
        venue_field: work.venue,
        "publisher": work.publisher if work.entry_type in ("book", "incollection") else "",
        "year": work.year,
        "month": work.month,
        "volume": work.volume,
        "number": work.number,
        "pages": work.pages,
        "doi": work.doi,
        "eprint": work.arxiv,
        "archiveprefix": "arXiv" if work.arxiv else "",
        "url": work.url
        or (f"https://doi.org/{work.doi}" if work.doi else "")
        or (f"https://arxiv.org/abs/{work.arxiv}" if work.arxiv else ""),
    }
    if work.entry_type == "misc" and work.venue:
        values.pop(venue_field)
        values["howpublished"] = work.venue
    ranked: dict[str, float] = {name: i for i, name in enumerate(order)}
    for i, name in enumerate(DEFAULT_ORDER):  # a field the file lacks: after its usual forerunner
        if name not in ranked:
            before = [ranked[n] for n in DEFAULT_ORDER[:i] if n in ranked]
            ranked[name] = (before[-1] if before else -1) + 0.5
    present = [(name, value) for name, value in values.items() if value]
    return sorted(present, key=lambda nv: ranked.get(nv[0], len(ranked)))


def field_order(entries: list[list[str]]) -> list[str]:
    """The file's field order: names ranked by their mean relative place in its entries."""
    places: dict[str, list[float]] = {}
    for names in entries:
        for i, name in enumerate(names):
            places.setdefault(name.lower(), []).append(i / max(1, len(names) - 1))
    return sorted(places, key=lambda n: sum(places[n]) / len(places[n]))


# --- keys ---------------------------------------------------------------------------------------

_STOP_WORDS = {"a", "an", "the", "on", "of", "in", "do", "does", "is", "are", "to", "for", "and"}
KEY_STYLES = {
    # name: (pattern recognising it, template)
    "scholar": re.compile(r"^[a-z]+\d{4}[a-z]+$"),  # liu2024kan (Google Scholar, arXiv)
    "name_year": re.compile(r"^[A-Za-z]+\d{4}[a-z]?$"),  # Liu2024, liu2024b
    "name_colon_year": re.compile(r"^[A-Za-z]+:\d{4}[a-z]*$"),  # Liu:2024, Liu:2024kan
    "name_year_word": re.compile(r"^[a-z]+_\d{4}_[a-z]+$"),  # liu_2024_kan
}


def key_style(keys: list[str]) -> str:
    """The style most of the file's keys follow (Google Scholar's when none does)."""
    counts = Counter(
        next((name for name, rx in KEY_STYLES.items() if rx.match(key)), "") for key in keys
    )
    counts.pop("", None)
    if not counts:
        return "scholar"
    style, _ = counts.most_common(1)[0]
    if style == "name_year":  # Liu2024 or liu2024: follow the file's case
        upper = sum(1 for k in keys if KEY_STYLES["name_year"].match(k) and k[0].isupper())
        return "Name_year" if upper * 2 >= counts[style] else "name_year"
    return style


def new_key(work: Work, style: str, taken: set[str]) -> str:
    """A key for `work` in `style`, made unique against `taken` (case-insensitive) by a, b, c."""
    family = _ascii_word(_family(work.authors[0]) if work.authors else "anon") or "anon"
    word = _first_title_word(work.title)
    year = work.year or "nd"
    base = {
        "scholar": f"{family}{year}{word}",
        "name_year": f"{family}{year}",
        "Name_year": f"{family.capitalize()}{year}",
        "name_colon_year": f"{family.capitalize()}:{year}{word}",
        "name_year_word": f"{family}_{year}_{word}",
    }.get(style, f"{family}{year}{word}")
    lowered = {k.lower() for k in taken}
    key, suffix = base, iter("bcdefghijklmnopqrstuvwxyz")
    while key.lower() in lowered:
        key = base + next(suffix)
    return key


def _family(author: str) -> str:
    return author.split(",")[0] if "," in author else (author.split() or [""])[-1]


def _ascii_word(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+|[{}\\'\"`^~]", "", text)  # TeX accents: Solja{\v{c}}i{\'c}
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


def _first_title_word(title: str) -> str:
    words = [_ascii_word(w) for w in re.split(r"[\s:\-–—/]+", title)]
    words = [w for w in words if w]
    for word in words:
        if word not in _STOP_WORDS:
            return word
    return words[0] if words else ""


# --- text from the network ----------------------------------------------------------------------

_MARKUP = {  # JATS and HTML inline tags -> LaTeX
    "sup": "\\textsuperscript{%s}",
    "sub": "\\textsubscript{%s}",
    "i": "\\textit{%s}",
    "italic": "\\textit{%s}",
    "em": "\\emph{%s}",
    "b": "\\textbf{%s}",
    "bold": "\\textbf{%s}",
    "strong": "\\textbf{%s}",
    "sc": "\\textsc{%s}",
    "scp": "\\textsc{%s}",
}
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^>]*?(/?)>")
_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_ESCAPED = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def plain_to_bibtex(text: str) -> str:
    """Plain text (entities decoded) as a BibTeX value: special characters escaped, spaces tidy."""
    text = " ".join(html.unescape(text).split())
    return _BIBTEX_SPECIAL.sub(lambda m: _ESCAPED.get(m.group(1), "\\" + m.group(1)), text)


def markup_to_bibtex(text: str) -> str:
    """A title with JATS/HTML tags (Crossref's ``<sup>1</sup>``, ``<i>``, ``<jats:italic>``) as
    BibTeX: known inline tags become LaTeX commands, other tags are dropped, text is escaped."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # open tag -> where its content starts in out
    position = 0
    for match in _TAG.finditer(text):
        out.append(plain_to_bibtex_keep_space(text[position : match.start()]))
        position = match.end()
        closing, name, selfclosing = (
            match.group(1),
            match.group(2).split(":")[-1].lower(),
            match.group(3),
        )
        if selfclosing:
            continue
        if not closing:
            stack.append((name, len(out)))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                _, start = stack[depth]
                del stack[depth:]
                inner = "".join(out[start:]).strip()
                del out[start:]
                template = _MARKUP.get(name)
                out.append(template % inner if template and inner else inner)
                break
    out.append(plain_to_bibtex_keep_space(text[position:]))
    return " ".join("".join(out).split())


def plain_to_bibtex_keep_space(text: str) -> str:
    text = html.unescape(text)
    return _BIBTEX_SPECIAL.sub(lambda m: _ESCAPED.get(m.group(1), "\\" + m.group(1)), text)


def tex_to_bibtex(text: str) -> str:
    """A value already in TeX (arXiv titles, DBLP): spaces tidied, unbalanced braces escaped."""
    text = " ".join(text.split())
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:  # unbalanced: the value would break the file, so escape every brace
        text = re.sub(r"(?<!\\)([{}])", r"\\\1", text)
    return text


def person(family: str, given: str = "", markup: bool = False) -> str:
    """``Family, Given`` as a BibTeX name (escaped)."""
    convert = markup_to_bibtex if markup else plain_to_bibtex
    family, given = convert(family or ""), convert(given or "")
    if " and " in f" {family} " or " and " in f" {given} ":  # a name must not split the list
        family, given = family.replace(" and ", " {and} "), given.replace(" and ", " {and} ")
    if family and given:
        return f"{family}, {given}"
    return family or given


_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la"}


def person_from_full(full: str) -> str:
    """``B. Scott Gaudi`` -> ``Gaudi, B. Scott``; particles stay with the family name
    (``Ludwig van der Waals`` -> ``van der Waals, Ludwig``)."""
    words = full.split()
    if len(words) < 2:
        return plain_to_bibtex(full)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return person(" ".join(words[start:]), " ".join(words[:start]))


def month_name(number) -> str:
    try:
        return MONTH_NAMES[int(number) - 1]
    except (TypeError, ValueError, IndexError):
        return ""


# --- the file a work joins ----------------------------------------------------------------------

_ENTRY_HEAD = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.M)
_FIELD_NAME = re.compile(r"^[ \t]+([A-Za-z][\w-]*)[ \t]*=", re.M)


@dataclass
class Conventions:
    """How a .bib file writes its entries: its keys, their style, and its field order."""

    keys: set[str]
    key_style: str
    order: list[str]

    @classmethod
    def of(cls, text: str) -> Conventions:
        heads = [m for m in _ENTRY_HEAD.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
        keys = [m.group(2) for m in heads]
        bodies = [
            text[m.end() : (heads[i + 1].start() if i + 1 < len(heads) else len(text))]
            for i, m in enumerate(heads)
        ]
        order = field_order([_FIELD_NAME.findall(body) for body in bodies])
        return cls(set(keys), key_style(keys), order)

    def entry(self, work: Work) -> tuple[str, str]:
        """(key, BibTeX text) of `work` in this file's key style; the key is then taken."""
        key = new_key(work, self.key_style, self.keys)
        self.keys.add(key)
        fields = entry_fields(work, self.order)
        lines = [f"@{work.entry_type}{{{key},"] + [f"  {n} = {{{v}}}," for n, v in fields]
        return key, "\n".join(lines + ["}"]) + "\n"


_NOT_ENTRIES = {"string", "comment", "preamble"}
