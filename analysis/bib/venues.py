"""Venue normalisation: raw venue strings -> (venue, venue type, honours), and the spellings of
one venue in a bibliography made one venue (:func:`group`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from analysis.bib.disjoint import DisjointSets
from analysis.bib.model import VENUE_TYPES
from analysis.bib.venuenames import (
    journal_abbreviation,
    journal_key,
    name_key,
    names_series,
    parse_venue,
)
from analysis.safeinput import BoundedSafeLoader, read_regular_file

# Honours written into a venue string: "NeurIPS (Oral)", "Phys. Rev. Lett. (Editor's suggestion)".
_HONOR_RE = re.compile(
    r"\(\s*(oral|spotlight|editors?['’]?s?\s+suggestion|best paper[^)]*)\s*\)", re.I
)
HONOR_NAMES = {"oral": "Oral", "spotlight": "Spotlight", "editor": "Editor's Suggestion"}
_ARXIV_IN_VENUE = re.compile(r"arxiv[:\s]*(?:preprint\s+arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)
# The venue type an entry type implies when no rule knows the venue (BibTeX and biblatex types).
ENTRY_TYPE_VENUES = {
    "article": "journal",
    "periodical": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "book": "book",
    "inbook": "book",
    "incollection": "book",
    "collection": "book",
    "booklet": "book",
    "techreport": "report",
    "report": "report",
}
# Labels for an entry with no venue at all, by its venue type.
TYPE_LABELS = {
    "thesis": "Thesis", "book": "Book", "report": "Report", "preprint": "Preprint",
    "journal": "Journal", "conference": "Conference", "workshop": "Workshop", "other": "Other",
}  # fmt: skip
_WORKSHOP_RE = re.compile(r"\bworkshops?\b", re.I)
_NO_VENUE_RE = re.compile(r"^(?:unknown|n/?a|none|-+|\?+)$", re.I)  # a venue field saying none
_NOT_INITIALS = frozenset({"of", "and", "the", "on", "in", "for", "a", "an", "at", "to", "with",
                           "&", "ieee", "acm", "für", "und", "der", "de", "des", "du", "la",
                           "et"})  # fmt: skip
_LEADING_ACRONYM_RE = re.compile(r"^([A-Z][A-Z0-9&]+)\s*(?:\s[-–]|:)\s+\S")
_DESCRIBING_WORDS = 4  # a subtitle this long describes its journal; a shorter one names one
_SUBTITLE_RE = re.compile(r"\s*(?::|\s[-–]|,)\s+")
_MEETING_WORDS_RE = re.compile(
    r"^(?:international|annual|conference|symposium|workshop|meeting|congress|proceedings)$", re.I
)
_MEETING_RE = re.compile(
    r"\b(?:conference|symposium|congress|meeting|colloquium)\b|^findings\b", re.I
)


@dataclass(frozen=True)
class VenueRule:
    pattern: re.Pattern[str]
    venue: str
    type: str


@dataclass(frozen=True)
class Venue:
    name: str  # the short name a badge shows, e.g. "NeurIPS", "ICRA", "J. Chem. Theory Comput."
    type: str  # one of VENUE_TYPES
    honors: tuple[str, ...]
    known: bool  # False when no rule matched (the name comes from the string itself)
    full: str = ""  # the series' full name, when it is not the short name
    keys: tuple[str, ...] = ()  # what ties it to the other spellings of its venue (see group)
    rank: int = 0  # which name wins in a group: a rule's (0), an acronym's (1), a long name (3)
    # A journal's title without its subtitle ("Proc. R. Soc. A" of "Proceedings of the Royal
    # Society A: Mathematical, ..."): it joins the venue that is exactly that, if there is one.
    main: tuple[str, ...] = ()


def normalise_honor(text: str) -> str:
    """``editor's suggestion`` -> ``Editor's Suggestion``; unknown honours keep their own words."""
    lowered = text.strip().lower()
    for prefix, name in HONOR_NAMES.items():
        if lowered.startswith(prefix):
            return name
    return text.strip()


class VenueTableError(ValueError):
    """A venue table file is malformed."""


@lru_cache(maxsize=32)
def load_rules(paths: tuple[Path, ...]) -> tuple[VenueRule, ...]:
    """Read the rule tables, in order; an unreadable rule names its file and position."""
    rules = []
    for path in paths:
        try:
            text = read_regular_file(path).decode("utf-8")
            entries = yaml.load(text, Loader=BoundedSafeLoader) or []  # noqa: S506 - a safe loader
        except (OSError, UnicodeDecodeError) as exc:
            raise VenueTableError(f"{path}: cannot read the venue table: {exc}") from exc
        except yaml.YAMLError as exc:
            raise VenueTableError(f"{path}: is not valid YAML: {exc}") from exc
        if not isinstance(entries, list):
            raise VenueTableError(f"{path}: must be a list of rules (- {{match, venue, type}})")
        for number, entry in enumerate(entries, start=1):
            where = f"{path}: rule {number}"
            if not isinstance(entry, dict) or not {"match", "venue", "type"} <= entry.keys():
                raise VenueTableError(f"{where}: needs 'match', 'venue' and 'type' keys")
            if entry["type"] not in VENUE_TYPES:
                raise VenueTableError(f"{where}: type must be one of {', '.join(VENUE_TYPES)}")
            try:
                pattern = re.compile(str(entry["match"]), re.IGNORECASE)
            except re.error as exc:
                raise VenueTableError(f"{where}: bad regular expression: {exc}") from exc
            rules.append(VenueRule(pattern, str(entry["venue"]), entry["type"]))
    return tuple(rules)


class VenueTable:
    """Classifies venue strings with the first matching rule; results are cached per string.

    A venue no rule knows is normal: its name is the acronym the string names ("... (ICRA)",
    al-folio's ``abbr``), a journal's ISO 4 abbreviation, or its long name; its type comes from
    the entry type (``@article`` -> journal, "workshop" in the name -> workshop, ``@phdthesis``
    -> thesis). :func:`group` then makes the spellings of one venue in a bibliography one venue.
    """

    def __init__(self, paths: tuple[Path, ...]):
        self.rules = load_rules(tuple(paths))
        self.classify = lru_cache(maxsize=16384)(self._classify)

    def _classify(self, raw: str, entry_type: str = "", abbr: str = "") -> Venue:
        honors = tuple(normalise_honor(m.group(1)) for m in _HONOR_RE.finditer(raw))
        text = " ".join(_HONOR_RE.sub(" ", raw).split())
        text = "" if _NO_VENUE_RE.match(text) else text or abbr.strip()
        name = parse_venue(text)
        for rule in self.rules:
            # The string, or its acronym or long name: "Proc. of NeurIPS" is NeurIPS.
            if any(
                rule.pattern.search(s) for s in (text.split(" / ")[0], name.short, name.long) if s
            ):
                full = parse_venue(text, rule.type == "journal").long  # "Proceedings of ..."
                full = "" if name_key(full) == name_key(rule.venue) else full
                full = "" if rule.type == "preprint" else full  # "arXiv:2404.19756" is no name
                return Venue(rule.venue, rule.type, honors, True, full, (_short(rule.venue),))
        venue_type = ENTRY_TYPE_VENUES.get(entry_type.lower(), "other")
        # al-folio users put conferences and workshops in `journal` too.
        if venue_type in ("conference", "journal", "other") and _WORKSHOP_RE.search(name.long):
            venue_type = "workshop"
        elif venue_type == "journal" and _MEETING_RE.search(name.long):
            venue_type = "conference"
        if not text:
            return Venue(TYPE_LABELS[venue_type], venue_type, honors, False)
        if venue_type == "journal":
            name = parse_venue(text, journal=True)
        short, rank = name.short, 1
        if not short and names_series(abbr) and abbr.strip().lower() not in text.lower():
            short = abbr.strip()  # al-folio's abbr, when the string names no acronym of its own
        keys = [_long(name.long)] if name.long != name.short else []
        keys += [_short(short)] if short else []
        main = ()
        if venue_type == "journal":
            iso = journal_abbreviation(name.long)
            keys += [f"journal:{journal_key(iso)}", f"journal:{journal_key(name.long)}"]
            lead = _LEADING_ACRONYM_RE.match(name.long)  # "ZAMM - Journal of ...", "EPL: A ..."
            short = short or (lead.group(1) if lead else "")
            keys += [_short(short)] if lead else []
            if not short:
                short = iso
            else:
                rank = 2  # a journal's ISO 4 abbreviation is its short name before an acronym
            main = _main_titles(name.long)
        if not short:
            short, rank = name.long, 3
        full = "" if name.long == short else name.long
        return Venue(short, venue_type, honors, False, full, tuple(keys), rank, main)


def _main_titles(name: str) -> tuple[str, ...]:
    """The keys of a journal's title without its subtitle, longest first, where the subtitle
    only describes it: a section's title ("Journal of Physics A: Mathematical and Theoretical"),
    or a long subtitle ("..., State of the Art Reviews"). A short one names a journal of its own
    ("Environmental Research: Climate" is not "Environmental Research")."""
    keys = []
    for split in reversed(list(_SUBTITLE_RE.finditer(name))):
        title, subtitle = name[: split.start()], name[split.end() :]
        if re.search(r"\s[A-Z]$", title) or len(subtitle.split()) >= _DESCRIBING_WORDS:
            keys.append(f"journal:{journal_key(journal_abbreviation(title))}")
    return tuple(keys)


def _short(name: str) -> str:
    return f"short:{name.lower()}"


def _long(name: str) -> str:
    return f"long:{name_key(name)}"


def group(venues: list[Venue]) -> list[Venue]:
    """The venues of one bibliography's papers, each spelling of a venue given its venue's name.

    Two papers are at one venue when they share a key: the same long name once editions,
    volumes and publishers are taken away, the same ISO 4 abbreviation, or the same acronym
    (a rule's venue is its acronym). A venue written only in full ("International Conference on
    Robotics and Automation") joins the one venue whose acronym its initials spell (ICRA). The
    venue's name is its best ranked spelling (a rule's, then an acronym, ...), the most used,
    then the shortest, on a tie; its type is its papers' most common type.
    """
    sets = DisjointSets(len(venues))
    owner: dict[str, int] = {}
    for i, venue in enumerate(venues):
        for key in venue.keys:
            sets.join(i, owner.setdefault(key, i))
    for i, venue in enumerate(venues):  # a subtitled journal joins its title, when written
        title = next((key for key in venue.main if key in owner), None)
        if title:
            sets.join(i, owner[title])
    _join_by_initials(venues, sets)
    result = list(venues)
    for indices in sets.groups().values():
        spellings = [venues[i] for i in indices]
        names = [v.name for v in spellings]
        best = min(spellings, key=lambda v: (v.rank, _lower_case(v.name), -names.count(v.name),
                                             len(v.name), names.index(v.name)))  # fmt: skip
        types = [v.type for v in spellings]
        venue_type = max(types, key=lambda t: (types.count(t), -types.index(t)))
        fulls = [v.full for v in spellings if v.full]
        full = max(fulls, key=lambda f: (fulls.count(f), -fulls.index(f))) if fulls else ""
        for i in indices:  # a spelling's own full name, else its venue's most used one
            own = venues[i].full
            result[i] = replace(venues[i], name=best.name, type=venue_type, full=own or full)
    return result


def _lower_case(name: str) -> bool:
    """Whether a name has a word written in lower case that is not "of", "and", ... ("J. chem.
    phys."): another spelling of its venue names it better."""
    return any(w[:1].islower() and w not in _NOT_INITIALS for w in name.split())


def _join_by_initials(venues: list[Venue], sets: DisjointSets) -> None:
    """A group with no acronym joins the group whose acronym its long name's initials spell,
    when exactly one long-named group has those initials (two journals both "JCP" join none)."""
    members = sets.groups()
    acronyms: dict[str, int] = {}
    for root, indices in members.items():
        for i in indices:
            for key in venues[i].keys:
                if key.startswith("short:"):
                    acronyms.setdefault(key.removeprefix("short:"), root)
    spelled: dict[str, list[int]] = {}
    for root, indices in members.items():
        if any(k.startswith("short:") for i in indices for k in venues[i].keys):
            continue  # it has an acronym (a journal's ISO 4 abbreviation is no acronym)
        letters = set().union(*(initials(venues[i].full or venues[i].name) for i in indices))
        for word in letters:
            spelled.setdefault(word, []).append(root)
    for word, roots in spelled.items():
        if len(roots) == 1 and word in acronyms:
            sets.join(roots[0], acronyms[word])


def initials(name: str) -> set[str]:
    """What an acronym of `name` may spell: the initials of its words but "of", "and", ...,
    with and without the words that name the kind of meeting ("Conference on Uncertainty in
    Artificial Intelligence" -> ``cuai``, ``uai``); none shorter than three letters."""
    words = [w for w in re.split(r"[\s/\-,:]+", name) if w[:1].isalpha()]
    words = [w for w in words if w.lower() not in _NOT_INITIALS]
    topic = [w for w in words if not _MEETING_WORDS_RE.match(w)]
    spelled = {"".join(w[0] for w in ws).lower() for ws in (words, topic)}
    return {s for s in spelled if len(s) >= 3}


def arxiv_id_in_venue(raw: str) -> str:
    """The arXiv id written in a venue string such as ``arXiv preprint arXiv:2310.02258``."""
    match = _ARXIV_IN_VENUE.search(raw)
    return match.group(1) if match else ""
