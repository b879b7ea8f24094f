"""The ``data-decisions`` directive: every entry's ``decision``, on one page about the data.

Where the sources of ``references.bib`` disagree, the entry's ``decision`` field says what was
chosen. That is for the owner and the curious, not for every reader of a paper card, so cards
do not show it; this list does, each entry linked to its card on the publications page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from analysis.bib.labels import venue_label
from analysis.site.papers.citations import paper_citation
from analysis.site.papers.titles import title_node
from analysis.site.state import bibliography_path, get_bibliography


class DataDecisionsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(bibliography_path(self.env)))
        papers = [p for p in get_bibliography(self.env).papers if p.decision]
        if not papers:
            return [nodes.paragraph("", "No entry records a decision.")]
        items = nodes.bullet_list(classes=["portfolio-decisions"])
        for paper in papers:
            cite = paper_citation("", "", title_node(paper), portfolio_key=paper.key)
            key = nodes.literal(paper.key, paper.key)
            where = nodes.Text(f" ({venue_label(paper)}, ")
            item = nodes.list_item()
            item += nodes.paragraph("", "", cite, where, key, nodes.Text("): " + paper.decision))
            items += item
        return [items]
