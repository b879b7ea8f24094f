"""What a CV shows, as plain data: dates, theme links, and one compact line a paper.

The CV page (``analysis.site.cv``) and the PDF (``analysis.cv.pdf``) both render from these, so
they list the same papers in the same order with the same marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from analysis.bib.filters import newest_first
from analysis.bib.labels import shown_authors, venue_label
from analysis.bib.model import Paper
from analysis.bib.values import MONTHS
from analysis.cv.data import CV
from analysis.settings import Settings


def format_date(value: str) -> str:
    """``2021-02`` -> ``Feb 2021``; ``2021`` stays."""
    year, _, month = value.partition("-")
    return f"{list(MONTHS)[int(month) - 1].capitalize()} {year}" if month else year


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


def by_year(papers: list[Paper]) -> list[tuple[str, list[Paper]]]:
    """Newest first, as every list of the book: forthcoming papers, then by year, month and day,
    then file order; each group under its year label ("2023", "Forthcoming")."""
    ordered = sorted(papers, key=newest_first)
    return [(year, list(group)) for year, group in groupby(ordered, key=lambda p: p.year_label)]


def author_parts(paper: Paper) -> list[dict]:
    """Each author shown as {name, owner, equal}, a long list shortened around the owner as on
    the site (``… 412 more …``), and a trailing BibTeX ``others`` as ``et al.``."""
    parts = [{"name": a.name, "owner": a.owner, "equal": a.equal} for a in shown_authors(paper)]
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
        "year": "" if paper.forthcoming else str(paper.year),
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


def cv_sections(cv: CV, papers: list[Paper], settings: Settings, site_url: str = "") -> dict:
    """The CV's sections as plain data, keyed as :data:`SECTIONS`: the CV page and the PDF both
    render this, so they show the same entries in the same order in the same words.

    Papers stay :class:`Paper` objects (each renderer writes them its way); a highlight names
    its theme chapter (``chapter``) and, with `site_url`, that chapter's address (``url``).
    """
    service = cv.service
    return {
        "work": [
            {
                "name": item["name"],
                "position": item.get("position", ""),
                "location": item.get("location", ""),
                "dates": date_range(item),
                "highlights": [
                    {
                        "label": h.label,
                        "text": h.text,
                        "chapter": h.chapter,
                        "url": f"{site_url}{h.chapter}.html" if site_url and h.chapter else "",
                    }
                    for h in highlights(item, settings)
                ],
            }
            for item in cv.section("work")
        ],
        "education": [
            {
                "institution": item["institution"],
                "degree": ", ".join(filter(None, (item.get("studyType"), item.get("area")))),
                "location": item.get("location", ""),
                "dates": date_range(item),
            }
            for item in cv.section("education")
        ],
        "media": [
            {
                "outlet": m["outlet"],
                "title": m["title"],
                "url": m.get("url", ""),
                "date": format_date(m["date"]) if m.get("date") else "",
            }
            for m in cv.section("media")
        ],
        "service": {
            "reviewing": service.get("reviewing", []),
            "organising": [
                {"role": o.get("role", ""), "event": o["event"], "editions": o.get("editions", [])}
                for o in service.get("organising", [])
            ],
        },
        "teaching": [
            {"title": t["title"], "summary": t.get("summary", ""), "url": t.get("url", "")}
            for t in cv.section("teaching")
        ],
        "skills": cv.section("skills"),
        "languages": [
            {"language": lang["language"], "fluency": lang.get("fluency", "")}
            for lang in cv.section("languages")
        ],
        "representative": representative(cv, papers),
        "publications": by_year(papers),
    }


def present_sections(sections: dict) -> list[str]:
    """The keys of the sections of :func:`cv_sections` that have content, in the CV's order."""
    has = {
        **{key: bool(value) for key, value in sections.items()},
        "service": any(sections["service"].values()),
        "skills": bool(sections["skills"] or sections["languages"]),
    }
    return [key for key, _ in SECTIONS if has[key]]
