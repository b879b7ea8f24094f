"""Sphinx extension: the CV page, the landing page's profile and the PDF CV, all from cv.yaml.

- ``:::{profile}`` (landing page): portrait (or a placeholder with the initials), the
  native-script name (with its ``lang``), role, position, and the contact links as icons; plus
  schema.org JSON-LD ``Person``.
- ``:::{cv}`` (CV page): the CV's sections from cv.yaml, and the publication lists as a CV has
  them, one compact line a paper (``:sections: work, media`` limits it; ``:bare:`` drops the
  section headings, for a list on another page).
- At the end of an HTML build, ``cv.pdf`` and ``publications.pdf`` at the site root (rebuilt only
  when what they show, the template or the compiler changed).

A book without cv.yaml builds as before: the directives render nothing and no PDF is written. A
cv.yaml with problems fails the build with the same located messages as ``python -m analysis
check``.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from analysis.bib.labels import venue_label
from analysis.bib.model import Paper
from analysis.cv.data import CV, cv_path
from analysis.cv.pdf import CV_PDF, PUBLICATIONS_PDF, build_pdfs, position_line
from analysis.cv.view import SECTIONS, cv_sections, present_sections
from analysis.site.papers.jsonld import script_safe_json
from analysis.site.papers.metrics import summary
from analysis.site.papers.render import author_nodes, paper_anchor, safe_href
from analysis.site.papers.titles import title_node
from analysis.site.state import bibliography_path, get_bibliography, get_cv, get_settings

logger = logging.getLogger(__name__)
# Network (lower case) -> Font Awesome classes the theme's stylesheet draws.
ICONS = {
    "email": "fa-solid fa-envelope",
    "cv": "fa-solid fa-file-pdf",
    "website": "fa-solid fa-globe",
    "google scholar": "fa-brands fa-google-scholar",
    "github": "fa-brands fa-github",
    "orcid": "fa-brands fa-orcid",
    "arxiv": "fa-solid fa-scroll",
    "linkedin": "fa-brands fa-linkedin",
    "x": "fa-brands fa-x-twitter",
    "twitter": "fa-brands fa-x-twitter",
    "bluesky": "fa-brands fa-bluesky",
}


def _to_root(docname: str, target: str) -> str:
    """`target` (a file at the site root) relative to the page `docname`."""
    return "../" * docname.count("/") + target


class _CVDirective(SphinxDirective):
    has_content = False

    def cv(self) -> CV | None:
        # A page showing the CV is re-read when cv.yaml or the bibliography changes.
        self.env.note_dependency(str(cv_path(self.env.srcdir)))
        self.env.note_dependency(str(bibliography_path(self.env)))
        return get_cv(self.env)

    def raw(self, text: str) -> nodes.raw:
        return nodes.raw("", text, format="html")


class ProfileDirective(_CVDirective):
    """The landing page's profile card and its JSON-LD ``Person``."""

    def run(self) -> list[nodes.Node]:
        cv = self.cv()
        if cv is None:
            return []
        basics, docname = cv.basics, self.env.docname
        portrait = basics.get("image", "")
        if portrait:
            src = html.escape(_to_root(docname, portrait))
            alt = f"Portrait of {_e(basics['name'])}"
            # Sized, so the text beside it does not move when it arrives.
            figure = f'<img class="cv-portrait" src="{src}" alt="{alt}" width="128" height="128">'
        else:  # a placeholder the owner fills by naming an image in cv.yaml's basics.image
            initials = "".join(part[0] for part in basics["name"].split()[:2])
            figure = (
                f'<span class="cv-portrait cv-initials" aria-hidden="true">{_e(initials)}</span>'
            )
        lines = []
        if basics.get("nativeName"):
            lang = _e(basics.get("nativeLang", ""))
            lines.append(
                f'<p class="cv-native"><span lang="{lang}">{_e(basics["nativeName"])}</span></p>'
            )
        if basics.get("label"):
            lines.append(f'<p class="cv-label">{_e(basics["label"])}</p>')
        position = position_line(basics)
        if position:
            lines.append(f'<p class="cv-position">{_e(position)}</p>')
        links = self.links(basics, docname)
        text = "\n".join(lines)
        card = (
            f'<div class="cv-profile">\n{figure}\n<div class="cv-profile-text">\n{text}\n'
            f'<ul class="cv-links" aria-label="Contact and links">\n{links}\n</ul>\n</div>\n</div>'
        )
        return [self.raw(card), self.raw(person_json_ld(cv, self.config.html_baseurl or ""))]

    def links(self, basics: dict, docname: str) -> str:
        items = []
        if basics.get("email"):
            # Percent-encoded, as Sphinx writes mailto links (a little less harvestable).
            items.append(("email", f"mailto:{quote(basics['email'], safe='')}", basics["email"]))
        items.append(("cv", _to_root(docname, CV_PDF), "CV (PDF)"))
        if basics.get("url"):
            items.append(("website", basics["url"], "Website"))
        items += [(p["network"], p["url"], p["network"]) for p in basics.get("profiles", [])]
        rendered = []
        for network, url, label in items:
            href = url if url.startswith("mailto:") else safe_href(url)
            if href is None:
                continue
            icon = ICONS.get(network.lower(), "fa-solid fa-link")
            rendered.append(
                f'<li><a href="{_e(href)}"><span class="{icon}" aria-hidden="true"></span>'
                f"{_e(label)}</a></li>"
            )
        return "\n".join(rendered)


