"""The build's state: the book's settings, bibliography, CV and citation counts, read once a build.

They are built at ``builder-inited`` and kept on the environment (``env.portfolio_state``), as
MyST-NB keeps ``env.mystnb_config``: every directive, role and writer of the site reads them
through :func:`get_settings`, :func:`get_bibliography`, :func:`get_cv` and :func:`get_metrics`, so
references.bib, cv.yaml and metrics.jsonl are parsed once per build, not once per page. This
module imports nothing else of the site, so every room of it can import this one.

A references.bib, cv.yaml or ``_config.yml`` setting with errors stops the build before any page
is read (:func:`stop_build`), with the same located messages as ``python -m analysis check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from analysis.bib.loader import load_bibliography
from analysis.bib.model import Bibliography, BibliographyError
from analysis.cv.data import CV, CVError, check_against_bibliography, load_cv
from analysis.metrics.compute import Summary, counted, summarise
from analysis.metrics.data import Metrics, PaperCitations, metrics_path, read_metrics
from analysis.paths import DEFAULT_BIB
from analysis.problems import Problem
from analysis.settings import (
    CONFIG_FILE,
    RECORD_IDS,
    Settings,
    SettingsError,
    config_problems,
    read_config,
)

logger = logging.getLogger(__name__)
ENV_ATTRIBUTE = "portfolio_state"


@dataclass(frozen=True)
class PortfolioState:
    settings: Settings
    bibliography: Bibliography
    cv: CV | None  # None for a book without cv.yaml
    metrics: Metrics | None  # None before the owner first runs `python -m analysis metrics`
    # Derived from the two above, once per build rather than once per list that shows them:
    cited: dict[str, PaperCitations]  # each paper's count as its card shows it
    citations: Summary | None  # the headline numbers (None: nothing to say)


def get_settings(env: BuildEnvironment) -> Settings:
    """The book's ``portfolio_*`` settings (owner, bibliography, venue tables, themes)."""
    return _state(env).settings


def get_bibliography(env: BuildEnvironment) -> Bibliography:
    """The book's bibliography, as loaded at the start of this build."""
    return _state(env).bibliography


def get_cv(env: BuildEnvironment) -> CV | None:
    """The book's cv.yaml, loaded and checked against the bibliography (None without one)."""
    return _state(env).cv


def get_metrics(env: BuildEnvironment) -> Metrics | None:
    """The book's citation counts (metrics.jsonl beside the bibliography), None without them."""
    return _state(env).metrics


def get_cited(env: BuildEnvironment) -> dict[str, PaperCitations]:
    """Each paper's citation count as its card shows it (versions of a paper counted once)."""
    return _state(env).cited


def get_citations_summary(env: BuildEnvironment) -> Summary | None:
    """Total citations, h-index and i10-index with their source and date; None without counts."""
    return _state(env).citations


def note_metrics_dependency(env: BuildEnvironment) -> None:
    """Make the page being read depend on metrics.jsonl, when the book has one.

    Sphinx counts a dependency that does not exist as changed at every build, so a book without
    the file would re-read its pages forever; its appearing (or going) is caught at the start of
    the build instead (:func:`_pages_when_metrics_come_or_go`).
    """
    path = metrics_path(bibliography_path(env))
    if path.is_file():
        env.note_dependency(str(path))


def bibliography_path(env: BuildEnvironment) -> Path:
    return Path(env.srcdir) / get_settings(env).bibliography


def _state(env: BuildEnvironment) -> PortfolioState:
    return getattr(env, ENV_ATTRIBUTE)


def load_state(app: Sphinx) -> None:
    """``builder-inited``: read the settings, references.bib and cv.yaml, once for the build."""
    config, root = app.config, Path(app.srcdir)
    settings = Settings.from_values(
        owner=config.portfolio_owner,
        bibliography=config.portfolio_bibliography,
        venues=config.portfolio_venues,
        themes=config.portfolio_themes,
        root=root,
    )
    bibliography = _load_bibliography(root / settings.bibliography, settings)
    cv = _load_cv(root, settings, bibliography)
    metrics = _load_metrics(bibliography.path)
    previous = getattr(app.env, ENV_ATTRIBUTE, None)
    app.env.portfolio_metrics_came_or_went = previous is not None and (
        (previous.metrics is None) != (metrics is None)
    )
    cited, citations = (
        counted(bibliography.papers, metrics),
        summarise(bibliography.papers, metrics),
    )
    state = PortfolioState(settings, bibliography, cv, metrics, cited, citations)
    setattr(app.env, ENV_ATTRIBUTE, state)


