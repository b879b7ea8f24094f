"""The one way a build stops on bad input: located lines, one line saying what to do, exit 1.

``references.bib``, ``cv.yaml`` and ``_config.yml``'s ``portfolio_*`` settings all stop the
build here, before any page is read, as ``FILE:LINE: KEY: what, and how to fix it``.

Not an exception: Jupyter Book 1.0.4 re-raises any error of a Sphinx build as a RuntimeError
chained to it (jupyter_book/cli/main.py, builder_specific_actions), which prints two Python
tracebacks under the messages. SystemExit passes through Sphinx and Jupyter Book untouched,
so the reader sees the messages and the summary, and the build exits with status 1.
"""

from __future__ import annotations

from typing import NoReturn

from sphinx.util import logging

from analysis.bib.model import Problem

logger = logging.getLogger(__name__)


def stop_build(problems: list[Problem], name: str, fix: str) -> NoReturn:
    """Log every problem of the file `name`, then how to `fix` them, and end the build."""
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
