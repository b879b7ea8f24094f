"""Write BibTeX entries into an existing file: in its own style, appending only, atomically.

The file's existing bytes are never rewritten: new text goes after them, through a temporary
file renamed over the old one, so an interruption leaves the old file or the new, never half.

Writers take :func:`bibliography_lock` first and read, decide and write inside it, so two
commands (``add``, ``sync --write``, ``metrics``) never add the same paper twice or lose an
update: the second one reads the first one's result.

    with bibliography_lock(path):
        text = path.read_text(encoding="utf-8")  # re-read under the lock: decide on this
        ...  # check duplicates against `text`
        append_atomically(path, new_text)  # or replace_atomically(path, text, rewritten)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# al-folio's display-only fields point at al-folio's own assets and mean nothing here.
DISPLAY_ONLY_FIELDS = frozenset({"abbr", "bibtex_show", "preview", "altmetric", "dimensions"})
_FIELD_LINE_RE = re.compile(r"^([ \t]+)([A-Za-z][\w-]*)([ \t]*=[ \t]*)[{\"\d]", re.M)
_ENTRY_TYPE_RE = re.compile(r"^@([A-Za-z]+)\s*[{(]", re.M)


# How long a writer waits for another to finish before giving up.
LOCK_WAIT_SECONDS = 60.0


class FileChangedError(Exception):
    """The file changed on disk while we were writing (another program, not a writer that takes
    the lock); nothing was replaced."""


class LockTimeoutError(Exception):
    """Another command held the bibliography's lock for :data:`LOCK_WAIT_SECONDS`."""


@contextlib.contextmanager
def bibliography_lock(path: Path, wait: float = LOCK_WAIT_SECONDS):
    """Hold the exclusive lock of the bibliography `path` for the ``with`` block.

    The lock is ``flock`` on the file's folder: the file itself is replaced at each write (a new
    inode), and a lock file would be left behind. Read the file *inside* the block and decide
    there (duplicates, the text to write); every writer of this package takes it. It is released
    when the process ends, however it ends. Raises :class:`LockTimeoutError` after `wait` seconds.
    """
    folder = Path(path).resolve().parent
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeoutError(
                        f"another command has been writing {Path(path).name} for {wait:.0f} s: "
                        "let it finish, then run this again"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass(frozen=True)
class Style:
    """How the existing file writes its entries, so new ones look the same."""

    indent: str = "  "
    equals: str = " = "
    trailing_comma: bool = True
    lower_case: bool = True
    newline: str = "\n"

    @classmethod
    def of(cls, text: str) -> Style:
        fields = _FIELD_LINE_RE.findall(text)
        if not fields:
            return cls(newline="\r\n" if "\r\n" in text else "\n")
        names = [name for _, name, _ in fields] + _ENTRY_TYPE_RE.findall(text)
        closings = re.findall(r"(\S)[ \t]*\r?\n\}", text)
        return cls(
            indent=fields[0][0],
            equals=fields[0][2],
            trailing_comma=not closings or closings.count(",") * 2 >= len(closings),
            lower_case=all(name == name.lower() for name in names),
            newline="\r\n" if "\r\n" in text else "\n",
        )


def format_entry(entry, style: Style, themes: list[str], selected: bool) -> str:
    """One entry in the file's style, with the requested themes and selection merged in."""
    entry_type, key, fields = entry
    names = [name.lower() for name, _ in fields]
    out: list[tuple[str, str]] = []
    for name, value in fields:
        lower = name.lower()
        if lower in DISPLAY_ONLY_FIELDS:
            continue
        if lower == "arxiv" and "eprint" not in names:
            out += [("eprint", value.strip()), ("archiveprefix", "arXiv")]
            continue
        if lower == "themes" and themes:
            merged = [k.strip() for k in re.split(r"[,;]", value) if k.strip()] + themes
            value = ", ".join(dict.fromkeys(merged))
        if lower == "selected" and selected:
            value = "true"
        out.append((lower if style.lower_case else name, value))
    if themes and "themes" not in names:
        out.append(("themes", ", ".join(dict.fromkeys(themes))))
    if selected and "selected" not in names:
        out.append(("selected", "true"))
    entry_type = entry_type.lower() if style.lower_case else entry_type
    lines = [f"@{entry_type}{{{key},"]
    for number, (name, value) in enumerate(out, start=1):
        comma = "," if number < len(out) or style.trailing_comma else ""
        lines.append(f"{style.indent}{name}{style.equals}{{{value}}}{comma}")
    lines.append("}")
    return style.newline.join(lines) + style.newline


def separator(old_text: str, style: Style) -> str:
    # Never touch the old bytes: a missing final newline is added in front of the new text.
    if not old_text.strip():
        return "" if not old_text or old_text.endswith("\n") else style.newline
    ending = "" if old_text.endswith("\n") else style.newline
    blank = "" if (old_text + ending).endswith(("\n\n", "\n\r\n")) else style.newline
    return ending + blank


def append_atomically(path: Path, new_text: str) -> None:
    """Append `new_text` to `path` by writing old bytes + new text to a temporary file in the
    same folder and renaming it over `path`: readers see the old file or the new, never half."""
    old_bytes = Path(path).resolve().read_bytes()
    _replace(Path(path), old_bytes, old_bytes + new_text.encode("utf-8"))


def replace_atomically(path: Path, old_text: str, new_text: str) -> None:
    """Write `new_text` over `path`, whose text was `old_text` when read under the lock;
    :class:`FileChangedError` (nothing written) if another program changed it since."""
    _replace(Path(path), old_text.encode("utf-8"), new_text.encode("utf-8"))


def _replace(path: Path, old_bytes: bytes, new_bytes: bytes) -> None:
    path = path.resolve()  # a symlinked references.bib stays a symlink
    mode = stat.S_IMODE(path.stat().st_mode)
    handle = tempfile.NamedTemporaryFile(
        "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(new_bytes)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        if path.read_bytes() != old_bytes:
            raise FileChangedError(
                f"{path} was changed by another program while this command wrote it; it keeps "
                "that program's version: run the command again"
            )
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise
