"""A venue string as exporters write it -> the series' long name and the short name its field uses.

One conference is written many ways: "IEEE International Conference on Robotics and Automation
(ICRA)", "2019 International Conference on Robotics and Automation (ICRA)", "Robotics and
Automation (ICRA), IEEE International Conference on", "Proc. of ICRA". :func:`parse_venue` takes
away what varies between editions and exporters (years, ordinals, "Proceedings of", volume and
track suffixes) and finds the acronym the string names; :func:`journal_abbreviation` gives a
journal's ISO 4 abbreviation from the ISSN's List of Title Word Abbreviations (``pyiso4``), so
"Journal of Chemical Theory and Computation" and "J. Chem. Theory Comput." are one journal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# DBLP and ACM name a conference "<long name>, {ABBR} 2017, <dates, place>" or "STOC '21: ...".
_ACRONYM_YEAR_RE = re.compile(
    r"(?:^|[,(]\s*)([A-Z][A-Za-z&]*[A-Z][A-Za-z/&+\-]*)\s*(?:['’]\d{2}|\d{4})\s*(?:[,):]|$)"
)
_PROCEEDINGS_RE = re.compile(
    r"^\s*(?:in\s*:?\s+)?(?:(?:the\s+)?proc(?:eedings|\.)?(?:\s*[-–:]\s*|\s+)(?:of\s+)?(?:the\s+)?)",
    re.I,
)
_ORDINAL_RE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th|º|ª)|(?:(?:twenty|thirty|forty|fifty|sixty)[\s-]?)?(?:first|second"
    r"|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|(?:thir|four|fif|six"
    r"|seven|eigh|nine)teenth|(?:twen|thir|for|fif|six)tieth)\b"
    r"|^(?:[IVXLC]{2,}|I)\s+(?=[A-Z])"  # "XII Simpósio ...": a Roman ordinal before the name
    r"|第\s*\d+\s*[回期卷号號届屆]",  # Japanese and Chinese: 第153回, 第3期
    re.I,
)
# Years, "'21", and Japanese years with their season: 2022年秋季, (2025年春季).
_YEAR_RE = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}(?:年度?(?:[春夏秋冬]季?)?)?(?![\d.])|(?<=\s)['’]\d{2}\b"
)
_THE_RE = re.compile(r"^the\s+", re.I)
_EMPTY_PARENS_RE = re.compile(r"[(（]\s*[)）]")
_PARENS_RE = re.compile(r"\s*[(（]([^()（）]*)[)）]")
# What names an edition's part, not the series: "(Volume 1: Long Papers)", ": Industry Track",
# ", Volume 2 (Short Papers)", ": System Demonstrations", ": Student Research Workshop".
_PART_WORDS = (
    r"vol(?:ume|\.)?\s*\d+|volume|long|short|papers|track|demonstrations?|demos?|tutorials?"
    r"|tutorial abstracts|abstracts|student research workshop|main (?:conference|volume)"
    r"|posters?|companion|supplement(?:ary)?|late[- ]breaking|extended abstracts"
)
_PART_RE = re.compile(
    rf"\s*[:,;\-–]\s*(?:[^:,;]*\b(?:{_PART_WORDS}|part [a-z0-9]+)\b[^:,;]*)$", re.I
)
# A journal's part is a journal of its own: "J. Biomed. Mater. Res. A" is not "... B".
_JOURNAL_PART_RE = re.compile(rf"\s*[:,;\-–]\s*(?:[^:,;]*\b(?:{_PART_WORDS})\b[^:,;]*)$", re.I)
# ... a series' number (MathSciNet's "Ann. of Math. (2)", "(N.S.)") and a paper's status.
_PART_IN_PARENS_RE = re.compile(
    rf"^(?:[^()]*\b(?:{_PART_WORDS})\b[^()]*|\d+|N\.\s*[SF]\.|submitted|accepted|in press"
    r"|to appear|forthcoming|under review|in preparation)$",
    re.I,
)
# A number in a series: "NBER Working Paper No. 28345", "Proceedings of NELS 50".
_NUMBER_RE = re.compile(r"[\s,]+(?:no\.?|nr\.?|number|#)\s*\d+\b|\s+\d{1,5}$", re.I)
# A name written back to front: "Robotics and Automation (ICRA), IEEE International Conference on".
_INVERTED_RE = re.compile(
    r"^(?P<topic>.+?),\s*(?P<head>[^,]*\b(?:conference|symposium|workshop|congress|meeting)"
    r"(?:\s+on)?)\s*\.?$",
    re.I,
)
# An acronym: one word with two capitals or more ("ICRA", "CoNLL", "NeurIPS", "RA-L", "VL/HCC").
_ACRONYM_RE = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z][A-Za-z0-9&@/+\-.]*[A-Za-z0-9]$")
_ROMAN_RE = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")  # I to XXXIX: a part's number, not "CCC"
# Joint editions named after both hosts: "NAACL-HLT", "EMNLP-IJCNLP" are NAACL and EMNLP.
_JOINT_SUFFIX_RE = re.compile(r"-(?:HLT|IJCNLP)$", re.I)
# "Findings of the Association for Computational Linguistics: EMNLP 2021" -> "Findings of EMNLP".
_FINDINGS_RE = re.compile(
    r"^findings\s+of\s+(?:the\s+)?(?:association\s+for\s+computational\s+linguistics|acl)"
    r"\s*[:\-–]?\s*(?P<host>[A-Z][\w\-]*)"
    r"|^(?P<before>[A-Z][\w\-]*)\s*(?:\(findings\)|findings)$",  # "EMNLP (Findings)"
    re.I,
)
_SHORT_WORDS = 5  # a name this short that names an acronym is a short name already
# A company's legal form is not its name: "Oxford University Press, Incorporated", "T&F Group".
_COMPANY_RE = re.compile(r",?\s+(?:incorporated|inc\.?|ltd\.?|limited|llc|gmbh|group|co\.)$", re.I)
# An edition's number after the name: "Robotics: Science and Systems XVI", "Protostars and
# Planets VII" (one letter is a series' name: "Physical Review X").
_TRAILING_ROMAN_RE = re.compile(r"(?<=\w)\s+[IVXLC]{2,}$")
_SECTION_WORDS = frozenset({"series", "ser", "section", "sect", "part", "pt"})
_ISO_SYNONYMS = {"amer": "am", "comm": "commun", "theoret": "theor", "statist": "stat"}
_WORD_KEY_RE = re.compile(r"[^\w&]+")
# Words that name a publisher or society, not the series: "IEEE International Conference on X"
# and "International Conference on X" are one conference.
_PUBLISHER_WORDS = frozenset({"ieee", "acm", "rsj", "ras", "cvf", "ieee/rsj", "ieee/cvf", "siam"})


@dataclass(frozen=True)
class VenueName:
    long: str  # the series' name without edition, year, volume or track
    short: str  # the acronym it names ("ICRA"), or "" when it names none


@lru_cache(maxsize=16384)
def parse_venue(text: str, journal: bool = False) -> VenueName:
    """The long name and the acronym of a venue string (honours already removed); a journal
    keeps its "Proceedings of" ("Proceedings of the Royal Society A")."""
    text = " ".join(text.split())
    text = text.split(" / ")[0]  # "Proc. of ACL / NeurIPS Workshop on X": the first venue
    findings = _FINDINGS_RE.match(" ".join(_YEAR_RE.sub("", _PROCEEDINGS_RE.sub("", text)).split()))
    if findings:
        host = findings.group("host") or findings.group("before")
        name = f"Findings of {_JOINT_SUFFIX_RE.sub('', host)}"
        return VenueName(name, name)
    inverted = _INVERTED_RE.match(text)
    if inverted and not _PART_RE.search(text):
        text = f"{inverted.group('head')} {inverted.group('topic')}"
    dblp = _ACRONYM_YEAR_RE.search(text)
    short = _acronym(dblp.group(1)) if dblp else ""
    if short and re.search(r"[^\W\d]{3}", text[: dblp.start()]):
        text = text[: dblp.start()]  # "<long name>, {ABBR} 2017, <dates>, <place>"
    long_name = text if journal else _PROCEEDINGS_RE.sub("", text)
    part = _JOURNAL_PART_RE if journal else _PART_RE
    for _ in range(3):  # ", Volume 1 (Long and Short Papers)": strip parts from the end
        long_name = part.sub("", _PARENS_RE.sub(_drop_part, long_name)).strip()
    acronyms = [_acronym(a) for a in _PARENS_RE.findall(long_name)]
    long_name = _PARENS_RE.sub("", long_name) if any(acronyms) else long_name
    long_name = _NUMBER_RE.sub("", _YEAR_RE.sub("", _ORDINAL_RE.sub("", long_name)))
    long_name = _EMPTY_PARENS_RE.sub("", long_name)
    long_name = _THE_RE.sub("", " ".join(long_name.split())).strip(" ,;:-–'")
    long_name = _TRAILING_ROMAN_RE.sub("", _COMPANY_RE.sub("", long_name)) or text
    if dblp and long_name.startswith(dblp.group(1)):
        long_name = short  # "SemEval-2022: ..." is SemEval
    short = short or next((a for a in acronyms if a), "") or _acronym(long_name)
    if short and not dblp and _acronym(long_name):
        long_name = short
    if not (short or journal) and len(long_name.split()) <= _SHORT_WORDS:
        short = long_name if _names_acronym(long_name) else ""  # "Findings of EMNLP": short
    return VenueName(long_name, short)


def names_series(abbr: str) -> bool:
    """Whether al-folio's `abbr` names a series ("EMNLP", "CoLM", "VL-HCC"), not a kind of
    venue ("Journal", "Preprint") or a publisher ("IEEE"): a kind would make one venue of all."""
    word = " ".join(abbr.split())
    return bool(_acronym(word)) and word.lower() not in _PUBLISHER_WORDS


def _names_acronym(name: str) -> bool:
    """Whether a word of `name` is an acronym that is not a publisher's ("IEEE")."""
    return any(
        _acronym(word) and word.lower() not in _PUBLISHER_WORDS
        for word in re.split(r"[\s:,;]+", name)
    )


