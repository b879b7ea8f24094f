"""``make serve``: the book rebuilt on every save and reloaded in the browser (sphinx-autobuild).

sphinx-autobuild runs ``sphinx-build``, which reads a ``conf.py``; a Jupyter Book keeps its Sphinx
configuration in ``_config.yml``. So this writes a two-line ``conf.py`` into ``_build/serve/``
(build output: ignored, never edited) that asks Jupyter Book for the configuration of
``_config.yml`` at every build. ``_config.yml`` stays the book's one configuration, and an edit to
it applies at the next rebuild.

Usage (from the book's root): ``python -m analysis.cli.serve [--port 8000]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.cli.exitcodes import USAGE

CONF_PY = """\
# Written by `make serve` (analysis/cli/serve.py). The configuration is the book's _config.yml.
from analysis.cli.serve import sphinx_config

globals().update(sphinx_config({root!r}))
"""

# Sphinx and sphinxcontrib-bibtex read these from the folder of conf.py; the book means its root.
CONFDIR_LISTS = (
    "html_static_path",
    "html_extra_path",
    "templates_path",
    "locale_dirs",
    "bibtex_bibfiles",
)
CONFDIR_FILES = ("html_logo", "html_favicon")
# Not sources: changes there must not trigger a rebuild (the build itself writes into _build).
IGNORED_FOLDERS = ("_build", "tests", "benchmarks")
IGNORED_NAMES = r"__pycache__|\.ipynb_checkpoints|\.egg-info|\.pytest_cache|\.hypothesis|\.sw.$|~$"


def sphinx_config(root: Path | str) -> dict:
    """The Sphinx configuration `jupyter-book build` uses for the book at `root`."""
    from jupyter_book.config import get_final_config

    root = Path(root)
    config, _ = get_final_config(
        user_yaml=root / "_config.yml",
        sourcedir=root,
        cli_config={"external_toc_path": "_toc.yml", "latex_individualpages": False},
    )
    for key in CONFDIR_LISTS:
        if key in config:
            config[key] = [str(root / path) for path in config[key]]
    for key in CONFDIR_FILES:
        if config.get(key) and "://" not in config[key]:
            config[key] = str(root / config[key])
    # myst-nb reads a cache path against the working folder: keep `make book`'s cache.
    if config.get("nb_execution_cache_path"):
        config["nb_execution_cache_path"] = str(root / config["nb_execution_cache_path"])
    return config


def autobuild_command(root: Path, port: int) -> list[str]:
    """The sphinx-autobuild command line: `make book`'s output folders, bound to 127.0.0.1."""
    build = root / "_build"
    conf_dir = build / "serve"
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "conf.py").write_text(CONF_PY.format(root=str(root)), encoding="utf-8")
    command = [sys.executable, "-m", "sphinx_autobuild", str(root), str(build / "html")]
    command += ["-c", str(conf_dir), "-d", str(build / ".doctrees"), "-n"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--re-ignore", IGNORED_NAMES]
    for folder in IGNORED_FOLDERS:
        command += ["--ignore", str(root / folder)]
    return command


def add_serve_parser(commands) -> None:
    """Register ``serve`` on the subcommands of ``python -m analysis``: what ``make serve`` does."""
    serve = commands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild on every save (make serve)",
        description="Build the book in the current folder, serve it on http://127.0.0.1:PORT, "
        "rebuild on every save and reload the open page (sphinx-autobuild). Run it in the "
        "book's folder; stop it with Ctrl+C.",
    )
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")


def serve_command(args: argparse.Namespace) -> int:
    """Run ``serve`` in the current folder; exit code 2 when it is not a book's folder."""
    root = Path.cwd().resolve()
    if not (root / "_config.yml").is_file():
        print(f"error: {root} has no _config.yml: run serve in the book's folder", file=sys.stderr)
        return USAGE
    command = autobuild_command(root, args.port)
    os.execv(command[0], command)
    return 0  # not reached: the server replaces this process


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m analysis.cli.serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (8000)")
    args = parser.parse_args(argv)
    command = autobuild_command(Path.cwd().resolve(), args.port)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
