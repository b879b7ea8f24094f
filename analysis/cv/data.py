"""cv.yaml -> a validated :class:`CV`, with every problem located as ``cv.yaml:LINE: KEY: ...``.

The schema (``schema.json`` beside this module, JSON Schema 2020-12) follows JSON Resume's names
(basics, work, education, skills, languages) and adds media, service, teaching and
representative. Every scalar is read as text (YAML's BaseLoader), so ``2021-02`` or ``2021``
stay dates as written, and a duplicated key is reported rather than silently dropped.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from analysis.bib.model import Bibliography, Problem
from analysis.paths import PACKAGE_DIR
from analysis.safeinput import (
    BoundedBaseLoader,
    read_regular_file,
    yaml_error_line,
    yaml_error_message,
)
from analysis.settings import Settings

CV_FILE = "cv.yaml"
SCHEMA_FILE = PACKAGE_DIR / "cv" / "schema.json"
_TYPE_NAMES = {"string": "a text", "array": "a list", "object": "a mapping of keys to values"}
# Schema-path steps that move to a child of the instance: the description found there is the one
# written for that key (it wins over the generic one of the $ref it points to).
_CHILD_STEPS = {"properties", "items", "additionalProperties"}

Path_ = tuple[str | int, ...]


class CVError(ValueError):
    """cv.yaml could not be loaded; ``problems`` holds every located reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class CV:
    """The book's CV data as cv.yaml holds it (JSON Resume names), and where each value is."""

    path: Path
    data: dict
    lines: dict[Path_, int] = field(default_factory=dict)  # YAML path -> 1-based line
    problems: list[Problem] = field(default_factory=list)

    @property
    def basics(self) -> dict:
        return self.data.get("basics", {})

    def section(self, name: str) -> list:
        return self.data.get(name, []) or []

    @property
    def service(self) -> dict:
        return self.data.get("service", {}) or {}

    def line(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest enclosing value."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(str(self.path), self.line(path), _dotted(path), message)


def cv_path(root: Path | str) -> Path:
    return Path(root) / CV_FILE


def parse_cv(text: str, path: Path | str, settings: Settings | None = None) -> CV:
    """Parse and validate cv.yaml's text; never raises: problems are in ``CV.problems``."""
    settings = settings or Settings()
    cv = CV(Path(path), {})
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:  # PyYAML's ReaderError (a NUL byte) is not a marked one
        hint = "check the indentation and quote values holding ': ' or '#'"
        line = yaml_error_line(exc, text)
        cv.problems.append(Problem(str(path), line, "-", yaml_error_message(exc, hint)))
        return cv
    if node is None:
        cv.problems.append(
            Problem(str(path), 1, "-", "the file is empty: add at least basics.name")
        )
        return cv
    cv.data = _to_python(node, (), cv)
    if not isinstance(cv.data, dict):
        cv.problems.append(cv.problem((), "the file must be a mapping (basics: ..., work: ...)"))
        cv.data = {}
        return cv
    cv.problems += _schema_problems(cv)
    cv.problems += _meaning_problems(cv, settings)
    cv.problems.sort(key=lambda p: p.line)
    return cv


def load_cv(root: Path | str, settings: Settings | None = None) -> CV | None:
    """The book's cv.yaml, validated; None when the book has none. Raises CVError on problems."""
    path = cv_path(root)
    if not path.exists():
        return None
    try:
        text = read_regular_file(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CVError([Problem(str(path), 1, "-", f"cannot read the file: {exc}")]) from exc
    cv = parse_cv(text, path, settings)
    if cv.problems:
        raise CVError(cv.problems)
    return cv


def check_against_bibliography(cv: CV, bibliography: Bibliography) -> list[Problem]:
    """Problems of ``representative``: each key must name a paper marked selected, once."""
    papers = bibliography.by_key()
    problems, seen = [], set()
    for index, key in enumerate(cv.section("representative")):
        where = ("representative", index)
        paper = papers.get(key)
        if key in seen:
            problems.append(cv.problem(where, f"'{key}' is listed twice: remove one"))
        elif paper is None:
            problems.append(
                cv.problem(
                    where,
                    f"'{key}' is not a key of {bibliography.path.name}: "
                    "fix the spelling or remove it",
                )
            )
        elif not paper.selected:
            problems.append(
                cv.problem(
                    where,
                    f"'{key}' is not marked selected: add "
                    f"selected = {{true}} to it in {bibliography.path.name} "
                    "or remove it here",
                )
            )
        seen.add(key)
    return problems


def _compose(text: str) -> yaml.Node | None:
    loader = BoundedBaseLoader(text)  # every scalar stays the text written
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _to_python(node: yaml.Node, path: Path_, cv: CV):
    cv.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in result:
                first = cv.lines[(*path, key)]
                cv.problems.append(
                    Problem(
                        str(cv.path),
                        key_node.start_mark.line + 1,
                        _dotted((*path, key)),
                        f"duplicate key (first on line {first}): keep one of them",
                    )
                )
                continue
            result[key] = _to_python(value_node, (*path, key), cv)
            cv.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), cv) for i, item in enumerate(node.value)]
    return node.value


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _schema_problems(cv: CV) -> list[Problem]:
    # jsonschema imports rfc3987_syntax whenever it is installed (JupyterLab brings it), which
    # builds ~35 Lark parsers at import: a second for an "iri" format this schema never uses.
    # Upstream: python-jsonschema/jsonschema#1428. Blocked only if nothing imported it yet.
    sys.modules.setdefault("rfc3987_syntax", None)
    import jsonschema  # only books with a cv.yaml pay for its import

    validator = jsonschema.Draft202012Validator(_schema())
    problems = []
    for error in validator.iter_errors(cv.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = ", ".join(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(error.schema.get("properties", {}))):
                problems.append(
                    cv.problem(
                        (*path, key),
                        f"unknown key '{key}': fix its "
                        f"spelling or remove it (allowed here: {allowed})",
                    )
                )
            continue
        problems.append(cv.problem(path, _message(error)))
    return problems


def _message(error) -> str:
    hint = _description(error)
    value = error.instance
    if error.validator == "required":
        missing = error.message.split("'")[1]
        child = error.schema.get("properties", {}).get(missing, {})
        how = child.get("description") or _resolve(child).get("description", "")
        return f"missing '{missing}': add it" + (f" ({how})" if how else "")
    if error.validator == "type":
        wanted = error.validator_value
        return f"must be {_TYPE_NAMES.get(wanted, wanted)}" + (f": {hint}" if hint else "")
    if error.validator == "minLength":
        return f"is empty: write {hint} or leave the key out"
    if error.validator == "minItems":
        return f"is an empty list: write {hint} or leave the key out"
    if error.validator == "oneOf":
        return f"'{_short(value)}' is not {hint}"
    return f"'{_short(value)}' is not {hint}" if hint else error.message


def _description(error) -> str:
    """The description the schema gives the failing value (its key's own one first)."""
    node, found = _schema(), []
    for step in error.schema_path:
        if isinstance(node, dict) and step not in node and "$ref" in node:
            node = _resolve(node)  # the path goes straight on inside the referenced schema
            found += [node["description"]] if "description" in node else []
        if not isinstance(node, dict) or step not in node:
            break
        if step in _CHILD_STEPS:
            found = []
        node = node[step]
        if isinstance(node, dict) and isinstance(node.get("description"), str):
            found.append(node["description"])
    return found[0] if found else ""


def _resolve(node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return _schema()["$defs"][ref.removeprefix("#/$defs/")]
    return node


def _meaning_problems(cv: CV, settings: Settings) -> list[Problem]:
    """What the schema cannot say: dates in order, declared themes, an existing portrait."""
    problems = []
    basics = cv.basics if isinstance(cv.basics, dict) else {}
    if basics.get("nativeName") and not basics.get("nativeLang"):
        problems.append(
            cv.problem(
                ("basics", "nativeName"),
                "add nativeLang (the language tag of the native-script name, e.g. zh)",
            )
        )
    image = basics.get("image", "")
    if isinstance(image, str) and image and not (cv.path.parent / image).is_file():
        problems.append(
            cv.problem(
                ("basics", "image"),
                f'no file {image} in the book: put the image there or write image: ""',
            )
        )
    slugs = settings.theme_slugs
    for section in ("work", "education"):
        items = cv.section(section) if isinstance(cv.section(section), list) else []
        for index, item in enumerate(i if isinstance(i, dict) else {} for i in items):
            start, end = str(item.get("startDate", "")), str(item.get("endDate", ""))
            if start and end and end < start:
                problems.append(
                    cv.problem(
                        (section, index, "endDate"),
                        f"ends ({end}) before it starts ({start}): swap them",
                    )
                )
            highlights = item.get("highlights", [])
            for number, highlight in enumerate(highlights if isinstance(highlights, list) else []):
                theme = highlight.get("theme") if isinstance(highlight, dict) else None
                if theme is not None and theme not in slugs:
                    problems.append(
                        cv.problem(
                            (section, index, "highlights", number, "theme"),
                            f"'{theme}' is not a theme of this book (declared: "
                            f"{', '.join(slugs) or 'none'}): fix the spelling or declare it under "
                            "portfolio_themes in _config.yml",
                        )
                    )
    return problems


def _dotted(path: Path_) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "-"


def _short(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
