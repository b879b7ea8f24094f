"""Per-book settings: whose portfolio it is and which venue tables apply.

They live in the book's ``_config.yml`` under ``sphinx: config:`` (``portfolio_owner``,
``portfolio_bibliography``, ``portfolio_venues``, ``portfolio_themes``), so the book, the command
line and the notebooks read one place. ``sync`` reads the owner's record from the identifiers
``portfolio_orcid``, ``portfolio_openalex`` and ``portfolio_dblp`` (whichever are set), and the
sources' polite pools get ``portfolio_email``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from analysis.paths import DEFAULT_BIB, VENUE_TABLE
from analysis.problems import Problem
from analysis.safeinput import (
    BoundedSafeLoader,
    read_regular_file,
    yaml_error_line,
    yaml_error_message,
)

CONFIG_FILE = "_config.yml"

# The owner's identifiers in the scholarly record: what each looks like, and an example.
RECORD_IDS = {
    "orcid": (re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"), "0000-0002-1825-0097"),
    "openalex": (re.compile(r"^A\d+$"), "A5023888391"),
    "dblp": (re.compile(r"^[\w-]+/[\w-]+$"), "11/1649 (from https://dblp.org/pid/11/1649.html)"),
    "email": (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "ada@example.org"),
}


class SettingsError(ValueError):
    """The book's ``_config.yml`` cannot be read or holds a malformed ``portfolio_*`` value;
    ``problems`` holds every located reason (``_config.yml:LINE: KEY: ...``)."""

    def __init__(self, problems: list[Problem] | str):
        self.problems = [] if isinstance(problems, str) else list(problems)
        super().__init__(problems if isinstance(problems, str) else "\n".join(map(str, problems)))


@dataclass(frozen=True)
class Theme:
    """A research theme the book declares: papers name its slug in their ``themes`` field."""

    slug: str  # e.g. physics-of-ai
    title: str  # as its chapter spells it, e.g. "Physics of AI"
    chapter: str = ""  # the chapter's page, relative to the book root, e.g. chapters/physics-of-ai


def parse_themes(value, where: str = "portfolio_themes") -> tuple[Theme, ...]:
    """``[{slug, title, chapter}, ...]`` -> Themes; raise SettingsError naming what is wrong."""
    if value in (None, ""):
        return ()
    if not isinstance(value, list):
        raise SettingsError(f"{where} must be a list of {{slug, title, chapter}} mappings")
    themes = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("slug"), str):
            raise SettingsError(
                f"{where}, item {number}: write it as {{slug: physics-of-ai, title: Physics of AI, "
                "chapter: chapters/physics-of-ai}}"
            )
        slug = item["slug"].strip().lower()
        themes.append(Theme(slug, str(item.get("title") or slug), str(item.get("chapter") or "")))
    slugs = [t.slug for t in themes]
    repeated = sorted({s for s in slugs if slugs.count(s) > 1})
    if repeated:
        raise SettingsError(f"{where}: theme {', '.join(repeated)} is declared twice")
    return tuple(themes)


@dataclass(frozen=True)
class Settings:
    """Whose portfolio it is, where its bibliography lives, and which venue tables apply."""

    owner: tuple[str, ...] = ()  # every spelling of the owner's name, "First Last"
    bibliography: str = DEFAULT_BIB  # relative to the book root
    venue_tables: tuple[Path, ...] = (VENUE_TABLE,)  # user tables first: first match wins
    themes: tuple[Theme, ...] = ()  # the themes the book declares, in its order
    orcid: str = ""  # the owner's record, for `sync`: an ORCID iD,
    openalex: str = ""  # an OpenAlex author id,
    dblp: str = ""  # a DBLP pid
    email: str = ""  # a contact address for the sources' polite pools

    @property
    def theme_slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.themes)

    @classmethod
    def from_values(
        cls, owner=(), bibliography=DEFAULT_BIB, venues=(), themes=(), root: Path | None = None
    ):
        """Settings from the ``portfolio_*`` values (as Sphinx or ``_config.yml`` hold them);
        :class:`SettingsError` naming the setting when one has the wrong type."""
        owner = [owner] if isinstance(owner, str) else owner
        venues = [venues] if isinstance(venues, str) else venues
        for name, value in (("portfolio_owner", owner), ("portfolio_venues", venues)):
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"{name} must be a name or a list of names")
        if not isinstance(bibliography, str) or not bibliography.strip():
            raise SettingsError("portfolio_bibliography must be the path of a .bib file")
        root = Path(root or ".")
        user_tables = tuple(root / v for v in venues)
        return cls(
            tuple(owner),
            bibliography,
            user_tables + (VENUE_TABLE,),
            themes if isinstance(themes, tuple) else parse_themes(themes),
        )

    @classmethod
    def from_book(cls, root: Path | str = ".") -> Settings:
        """Read the settings from ``ROOT/_config.yml``; defaults when there is none.

        Raises :class:`SettingsError` with every problem located (``_config.yml:LINE: KEY:``).
        """
        root = Path(root)
        config_file = root / CONFIG_FILE
        if not config_file.exists():
            return cls()
        config = read_config(config_file)
        problems = config_problems(config)
        if problems:
            raise SettingsError(problems)
        values = config.value("sphinx", "config") or {}
        settings = cls.from_values(
            owner=values.get("portfolio_owner", ()),
            bibliography=values.get("portfolio_bibliography", DEFAULT_BIB),
            venues=values.get("portfolio_venues", ()),
            themes=parse_themes(values.get("portfolio_themes"), f"{config_file}: portfolio_themes"),
            root=root,
        )
        ids = {name: record_id(name, values.get(f"portfolio_{name}")) for name in RECORD_IDS}
        return replace(settings, **{name: value for name, value in ids.items() if value})


def record_id(name: str, value) -> str | None:
    """``portfolio_orcid`` & co. as the sources want them (an URL form reduced to the id), ""
    when unset, None when malformed."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        return None
    text = re.sub(r"^https?://(www\.)?(orcid\.org|openalex\.org|dblp\.org/pid)/", "", value.strip())
    text = text.removesuffix(".html")
    text = text.upper() if name in ("orcid", "openalex") else text
    return text if RECORD_IDS[name][0].match(text) else None


