"""A paper's title as docutils nodes: its text as text nodes, its math as MathML.

Text stays in ``Text`` nodes, so the HTML writer escapes it and Sphinx's search indexes its words
as it does any paragraph. Each formula is a raw HTML node holding MathML (browsers render it
without JavaScript, screen readers read it); Sphinx's search indexes raw HTML with its tags
stripped, so the formula's characters are searchable too. The LaTeX builder gets the formula's
TeX as written.
"""

from __future__ import annotations

from docutils import nodes

from analysis.bib.latex import math_html, title_parts
from analysis.bib.model import Paper


def title_node(paper: Paper) -> nodes.inline:
    """`paper`'s title as an inline node: the one place a title becomes a node.

    Cards and ``{paper}`` citations both show titles through this function.
    """
    if not paper.title_tex:
        return nodes.inline("", paper.title)
    return tex_node(paper.title_tex)


def tex_node(tex: str) -> nodes.inline:
    """Text written in TeX (a title, an abstract) as an inline node: text, and math as MathML."""
    node = nodes.inline()
    for kind, value in title_parts(tex):
        if kind == "text":
            node += nodes.Text(value)
        else:
            node += nodes.raw("", math_html(value), format="html")
            node += nodes.raw("", f"${value}$", format="latex")
    return node
