"""Write BibTeX entries into an existing file: in its own style, appending only, atomically.

The file's existing bytes are never rewritten: new text goes after them, through a temporary
file renamed over the old one, so an interruption leaves the old file or the new, never half.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

# al-folio's display-only fields point at al-folio's own assets and mean nothing here.
DISPLAY_ONLY_FIELDS = frozenset({"abbr", "bibtex_show", "preview", "altmetric", "dimensions"})
_FIELD_LINE_RE = re.compile(r"^([ \t]+)([A-Za-z][\w-]*)([ \t]*=[ \t]*)[{\"\d]", re.M)
_ENTRY_TYPE_RE = re.compile(r"^@([A-Za-z]+)\s*[{(]", re.M)


class FileChanged(Exception):
    """The file changed on disk while we were writing; nothing was replaced."""


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
    old_bytes = path.resolve().read_bytes()
    replace_atomically(path, old_bytes, old_bytes, new_text.encode("utf-8"))


def replace_atomically(path: Path, old_bytes: bytes, *new_parts: bytes) -> None:
    """Replace `path`'s content, which must still be `old_bytes` (else FileChanged), by the
    `new_parts` through a temporary file renamed over it (``sync`` changes entries in place)."""
    path = path.resolve()  # a symlinked references.bib stays a symlink
    mode = stat.S_IMODE(path.stat().st_mode)
    handle = tempfile.NamedTemporaryFile(
        "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            for part in new_parts:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        if path.read_bytes() != old_bytes:
            raise FileChanged(f"{path} changed while writing: run the command again")
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise
