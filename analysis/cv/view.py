"""What a CV shows, as plain data: dates, theme links, and one compact line a paper.

The CV page (``analysis.site.cv``) and the PDF (``analysis.cv.pdf``) both render from these, so
they list the same papers in the same order with the same marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from analysis.bib.filters import newest_first
from analysis.bib.model import Paper
from analysis.bib.names import shorten_authors
from analysis.cv.data import CV
from analysis.settings import Settings

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: str) -> str:
    """``2021-02`` -> ``Feb 2021``; ``2021`` stays."""
    year, _, month = value.partition("-")
    return f"{MONTHS[int(month) - 1]} {year}" if month else year


def date_range(item: dict) -> str:
    """``Feb 2021 – present`` (no end date: current), ``Sep 2016 – Jun 2020``."""
    start = format_date(item.get("startDate", "")) if item.get("startDate") else ""
    end = format_date(item["endDate"]) if item.get("endDate") else "present"
    return f"{start} – {end}" if start else ""


@dataclass(frozen=True)
class Highlight:
    """One item of a position; ``chapter`` set when it links a theme chapter."""

    text: str
    label: str = ""  # the words that link the chapter
    chapter: str = ""  # the chapter's page relative to the book root, e.g. chapters/physics-of-ai


def highlights(item: dict, settings: Settings) -> list[Highlight]:
    themes = {t.slug: t for t in settings.themes}
    found = []
    for value in item.get("highlights", []):
        if isinstance(value, str):
            found.append(Highlight(value))
            continue
        theme = themes.get(value.get("theme", ""))
        label = value.get("label") or (theme.title if theme else "")
        found.append(Highlight(value["text"], label, theme.chapter if theme else ""))
    return found


def venue_label(paper: Paper) -> str:
    """How the CV names the venue: ``NeurIPS``, ``NeurIPS 2023 UniReps workshop``, ``arXiv:ID``."""
    if paper.venue_type == "preprint" and paper.arxiv_id:
        return f"arXiv:{paper.arxiv_id}"
    if paper.venue_type == "workshop" and paper.venue_raw:
        return paper.venue_raw  # the workshop's own name, which a canonical name loses
    return paper.venue or paper.venue_raw


def paper_url(paper: Paper) -> str:
    for kind in ("doi", "arxiv", "url", "html", "pdf"):
        # Not a file of the book (_static/paper.pdf): the PDF CV lives outside the site.
        if paper.links.get(kind, "").startswith(("https://", "http://")):
            return paper.links[kind]
    return ""


def representative(cv: CV | None, papers: list[Paper]) -> list[Paper]:
    """The selected papers, newest year first; within a year in cv.yaml's order, then file order."""
    order = {key: rank for rank, key in enumerate(cv.section("representative") if cv else [])}
    chosen = [(index, p) for index, p in enumerate(papers) if p.selected]
    chosen.sort(key=lambda pair: (-pair[1].year, order.get(pair[1].key, len(order)), pair[0]))
    return [paper for _, paper in chosen]


def by_year(papers: list[Paper]) -> list[tuple[int, list[Paper]]]:
    """Newest first, as every list of the book: by year, then month and day, then file order."""
    ordered = sorted(papers, key=newest_first)
    return [(year, list(group)) for year, group in groupby(ordered, key=lambda p: p.year)]


def author_parts(paper: Paper) -> list[dict]:
    """Each author shown as {name, owner, equal}, a long list shortened around the owner as on
    the site (``… 412 more …``), and a trailing BibTeX ``others`` as ``et al.``."""
    names = paper.authors[:-1] if paper.et_al else paper.authors
    parts = []
    for shown in shorten_authors(len(names), paper.owner_positions):
        if isinstance(shown, range):
            parts.append({"name": f"… {len(shown)} more …", "owner": False, "equal": False})
            continue
        parts.append(
            {
                "name": names[shown],
                "owner": shown in paper.owner_positions,
                "equal": shown in paper.equal_contribution,
            }
        )
    if paper.et_al:
        parts.append({"name": "et al.", "owner": False, "equal": False})
    return parts


def paper_record(paper: Paper) -> dict:
    """One paper as the PDF template reads it."""
    return {
        "key": paper.key,
        "title": paper.title,
        "authors": author_parts(paper),
        "venue": venue_label(paper),
        "year": paper.year,
        "honors": list(paper.honors),
        "collaboration": paper.collaboration_label,
        "url": paper_url(paper),
    }


# The CV's sections in the order the CV page and the PDF show them: (key, heading).
SECTIONS = (
    ("work", "Experience"),
    ("education", "Education"),
    ("media", "Media coverage"),
    ("service", "Service"),
    ("teaching", "Teaching"),
    ("representative", "Representative papers"),
    ("publications", "Full publication list"),
    ("skills", "Skills and languages"),
)
PUBLICATION_SECTIONS = ("representative", "publications")


def section_titles(cv: CV, papers: list[Paper], keys=None) -> list[str]:
    """The headings of the sections with content, in order (``keys`` limits which)."""
    present = {
        "work": bool(cv.section("work")),
        "education": bool(cv.section("education")),
        "media": bool(cv.section("media")),
        "service": bool(cv.service.get("reviewing") or cv.service.get("organising")),
        "teaching": bool(cv.section("teaching")),
        "representative": any(p.selected for p in papers),
        "publications": bool(papers),
        "skills": bool(cv.section("skills") or cv.section("languages")),
    }
    return [title for key, title in SECTIONS if present[key] and (keys is None or key in keys)]
