"""What ``check`` says of the metrics file: stale counts, papers the bibliography no longer has,
lines that cannot be read. Warnings all: citation counts never stop a build."""

from __future__ import annotations

import datetime as dt

from analysis.bib.model import Bibliography, Problem
from analysis.metrics.data import RUN_HINT, Metrics

STALE_DAYS = 30


def metrics_problems(metrics: Metrics | None, bibliography: Bibliography, today: dt.date):
    """Every problem of the metrics file, located; none without a file."""
    if metrics is None:
        return []
    path = str(metrics.path)
    problems = [Problem(path, p.line, "-", p.message, "warning") for p in metrics.problems]
    age = metrics.age_days(today)
    if age is not None and age > STALE_DAYS:
        message = f"the citation counts are {age} days old (as of {metrics.as_of}); refresh them: "
        problems.append(Problem(path, 1, "-", message + RUN_HINT, "warning"))
    keys = {p.key for p in bibliography.papers}
    for record in metrics.papers.values():
        if record.key not in keys:
            problems.append(Problem(path, record.line, record.key, f"no entry '{record.key}' in "
                            f"{bibliography.path.name}: run `{RUN_HINT}` to drop its counts",
                            "warning"))  # fmt: skip
    return problems