def _pages_when_metrics_come_or_go(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: every page, in the build where metrics.jsonl first appears (or is
    deleted): which pages show counts is not known before they are read."""
    return sorted(env.found_docs) if getattr(env, "portfolio_metrics_came_or_went", False) else []


def _load_metrics(bib: Path) -> Metrics | None:
    # Citation counts never stop a build: a line that cannot be read is left out and named.
    metrics = read_metrics(metrics_path(bib))
    if metrics is not None and metrics.problems:
        logger.info(
            f"portfolio: {len(metrics.problems)} lines of {metrics.path.name} left out; "
            "see them with: python -m analysis check"
        )
    return metrics


def _load_bibliography(path: Path, settings: Settings) -> Bibliography:
    try:
        bibliography = load_bibliography(path, settings)
    except BibliographyError as exc:
        _stop(path, exc)
    # Said once per build: a test (and a curious reader) can see the file is parsed only once.
    logger.info(f"portfolio: read {path.name}: {len(bibliography.papers)} papers")
    # Data warnings (an unknown venue, a likely duplicate) are for `check`, not reasons to fail
    # a build that runs with warnings as errors: the build only names how many there are.
    if bibliography.warnings:
        logger.info(
            f"portfolio: {len(bibliography.warnings)} data warnings in {path.name}; "
            "see them with: python -m analysis check"
        )
    return bibliography


def _stop(path: Path, exc: BibliographyError) -> None:
    fix = f"Fix them (python -m analysis check {path.name}) and build again."
    stop_build(exc.problems, path.name, fix)


def stop_build(problems: list[Problem], name: str, fix: str) -> NoReturn:
    """The one way a build stops on bad input (references.bib, cv.yaml, _config.yml): every
    located problem of the file `name`, then how to `fix` them, then the end of the build.

    Not an exception: Jupyter Book 1.0.4 re-raises any error of a Sphinx build as a RuntimeError
    chained to it (jupyter_book/cli/main.py, builder_specific_actions), which prints two Python
    tracebacks under the messages. SystemExit passes through Sphinx and Jupyter Book untouched,
    so the reader sees the messages and the summary, and the build exits with status 1.
    """
    # Logged as errors even under -W without --keep-going, where Sphinx would raise instead.
    with logging.skip_warningiserror():
        for problem in problems:
            logger.error(str(problem))
        count = len(problems)
        logger.error(
            f"{name} has {count} error{'' if count == 1 else 's'}: the build stopped before "
            f"reading any page. {fix}"
        )
    raise SystemExit(1)


def _check_settings(app: Sphinx, config) -> None:
    """Stop the build on a malformed ``portfolio_*`` setting (or title, author) of
    ``_config.yml``, located, before Sphinx's own type check turns it into a traceback."""
    config_file = Path(app.srcdir) / CONFIG_FILE
    try:
        problems = config_problems(read_config(config_file)) if config_file.is_file() else []
    except SettingsError as exc:
        problems = exc.problems or [Problem(CONFIG_FILE, 1, "-", str(exc))]
    if problems:
        stop_build(problems, CONFIG_FILE, "Fix them (python -m analysis check) and build again.")


def _load_cv(root: Path, settings: Settings, bibliography: Bibliography) -> CV | None:
    try:
        cv = load_cv(root, settings)
        problems = check_against_bibliography(cv, bibliography) if cv else []
    except CVError as exc:
        problems = exc.problems
    if problems:
        stop_build(problems, "cv.yaml", "Fix them (python -m analysis check) and build again.")
    return cv


def setup(app: Sphinx) -> dict:
    app.add_config_value("portfolio_owner", [], "env", types=[list, str])
    app.add_config_value("portfolio_bibliography", DEFAULT_BIB, "env", types=[str])
    app.add_config_value("portfolio_venues", [], "env", types=[list, str])
    app.add_config_value("portfolio_themes", [], "env", types=[list])
    app.add_config_value("portfolio_publications_page", "chapters/publications", "env", [str])
    for name in RECORD_IDS:  # the owner's record, for `sync`: the build does not read them
        app.add_config_value(f"portfolio_{name}", "", "", types=[str])
    # Before Sphinx checks the config values' types (priority 800).
    app.connect("config-inited", _check_settings, priority=200)
    app.connect("builder-inited", load_state)
    app.connect("env-get-outdated", _pages_when_metrics_come_or_go)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
