"""The package's layers: imports only go downwards, and the command line stays light.

``bib`` (BibTeX) is at the bottom, ``charts`` above it, ``site`` (Sphinx) and ``cli`` on top;
``settings``, ``paths`` and ``book`` sit beside them for every layer to reach.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
SHARED = {"analysis", "analysis.settings", "analysis.paths", "analysis.book", "analysis.safeinput"}
# Layer -> the layers of the package it may import (besides itself and the shared modules).
ALLOWED = {
    "bib": set(),
    "charts": {"bib"},
    "cv": {"bib"},  # the CV's data and its typeset PDF, beside the charts
    "site": {"bib", "charts", "cv"},
    "cli": {"bib", "charts", "cv"},
    "shared": {"bib"},
}
# Third-party packages a layer must not import: the data layer stays free of Sphinx and pandas.
FORBIDDEN_THIRD_PARTY = {
    "bib": {"sphinx", "docutils", "pandas", "matplotlib"},
    "charts": {"sphinx", "docutils"},
    "cv": {"sphinx", "docutils", "pandas", "matplotlib"},
    "shared": {"sphinx", "docutils", "pandas", "matplotlib"},
}


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return "shared"


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, functions' own imports included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "analysis":  # from analysis import bib, charts
                found += [(node.lineno, f"analysis.{alias.name}") for alias in node.names]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_only_go_downwards(path: Path) -> None:
    module = _module_name(path)
    layer = _layer(module)
    wrong = []
    for line, imported in _imports(path):
        top = imported.split(".")[0]
        if top == "analysis":
            if imported in SHARED or module == "analysis.__main__":
                continue
            target = _layer(imported)
            if target != layer and target not in ALLOWED[layer]:
                wrong.append(f"{path.name}:{line}: {module} ({layer}) imports {imported}")
        elif top in FORBIDDEN_THIRD_PARTY.get(layer, ()):
            wrong.append(f"{path.name}:{line}: {module} ({layer}) imports {imported}")
    assert not wrong, "imports must only go downwards:\n" + "\n".join(wrong)


def test_every_module_is_in_a_layer_folder_or_shared() -> None:
    loose = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert loose == {"settings", "paths", "book", "safeinput"}


@pytest.mark.parametrize("command", ["check", "add --dry-run"])
def test_the_command_line_loads_no_sphinx_pandas_or_matplotlib(tmp_path, command) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text("@article{a, title={A}, author={Doe, Jane}, journal={Nature}, year={2020}}\n")
    new = tmp_path / "new.bib"
    new.write_text("@article{b, title={B}, author={Doe, Jane}, journal={Nature}, year={2021}}\n")
    args = (
        ["check", str(bib)]
        if command == "check"
        else ["add", "--dry-run", "--bib", str(bib), str(new)]
    )
    probe = (
        "import sys, runpy; sys.argv = ['analysis', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('analysis', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules}"
        " & {'sphinx', 'docutils', 'pandas', 'matplotlib'})\n"
        "print('HEAVY', ','.join(heavy), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1]
    assert last == "HEAVY", proc.stderr
