"""What the pages show, computed from the metrics file: pure functions, no I/O.

A paper is counted once however it is written down: entries that share a DOI, an arXiv id, a
normalised title or an OpenAlex work (a preprint and its published version kept as two entries)
form one group, and the group counts the largest of its counts, never their sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.bib.disjoint import DisjointSets
from analysis.bib.model import Paper
from analysis.bib.papers import title_key
from analysis.metrics.data import Metrics, PaperCitations

YEARS_KEPT = 10  # OpenAlex's counts_by_year covers the last ten years


@dataclass(frozen=True)
class Summary:
    """The headline numbers and where they come from: "OpenAlex, as of 2026-12-07"."""

    papers: int  # papers counted (after merging versions of one paper)
    citations: int
    h_index: int
    i10_index: int
    source: str
    as_of: str

    @property
    def attribution(self) -> str:
        return f"{self.source}, as of {self.as_of}"

    @property
    def line(self) -> str:
        """One sentence for the landing page, the CV page and the PDF CV."""
        return (
            f"{self.citations:,} citations, h-index {self.h_index}, i10-index {self.i10_index} "
            f"({self.attribution})"
        )


def groups(papers: Sequence[Paper], metrics: Metrics) -> list[list[Paper]]:
    """The papers in groups of one paper each, versions of one paper together, in file order."""
    sets = DisjointSets(len(papers))
    seen: dict[tuple[str, str], int] = {}
    for index, paper in enumerate(papers):
        record = metrics.papers.get(paper.key)
        identities = [("doi", paper.doi.lower()), ("arxiv", paper.arxiv_id)]
        identities += [("title", title_key(paper.title))]
        identities += [("openalex", w) for w in (record.openalex if record else ())]
        for identity in identities:
            if not identity[1]:
                continue
            sets.join(index, seen.setdefault(identity, index))
    return [[papers[i] for i in group] for group in sets.groups().values()]


def counted(papers: Sequence[Paper], metrics: Metrics | None) -> dict[str, PaperCitations]:
    """Each paper's count as the pages show it (its group's largest); papers the file lacks are
    left out: the pages show no number for them, never a 0."""
    if metrics is None:
        return {}
    return {p.key: best for group, best in _counted_groups(papers, metrics) for p in group}


def group_counts(papers: Sequence[Paper], metrics: Metrics) -> list[tuple[Paper, PaperCitations]]:
    """One (paper, count) per group with a count: the group's first paper and largest count."""
    return [(group[0], best) for group, best in _counted_groups(papers, metrics)]


def _counted_groups(papers: Sequence[Paper], metrics: Metrics):
    """(group, its largest count) for every group the file counts."""
    for group in groups(papers, metrics):
        records = [metrics.papers[p.key] for p in group if p.key in metrics.papers]
        if records:
            yield group, max(records, key=lambda r: r.cited_by)


def h_index(counts: Iterable[int]) -> int:
    """The largest h such that h papers have at least h citations each."""
    ranked = sorted(counts, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def i10_index(counts: Iterable[int]) -> int:
    """Papers with at least ten citations."""
    return sum(1 for count in counts if count >= 10)


def summarise(papers: Sequence[Paper], metrics: Metrics | None) -> Summary | None:
    """The headline numbers, or None when there is nothing to say (no file, no paper found)."""
    if metrics is None:
        return None
    pairs = group_counts(papers, metrics)
    if not pairs:
        return None
    counts = [record.cited_by for _, record in pairs]
    return Summary(
        papers=len(pairs),
        citations=sum(counts),
        h_index=h_index(counts),
        i10_index=i10_index(counts),
        source=metrics.source,
        as_of=metrics.as_of,
    )


def last_years(as_of: str, years: int = YEARS_KEPT) -> list[int]:
    """The years OpenAlex's per-year counts cover on `as_of`: the last ten, this one included."""
    end = int(as_of[:4])
    return list(range(end - years + 1, end + 1))


def per_year(record: PaperCitations, years: Sequence[int]) -> list[int]:
    """The record's citations in each of `years`, 0 where OpenAlex lists none."""
    return [record.by_year.get(year, 0) for year in years]
