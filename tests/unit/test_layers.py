"""The package's layers: imports only go downwards, and the command line stays light.

``bib`` (BibTeX) is at the bottom, ``charts`` above it, ``site`` (Sphinx) and ``cli`` on top;
``settings``, ``paths``, ``book``, ``engine``, ``problems`` and ``safeinput`` sit beside them for
every layer to reach. No module imports another that (through others) imports it back, and the
site's page frame (``site/theme``) knows nothing of papers, charts or CVs.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.book import REPO

PACKAGE = REPO / "analysis"
SHARED = {
    "analysis",
    "analysis.settings",
    "analysis.paths",
    "analysis.book",
    "analysis.engine",
    "analysis.problems",
    "analysis.safeinput",
}
# Layer -> the layers of the package it may import (besides itself and the shared modules).
ALLOWED = {
    "bib": set(),
    "metrics": {"bib"},  # the citation counts file and what is computed from it
    "charts": {"bib", "metrics"},
    "cv": {"bib", "metrics"},  # the CV's data and its typeset PDF, beside the charts
    "site": {"bib", "charts", "cv", "metrics"},
    "scholarly": {"bib"},  # the network sources: DOI, arXiv, ORCID, OpenAlex, DBLP
    "cli": {"bib", "charts", "cv", "metrics", "scholarly"},
    "shared": {"bib", "metrics"},
}
# Third-party packages a layer must not import: the data layer stays free of Sphinx and pandas.
FORBIDDEN_THIRD_PARTY = {
    "bib": {"sphinx", "docutils", "pandas", "matplotlib"},
    "charts": {"sphinx", "docutils"},
    "cv": {"sphinx", "docutils", "pandas", "matplotlib"},
    "metrics": {"sphinx", "docutils", "pandas", "matplotlib"},
    "scholarly": {"sphinx", "docutils", "pandas", "matplotlib"},
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
NAMES = {_module_name(p): p for p in MODULES}
# Not for the page frame: the data layers and the site's rooms that read them.
THEME_FORBIDDEN = ("analysis.bib", "analysis.charts", "analysis.cv", "analysis.site.state")
THEME_FORBIDDEN += ("analysis.site.papers", "analysis.site.cv", "analysis.site.notebooks")


def _package_imports(path: Path) -> set[str]:
    """The package's modules `path` imports, at any depth of the file.

    ``from analysis.x import y`` counts as importing ``analysis.x.y`` when that is a module, else
    ``analysis.x``. Importing ``a.b.c`` also runs ``a.b``'s ``__init__``, but that does not count:
    a package's ``__init__`` may import its own modules, which may import each other.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in NAMES else node.module)
    return {name for name in found if name in NAMES}


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each import cycle of `graph` (module -> modules it imports), as the path round it."""
    found, done, stack = [], set(), []

    def visit(module: str) -> None:
        if module in stack:
            found.append(stack[stack.index(module) :] + [module])
            return
        if module in done:
            return
        stack.append(module)
        for imported in graph[module]:
            visit(imported)
        stack.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    return found


def test_no_module_imports_itself_back_through_others() -> None:
    graph = {module: sorted(_package_imports(path)) for module, path in NAMES.items()}
    cycles = [" -> ".join(cycle) for cycle in _cycles(graph)]
    assert not cycles, "import cycles (functions' own imports included):\n" + "\n".join(cycles)


def test_the_cycle_check_sees_a_cycle_through_a_function_level_import(tmp_path) -> None:
    module = tmp_path / "render.py"
    module.write_text("def f():\n    from analysis.site.papers.citations import paper_citation\n")
    graph = {
        "analysis.site.papers.citations": ["analysis.site.papers.render"],
        "analysis.site.papers.render": sorted(_package_imports(module)),
    }
    assert _cycles(graph) == [
        ["analysis.site.papers.citations", "analysis.site.papers.render"]
        + ["analysis.site.papers.citations"]
    ]


def test_nothing_imports_the_extension_back() -> None:
    # analysis.site only registers its rooms: a module importing it could start a cycle.
    importers = [m for m, path in NAMES.items() if "analysis.site" in _package_imports(path)]
    assert not importers, f"{importers} import analysis.site"


def test_the_page_frame_imports_nothing_of_papers_charts_or_cvs() -> None:
    wrong = []
    for module, path in NAMES.items():
        if module.startswith("analysis.site.theme"):
            for line, imported in _imports(path):
                if imported.startswith(THEME_FORBIDDEN):
                    wrong.append(f"{path.name}:{line}: {module} imports {imported}")
    assert not wrong, "site/theme is the page frame, about pages only:\n" + "\n".join(wrong)


def test_the_settings_and_paths_import_no_layer() -> None:
    # Every layer reads them, the bottom one included: they stand on no layer of the package.
    for module in ("analysis.settings", "analysis.paths"):
        imported = _package_imports(NAMES[module]) - SHARED
        assert not imported, f"{module} imports {sorted(imported)}"


@pytest.mark.parametrize(
    "order",
    [
        ("analysis.site.papers.citations", "analysis.site"),
        ("analysis.site", "analysis.site.papers.citations"),
    ],
    ids=["citations-first", "site-first"],
)
def test_the_site_imports_in_either_order(order) -> None:
    code = "; ".join(f"import {module}" for module in order)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


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
    assert loose == {"settings", "paths", "book", "engine", "problems", "safeinput"}


@pytest.mark.parametrize("command", ["check", "add --dry-run"])
def test_the_command_line_loads_no_sphinx_pandas_matplotlib_or_http(tmp_path, command) -> None:
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
        " & {'sphinx', 'docutils', 'pandas', 'matplotlib', 'requests'})\n"
        "print('HEAVY', ','.join(heavy), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1]
    assert last == "HEAVY", proc.stderr
