"""Reading the owner's files with bounds: only regular files, at most so many bytes, and YAML
whose nesting and aliases cannot blow up.

A FIFO given as the bibliography would hang every command and ``/dev/zero`` would fill the
memory; a ten-line YAML "billion laughs" expands to gigabytes and a recursive alias (``&r [*r]``)
or 1,000-deep nesting crashes PyYAML's recursive composer. Each becomes a located error here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent

MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real .bib, cv.yaml or _config.yml
MAX_YAML_DEPTH = 64  # nesting of mappings and lists
MAX_YAML_NODES = 100_000  # values after expanding every alias


class UnreadableFileError(OSError):
    """Not a regular file, or too big to be one of the book's files; the message says which."""


def read_regular_file(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`; raise :class:`UnreadableFileError` for a FIFO, device or folder and for
    a file over `limit` bytes (checked before reading, so neither hangs nor fills the memory),
    OSError when it cannot be read."""
    path = Path(path)
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(
                f"{path} is not a regular file (a pipe, device or folder): give a file's path"
            )
        if info.st_size > limit:
            raise UnreadableFileError(
                f"{path} is {info.st_size:,} bytes, more than the {limit:,} this reads: "
                "is it the right file?"
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while read
        raise UnreadableFileError(f"{path} is more than {limit:,} bytes: is it the right file?")
    return data


class YAMLLimitError(yaml.MarkedYAMLError):
    """YAML nested too deep, with a recursive alias, or expanding to too many values."""


class BoundedComposer(Composer):
    """PyYAML's composer with bounds on depth, recursive aliases and the expanded size.

    The size of a node counts an alias as the whole value it repeats, so a billion-laughs
    block stops after :data:`MAX_YAML_NODES` values, before anything expands it.
    """

    def compose_document(self):
        self._depth, self._open, self._sizes = 0, set(), {}
        return super().compose_document()

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            if event.anchor in self._open:
                raise YAMLLimitError(
                    None, None, f"the alias *{event.anchor} repeats a value inside itself: "
                    "write the value out", event.start_mark
                )  # fmt: skip
            return super().compose_node(parent, index)
        if isinstance(event, CollectionStartEvent):
            if self._depth >= MAX_YAML_DEPTH:
                raise YAMLLimitError(
                    None, None, f"values nest more than {MAX_YAML_DEPTH} deep: flatten them",
                    event.start_mark,
                )  # fmt: skip
            self._open.add(event.anchor)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open.discard(getattr(event, "anchor", None))
        self._sizes[id(node)] = size = 1 + sum(self._size(child) for child in _children(node))
        if size > MAX_YAML_NODES:
            raise YAMLLimitError(
                None, None, f"this value expands to more than {MAX_YAML_NODES:,} values "
                "(aliases repeating aliases?): write it out", node.start_mark,
            )  # fmt: skip
        return node

    def _size(self, node) -> int:
        return self._sizes.get(id(node), 1)


def _children(node):
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return ()


class BoundedSafeLoader(BoundedComposer, yaml.SafeLoader):
    """``yaml.SafeLoader`` with :class:`BoundedComposer`'s limits."""


class BoundedBaseLoader(BoundedComposer, yaml.BaseLoader):
    """``yaml.BaseLoader`` (every scalar a string) with :class:`BoundedComposer`'s limits."""


def yaml_error_line(exc: yaml.YAMLError, text: str = "") -> int:
    """The 1-based line a YAML error of `text` points at (1 when it points nowhere)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark:
        return mark.line + 1
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses, e.g. NUL
        return text.count("\n", 0, exc.position) + 1
    return 1


def yaml_error_message(exc: yaml.YAMLError, hint: str) -> str:
    """What is wrong: a limit's own message, or "not valid YAML (why): `hint`"."""
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return what if isinstance(exc, YAMLLimitError) else f"not valid YAML ({what}): {hint}"
