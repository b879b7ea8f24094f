"""Change fields of one entry of a .bib text, leaving every other byte as it was.

``sync --write`` upgrades a preprint to its published version: the entry keeps its key and
its own fields (themes, selected, honors, decision, eprint); only the fields named change, in
place, in the file's style; a new field goes before the entry's closing brace.
"""

from __future__ import annotations

import re

from analysis.bib.writer import Style


class EntryNotFound(KeyError):
    """The entry to change is not in the text (the file changed since it was read)."""


def set_fields(
    text: str,
    key: str,
    changes: dict[str, str],
    entry_type: str = "",
    remove: tuple[str, ...] = (),
    rename: dict[str, str] | None = None,
    order: tuple[str, ...] = (),
) -> str:
    """`text` with entry `key`'s fields renamed (``{"journal": "booktitle"}``: the field keeps
    its place), set to `changes` (braced values), `remove` dropped, and its type changed to
    `entry_type` when given. A new field goes after the last field of the entry that comes
    before it in `order` (``month`` after ``year``), else last. Raises EntryNotFound."""
    head = re.search(rf"^[ \t]*@([A-Za-z]+)([ \t]*[{{(][ \t]*){re.escape(key)}[ \t]*,", text, re.M)
    if not head:
        raise EntryNotFound(key)
    end = _entry_end(text, head.end())
    body = text[head.end() : end]
    style = Style.of(text)
    for old, new in (rename or {}).items():
        named = re.search(rf"((?:^|,)\s*){re.escape(old)}(\s*=)", body, re.I)
        if named and not _field_span(body, new):
            name = new if style.lower_case else new.capitalize()
            body = body[: named.start()] + named.group(1) + name + body[named.start(2) :]
    for name in remove:
        body = _drop_field(body, name)
    for name, value in changes.items():
        span = _field_span(body, name)
        if span:
            body = body[: span[0]] + "{" + value + "}" + body[span[1] :]
        else:
            body = _insert_field(body, name, value, style, order)
    typed = text[head.start() : head.end()]
    if entry_type and head.group(1).lower() != entry_type.lower():
        new_type = entry_type if style.lower_case else entry_type.capitalize()
        typed = typed.replace("@" + head.group(1), "@" + new_type, 1)
    return text[: head.start()] + typed + body + text[end:]


def _entry_end(text: str, start: int) -> int:
    """Index of the brace closing the entry whose body starts at `start`."""
    depth = 1
    for i in range(start, len(text)):
        char = text[i]
        if char == "\\":
            continue
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
            if depth == 0:
                return i
    raise EntryNotFound("unterminated entry")


def _field_span(body: str, name: str) -> tuple[int, int] | None:
    """(start, end) of the field's value (braces or quotes included, or a bare word)."""
    match = re.search(rf"(^|,)\s*{re.escape(name)}\s*=\s*", body, re.I)
    if not match:
        return None
    start = match.end()
    if body[start : start + 1] in '{"':
        closing = "}" if body[start] == "{" else '"'
        depth, i = 0, start
        while i < len(body):
            char = body[i]
            if char == "\\":
                i += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            if (closing == "}" and depth == 0 and char == "}") or (
                closing == '"' and char == '"' and i > start and depth == 0
            ):
                return start, i + 1
            i += 1
        return None
    word = re.match(r"[^,}\s]+", body[start:])
    return (start, start + len(word.group(0))) if word else None


def _drop_field(body: str, name: str) -> str:
    span = _field_span(body, name)
    if not span:
        return body
    line_start = body.rfind("\n", 0, span[0]) + 1
    after = body[span[1] :]
    comma = re.match(r"[ \t]*,?[ \t]*\r?\n?", after)
    return body[:line_start] + after[comma.end() if comma else 0 :]


def _insert_field(body: str, name: str, value: str, style: Style, order: tuple[str, ...]) -> str:
    earlier = order[: order.index(name)] if name in order else ()
    ends = [span[1] for span in (_field_span(body, n) for n in earlier) if span]
    line_end = body.find("\n", max(ends)) if ends else -1
    if line_end != -1:  # on a line of its own after the last field that comes before it
        head = body[:line_end].rstrip("\r")
        rest = body[line_end - (body[line_end - 1] == "\r") :]
        if not head.rstrip().endswith(","):  # it was the last field
            head = head.rstrip() + ","
        comma = "," if style.trailing_comma or rest.strip() else ""  # a field follows
        line = f"{style.indent}{name}{style.equals}{{{value}}}{comma}"
        return head + style.newline + line + rest
    stripped = body.rstrip()
    comma = "," if style.trailing_comma else ""
    line = f"{style.indent}{name}{style.equals}{{{value}}}{comma}"
    separator = "" if stripped.endswith(",") else ","
    return stripped + separator + style.newline + line + (body[len(stripped) :] or style.newline)
