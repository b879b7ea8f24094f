"""The analysis notebooks in the pinned JupyterLab, as the owner (``make lab``) and a Binder
visitor (the launch button) open them: a real server, Debian's Chromium through Playwright.

JupyterLab comes from requirements-lab.txt and its settings from binder/overrides.json, both
installed into the venv by ``make lab`` and ``make test`` (and by binder/postBuild on Binder).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.book import REPO, copy_book
from tests.support.notebooks import NOTEBOOKS, figure_cells
from tests.support.wait import url_answers, wait_until

LAB_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
JUPYTER = Path(sys.executable).with_name("jupyter")


def make_lab_command() -> list[str]:
    """The `jupyter lab` command line of `make lab`, as make would run it (dry run)."""
    # Run as a top-level make even under `make test`, which would add "make[1]: ..." lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "requirements-lab.txt", "lab"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # -W: as if requirements-lab.txt had changed, so the install steps print too
    command = dry_run[dry_run.index(".venv/bin/jupyter lab") :]
    # The recipe's lines continued with a backslash, up to the first one that is not.
    lines = []
    for line in command.splitlines():
        lines.append(line.rstrip("\\"))
        if not line.endswith("\\"):
            break
    return " ".join(lines).split()


def test_make_lab_opens_the_book_root_on_a_notebook_and_allows_root_in_containers():
    """At the root (references.bib and analysis/ in reach), on a notebook, root allowed."""
    command = make_lab_command()
    assert "--ServerApp.root_dir=." in command
    assert "--LabApp.default_url=/lab/tree/chapters/publication-record.md" in command
    assert ("--allow-root" in command) == (os.getuid() == 0)


def test_binder_and_make_lab_install_the_same_settings():
    """Markdown opens as a notebook (jupytext's viewer) on Binder as with `make lab`."""
    post_build = (REPO / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "cp binder/overrides.json" in post_build
    assert "-r ../requirements-lab.txt" in (REPO / "binder" / "requirements.txt").read_text()
    assert LAB_SETTINGS.exists(), "JupyterLab's settings are not installed: run `make test`"
    assert LAB_SETTINGS.read_bytes() == (REPO / "binder" / "overrides.json").read_bytes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of the book, with `make lab`'s flags; yields its base URL."""
    book = copy_book(tmp_path_factory.mktemp("lab"))
    (book / "jupytext.toml").write_bytes((REPO / "jupytext.toml").read_bytes())
    # The tester's own JupyterLab settings: every cell stays in the page (JupyterLab 4 leaves
    # cells scrolled out of view out of the DOM), so all charts can be counted.
    user_settings = tmp_path_factory.mktemp("lab-user-settings")
    tracker = user_settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}', encoding="utf-8")
    port = free_port()
    flags = [f for f in make_lab_command()[2:] if not f.startswith("--ServerApp.root_dir")]
    log = book.parent / "jupyterlab.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(JUPYTER), "lab", *flags, f"--ServerApp.root_dir={book}", "--no-browser",
             f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
             "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True"],
            cwd=book,
            env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(user_settings)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        try:
            # Generous: on a loaded machine JupyterLab can take a minute to start.
            def started() -> bool:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited:\n{log.read_text()[-3000:]}")
                return url_answers(url + "api/status")()

            wait_until(started, timeout=300, what="JupyterLab's start")
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


def launch_link(page: str) -> str:
    """The `urlpath` of the Binder launch button the built page would carry."""
    return f"lab/tree/chapters/{page}.md"


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_a_notebook_opens_as_a_notebook_runs_all_and_shows_its_charts(chromium, lab, name):
    """Open the launch link's path, Run → Run All Cells: the charts, tables and numbers show."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(lab + launch_link(name))
        # The document's tab: a notebook panel (a text editor would be a .jp-FileEditor).
        document = page.get_by_role("tabpanel", name=f"{name}.md")
        document.wait_for(timeout=60_000)
        assert "jp-NotebookPanel" in document.get_attribute("class")
        notebook = document
        # The kernel is ready when the status bar says so.
        page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).wait_for(timeout=60_000)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        charts = notebook.locator(".jp-RenderedSVG img")
        # Done when every code cell has its execution count ("[*]" while queued or running).
        prompts = notebook.locator(".jp-CodeCell .jp-InputPrompt")

        def all_ran() -> bool:
            counts = prompts.all_inner_texts()
            return bool(counts) and all(re.fullmatch(r"\[\d+\]:?", c.strip()) for c in counts)

        wait_until(all_ran, timeout=180, what="every code cell's execution count")
        expected = len(figure_cells(name))  # one per figure cell that draws in this book
        assert charts.count() == expected, f"{name}: {charts.count()} charts shown"
        outputs = notebook.locator(".jp-OutputArea-output").all_inner_texts()
        text = "\n".join(outputs)
        assert "Traceback" not in text and "Error" not in text
        assert re.search(r"\d+ papers", text), "the opening numbers are not shown"
        assert notebook.locator(".jp-OutputArea-output table").count() >= 3
        # Markdown cells render as text: no MyST role or directive is left showing.
        rendered = "\n".join(notebook.locator(".jp-MarkdownOutput").all_inner_texts())
        assert "{glue" not in rendered and ":::" not in rendered and "```" not in rendered
    finally:
        context.close()


def test_the_menu_entry_the_owners_guide_names_is_the_one_jupyterlab_shows(chromium, lab):
    """Right-click a notebook in the file browser, Open With: the guide's entry is there."""
    guide = (REPO / "chapters" / "extending.md").read_text(encoding="utf-8")
    entry = re.search(r"\*Open With → ([^*]+)\*", guide).group(1)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(lab + "lab/tree/chapters")
        item = page.locator(".jp-DirListing-item", has_text="collaboration.md")
        item.click(button="right", timeout=60_000)
        page.get_by_text("Open With", exact=True).hover()
        page.get_by_role("menuitem", name=entry, exact=True).wait_for(timeout=10_000)
    finally:
        context.close()