def person_json_ld(cv: CV, site_url: str) -> str:
    """schema.org ``Person`` as a ``<script>`` block that no value can end early."""
    basics = cv.basics
    person = {"@context": "https://schema.org", "@type": "Person", "name": basics["name"]}
    if basics.get("nativeName"):
        person["alternateName"] = basics["nativeName"]
    if basics.get("label"):
        person["jobTitle"] = basics["label"]
    if basics.get("email"):
        person["email"] = f"mailto:{basics['email']}"
    if basics.get("url"):
        person["url"] = basics["url"]
    affiliations = [
        {"@type": "Organization", "name": a["name"], **({"url": a["url"]} if a.get("url") else {})}
        for a in basics.get("affiliations", [])
    ]
    if affiliations:
        person["affiliation"] = affiliations
    same_as = [p["url"] for p in basics.get("profiles", [])] + (
        [basics["url"]] if basics.get("url") else []
    )
    if same_as:
        person["sameAs"] = same_as
    if basics.get("image") and site_url:
        person["image"] = site_url.rstrip("/") + "/" + basics["image"]
    return f'<script type="application/ld+json">{script_safe_json(person)}</script>'


def _sections_option(argument: str | None) -> list[str]:
    keys = [k.strip() for k in directives.unchanged_required(argument).split(",") if k.strip()]
    known = [key for key, _ in SECTIONS]
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"unknown section {', '.join(unknown)}: use {', '.join(known)}")
    return keys