def _drop_part(match: re.Match) -> str:
    """A parenthesis naming an edition's part goes; any other stays."""
    return "" if _PART_IN_PARENS_RE.match(match.group(1)) else match.group(0)


def _acronym(text: str) -> str:
    """``text`` as an acronym, years and joint hosts taken away; "" when it is not one."""
    word = _YEAR_RE.sub("", text).strip(" -–'’")
    word = word.removesuffix(" Workshops").removesuffix(" Workshop")
    if " " in word or _ROMAN_RE.match(word) or not _ACRONYM_RE.match(word):
        return ""
    return _JOINT_SUFFIX_RE.sub("", word)


def name_key(name: str) -> str:
    """A name's grouping key: case, punctuation, "the", "of" and publishers' names folded."""
    words = _WORD_KEY_RE.sub(" ", name.lower().replace("/", "/ ")).split()
    return " ".join(w for w in words if w not in ("the", "of", "and", "&", "in") and
                    w.rstrip("/") not in _PUBLISHER_WORDS)  # fmt: skip


def journal_key(name: str) -> str:
    """A journal's grouping key: :func:`name_key`, without what says how its sections are
    named ("Series B (Statistical Methodology)" is "B"), and with the abbreviations MathSciNet
    and ISO 4 write differently made one ("Amer." and "Am.")."""
    name = re.sub(r"\([^()]*\)", " ", name)
    words = [_ISO_SYNONYMS.get(w, w) for w in name_key(name).split()]
    return " ".join(w for w in words if w not in _SECTION_WORDS)


