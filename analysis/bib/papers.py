"""Parsed BibTeX entries -> :class:`Paper` records, with every problem of each entry located."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from bibtexparser.model import Entry

from analysis.bib.blocks import line_of
from analysis.bib.latex import latex_to_unicode
from analysis.bib.macros import expand_journal_macros
from analysis.bib.model import FORTHCOMING, Paper, Problem
from analysis.bib.names import OwnerMatcher, parse_name, split_authors
from analysis.bib.values import MONTHS, BadValueError, UndefinedMacroError, evaluate
from analysis.bib.venues import Venue, VenueTable, arxiv_id_in_venue, group, normalise_honor
from analysis.settings import Settings, find_book_root

# biblatex names the journal `journaltitle` (Zotero's Better BibLaTeX, biber's own output).
VENUE_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "howpublished",
    "publisher",
    "school",
    "institution",
    "eprinttype",  # biblatex: the preprint server ("Research Square", "SSRN")
)
# Field -> link kind: the link fields a card shows (al-folio's buttons among them). Each is an
# http(s) URL or, as al-folio allows, a file of the book: a path under its _static/ folder.
LINK_FIELDS = {
    "url": "url",
    "pdf": "pdf",
    "supp": "supp",
    "code": "code",
    "html": "html",
    "website": "website",
    "slides": "slides",
    "poster": "poster",
    "video": "video",
    "blog": "blog",
}
STATIC = "_static"  # the book's folder of files served as they are (at its root)
REQUIRED = ("title", "author", "year")
# Fields a paper is made of: an undefined macro in one of them is an error; elsewhere (month,
# address, note, acknowledgement, ...) the field is left out with a warning, as BibTeX does.
NEEDED_FIELDS = frozenset({*REQUIRED, *VENUE_FIELDS, "editor", "date", "crossref", "themes"})
# Entry types where BibTeX (and biblatex) let the editors stand in for missing authors.
EDITOR_TYPES = frozenset(
    {"book", "inbook", "proceedings", "collection", "mvbook", "mvcollection", "mvproceedings",
     "periodical", "misc", "booklet", "reference"}
)  # fmt: skip
TRUE_WORDS = {"true", "yes", "1"}
FIRST_YEAR = 1900
# What CVs write for the year of a paper not yet published (letters only, lower case).
FORTHCOMING_WORDS = frozenset(
    {"to appear", "forthcoming", "in press", "accepted", "submitted", "under review", "in review"}
)
MONTH_NAMES = list(MONTHS)  # "jan" ... "dec": the month macros' names, in order
# New ids (2404.19756) and the old ones before 2007 (hep-th/9711200, math.AG/0307200), with
# or without their version.
_ARXIV_URL_RE = re.compile(
    r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I
)
_ARXIV_ID_RE = re.compile(
    r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.I
)
_DOI_RE = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+")
_DOI_FIELD_RE = re.compile(
    r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:?\s*)?\s*(10\.\S+)\s*$", re.I
)
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_PLAIN_URL_RE = re.compile(r"[^\s<]+")
_SPACE_RE = re.compile(r"\s")
_HREF_RE = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_URL_MACRO_RE = re.compile(r"^\\(?:url|href)\s*\{([^{}]*)\}")
# A link written without its scheme: www.x.org, github.com/x, icapp.ans.org (not "kan.pdf").
_HOST_RE = re.compile(
    r"^(?:www\.[\w\-.]+|[\w\-]+(?:\.[\w\-]+)+\.[a-z]{2,}|[\w\-]+\.[a-z]{2,}(?=/))"
    r"(?<!\.pdf)(?<!\.html)(?<!\.htm)(?<!\.png)(?<!\.zip)(?:[/:?#]|$)",
    re.I,
)
_YEAR_RANGE_RE = re.compile(r"^(\d{4})\s*(?:-{1,3}|–|/)\s*(\d{2,4})$")
# `{\noopsort{1985a}}1985` (Knuth's xampl.bib, Beebe's bibliographies): a sort key TeX never prints.
_NOOPSORT_RE = re.compile(r"^\{?\\noopsort\s*\{[^{}]*\}\}?\s*")
# A year written with its month: "June 1980", "Jan. 1978", "March, 2001".
_MONTH_YEAR_RE = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_SERIES_VOLUME_RE = re.compile(r"^([A-Z])\s*\d+$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_LIST_RE = re.compile(r"[,;]")
_TITLE_KEY_RE = re.compile(r"[^a-z0-9]+")
# TeX groups nest a few deep in real titles; the decoders recurse once a level.
MAX_BRACE_DEPTH = 40
# NUL and the C0 controls other than tab and newlines: no exporter writes them; they come from a
# damaged file and would be copied into pages and PDFs.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# al-folio's text fields are Markdown: [text](url) links and *emphasis* become plain text.
_TEX_ESCAPE_RE = re.compile(r"\\([&_%#$])")
_MARKDOWN_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_EMPHASIS_RE = re.compile(r"(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1")


class PaperBuilder:
    """Turns parsed entries into Papers, collecting every problem of each entry in one round."""

    def __init__(self, path: str, settings: Settings):
        self.path = path
        self.is_owner = OwnerMatcher(settings.owner)
        self.theme_slugs = settings.theme_slugs
        self.venues = VenueTable(settings.venue_tables)
        self.problems: list[Problem] = []
        self.last_year = datetime.date.today().year + 1
        self.keys: dict[str, Entry] = {}  # lower-case key -> first entry
        self.error_count = 0
        self.venue_of: dict[tuple[str, int], Venue] = {}  # (key, line) -> venue before grouping

    def problem(self, entry: Entry, message: str, severity: str = "error") -> None:
        self.error_count += severity == "error"
        self.problems.append(
            Problem(self.path, line_of(entry), entry.key or "-", message, severity)
        )

    def build(self, entry: Entry, fields: dict[str, str], bad: set[str]) -> Paper | None:
        """The entry's Paper, or None when an error makes it unusable.

        Every problem of the entry is recorded, not only the first: a bad year does not hide a
        bad link. `fields` are the evaluated values (crossref already applied), `bad` the names
        of fields whose value could not be read (already reported).
        """
        errors_before = self.error_count
        entry_type = entry.entry_type.lower()
        if not fields.get("author", "").strip() and entry_type in EDITOR_TYPES:
            fields["author"] = fields.get("editor", "")
        if not fields.get("year", "").strip() and fields.get("date", "").strip():
            fields["year"] = fields["date"].strip()[:4]  # biblatex writes date, not year
        missing = [n for n in REQUIRED if n not in bad and not fields.get(n, "").strip()]
        if missing:
            what = " and ".join(missing)
            hint = " (or editor)" if "author" in missing and entry_type in EDITOR_TYPES else ""
            self.problem(entry, f"missing {', '.join(missing)}: add {what}{hint} to this entry")
        if fields.get("subtitle", "").strip() and fields.get("title", "").strip():
            # biblatex: the title is printed with its subtitle; exporters split "Title: Sub".
            title = fields["title"].rstrip()
            mark = " " if title.rstrip("}")[-1:] in (".", "?", "!", ":") else ": "
            fields["title"] = f"{title}{mark}{fields['subtitle'].strip()}"
        year = self.year(entry, fields.get("year", ""))
        month, day = self.month_day(fields)

        marked = [parse_name(a) for a in split_authors(fields.get("author", ""))]
        authors = tuple(name for name, _ in marked)
        arxiv_id = self.arxiv_id(fields)
        venue_raw = self.venue_raw(fields)
        abbr = latex_to_unicode(fields.get("abbr", ""))  # al-folio's short name of the venue
        venue = self.venues.classify(
            venue_raw or abbr or ("arXiv" if arxiv_id else ""), entry_type, abbr
        )
        if not venue.known:
            what = f"venue '{venue_raw}' is in no venue table" if venue_raw else "no venue field"
            self.problem(entry, f"{what}: listed as {venue.type} '{venue.name}'", "note")
        # al-folio's award_name is the honour's name and its award the sentence about it.
        award_name = _plain_text(fields.get("award_name", ""))
        award = _plain_text(fields.get("award", ""))
        honor_fields = ("honors", "honours") if award_name else ("honors", "honours", "award")
        honors = venue.honors + tuple(
            normalise_honor(h)
            for n in honor_fields
            if n in fields
            for h in _LIST_RE.split(fields[n])
            if h.strip()
        )
        if award_name:
            honors += (normalise_honor(award_name),)
        doi = self.doi(entry, fields)
        themes = self.themes(entry, fields.get("themes", ""))
        equal = self.equal_contribution(entry, fields, len(authors))
        if any(m for _, m in marked):  # al-folio's markers: Einstein*, A.
            equal = tuple(sorted({*equal, *(i for i, (_, m) in enumerate(marked) if m)}))
        links = self.links(entry, fields, arxiv_id, doi)
        preview = self.preview(entry, fields.get("preview", ""))
        if self.error_count > errors_before or year is None or bad:
            return None
        self.venue_of[entry.key, line_of(entry)] = venue
        return Paper(
            key=entry.key,
            entry_type=entry_type,
            title=latex_to_unicode(fields["title"]),
            authors=authors,
            year=year,
            venue_raw=venue_raw,
            venue=venue.name,
            venue_type=venue.type,
            venue_full=venue.full,
            honors=tuple(dict.fromkeys(honors)) if honors else (),
            themes=themes,
            selected=fields.get("selected", "").strip().lower() in TRUE_WORDS,
            equal_contribution=equal,
            owner_positions=tuple(i for i, name in enumerate(authors) if self.is_owner(name)),
            links=links,
            arxiv_id=arxiv_id,
            doi=doi,
            decision=latex_to_unicode(fields.get("decision", "")),
            line=line_of(entry),
            raw=entry.raw or "",
            month=month,
            day=day,
            title_tex=fields["title"],
            collaboration=self.collaboration(fields, authors),
            abstract=fields.get("abstract", "").strip(),
            preview=preview,
            award=award if award_name else "",
            annotation=_plain_text(fields.get("annotation", "")),
            additional_info=_plain_text(fields.get("additional_info", "")),
        )

    def group_venues(self, papers: list[Paper]) -> list[Paper]:
        """The papers, each spelling of a venue given its venue's one name (:func:`group`)."""
        venues = group([self.venue_of[p.key, p.line] for p in papers])
        return [
            replace(p, venue=v.name, venue_type=v.type, venue_full=v.full)
            if (v.name, v.type, v.full) != (p.venue, p.venue_type, p.venue_full)
            else p
            for p, v in zip(papers, venues, strict=True)
        ]

    def collaboration(self, fields: dict[str, str], authors: tuple[str, ...]) -> str:
        """INSPIRE's ``collaboration``, unless an author already names it (``{ATLAS
        Collaboration}`` as the author and ``ATLAS`` as the collaboration)."""
        name = " ".join(latex_to_unicode(fields.get("collaboration", "")).split())
        return "" if any(name.lower() in author.lower() for author in authors) else name

    def venue_raw(self, fields: dict[str, str]) -> str:
        """The first venue field, AASTeX journal macros expanded, links skipped.

        INSPIRE writes a journal's series letter in its volume (``Phys.Rev.`` ``D89``,
        ``Phys.Lett.`` ``B716``): the letter is part of the journal's name.
        """
        for name in VENUE_FIELDS:
            value = fields.get(name, "")
            if value and not _is_link(value):
                venue = latex_to_unicode(expand_journal_macros(value))
                series = _SERIES_VOLUME_RE.match(fields.get("volume", "").strip())
                if name == "journal" and series and venue.endswith("."):
                    venue = f"{venue} {series.group(1)}"
                return venue
        return ""

    def themes(self, entry: Entry, value: str) -> tuple[str, ...]:
        """The entry's ``themes`` (slugs the book declares); an undeclared one is an error.

        ``keywords`` is not read: exporters (ADS, Zotero, JabRef) fill it with subject terms.
        """
        if not value:
            return ()
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
        if _SPACE_RE.search(entry.key):
            joined = "".join(entry.key.split())
            self.problem(
                entry,
                f"the key {_quote(entry.key)} holds a space or line break, which BibTeX keys "
                f"cannot: write it as one word, e.g. {joined}",
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

    def evaluate_fields(
        self, entry: Entry, strings: dict[str, str]
    ) -> tuple[dict[str, str], set[str]]:
        """Field name (lower case) -> text, and the names of unreadable fields (reported).

        A field given twice keeps its first value, as BibTeX does, with a located warning.
        """
        fields: dict[str, str] = {}
        bad: set[str] = set()
        for field in entry.fields:
            name = field.key.lower()
            if name in fields or (bad and name in bad):
                self.problem(
                    entry,
                    f"field '{field.key}' is given twice (line {field.start_line + 1}): the "
                    "first value is kept, as BibTeX does; delete the copy you do not want",
                    "warning",
                )
                continue
            try:
                fields[name] = _readable(evaluate(field.value, strings))
            except UndefinedMacroError as exc:
                where = f"field '{field.key}' (line {field.start_line + 1})"
                if name in NEEDED_FIELDS:
                    self.problem(entry, f"{where}: {exc}")
                    bad.add(name)
                else:  # BibTeX warns and prints the field empty: the paper is still whole
                    self.problem(entry, f"{where} is left out: {exc}", "warning")
            except BadValueError as exc:
                self.problem(entry, f"field '{field.key}' (line {field.start_line + 1}): {exc}")
                bad.add(name)
        return fields, bad

    def year(self, entry: Entry, value: str) -> int | None:
        value = value.strip()
        if (
            len(value) == 4
            and value.isascii()
            and value.isdigit()
            and FIRST_YEAR <= int(value) <= self.last_year
        ):
            return int(value)  # the common case
        if not value:
            return None  # reported as missing
        value = _NOOPSORT_RE.sub("", value)
        if not value:
            self.problem(entry, "year holds only a \\noopsort sort key: write the year after it, "
                         "e.g. {\\noopsort{a}}2020")  # fmt: skip
            return None
        if " ".join(re.findall(r"[a-z]+", value.lower())) in FORTHCOMING_WORDS:
            return FORTHCOMING
        first = value
        if match := _YEAR_RANGE_RE.match(value):  # software and series: "2003--2015"
            first = match.group(1)
        elif (match := _MONTH_YEAR_RE.match(value)) and _is_month(match.group(1)):
            first = match.group(2)
        if not (first.isascii() and first.isdigit() and len(first) == 4) or not (
            FIRST_YEAR <= int(first) <= self.last_year
        ):
            self.problem(
                entry,
                f"year {_quote(value)} is not a year: write four digits between "
                f"{FIRST_YEAR} and {self.last_year}, or 'forthcoming' for a paper not yet "
                "published",
            )
            return None
        if first == value[:4] != value:
            self.problem(
                entry,
                f"year {_quote(value)} is a range: listed under {first}, its first year",
                "warning",
            )
        elif first != value:
            self.problem(
                entry,
                f"year {_quote(value)} holds a month: listed under {first}; write the month in the "
                "month field",
                "warning",
            )
        return int(first)

    @staticmethod
    def month_day(fields: dict[str, str]) -> tuple[int, int]:
        """Month and day from ``month`` (``aug``, ``August 15``, ``8``), ``day`` or ``date``."""
        if "month" not in fields and "date" not in fields and "day" not in fields:
            return 0, 0
        month = day = 0
        date = _DATE_RE.match(fields.get("date", "").strip())
        if date and date.group(2) and date.group(1).isascii():
            month, day = int(date.group(2)), int(date.group(3) or 0)
        # ASCII digits, at most two: int() of 4,301 digits raises (Python's int-string limit)
        words = re.findall(r"[A-Za-z]+|[0-9]{1,2}(?![0-9])|[0-9]+", fields.get("month", ""))
        if words:
            first = words[0].lower()
            if first.isdigit():
                month = int(first) if len(first) <= 2 else 0
            elif first[:3] in MONTH_NAMES:
                month = MONTH_NAMES.index(first[:3]) + 1
            numbers = [w for w in words[1:] if w.isdigit() and len(w) <= 2]
            if numbers:
                day = int(numbers[0])
        day_field = fields.get("day", "").strip()
        if day_field.isascii() and day_field.isdigit() and len(day_field) <= 2:
            day = int(day_field)
        if not 1 <= month <= 12:
            return 0, 0
        return month, day if 1 <= day <= 31 else 0

    def equal_contribution(self, entry: Entry, fields: dict, n_authors: int) -> tuple[int, ...]:
        value = fields.get("equal_contribution", "").strip()
        if not value:
            return ()
        parts = [p for p in re.split(r"[,;\s]+", value) if p]
        if not all(
            p.isascii() and p.isdigit() and len(p) <= 6 and 1 <= int(p) <= n_authors for p in parts
        ):
            self.problem(
                entry,
                f"equal_contribution {_quote(value)} must list author positions from 1 to "
                f"{n_authors}",
            )
            return ()
        return tuple(int(p) - 1 for p in parts)

    def arxiv_id(self, fields: dict) -> str:
        eprint = fields.get("eprint", "").strip()
        if eprint and (
            fields.get("archiveprefix", fields.get("eprinttype", "arxiv")).strip().lower()
            == "arxiv"
        ):
            match = _ARXIV_ID_RE.match(eprint)
            if match:
                return re.sub(r"v\d+$", "", match.group(1))
        if match := _ARXIV_ID_RE.match(fields.get("arxiv", "").strip()):  # al-folio's field
            return re.sub(r"v\d+$", "", match.group(1))
        for name in ("url", "pdf", "html"):
            match = _ARXIV_URL_RE.search(fields.get(name, ""))
            if match:
                return match.group(1)
        venue = " ".join(fields.get(name, "") for name in ("journal", "journaltitle", "booktitle"))
        return re.sub(r"v\d+$", "", arxiv_id_in_venue(venue))

    def doi(self, entry: Entry, fields: dict) -> str:
        """The DOI as 10.NNNN/..., whatever it was written as: doi:, DOI, doi.org/, a link."""
        value = fields.get("doi", "").strip()
        if not value:
            return ""
        match = _DOI_FIELD_RE.match(value) or _DOI_RE.search(_HREF_RE.sub(r" \1 ", value))
        doi = (match.group(1) if match.re is _DOI_FIELD_RE else match.group(0)) if match else ""
        doi = doi.rstrip(".,;")
        if not _DOI_RE.fullmatch(doi):
            self.problem(
                entry,
                f"doi {_quote(value)} is not a DOI (10.NNNN/...): fix or remove it",
                "warning",
            )
            return ""
        return doi

    def links(self, entry: Entry, fields: dict, arxiv_id: str, doi: str) -> dict[str, str]:
        links: dict[str, str] = {}
        if arxiv_id:
            links["arxiv"] = f"https://arxiv.org/abs/{arxiv_id}"
        if doi:
            links["doi"] = f"https://doi.org/{doi}"
        howpublished = fields.get("howpublished", "")
        if "url" not in fields and _is_link(howpublished):  # Scholar and JabRef: \url{...}
            fields = {**fields, "url": howpublished}
        for name, kind in LINK_FIELDS.items():
            value = fields.get(name, "").strip()
            if not value:
                continue
            url = normalise_link(value)
            scheme = _SCHEME_RE.match(url)
            if scheme is None:
                path = self.static_file(entry, name, value)
                if path and kind not in links:
                    links[kind] = path
            elif scheme.group(1).lower() not in ("http", "https") or _SPACE_RE.search(url):
                self.problem(
                    entry, f"{name} {_quote(value)} is not an http(s) link: use an https:// URL"
                )
            elif kind and kind not in links and url.rstrip("/") not in links.values():
                if not _same_arxiv(url, arxiv_id):
                    links[kind] = url
        return links

    def preview(self, entry: Entry, value: str) -> str:
        """al-folio's thumbnail: an http(s) URL, or an image of the book's ``_static/``."""
        value = value.strip()
        if not value:
            return ""
        url = normalise_link(value)
        scheme = _SCHEME_RE.match(url)
        if scheme is None:
            return self.static_file(entry, "preview", value)
        if scheme.group(1).lower() in ("http", "https") and not _SPACE_RE.search(url):
            return url
        self.problem(entry, f"preview '{value}' is not an http(s) link: use an https:// URL")
        return ""

    @cached_property
    def static(self) -> Path:
        """The book's ``_static/``: where a link's relative path must lead."""
        return find_book_root(Path(self.path)) / STATIC

    def static_file(self, entry: Entry, name: str, value: str) -> str:
        """``_static/PATH`` for a relative path naming a file of the book's ``_static/``, else ""
        with a warning (the link is left out, never broken)."""
        # Only TeX's escapes of special characters: r\&p.webp is r&p.webp, a_b.png stays a_b.png.
        relative = _TEX_ESCAPE_RE.sub(r"\1", value.strip()).removeprefix("./")
        relative = relative.removeprefix(f"{STATIC}/")
        target = (self.static / relative).resolve()
        inside = self.static.resolve() in target.parents
        if inside and target.is_file():
            return f"{STATIC}/{quote(target.relative_to(self.static.resolve()).as_posix())}"
        where = self.static / relative if inside else self.static
        self.problem(
            entry,
            f"{name} '{value}' names no file of this book (looked for {where}): save the file "
            f"under {STATIC}/ or use a full https:// link",
            "warning",
        )
        return ""


def _plain_text(value: str) -> str:
    """A display field (al-folio's Markdown, TeX accents) as plain text on one line."""
    text = _MARKDOWN_LINK_RE.sub(r"\1", latex_to_unicode(value))
    return " ".join(_MARKDOWN_EMPHASIS_RE.sub(r"\2", text).split())


def _quote(value: str, limit: int = 60) -> str:
    """`value` quoted for a one-line message: whitespace collapsed, cut at `limit` characters."""
    value = " ".join(value.split())
    return f"'{value[:limit]}...'" if len(value) > limit else f"'{value}'"


def _readable(text: str) -> str:
    """`text`, or :class:`BadValueError` if it holds control bytes or nests TeX groups too deep."""
    if match := _CONTROL_RE.search(text):
        raise BadValueError(
            f"holds the control character U+{ord(match.group(0)):04X} (a damaged file or a bad "
            "copy and paste): delete it"
        )
    if text.count("{") > MAX_BRACE_DEPTH and _brace_depth(text) > MAX_BRACE_DEPTH:
        raise BadValueError(
            f"braces nest more than {MAX_BRACE_DEPTH} deep: remove the extra {{ }} groups"
        )
    return text


def _brace_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def normalise_link(value: str) -> str:
    """The URL in a link field as exporters write it: an HTML anchor, ``\\url{..}``, two URLs
    (the first is kept), ``doi:10...``, or a bare host such as ``github.com/x``."""
    value = value.strip()
    if value.startswith(("https://", "http://")) and _PLAIN_URL_RE.fullmatch(value):
        return value  # the common case
    if match := _HREF_RE.search(value):
        value = match.group(1)
    elif match := _URL_MACRO_RE.match(value):
        value = match.group(1)
    words = value.split()
    urls = [w for w in words if re.match(r"https?://", w, re.I)]
    if len(words) > 1 and urls:
        value = urls[0]
    value = value.strip().rstrip(",;")
    if match := _DOI_FIELD_RE.match(value):
        if not value.lower().startswith("http"):
            return f"https://doi.org/{match.group(1)}"
    if _SCHEME_RE.match(value) is None and _HOST_RE.match(value):
        return f"https://{value}"
    return value


def _is_month(word: str) -> bool:
    """Whether `word` names a month, in full or cut short ("June", "Jan", "Sept")."""
    return MONTHS.get(word[:3].lower(), "-").startswith(word.lower())


def _is_link(value: str) -> bool:
    value = value.strip()
    return value.startswith(("\\url", "\\href", "http://", "https://", "<a "))


def _same_arxiv(url: str, arxiv_id: str) -> bool:
    match = _ARXIV_URL_RE.search(url)
    return bool(match and arxiv_id and match.group(1) == arxiv_id and "/abs/" in url)


def title_key(title: str) -> str:
    """Normalised title for spotting the same paper under two keys."""
    # NFKC: a title's scripts and styled letters (H₂CO, 𝒪) count as the plain ones (H2CO, O).
    return _TITLE_KEY_RE.sub(" ", unicodedata.normalize("NFKC", title).lower()).strip()


def identities(paper: Paper) -> list[tuple[str, str]]:
    """What makes two entries one paper: (what, value) for its DOI, arXiv id and normalised
    title, those it has. ``check`` warns on a shared one; ``add`` skips an entry that has one."""
    pairs = [
        ("DOI", paper.doi.lower()),
        ("arXiv id", paper.arxiv_id),
        ("title", title_key(paper.title)),
    ]
    return [(what, value) for what, value in pairs if value]


def find_likely_duplicates(papers: list[Paper], path: str) -> list[Problem]:
    """Warn about papers that share a DOI, an arXiv id or a normalised title with an earlier one."""
    problems, seen = [], {}
    for paper in papers:
        for label, value in identities(paper):
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
