"""The ``paper`` role: a citation in prose that links to the paper's card.

::

    {paper}`liu2024kan`            -> the paper's title, as the bib writes it, linked
    {paper}`KAN <liu2024kan>`      -> "KAN", linked

The link goes to the paper's card in the page's own list when the page lists the paper, else to
its card on the publications page (``portfolio_publications_page``), else to any page listing it.
So a page has one list, its own: no reference list of lower-cased titles under the prose. A key
the bibliography does not have is a located build error.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from analysis.bib.labels import venue_label
from analysis.site.papers.render import paper_anchor
from analysis.site.papers.titles import title_node
from analysis.site.state import get_bibliography
from analysis.site.warnings import PortfolioWarning, warn

_EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<key>[^<>]+)>$", re.S)
# env attribute: docname -> keys of the papers its publications lists show
LISTED = "portfolio_listed_papers"


class paper_citation(nodes.inline):  # noqa: N801 (docutils names nodes in lower case)
    """A citation whose target page is known only once every page has been read.

    The post-transform below turns it into a plain reference, so no builder needs a visitor.
    """


class PaperRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = _EXPLICIT.match(self.text)
        key = (match.group("key") if match else self.text).strip()
        paper = get_bibliography(self.env).by_key().get(key)
        if paper is None:
            warn(
                PortfolioWarning.PAPER,
                f"no entry '{key}' in the bibliography: use the key of one of its entries, "
                "e.g. {paper}`liu2024kan`",
                self.get_location(),
                error=True,
            )
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        node = paper_citation("", portfolio_key=key)
        if match:
            node += nodes.Text(match.group("text"))
        else:
            node += title_node(paper)
        return [node], []


class ResolveCitations(SphinxPostTransform):
    """Points each citation at the card on this page, or on the page that lists all papers."""

    default_priority = 5  # before Sphinx's own reference resolution

    def run(self, **kwargs) -> None:
        listed: dict[str, set[str]] = getattr(self.env, LISTED, {})
        docname = self.env.docname
        home = self.config.portfolio_publications_page
        for node in list(self.document.findall(paper_citation)):
            key = node["portfolio_key"]
            anchor = paper_anchor(key)
            if key in listed.get(docname, ()):
                target = None
            elif key in listed.get(home, ()):
                target = home
            else:
                pages = sorted(page for page, keys in listed.items() if key in keys)
                if not pages:
                    warn(
                        PortfolioWarning.PAPER,
                        f"no page lists '{key}', so its citation links nowhere: list it with a "
                        "publications directive",
                        node,
                    )
                    node.replace_self(nodes.inline("", "", *node.children))
                    continue
                target = pages[0]
            paper = get_bibliography(self.env).by_key()[key]
            link = nodes.reference(
                "",
                "",
                *node.children,
                internal=True,
                classes=["portfolio-cite"],
                reftitle=f"{paper.title} ({venue_label(paper)})",
            )
            if target is None:
                link["refid"] = anchor
            else:
                uri = self.app.builder.get_relative_uri(docname, target)
                link["refuri"] = f"{uri}#{anchor}"
            node.replace_self(link)


def note_listed(env, docname: str, keys: list[str]) -> None:
    """Record that `docname` lists the papers `keys` (called by the publications directive)."""
    if not hasattr(env, LISTED):
        setattr(env, LISTED, {})
    getattr(env, LISTED).setdefault(docname, set()).update(keys)


class ListedPapersCollector(EnvironmentCollector):
    """Keeps, per page, the papers its lists show: forgotten when the page is re-read, merged
    from parallel readers. (The directive notes them as it runs: nothing to collect after.)"""

    def clear_doc(self, app, env, docname: str) -> None:
        getattr(env, LISTED, {}).pop(docname, None)

    def merge_other(self, app, env, docnames, other) -> None:
        for docname in docnames:
            keys = getattr(other, LISTED, {}).get(docname)
            if keys:
                note_listed(env, docname, sorted(keys))

    def process_doc(self, app, doctree) -> None:
        pass


def setup(app) -> None:
    app.add_role("paper", PaperRole())
    app.add_node(paper_citation)
    app.add_post_transform(ResolveCitations)
    app.add_env_collector(ListedPapersCollector)
