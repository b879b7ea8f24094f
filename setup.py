"""The wheel carries the project files `init` and `upgrade` read besides the package's own.

The notebooks `init` writes into a new book, the pinned requirements, jupytext.toml and
CHANGELOG.md live at the repository's root, where this book uses them; a build copies them into
``analysis/cli/packaged/`` of the wheel (the list: analysis/cli/projectfiles.py). Everything else
is in pyproject.toml.
"""

import runpy
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FILES = runpy.run_path(str(ROOT / "analysis" / "cli" / "projectfiles.py"))["PROJECT_FILES"]


class BuildWithProjectFiles(build_py):
    def run(self):
        super().run()
        for name in FILES:
            target = Path(self.build_lib) / "analysis" / "cli" / "packaged" / name
            self.mkpath(str(target.parent))
            self.copy_file(str(ROOT / name), str(target))


setup(cmdclass={"build_py": BuildWithProjectFiles})
