"""Parsed BibTeX entries -> :class:`Paper` records, with every problem of each entry located."""

from __future__ import annotations

import datetime
import re
import unicodedata

from bibtexparser.model import Entry

from analysis.bib.blocks import line_of
from analysis.bib.latex import latex_to_unicode
from analysis.bib.model import Paper, Problem
from analysis.bib.names import display_name, name_key, split_authors
from analysis.bib.values import BadValue, evaluate
from analysis.bib.venues import VenueTable, arxiv_id_in_venue, normalise_honor
from analysis.settings import Settings

VENUE_FIELDS = ("journal", "booktitle", "howpublished", "publisher", "school", "institution")
# Field -> link kind. Every one must be an http(s) URL; al-folio's extra buttons are checked too.
LINK_FIELDS = {
    "url": "url",
    "pdf": "pdf",
    "code": "code",
    "html": "html",
    "website": "html",
    "slides": "",
    "poster": "",
    "video": "",
    "blog": "",
    "supp": "",
}
REQUIRED = ("title", "author", "year")
TRUE_WORDS = {"true", "yes", "1"}
FIRST_YEAR = 1900
_ARXIV_URL_RE = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_ARXIV_ID_RE = re.compile(
    r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$", re.I
)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_LIST_RE = re.compile(r"[,;]")
_TITLE_KEY_RE = re.compile(r"[^a-z0-9]+")


