"""The project's files a new book is made from besides the templates, wherever the engine runs.

In a checkout they are the repository's own files, as this book uses them; a wheel carries copies
in ``analysis/cli/packaged/`` (setup.py copies them in at build time, reading this list, so this
module imports nothing of the package).
"""

from pathlib import Path

NOTEBOOKS = ("chapters/publication-record.md", "chapters/collaboration.md")
# The pins a new book installs, how JupyterLab saves a notebook, what each version changed.
PROJECT_FILES = ("requirements.txt", "jupytext.toml", "CHANGELOG.md", *NOTEBOOKS)
PACKAGED = Path(__file__).resolve().parent / "packaged"


def project_dir() -> Path:
    """Where PROJECT_FILES are: the wheel's copies, or the checkout holding the package."""
    return PACKAGED if PACKAGED.is_dir() else PACKAGED.parents[2]
