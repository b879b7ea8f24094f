"""The chart tests' fixture: tests/fixtures/charts.bib, seven papers owned by Ada Owner."""

from __future__ import annotations

from analysis.bib.loader import parse_bibliography
from analysis.bib.model import Paper
from analysis.settings import Settings, parse_themes
from tests.support.book import FIXTURES

CHARTS_BIB = FIXTURES / "charts.bib"
OWNER = Settings(
    owner=("Ada Owner",),
    themes=parse_themes(
        [
            {"slug": "physics-of-ai", "title": "Physics of AI"},
            {"slug": "ai-for-science", "title": "AI for Science"},
            {"slug": "math-for-ai", "title": "Math for AI"},
        ]
    ),
)


def load_chart_papers() -> list[Paper]:
    """The fixture's papers, owned by Ada Owner; the fixture must load without any problem."""
    bibliography = parse_bibliography(CHARTS_BIB.read_text(encoding="utf-8"), CHARTS_BIB, OWNER)
    assert bibliography.problems == []
    return bibliography.papers