class CVDirective(_CVDirective):
    """The CV's sections from cv.yaml and the book's papers."""

    option_spec = {"sections": _sections_option, "bare": directives.flag}

    def run(self) -> list[nodes.Node]:
        cv = self.cv()
        if cv is None:
            return []
        papers = get_bibliography(self.env).papers
        sections = cv_sections(cv, papers, get_settings(self.env))
        wanted = self.options.get("sections") or [key for key, _ in SECTIONS]
        titles = dict(SECTIONS)
        result: list[nodes.Node] = []
        if "sections" not in self.options:
            result.append(self.downloads())
        for key in present_sections(sections):
            if key not in wanted:
                continue
            body = getattr(self, f"render_{key}")(sections)
            if "bare" in self.options:
                result += body
                continue
            title = titles[key]
            section = nodes.section(ids=[nodes.make_id(f"cv-{title}")], classes=["cv-section"])
            section += nodes.title(title, title)
            section += body
            result.append(section)
        return result

    def downloads(self) -> nodes.paragraph:
        para = nodes.paragraph(classes=["cv-downloads"])
        for index, (target, label) in enumerate(
            ((CV_PDF, "CV (PDF)"), (PUBLICATIONS_PDF, "Publications (PDF)"))
        ):
            if index:
                para += nodes.Text(" · ")
            para += nodes.reference(label, label, refuri=_to_root(self.env.docname, target))
        return para

    # One method a section: each renders its part of the view model both the page and the PDF
    # read (analysis.cv.view.cv_sections); only sections with content are rendered.
    def render_work(self, sections: dict) -> list[nodes.Node]:
        body = []
        for item in sections["work"]:
            body.append(_entry(item["name"], item["dates"], item["position"], item["location"]))
            items = nodes.bullet_list(classes=["cv-highlights"])
            for highlight in item["highlights"]:
                para = nodes.paragraph()
                if highlight["label"]:
                    label = nodes.strong(highlight["label"], highlight["label"])
                    if highlight["chapter"]:
                        uri = self.doc_uri(highlight["chapter"])
                        label = nodes.reference("", "", label, refuri=uri) if uri else label
                    para += label
                    para += nodes.Text(": ")
                para += nodes.Text(highlight["text"])
                items += nodes.list_item("", para)
            if len(items):
                body.append(items)
        return body

    def render_education(self, sections: dict) -> list[nodes.Node]:
        return [
            _entry(item["institution"], item["dates"], item["degree"], item["location"])
            for item in sections["education"]
        ]

    def render_media(self, sections: dict) -> list[nodes.Node]:
        items = []
        for media in sections["media"]:
            para = nodes.paragraph("", f"{media['outlet']}, ")
            quoted = f"“{media['title']}”"
            href = safe_href(media["url"])
            para += nodes.reference(quoted, quoted, refuri=href) if href else nodes.Text(quoted)
            if media["date"]:
                para += nodes.Text(f", {media['date']}")
            items.append(nodes.list_item("", para))
        return [nodes.bullet_list("", *items)]

    def render_service(self, sections: dict) -> list[nodes.Node]:
        service, body = sections["service"], []
        reviewing = [f"{r['category']}: {', '.join(r['venues'])}" for r in service["reviewing"]]
        for label, lines in (
            ("Reviewing", reviewing),
            (
                "Organising",
                [
                    " of the ".join(filter(None, (o["role"], o["event"])))
                    + (f" ({', '.join(o['editions'])})" if o["editions"] else "")
                    for o in service["organising"]
                ],
            ),
        ):
            if lines:
                body.append(nodes.rubric(label, label, classes=["cv-subsection"]))
                body.append(_bullets(lines))
        return body

    def render_teaching(self, sections: dict) -> list[nodes.Node]:
        items = []
        for course in sections["teaching"]:
            para = nodes.paragraph()
            title = nodes.strong(course["title"], course["title"])
            href = safe_href(course["url"])
            para += nodes.reference("", "", title, refuri=href) if href else title
            if course["summary"]:
                para += nodes.Text(f": {course['summary']}")
            items.append(nodes.list_item("", para))
        return [nodes.bullet_list("", *items)]

    def render_skills(self, sections: dict) -> list[nodes.Node]:
        items = [_labelled(s["name"], ", ".join(s["keywords"])) for s in sections["skills"]]
        if sections["languages"]:
            text = ", ".join(
                lang["language"] + (f" ({lang['fluency']})" if lang["fluency"] else "")
                for lang in sections["languages"]
            )
            items.append(_labelled("Languages", text))
        return [nodes.bullet_list("", *items)]

    def render_representative(self, sections: dict) -> list[nodes.Node]:
        chosen = sections["representative"]
        listing = nodes.enumerated_list(
            enumtype="arabic", prefix="", suffix=".", classes=["cv-papers"]
        )
        for paper in chosen:
            listing += nodes.list_item("", self.paper_line(paper))
        return [listing, *self.legend(chosen)]

    def render_publications(self, sections: dict) -> list[nodes.Node]:
        body, papers = [], []
        for year, group in sections["publications"]:
            body.append(nodes.rubric(str(year), str(year), classes=["cv-year"]))
            listing = nodes.bullet_list(classes=["cv-papers"])
            for paper in group:
                listing += nodes.list_item("", self.paper_line(paper))
            body.append(listing)
            papers += group
        return body + self.legend(papers)

    def legend(self, papers: list[Paper]) -> list[nodes.Node]:
        if not any(p.equal_contribution for p in papers):
            return []
        return [nodes.paragraph("", "* equal contribution", classes=["cv-legend"])]

    def paper_line(self, paper: Paper) -> nodes.paragraph:
        """Authors (owner marked, * equal contribution). Title. Venue, year. Honours."""
        para = nodes.paragraph(classes=["cv-paper"])
        para.extend(author_nodes(paper, "cv-owner"))
        last = "et al." if paper.et_al else paper.authors[-1]
        para += nodes.Text(
            _stop(f"({paper.collaboration_label})" if paper.collaboration else last) + " "
        )
        title = title_node(paper)  # as the cards write it (math included)
        title["classes"].append("cv-paper-title")
        uri = self.doc_uri(self.config.portfolio_publications_page, paper_anchor(paper.key))
        para += nodes.reference("", "", title, refuri=uri) if uri else title
        para += nodes.Text(_stop(paper.title) + " ")
        venue = venue_label(paper)
        para += nodes.emphasis(venue, venue)
        para += nodes.Text(
            ("" if paper.forthcoming or str(paper.year) in venue else f", {paper.year}") + "."
        )
        for honor in paper.honors:
            para += nodes.Text(" ")
            para += nodes.inline(honor, honor, classes=["portfolio-badge", "portfolio-honor"])
        return para

    def doc_uri(self, docname: str, anchor: str = "") -> str:
        """A link from this page to `docname` (None-safe: "" when the book has no such page)."""
        if docname not in self.env.found_docs:
            return ""
        builder = self.env.app.builder
        try:
            uri = relative_uri(
                builder.get_target_uri(self.env.docname), builder.get_target_uri(docname)
            )
        except Exception:  # noqa: BLE001 - a builder without page URIs: no link
            return ""
        return uri + (f"#{anchor}" if anchor else "")