class PaperBuilder:
    """Turns parsed entries into Papers, collecting the problems of each."""

    def __init__(self, path: str, settings: Settings):
        self.path = path
        self.owner_keys = settings.owner_keys
        self.theme_slugs = settings.theme_slugs
        self.venues = VenueTable(settings.venue_tables)
        self.problems: list[Problem] = []
        self.last_year = datetime.date.today().year + 1
        self.keys: dict[str, Entry] = {}  # lower-case key -> first entry

    def problem(self, entry: Entry, message: str, severity: str = "error") -> None:
        self.problems.append(
            Problem(self.path, line_of(entry), entry.key or "-", message, severity)
        )

    def build(self, entry: Entry, strings: dict[str, str]) -> Paper | None:
        """The entry's Paper, or None when an error makes it unusable (the error is recorded)."""
        if not self.check_key(entry):
            return None
        fields, readable = self.evaluate_fields(entry, strings)
        if not readable:
            return None  # each bad value is reported; "missing" fields would only be echoes
        missing = [name for name in REQUIRED if not fields.get(name, "").strip()]
        if missing:
            self.problem(
                entry, f"missing {', '.join(missing)}: add {' and '.join(missing)} to this entry"
            )
        year = self.year(entry, fields.get("year", ""))
        if missing or year is None:
            return None

        authors = tuple(display_name(a) for a in split_authors(fields["author"]))
        arxiv_id = self.arxiv_id(fields)
        venue_raw = latex_to_unicode(next((fields[f] for f in VENUE_FIELDS if fields.get(f)), ""))
        venue = self.venues.classify(venue_raw or ("arXiv" if arxiv_id else ""))
        if not venue.known:
            what = f"unknown venue '{venue_raw}'" if venue_raw else "no venue (journal, booktitle)"
            self.problem(
                entry,
                f"{what}: add a rule for it to a venue table (see portfolio_venues in _config.yml)",
                "warning",
            )
        extra_honors = (
            normalise_honor(h)
            for n in ("honors", "honours", "award")
            for h in _LIST_RE.split(fields.get(n, ""))
            if h.strip()
        )
        doi = self.doi(entry, fields)
        return Paper(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            title=latex_to_unicode(fields["title"]),
            authors=authors,
            year=year,
            venue_raw=venue_raw,
            venue=venue.name,
            venue_type=venue.type,
            honors=tuple(dict.fromkeys((*venue.honors, *extra_honors))),
            themes=self.themes(entry, fields.get("themes", "")),
            selected=fields.get("selected", "").strip().lower() in TRUE_WORDS,
            equal_contribution=self.equal_contribution(entry, fields, len(authors)),
            owner_positions=tuple(
                i for i, name in enumerate(authors) if name_key(name) in self.owner_keys
            ),
            links=self.links(entry, fields, arxiv_id, doi),
            arxiv_id=arxiv_id,
            doi=doi,
            decision=latex_to_unicode(fields.get("decision", "")),
            line=line_of(entry),
            raw=entry.raw or "",
            title_tex=fields["title"],
        )

    def themes(self, entry: Entry, value: str) -> tuple[str, ...]:
        """The entry's ``themes`` (slugs the book declares); an undeclared one is an error.

        ``keywords`` is not read: exporters (ADS, Zotero, JabRef) fill it with subject terms.
        """
        named = tuple(dict.fromkeys(t.strip().lower() for t in _LIST_RE.split(value) if t.strip()))
        unknown = [t for t in named if t not in self.theme_slugs]
        if unknown:
            declared = ", ".join(self.theme_slugs) or "none yet"
            self.problem(
                entry,
                f"themes: {', '.join(unknown)} is not a theme of this book (declared: {declared}); "
                "fix the spelling, or declare it under portfolio_themes in _config.yml",
            )
        return tuple(t for t in named if t in self.theme_slugs)

    def check_key(self, entry: Entry) -> bool:
        if not entry.key:
            self.problem(
                entry, "this entry has no key: write one after '{', e.g. @article{liu2024kan,"
            )
            return False
        first = self.keys.setdefault(entry.key.lower(), entry)
        if first is not entry and first.key != entry.key:
            # bibtexparser tells exact duplicates; BibTeX and pybtex also refuse keys differing
            # only in case.
            self.problem(
                entry,
                f"duplicate key: '{entry.key}' differs from '{first.key}' on line "
                f"{line_of(first)} only in case; rename one of them",
            )
            return False
        return True

    def evaluate_fields(self, entry: Entry, strings: dict[str, str]) -> tuple[dict[str, str], bool]:
        """Field name (lower case) -> text, and whether every value was readable (else reported)."""
        fields, readable = {}, True
        for field in entry.fields:
            name = field.key.lower()
            try:
                fields[name] = evaluate(field.value, strings)
            except BadValue as exc:
                self.problem(entry, f"field '{field.key}' (line {field.start_line + 1}): {exc}")
                readable = False
        return fields, readable

    def year(self, entry: Entry, value: str) -> int | None:
        value = value.strip()
        if not value:
            return None
        if (
            not (value.isascii() and value.isdigit())
            or not FIRST_YEAR <= int(value) <= self.last_year
        ):
            self.problem(
                entry,
                f"year '{value}' is not a year: write four digits between "
                f"{FIRST_YEAR} and {self.last_year}",
            )
            return None
        return int(value)

    def equal_contribution(self, entry: Entry, fields: dict, n_authors: int) -> tuple[int, ...]:
        value = fields.get("equal_contribution", "").strip()
        if not value:
            return ()
        parts = [p for p in re.split(r"[,;\s]+", value) if p]
        if not all(p.isascii() and p.isdigit() and 1 <= int(p) <= n_authors for p in parts):
            self.problem(
                entry,
                f"equal_contribution '{value}' must list author positions from 1 to {n_authors}",
            )
            return ()
        return tuple(int(p) - 1 for p in parts)

    def arxiv_id(self, fields: dict) -> str:
        eprint = fields.get("eprint", "").strip()
        prefix = fields.get("archiveprefix", fields.get("eprinttype", "arxiv")).strip().lower()
        if eprint and prefix == "arxiv":
            match = _ARXIV_ID_RE.match(eprint)
            if match:
                return re.sub(r"v\d+$", "", match.group(1))
        for name in ("url", "pdf", "html"):
            match = _ARXIV_URL_RE.search(fields.get(name, ""))
            if match:
                return match.group(1)
        venue = " ".join(fields.get(name, "") for name in ("journal", "booktitle"))
        return re.sub(r"v\d+$", "", arxiv_id_in_venue(venue))

    def doi(self, entry: Entry, fields: dict) -> str:
        doi = _DOI_PREFIX_RE.sub("", fields.get("doi", "").strip())
        if doi and not _DOI_RE.match(doi):
            self.problem(
                entry, f"doi '{doi}' is not a DOI (10.NNNN/...): fix or remove it", "warning"
            )
            return ""
        return doi

    def links(self, entry: Entry, fields: dict, arxiv_id: str, doi: str) -> dict[str, str]:
        links: dict[str, str] = {}
        if arxiv_id:
            links["arxiv"] = f"https://arxiv.org/abs/{arxiv_id}"
        if doi:
            links["doi"] = f"https://doi.org/{doi}"
        for name, kind in LINK_FIELDS.items():
            value = fields.get(name, "").strip()
            if not value:
                continue
            scheme = _SCHEME_RE.match(value)
            if scheme is None:
                self.problem(
                    entry,
                    f"{name} '{value}' is a relative path with no file in this "
                    "book: use a full https:// link",
                    "warning",
                )
            elif scheme.group(1).lower() not in ("http", "https") or any(
                c.isspace() for c in value
            ):
                self.problem(entry, f"{name} '{value}' is not an http(s) link: use an https:// URL")
            elif kind and kind not in links and value.rstrip("/") not in links.values():
                if not _same_arxiv(value, arxiv_id):
                    links[kind] = value
        return links


def _same_arxiv(url: str, arxiv_id: str) -> bool:
    match = _ARXIV_URL_RE.search(url)
    return bool(match and arxiv_id and match.group(1) == arxiv_id and "/abs/" in url)


def title_key(title: str) -> str:
    """Normalised title for spotting the same paper under two keys."""
    # NFKC: a title's scripts and styled letters (H₂CO, 𝒪) count as the plain ones (H2CO, O).
    return _TITLE_KEY_RE.sub(" ", unicodedata.normalize("NFKC", title).lower()).strip()


def find_likely_duplicates(papers: list[Paper], path: str) -> list[Problem]:
    """Warn about papers that share a DOI, an arXiv id or a normalised title with an earlier one."""
    problems, seen = [], {}
    for paper in papers:
        for label, value in (
            ("DOI", paper.doi.lower()),
            ("arXiv id", paper.arxiv_id),
            ("title", title_key(paper.title)),
        ):
            if not value:
                continue
            first = seen.setdefault((label, value), paper)
            if first is not paper:
                problems.append(
                    Problem(
                        path,
                        paper.line,
                        paper.key,
                        f"likely the same paper as '{first.key}' (line {first.line}): "
                        f"same {label}; merge them or delete one",
                        "warning",
                    )
                )
                break
    return problems
