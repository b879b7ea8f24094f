"""BibTeX field values as written -> their text: braces, quotes, numbers, @string macros, ``#``.

bibtexparser's default parse stack resolves a macro only when it is the whole value and leaves
``prl # { (Oral)}`` or an undefined macro as literal text. We split without that stack and
evaluate values here instead, so every macro is resolved or reported, and a value with text
after it (a comma missing between two fields) is caught rather than swallowing the next field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# BibTeX's predefined month macros.
MONTHS = {
    m[:3]: m
    for m in (
        "january february march april may june july august september october november december"
    ).split()
}
# The splitter's convention: a brace directly after a backslash does not count.
_BRACE_RE = re.compile(r"(?<!\\)[{}]")
_QUOTE_OR_BRACE_RE = re.compile(r'(?<!\\)[{}"]')
_NAME_RE = re.compile(r"[^\s#{}\"=,]+")
_NUMBER_RE = re.compile(r"[0-9]+")
# The longest value read: abstracts run to a few thousand characters. A chain of @string macros
# that doubles at each step (b1 = b0 # b0, ...) would otherwise grow to gigabytes.
MAX_VALUE_CHARS = 100_000


class BadValueError(Exception):
    """A field value that cannot be evaluated; the message says why and how to fix it."""


class UndefinedMacroError(BadValueError):
    """A value names a @string macro that is not defined (BibTeX warns and prints nothing)."""


def evaluate(value: str, strings: Mapping[str, str]) -> str:
    """The text of a field value; `strings` maps lower-case @string names to their text.

    Raises :class:`BadValueError` for unbalanced braces or quotes, undefined macros and text left
    over after a complete value.
    """
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        inner = value[1:-1]
        if "{" not in inner and "}" not in inner and not inner.endswith("\\"):
            return inner  # the common case, without a scan
    elif value.isdigit():
        return value
    return "".join(_parts(value, strings))


def _too_long(size: int) -> BadValueError:
    return BadValueError(
        f"the value is {size:,} characters or more, over the {MAX_VALUE_CHARS:,} read (a chain of "
        "@string macros that repeat each other?): shorten it"
    )


def _parts(value: str, strings: Mapping[str, str]) -> list[str]:
    parts, i, n, size = [], 0, len(value), 0
    while True:
        if size > MAX_VALUE_CHARS:
            raise _too_long(size)
        i = _skip_space(value, i)
        if i >= n:
            raise BadValueError("the value is empty" if not parts else "the value ends with '#'")
        char = value[i]
        if char == "{":
            end = closing_brace(value, i)
            if end < 0:
                raise BadValueError("a '{' is never closed: add the missing '}'")
            parts.append(value[i + 1 : end])
            i = end + 1
        elif char == '"':
            end = closing_quote(value, i)
            if end < 0:
                raise BadValueError("a '\"' is never closed: add the missing '\"'")
            parts.append(value[i + 1 : end])
            i = end + 1
        elif match := _NUMBER_RE.match(value, i):
            parts.append(match.group(0))
            i = match.end()
        elif match := _NAME_RE.match(value, i):
            name = match.group(0)
            text = strings.get(name.lower())
            if text is None:
                raise UndefinedMacroError(
                    f"'{name}' is not a defined @string macro: define it with "
                    f"@string{{{name} = {{...}}}} before this entry, or write the value in braces"
                )
            parts.append(text)
            size += len(text)
            i = match.end()
        else:
            raise BadValueError(f"unexpected '{char}' in the value")
        i = _skip_space(value, i)
        if i >= n:
            if size > MAX_VALUE_CHARS:
                raise _too_long(size)
            return parts
        if value[i] != "#":
            rest = " ".join(value[i:].split())[:40]
            raise BadValueError(
                f"text after the value ('{rest}'): a comma is probably missing between two "
                "fields, or a brace is unbalanced"
            )
        i += 1


def _skip_space(value: str, i: int) -> int:
    while i < len(value) and value[i].isspace():
        i += 1
    return i


def closing_brace(text: str, start: int) -> int:
    r"""Index of the ``}`` closing the ``{`` at `start`, or -1 when it is never closed.

    The one brace scanner of the package. A brace right after a backslash (``\{``) does not
    count, as bibtexparser's splitter reads it, so every reader agrees on where a group ends.
    """
    depth = 0
    for match in _BRACE_RE.finditer(text, start):
        depth += 1 if match.group(0) == "{" else -1
        if depth == 0:
            return match.start()
    return -1


def closing_quote(text: str, start: int) -> int:
    """Index of the ``"`` closing the one at `start` (outside braces), or -1 when it is never
    closed; braces count as :func:`closing_brace` counts them."""
    depth = 0
    for match in _QUOTE_OR_BRACE_RE.finditer(text, start + 1):
        char = match.group(0)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            return match.start()
    return -1