def _stop(text: str) -> str:
    return "" if text.rstrip().endswith((".", "?", "!")) else "."


def _entry(title: str, dates: str, subtitle: str, place: str) -> nodes.container:
    entry = nodes.container(classes=["cv-entry"])
    head = nodes.paragraph(classes=["cv-entry-head"])
    head += nodes.strong(title, title)
    if dates:
        head += nodes.inline(dates, dates, classes=["cv-dates"])
    entry += head
    detail = " · ".join(filter(None, (subtitle, place)))
    if detail:
        entry += nodes.paragraph(detail, detail, classes=["cv-entry-detail"])
    return entry


def _bullets(lines: list[str]) -> nodes.bullet_list:
    return nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph(t, t)) for t in lines))


def _labelled(label: str, text: str) -> nodes.list_item:
    para = nodes.paragraph()
    para += nodes.strong(label, label)
    para += nodes.Text(f": {text}")
    return nodes.list_item("", para)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def write_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """``cv.pdf`` and ``publications.pdf`` at the site root, after a successful HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    cv = get_cv(app.env)
    if cv is None:
        return
    out = Path(app.outdir)
    targets = {"cv": out / CV_PDF, "publications": out / PUBLICATIONS_PDF}
    written = build_pdfs(
        cv,
        get_bibliography(app.env).papers,
        get_settings(app.env),
        targets,
        app.config.html_baseurl or "",
        Path(app.doctreedir) / "portfolio-cv",
        citations_line(app),
    )
    if written:
        logger.info(f"portfolio: wrote {', '.join(p.name for p in written)}")


def citations_line(app: Sphinx) -> str:
    numbers = summary(app.env)
    return numbers.line if numbers else ""


def setup(app: Sphinx) -> dict:
    app.setup_extension("analysis.site.papers")  # the book's state, its cards' styles
    app.add_directive("profile", ProfileDirective)
    app.add_directive("cv", CVDirective)
    app.connect("build-finished", write_pdfs)
    app.add_css_file("cv.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
