"""The engine as a versioned wheel that books depend on, and its upgrade path.

The wheel is built from a copy of the project (no build/ or egg-info in the checkout) with this
venv's setuptools and no index. A book's own venv is made as `make book` would make it, except
that its third-party packages are this venv's (a .pth naming a folder of links to them, all but
this checkout's own editable engine): pip finds every pin satisfied and installs only the engine,
from the wheel, with no network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from analysis import __version__
from analysis.cli.projectfiles import PROJECT_FILES
from analysis.paths import PACKAGE_DIR

REPO = PACKAGE_DIR.parent
VENV = Path(sys.executable).parent.parent
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
OFFLINE = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
PAPERS = """\
@article{lovelace2018tables,
  title = {Tables of the Moon},
  author = {Lovelace, Ada},
  journal = {Nature},
  year = {2018},
}

@misc{lovelace2024poetry,
  title = {Poetical Science},
  author = {Lovelace, Ada and Babbage, Charles},
  year = {2024},
  eprint = {2401.00002},
  archiveprefix = {arXiv},
}
"""
OLD_TITLE = 'title="Papers per year, by venue type"'
NEW_TITLE = 'title="Papers per year, by venue type, drawn by the newer engine"'


# --- The wheel. ---


def build_wheel(dest: Path, version: str | None = None, patch: tuple[str, str] | None = None,
                drop_pin: str | None = None):  # fmt: skip
    """The engine's wheel, built from a copy of the project (optionally a version, an edit of a
    chart function and a pin less)."""
    source = dest / "source"
    shutil.copytree(PACKAGE_DIR, source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", *PROJECT_FILES):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    if version:
        init = source / "analysis" / "__init__.py"
        init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"',
                               init.read_text()))  # fmt: skip
    if patch:
        plots = source / "analysis" / "charts" / "plots.py"
        assert patch[0] in plots.read_text()
        plots.write_text(plots.read_text().replace(*patch))
    if drop_pin:
        pins = source / "requirements.txt"
        assert f"\n{drop_pin}==" in pins.read_text()
        pins.write_text(re.sub(rf"\n{drop_pin}==\S+", "", pins.read_text()))
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
               "--no-build-isolation", "-w", str(dest), str(source)]  # fmt: skip
    subprocess.run(command, check=True, env=OFFLINE, capture_output=True, timeout=300)
    (wheel,) = dest.glob("portfolio_analysis-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_everything_a_book_needs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {
        path.relative_to(REPO).as_posix()
        for path in PACKAGE_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert package - names == set()  # templates, static files, venue tables, Typst template, ...
    assert {f"analysis/cli/packaged/{name}" for name in PROJECT_FILES} <= names
    metadata = zipfile.ZipFile(wheel).read(f"portfolio_analysis-{__version__}.dist-info/METADATA")
    assert f"Version: {__version__}" in metadata.decode()
    entry_points = zipfile.ZipFile(wheel).read(
        f"portfolio_analysis-{__version__}.dist-info/entry_points.txt"
    )
    assert "portfolio-analysis = analysis.cli:main" in entry_points.decode()


# --- Slow: a book made from the wheel, built, upgraded to a newer wheel, built again. ---


def clean_venv(venv: Path) -> Path:
    """A venv with this venv's packages but not its engine (a .pth names links to them)."""
    deps = venv.parent / f"{venv.name}-packages"
    deps.mkdir()
    for entry in SITE_PACKAGES.iterdir():
        if not re.match(r"(__editable__\.)?portfolio_analysis|.*\.pth$", entry.name):
            (deps / entry.name).symlink_to(entry)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (venv / "lib" / "python3.11" / "site-packages" / "packages.pth").write_text(f"{deps}\n")
    # The console script pip would have installed for jupyter-book, for the book's python.
    script = (VENV / "bin" / "jupyter-book").read_text().split("\n", 1)[1]
    (venv / "bin" / "jupyter-book").write_text(f"#!{venv / 'bin' / 'python'}\n{script}")
    (venv / "bin" / "jupyter-book").chmod(0o755)
    return venv / "bin" / "python"


def make_book(book: Path, venv: Path) -> subprocess.CompletedProcess[str]:
    """The book's `make book` with `venv` as its VENV: pip installs what it lacks, then builds."""
    command = ["make", "--no-print-directory", "book", f"VENV={venv}"]
    return subprocess.run(command, cwd=book, env=OFFLINE, capture_output=True, text=True,
                          timeout=900)  # fmt: skip


