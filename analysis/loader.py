"""references.bib -> Bibliography: parse once, surface every problem with its line and key.

bibtexparser 2 never raises on bad input: it stores what it cannot parse in
``library.failed_blocks``. A careless loader would silently drop those papers, so every failed
block here becomes a located :class:`Problem`, and :func:`load_bibliography` refuses to return a
bibliography with errors.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
)

from analysis.latex import latex_to_unicode
from analysis.model import Bibliography, BibliographyError, Paper, Problem
from analysis.names import display_name, name_key, split_authors
from analysis.settings import Settings
from analysis.venues import VenueTable, arxiv_id_in_venue, normalise_honor

VENUE_FIELDS = ("journal", "booktitle", "howpublished", "publisher", "school", "institution")
LINK_FIELDS = {"url": "url", "pdf": "pdf", "code": "code", "html": "html", "website": "html"}
TRUE_WORDS = {"true", "yes", "1"}
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?:.*?\n)?---[ \t]*\n", re.DOTALL)
_KEY_RE = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")
_ARXIV_URL_RE = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_ARXIV_ID_RE = re.compile(r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$", re.I)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TITLE_KEY_RE = re.compile(r"[^a-z0-9]+")
FIRST_YEAR = 1900


def blank_front_matter(text: str) -> str:
    """Blank out Jekyll front matter (al-folio's ``---`` lines), keeping every line number."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end() :]


def parse_bibliography(
    text: str, path: str | Path = "references.bib", settings: Settings | None = None
) -> Bibliography:
    """Parse BibTeX text into papers and problems; never raises on bad BibTeX."""
    settings = settings or Settings()
    label = str(path)
    library = bibtexparser.parse_string(blank_front_matter(text))
    problems = [_failed_block_problem(block, label) for block in library.failed_blocks]
    builder = _PaperBuilder(label, settings)
    papers = []
    for entry in library.entries:
        paper = builder.build(entry)
        if paper is not None:
            papers.append(paper)
    problems += builder.problems
    problems += find_likely_duplicates(papers, label)
    problems.sort(key=lambda p: (p.line, p.severity != "error"))
    return Bibliography(Path(path), papers, problems)


def load_bibliography(
    path: str | Path = "references.bib", settings: Settings | None = None, strict: bool = False
) -> Bibliography:
    """Load and validate a bibliography file; raise :class:`BibliographyError` on any error.

    With ``strict``, warnings (unknown venue, likely duplicates) count as errors too.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BibliographyError([Problem(str(path), 1, "-", f"cannot read the file: {exc}")]) from exc
    bibliography = parse_bibliography(text, path, settings)
    failing = bibliography.problems if strict else bibliography.errors
    if failing:
        raise BibliographyError(failing)
    return bibliography


def _line(block) -> int:
    # bibtexparser counts lines from 0.
    return (block.start_line or 0) + 1


def _failed_block_problem(block, path: str) -> Problem:
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(
            path, _line(block), block.key,
            f"duplicate key: '{block.key}' is already used by the entry on line "
            f"{_line(block.previous_block)}; rename one of them or delete the copy",
        )  # fmt: skip
    if isinstance(block, DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        fields = ", ".join(sorted(block.duplicate_keys))
        return Problem(path, _line(block), entry.key, f"field '{fields}' is given twice: keep one")
    match = _KEY_RE.search(block.raw or "")
    key = match.group(1) if match else "-"
    if isinstance(block, MiddlewareErrorBlock):
        reason = f"could not be read ({block.error})"
    else:
        reason = "could not be parsed"
    return Problem(
        path, _line(block), key,
        f"this block {reason}: look for a missing or extra brace, quote or comma "
        "in this entry or the one just before it",
    )  # fmt: skip


class _PaperBuilder:
    """Turns parsed entries into Papers, collecting the problems of each."""

    def __init__(self, path: str, settings: Settings):
        self.path = path
        self.owner_keys = settings.owner_keys
        self.venues = VenueTable(settings.venue_tables)
        self.problems: list[Problem] = []
        self.last_year = datetime.date.today().year + 1

    def problem(self, entry: Entry, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, _line(entry), entry.key, message, severity))

    def build(self, entry: Entry) -> Paper | None:
        fields = {f.key.lower(): f.value for f in entry.fields}
        # Values are strings after the default parse stack; @string macros are resolved.
        fields = {k: v if isinstance(v, str) else str(v) for k, v in fields.items()}
        missing = [name for name in ("title", "author", "year") if not fields.get(name, "").strip()]
        if missing:
            self.problem(entry, f"missing {', '.join(missing)}: add {' and '.join(missing)} to this entry")
        year = self.year(entry, fields.get("year", ""))
        if missing or year is None:
            return None

        authors = tuple(display_name(a) for a in split_authors(fields["author"]))
        venue_raw = latex_to_unicode(next((fields[f] for f in VENUE_FIELDS if fields.get(f)), ""))
        venue = self.venues.classify(venue_raw)
        if not venue.known:
            self.problem(
                entry,
                f"unknown venue '{venue_raw}': add a rule for it to a venue table "
                "(see portfolio_venues in _config.yml)",
                "warning",
            )
        honors = tuple(
            dict.fromkeys(
                venue.honors
                + tuple(
                    normalise_honor(h)
                    for name in ("honors", "honours", "award")
                    for h in re.split(r"[;,]", fields.get(name, ""))
                    if h.strip()
                )
            )
        )
        arxiv_id = self.arxiv_id(fields, venue_raw)
        doi = _DOI_PREFIX_RE.sub("", fields.get("doi", "").strip())
        return Paper(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            title=latex_to_unicode(fields["title"]),
            authors=authors,
            year=year,
            venue_raw=venue_raw,
            venue=venue.name,
            venue_type=venue.type,
            honors=honors,
            themes=tuple(
                t.strip().lower().replace(" ", "-")
                for t in re.split(r"[,;]", fields.get("keywords", ""))
                if t.strip()
            ),
            selected=fields.get("selected", "").strip().lower() in TRUE_WORDS,
            equal_contribution=self.equal_contribution(entry, fields, len(authors)),
            owner_positions=tuple(
                i for i, name in enumerate(authors) if name_key(name) in self.owner_keys
            ),
            links=self.links(entry, fields, arxiv_id, doi),
            arxiv_id=arxiv_id,
            doi=doi,
            decision=latex_to_unicode(fields.get("decision", "")),
            line=_line(entry),
            raw=entry.raw or "",
        )

    def year(self, entry: Entry, value: str) -> int | None:
        value = value.strip()
        if not value:
            return None
        if not value.isdigit() or not FIRST_YEAR <= int(value) <= self.last_year:
            self.problem(
                entry,
                f"year '{value}' is not a year: write four digits between {FIRST_YEAR} "
                f"and {self.last_year}",
            )
            return None
        return int(value)

    def equal_contribution(self, entry: Entry, fields: dict, n_authors: int) -> tuple[int, ...]:
        value = fields.get("equal_contribution", "").strip()
        if not value:
            return ()
        parts = [p.strip() for p in re.split(r"[,;\s]+", value) if p.strip()]
        if not all(p.isdigit() and 1 <= int(p) <= n_authors for p in parts):
            self.problem(
                entry,
                f"equal_contribution '{value}' must list author positions from 1 to {n_authors}",
            )
            return ()
        return tuple(int(p) - 1 for p in parts)

    def arxiv_id(self, fields: dict, venue_raw: str) -> str:
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
        return re.sub(r"v\d+$", "", arxiv_id_in_venue(venue_raw))

    def links(self, entry: Entry, fields: dict, arxiv_id: str, doi: str) -> dict[str, str]:
        links: dict[str, str] = {}
        if arxiv_id:
            links["arxiv"] = f"https://arxiv.org/abs/{arxiv_id}"
        if doi:
            links["doi"] = f"https://doi.org/{doi}"
        for name, kind in LINK_FIELDS.items():
            value = fields.get(name, "").strip()
            if not value or kind in links:
                continue
            scheme = _SCHEME_RE.match(value)
            if scheme is None:
                self.problem(
                    entry,
                    f"{name} '{value}' is a relative path with no file in this book: "
                    "use a full https:// link",
                    "warning",
                )
            elif scheme.group(1).lower() not in ("http", "https"):
                self.problem(entry, f"{name} '{value}' is not an http(s) link: use an https:// URL")
            elif value.rstrip("/") not in links.values() and not _same_arxiv(value, arxiv_id):
                links[kind] = value
        return links


def _same_arxiv(url: str, arxiv_id: str) -> bool:
    match = _ARXIV_URL_RE.search(url)
    return bool(match and arxiv_id and match.group(1) == arxiv_id and "/abs/" in url)


def title_key(title: str) -> str:
    """Normalised title for spotting the same paper under two keys."""
    return _TITLE_KEY_RE.sub(" ", title.lower()).strip()


def find_likely_duplicates(papers: list[Paper], path: str) -> list[Problem]:
    """Warn about papers that share a DOI, an arXiv id or a normalised title with an earlier one."""
    problems, seen = [], {}
    for paper in papers:
        for label, value in (("DOI", paper.doi.lower()), ("arXiv id", paper.arxiv_id),
                             ("title", title_key(paper.title))):  # fmt: skip
            if not value:
                continue
            first = seen.setdefault((label, value), paper)
            if first is not paper:
                problems.append(
                    Problem(
                        path, paper.line, paper.key,
                        f"likely the same paper as '{first.key}' (line {first.line}): same {label}; "
                        "merge them or delete one",
                        "warning",
                    )
                )  # fmt: skip
                break
    return problems