@dataclass
class Config:
    """A ``_config.yml`` as read: its values, and the line of each value's key."""

    path: Path
    data: dict
    lines: dict[tuple, int]

    def value(self, *keys: str):
        node = self.data
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    def problem(self, keys: tuple, message: str) -> Problem:
        while keys and keys not in self.lines:
            keys = keys[:-1]
        return Problem(str(self.path), self.lines.get(keys, 1), ".".join(keys) or "-", message)


def read_config(path: Path) -> Config:
    """``_config.yml`` read with bounds (size, depth, aliases); raise :class:`SettingsError`,
    located, when it cannot be read or is not YAML."""
    try:
        text = read_regular_file(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError([Problem(str(path), 1, "-", f"cannot read the file: {exc}")]) from None
    try:
        loader = BoundedSafeLoader(text)  # its reader refuses a NUL byte here already
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        message = yaml_error_message(exc, "check the indentation and quoting")
        raise SettingsError(
            [Problem(str(path), yaml_error_line(exc, text), "-", message)]
        ) from None
    if not isinstance(data, dict):
        raise SettingsError([Problem(str(path), 1, "-", "must be a mapping (title: ..., ...)")])
    lines: dict[tuple, int] = {}
    _key_lines(node, (), lines)
    return Config(path, data, lines)


def _key_lines(node, keys: tuple, lines: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                path = (*keys, key_node.value)
                lines.setdefault(path, key_node.start_mark.line + 1)
                _key_lines(value_node, path, lines)


def config_problems(config: Config) -> list[Problem]:
    """Every malformed value of the settings this package reads, located."""
    problems = []
    for key in ("title", "author"):
        value = config.value(key)
        if value is not None and not isinstance(value, str):
            problems.append(config.problem((key,), "must be a text: quote it"))
    values = config.value("sphinx", "config")
    if values is None:
        return problems
    where = ("sphinx", "config")
    if not isinstance(values, dict):
        return [*problems, config.problem(where, "must be a mapping of settings")]
    for name in ("portfolio_owner", "portfolio_venues"):
        value = values.get(name, [])
        if not isinstance(value, str | list) or not all(isinstance(v, str) for v in value):
            problems.append(config.problem((*where, name), "must be a name or a list of names"))
    bibliography = values.get("portfolio_bibliography", DEFAULT_BIB)
    if not isinstance(bibliography, str) or not bibliography.strip():
        problems.append(
            config.problem(
                (*where, "portfolio_bibliography"),
                "must be the path of a .bib file, e.g. references.bib",
            )
        )
    try:
        parse_themes(values.get("portfolio_themes"))
    except SettingsError as exc:
        problems.append(config.problem((*where, "portfolio_themes"), str(exc)))
    for name, (_, example) in RECORD_IDS.items():
        value = values.get(f"portfolio_{name}")
        if record_id(name, value) is None:
            message = f"must look like {example}, not {value!r}"
            problems.append(config.problem((*where, f"portfolio_{name}"), message))
    return problems


def find_book_root(start: Path | str) -> Path:
    """The nearest folder at or above `start` holding a ``_config.yml`` (else `start` itself)."""
    start = Path(start).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "_config.yml").exists():
            return candidate
    return folder