def chart_svgs(book: Path, page: str = "chapters/publication-record") -> str:
    """The SVG charts `page` of the built site shows, as one text."""
    html = book / "_build" / "html"
    text = (html / f"{page}.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img\b[^>]*\bsrc="\.\./(_images/[^"]+\.svg)"', text)
    assert sources, f"no chart on {page}"
    return "".join((html / source).read_text(encoding="utf-8") for source in sources)


def test_a_book_made_from_the_wheel_builds_and_upgrades_to_a_newer_one(wheel, tmp_path):
    """Installed from the wheel, outside the checkout, the engine makes a book that builds."""
    venv = tmp_path / "venv"
    python = clean_venv(venv)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], env=OFFLINE,
                   check=True)  # fmt: skip
    installed = subprocess.run([venv / "bin" / "portfolio-analysis", "--version"], cwd=tmp_path,
                               capture_output=True, text=True, check=True)  # fmt: skip
    assert installed.stdout == f"portfolio-analysis {__version__}\n"
    (tmp_path / "papers.bib").write_text(PAPERS, encoding="utf-8")
    book = tmp_path / "book"
    made = subprocess.run(
        [python, "-m", "analysis", "init", "book", "--bib", "papers.bib", "--owner",
         "Ada Lovelace"], cwd=tmp_path, env={**OFFLINE, "PORTFOLIO_ENGINE": str(wheel)},
        capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Created" in made.stdout
    # The notebooks and pins came from the wheel's copies, not from this checkout.
    where = "from analysis.cli.projectfiles import project_dir; print(project_dir())"
    project = subprocess.run([python, "-c", where], cwd=tmp_path, capture_output=True, text=True,
                             check=True)  # fmt: skip
    assert Path(project.stdout.strip()).is_relative_to(venv)
    assert (book / "chapters" / "publication-record.md").is_file()
    requirements = (book / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.endswith(f"portfolio-analysis @ {wheel.as_uri()}\n")
    # No copy of the package: no module, no package metadata of its own.
    assert not list(book.rglob("*.py")) and not (book / "pyproject.toml").exists()
    readme = (book / "README.md").read_text(encoding="utf-8")
    assert "make upgrade VERSION=" in readme and "CHANGELOG" in readme

    first = make_book(book, venv)
    assert first.returncode == 0, (first.stdout + first.stderr)[-4000:]
    assert "build succeeded." in first.stdout
    imported = subprocess.run([python, "-c", "import analysis; print(analysis.__file__)"],
                              cwd=tmp_path, capture_output=True, text=True, check=True)  # fmt: skip
    assert Path(imported.stdout.strip()).is_relative_to(venv)
    landing = (book / "_build/html/index.html").read_text(encoding="utf-8")
    assert f'<meta name="generator" content="portfolio-analysis {__version__}" />' in landing
    assert OLD_TITLE.split('"')[1] + "</text>" in chart_svgs(book)
    assert NEW_TITLE.split('"')[1] not in chart_svgs(book)

    # A newer engine whose chart function draws a different title; same pages, same .bib.
    newer = build_wheel(tmp_path / "newer", "99.1.0", (OLD_TITLE, NEW_TITLE), "hypothesis")
    with (book / "requirements.txt").open("a") as file:
        file.write("tabulate  # the owner's own\n")
    # As the book's README says: make upgrade (ENGINE: a wheel names its version).
    upgrade = subprocess.run(["make", "--no-print-directory", "upgrade", f"VENV={venv}",
                              f"ENGINE={newer}"], cwd=book, env=OFFLINE, capture_output=True,
                             text=True)  # fmt: skip
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    assert "Installed portfolio-analysis 99.1.0. Rebuild: make book" in upgrade.stdout
    # The newer engine's pins (one less) and line; the owner's line kept.
    assert (book / "requirements.txt").read_text(encoding="utf-8") == re.sub(
        r"\nhypothesis==\S+", "", requirements.replace(wheel.as_uri(), newer.as_uri())
    ) + "tabulate  # the owner's own\n"
    version = subprocess.run([python, "-m", "analysis", "--version"], cwd=book,
                             capture_output=True, text=True, check=True)  # fmt: skip
    assert version.stdout == "portfolio-analysis 99.1.0\n"

    second = make_book(book, venv)
    assert second.returncode == 0, (second.stdout + second.stderr)[-4000:]
    landing = (book / "_build/html/index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="portfolio-analysis 99.1.0" />' in landing
    assert NEW_TITLE.split('"')[1] in chart_svgs(book), "a chart of the older engine"
    # Still no copy of the package in the book: the engine is the venv's.
    assert [p for p in book.rglob("*.py") if ".venv" not in p.relative_to(book).parts] == []


@pytest.mark.parametrize("mode", ["force", "cache"])
def test_an_edit_of_a_chart_function_redraws_the_chart_on_the_next_build(tmp_path, mode):
    """In a checkout the version stays; the engine's files changed, so the notebooks run again
    (or, with jupyter-cache, are not taken from the cache of the engine before the edit)."""
    engine = tmp_path / "engine"
    shutil.copytree(PACKAGE_DIR, engine / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(engine)}  # this copy, before the venv's editable one
    (tmp_path / "papers.bib").write_text(PAPERS, encoding="utf-8")
    book = tmp_path / "book"
    init = [sys.executable, "-m", "analysis", "init", str(book), "--bib", "papers.bib", "--owner",
            "Ada Lovelace", "--engine", str(REPO)]  # fmt: skip
    subprocess.run(init, cwd=tmp_path, capture_output=True, check=True)
    config = book / "_config.yml"
    text = config.read_text(encoding="utf-8")
    assert "execute_notebooks: force" in text
    config.write_text(text.replace("execute_notebooks: force", f"execute_notebooks: {mode}"))
    build = [str(VENV / "bin" / "jupyter-book"), "build", str(book), "-n", "-W", "--keep-going"]

    def run_build() -> None:
        proc = subprocess.run(build, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=900)  # fmt: skip
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]

    run_build()
    assert OLD_TITLE.split('"')[1] + "</text>" in chart_svgs(book)
    plots = engine / "analysis" / "charts" / "plots.py"
    plots.write_text(plots.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE))
    run_build()  # nothing of the book changed, only the engine's code
    assert NEW_TITLE.split('"')[1] in chart_svgs(book), "a chart of the engine before the edit"
