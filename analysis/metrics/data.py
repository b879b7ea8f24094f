"""The metrics file, ``metrics.jsonl`` beside ``references.bib``: JSON lines, one record a line.

Why JSON lines: a refresh that changes one paper's count changes one line, so the pull request
that brings new counts reads as a list of papers; the standard library parses it (1,000 papers in
a few milliseconds), and the same records always give the same bytes (keys sorted, compact
separators, records in a fixed order), so a refresh that finds nothing new rewrites nothing.

Two kinds of line, in this order:

- a refresh, one a refresh that changed the file, oldest first: the history of totals
  (``citations``, ``h_index``, ``i10_index``, ``papers``, ``date``, ``source``);
- a paper, one per entry of the bibliography found, sorted by key (``key``, ``cited_by``,
  ``by_year``, ``openalex``, ``date``, ``source``), e.g. (one line in the file)::

    {"by_year": {"2025": 300, "2026": 400}, "cited_by": 700, "date": "2026-12-07",
     "key": "liu2024kan", "openalex": ["W4396788866"], "source": "OpenAlex"}

  ``openalex`` lists the works found for the entry, the one counted first (the most cited: a
  preprint and its published version indexed as two works count once, not twice); ``date`` is
  when that count was fetched, ``source`` where from; ``by_year`` is OpenAlex's citations per year
  (it keeps the last ten years).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

METRICS_FILE = "metrics.jsonl"
SOURCE = "OpenAlex"
RUN_HINT = "python -m analysis metrics"
_WORK_ID = re.compile(r"^W\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PaperCitations:
    """One entry's citations as the metrics file records them."""

    key: str
    cited_by: int
    by_year: dict[int, int]  # year -> citations received that year
    openalex: tuple[str, ...]  # work ids, the counted one first
    date: str  # YYYY-MM-DD, when the count was fetched
    source: str = SOURCE
    line: int = 0  # where it is in the file

    @property
    def citing_url(self) -> str:
        """OpenAlex's list of the works citing the counted work."""
        return f"https://openalex.org/works?filter=cites:{self.openalex[0]}"

    def record(self) -> dict:
        return {
            "key": self.key,
            "cited_by": self.cited_by,
            "by_year": {str(y): n for y, n in sorted(self.by_year.items())},
            "openalex": list(self.openalex),
            "date": self.date,
            "source": self.source,
        }


@dataclass(frozen=True)
class Refresh:
    """The totals after one refresh that changed the file."""

    date: str
    papers: int
    citations: int
    h_index: int
    i10_index: int
    source: str = SOURCE

    def record(self) -> dict:
        return {
            "date": self.date,
            "papers": self.papers,
            "citations": self.citations,
            "h_index": self.h_index,
            "i10_index": self.i10_index,
            "source": self.source,
        }


@dataclass(frozen=True)
class MetricsProblem:
    """A line of the metrics file that cannot be used, located."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Metrics:
    """The metrics file as read: its papers by key, its history, and what was wrong in it."""

    path: Path
    papers: dict[str, PaperCitations] = field(default_factory=dict)
    history: list[Refresh] = field(default_factory=list)
    problems: list[MetricsProblem] = field(default_factory=list)

    @property
    def as_of(self) -> str:
        """The date of the last refresh that changed the counts ("" without one)."""
        dates = [r.date for r in self.history] + [p.date for p in self.papers.values()]
        return max(dates, default="")

    @property
    def source(self) -> str:
        return self.history[-1].source if self.history else SOURCE

    def age_days(self, today: dt.date) -> int | None:
        return (today - dt.date.fromisoformat(self.as_of)).days if self.as_of else None


def metrics_path(bibliography: Path | str) -> Path:
    """Where the metrics file of a bibliography lives: beside it."""
    return Path(bibliography).parent / METRICS_FILE


def read_metrics(path: Path | str) -> Metrics | None:
    """The metrics file at `path`, or None when there is none. Lines that cannot be read are
    left out and described in ``problems``; the rest is kept (a bad line never stops a build)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        metrics = Metrics(path)
        metrics.problems.append(MetricsProblem(str(path), 0, f"cannot be read: {exc}"))
        return metrics
    return parse_metrics(text, path)


def parse_metrics(text: str, path: Path | str) -> Metrics:
    metrics = Metrics(Path(path))
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must be one JSON object")
            if "key" in record:
                paper = _paper(record, number)
                if paper.key in metrics.papers:
                    raise ValueError(f"'{paper.key}' is already on line "
                                     f"{metrics.papers[paper.key].line}")  # fmt: skip
                metrics.papers[paper.key] = paper
            else:
                metrics.history.append(_refresh(record))
        except (ValueError, TypeError, KeyError) as exc:
            message = f"{exc}; fix the line or run `{RUN_HINT}` to write the file again"
            metrics.problems.append(MetricsProblem(str(path), number, message))
    return metrics


def _paper(record: dict, line: int) -> PaperCitations:
    key, cited_by, ids = record["key"], record["cited_by"], record.get("openalex", [])
    if not isinstance(key, str) or not key:
        raise ValueError("'key' must name an entry of the bibliography")
    if not _count(cited_by):
        raise ValueError(f"{key}: 'cited_by' must be a whole number, 0 or more")
    if not isinstance(ids, list) or not ids or not all(_WORK_ID.match(str(i)) for i in ids):
        raise ValueError(f"{key}: 'openalex' must list OpenAlex work ids such as W2741809807")
    by_year = record.get("by_year", {})
    if not isinstance(by_year, dict) or not all(
        str(y).isdigit() and _count(n) for y, n in by_year.items()
    ):
        raise ValueError(f"{key}: 'by_year' must map years to whole numbers")
    return PaperCitations(
        key=key,
        cited_by=cited_by,
        by_year={int(y): n for y, n in by_year.items()},
        openalex=tuple(ids),
        date=_date(record["date"], key),
        source=str(record.get("source") or SOURCE),
        line=line,
    )


def _refresh(record: dict) -> Refresh:
    numbers = [record[name] for name in ("papers", "citations", "h_index", "i10_index")]
    if not all(_count(n) for n in numbers):
        raise ValueError("a refresh line needs whole numbers: papers, citations, h_index, "
                         "i10_index")  # fmt: skip
    return Refresh(_date(record["date"], "refresh"), *numbers, str(record.get("source") or SOURCE))


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _date(value, what: str) -> str:
    try:
        if isinstance(value, str) and _DATE.match(value):
            dt.date.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise ValueError(f"{what}: 'date' must be a date written YYYY-MM-DD, not {value!r}")


def render_metrics(papers: dict[str, PaperCitations], history: list[Refresh]) -> str:
    """The file's text: the history, then the papers sorted by key; the same data, same bytes."""
    records = [r.record() for r in history] + [papers[k].record() for k in sorted(papers)]
    return "".join(
        json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(", ", ": ")) + "\n"
        for r in records
    )


def write_metrics(path: Path, text: str) -> bool:
    """Write `text` atomically (a temporary file renamed over `path`); False when unchanged."""
    if path.exists() and path.read_bytes() == text.encode("utf-8"):
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
