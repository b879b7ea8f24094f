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

# The owner's identifiers in the scholarly record: what each looks like, and an example.
RECORD_IDS = {
    "orcid": (re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"), "0000-0002-1825-0097"),
    "openalex": (re.compile(r"^A\d+$"), "A5023888391"),
    "dblp": (re.compile(r"^[\w-]+/[\w-]+$"), "11/1649 (from https://dblp.org/pid/11/1649.html)"),
    "email": (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "ada@example.org"),
}


class SettingsError(ValueError):
    """The book's ``_config.yml`` cannot be read or holds a malformed ``portfolio_*`` value."""


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
        """Settings from the ``portfolio_*`` values (as Sphinx or ``_config.yml`` hold them)."""
        if isinstance(owner, str):
            owner = [owner]
        if isinstance(venues, str):
            venues = [venues]
        root = Path(root or ".")
        user_tables = tuple(root / v for v in venues)
        return cls(
            tuple(owner),
            bibliography,
            user_tables + (VENUE_TABLE,),
            themes if isinstance(themes, tuple) else parse_themes(list(themes or [])),
        )

    @classmethod
    def from_book(cls, root: Path | str = ".") -> Settings:
        """Read the settings from ``ROOT/_config.yml``; defaults when there is none."""
        root = Path(root)
        config_file = root / "_config.yml"
        if not config_file.exists():
            return cls()
        try:
            config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SettingsError(f"{config_file}: cannot be read: {exc}") from exc
        sphinx = config.get("sphinx") if isinstance(config, dict) else None
        values = (sphinx or {}).get("config") if isinstance(sphinx, dict) else None
        values = values if isinstance(values, dict) else {}
        for name in ("portfolio_owner", "portfolio_venues"):
            value = values.get(name, [])
            if not isinstance(value, str | list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"{config_file}: sphinx.config.{name} must be a name or a "
                                    "list of names")  # fmt: skip
        settings = cls.from_values(
            owner=values.get("portfolio_owner", ()),
            bibliography=values.get("portfolio_bibliography", DEFAULT_BIB),
            venues=values.get("portfolio_venues", ()),
            themes=parse_themes(values.get("portfolio_themes"), f"{config_file}: portfolio_themes"),
            root=root,
        )
        return replace(settings, **_record_ids(values, config_file))


def _record_ids(values: dict, config_file: Path) -> dict[str, str]:
    """``portfolio_orcid`` & co., checked; an URL form of an id is reduced to the id."""
    found = {}
    for name, (pattern, example) in RECORD_IDS.items():
        value = values.get(f"portfolio_{name}")
        if value in (None, ""):
            continue
        text = str(value).strip()
        text = re.sub(r"^https?://(www\.)?(orcid\.org|openalex\.org|dblp\.org/pid)/", "", text)
        text = text.removesuffix(".html").upper() if name in ("orcid", "openalex") else text
        text = text.removesuffix(".html")
        if not isinstance(value, str) or not pattern.match(text):
            raise SettingsError(
                f"{config_file}: sphinx.config.portfolio_{name} must look like {example}, "
                f"not {value!r}"
            )
        found[name] = text
    return found


def find_book_root(start: Path | str) -> Path:
    """The nearest folder at or above `start` holding a ``_config.yml`` (else `start` itself)."""
    start = Path(start).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "_config.yml").exists():
            return candidate
    return folder