@lru_cache(maxsize=8192)
def journal_abbreviation(name: str) -> str:
    """The ISO 4 abbreviation of a journal's name: "Nature Methods" -> "Nat. Methods".

    Words already abbreviated stay ("J. Chem. Theory Comput."): pyiso4 would abbreviate them
    again; the others are abbreviated ("Proc. Royal Society A" -> "Proc. R. Soc. A").
    """
    words, run = [], []
    for word in [*name.split(), ""]:
        if word.endswith(".") or not word:
            if run:
                iso = _abbreviator()(" ".join(run), remove_part=True) or " ".join(run)
                # Google Scholar writes "The Journal of chemical physics": "J. Chem. Phys."
                words += [w[0].upper() + w[1:] if _lower_word(w) else w for w in iso.split()]
            words += [word] if word else []
            run = []
        else:
            run.append(word)
    return " ".join(words) or name


def _lower_word(word: str) -> bool:
    """A word Google Scholar wrote in lower case ("chem.", "theory"), not "npj" or "eLife"."""
    return word.islower() and (word.endswith(".") or len(word) > 3)


@lru_cache(maxsize=1)
def _abbreviator():
    # pyiso4 reads its LTWA table (1.3 MB) on construction: once, and only when a journal needs it.
    from pyiso4.ltwa import Abbreviate

    return Abbreviate.create()
